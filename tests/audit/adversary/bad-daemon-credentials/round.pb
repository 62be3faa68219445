META
key;value
description;Ronde 19671
country;Netherlands
unit;Kantens
instance;Ronde 19671
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;c71f6872f0b2f9f308679da27ab4c717ba7439ff8e07cc3dce33b41df328c525
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
