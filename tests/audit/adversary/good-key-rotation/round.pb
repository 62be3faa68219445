META
key;value
description;Ronde 3166
country;Netherlands
unit;Kantens
instance;Ronde 3166
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;324f8b45da7cb2edf45e4408ca782703a3137744e79743847925a1b6b2400003
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
1;1000;1;Bankje
2;3000;0;AED
3;6000;0;Speeltuin
VOTES
voter_id;vote
1;1
