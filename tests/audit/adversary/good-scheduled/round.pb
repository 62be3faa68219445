META
key;value
description;Gepland 13130
country;Netherlands
unit;Kantens
instance;Gepland 13130
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;cd1e1eaef5726613d8437ee219931f55eaa6c63eb9fe34a9e80b4f0fe275ce35
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
