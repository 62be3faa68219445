META
key;value
description;Ronde 30945
country;Netherlands
unit;Kantens
instance;Ronde 30945
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;91d2273e3cb47bf968676e27ff7ec73a0107dab5717e5992e6220cd7dca23277
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;1;Speeltuin
VOTES
voter_id;vote
1;7
2;5
