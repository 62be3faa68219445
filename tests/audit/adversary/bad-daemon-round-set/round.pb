META
key;value
description;Ronde 13483
country;Netherlands
unit;Kantens
instance;Ronde 13483
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;9e4d51d2352d0810a9355e52f010930597b80c7f8bb56487f8a67e22bf8b89cf
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
17;1000;1;Bankje
18;3000;0;AED
19;6000;0;Speeltuin
VOTES
voter_id;vote
1;17
