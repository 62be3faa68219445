/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tally_mes.c — the Method of Equal Shares (equalshares), its add1 completion (both stop
 * semantics), the greedy completion after it and the -comparison step.  docs/tally.md has
 * the exact rule; this comment is about how it is computed.
 *
 * Exact arithmetic: every voter budget is a GMP rational.  Voters are handled per group of
 * identical ballots (struct tally_ctx), and groups per *budget class*: all groups whose
 * budgets are equal because they went through the same payments share one class (one mpq).
 * Funding an initiative moves each supporting class k either to class 0 (paid all it had)
 * or to one new class val[k] − t·w, so a project's supporters are summarised by a handful
 * of (class, weight, multiplicity) entries, and the per-voter work is integer counting.
 *
 * Speed, without giving up exactness:
 * - An initiative's ρ only grows as budgets shrink, so the last ρ is a lower bound; each
 *   round evaluates candidates in increasing bound order and stops once a bound exceeds
 *   the best ρ found.
 * - Candidates are first evaluated in long double with a proven error bound (mes_filter):
 *   every comparison it makes is either separated by more than the bound — then it is
 *   exactly right — or it gives up and the exact evaluation runs.  Only the initiatives
 *   whose ρ intervals touch the best one are then evaluated exactly (usually one; several
 *   on ties), so the tie-break always sees exact equality.
 * - add1 skips the raises whose outcome provably equals the previous run's (mes_add1).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmp.h>

#include "tally.h"

#define NONE		UINT32_MAX

/* Error model of the filter (see mes_filter): mpq_get_d truncates to double (relative error
   below 2^-52); each long double operation rounds by at most 2^-64.  Both with slack. */
#define DV_EPS		2.3e-16L
#define LD_EPS		1.1e-19L
#define FILTER_GIVEUP	1e-7L	/* relative error beyond which the exact walk is cheaper */

enum { MES_CAND, MES_FUNDED, MES_DEAD, MES_NOSUP };
enum { FILTER_DEAD, FILTER_OK, FILTER_UNSURE };

struct mes_entry {
	uint32_t	cls;
	int64_t		w;
	uint64_t	m;
	mpq_srcptr	key;	/* budget per unit of utility: val[cls] / w, exact */
	long double	dkey;	/* its approximation */
};

/*
 * The trace of one MES run (add1 raise skipping, see mes_add1): its *structure* as tokens —
 * per round, every candidate evaluated (dead, or affordable with which supporter entries pay
 * all they have), the winner and which of its supporters' classes are emptied — and, per
 * fact, a floating-point *margin* used only to guess how far the structure will last.
 */
struct mes_trace {
	uint32_t	*tok;
	size_t		 ntok, captok;
	double		*mar;
	size_t		 nmar, capmar;
	int		 bad;		/* out of memory while recording: equal to nothing */
};

/*
 * The outcome of one MES run, for add1's outcome-level skipping (mes_add1, "Skipping raises
 * by outcome"): per funded round the winner, a certified upper bound of its exact ρ, and
 * whether nobody among its supporters paid all they had (then ρ = 1/W or cost/W exactly,
 * W its supporters' utility).
 */
struct mes_osum {
	uint32_t	*w;
	long double	*hi;
	uint8_t		*rich;
	uint64_t	*W;
	size_t		 n;
};

struct mes {
	struct tally_ctx	*ctx;
	struct mes_trace	*tr;		/* recording into, or NULL */
	struct mes_osum		*orec;		/* recording the outcome into, or NULL */
	const struct mes_osum	*oref;		/* certifying against this outcome, or NULL */
	int			 ofail;		/* ... and the certificate failed */
	const struct mes_trace	*trref;		/* a probe: the trace it is compared with */
	int			 trdiv;		/* ... and this run's trace left it */
	int			 oabort;	/* a probe: stop once neither can hold */
	int			 aborted;	/* ... and it stopped (its outcome is partial) */
	size_t			 walk_poor;	/* mes_walk: entries perm[0..walk_poor) pay all */
	int			 how;		/* mes_exact: 1 from the filter's partition, 2 walked */
	const struct tally_instance *inst;
	size_t			 np, ng;
	int			 cost_util;	/* ρ = t / cost; otherwise ρ = t */
	mpq_t			*val;		/* class budgets; class 0 is the empty purse */
	long double		*dv;		/* approximations of val ... */
	long double		*ae;		/* ... and a bound on their absolute error */
	uint32_t		*parent;	/* lazy class: val = val[parent] − cw·ts[ctix] */
	uint32_t		*ctix;
	int64_t			*cw;
	uint8_t			*mat;		/* val[k] is computed */
	mpq_t			*ts;		/* the t of each funded round, exact when tsx[j] */
	size_t			 nts;
	/* Lazy t (mes_fund): a round decided by the filter's certified partition keeps t as
	   tsd[j] within tse[j], with what defines it exactly (initiative tsp[j], the rich
	   utility tswr[j], the poor entries pcls/pm[tsat[j] .. tsat[j+1])); ts[j] is
	   computed from that only when an exact computation needs it (mes_ts_upto). */
	uint8_t			*tsx;
	long double		*tsd, *tse;
	uint32_t		*tsp;
	uint64_t		*tswr;
	size_t			*tsat;
	uint32_t		*pcls;
	uint64_t		*pm;
	size_t			 tsfirst;	/* ts[0 .. tsfirst) are all exact */
	uint64_t		*coef2;		/* mes_ts_upto's own coefficients */
	uint32_t		*chain;		/* scratch for materialising */
	uint64_t		*coef;		/* per round: Σ m·w over a set of classes (mes_sum) */
	size_t			 nrounds;
	size_t			 ncls, capcls;
	size_t			 nvalinit;	/* val[0..nvalinit) are mpq_init'ed */
	uint32_t		*gcls;		/* class of each ballot group */
	uint32_t		*slot;		/* per class: its entry while gathered (unweighted) */
	long double		*lb;		/* per project: a lower bound of its ρ */
	long double		*lo, *hi;	/* per project: this round's ρ interval */
	mpq_t			*ratio;		/* per entry, weighted ballots only */
	size_t			 nratio;	/* how many of ratio are initialised */
	uint8_t			*state;
	uint32_t		*cand, *perm, *newcls, *ev;
	uint32_t		*enext;		/* weighted gather: next entry of the same class */
	struct mes_entry	*ent;
	uint8_t			*inL;		/* per entry: pays all it has (filter partition) */
	uint64_t		 wr;		/* utility of the others */
	size_t			 nent, capent;
	mpq_t			 t, rho, best_t, best_rho, r, tmp;	/* when have_q */
	int			 have_q;
	void			*block;		/* the fixed-size arrays (mes_init) */
	void			*cblock;	/* the class arrays (mes_reserve) */
	/* This round's best filter answer so far (mes_round), reused by mes_fund when it
	   wins: its entries, partition, rich utility and ρ. */
	int64_t			 wp;
	struct mes_entry	*went;
	uint8_t			*winL;
	size_t			 wnent;
	uint64_t		 wwr;
	long double		 wrho, werr;
	uint32_t		*evr;		/* per project: 1 + the round it was last
						   evaluated in (0: not yet) */
	uint64_t		*pwr;		/* per project: rich utility of its last filter */
	uint8_t			*prich;		/* ... and whether nobody was poor then */
	int			 b0small;	/* val[1] = b0n / b0d in 64 bits */
	uint64_t		 b0n, b0d;
	int64_t			 spent;
	uint32_t		 nruns;		/* add1: MES runs made (this thread) */
	uint32_t		 noskips;	/* add1: stretches certified by outcome only */
};

static int64_t
q_floor(mpq_srcptr q)
{
	mpz_t z;
	int64_t v;

	mpz_init(z);
	mpz_fdiv_q(z, mpq_numref(q), mpq_denref(q));
	v = mpz_fits_slong_p(z) ? mpz_get_si(z) : 0;
	mpz_clear(z);
	return v;
}

/* Nearest cent, halves up: floor((2·num + den) / (2·den)). */
static int64_t
q_round(mpq_srcptr q)
{
	mpz_t a, b;
	int64_t v;

	mpz_inits(a, b, NULL);
	mpz_mul_2exp(a, mpq_numref(q), 1);
	mpz_add(a, a, mpq_denref(q));
	mpz_mul_2exp(b, mpq_denref(q), 1);
	mpz_fdiv_q(a, a, b);
	v = mpz_fits_slong_p(a) ? mpz_get_si(a) : 0;
	mpz_clears(a, b, NULL);
	return v;
}

static void
mes_free(struct mes *m)
{
	for (size_t i = 0; i < m->nvalinit; i++)
		mpq_clear(m->val[i]);
	for (size_t i = 0; i < m->nratio; i++)
		mpq_clear(m->ratio[i]);
	if (m->have_q)
		mpq_clears(m->t, m->rho, m->best_t, m->best_rho, m->r, m->tmp, NULL);
	for (size_t i = 0; i < m->nts; i++)
		mpq_clear(m->ts[i]);
	free(m->cblock);
	free(m->block);
	memset(m, 0, sizeof(*m));
}

