META
key;value
description;Ronde 22305
country;Netherlands
unit;Kantens
instance;Ronde 22305
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;02367400bdf9ae3a7e6f49517751c15682a286960e96b27d8b7dd829b4f8e350
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
