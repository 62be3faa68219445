META
key;value
description;Ronde 6954
country;Netherlands
unit;Kantens
instance;Ronde 6954
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8b0c639f9b44c9541a9e10f0f96ab4a7c0479e5e543e93dcf98ee4c28e2764c8
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
