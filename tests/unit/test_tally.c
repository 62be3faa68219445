/* SPDX-License-Identifier: EUPL-1.2 */
/* test_tally.c — the tally engine on small hand-made rounds whose outcomes are worked out
   by hand in the comments: every rule, every tie-break path, edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gmp.h>

#include <sodium.h>

#include "tally.h"

#define MAXP	8
#define MAXB	16

/* A small round: projects by id and cost in cents, ballots as lists of project indices. */
struct round {
	struct tally_project	p[MAXP];
	struct tally_ballot	b[MAXB];
	uint32_t		idx[MAXB][MAXP];
	int64_t			pts[MAXB][MAXP];
	struct tally_instance	inst;
};

static void
round_init(struct round *r, int64_t budget_cents, enum tally_ballot_type type)
{
	memset(r, 0, sizeof(*r));
	r->inst.projects = r->p;
	r->inst.ballots = r->b;
	r->inst.budget = budget_cents;
	r->inst.type = type;
}

static uint32_t
project(struct round *r, const char *id, int64_t cost_cents)
{
	uint32_t i = (uint32_t)r->inst.nprojects++;

	r->p[i].id = id;
	r->p[i].name = id;
	r->p[i].cost = cost_cents;
	return i;
}

/* ballot(r, n, p1, p2, ...) for approval; points given separately with ballot_points. */
static size_t
ballot(struct round *r, size_t n, ...)
{
	size_t i = r->inst.nballots++;
	va_list ap;

	va_start(ap, n);
	for (size_t j = 0; j < n; j++)
		r->idx[i][j] = va_arg(ap, uint32_t);
	va_end(ap);
	r->b[i].n = n;
	r->b[i].projects = r->idx[i];
	return i;
}

static void
ballot_points(struct round *r, size_t i, ...)
{
	va_list ap;

	va_start(ap, i);
	for (size_t j = 0; j < r->b[i].n; j++)
		r->pts[i][j] = va_arg(ap, int64_t);
	va_end(ap);
	r->b[i].points = r->pts[i];
}

/* Runs and returns the funded ids as "a,b" in natural order. */
static const char *
run(struct round *r, const struct tally_options *opt, struct tally_outcome *out)
{
	static char buf[256];
	char err[256];
	FILE *f;

	if (tally_run(&r->inst, opt, out, err, sizeof(err)) != 0)
		fail_msg("tally_run: %s", err);
	f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	assert_int_equal(tally_print_selected(f, &r->inst, out), 0);
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void
opts(struct tally_options *o, const char *rule)
{
	tally_options_init(o);
	assert_int_equal(tally_rule_parse(o, rule), 0);
}

#define EUR(x)	((int64_t)(x) * 100)

/* Budget 100: A 60 (3 votes), B 50 (2), C 40 (1).  greedy: A, skip B (40 left), C.
   no-skip stops at B; threshold 2 drops C. */
static void
test_greedy_family(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b, c;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(60));
	b = project(&r, "B", EUR(50));
	c = project(&r, "C", EUR(40));
	ballot(&r, 2, a, b);
	ballot(&r, 2, a, b);
	ballot(&r, 2, a, c);

	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "A,C");
	assert_int_equal(out.projects[b].reason, TALLY_REASON_NOT_FIT);
	assert_int_equal(out.projects[b].left, EUR(40));
	assert_int_equal(out.projects[c].left, 0);
	assert_int_equal(out.spent, EUR(100));
	assert_int_equal(out.unspent, 0);
	tally_outcome_free(&out);

	opts(&o, "greedy-no-skip");
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.projects[c].reason, TALLY_REASON_STOPPED);
	tally_outcome_free(&out);

	opts(&o, "greedy-threshold");
	o.has_threshold = 1;
	o.threshold = 2;
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.projects[c].reason, TALLY_REASON_BELOW_THRESHOLD);
	tally_outcome_free(&out);

	/* Without a threshold greedy-threshold is an error, not a guess. */
	opts(&o, "greedy-threshold");
	char err[128];
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
}

/* Budget 100: A 40 (4 votes), W withdrawn (3), B 30 (2), C 50 (1).  greedy-no-skip: A
   (60 left), W is withdrawn — neither funded nor a stop — B (30 left), C does not fit:
   stop.  The greedy completion after Equal Shares never funds W either.  A threshold (2)
   with greedy-no-skip drops C; greedy-custom and greedy-exclusive are greedy by name. */
static void
test_greedy_withdrawn_threshold_city(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, w, b, c;
	char name[64], err[128];

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(40));
	w = project(&r, "W", EUR(999999999));
	r.p[w].withdrawn = 1;
	b = project(&r, "B", EUR(30));
	c = project(&r, "C", EUR(50));
	ballot(&r, 4, a, w, b, c);
	ballot(&r, 3, a, w, b);
	ballot(&r, 2, a, w);
	ballot(&r, 1, a);

	opts(&o, "greedy-no-skip");
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.projects[w].reason, TALLY_REASON_WITHDRAWN);
	assert_int_equal(out.projects[c].reason, TALLY_REASON_NOT_FIT);
	assert_int_equal(out.projects[c].left, EUR(30));
	tally_outcome_free(&out);

	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.projects[w].reason, TALLY_REASON_WITHDRAWN);
	tally_outcome_free(&out);

	/* MES: b = 25; A costs 40 over 4 supporters (10 each); then B (30) over its 2
	   supporters with 15 each left: exactly affordable; C's one supporter has nothing
	   left.  The greedy completion skips W (withdrawn) and finds C (50) too big for the
	   30 left. */
	opts(&o, "equalshares");
	o.complete_greedy = 1;
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.projects[w].reason, TALLY_REASON_WITHDRAWN);
	assert_int_equal(out.projects[b].reason, TALLY_REASON_FUNDED);
	assert_int_equal(out.projects[b].paid_full, 2);
	assert_int_equal(out.projects[c].reason, TALLY_REASON_NOT_FIT);
	assert_int_equal(out.projects[c].left, EUR(30));
	assert_int_equal(out.completed, 0);
	tally_outcome_free(&out);

	opts(&o, "greedy-no-skip");
	o.has_threshold = 1;
	o.threshold = 2;
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.projects[c].reason, TALLY_REASON_BELOW_THRESHOLD);
	tally_outcome_free(&out);
	o.threshold = 3;
	assert_string_equal(run(&r, &o, &out), "A");	/* B (2 votes) is below it too */
	assert_int_equal(out.projects[b].reason, TALLY_REASON_BELOW_THRESHOLD);
	tally_outcome_free(&out);

	opts(&o, "greedy-custom");
	assert_int_equal(o.rule, TALLY_RULE_GREEDY);
	assert_int_equal(o.city_rule, TALLY_CITY_CUSTOM);
	assert_string_equal(tally_rule_name(&o, name, sizeof(name)), "greedy-custom");
	assert_string_equal(run(&r, &o, &out), "A,B");
	tally_outcome_free(&out);
	opts(&o, "greedy-exclusive");
	assert_int_equal(o.city_rule, TALLY_CITY_EXCLUSIVE);
	assert_string_equal(tally_rule_name(&o, name, sizeof(name)), "greedy-exclusive");
	opts(&o, "greedy");
	assert_int_equal(o.city_rule, TALLY_CITY_NONE);
	/* a city's variant of another rule does not exist */
	opts(&o, "equalshares");
	o.city_rule = TALLY_CITY_CUSTOM;
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	tally_options_init(&o);
	assert_int_equal(tally_rule_parse(&o, "unknown"), -1);
	assert_non_null(strstr(tally_rule_names, "greedy-exclusive"));
}

