META
key;value
description;Ronde 19205
country;Netherlands
unit;Kantens
instance;Ronde 19205
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8eabc92fc4cd9fc4f67856b7d62a9175e4600eb2b2ce0ece8e420c9b8155d54e
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;1;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
2;2
