META
key;value
description;Ronde 27351
country;Netherlands
unit;Kantens
instance;Ronde 27351
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;242def2ae8ef1ba81c354d460b5bda3fcdf0820d8b6921dec9594af84ccd0b0f
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