/* Cardinality utility ranks by approvals per euro: C (1 vote, €10) beats A (2, €60). */
static void
test_greedy_cardinality(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, c;

	(void)state;
	round_init(&r, EUR(65), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(60));
	c = project(&r, "C", EUR(10));
	ballot(&r, 1, a);
	ballot(&r, 2, a, c);
	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "A");
	tally_outcome_free(&out);
	assert_int_equal(tally_utility_parse(&o, "cardinality"), 0);
	assert_string_equal(run(&r, &o, &out), "C");
	tally_outcome_free(&out);
}

/* Two projects with equal votes and room for one: each tie-break path decides. */
static void
test_tiebreaks(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t p10, p9, p8;

	(void)state;
	/* lexico: "10" < "9" as strings (pabutools), though 9 < 10 as numbers. */
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	p10 = project(&r, "10", EUR(100));
	p9 = project(&r, "9", EUR(100));
	ballot(&r, 2, p10, p9);
	opts(&o, "greedy");
	assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
	assert_string_equal(run(&r, &o, &out), "10");
	tally_outcome_free(&out);

	/* cost-votes: lower cost first ... */
	r.p[p9].cost = EUR(90);
	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "9");
	tally_outcome_free(&out);

	/* ... and on equal cost and votes the lot: keyed BLAKE2b of the id, smaller first. */
	r.p[p9].cost = EUR(100);
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	p10 = project(&r, "10", EUR(100));
	p9 = project(&r, "9", EUR(100));
	p8 = project(&r, "8", EUR(1000));
	ballot(&r, 1, p10);
	ballot(&r, 2, p9, p8);
	ballot(&r, 1, p8);
	opts(&o, "greedy");
	{
		uint8_t h10[32], h9[32];
		crypto_generichash(h10, 32, (const unsigned char *)"10", 2, o.seed, 32);
		crypto_generichash(h9, 32, (const unsigned char *)"9", 1, o.seed, 32);
		const char *want = memcmp(h10, h9, 32) < 0 ? "10" : "9";
		assert_string_equal(run(&r, &o, &out), want);
		tally_outcome_free(&out);
	}
	/* Other seeds: the engine follows the lot for each, and the lot does vary. */
	{
		int nine = 0;
		for (int sd = 1; sd <= 32; sd++) {
			uint8_t h10[32], h9[32];
			char hex[65];
			memset(o.seed, 0, sizeof(o.seed));
			o.seed[0] = (uint8_t)sd;
			crypto_generichash(h10, 32, (const unsigned char *)"10", 2, o.seed, 32);
			crypto_generichash(h9, 32, (const unsigned char *)"9", 1, o.seed, 32);
			const char *want = memcmp(h10, h9, 32) < 0 ? "10" : "9";
			for (int i = 0; i < 32; i++)
				snprintf(hex + 2 * i, 3, "%02x", o.seed[i]);
			memset(o.seed, 0xff, sizeof(o.seed));
			assert_int_equal(tally_seed_parse(&o, hex), 0);
			assert_string_equal(run(&r, &o, &out), want);
			tally_outcome_free(&out);
			nine += want[0] == '9';
		}
		assert_true(nine > 0 && nine < 32);
	}
	assert_int_equal(tally_seed_parse(&o, "xyz"), -1);
}

/* More votes break a cost tie (cost-votes), before the lot. */
static void
test_tiebreak_votes(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b;

	(void)state;
	/* Points ballots: A and B both score 4 points, but B has two voters, A one. */
	round_init(&r, EUR(100), TALLY_BALLOT_CUMULATIVE);
	a = project(&r, "A", EUR(100));
	b = project(&r, "B", EUR(100));
	ballot_points(&r, ballot(&r, 1, a), INT64_C(4));
	ballot_points(&r, ballot(&r, 1, b), INT64_C(2));
	ballot_points(&r, ballot(&r, 1, b), INT64_C(2));
	opts(&o, "greedy");	/* both score 4; B has 2 votes: B */
	assert_string_equal(run(&r, &o, &out), "B");
	tally_outcome_free(&out);
	assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
	assert_string_equal(run(&r, &o, &out), "A");
	tally_outcome_free(&out);
}

/*
 * Equal shares by hand.  Budget €300, voters v1 v2 v3 (b = €100 each).
 * A €240 by all three: t = 80, ρ = 80/240 = 1/3.  B €60 by v3: t = 60, ρ = 1.
 * MES funds A (each pays 80); v3 has 20 < 60: B unaffordable ("had only € 20,00").
 * add1: v3 has 20 + k; at k = 40 B is affordable, outcome A+B = 300 fits; everything
 * supported is funded: stop.  The exhaustive stop agrees here.  --complete greedy after
 * plain MES adds B (60 left).
 */
static void
test_mes_add1_completion(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b;

	(void)state;
	round_init(&r, EUR(300), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(240));
	b = project(&r, "B", EUR(60));
	ballot(&r, 1, a);
	ballot(&r, 1, a);
	ballot(&r, 2, a, b);

	opts(&o, "equalshares");
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.projects[a].price, EUR(80));
	assert_int_equal(out.projects[a].paid_full, 3);
	assert_int_equal(out.projects[a].paid_all, 0);
	assert_int_equal(out.projects[b].reason, TALLY_REASON_UNAFFORDABLE);
	assert_int_equal(out.projects[b].supporters_money, EUR(20));
	assert_int_equal(out.voter_budget, EUR(100));
	tally_outcome_free(&out);

	opts(&o, "equalshares/add1");
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.add1_steps, 40);
	assert_int_equal(out.voter_budget, EUR(140));
	tally_outcome_free(&out);

	assert_int_equal(tally_add1_stop_parse(&o, "exhaustive"), 0);
	assert_string_equal(run(&r, &o, &out), "A,B");
	tally_outcome_free(&out);

	opts(&o, "equalshares");
	o.complete_greedy = 1;
	assert_string_equal(run(&r, &o, &out), "A,B");
	assert_int_equal(out.projects[b].reason, TALLY_REASON_FUNDED_COMPLETION);
	assert_int_equal(out.completed, 1);
	tally_outcome_free(&out);
}

