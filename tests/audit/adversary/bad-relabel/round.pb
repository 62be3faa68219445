META
key;value
description;Ronde 15797
country;Netherlands
unit;Kantens
instance;Ronde 15797
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;5374cf9ff9cc7930673f2fa7e4fefba361e88d4b703333555e8e7779a3d56bb6
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
36;1000;1;Bankje
38;6000;0;Speeltuin
VOTES
voter_id;vote
1;36
