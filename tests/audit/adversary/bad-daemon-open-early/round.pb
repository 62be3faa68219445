META
key;value
description;Te vroeg 10902
country;Netherlands
unit;Kantens
instance;Te vroeg 10902
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;53167db11873dbac212ec5999411e2cc6d0d78161e4613cc1cfcc34b2a6de007
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
