META
key;value
description;Ronde 29886
country;Netherlands
unit;Kantens
instance;Ronde 29886
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;bcb942a7e1e25a52888891ad529ff9216d9be465a4a84a474f38b3b7a4265cbf
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;1;Speeltuin
VOTES
voter_id;vote
1;7
2;5
