META
key;value
description;Ronde 19443
country;Netherlands
unit;Kantens
instance;Ronde 19443
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8e56d038e30ef828ad0206929760508e4f06d5144670b54aaccf9b2e5840b936
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