/* The fixed-size arrays, carved out of one block (a small round is dominated by fixed
   costs: one allocation instead of two dozen). */
static int
mes_init(struct mes *m, struct tally_ctx *ctx)
{
	size_t maxsup = 1, np1, tot, cap;
	char *at;

	memset(m, 0, sizeof(*m));
	m->ctx = ctx;
	m->inst = ctx->inst;
	m->np = ctx->np;
	m->ng = ctx->ngroups;
	m->cost_util = ctx->inst->type == TALLY_BALLOT_APPROVAL &&
	    ctx->opt->utility == TALLY_UTILITY_COST;
	for (size_t p = 0; p < m->np; p++)
		if (ctx->pstart[p + 1] - ctx->pstart[p] > maxsup)
			maxsup = ctx->pstart[p + 1] - ctx->pstart[p];
	m->capent = maxsup;
	np1 = m->np ? m->np : 1;
	tot = ctx->pstart[m->np] ? ctx->pstart[m->np] : 1;	/* every winner's poor entries */
#define MES_ARRAYS(X)							\
	X(long double, lb, np1) X(long double, lo, np1) X(long double, hi, np1)	\
	X(long double, tsd, np1 + 1) X(long double, tse, np1 + 1)		\
	X(struct mes_entry, ent, maxsup) X(struct mes_entry, went, maxsup)	\
	X(uint64_t, pwr, np1) X(uint8_t, prich, np1) X(uint8_t, winL, maxsup)	\
	X(mpq_t, ts, np1 + 1) X(mpq_t, ratio, ctx->weighted ? maxsup : 0)	\
	X(uint64_t, coef, np1 + 1) X(uint64_t, coef2, np1 + 1)		\
	X(uint64_t, tswr, np1 + 1) X(size_t, tsat, np1 + 2) X(uint64_t, pm, tot)	\
	X(uint32_t, gcls, m->ng ? m->ng : 1) X(uint32_t, cand, np1) X(uint32_t, ev, np1)	\
	X(uint32_t, perm, maxsup) X(uint32_t, newcls, maxsup)		\
	X(uint32_t, enext, ctx->weighted ? maxsup : 0)			\
	X(uint32_t, chain, np1 + 2) X(uint32_t, tsp, np1 + 1) X(uint32_t, pcls, tot)	\
	X(uint8_t, state, np1) X(uint8_t, inL, maxsup) X(uint8_t, tsx, np1 + 1)	\
	X(uint32_t, evr, np1)
#define MES_SIZE(type, name, n)	+ (((n) * sizeof(type) + 15) & ~(size_t)15)
#define MES_TAKE(type, name, n)	m->name = (void *)at; at += ((n) * sizeof(type) + 15) & ~(size_t)15;
	cap = 0 MES_ARRAYS(MES_SIZE);
	if ((m->block = malloc(cap)) == NULL)
		return -1;
	at = m->block;
	MES_ARRAYS(MES_TAKE)
#undef MES_ARRAYS
#undef MES_SIZE
#undef MES_TAKE
	memset(m->coef, 0, (np1 + 1) * sizeof(*m->coef));
	memset(m->coef2, 0, (np1 + 1) * sizeof(*m->coef2));
	return 0;
}

/* The working rationals, initialised on first use (each mpq_init allocates). */
static void
mes_q(struct mes *m)
{
	if (!m->have_q) {
		mpq_inits(m->t, m->rho, m->best_t, m->best_rho, m->r, m->tmp, NULL);
		m->have_q = 1;
	}
}

/* Room for `more` new classes; done before any key points into val (the class arrays
   move).  All of them live in one block (cblock). */
static int
mes_reserve(struct mes *m, size_t more)
{
	size_t cap = m->capcls, old = m->capcls, sz;
	char *blk, *at;

	if (m->ncls + more <= cap)
		return 0;
	if (cap == 0) {		/* at most 2 + every winner's supporting groups */
		size_t tot = m->ctx->pstart[m->np] + 2;
		cap = tot < 4096 ? tot : 4096;
	}
	while (cap < m->ncls + more)
		cap = 2 * cap;
#define CLS_ARRAYS(X)							\
	X(val) X(dv) X(ae) X(cw) X(parent) X(ctix) X(slot) X(mat)
#define CLS_SIZE(name)	+ ((cap * sizeof(*m->name) + 15) & ~(size_t)15)
#define CLS_MOVE(name)	{ void *np_ = at; if (old > 0) memcpy(np_, m->name, old * sizeof(*m->name)); \
	m->name = np_; at += (cap * sizeof(*m->name) + 15) & ~(size_t)15; }
	sz = 0 CLS_ARRAYS(CLS_SIZE);
	if ((blk = malloc(sz)) == NULL)
		return -1;
	at = blk;
	CLS_ARRAYS(CLS_MOVE)
#undef CLS_ARRAYS
#undef CLS_SIZE
#undef CLS_MOVE
	free(m->cblock);
	m->cblock = blk;
	m->capcls = cap;	/* val is mpq_init'ed lazily (val_init) */
	for (size_t i = 0; i < cap; i++)
		m->slot[i] = NONE;
	return 0;
}

/* GMP numbers are initialised when first needed: a small round uses few of them, and
   each mpq_init costs allocations. */
static void
val_init(struct mes *m, size_t k)
{
	for (; m->nvalinit <= k; m->nvalinit++)
		mpq_init(m->val[m->nvalinit]);
}

static void
ts_init(struct mes *m, size_t j)
{
	for (; m->nts <= j; m->nts++)
		mpq_init(m->ts[m->nts]);
}

/* A computed class: its approximation from the exact value. */
static void
class_set_exact(struct mes *m, uint32_t k)
{
	m->mat[k] = 1;
	m->dv[k] = (long double)mpq_get_d(m->val[k]);
	m->ae[k] = DV_EPS * fabsl(m->dv[k]);
}

/*
 * A lazy class val[parent] − w·t (t = ts[tix], approximated by tt): most classes never
 * take part in an exact computation, so their rational is only computed on demand
 * (mes_materialize).  The error bound adds the parent's, t's (DV_EPS relative) and two
 * roundings.
 */
static void
class_set_lazy(struct mes *m, uint32_t k, uint32_t parent, uint32_t tix, int64_t w,
    long double tt, long double trel)
{
	long double wt = (long double)w * tt;

	m->mat[k] = 0;
	m->parent[k] = parent;
	m->ctix[k] = tix;
	m->cw[k] = w;
	m->dv[k] = m->dv[parent] - wt;
	m->ae[k] = m->ae[parent] + wt * trel + (m->dv[parent] + wt) * 4 * LD_EPS;
}

/*
 * ts[0 .. j] exact.  A lazy round's t is (cost − Σ_poor m·val) / tswr with the poor's
 * Σ m·val = M·b0 − Σ_i C_i·t_i over earlier rounds i (as in mes_sum), so computing the
 * rounds in increasing order needs nothing else.
 */
static void
mes_ts_upto(struct mes *m, size_t j)
{
	mes_q(m);
	for (size_t x = m->tsfirst; x <= j; x++) {
		uint64_t M = 0;
		if (m->tsx[x])
			continue;
		memset(m->coef2, 0, x * sizeof(*m->coef2));
		for (size_t i = m->tsat[x]; i < m->tsat[x + 1]; i++) {
			uint64_t mm = m->pm[i];
			M += mm;
			for (uint32_t k = m->pcls[i]; k > 1; k = m->parent[k])
				m->coef2[m->ctix[k]] += mm * (uint64_t)m->cw[k];
		}
		ts_init(m, x);
		mpq_set_ui(m->tmp, M, 1);
		mpq_mul(m->ts[x], m->tmp, m->val[1]);
		for (size_t i = 0; i < x; i++)
			if (m->coef2[i] != 0) {
				mpq_set_ui(m->tmp, m->coef2[i], 1);
				mpq_mul(m->tmp, m->tmp, m->ts[i]);
				mpq_sub(m->ts[x], m->ts[x], m->tmp);
			}
		mpq_neg(m->ts[x], m->ts[x]);
		mpq_set_si(m->tmp, m->inst->projects[m->tsp[x]].cost, 1);
		mpq_add(m->ts[x], m->ts[x], m->tmp);
		mpq_set_ui(m->tmp, m->tswr[x], 1);
		mpq_div(m->ts[x], m->ts[x], m->tmp);
		m->tsx[x] = 1;
	}
	if (j + 1 > m->tsfirst)
		m->tsfirst = j + 1;
}

static void
mes_materialize(struct mes *m, uint32_t k)
{
	size_t n = 0;

	mes_q(m);
	if (!m->mat[k])
		mes_ts_upto(m, m->ctix[k]);	/* the newest class of the chain: latest round */
	while (!m->mat[k]) {
		m->chain[n++] = k;
		k = m->parent[k];
	}
	while (n > 0) {
		uint32_t c = m->chain[--n];
		val_init(m, c);
		if (m->cw[c] == 1) {
			mpq_sub(m->val[c], m->val[m->parent[c]], m->ts[m->ctix[c]]);
		} else {
			mpq_set_si(m->tmp, m->cw[c], 1);
			mpq_mul(m->tmp, m->tmp, m->ts[m->ctix[c]]);
			mpq_sub(m->val[c], m->val[m->parent[c]], m->tmp);
		}
		m->mat[c] = 1;
	}
}

