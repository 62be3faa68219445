META
key;value
description;Ronde 35
country;Netherlands
unit;Kantens
instance;Ronde 35
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;cb30b8d66e563b0fa353d1c81953e5a2ec6a8be3987e0835daa7241f296b3667
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
