META
key;value
description;Ronde 24554
country;Netherlands
unit;Kantens
instance;Ronde 24554
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;c57a55c27cf96a308c0416c38a0bc474a3ee93c4ec154b1ff945830a83d47e78
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
