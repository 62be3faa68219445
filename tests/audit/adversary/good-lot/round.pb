META
key;value
description;Ronde 19718
country;Netherlands
unit;Kantens
instance;Ronde 19718
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d107e319788f52fa5e06907fed2af25e2e017952719e86688187444fb692b8f4
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
67;4000;1;Bankje
68;4000;1;AED
69;6000;2;Speeltuin
VOTES
voter_id;vote
1;69
2;67
3;69
4;68
