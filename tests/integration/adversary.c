/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * adversary — a compromised daemon, for the tests/adversary scripts: it writes the daemon's
 * store directly with the daemon's own key (daemon.key in the data directory), through the
 * state machine's functions but past control.c's checks (signatures, counters, scope) and,
 * where an attack needs it, past the state checks too (force-state). Run it while the
 * daemon is stopped. `dorpsstem audit verify` must catch every attack by name.
 *
 *   adversary DATADIR daemon kiosk-enroll VILLAGE NAME PUBFILE   daemon-signed enrolment
 *   adversary DATADIR daemon credentials ROUND N    daemon-signed codes (printed, one a line)
 *   adversary DATADIR daemon admit|withdraw ID      daemon-signed initiative change
 *   adversary DATADIR daemon reject ID              daemon-signed rejection
 *   adversary DATADIR daemon round-set ROUND CENTS  daemon-signed budget change
 *   adversary DATADIR daemon round-create VILLAGE   daemon-signed round (prints its id)
 *   adversary DATADIR daemon open|close ROUND       daemon-signed open/close, any time
 *   adversary DATADIR daemon overspend ID CENTS     daemon-signed overspend decision
 *                                                   (issue 13: after the result)
 *   adversary DATADIR nosig PUBFILE overspend ID CENTS   an overspend decision filed as
 *                                                   that organiser's, signed by nobody
 *                                                   (a zero signature)
 *   adversary DATADIR amount ROUND SEQ CENTS        the amount of spending event SEQ
 *                                                   (pay, add, overspend) changed, the
 *                                                   chain after it rewritten
 *   adversary DATADIR drop ROUND SEQ                event SEQ taken out, the later ones
 *                                                   renumbered and rechained
 *   adversary DATADIR org KEYFILE admit ID          organiser-signed, no scope check
 *   adversary DATADIR org KEYFILE reject-as SIGNED FILED   signed "reject SIGNED", filed as
 *                                                   a rejection of FILED (relabel)
 *   adversary DATADIR org KEYFILE kiosk-enroll VILLAGE NAME PUBFILE
 *   adversary DATADIR org KEYFILE credentials ROUND N      (codes printed)
 *   adversary DATADIR replay ROUND SEQ              the organiser event SEQ filed again
 *   adversary DATADIR replay-into ROUND SEQ TO      initiative-add SEQ of ROUND filed in TO
 *   adversary DATADIR force-state ROUND STATE       the round's state, no event
 *   adversary DATADIR kiosk-state ID 0|1            active / retired, no event
 *   adversary DATADIR times ROUND OPENED CLOSED     the round's opened/closed times (unix
 *                                                   seconds), no event: to place a test
 *                                                   round near local midnight
 *   adversary DATADIR seed ROUND HEX                the round's tie-break seed (64 hex
 *                                                   digits), no event: the lot drawn again
 */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <sodium.h>

#include "audit.h"
#include "audit_daemon.h"
#include "code.h"
#include "dorpsstemd.h"
#include "frame.h"
#include "key.h"

static struct daemon	 D;
static struct wbuf	 body;		/* the actor's body */
static uint8_t		 org_sk[64], org_pk[KEY_BYTES], org_sig[SIG_BYTES];
static struct actor	 who;
static int		 as_org;

/* Sets who up for a request of this type with rec as its body: signed by the daemon (its
 * own act, the daemon key as signer) or by the organiser key given. */
