META
key;value
description;Ronde 17883
country;Netherlands
unit;Kantens
instance;Ronde 17883
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;161923c72b952d94f8dd4c9fb718290b66bde4d5d44e83a5f8cfb893a0a1468d
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
