META
key;value
description;Ronde 17200
country;Netherlands
unit;Kantens
instance;Ronde 17200
vote_type;cumulative
budget;10000
rule;equalshares
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;fdc28e732dc7a84dfc71a56ed86a6156da4ea9a5dc7b84e610d94c7f9611f185
date_begin;07.12.2026
date_end;07.12.2026
max_sum_points;5
max_points;3
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
63;4000;1;Bankje
64;4000;1;AED
65;6000;1;Speeltuin
VOTES
voter_id;vote;points
1;63,65;2,3
2;64;3