static int
entry_cw_cmp(const void *a, const void *b)
{
	const struct mes_entry *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return (x->w > y->w) - (x->w < y->w);
}

/* Summarises p's supporters with money left as (class, weight, multiplicity) entries. */
static void
mes_gather(struct mes *m, uint32_t p)
{
	const struct tally_ctx *ctx = m->ctx;
	size_t n = 0;

	if (!ctx->weighted) {
		for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
			uint32_t g = ctx->pgroup[j], k = m->gcls[g], e;
			if (k == 0)
				continue;
			if ((e = m->slot[k]) == NONE) {
				e = m->slot[k] = (uint32_t)n++;
				m->ent[e].cls = k;
				m->ent[e].w = 1;
				m->ent[e].m = 0;
				m->ent[e].key = NULL;
				m->ent[e].dkey = m->dv[k];
			}
			m->ent[e].m += ctx->gmult[g];
		}
		m->nent = n;
		return;
	}
	/* Weighted: one entry per (class, weight), found through the class's chain of
	   entries (enext; a class's supporters carry a handful of distinct weights), then the
	   entries sorted by (class, weight) — few, unlike the supporters — after which each
	   class's entries are contiguous and slot[k] is the first of them. */
	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = m->gcls[g], e;
		int64_t w = ctx->pweight[j];
		if (k == 0)
			continue;
		for (e = m->slot[k]; e != NONE && m->ent[e].w != w; e = m->enext[e])
			;
		if (e == NONE) {
			e = (uint32_t)n++;
			m->ent[e].cls = k;
			m->ent[e].w = w;
			m->ent[e].m = 0;
			m->enext[e] = m->slot[k];
			m->slot[k] = e;
		}
		m->ent[e].m += ctx->gmult[g];
	}
	if (n > 24)
		qsort(m->ent, n, sizeof(*m->ent), entry_cw_cmp);
	else
		for (size_t i = 1; i < n; i++) {
			struct mes_entry x = m->ent[i];
			size_t j = i;
			while (j > 0 && entry_cw_cmp(&m->ent[j - 1], &x) > 0) {
				m->ent[j] = m->ent[j - 1];
				j--;
			}
			m->ent[j] = x;
		}
	for (size_t i = 0; i < n; i++) {
		m->ent[i].key = NULL;
		m->ent[i].dkey = m->dv[m->ent[i].cls] / (long double)m->ent[i].w;
		if (i == 0 || m->ent[i - 1].cls != m->ent[i].cls)
			m->slot[m->ent[i].cls] = (uint32_t)i;
	}
	m->nent = n;
}

/* The entry of class k and weight w among the gathered ones (weighted ballots: a class's
   entries are contiguous from slot[k]). */
static uint32_t
mes_entry_of(const struct mes *m, uint32_t k, int64_t w)
{
	uint32_t e = m->slot[k];

	while (m->ent[e].w != w)
		e++;
	return e;
}

/* The exact keys of the gathered entries, computing their classes as needed. */
static void
mes_exact_keys(struct mes *m)
{
	mes_q(m);
	for (size_t i = 0; i < m->nent; i++) {
		struct mes_entry *e = &m->ent[i];
		mes_materialize(m, e->cls);
		if (e->w == 1) {
			e->key = m->val[e->cls];
		} else {
			for (; m->nratio <= i; m->nratio++)
				mpq_init(m->ratio[m->nratio]);
			mpq_set_si(m->tmp, e->w, 1);
			mpq_div(m->ratio[i], m->val[e->cls], m->tmp);
			e->key = m->ratio[i];
		}
	}
}

static void
mes_ungather(struct mes *m)
{
	for (size_t i = 0; i < m->nent; i++)
		m->slot[m->ent[i].cls] = NONE;
	/* ent[0..nent) stays readable until the next gather (mes_exact relies on it). */
}

static int
key_cmp(const void *a, const void *b, void *arg)
{
	const struct mes *m = arg;

	return mpq_cmp(m->ent[*(const uint32_t *)a].key, m->ent[*(const uint32_t *)b].key);
}

/*
 * Exactly, by the walk of RULES.md step 2: the smallest t with Σ min(b_i, t·w_i) = cost over
 * p's supporters.  Walk supporters by budget per utility, poorest first; each either
 * affords the candidate t = rest / (utility not yet walked) — then t is found — or pays
 * everything.  Sets m->t and m->rho; returns 0 if the supporters' money cannot cover the
 * cost.  Only used when the filter cannot certify its answer.
 */
static int
mes_walk(struct mes *m, uint32_t p)
{
	int64_t cost = m->inst->projects[p].cost;
	uint64_t W = 0;
	int found = 0;

	mes_q(m);
	mes_gather(m, p);
	mes_exact_keys(m);
	for (size_t i = 0; i < m->nent; i++) {
		W += m->ent[i].m * (uint64_t)m->ent[i].w;
		m->perm[i] = (uint32_t)i;
	}
	tally_sort_u32(m->perm, m->nent, key_cmp, m);
	mpq_set_si(m->r, cost, 1);
	for (size_t i = 0; i < m->nent; i++) {
		const struct mes_entry *e = &m->ent[m->perm[i]];

		mpq_set_ui(m->tmp, W, 1);
		mpq_div(m->t, m->r, m->tmp);
		if (mpq_cmp(e->key, m->t) >= 0) {
			found = 1;
			m->walk_poor = i;
			break;
		}
		mpq_set_ui(m->tmp, e->m, 1);
		mpq_mul(m->tmp, m->tmp, m->val[e->cls]);
		mpq_sub(m->r, m->r, m->tmp);
		W -= e->m * (uint64_t)e->w;
	}
	mes_ungather(m);
	return found;
}

/*
 * The same t in long double, certified.  t solves F(t) = cost with F(t) = Σ min(b_i, t·w_i)
 * concave and increasing; Newton's step from below, t' = (cost − Σ_{poor} b) / Σ_{rich} w,
 * never overshoots and ends when the set of poor supporters (budget per utility < t) stops
 * growing — usually after two or three passes, no sorting needed.
 *
 * Error: the poor's money carries at most (DV_EPS + passes·LD_EPS)·(cost + paid) absolute
 * error, so t at most that over the rest relative.  The answer is certain only if every
 * supporter's budget per utility is farther from t than both errors; then the partition is
 * exactly the true one (m->inL, m->wr) and *rho is within *err (relative) of ρ.  Otherwise
 * FILTER_UNSURE, and mes_exact() walks exactly.
 */
static int
mes_filter(struct mes *m, uint32_t p, long double *rho, long double *err)
{
	int64_t cost = m->inst->projects[p].cost;
	long double c = (long double)cost, t, paid = 0, perr = 0, bound, et;
	uint64_t W = 0, wr = 0;
	size_t prev, cnt = 0;
	int status = FILTER_UNSURE;

	if (cost == 0) {
		*rho = 0;
		*err = 0;
		return FILTER_OK;
	}
	mes_gather(m, p);
	for (size_t i = 0; i < m->nent; i++)
		W += m->ent[i].m * (uint64_t)m->ent[i].w;
	if (m->nent == 0) {
		mes_ungather(m);
		return FILTER_DEAD;
	}
	/* Any start at or below the solution works: the lower bound on ρ is usually close. */
	t = c / (long double)W;
	prev = 0;			/* c / W is the t of "nobody is poor" */
	if (m->lb[p] > 0) {
		long double tl = m->cost_util ? m->lb[p] * c : m->lb[p];
		if (tl > t) {
			t = tl;
			prev = SIZE_MAX;	/* not from a partition: recompute at least once */
		}
	}
	for (int pass = 0; pass < 64; pass++) {
		paid = 0;
		perr = 0;
		wr = 0;
		cnt = 0;
		for (size_t i = 0; i < m->nent; i++) {
			const struct mes_entry *e = &m->ent[i];
			if (e->dkey < t) {
				paid += (long double)e->m * m->dv[e->cls];
				perr += (long double)e->m * m->ae[e->cls];
				cnt++;
			} else
				wr += e->m * (uint64_t)e->w;
		}
		if (cnt == prev)
			break;		/* t came from this very partition: the fixed point */
		if (wr == 0)
			break;		/* everyone is poor: affordable only if their money suffices */
		prev = cnt;
		t = (c - paid) / (long double)wr;
	}
	bound = perr + (long double)(m->nent + 8) * LD_EPS * (c + paid);
	if (wr == 0) {
		if (paid + bound < c)
			status = FILTER_DEAD;
		goto out;
	}
	if (cnt != prev || c - paid <= 0 || bound > FILTER_GIVEUP * (c - paid))
		goto out;
	et = bound / (c - paid) + 8 * LD_EPS;
	for (size_t i = 0; i < m->nent; i++) {
		const struct mes_entry *e = &m->ent[i];
		long double d = e->dkey - t;
		if (fabsl(d) <= 2 * (et * t + m->ae[e->cls] / (long double)e->w +
		    4 * LD_EPS * e->dkey))
			goto out;
		m->inL[i] = d < 0;
	}
	m->wr = wr;
	*rho = m->cost_util ? t / c : t;
	*err = et + 4 * LD_EPS;
	status = FILTER_OK;
out:
	mes_ungather(m);
	return status;
}

