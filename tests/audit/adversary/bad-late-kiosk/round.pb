META
key;value
description;Ronde 6548
country;Netherlands
unit;Kantens
instance;Ronde 6548
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3828a9aa90d5f202482689cb7523b07cd0f29c06cddc38374a8e39f25cb51415
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
15;6000;0;Speeltuin
VOTES
voter_id;vote
1;13
