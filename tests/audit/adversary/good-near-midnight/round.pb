META
key;value
description;Ronde 1324
country;Netherlands
unit;Kantens
instance;Ronde 1324
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;57c37c1066615f7bfb35ed4672d9ec6faaf59866aa1310a2b78c557e230f8281
date_begin;02.03.2026
date_end;02.03.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
69;1000;1;Bankje
70;3000;0;AED
71;6000;0;Speeltuin
VOTES
voter_id;vote
1;69
