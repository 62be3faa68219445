META
key;value
description;Ronde 1068
country;Netherlands
unit;Kantens
instance;Ronde 1068
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4f796a0cb964ed4f0cf353895e92abf4b56105526ce0101b6caec2c48f2ef969
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
66;4000;1;Bankje
67;4000;1;AED
68;6000;2;Speeltuin
VOTES
voter_id;vote
1;68
2;67
3;68
4;66
