/*
 * ballot.c — taking ballots in, durably, fast: the group commit (DESIGN §6).
 *
 * A durable LMDB commit costs ~7–10 ms here whatever its size, so one commit per ballot
 * would cap the daemon near 120 ballots/s. Instead, every ballot that arrives while the
 * loop is busy joins a batch; the batch is written in ONE transaction, committed with fsync
 * ONCE, and only then is every voter in it answered (Redis' fsync-before-reply idea).
 *
 *   read callback ─▶ ballot_submit: decode, check both signatures (stateless, CPU)
 *                    ─▶ queue; activate the low-priority flush event
 *   flush event   ─▶ (runs when no connection has input waiting: the loop turn is over)
 *                    one write txn: per ballot, in arrival order, check round state, kiosk,
 *                    credential and the ballot rules against the txn's own view — so a
 *                    second use of one credential within the same batch is caught — and
 *                    write ballot + used credential + counts + ledger event, or record a
 *                    refusal and write nothing for that ballot (it does not poison the rest)
 *                  ─▶ commit (fsync) ─▶ receipts (signed) / refusals to every waiting kiosk
 *
 * Connections have priority 0 and the flush event priority 1, so libevent runs the flush
 * only after all ready input has been read. Under sustained load there may always be more
 * input; a batch is therefore also flushed at once when it is BATCH_MAX ballots large or
 * its oldest ballot has waited BATCH_WAIT_MS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "ballot.h"
#include "code.h"
#include "dorpsstemd.h"

#define BATCH_MAX	1024
#define BATCH_WAIT_MS	20

struct pending {
	struct conn	*c;		/* NULL once the connection has gone */
	uint32_t	 reqid;
	struct ballot	 b;
	uint8_t		*enc;		/* canonical encoding, as hashed and stored */
	size_t		 enclen;
	uint8_t		 hash[HASH_BYTES];
	int		 code;		/* 0: stored */
	char		 msg[256];
};

struct ballot_queue {
	struct pending	*p;
	size_t		 n, cap;
	struct event	*flush;
	struct timespec	 first;
	struct daemon	*d;
};

static void	ballot_flush(struct daemon *);

static int64_t
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void
flush_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ballot_flush(arg);
}

int
ballot_init(struct daemon *d)
{
	if ((d->ballots = calloc(1, sizeof(*d->ballots))) == NULL)
		return -1;
	d->ballots->d = d;
	if ((d->ballots->flush = event_new(d->base, -1, 0, flush_cb, d)) == NULL ||
	    event_priority_set(d->ballots->flush, 1) != 0)
		return -1;
	return 0;
}

static void
pending_free(struct pending *p)
{
	wire_free(&schema_ballot, &p->b);
	free(p->enc);
}

void
ballot_free(struct daemon *d)
{
	size_t i;

	if (d->ballots == NULL)
		return;
	/* Stopping: answer nobody; an unacknowledged ballot may be sent again by its kiosk,
	 * which asks BALLOT_STATUS first. */
	for (i = 0; i < d->ballots->n; i++)
		pending_free(&d->ballots->p[i]);
	free(d->ballots->p);
	if (d->ballots->flush)
		event_free(d->ballots->flush);
	free(d->ballots);
	d->ballots = NULL;
}

void
ballot_conn_gone(struct daemon *d, struct conn *c)
{
	size_t i;

	if (d->ballots == NULL)
		return;
	for (i = 0; i < d->ballots->n; i++)
		if (d->ballots->p[i].c == c)
			d->ballots->p[i].c = NULL;
}

void
ballot_submit(struct daemon *d, struct conn *c, uint32_t reqid, struct ballot *b,
    const struct kiosk_session *ks)
{
	struct ballot_queue	*q = d->ballots;
	struct pending		*p;
	struct wbuf		 enc;
	int			 rc;

	if (b->kiosk != ks->id) {
		conn_error(c, reqid, ERRC_KIOSK, "kiosk", "Dit stembiljet noemt een andere "
		    "stemcomputer dan deze.");
		goto drop;
	}
	if ((rc = ballot_verify(b, ks->key)) != 0) {
		conn_error(c, reqid, ERRC_SIGNATURE, rc == 1 ? "voter_sig" : "kiosk_sig",
		    rc == 1 ? "De handtekening met de stemcode klopt niet." :
		    "De handtekening van de stemcomputer klopt niet.");
		goto drop;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		if ((p = reallocarray(q->p, cap, sizeof(*p))) == NULL) {
			conn_error(c, reqid, ERRC_INTERNAL, NULL, "out of memory");
			goto drop;
		}
		q->p = p;
		q->cap = cap;
	}
	p = &q->p[q->n];
	memset(p, 0, sizeof(*p));
	wbuf_init(&enc);
	wire_encode(&enc, &schema_ballot, b);
	if (enc.oom || ballot_hash(b, p->hash) != 0) {
		wbuf_free(&enc);
		conn_error(c, reqid, ERRC_INTERNAL, NULL, "out of memory");
		goto drop;
	}
	p->enc = enc.p;		/* the queue owns the encoding now */
	p->enclen = enc.len;
	p->c = c;
	p->reqid = reqid;
	p->b = *b;		/* and the ballot's allocations */
	free(b);
	if (q->n++ == 0) {
		clock_gettime(CLOCK_MONOTONIC, &q->first);
		event_active(q->flush, EV_TIMEOUT, 0);
	}
	if (q->n >= BATCH_MAX || ms_since(&q->first) >= BATCH_WAIT_MS)
		ballot_flush(d);
	return;
drop:
	wire_free(&schema_ballot, b);
	free(b);
}

