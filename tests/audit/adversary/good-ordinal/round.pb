META
key;value
description;Ronde 23230
country;Netherlands
unit;Kantens
instance;Ronde 23230
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;b9e7ca97da9369d4c6541e819db194b47f95ff8c897a9e12b21d49c442b40b39
date_begin;07.12.2026
date_end;07.12.2026
max_length;3
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name
60;4000;2;Bankje
61;4000;2;AED
62;6000;2;Speeltuin
VOTES
voter_id;vote
1;61
2;62,60,61
3;60,62
