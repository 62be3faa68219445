/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * control.c — one connection from a client (organiser tool or kiosk), over the UNIX socket
 * or TLS: frames in, one reply per request out, in request order (docs/protocol.md §3).
 *
 * A peer that breaks the framing (length out of range) or skips HELLO is sent an error and
 * cut off: its stream cannot be trusted any more. Any other bad request (unknown type, a
 * field that does not decode, a bad signature, a refusal by the state machine) gets an
 * error reply and the connection goes on. Nothing changes in the store unless the whole
 * request was valid: every change runs in one LMDB transaction.
 *
 * The edge (issue 10): no client, polite or hostile, may tie the daemon up.
 *
 *   deadlines   HELLO must be complete within `timeout hello` of accept, however slowly
 *               its bytes trickle in; a frame once started must be complete within
 *               `timeout frame`; idle means no complete request for `timeout idle`. One
 *               timer per connection, armed at the earliest of these (not libevent's
 *               inactivity timeouts, which every byte resets).
 *   input       before HELLO only a frame that can be a HELLO (HELLO_FRAME_MAX) is taken;
 *               after it, frames up to `max input`. The bufferevent's read watermark
 *               stops reading there, so no connection buffers more than one frame.
 *   budgets     connections not yet authenticated (TLS without kiosk login or a verified
 *               organiser signature) may hold `max unauthenticated-memory` of input in
 *               all and `max unauthenticated` slots; the rest of `max connections` is
 *               kept for the authenticated. When the share is full a new connection
 *               replaces the oldest unauthenticated one.
 *   ballots     a kiosk connection has at most `max ballots-in-flight` ballots queued;
 *               then reading stops until replies go out. Replies owed count towards
 *               `max output` with what already waits to be written.
 *   order       while ballots of a connection are in flight, only further ballots are
 *               taken from it (they join the same ordered pipeline, ballot.c); any other
 *               request waits until every earlier ballot has been answered.
 *   honest      authenticated connections' events run at PRIO_HONEST, strangers' (TLS
 *   first       handshake, hello, login) at PRIO_STRANGER, which libevent runs only when
 *               no honest event is waiting and at most `max unauthenticated-per-turn` per
 *               loop turn (dorpsstemd.h). TLS handshakes in progress per address (IPv6
 *               /64) are capped at `max handshakes-per-peer`; a new connection from a
 *               peer at the cap replaces that peer's oldest handshake. libevent's TLS
 *               bufferevent re-creates its events when the handshake completes, which
 *               resets their priority: conn_event sets it again.
 */
#include <sys/socket.h>

#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sodium.h>

#include "ballot.h"
#include "audit_daemon.h"
#include "dorpsstemd.h"
#include "frame.h"

#define WRITE_TIMEOUT	30
#define CLOSE_LINGER_MS	5000	/* a connection being closed gets this long to take its error */
/* The largest payload a HELLO can have: header, two u16 versions, software (u16 + 100). */
#define HELLO_FRAME_MAX	(MSG_HDR + 2 + 2 + 2 + 100)
#define REPLY_OWED	256	/* bytes counted per ballot reply still owed (a receipt) */
/* What an unauthenticated connection may hold (input and replies not yet written) before
 * its bytes count towards `max unauthenticated-memory`: a kiosk's whole login (HELLO,
 * challenge, login and their replies are a few hundred bytes) never touches the shared
 * budget, so a flood that fills the budget cannot cut off a kiosk logging in. */
#define UNAUTH_FREE	2048
/* KeyUpdates a TLS connection may send: a client renews its keys now and then (our own
 * never does); a stream of them, each asking the daemon to renew its keys too, is cut
 * off (conn_timer). */
#define TLS_KEYUPDATE_MAX	32

struct conn {
	TAILQ_ENTRY(conn)	 entry;
	TAILQ_ENTRY(conn)	 uentry;	/* d->unauth, while not authenticated */
	struct daemon		*d;
	struct bufferevent	*bev;
	struct event		*timer;
	char			 peer[80];
	uint8_t			 peerkey[16];	/* address, IPv6 by /64 (listen.c) */
	int			 has_peerkey;
	struct peer		*pr;		/* TLS: its peer's entry (peer_find) */
	TAILQ_ENTRY(conn)	 pentry;	/* pr->unauth, while not authenticated */
	int			 local;
	int			 helloed;
	int			 closing;
	int			 authed;	/* local, kiosk logged in, or organiser verified */
	int			 webonly;	/* the web site's channel: hello and public-submit only */
	int			 waiting;	/* a request waits for the ballots before it */
	int			 paused;	/* reading disabled until replies go out */
	int			 handshaking;	/* TLS handshake in progress (counted in pr->hs) */
	int			 prio;		/* the priority its events have, -1 unknown */
	uint64_t		 t_accept, t_frame, t_request, t_close, t_armed;	/* ms */
	size_t			 in_acct;	/* input counted in d->unauth_bytes */
	SSL			*ssl;		/* TLS, for the handshake guard */
	struct {
		uint8_t	 rec[5], hs[4];	/* record and handshake headers being read */
		unsigned nrec, nhs;
		size_t	 rec_left;	/* body bytes of the current record still to come */
		size_t	 hs_left;	/* bytes of the current handshake message to come */
		int	 type;		/* the current record's content type */
		int	 off;		/* handshake done (or refused): not looked at */
	}			 hg;
	unsigned		 keyupdates;	/* TLS KeyUpdate messages received */
	const struct config_organiser *org;	/* TLS: the organiser key it signed with */
	unsigned		 inflight;	/* ballots queued, reply not yet sent */
	struct kiosk_session	 ks;
};

static void	conn_free(struct conn *);
static unsigned	c_freed;	/* connections freed since the last malloc_trim */
static uint64_t	t_trimmed;	/* when (now_ms) */
#define TRIM_EVERY_MS	2000
static void	conn_read(struct bufferevent *, void *);
static void	conn_arm(struct conn *);
static void	conn_key_room(struct conn *, uint32_t, const struct config_organiser *);

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}


unsigned
conn_count(struct daemon *d)
{
	return d->nconns;
}

/*
 * Peers (an IPv4 address, an IPv6 /64) in a table keyed by SipHash with a secret key, so
 * neither the per-peer limit at accept nor making room looks at every connection: with
 * 8,000 connections open that walk cost ~0.4 ms per accept, and a flood must reconnect
 * hundreds of times a second to keep its connections past the hello deadline anyway.
 */
#define PEER_BUCKETS	4096

struct peer {
	LIST_ENTRY(peer)	 entry;
	uint8_t			 key[16];
	unsigned		 n;		/* its connections */
	unsigned		 hs;		/* its TLS handshakes in progress */
	TAILQ_HEAD(, conn)	 unauth;	/* its unauthenticated ones, oldest first */
};

static LIST_HEAD(peerlist, peer) peer_tab[PEER_BUCKETS];
static uint8_t	peer_hkey[crypto_shorthash_KEYBYTES];
static int	peer_init;

