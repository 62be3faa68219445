/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tally.c — what every rule shares: option names, validation and ballot merging
 * (struct tally_ctx), the tie-break order, and the explanation in text and JSON.
 * The rules themselves live in tally_greedy.c, tally_mes.c and tally_phragmen.c;
 * docs/tally.md describes them.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "tally.h"

void
tally_options_init(struct tally_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->rule = TALLY_RULE_GREEDY;
	opt->utility = TALLY_UTILITY_COST;
	opt->tiebreak = TALLY_TIE_COST_VOTES;
	opt->add1_stop = TALLY_ADD1_STOP_FITS;
}

static const struct {
	const char	*name;
	enum tally_rule	 rule;
	int		 comparison;
	int		 city;
} tally_rules[] = {
	{ "greedy",			TALLY_RULE_GREEDY,		0, TALLY_CITY_NONE },
	{ "greedy-no-skip",		TALLY_RULE_GREEDY_NO_SKIP,	0, TALLY_CITY_NONE },
	{ "greedy-threshold",		TALLY_RULE_GREEDY_THRESHOLD,	0, TALLY_CITY_NONE },
	{ "greedy-custom",		TALLY_RULE_GREEDY,		0, TALLY_CITY_CUSTOM },
	{ "greedy-exclusive",		TALLY_RULE_GREEDY,		0, TALLY_CITY_EXCLUSIVE },
	{ "equalshares",		TALLY_RULE_EQUALSHARES,		0, TALLY_CITY_NONE },
	{ "equalshares-comparison",	TALLY_RULE_EQUALSHARES,		1, TALLY_CITY_NONE },
	{ "equalshares/add1",		TALLY_RULE_EQUALSHARES_ADD1,	0, TALLY_CITY_NONE },
	{ "equalshares/add1-comparison", TALLY_RULE_EQUALSHARES_ADD1,	1, TALLY_CITY_NONE },
	{ "phragmen",			TALLY_RULE_PHRAGMEN,		0, TALLY_CITY_NONE },
};

const char tally_rule_names[] = "greedy, greedy-no-skip, greedy-threshold, greedy-custom, "
    "greedy-exclusive, equalshares, equalshares-comparison, equalshares/add1, "
    "equalshares/add1-comparison, phragmen";

int
tally_rule_parse(struct tally_options *opt, const char *name)
{
	for (size_t i = 0; i < sizeof(tally_rules) / sizeof(tally_rules[0]); i++)
		if (strcmp(name, tally_rules[i].name) == 0) {
			opt->rule = tally_rules[i].rule;
			opt->comparison = tally_rules[i].comparison;
			opt->city_rule = tally_rules[i].city;
			return 0;
		}
	return -1;
}

const char *
tally_rule_name(const struct tally_options *opt, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(tally_rules) / sizeof(tally_rules[0]); i++)
		if (tally_rules[i].rule == opt->rule &&
		    tally_rules[i].comparison == (opt->comparison != 0) &&
		    tally_rules[i].city == opt->city_rule) {
			snprintf(buf, len, "%s", tally_rules[i].name);
			return buf;
		}
	snprintf(buf, len, "?");
	return buf;
}

int
tally_utility_parse(struct tally_options *opt, const char *name)
{
	if (strcmp(name, "cost") == 0)
		opt->utility = TALLY_UTILITY_COST;
	else if (strcmp(name, "cardinality") == 0)
		opt->utility = TALLY_UTILITY_CARDINALITY;
	else
		return -1;
	return 0;
}

int
tally_tiebreak_parse(struct tally_options *opt, const char *name)
{
	if (strcmp(name, "cost-votes") == 0)
		opt->tiebreak = TALLY_TIE_COST_VOTES;
	else if (strcmp(name, "lexico") == 0)
		opt->tiebreak = TALLY_TIE_LEXICO;
	else
		return -1;
	return 0;
}

