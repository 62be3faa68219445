META
key;value
description;Ronde 18382
country;Netherlands
unit;Kantens
instance;Ronde 18382
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6d218a4df373b29cae20c6b7263cc4ee8e7ae60ddb7f879e4668ef4fd2a8745b
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
