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
 * Speed: an initiative's ρ only grows as budgets shrink, so the last computed ρ is a lower
 * bound; each round evaluates candidates in increasing bound order and stops as soon as a
 * bound exceeds the best ρ found (a bound equal to it is still evaluated: ties matter).
 */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "tally.h"

#define NONE		UINT32_MAX

enum { MES_CAND, MES_FUNDED, MES_DEAD, MES_NOSUP };

struct mes_entry {
	uint32_t	cls;
	int64_t		w;
	uint64_t	m;
	mpq_srcptr	key;	/* budget per unit of utility: val[cls] / w */
};

struct mes {
	struct tally_ctx	*ctx;
	const struct tally_instance *inst;
	size_t			 np, ng;
	int			 cost_util;	/* ρ = t / cost; otherwise ρ = t */
	mpq_t			*val;		/* class budgets; class 0 is the empty purse */
	size_t			 ncls, capcls;
	uint32_t		*gcls;		/* class of each ballot group */
	uint32_t		*slot;		/* per class: its entry while gathered (unweighted) */
	mpq_t			*lb;		/* last ρ of each project: a lower bound */
	mpq_t			*ratio;		/* per entry, weighted ballots only */
	size_t			 nlb, nratio;	/* how many of lb, ratio are initialised */
	uint8_t			*state;
	uint32_t		*cand, *perm, *newcls;
	struct mes_entry	*ent;
	size_t			 nent, capent;
	mpq_t			 t, rho, best_t, best_rho, r, tmp;
	int64_t			 spent;
};

static struct mes *sort_mes;	/* qsort has no context argument */

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
	if (m->val != NULL)
		for (size_t i = 0; i < m->capcls; i++)
			mpq_clear(m->val[i]);
	for (size_t i = 0; i < m->nlb; i++)
		mpq_clear(m->lb[i]);
	for (size_t i = 0; i < m->nratio; i++)
		mpq_clear(m->ratio[i]);
	mpq_clears(m->t, m->rho, m->best_t, m->best_rho, m->r, m->tmp, NULL);
	free(m->val);
	free(m->gcls);
	free(m->slot);
	free(m->lb);
	free(m->ratio);
	free(m->state);
	free(m->cand);
	free(m->perm);
	free(m->newcls);
	free(m->ent);
}

static int
mes_init(struct mes *m, struct tally_ctx *ctx)
{
	size_t maxsup = 1;

	memset(m, 0, sizeof(*m));
	mpq_inits(m->t, m->rho, m->best_t, m->best_rho, m->r, m->tmp, NULL);
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
	m->gcls = malloc((m->ng ? m->ng : 1) * sizeof(*m->gcls));
	m->lb = malloc((m->np ? m->np : 1) * sizeof(*m->lb));
	m->state = malloc(m->np ? m->np : 1);
	m->cand = malloc((m->np ? m->np : 1) * sizeof(*m->cand));
	m->perm = malloc(maxsup * sizeof(*m->perm));
	m->newcls = malloc(maxsup * sizeof(*m->newcls));
	m->ent = malloc(maxsup * sizeof(*m->ent));
	if (!m->gcls || !m->lb || !m->state || !m->cand || !m->perm || !m->newcls || !m->ent)
		return -1;
	for (; m->nlb < m->np; m->nlb++)
		mpq_init(m->lb[m->nlb]);
	if (ctx->weighted) {
		if ((m->ratio = malloc(maxsup * sizeof(*m->ratio))) == NULL)
			return -1;
		for (; m->nratio < maxsup; m->nratio++)
			mpq_init(m->ratio[m->nratio]);
	}
	return 0;
}

/* Room for `more` new classes; done before any key points into val (realloc moves it). */
static int
mes_reserve(struct mes *m, size_t more)
{
	size_t cap = m->capcls;
	mpq_t *val;
	uint32_t *slot;

	if (m->ncls + more <= cap)
		return 0;
	while (cap < m->ncls + more)
		cap = cap ? 2 * cap : 64;
	if ((val = realloc(m->val, cap * sizeof(*val))) == NULL)
		return -1;
	m->val = val;
	for (size_t i = m->capcls; i < cap; i++)
		mpq_init(m->val[i]);
	if ((slot = realloc(m->slot, cap * sizeof(*slot))) == NULL) {
		m->capcls = cap;	/* val is grown and initialised: keep track of it */
		return -1;
	}
	m->slot = slot;
	for (size_t i = m->capcls; i < cap; i++)
		m->slot[i] = NONE;
	m->capcls = cap;
	return 0;
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
				m->ent[e].key = m->val[k];
			}
			m->ent[e].m += ctx->gmult[g];
		}
		m->nent = n;
		return;
	}
	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = m->gcls[g];
		if (k == 0)
			continue;
		m->ent[n].cls = k;
		m->ent[n].w = ctx->pweight[j];
		m->ent[n].m = ctx->gmult[g];
		n++;
	}
	if (n > 1)
		qsort(m->ent, n, sizeof(*m->ent), entry_cw_cmp);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (o > 0 && m->ent[o - 1].cls == m->ent[i].cls && m->ent[o - 1].w == m->ent[i].w) {
			m->ent[o - 1].m += m->ent[i].m;
			continue;
		}
		m->ent[o++] = m->ent[i];
	}
	for (size_t i = 0; i < o; i++) {
		struct mes_entry *e = &m->ent[i];
		if (e->w == 1) {
			e->key = m->val[e->cls];
		} else {
			mpq_set_si(m->tmp, e->w, 1);
			mpq_div(m->ratio[i], m->val[e->cls], m->tmp);
			e->key = m->ratio[i];
		}
	}
	m->nent = o;
}

