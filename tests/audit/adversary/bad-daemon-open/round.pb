META
key;value
description;Ronde 6092
country;Netherlands
unit;Kantens
instance;Ronde 6092
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;286a379c290fa28d28d70c7aa4aeb5b8058b97e90ad8b215c4239347e5d2451c
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
23;1000;1;Bankje
24;3000;0;AED
25;6000;0;Speeltuin
VOTES
voter_id;vote
1;23