/* Per-batch caches: a batch touches few rounds and kiosks. */
struct round_cache {
	uint32_t	 id;
	int		 found;
	struct round	 r;
	uint32_t	*ids;
	uint64_t	*costs;
	size_t		 n;
};

struct batch {
	struct daemon		*d;
	struct pending		*p;
	size_t			 n;
	struct round_cache	 rounds[8];
	size_t			 nrounds;
	struct kiosk		 kiosks[8];
	int			 kfound[8];
	size_t			 nkiosks;
	uint64_t		 stored;
};

static void
batch_caches_free(struct batch *bt)
{
	size_t i;

	for (i = 0; i < bt->nrounds; i++) {
		if (bt->rounds[i].found)
			wire_free(&schema_round, &bt->rounds[i].r);
		free(bt->rounds[i].ids);
		free(bt->rounds[i].costs);
	}
	for (i = 0; i < bt->nkiosks; i++)
		if (bt->kfound[i])
			wire_free(&schema_kiosk, &bt->kiosks[i]);
	bt->nrounds = bt->nkiosks = 0;
}

struct admitted_collect {
	struct round_cache	*rc;
	size_t			 cap;
	int			 oom;
};

static int
admitted_one(void *rec, void *arg)
{
	struct initiative	*in = rec;
	struct admitted_collect	*ac = arg;
	struct round_cache	*rc = ac->rc;

	if (in->round != rc->id || in->status != INIT_ADMITTED)
		return 0;
	if (rc->n == ac->cap) {
		size_t cap = ac->cap ? ac->cap * 2 : 16;
		uint32_t *ids = reallocarray(rc->ids, cap, sizeof(*ids));
		uint64_t *costs;
		if (ids == NULL) {
			ac->oom = 1;
			return 1;
		}
		rc->ids = ids;
		if ((costs = reallocarray(rc->costs, cap, sizeof(*costs))) == NULL) {
			ac->oom = 1;
			return 1;
		}
		rc->costs = costs;
		ac->cap = cap;
	}
	/* store_each walks initiatives in id order, so ids come out ascending. */
	rc->ids[rc->n] = in->id;
	rc->costs[rc->n++] = in->cost;
	return 0;
}

static int
batch_round(struct batch *bt, MDB_txn *txn, uint32_t id, struct round_cache **out)
{
	struct round_cache	*rc;
	struct admitted_collect	 ac;
	struct initiative	 in;
	size_t			 i;
	int			 rv;

	for (i = 0; i < bt->nrounds; i++)
		if (bt->rounds[i].id == id) {
			*out = &bt->rounds[i];
			return 0;
		}
	if (bt->nrounds == sizeof(bt->rounds) / sizeof(bt->rounds[0]))
		return EAGAIN;	/* absurd batch of many rounds: caller refuses this ballot */
	rc = &bt->rounds[bt->nrounds++];
	memset(rc, 0, sizeof(*rc));
	rc->id = id;
	rv = store_get_id(txn, bt->d->store.rounds, id, &schema_round, &rc->r);
	if (rv == MDB_NOTFOUND) {
		*out = rc;
		return 0;
	}
	if (rv != 0)
		return rv;
	rc->found = 1;
	memset(&ac, 0, sizeof(ac));
	ac.rc = rc;
	rv = store_each(txn, bt->d->store.initiatives, &schema_initiative, &in, admitted_one, &ac);
	if (ac.oom)
		return ENOMEM;
	*out = rc;
	return rv;
}

