/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_money.c — money_parse and money_format (proto/money.c): what organisers type, and
 * the Dutch amounts the kiosk and reports show.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"
#include "msg.h"

#define EURO	"\xe2\x82\xac"

static const struct {
	const char	*in;
	int		 ok;
	uint64_t	 cents;
	const char	*why;	/* a word the refusal must contain */
} parse_table[] = {
	/* Plain numbers. */
	{ "25000", 1, 2500000, NULL },
	{ "0", 1, 0, NULL },
	{ "007", 1, 700, NULL },
	/* What Dutch people write (issue 12): a dot groups thousands, a comma starts cents. */
	{ "25.000", 1, 2500000, NULL },
	{ "25.000,00", 1, 2500000, NULL },
	{ EURO " 25.000,-", 1, 2500000, NULL },
	{ EURO " 25.000,--", 1, 2500000, NULL },
	{ EURO " 25.000,\xe2\x80\x93", 1, 2500000, NULL },	/* ",–" */
	{ EURO " 25.000,\xe2\x80\x94", 1, 2500000, NULL },	/* ",—" */
	{ "25000,-", 1, 2500000, NULL },
	{ "25000 euro", 1, 2500000, NULL },
	{ "25000euro", 1, 2500000, NULL },
	{ "25.000 Euro", 1, 2500000, NULL },
	{ "25.000 EUR", 1, 2500000, NULL },
	{ "EUR 25.000", 1, 2500000, NULL },
	{ "euro 25.000,50", 1, 2500050, NULL },
	{ "25.000 " EURO, 1, 2500000, NULL },
	{ "25.000,- euro", 1, 2500000, NULL },
	{ "1250,50", 1, 125050, NULL },
	{ EURO "25.000", 1, 2500000, NULL },
	{ "1.250,50", 1, 125050, NULL },
	{ "1.250", 1, 125000, NULL },
	{ "12.345", 1, 1234500, NULL },
	{ "1.234.567", 1, 123456700, NULL },
	{ "1.234.567,89", 1, 123456789, NULL },
	{ "1250,5", 1, 125050, NULL },
	{ "0,05", 1, 5, NULL },
	/* Thousands grouped with (no-break) spaces, as NEN and typesetters do. */
	{ "1 250", 1, 125000, NULL },
	{ "1\xc2\xa0" "250,50", 1, 125050, NULL },
	{ EURO "\xc2\xa0" "1\xe2\x80\xaf" "250", 1, 125000, NULL },
	{ "25 000 euro", 1, 2500000, NULL },
	/* English notation, where it cannot be misread. */
	{ "1250.50", 1, 125050, NULL },
	{ "1250.5", 1, 125050, NULL },
	{ "1,250.50", 1, 125050, NULL },
	{ "1,234,567.89", 1, 123456789, NULL },
	{ "1,234,567", 1, 123456700, NULL },
	/* Money_format's own output, with and without blanks around it. */
	{ EURO " 1.250", 1, 125000, NULL },
	{ EURO " 25.000", 1, 2500000, NULL },
	{ EURO "1.250,50", 1, 125050, NULL },
	{ EURO "   1250", 1, 125000, NULL },
	{ EURO " 12,50", 1, 1250, NULL },
	{ "  1250", 1, 125000, NULL },
	{ "1250 ", 1, 125000, NULL },
	{ " " EURO " 5", 1, 500, NULL },
	/* Truly ambiguous: a lone comma and three digits (Dutch cents have two). */
	{ "1,250", 0, 0, "ambiguous" },
	{ "12,345", 0, 0, "ambiguous" },
	{ EURO " 1,250", 0, 0, "ambiguous" },
	{ "25,000 euro", 0, 0, "ambiguous" },
	/* Refused: not amounts. */
	{ "-5", 0, 0, "negative" },
	{ EURO " -5", 0, 0, "negative" },
	{ "-25.000,- euro", 0, 0, "negative" },
	{ "0.250", 0, 0, "grouped" },
	{ "12.34.56", 0, 0, "grouped" },
	{ "1,2,3", 0, 0, "grouped" },
	{ "1.250.50", 0, 0, "grouped" },
	{ "1.2345,00", 0, 0, "grouped" },
	{ "1234.567,00", 0, 0, "grouped" },
	{ ".250,00", 0, 0, "grouped" },
	{ "1..250,00", 0, 0, "grouped" },
	{ "1 25", 0, 0, "grouped" },
	{ "1.250 000", 0, 0, NULL },
	{ "1 250.000,00", 0, 0, "two ways" },
	{ "1,250.50.00", 0, 0, "two decimal" },
	{ "1.250,50,00", 0, 0, "two decimal" },
	{ "1,2.3", 0, 0, NULL },
	{ "12.", 0, 0, "decimals" },
	{ "12,", 0, 0, "decimals" },
	{ "12,5000", 0, 0, "decimals" },
	{ "12.5000", 0, 0, "decimals" },
	{ "25.000,50,-", 0, 0, NULL },
	{ "25,50,-", 0, 0, NULL },
	{ ",50", 0, 0, NULL },
	{ ",-", 0, 0, "amount" },
	{ "", 0, 0, "amount" },
	{ " ", 0, 0, "amount" },
	{ EURO, 0, 0, "amount" },
	{ "euro", 0, 0, "amount" },
	{ EURO " 5 euro", 0, 0, "amount" },
	{ "5 euros", 0, 0, "amount" },
	{ "5 dollar", 0, 0, "amount" },
	{ "5 neuro", 0, 0, "amount" },
	{ "12a", 0, 0, "amount" },
	{ "+5", 0, 0, "amount" },
	{ "5e3", 0, 0, "amount" },
	{ "0x10", 0, 0, "amount" },
	{ "1000000000000", 1, MONEY_MAX_CENTS, NULL },
	{ "1.000.000.000.000,00", 1, MONEY_MAX_CENTS, NULL },
	{ "999999999999,99", 1, MONEY_MAX_CENTS - 1, NULL },
	{ "1000000000000,01", 0, 0, "too large" },
	{ "1000000000001", 0, 0, "too large" },
	{ "99999999999999999999999", 0, 0, "too large" },
	{ "18446744073709551616", 0, 0, "too large" },
	{ "1111111111111111111111111111111111111111111111111111111111111111111111", 0, 0,
	    "too large" },
};

