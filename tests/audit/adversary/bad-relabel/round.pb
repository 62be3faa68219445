META
key;value
description;Ronde 29303
country;Netherlands
unit;Kantens
instance;Ronde 29303
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d9769208ce6748afef18db6cbc93679441de1dd5eb24e42a6cfc906610acb19e
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
35;1000;1;Bankje
37;6000;0;Speeltuin
VOTES
voter_id;vote
1;35
