META
key;value
description;Ronde 2940
country;Netherlands
unit;Kantens
instance;Ronde 2940
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1b6a805440e4afb684e2d6d1d86ad75d78f08191ed82ac188597a8fc915131bc
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
23;1000;1;Bankje
24;3000;0;AED
25;6000;0;Speeltuin
VOTES
voter_id;vote
1;23
