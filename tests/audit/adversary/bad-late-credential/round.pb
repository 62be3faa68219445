META
key;value
description;Ronde 16662
country;Netherlands
unit;Kantens
instance;Ronde 16662
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;18081bfadae839fd08d46d0eb0c84529abd00f675d5faa5f80316a41570c86aa
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
44;1000;1;Bankje
45;3000;0;AED
46;6000;0;Speeltuin
VOTES
voter_id;vote
1;44
