/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_spending.c — the books after the result (proto/spending.c; docs/audit.md §11):
 * grants from the result statement, the money rules the daemon and `audit verify` both
 * enforce, and the dates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "audit.h"
#include "msg.h"
#include "spending.h"

static int
apply(struct spend_book *b, uint16_t type, const struct wire_schema *s, const void *rec,
    char *why, size_t n)
{
	struct wbuf	w;
	int		rc;

	wbuf_init(&w);
	wire_encode(&w, s, rec);
	assert_false(w.oom);
	rc = spend_apply(b, type, w.p, w.len, 100, 0, why, n);
	wbuf_free(&w);
	return rc;
}

static int
pay(struct spend_book *b, uint32_t id, uint64_t cents, char *why)
{
	struct spending_pay q = { id, cents, 20270310 };

	return apply(b, MSG_SPENDING_PAY, &schema_spending_pay, &q, why, 400);
}

static int
add(struct spend_book *b, uint32_t id, uint64_t cents, uint32_t line, char *why)
{
	struct spending_add q;

	memset(&q, 0, sizeof(q));
	q.initiative = id;
	q.amount = cents;
	q.date = 20270312;
	q.what = "Klimrek";
	q.line = line;
	return apply(b, MSG_SPENDING_ADD, &schema_spending_add, &q, why, 400);
}

static int
cls(struct spend_book *b, uint32_t id, uint64_t paid, uint64_t spent, uint64_t ret,
    char *why)
{
	struct spending_close q = { id, paid, spent, ret, 0, "", "Klaar" };

	return apply(b, MSG_SPENDING_CLOSE, &schema_spending_close, &q, why, 400);
}

/* Round 5: initiative 7 funded at € 3.250 with an aanvraag of 2 lines, 8 not funded. */
static void
book(struct spend_book *b)
{
	struct result_entry	 e[2] = { { 7, 325000, 2, 1, 1 }, { 8, 900000, 1, 0, 0 } };
	struct result_statement	 rs;

	memset(&rs, 0, sizeof(rs));
	rs.round = 5;
	rs.items.items = e;
	rs.items.n = 2;
	spend_init(b, 5);
	assert_int_equal(spend_application(b, 7, 2), 0);
	assert_int_equal(spend_result(b, &rs), 0);
}

static void
test_grants(void **state)
{
	struct spend_book	b;
	char			why[400];

	(void)state;
	book(&b);
	assert_int_equal(b.n, 1);
	assert_int_equal(spend_find(&b, 7)->granted, 325000);
	assert_int_equal(spend_find(&b, 7)->budget_lines, 2);
	assert_null(spend_find(&b, 8));
	assert_int_equal(pay(&b, 8, 100, why), -1);
	assert_non_null(strstr(why, "field initiative: initiative 8 was not funded"));
	spend_free(&b);
}

static void
test_money_rules(void **state)
{
	struct spend_book		b;
	struct spending_overspend	o = { 7, 20000, "Zand werd duurder" };
	char				why[400];

	(void)state;
	book(&b);
	assert_int_equal(pay(&b, 7, 0, why), -1);
	assert_non_null(strstr(why, "field amount"));
	assert_int_equal(pay(&b, 7, 325000, why), 0);
	assert_int_equal(pay(&b, 7, 1, why), -1);
	assert_non_null(strstr(why, "overspend decision must come first"));
	o.reason = " ";
	assert_int_equal(apply(&b, MSG_SPENDING_OVERSPEND, &schema_spending_overspend, &o, why,
	    sizeof(why)), -1);
	o.reason = "Zand werd duurder";
	assert_int_equal(apply(&b, MSG_SPENDING_OVERSPEND, &schema_spending_overspend, &o, why,
	    sizeof(why)), 0);
	assert_int_equal(pay(&b, 7, 20000, why), 0);
	assert_int_equal(pay(&b, 7, 1, why), -1);
	assert_int_equal(add(&b, 7, 300000, 1, why), 0);
	assert_int_equal(add(&b, 7, 10, 3, why), -1);
	assert_non_null(strstr(why, "field line"));
	assert_int_equal(add(&b, 7, 40000, 0, why), 0);
	/* paid 345000, spent 340000: the close must sign exactly these, returned 5000. */
	assert_int_equal(cls(&b, 7, 345000, 340001, 4999, why), -1);
	assert_non_null(strstr(why, "field spent: the signed close says"));
	assert_int_equal(cls(&b, 7, 345001, 340000, 5001, why), -1);
	assert_non_null(strstr(why, "field paid"));
	assert_int_equal(cls(&b, 7, 345000, 340000, 4000, why), -1);
	assert_non_null(strstr(why, "field returned"));
	assert_int_equal(cls(&b, 7, 345000, 340000, 5000, why), 0);
	assert_true(spend_find(&b, 7)->closed);
	assert_int_equal(spend_find(&b, 7)->returned, 5000);
	assert_int_equal(pay(&b, 7, 1, why), -1);
	assert_non_null(strstr(why, "closed"));
	assert_int_equal(add(&b, 7, 1, 0, why), -1);
	spend_free(&b);
}

