META
key;value
description;Ronde 14324
country;Netherlands
unit;Kantens
instance;Ronde 14324
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;16ccffc7e0cbd87fcbc22bf1d292640e9f16267853f2450804fd1ab7850176da
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
40;1000;1;Bankje
41;3000;0;AED
42;6000;0;Speeltuin
VOTES
voter_id;vote
1;40
