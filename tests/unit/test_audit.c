/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_audit — proto/audit.c: statement signatures and their domain separation, event
 * signatures of every kind, result statements, record files; and the stored test vector
 * bundle (tests/audit/) verifies with the library verifier, also on one thread.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "audit.h"
#include "ballot.h"
#include "frame.h"
#include "key.h"
#include "result.h"
#include "verify.h"

static void
test_statement_signatures(void **state)
{
	struct checkpoint	cp;
	struct close_statement	cs;
	uint8_t			pk[32], sk[64], pk2[32], sk2[64];

	(void)state;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	memset(&cp, 0, sizeof(cp));
	cp.round = 3;
	cp.events = 57;
	memset(cp.head, 0xab, sizeof(cp.head));
	cp.ballots = 40;
	cp.time = 1746000000;
	assert_int_equal(statement_sign(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, sk), 0);
	assert_int_equal(statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, pk), 0);
	/* Another key, another domain, any changed field: refused. */
	assert_int_equal(statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, pk2), -1);
	assert_int_equal(statement_verify(DOMAIN_CLOSE, &schema_checkpoint, &cp, pk), -1);
	cp.ballots++;
	assert_int_equal(statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, pk), -1);
	cp.ballots--;
	cp.sig[5] ^= 1;
	assert_int_equal(statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, pk), -1);

	/* The signed bytes are domain || 0 || encoding without the signature: check by hand. */
	memset(&cs, 0, sizeof(cs));
	cs.round = 1;
	cs.ballots = 2;
	assert_int_equal(statement_sign(DOMAIN_CLOSE, &schema_close_statement, &cs, sk), 0);
	{
		struct wbuf b, m;
		wbuf_init(&b);
		wbuf_init(&m);
		wire_encode(&b, &schema_close_statement, &cs);
		wbuf_raw(&m, "dorpsstem/v1/close", 19);	/* with its NUL */
		wbuf_raw(&m, b.p, b.len - 64);
		assert_int_equal(crypto_sign_verify_detached(cs.sig, m.p, m.len, pk), 0);
		wbuf_free(&b);
		wbuf_free(&m);
	}
}

static void
test_event_signatures(void **state)
{
	struct event	ev;
	struct ballot	b;
	struct wbuf	body, m;
	uint8_t		dpk[32], dsk[64], opk[32], osk[64], vsk[64], ksk[64], kpk[32];
	char		why[160];

	(void)state;
	crypto_sign_keypair(dpk, dsk);
	crypto_sign_keypair(opk, osk);
	/* An organiser event: the request's own signature. */
	memset(&ev, 0, sizeof(ev));
	ev.round = 1;
	ev.seq = 1;
	ev.type = MSG_ROUND_OPEN;
	ev.counter = 99;
	ev.body.p = (uint8_t *)"\0\0\0\1";
	ev.body.len = 4;
	memcpy(ev.signer, opk, 32);
	wbuf_init(&m);
	auth_message(&m, dpk, ev.type, ev.counter, ev.body.p, ev.body.len);
	crypto_sign_detached(ev.sig, NULL, m.p, m.len, osk);
	wbuf_free(&m);
	assert_int_equal(event_kind(&ev, dpk), EVENT_ORGANISER);
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), 0);
	ev.counter++;
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "organiser"));

	/* A daemon event. */
	memcpy(ev.signer, dpk, 32);
	ev.type = EVENT_CHECKPOINT;
	assert_int_equal(event_sign_daemon(&ev, dsk), 0);
	assert_int_equal(event_kind(&ev, dpk), EVENT_DAEMON);
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), 0);
	ev.time++;
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), -1);

	/* A ballot event: zero signature, a ballot of the round as body. */
	crypto_sign_keypair(kpk, ksk);
	memset(&b, 0, sizeof(b));
	b.round = 1;
	b.kiosk = 1;
	crypto_sign_keypair(b.credential, vsk);
	assert_int_equal(ballot_sign(&b, vsk, ksk), 0);
	wbuf_init(&body);
	wire_encode(&body, &schema_ballot, &b);
	ev.type = MSG_BALLOT_CAST;
	memset(ev.sig, 0, sizeof(ev.sig));
	ev.body.p = body.p;
	ev.body.len = (uint32_t)body.len;
	assert_int_equal(event_kind(&ev, dpk), EVENT_BALLOT);
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), 0);
	ev.round = 2;
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), -1);
	ev.round = 1;
	ev.sig[0] = 1;
	assert_int_equal(event_verify(&ev, dpk, why, sizeof(why)), -1);
	wbuf_free(&body);
}

