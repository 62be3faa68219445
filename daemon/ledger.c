/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ledger.c — each round's append-only event list, hash-chained (docs/protocol.md §7).
 *
 * An event records who caused it: for an organiser, the request exactly as signed (type,
 * counter, record bytes, signature), so anyone holding the ledger can re-verify it; for the
 * daemon's own acts (scheduled open/close, checkpoints, close and result statements), the
 * daemon's signature over the event. Ballot events carry no signature of their own (the
 * ballot is signed by voter and kiosk, the chain is vouched for by signed checkpoints and
 * the close statement) but a random 64-bit blind in `counter`: published chain heads must
 * not let anyone test which ballot came when (docs/audit.md "Ballot events").
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"

/* The daemon's clock: event times, schedules and record times all come from here. */
int64_t
now_seconds(void)
{
	return (int64_t)time(NULL);
}

static void
head_key(uint8_t k[4], uint32_t round)
{
	be32(k, round);
}

int
ledger_head(MDB_txn *txn, struct store *s, uint32_t round, uint64_t *seq,
    uint8_t hash[HASH_BYTES])
{
	uint8_t		 k[4];
	MDB_val		 kv = { 4, k }, v;
	const uint8_t	*p;
	int		 rc;

	head_key(k, round);
	rc = mdb_get(txn, s->heads, &kv, &v);
	if (rc == MDB_NOTFOUND) {
		*seq = 0;
		memset(hash, 0, HASH_BYTES);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (v.mv_size != 8 + HASH_BYTES)
		return MDB_CORRUPTED;
	p = v.mv_data;
	*seq = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
	    (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | p[7];
	memcpy(hash, p + 8, HASH_BYTES);
	return 0;
}

uint64_t
ledger_length(MDB_txn *txn, struct store *s, uint32_t round)
{
	uint64_t	seq;
	uint8_t		hash[HASH_BYTES];

	if (ledger_head(txn, s, round, &seq, hash) != 0)
		return 0;
	return seq;
}

/* The daemon's identity is needed to sign its own events; set once at start-up. */
static const struct identity *ledger_id;

void
ledger_set_identity(const struct identity *id)
{
	ledger_id = id;
}

int
ledger_append(MDB_txn *txn, struct store *s, uint32_t round, const struct actor *who,
    uint32_t subject, int64_t now, uint64_t *seqp)
{
	struct event	 ev;
	struct wbuf	 b;
	uint8_t		 k[12], head[8 + HASH_BYTES];
	MDB_val		 kv, v;
	uint64_t	 seq;
	int		 rc;

	memset(&ev, 0, sizeof(ev));
	if ((rc = ledger_head(txn, s, round, &seq, ev.prev)) != 0)
		return rc;
	ev.round = round;
	ev.seq = seq + 1;
	ev.time = now;
	ev.type = who->type;
	ev.subject = subject;
	ev.counter = who->counter;
	ev.body.p = (uint8_t *)(uintptr_t)who->body;
	ev.body.len = (uint32_t)who->bodylen;
	wbuf_init(&b);
	if (who->key) {
		memcpy(ev.signer, who->key, KEY_BYTES);
		memcpy(ev.sig, who->sig, SIG_BYTES);
	} else if (who->unsigned_event) {
		memcpy(ev.signer, ledger_id->pk, KEY_BYTES);
		randombytes_buf(&ev.counter, sizeof(ev.counter));	/* the blind */
	} else {
		/* Daemon's own act: sign domain || 0 || encoding with the sig field zeroed. */
		memcpy(ev.signer, ledger_id->pk, KEY_BYTES);
		if (event_sign_daemon(&ev, ledger_id->sk) != 0) {
			rc = ENOMEM;
			goto done;
		}
	}
	wire_encode(&b, &schema_event, &ev);
	if (b.oom) {
		rc = ENOMEM;
		goto done;
	}
	be32(k, round);
	be64(k + 4, ev.seq);
	kv.mv_data = k;
	kv.mv_size = sizeof(k);
	v.mv_data = b.p;
	v.mv_size = b.len;
	if ((rc = mdb_put(txn, s->events, &kv, &v, MDB_NOOVERWRITE)) != 0)
		goto done;
	be64(head, ev.seq);
	crypto_generichash(head + 8, HASH_BYTES, b.p, b.len, NULL, 0);
	head_key(k, round);
	kv.mv_size = 4;
	v.mv_data = head;
	v.mv_size = sizeof(head);
	if ((rc = mdb_put(txn, s->heads, &kv, &v, 0)) != 0)
		goto done;
	if (seqp)
		*seqp = ev.seq;
done:
	wbuf_free(&b);
	return rc;
}

static void
event_key(uint8_t k[12], uint32_t round, uint64_t seq)
{
	be32(k, round);
	be64(k + 4, seq);
}

int
ledger_get(MDB_txn *txn, struct store *s, uint32_t round, uint64_t seq, struct event *ev)
{
	uint8_t k[12];

	event_key(k, round, seq);
	return store_get(txn, s->events, k, sizeof(k), &schema_event, ev);
}

/* The type sits at a fixed place in the encoding: after round u32, seq u64, time i64. */
#define EVENT_TYPE_AT	20

int
ledger_type(MDB_txn *txn, struct store *s, uint32_t round, uint64_t seq, uint16_t *type)
{
	uint8_t		 k[12];
	MDB_val		 kv = { sizeof(k), k }, v;
	const uint8_t	*p;
	int		 rc;

	event_key(k, round, seq);
	if ((rc = mdb_get(txn, s->events, &kv, &v)) != 0)
		return rc;
	if (v.mv_size < EVENT_TYPE_AT + 2)
		return MDB_CORRUPTED;
	p = v.mv_data;
	*type = (uint16_t)(p[EVENT_TYPE_AT] << 8 | p[EVENT_TYPE_AT + 1]);
	return 0;
}

int
ledger_find(MDB_txn *txn, struct store *s, uint32_t round, uint16_t type, uint64_t *seqp)
{
	uint8_t		hash[HASH_BYTES];
	uint64_t	seq;
	uint16_t	t;
	int		rc;

	*seqp = 0;
	if ((rc = ledger_head(txn, s, round, &seq, hash)) != 0)
		return rc;
	for (; seq > 0; seq--) {
		if ((rc = ledger_type(txn, s, round, seq, &t)) != 0)
			return rc;
		if (t == type) {
			*seqp = seq;
			return 0;
		}
	}
	return 0;
}

int
ledger_counter(MDB_txn *txn, struct store *s, const uint8_t key[KEY_BYTES], uint64_t counter)
{
	MDB_val		 kv = { KEY_BYTES, (void *)(uintptr_t)key }, v;
	uint8_t		 buf[8];
	const uint8_t	*p;
	uint64_t	 last = 0;
	int		 rc;

	rc = mdb_get(txn, s->organisers, &kv, &v);
	if (rc == 0 && v.mv_size == 8) {
		p = v.mv_data;
		last = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
		    (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
		    (uint64_t)p[6] << 8 | p[7];
	} else if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	if (counter <= last)
		return -1;
	be64(buf, counter);
	v.mv_data = buf;
	v.mv_size = 8;
	return mdb_put(txn, s->organisers, &kv, &v, 0);
}
