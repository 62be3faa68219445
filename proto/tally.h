/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tally.h — the participatory-budgeting tally engine.
 *
 * The caller describes a round in memory (struct tally_instance: initiatives with a cost in
 * cents, ballots as lists of initiative indices with optional points, the budget in cents),
 * chooses a rule (struct tally_options) and gets back a struct tally_outcome: which
 * initiatives are funded, and for each one the data that explains why (votes, what its
 * supporters paid under Equal Shares, the money left when it did not fit), plus totals.
 * tally_print_text() and tally_print_json() turn an outcome into the explanation a voter reads.
 *
 * Rules (names as in pabulib): greedy, greedy-no-skip, greedy-threshold, equalshares,
 * equalshares/add1 (with --add1-stop, --complete greedy and the -comparison step) and
 * phragmen. docs/tally.md defines each one precisely, with every place a tie is broken;
 * ../shared/RULES.md is the behaviour the conformance suite holds us to.
 *
 * Arithmetic: money is int64_t cents; Equal Shares and Phragmén are exact: floating-point
 * intervals with proven error bounds decide what they can separate, exact GMP rationals
 * the rest (near ties, rounding boundaries), so no floating-point error can change an
 * outcome or an explained amount.  Every function is deterministic: the same instance,
 * options and seed always give the same outcome.
 *
 * Memory: the instance is only read, and only during tally_run(); the outcome owns its
 * arrays and is released with tally_outcome_free().  Nothing here is thread-unsafe except
 * sharing one outcome between threads while it is written.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TALLY_SEED_BYTES	32		/* the public lot seed (cost-votes tie-break) */
#define TALLY_MAX_PROJECTS	100000		/* keeps every sum of costs inside int64_t */
#define TALLY_MAX_MONEY		INT64_C(10000000000000)	/* 10^13 cents per cost or budget */
#define TALLY_MAX_POINTS	INT64_C(1000000000)	/* |points| of one ballot entry */
#define TALLY_MAX_BALLOTS	UINT64_C(100000000)

enum tally_ballot_type {
	TALLY_BALLOT_APPROVAL,		/* approval, choose-1 and knapsack ballots */
	TALLY_BALLOT_CUMULATIVE,	/* points spread over initiatives */
	TALLY_BALLOT_SCORING,		/* a score per initiative */
	TALLY_BALLOT_ORDINAL,		/* a ranking, most preferred first */
};

enum tally_rule {
	TALLY_RULE_GREEDY,
	TALLY_RULE_GREEDY_NO_SKIP,
	TALLY_RULE_GREEDY_THRESHOLD,
	TALLY_RULE_EQUALSHARES,
	TALLY_RULE_EQUALSHARES_ADD1,
	TALLY_RULE_PHRAGMEN,
};

/* A city's own greedy variant, tallied as greedy (the file does not encode its extra
   conditions; the pabulib checker does the same). */
#define TALLY_CITY_NONE		0
#define TALLY_CITY_CUSTOM	1	/* META rule greedy-custom (e.g. Poznań) */
#define TALLY_CITY_EXCLUSIVE	2	/* META rule greedy-exclusive (mutually exclusive projects) */

enum tally_utility {
	TALLY_UTILITY_COST,		/* approval: a supporter values an initiative at its cost */
	TALLY_UTILITY_CARDINALITY,	/* approval: 1 per approved initiative */
};

enum tally_tiebreak {
	TALLY_TIE_COST_VOTES,	/* lower cost, then more votes, then the seeded lot */
	TALLY_TIE_LEXICO,	/* smallest id as a byte string (pabutools' default) */
};

enum tally_add1_stop {
	TALLY_ADD1_STOP_FITS,		/* pabulib checker: raise while the outcome fits */
	TALLY_ADD1_STOP_EXHAUSTIVE,	/* pabutools: stop at the first exhaustive outcome */
};

struct tally_options {
	enum tally_rule		rule;
	int			comparison;	/* "-comparison": keep the outcome more voters prefer over greedy */
	enum tally_utility	utility;	/* approval ballots only; points ballots use points */
	enum tally_tiebreak	tiebreak;
	enum tally_add1_stop	add1_stop;
	int			complete_greedy; /* after equalshares(/add1): fill what still fits greedily */
	int			has_threshold;	/* greedy-threshold needs it; when set, every
						   greedy variant drops initiatives below it */
	int64_t			threshold;	/* minimum score (votes or points) */
	int			city_rule;	/* greedy read from META greedy-custom or
						   greedy-exclusive (TALLY_CITY_*): tallied as
						   greedy, with a note */
	int64_t			add1_step;	/* cents added per add1 step; 0 means 100 (one unit) */
	uint64_t		add1_par_min;	/* add1 runs blocks of raises on two threads from
						   this many (ballot group, initiative) pairs on;
						   0 means 20,000; 1 (tests) also starts
						   them after the first changed trace */
	uint8_t			seed[TALLY_SEED_BYTES];
};

