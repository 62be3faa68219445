META
key;value
description;Ronde 31317
country;Netherlands
unit;Kantens
instance;Ronde 31317
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1d8f1ba6d2a06c1fa9d71fb782aa2e4b44947c6c7cdbfc9c07989b25b7dde87a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
49;1000;0;Bankje
50;3000;0;AED
51;6000;0;Speeltuin
52;2000;1;Dak
VOTES
voter_id;vote
1;52
