META
key;value
description;Ronde 23616
country;Netherlands
unit;Kantens
instance;Ronde 23616
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;14160ed116e49fd1104b3984954b6201e1894d78f28f701469c3ac0a2bf1aee0
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;0;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
12;2000;1;Dak
VOTES
voter_id;vote
1;12
