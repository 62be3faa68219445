/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_round — the round state machine (daemon/round.c) on a real LMDB store in a
 * temporary directory: every transition, every refusal, and that a refusal changes nothing.
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

#include "audit_daemon.h"
#include "dorpsstemd.h"

struct fixture {
	struct daemon	d;
	char		dir[64];
	uint8_t		key[KEY_BYTES], sig[SIG_BYTES];
	struct actor	who;
	int		stale_open;	/* op_open names an old ledger-0 head */
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || sodium_init() < 0)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_round.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	if (store_open(&fx->d.store, fx->dir, 1 << 20) != 0)
		return -1;
	crypto_sign_keypair(fx->d.id.pk, fx->d.id.sk);
	ledger_set_identity(&fx->d.id);
	memset(fx->key, 7, sizeof(fx->key));
	fx->who.key = fx->key;
	fx->who.sig = fx->sig;
	fx->who.body = (const uint8_t *)"x";
	fx->who.bodylen = 1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	char		 cmd[128];

	store_close(&fx->d.store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

typedef int (*op_fn)(struct fixture *, MDB_txn *, struct done *, struct verdict *, void *);

/* Runs op in a write transaction: committed when it succeeds, aborted when refused.
 * Returns the ERRC code (0 = done). */
static int
run(struct fixture *fx, op_fn op, void *arg, struct done *done)
{
	MDB_txn		*txn;
	struct verdict	 v;
	struct done	 dd;
	int		 rc;

	memset(&v, 0, sizeof(v));
	memset(&dd, 0, sizeof(dd));
	assert_int_equal(mdb_txn_begin(fx->d.store.env, NULL, 0, &txn), 0);
	rc = op(fx, txn, &dd, &v, arg);
	if (rc == 0) {
		assert_int_equal(mdb_txn_commit(txn), 0);
		if (done)
			*done = dd;
		return 0;
	}
	mdb_txn_abort(txn);
	assert_int_equal(rc, -1);	/* a refusal, not a store error */
	assert_true(v.code != 0);
	assert_true(v.msg[0] != '\0');
	return v.code;
}

static int
op_village(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	struct village vl = { 0, a, 0 };

	return village_add(&fx->d, t, &vl, &fx->who, d, v);
}

static int
op_round(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	return round_create(&fx->d, t, a, &fx->who, d, v);
}

static int
op_init(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	return initiative_add(&fx->d, t, a, &fx->who, d, v);
}

#define OP_ID(name, fn)							\
static int								\
name(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a) \
{									\
	return fn(&fx->d, t, *(uint32_t *)a, &fx->who, d, v);		\
}
/* The open names the current ledger heads (docs/audit.md §3.3), as the client does. */
static int
op_open(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	struct round_open	ro;
	struct actor		who = fx->who;
	struct wbuf		b;
	int			rc;

	memset(&ro, 0, sizeof(ro));
	ro.id = *(uint32_t *)a;
	assert_int_equal(ledger_head(t, &fx->d.store, ro.id, &ro.events, ro.head), 0);
	assert_int_equal(ledger_head(t, &fx->d.store, 0, &ro.village_events, ro.village_head), 0);
	if (fx->stale_open)
		ro.village_events--;
	wbuf_init(&b);
	wire_encode(&b, &schema_round_open, &ro);
	who.body = b.p;
	who.bodylen = b.len;
	rc = round_open(&fx->d, t, ro.id, &who, d, v);
	wbuf_free(&b);
	return rc;
}
/* The close names ledger 0's head, as the client does. */
static int
op_close(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	struct round_open	ro;
	struct actor		who = fx->who;
	struct wbuf		b;
	int			rc;

	memset(&ro, 0, sizeof(ro));
	ro.id = *(uint32_t *)a;
	assert_int_equal(ledger_head(t, &fx->d.store, 0, &ro.village_events, ro.village_head), 0);
	wbuf_init(&b);
	wire_encode(&b, &schema_round_close, &ro);
	who.body = b.p;
	who.bodylen = b.len;
	rc = round_close(&fx->d, t, ro.id, &who, d, v);
	wbuf_free(&b);
	return rc;
}
OP_ID(op_cancel, round_cancel)
OP_ID(op_admit, initiative_admit)
OP_ID(op_withdraw, initiative_withdraw)

static int
op_reject(struct fixture *fx, MDB_txn *t, struct done *d, struct verdict *v, void *a)
{
	return initiative_reject(&fx->d, t, a, &fx->who, d, v);
}

static struct round
round_spec(uint32_t village)
{
	struct round r;

	memset(&r, 0, sizeof(r));
	r.village = village;
	r.name = "Dorpsbudget";
	r.ballot = BALLOT_KNAPSACK;
	r.budget = 2500000;
	r.rule = "equalshares/add1";
	r.tie_break = "";
	return r;
}

static uint8_t
state_of(struct fixture *fx, uint32_t id)
{
	MDB_txn		*txn;
	struct round	 r;
	uint8_t		 s;

	assert_int_equal(store_read(&fx->d.store, &txn), 0);
	assert_int_equal(store_get_id(txn, fx->d.store.rounds, id, &schema_round, &r), 0);
	mdb_txn_abort(txn);
	s = r.state;
	wire_free(&schema_round, &r);
	return s;
}

static uint64_t
events_of(struct fixture *fx, uint32_t round)
{
	MDB_txn		*txn;
	uint64_t	 n;

	assert_int_equal(store_read(&fx->d.store, &txn), 0);
	n = ledger_length(txn, &fx->d.store, round);
	mdb_txn_abort(txn);
	return n;
}

static uint32_t
add_initiative(struct fixture *fx, uint32_t round, uint64_t cost)
{
	struct initiative	in;
	struct done		d;

	memset(&in, 0, sizeof(in));
	in.round = round;
	in.title = "Repair Café";
	in.summary = in.proposer = in.category = "";
	in.cost = cost;
	assert_int_equal(run(fx, op_init, &in, &d), 0);
	return d.id;
}

static void
test_villages(void **state)
{
	struct fixture	*fx = *state;
	struct done	 d;

	assert_int_equal(run(fx, op_village, "Kantens", &d), 0);
	assert_int_equal(d.id, 1);
	assert_int_equal(run(fx, op_village, "KANTENS", NULL), ERRC_EXISTS);
	assert_int_equal(run(fx, op_village, "", NULL), ERRC_INVALID);
	assert_int_equal(run(fx, op_village, "  ", NULL), ERRC_INVALID);
	assert_int_equal(run(fx, op_village, " Kantens", NULL), ERRC_INVALID);
	assert_int_equal(run(fx, op_village, "1234", NULL), ERRC_INVALID);
	assert_int_equal(run(fx, op_village, "Warffum", &d), 0);
	assert_int_equal(d.id, 2);
	assert_int_equal(events_of(fx, 0), 2);	/* refusals logged nothing */
}

static void
test_round_create_refusals(void **state)
{
	struct fixture	*fx = *state;
	struct round	 r;

	assert_int_equal(run(fx, op_village, "Kantens", NULL), 0);
	r = round_spec(9);
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_NOTFOUND);
	r = round_spec(1); r.budget = 0;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.name = " ";
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.ballot = 0;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.rule = "borda";
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.tie_break = "coin";
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.ballot = BALLOT_APPROVAL; r.min_choices = 3; r.max_choices = 2;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.limit = r.budget + 1;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.ballot = BALLOT_APPROVAL; r.limit = 5;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.ballot = BALLOT_CUMULATIVE;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);	/* no points */
	r = round_spec(1); r.ballot = BALLOT_CUMULATIVE; r.points = 5; r.max_points = 6;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.points = 5;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);	/* not cumulative */
	r = round_spec(1); r.ballot = BALLOT_ORDINAL;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);	/* MES on ranks */
	r = round_spec(1); r.ballot = BALLOT_CUMULATIVE; r.points = 5; r.rule = "phragmen";
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.closes = now_seconds() - 1;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	r = round_spec(1); r.opens = now_seconds() + 100; r.closes = now_seconds() + 50;
	assert_int_equal(run(fx, op_round, &r, NULL), ERRC_INVALID);
	assert_int_equal(events_of(fx, 1), 0);
}