int
tally_add1_stop_parse(struct tally_options *opt, const char *name)
{
	if (strcmp(name, "fits") == 0)
		opt->add1_stop = TALLY_ADD1_STOP_FITS;
	else if (strcmp(name, "exhaustive") == 0)
		opt->add1_stop = TALLY_ADD1_STOP_EXHAUSTIVE;
	else
		return -1;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
tally_seed_parse(struct tally_options *opt, const char *hex)
{
	uint8_t seed[TALLY_SEED_BYTES];

	if (strlen(hex) != 2 * TALLY_SEED_BYTES)
		return -1;
	for (size_t i = 0; i < TALLY_SEED_BYTES; i++) {
		int hi = hexval((unsigned char)hex[2 * i]);
		int lo = hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		seed[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(opt->seed, seed, sizeof(seed));
	return 0;
}

/* ---- outcome ---- */

void
tally_outcome_reset(struct tally_outcome *out)
{
	for (size_t p = 0; p < out->nprojects; p++) {
		struct tally_project_result *r = &out->projects[p];
		uint64_t sup = r->supporters;
		int64_t score = r->score;

		memset(r, 0, sizeof(*r));
		r->supporters = sup;
		r->score = score;
	}
	out->nselected = 0;
	out->spent = 0;
	out->unspent = out->budget;
	out->voter_budget = 0;
	out->add1_steps = 0;
	out->completed = 0;
}

void
tally_outcome_totals(struct tally_outcome *out, const struct tally_instance *inst)
{
	out->nselected = 0;
	out->spent = 0;
	for (size_t p = 0; p < out->nprojects; p++)
		if (out->projects[p].selected) {
			out->nselected++;
			out->spent += inst->projects[p].cost;
		}
	out->unspent = out->budget - out->spent;
}

void
tally_outcome_free(struct tally_outcome *out)
{
	if (out == NULL)
		return;
	free(out->projects);
	memset(out, 0, sizeof(*out));
}

/* ---- context: validation, merged ballots, tie-break order ---- */

static void
seterr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static void
ctx_free(struct tally_ctx *ctx)
{
	free(ctx->arena);
	free(ctx->marena);
	memset(ctx, 0, sizeof(*ctx));
}

/* Bump allocation from one block: every array of a context is carved out of a single
   malloc (one for the per-project part, one for the merged ballots), so a tally_run
   costs two allocations besides its outcome. */
struct bump {
	char	*p;
	size_t	 at, cap;
};

static size_t
bump_size(size_t n, size_t size)
{
	return ((n ? n : 1) * size + 15) & ~(size_t)15;
}

static void *
bump(struct bump *b, size_t n, size_t size)
{
	void *r = b->p + b->at;

	b->at += bump_size(n, size);
	return r;
}

/* Weight (utility) of the j-th entry of a ballot: points where the ballot type has them,
   positional Borda points for ordinal ballots without a points column, else 1. */
static int64_t
entry_weight(const struct tally_instance *inst, const struct tally_ballot *b, size_t j,
    int64_t k)
{
	switch (inst->type) {
	case TALLY_BALLOT_APPROVAL:
		return 1;
	case TALLY_BALLOT_ORDINAL:
		if (b->points == NULL)
			return k - (int64_t)j;
		/* FALLTHROUGH */
	case TALLY_BALLOT_CUMULATIVE:
	case TALLY_BALLOT_SCORING:
		return b->points != NULL ? b->points[j] : 1;
	}
	return 1;
}

static uint64_t
hash_step(uint64_t h, uint64_t v)
{
	h = (h ^ v) * UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 29);
}

static uint64_t
hash_final(uint64_t h)
{
	h ^= h >> 32;
	h *= UINT64_C(0xff51afd7ed558ccd);
	return h ^ (h >> 29);
}

/* Sorts idx[0..n) by cmp: insertion sort for the short arrays real rounds have (most
   ballots list a handful of initiatives, most rounds have under a hundred), else qsort_r. */
void
tally_sort_u32(uint32_t *idx, size_t n, int (*cmp)(const void *, const void *, void *),
    void *arg)
{
	if (n > 32) {
		qsort_r(idx, n, sizeof(*idx), cmp, arg);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t x = idx[i];
		size_t j = i;
		while (j > 0 && cmp(&idx[j - 1], &x, arg) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = x;
	}
}

static void
sort_u64(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > x) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int
id_cmp(const void *a, const void *b, void *arg)
{
	const struct tally_project *pr = arg;

	return strcmp(pr[*(const uint32_t *)a].id, pr[*(const uint32_t *)b].id);
}

struct lot_arg {
	const struct tally_ctx	*ctx;
	const uint8_t		(*lot)[crypto_generichash_BYTES];
};

/* cost-votes without the lot: lower cost, then more supporters, then the id (so the order
   is total and only ties on cost and supporters remain to be settled by the lot). */
static int
cv_cmp(const void *a, const void *b, void *arg)
{
	const struct tally_ctx *ctx = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct tally_project *px = &ctx->inst->projects[x], *py = &ctx->inst->projects[y];

	if (px->cost != py->cost)
		return px->cost < py->cost ? -1 : 1;
	if (ctx->supporters[x] != ctx->supporters[y])
		return ctx->supporters[x] > ctx->supporters[y] ? -1 : 1;
	return strcmp(px->id, py->id);
}

/* Within a run of equal cost and supporters: the lot, then the id. */
static int
lot_cmp(const void *a, const void *b, void *arg)
{
	const struct lot_arg *la = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = memcmp(la->lot[x], la->lot[y], crypto_generichash_BYTES);

	if (c != 0)
		return c;
	return strcmp(la->ctx->inst->projects[x].id, la->ctx->inst->projects[y].id);
}

/* The merge's hash table: a power of two ≥ 2·nb, kept at most half full. */
static size_t
merge_tsize(size_t nb)
{
	size_t tsize;

	for (tsize = 16; tsize < 2 * nb; tsize <<= 1)
		;
	return tsize;
}

static uint64_t
key_hash(uint64_t x, uint64_t lo, uint64_t hi)
{
	return hash_final(x ^ hash_step(lo, hi));
}

/* Approval ballots over at most this many initiatives are merged through a table
   indexed by the mask itself (no hashing). */
#define PASS_DIRECT	12

/*
 * Ballots over ≤ 64 initiatives (approval, cumulative, scoring), one pass per ballot:
 * validity (no index out of range, nothing twice, points in range), and either the counts
 * (greedy) or, for the rules that merge, the ballot's key — the bit mask of its positive
 * entries and their points packed 8 bits each in initiative order — merged at once into a
 * group (ctx->gkey, gmult) through an open-addressing table that grows with the groups;
 * supporters and scores are then counted per group.  Approval ballots over ≤ PASS_DIRECT
 * initiatives are merged through a table indexed by the mask.  Returns
 * -1 on anything it does not
 * handle (an invalid ballot, points above 255 or more than 16 positive entries when
 * merging): the general pass then counts again and names the problem.
 */
static inline __attribute__((always_inline)) int
pass64_as(struct tally_ctx *ctx, const int merge, const int points, const int direct,
    size_t *totalp)
{
	const struct tally_instance *inst = ctx->inst;
	const struct tally_ballot *ballots = inst->ballots;
	size_t np = ctx->np, nb = inst->nballots, total = 0, ng = 0;
	size_t tsize = ctx->gtsize, tcur = tsize < 64 ? tsize : 64;
	uint64_t (*gkey)[3] = ctx->gkey, *gmult = ctx->gmult, *sup = ctx->supporters;
	uint32_t *table = ctx->gtable;
	int64_t *score = ctx->score;
	int weighted = 0;
	uint8_t wpt[64];

	if (direct)
		memset(table, 0xff, ((size_t)1 << np) * sizeof(*table));
	else if (merge)
		memset(table, 0xff, tcur * sizeof(*table));
	for (size_t b = 0; b < nb; b++) {
		const uint32_t *pj = ballots[b].projects;
		const int64_t *pt = ballots[b].points;
		size_t n = ballots[b].n, j, slot;
		uint64_t seen = 0, x = 0, lo = 0, hi = 0;

		/* (n > np needs no test: some index would repeat or be out of range) */
		if (n > 0 && (pj == NULL || (points && pt == NULL)))
			return -1;
		if (!points) {
			for (j = 0; j < n; j++) {
				uint32_t p = pj[j];
				uint64_t bit = UINT64_C(1) << (p & 63);
				if ((p >= np) | ((x & bit) != 0))
					return -1;
				x |= bit;
				if (!merge && !direct)
					sup[p]++;
			}
			total += n;
			if (direct) {
				uint32_t g = table[x];
				if (g == UINT32_MAX) {
					table[x] = (uint32_t)ng;
					gkey[ng][0] = x;
					gkey[ng][1] = gkey[ng][2] = 0;
					gmult[ng++] = 1;
				} else
					gmult[g]++;
				continue;
			}
		} else {
			for (j = 0; j < n; j++) {
				uint32_t p = pj[j];
				int64_t w = pt[j];
				if (p >= np || (seen >> p & 1) || w > TALLY_MAX_POINTS ||
				    w < -TALLY_MAX_POINTS)
					return -1;
				seen |= UINT64_C(1) << p;
				if (w <= 0 || !merge) {
					score[p] += w;
					if (w <= 0)
						continue;
					sup[p]++;
				}
				x |= UINT64_C(1) << p;
				total++;
				weighted |= w != 1;
				if (w > 255 && merge)
					return -1;
				wpt[p] = (uint8_t)w;
			}
			if (!merge)
				continue;
			unsigned at = 0;
			for (uint64_t y = x; y != 0; y &= y - 1, at += 8) {
				uint64_t v = wpt[__builtin_ctzll(y)];
				if (at < 64)
					lo |= v << at;
				else if (at < 128)
					hi |= v << (at - 64);
				else
					return -1;	/* more than 16 entries */
			}
		}
		if (!merge)
			continue;
		if (2 * (ng + 1) > tcur && tcur < tsize) {
			tcur *= 2;
			memset(table, 0xff, tcur * sizeof(*table));
			for (size_t g = 0; g < ng; g++) {
				size_t sl = key_hash(gkey[g][0], gkey[g][1], gkey[g][2]) & (tcur - 1);
				while (table[sl] != UINT32_MAX)
					sl = (sl + 1) & (tcur - 1);
				table[sl] = (uint32_t)g;
			}
		}
		slot = key_hash(x, lo, hi) & (tcur - 1);
		for (;;) {
			uint32_t g = table[slot];
			if (g == UINT32_MAX) {
				table[slot] = (uint32_t)ng;
				gkey[ng][0] = x;
				gkey[ng][1] = lo;
				gkey[ng][2] = hi;
				gmult[ng++] = 1;
				break;
			}
			if (gkey[g][0] == x && gkey[g][1] == lo && gkey[g][2] == hi) {
				gmult[g]++;
				break;
			}
			slot = (slot + 1) & (tcur - 1);
		}
	}
	if (merge || direct) {
		for (size_t g = 0; g < ng; g++) {
			uint64_t x = gkey[g][0], m = gmult[g];
			for (unsigned i = 0; x != 0; x &= x - 1, i++) {
				uint32_t p = (uint32_t)__builtin_ctzll(x);
				int64_t w = points ? (int64_t)(gkey[g][1 + (i >> 3)] >> (8 * (i & 7)) & 0xff) : 1;
				sup[p] += m;
				score[p] += w * (int64_t)m;
			}
		}
		if (merge)
			ctx->ngroups = ng;
		else
			ctx->gkey = NULL;	/* counted by groups, but no merge */
	} else if (!points)
		for (size_t p = 0; p < np; p++)
			score[p] = (int64_t)sup[p];
	ctx->weighted = weighted;
	*totalp = total;
	return 0;
}

/* pass64 compiled for each case, so that each loop tests nothing it need not. */
static int
pass64(struct tally_ctx *ctx, int merge, size_t *totalp)
{
	if (ctx->inst->type == TALLY_BALLOT_APPROVAL) {
		if (!merge)
			return pass64_as(ctx, 0, 0, 0, totalp);
		return ctx->np <= PASS_DIRECT ? pass64_as(ctx, 1, 0, 1, totalp) :
		    pass64_as(ctx, 1, 0, 0, totalp);
	}
	return merge ? pass64_as(ctx, 1, 1, 0, totalp) : pass64_as(ctx, 0, 1, 0, totalp);
}

/*
 * Validates the instance and counts each initiative's score and supporters (all any rule
 * needs for greedy), checks that ids are unique and fixes the tie-break order.
 */
static int
ctx_build(struct tally_ctx *ctx, const struct tally_instance *inst,
    const struct tally_options *opt, char *err, size_t errlen)
{
	size_t np = inst->nprojects, nb = inst->nballots, total = 0;
	struct bump a = { 0 };
	uint32_t *stamp, *order;
	int64_t k = inst->ordinal_k;
	/* Equal Shares and Phragmén merge ballots: over ≤ 64 initiatives as bit masks, made
	   in the counting pass (greedy does not merge and skips them). */
	int merges = opt->rule == TALLY_RULE_EQUALSHARES || opt->rule == TALLY_RULE_EQUALSHARES_ADD1 ||
	    opt->rule == TALLY_RULE_PHRAGMEN;
	/* Ballots over ≤ 64 initiatives, approval or points: one pass (pass64) that
	   validates and, for the rules that merge, merges into groups on the way. */
	int pmasks = inst->type == TALLY_BALLOT_CUMULATIVE || inst->type == TALLY_BALLOT_SCORING;
	int groups = np <= 64 && merges && (inst->type == TALLY_BALLOT_APPROVAL || pmasks);
	int direct = inst->type == TALLY_BALLOT_APPROVAL && np <= PASS_DIRECT && merges;
	size_t tsize = direct ? (size_t)1 << np : merge_tsize(nb);
	size_t ngcap = direct && tsize < nb ? tsize : nb;

	memset(ctx, 0, sizeof(*ctx));
	ctx->inst = inst;
	ctx->opt = opt;
	ctx->np = np;
	if (np > TALLY_MAX_PROJECTS) {
		seterr(err, errlen, "too many initiatives (%zu, at most %d)", np, TALLY_MAX_PROJECTS);
		return -1;
	}
	if ((uint64_t)nb > TALLY_MAX_BALLOTS) {
		seterr(err, errlen, "too many ballots (%zu)", nb);
		return -1;
	}
	if (inst->budget < 0 || inst->budget > TALLY_MAX_MONEY) {
		seterr(err, errlen, "the budget is out of range");
		return -1;
	}
	for (size_t p = 0; p < np; p++) {
		const struct tally_project *pr = &inst->projects[p];
		if (pr->id == NULL || pr->id[0] == '\0') {
			seterr(err, errlen, "initiative %zu has no id", p);
			return -1;
		}
		if (pr->cost < 0 || pr->cost > TALLY_MAX_MONEY) {
			seterr(err, errlen, "initiative %s has a cost out of range", pr->id);
			return -1;
		}
	}
	if (inst->type != TALLY_BALLOT_APPROVAL && inst->type != TALLY_BALLOT_CUMULATIVE &&
	    inst->type != TALLY_BALLOT_SCORING && inst->type != TALLY_BALLOT_ORDINAL) {
		seterr(err, errlen, "unknown ballot type");
		return -1;
	}
	if (inst->type == TALLY_BALLOT_ORDINAL && k <= 0) {
		k = 0;		/* Borda k: the longest ballot */
		for (size_t b = 0; b < nb; b++)
			if ((int64_t)inst->ballots[b].n > k)
				k = (int64_t)inst->ballots[b].n;
	}

	a.cap = bump_size(np, sizeof(*ctx->tb_rank)) + bump_size(np, sizeof(*ctx->supporters)) +
	    bump_size(np, sizeof(*ctx->score)) + 2 * bump_size(np, sizeof(uint32_t)) +
	    (groups || direct ? bump_size(ngcap, sizeof(*ctx->gkey)) +
	    bump_size(ngcap, sizeof(*ctx->gmult)) + bump_size(tsize, sizeof(uint32_t)) : 0);
	if ((a.p = ctx->arena = malloc(a.cap)) == NULL)
		goto nomem;
	ctx->tb_rank = bump(&a, np, sizeof(*ctx->tb_rank));
	ctx->supporters = bump(&a, np, sizeof(*ctx->supporters));
	ctx->score = bump(&a, np, sizeof(*ctx->score));
	stamp = bump(&a, np, sizeof(*stamp));
	order = bump(&a, np, sizeof(*order));
	if (groups || direct) {
		ctx->gkey = bump(&a, ngcap, sizeof(*ctx->gkey));
		ctx->gmult = bump(&a, ngcap, sizeof(*ctx->gmult));
		ctx->gtable = bump(&a, tsize, sizeof(uint32_t));
		ctx->gtsize = tsize;
	}
	memset(ctx->supporters, 0, np * sizeof(*ctx->supporters));
	memset(ctx->score, 0, np * sizeof(*ctx->score));
	memset(stamp, 0, np * sizeof(*stamp));

	/* Approval ballots, the common case, and points ballots over ≤ 64 initiatives: one
	   tight pass (merging too, over ≤ 64); any problem falls through to the general
	   pass below, which finds and names it. */
	if (np <= 64 && (inst->type == TALLY_BALLOT_APPROVAL || pmasks)) {
		if (pass64(ctx, merges, &total) == 0)
			goto counted;
		memset(ctx->supporters, 0, np * sizeof(*ctx->supporters));
		memset(ctx->score, 0, np * sizeof(*ctx->score));
		ctx->weighted = 0;
		ctx->ngroups = 0;
		ctx->gkey = NULL;
		ctx->gmult = NULL;
		total = 0;
	} else if (inst->type == TALLY_BALLOT_APPROVAL) {
		size_t b;
		for (b = 0; b < nb; b++) {
			const struct tally_ballot *bl = &inst->ballots[b];
			const uint32_t *pj = bl->projects;
			uint32_t mark = (uint32_t)b + 1;
			size_t j, n = bl->n;

			if (n > np || (n > 0 && pj == NULL))
				break;
			for (j = 0; j < n; j++) {
				uint32_t p = pj[j];
				if (p >= np || stamp[p] == mark)
					break;
				stamp[p] = mark;
				ctx->supporters[p]++;
			}
			if (j < n)
				break;
			total += n;
		}
		if (b == nb) {
			for (size_t p = 0; p < np; p++)
				ctx->score[p] = (int64_t)ctx->supporters[p];
			goto counted;
		}
		total = 0;
		memset(ctx->supporters, 0, np * sizeof(*ctx->supporters));
		memset(stamp, 0, np * sizeof(*stamp));
	}

	/* One pass over the ballots: validity, scores and supporters. */
	for (size_t b = 0; b < nb; b++) {
		const struct tally_ballot *bl = &inst->ballots[b];
		uint32_t mark = (uint32_t)b + 1;

		if (bl->n > np) {
			seterr(err, errlen, "ballot %zu lists more initiatives than exist", b);
			goto fail;
		}
		if (bl->n > 0 && bl->projects == NULL) {
			seterr(err, errlen, "ballot %zu has no initiative list", b);
			goto fail;
		}
		if (bl->points == NULL && bl->n > 0 &&
		    (inst->type == TALLY_BALLOT_CUMULATIVE || inst->type == TALLY_BALLOT_SCORING)) {
			seterr(err, errlen, "ballot %zu has no points", b);
			goto fail;
		}
		for (size_t j = 0; j < bl->n; j++) {
			uint32_t p = bl->projects[j];
			int64_t w;

			if (p >= np) {
				seterr(err, errlen, "ballot %zu names initiative %" PRIu32
				    " which does not exist", b, p);
				goto fail;
			}
			if (stamp[p] == mark) {
				seterr(err, errlen, "ballot %zu lists initiative %s twice", b,
				    inst->projects[p].id);
				goto fail;
			}
			stamp[p] = mark;
			w = inst->type == TALLY_BALLOT_APPROVAL ? 1 : entry_weight(inst, bl, j, k);
			if (w > TALLY_MAX_POINTS || w < -TALLY_MAX_POINTS) {
				seterr(err, errlen, "ballot %zu gives out-of-range points", b);
				goto fail;
			}
			ctx->score[p] += w;
			if (w <= 0)
				continue;
			ctx->supporters[p]++;
			total++;
			if (w != 1)
				ctx->weighted = 1;
		}
	}
counted:
	ctx->nvoters = nb;
	ctx->ordinal_k = k;
	ctx->nentries = total;

	/* Ids must be unique: sort them as strings and look at neighbours. */
	for (size_t p = 0; p < np; p++)
		order[p] = (uint32_t)p;
	tally_sort_u32(order, np, id_cmp, (void *)(uintptr_t)inst->projects);
	for (size_t i = 1; i < np; i++)
		if (strcmp(inst->projects[order[i]].id, inst->projects[order[i - 1]].id) == 0) {
			seterr(err, errlen, "initiative id %s appears twice",
			    inst->projects[order[i]].id);
			goto fail;
		}

	/* The tie-break order, fixed once: every rule breaks ties by this rank.  lexico is
	   the id order just computed.  cost-votes: by cost and supporters; within a run of
	   equal cost and supporters by the lot, keyed BLAKE2b (key = the public seed) of each
	   id (docs/tally.md) — computed only for initiatives that are in such a run. */
	if (opt->tiebreak == TALLY_TIE_COST_VOTES && np > 1) {
		tally_sort_u32(order, np, cv_cmp, ctx);
		for (size_t i = 0, j; i < np; i = j) {
			const struct tally_project *pi = &inst->projects[order[i]];
			for (j = i + 1; j < np; j++) {
				const struct tally_project *pj = &inst->projects[order[j]];
				if (pj->cost != pi->cost ||
				    ctx->supporters[order[j]] != ctx->supporters[order[i]])
					break;
			}
			if (j - i < 2)
				continue;
			uint8_t (*lot)[crypto_generichash_BYTES] = malloc(np * sizeof(*lot));
			struct lot_arg la;
			if (lot == NULL)
				goto nomem;
			if (sodium_init() < 0) {
				free(lot);
				seterr(err, errlen, "libsodium could not be initialised");
				goto fail;
			}
			for (size_t x = i; x < j; x++) {
				const char *id = inst->projects[order[x]].id;
				crypto_generichash(lot[order[x]], crypto_generichash_BYTES,
				    (const unsigned char *)id, strlen(id), opt->seed, TALLY_SEED_BYTES);
			}
			la.ctx = ctx;
			la.lot = (const uint8_t (*)[crypto_generichash_BYTES])lot;
			tally_sort_u32(order + i, j - i, lot_cmp, &la);
			free(lot);
		}
	}
	for (size_t i = 0; i < np; i++)
		ctx->tb_rank[order[i]] = (uint32_t)i;
	return 0;
nomem:
	seterr(err, errlen, "out of memory");
fail:
	ctx_free(ctx);
	return -1;
}

/* Finishes a merge: pstart/pgroup from the groups' entries gstart/gproj (and weights). */
static void
merge_index(struct tally_ctx *ctx, size_t *fill)
{
	size_t np = ctx->np, ng = ctx->ngroups;

	memset(ctx->pstart, 0, (np + 1) * sizeof(*ctx->pstart));
	for (size_t j = 0; j < ctx->gstart[ng]; j++)
		ctx->pstart[ctx->gproj[j] + 1]++;
	for (size_t p = 0; p < np; p++)
		ctx->pstart[p + 1] += ctx->pstart[p];
	memcpy(fill, ctx->pstart, np * sizeof(*fill));
	for (size_t g = 0; g < ng; g++)
		for (size_t j = ctx->gstart[g]; j < ctx->gstart[g + 1]; j++) {
			size_t at = fill[ctx->gproj[j]]++;
			ctx->pgroup[at] = (uint32_t)g;
			if (ctx->weighted)
				ctx->pweight[at] = ctx->gweight[j];
		}
}

/* tally_ctx_merge for unweighted ballots over ≤ 64 initiatives; the scratch arrays are
   tally_ctx_merge's (chash holds the masks, cstart is unused). */
static int
merge_masks(struct tally_ctx *ctx, size_t *cstart, uint64_t *mask, uint32_t *table,
    size_t tsize, uint32_t *grep, size_t *fill)
{
	const struct tally_instance *inst = ctx->inst;
	size_t nb = inst->nballots, ng = 0, pos = 0, tcur = tsize < 64 ? tsize : 64;

	(void)cstart;
	for (size_t b = 0; b < nb; b++) {
		const struct tally_ballot *bl = &inst->ballots[b];
		uint64_t x = 0;

		for (size_t j = 0; j < bl->n; j++)
			if (entry_weight(inst, bl, j, ctx->ordinal_k) > 0)
				x |= UINT64_C(1) << bl->projects[j];
		mask[b] = x;
	}
	/* The table grows with the groups (real rounds have far fewer than ballots), kept
	   at most half full; tsize (≥ 2·nb) is never exceeded. */
	memset(table, 0xff, tcur * sizeof(*table));
	for (size_t b = 0; b < nb; b++) {
		uint64_t x = mask[b];
		size_t slot;

		if (2 * (ng + 1) > tcur && tcur < tsize) {
			tcur *= 2;
			memset(table, 0xff, tcur * sizeof(*table));
			for (size_t g = 0; g < ng; g++) {
				size_t sl = hash_final(mask[grep[g]]) & (tcur - 1);
				while (table[sl] != UINT32_MAX)
					sl = (sl + 1) & (tcur - 1);
				table[sl] = (uint32_t)g;
			}
		}
		slot = hash_final(x) & (tcur - 1);

		for (;;) {
			uint32_t g = table[slot];
			if (g == UINT32_MAX) {
				table[slot] = (uint32_t)ng;
				grep[ng] = (uint32_t)b;
				ctx->gmult[ng++] = 1;
				break;
			}
			if (mask[grep[g]] == x) {
				ctx->gmult[g]++;
				break;
			}
			slot = (slot + 1) & (tcur - 1);
		}
	}
	ctx->ngroups = ng;
	for (size_t g = 0; g < ng; g++) {
		uint64_t x = mask[grep[g]];
		ctx->gstart[g] = pos;
		while (x != 0) {
			ctx->gproj[pos++] = (uint32_t)__builtin_ctzll(x);
			x &= x - 1;
		}
	}
	ctx->gstart[ng] = pos;
	merge_index(ctx, fill);
	return 0;
}

/* tally_ctx_merge when the counting pass merged already (pass64): each group's entries
   from its key. */
static int
merge_grouped(struct tally_ctx *ctx)
{
	size_t np = ctx->np, ng = ctx->ngroups, total = 0, pos = 0;
	const uint64_t (*gkey)[3] = (const uint64_t (*)[3])ctx->gkey;
	struct bump a = { 0 };
	size_t *fill;

	for (size_t g = 0; g < ng; g++)
		total += (size_t)__builtin_popcountll(gkey[g][0]);
	a.cap = bump_size(ng + 1, sizeof(*ctx->gstart)) + 2 * bump_size(total, sizeof(uint32_t)) +
	    bump_size(np + 1, sizeof(*ctx->pstart)) + bump_size(np, sizeof(*fill)) +
	    (ctx->weighted ? 2 * bump_size(total, sizeof(int64_t)) : 0);
	if ((a.p = ctx->marena = malloc(a.cap)) == NULL)
		return -1;
	ctx->gstart = bump(&a, ng + 1, sizeof(*ctx->gstart));
	ctx->gproj = bump(&a, total, sizeof(*ctx->gproj));
	ctx->pgroup = bump(&a, total, sizeof(*ctx->pgroup));
	ctx->pstart = bump(&a, np + 1, sizeof(*ctx->pstart));
	fill = bump(&a, np, sizeof(*fill));
	if (ctx->weighted) {
		ctx->gweight = bump(&a, total, sizeof(*ctx->gweight));
		ctx->pweight = bump(&a, total, sizeof(*ctx->pweight));
	}
	for (size_t g = 0; g < ng; g++) {
		uint64_t x = gkey[g][0];
		ctx->gstart[g] = pos;
		for (unsigned i = 0; x != 0; x &= x - 1, i++) {
			if (ctx->weighted)
				ctx->gweight[pos] = (int64_t)(gkey[g][1 + (i >> 3)] >> (8 * (i & 7)) & 0xff);
			ctx->gproj[pos++] = (uint32_t)__builtin_ctzll(x);
		}
	}
	ctx->gstart[ng] = pos;
	merge_index(ctx, fill);
	return 0;
}

/*
 * Identical ballots merged into one group with a multiplicity, and each initiative's
 * supporting groups (what Equal Shares, Phragmén and the comparison need; greedy does not
 * build this).  Every rule treats voters with the same ballot identically, and real rounds
 * repeat ballots a lot, so the rules work per group, not per voter.  A ballot's canonical
 * form is its positive-weight entries as (initiative << 32 | weight), sorted.
 */
int
tally_ctx_merge(struct tally_ctx *ctx)
{
	const struct tally_instance *inst = ctx->inst;
	size_t np = ctx->np, nb = inst->nballots, total = ctx->nentries, tsize, ng = 0;
	struct bump a = { 0 };
	size_t *cstart;
	uint64_t *cent, *chash;
	uint32_t *table, *grep;
	size_t *fill;

	if (ctx->marena != NULL)
		return 0;
	if (ctx->gkey != NULL)
		return merge_grouped(ctx);
	tsize = merge_tsize(nb);
	a.cap = bump_size(nb + 1, sizeof(*cstart)) + bump_size(total, sizeof(*cent)) +
	    bump_size(nb, sizeof(*chash)) + bump_size(tsize, sizeof(*table)) +
	    bump_size(nb, sizeof(*grep)) + bump_size(np, sizeof(*fill)) +
	    bump_size(nb, sizeof(*ctx->gmult)) + bump_size(nb + 1, sizeof(*ctx->gstart)) +
	    2 * bump_size(total, sizeof(uint32_t)) + bump_size(np + 1, sizeof(*ctx->pstart)) +
	    (ctx->weighted ? 2 * bump_size(total, sizeof(int64_t)) : 0);
	if ((a.p = ctx->marena = malloc(a.cap)) == NULL)
		return -1;
	cstart = bump(&a, nb + 1, sizeof(*cstart));
	cent = bump(&a, total, sizeof(*cent));
	chash = bump(&a, nb, sizeof(*chash));
	table = bump(&a, tsize, sizeof(*table));
	grep = bump(&a, nb, sizeof(*grep));
	fill = bump(&a, np, sizeof(*fill));
	ctx->gmult = bump(&a, nb, sizeof(*ctx->gmult));
	ctx->gstart = bump(&a, nb + 1, sizeof(*ctx->gstart));
	ctx->gproj = bump(&a, total, sizeof(*ctx->gproj));
	ctx->pgroup = bump(&a, total, sizeof(*ctx->pgroup));
	ctx->pstart = bump(&a, np + 1, sizeof(*ctx->pstart));
	if (ctx->weighted) {
		ctx->gweight = bump(&a, total, sizeof(*ctx->gweight));
		ctx->pweight = bump(&a, total, sizeof(*ctx->pweight));
	}

	/* Approval-like ballots (every positive weight 1) over at most 64 initiatives: a
	   ballot is its bit mask, compared as one word. */
	if (!ctx->weighted && np <= 64)
		return merge_masks(ctx, cstart, chash, table, tsize, grep, fill);

	/* Canonical form and hash of every ballot (validated by ctx_build). */
	size_t pos = 0;
	for (size_t b = 0; b < nb; b++) {
		const struct tally_ballot *bl = &inst->ballots[b];
		uint64_t h = UINT64_C(0x243f6a8885a308d3);

		cstart[b] = pos;
		for (size_t j = 0; j < bl->n; j++) {
			int64_t w = inst->type == TALLY_BALLOT_APPROVAL ? 1 :
			    entry_weight(inst, bl, j, ctx->ordinal_k);
			if (w > 0)
				cent[pos++] = (uint64_t)bl->projects[j] << 32 | (uint64_t)w;
		}
		if (pos - cstart[b] > 16)
			qsort(cent + cstart[b], pos - cstart[b], sizeof(*cent), u64_cmp);
		else
			sort_u64(cent + cstart[b], pos - cstart[b]);
		for (size_t j = cstart[b]; j < pos; j++)
			h = hash_step(h, cent[j]);
		chash[b] = hash_final(h ^ (pos - cstart[b]));
	}
	cstart[nb] = pos;

	/* Merge with an open-addressing table of group representatives. */
	memset(table, 0xff, tsize * sizeof(*table));
	for (size_t b = 0; b < nb; b++) {
		size_t slot = chash[b] & (tsize - 1), len = cstart[b + 1] - cstart[b];

		for (;;) {
			uint32_t g = table[slot];
			if (g == UINT32_MAX) {
				table[slot] = (uint32_t)ng;
				grep[ng] = (uint32_t)b;
				ctx->gmult[ng++] = 1;
				break;
			}
			size_t r = grep[g];
			if (chash[r] == chash[b] && cstart[r + 1] - cstart[r] == len &&
			    memcmp(cent + cstart[r], cent + cstart[b], len * sizeof(*cent)) == 0) {
				ctx->gmult[g]++;
				break;
			}
			slot = (slot + 1) & (tsize - 1);
		}
	}
	ctx->ngroups = ng;

	pos = 0;
	for (size_t g = 0; g < ng; g++) {
		size_t r = grep[g];
		ctx->gstart[g] = pos;
		for (size_t j = cstart[r]; j < cstart[r + 1]; j++) {
			ctx->gproj[pos] = (uint32_t)(cent[j] >> 32);
			if (ctx->weighted)
				ctx->gweight[pos] = (int64_t)(cent[j] & UINT32_MAX);
			pos++;
		}
	}
	ctx->gstart[ng] = pos;
	merge_index(ctx, fill);
	return 0;
}

int
tally_run(const struct tally_instance *inst, const struct tally_options *opt,
    struct tally_outcome *out, char *err, size_t errlen)
{
	struct tally_ctx ctx;
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	if (opt->city_rule != TALLY_CITY_NONE && opt->rule != TALLY_RULE_GREEDY) {
		seterr(err, errlen, "a city's greedy variant is tallied as greedy only");
		return -1;
	}
	if (opt->rule == TALLY_RULE_GREEDY_THRESHOLD && !opt->has_threshold) {
		seterr(err, errlen, "greedy-threshold needs a threshold");
		return -1;
	}
	if (opt->complete_greedy && opt->rule != TALLY_RULE_EQUALSHARES &&
	    opt->rule != TALLY_RULE_EQUALSHARES_ADD1) {
		seterr(err, errlen, "--complete greedy only applies to equalshares rules");
		return -1;
	}
	if (opt->comparison && opt->rule != TALLY_RULE_EQUALSHARES &&
	    opt->rule != TALLY_RULE_EQUALSHARES_ADD1) {
		seterr(err, errlen, "the comparison step only applies to equalshares rules");
		return -1;
	}
	if (opt->add1_step < 0 || opt->add1_step > TALLY_MAX_MONEY) {
		seterr(err, errlen, "the add1 step is out of range");
		return -1;
	}
	if (ctx_build(&ctx, inst, opt, err, errlen) == -1)
		return -1;
	out->options = *opt;
	out->nprojects = inst->nprojects;
	out->budget = inst->budget;
	out->unspent = inst->budget;
	out->voters = ctx.nvoters;
	out->projects = calloc(inst->nprojects ? inst->nprojects : 1, sizeof(*out->projects));
	if (out->projects == NULL) {
		ctx_free(&ctx);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	for (size_t p = 0; p < inst->nprojects; p++) {
		out->projects[p].supporters = ctx.supporters[p];
		out->projects[p].score = ctx.score[p];
	}
	switch (opt->rule) {
	case TALLY_RULE_GREEDY:
	case TALLY_RULE_GREEDY_NO_SKIP:
	case TALLY_RULE_GREEDY_THRESHOLD:
		rc = tally_greedy(&ctx, out);
		break;
	case TALLY_RULE_EQUALSHARES:
	case TALLY_RULE_EQUALSHARES_ADD1:
		rc = tally_ctx_merge(&ctx) == 0 ? tally_mes(&ctx, out) : -1;
		break;
	case TALLY_RULE_PHRAGMEN:
		rc = tally_ctx_merge(&ctx) == 0 ? tally_phragmen(&ctx, out) : -1;
		break;
	default:
		rc = -1;
		break;
	}
	ctx_free(&ctx);
	if (rc == -1) {
		tally_outcome_free(out);
		seterr(err, errlen, "out of memory");
		return -1;
	}
	/* A withdrawn initiative that no rule funded says so, whatever the rule. */
	for (size_t p = 0; p < inst->nprojects; p++)
		if (inst->projects[p].withdrawn && !out->projects[p].selected) {
			out->projects[p].reason = TALLY_REASON_WITHDRAWN;
			out->projects[p].left = 0;
		}
	tally_outcome_totals(out, inst);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->tally_seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	out->parse_seconds = -1;
	return 0;
}

/* ---- explanation ---- */

int
tally_id_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *y) {
		if (isdigit(*x) && isdigit(*y)) {
			const unsigned char *xs, *ys;
			size_t xl, yl;
			int c;

			while (*x == '0' && isdigit(x[1]))
				x++;
			while (*y == '0' && isdigit(y[1]))
				y++;
			for (xs = x; isdigit(*x); x++)
				;
			for (ys = y; isdigit(*y); y++)
				;
			xl = (size_t)(x - xs);
			yl = (size_t)(y - ys);
			if (xl != yl)
				return xl < yl ? -1 : 1;
			if ((c = memcmp(xs, ys, xl)) != 0)
				return c < 0 ? -1 : 1;
			continue;
		}
		if (*x != *y)
			return *x < *y ? -1 : 1;
		x++;
		y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	return strcmp(a, b);
}

static int
natural_idx_cmp(const void *a, const void *b, void *arg)
{
	const struct tally_instance *inst = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return tally_id_cmp(inst->projects[x].id, inst->projects[y].id);
}

int
tally_print_selected(FILE *f, const struct tally_instance *inst, const struct tally_outcome *out)
{
	uint32_t *idx = malloc((out->nprojects ? out->nprojects : 1) * sizeof(*idx));
	size_t n = 0;

	if (idx == NULL)
		return -1;
	for (size_t p = 0; p < out->nprojects; p++)
		if (out->projects[p].selected)
			idx[n++] = (uint32_t)p;
	qsort_r(idx, n, sizeof(*idx), natural_idx_cmp, (void *)(uintptr_t)inst);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "," : "", inst->projects[idx[i]].id);
	fputc('\n', f);
	free(idx);
	return ferror(f) ? -1 : 0;
}

static int
is_euro(const char *currency)
{
	return currency == NULL || currency[0] == '\0' || strcasecmp(currency, "EUR") == 0;
}

const char *
tally_money(char *buf, size_t len, int64_t cents, const char *currency)
{
	char digits[32], grouped[48];
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	int n, g = 0;

	n = snprintf(digits, sizeof(digits), "%" PRIu64, v / 100);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[g++] = '.';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(buf, len, "%s%s %s%s,%02u", is_euro(currency) ? "€" : currency, "",
	    cents < 0 ? "-" : "", grouped, (unsigned)(v % 100));
	return buf;
}

static const char *
utility_name(enum tally_utility u)
{
	return u == TALLY_UTILITY_CARDINALITY ? "cardinality" : "cost";
}

static const char *
tiebreak_name(enum tally_tiebreak t)
{
	return t == TALLY_TIE_LEXICO ? "lexico" : "cost-votes";
}

static const char *
reason_name(enum tally_reason r)
{
	switch (r) {
	case TALLY_REASON_FUNDED:		return "funded";
	case TALLY_REASON_FUNDED_COMPLETION:	return "funded-completion";
	case TALLY_REASON_NOT_FIT:		return "did-not-fit";
	case TALLY_REASON_BELOW_THRESHOLD:	return "below-threshold";
	case TALLY_REASON_STOPPED:		return "stopped";
	case TALLY_REASON_UNAFFORDABLE:		return "unaffordable";
	case TALLY_REASON_NO_SUPPORT:		return "no-votes";
	case TALLY_REASON_OVER_BUDGET:		return "over-budget";
	case TALLY_REASON_WITHDRAWN:		return "withdrawn";
	}
	return "?";
}

/* Whether a greedy variant ran with a minimum score. */
static int
greedy_threshold(const struct tally_options *o)
{
	return o->rule == TALLY_RULE_GREEDY_THRESHOLD || ((o->rule == TALLY_RULE_GREEDY ||
	    o->rule == TALLY_RULE_GREEDY_NO_SKIP) && o->has_threshold);
}

static const char *
city_note(int city)
{
	return city == TALLY_CITY_EXCLUSIVE ?
	    "tallied as greedy (the checker does the same); the city also kept mutually "
	    "exclusive projects apart, which the file does not encode" :
	    "tallied as greedy (the checker does the same); the city had extra conditions "
	    "of its own, which the file does not encode";
}

static int
rule_is_mes(const struct tally_outcome *out)
{
	return (out->options.rule == TALLY_RULE_EQUALSHARES ||
	    out->options.rule == TALLY_RULE_EQUALSHARES_ADD1) && !out->greedy_won;
}

/* One sentence: why this initiative is (not) funded. */
static void
explain(char *buf, size_t len, const struct tally_instance *inst,
    const struct tally_outcome *out, size_t p)
{
	const struct tally_project_result *r = &out->projects[p];
	const char *cur = inst->currency;
	char m1[48], m2[48];
	int points = inst->type != TALLY_BALLOT_APPROVAL;

	switch (r->reason) {
	case TALLY_REASON_FUNDED:
		if (out->options.rule == TALLY_RULE_PHRAGMEN)
			snprintf(buf, len, "funded in round %" PRIu32 ": each supporter's load is "
			    "now %s", r->round, tally_money(m1, sizeof(m1), r->price, cur));
		else if (rule_is_mes(out))
			snprintf(buf, len, "funded in round %" PRIu32 ": %s %s; %" PRIu64
			    " supporters paid that, %" PRIu64 " paid all they had left",
			    r->round, points ? "price per point" : "price per supporter",
			    tally_money(m1, sizeof(m1), r->price, cur), r->paid_full, r->paid_all);
		else
			snprintf(buf, len, "funded as number %" PRIu32 ", %s left after it",
			    r->round, tally_money(m1, sizeof(m1), r->left, cur));
		break;
	case TALLY_REASON_FUNDED_COMPLETION:
		snprintf(buf, len, "funded by the greedy completion, %s left after it",
		    tally_money(m1, sizeof(m1), r->left, cur));
		break;
	case TALLY_REASON_NOT_FIT:
		snprintf(buf, len, "did not fit: %s left",
		    tally_money(m1, sizeof(m1), r->left, cur));
		break;
	case TALLY_REASON_BELOW_THRESHOLD:
		snprintf(buf, len, "score %" PRId64 " is below the threshold %" PRId64,
		    r->score, out->options.threshold);
		break;
	case TALLY_REASON_STOPPED:
		snprintf(buf, len, "not considered: the rule stopped at the first initiative "
		    "that did not fit (%s left)", tally_money(m1, sizeof(m1), r->left, cur));
		break;
	case TALLY_REASON_UNAFFORDABLE:
		snprintf(buf, len, "its supporters had only %s left, it costs %s",
		    tally_money(m1, sizeof(m1), r->supporters_money, cur),
		    tally_money(m2, sizeof(m2), inst->projects[p].cost, cur));
		break;
	case TALLY_REASON_NO_SUPPORT:
		snprintf(buf, len, "no votes");
		break;
	case TALLY_REASON_OVER_BUDGET:
		snprintf(buf, len, "costs more than the whole budget");
		break;
	case TALLY_REASON_WITHDRAWN:
		snprintf(buf, len, "ingetrokken / withdrawn (pabulib's sentinel cost 999999999)");
		break;
	}
}

struct disp_arg {
	const struct tally_instance	*inst;
	const struct tally_outcome	*out;
};

/* Funded first in funding order, then the rest by score, highest first. */
static int
display_cmp(const void *a, const void *b, void *arg)
{
	const struct disp_arg *d = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct tally_project_result *rx = &d->out->projects[x], *ry = &d->out->projects[y];

	if (rx->selected != ry->selected)
		return rx->selected ? -1 : 1;
	if (rx->selected && rx->round != ry->round)
		return rx->round < ry->round ? -1 : 1;
	if (rx->score != ry->score)
		return rx->score > ry->score ? -1 : 1;
	return tally_id_cmp(d->inst->projects[x].id, d->inst->projects[y].id);
}

static uint32_t *
display_order(const struct tally_instance *inst, const struct tally_outcome *out)
{
	uint32_t *idx = malloc((out->nprojects ? out->nprojects : 1) * sizeof(*idx));

	if (idx == NULL)
		return NULL;
	for (size_t p = 0; p < out->nprojects; p++)
		idx[p] = (uint32_t)p;
	struct disp_arg d = { inst, out };
	qsort_r(idx, out->nprojects, sizeof(*idx), display_cmp, &d);
	return idx;
}

int
tally_print_text(FILE *f, const struct tally_instance *inst, const struct tally_outcome *out)
{
	const char *cur = inst->currency;
	char rule[64], m1[48], m2[48], m3[48], why[256];
	uint32_t *idx;
	int idw = 2, points = inst->type != TALLY_BALLOT_APPROVAL;

	if ((idx = display_order(inst, out)) == NULL)
		return -1;
	fprintf(f, "Rule %s (utility %s, tie-break %s", tally_rule_name(&out->options, rule,
	    sizeof(rule)), points ? "points" : utility_name(out->options.utility),
	    tiebreak_name(out->options.tiebreak));
	if (out->options.rule == TALLY_RULE_EQUALSHARES_ADD1)
		fprintf(f, ", add1 stop %s", out->options.add1_stop == TALLY_ADD1_STOP_FITS ?
		    "fits" : "exhaustive");
	if (out->options.complete_greedy)
		fprintf(f, ", greedy completion");
	if (greedy_threshold(&out->options))
		fprintf(f, ", threshold %" PRId64, out->options.threshold);
	fprintf(f, ")\n");
	if (out->options.city_rule != TALLY_CITY_NONE)
		fprintf(f, "Note: %s\n", city_note(out->options.city_rule));
	fprintf(f, "Budget %s; spent %s on %zu of %zu initiatives; unspent %s; %" PRIu64
	    " voters\n", tally_money(m1, sizeof(m1), out->budget, cur),
	    tally_money(m2, sizeof(m2), out->spent, cur), out->nselected, out->nprojects,
	    tally_money(m3, sizeof(m3), out->unspent, cur), out->voters);
	if (out->options.rule == TALLY_RULE_EQUALSHARES ||
	    out->options.rule == TALLY_RULE_EQUALSHARES_ADD1) {
		fprintf(f, "Equal shares: budget per voter %s", tally_money(m1, sizeof(m1),
		    out->voter_budget, cur));
		if (out->options.rule == TALLY_RULE_EQUALSHARES_ADD1)
			fprintf(f, " (raised %" PRIu32 " times by one unit)", out->add1_steps);
		if (out->options.complete_greedy)
			fprintf(f, "; the greedy completion added %" PRIu32, out->completed);
		fprintf(f, "\n");
	}
	if (out->compared)
		fprintf(f, "Compared with greedy: %" PRIu64 " voters prefer equal shares, %" PRIu64
		    " prefer greedy; %s is kept\n", out->prefer_mes, out->prefer_greedy,
		    out->greedy_won ? "greedy" : "equal shares");
	for (size_t i = 0; i < out->nprojects; i++) {
		int w = (int)strlen(inst->projects[i].id);
		if (w > idw)
			idw = w;
	}
	fprintf(f, "\n%-*s  %-10s  %9s  %16s  %s\n", idw, "id", "result",
	    points ? "points" : "votes", "cost", "why");
	for (size_t i = 0; i < out->nprojects; i++) {
		size_t p = idx[i];
		const struct tally_project_result *r = &out->projects[p];

		explain(why, sizeof(why), inst, out, p);
		fprintf(f, "%-*s  %-10s  %9" PRId64 "  %16s  %s", idw, inst->projects[p].id,
		    r->selected ? "funded" : "not funded", points ? r->score : (int64_t)r->supporters,
		    tally_money(m1, sizeof(m1), inst->projects[p].cost, cur), why);
		if (inst->projects[p].name != NULL && inst->projects[p].name[0] != '\0')
			fprintf(f, " — %s", inst->projects[p].name);
		fputc('\n', f);
	}
	free(idx);
	return ferror(f) ? -1 : 0;
}

/* JSON string: escapes quotes, backslashes and controls; invalid UTF-8 becomes U+FFFD. */
static void
json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	fputc('"', f);
	while (*p) {
		unsigned char c = *p;
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
		    (c & 0xf8) == 0xf0 ? 4 : 0;
		int ok = n > 0;

		for (size_t i = 1; ok && i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				ok = 0;
		if (ok && n == 2 && c < 0xc2)
			ok = 0;
		if (ok && n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
			ok = 0;
		if (ok && n == 4 && ((c == 0xf0 && p[1] < 0x90) || c > 0xf4 ||
		    (c == 0xf4 && p[1] >= 0x90)))
			ok = 0;
		if (!ok) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

int
tally_print_json(FILE *f, const struct tally_instance *inst, const struct tally_outcome *out)
{
	char rule[64], why[256];
	uint32_t *idx;
	int first = 1;

	if ((idx = malloc((out->nprojects ? out->nprojects : 1) * sizeof(*idx))) == NULL)
		return -1;
	fprintf(f, "{\"rule\":");
	json_str(f, tally_rule_name(&out->options, rule, sizeof(rule)));
	fprintf(f, ",\"utility\":\"%s\",\"tie_break\":\"%s\",\"currency\":",
	    inst->type != TALLY_BALLOT_APPROVAL ? "points" : utility_name(out->options.utility),
	    tiebreak_name(out->options.tiebreak));
	json_str(f, is_euro(inst->currency) ? "EUR" : inst->currency);
	fprintf(f, ",\"budget_cents\":%" PRId64 ",\"spent_cents\":%" PRId64
	    ",\"unspent_cents\":%" PRId64 ",\"voters\":%" PRIu64 ",\"selected\":[",
	    out->budget, out->spent, out->unspent, out->voters);
	size_t n = 0;
	for (size_t p = 0; p < out->nprojects; p++)
		if (out->projects[p].selected)
			idx[n++] = (uint32_t)p;
	qsort_r(idx, n, sizeof(*idx), natural_idx_cmp, (void *)(uintptr_t)inst);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		json_str(f, inst->projects[idx[i]].id);
	}
	fputc(']', f);
	free(idx);
	if (out->options.rule == TALLY_RULE_EQUALSHARES ||
	    out->options.rule == TALLY_RULE_EQUALSHARES_ADD1)
		fprintf(f, ",\"voter_budget_cents\":%" PRId64 ",\"add1_steps\":%" PRIu32
		    ",\"completed\":%" PRIu32, out->voter_budget, out->add1_steps, out->completed);
	if (greedy_threshold(&out->options))
		fprintf(f, ",\"threshold\":%" PRId64, out->options.threshold);
	if (out->options.city_rule != TALLY_CITY_NONE) {
		fprintf(f, ",\"note\":");
		json_str(f, city_note(out->options.city_rule));
	}
	fprintf(f, ",\"tally_seconds\":%.6f", out->tally_seconds);
	if (out->parse_seconds >= 0)
		fprintf(f, ",\"parse_seconds\":%.6f", out->parse_seconds);
	if (out->compared)
		fprintf(f, ",\"comparison\":{\"prefer_equalshares\":%" PRIu64
		    ",\"prefer_greedy\":%" PRIu64 ",\"kept\":\"%s\"}", out->prefer_mes,
		    out->prefer_greedy, out->greedy_won ? "greedy" : "equalshares");
	fprintf(f, ",\"projects\":[");
	if ((idx = display_order(inst, out)) == NULL)
		return -1;
	for (size_t i = 0; i < out->nprojects; i++) {
		size_t p = idx[i];
		const struct tally_project_result *r = &out->projects[p];

		fprintf(f, "%s{\"id\":", first ? "" : ",");
		first = 0;
		json_str(f, inst->projects[p].id);
		fprintf(f, ",\"name\":");
		json_str(f, inst->projects[p].name);
		fprintf(f, ",\"cost_cents\":%" PRId64 ",\"votes\":%" PRIu64 ",\"score\":%" PRId64
		    ",\"selected\":%s,\"round\":%" PRIu32 ",\"reason\":\"%s\"",
		    inst->projects[p].cost, r->supporters, r->score,
		    r->selected ? "true" : "false", r->round, reason_name(r->reason));
		if (r->reason == TALLY_REASON_FUNDED && (rule_is_mes(out) ||
		    out->options.rule == TALLY_RULE_PHRAGMEN))
			fprintf(f, ",\"price_cents\":%" PRId64, r->price);
		if (r->reason == TALLY_REASON_FUNDED && rule_is_mes(out))
			fprintf(f, ",\"paid_full\":%" PRIu64 ",\"paid_all\":%" PRIu64,
			    r->paid_full, r->paid_all);
		if (r->reason == TALLY_REASON_UNAFFORDABLE)
			fprintf(f, ",\"supporters_money_cents\":%" PRId64, r->supporters_money);
		if (r->reason == TALLY_REASON_NOT_FIT || r->reason == TALLY_REASON_STOPPED ||
		    (r->selected && !rule_is_mes(out) && out->options.rule != TALLY_RULE_PHRAGMEN) ||
		    r->reason == TALLY_REASON_FUNDED_COMPLETION)
			fprintf(f, ",\"left_cents\":%" PRId64, r->left);
		explain(why, sizeof(why), inst, out, p);
		fprintf(f, ",\"explanation\":");
		json_str(f, why);
		fputc('}', f);
	}
	fprintf(f, "]}\n");
	free(idx);
	return ferror(f) ? -1 : 0;
}
