META
key;value
description;Ronde 27129
country;Netherlands
unit;Kantens
instance;Ronde 27129
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;55100590abb5fc73782f0aa28f4727beea95022dee0b424ce892563747a4562a
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
13;1000;1;Bankje
14;3000;0;AED
15;6000;0;Speeltuin
VOTES
voter_id;vote
1;13