static void
test_round_lifecycle(void **state)
{
	struct fixture	*fx = *state;
	struct round	 r;
	struct done	 d;
	uint32_t	 id, a, b, c;

	assert_int_equal(run(fx, op_village, "Kantens", NULL), 0);
	r = round_spec(1);
	assert_int_equal(run(fx, op_round, &r, &d), 0);
	id = d.id;
	assert_int_equal(state_of(fx, id), ROUND_DRAFT);
	assert_int_equal(run(fx, op_open, &id, NULL), ERRC_STATE);	/* nothing admitted */
	a = add_initiative(fx, id, 350000);
	b = add_initiative(fx, id, 275000);
	c = add_initiative(fx, id, 100000);
	{
		struct initiative in;
		memset(&in, 0, sizeof(in));
		in.round = id; in.title = "Te duur"; in.summary = in.proposer = in.category = "";
		in.cost = 2500001;
		assert_int_equal(run(fx, op_init, &in, NULL), ERRC_INVALID);
		in.cost = 0;
		assert_int_equal(run(fx, op_init, &in, NULL), ERRC_INVALID);
		in.cost = 5; in.title = "";
		assert_int_equal(run(fx, op_init, &in, NULL), ERRC_INVALID);
		in.round = 77; in.title = "X";
		assert_int_equal(run(fx, op_init, &in, NULL), ERRC_NOTFOUND);
	}
	assert_int_equal(run(fx, op_admit, &a, NULL), 0);
	assert_int_equal(run(fx, op_admit, &a, NULL), ERRC_STATE);	/* already */
	{
		struct initiative rej;
		memset(&rej, 0, sizeof(rej));
		rej.id = b;
		rej.reason = " ";
		assert_int_equal(run(fx, op_reject, &rej, NULL), ERRC_INVALID);
		rej.reason = "Geen offerte";
		assert_int_equal(run(fx, op_reject, &rej, NULL), 0);
	}
	assert_int_equal(run(fx, op_admit, &b, NULL), 0);	/* reconsidered */
	assert_int_equal(run(fx, op_withdraw, &c, NULL), 0);
	assert_int_equal(run(fx, op_admit, &c, NULL), ERRC_STATE);	/* withdrawn is final */
	{
		uint32_t nope = 999;
		assert_int_equal(run(fx, op_admit, &nope, NULL), ERRC_NOTFOUND);
	}
	/* create + 3 adds + admit + reject + admit + withdraw */
	assert_int_equal(events_of(fx, id), 8);
	assert_int_equal(run(fx, op_close, &id, NULL), ERRC_STATE);	/* draft */
	/* An open naming a ledger-0 head that is not the current one is refused: the
	 * kiosks it opens with must be the ones the organiser saw. */
	fx->stale_open = 1;
	assert_int_equal(run(fx, op_open, &id, NULL), ERRC_STATE);
	fx->stale_open = 0;
	assert_int_equal(run(fx, op_open, &id, &d), 0);
	assert_int_equal(d.event, 9);
	assert_int_equal(state_of(fx, id), ROUND_VOTING);
	/* Frozen: nothing the vote depends on may change. */
	assert_int_equal(run(fx, op_open, &id, NULL), ERRC_STATE);
	{
		struct initiative in;
		memset(&in, 0, sizeof(in));
		in.round = id; in.title = "Laat"; in.summary = in.proposer = in.category = "";
		in.cost = 5;
		assert_int_equal(run(fx, op_init, &in, NULL), ERRC_STATE);
	}
	assert_int_equal(run(fx, op_withdraw, &a, NULL), ERRC_STATE);
	assert_int_equal(run(fx, op_close, &id, NULL), 0);
	assert_int_equal(state_of(fx, id), ROUND_CLOSED);
	assert_int_equal(run(fx, op_cancel, &id, NULL), ERRC_STATE);
	assert_int_equal(run(fx, op_close, &id, NULL), ERRC_STATE);
	/* ... + open + close + the daemon's close statement (daemon/audit.c) */
	assert_int_equal(events_of(fx, id), 11);
}

