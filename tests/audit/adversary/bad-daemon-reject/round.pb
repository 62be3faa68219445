META
key;value
description;Ronde 11710
country;Netherlands
unit;Kantens
instance;Ronde 11710
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d88ffb0109081074efb6eaf59c1da50a1b9179180d38b5a5b8d2400b02b6fbb4
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
