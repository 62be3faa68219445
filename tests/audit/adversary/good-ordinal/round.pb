META
key;value
description;Ronde 30129
country;Netherlands
unit;Kantens
instance;Ronde 30129
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;958754c6f59c8d3133b07f7915862812cdd4885b7567a81501ca0ea0a48b8fd6
date_begin;07.12.2026
date_end;07.12.2026
max_length;3
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
61;4000;2;Bankje
62;4000;2;AED
63;6000;2;Speeltuin
VOTES
voter_id;vote
1;63,61,62
2;62
3;61,63