/*
 * The checker's add1 stop differs from the exhaustive one.  Budget €100, 2 voters (b=50).
 * A €60 by v1,v2 (t 30): funded, each keeps 20.  B €50 by v1: unaffordable (20).
 * Left: 40 < 50, so k = 0 is exhaustive: the exhaustive stop keeps {A}.  The checker's
 * stop raises on: at k = 30 v1 has 50 after A and B is funded: 110 > 100 overshoots, so
 * k = 29 → {A} too, but with 29 raises.
 */
static void
test_add1_stops(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(60));
	b = project(&r, "B", EUR(50));
	ballot(&r, 2, a, b);
	ballot(&r, 1, a);
	opts(&o, "equalshares/add1");
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.add1_steps, 29);
	tally_outcome_free(&out);
	assert_int_equal(tally_add1_stop_parse(&o, "exhaustive"), 0);
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.add1_steps, 0);
	tally_outcome_free(&out);
}

/* Equal ρ: budget €150, v1 v2 (b = 75) approve "10" and "9" (€100 each): ρ = 1/2 both;
   after one, each voter keeps 25 and the other is unaffordable.  The tie-break decides. */
static void
test_mes_tie(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t p10, p9;

	(void)state;
	round_init(&r, EUR(150), TALLY_BALLOT_APPROVAL);
	p10 = project(&r, "10", EUR(100));
	p9 = project(&r, "9", EUR(100));
	ballot(&r, 2, p10, p9);
	ballot(&r, 2, p9, p10);
	opts(&o, "equalshares");
	assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
	assert_string_equal(run(&r, &o, &out), "10");
	assert_int_equal(out.projects[p9].supporters_money, EUR(50));
	tally_outcome_free(&out);
	/* One cent more changes no ρ (everyone can pay: ρ = 1/2 for both, exactly) ... */
	r.p[p10].cost = EUR(100) + 1;
	assert_string_equal(run(&r, &o, &out), "10");
	tally_outcome_free(&out);
	/* ... but cost-votes then prefers the cheaper one. */
	assert_int_equal(tally_tiebreak_parse(&o, "cost-votes"), 0);
	assert_string_equal(run(&r, &o, &out), "9");
	tally_outcome_free(&out);
}

/* Poorer supporters pay all they have: budget €90, 3 voters (b = 30); v1 first buys
   X (€20) alone (ρ 1... t 20), then Y €60 by v1 v2 v3: v1 has 10, pays 10; v2 v3 pay 25. */
static void
test_mes_poor_pay_all(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t x, y;

	(void)state;
	round_init(&r, EUR(90), TALLY_BALLOT_APPROVAL);
	x = project(&r, "X", EUR(20));
	y = project(&r, "Y", EUR(60));
	ballot(&r, 2, x, y);
	ballot(&r, 1, y);
	ballot(&r, 1, y);
	/* cardinality: ρ_X = 20, ρ_Y = 20 (3 voters × 20 = 60): tie; lexico X first. */
	opts(&o, "equalshares");
	assert_int_equal(tally_utility_parse(&o, "cardinality"), 0);
	assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
	assert_string_equal(run(&r, &o, &out), "X,Y");
	assert_int_equal(out.projects[x].round, 1);
	assert_int_equal(out.projects[y].price, EUR(25));
	assert_int_equal(out.projects[y].paid_full, 2);
	assert_int_equal(out.projects[y].paid_all, 1);
	assert_int_equal(out.spent, EUR(80));
	tally_outcome_free(&out);
}

/* -comparison: MES funds nothing (A needs 3 × 25 = 75 < 100), greedy funds A: the three
   supporters of A prefer greedy, nobody prefers MES: greedy is kept. */
static void
test_comparison(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(100));
	b = project(&r, "B", EUR(50));
	ballot(&r, 1, a);
	ballot(&r, 1, a);
	ballot(&r, 1, a);
	ballot(&r, 1, b);
	opts(&o, "equalshares-comparison");
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.compared, 1);
	assert_int_equal(out.greedy_won, 1);
	assert_int_equal(out.prefer_greedy, 3);
	assert_int_equal(out.prefer_mes, 0);
	tally_outcome_free(&out);
	(void)b;
}

/* Phragmén: A €60 (v1 v2) load 30, C €30 (v1) load 30, B €50 (v3) load 50.  Tie A/C:
   lexico A.  Then C would load v1 to 60, B 50: B next, but only 40 left: stop. */
static void
test_phragmen(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b, c;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(60));
	b = project(&r, "B", EUR(50));
	c = project(&r, "C", EUR(30));
	ballot(&r, 2, a, c);
	ballot(&r, 1, a);
	ballot(&r, 1, b);
	opts(&o, "phragmen");
	assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
	assert_string_equal(run(&r, &o, &out), "A");
	assert_int_equal(out.projects[a].price, EUR(30));
	assert_int_equal(out.projects[b].reason, TALLY_REASON_NOT_FIT);
	assert_int_equal(out.projects[b].left, EUR(40));
	assert_int_equal(out.projects[c].reason, TALLY_REASON_STOPPED);
	tally_outcome_free(&out);
	/* cost-votes: C is cheaper, so C wins the tie at 30; then A (v1 at 30): (30+60)/2 =
	   45 < B's 50: A (€60) fits in 70; then B €50 > 10 left: stop. */
	opts(&o, "phragmen");
	assert_string_equal(run(&r, &o, &out), "A,C");
	assert_int_equal(out.projects[c].round, 1);
	assert_int_equal(out.projects[a].price, EUR(45));
	tally_outcome_free(&out);
}

/* Zero votes and zero cost. */
static void
test_zero_votes_zero_cost(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, f, z;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(80));
	f = project(&r, "F", 0);		/* free, supported */
	z = project(&r, "Z", EUR(10));		/* nobody votes for it */
	ballot(&r, 2, a, f);
	ballot(&r, 1, a);
	opts(&o, "equalshares");
	assert_string_equal(run(&r, &o, &out), "A,F");
	assert_int_equal(out.projects[f].round, 1);	/* ρ = 0 comes first */
	assert_int_equal(out.projects[z].reason, TALLY_REASON_NO_SUPPORT);
	tally_outcome_free(&out);
	/* greedy, as pabutools: unsupported initiatives rank last but are funded if they fit */
	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "A,F,Z");
	assert_int_equal(out.projects[z].round, 3);
	tally_outcome_free(&out);
	opts(&o, "phragmen");
	assert_string_equal(run(&r, &o, &out), "A,F");
	tally_outcome_free(&out);
}

