META
key;value
description;Ronde 13616
country;Netherlands
unit;Kantens
instance;Ronde 13616
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d54993fa07f5c471bd2521d604b479f7d502222f1b5418d9edd4323011153afe
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
