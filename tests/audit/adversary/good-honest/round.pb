META
key;value
description;Ronde 32548
country;Netherlands
unit;Kantens
instance;Ronde 32548
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8a8e3d4fa2a91dbbb3f9cc7aa4f4dc50330099ccf7203d867e22ad41ed7023e0
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;1;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
2;2