static void
test_cancel_and_seed(void **state)
{
	struct fixture	*fx = *state;
	struct round	 r, got;
	struct done	 d;
	MDB_txn		*txn;
	uint32_t	 id, id2;

	assert_int_equal(run(fx, op_village, "Kantens", NULL), 0);
	r = round_spec(1);
	assert_int_equal(run(fx, op_round, &r, &d), 0);
	id = d.id;
	assert_int_equal(run(fx, op_cancel, &id, NULL), 0);
	assert_int_equal(state_of(fx, id), ROUND_CANCELLED);
	assert_int_equal(run(fx, op_open, &id, NULL), ERRC_STATE);
	assert_int_equal(run(fx, op_round, &r, &d), 0);
	id2 = d.id;
	{
		uint32_t a = add_initiative(fx, id2, 1000);
		assert_int_equal(run(fx, op_admit, &a, NULL), 0);
	}
	assert_int_equal(run(fx, op_open, &id2, NULL), 0);
	assert_int_equal(store_read(&fx->d.store, &txn), 0);
	assert_int_equal(store_get_id(txn, fx->d.store.rounds, id2, &schema_round, &got), 0);
	mdb_txn_abort(txn);
	/* Opening draws the tie-break seed and fills in the defaults. */
	assert_false(sodium_is_zero(got.seed, sizeof(got.seed)));
	assert_string_equal(got.tie_break, "cost-votes");
	assert_int_equal(got.limit, got.budget);
	assert_true(got.opened > 0);
	wire_free(&schema_round, &got);
	assert_int_equal(run(fx, op_cancel, &id2, NULL), 0);	/* voting → cancelled */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_villages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_create_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_and_seed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
