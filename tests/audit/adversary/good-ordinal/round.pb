META
key;value
description;Ronde 8317
country;Netherlands
unit;Kantens
instance;Ronde 8317
vote_type;ordinal
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;702d10801defe62a0b64cd0ea95ec0075de0d28b845b7a1246450b2856b5e7d3
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
2;60,62
3;62,60,61
