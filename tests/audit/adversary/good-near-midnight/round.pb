META
key;value
description;Ronde 25001
country;Netherlands
unit;Kantens
instance;Ronde 25001
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;53749efac34c3120a14bd86e0e87765cb029b6dea2a76f62a548b58bb0fcfa46
date_begin;02.03.2026
date_end;02.03.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
70;1000;1;Bankje
71;3000;0;AED
72;6000;0;Speeltuin
VOTES
voter_id;vote
1;70
