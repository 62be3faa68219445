META
key;value
description;Ronde 2988
country;Netherlands
unit;Kantens
instance;Ronde 2988
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;19321ea4c9deb8d30047979bcf05f9b6026206fbe2e296a91c6e00d5c1c8622d
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
VOTES
voter_id;vote
1;13
