META
key;value
description;Ronde 2802
country;Netherlands
unit;Kantens
instance;Ronde 2802
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a04c52ae8e675dadc4f209b68bb03926c912e429caaaedeebfeeb15dc042f8d6
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
