META
key;value
description;Ronde 27077
country;Netherlands
unit;Kantens
instance;Ronde 27077
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;cac0c413cdc5720d3832135ba2c352eaefd52a23f919bfce4c18ad92d8d4248c
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
