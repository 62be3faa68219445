META
key;value
description;Ronde 23347
country;Netherlands
unit;Kantens
instance;Ronde 23347
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;87fc17402f1681ac6cd8d5ec25913e34e22844d57d16e460984e5deda553a90c
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
27;1000;1;Bankje
28;3000;0;AED
29;6000;0;Speeltuin
VOTES
voter_id;vote
1;27