/* A budget larger than everything: every rule funds every supported initiative. */
static void
test_budget_covers_all(void **state)
{
	static const char *rules[] = { "greedy", "greedy-no-skip", "equalshares",
	    "equalshares/add1", "phragmen" };
	struct round r;
	struct tally_options o;
	struct tally_outcome out;

	(void)state;
	round_init(&r, EUR(10000), TALLY_BALLOT_APPROVAL);
	uint32_t a = project(&r, "A", EUR(500)), b = project(&r, "B", EUR(700));
	uint32_t c = project(&r, "C", EUR(900));
	ballot(&r, 2, a, b);
	ballot(&r, 1, c);
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		opts(&o, rules[i]);
		assert_string_equal(run(&r, &o, &out), "A,B,C");
		assert_int_equal(out.unspent, EUR(10000 - 2100));
		tally_outcome_free(&out);
	}
}

/* One voter: MES gives that voter the whole budget, in order of ρ = t/cost = 1 each:
   tie on ρ, cost-votes → cheaper first; then what is left. */
static void
test_single_voter(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	uint32_t a = project(&r, "A", EUR(70)), b = project(&r, "B", EUR(40));
	uint32_t c = project(&r, "C", EUR(30));
	ballot(&r, 3, a, b, c);
	opts(&o, "equalshares");
	assert_string_equal(run(&r, &o, &out), "B,C");	/* 40 + 30; 30 left < 70 */
	assert_int_equal(out.projects[c].round, 1);
	assert_int_equal(out.projects[a].supporters_money, EUR(30));
	tally_outcome_free(&out);
}

/* No voters at all. */
static void
test_no_voters(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	project(&r, "A", EUR(70));
	project(&r, "B", EUR(40));
	opts(&o, "equalshares/add1");
	assert_string_equal(run(&r, &o, &out), "");
	assert_int_equal(out.voters, 0);
	tally_outcome_free(&out);
	opts(&o, "phragmen");
	assert_string_equal(run(&r, &o, &out), "");
	tally_outcome_free(&out);
	opts(&o, "greedy");	/* all score 0: by cost-votes, B (cheaper) then A does not fit */
	assert_string_equal(run(&r, &o, &out), "B");
	tally_outcome_free(&out);
}

/*
 * Cumulative points: budget €200, 2 voters (b = 100).  v1: A 3, B 1; v2: B 4.
 * ρ_A: 3t = 90 → t = 30/point.  ρ_B: 5t = 100 → t = 20/point (v1 20, v2 80): B first.
 * Then A: v1 has 80 < 90: unaffordable.  Greedy by points: B (5) then A (3) both fit.
 */
static void
test_points(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b;

	(void)state;
	round_init(&r, EUR(200), TALLY_BALLOT_CUMULATIVE);
	a = project(&r, "A", EUR(90));
	b = project(&r, "B", EUR(100));
	ballot_points(&r, ballot(&r, 2, a, b), INT64_C(3), INT64_C(1));
	ballot_points(&r, ballot(&r, 1, b), INT64_C(4));
	opts(&o, "equalshares");
	assert_string_equal(run(&r, &o, &out), "B");
	assert_int_equal(out.projects[b].price, EUR(20));
	assert_int_equal(out.projects[a].supporters_money, EUR(80));
	assert_int_equal(out.projects[a].score, 3);
	assert_int_equal(out.projects[b].score, 5);
	tally_outcome_free(&out);
	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "A,B");
	tally_outcome_free(&out);
}

/* Ordinal without points: Borda with k = 3 (3, 2, 1). */
static void
test_ordinal_borda(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	uint32_t a, b, c;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_ORDINAL);
	r.inst.ordinal_k = 3;
	a = project(&r, "A", EUR(60));
	b = project(&r, "B", EUR(60));
	c = project(&r, "C", EUR(40));
	ballot(&r, 3, a, b, c);	/* A 3, B 2, C 1 */
	ballot(&r, 2, b, c);	/* B 3, C 2 */
	opts(&o, "greedy");
	assert_string_equal(run(&r, &o, &out), "B,C");	/* B 5, A 3, C 3 */
	assert_int_equal(out.projects[a].score, 3);
	assert_int_equal(out.projects[b].score, 5);
	assert_int_equal(out.projects[c].score, 3);
	tally_outcome_free(&out);
}

static void
test_invalid(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	char err[128];
	uint32_t a;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	a = project(&r, "A", EUR(60));
	ballot(&r, 2, a, a);
	opts(&o, "greedy");
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more initiatives than exist"));
	project(&r, "B", EUR(60));
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "twice"));
	r.idx[0][1] = 7;
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	r.b[0].n = 1;
	r.p[0].cost = -1;
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	r.p[0].cost = 1;
	r.p[1].id = "A";
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "appears twice"));
	assert_int_equal(tally_rule_parse(&o, "nonsense"), -1);
	opts(&o, "greedy");
	o.complete_greedy = 1;
	r.p[1].id = "B";
	assert_int_equal(tally_run(&r.inst, &o, &out, err, sizeof(err)), -1);
}

static void
test_money_and_ids(void **state)
{
	char buf[48], rule[64];
	struct tally_options o;

	(void)state;
	assert_string_equal(tally_money(buf, sizeof(buf), 125050, NULL), "€ 1.250,50");
	assert_string_equal(tally_money(buf, sizeof(buf), 5, "EUR"), "€ 0,05");
	assert_string_equal(tally_money(buf, sizeof(buf), 2418681500, "PLN"), "PLN 24.186.815,00");
	assert_string_equal(tally_money(buf, sizeof(buf), -100, NULL), "€ -1,00");
	assert_true(tally_id_cmp("2", "10") < 0);
	assert_true(tally_id_cmp("P2MM", "P10MM") < 0);
	assert_true(tally_id_cmp("2024/ORL/0002", "2024/ORL/0010") < 0);
	assert_true(tally_id_cmp("b", "a") > 0);
	assert_true(tally_id_cmp("01", "1") != 0);
	tally_options_init(&o);
	assert_int_equal(tally_rule_parse(&o, "equalshares/add1-comparison"), 0);
	assert_string_equal(tally_rule_name(&o, rule, sizeof(rule)), "equalshares/add1-comparison");
}

/* The explanation says why, in words and in JSON. */
static void
test_explanation(void **state)
{
	struct round r;
	struct tally_options o;
	struct tally_outcome out;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	round_init(&r, EUR(100), TALLY_BALLOT_APPROVAL);
	uint32_t a = project(&r, "A", EUR(60)), b = project(&r, "B", EUR(50));
	ballot(&r, 2, a, b);
	opts(&o, "greedy");
	run(&r, &o, &out);
	f = open_memstream(&text, &len);
	assert_int_equal(tally_print_text(f, &r.inst, &out), 0);
	fclose(f);
	/* cost-votes ranks the cheaper B first on equal votes */
	assert_non_null(strstr(text, "did not fit: € 50,00 left"));
	assert_non_null(strstr(text, "unspent € 50,00"));
	free(text);
	f = open_memstream(&text, &len);
	assert_int_equal(tally_print_json(f, &r.inst, &out), 0);
	fclose(f);
	assert_non_null(strstr(text, "\"selected\":[\"B\"]"));
	assert_non_null(strstr(text, "\"reason\":\"did-not-fit\""));
	free(text);
	tally_outcome_free(&out);
	(void)b;
}

