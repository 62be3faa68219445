META
key;value
description;Ronde 22209
country;Netherlands
unit;Kantens
instance;Ronde 22209
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;506a903898c0da561bfd92e7d9058d80d2fbf00ed8f625d54781740065465127
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
