META
key;value
description;Ronde 21587
country;Netherlands
unit;Kantens
instance;Ronde 21587
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1e2fcf705ab1b0e340400ac893ad21f516079e12df235ce592db250b24400067
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
49;1000;0;Bankje
50;3000;0;AED
51;6000;0;Speeltuin
52;2000;1;Dak
VOTES
voter_id;vote
1;52
