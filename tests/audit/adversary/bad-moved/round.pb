META
key;value
description;Ronde 23520
country;Netherlands
unit;Kantens
instance;Ronde 23520
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6c21cda2d4045c48be8da3987b61386cf5ebe2f24ad79d17a5d4e32e93f53d97
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
39;1000;1;Bankje
40;3000;0;AED
41;6000;0;Speeltuin
VOTES
voter_id;vote
1;39
