META
key;value
description;Ronde 32627
country;Netherlands
unit;Kantens
instance;Ronde 32627
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;58dd37918a761c2c5f1edebfa3ad957acbfe82d086beddf69587e30eae6c0141
date_begin;07.12.2026
date_end;07.12.2026
num_projects;2
num_votes;1
PROJECTS
project_id;cost;votes;name
35;1000;1;Bankje
37;6000;0;Speeltuin
VOTES
voter_id;vote
1;35
