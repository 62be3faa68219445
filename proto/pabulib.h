/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pabulib.h — read, validate and write pabulib .pb files (pabulib.org's format for
 * participatory-budgeting rounds), and turn them into a tally instance.
 *
 * Format (docs/tally.md, "pabulib"; ../shared/RULES.md): UTF-8, maybe with a BOM; sections
 * META, PROJECTS, VOTES in that order, each a line with the section name, a header of
 * `;`-separated column names, then data lines.  Standard CSV quoting (a quoted field may hold
 * `;`, `""` and line breaks).  Lists (vote, points) are comma-separated.  `None` (any case)
 * or an empty cell is missing.  Ids are strings.  Money is decimal and is kept exactly in
 * cents (more than two non-zero decimals is an error).
 *
 * The reader never stops at the first problem and never crashes on malformed input: every
 * problem is recorded with its line number.  A problem is *fatal* when the file cannot be
 * tallied as written (a missing section or column, a bad cost, an unknown project in a
 * vote, ...); the others are what pabulib's checker reports (counts that do not match
 * META, ballots longer than max_length, points over max_sum_points, a project repeated in
 * one vote — which the tally counts once, as pabutools and the official results do).
 *
 * Ownership: a struct pabulib owns every string and array in it; pabulib_free() releases
 * all.  The builder functions copy their arguments.
 */
#ifndef PABULIB_H
#define PABULIB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tally.h"

#define PABULIB_MAX_PROBLEMS	1000	/* kept with their text; more are only counted */
#define PABULIB_MAX_FILE	(1024UL * 1024 * 1024)	/* files larger than 1 GiB are refused */
#define PABULIB_SENTINEL_COST	INT64_C(99999999900)	/* 999999999 units: a withdrawn project */

enum pabulib_vote_type {
	PABULIB_VOTE_UNKNOWN,
	PABULIB_VOTE_APPROVAL,
	PABULIB_VOTE_CHOOSE1,
	PABULIB_VOTE_CUMULATIVE,
	PABULIB_VOTE_SCORING,
	PABULIB_VOTE_ORDINAL,
};

struct pabulib_meta {
	char	*key;
	char	*value;
	size_t	 line;		/* 0 when added by the builder */
};

struct pabulib_project {
	char	*id;
	char	*name;		/* NULL when missing */
	int64_t	 cost;		/* cents */
	int	 selected;	/* the `selected` column: 0..3, or -1 when missing */
	int64_t	 votes;		/* the `votes` column, or -1 when missing */
	int	 withdrawn;	/* cost is pabulib's sentinel 999999999: withdrawn */
	size_t	 line;
};

struct pabulib_vote {
	char	 *voter_id;
	size_t	  n;
	uint32_t *projects;	/* indices into projects[], in file order */
	int64_t	 *points;	/* n points, or NULL when the file has no points column */
	size_t	  line;
};

struct pabulib_problem {
	size_t	 line;		/* 1-based line in the file; 0 for the whole file */
	int	 fatal;
	int	 counted_once;	/* a project repeated in one vote: the checker's error, but
				   the tally counts it once and warns (docs/tally.md) */
	char	*message;
};

struct pabulib {
	struct pabulib_meta	*meta;		/* in file order */
	size_t			 nmeta;
	struct pabulib_project	*projects;
	size_t			 nprojects;
	struct pabulib_vote	*votes;
	size_t			 nvotes;
	enum pabulib_vote_type	 vote_type;
	int64_t			 budget;	/* cents; -1 when missing */
	int			 has_points;	/* VOTES has a points column */
	struct pabulib_problem	*problems;	/* at most PABULIB_MAX_PROBLEMS, in line order */
	size_t			 nproblems;
	size_t			 nproblems_total;	/* including those not kept */
	size_t			 nfatal;
	/* private: project id → index */
	uint32_t		*idtab;
	size_t			 idtab_size;
	size_t			 cap_meta, cap_projects, cap_votes, cap_problems;
};

/* An empty file (vote_type unknown, budget missing); NULL when out of memory. */
struct pabulib	*pabulib_new(void);
void		 pabulib_free(struct pabulib *pb);

/*
 * Parses len bytes (any bytes: not NUL-terminated, may contain NULs).  Returns 0 and sets
 * *out to a new file, which may carry problems (check nfatal before tallying); -1 only when
 * memory runs out.
 */
int	pabulib_parse(const char *buf, size_t len, struct pabulib **out)
	    __attribute__((warn_unused_result));
/* Reads and parses a file; -1 with one sentence in err if it cannot be read. */
int	pabulib_read_file(const char *path, struct pabulib **out, char *err, size_t errlen)
	    __attribute__((warn_unused_result));

/* META value by key (exact, case-sensitive as pabulib keys are lower case), or NULL. */
const char *pabulib_meta_get(const struct pabulib *pb, const char *key);

/* Builder, for writing a round out (the daemon's export).  Each returns 0 (project_add:
   the new index) or -1 on a bad argument (empty or duplicate id, unknown project index,
   negative or too large cost) or out of memory. */
int	pabulib_meta_set(struct pabulib *pb, const char *key, const char *value)
	    __attribute__((warn_unused_result));
int	pabulib_project_add(struct pabulib *pb, const char *id, int64_t cost_cents,
	    const char *name) __attribute__((warn_unused_result));
int	pabulib_vote_add(struct pabulib *pb, const char *voter_id, const uint32_t *projects,
	    const int64_t *points, size_t n) __attribute__((warn_unused_result));
/* Index of a project by id, or -1. */
int64_t	pabulib_project_find(const struct pabulib *pb, const char *id);

/*
 * Writes a valid .pb: META (in stored order, with vote_type, budget, num_projects and
 * num_votes set from the data), PROJECTS (project_id;cost;votes;name, plus selected when
 * any project has it), VOTES (voter_id;vote, plus points when the file has them) with the
 * ballots in stored order.  Returns 0, or -1 on a write error.
 */
int	pabulib_write(FILE *f, const struct pabulib *pb) __attribute__((warn_unused_result));

/*
 * The tally instance of a file without fatal problems.  inst points into pb (which must
 * outlive it) plus two arrays that pabulib_instance_free() releases.  -1 with a sentence in
 * err when the file has fatal problems or memory runs out.
 */
int	pabulib_instance(const struct pabulib *pb, struct tally_instance *inst, char *err,
	    size_t errlen) __attribute__((warn_unused_result));
void	pabulib_instance_free(struct tally_instance *inst);

/* Options from META: `min_project_score_threshold` and, with with_rule, `rule` (-1 with a
   sentence in err, naming the rules one can give, when it is missing or not one we run,
   e.g. `unknown`); the other options stay.  greedy-custom and greedy-exclusive are greedy
   with opt->city_rule set. */
int	pabulib_options(const struct pabulib *pb, struct tally_options *opt, int with_rule,
	    char *err, size_t errlen) __attribute__((warn_unused_result));

const char *pabulib_vote_type_name(enum pabulib_vote_type t);
/* Exact decimal money ("1250", "1250.5", "1 250,50" is not accepted) → cents; -1 if bad. */
int	pabulib_money_parse(const char *s, int64_t *cents);

#endif
