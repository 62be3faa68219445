META
key;value
description;Ronde 7814
country;Netherlands
unit;Kantens
instance;Ronde 7814
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;4341def1813aa4bcb38f45c20de3f407902849cff3233643ec6cffcb19a5aa11
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
