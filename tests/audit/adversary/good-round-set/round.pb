META
key;value
description;Ronde gewijzigd
country;Netherlands
unit;Kantens
instance;Ronde gewijzigd
vote_type;approval
budget;12000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1cb6a5016755e431d53be5dd73a26d52c83969d18d10afe716c1479126b9dc4a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
57;1000;1;Bankje
58;3000;0;AED
59;6000;0;Speeltuin
VOTES
voter_id;vote
1;57
