META
key;value
description;Ronde 4332
country;Netherlands
unit;Kantens
instance;Ronde 4332
vote_type;approval
budget;50000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;b9a8e6f564b0ce09fc7b52a27b6e254b58aa8785f4cc4327c69a4f8c7e86940b
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
17;1000;1;Bankje
18;3000;0;AED
19;6000;0;Speeltuin
VOTES
voter_id;vote
1;17