static void
actor(uint16_t type, const struct wire_schema *s, const void *rec, MDB_txn *txn)
{
	struct wbuf	m;
	struct timeval	tv;
	uint64_t	counter;

	wbuf_reset(&body);
	wire_encode(&body, s, rec);
	memset(&who, 0, sizeof(who));
	who.type = type;
	who.body = body.p;
	who.bodylen = body.len;
	if (!as_org)
		return;		/* key NULL: ledger_append signs it with the daemon key */
	if (as_org == 2) {	/* an organiser's key as signer, no signature at all */
		memset(org_sig, 0, sizeof(org_sig));
		who.key = org_pk;
		who.counter = 1;
		who.sig = org_sig;
		return;
	}
	gettimeofday(&tv, NULL);
	counter = (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
	if (ledger_counter(txn, &D.store, org_pk, counter) != 0)
		errx(1, "cannot raise the organiser's counter");
	wbuf_init(&m);
	auth_message(&m, D.id.pk, type, counter, body.p, body.len);
	crypto_sign_detached(org_sig, NULL, m.p, m.len, org_sk);
	wbuf_free(&m);
	who.key = org_pk;
	who.counter = counter;
	who.sig = org_sig;
}

static void
codes(MDB_txn *txn, uint32_t round, unsigned n, struct credential_batch *cb)
{
	struct credential_key	*k = calloc(n, sizeof(*k));
	char			 norm[CODE_NORM_LEN + 1], text[CODE_TEXT_MAX];
	uint8_t			 sk[64];
	unsigned		 i;

	(void)txn;
	if (k == NULL)
		errx(1, "out of memory");
	for (i = 0; i < n; i++) {
		code_generate(norm);
		code_derive(round, norm, k[i].key, sk);
		sodium_memzero(sk, sizeof(sk));
		code_format(norm, text);
		printf("%s\n", text);
	}
	cb->round = round;
	cb->keys.items = k;
	cb->keys.n = n;
}

struct job {
	int	 argc;
	char	**argv;
	struct done done;
	struct verdict v;
};

static uint32_t
num(const char *s)
{
	return (uint32_t)strtoul(s, NULL, 10);
}

static int
replay_txn(MDB_txn *txn, struct job *j, struct event *ev, uint32_t into)
{
	struct initiative	in;
	struct ref		ref;
	int			rc = -1;

	memset(&who, 0, sizeof(who));
	who.key = ev->signer;
	who.counter = ev->counter;
	who.sig = ev->sig;
	who.type = ev->type;
	who.body = ev->body.p;
	who.bodylen = ev->body.len;
	switch (ev->type) {
	case MSG_INITIATIVE_ADMIT:
	case MSG_INITIATIVE_WITHDRAW:
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_ref, &ref, NULL) != 0)
			errx(1, "bad body");
		return ev->type == MSG_INITIATIVE_ADMIT ?
		    initiative_admit(&D, txn, ref.id, &who, &j->done, &j->v) :
		    initiative_withdraw(&D, txn, ref.id, &who, &j->done, &j->v);
	case MSG_INITIATIVE_REJECT:
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_initiative_reject, &in,
		    NULL) != 0)
			errx(1, "bad body");
		rc = initiative_reject(&D, txn, &in, &who, &j->done, &j->v);
		wire_free(&schema_initiative_reject, &in);
		return rc;
	case MSG_INITIATIVE_ADD:
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_initiative_add, &in,
		    NULL) != 0)
			errx(1, "bad body");
		if (into)
			in.round = into;	/* the signed body still names the old round */
		rc = initiative_add(&D, txn, &in, &who, &j->done, &j->v);
		wire_free(&schema_initiative_add, &in);
		return rc;
	}
	errx(2, "replay: event type 0x%04x not supported here", ev->type);
}

/* Writes events from..head of round again after a change before them: each one's prev is
 * the hash of the one before (seq renumbered from from on when shift is 1: event from+1
 * becomes from), the daemon's own events signed anew with its key, as a compromised
 * daemon can. Organiser signatures cover neither seq nor prev, so they stay "valid". */
