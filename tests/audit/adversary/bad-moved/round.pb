META
key;value
description;Ronde 26135
country;Netherlands
unit;Kantens
instance;Ronde 26135
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;9df2ee0193381f63d9b8d5a0f790a5bea920e63eb6780880abc70269f7acc19d
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
39;1000;1;Bankje
40;3000;0;AED
41;6000;0;Speeltuin
VOTES
voter_id;vote
1;39
