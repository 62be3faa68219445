META
key;value
description;Ronde 19603
country;Netherlands
unit;Kantens
instance;Ronde 19603
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;16cedf57279b11de641856952240a775f3fcf4b18d24e58db5d59a72a5ef90ee
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;0;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
