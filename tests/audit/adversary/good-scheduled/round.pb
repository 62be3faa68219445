META
key;value
description;Gepland 10940
country;Netherlands
unit;Kantens
instance;Gepland 10940
vote_type;approval
budget;10000
rule;greedy
currency;EUR
language;nl
tie_break;cost-votes
tie_break_seed;f21c697337500ba811244191a9b01a14aea703091a9fce81b504a5df1f9e8fd4
date_begin;07.12.2026
date_end;07.12.2026
num_projects;1
num_votes;1
PROJECTS
project_id;cost;votes;name
70;1000;1;Bankje
VOTES
voter_id;vote
1;70
