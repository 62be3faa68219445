META
key;value
description;Ronde gewijzigd
country;Netherlands
unit;Kantens
instance;Ronde gewijzigd
vote_type;approval
budget;12000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1828be4bedd5800c3c609a6f51305d45b1fd7250a4ccbc675aa019153cad1ddc
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
56;1000;1;Bankje
57;3000;0;AED
58;6000;0;Speeltuin
VOTES
voter_id;vote
1;56
