META
key;value
description;Ronde 31838
country;Netherlands
unit;Kantens
instance;Ronde 31838
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;98f9bdfdac605f07d94ca9635d2b7cef557c59b0d2c85043164cccaf63c48c19
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
