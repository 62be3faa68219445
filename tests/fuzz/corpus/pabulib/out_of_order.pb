VOTES
voter_id;vote
PROJECTS
META
;;;
