META
key;value
description;Te vroeg 27092
country;Netherlands
unit;Kantens
instance;Te vroeg 27092
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;3057fbc8ca7342c280ba67f3e53ee95d1cfec354751ba92da0245535a78c6807
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
