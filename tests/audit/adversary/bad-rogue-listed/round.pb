META
key;value
description;Ronde 2484
country;Netherlands
unit;Kantens
instance;Ronde 2484
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;e7f8cdd879547b85189f7e990ae7ae0e58c77eeeecf996bdc5bbab959d9586a9
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
53;1000;0;Bankje
54;3000;0;AED
55;6000;0;Speeltuin
56;2000;1;Dak
VOTES
voter_id;vote
1;56
