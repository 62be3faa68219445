META
key;value
description;Ronde 7096
country;Netherlands
unit;Kantens
instance;Ronde 7096
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;50d8afeddcc8fdd8e6008175d1cadc4cb0d2b6f34a6bc46b40f95505e4bb1e0a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;0;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