static struct peer *
peer_find(const uint8_t key[16], int create)
{
	struct peerlist	*b;
	struct peer	*p;
	uint8_t		 h[crypto_shorthash_BYTES];

	if (!peer_init) {
		randombytes_buf(peer_hkey, sizeof(peer_hkey));
		peer_init = 1;
	}
	crypto_shorthash(h, key, 16, peer_hkey);
	b = &peer_tab[((unsigned)h[0] | (unsigned)h[1] << 8) % PEER_BUCKETS];
	LIST_FOREACH(p, b, entry)
		if (memcmp(p->key, key, 16) == 0)
			return p;
	if (!create || (p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	memcpy(p->key, key, 16);
	TAILQ_INIT(&p->unauth);
	LIST_INSERT_HEAD(b, p, entry);
	return p;
}

unsigned
conn_count_peer(struct daemon *d, const uint8_t key[16])
{
	struct peer *p = peer_find(key, 0);

	(void)d;
	return p ? p->n : 0;
}

/* Its events at PRIO_HONEST once authenticated, else PRIO_STRANGER. An event that is
 * active right now cannot change priority; c->prio stays wrong and a later call (every
 * read and write callback) tries again. */
static void
conn_prio(struct conn *c)
{
	int want = c->authed ? PRIO_HONEST : PRIO_STRANGER;

	if (c->prio == want)
		return;
	if (bufferevent_priority_set(c->bev, want) == 0 &&
	    event_priority_set(c->timer, want) == 0)
		c->prio = want;
}

/* The TLS handshake is over (done, failed or the connection gone). */
static void
conn_handshake_done(struct conn *c)
{
	if (!c->handshaking)
		return;
	c->handshaking = 0;
	if (c->pr && c->pr->hs > 0)
		c->pr->hs--;
}

/* The connection has proved who it is: it leaves the unauthenticated share. */
static void
conn_authenticate(struct conn *c)
{
	struct daemon *d = c->d;

	if (c->authed)
		return;
	c->authed = 1;
	conn_prio(c);
	TAILQ_REMOVE(&d->unauth, c, uentry);
	if (c->pr)
		TAILQ_REMOVE(&c->pr->unauth, c, pentry);
	d->nunauth--;
	d->unauth_bytes -= c->in_acct;
	c->in_acct = 0;
}

void
conn_send(struct conn *c, uint16_t type, uint32_t reqid, const struct wire_schema *s,
    const void *rec)
{
	struct wbuf b;

	wbuf_init(&b);
	frame_put(&b, type, reqid, s, rec);
	if (b.oom || b.len - FRAME_HDR > FRAME_MAX) {
		/* A reply that cannot be framed (a list too long) is an error instead. */
		struct msg_error e = { ERRC_INTERNAL, "", "reply too large or out of memory" };
		wbuf_reset(&b);
		frame_put(&b, MSG_ERROR, reqid, &schema_error, &e);
	}
	if (!b.oom)
		bufferevent_write(c->bev, b.p, b.len);
	wbuf_free(&b);
}

void
conn_error(struct conn *c, uint32_t reqid, int code, const char *field, const char *fmt, ...)
{
	struct msg_error	e;
	char			msg[512];
	va_list			ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e.code = (uint16_t)code;
	e.field = (char *)(uintptr_t)(field ? field : "");
	e.message = msg;
	conn_send(c, MSG_ERROR, reqid, &schema_error, &e);
	log_debug("%s: error %d: %s", c->peer, code, msg);
}

/* Sends the error, then closes once it has been written. */
static void
conn_fail(struct conn *c, uint32_t reqid, int code, const char *msg)
{
	conn_error(c, reqid, code, NULL, "%s", msg);
	log_info("%s: closing: %s", c->peer, msg);
	c->closing = 1;
	c->t_close = now_ms() + CLOSE_LINGER_MS;
	bufferevent_disable(c->bev, EV_READ);
	conn_arm(c);
}

/* ---- read-only requests ----------------------------------------------------------------- */

/* Collects copies of records from store_each into a wire_list (stealing their strings). */
struct collect {
	const struct wire_schema	*schema;
	struct wire_list		*list;
	uint32_t			 cap;
	int				(*keep)(const void *rec, const void *arg);
	const void			*arg;
	int				 oom;
};

static int
collect_one(void *rec, void *arg)
{
	struct collect	*co = arg;
	void		*p;

	if (co->keep && !co->keep(rec, co->arg))
		return 0;
	if (co->list->n == co->cap) {
		co->cap = co->cap ? co->cap * 2 : 16;
		if ((p = realloc(co->list->items, (size_t)co->cap * co->schema->size)) == NULL) {
			co->oom = 1;
			return 1;
		}
		co->list->items = p;
	}
	memcpy((char *)co->list->items + (size_t)co->list->n++ * co->schema->size, rec,
	    co->schema->size);
	memset(rec, 0, co->schema->size);	/* the copy owns the strings now */
	return 0;
}

static int
collect(MDB_txn *txn, MDB_dbi dbi, const struct wire_schema *s, struct wire_list *list,
    int (*keep)(const void *, const void *), const void *arg)
{
	struct collect	 co = { s, list, 0, keep, arg, 0 };
	void		*rec;
	int		 rc;

	if ((rec = calloc(1, s->size)) == NULL)
		return ENOMEM;
	rc = store_each(txn, dbi, s, rec, collect_one, &co);
	free(rec);
	return co.oom ? ENOMEM : rc;
}

static int
round_in_village(const void *rec, const void *arg)
{
	const struct round		*r = rec;
	const struct round_filter	*f = arg;

	return f->village == 0 || r->village == f->village;
}

static int
initiative_in_round(const void *rec, const void *arg)
{
	const struct initiative	*in = rec;
	const uint32_t		*round = arg;

	return in->round == *round;
}

static int
kiosk_in_village(const void *rec, const void *arg)
{
	const struct kiosk		*k = rec;
	const struct round_filter	*f = arg;

	return f->village == 0 || k->village == f->village;
}

/* The stored result of a tallied round; before that, why there is none yet. */
static int
handle_result(struct conn *c, const struct msg_in *m, MDB_txn *txn, uint32_t id)
{
	struct daemon	*d = c->d;
	struct result	 res;
	struct round	 r;
	int		 rc;

	rc = store_get_id(txn, d->store.results, id, &schema_result, &res);
	if (rc == 0) {
		conn_send(c, MSG_RESULT, m->reqid, &schema_result, &res);
		wire_free(&schema_result, &res);
		return 0;
	}
	if (rc != MDB_NOTFOUND)
		return rc;
	if ((rc = store_get_id(txn, d->store.rounds, id, &schema_round, &r)) == MDB_NOTFOUND) {
		conn_error(c, m->reqid, ERRC_NOTFOUND, "id", "there is no round %u", id);
		return 0;
	}
	if (rc != 0)
		return rc;
	conn_error(c, m->reqid, ERRC_STATE, NULL, "round %u is %s: %s", id,
	    round_state_name(r.state), r.state == ROUND_CANCELLED ? "it has no result" :
	    r.state == ROUND_CLOSED ? "the count has not finished (see the daemon's log)" :
	    "the result comes when it closes");
	wire_free(&schema_round, &r);
	return 0;
}

/* Ballots are public once a round is closed: by hash, never in arrival order or with
 * times. A page stops well inside FRAME_MAX whatever the ballots' size. */
static int
handle_ballot_list(struct conn *c, const struct msg_in *m, MDB_txn *txn,
    const struct ballot_page_req *q)
{
	struct daemon		*d = c->d;
	struct ballot_page	 pg;
	struct round		 r;
	struct ballot		*b;
	MDB_cursor		*cur;
	MDB_val			 k, v;
	uint8_t			 start[4 + HASH_BYTES];
	uint32_t		 max = q->max ? q->max : BALLOTS_PER_PAGE;
	size_t			 bytes = 0;
	int			 rc;

	if ((rc = store_get_id(txn, d->store.rounds, q->round, &schema_round, &r)) ==
	    MDB_NOTFOUND) {
		conn_error(c, m->reqid, ERRC_NOTFOUND, "round", "there is no round %u", q->round);
		return 0;
	}
	if (rc != 0)
		return rc;
	rc = r.state == ROUND_CLOSED || r.state == ROUND_TALLIED;
	if (!rc)
		conn_error(c, m->reqid, ERRC_STATE, "round", "round %u is %s: ballots are "
		    "published only after it closes", q->round, round_state_name(r.state));
	wire_free(&schema_round, &r);
	if (!rc)
		return 0;
	memset(&pg, 0, sizeof(pg));
	if ((pg.ballots.items = calloc(max, sizeof(struct ballot))) == NULL)
		return ENOMEM;
	be32(start, q->round);
	memcpy(start + 4, q->after, HASH_BYTES);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, d->store.ballots, &cur)) != 0) {
		free(pg.ballots.items);
		return rc;
	}
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	/* "after" is exclusive: skip the ballot it names. */
	if (rc == 0 && k.mv_size == sizeof(start) && memcmp(k.mv_data, start, sizeof(start)) ==
	    0)
		rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		if (pg.ballots.n == max || bytes + v.mv_size > FRAME_MAX * 3 / 4) {
			pg.more = 1;
			break;
		}
		b = (struct ballot *)pg.ballots.items + pg.ballots.n;
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_ballot, b, NULL) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		pg.ballots.n++;
		bytes += v.mv_size;
	}
	mdb_cursor_close(cur);
	if (rc == 0 || rc == MDB_NOTFOUND) {
		conn_send(c, MSG_BALLOTS, m->reqid, &schema_ballot_page, &pg);
		rc = 0;
	}
	wire_free(&schema_ballot_page, &pg);
	return rc;
}

