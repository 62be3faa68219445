META
key;value
description;Ronde 29703
country;Netherlands
unit;Kantens
instance;Ronde 29703
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;2ec7520899b41598cceb1283d94fda00ad1a86794c1b5655f14736d9ba70ebe8
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
67;4000;1;Bankje
68;4000;1;AED
69;6000;2;Speeltuin
VOTES
voter_id;vote
1;69
2;67
3;68
4;69
