META
key;value
description;Ronde 5079
country;Netherlands
unit;Kantens
instance;Ronde 5079
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;f362f36e15d80278255f65b31c95f1f6da95ec686f13c7d7b35cdf7fc7ef3faa
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
1;1000;0;Bankje
2;3000;0;AED
3;6000;3;Speeltuin
VOTES
voter_id;vote
1;3
2;3
3;3
