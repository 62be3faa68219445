META
key;value
description;Ronde 25614
country;Netherlands
unit;Kantens
instance;Ronde 25614
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;688c35c5ad83ca8b03eea26f78187d2e37631b7048be014398b306085123e8d9
date_begin;07.12.2026
date_end;07.12.2026
num_projects;4
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;0;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
12;2000;1;Dak
VOTES
voter_id;vote
1;12
