META
key;value
description;Ronde 16124
country;Netherlands
unit;Kantens
instance;Ronde 16124
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6651105b1b51223e1370e184974a29b4d45c76628a04c05d9755b119cbed8621
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
