META
key;value
description;Ronde 20276
country;Netherlands
unit;Kantens
instance;Ronde 20276
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;f5441d9d299cd456ced4d5a4e5b9e1cc482d98fb76b9637050ec0cf2deeda1fd
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
1;2
2;1
