/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tally_phragmen.c — sequential Phragmén (RULES.md): voters carry a load; the initiative
 * whose supporters would end with the smallest equal load is funded next, and the rule
 * stops at the first such initiative that does not fit.  Ballots count as approvals of the
 * initiatives they give positive utility.
 *
 * Load classes.  Funding sets every supporter's load to one value, so a voter group's load
 * is always one of the funded initiatives' loads (or 0): groups point to a load class
 * (class r = the load set in round r, class 0 = 0), and the Σ of supporters' loads is a
 * sum over a few classes.  Loads only grow (the funded load is nondecreasing from round to
 * round, and every voter's load is at most the last funded one), so a load computed for an
 * initiative in an earlier round is a lower bound on its load now.
 *
 * Exactness through a certified filter.  The load of initiative p is
 *     ℓ(p) = (cost(p) + Σ over supporting groups g of m_g · ℓ_{class(g)}) / s(p)
 * (m_g the group's multiplicity, s(p) its supporters).  Each class keeps a double L_k and
 * a bound E_k with |L_k − ℓ_k| ≤ E_k.  Evaluated in doubles, with u = 2^-53 and n the
 * number of terms, every term nonnegative:
 *   - the propagated error of the inputs is at most Σ m_g E_k (computed as R; its own
 *     rounding is covered by the factor below);
 *   - summing n + 1 nonnegative products in floating point errs by at most
 *     γ_{n+2} · (the exact sum of the approximations) ≤ 2(n+2)u · S̃ while (n+2)u < 1/2;
 *   - the division by s adds a relative u.
 * So |L̃ − ℓ(p)| ≤ (R + 2(n+2)u·S̃)/s + 2u·L̃ =: E.  We inflate E by the factor 1 + 2^-20
 * (covers the rounding of computing E itself) and add 8u·L̃ + 2^-1000 (covers the rounding
 * of forming lo = L̃ − E and hi = L̃ + E), so lo ≤ ℓ(p) ≤ hi holds for the doubles as
 * stored.  These intervals decide everything they can:
 *   - pruning: an initiative whose last lower bound exceeds the smallest hi found so far
 *     cannot win (strictly), so the walk in increasing lower bound stops there;
 *   - the winner: with U the smallest hi, the contenders are the initiatives with lo ≤ U;
 *     every other one has ℓ > U ≥ the ℓ of the one achieving U.  One contender: it is
 *     the unique minimum.  Several: their loads are computed exactly (GMP rationals) and
 *     compared exactly, ties by the tie-break rank — exactly as the plain exact rule does;
 *   - the displayed load (rounded to the cent, half up) is taken from the interval when
 *     both ends round alike, otherwise from the exact load.
 * Exact class loads are computed only when such a fallback needs them: each round records
 * the winner's (class, count) pairs, from which ℓ_r = (cost + Σ count · ℓ_k) / s follows
 * for the classes in increasing order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "tally.h"

#define PH_U	0x1p-53		/* unit roundoff of double */

struct phragmen {
	struct tally_ctx	*ctx;
	size_t			 np;
	/* per class (0 .. rounds) */
	double			*L, *E;
	uint32_t		*pwin;		/* class r ≥ 1: the initiative funded in round r */
	size_t			*pairs_at;	/* class r: its pairs [pairs_at[r-1], pairs_at[r]) */
	uint32_t		*pair_cls;
	uint64_t		*pair_cnt;
	uint64_t		*cnt;		/* per class, while counting one initiative */
	uint32_t		*touched;
	/* per group */
	uint32_t		*gcls;
	double			*gm;		/* multiplicity as a double */
	/* per initiative */
	double			*lo, *hi;	/* certified bounds of its load when last evaluated */
	uint8_t			*cand;
	uint32_t		*order;		/* candidates by increasing lo */
	uint32_t		*eval;		/* evaluated this round */
	/* exact part, initialised on first use */
	int			 have_q;
	mpq_t			*q;		/* exact class loads (ncls, allocated on first use) */
	size_t			 ncls;
	size_t			 nq;		/* classes 0 .. nq-1 exact */
	mpq_t			 sum, tmp, best;
};

/* Certified double interval of p's load now. */
static void
ph_eval(struct phragmen *ph, uint32_t p)
{
	const struct tally_ctx *ctx = ph->ctx;
	const uint32_t *pg = ctx->pgroup;
	double s = (double)ph->ctx->inst->projects[p].cost, r = 0, n = 0;
	size_t a = ctx->pstart[p], b = ctx->pstart[p + 1];

	for (size_t j = a; j < b; j++) {
		uint32_t g = pg[j], k = ph->gcls[g];
		s += ph->gm[g] * ph->L[k];
		r += ph->gm[g] * ph->E[k];
	}
	n = (double)(b - a);
	double sp = (double)ctx->supporters[p], l = s / sp;
	double e = ((r + 2 * (n + 2) * PH_U * s) / sp + 2 * PH_U * l) * (1 + 0x1p-20) +
	    8 * PH_U * l + 0x1p-1000;
	ph->lo[p] = l - e;
	ph->hi[p] = l + e;
}

/* The classes' exact loads up to class k (each from its recorded pairs). */
static int
ph_exact_classes(struct phragmen *ph, size_t k)
{
	const struct tally_ctx *ctx = ph->ctx;

	if (!ph->have_q) {
		if ((ph->q = malloc(ph->ncls * sizeof(*ph->q))) == NULL)
			return -1;
		mpq_inits(ph->sum, ph->tmp, ph->best, NULL);
		ph->have_q = 1;
	}
	for (; ph->nq <= k; ph->nq++) {
		size_t r = ph->nq;
		mpq_init(ph->q[r]);
		if (r == 0)
			continue;
		uint32_t p = ph->pwin[r];
		mpq_set_si(ph->sum, ctx->inst->projects[p].cost, 1);
		for (size_t i = ph->pairs_at[r - 1]; i < ph->pairs_at[r]; i++) {
			uint32_t c = ph->pair_cls[i];
			if (c == 0)
				continue;
			mpq_set_ui(ph->tmp, ph->pair_cnt[i], 1);
			mpq_mul(ph->tmp, ph->tmp, ph->q[c]);
			mpq_add(ph->sum, ph->sum, ph->tmp);
		}
		mpq_set_ui(ph->tmp, ctx->supporters[p], 1);
		mpq_div(ph->q[r], ph->sum, ph->tmp);
	}
	return 0;
}

/* Counts p's supporters per class into cnt/touched; returns the number of classes. */
static size_t
ph_count(struct phragmen *ph, uint32_t p)
{
	const struct tally_ctx *ctx = ph->ctx;
	size_t nt = 0;

	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = ph->gcls[g];
		if (ph->cnt[k] == 0)
			ph->touched[nt++] = k;
		ph->cnt[k] += ctx->gmult[g];
	}
	return nt;
}

/* p's exact load now, into ph->sum (the classes' exact loads must be known). */
static void
ph_exact_load(struct phragmen *ph, uint32_t p)
{
	const struct tally_ctx *ctx = ph->ctx;
	size_t nt = ph_count(ph, p);

	mpq_set_si(ph->sum, ctx->inst->projects[p].cost, 1);
	for (size_t i = 0; i < nt; i++) {
		uint32_t k = ph->touched[i];
		if (k != 0) {
			mpq_set_ui(ph->tmp, ph->cnt[k], 1);
			mpq_mul(ph->tmp, ph->tmp, ph->q[k]);
			mpq_add(ph->sum, ph->sum, ph->tmp);
		}
		ph->cnt[k] = 0;
	}
	mpq_set_ui(ph->tmp, ctx->supporters[p], 1);
	mpq_div(ph->sum, ph->sum, ph->tmp);
}

/* q rounded to the nearest integer, halves up. */
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

static int
ph_lo_cmp(const void *a, const void *b, void *arg)
{
	const struct phragmen *ph = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (ph->lo[x] != ph->lo[y])
		return ph->lo[x] < ph->lo[y] ? -1 : 1;
	return (ph->ctx->tb_rank[x] > ph->ctx->tb_rank[y]) -
	    (ph->ctx->tb_rank[x] < ph->ctx->tb_rank[y]);
}

/* The candidates order[0..nc) by (lo, rank) again, where only the prefix [0, ne) was
   evaluated (its lo grew) and the rest is still sorted: sort the prefix, then merge it
   (copied to eval) with the rest. */
static void
ph_sort(struct phragmen *ph, size_t ne, size_t nc)
{
	uint32_t *o = ph->order, *t = ph->eval;
	size_t i = 0, j = ne, k = 0;

	tally_sort_u32(o, ne, ph_lo_cmp, ph);
	memcpy(t, o, ne * sizeof(*t));
	while (i < ne && j < nc)
		o[k++] = ph_lo_cmp(&t[i], &o[j], ph) <= 0 ? t[i++] : o[j++];
	while (i < ne)
		o[k++] = t[i++];
}

int
tally_phragmen(struct tally_ctx *ctx, struct tally_outcome *out)
{
	const struct tally_instance *inst = ctx->inst;
	struct phragmen ph;
	size_t np = ctx->np, ncls = np + 1, ng = ctx->ngroups, nent = ctx->pstart[np];
	size_t nc = 0, npairs = 0, cap;
	int64_t left = inst->budget;
	uint32_t round = 0;
	char *blk;
	int rc = -1;

	memset(&ph, 0, sizeof(ph));
	ph.ctx = ctx;
	ph.np = np;
	ph.ncls = ncls;
	/* One block: doubles first, then the 64-bit, then the 32-bit and byte arrays. */
	cap = (2 * ncls + ng + 2 * np) * sizeof(double) +
	    (ncls + nent + ncls) * sizeof(uint64_t) +
	    (ncls + nent + ncls + ng + 2 * np) * sizeof(uint32_t) + np + 16;
	if ((blk = malloc(cap)) == NULL)
		return -1;
	{
		char *at = blk;
#define TAKE(ptr, n)	do { (ptr) = (void *)at; at += (n) * sizeof(*(ptr)); } while (0)
		TAKE(ph.L, ncls);
		TAKE(ph.E, ncls);
		TAKE(ph.gm, ng);
		TAKE(ph.lo, np);
		TAKE(ph.hi, np);
		TAKE(ph.pairs_at, ncls);
		TAKE(ph.pair_cnt, nent);
		TAKE(ph.cnt, ncls);
		TAKE(ph.pwin, ncls);
		TAKE(ph.pair_cls, nent);
		TAKE(ph.touched, ncls);
		TAKE(ph.gcls, ng);
		TAKE(ph.order, np);
		TAKE(ph.eval, np);
		TAKE(ph.cand, np);
#undef TAKE
	}
	ph.L[0] = 0;
	ph.E[0] = 0;
	ph.pairs_at[0] = 0;
	memset(ph.cnt, 0, ncls * sizeof(*ph.cnt));
	memset(ph.gcls, 0, ng * sizeof(*ph.gcls));
	for (size_t g = 0; g < ng; g++)
		ph.gm[g] = (double)ctx->gmult[g];

	tally_outcome_reset(out);
	for (size_t p = 0; p < np; p++) {
		ph.cand[p] = 0;
		ph.lo[p] = 0;
		if (ctx->supporters[p] == 0)
			out->projects[p].reason = TALLY_REASON_NO_SUPPORT;
		else if (inst->projects[p].cost > inst->budget)
			out->projects[p].reason = TALLY_REASON_OVER_BUDGET;
		else
			ph.cand[p] = 1;
		ph.eval[ctx->tb_rank[p]] = (uint32_t)p;
	}
	for (size_t i = 0; i < np; i++)		/* all lo are 0: by rank */
		if (ph.cand[ph.eval[i]])
			ph.order[nc++] = ph.eval[i];
	for (size_t ne = 0;;) {
		size_t ncont = 0;
		double u = INFINITY;
		int64_t best = -1;

		ph_sort(&ph, ne, nc);
		ne = 0;
		for (size_t i = 0; i < nc; i++) {
			uint32_t p = ph.order[i];
			if (ph.lo[p] > u)
				break;
			ph_eval(&ph, p);
			ph.eval[ne++] = p;
			if (ph.hi[p] < u)
				u = ph.hi[p];
		}
		if (ne == 0)
			break;
		/* Contenders: lo ≤ u.  Keep them at the front of eval. */
		for (size_t i = 0; i < ne; i++) {
			uint32_t p = ph.eval[i];
			if (ph.lo[p] <= u)
				ph.eval[ncont++] = p;
		}
		if (ncont == 1)
			best = ph.eval[0];
		else {
			if (ph_exact_classes(&ph, round) != 0)
				goto done;
			for (size_t i = 0; i < ncont; i++) {
				uint32_t p = ph.eval[i];
				int c;
				ph_exact_load(&ph, p);
				c = best < 0 ? -1 : mpq_cmp(ph.sum, ph.best);
				if (c < 0 || (c == 0 && ctx->tb_rank[p] < ctx->tb_rank[best])) {
					best = p;
					mpq_set(ph.best, ph.sum);
				}
			}
		}
		struct tally_project_result *r = &out->projects[best];
		if (inst->projects[best].cost > left) {
			/* Phragmén does not skip: the best misfit ends the rule. */
			r->reason = TALLY_REASON_NOT_FIT;
			r->left = left;
			ph.cand[best] = 0;
			for (size_t p = 0; p < np; p++)
				if (ph.cand[p]) {
					out->projects[p].reason = TALLY_REASON_STOPPED;
					out->projects[p].left = left;
				}
			break;
		}
		left -= inst->projects[best].cost;
		ph.cand[best] = 0;
		for (size_t i = 0; i < ne; i++)		/* it was evaluated: in the prefix */
			if (ph.order[i] == best) {
				memmove(&ph.order[i], &ph.order[i + 1], (nc - i - 1) * sizeof(*ph.order));
				nc--;
				ne--;
				break;
			}
		r->selected = 1;
		r->reason = TALLY_REASON_FUNDED;
		r->round = ++round;
		/* The new class: its interval, and the pairs that define it exactly. */
		{
			double lo = ph.lo[best], hi = ph.hi[best];
			size_t nt = ph_count(&ph, (uint32_t)best);
			/* |mid − ℓ| ≤ half the width, plus the rounding of both. */
			ph.L[round] = lo / 2 + hi / 2;
			ph.E[round] = (hi / 2 - lo / 2) * (1 + 0x1p-20) + 4 * PH_U * hi;
			ph.pwin[round] = (uint32_t)best;
			for (size_t i = 0; i < nt; i++) {
				uint32_t k = ph.touched[i];
				ph.pair_cls[npairs] = k;
				ph.pair_cnt[npairs++] = ph.cnt[k];
				ph.cnt[k] = 0;
			}
			ph.pairs_at[round] = npairs;
			/* Displayed load: half up to the cent, from the interval when certain. */
			double f = floor(lo + 0.5);
			if (hi < 0x1p51 && lo >= f - 0.5 && hi < f + 0.5)
				r->price = (int64_t)f;
			else {
				if (ph_exact_classes(&ph, round) != 0)
					goto done;
				r->price = q_round(ph.q[round]);
			}
		}
		for (size_t j = ctx->pstart[best]; j < ctx->pstart[best + 1]; j++)
			ph.gcls[ctx->pgroup[j]] = round;
	}
	tally_outcome_totals(out, inst);
	rc = 0;
done:
	if (ph.have_q) {
		for (size_t i = 0; i < ph.nq; i++)
			mpq_clear(ph.q[i]);
		mpq_clears(ph.sum, ph.tmp, ph.best, NULL);
	}
	free(ph.q);
	free(blk);
	return rc;
}
