META
key;value
description;Ronde 6684
country;Netherlands
unit;Kantens
instance;Ronde 6684
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a145aba2bd0449eda4b6b3bb757fde83381478e8ff52731fb8177ab44b7e035a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;1;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
VOTES
voter_id;vote
1;9
