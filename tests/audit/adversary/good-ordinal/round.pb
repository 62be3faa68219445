META
key;value
description;Ronde 20739
country;Netherlands
unit;Kantens
instance;Ronde 20739
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;7a0946ca84fbce0e38577894f6577aec16d6086cb80b466e03553de0c670bdbc
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
1;62
2;63,61,62
3;61,63
