META
key;value
description;Ronde 27607
country;Netherlands
unit;Kantens
instance;Ronde 27607
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;2e6169d722f382aebaeb276fdfab3eaa4c18397f55307980c6b7e5e9c727abed
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
36;1000;1;Bankje
38;6000;0;Speeltuin
VOTES
voter_id;vote
1;36
