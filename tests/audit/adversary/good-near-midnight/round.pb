META
key;value
description;Ronde 10844
country;Netherlands
unit;Kantens
instance;Ronde 10844
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;38a77c91ffe1e4771772b09dcca6249d2be687a45ce2abaa636a10adb86daf1c
date_begin;02.03.2026
date_end;02.03.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
71;1000;1;Bankje
72;3000;0;AED
73;6000;0;Speeltuin
VOTES
voter_id;vote
1;71