struct tally_project {
	const char	*id;		/* unique, non-empty; compared as a byte string */
	const char	*name;		/* may be NULL */
	int64_t		 cost;		/* cents, 0 ≤ cost ≤ TALLY_MAX_MONEY */
	int		 withdrawn;	/* withdrawn (pabulib's sentinel cost): the greedy
					   family never funds it nor stops at it */
};

struct tally_ballot {
	size_t		 n;
	const uint32_t	*projects;	/* n distinct indices into instance.projects */
	const int64_t	*points;	/* n points, or NULL (approval; ordinal by position) */
};

struct tally_instance {
	const struct tally_project	*projects;
	size_t				 nprojects;
	const struct tally_ballot	*ballots;
	size_t				 nballots;
	int64_t				 budget;	/* cents */
	enum tally_ballot_type		 type;
	int64_t				 ordinal_k;	/* Borda k for ordinal ballots without points;
							   0: the longest ballot's length */
	const char			*currency;	/* for the explanation; NULL means EUR */
};

/* Why an initiative ended up funded or not. */
enum tally_reason {
	TALLY_REASON_FUNDED,		/* chosen by the rule itself */
	TALLY_REASON_FUNDED_COMPLETION,	/* added by --complete greedy */
	TALLY_REASON_NOT_FIT,		/* its turn came, `left` was less than its cost */
	TALLY_REASON_BELOW_THRESHOLD,	/* greedy-threshold: score below the threshold */
	TALLY_REASON_STOPPED,		/* greedy-no-skip / phragmen stopped before its turn */
	TALLY_REASON_UNAFFORDABLE,	/* equalshares: supporters' money (`supporters_money`) too little */
	TALLY_REASON_NO_SUPPORT,	/* nobody voted for it (MES, Phragmén cannot fund it) */
	TALLY_REASON_OVER_BUDGET,	/* phragmen: costs more than the whole budget */
	TALLY_REASON_WITHDRAWN,		/* withdrawn (pabulib's sentinel cost): never funded */
};

struct tally_project_result {
	int			selected;	/* 1 funded, 0 not */
	enum tally_reason	reason;
	uint64_t		supporters;	/* ballots giving it positive utility */
	int64_t			score;		/* approvals, or the sum of points (ordinal: positional) */
	uint32_t		round;		/* 1-based position in the funding order; 0 if not funded */
	int64_t			left;		/* NOT_FIT/STOPPED: unspent money at its turn (cents) */
	/* Equal Shares: the price is the most one supporter paid (per point for points
	   ballots), rounded to cents for display; paid_full supporters paid that price,
	   paid_all supporters could not and paid everything they had left.  Phragmén:
	   price is the load every supporter carries after funding it. */
	int64_t			price;
	uint64_t		paid_full;
	uint64_t		paid_all;
	int64_t			supporters_money; /* UNAFFORDABLE: what its supporters had left (cents, floor) */
};

struct tally_outcome {
	struct tally_options		 options;	/* what was run */
	size_t				 nprojects;
	struct tally_project_result	*projects;	/* one per instance project, same order */
	size_t				 nselected;
	int64_t				 budget;
	int64_t				 spent;
	int64_t				 unspent;
	uint64_t			 voters;
	/* equalshares family */
	int64_t				 voter_budget;	/* final budget per voter (cents, floor) */
	uint32_t			 add1_steps;	/* how many times it was raised */
	uint32_t			 completed;	/* initiatives added by greedy completion */
	/* -comparison */
	int				 compared;
	int				 greedy_won;	/* 1 if the greedy outcome was kept */
	uint64_t			 prefer_mes;
	uint64_t			 prefer_greedy;
	/* how add1 got there (not printed): MES runs made, and how many of them
	   certified a stretch of raises by the outcome certificate alone */
	uint32_t			 add1_runs;
	uint32_t			 add1_outcome_skips;
	/* timing, for researchers (tally_print_json prints them) */
	double				 tally_seconds;	/* tally_run's own time, in-process */
	double				 parse_seconds;	/* set by the caller; < 0: not printed */
};

/* Defaults: greedy, cost utility, cost-votes tie-break, checker add1 stop, zero seed. */
void	tally_options_init(struct tally_options *opt);

/* Parsers for the names used on the command line and in pabulib META; 0 on success, -1 if
   the name is unknown (the options are then unchanged). */
int	tally_rule_parse(struct tally_options *opt, const char *name)
	    __attribute__((warn_unused_result));
int	tally_utility_parse(struct tally_options *opt, const char *name)
	    __attribute__((warn_unused_result));
int	tally_tiebreak_parse(struct tally_options *opt, const char *name)
	    __attribute__((warn_unused_result));
int	tally_add1_stop_parse(struct tally_options *opt, const char *name)
	    __attribute__((warn_unused_result));
