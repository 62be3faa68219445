META
key;value
description;Ronde 28683
country;Netherlands
unit;Kantens
instance;Ronde 28683
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6429c82f5169c5d08c02f4319bcd489f3f5969b76bd78597f6313fbce64066bf
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
