META
key;value
description;Ronde 3674
country;Netherlands
unit;Kantens
instance;Ronde 3674
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;9eb90da6214d52c0dd60556900d1d89bacc887fc9d9381bf48b605ee731381ee
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