static int
batch_kiosk(struct batch *bt, MDB_txn *txn, uint32_t id, struct kiosk **out)
{
	size_t	i;
	int	rv;

	for (i = 0; i < bt->nkiosks; i++)
		if (bt->kiosks[i].id == id) {
			*out = bt->kfound[i] ? &bt->kiosks[i] : NULL;
			return 0;
		}
	if (bt->nkiosks == sizeof(bt->kiosks) / sizeof(bt->kiosks[0])) {
		/* Many kiosks in one batch: evict the cache rather than grow it. */
		for (i = 0; i < bt->nkiosks; i++)
			if (bt->kfound[i])
				wire_free(&schema_kiosk, &bt->kiosks[i]);
		bt->nkiosks = 0;
	}
	i = bt->nkiosks++;
	rv = store_get_id(txn, bt->d->store.kiosks, id, &schema_kiosk, &bt->kiosks[i]);
	bt->kfound[i] = rv == 0;
	if (rv == MDB_NOTFOUND) {
		memset(&bt->kiosks[i], 0, sizeof(bt->kiosks[i]));
		bt->kiosks[i].id = id;
		rv = 0;
	}
	*out = bt->kfound[i] ? &bt->kiosks[i] : NULL;
	return rv;
}

static int
refuse(struct pending *p, int code, const char *msg)
{
	p->code = code;
	snprintf(p->msg, sizeof(p->msg), "%s", msg);
	return 0;
}

/* Checks one ballot against the transaction's view and stores it. 0: decided (stored or
 * refused, see p->code); else an LMDB error that aborts the whole batch. */
static int
batch_one(struct batch *bt, MDB_txn *txn, struct pending *p)
{
	struct store		*s = &bt->d->store;
	struct round_cache	*rc;
	struct kiosk		*k;
	struct credential	 cr;
	struct round_counts	 counts;
	struct ballot_rules	 rules;
	struct actor		 who;
	uint8_t			 key[4 + KEY_BYTES], bkey[4 + HASH_BYTES];
	MDB_val			 kv, v;
	int			 rv;

	if ((rv = batch_round(bt, txn, p->b.round, &rc)) == EAGAIN)
		return refuse(p, ERRC_LIMIT, "Te veel tegelijk; probeer het zo nog eens.");
	if (rv != 0)
		return rv;
	if (!rc->found)
		return refuse(p, ERRC_NOT_OPEN, "Deze stemronde bestaat niet.");
	switch (rc->r.state) {
	case ROUND_VOTING:
		break;
	case ROUND_DRAFT:
		return refuse(p, ERRC_NOT_OPEN, "De stemming is nog niet geopend.");
	case ROUND_CANCELLED:
		return refuse(p, ERRC_NOT_OPEN, "Deze stemming is afgelast.");
	default:
		return refuse(p, ERRC_NOT_OPEN, "De stemming is gesloten.");
	}
	if ((rv = batch_kiosk(bt, txn, p->b.kiosk, &k)) != 0)
		return rv;
	if (k == NULL || k->state != KIOSK_ACTIVE)
		return refuse(p, ERRC_KIOSK, "Deze stemcomputer is buiten gebruik gesteld.");
	if (k->village != rc->r.village)
		return refuse(p, ERRC_KIOSK, "Deze stemcomputer hoort bij een ander dorp.");
	be32(key, p->b.round);
	memcpy(key + 4, p->b.credential, KEY_BYTES);
	rv = store_get(txn, s->credentials, key, sizeof(key), &schema_credential, &cr);
	if (rv == MDB_NOTFOUND)
		return refuse(p, ERRC_CODE_UNKNOWN, "Deze code hoort niet bij deze stemming. "
		    "Kijk nog eens naar uw kaart.");
	if (rv != 0)
		return rv;
	if (cr.state == CRED_USED)
		return refuse(p, ERRC_CODE_USED, "Met deze code is al gestemd.");
	if (cr.state == CRED_REVOKED)
		return refuse(p, ERRC_CODE_REVOKED, "Deze code is ingetrokken. Vraag bij de "
		    "organisatie een nieuwe kaart.");
	rules.round = &rc->r;
	rules.ids = rc->ids;
	rules.costs = rc->costs;
	rules.n = rc->n;
	if (ballot_check(&rules, p->b.choices.items, p->b.choices.n, p->msg,
	    sizeof(p->msg)) != 0) {
		p->code = ERRC_BALLOT;
		return 0;
	}

	/* Valid: everything below happens in this transaction or not at all. */
	be32(bkey, p->b.round);
	memcpy(bkey + 4, p->hash, HASH_BYTES);
	kv.mv_data = bkey;
	kv.mv_size = sizeof(bkey);
	v.mv_data = p->enc;
	v.mv_size = p->enclen;
	if ((rv = mdb_put(txn, s->ballots, &kv, &v, MDB_NOOVERWRITE)) != 0)
		return rv == MDB_KEYEXIST ? refuse(p, ERRC_CODE_USED,
		    "Met deze code is al gestemd.") : rv;
	cr.state = CRED_USED;
	cr.changed = now_seconds();
	if ((rv = store_put(txn, s->credentials, key, sizeof(key), &schema_credential, &cr)) != 0)
		return rv;
	if ((rv = counts_get(txn, s, p->b.round, &counts)) != 0)
		return rv;
	counts.used++;
	counts.ballots++;
	if ((rv = counts_put(txn, s, p->b.round, &counts)) != 0 ||
	    (rv = turnout_add(txn, s, p->b.round, p->b.kiosk)) != 0)
		return rv;
	memset(&who, 0, sizeof(who));
	who.type = MSG_BALLOT_CAST;
	who.body = p->enc;
	who.bodylen = p->enclen;
	who.unsigned_event = 1;		/* signed by voter and kiosk; chained, checkpointed */
	if ((rv = ledger_append(txn, s, p->b.round, &who, p->b.kiosk, cr.changed, NULL)) != 0)
		return rv;
	p->code = 0;
	bt->stored++;
	return 0;
}

