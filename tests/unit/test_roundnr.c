/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_roundnr.c — the round's own numbering of its initiatives (proto/roundnr.c): the
 * position among the round's initiatives in id order, whatever order the list comes in,
 * with gaps kept for rejected ones, and the ROUND/NR syntax.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "roundnr.h"

/* Two rounds interleaved as a daemon creates them: ids are daemon-wide. */
static struct initiative ins[] = {
	{ .id = 3, .round = 1 }, { .id = 4, .round = 2, .status = INIT_REJECTED },
	{ .id = 5, .round = 1 }, { .id = 7, .round = 2 }, { .id = 9, .round = 2 },
	{ .id = 12, .round = 2, .status = INIT_WITHDRAWN },
};
#define NINS (sizeof(ins) / sizeof(ins[0]))

static void
numbers_follow_creation_per_round(void **state)
{
	(void)state;
	assert_int_equal(initiative_nr(ins, NINS, 1, 3), 1);
	assert_int_equal(initiative_nr(ins, NINS, 1, 5), 2);
	assert_int_equal(initiative_nr(ins, NINS, 2, 4), 1);
	assert_int_equal(initiative_nr(ins, NINS, 2, 7), 2);
	assert_int_equal(initiative_nr(ins, NINS, 2, 9), 3);
	assert_int_equal(initiative_nr(ins, NINS, 2, 12), 4);
	/* not in that round, or not there at all */
	assert_int_equal(initiative_nr(ins, NINS, 1, 7), 0);
	assert_int_equal(initiative_nr(ins, NINS, 2, 8), 0);
}

static void
numbers_do_not_depend_on_list_order(void **state)
{
	struct initiative rev[NINS];
	size_t i;

	(void)state;
	for (i = 0; i < NINS; i++)
		rev[i] = ins[NINS - 1 - i];
	for (i = 0; i < NINS; i++)
		assert_int_equal(initiative_nr(rev, NINS, ins[i].round, ins[i].id),
		    initiative_nr(ins, NINS, ins[i].round, ins[i].id));
}

static void
ids_of_numbers(void **state)
{
	(void)state;
	assert_int_equal(initiative_id_of_nr(ins, NINS, 2, 1), 4);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 2, 3), 9);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 2, 4), 12);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 2, 5), 0);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 2, 0), 0);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 1, 2), 5);
	assert_int_equal(initiative_id_of_nr(ins, NINS, 3, 1), 0);
}

static void
round_slash_number(void **state)
{
	uint32_t r = 0, n = 0;

	(void)state;
	assert_int_equal(roundnr_parse("5/3", &r, &n), 1);
	assert_int_equal(r, 5);
	assert_int_equal(n, 3);
	assert_int_equal(roundnr_parse("12/140", &r, &n), 1);
	assert_int_equal(r, 12);
	assert_int_equal(n, 140);
	assert_int_equal(roundnr_parse("17", &r, &n), 0);
	assert_int_equal(roundnr_parse("5/", &r, &n), -1);
	assert_int_equal(roundnr_parse("/3", &r, &n), -1);
	assert_int_equal(roundnr_parse("5/0", &r, &n), -1);
	assert_int_equal(roundnr_parse("0/3", &r, &n), -1);
	assert_int_equal(roundnr_parse("5/03", &r, &n), -1);
	assert_int_equal(roundnr_parse("5/3/1", &r, &n), -1);
	assert_int_equal(roundnr_parse("5/-3", &r, &n), -1);
	assert_int_equal(roundnr_parse("5 /3", &r, &n), -1);
	assert_int_equal(roundnr_parse("4294967296/1", &r, &n), -1);
	assert_int_equal(roundnr_parse("4294967295/1", &r, &n), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_follow_creation_per_round),
		cmocka_unit_test(numbers_do_not_depend_on_list_order),
		cmocka_unit_test(ids_of_numbers),
		cmocka_unit_test(round_slash_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
