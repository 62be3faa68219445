META
key;value
description;Ronde 6853
country;Netherlands
unit;Kantens
instance;Ronde 6853
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;5dcf0695c2e961c84e4b83439d00fb5e6690d6028b44a77bd5b85ef77009e7f4
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
