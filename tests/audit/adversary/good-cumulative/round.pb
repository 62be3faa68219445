META
key;value
description;Ronde 30257
country;Netherlands
unit;Kantens
instance;Ronde 30257
vote_type;cumulative
budget;10000
rule;equalshares
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6014de714ef27f82ba63d44defbab0be6825afec79cce1abb6cf19877e35411e
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
