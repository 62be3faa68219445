META
key;value
description;Ronde 15390
country;Netherlands
unit;Kantens
instance;Ronde 15390
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;0e94d1129df9d43a51d8be9a79ad540971eb2f3940e9b900efa6addbb634babe
date_begin;07.12.2026
date_end;07.12.2026
max_length;3
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
60;4000;2;Bankje
61;4000;2;AED
62;6000;2;Speeltuin
VOTES
voter_id;vote
1;60,62
2;62,60,61
3;61
