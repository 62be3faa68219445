META
key;value
description;Ronde 9168
country;Netherlands
unit;Kantens
instance;Ronde 9168
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;be4c09c3c3f779804f1346855946e44aef7887a7c321cb69eabba793eb1c5275
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
17;1000;1;Bankje
18;3000;0;AED
19;6000;0;Speeltuin
VOTES
voter_id;vote
1;17
