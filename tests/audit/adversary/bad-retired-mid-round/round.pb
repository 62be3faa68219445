META
key;value
description;Ronde 19564
country;Netherlands
unit;Kantens
instance;Ronde 19564
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;0181eae0591d9b1636ffc7fced22a57d52298c93580f8fb4adf80298d838f961
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
1;7
2;5