/* ---- property test: the optimised add1 against a plain reference ---- */

/* A straightforward exact Equal Shares, per voter, in mpq: every round computes every
   affordable project's ρ by the walk of RULES.md and funds the smallest (ties: smallest id,
   lexico).  Returns the funded set as a bit mask and the total spent. */
#define REFP	24	/* projects of a reference round (ref_phragmen: at most 8) */
struct ref_round {
	size_t			 np, nv;
	const char		*id[REFP];
	int64_t			 cost[REFP], budget;
	int			 n[32];
	uint32_t		 pj[32][REFP];
	int64_t			 w[32][REFP];
	int			 cost_util;
};

/* order, when not NULL, receives each project's 1-based funding round (0: not funded). */
static unsigned
ref_mes_order(const struct ref_round *R, mpq_srcptr b0, int64_t *spent, uint32_t *order)
{
	mpq_t b[32], t, r, key[32], tmp, rho, best_rho, best_t;
	unsigned funded = 0;
	uint32_t nround = 0;

	*spent = 0;
	mpq_inits(t, r, tmp, rho, best_rho, best_t, NULL);
	for (size_t v = 0; v < R->nv; v++) {
		mpq_init(b[v]);
		mpq_init(key[v]);
		mpq_set(b[v], b0);
	}
	for (;;) {
		int best = -1;
		for (size_t p = 0; p < R->np; p++) {
			size_t sup[32], ns = 0;
			int64_t W = 0;
			int found = 0;

			if (funded >> p & 1)
				continue;
			for (size_t v = 0; v < R->nv; v++)
				for (int j = 0; j < R->n[v]; j++)
					if (R->pj[v][j] == p && R->w[v][j] > 0) {
						mpq_set_si(tmp, R->w[v][j], 1);
						mpq_div(key[v], b[v], tmp);
						sup[ns++] = v;
						W += R->w[v][j];
					}
			if (ns == 0)
				continue;
			/* sort supporters by budget per utility */
			for (size_t i = 1; i < ns; i++)
				for (size_t j = i; j > 0 && mpq_cmp(key[sup[j - 1]], key[sup[j]]) > 0; j--) {
					size_t x = sup[j];
					sup[j] = sup[j - 1];
					sup[j - 1] = x;
				}
			mpq_set_si(r, R->cost[p], 1);
			for (size_t i = 0; i < ns; i++) {
				size_t v = sup[i];
				int64_t wv = 0;
				for (int j = 0; j < R->n[v]; j++)
					if (R->pj[v][j] == p)
						wv = R->w[v][j];
				mpq_set_si(tmp, W, 1);
				mpq_div(t, r, tmp);
				if (mpq_cmp(key[v], t) >= 0) {
					found = 1;
					break;
				}
				mpq_sub(r, r, b[v]);
				W -= wv;
			}
			if (!found)
				continue;
			if (R->cost_util && R->cost[p] > 0) {
				mpq_set_si(tmp, R->cost[p], 1);
				mpq_div(rho, t, tmp);
			} else
				mpq_set(rho, t);
			if (best < 0 || mpq_cmp(rho, best_rho) < 0 || (mpq_cmp(rho, best_rho) == 0 &&
			    strcmp(R->id[p], R->id[best]) < 0)) {
				best = (int)p;
				mpq_set(best_rho, rho);
				mpq_set(best_t, t);
			}
		}
		if (best < 0)
			break;
		funded |= 1u << best;
		if (order != NULL)
			order[best] = ++nround;
		*spent += R->cost[best];
		for (size_t v = 0; v < R->nv; v++)
			for (int j = 0; j < R->n[v]; j++)
				if (R->pj[v][j] == (uint32_t)best && R->w[v][j] > 0) {
					mpq_set_si(tmp, R->w[v][j], 1);
					mpq_mul(tmp, tmp, best_t);
					if (mpq_cmp(tmp, b[v]) >= 0)
						mpq_set_ui(b[v], 0, 1);
					else
						mpq_sub(b[v], b[v], tmp);
				}
	}
	for (size_t v = 0; v < R->nv; v++) {
		mpq_clear(b[v]);
		mpq_clear(key[v]);
	}
	mpq_clears(t, r, tmp, rho, best_rho, best_t, NULL);
	return funded;
}

static unsigned
ref_mes(const struct ref_round *R, mpq_srcptr b0, int64_t *spent)
{
	return ref_mes_order(R, b0, spent, NULL);
}

/* add1 by the book: k = 0, 1, 2, … until the stop; returns the kept run's set and k. */
static unsigned
ref_add1(const struct ref_round *R, int64_t step, int exhaustive_stop, uint32_t *steps)
{
	mpq_t b0, b;
	unsigned prev = 0, cur;
	int64_t spent;

	mpq_inits(b0, b, NULL);
	mpq_set_si(b0, R->budget, (unsigned long)R->nv);
	mpq_canonicalize(b0);
	for (uint32_t k = 0;; k++) {
		int stop;
		mpq_set_si(b, step * (int64_t)k, 1);
		mpq_add(b, b, b0);
		cur = ref_mes(R, b, &spent);
		if (k > 0 && spent > R->budget) {
			*steps = k - 1;
			cur = prev;
			break;
		}
		stop = 1;
		for (size_t p = 0; p < R->np; p++) {
			int supported = 0;
			for (size_t v = 0; v < R->nv; v++)
				for (int j = 0; j < R->n[v]; j++)
					supported |= R->pj[v][j] == p && R->w[v][j] > 0;
			if (!supported || (cur >> p & 1))
				continue;
			if (!exhaustive_stop || R->cost[p] <= R->budget - spent)
				stop = 0;
		}
		if (stop) {
			*steps = k;
			break;
		}
		prev = cur;
	}
	mpq_clears(b0, b, NULL);
	return cur;
}

static uint64_t
prop_rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

/* Random small rounds (approval with both utilities, and cumulative points), small add1
   steps so that runs take hundreds of raises and the raise skipping is exercised; the
   funded set and the number of raises must equal the reference's, for both stops.  Both
   skipping certificates (equal traces, and the outcome certificate) take part. */
