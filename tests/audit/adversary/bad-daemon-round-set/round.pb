META
key;value
description;Ronde 32492
country;Netherlands
unit;Kantens
instance;Ronde 32492
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;7a73e1fb0d9c3b2a1c7104a36e3dc075394baab44c96bbec6eb5c2ecdd457c4a
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
