META
key;value
description;Gepland 25423
country;Netherlands
unit;Kantens
instance;Gepland 25423
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;623cd9d1c86bf3ab471caef9ba598195b75c45a77d89dc40a684b7e2908bae3d
date_begin;07.12.2026
date_end;07.12.2026
num_projects;1
num_votes;1
PROJECTS
project_id;cost;votes;name
70;1000;1;Bankje
VOTES
voter_id;vote
1;70