static void
add1_property(int rounds, int64_t scale, int64_t maxstep, int *osk, int *raised_out,
    int *checked_out)
{
	static const char *ids[8] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	static const int64_t costs[] = { 100, 200, 300, 400, 600, 900, 1000, 1500, 2400 };
	uint64_t seed = UINT64_C(0x9e3779b97f4a7c15);
	int checked = 0, raised = 0;

	for (int iter = 0; iter < rounds; iter++) {
		struct ref_round R;
		struct tally_project p[8];
		struct tally_ballot bl[32];
		struct tally_instance inst;
		int kind = iter % 3;	/* 0 approval cost, 1 approval cardinality, 2 cumulative */

		memset(&R, 0, sizeof(R));
		memset(&inst, 0, sizeof(inst));
		R.np = 2 + prop_rnd(&seed) % 6;
		R.nv = 1 + prop_rnd(&seed) % 24;
		R.cost_util = kind == 0;
		int64_t total = 0;
		for (size_t j = 0; j < R.np; j++) {
			R.id[j] = ids[j];
			R.cost[j] = costs[prop_rnd(&seed) % 9] * scale;
			total += R.cost[j];
			p[j].id = ids[j];
			p[j].name = NULL;
			p[j].cost = R.cost[j];
			p[j].withdrawn = 0;
		}
		R.budget = (int64_t)(prop_rnd(&seed) % (uint64_t)total) + 1;
		for (size_t v = 0; v < R.nv; v++) {
			unsigned mask = (unsigned)(prop_rnd(&seed) % (1u << R.np));
			if (prop_rnd(&seed) % 3 == 0)	/* repeated ballots, as in real rounds */
				mask = v > 0 && R.n[v - 1] > 0 ? 1u << R.pj[v - 1][0] : mask;
			for (size_t j = 0; j < R.np; j++)
				if (mask >> j & 1) {
					R.pj[v][R.n[v]] = (uint32_t)j;
					R.w[v][R.n[v]] = kind == 2 ? 1 + (int64_t)(prop_rnd(&seed) % 4) : 1;
					R.n[v]++;
				}
			bl[v].n = (size_t)R.n[v];
			bl[v].projects = R.pj[v];
			bl[v].points = kind == 2 ? R.w[v] : NULL;
		}
		inst.projects = p;
		inst.nprojects = R.np;
		inst.ballots = bl;
		inst.nballots = R.nv;
		inst.budget = R.budget;
		inst.type = kind == 2 ? TALLY_BALLOT_CUMULATIVE : TALLY_BALLOT_APPROVAL;
		for (int ex = 0; ex < 2; ex++) {
			struct tally_options o;
			struct tally_outcome out;
			char err[256];
			unsigned want, got = 0;
			uint32_t steps;
			int64_t step = 1 + (int64_t)(prop_rnd(&seed) % (uint64_t)maxstep);

			opts(&o, "equalshares/add1");
			assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
			assert_int_equal(tally_add1_stop_parse(&o, ex ? "exhaustive" : "fits"), 0);
			if (kind == 1)
				assert_int_equal(tally_utility_parse(&o, "cardinality"), 0);
			o.add1_step = step;
			/* Every other round also through the two-thread blocks of raises that
			   big rounds use (normally from 20,000 supporter groups on). */
			o.add1_par_min = iter % 2 ? 1 : 0;
			want = ref_add1(&R, step, ex, &steps);
			if (tally_run(&inst, &o, &out, err, sizeof(err)) != 0)
				fail_msg("tally_run: %s", err);
			for (size_t j = 0; j < R.np; j++)
				got |= (unsigned)(out.projects[j].selected != 0) << j;
			if (got != want || out.add1_steps != steps)
				fail_msg("round %d (%s stop): funded %#x after %u raises, reference %#x "
				    "after %u", iter, ex ? "exhaustive" : "fits", got, out.add1_steps,
				    want, steps);
			checked++;
			raised += steps > 10;
			*osk += out.add1_outcome_skips > 0;
			tally_outcome_free(&out);
		}
	}
	*raised_out = raised;
	*checked_out = checked;
}

static void
test_add1_property(void **state)
{
	int osk = 0, raised, checked;

	(void)state;
	add1_property(360, 1, 3, &osk, &raised, &checked);
	assert_true(raised > checked / 4);	/* the skipping was exercised */
	assert_true(osk > 0);			/* ... by the outcome certificate too */
}

/* The same with amounts 30 times larger and raises of one cent: thousands of raises per
   round (as a currency with a small unit, HUF), where skipping by outcome matters. */
static void
test_add1_property_many_raises(void **state)
{
	int osk = 0, raised, checked;

	(void)state;
	add1_property(60, 30, 1, &osk, &raised, &checked);
	print_message("add1 with many raises: %d of %d tallies used the outcome certificate\n", osk, checked);
	assert_true(raised > checked / 2);
	assert_true(osk > checked / 10);
}

/* Sequential Phragmén by the book, per voter, in exact rationals: the reference for the
   engine's filtered version.  Ties by the id as a string (lexico).  Fills, per project,
   the round it was funded in (0 if not), its reason and displayed load (half up to the
   cent) and the money left where it did not fit or was not considered. */
static void
ref_phragmen(const struct ref_round *R, uint32_t *round, enum tally_reason *reason,
    int64_t *price, int64_t *left_at)
{
	mpq_t load[32], sum, tmp, best_load;
	int64_t left = R->budget;
	int cand[8];

	mpq_inits(sum, tmp, best_load, NULL);
	for (size_t v = 0; v < R->nv; v++)
		mpq_init(load[v]);
	for (size_t p = 0; p < R->np; p++) {
		size_t s = 0;
		for (size_t v = 0; v < R->nv; v++)
			for (int j = 0; j < R->n[v]; j++)
				s += R->pj[v][j] == p && R->w[v][j] > 0;
		round[p] = 0;
		price[p] = 0;
		left_at[p] = 0;
		cand[p] = 0;
		if (s == 0)
			reason[p] = TALLY_REASON_NO_SUPPORT;
		else if (R->cost[p] > R->budget)
			reason[p] = TALLY_REASON_OVER_BUDGET;
		else
			cand[p] = 1;
	}
	for (uint32_t r = 1;; r++) {
		int best = -1;
		for (size_t p = 0; p < R->np; p++) {
			size_t s = 0;
			if (!cand[p])
				continue;
			mpq_set_si(sum, R->cost[p], 1);
			for (size_t v = 0; v < R->nv; v++)
				for (int j = 0; j < R->n[v]; j++)
					if (R->pj[v][j] == p && R->w[v][j] > 0) {
						mpq_add(sum, sum, load[v]);
						s++;
					}
			mpq_set_ui(tmp, s, 1);
			mpq_div(sum, sum, tmp);
			if (best < 0 || mpq_cmp(sum, best_load) < 0 || (mpq_cmp(sum, best_load) == 0 &&
			    strcmp(R->id[p], R->id[best]) < 0)) {
				best = (int)p;
				mpq_set(best_load, sum);
			}
		}
		if (best < 0)
			break;
		cand[best] = 0;
		if (R->cost[best] > left) {
			reason[best] = TALLY_REASON_NOT_FIT;
			left_at[best] = left;
			for (size_t p = 0; p < R->np; p++)
				if (cand[p]) {
					reason[p] = TALLY_REASON_STOPPED;
					left_at[p] = left;
				}
			break;
		}
		left -= R->cost[best];
		round[best] = r;
		reason[best] = TALLY_REASON_FUNDED;
		{	/* floor(load + 1/2) = floor((2·num + den) / (2·den)) */
			mpz_t a, d;
			mpz_inits(a, d, NULL);
			mpz_mul_2exp(a, mpq_numref(best_load), 1);
			mpz_add(a, a, mpq_denref(best_load));
			mpz_mul_2exp(d, mpq_denref(best_load), 1);
			mpz_fdiv_q(a, a, d);
			price[best] = mpz_get_si(a);
			mpz_clears(a, d, NULL);
		}
		for (size_t v = 0; v < R->nv; v++)
			for (int j = 0; j < R->n[v]; j++)
				if (R->pj[v][j] == (uint32_t)best && R->w[v][j] > 0)
					mpq_set(load[v], best_load);
	}
	for (size_t v = 0; v < R->nv; v++)
		mpq_clear(load[v]);
	mpq_clears(sum, tmp, best_load, NULL);
}

