META
key;value
description;Ronde 5953
country;Netherlands
unit;Kantens
instance;Ronde 5953
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;7cb0803a3dd03ae7f44f62882f047ea68bf85273910bf7fa866197ceac43e320
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
36;1000;1;Bankje
38;6000;0;Speeltuin
VOTES
voter_id;vote
1;36