static void
test_money_parse_table(void **state)
{
	const char	*why;
	uint64_t	 cents;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < sizeof(parse_table) / sizeof(parse_table[0]); i++) {
		cents = 0xdeadbeef;
		why = "unset";
		rc = money_parse(parse_table[i].in, &cents, &why);
		if (parse_table[i].ok) {
			if (rc != 0)
				fail_msg("money_parse(\"%s\") refused: %s", parse_table[i].in, why);
			if (cents != parse_table[i].cents)
				fail_msg("money_parse(\"%s\") = %llu, want %llu", parse_table[i].in,
				    (unsigned long long)cents,
				    (unsigned long long)parse_table[i].cents);
			assert_null(why);
		} else {
			if (rc != -1)
				fail_msg("money_parse(\"%s\") accepted as %llu", parse_table[i].in,
				    (unsigned long long)cents);
			assert_non_null(why);
			assert_true(strlen(why) > 10);
			/* It quotes what was typed (short inputs in full), not a fixed example. */
			if (strlen(parse_table[i].in) < 30 && strncmp(why, "\"", 1) == 0 &&
			    strncmp(why + 1, parse_table[i].in, strlen(parse_table[i].in)) != 0)
				fail_msg("money_parse(\"%s\"): \"%s\" does not quote it",
				    parse_table[i].in, why);
			if (why[0] != '"')
				fail_msg("money_parse(\"%s\"): \"%s\" does not quote it",
				    parse_table[i].in, why);
			if (parse_table[i].why && strstr(why, parse_table[i].why) == NULL)
				fail_msg("money_parse(\"%s\"): \"%s\" does not say \"%s\"",
				    parse_table[i].in, why, parse_table[i].why);
		}
	}
}

/* The refusal is about what was typed: its own alternative, control bytes made harmless,
 * long input cut on a character boundary. */
static void
test_money_refusal_text(void **state)
{
	const char	*why;
	uint64_t	 c;
	char		 longin[200];

	(void)state;
	assert_int_equal(money_parse("12,345", &c, &why), -1);
	assert_non_null(strstr(why, "\"12,345\""));
	assert_non_null(strstr(why, "12.345"));
	assert_null(strstr(why, "1.250"));
	assert_int_equal(money_parse("7,500", &c, &why), -1);
	assert_non_null(strstr(why, "7.500"));
	assert_int_equal(money_parse("1\n2\x1b[31m", &c, &why), -1);
	assert_non_null(strstr(why, "\"1?2?[31m\""));
	memset(longin, 0, sizeof(longin));
	for (size_t i = 0; i + 3 < 150; i += 3)
		memcpy(longin + i, EURO, 3);
	assert_int_equal(money_parse(longin, &c, &why), -1);
	assert_non_null(strstr(why, "...\""));
	assert_true(strlen(why) < 200);
	/* 13 whole euro signs (39 bytes) fit in the 40-byte quote, never a split one. */
	assert_int_equal(strncmp(why + 1 + 39, "...", 3), 0);
}

