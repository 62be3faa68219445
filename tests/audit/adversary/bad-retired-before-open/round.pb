META
key;value
description;Ronde 3634
country;Netherlands
unit;Kantens
instance;Ronde 3634
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;e84783fb61b3636d9b565f36292f08692d5df7ce1b1fe05b7686106c7ad794b6
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
