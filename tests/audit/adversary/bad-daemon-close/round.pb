META
key;value
description;Ronde 27410
country;Netherlands
unit;Kantens
instance;Ronde 27410
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;6e34845e0796d1687ad39b6d1e8256be8bd8bbcf1beb1dc50dd9672811aecc58
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
28;1000;1;Bankje
29;3000;0;AED
30;6000;0;Speeltuin
VOTES
voter_id;vote
1;28