/* The engine's Phragmén (double intervals, exact rationals only near ties) against the
   plain exact reference on random small rounds: approval and points ballots (points 0
   are not support), repeated ballots, costs that make exact ties common (equal loads of
   different initiatives, loads ending in exactly half a cent), and huge near-equal costs
   whose loads differ in the 13th digit, where the intervals overlap and the exact
   fallback must decide.  Every initiative's round, reason, displayed load and money left
   must be the reference's. */
static void
test_phragmen_property(void **state)
{
	static const char *ids[8] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	static const int64_t costs[] = { 0, 100, 150, 200, 300, 301, 600, 900, 1001, 1500 };
	uint64_t seed = UINT64_C(0x1234567887654321);
	int exact_ties = 0, rounds = 0;

	(void)state;
	for (int iter = 0; iter < 3000; iter++) {
		struct ref_round R;
		struct tally_project p[8];
		struct tally_ballot bl[32];
		struct tally_instance inst;
		struct tally_options o;
		struct tally_outcome out;
		uint32_t round[8];
		enum tally_reason reason[8];
		int64_t price[8], left_at[8], total = 0;
		char err[256];
		int kind = iter % 3;	/* 0 approval, 1 points, 2 approval with huge costs */

		memset(&R, 0, sizeof(R));
		memset(&inst, 0, sizeof(inst));
		R.np = 1 + prop_rnd(&seed) % 8;
		R.nv = prop_rnd(&seed) % 32;
		for (size_t j = 0; j < R.np; j++) {
			R.id[j] = ids[j];
			R.cost[j] = kind == 2 ? INT64_C(9999999999000) + (int64_t)(prop_rnd(&seed) % 5) :
			    costs[prop_rnd(&seed) % 10];
			total += R.cost[j];
			p[j].id = ids[j];
			p[j].name = NULL;
			p[j].cost = R.cost[j];
			p[j].withdrawn = 0;
		}
		R.budget = kind == 2 ? TALLY_MAX_MONEY : (int64_t)(prop_rnd(&seed) % (uint64_t)(total + 1));
		for (size_t v = 0; v < R.nv; v++) {
			unsigned mask = (unsigned)(prop_rnd(&seed) % (1u << R.np));
			if (v > 0 && prop_rnd(&seed) % 3 == 0) {	/* a repeated ballot */
				memcpy(R.pj[v], R.pj[v - 1], sizeof(R.pj[v]));
				memcpy(R.w[v], R.w[v - 1], sizeof(R.w[v]));
				R.n[v] = R.n[v - 1];
			} else
				for (size_t j = 0; j < R.np; j++)
					if (mask >> j & 1) {
						R.pj[v][R.n[v]] = (uint32_t)j;
						R.w[v][R.n[v]] = kind == 1 ? (int64_t)(prop_rnd(&seed) % 4) : 1;
						R.n[v]++;
					}
			bl[v].n = (size_t)R.n[v];
			bl[v].projects = R.pj[v];
			bl[v].points = kind == 1 ? R.w[v] : NULL;
		}
		inst.projects = p;
		inst.nprojects = R.np;
		inst.ballots = bl;
		inst.nballots = R.nv;
		inst.budget = R.budget;
		inst.type = kind == 1 ? TALLY_BALLOT_SCORING : TALLY_BALLOT_APPROVAL;
		opts(&o, "phragmen");
		assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
		ref_phragmen(&R, round, reason, price, left_at);
		if (tally_run(&inst, &o, &out, err, sizeof(err)) != 0)
			fail_msg("tally_run: %s", err);
		for (size_t j = 0; j < R.np; j++) {
			const struct tally_project_result *x = &out.projects[j];
			if (x->round != round[j] || x->reason != reason[j] ||
			    (round[j] && x->price != price[j]) || x->left != left_at[j])
				fail_msg("round %d, initiative %s: round %u reason %d load %" PRId64
				    " left %" PRId64 "; reference round %u reason %d load %" PRId64
				    " left %" PRId64, iter, ids[j], x->round, (int)x->reason, x->price,
				    x->left, round[j], (int)reason[j], price[j], left_at[j]);
			rounds += round[j] != 0;
		}
		/* count rounds with two funded initiatives of equal displayed load */
		for (size_t a = 0; a < R.np; a++)
			for (size_t b = a + 1; b < R.np; b++)
				exact_ties += round[a] && round[b] && price[a] == price[b];
		tally_outcome_free(&out);
	}
	assert_true(rounds > 3000);
	assert_true(exact_ties > 100);
}

/* Points ballots (cumulative and scoring) through Equal Shares against the plain exact
   per-voter reference: up to 20 initiatives, so that ballots of more than 16 entries
   occur, points mostly small (the merge packs them 8 bits each in initiative order) but
   sometimes 0 or negative (score, not support) or above 255 (the merge's general path; 100–399),
   repeated ballots and ballots equal up to their order.  Checks each initiative's score,
   supporters and funding round, and the -comparison counts against a direct count over
   the voters. */
