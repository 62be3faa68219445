META
key;value
description;Ronde 12244
country;Netherlands
unit;Kantens
instance;Ronde 12244
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;90a1534f6f8fe69b9a06714596d1e8599a5c86b9b4e446873a3df29daad9a9bd
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
