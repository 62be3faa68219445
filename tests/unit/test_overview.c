/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_overview.c — the jaaroverzicht's arithmetic (client/overview.c) without a daemon:
 * percentages in hundredths rounded half up, which rounds count in which year, the
 * inhabitants of a year, the spending left unknown unless every round has it, the conditions not met counted per
 * condition, categories, and the CSV's empty cells. tests/integration/overview.sh checks
 * the same figures end to end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msg.h"
#include "overview.h"

static void
percentages_round_half_up(void **state)
{
	(void)state;
	assert_int_equal(ov_bp(5, 9), 5556);		/* 55,555… */
	assert_int_equal(ov_bp(5, 7), 7143);		/* 71,428… */
	assert_int_equal(ov_bp(1, 8), 1250);		/* exactly 12,50 */
	assert_int_equal(ov_bp(5, 3200), 16);		/* 0,15625 -> 0,16 */
	assert_int_equal(ov_bp(1, 20000), 1);		/* 0,005 % -> 0,01 (half up) */
	assert_int_equal(ov_bp(1, 20001), 0);
	assert_int_equal(ov_bp(0, 5), 0);
	assert_int_equal(ov_bp(3, 3), 10000);
	assert_int_equal(ov_bp(1, 0), -1);		/* nothing to divide by: unknown */
	/* sums of cents past 64 bits when multiplied: no overflow */
	assert_int_equal(ov_bp(4000000000000000000ULL, 8000000000000000000ULL), 5000);
}

static struct ov_init r1[] = {
	{ 1, 100000, INIT_ADMITTED, 1, "Groen", 0, 0 },
	{ 2, 50000, INIT_REJECTED, 0, "Groen", 2, 0x5 },	/* conditions 1 and 3 */
	{ 3, 20000, INIT_WITHDRAWN, 0, "", 0, 0 },
};
static struct ov_init r2[] = {
	{ 4, 70000, INIT_ADMITTED, 0, "Spelen", 0, 0 },
	{ 5, 30000, INIT_REJECTED, 0, "Spelen", 2, 0x4 },	/* condition 3 */
};
static struct ov_init r3[] = {
	{ 6, 90000, INIT_ADMITTED, 1, "Spelen", 0, 0 },
};
static struct ov_round rounds[] = {
	{ 10, 1, 2025, 200000, 4, 10, r1, 3, { 0 } },
	{ 11, 2, 2025, 100000, 1, 4, r2, 2, { 0 } },
	{ 12, 1, 2024, 100000, 2, 5, r3, 1, { 0 } },
};
static struct ov_village villages[] = { { 1, "Kantens" }, { 2, "Warffum" } };
static struct ov_inhabitants inh[] = {
	{ 1, 2020, 1000 }, { 1, 2025, 1100 }, { 1, 2026, 5000 },	/* Warffum: none */
};
static char *ctext[] = { "Een.", "Twee.", "Drie." };
static struct ov_condtext conds[] = { { 1, 2, ctext, 3 }, { 2, 2, ctext, 3 } };

static void
input(struct ov_input *in, uint32_t only)
{
	memset(in, 0, sizeof(*in));
	in->year = 2025;
	in->only = only;
	in->villages = only == 2 ? villages + 1 : villages;
	in->nvillages = only ? 1 : 2;
	in->rounds = rounds;
	in->nrounds = 3;
	in->inh = inh;
	in->ninh = 3;
	in->conds = conds;
	in->nconds = 2;
}

/* A village with its inhabitants set but no round in the year: its row shows them, the
 * municipality's total per inhabitant leaves them out (its residents could not vote). */
static void
total_inhabitants_only_where_voted(void **state)
{
	static struct ov_village three[] = { { 1, "Kantens" }, { 2, "Warffum" },
	    { 3, "Usquert" } };
	static struct ov_inhabitants inh3[] = { { 1, 2025, 1100 }, { 3, 2020, 800 } };
	struct ov_input		in;
	struct ov_report	rep;

	(void)state;
	input(&in, 0);
	in.villages = three;
	in.nvillages = 3;
	in.inh = inh3;
	in.ninh = 2;
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_int_equal(rep.nrows, 3);
	assert_int_equal(rep.rows[2].rounds, 0);
	assert_int_equal(rep.rows[2].inhabitants, 800);
	assert_int_equal(rep.total.inhabitants, 1100);
	assert_int_equal(rep.total.ballots_inh, 4);
	ov_report_free(&rep);
}

