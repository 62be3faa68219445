META
key;value
description;Ronde 7473
country;Netherlands
unit;Kantens
instance;Ronde 7473
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a3de5649147491ec9822c2982acbda2e839582b15a34463a3eb5c8c0a77b2962
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
15;6000;0;Speeltuin
VOTES
voter_id;vote
1;13
