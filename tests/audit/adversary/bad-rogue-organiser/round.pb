META
key;value
description;Ronde 30607
country;Netherlands
unit;Kantens
instance;Ronde 30607
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d4324e40fe95d13380db6bc906544bf9741473dd47d0754caaa982a636e6699a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
52;1000;0;Bankje
53;3000;0;AED
54;6000;0;Speeltuin
55;2000;1;Dak
VOTES
voter_id;vote
1;55
