META
key;value
description;Ronde 7075
country;Netherlands
unit;Kantens
instance;Ronde 7075
vote_type;cumulative
budget;10000
rule;equalshares
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;147fd3d3e3b82c0f20a3a7b3572c278cfb2aee3c510c40103157186e4b651c44
date_begin;07.12.2026
date_end;07.12.2026
max_sum_points;5
max_points;3
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
64;4000;1;Bankje
65;4000;1;AED
66;6000;1;Speeltuin
VOTES
voter_id;vote;points
1;65;3
2;64,66;2,3
