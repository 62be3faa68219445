META
key;value
description;Ronde 12361
country;Netherlands
unit;Kantens
instance;Ronde 12361
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;47557253810d36484d3f4c47ab1cca19a34bbf5c3acb7e5329767d38b1ff9a10
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
27;1000;1;Bankje
28;3000;0;AED
29;6000;0;Speeltuin
VOTES
voter_id;vote
1;27