/*
 * Σ m·val over the gathered entries (those with inL set, or all) into sum, exactly.  Every
 * class with money is b0 − Σ cw·t_j along its chain of parents (class 1 is b0), so the sum
 * is M·b0 − Σ_j C_j·t_j with integer M and C_j: one rational term per funded round instead
 * of one per class.
 */
static void
mes_sum(struct mes *m, mpq_srcptr b0, int only_L, mpq_t sum)
{
	uint64_t M = 0;

	mes_q(m);
	memset(m->coef, 0, (m->nrounds + 1) * sizeof(*m->coef));
	for (size_t i = 0; i < m->nent; i++) {
		uint32_t k = m->ent[i].cls;
		uint64_t mm = m->ent[i].m;

		if (only_L && !m->inL[i])
			continue;
		M += mm;
		for (; k > 1; k = m->parent[k])
			m->coef[m->ctix[k]] += mm * (uint64_t)m->cw[k];
	}
	for (size_t j = m->nrounds; j-- > 0;)
		if (m->coef[j] != 0) {
			mes_ts_upto(m, j);
			break;
		}
	mpq_set_ui(m->tmp, M, 1);
	mpq_mul(sum, m->tmp, b0);
	for (size_t j = 0; j < m->nrounds; j++)
		if (m->coef[j] != 0) {
			mpq_set_ui(m->tmp, m->coef[j], 1);
			mpq_mul(m->tmp, m->tmp, m->ts[j]);
			mpq_sub(sum, sum, m->tmp);
		}
}

/* floor(Σ m·val) over the gathered entries: from the approximations when the error bound
   leaves one integer (the sum of n + 1 nonnegative long double terms errs by at most
   2(n + 2)·LD_EPS of it, besides the classes' own errors), else exactly. */
static int64_t
mes_money(struct mes *m)
{
	long double s = 0, e = 0, f;
	uint64_t M = 0;
	size_t i;

	for (i = 0; i < m->nent && m->ent[i].cls == 1; i++)
		M += m->ent[i].m;
	if (i == m->nent && m->b0small)	/* nothing paid yet: M·b0 in integers */
		return (int64_t)((unsigned __int128)M * m->b0n / m->b0d);
	for (i = 0; i < m->nent; i++) {
		s += (long double)m->ent[i].m * m->dv[m->ent[i].cls];
		e += (long double)m->ent[i].m * m->ae[m->ent[i].cls];
	}
	e = (e + 2 * ((long double)m->nent + 2) * LD_EPS * s) * (1 + 0x1p-20L) +
	    8 * LD_EPS * s;
	f = floorl(s - e);
	if (s + e < 0x1p60L && s - e >= f && s + e < f + 1)
		return (int64_t)f;
	mes_sum(m, m->val[1], 0, m->r);
	return q_floor(m->r);
}

/* t = (cost − what the poor have) / utility of the rich, exactly, from the partition the
   filter just certified (its entries stay valid until the next gather). */
static void
mes_exact_from_partition(struct mes *m, uint32_t p)
{
	mes_sum(m, m->val[1], 1, m->r);
	mpq_neg(m->r, m->r);
	mpq_set_si(m->tmp, m->inst->projects[p].cost, 1);
	mpq_add(m->r, m->r, m->tmp);
	mpq_set_ui(m->tmp, m->wr, 1);
	mpq_div(m->t, m->r, m->tmp);
}

/* Exact ρ and t of p into m->rho, m->t: from the filter's certified partition when it has
   one (the poor pay all; t = rest / utility of the rich), else by the exact walk. */
static int
mes_exact(struct mes *m, uint32_t p)
{
	int64_t cost = m->inst->projects[p].cost;
	long double rho, err;
	int f = mes_filter(m, p, &rho, &err);

	mes_q(m);
	if (f == FILTER_DEAD)
		return 0;
	if (cost == 0) {
		mpq_set_ui(m->t, 0, 1);
		mpq_set_ui(m->rho, 0, 1);
		return 1;
	}
	m->how = f == FILTER_OK ? 1 : 2;
	if (f == FILTER_OK)
		mes_exact_from_partition(m, p);
	else if (!mes_walk(m, p))
		return 0;
	if (m->cost_util) {
		mpq_set_si(m->tmp, cost, 1);
		mpq_div(m->rho, m->t, m->tmp);
	} else
		mpq_set(m->rho, m->t);
	return 1;
}

static void
tr_tok(struct mes *m, uint32_t v)
{
	struct mes_trace *tr = m->tr;

	if (tr == NULL || tr->bad)
		return;
	if (m->trref != NULL && !m->trdiv && (tr->ntok >= m->trref->ntok ||
	    m->trref->tok[tr->ntok] != v))
		m->trdiv = 1;
	if (tr->ntok == tr->captok) {
		size_t cap = tr->captok ? 2 * tr->captok : 256;
		uint32_t *t = realloc(tr->tok, cap * sizeof(*t));
		if (t == NULL) {
			tr->bad = 1;
			return;
		}
		tr->tok = t;
		tr->captok = cap;
	}
	tr->tok[tr->ntok++] = v;
}

static void
tr_mar(struct mes *m, double v)
{
	struct mes_trace *tr = m->tr;

	if (tr == NULL || tr->bad)
		return;
	if (tr->nmar == tr->capmar) {
		size_t cap = tr->capmar ? 2 * tr->capmar : 256;
		double *d = realloc(tr->mar, cap * sizeof(*d));
		if (d == NULL) {
			tr->bad = 1;
			return;
		}
		tr->mar = d;
		tr->capmar = cap;
	}
	tr->mar[tr->nmar++] = v;
}

/* One bit per gathered entry (packed), with the margin |key − t| / t of each. */
static void
tr_bits(struct mes *m, const uint8_t *bit, long double t)
{
	uint32_t w = 0;

	tr_tok(m, (uint32_t)m->nent);
	for (size_t i = 0; i < m->nent; i++) {
		long double d = m->ent[i].dkey - t;
		w |= (uint32_t)(bit[i] != 0) << (i & 31);
		if ((i & 31) == 31 || i + 1 == m->nent) {
			tr_tok(m, w);
			w = 0;
		}
		tr_mar(m, t > 0 ? (double)(fabsl(d) / t) : 1.0);
	}
}

enum { TR_ROUND = 0xfffffff0u, TR_END, TR_FUND };

/*
 * Records the evaluation of candidate p in a round: dead (margin: how far its supporters'
 * money is below the cost), free, or affordable with the partition that fixed its t (the
 * filter's, or the exact walk's: perm[0..walk_poor) pay all).
 */
static void
trace_eval(struct mes *m, uint32_t p, int dead, int walked, long double t)
{
	int64_t cost = m->inst->projects[p].cost;

	if (m->tr == NULL)
		return;
	if (dead) {
		long double money = 0;
		for (size_t i = 0; i < m->nent; i++)
			money += (long double)m->ent[i].m * m->dv[m->ent[i].cls];
		tr_tok(m, p << 2 | 0);
		tr_mar(m, (double)(((long double)cost - money) / (long double)cost));
		return;
	}
	if (cost == 0) {
		tr_tok(m, p << 2 | 3);
		return;
	}
	tr_tok(m, p << 2 | 1);
	if (walked) {
		memset(m->inL, 0, m->nent);
		for (size_t i = 0; i < m->walk_poor; i++)
			m->inL[m->perm[i]] = 1;
	}
	tr_bits(m, m->inL, t);
}

/* Round tix's t to the cent, halves up: from its interval when both ends round alike,
   else exactly. */
static int64_t
mes_price(struct mes *m, size_t tix)
{
	long double tt = m->tsd[tix], e, lo, hi, f;

	if (!m->tsx[tix]) {
		e = m->tse[tix] * (1 + 0x1p-20L) + 8 * LD_EPS * tt;
		lo = tt - e;
		hi = tt + e;
		f = floorl(lo + 0.5L);
		if (hi < 0x1p60L && lo >= f - 0.5L && hi < f + 0.5L)
			return (int64_t)f;
		mes_ts_upto(m, tix);
	}
	return q_round(m->ts[tix]);
}

/*
 * Funds p at cap t (the tix-th funded round): every supporter pays min(budget, t·w).  The
 * filter's certified partition says who pays all; without it, exact comparisons do.
 */