/* 64 hex digits → opt->seed. */
int	tally_seed_parse(struct tally_options *opt, const char *hex)
	    __attribute__((warn_unused_result));
/* Writes the pabulib rule name ("equalshares/add1-comparison") into buf; returns buf. */
const char *tally_rule_name(const struct tally_options *opt, char *buf, size_t len);
/* Every rule name tally_rule_parse accepts, comma-separated (for messages). */
extern const char tally_rule_names[];

/*
 * Runs the rule.  Returns 0 and fills *out (which the caller frees with tally_outcome_free),
 * or returns -1 with one English sentence in err (out is then left empty) when the instance
 * or options are invalid (index out of range, duplicate project in a ballot, cost over
 * TALLY_MAX_MONEY, greedy-threshold without threshold, ...) or memory runs out.
 */
int	tally_run(const struct tally_instance *inst, const struct tally_options *opt,
	    struct tally_outcome *out, char *err, size_t errlen)
	    __attribute__((warn_unused_result));
void	tally_outcome_free(struct tally_outcome *out);

/* Natural order of ids ("2" < "10" < "P2" < "P10"); a total order (ties by strcmp). */
int	tally_id_cmp(const char *a, const char *b);
/* The funded ids, naturally sorted, comma-separated, then a newline ("\n" if none). */
int	tally_print_selected(FILE *f, const struct tally_instance *inst,
	    const struct tally_outcome *out);
/* The explanation (docs/tally.md, "Explanation"). Return 0, or -1 on a write error. */
int	tally_print_text(FILE *f, const struct tally_instance *inst,
	    const struct tally_outcome *out);
int	tally_print_json(FILE *f, const struct tally_instance *inst,
	    const struct tally_outcome *out);
/* Dutch style money: "€ 1.250,50" (or "PLN 1.250,50" for another currency code). */
const char *tally_money(char *buf, size_t len, int64_t cents, const char *currency);

/* ---- Internal: shared between tally.c and the rule files; not for callers. ---- */

/* Per-project counts and the tie-break order (always), then ballots merged by identical
   content and the support of each project (tally_ctx_merge, for the rules that need it). */
struct tally_ctx {
	const struct tally_instance	*inst;
	const struct tally_options	*opt;
	size_t		 np;
	uint32_t	*tb_rank;	/* position of each project in the tie-break order */
	uint64_t	*supporters;	/* per project: ballots with positive utility */
	int64_t		*score;		/* per project: approvals or summed points */
	uint64_t	 nvoters;
	int64_t		 ordinal_k;	/* Borda k in effect */
	size_t		 nentries;	/* positive-weight ballot entries */
	void		*arena;		/* the block tb_rank, supporters, score live in */
	uint64_t	(*gkey)[3];	/* ≤ 64 initiatives, rules that merge: each group's
					   mask of positive entries and their points packed
					   8 bits each in initiative order (in arena; the
					   counting pass merged the ballots), or NULL */
	uint32_t	*gtable;	/* the counting pass's hash table of groups ... */
	size_t		 gtsize;	/* ... and its size */
	void		*marena;	/* the block of everything below (NULL: not merged) */
	size_t		 ngroups;	/* distinct ballots */
	uint64_t	*gmult;		/* per group: how many ballots (in arena when gkey) */
	size_t		*gstart;	/* group → its entries gproj/gweight [gstart[g], gstart[g+1]) */
	uint32_t	*gproj;
	int64_t		*gweight;	/* utility weight (1 for approval, points otherwise) */
	size_t		*pstart;	/* project → supporter groups [pstart[p], pstart[p+1]) */
	uint32_t	*pgroup;
	int64_t		*pweight;	/* positive weights only */
	int		 weighted;	/* some weight ≠ 1 (points ballots) */
};

void	tally_outcome_reset(struct tally_outcome *out);
/* Sorts idx[0..n) by cmp (insertion sort when short, else qsort_r). */
void	tally_sort_u32(uint32_t *idx, size_t n,
	    int (*cmp)(const void *, const void *, void *), void *arg);
/* Merges identical ballots (fills ngroups … pweight); 0, or -1 when out of memory. */
int	tally_ctx_merge(struct tally_ctx *ctx);
int	tally_greedy(struct tally_ctx *ctx, struct tally_outcome *out);
/* Greedy by approvals (cost utility) from the current selection; marks completion. */
int	tally_greedy_complete(struct tally_ctx *ctx, struct tally_outcome *out);
int	tally_mes(struct tally_ctx *ctx, struct tally_outcome *out);
int	tally_phragmen(struct tally_ctx *ctx, struct tally_outcome *out);
/* Fills totals (nselected, spent, unspent) from the per-project selected flags. */
void	tally_outcome_totals(struct tally_outcome *out, const struct tally_instance *inst);

#endif
