META
key;value
description;Ronde 19294
country;Netherlands
unit;Kantens
instance;Ronde 19294
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;7ffa0e630046a9fff92f62214e3376ddfc737ccf151030c996fc7bf90cca3ed3
date_begin;02.03.2026
date_end;02.03.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
71;1000;1;Bankje
72;3000;0;AED
73;6000;0;Speeltuin
VOTES
voter_id;vote
1;71