static void
mes_ungather(struct mes *m)
{
	if (!m->ctx->weighted)
		for (size_t i = 0; i < m->nent; i++)
			m->slot[m->ent[i].cls] = NONE;
	m->nent = 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct mes_entry *x = &sort_mes->ent[*(const uint32_t *)a];
	const struct mes_entry *y = &sort_mes->ent[*(const uint32_t *)b];

	return mpq_cmp(x->key, y->key);
}

/*
 * The smallest t with Σ min(b_i, t·w_i) = cost over p's supporters (RULES.md step 2):
 * walk supporters by budget per utility, poorest first; each either affords the candidate
 * t = rest / (utility not yet walked) — then t is found — or pays everything.  Sets m->t
 * and m->rho; returns 0 if the supporters' money cannot cover the cost.
 */
static int
mes_evaluate(struct mes *m, uint32_t p)
{
	int64_t cost = m->inst->projects[p].cost;
	uint64_t W = 0;
	int found = 0;

	if (cost == 0) {
		mpq_set_ui(m->t, 0, 1);
		mpq_set_ui(m->rho, 0, 1);
		return 1;
	}
	mes_gather(m, p);
	for (size_t i = 0; i < m->nent; i++) {
		m->perm[i] = (uint32_t)i;
		W += m->ent[i].m * (uint64_t)m->ent[i].w;
	}
	sort_mes = m;
	qsort(m->perm, m->nent, sizeof(*m->perm), key_cmp);
	sort_mes = NULL;
	mpq_set_si(m->r, cost, 1);
	for (size_t i = 0; i < m->nent; i++) {
		const struct mes_entry *e = &m->ent[m->perm[i]];

		mpq_set_ui(m->tmp, W, 1);
		mpq_div(m->t, m->r, m->tmp);
		if (mpq_cmp(e->key, m->t) >= 0) {
			found = 1;
			break;
		}
		mpq_set_ui(m->tmp, e->m, 1);
		mpq_mul(m->tmp, m->tmp, m->val[e->cls]);
		mpq_sub(m->r, m->r, m->tmp);
		W -= e->m * (uint64_t)e->w;
	}
	mes_ungather(m);
	if (!found)
		return 0;
	if (m->cost_util) {
		mpq_set_si(m->tmp, cost, 1);
		mpq_div(m->rho, m->t, m->tmp);
	} else
		mpq_set(m->rho, m->t);
	return 1;
}

static int
entry_find_cmp(const void *k, const void *e)
{
	return entry_cw_cmp(k, e);
}

/* Funds p at cap t (m->best_t): every supporter pays min(budget, t·w). */
static int
mes_fund(struct mes *m, uint32_t p, mpq_srcptr t, struct tally_project_result *r)
{
	const struct tally_ctx *ctx = m->ctx;
	uint64_t full = 0, all = 0;

	m->state[p] = MES_FUNDED;
	m->spent += m->inst->projects[p].cost;
	if (m->inst->projects[p].cost == 0) {
		if (r != NULL)
			r->paid_full = ctx->supporters[p];
		return 0;
	}
	if (mes_reserve(m, ctx->pstart[p + 1] - ctx->pstart[p]) == -1)
		return -1;
	mes_gather(m, p);
	for (size_t i = 0; i < m->nent; i++) {
		struct mes_entry *e = &m->ent[i];
		int c = mpq_cmp(e->key, t);

		if (c <= 0) {
			m->newcls[i] = 0;
			if (c < 0)
				all += e->m;
			else
				full += e->m;
		} else {
			uint32_t k = (uint32_t)m->ncls++;
			mpq_set_si(m->tmp, e->w, 1);
			mpq_mul(m->tmp, m->tmp, t);
			mpq_sub(m->val[k], m->val[e->cls], m->tmp);
			m->newcls[i] = k;
			full += e->m;
		}
	}
	for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
		uint32_t g = ctx->pgroup[j], k = m->gcls[g], e;
		if (k == 0)
			continue;
		if (!ctx->weighted) {
			e = m->slot[k];
		} else {
			struct mes_entry key = { .cls = k, .w = ctx->pweight[j] };
			struct mes_entry *f = bsearch(&key, m->ent, m->nent, sizeof(*m->ent),
			    entry_find_cmp);
			e = (uint32_t)(f - m->ent);
		}
		m->gcls[g] = m->newcls[e];
	}
	mes_ungather(m);
	if (r != NULL) {
		r->paid_full = full;
		r->paid_all = all;
		r->price = q_round(t);
	}
	return 0;
}

