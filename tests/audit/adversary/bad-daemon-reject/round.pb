META
key;value
description;Ronde 14445
country;Netherlands
unit;Kantens
instance;Ronde 14445
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;087a7e5cdbf39ade6410ff5124475b98e41c72a87a26e205d7ca0a5e74a73b6a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
VOTES
voter_id;vote
1;13
