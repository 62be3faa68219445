META
key;value
description;Ronde 16841
country;Netherlands
unit;Kantens
instance;Ronde 16841
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;5085830c314ba0212938e39e9d7d2e2b17f3e4c159865513f051a9d53a3f4344
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;3;Speeltuin
VOTES
voter_id;vote
1;7
2;7
3;5
4;7
