/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * result.c — a closed round to pabulib and to its result; see result.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "intl.h"
#include "result.h"
#include "tally.h"

static int
meta(struct pabulib *pb, const char *k, const char *v)
{
	return pabulib_meta_set(pb, k, v);
}

static int
meta_u(struct pabulib *pb, const char *k, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return pabulib_meta_set(pb, k, buf);
}

static int
meta_money(struct pabulib *pb, const char *k, uint64_t cents)
{
	char buf[40];

	if (cents % 100)
		snprintf(buf, sizeof(buf), "%" PRIu64 ".%02u", cents / 100, (unsigned)(cents % 100));
	else
		snprintf(buf, sizeof(buf), "%" PRIu64, cents / 100);
	return pabulib_meta_set(pb, k, buf);
}

static int
rank_cmp(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;

	return x->value < y->value ? -1 : x->value > y->value;
}

/* The Dutch civil date of t (Europe/Amsterdam: CET, UTC+1; CEST, UTC+2 from the last Sunday
 * of March 01:00 UTC to the last Sunday of October 01:00 UTC, the EU rule since 1996), as
 * pabulib's "DD.MM.YYYY". Computed here, not from the system's time zone data, so every
 * verifier writes the same bytes (docs/audit.md §6). */
static time_t
last_sunday_0100(int year, int mon)
{
	struct tm	tm;
	time_t		t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = 31;
	tm.tm_hour = 1;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return t - (time_t)tm.tm_wday * 86400;
}

void
round_local_date(int64_t when, char out[16])
{
	struct tm	tm;
	time_t		t = (time_t)when;
	int		dst;

	gmtime_r(&t, &tm);
	dst = t >= last_sunday_0100(tm.tm_year + 1900, 2) &&
	    t < last_sunday_0100(tm.tm_year + 1900, 9);
	t += dst ? 7200 : 3600;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%d.%m.%Y", &tm);
}