static int
mes_fund(struct mes *m, uint32_t p, uint32_t tix, struct tally_project_result *r)
{
	const struct tally_ctx *ctx = m->ctx;
	uint64_t full = 0, all = 0;
	long double rho, err, tt;
	int certain;

	int64_t cost = m->inst->projects[p].cost;
	long double trel;

	m->state[p] = MES_FUNDED;
	m->spent += cost;
	m->tsat[tix + 1] = m->tsat[tix];
	if (cost == 0) {
		/* t = 0; no class refers to this round, but mes_ts_upto may pass it. */
		m->tsx[tix] = 1;
		if (r != NULL)
			r->paid_full = ctx->supporters[p];
		return 0;
	}
	if (mes_reserve(m, ctx->pstart[p + 1] - ctx->pstart[p]) == -1)
		return -1;
	/* With the filter's certified partition, t stays approximate (exact on demand: the
	   poor entries are recorded); otherwise it is computed exactly by the walk. */
	if (m->wp == (int64_t)p) {	/* the round's own certified answer, unchanged since */
		memcpy(m->ent, m->went, m->wnent * sizeof(*m->ent));
		memcpy(m->inL, m->winL, m->wnent);
		m->nent = m->wnent;
		m->wr = m->wwr;
		rho = m->wrho;
		err = m->werr;
		certain = 1;
	} else
		certain = mes_filter(m, p, &rho, &err) == FILTER_OK;
	m->wp = -1;
	m->nrounds = tix + 1;
	if (certain) {
		tt = m->cost_util ? rho * (long double)cost : rho;
		trel = err + 4 * LD_EPS;
		m->tsx[tix] = 0;
		m->tsd[tix] = tt;
		m->tse[tix] = trel * tt;
		m->tsp[tix] = p;
		m->tswr[tix] = m->wr;
		for (size_t i = 0; i < m->nent; i++)
			if (m->inL[i]) {
				m->pcls[m->tsat[tix + 1]] = m->ent[i].cls;
				m->pm[m->tsat[tix + 1]++] = m->ent[i].m;
			}
		if (trel > 1e-12L) {
			/* Rare (the poor pay nearly everything): keep class errors small. */
			mes_ts_upto(m, tix);
			tt = (long double)mpq_get_d(m->ts[tix]);
			trel = DV_EPS;
			m->tsd[tix] = tt;
			m->tse[tix] = trel * tt;
		}
		/* the filter's entries: restore their slots (weighted: the first of each
		   class; the entries are sorted by class) */
		for (size_t i = m->nent; i-- > 0;)
			m->slot[m->ent[i].cls] = (uint32_t)i;
	} else {
		if (!mes_walk(m, p))
			return -1;	/* cannot happen: the round found it affordable exactly */
		mes_gather(m, p);
		mes_exact_keys(m);
		ts_init(m, tix);
		mpq_set(m->ts[tix], m->t);
		m->tsx[tix] = 1;
		tt = (long double)mpq_get_d(m->t);
		trel = DV_EPS;
		m->tsd[tix] = tt;
		m->tse[tix] = trel * tt;
	}
	for (size_t i = 0; i < m->nent; i++) {
		struct mes_entry *e = &m->ent[i];
		int c = certain ? (m->inL[i] ? -1 : 1) : mpq_cmp(e->key, m->t);

		m->inL[i] = c <= 0;
		if (c <= 0) {
			m->newcls[i] = 0;
			if (c < 0)
				all += e->m;
			else
				full += e->m;
		} else {
			uint32_t k = (uint32_t)m->ncls++;
			class_set_lazy(m, k, e->cls, tix, e->w, tt, trel);
			m->newcls[i] = k;
			full += e->m;
		}
	}
	if (m->tr != NULL) {
		tr_tok(m, TR_FUND);
		tr_tok(m, p);
		tr_bits(m, m->inL, tt);
	}
	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = m->gcls[g], e;
		if (k == 0)
			continue;
		e = ctx->weighted ? mes_entry_of(m, k, ctx->pweight[j]) : m->slot[k];
		m->gcls[g] = m->newcls[e];
	}
	mes_ungather(m);
	if (r != NULL) {
		r->paid_full = full;
		r->paid_all = all;
		r->price = mes_price(m, tix);
	}
	return 0;
}

static int
lb_cmp(const void *a, const void *b, void *arg)
{
	const struct mes *m = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (m->lb[x] != m->lb[y])
		return m->lb[x] < m->lb[y] ? -1 : 1;
	return (m->ctx->tb_rank[x] > m->ctx->tb_rank[y]) - (m->ctx->tb_rank[x] < m->ctx->tb_rank[y]);
}

/*
 * One round: the affordable candidate with the smallest ρ (ties by tie-break rank), with
 * its exact t in m->best_t; -1 when none is left.
 */
static int64_t
mes_round(struct mes *m)
{
	const struct tally_ctx *ctx = m->ctx;
	long double best_hi = INFINITY;
	size_t nc = 0, nev = 0;
	int64_t best = -1;

	tr_tok(m, TR_ROUND);
	m->wp = -1;

	for (size_t p = 0; p < m->np; p++)
		if (m->state[p] == MES_CAND)
			m->cand[nc++] = (uint32_t)p;
	tally_sort_u32(m->cand, nc, lb_cmp, m);
	for (size_t i = 0; i < nc; i++) {
		uint32_t p = m->cand[i];
		long double rho = 0, err = 0;
		int f;

		if (m->lb[p] > best_hi)
			break;		/* this and the rest are certainly worse */
		f = mes_filter(m, p, &rho, &err);
		m->prich[p] = 0;
		if (f == FILTER_OK && m->inst->projects[p].cost > 0) {
			size_t j = 0;
			while (j < m->nent && !m->inL[j])
				j++;
			m->prich[p] = j == m->nent;
			m->pwr[p] = m->wr;
			if (rho + 2 * err * rho < best_hi) {	/* the best so far: keep it */
				memcpy(m->went, m->ent, m->nent * sizeof(*m->ent));
				memcpy(m->winL, m->inL, m->nent);
				m->wnent = m->nent;
				m->wwr = m->wr;
				m->wrho = rho;
				m->werr = err;
				m->wp = p;
			}
		}
		if (f == FILTER_UNSURE) {
			if (!mes_exact(m, p))
				f = FILTER_DEAD;
			else {
				f = FILTER_OK;
				rho = (long double)mpq_get_d(m->rho);
				err = 2 * DV_EPS;
			}
			trace_eval(m, p, f == FILTER_DEAD, m->how == 2,
			    (long double)mpq_get_d(m->t));
		} else
			trace_eval(m, p, f == FILTER_DEAD, 0, m->cost_util ?
			    rho * (long double)m->inst->projects[p].cost : rho);
		if (f == FILTER_DEAD) {
			m->state[p] = MES_DEAD;	/* budgets only shrink: for good */
			continue;
		}
		m->lo[p] = rho - 2 * err * rho;
		m->hi[p] = rho + 2 * err * rho;
		m->lb[p] = m->lo[p];
		m->evr[p] = (uint32_t)m->nrounds + 1;
		if (m->hi[p] < best_hi)
			best_hi = m->hi[p];
		m->ev[nev++] = p;
	}
	/* Exactly, among those whose interval reaches the best one; a lone one needs no
	   comparison (mes_fund computes its exact t). */
	size_t ncont = 0;
	for (size_t i = 0; i < nev; i++)
		if (m->lo[m->ev[i]] <= best_hi) {
			best = m->ev[i];
			ncont++;
		}
	if (ncont == 1)
		return best;
	/* Contenders whose supporters all keep money (nobody is poor) have t = cost / W
	   exactly (W their utility): ρ = 1/W with cost utility, else cost/W; compared
	   exactly in integers. */
	{
		size_t i;
		for (i = 0; i < nev; i++)
			if (m->lo[m->ev[i]] <= best_hi && !m->prich[m->ev[i]])
				break;
		if (i == nev) {
			best = -1;
			for (i = 0; i < nev; i++) {
				uint32_t p = m->ev[i];
				int c;
				if (m->lo[p] > best_hi)
					continue;
				if (best < 0)
					c = -1;
				else if (m->cost_util)
					c = (m->pwr[p] < m->pwr[best]) - (m->pwr[p] > m->pwr[best]);
				else {
					unsigned __int128 x = (unsigned __int128)
					    (uint64_t)m->inst->projects[p].cost * m->pwr[best],
					    y = (unsigned __int128)
					    (uint64_t)m->inst->projects[best].cost * m->pwr[p];
					c = (x > y) - (x < y);
				}
				if (c < 0 || (c == 0 && ctx->tb_rank[p] < ctx->tb_rank[best]))
					best = p;
			}
			return best;
		}
	}
	best = -1;
	for (size_t i = 0; i < nev; i++) {
		uint32_t p = m->ev[i];
		int c;

		if (m->lo[p] > best_hi)
			continue;
		if (!mes_exact(m, p)) {		/* cannot happen after a certain filter */
			m->state[p] = MES_DEAD;
			continue;
		}
		c = best < 0 ? -1 : mpq_cmp(m->rho, m->best_rho);
		if (c < 0 || (c == 0 && ctx->tb_rank[p] < ctx->tb_rank[best])) {
			best = p;
			mpq_set(m->best_rho, m->rho);
			mpq_set(m->best_t, m->t);
		}
	}
	if (best < 0 && nev > 0)
		return mes_round(m);	/* only if every contender died: try again */
	return best;
}

/*
 * Outcome-level certificate (mes_add1): this run, at per-voter budget b', funds `best` in
 * round j; the reference run, at b ≤ b', funded oref->w[j] there with ρ at most
 * oref->hi[j].  Holds if the winners are the same and every other candidate still in the
 * race has a certified lower bound of its ρ in this run above that — or equal to it
 * exactly when both are "nobody pays all" (ρ = 1/W, or cost/W) and the tie-break prefers
 * the winner.  Candidates whose bound is too low are evaluated afresh (a tighter bound:
 * ρ only grows over the rounds), without changing anything the run itself uses (bounds,
 * states), so the run and its trace are exactly a plain run's.  Sets m->ofail otherwise.
 */