static void
test_spent_above_paid(void **state)
{
	struct spend_book	b;
	char			why[400];

	(void)state;
	book(&b);
	assert_int_equal(pay(&b, 7, 1000, why), 0);
	assert_int_equal(add(&b, 7, 2000, 0, why), 0);
	assert_int_equal(cls(&b, 7, 1000, 2000, 0, why), -1);
	assert_non_null(strstr(why, "is more than"));
	spend_free(&b);
}

static void
test_no_result(void **state)
{
	struct spend_book	b;
	struct spending_due	d = { 5, 20271231 };
	char			why[400];

	(void)state;
	spend_init(&b, 5);
	assert_int_equal(pay(&b, 7, 100, why), -1);
	assert_non_null(strstr(why, "no result yet"));
	assert_int_equal(apply(&b, MSG_SPENDING_DUE, &schema_spending_due, &d, why,
	    sizeof(why)), -1);
	spend_free(&b);
	book(&b);
	assert_int_equal(apply(&b, MSG_SPENDING_DUE, &schema_spending_due, &d, why,
	    sizeof(why)), 0);
	assert_int_equal(b.due, 20271231);
	d.round = 6;
	assert_int_equal(apply(&b, MSG_SPENDING_DUE, &schema_spending_due, &d, why,
	    sizeof(why)), -1);
	assert_non_null(strstr(why, "field round"));
	spend_free(&b);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(spend_date_ok(20270315));
	assert_true(spend_date_ok(20240229));
	assert_false(spend_date_ok(20230229));
	assert_false(spend_date_ok(21000229));
	assert_true(spend_date_ok(20000229));
	assert_false(spend_date_ok(20270230));
	assert_false(spend_date_ok(20271301));
	assert_false(spend_date_ok(20270100));
	assert_false(spend_date_ok(19991231));
	assert_false(spend_date_ok(0));
}

/* The signer table (docs/audit.md §1): spending events are an organiser's, in a round's
 * ledger; their subject is what the signed body names. */
static void
test_signer_table(void **state)
{
	static const uint16_t	 types[] = { MSG_SPENDING_DUE, MSG_SPENDING_PAY,
				    MSG_SPENDING_ADD, MSG_SPENDING_OVERSPEND, MSG_SPENDING_CLOSE };
	struct spending_overspend o = { 7, 20000, "Zand werd duurder" };
	struct event		 ev;
	struct wbuf		 w;
	uint8_t			 dk[KEY_BYTES];
	char			 why[300];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		assert_non_null(event_rule(types[i]));
		assert_int_equal(event_rule(types[i])->signer, SIGNER_ORGANISER);
		assert_false(event_rule(types[i])->ledger0);
		assert_true(spend_type(types[i]));
	}
	assert_false(spend_type(MSG_DOCUMENT_PUT));	/* no ledger event */
	assert_null(event_rule(MSG_DOCUMENT_PUT));
	assert_string_equal(event_rule(MSG_SPENDING_OVERSPEND)->name, "spending-overspend");
	memset(&ev, 0, sizeof(ev));
	memset(dk, 0x01, sizeof(dk));
	wbuf_init(&w);
	wire_encode(&w, &schema_spending_overspend, &o);
	ev.round = 5;
	ev.type = MSG_SPENDING_OVERSPEND;
	ev.body.p = w.p;
	ev.body.len = (uint32_t)w.len;
	ev.subject = 7;
	memcpy(ev.signer, dk, KEY_BYTES);	/* the daemon's key */
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);
	assert_string_equal(why, "a spending-overspend event signed by the daemon key: only an "
	    "organiser of the village may sign it");
	memset(ev.signer, 0x02, KEY_BYTES);	/* an organiser's */
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), 0);
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), 0);
	ev.subject = 8;
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), -1);
	assert_string_equal(why, "field subject: 8, but the signed body names id 7 (relabelled)");
	wbuf_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grants),
		cmocka_unit_test(test_money_rules),
		cmocka_unit_test(test_spent_above_paid),
		cmocka_unit_test(test_no_result),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_signer_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
