META
key;value
description;Ronde 1503
country;Netherlands
unit;Kantens
instance;Ronde 1503
vote_type;cumulative
budget;10000
rule;equalshares
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;47c7c8661124ce72632231073eea8eee4f305a45da8d2f7734b31e886f80633b
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
1;64,66;2,3
2;65;3