static void
mes_certify(struct mes *m, uint32_t best, size_t j)
{
	const struct mes_osum *o = m->oref;
	const struct tally_ctx *ctx = m->ctx;

	if (j >= o->n || o->w[j] != best) {
		m->ofail = 1;
		return;
	}
	for (uint32_t q = 0; q < m->np; q++) {
		long double rho, err, lo;
		uint64_t W = 0;
		int f, rich = 0;

		if (q == best || m->state[q] != MES_CAND || m->lb[q] > o->hi[j])
			continue;
		if (m->evr[q] == j + 1) {	/* evaluated in this round by mes_round */
			rich = m->prich[q];
			W = m->pwr[q];
		} else {
			/* Its bound is from an earlier round: evaluate it afresh, into locals
			   only, so that the run (and its trace) stays exactly a plain run's. */
			f = mes_filter(m, q, &rho, &err);
			if (f == FILTER_DEAD)
				continue;	/* unaffordable now, so for the rest of the run */
			if (f != FILTER_OK) {
				m->ofail = 1;
				return;
			}
			lo = rho - 2 * err * rho;
			if (lo > o->hi[j])
				continue;
			if (m->inst->projects[q].cost > 0) {
				size_t i = 0;
				while (i < m->nent && !m->inL[i])
					i++;
				rich = i == m->nent;
				W = m->wr;
			}
		}
		/* An exact tie, or nearly: only "nobody pays all" on both sides is exact. */
		if (o->rich[j] && rich && m->inst->projects[q].cost > 0 &&
		    m->inst->projects[best].cost > 0) {
			int c;	/* sign of ρ_q(b') − ρ_w(b) */
			if (m->cost_util)
				c = (W < o->W[j]) - (W > o->W[j]);
			else {
				unsigned __int128 x = (unsigned __int128)
				    (uint64_t)m->inst->projects[q].cost * o->W[j],
				    y = (unsigned __int128)
				    (uint64_t)m->inst->projects[best].cost * W;
				c = (x > y) - (x < y);
			}
			if (c > 0 || (c == 0 && ctx->tb_rank[best] < ctx->tb_rank[q]))
				continue;
		}
		m->ofail = 1;
		return;
	}
}

/*
 * One run of plain MES with every voter starting at b0.  The outcome is m->state
 * (MES_FUNDED) and m->spent; with out != NULL the explanation is written there too.
 */
static int
mes_run(struct mes *m, mpq_srcptr b0, struct tally_outcome *out)
{
	const struct tally_ctx *ctx = m->ctx;
	uint32_t round = 0;
	int64_t best;

	m->nruns++;
	m->ncls = 0;
	if (mes_reserve(m, 2) == -1)
		return -1;
	m->ncls = 2;
	val_init(m, 1);
	mpq_set_ui(m->val[0], 0, 1);
	mpq_set(m->val[1], b0);
	class_set_exact(m, 0);
	class_set_exact(m, 1);
	m->b0small = mpq_sgn(b0) >= 0 && mpz_fits_ulong_p(mpq_numref(b0)) &&
	    mpz_fits_ulong_p(mpq_denref(b0)) && sizeof(unsigned long) >= sizeof(uint64_t);
	if (m->b0small) {
		m->b0n = mpz_get_ui(mpq_numref(b0));
		m->b0d = mpz_get_ui(mpq_denref(b0));
	}
	for (size_t g = 0; g < m->ng; g++)
		m->gcls[g] = mpq_sgn(b0) > 0 ? 1 : 0;
	for (size_t p = 0; p < m->np; p++) {
		m->lb[p] = 0;
		m->evr[p] = 0;
		m->state[p] = ctx->supporters[p] > 0 ? MES_CAND : MES_NOSUP;
	}
	if (m->orec != NULL)
		m->orec->n = 0;
	m->ofail = 0;
	m->trdiv = 0;
	m->aborted = 0;
	m->spent = 0;
	m->nrounds = 0;
	m->tsfirst = 0;
	m->tsat[0] = 0;
	if (out != NULL)
		tally_outcome_reset(out);
	while ((best = mes_round(m)) >= 0) {
		struct tally_project_result *r = out != NULL ? &out->projects[best] : NULL;

		if (m->tr != NULL) {
			/* How far each other candidate's last ρ is above the winner's. */
			long double rb = (m->lo[best] + m->hi[best]) / 2;
			for (size_t p = 0; p < m->np; p++)
				if (m->state[p] == MES_CAND && p != (size_t)best)
					tr_mar(m, rb > 0 ? (double)((m->lb[p] - rb) / rb) :
					    (double)m->lb[p]);
		}
		if (m->orec != NULL) {
			struct mes_osum *o = m->orec;
			o->w[o->n] = (uint32_t)best;
			o->hi[o->n] = m->hi[best];
			o->rich[o->n] = m->prich[best] && m->evr[best] == round + 1;
			o->W[o->n] = m->pwr[best];
			o->n++;
		}
		if (m->oref != NULL && !m->ofail)
			mes_certify(m, (uint32_t)best, round);
		if (m->oabort && (m->oref == NULL || m->ofail) &&
		    (m->tr == NULL || m->trref == NULL || m->trdiv)) {
			/* a probe that can no longer certify anything: its outcome is not used */
			m->aborted = 1;
			m->ofail = 1;
			if (m->tr != NULL)
				m->tr->bad = 1;
			return 0;
		}
		if (mes_fund(m, (uint32_t)best, round, r) == -1)
			return -1;
		round++;
		if (r != NULL) {
			r->selected = 1;
			r->reason = TALLY_REASON_FUNDED;
			r->round = round;
		}
	}
	tr_tok(m, TR_END);
	if (m->oref != NULL && round != m->oref->n)
		m->ofail = 1;
	if (out == NULL)
		return 0;
	for (size_t p = 0; p < m->np; p++) {
		struct tally_project_result *r = &out->projects[p];
		if (m->state[p] == MES_FUNDED)
			continue;
		if (m->state[p] == MES_NOSUP) {
			r->reason = TALLY_REASON_NO_SUPPORT;
			continue;
		}
		/* What its supporters still had, to show why they could not pay. */
		r->reason = TALLY_REASON_UNAFFORDABLE;
		mes_gather(m, p);	/* per budget class, not per voter */
		r->supporters_money = mes_money(m);
		mes_ungather(m);
	}
	out->voter_budget = q_floor(b0);
	return 0;
}

static int
all_supported_funded(const struct mes *m)
{
	for (size_t p = 0; p < m->np; p++)
		if (m->state[p] != MES_FUNDED && m->ctx->supporters[p] > 0)
			return 0;
	return 1;
}

/* No supported initiative outside the outcome still fits in what is left. */
static int
exhaustive(const struct mes *m)
{
	int64_t left = m->inst->budget - m->spent;

	for (size_t p = 0; p < m->np; p++)
		if (m->state[p] != MES_FUNDED && m->ctx->supporters[p] > 0 &&
		    m->inst->projects[p].cost <= left)
			return 0;
	return 1;
}

static void
voter_budget(mpq_t b, mpq_srcptr b0, int64_t step, uint32_t k)
{
	mpq_set_si(b, step * (int64_t)k, 1);
	mpq_add(b, b, b0);
}

/*
 * add1 (RULES.md "Completions"): runs with per-voter budgets B/n + k units, k = 0, 1, ...
 * Run k *stops* the sequence when it overshoots B (then k − 1 is the answer; k = 0 cannot:
 * the voters hold B in all), or, for the checker's stop, when everything supported is
 * funded (no raise can change the set any more), or, for the exhaustive stop, when it is
 * exhaustive (then k is the answer).  The answer is decided by the first stopping k.
 *
 * Skipping raises.  Real rounds raise hundreds of times while the outcome changes a handful
 * of times, so most runs are skipped, with a proof:
 *
 *   Write b = b_k + β.  Fix a *trace*: the sequence of rounds, in each the candidates
 *   evaluated with, for each, "unaffordable" or the partition of its supporter entries into
 *   those who pay all they have (P) and the others (R, with Σ_R w > 0), the winner, and for
 *   the winner which entries are emptied (c ≤ 0 in mes_fund) and which keep money.  Along a
 *   fixed trace every quantity is an affine function of β: the starting budget is b_k + β;
 *   a round's t is (cost − Σ_P m·v)/Σ_R m·w with v affine and the denominator constant; a
 *   new class is v − w·t; ρ is t or t/cost.  Every fact the run relied on is the sign of
 *   one of these affine functions: a partition is valid (v ≤ t·w on P, v ≥ t·w on R, which
 *   makes t the smallest solution of Σ min(v, t·w) = cost); an unaffordable candidate has
 *   Σ m·v − cost < 0; an emptied entry has v − t·w ≤ 0, a kept one > 0; a loser q has
 *   ρ_q − ρ_winner > 0 (≥ 0 when the tie-break prefers the winner), where ρ_q is from q's
 *   latest evaluation — for a candidate pruned by its lower bound that is an earlier round,
 *   and its ρ now is at least that (budgets only shrink), so it loses now too.
 *   An affine function with the same sign (or zero, for ≥) at β = 0 and β = β₁ has it on
 *   all of [0, β₁].  So if runs k and k + j produce token-for-token the same trace, every
 *   run in between follows that trace as well (by induction over the rounds), funds the
 *   same initiatives in the same order, and has the same outcome, spent total and stop
 *   verdict as run k.  Equal traces are compared exactly; nothing approximate enters.
 *
 * Which j to try is a guess: each fact also records a floating-point margin, and from two
 * runs with equal traces the margins are extrapolated linearly to where the first one
 * reaches zero (trace_predict).  The run there is computed; if its trace equals, every run
 * up to it is skipped, otherwise bisection finds a certified stretch.  The run right after
 * a certified stretch is always computed and checked for the stop, so the answer is
 * exactly the one of the sequential loop; a wrong guess costs time, never correctness.
 */
