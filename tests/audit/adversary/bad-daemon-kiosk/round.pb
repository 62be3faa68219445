META
key;value
description;Ronde 2480
country;Netherlands
unit;Kantens
instance;Ronde 2480
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3c64f2bc6bc91fd7e261e4cbf0b6574b89838e133ae3f6bed19f99a82e544074
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
1;1000;0;Bankje
2;3000;0;AED
3;6000;3;Speeltuin
VOTES
voter_id;vote
1;3
2;3
3;3
