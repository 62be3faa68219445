META
key;value
budget;100
vote_type;approval
rule;greedy
num_projects;3
num_votes;3
PROJECTS
project_id;cost;votes;name;selected
a;60;3;Bankjes;1
b;50;2;"Park; ""groen""";0
c;40;1;None;1
VOTES
voter_id;vote
1;a,b
2;a,b
3;a,c