static uint32_t
add1_limit(int64_t step)
{
	/* Beyond this the budget per voter exceeds any possible total cost anyway. */
	int64_t k = (INT64_MAX / 4) / step;
	return k > UINT32_MAX - 2 ? UINT32_MAX - 2 : (uint32_t)k;
}

static int
trace_equal(const struct mes_trace *a, const struct mes_trace *b)
{
	return !a->bad && !b->bad && a->ntok == b->ntok && a->nmar == b->nmar &&
	    memcmp(a->tok, b->tok, a->ntok * sizeof(*a->tok)) == 0;
}

/* The last raise, at most `limit`, before which no margin is predicted to reach zero,
   extrapolating linearly from raises ka < kb with equal traces a and b. */
static uint32_t
trace_predict(const struct mes_trace *a, const struct mes_trace *b, uint32_t ka, uint32_t kb,
    uint32_t limit)
{
	double root = (double)limit;

	for (size_t i = 0; i < b->nmar; i++) {
		double fa = a->mar[i], fb = b->mar[i], r;
		if (!(fa - fb > 1e-12))
			continue;	/* not shrinking (or only by rounding noise) */
		r = fb <= 0 ? (double)kb : (double)kb + fb * (double)(kb - ka) / (fa - fb);
		if (r < root)
			root = r;
	}
	if (!(root > (double)kb + 1))
		return kb;
	return (uint32_t)(ceil(root) - 1);
}

/* The stop verdict of the run just made (k ≥ 1 for the overshoot). */
static int
add1_stops(const struct mes *m)
{
	return m->ctx->opt->add1_stop == TALLY_ADD1_STOP_FITS ? all_supported_funded(m) :
	    exhaustive(m);
}

static int
osum_alloc(struct mes_osum *o, size_t np)
{
	size_t n = np ? np : 1;

	memset(o, 0, sizeof(*o));
	o->w = malloc(n * sizeof(*o->w));
	o->hi = malloc(n * sizeof(*o->hi));
	o->rich = malloc(n);
	o->W = malloc(n * sizeof(*o->W));
	return o->w && o->hi && o->rich && o->W ? 0 : -1;
}

static void
osum_free(struct mes_osum *o)
{
	free(o->w);
	free(o->hi);
	free(o->rich);
	free(o->W);
}

/* What add1 keeps of one run: its trace and its outcome summary. */
struct add1_rec {
	struct mes_trace	tr;
	struct mes_osum		os;
	int			osok;	/* os holds this run's outcome */
};

/* Run k, recording its trace (a trace not recorded is equal to nothing) and its outcome
   into rec; with cert (a probe), it also checks the outcome certificate against that
   earlier run (m->ofail) and stops early once neither the certificate nor trace equality
   with cert can hold (then rec is unusable: its trace is bad and osok is 0). */
static int
add1_run(struct mes *m, mpq_t b, mpq_srcptr b0, int64_t step, uint32_t k,
    struct add1_rec *rec, int record, const struct add1_rec *cert)
{
	struct mes_trace *tr = &rec->tr;
	int rc;

	voter_budget(b, b0, step, k);
	tr->ntok = tr->nmar = 0;
	tr->bad = !record;
	m->tr = record ? tr : NULL;
	m->orec = &rec->os;
	m->oref = cert != NULL && cert->osok ? &cert->os : NULL;
	m->trref = cert != NULL && !cert->tr.bad ? &cert->tr : NULL;
	m->oabort = cert != NULL;
	rc = mes_run(m, b, NULL);
	m->ofail |= cert == NULL || !cert->osok;
	rec->osok = rc == 0 && !m->aborted;
	m->tr = NULL;
	m->orec = NULL;
	m->oref = NULL;
	m->trref = NULL;
	m->oabort = 0;
	return rc;
}

/*
 * Where raises cannot be skipped, big rounds run a block of raises on two threads: each
 * worker takes the next k in increasing order and never starts one above a known stop, so
 * every k below the first stopping one has run and the answer is the sequential one.
 */
struct add1_par {
	pthread_mutex_t	 mu;
	struct mes	*hm;		/* the helper thread's own state */
	mpq_srcptr	 b0;
	int64_t		 step;
	uint32_t	 next, last, stop, limit;
	int		 stop_over, failed;
};

static void
add1_par_work(struct add1_par *a, struct mes *m)
{
	mpq_t b;

	mpq_init(b);
	for (;;) {
		uint32_t k;
		int over, stop;

		pthread_mutex_lock(&a->mu);
		if (a->failed || a->next > a->last || a->next > a->stop) {
			pthread_mutex_unlock(&a->mu);
			break;
		}
		k = a->next++;
		pthread_mutex_unlock(&a->mu);
		voter_budget(b, a->b0, a->step, k);
		if (mes_run(m, b, NULL) == -1) {
			pthread_mutex_lock(&a->mu);
			a->failed = 1;
			pthread_mutex_unlock(&a->mu);
			break;
		}
		over = m->spent > m->inst->budget;	/* k ≥ 1 here */
		stop = over || k >= a->limit || (m->ctx->opt->add1_stop == TALLY_ADD1_STOP_FITS ?
		    all_supported_funded(m) : exhaustive(m));
		pthread_mutex_lock(&a->mu);
		if (stop && k < a->stop) {
			a->stop = k;
			a->stop_over = over;
		}
		pthread_mutex_unlock(&a->mu);
	}
	mpq_clear(b);
}

static void *
add1_par_main(void *arg)
{
	struct add1_par *a = arg;

	add1_par_work(a, a->hm);
	return NULL;
}

/* Raises first..last on two threads; 1 and *res if one of them stops, 0 if none does,
   -1 on failure. */
static int
add1_block(struct mes *m, struct mes *hm, int *hm_ready, mpq_srcptr b0, int64_t step,
    uint32_t first, uint32_t last, uint32_t limit, int64_t *res)
{
	struct add1_par a;
	pthread_t tid;
	int threaded = 0;

	memset(&a, 0, sizeof(a));
	pthread_mutex_init(&a.mu, NULL);
	a.hm = hm;
	a.b0 = b0;
	a.step = step;
	a.next = first;
	a.last = last;
	a.stop = UINT32_MAX;
	a.limit = limit;
	if (!*hm_ready && mes_init(hm, m->ctx) == 0)
		*hm_ready = 1;
	if (*hm_ready && pthread_create(&tid, NULL, add1_par_main, &a) == 0)
		threaded = 1;
	add1_par_work(&a, m);
	if (threaded)
		pthread_join(tid, NULL);
	pthread_mutex_destroy(&a.mu);
	if (a.failed)
		return -1;
	if (a.stop == UINT32_MAX)
		return 0;
	*res = a.stop_over ? (int64_t)a.stop - 1 : (int64_t)a.stop;
	return 1;
}

/* Returns the number of raises of the outcome to keep, or -1 when out of memory.  Two
   certificates skip raises (see above and mes_certify): equal traces, and the same winners
   with every other candidate's ρ at the higher budget above the winner's at the lower. */
