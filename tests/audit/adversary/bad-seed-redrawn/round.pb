META
key;value
description;Ronde 8470
country;Netherlands
unit;Kantens
instance;Ronde 8470
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
75;4000;1;Bankje
76;4000;1;AED
77;6000;0;Speeltuin
VOTES
voter_id;vote
1;76
2;75
