META
key;value
description;Ronde 3839
country;Netherlands
unit;Kantens
instance;Ronde 3839
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;fae0bd535be4c4dfb1ecde58367a77e508ec9ad861145d2965e42dd28881bcd2
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
1;61,63
2;63,61,62
3;62
