META
key;value
description;Ronde 14846
country;Netherlands
unit;Kantens
instance;Ronde 14846
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;09cb83fd38f35ccd453015f3d178cb33f87b69d452020519ccb486ce83c245cd
date_begin;07.12.2026
date_end;07.12.2026
num_projects;3
num_votes;1
PROJECTS
project_id;cost;votes;name
9;1000;1;Bankje
10;3000;0;AED
11;6000;0;Speeltuin
VOTES
voter_id;vote
1;9
