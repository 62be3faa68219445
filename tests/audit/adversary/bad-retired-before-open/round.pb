META
key;value
description;Ronde 16481
country;Netherlands
unit;Kantens
instance;Ronde 16481
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;e9399db820c583d00796f52a7a7b3bee77f7a60650e4ac7dc72ff42859f439a5
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;1;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
VOTES
voter_id;vote
1;9