static int
batch_txn(MDB_txn *txn, void *arg)
{
	struct batch	*bt = arg;
	size_t		 i;
	int		 rv = 0;

	/* store_write may run this again after growing the map: start from scratch. */
	batch_caches_free(bt);
	bt->stored = 0;
	for (i = 0; i < bt->n; i++) {
		bt->p[i].code = 0;
		bt->p[i].msg[0] = '\0';
	}
	for (i = 0; i < bt->n && rv == 0; i++)
		rv = batch_one(bt, txn, &bt->p[i]);
	return rv;
}

static void
send_receipt(struct daemon *d, struct conn *c, uint32_t reqid, uint32_t round,
    const uint8_t hash[HASH_BYTES])
{
	struct receipt	r;
	char		code[RECEIPT_TEXT_MAX];

	r.round = round;
	memcpy(r.hash, hash, HASH_BYTES);
	receipt_code(hash, code);
	r.code = code;
	receipt_sign(round, hash, d->id.sk, r.sig);
	conn_send(c, MSG_RECEIPT, reqid, &schema_receipt, &r);
}

static void
ballot_flush(struct daemon *d)
{
	struct ballot_queue	*q = d->ballots;
	struct batch		 bt;
	size_t			 i;
	int			 rc;

	if (q->n == 0)
		return;
	memset(&bt, 0, sizeof(bt));
	bt.d = d;
	bt.p = q->p;
	bt.n = q->n;
	/* Detach the batch: replies below may run callbacks that submit again. */
	q->p = NULL;
	q->n = q->cap = 0;
	event_del(q->flush);
	rc = store_write(&d->store, batch_txn, &bt);
	batch_caches_free(&bt);
	if (rc == 0) {
		d->stat_commits++;
		d->stat_ballots += bt.stored;
	} else
		log_warnx("ballot batch of %zu not stored: %s", bt.n, store_strerror(rc));
	for (i = 0; i < bt.n; i++) {
		struct pending *p = &bt.p[i];
		if (p->c == NULL)
			;	/* the kiosk went away; it will ask BALLOT_STATUS */
		else if (rc != 0)
			conn_error(p->c, p->reqid, ERRC_STORAGE, NULL, "De stem kon niet worden "
			    "opgeslagen (%s). Probeer het zo nog eens.", store_strerror(rc));
		else if (p->code != 0)
			conn_error(p->c, p->reqid, p->code, NULL, "%s", p->msg);
		else
			send_receipt(d, p->c, p->reqid, p->b.round, p->hash);
		pending_free(p);
	}
	free(bt.p);
	if (bt.n > 1)
		log_debug("ballot batch: %zu in one commit, %llu stored", bt.n,
		    (unsigned long long)bt.stored);
}

void
ballot_status(struct daemon *d, struct conn *c, uint32_t reqid, const struct ballot_query *qy)
{
	MDB_txn	*txn;
	uint8_t	 key[4 + HASH_BYTES];
	MDB_val	 kv = { sizeof(key), key }, v;
	int	 rc;

	be32(key, qy->round);
	memcpy(key + 4, qy->hash, HASH_BYTES);
	if ((rc = store_read(&d->store, &txn)) != 0) {
		conn_error(c, reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
		return;
	}
	rc = mdb_get(txn, d->store.ballots, &kv, &v);
	mdb_txn_abort(txn);
	if (rc == 0)
		send_receipt(d, c, reqid, qy->round, qy->hash);
	else if (rc == MDB_NOTFOUND)
		conn_error(c, reqid, ERRC_NOTFOUND, "hash", "Dit stembiljet is niet ontvangen.");
	else
		conn_error(c, reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
}
