META
key;value
description;Ronde 25251
country;Netherlands
unit;Kantens
instance;Ronde 25251
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4b606e99490822d7c662c06d65e42df86928cec9b8812c22793cc996c5ae343a
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
1;2
2;1
