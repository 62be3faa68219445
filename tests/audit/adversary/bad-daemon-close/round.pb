META
key;value
description;Ronde 2522
country;Netherlands
unit;Kantens
instance;Ronde 2522
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;779bdc2cdb5fbffd29ecac39013ce0405220b76afa67376e5b60880746b49669
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
27;1000;1;Bankje
28;3000;0;AED
29;6000;0;Speeltuin
VOTES
voter_id;vote
1;27
