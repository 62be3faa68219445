META
key;value
description;Ronde 22642
country;Netherlands
unit;Kantens
instance;Ronde 22642
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;b0042b9a24fe1b1c8a51684b9ca343dc4374dc2a21fe08d4a0d7a9a919ed39aa
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
