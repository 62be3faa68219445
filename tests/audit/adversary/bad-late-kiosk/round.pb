META
key;value
description;Ronde 8892
country;Netherlands
unit;Kantens
instance;Ronde 8892
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;c33b4666bd92d5a354a76fe1d4e4876b99bece44a443232fb8132218f5addd46
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
15;6000;0;Speeltuin
VOTES
voter_id;vote
1;13