static void
test_mes_points_property(void **state)
{
	static const char *ids[REFP] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
	    "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x" };
	static const int64_t costs[] = { 0, 100, 200, 300, 400, 600, 900, 1000, 1500, 2400 };
	uint64_t seed = UINT64_C(0x5bd1e9955bd1e995);
	int funded = 0, long_ballots = 0, big_points = 0;

	(void)state;
	for (int iter = 0; iter < 1500; iter++) {
		struct ref_round R;
		struct tally_project p[REFP];
		struct tally_ballot bl[32];
		struct tally_instance inst;
		uint32_t order[REFP], perm[REFP];
		int64_t total = 0, spent, score[REFP];
		uint64_t sup[REFP];
		int kind = iter % 4;	/* 0, 1 small points; 2 with zero/negative; 3 with big */
		int scoring = iter % 2;
		mpq_t b0;

		memset(&R, 0, sizeof(R));
		memset(&inst, 0, sizeof(inst));
		memset(order, 0, sizeof(order));
		memset(score, 0, sizeof(score));
		memset(sup, 0, sizeof(sup));
		R.np = 1 + prop_rnd(&seed) % 20;
		R.nv = prop_rnd(&seed) % 33;
		for (size_t j = 0; j < R.np; j++) {
			R.id[j] = ids[j];
			R.cost[j] = costs[prop_rnd(&seed) % 10];
			total += R.cost[j];
			p[j].id = ids[j];
			p[j].name = NULL;
			p[j].cost = R.cost[j];
			p[j].withdrawn = 0;
		}
		R.budget = (int64_t)(prop_rnd(&seed) % (uint64_t)(total + 1));
		for (size_t v = 0; v < R.nv; v++) {
			uint64_t mask = prop_rnd(&seed) & ((UINT64_C(1) << R.np) - 1);
			if (prop_rnd(&seed) % 4 == 0)
				mask &= prop_rnd(&seed);	/* shorter ballots repeat more */
			else if (prop_rnd(&seed) % 4 == 0)	/* long ballots: nearly all */
				mask = ((UINT64_C(1) << R.np) - 1) &
				    ~(prop_rnd(&seed) & prop_rnd(&seed) & prop_rnd(&seed));
			if (v > 0 && prop_rnd(&seed) % 3 == 0) {
				/* a repeated ballot, its entries in another order */
				R.n[v] = R.n[v - 1];
				for (int j = 0; j < R.n[v]; j++) {
					R.pj[v][j] = R.pj[v - 1][R.n[v] - 1 - j];
					R.w[v][j] = R.w[v - 1][R.n[v] - 1 - j];
				}
			} else {
				size_t n = 0;
				for (size_t j = 0; j < R.np; j++)
					if (mask >> j & 1)
						perm[n++] = (uint32_t)j;
				for (size_t j = n; j > 1; j--) {	/* any order */
					size_t x = prop_rnd(&seed) % j;
					uint32_t y = perm[j - 1];
					perm[j - 1] = perm[x];
					perm[x] = y;
				}
				for (size_t j = 0; j < n; j++) {
					int64_t w = 1 + (int64_t)(prop_rnd(&seed) % 5);
					if (kind == 2 && prop_rnd(&seed) % 4 == 0)
						w = scoring ? -(int64_t)(prop_rnd(&seed) % 3) : 0;
					if (kind == 3 && prop_rnd(&seed) % 6 == 0)
						w = 100 + (int64_t)(prop_rnd(&seed) % 300);
					R.pj[v][j] = perm[j];
					R.w[v][j] = w;
				}
				R.n[v] = (int)n;
			}
			for (int j = 0; j < R.n[v]; j++) {
				score[R.pj[v][j]] += R.w[v][j];
				sup[R.pj[v][j]] += R.w[v][j] > 0;
				big_points += R.w[v][j] > 255;
			}
			long_ballots += R.n[v] > 16;
			bl[v].n = (size_t)R.n[v];
			bl[v].projects = R.pj[v];
			bl[v].points = R.w[v];
		}
		inst.projects = p;
		inst.nprojects = R.np;
		inst.ballots = bl;
		inst.nballots = R.nv;
		inst.budget = R.budget;
		inst.type = scoring ? TALLY_BALLOT_SCORING : TALLY_BALLOT_CUMULATIVE;

		mpq_init(b0);
		if (R.nv > 0) {
			mpq_set_si(b0, R.budget, (unsigned long)R.nv);
			mpq_canonicalize(b0);
		}
		unsigned want = R.nv > 0 ? ref_mes_order(&R, b0, &spent, order) : 0;
		mpq_clear(b0);
		for (int cmp = 0; cmp < 2; cmp++) {
			struct tally_options o;
			struct tally_outcome out, g;
			char err[256];
			unsigned got = 0;

			opts(&o, cmp ? "equalshares-comparison" : "equalshares");
			assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
			if (tally_run(&inst, &o, &out, err, sizeof(err)) != 0)
				fail_msg("tally_run: %s", err);
			for (size_t j = 0; j < R.np; j++) {
				const struct tally_project_result *x = &out.projects[j];
				if (x->score != score[j] || x->supporters != sup[j])
					fail_msg("round %d, %s: score %" PRId64 " supporters %" PRIu64
					    ", counted %" PRId64 " %" PRIu64, iter, ids[j], x->score,
					    x->supporters, score[j], sup[j]);
				if (!cmp && x->round != order[j])
					fail_msg("round %d, %s: funded in round %u, reference %u",
					    iter, ids[j], x->round, order[j]);
				got |= (unsigned)(x->selected != 0) << j;
			}
			if (!cmp) {
				assert_int_equal(got, want);
				funded += __builtin_popcount(got);
				tally_outcome_free(&out);
				continue;
			}
			/* -comparison: each voter's sum of points funded under each rule */
			opts(&o, "greedy");
			assert_int_equal(tally_tiebreak_parse(&o, "lexico"), 0);
			if (tally_run(&inst, &o, &g, err, sizeof(err)) != 0)
				fail_msg("tally_run: %s", err);
			uint64_t pm = 0, pg = 0;
			for (size_t v = 0; v < R.nv; v++) {
				int64_t um = 0, ug = 0;
				for (int j = 0; j < R.n[v]; j++) {
					if (R.w[v][j] <= 0)
						continue;
					um += (want >> R.pj[v][j] & 1) ? R.w[v][j] : 0;
					ug += g.projects[R.pj[v][j]].selected ? R.w[v][j] : 0;
				}
				pm += um > ug;
				pg += ug > um;
			}
			if (out.prefer_mes != pm || out.prefer_greedy != pg)
				fail_msg("round %d: comparison %" PRIu64 "/%" PRIu64 ", counted %"
				    PRIu64 "/%" PRIu64, iter, out.prefer_mes, out.prefer_greedy, pm, pg);
			tally_outcome_free(&g);
			tally_outcome_free(&out);
		}
	}
	assert_true(funded > 1500);
	assert_true(long_ballots > 100);
	assert_true(big_points > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_greedy_family),
		cmocka_unit_test(test_greedy_withdrawn_threshold_city),
		cmocka_unit_test(test_greedy_cardinality),
		cmocka_unit_test(test_tiebreaks),
		cmocka_unit_test(test_tiebreak_votes),
		cmocka_unit_test(test_mes_add1_completion),
		cmocka_unit_test(test_add1_stops),
		cmocka_unit_test(test_mes_tie),
		cmocka_unit_test(test_mes_poor_pay_all),
		cmocka_unit_test(test_comparison),
		cmocka_unit_test(test_phragmen),
		cmocka_unit_test(test_zero_votes_zero_cost),
		cmocka_unit_test(test_budget_covers_all),
		cmocka_unit_test(test_single_voter),
		cmocka_unit_test(test_no_voters),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_ordinal_borda),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_money_and_ids),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_add1_property),
		cmocka_unit_test(test_add1_property_many_raises),
		cmocka_unit_test(test_phragmen_property),
		cmocka_unit_test(test_mes_points_property),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
