META
key;value
description;Ronde 27211
country;Netherlands
unit;Kantens
instance;Ronde 27211
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;f12ac06184ee3c826446a6e012839129b28f35bea88b213745b5e83eab62d0d4
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
VOTES
voter_id;vote
1;13