static void
handle_read(struct conn *c, const struct msg_in *m, void *rec)
{
	struct daemon		*d = c->d;
	MDB_txn			*txn;
	MDB_stat		 st;
	struct status		 status;
	struct village_list	 vl;
	struct round_list	 rl;
	struct initiative_list	 il;
	struct kiosk_list	 kl;
	struct round_info	 ri;
	struct village		 v;
	struct ref		*ref = rec;
	int			 rc;

	if ((rc = store_read(&d->store, &txn)) != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
		return;
	}
	switch (m->type) {
	case MSG_STATUS:
		memset(&status, 0, sizeof(status));
		status.software = DORPSSTEMD_SOFTWARE;
		status.version = PROTO_VERSION;
		status.schema = STORE_SCHEMA_VERSION;
		status.started = d->started;
		memcpy(status.daemon_key, d->id.pk, KEY_BYTES);
		status.tls_fingerprint = d->id.tls ? d->id.fingerprint : "";
		if (mdb_stat(txn, d->store.villages, &st) == 0)
			status.villages = (uint32_t)st.ms_entries;
		if (mdb_stat(txn, d->store.rounds, &st) == 0)
			status.rounds = (uint32_t)st.ms_entries;
		status.connections = d->nconns;
		status.ballots = d->stat_ballots;
		status.commits = d->stat_commits;
		conn_send(c, MSG_STATUS_REPLY, m->reqid, &schema_status, &status);
		break;
	case MSG_CONDITIONS_GET: {
		struct conditions	cd;
		struct verdict		cv;

		memset(&cv, 0, sizeof(cv));
		if ((rc = conditions_get(d, txn, rec, &cd, &cv)) == 0)
			conn_send(c, MSG_CONDITIONS, m->reqid, &schema_conditions, &cd);
		else if (rc == -1) {
			conn_error(c, m->reqid, cv.code, cv.field, "%s", cv.msg);
			rc = 0;
		}
		wire_free(&schema_conditions, &cd);
		break;
	}
	case MSG_VILLAGE_LIST:
		memset(&vl, 0, sizeof(vl));
		if ((rc = collect(txn, d->store.villages, &schema_village, &vl.items, NULL,
		    NULL)) == 0)
			conn_send(c, MSG_VILLAGES, m->reqid, &schema_village_list, &vl);
		wire_free(&schema_village_list, &vl);
		break;
	case MSG_ROUND_LIST:
		memset(&rl, 0, sizeof(rl));
		if ((rc = collect(txn, d->store.rounds, &schema_round, &rl.items,
		    round_in_village, rec)) == 0)
			conn_send(c, MSG_ROUNDS, m->reqid, &schema_round_list, &rl);
		wire_free(&schema_round_list, &rl);
		break;
	case MSG_RESULT_GET:
		rc = handle_result(c, m, txn, ref->id);
		break;
	case MSG_BALLOT_LIST:
		rc = handle_ballot_list(c, m, txn, rec);
		break;
	case MSG_KIOSK_LIST:
		memset(&kl, 0, sizeof(kl));
		if ((rc = collect(txn, d->store.kiosks, &schema_kiosk, &kl.items,
		    kiosk_in_village, rec)) == 0)
			conn_send(c, MSG_KIOSKS, m->reqid, &schema_kiosk_list, &kl);
		wire_free(&schema_kiosk_list, &kl);
		break;
	case MSG_ROUND_SHOW:
	case MSG_INITIATIVE_LIST:
		memset(&ri, 0, sizeof(ri));
		memset(&il, 0, sizeof(il));
		rc = store_get_id(txn, d->store.rounds, ref->id, &schema_round, &ri.round);
		if (rc == MDB_NOTFOUND) {
			conn_error(c, m->reqid, ERRC_NOTFOUND, "id", "there is no round %u", ref->id);
			rc = 0;
			break;
		}
		if (rc != 0)
			break;
		if (m->type == MSG_INITIATIVE_LIST) {
			if ((rc = collect(txn, d->store.initiatives, &schema_initiative, &il.items,
			    initiative_in_round, &ref->id)) == 0)
				conn_send(c, MSG_INITIATIVES, m->reqid, &schema_initiative_list, &il);
			wire_free(&schema_initiative_list, &il);
			wire_free(&schema_round, &ri.round);
			break;
		}
		if (store_get_id(txn, d->store.villages, ri.round.village, &schema_village,
		    &v) == 0) {
			ri.village_name = v.name;
			v.name = NULL;
		}
		ri.events = ledger_length(txn, &d->store, ref->id);
		{
			struct round_counts rcnt;
			if ((rc = counts_get(txn, &d->store, ref->id, &rcnt)) != 0 ||
			    (rc = turnout_list(txn, &d->store, ref->id, &ri.kiosks)) != 0) {
				wire_free(&schema_round_info, &ri);
				break;
			}
			ri.registered = rcnt.registered;
			ri.used = rcnt.used;
			ri.revoked = rcnt.revoked;
			ri.ballots = rcnt.ballots;
		}
		if ((rc = collect(txn, d->store.initiatives, &schema_initiative, &ri.initiatives,
		    initiative_in_round, &ref->id)) == 0)
			conn_send(c, MSG_ROUND_INFO, m->reqid, &schema_round_info, &ri);
		wire_free(&schema_round_info, &ri);
		break;
	}
	mdb_txn_abort(txn);
	if (rc != 0)
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
}

/* ---- signed requests ---------------------------------------------------------------- */

struct signed_op {
	struct daemon		*d;
	const struct config_organiser *org;
	const struct msg_in	*m;
	void			*rec;
	struct actor		 who;
	struct done		 done;
	struct verdict		 v;
};

