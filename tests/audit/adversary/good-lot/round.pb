META
key;value
description;Ronde 25948
country;Netherlands
unit;Kantens
instance;Ronde 25948
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;cfc923b7ba85201f63bd46512a296b018148c0c557d4bd034775426eb9e716d9
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
66;4000;1;Bankje
67;4000;1;AED
68;6000;2;Speeltuin
VOTES
voter_id;vote
1;68
2;66
3;68
4;67