static int64_t
mes_add1(struct mes *m, mpq_srcptr b0)
{
	struct add1_rec recs[3], *ref = &recs[0], *prv = &recs[1], *cur = &recs[2], *x;
	int64_t step = m->ctx->opt->add1_step > 0 ? m->ctx->opt->add1_step : 100;
	int64_t res = -1;
	uint32_t limit = add1_limit(step), kref = 0, kprv = 0, k, win;
	uint32_t boxJ = 2, boxwait = 0, boxback = 1, kfail = UINT32_MAX;
	int pair = 0, misses = 0, record, hm_ready = 0, par, teq, plain_next = 0;
	struct mes hm;
	mpq_t b;

	/* A second thread pays off only on rounds of some size. */
	par = sysconf(_SC_NPROCESSORS_ONLN) > 1 && m->ctx->pstart[m->np] >=
	    (m->ctx->opt->add1_par_min > 0 ? m->ctx->opt->add1_par_min : 20000);
	win = par ? 63 : 15;
	memset(&hm, 0, sizeof(hm));
	memset(recs, 0, sizeof(recs));
	mpq_init(b);
	for (int i = 0; i < 3; i++)
		if (osum_alloc(&recs[i].os, m->np) == -1)
			goto done;
	if (add1_run(m, b, b0, step, 0, ref, 1, NULL) == -1)
		goto done;
	if (limit == 0 || add1_stops(m)) {
		res = 0;
		goto done;
	}
	for (;;) {
		if (pair) {
			uint32_t lo = kref, hi, probe;
			probe = trace_predict(&prv->tr, &ref->tr, kprv, kref, limit - 1);
			hi = probe + 1;
			/* Equal traces that predict no stretch (a margin reaches zero at the
			   next raise): the outcome certificate below may still certify one. */
			if (probe <= lo + 1)
				pair = 0;
			while (probe > lo + 1) {
				if (add1_run(m, b, b0, step, probe, cur, 1, ref) == -1)
					goto done;
				teq = trace_equal(&cur->tr, &ref->tr);
				if (teq || !m->ofail) {
					/* Runs kref..probe all have run kref's outcome. */
					x = prv, prv = ref, ref = cur, cur = x;
					kprv = kref;
					kref = lo = probe;
					if (!teq) {	/* no pair of equal traces to predict from */
						m->noskips++;
						pair = 0;
						break;
					}
				} else
					hi = probe;
				probe = lo + (hi - lo) / 2;
			}
		}
		/* Also right after the trace stretch above ended on an outcome-certified
		   probe: a plain run there was often a wasted one (Assen 2024: 166 → 88
		   runs, Gdańsk 157 → 92). */
		if (!pair && boxwait == 0 && ref->osok && kref + 2 < limit &&
		    (kfail == UINT32_MAX || kfail > kref + 2)) {
			/* No trace to extrapolate: probe boxJ raises ahead for the outcome
			   certificate; double on success, halve on failure, and stay below
			   the last failed probe (a guess only: a later reference may pass it). */
			uint32_t kp = limit - 1 - kref > boxJ ? kref + boxJ : limit - 1;
			if (kfail != UINT32_MAX && kp >= kfail)
				kp = kref + (kfail - kref) / 2;
			if (add1_run(m, b, b0, step, kp, cur, 1, ref) == -1)
				goto done;
			teq = trace_equal(&cur->tr, &ref->tr);
			if (teq || !m->ofail) {
				m->noskips += !teq;
				x = prv, prv = ref, ref = cur, cur = x;
				kprv = kref;
				kref = kp;
				pair = teq;
				misses = 0;
				boxback = 1;
				if (kfail <= kref)
					kfail = UINT32_MAX;
				if (boxJ < (UINT32_C(1) << 30))
					boxJ *= 2;
				continue;
			}
			kfail = kp;
			if (boxJ > 2) {
				boxJ /= 2;
				continue;
			}
			/* Fails even two raises ahead: the outcome moves at nearly every raise
			   here; try again after a growing number of plain raises. */
			boxwait = boxback;
			if (boxback < 64)
				boxback *= 2;
		}
		/* Traces keep changing (see below): a block of raises on two threads, up to
		   the last two of the current 64, which are recorded to look for a repeat. */
		if (par && misses >= (m->ctx->opt->add1_par_min == 1 ? 1 : 4) && !plain_next &&
		    ((kref + 1) & win) < win - 1 && kref + 1 < limit) {
			uint32_t last = ((kref + 1) & ~win) + win - 2;
			int r;
			/* No longer than twice the current back-off: where the outcome
			   certificate failed only near one change of the winners (a fine
			   currency unit), the raises after it are probed again soon; where it
			   fails at every raise (Warszawa) the back-off is soon 64 and so is the
			   block.  The run after a short block is a plain one on this thread,
			   which gives the next probe its reference. */
			if (last - kref > 2 * boxback + 1) {
				last = kref + 2 * boxback + 1;
				plain_next = 1;
			}
			r = add1_block(m, &hm, &hm_ready, b0, step, kref + 1,
			    last < limit ? last : limit, limit, &res);
			if (r == -1) {
				res = -1;
				goto done;
			}
			if (r == 1)
				break;
			kref = last < limit ? last : limit;
			ref->tr.bad = 1;
			ref->osok = 0;
			pair = 0;
			boxwait = 0;
			continue;
		}
		/* The run right after everything certified: computed and checked. */
		k = kref + 1;
		plain_next = 0;
		/* Where traces keep changing at every raise (many budget classes near their
		   thresholds), recording is wasted: after 4 misses in a row, record only one
		   pair of consecutive runs in 16 (in 64 when blocks run on two threads). */
		record = misses < 4 || (k & win) >= win - 1;
		if (add1_run(m, b, b0, step, k, cur, record, NULL) == -1)
			goto done;
		if (boxwait > 0)
			boxwait--;
		if (kfail <= k)
			kfail = UINT32_MAX;
		if (m->spent > m->inst->budget) {
			res = (int64_t)k - 1;
			break;
		}
		if (k >= limit || add1_stops(m)) {
			res = k;
			break;
		}
		if (trace_equal(&cur->tr, &ref->tr)) {
			x = prv, prv = ref, ref = cur, cur = x;
			kprv = kref;
			pair = 1;
			misses = 0;
		} else {
			x = ref, ref = cur, cur = x;
			pair = 0;
			misses += record;
		}
		kref = k;
		if (boxJ > 2)
			boxJ /= 2;
	}
done:
	for (int i = 0; i < 3; i++) {
		free(recs[i].tr.tok);
		free(recs[i].tr.mar);
		osum_free(&recs[i].os);
	}
	if (hm_ready || hm.ctx != NULL) {
		m->nruns += hm.nruns;
		mes_free(&hm);
	}
	mpq_clear(b);
	return res;
}

/* -comparison: keep the greedy outcome if more voters have more of their choices funded. */
static int
mes_compare(struct tally_ctx *ctx, struct tally_outcome *out)
{
	struct tally_options gopt = *ctx->opt;
	struct tally_ctx gctx = *ctx;
	struct tally_outcome g;
	uint64_t pm = 0, pg = 0;

	gopt.rule = TALLY_RULE_GREEDY;
	gopt.utility = TALLY_UTILITY_COST;
	gopt.comparison = 0;
	gopt.complete_greedy = 0;
	gopt.has_threshold = 0;
	gopt.city_rule = TALLY_CITY_NONE;
	gctx.opt = &gopt;
	memset(&g, 0, sizeof(g));
	g.nprojects = out->nprojects;
	g.budget = out->budget;
	if ((g.projects = calloc(out->nprojects ? out->nprojects : 1, sizeof(*g.projects))) == NULL)
		return -1;
	for (size_t p = 0; p < out->nprojects; p++) {
		g.projects[p].supporters = ctx->supporters[p];
		g.projects[p].score = ctx->score[p];
	}
	if (tally_greedy(&gctx, &g) == -1) {
		free(g.projects);
		return -1;
	}
	for (size_t gi = 0; gi < ctx->ngroups; gi++) {
		int64_t um = 0, ug = 0;
		for (size_t j = ctx->gstart[gi]; j < ctx->gstart[gi + 1]; j++) {
			uint32_t p = ctx->gproj[j];
			int64_t w = ctx->weighted ? ctx->gweight[j] : 1;
			if (out->projects[p].selected)
				um += w;
			if (g.projects[p].selected)
				ug += w;
		}
		if (um > ug)
			pm += ctx->gmult[gi];
		else if (ug > um)
			pg += ctx->gmult[gi];
	}
	out->compared = 1;
	out->prefer_mes = pm;
	out->prefer_greedy = pg;
	if (pg > pm) {	/* a tie keeps equal shares, the rule the round chose */
		memcpy(out->projects, g.projects, out->nprojects * sizeof(*out->projects));
		out->greedy_won = 1;
		out->completed = 0;
	}
	free(g.projects);
	return 0;
}

int
tally_mes(struct tally_ctx *ctx, struct tally_outcome *out)
{
	struct mes m;
	mpq_t b0, b;
	int64_t k = 0;
	int rc = -1;

	mpq_inits(b0, b, NULL);
	if (mes_init(&m, ctx) == -1)
		goto done;
	if (ctx->nvoters > 0) {
		mpq_set_ui(b0, (unsigned long)ctx->inst->budget, (unsigned long)ctx->nvoters);
		mpq_canonicalize(b0);
	}
	if (ctx->opt->rule == TALLY_RULE_EQUALSHARES_ADD1 && ctx->nvoters > 0 &&
	    (k = mes_add1(&m, b0)) < 0)
		goto done;
	out->add1_runs = m.nruns;
	out->add1_outcome_skips = m.noskips;
	voter_budget(b, b0, ctx->opt->add1_step > 0 ? ctx->opt->add1_step : 100, (uint32_t)k);
	if (mes_run(&m, b, out) == -1)
		goto done;
	out->add1_steps = (uint32_t)k;
	if (ctx->opt->complete_greedy && tally_greedy_complete(ctx, out) == -1)
		goto done;
	if (ctx->opt->comparison && mes_compare(ctx, out) == -1)
		goto done;
	rc = 0;
done:
	mes_free(&m);
	mpq_clears(b0, b, NULL);
	return rc;
}
