META
key;value
description;Ronde 4622
country;Netherlands
unit;Kantens
instance;Ronde 4622
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;57aa7cdefc459cad0b347b9e763098096d0ab389e31380be9ad96999e085f93f
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
31;1000;0;Bankje
32;3000;0;AED
33;6000;0;Speeltuin
34;2000;1;Dak
VOTES
voter_id;vote
1;34
