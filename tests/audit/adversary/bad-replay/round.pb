META
key;value
description;Ronde 22262
country;Netherlands
unit;Kantens
instance;Ronde 22262
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;eb987e8f8de633961054b96d8864997f848566a3264b13161feef98e1ac99dd1
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
32;1000;0;Bankje
33;3000;0;AED
34;6000;0;Speeltuin
35;2000;1;Dak
VOTES
voter_id;vote
1;35