int
round_pabulib(const struct round *r, const char *village, const struct initiative *ins,
    size_t nins, const struct ballot *bs, size_t nb, struct pabulib **out, char *err,
    size_t errlen)
{
	struct pabulib	*pb;
	struct choice	*sorted = NULL;
	uint32_t	*idx = NULL;
	int64_t		*pts = NULL;
	char		 id[24], seed[65], when[32], rule[ROUND_RULE_BASE_MAX + 16];
	uint64_t	 threshold = 0;
	size_t		 i, k, maxn = 0;
	int64_t		 at;
	int		 rc = -1;

	*out = NULL;
	/* An unknown rule is written as it is: round_result then refuses it by name. */
	if (round_rule_parse(r->rule, NULL, rule, &threshold) != 0)
		snprintf(rule, sizeof(rule), "%.*s", (int)sizeof(rule) - 1, r->rule);
	if ((pb = pabulib_new()) == NULL)
		goto oom;
	{
		static const char d[] = "0123456789abcdef";
		for (i = 0; i < 32; i++) {
			seed[2 * i] = d[r->seed[i] >> 4];
			seed[2 * i + 1] = d[r->seed[i] & 15];
		}
		seed[64] = '\0';
	}
	if (meta(pb, "description", r->name) || meta(pb, "country", "Netherlands") ||
	    meta(pb, "unit", village ? village : "") || meta(pb, "instance", r->name) ||
	    meta(pb, "vote_type", r->ballot == BALLOT_CUMULATIVE ? "cumulative" :
	    r->ballot == BALLOT_ORDINAL ? "ordinal" : "approval") ||
	    meta_money(pb, "budget", r->budget) || meta(pb, "rule", rule) ||
	    meta(pb, "currency", "EUR") || meta(pb, "language", "nl") ||
	    meta(pb, "tie_break", r->tie_break) || meta(pb, "tie_break_seed", seed))
		goto oom;
	/* greedy-threshold:N is META rule greedy-threshold with min_project_score_threshold N,
	 * as pabulib writes it (docs/audit.md §6). */
	if (threshold && meta_u(pb, "min_project_score_threshold", threshold))
		goto oom;
	if (r->opened) {
		round_local_date(r->opened, when);
		if (meta(pb, "date_begin", when))
			goto oom;
	}
	if (r->closed) {
		round_local_date(r->closed, when);
		if (meta(pb, "date_end", when))
			goto oom;
	}
	if ((r->min_choices && meta_u(pb, "min_length", r->min_choices)) ||
	    (r->max_choices && meta_u(pb, "max_length", r->max_choices)) ||
	    (r->ballot == BALLOT_KNAPSACK && meta_money(pb, "max_sum_cost", r->limit)) ||
	    (r->ballot == BALLOT_CUMULATIVE && meta_u(pb, "max_sum_points", r->points)) ||
	    (r->ballot == BALLOT_CUMULATIVE && r->max_points &&
	    meta_u(pb, "max_points", r->max_points)))
		goto oom;
	/* Projects: the admitted initiatives, in the order given (ascending id). */
	for (i = 0; i < nins; i++) {
		if (ins[i].round != r->id || ins[i].status != INIT_ADMITTED)
			continue;
		snprintf(id, sizeof(id), "%u", ins[i].id);
		if (pabulib_project_add(pb, id, (int64_t)ins[i].cost, ins[i].title) < 0) {
			snprintf(err, errlen, _("initiative %u cannot be a pabulib project"), ins[i].id);
			goto fail;
		}
	}
	for (i = 0; i < nb; i++)
		if (bs[i].choices.n > maxn)
			maxn = bs[i].choices.n;
	idx = calloc(maxn + 1, sizeof(*idx));
	pts = calloc(maxn + 1, sizeof(*pts));
	sorted = calloc(maxn + 1, sizeof(*sorted));
	if (idx == NULL || pts == NULL || sorted == NULL)
		goto oom;
	for (i = 0; i < nb; i++) {
		const struct choice *ch = bs[i].choices.items;
		size_t n = bs[i].choices.n;
		memcpy(sorted, ch, n * sizeof(*ch));
		/* Ordinal votes list the most preferred first: sort by rank. */
		if (r->ballot == BALLOT_ORDINAL)
			qsort(sorted, n, sizeof(*sorted), rank_cmp);
		for (k = 0; k < n; k++) {
			snprintf(id, sizeof(id), "%u", sorted[k].initiative);
			if ((at = pabulib_project_find(pb, id)) < 0) {
				snprintf(err, errlen, _("a ballot names initiative %u, which is not "
				    "admitted in round %u"), sorted[k].initiative, r->id);
				goto fail;
			}
			idx[k] = (uint32_t)at;
			pts[k] = sorted[k].value;
		}
		snprintf(id, sizeof(id), "%zu", i + 1);
		if (pabulib_vote_add(pb, id, idx, r->ballot == BALLOT_CUMULATIVE ? pts : NULL,
		    n) != 0) {
			snprintf(err, errlen, _("ballot %zu cannot be a pabulib vote"), i + 1);
			goto fail;
		}
	}
	*out = pb;
	pb = NULL;
	rc = 0;
	goto fail;
oom:
	snprintf(err, errlen, _("out of memory"));
fail:
	pabulib_free(pb);
	free(idx);
	free(pts);
	free(sorted);
	return rc;
}

void
ballots_digest(const uint8_t (*hashes)[HASH_BYTES], size_t n, uint8_t out[HASH_BYTES])
{
	crypto_generichash_state	st;
	size_t				i;

	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	for (i = 0; i < n; i++)
		crypto_generichash_update(&st, hashes[i], HASH_BYTES);
	crypto_generichash_final(&st, out, HASH_BYTES);
}

int
round_rule_parse(const char *rule, struct tally_options *opt, char *base, uint64_t *threshold)
{
	static const char *const names[] = { "greedy", "greedy-no-skip", "equalshares",
	    "equalshares/add1", "equalshares/add1-comparison", "phragmen" };
	static const char th[] = "greedy-threshold:";
	struct tally_options	 o;
	uint64_t		 n = 0;
	const char		*p;
	size_t			 i;

	tally_options_init(&o);
	if (strncmp(rule, th, sizeof(th) - 1) == 0) {
		p = rule + sizeof(th) - 1;
		if (*p < '1' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((n = n * 10 + (uint64_t)(*p - '0')) > ROUND_THRESHOLD_MAX)
				return -1;
		if (*p != '\0')
			return -1;
		if (tally_rule_parse(&o, "greedy-threshold") != 0)
			return -1;
		o.has_threshold = 1;
		o.threshold = (int64_t)n;
		if (base)
			snprintf(base, ROUND_RULE_BASE_MAX, "greedy-threshold");
	} else {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(rule, names[i]) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]) || tally_rule_parse(&o, rule) != 0)
			return -1;
		if (base)
			snprintf(base, ROUND_RULE_BASE_MAX, "%s", names[i]);
	}
	if (opt) {
		opt->rule = o.rule;
		opt->comparison = o.comparison;
		opt->city_rule = o.city_rule;
		opt->has_threshold = o.has_threshold;
		opt->threshold = o.threshold;
	}
	if (threshold)
		*threshold = n;
	return 0;
}