static void
test_money_format_csv(void **state)
{
	char	buf[MONEY_BUF];

	(void)state;
	assert_string_equal(money_format_csv(buf, sizeof(buf), 0), "0,00");
	assert_string_equal(money_format_csv(buf, sizeof(buf), 5), "0,05");
	assert_string_equal(money_format_csv(buf, sizeof(buf), 125050), "1250,50");
	assert_string_equal(money_format_csv(buf, sizeof(buf), 2500000), "25000,00");
	assert_string_equal(money_format_csv(buf, sizeof(buf), MONEY_MAX_CENTS),
	    "1000000000000,00");
}

static void
test_money_format_en(void **state)
{
	char	buf[MONEY_BUF];

	(void)state;
	assert_string_equal(money_format_en(buf, sizeof(buf), 0), EURO "0");
	assert_string_equal(money_format_en(buf, sizeof(buf), 5), EURO "0.05");
	assert_string_equal(money_format_en(buf, sizeof(buf), 125050), EURO "1,250.50");
	assert_string_equal(money_format_en(buf, sizeof(buf), 2500000), EURO "25,000");
	assert_string_equal(money_format_en(buf, sizeof(buf), 123456789), EURO "1,234,567.89");
	assert_string_equal(money_format_en(buf, sizeof(buf), MONEY_MAX_CENTS),
	    EURO "1,000,000,000,000");
}

static void
test_money_format_table(void **state)
{
	static const struct {
		uint64_t	 cents;
		const char	*out;
	} t[] = {
		{ 0, EURO " 0" },
		{ 5, EURO " 0,05" },
		{ 50, EURO " 0,50" },
		{ 99, EURO " 0,99" },
		{ 100, EURO " 1" },
		{ 125050, EURO " 1.250,50" },
		{ 125000, EURO " 1.250" },
		{ 2500000, EURO " 25.000" },
		{ 99999, EURO " 999,99" },
		{ 100000, EURO " 1.000" },
		{ 123456789, EURO " 1.234.567,89" },
		{ MONEY_MAX_CENTS, EURO " 1.000.000.000.000" },
		{ UINT64_MAX, EURO " 184.467.440.737.095.516,15" },
	};
	char	buf[MONEY_BUF];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		assert_ptr_equal(money_format(buf, sizeof(buf), t[i].cents), buf);
		if (strcmp(buf, t[i].out) != 0)
			fail_msg("money_format(%llu) = \"%s\", want \"%s\"",
			    (unsigned long long)t[i].cents, buf, t[i].out);
	}
	/* A short buffer is truncated, never overrun. */
	memset(buf, 'x', sizeof(buf));
	money_format(buf, 6, 125050);
	assert_int_equal(strlen(buf), 5);
	assert_int_equal(buf[6], 'x');
}

/* What money_format writes, money_parse reads back: the kiosk's amounts can be pasted. */
static void
test_money_round_trip(void **state)
{
	char		 buf[MONEY_BUF];
	const char	*why;
	uint64_t	 v, got, step;

	(void)state;
	for (v = 0; v < 200000; v += 7) {
		money_format(buf, sizeof(buf), v);
		if (money_parse(buf, &got, &why) != 0 || got != v)
			fail_msg("\"%s\" does not parse back to %llu", buf, (unsigned long long)v);
	}
	for (step = 1, v = 0; v <= MONEY_MAX_CENTS; step = step * 3 + 1, v += step) {
		money_format(buf, sizeof(buf), v);
		if (money_parse(buf, &got, &why) != 0 || got != v)
			fail_msg("\"%s\" does not parse back to %llu", buf, (unsigned long long)v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse_table),
		cmocka_unit_test(test_money_refusal_text),
		cmocka_unit_test(test_money_format_csv),
		cmocka_unit_test(test_money_format_en),
		cmocka_unit_test(test_money_format_table),
		cmocka_unit_test(test_money_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
