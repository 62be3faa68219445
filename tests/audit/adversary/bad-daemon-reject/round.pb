META
key;value
description;Ronde 19384
country;Netherlands
unit;Kantens
instance;Ronde 19384
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a42d40b1bdd48dd3d846b0e83d6fce76b5b61d1177e885cb987ea11adf1342b0
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
