META
key;value
description;Ronde 13040
country;Netherlands
unit;Kantens
instance;Ronde 13040
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;16089baf54026d911b5903e7436cbf817b3e35ec3a4eb7937beb64a948da6be5
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
31;1000;0;Bankje
32;3000;0;AED
33;6000;0;Speeltuin
34;2000;1;Dak
VOTES
voter_id;vote
1;34
