META
key;value
description;Ronde 12510
country;Netherlands
unit;Kantens
instance;Ronde 12510
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;a05d96ce1bfff8b9ec835bcf21bae444eee7b50cf1f434682271c428c8259f80
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
