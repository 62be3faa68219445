META
key;value
description;Ronde 22775
country;Netherlands
unit;Kantens
instance;Ronde 22775
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;9b6542c13960de13dfce4af79b1f99d8a0ad07f3a10f4e12dd443f0edc893df6
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;1;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
2;2
