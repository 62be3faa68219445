META
key;value
description;Ronde 23776
country;Netherlands
unit;Kantens
instance;Ronde 23776
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;dd0801323fc91c21c8c16d6f425d9622b14e057a2854bb9541ec6446c97d5bc1
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
1;1000;0;Bankje
2;3000;0;AED
3;6000;3;Speeltuin
VOTES
voter_id;vote
1;3
2;3
3;3
