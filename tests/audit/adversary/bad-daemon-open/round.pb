META
key;value
description;Ronde 12884
country;Netherlands
unit;Kantens
instance;Ronde 12884
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4f85030f58b2f934a572e9bda118ba411eed4cfae996b76980377981d51c9a6c
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
