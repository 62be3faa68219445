META
key;value
description;Ronde 1091
country;Netherlands
unit;Kantens
instance;Ronde 1091
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;9d08cdef6f286f3e65bb3577f43b6a69453689ee24d41cb670689f59f569f178
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
1;7
2;7
3;5
4;7
