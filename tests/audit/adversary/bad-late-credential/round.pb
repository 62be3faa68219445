META
key;value
description;Ronde 5681
country;Netherlands
unit;Kantens
instance;Ronde 5681
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;d55d29515601e8ac822c07d20d953375c4726ae072b466a41b0636eebd1fa3f8
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
45;1000;1;Bankje
46;3000;0;AED
47;6000;0;Speeltuin
VOTES
voter_id;vote
1;45