static int
rechain(MDB_txn *txn, uint32_t round, uint64_t from, int shift)
{
	struct event	 ev;
	struct wbuf	 b;
	uint8_t		 prev[HASH_BYTES], k[12], head[8 + HASH_BYTES];
	MDB_val		 kv, v;
	uint64_t	 seq, last;
	int		 rc = 0;

	last = ledger_length(txn, &D.store, round);
	if (from > 1) {
		if ((rc = ledger_get(txn, &D.store, round, from - 1, &ev)) != 0)
			return rc;
		wbuf_init(&b);
		wire_encode(&b, &schema_event, &ev);
		crypto_generichash(prev, HASH_BYTES, b.p, b.len, NULL, 0);
		wbuf_free(&b);
		wire_free(&schema_event, &ev);
	} else
		memset(prev, 0, sizeof(prev));
	for (seq = from + (shift ? 1 : 0); seq <= last; seq++) {
		if ((rc = ledger_get(txn, &D.store, round, seq, &ev)) != 0)
			return rc;
		if (shift)
			ev.seq = seq - 1;
		memcpy(ev.prev, prev, HASH_BYTES);
		if (memcmp(ev.signer, D.id.pk, KEY_BYTES) == 0 && ev.type != MSG_BALLOT_CAST) {
			memset(ev.sig, 0, sizeof(ev.sig));
			if (event_sign_daemon(&ev, D.id.sk) != 0)
				errx(1, "cannot sign");
		}
		wbuf_init(&b);
		wire_encode(&b, &schema_event, &ev);
		crypto_generichash(prev, HASH_BYTES, b.p, b.len, NULL, 0);
		be32(k, round);
		be64(k + 4, ev.seq);
		kv.mv_data = k;
		kv.mv_size = sizeof(k);
		v.mv_data = b.p;
		v.mv_size = b.len;
		rc = mdb_put(txn, D.store.events, &kv, &v, 0);
		wbuf_free(&b);
		wire_free(&schema_event, &ev);
		if (rc != 0)
			return rc;
	}
	if (shift) {
		be32(k, round);
		be64(k + 4, last);
		kv.mv_data = k;
		kv.mv_size = sizeof(k);
		if ((rc = mdb_del(txn, D.store.events, &kv, NULL)) != 0)
			return rc;
		last--;
	}
	be64(head, last);
	memcpy(head + 8, prev, HASH_BYTES);
	be32(k, round);
	kv.mv_data = k;
	kv.mv_size = 4;
	v.mv_data = head;
	v.mv_size = sizeof(head);
	return mdb_put(txn, D.store.heads, &kv, &v, 0);
}

