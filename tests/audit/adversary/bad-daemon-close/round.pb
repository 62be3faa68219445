META
key;value
description;Ronde 16660
country;Netherlands
unit;Kantens
instance;Ronde 16660
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4eef95d43af184f2ae185bc01f22a75f6ccf015a28e6c94682432423bf7e0dce
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
28;1000;1;Bankje
29;3000;0;AED
30;6000;0;Speeltuin
VOTES
voter_id;vote
1;28
