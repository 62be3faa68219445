META
key;value
description;Ronde 10086
country;Netherlands
unit;Kantens
instance;Ronde 10086
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;469b5f7fe22f195923420bf821109077db3db89da57180a06cf99bc608bc6369
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
VOTES
voter_id;vote
1;13
