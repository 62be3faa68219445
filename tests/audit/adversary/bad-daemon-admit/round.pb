META
key;value
description;Ronde 27940
country;Netherlands
unit;Kantens
instance;Ronde 27940
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;b7b979c8d5e07134a5954ab7be5688dafcf94d8852bbae89a6260763dd9614c5
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;0;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
12;2000;1;Dak
VOTES
voter_id;vote
1;12
