META
key;value
description;Ronde 7792
country;Netherlands
unit;Kantens
instance;Ronde 7792
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;cd8d05414f453c3bca9cd462f7a04997758bf2c242690b86780b1737977155b7
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
1;2
2;1