static void
figures_per_year_and_village(void **state)
{
	struct ov_input		in;
	struct ov_report	rep;

	(void)state;
	input(&in, 0);
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_int_equal(rep.nrows, 2);
	/* Kantens 2025: round 10 only (round 12 closed in 2024) */
	assert_int_equal(rep.rows[0].rounds, 1);
	assert_int_equal(rep.rows[0].budget, 200000);
	assert_int_equal(rep.rows[0].requested.n, 3);
	assert_int_equal(rep.rows[0].requested.amount, 170000);
	assert_int_equal(rep.rows[0].rejected.amount, 50000);
	assert_int_equal(rep.rows[0].withdrawn.n, 1);
	assert_int_equal(rep.rows[0].funded.amount, 100000);
	assert_int_equal(rep.rows[0].inhabitants, 1100);	/* the 2025 line, not 2026's */
	assert_int_equal(rep.rows[1].inhabitants, 0);		/* not known */
	/* the total: both villages; inhabitants only where known, with their ballots */
	assert_int_equal(rep.total.rounds, 2);
	assert_int_equal(rep.total.ballots, 5);
	assert_int_equal(rep.total.cards, 14);
	assert_int_equal(rep.total.inhabitants, 1100);
	assert_int_equal(rep.total.ballots_inh, 4);
	/* the year before: round 12, Kantens' inhabitants from the 2020 line */
	assert_int_equal(rep.prev.rounds, 1);
	assert_int_equal(rep.prev.funded.amount, 90000);
	assert_int_equal(rep.prev.inhabitants, 1000);
	/* years: 2024 and 2025 */
	assert_int_equal(rep.nyears, 2);
	assert_int_equal(rep.years[0].year, 2024);
	assert_int_equal(rep.years[1].ballots, 5);
	/* spending: not recorded, so not known */
	assert_int_equal(rep.total.spending.recorded, 0);
	assert_int_equal(rep.rows[0].spending.recorded, 0);
	/* conditions not met: Kantens 3 once, Kantens 1 once, Warffum 3 once; by count,
	 * then village, version, number */
	assert_int_equal(rep.total.nfails, 3);
	assert_int_equal(rep.total.fails[0].village, 1);
	assert_int_equal(rep.total.fails[0].nr, 1);
	assert_int_equal(rep.total.fails[1].nr, 3);
	assert_int_equal(rep.total.fails[2].village, 2);
	/* categories: most funded first */
	assert_int_equal(rep.total.ncats, 3);
	assert_string_equal(rep.total.cats[0].name, "Groen");
	assert_int_equal(rep.total.cats[0].requested.n, 2);
	assert_string_equal(rep.total.cats[1].name, "Spelen");
	assert_int_equal(rep.total.cats[1].funded.n, 0);
	assert_string_equal(rep.total.cats[2].name, "");
	ov_report_free(&rep);
}

static void
one_village_only(void **state)
{
	struct ov_input		in;
	struct ov_report	rep;

	(void)state;
	input(&in, 2);
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_int_equal(rep.nrows, 1);
	assert_int_equal(rep.total.rounds, 1);
	assert_int_equal(rep.total.budget, 100000);
	assert_string_equal(rep.total.name, "Warffum");
	assert_int_equal(rep.total.nfails, 1);
	assert_int_equal(rep.prev.rounds, 0);		/* Kantens' 2024 round is not Warffum's */
	ov_report_free(&rep);
}

/* The writers: spending never as a figure, the CSV in Excel's Dutch form. */
static void
writers(void **state)
{
	struct ov_input		 in;
	struct ov_report	 rep;
	char			*buf = NULL, *line;
	size_t			 len = 0;
	FILE			*f;

	(void)state;
	input(&in, 0);
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_non_null(f = open_memstream(&buf, &len));
	ov_write_csv(f, &rep);
	fclose(f);
	assert_memory_equal(buf, "\xef\xbb\xbf" "jaar;dorp;", 13);
	/* Kantens 2025: turnout 4/10, inhabitants 1100, spending six empty cells, CRLF */
	assert_non_null(line = strstr(buf, "\r\n2025;\"Kantens\";1;2000,00;3;1700,00;1;1000,00;1;"
	    "500,00;1;200,00;1;1000,00;4;10;40,00;1100;0,36;;;;;;\r\n"));
	/* Warffum: no inhabitants, so two empty cells before the spending */
	assert_non_null(strstr(buf, "2025;\"Warffum\";1;1000,00;2;1000,00;1;700,00;1;300,00;0;0,00;"
	    "0;0,00;1;4;25,00;;;;;;;;\r\n"));
	free(buf);
	buf = NULL;
	assert_non_null(f = open_memstream(&buf, &len));
	ov_write_json(f, &rep);
	fclose(f);
	assert_non_null(strstr(buf, "\"spending\":{\"recorded\":false,\"granted\":null,"));
	assert_non_null(strstr(buf, "\"spending_recorded\":false}"));
	assert_non_null(strstr(buf, "{\"name\":\"spent\",\"previous\":null,\"current\":null}"));
	free(buf);
	ov_report_free(&rep);
}

/* Spending adds up only where every round of a row has it recorded; else unknown. */
static void
spending_known_only_where_recorded(void **state)
{
	struct ov_input		in;
	struct ov_report	rep;
	struct ov_round		rs[3];

	(void)state;
	input(&in, 0);
	memcpy(rs, rounds, sizeof(rs));
	in.rounds = rs;
	rs[0].spending = (struct ov_spending){ 1, 100000, 80000, 70000, 10000, 0, 1 };
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_int_equal(rep.rows[0].spending.recorded, 1);	/* Kantens: its one round */
	assert_int_equal(rep.rows[0].spending.spent, 70000);
	assert_int_equal(rep.rows[0].spending.overdue, 1);
	assert_int_equal(rep.rows[1].spending.recorded, 0);	/* Warffum: not recorded */
	assert_int_equal(rep.total.spending.recorded, 0);	/* so the total is not known */
	assert_int_equal(rep.total.spending.granted, 0);
	assert_int_equal(rep.prev.spending.recorded, 0);
	ov_report_free(&rep);
	rs[1].spending = (struct ov_spending){ 1, 50000, 50000, 20000, 30000, 0, 0 };
	assert_int_equal(ov_compute(&in, &rep), 0);
	assert_int_equal(rep.total.spending.recorded, 1);
	assert_int_equal(rep.total.spending.granted, 150000);
	assert_int_equal(rep.total.spending.returned, 40000);
	ov_report_free(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentages_round_half_up),
		cmocka_unit_test(figures_per_year_and_village),
		cmocka_unit_test(total_inhabitants_only_where_voted),
		cmocka_unit_test(one_village_only),
		cmocka_unit_test(writers),
		cmocka_unit_test(spending_known_only_where_recorded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
