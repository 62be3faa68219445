META
key;value
description;Ronde 9358
country;Netherlands
unit;Kantens
instance;Ronde 9358
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6cbb0e7f100fccccf1814cdc53b8d6a8f8c843287fbb080217f4eb1f4bcf68a5
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
23;1000;1;Bankje
24;3000;0;AED
25;6000;0;Speeltuin
VOTES
voter_id;vote
1;23