static void
test_result_statement(void **state)
{
	struct result		 res;
	struct result_item	 it[2];
	struct result_statement	 a, b;
	uint8_t			 h[32];
	char			 why[200];

	(void)state;
	memset(&res, 0, sizeof(res));
	memset(it, 0, sizeof(it));
	it[0].initiative = 4;
	it[0].cost = 400000;
	it[0].funded = 1;
	it[0].order = 1;
	it[0].score = 9;
	it[1].initiative = 7;
	it[1].cost = 900000;
	it[1].score = 3;
	res.round = 2;
	res.rule = "greedy";
	res.tie_break = "cost-votes";
	res.budget = 1000000;
	res.spent = 400000;
	res.unspent = 600000;
	res.ballots = 12;
	res.items.items = it;
	res.items.n = 2;
	memset(h, 7, sizeof(h));
	assert_int_equal(result_statement_make(&res, h, &a), 0);
	assert_int_equal(result_statement_make(&res, h, &b), 0);
	assert_int_equal(result_statement_compare(&a, &b, why, sizeof(why)), 0);
	((struct result_entry *)b.items.items)[1].funded = 1;
	assert_int_equal(result_statement_compare(&a, &b, why, sizeof(why)), -1);
	assert_string_equal(why, "initiative 7 field funded: 0 here, 1 recounted");
	((struct result_entry *)b.items.items)[1].funded = 0;
	b.spent = 1;
	assert_int_equal(result_statement_compare(&a, &b, why, sizeof(why)), -1);
	assert_string_equal(why, "field spent: 400000 here, 1 recounted");
	wire_free(&schema_result_statement, &a);
	wire_free(&schema_result_statement, &b);
}

static void
test_recfile(void **state)
{
	struct recfile		rf;
	struct checkpoint	cp, got;
	char			path[] = "/tmp/test_audit.XXXXXX", err[256];
	FILE			*f;
	int			fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	memset(&cp, 0, sizeof(cp));
	cp.round = 9;
	cp.events = 3;
	recfile_header(f, "checkpoints", "two lines\nof comment");
	assert_int_equal(recfile_put(f, &schema_checkpoint, &cp), 0);
	fputs("zz\n", f);		/* not hex */
	fputs("0000\n", f);		/* too short */
	cp.events = 4;
	assert_int_equal(recfile_put(f, &schema_checkpoint, &cp), 0);
	fclose(f);
	assert_int_equal(recfile_open(&rf, path, "ballots", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1"));
	assert_int_equal(recfile_open(&rf, path, "checkpoints", err, sizeof(err)), 0);
	assert_int_equal(recfile_next(&rf, &schema_checkpoint, &got, err, sizeof(err)), 1);
	assert_int_equal(got.round, 9);
	assert_int_equal(rf.lineno, 4);
	assert_int_equal(recfile_next(&rf, &schema_checkpoint, &got, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "record 2 (line 5): not lowercase hex"));
	assert_int_equal(recfile_next(&rf, &schema_checkpoint, &got, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "record 3 (line 6): field round: "));
	assert_int_equal(recfile_next(&rf, &schema_checkpoint, &got, err, sizeof(err)), 1);
	assert_int_equal(got.events, 4);
	assert_int_equal(recfile_next(&rf, &schema_checkpoint, &got, err, sizeof(err)), 0);
	recfile_close(&rf);
	unlink(path);
}

/* The stored vector bundle, through the library: correct on 1 and on 2 threads. */
static void
test_vector_bundle(void **state)
{
	struct verify_opts	 vo;
	char			*out = NULL;
	size_t			 len = 0;
	FILE			*f;

	(void)state;
	if (access("tests/audit/bundle-ok/round.txt", R_OK) != 0)
		skip();
	memset(&vo, 0, sizeof(vo));
	vo.ledger = "tests/audit/ledger-ok.txt";
	for (vo.threads = 1; vo.threads <= 2; vo.threads++) {
		assert_non_null(f = open_memstream(&out, &len));
		assert_int_equal(audit_verify("tests/audit/bundle-ok", &vo, f), 0);
		fclose(f);
		assert_null(strstr(out, "FAILED"));
		assert_non_null(strstr(out, "OK: ledger chain"));
		free(out);
		out = NULL;
	}
}

/* docs/audit.md §6: the pabulib dates are the Dutch civil date (CET/CEST). */
static void
test_local_date(void **state)
{
	static const struct { int64_t t; const char *want; } v[] = {
		{ 1772407800, "02.03.2026" },	/* 2026-03-01 23:30 UTC = 00:30 CET */
		{ 1772405940, "01.03.2026" },	/* 22:59 UTC = 23:59 CET */
		{ 1782945000, "02.07.2026" },	/* 2026-07-01 22:30 UTC = 00:30 CEST */
		{ 1782943140, "01.07.2026" },	/* 21:59 UTC = 23:59 CEST */
		{ 1774745940, "29.03.2026" },	/* 2026-03-29 00:59 UTC, just before summer time */
		{ 1792881000, "25.10.2026" },	/* 2026-10-24 22:30 UTC, still summer time */
		{ 1792971000, "26.10.2026" },	/* 2026-10-25 23:30 UTC, winter time again */
	};
	char	out[16];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		round_local_date(v[i].t, out);
		assert_string_equal(out, v[i].want);
	}
}

/* docs/audit.md §10's seed vector (open event hash 00 01 … 1f), computed independently
 * (Python hashlib, from the text). */
static void
test_round_seed(void **state)
{
	uint8_t		h[HASH_BYTES], seed[32];
	char		hex[65];
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(h); i++)
		h[i] = (uint8_t)i;
	round_seed(h, seed);
	hex_encode(seed, sizeof(seed), hex);
	assert_string_equal(hex,
	    "b7f2f75583c869e4e472b47b992b396930d85bbf3caa1a3a6f21cdf1ed50e124");
}

