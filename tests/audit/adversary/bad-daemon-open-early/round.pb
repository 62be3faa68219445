META
key;value
description;Te vroeg 6636
country;Netherlands
unit;Kantens
instance;Te vroeg 6636
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3549fb73f241c16f3cb0ce1cac2e71fc2a7046931779f2b15d67643cdef7d3ed
date_begin;07.12.2026
date_end;07.12.2026
num_projects;1
num_votes;1
PROJECTS
project_id;cost;votes;name
27;1000;1;Bankje
VOTES
voter_id;vote
1;27
