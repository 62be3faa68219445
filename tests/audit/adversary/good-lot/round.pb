META
key;value
description;Ronde 16546
country;Netherlands
unit;Kantens
instance;Ronde 16546
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;2aa832818c5873264fa79005f1763437942d0af5eac22163997a8ed7a1a3ed85
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
67;4000;1;Bankje
68;4000;1;AED
69;6000;2;Speeltuin
VOTES
voter_id;vote
1;68
2;67
3;69
4;69