int
round_result(const struct round *r, const struct pabulib *pb, const struct initiative *ins,
    size_t nins, struct result *res, char *err, size_t errlen)
{
	struct tally_instance	 inst;
	struct tally_options	 opt;
	struct tally_outcome	 out;
	struct result_item	*items = NULL;
	FILE			*f;
	char			*text = NULL;
	size_t			 textlen = 0, i, k;
	int			 rc = -1;

	memset(res, 0, sizeof(*res));
	if (pabulib_instance(pb, &inst, err, errlen) != 0)
		return -1;
	if (r->ballot == BALLOT_ORDINAL && r->max_choices)
		inst.ordinal_k = r->max_choices;
	tally_options_init(&opt);
	if (round_rule_parse(r->rule, &opt, NULL, NULL) != 0 ||
	    tally_tiebreak_parse(&opt, r->tie_break) != 0) {
		snprintf(err, errlen, _("round %u has a rule or tie-break the tally does not know"),
		    r->id);
		pabulib_instance_free(&inst);
		return -1;
	}
	memcpy(opt.seed, r->seed, sizeof(opt.seed));
	if (tally_run(&inst, &opt, &out, err, errlen) != 0) {
		pabulib_instance_free(&inst);
		return -1;
	}
	if ((items = calloc(out.nprojects + 1, sizeof(*items))) == NULL)
		goto oom;
	for (i = 0; i < out.nprojects; i++) {
		const struct tally_project_result *pr = &out.projects[i];
		uint32_t id = (uint32_t)strtoul(inst.projects[i].id, NULL, 10);
		items[i].initiative = id;
		for (k = 0; k < nins; k++)
			if (ins[k].id == id) {
				if ((items[i].title = strdup(ins[k].title)) == NULL)
					goto oom;
				break;
			}
		if (items[i].title == NULL && (items[i].title = strdup("")) == NULL)
			goto oom;
		items[i].cost = (uint64_t)inst.projects[i].cost;
		items[i].funded = (uint8_t)pr->selected;
		items[i].reason = (uint8_t)pr->reason;
		items[i].order = pr->round;
		items[i].supporters = pr->supporters;
		items[i].score = pr->score;
		items[i].price = pr->price;
		items[i].paid_full = pr->paid_full;
		items[i].paid_all = pr->paid_all;
		items[i].left = pr->left;
	}
	res->items.items = items;
	res->items.n = (uint32_t)out.nprojects;
	items = NULL;
	if ((f = open_memstream(&text, &textlen)) == NULL)
		goto oom;
	if (tally_print_text(f, &inst, &out) != 0) {
		fclose(f);
		goto oom;
	}
	if (fclose(f) != 0)
		goto oom;
	res->explanation.p = (uint8_t *)text;
	res->explanation.len = (uint32_t)textlen;
	text = NULL;
	res->round = r->id;
	if ((res->rule = strdup(r->rule)) == NULL ||
	    (res->tie_break = strdup(r->tie_break)) == NULL)
		goto oom;
	memcpy(res->seed, r->seed, sizeof(res->seed));
	res->budget = (uint64_t)out.budget;
	res->spent = (uint64_t)out.spent;
	res->unspent = (uint64_t)out.unspent;
	res->voter_budget = out.voter_budget;
	res->add1_steps = out.add1_steps;
	res->compared = (uint8_t)out.compared;
	res->greedy_won = (uint8_t)out.greedy_won;
	res->prefer_mes = out.prefer_mes;
	res->prefer_greedy = out.prefer_greedy;
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, _("out of memory"));
	wire_free(&schema_result, res);
done:
	if (items) {
		for (i = 0; i < out.nprojects; i++)
			free(items[i].title);
		free(items);
	}
	free(text);
	tally_outcome_free(&out);
	pabulib_instance_free(&inst);
	return rc;
}
