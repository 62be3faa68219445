META
key;value
description;Ronde 9804
country;Netherlands
unit;Kantens
instance;Ronde 9804
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;dfb0e9b69d6746ecd4b0df8a6d482a7221054616ce7a6c2e1d5dc1de6a28eb65
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
40;1000;1;Bankje
41;3000;0;AED
42;6000;0;Speeltuin
VOTES
voter_id;vote
1;40