/* docs/audit.md §4.1's vector, computed independently (Python, from the text). */
static void
test_fingerprint(void **state)
{
	struct ref		v1 = { 1 }, v2 = { 2 };
	struct organiser	o[4];
	uint8_t			dk[KEY_BYTES];
	char			fp[FINGERPRINT_TEXT];

	(void)state;
	memset(o, 0, sizeof(o));
	memset(dk, 1, sizeof(dk));
	memset(o[0].key, 2, KEY_BYTES);
	o[0].name = "Anna";
	memset(o[1].key, 3, KEY_BYTES);
	o[1].name = "Bert";
	o[1].villages.items = &v1;
	o[1].villages.n = 1;
	memset(o[2].key, 4, KEY_BYTES);
	o[2].name = "Cees";
	o[2].villages.items = &v2;
	o[2].villages.n = 1;
	memset(o[3].key, 5, KEY_BYTES);
	o[3].name = "Oud";
	o[3].until = 1767225600;
	/* Listed in another order than by key: the fingerprint sorts them. */
	{
		struct organiser t = o[0];
		o[0] = o[3];
		o[3] = t;
	}
	assert_int_equal(round_fingerprint(dk, o, 4, 1, fp), 0);
	assert_string_equal(fp, "QM66-Z98Q-Y7AT-JFHC");
	assert_int_equal(round_fingerprint(dk, o, 4, 2, fp), 0);
	assert_string_equal(fp, "QQD1-VK4J-17PP-Z6KD");
	assert_int_equal(round_fingerprint(dk, o, 4, 3, fp), 0);
	assert_string_equal(fp, "D7P5-95PS-AKWH-Q1GT");
}

/* The signer table and the labels: what a daemon may sign, what the body fixes. */
static void
test_signer_table(void **state)
{
	struct event	ev;
	struct ref	ref = { 5 };
	struct wbuf	b;
	uint8_t		dk[KEY_BYTES], ok[KEY_BYTES];
	char		why[200];

	(void)state;
	memset(dk, 1, sizeof(dk));
	memset(ok, 2, sizeof(ok));
	memset(&ev, 0, sizeof(ev));
	wbuf_init(&b);
	wire_encode(&b, &schema_ref, &ref);
	ev.body.p = b.p;
	ev.body.len = (uint32_t)b.len;
	ev.round = 3;
	ev.type = MSG_INITIATIVE_ADMIT;
	ev.subject = 5;
	memcpy(ev.signer, ok, KEY_BYTES);
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), 0);
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), 0);
	memcpy(ev.signer, dk, KEY_BYTES);
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);
	assert_string_equal(why, "an initiative-admit event signed by the daemon key: only an "
	    "organiser of the village may sign it");
	ev.subject = 7;
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), -1);
	assert_string_equal(why, "field subject: 7, but the signed body names id 5 (relabelled)");
	ev.type = MSG_ROUND_CANCEL;		/* REF 5 = round 5, filed in round 3 */
	ev.subject = 5;
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), -1);
	assert_string_equal(why, "field round: 3, but the signed body names round 5 (a request "
	    "moved from another round)");
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);	/* organiser's */
	ev.type = MSG_ROUND_CLOSE;		/* the daemon may, at the signed time */
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), 0);
	assert_int_equal(event_body_check(&ev, why, sizeof(why)), -1);	/* a bare REF */
	assert_non_null(strstr(why, "a round-close without the ledger heads it names"));
	ev.type = MSG_KIOSK_RETIRE;		/* ledger 0 only */
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);
	assert_string_equal(why, "a kiosk-retire event belongs in ledger 0");
	ev.type = EVENT_CHECKPOINT;
	memcpy(ev.signer, ok, KEY_BYTES);
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);
	ev.type = 0x0999;
	assert_int_equal(event_signer_check(&ev, dk, why, sizeof(why)), -1);
	wbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statement_signatures),
		cmocka_unit_test(test_event_signatures),
		cmocka_unit_test(test_result_statement),
		cmocka_unit_test(test_recfile),
		cmocka_unit_test(test_vector_bundle),
		cmocka_unit_test(test_local_date),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_round_seed),
		cmocka_unit_test(test_signer_table),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
