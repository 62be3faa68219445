META
key;value
description;Ronde 10254
country;Netherlands
unit;Kantens
instance;Ronde 10254
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;8109296230a7ba53ea8fb1cbe2f66d6ce72cc09ddebeb86635136d567a753915
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
40;1000;1;Bankje
41;3000;0;AED
42;6000;0;Speeltuin
VOTES
voter_id;vote
1;40
