META
key;value
description;Ronde 30032
country;Netherlands
unit;Kantens
instance;Ronde 30032
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3418b3434f3d6e585f0620f50a5d9cdd4d34991bcba0a813775102d08077fdad
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;1;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
2;2
