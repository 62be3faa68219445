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
	if (strcmp(what, "daemon") == 0) {
		as_org = 0;
		a++;
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
