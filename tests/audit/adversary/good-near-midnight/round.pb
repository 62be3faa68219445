META
key;value
description;Ronde 735
country;Netherlands
unit;Kantens
instance;Ronde 735
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3d5e78ae6738984be76fbb4a51d069d0319c6a1240e68f4c1625c3008fef4cb6
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
