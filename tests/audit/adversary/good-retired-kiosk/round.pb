META
key;value
description;Ronde 6493
country;Netherlands
unit;Kantens
instance;Ronde 6493
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;156c1d967f8639d78465eee4a83927ce6f89f12fc11c37fbdf47c67024c9a8a8
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
