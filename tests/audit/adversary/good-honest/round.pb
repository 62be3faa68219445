META
key;value
description;Ronde 30494
country;Netherlands
unit;Kantens
instance;Ronde 30494
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;2938eee816b497324361fc66212287c340f5efbfc72d4d76e9eef9291d22ba83
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
