META
key;value
description;Gepland 13446
country;Netherlands
unit;Kantens
instance;Gepland 13446
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8ffb27425741ed06c1bdf1a8ba2c8c3fae18b93db2e1e4eaa1d9a2034917e3b4
date_begin;07.12.2026
date_end;07.12.2026
num_projects;1
num_votes;1
PROJECTS
project_id;cost;votes;name
69;1000;1;Bankje
VOTES
voter_id;vote
1;69
