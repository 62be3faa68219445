META
key;value
description;Ronde 31263
country;Netherlands
unit;Kantens
instance;Ronde 31263
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;55e5df8eeeefed46c66a8449ccbda4b2bb53e9701e6e0172f9194b8436b01070
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
66;4000;1;Bankje
67;4000;1;AED
68;6000;2;Speeltuin
VOTES
voter_id;vote
1;68
2;67
3;68
4;66
