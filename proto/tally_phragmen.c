/*
 * tally_phragmen.c — sequential Phragmén (RULES.md): voters carry a load; the initiative
 * whose supporters would end with the smallest equal load is funded next, and the rule
 * stops at the first such initiative that does not fit.  Ballots count as approvals of the
 * initiatives they give positive utility.
 *
 * Exact: loads are GMP rationals.  Funding sets every supporter's load to one value, so a
 * voter group's load is always one of the funded initiatives' loads (or 0): groups point to
 * a load class, and Σ of supporters' loads is a sum over a few classes.  Loads only grow,
 * so the last computed load of an initiative is a lower bound, used as in tally_mes.c.
 */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "tally.h"

#define NONE	UINT32_MAX

struct phragmen {
	struct tally_ctx	*ctx;
	size_t			 np;
	mpq_t			*load;		/* class loads: 0, then one per funded initiative */
	size_t			 nload;		/* initialised */
	uint32_t		*gcls;
	uint64_t		*cnt;		/* per class, while summing one project */
	uint32_t		*touched;
	mpq_t			*lb;
	size_t			 nlb;
	uint8_t			*cand;
	uint32_t		*order;
	mpq_t			 sum, tmp, best;
};

static int
ph_cmp(const void *a, const void *b, void *arg)
{
	const struct phragmen *sort_ph = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = mpq_cmp(sort_ph->lb[x], sort_ph->lb[y]);

	if (c != 0)
		return c;
	return (sort_ph->ctx->tb_rank[x] > sort_ph->ctx->tb_rank[y]) -
	    (sort_ph->ctx->tb_rank[x] < sort_ph->ctx->tb_rank[y]);
}

/* (Σ supporters' loads + cost) / number of supporters, into ph->sum. */
static void
ph_newload(struct phragmen *ph, uint32_t p)
{
	const struct tally_ctx *ctx = ph->ctx;
	size_t nt = 0;

	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = ph->gcls[g];
		if (ph->cnt[k] == 0)
			ph->touched[nt++] = k;
		ph->cnt[k] += ctx->gmult[g];
	}
	mpq_set_si(ph->sum, ctx->inst->projects[p].cost, 1);
	for (size_t i = 0; i < nt; i++) {
		uint32_t k = ph->touched[i];
		if (k != 0) {
			mpq_set_ui(ph->tmp, ph->cnt[k], 1);
			mpq_mul(ph->tmp, ph->tmp, ph->load[k]);
			mpq_add(ph->sum, ph->sum, ph->tmp);
		}
		ph->cnt[k] = 0;
	}
	mpq_set_ui(ph->tmp, ctx->supporters[p], 1);
	mpq_div(ph->sum, ph->sum, ph->tmp);
}

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

int
tally_phragmen(struct tally_ctx *ctx, struct tally_outcome *out)
{
	const struct tally_instance *inst = ctx->inst;
	struct phragmen ph;
	size_t np = ctx->np, ncls = np + 1;
	int64_t left = inst->budget;
	uint32_t round = 0;
	int rc = -1;

	memset(&ph, 0, sizeof(ph));
	ph.ctx = ctx;
	ph.np = np;
	mpq_inits(ph.sum, ph.tmp, ph.best, NULL);
	ph.load = malloc(ncls * sizeof(*ph.load));
	ph.gcls = calloc(ctx->ngroups ? ctx->ngroups : 1, sizeof(*ph.gcls));
	ph.cnt = calloc(ncls, sizeof(*ph.cnt));
	ph.touched = malloc(ncls * sizeof(*ph.touched));
	ph.lb = malloc((np ? np : 1) * sizeof(*ph.lb));
	ph.cand = malloc(np ? np : 1);
	ph.order = malloc((np ? np : 1) * sizeof(*ph.order));
	if (!ph.load || !ph.gcls || !ph.cnt || !ph.touched || !ph.lb || !ph.cand || !ph.order)
		goto done;
	mpq_init(ph.load[0]);	/* the others when their round comes: mpq_init allocates */
	ph.nload = 1;
	for (; ph.nlb < np; ph.nlb++)
		mpq_init(ph.lb[ph.nlb]);

	tally_outcome_reset(out);
	for (size_t p = 0; p < np; p++) {
		ph.cand[p] = 0;
		if (ctx->supporters[p] == 0)
			out->projects[p].reason = TALLY_REASON_NO_SUPPORT;
		else if (inst->projects[p].cost > inst->budget)
			out->projects[p].reason = TALLY_REASON_OVER_BUDGET;
		else
			ph.cand[p] = 1;
	}
	for (;;) {
		size_t nc = 0;
		int64_t best = -1;

		for (size_t p = 0; p < np; p++)
			if (ph.cand[p])
				ph.order[nc++] = (uint32_t)p;
		tally_sort_u32(ph.order, nc, ph_cmp, &ph);
		for (size_t i = 0; i < nc; i++) {
			uint32_t p = ph.order[i];
			int c;

			if (best >= 0 && mpq_cmp(ph.lb[p], ph.best) > 0)
				break;
			ph_newload(&ph, p);
			mpq_set(ph.lb[p], ph.sum);
			c = best < 0 ? -1 : mpq_cmp(ph.sum, ph.best);
			if (c < 0 || (c == 0 && ctx->tb_rank[p] < ctx->tb_rank[best])) {
				best = p;
				mpq_set(ph.best, ph.sum);
			}
		}
		if (best < 0)
			break;
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
		r->selected = 1;
		r->reason = TALLY_REASON_FUNDED;
		r->round = ++round;
		r->price = q_round(ph.best);
		mpq_init(ph.load[round]);
		ph.nload = round + 1;
		mpq_set(ph.load[round], ph.best);
		for (size_t j = ctx->pstart[best]; j < ctx->pstart[best + 1]; j++)
			ph.gcls[ctx->pgroup[j]] = round;
	}
	tally_outcome_totals(out, inst);
	rc = 0;
done:
	for (size_t i = 0; i < ph.nload; i++)
		mpq_clear(ph.load[i]);
	for (size_t i = 0; i < ph.nlb; i++)
		mpq_clear(ph.lb[i]);
	mpq_clears(ph.sum, ph.tmp, ph.best, NULL);
	free(ph.load);
	free(ph.gcls);
	free(ph.cnt);
	free(ph.touched);
	free(ph.lb);
	free(ph.cand);
	free(ph.order);
	return rc;
}
