META
key;value
description;Ronde gewijzigd
country;Netherlands
unit;Kantens
instance;Ronde gewijzigd
vote_type;approval
budget;12000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;5b54c21eca8b833a29c16e94273ce2b2ae9de786f125befd5d45874566832082
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
56;1000;1;Bankje
57;3000;0;AED
58;6000;0;Speeltuin
VOTES
voter_id;vote
1;56
