META
key;value
description;Ronde 31555
country;Netherlands
unit;Kantens
instance;Ronde 31555
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;858700d826225684949458b2b2ccf092e047a2c1845063f5c007bc71a3326911
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
17;1000;1;Bankje
18;3000;0;AED
19;6000;0;Speeltuin
VOTES
voter_id;vote
1;17
