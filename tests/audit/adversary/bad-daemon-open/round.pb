META
key;value
description;Ronde 21400
country;Netherlands
unit;Kantens
instance;Ronde 21400
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;56809b8744017b48ef45f856d72965c0d02be18b3a25a2252c120328c97f1c60
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
23;1000;1;Bankje
24;3000;0;AED
25;6000;0;Speeltuin
VOTES
voter_id;vote
1;23
