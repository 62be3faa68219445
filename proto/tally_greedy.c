/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * tally_greedy.c — greedy, greedy-no-skip, greedy-threshold, and the greedy completion used
 * after Equal Shares.  Initiatives are ranked once (docs/tally.md, "greedy"): by approvals
 * (cost utility, the cities' rule), by approvals per euro (cardinality utility), or by total
 * points for points and ordinal ballots; ties by the context's tie-break rank.  All integer.
 */
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct rank_arg {
	const struct tally_ctx	*ctx;
	int			 density;
};

/*
 * Approvals per euro compared exactly by cross-multiplication (128-bit: approvals < 2^27,
 * cost < 2^44).  A free initiative with support is infinitely dense; a free one without
 * support counts as density 0, like any unsupported one.
 */
static int
density_cmp(int64_t sa, int64_t ca, int64_t sb, int64_t cb)
{
	int infa = ca == 0 && sa > 0, infb = cb == 0 && sb > 0;
	__int128 l, r;

	if (infa || infb)
		return infa == infb ? 0 : infa ? 1 : -1;
	if (ca == 0)
		sa = 0, ca = 1;
	if (cb == 0)
		sb = 0, cb = 1;
	l = (__int128)sa * cb;
	r = (__int128)sb * ca;
	return (l > r) - (l < r);
}

static int
rank_cmp(const void *a, const void *b, void *arg)
{
	const struct rank_arg *ra = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct tally_ctx *ctx = ra->ctx;
	int c;

	if (ra->density)
		c = density_cmp(ctx->score[x], ctx->inst->projects[x].cost, ctx->score[y],
		    ctx->inst->projects[y].cost);
	else
		c = (ctx->score[x] > ctx->score[y]) - (ctx->score[x] < ctx->score[y]);
	if (c != 0)
		return -c;	/* highest first */
	return (ctx->tb_rank[x] > ctx->tb_rank[y]) - (ctx->tb_rank[x] < ctx->tb_rank[y]);
}

static uint32_t *
greedy_order(const struct tally_ctx *ctx, int density)
{
	uint32_t *order = malloc((ctx->np ? ctx->np : 1) * sizeof(*order));

	if (order == NULL)
		return NULL;
	for (size_t p = 0; p < ctx->np; p++)
		order[p] = (uint32_t)p;
	struct rank_arg ra = { ctx, density };
	tally_sort_u32(order, ctx->np, rank_cmp, &ra);
	return order;
}

int
tally_greedy(struct tally_ctx *ctx, struct tally_outcome *out)
{
	const struct tally_instance *inst = ctx->inst;
	const struct tally_options *opt = ctx->opt;
	int density = inst->type == TALLY_BALLOT_APPROVAL &&
	    opt->utility == TALLY_UTILITY_CARDINALITY;
	uint32_t *order = greedy_order(ctx, density), round = 0;
	int64_t left = inst->budget;
	int stopped = 0;

	if (order == NULL)
		return -1;
	tally_outcome_reset(out);
	for (size_t i = 0; i < ctx->np; i++) {
		uint32_t p = order[i];
		struct tally_project_result *r = &out->projects[p];
		int64_t cost = inst->projects[p].cost;

		if (inst->projects[p].withdrawn) {
			/* pabulib's sentinel cost: never funded, never a stop (the checker
			   and the official greedy-no-skip outcomes skip it) */
			r->reason = TALLY_REASON_WITHDRAWN;
			continue;
		}
		if ((opt->rule == TALLY_RULE_GREEDY_THRESHOLD || opt->has_threshold) &&
		    ctx->score[p] < opt->threshold) {
			r->reason = TALLY_REASON_BELOW_THRESHOLD;
			continue;
		}
		r->left = left;
		if (stopped) {
			r->reason = TALLY_REASON_STOPPED;
		} else if (cost <= left) {
			left -= cost;
			r->selected = 1;
			r->reason = TALLY_REASON_FUNDED;
			r->round = ++round;
			r->left = left;
		} else {
			r->reason = TALLY_REASON_NOT_FIT;
			stopped = opt->rule == TALLY_RULE_GREEDY_NO_SKIP;
		}
	}
	free(order);
	tally_outcome_totals(out, inst);
	return 0;
}

int
tally_greedy_complete(struct tally_ctx *ctx, struct tally_outcome *out)
{
	const struct tally_instance *inst = ctx->inst;
	uint32_t *order, round = 0;
	int64_t left;

	tally_outcome_totals(out, inst);
	left = out->unspent;
	for (size_t p = 0; p < ctx->np; p++)
		if (out->projects[p].round > round)
			round = out->projects[p].round;
	/* Completion always ranks by approvals (cost utility) or points. */
	if ((order = greedy_order(ctx, 0)) == NULL)
		return -1;
	for (size_t i = 0; i < ctx->np; i++) {
		uint32_t p = order[i];
		struct tally_project_result *r = &out->projects[p];

		if (r->selected)
			continue;
		if (inst->projects[p].withdrawn) {
			r->reason = TALLY_REASON_WITHDRAWN;
			continue;
		}
		r->left = left;
		if (inst->projects[p].cost <= left) {
			left -= inst->projects[p].cost;
			r->selected = 1;
			r->reason = TALLY_REASON_FUNDED_COMPLETION;
			r->round = ++round;
			r->left = left;
			out->completed++;
		} else
			r->reason = TALLY_REASON_NOT_FIT;
	}
	free(order);
	tally_outcome_totals(out, inst);
	return 0;
}
