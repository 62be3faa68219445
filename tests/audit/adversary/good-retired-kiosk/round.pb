META
key;value
description;Ronde 7128
country;Netherlands
unit;Kantens
instance;Ronde 7128
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4c75491d2df57911bfc9050d9fb83c2a56755b17c2c8c85fb4e4ce8b3edc19cb
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
