META
key;value
description;Ronde 23651
country;Netherlands
unit;Kantens
instance;Ronde 23651
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;c4add83d38d3d31bdec759684e4ee59263c4d5afddf4799db0bd1d3859cf6a89
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
