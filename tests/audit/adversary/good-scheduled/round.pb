META
key;value
description;Gepland 3695
country;Netherlands
unit;Kantens
instance;Gepland 3695
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;627f0df4d59077d08a50bed5850ebce7fd8048cf0648c669222deaa37ca7775b
date_begin;07.12.2026
date_end;07.12.2026
num_projects;1
num_votes;1
PROJECTS
project_id;cost;votes;name
70;1000;1;Bankje
VOTES
voter_id;vote
1;70
