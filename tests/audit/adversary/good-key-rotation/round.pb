META
key;value
description;Ronde 29572
country;Netherlands
unit;Kantens
instance;Ronde 29572
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;621b7c9cc803be7a72618ecb705a2864eb7a0a3b52725d67e694f2330d94a74a
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
