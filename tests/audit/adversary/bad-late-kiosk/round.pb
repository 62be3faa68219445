META
key;value
description;Ronde 14646
country;Netherlands
unit;Kantens
instance;Ronde 14646
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;1503165554d6b4c1128f92456d290f7cb1f49a483786db59b8f58f024746251b
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
