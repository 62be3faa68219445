META
key;value
description;Te vroeg 25485
country;Netherlands
unit;Kantens
instance;Te vroeg 25485
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;481643d14d8bb75e6b858b1f9ef99e254c5414fcf53e9e551770df3e66975c18
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
