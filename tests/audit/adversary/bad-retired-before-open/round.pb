META
key;value
description;Ronde 24840
country;Netherlands
unit;Kantens
instance;Ronde 24840
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;943f0b484d6d9dfd3173d3eadd7a3086d06a7e76aecc7bc9575fc2bf4581de73
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;1;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
VOTES
voter_id;vote
1;9