static int
cand_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = mpq_cmp(sort_mes->lb[x], sort_mes->lb[y]);

	if (c != 0)
		return c;
	return (sort_mes->ctx->tb_rank[x] > sort_mes->ctx->tb_rank[y]) -
	    (sort_mes->ctx->tb_rank[x] < sort_mes->ctx->tb_rank[y]);
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

	m->ncls = 0;
	if (mes_reserve(m, 2) == -1)
		return -1;
	m->ncls = 2;
	mpq_set_ui(m->val[0], 0, 1);
	mpq_set(m->val[1], b0);
	for (size_t g = 0; g < m->ng; g++)
		m->gcls[g] = mpq_sgn(b0) > 0 ? 1 : 0;
	for (size_t p = 0; p < m->np; p++) {
		mpq_set_ui(m->lb[p], 0, 1);
		m->state[p] = ctx->supporters[p] > 0 ? MES_CAND : MES_NOSUP;
	}
	m->spent = 0;
	if (out != NULL)
		tally_outcome_reset(out);
	for (;;) {
		size_t nc = 0;
		int64_t best = -1;

		for (size_t p = 0; p < m->np; p++)
			if (m->state[p] == MES_CAND)
				m->cand[nc++] = (uint32_t)p;
		sort_mes = m;
		qsort(m->cand, nc, sizeof(*m->cand), cand_cmp);
		sort_mes = NULL;
		for (size_t i = 0; i < nc; i++) {
			uint32_t p = m->cand[i];
			int c;

			if (best >= 0 && mpq_cmp(m->lb[p], m->best_rho) > 0)
				break;
			if (!mes_evaluate(m, p)) {
				m->state[p] = MES_DEAD;	/* budgets only shrink: for good */
				continue;
			}
			mpq_set(m->lb[p], m->rho);
			c = best < 0 ? -1 : mpq_cmp(m->rho, m->best_rho);
			if (c < 0 || (c == 0 && ctx->tb_rank[p] < ctx->tb_rank[best])) {
				best = p;
				mpq_set(m->best_rho, m->rho);
				mpq_set(m->best_t, m->t);
			}
		}
		if (best < 0)
			break;
		struct tally_project_result *r = out != NULL ? &out->projects[best] : NULL;
		if (mes_fund(m, (uint32_t)best, m->best_t, r) == -1)
			return -1;
		round++;
		if (r != NULL) {
			r->selected = 1;
			r->reason = TALLY_REASON_FUNDED;
			r->round = round;
		}
	}
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
		mpq_set_ui(m->r, 0, 1);
		for (size_t j = ctx->pstart[p]; j < ctx->pstart[p + 1]; j++) {
			uint32_t g = ctx->pgroup[j];
			mpq_set_ui(m->tmp, ctx->gmult[g], 1);
			mpq_mul(m->tmp, m->tmp, m->val[m->gcls[g]]);
			mpq_add(m->r, m->r, m->tmp);
		}
		r->supporters_money = q_floor(m->r);
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
 * The add1 completion: per-voter budgets B/n, B/n + 1 unit, ... (RULES.md "Completions").
 * Returns the number of raises of the outcome to keep, or -1 when out of memory.
 */
static int64_t
mes_add1(struct mes *m, mpq_srcptr b0)
{
	int64_t step = m->ctx->opt->add1_step > 0 ? m->ctx->opt->add1_step : 100;
	int64_t budget = m->inst->budget;
	uint32_t k = 0;
	mpq_t b;

	mpq_init(b);
	for (;;) {
		voter_budget(b, b0, step, k);
		if (mes_run(m, b, NULL) == -1)
			goto nomem;
		/* Both stops return the previous outcome when this one overshoots; k = 0
		   cannot overshoot (the voters hold n·B/n = B in all). */
		if (m->spent > budget && k > 0) {
			k--;
			break;
		}
		if (m->ctx->opt->add1_stop == TALLY_ADD1_STOP_FITS) {
			/* Keep raising while it fits; once everything supported is funded no
			   raise can change the set any more. */
			if (all_supported_funded(m))
				break;
		} else if (exhaustive(m)) {
			break;
		}
		if (k == UINT32_MAX || step * (int64_t)(k + 1) > INT64_MAX / 4)
			break;
		k++;
	}
	mpq_clear(b);
	return k;
nomem:
	mpq_clear(b);
	return -1;
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
