META
key;value
description;Ronde 8914
country;Netherlands
unit;Kantens
instance;Ronde 8914
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;ea83e4eb51ebecac0902747bdb65d804aea40706bae402b34622c9f4474c622b
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;4
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;3;Speeltuin
VOTES
voter_id;vote
1;5
2;7
3;7
4;7
