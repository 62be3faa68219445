META
key;value
description;Ronde 11731
country;Netherlands
unit;Kantens
instance;Ronde 11731
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8ee796dbd787621f4972fd5c1f695715fc46b5701e95d338f3492f64541daa33
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
VOTES
voter_id;vote
1;13
