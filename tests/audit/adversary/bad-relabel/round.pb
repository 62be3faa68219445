META
key;value
description;Ronde 18996
country;Netherlands
unit;Kantens
instance;Ronde 18996
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3bd543e3d522db60000655d4843797e4f71cfbd28d1eda1087369439b8c3d813
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
35;1000;1;Bankje
37;6000;0;Speeltuin
VOTES
voter_id;vote
1;35
