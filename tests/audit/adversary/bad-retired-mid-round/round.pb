META
key;value
description;Ronde 2007
country;Netherlands
unit;Kantens
instance;Ronde 2007
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;eeae733eeee8f746668b62819a08441c6693a2cbc66a9ffcf3e9e945f568aca6
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;2
PROJECTS
project_id;cost;votes;name
5;1000;1;Bankje
6;3000;0;AED
7;6000;1;Speeltuin
VOTES
voter_id;vote
1;5
2;7
