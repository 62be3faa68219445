META
key;value
description;Ronde 17084
country;Netherlands
unit;Kantens
instance;Ronde 17084
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a5a50481072067a29430a1df0a398eb60dde4246cf638e4370cc9cf6c570279f
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;1;Speeltuin
VOTES
voter_id;vote
1;7
2;5
