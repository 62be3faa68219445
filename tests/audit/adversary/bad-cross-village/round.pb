META
key;value
description;Ronde 12390
country;Netherlands
unit;Kantens
instance;Ronde 12390
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;f6020ba7c549935a44a791110c60338af75b1213b506287f2f1888456d2d63c4
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
48;1000;0;Bankje
49;3000;0;AED
50;6000;0;Speeltuin
51;2000;1;Dak
VOTES
voter_id;vote
1;51
