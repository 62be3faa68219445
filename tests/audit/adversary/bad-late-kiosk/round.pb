META
key;value
description;Ronde 30939
country;Netherlands
unit;Kantens
instance;Ronde 30939
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;23ac2f8deb14a79f1da4aebce3a41e7a792d717b210c83090d9c670828832fab
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