static int
signed_op_txn(MDB_txn *txn, void *arg)
{
	struct signed_op	*op = arg;
	struct daemon		*d = op->d;
	const struct ref	*ref = op->rec;
	int			 rc;

	memset(&op->v, 0, sizeof(op->v));
	memset(&op->done, 0, sizeof(op->done));
	rc = ledger_counter(txn, &d->store, op->m->key, op->m->counter);
	if (rc == -1) {
		op->v.code = ERRC_REPLAY;
		snprintf(op->v.msg, sizeof(op->v.msg), "request counter is not above the last "
		    "one seen for this key (replayed request, or the clock went back)");
		return -1;
	}
	if (rc != 0)
		return rc;
	if ((rc = organiser_scope_check(d, txn, op->org, op->m->type, op->rec, &op->v)) != 0)
		return rc;
	switch (op->m->type) {
	case MSG_VILLAGE_ADD:
		return village_add(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_CONDITIONS_SET:
		return conditions_set(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_INHABITANTS_SET:
		return inhabitants_set(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_DECIDE:
		return initiative_decide(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_SUBMIT:
		return initiative_submit(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_CONTACT_SET:
		return contact_set(d, txn, op->rec, &op->done, &op->v);
	case MSG_CONTACT_FORGET:
		return contact_forget(d, txn, ref->id, op->org->name, &op->done, &op->v);
	case MSG_SPENDING_DUE: case MSG_SPENDING_PAY: case MSG_SPENDING_ADD:
	case MSG_SPENDING_OVERSPEND: case MSG_SPENDING_CLOSE:
		return spending_record(d, txn, op->m->type, op->rec, &op->who, &op->done, &op->v);
	case MSG_DOCUMENT_PUT:
		return document_put(d, txn, op->rec, &op->done, &op->v);
	case MSG_ROUND_CREATE:
		return round_create(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_ROUND_SET:
		return round_set(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_ROUND_OPEN:
		return round_open(d, txn, ref->id, &op->who, &op->done, &op->v);
	case MSG_ROUND_CLOSE:
		return round_close(d, txn, ref->id, &op->who, &op->done, &op->v);
	case MSG_ROUND_CANCEL:
		return round_cancel(d, txn, ref->id, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_ADD:
		return initiative_add(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_ADMIT:
		return initiative_admit(d, txn, ref->id, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_REJECT:
		return initiative_reject(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_INITIATIVE_WITHDRAW:
		return initiative_withdraw(d, txn, ref->id, &op->who, &op->done, &op->v);
	case MSG_CREDENTIALS_REGISTER:
		return credentials_register(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_CREDENTIAL_REVOKE:
		return credential_revoke(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_KIOSK_ENROLL:
		return kiosk_enroll(d, txn, op->rec, &op->who, &op->done, &op->v);
	case MSG_KIOSK_RETIRE:
		return kiosk_retire(d, txn, ref->id, &op->who, &op->done, &op->v);
	}
	op->v.code = ERRC_TYPE;
	snprintf(op->v.msg, sizeof(op->v.msg), "request type has no handler");
	return -1;
}

/* A signed read (LEDGER_LIST): the counter is consumed, nothing else changes. */
static int
counter_txn(MDB_txn *txn, void *arg)
{
	struct signed_op	*op = arg;
	int			 rc;

	memset(&op->v, 0, sizeof(op->v));
	if ((rc = ledger_counter(txn, &op->d->store, op->m->key, op->m->counter)) == -1) {
		op->v.code = ERRC_REPLAY;
		snprintf(op->v.msg, sizeof(op->v.msg), "request counter is not above the last "
		    "one seen for this key (replayed request, or the clock went back)");
	}
	if (rc == 0)
		rc = organiser_scope_check(op->d, txn, op->org, op->m->type, op->rec, &op->v);
	return rc;
}

static void
handle_signed(struct conn *c, const struct msg_in *m, const struct msg_desc *desc, void *rec)
{
	const struct config_organiser	*org;
	struct signed_op		 op;
	int				 rc;

	if ((org = config_find_organiser(&c->d->conf, m->key)) == NULL) {
		conn_error(c, m->reqid, ERRC_AUTH, NULL,
		    "this key is not an organiser key of this daemon");
		return;
	}
	if (auth_verify(m, c->d->id.pk) != 0) {
		conn_error(c, m->reqid, ERRC_SIGNATURE, NULL, "the request signature does not verify");
		return;
	}
	if (!c->local && c->org != org && c->ks.id == 0) {
		conn_key_room(c, 0, org);
		c->org = org;
	}
	conn_authenticate(c);
	memset(&op, 0, sizeof(op));
	op.d = c->d;
	op.org = org;
	op.m = m;
	op.rec = rec;
	op.who.key = m->key;
	op.who.counter = m->counter;
	op.who.sig = m->sig;
	op.who.type = m->type;
	op.who.body = m->body;
	op.who.bodylen = m->bodylen;
	if (m->type == MSG_CHECKPOINT_MAKE) {
		audit_checkpoint_make(c->d, c, m, org->name, ((const struct ref *)rec)->id);
		return;
	}
	if (m->type == MSG_LEDGER_LIST) {
		if ((rc = store_write(&c->d->store, counter_txn, &op)) == -1)
			conn_error(c, m->reqid, op.v.code, NULL, "%s", op.v.msg);
		else if (rc != 0)
			conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot store the counter: %s",
			    store_strerror(rc));
		else {
			log_info("%s: ledger of round %u read by organiser \"%s\"", c->peer,
			    ((const struct event_page_req *)rec)->round, org->name);
			audit_ledger_list(c->d, c, m->reqid, rec);
		}
		return;
	}
	if (m->type == MSG_CONTACT_GET) {	/* a signed read: never logged with content */
		struct contact	ct;
		MDB_txn		*txn;

		if ((rc = store_write(&c->d->store, counter_txn, &op)) == -1)
			conn_error(c, m->reqid, op.v.code, NULL, "%s", op.v.msg);
		else if (rc != 0 || (rc = store_read(&c->d->store, &txn)) != 0)
			conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
			    store_strerror(rc));
		else {
			memset(&op.v, 0, sizeof(op.v));
			rc = contact_get(c->d, txn, ((const struct ref *)rec)->id, &ct, &op.v);
			mdb_txn_abort(txn);
			if (rc == -1)
				conn_error(c, m->reqid, op.v.code, op.v.field, "%s", op.v.msg);
			else if (rc != 0)
				conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
				    store_strerror(rc));
			else {
				log_info("%s: contact details of initiative %u read by organiser "
				    "\"%s\"", c->peer, ct.id, org->name);
				conn_send(c, MSG_CONTACT, m->reqid, &schema_contact, &ct);
			}
			wire_free(&schema_contact, &ct);
		}
		return;
	}
	if (m->type == MSG_DOCUMENT_GET) {	/* a signed read: documents are not public */
		struct document_put	doc;
		MDB_txn			*txn;

		memset(&doc, 0, sizeof(doc));
		if ((rc = store_write(&c->d->store, counter_txn, &op)) == -1)
			conn_error(c, m->reqid, op.v.code, NULL, "%s", op.v.msg);
		else if (rc != 0 || (rc = store_read(&c->d->store, &txn)) != 0)
			conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
			    store_strerror(rc));
		else {
			memset(&op.v, 0, sizeof(op.v));
			rc = document_get(c->d, txn, rec, &doc, &op.v);
			mdb_txn_abort(txn);
			if (rc == -1)
				conn_error(c, m->reqid, op.v.code, op.v.field, "%s", op.v.msg);
			else if (rc != 0)
				conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
				    store_strerror(rc));
			else {
				log_info("%s: a document of round %u read by organiser \"%s\"",
				    c->peer, doc.round, org->name);
				conn_send(c, MSG_DOCUMENT, m->reqid, &schema_document_put, &doc);
			}
			wire_free(&schema_document_put, &doc);
		}
		return;
	}
	rc = store_write(&c->d->store, signed_op_txn, &op);
	if (rc == -1) {
		conn_error(c, m->reqid, op.v.code, op.v.field, "%s", op.v.msg);
		return;
	}
	if (rc != 0) {
		log_warnx("%s: %s failed: %s", c->peer, desc->name, store_strerror(rc));
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "the change could not be stored: %s",
		    store_strerror(rc));
		return;
	}
	log_info("%s: %s %u by organiser \"%s\" (event %llu)", c->peer, desc->name, op.done.id,
	    org->name, (unsigned long long)op.done.event);
	conn_send(c, MSG_DONE, m->reqid, &schema_done, &op.done);
	/* A change may have fixed what made a scheduled open fail: let it try again. */
	c->d->nsched_failed = 0;
	sched_update(c->d);
}

/* ---- the public submission (issue 13): unauthenticated, the daemon signs receipt ------ */

struct public_op {
	struct daemon			*d;
	const struct public_submission	*ps;
	struct submitted		 out;
	struct verdict			 v;
};

static int
public_txn(MDB_txn *txn, void *arg)
{
	struct public_op *op = arg;

	memset(&op->v, 0, sizeof(op->v));
	return public_submit(op->d, txn, op->ps, &op->out, &op->v);
}

static void
handle_public_submit(struct conn *c, const struct msg_in *m, const struct public_submission *ps)
{
	struct public_op	op;
	struct submit_receipt	sr;
	int			rc;

	memset(&op, 0, sizeof(op));
	op.d = c->d;
	op.ps = ps;
	if ((rc = store_write(&c->d->store, public_txn, &op)) == -1) {
		conn_error(c, m->reqid, op.v.code, op.v.field, "%s", op.v.msg);
		return;
	}
	if (rc != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "the submission could not be stored: "
		    "%s", store_strerror(rc));
		return;
	}
	/* Never the contact details or the code in the log. */
	log_info("%s: public submission: initiative %u in round %u (event %llu)", c->peer,
	    op.out.done.id, ps->round, (unsigned long long)op.out.done.event);
	sr.id = op.out.done.id;
	sr.event = op.out.done.event;
	sr.code = op.out.code;
	conn_send(c, MSG_SUBMIT_RECEIPT, m->reqid, &schema_submit_receipt, &sr);
	sodium_memzero(op.out.code, sizeof(op.out.code));
}

/* ---- dispatch ------------------------------------------------------------------------- */

static void
handle_hello(struct conn *c, const struct msg_in *m, const struct hello *h)
{
	struct welcome	w;

	if (h->min_version > PROTO_VERSION || h->max_version < PROTO_VERSION ||
	    h->min_version > h->max_version) {
		conn_fail(c, m->reqid, ERRC_VERSION, "this daemon speaks protocol version 1 only");
		return;
	}
	w.version = PROTO_VERSION;
	w.software = DORPSSTEMD_SOFTWARE;
	memcpy(w.daemon_key, c->d->id.pk, KEY_BYTES);
	c->helloed = 1;
	/* From now on a frame may be as large as `max input` (the watermark holds one). */
	bufferevent_setwatermark(c->bev, EV_READ, 0, FRAME_HDR + c->d->conf.max_input);
	conn_send(c, MSG_WELCOME, m->reqid, &schema_welcome, &w);
	log_debug("%s: hello from %s", c->peer, h->software);
}

/*
 * A kiosk key, or an organiser key, has at most `max key-sessions` authenticated sessions:
 * a new one replaces the key's oldest (a kiosk on a flaky link reconnects before its old
 * session times out). Without it one stolen kiosk key, logged in on thousands of
 * sessions that each pipeline requests and read nothing, held `max output` per session:
 * 60 sessions +171 MiB. Call before c takes the key.
 */
static void
conn_key_room(struct conn *c, uint32_t kiosk, const struct config_organiser *org)
{
	struct conn	*o, *oldest = NULL;
	unsigned	 n = 0;

	TAILQ_FOREACH(o, &c->d->conns, entry)
		if (o != c && !o->closing && (kiosk ? o->ks.id == kiosk : o->org == org)) {
			if (oldest == NULL)
				oldest = o;	/* d->conns is in order of arrival */
			n++;
		}
	if (n < c->d->conf.key_sessions || oldest == NULL)
		return;
	if (kiosk)
		log_info("%s: kiosk %u: its oldest session (%s) dropped: %u sessions is the "
		    "limit (max key-sessions)", c->peer, kiosk, oldest->peer,
		    c->d->conf.key_sessions);
	else
		log_info("%s: organiser \"%s\": its oldest session (%s) dropped: %u sessions is "
		    "the limit (max key-sessions)", c->peer, org->name, oldest->peer,
		    c->d->conf.key_sessions);
	conn_free(oldest);
}

static void
handle_kiosk_login(struct conn *c, const struct msg_in *m, const struct kiosk_login *kl)
{
	struct kiosk	k;
	struct verdict	v;
	MDB_txn		*txn;
	int		rc;

	if (!c->ks.have_nonce) {
		conn_error(c, m->reqid, ERRC_PROTOCOL, NULL, "ask for a challenge first");
		return;
	}
	c->ks.have_nonce = 0;	/* one login attempt per nonce */
	if (kiosk_login_verify(c->d->id.pk, c->ks.nonce, kl->key, kl->sig) != 0) {
		conn_error(c, m->reqid, ERRC_SIGNATURE, "sig", "the kiosk's login signature does "
		    "not verify");
		return;
	}
	if ((rc = store_read(&c->d->store, &txn)) != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
		return;
	}
	memset(&v, 0, sizeof(v));
	rc = kiosk_find(c->d, txn, kl->key, &k, &v);
	mdb_txn_abort(txn);
	if (rc == -1) {
		conn_error(c, m->reqid, v.code, v.field, "%s", v.msg);
		return;
	}
	if (rc != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
		return;
	}
	conn_key_room(c, k.id, NULL);
	c->ks.id = k.id;
	memcpy(c->ks.key, k.key, KEY_BYTES);
	conn_authenticate(c);
	log_info("%s: kiosk %u \"%s\" logged in", c->peer, k.id, k.name);
	conn_send(c, MSG_KIOSK_WELCOME, m->reqid, &schema_kiosk, &k);
	wire_free(&schema_kiosk, &k);
}

static void
handle_credential_status(struct conn *c, const struct msg_in *m, const struct credential *req)
{
	struct credential	out;
	struct verdict		v;
	MDB_txn			*txn;
	int			rc;

	if ((rc = store_read(&c->d->store, &txn)) != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
		return;
	}
	memset(&v, 0, sizeof(v));
	rc = credential_status(c->d, txn, c->ks.id, req, &out, &v);
	mdb_txn_abort(txn);
	if (rc == -1)
		conn_error(c, m->reqid, v.code, v.field, "%s", v.msg);
	else if (rc != 0)
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
	else {
		conn_send(c, MSG_CREDENTIAL_STATE, m->reqid, &schema_credential, &out);
		wire_free(&schema_credential, &out);
	}
}

static void
conn_message(struct conn *c, const uint8_t *p, size_t n)
{
	const struct msg_desc	*desc;
	struct msg_in		 m;
	const char		*field = NULL;
	void			*rec;
	int			 rc;

	(void)msg_split(p, n, 0, &m);	/* n >= MSG_HDR: frame_length checked it */
	desc = msg_lookup(m.type);
	if (!c->helloed && m.type != MSG_HELLO) {
		conn_fail(c, m.reqid, ERRC_HELLO, "the first message must be hello");
		return;
	}
	if (desc == NULL || (desc->flags & MSGF_REPLY)) {
		conn_error(c, m.reqid, ERRC_TYPE, NULL, "unknown request type 0x%04x", m.type);
		return;
	}
	if (c->helloed && m.type == MSG_HELLO) {
		conn_error(c, m.reqid, ERRC_PROTOCOL, NULL, "hello was sent already");
		return;
	}
	if (c->webonly && m.type != MSG_HELLO && m.type != MSG_PUBLIC_SUBMIT) {
		/* The web site's channel can hand in an aanvraag and do nothing else. */
		conn_error(c, m.reqid, ERRC_TYPE, NULL, "the web site may only submit");
		return;
	}
	if ((desc->flags & MSGF_SIGNED) && msg_split(p, n, 1, &m) != 0) {
		conn_error(c, m.reqid, ERRC_AUTH, NULL, "%s must be signed with an organiser key",
		    desc->name);
		return;
	}
	if ((rec = calloc(1, desc->schema->size)) == NULL) {
		if (m.type == MSG_BALLOT_CAST && c->inflight > 0)
			ballot_submit_error(c->d, c, m.reqid, ERRC_INTERNAL, NULL, "out of memory");
		else
			conn_error(c, m.reqid, ERRC_INTERNAL, NULL, "out of memory");
		return;
	}
	if ((rc = wire_decode_all(m.body, m.bodylen, desc->schema, rec, &field)) != 0) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s: %s%s%s", desc->name, field ? field : "",
		    field ? ": " : "", wire_strerror(rc));
		/* Behind ballots still in flight, the error waits its turn too. */
		if (m.type == MSG_BALLOT_CAST && c->inflight > 0)
			ballot_submit_error(c->d, c, m.reqid, ERRC_FIELD, field, msg);
		else
			conn_error(c, m.reqid, ERRC_FIELD, field, "%s", msg);
		free(rec);
		return;
	}
	if (m.type == MSG_HELLO)
		handle_hello(c, &m, rec);
	else if (m.type == MSG_KIOSK_CHALLENGE) {
		struct challenge ch;
		randombytes_buf(c->ks.nonce, sizeof(c->ks.nonce));
		c->ks.have_nonce = 1;
		memcpy(ch.nonce, c->ks.nonce, sizeof(ch.nonce));
		conn_send(c, MSG_CHALLENGE, m.reqid, &schema_challenge, &ch);
	} else if (m.type == MSG_KIOSK_LOGIN)
		handle_kiosk_login(c, &m, rec);
	else if ((desc->flags & MSGF_KIOSK) && c->ks.id == 0)
		conn_error(c, m.reqid, ERRC_KIOSK, NULL, "Deze stemcomputer is niet "
		    "aangemeld (kiosk login required).");
	else if (m.type == MSG_BALLOT_CAST) {
		ballot_submit(c->d, c, m.reqid, rec, &c->ks);
		return;		/* the ballot queue owns rec now */
	} else if (m.type == MSG_CREDENTIAL_STATUS)
		handle_credential_status(c, &m, rec); else if (m.type == MSG_BALLOT_STATUS)
		ballot_status(c->d, c, m.reqid, rec);
	else if (audit_is_request(m.type))
		audit_request(c->d, c, m.reqid, m.type, rec);
	else if (m.type == MSG_PUBLIC_SUBMIT)
		handle_public_submit(c, &m, rec);
	else if (desc->flags & MSGF_SIGNED)
		handle_signed(c, &m, desc, rec);
	else
		handle_read(c, &m, rec);
	wire_free(desc->schema, rec);
	free(rec);
}

/* Input held by a connection that has not authenticated, and the replies it has not
 * taken, count towards the shared budget beyond its first UNAUTH_FREE bytes; a
 * connection that would take it over the budget is cut off. 0, or -1 when c was failed. */
static int
conn_account(struct conn *c)
{
	struct daemon	*d = c->d;
	size_t		 len;

	if (c->authed)
		return 0;
	len = evbuffer_get_length(bufferevent_get_input(c->bev)) +
	    evbuffer_get_length(bufferevent_get_output(c->bev));
	len = len > UNAUTH_FREE ? len - UNAUTH_FREE : 0;
	d->unauth_bytes = d->unauth_bytes - c->in_acct + len;
	if (len > c->in_acct && d->unauth_bytes > d->conf.unauthenticated_memory) {
		c->in_acct = len;
		conn_fail(c, 0, ERRC_LIMIT, "too much data from unauthenticated connections; "
		    "try again later");
		return -1;
	}
	c->in_acct = len;
	return 0;
}

/* Stops reading the socket (nothing more is buffered, and libevent does not call back
 * for a full input buffer) until conn_resume. */
static void
conn_pause(struct conn *c)
{
	if (!c->paused) {
		c->paused = 1;
		bufferevent_disable(c->bev, EV_READ);
	}
}

static void
conn_resume(struct conn *c)
{
	if (c->paused && !c->closing) {
		c->paused = 0;
		bufferevent_enable(c->bev, EV_READ);
	}
	conn_read(c->bev, c);
}

/* Reading waits while the replies owed and written would pass `max output`, or while the
 * kiosk has its fill of ballots in flight. Before it authenticates a connection has one
 * reply at a time: the next request is read once the last reply has gone to the kernel
 * (else 9,000 pipelining clients that never read would hold `max output` each). */
static int
conn_flow_full(struct conn *c)
{
	size_t out = evbuffer_get_length(bufferevent_get_output(c->bev));

	if (!c->authed && out > 0)
		return 1;
	return out + (size_t)c->inflight * REPLY_OWED > c->d->conf.max_output ||
	    c->inflight >= c->d->conf.ballots_in_flight;
}

static void
conn_read(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	uint8_t		 hdr[FRAME_HDR + MSG_HDR], *p;
	size_t		 avail;
	uint16_t	 type;
	long		 n;

	conn_prio(c);
	c->waiting = 0;
	while (!c->closing) {
		if (conn_account(c) == -1)
			return;
		if (conn_flow_full(c)) {
			/* The peer's own pace, not a stalled frame: no frame deadline. */
			c->t_frame = 0;
			conn_pause(c);
			return;		/* conn_write or conn_ballot_answered go on */
		}
		avail = evbuffer_get_length(in);
		if (avail == 0) {
			c->t_frame = 0;
			break;
		}
		if (avail < FRAME_HDR)
			goto partial;
		evbuffer_copyout(in, hdr, avail < sizeof(hdr) ? FRAME_HDR : sizeof(hdr));
		if ((n = frame_length(hdr)) < 0) {
			conn_fail(c, 0, ERRC_PROTOCOL, "frame length out of range");
			return;
		}
		if (!c->helloed && n > HELLO_FRAME_MAX) {
			conn_fail(c, 0, ERRC_HELLO, "the first message must be hello (this frame "
			    "is larger than any hello)");
			return;
		}
		if ((size_t)n > c->d->conf.max_input) {
			conn_fail(c, 0, ERRC_LIMIT, "frame larger than this daemon's max input");
			return;
		}
		if (avail >= sizeof(hdr)) {
			type = (uint16_t)(hdr[4] << 8 | hdr[5]);
			if (!c->helloed && type != MSG_HELLO) {
				conn_fail(c, (uint32_t)hdr[6] << 24 | (uint32_t)hdr[7] << 16 |
				    (uint32_t)hdr[8] << 8 | hdr[9], ERRC_HELLO,
				    "the first message must be hello");
				return;
			}
			if (c->inflight > 0 && type != MSG_BALLOT_CAST) {
				/* Its reply must follow those of the ballots before it. */
				c->waiting = 1;
				c->t_frame = 0;
				conn_pause(c);
				return;
			}
		}
		if (avail < FRAME_HDR + (size_t)n)
			goto partial;
		if ((p = evbuffer_pullup(in, FRAME_HDR + n)) == NULL) {
			conn_fail(c, 0, ERRC_INTERNAL, "out of memory");
			return;
		}
		c->t_frame = 0;
		c->t_request = now_ms();
		conn_message(c, p + FRAME_HDR, (size_t)n);
		evbuffer_drain(in, FRAME_HDR + n);
	}
	if (conn_account(c) == 0)
		conn_arm(c);
	return;
partial:
	/* A frame has begun: it must be complete within `timeout frame`. */
	if (c->t_frame == 0) {
		c->t_frame = now_ms();
		conn_arm(c);
	}
}

/* Ballot intake (ballot.c) counts the ballots a connection has in flight. */
void
conn_ballot_queued(struct conn *c)
{
	c->inflight++;
}

void
conn_ballot_answered(struct conn *c)
{
	if (c->inflight > 0)
		c->inflight--;
	if (c->closing)
		return;
	if (c->inflight == 0)
		conn_arm(c);	/* idle counts again */
	/* A request waiting behind the ballots, or a kiosk held back by the cap, goes on. */
	if (c->paused && (c->waiting ? c->inflight == 0 : !conn_flow_full(c)))
		conn_resume(c);
}

static void
conn_write(struct bufferevent *bev, void *arg)
{
	struct conn *c = arg;

	(void)bev;
	if (c->closing) {
		conn_free(c);
		return;
	}
	conn_prio(c);
	if (conn_account(c) == -1)	/* its replies have gone: out of the budget */
		return;
	if (c->paused && !c->waiting && !conn_flow_full(c))
		conn_resume(c);		/* frames may be waiting already */
}

/* The earliest deadline that applies now (ms), 0 for none. */
static uint64_t
conn_deadline(const struct conn *c)
{
	const struct config	*cf = &c->d->conf;
	uint64_t		 t = 0, u;

#define EARLIEST(x)	do { u = (x); if (t == 0 || u < t) t = u; } while (0)
	if (c->closing)
		EARLIEST(c->t_close);
	if (!c->helloed && !c->webonly)
		EARLIEST(c->t_accept + (uint64_t)cf->hello_timeout * 1000);
	if (c->t_frame)
		EARLIEST(c->t_frame + (uint64_t)cf->frame_timeout * 1000);
	if (c->helloed && c->inflight == 0 && !c->waiting && !c->webonly)
		EARLIEST(c->t_request + (uint64_t)cf->idle_timeout * 1000);
#undef EARLIEST
	return t;
}

static void
conn_arm(struct conn *c)
{
	uint64_t	t = conn_deadline(c), now;
	struct timeval	tv;

	if (t == 0 || (c->t_armed != 0 && c->t_armed <= t &&
	    evtimer_pending(c->timer, NULL)))
		return;		/* fires no later than needed; it re-checks then */
	now = now_ms();
	t = t > now ? t - now : 0;
	tv.tv_sec = (time_t)(t / 1000);
	tv.tv_usec = (suseconds_t)(t % 1000) * 1000;
	c->t_armed = now + t;
	evtimer_add(c->timer, &tv);
}

static void
conn_timer(evutil_socket_t fd, short what, void *arg)
{
	struct conn		*c = arg;
	const struct config	*cf = &c->d->conf;
	uint64_t		 now = now_ms();
	const char		*why = NULL;

	(void)fd;
	(void)what;
	c->t_armed = 0;
	if (c->keyupdates > TLS_KEYUPDATE_MAX)
		why = "too many TLS key updates";
	else if (c->closing && now >= c->t_close)
		why = "its error reply was not taken";
	else if (!c->helloed && !c->webonly &&
	    now >= c->t_accept + (uint64_t)cf->hello_timeout * 1000)
		why = "sending no hello in time";
	else if (c->t_frame && now >= c->t_frame + (uint64_t)cf->frame_timeout * 1000)
		why = "a frame that did not complete in time";
	else if (c->helloed && c->inflight == 0 && !c->waiting && !c->webonly &&
	    now >= c->t_request + (uint64_t)cf->idle_timeout * 1000)
		why = "idle timeout";
	if (why == NULL) {
		conn_arm(c);
		return;
	}
	log_info("%s: dropped after %s", c->peer, why);
	conn_free(c);
}

static void
conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;
	unsigned long	 e;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		/* The handshake is done; libevent has just made new events for the open
		 * connection, at the default priority. */
		conn_handshake_done(c);
		c->prio = -1;
		conn_prio(c);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		log_info("%s: dropped: it took no replies for %d s", c->peer, WRITE_TIMEOUT);
	else if (what & BEV_EVENT_ERROR) {
		if ((e = bufferevent_get_openssl_error(c->bev)) != 0)
			log_info("%s: TLS error: %s", c->peer, ERR_reason_error_string(e));
		else if (errno)
			log_debug("%s: connection error: %s", c->peer, strerror(errno));
	} else if (what & BEV_EVENT_EOF)
		log_debug("%s: disconnected", c->peer);
	else
		return;
	conn_free(c);
}

/*
 * The handshake guard. OpenSSL takes a ClientHello of up to 128 KiB and allocates (and
 * clears) a buffer of the size its 4-byte header claims as soon as that header arrives:
 * nine bytes from a client held ~170 KiB of the daemon's memory until `timeout hello`
 * (1,000 such connections: +150 MiB). The guard reads the client's plaintext handshake
 * records as they come off the socket (a BIO callback, before OpenSSL sees the bytes) and
 * refuses any handshake message longer than TLS_HELLO_MAX, the second ClientHello after a
 * HelloRetryRequest included. Encrypted records (after the ServerHello) are skipped: the
 * messages in them (Finished, KeyUpdate) are small and OpenSSL bounds them itself.
 */
#define TLS_HELLO_MAX	16384	/* a ClientHello, post-quantum key shares and all, fits */

static int
hg_handshake(struct conn *c, const uint8_t *p, size_t n)
{
	size_t k, len;

	while (n > 0) {
		if (c->hg.hs_left == 0) {
			c->hg.hs[c->hg.nhs++] = *p++;
			n--;
			if (c->hg.nhs < 4)
				continue;
			c->hg.nhs = 0;
			len = (size_t)c->hg.hs[1] << 16 | (size_t)c->hg.hs[2] << 8 | c->hg.hs[3];
			if (len > TLS_HELLO_MAX) {
				log_info("%s: refused: a TLS handshake message of %zu bytes (type %u; "
				    "limit %d)", c->peer, len, c->hg.hs[0], TLS_HELLO_MAX);
				return -1;
			}
			c->hg.hs_left = len;
			continue;
		}
		k = n < c->hg.hs_left ? n : c->hg.hs_left;
		c->hg.hs_left -= k;
		p += k;
		n -= k;
	}
	return 0;
}

static long
hg_bio_cb(BIO *b, int oper, const char *argp, size_t len, int argi, long argl, int ret,
    size_t *processed)
{
	struct conn	*c = (struct conn *)(void *)BIO_get_callback_arg(b);
	const uint8_t	*p = (const uint8_t *)argp;
	size_t		 n, k;

	(void)len;
	(void)argi;
	(void)argl;
	if (oper != (BIO_CB_READ | BIO_CB_RETURN) || ret <= 0 || processed == NULL ||
	    c == NULL || c->hg.off)
		return ret;
	if (SSL_is_init_finished(c->ssl)) {
		c->hg.off = 1;
		return ret;
	}
	for (n = *processed; n > 0; p += k, n -= k) {
		if (c->hg.nrec < 5) {
			c->hg.rec[c->hg.nrec++] = *p;
			k = 1;
			if (c->hg.nrec == 5) {
				c->hg.type = c->hg.rec[0];
				c->hg.rec_left = (size_t)c->hg.rec[3] << 8 | c->hg.rec[4];
				if (c->hg.rec_left == 0)
					c->hg.nrec = 0;
			}
			continue;
		}
		k = n < c->hg.rec_left ? n : c->hg.rec_left;
		if (c->hg.type == 22 && hg_handshake(c, p, k) == -1) {
			c->hg.off = 1;
			*processed = 0;
			return -1;	/* a read error: OpenSSL fails the handshake */
		}
		if ((c->hg.rec_left -= k) == 0)
			c->hg.nrec = 0;
	}
	return ret;
}

static void
hg_msg_cb(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl,
    void *arg)
{
	struct conn *c = arg;

	(void)version;
	(void)ssl;
	if (write_p || content_type != SSL3_RT_HANDSHAKE || len < 1 ||
	    ((const uint8_t *)buf)[0] != SSL3_MT_KEY_UPDATE)
		return;
	/* Not freed here, inside OpenSSL: the connection's timer does it (conn_timer). */
	if (++c->keyupdates == TLS_KEYUPDATE_MAX + 1)
		event_active(c->timer, EV_TIMEOUT, 1);
}

/* A slot for a new connection: under the limits, or by replacing the oldest connection
 * that has not authenticated (it had the longest chance). A peer (address, IPv6 /64)
 * that has unauthenticated connections already replaces its own oldest: a flood that
 * reconnects as fast as it can, from a few addresses, would otherwise turn the whole
 * share over every few milliseconds and take each kiosk's connection before its login
 * (4 of 4 kiosks locked out from 8 addresses on loopback). 0, or -1 to refuse. */
static int
conn_make_room(struct daemon *d, const char *peer, int local, const uint8_t *peerkey,
    int tls)
{
	struct conn	*old;
	struct peer	*pr;

	/* A peer at its cap of TLS handshakes in progress: its oldest handshake goes (it had
	 * the longest chance; a kiosk's takes milliseconds). */
	if (tls && peerkey != NULL && (pr = peer_find(peerkey, 0)) != NULL &&
	    pr->hs >= d->conf.handshakes_per_peer) {
		TAILQ_FOREACH(old, &pr->unauth, pentry)
			if (old->handshaking)
				break;
		if (old != NULL) {
			log_debug("%s: dropped to make room: %u TLS handshakes in progress from "
			    "this address", old->peer, pr->hs);
			d->stat_evicted++;
			conn_free(old);
		}
	}
	if (d->nconns < d->conf.max_connections &&
	    (local || d->nunauth < d->conf.max_unauthenticated))
		return 0;
	old = NULL;
	if (peerkey != NULL && (pr = peer_find(peerkey, 0)) != NULL)
		old = TAILQ_FIRST(&pr->unauth);
	if (old == NULL)
		old = TAILQ_FIRST(&d->unauth);
	if (old == NULL) {
		log_warnx("%s: refused: %u connections already", peer, d->nconns);
		return -1;
	}
	log_info("%s: dropped to make room: %u unauthenticated connections", old->peer,
	    d->nunauth);
	d->stat_evicted++;
	conn_free(old);
	return 0;
}

static struct conn *
conn_setup(struct daemon *d, int fd, const char *peer, int local, SSL_CTX *tls,
    const uint8_t peerkey[16])
{
	struct conn	*c;
	SSL		*ssl;
	struct timeval	 wr = { WRITE_TIMEOUT, 0 };

	if (conn_make_room(d, peer, local, peerkey, tls != NULL) == -1) {
		close(fd);
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return NULL;
	}
	c->d = d;
	c->local = local;
	c->prio = -1;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	if (peerkey) {
		memcpy(c->peerkey, peerkey, 16);
		c->has_peerkey = 1;
	}
	evutil_make_socket_nonblocking(fd);
	if (tls) {
		BIO *bio;

		if ((ssl = SSL_new(tls)) == NULL || (bio = BIO_new_socket(fd, BIO_NOCLOSE)) ==
		    NULL) {
			SSL_free(ssl);
			close(fd);
			free(c);
			return NULL;
		}
		/* The handshake guard sees what OpenSSL reads; libevent uses this BIO's fd. */
		c->ssl = ssl;
		/* One TLS record per read: a record without application data (a KeyUpdate)
		 * returns to the event loop instead of SSL_read looping on to the next, so a
		 * stream of them cannot hold the loop (and every other kiosk) up. */
		SSL_clear_mode(ssl, SSL_MODE_AUTO_RETRY);
		SSL_set_msg_callback(ssl, hg_msg_cb);
		SSL_set_msg_callback_arg(ssl, c);
		BIO_set_callback_ex(bio, hg_bio_cb);
		BIO_set_callback_arg(bio, (char *)c);
		SSL_set_bio(ssl, bio, bio);
		c->bev = bufferevent_openssl_socket_new(d->base, fd, ssl,
		    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
		if (c->bev)
			bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
		else
			SSL_free(ssl);
	} else
		c->bev = bufferevent_socket_new(d->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL || (c->timer = evtimer_new(d->base, conn_timer, c)) == NULL) {
		if (c->bev)
			bufferevent_free(c->bev);
		else
			close(fd);
		free(c);
		return NULL;
	}
	bufferevent_setcb(c->bev, conn_read, conn_write, conn_event, c);
	/* Writes may not stall; reads have deadlines (conn_timer), not inactivity timeouts. */
	bufferevent_set_timeouts(c->bev, NULL, &wr);
	/* Before HELLO, nothing larger than a HELLO is read. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, FRAME_HDR + HELLO_FRAME_MAX);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	if (c->has_peerkey && (c->pr = peer_find(c->peerkey, 1)) == NULL) {
		event_free(c->timer);
		bufferevent_free(c->bev);
		free(c);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&d->conns, c, entry);
	d->nconns++;
	c->t_accept = c->t_request = now_ms();
	if (local)
		c->authed = 1;	/* the socket's credentials were checked (listen.c) */
	else {
		TAILQ_INSERT_TAIL(&d->unauth, c, uentry);
		d->nunauth++;
	}
	conn_prio(c);
	if (c->pr) {
		c->pr->n++;
		if (!c->authed)
			TAILQ_INSERT_TAIL(&c->pr->unauth, c, pentry);
		if (tls) {
			c->handshaking = 1;
			c->pr->hs++;
		}
	}
	conn_arm(c);
	log_debug("%s: connected%s", c->peer, tls ? " (TLS)" : "");
	return c;
}

void
conn_accept(struct daemon *d, int fd, const char *peer, int local, SSL_CTX *tls,
    const uint8_t peerkey[16])
{
	(void)conn_setup(d, fd, peer, local, tls, peerkey);
}

/* The web site's end of its socketpair (web_spawn.c): never evicted, no hello or idle
 * timeout, and it may send hello and public-submit only (conn_message). The web process
 * holds no key and has no other way into the daemon. */
void
conn_accept_web(struct daemon *d, int fd)
{
	struct conn *c;

	if ((c = conn_setup(d, fd, "web site", 1, NULL, NULL)) != NULL)
		c->webonly = 1;
}

static void
conn_free(struct conn *c)
{
	TAILQ_REMOVE(&c->d->conns, c, entry);
	c->d->nconns--;
	if (!c->authed) {
		TAILQ_REMOVE(&c->d->unauth, c, uentry);
		c->d->nunauth--;
		c->d->unauth_bytes -= c->in_acct;
	}
	conn_handshake_done(c);
	if (c->pr) {
		if (!c->authed)
			TAILQ_REMOVE(&c->pr->unauth, c, pentry);
		if (--c->pr->n == 0) {
			LIST_REMOVE(c->pr, entry);
			free(c->pr);
		}
		c->pr = NULL;
	}
	event_free(c->timer);
	ballot_conn_gone(c->d, c);
	sodium_memzero(&c->ks, sizeof(c->ks));
	bufferevent_free(c->bev);
	free(c);
	/* Under a flood of connections that come and go, give freed TLS and buffer memory
	 * back now and then, or the heap keeps the high-water mark of the churn. Not more
	 * than every TRIM_EVERY_MS: a trim walks the whole heap and held the event loop for
	 * 20-37 ms (measured under the abuse bench's flood), and at every 256th close it
	 * ran more than once a second, each time delaying every kiosk's ballot in flight. */
	if (++c_freed >= 256 && now_ms() - t_trimmed >= TRIM_EVERY_MS) {
		malloc_trim(0);
		c_freed = 0;
		t_trimmed = now_ms();
	}
}

void
conn_close_all(struct daemon *d)
{
	struct conn *c;

	while ((c = TAILQ_FIRST(&d->conns)) != NULL)
		conn_free(c);
}