static int
job_txn(MDB_txn *txn, void *arg)
{
	struct job	*j = arg;
	char		**a = j->argv;
	const char	*what = a[0];
	const char	*why;

	if (strcmp(what, "times") == 0) {
		struct round	r;
		int		rc;
		if ((rc = store_get_id(txn, D.store.rounds, num(a[1]), &schema_round, &r)))
			return rc;
		r.opened = strtoll(a[2], NULL, 10);
		r.closed = strtoll(a[3], NULL, 10);
		rc = store_put_id(txn, D.store.rounds, r.id, &schema_round, &r);
		wire_free(&schema_round, &r);
		return rc;
	}
	if (strcmp(what, "seed") == 0) {
		struct round	r;
		int		rc;
		if ((rc = store_get_id(txn, D.store.rounds, num(a[1]), &schema_round, &r)))
			return rc;
		if (strlen(a[2]) != 2 * sizeof(r.seed) ||
		    hex_decode(a[2], r.seed, sizeof(r.seed)) != 0)
			errx(2, "seed: 64 hex digits");
		rc = store_put_id(txn, D.store.rounds, r.id, &schema_round, &r);
		wire_free(&schema_round, &r);
		return rc;
	}
	if (strcmp(what, "force-state") == 0 || strcmp(what, "kiosk-state") == 0) {
		int rc;
		if (what[0] == 'f') {
			struct round r;
			if ((rc = store_get_id(txn, D.store.rounds, num(a[1]), &schema_round, &r)))
				return rc;
			r.state = (uint8_t)num(a[2]);
			rc = store_put_id(txn, D.store.rounds, r.id, &schema_round, &r);
			wire_free(&schema_round, &r);
		} else {
			struct kiosk k;
			if ((rc = store_get_id(txn, D.store.kiosks, num(a[1]), &schema_kiosk, &k)))
				return rc;
			k.state = (uint8_t)num(a[2]);
			rc = store_put_id(txn, D.store.kiosks, k.id, &schema_kiosk, &k);
			wire_free(&schema_kiosk, &k);
		}
		return rc;
	}
	if (strcmp(what, "replay") == 0 || strcmp(what, "replay-into") == 0) {
		struct event	ev;
		int		rc;
		if ((rc = ledger_get(txn, &D.store, num(a[1]), strtoull(a[2], NULL, 10), &ev)))
			return rc;
		rc = replay_txn(txn, j, &ev, what[6] == '-' ? num(a[3]) : 0);
		wire_free(&schema_event, &ev);
		return rc;
	}
	if (strcmp(what, "amount") == 0) {
		struct event	ev;
		uint64_t	seq = strtoull(a[2], NULL, 10), cents = strtoull(a[3], NULL, 10);
		int		rc, i;
		uint8_t		k[12];
		MDB_val		kv, v;
		struct wbuf	b;
		if ((rc = ledger_get(txn, &D.store, num(a[1]), seq, &ev)) != 0)
			return rc;
		if (ev.type != MSG_SPENDING_PAY && ev.type != MSG_SPENDING_ADD &&
		    ev.type != MSG_SPENDING_OVERSPEND)
			errx(2, "amount: event %s is not a payment, line or overspend", a[2]);
		for (i = 0; i < 8; i++)	/* the body: initiative u32, amount u64, … */
			ev.body.p[4 + i] = (uint8_t)(cents >> (56 - 8 * i));
		wbuf_init(&b);
		wire_encode(&b, &schema_event, &ev);
		be32(k, ev.round);
		be64(k + 4, ev.seq);
		kv.mv_data = k;
		kv.mv_size = sizeof(k);
		v.mv_data = b.p;
		v.mv_size = b.len;
		rc = mdb_put(txn, D.store.events, &kv, &v, 0);
		wbuf_free(&b);
		wire_free(&schema_event, &ev);
		return rc ? rc : rechain(txn, num(a[1]), seq + 1, 0);
	}
	if (strcmp(what, "drop") == 0)
		return rechain(txn, num(a[1]), strtoull(a[2], NULL, 10), 1);
	if (strcmp(what, "daemon") == 0) {
		as_org = 0;
		a++;
	} else if (strcmp(what, "nosig") == 0) {
		as_org = 2;
		if (key_read_public(a[1], org_pk, &why) != 0)
			errx(1, "%s: %s", a[1], why);
		a += 2;
	} else if (strcmp(what, "org") == 0) {
		as_org = 1;
		if (key_read_secret(a[1], org_sk, &why) != 0)
			errx(1, "%s: %s", a[1], why);
		memcpy(org_pk, org_sk + 32, KEY_BYTES);
		a += 2;
	} else
		errx(2, "unknown action %s", what);
	what = a[0];
	if (strcmp(what, "kiosk-enroll") == 0) {
		struct kiosk k;
		memset(&k, 0, sizeof(k));
		k.village = num(a[1]);
		k.name = a[2];
		if (key_read_public(a[3], k.key, &why) != 0)
			errx(1, "%s: %s", a[3], why);
		actor(MSG_KIOSK_ENROLL, &schema_kiosk_enroll, &k, txn);
		return kiosk_enroll(&D, txn, &k, &who, &j->done, &j->v);
	}
	if (strcmp(what, "credentials") == 0) {
		struct credential_batch cb;
		int rc;
		codes(txn, num(a[1]), num(a[2]), &cb);
		actor(MSG_CREDENTIALS_REGISTER, &schema_credential_batch, &cb, txn);
		rc = credentials_register(&D, txn, &cb, &who, &j->done, &j->v);
		free(cb.keys.items);
		return rc;
	}
	if (strcmp(what, "overspend") == 0) {
		struct spending_overspend o = { num(a[1]), num(a[2]), "forged" };
		actor(MSG_SPENDING_OVERSPEND, &schema_spending_overspend, &o, txn);
		return spending_record(&D, txn, MSG_SPENDING_OVERSPEND, &o, &who, &j->done, &j->v);
	}
	if (strcmp(what, "admit") == 0 || strcmp(what, "withdraw") == 0) {
		struct ref r = { num(a[1]) };
		actor(what[0] == 'a' ? MSG_INITIATIVE_ADMIT : MSG_INITIATIVE_WITHDRAW, &schema_ref,
		    &r, txn);
		return what[0] == 'a' ? initiative_admit(&D, txn, r.id, &who, &j->done, &j->v) :
		    initiative_withdraw(&D, txn, r.id, &who, &j->done, &j->v);
	}
	if (strcmp(what, "reject") == 0 || strcmp(what, "reject-as") == 0) {
		struct initiative in;
		memset(&in, 0, sizeof(in));
		in.id = num(a[1]);
		in.reason = "forged";
		actor(MSG_INITIATIVE_REJECT, &schema_initiative_reject, &in, txn);
		if (what[6] == '-')
			in.id = num(a[2]);	/* filed against another initiative */
		return initiative_reject(&D, txn, &in, &who, &j->done, &j->v);
	}
	if (strcmp(what, "round-set") == 0 || strcmp(what, "round-create") == 0) {
		struct round r;
		int rc;
		memset(&r, 0, sizeof(r));
		if (what[6] == 's') {
			if ((rc = store_get_id(txn, D.store.rounds, num(a[1]), &schema_round, &r)))
				return rc;
			r.budget = strtoull(a[2], NULL, 10);
			actor(MSG_ROUND_SET, &schema_round_set, &r, txn);
			rc = round_set(&D, txn, &r, &who, &j->done, &j->v);
			wire_free(&schema_round, &r);
			return rc;
		}
		r.village = num(a[1]);
		r.name = "Nepbudget";
		r.ballot = BALLOT_APPROVAL;
		r.budget = 1000000;
		r.rule = "greedy";
		r.tie_break = "";
		actor(MSG_ROUND_CREATE, &schema_round_create, &r, txn);
		if ((rc = round_create(&D, txn, &r, &who, &j->done, &j->v)) == 0)
			printf("%" PRIu32 "\n", j->done.id);
		return rc;
	}
	if (strcmp(what, "open") == 0) {
		struct round_open ro;
		int rc;
		memset(&ro, 0, sizeof(ro));
		ro.id = num(a[1]);
		if ((rc = ledger_head(txn, &D.store, ro.id, &ro.events, ro.head)) ||
		    (rc = ledger_head(txn, &D.store, 0, &ro.village_events, ro.village_head)))
			return rc;
		actor(MSG_ROUND_OPEN, &schema_round_open, &ro, txn);
		return round_open(&D, txn, ro.id, &who, &j->done, &j->v);
	}
	if (strcmp(what, "close") == 0) {
		struct round_open ro;
		int rc;
		memset(&ro, 0, sizeof(ro));
		ro.id = num(a[1]);
		if ((rc = ledger_head(txn, &D.store, 0, &ro.village_events, ro.village_head)))
			return rc;
		actor(MSG_ROUND_CLOSE, &schema_round_close, &ro, txn);
		return round_close(&D, txn, ro.id, &who, &j->done, &j->v);
	}
	errx(2, "unknown action %s", what);
}

int
main(int argc, char *argv[])
{
	struct job	j;
	int		rc;

	if (argc < 4 || sodium_init() < 0)
		errx(2, "usage: adversary DATADIR ACTION ARGS…");
	memset(&D, 0, sizeof(D));
	if (identity_load(&D.id, argv[1], 0) == -1)
		errx(1, "%s: cannot load the daemon's key", argv[1]);
	if ((rc = store_open(&D.store, argv[1], 64u << 20)) != 0)
		errx(1, "%s: %s", argv[1], store_strerror(rc));
	ledger_set_identity(&D.id);
	wbuf_init(&body);
	memset(&j, 0, sizeof(j));
	j.argc = argc - 2;
	j.argv = argv + 2;
	rc = store_write(&D.store, job_txn, &j);
	if (rc == -1)
		errx(1, "the state machine refused: %s", j.v.msg);
	if (rc != 0)
		errx(1, "store: %s", store_strerror(rc));
	wbuf_free(&body);
	store_close(&D.store);
	sodium_memzero(org_sk, sizeof(org_sk));
	return 0;
}
