META
key;value
description;Ronde 30489
country;Netherlands
unit;Kantens
instance;Ronde 30489
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;ea42e6dd66f67bf5e9c26ac55fd4fc237323cf7c8ae247cfd44be6238c2c7a2a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
39;1000;1;Bankje
40;3000;0;AED
41;6000;0;Speeltuin
VOTES
voter_id;vote
1;39
