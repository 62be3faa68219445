/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit.c — what the daemon does for auditors (docs/audit.md):
 *
 *   checkpoints   every `checkpoint interval` seconds, each voting round whose ledger grew
 *                 gets a signed checkpoint (event count, chain head, ballots) as a daemon
 *                 event; CHECKPOINT_GET returns the latest (read-only, writes nothing);
 *                 an organiser's signed CHECKPOINT_MAKE signs one now (rate-limited)
 *   close         right after a round's close event: the signed close statement (ballot
 *                 count, digest of the sorted ballot hashes, the close event's seq and hash)
 *   result        the signed result statement (result.c calls this in its transaction)
 *   lists         EVENT_LIST (a round's events without ballots: set-up, statements;
 *                 round 0 for villages and kiosks), CREDENTIAL_LIST (after close, without
 *                 times), ORGANISER_LIST, and the organiser-signed LEDGER_LIST (everything,
 *                 with times, for the village's audit committee)
 *
 * The timer lives here rather than in struct daemon: there is one daemon per process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sodium.h>

#include "audit_daemon.h"
#include "frame.h"
#include "result.h"

static struct event	*checkpoint_timer;

/* Appends a daemon event of this type with a statement as its body. */
static int
append_statement(MDB_txn *txn, struct store *s, uint32_t round, uint16_t type,
    const struct wire_schema *schema, const void *st, int64_t when)
{
	struct actor	who;
	struct wbuf	body;
	int		rc;

	wbuf_init(&body);
	wire_encode(&body, schema, st);
	if (body.oom) {
		wbuf_free(&body);
		return ENOMEM;
	}
	memset(&who, 0, sizeof(who));
	who.type = type;
	who.body = body.p;
	who.bodylen = body.len;
	rc = ledger_append(txn, s, round, &who, round, when, NULL);
	wbuf_free(&body);
	return rc;
}

int
audit_checkpoint(struct daemon *d, MDB_txn *txn, uint32_t round, int64_t now, int *made)
{
	struct store		*s = &d->store;
	struct checkpoint	 cp;
	struct round_counts	 counts;
	uint16_t		 type;
	int			 rc;

	*made = 0;
	memset(&cp, 0, sizeof(cp));
	if ((rc = ledger_head(txn, s, round, &cp.events, cp.head)) != 0 || cp.events == 0)
		return rc;
	if ((rc = ledger_type(txn, s, round, cp.events, &type)) != 0)
		return rc;
	if (type == EVENT_CHECKPOINT)
		return 0;	/* nothing happened since the last one */
	if ((rc = counts_get(txn, s, round, &counts)) != 0)
		return rc;
	cp.round = round;
	cp.ballots = counts.ballots;
	cp.time = now;
	if (statement_sign(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, d->id.sk) != 0)
		return ENOMEM;
	if ((rc = append_statement(txn, s, round, EVENT_CHECKPOINT, &schema_checkpoint, &cp,
	    now)) == 0)
		*made = 1;
	return rc;
}

int
audit_close(struct daemon *d, MDB_txn *txn, uint32_t round)
{
	struct store			*s = &d->store;
	struct close_statement		 cs;
	struct round			 r;
	crypto_generichash_state	 st;
	MDB_cursor			*cur;
	MDB_val				 k, v;
	uint8_t				 start[4 + HASH_BYTES];
	int				 rc;

	memset(&cs, 0, sizeof(cs));
	if ((rc = store_get_id(txn, s->rounds, round, &schema_round, &r)) != 0)
		return rc;
	cs.closed = r.closed;
	wire_free(&schema_round, &r);
	cs.round = round;
	if ((rc = ledger_head(txn, s, round, &cs.events, cs.head)) != 0)
		return rc;
	/* The ballots database is keyed round || hash: its order is the sorted order. */
	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	memset(start, 0, sizeof(start));
	be32(start, round);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, s->ballots, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		crypto_generichash_update(&st, (const uint8_t *)k.mv_data + 4, HASH_BYTES);
		cs.ballots++;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	crypto_generichash_final(&st, cs.ballots_hash, HASH_BYTES);
	if (statement_sign(DOMAIN_CLOSE, &schema_close_statement, &cs, d->id.sk) != 0)
		return ENOMEM;
	return append_statement(txn, s, round, EVENT_CLOSE, &schema_close_statement, &cs,
	    cs.closed ? cs.closed : now_seconds());
}

int
audit_result(struct daemon *d, MDB_txn *txn, const struct result *res)
{
	struct store		*s = &d->store;
	struct result_statement	 st;
	struct close_statement	 cs;
	struct event		 ev;
	uint8_t			 close_hash[HASH_BYTES];
	uint64_t		 seq;
	int			 rc;

	if ((rc = ledger_find(txn, s, res->round, EVENT_CLOSE, &seq)) != 0)
		return rc;
	if (seq == 0) {
		if ((rc = audit_close(d, txn, res->round)) != 0 ||
		    (rc = ledger_find(txn, s, res->round, EVENT_CLOSE, &seq)) != 0)
			return rc;
		if (seq == 0)
			return MDB_CORRUPTED;
	}
	if ((rc = ledger_get(txn, s, res->round, seq, &ev)) != 0)
		return rc;
	crypto_generichash(close_hash, HASH_BYTES, ev.body.p, ev.body.len, NULL, 0);
	rc = wire_decode_all(ev.body.p, ev.body.len, &schema_close_statement, &cs, NULL);
	wire_free(&schema_event, &ev);
	if (rc != 0)
		return MDB_CORRUPTED;
	/* The count read the same ballots the close statement hashed; if not, the store is
	 * not what it was at close, and no result may be signed. */
	if (cs.ballots != res->ballots ||
	    memcmp(cs.ballots_hash, res->ballots_hash, HASH_BYTES) != 0) {
		log_warnx("round %u: the ballots counted are not those of the close statement",
		    res->round);
		return MDB_CORRUPTED;
	}
	if (result_statement_make(res, close_hash, &st) != 0)
		return ENOMEM;
	rc = statement_sign(DOMAIN_RESULT, &schema_result_statement, &st, d->id.sk) != 0 ?
	    ENOMEM : append_statement(txn, s, res->round, EVENT_RESULT,
	    &schema_result_statement, &st, res->computed);
	wire_free(&schema_result_statement, &st);
	return rc;
}

/* ---- the checkpoint timer ------------------------------------------------------------- */

struct voting_scan {
	struct daemon	*d;
	MDB_txn		*txn;
	uint32_t	*ids;
	size_t		 n, cap;
	int		 oom;
};

/* Voting rounds whose last event is not a checkpoint. */
static int
voting_one(void *rec, void *arg)
{
	struct round		*r = rec;
	struct voting_scan	*vs = arg;
	uint8_t			 hash[HASH_BYTES];
	uint64_t		 seq;
	uint16_t		 type;
	uint32_t		*p;

	if (r->state != ROUND_VOTING)
		return 0;
	if (ledger_head(vs->txn, &vs->d->store, r->id, &seq, hash) != 0 || seq == 0 ||
	    ledger_type(vs->txn, &vs->d->store, r->id, seq, &type) != 0 ||
	    type == EVENT_CHECKPOINT)
		return 0;
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 8;
		if ((p = reallocarray(vs->ids, vs->cap, sizeof(*p))) == NULL) {
			vs->oom = 1;
			return 1;
		}
		vs->ids = p;
	}
	vs->ids[vs->n++] = r->id;
	return 0;
}

struct checkpoint_all {
	struct daemon	*d;
	const uint32_t	*ids;
	size_t		 n, made;
};

static int
checkpoint_all_txn(MDB_txn *txn, void *arg)
{
	struct checkpoint_all	*ca = arg;
	int64_t			 now = now_seconds();
	size_t			 i;
	int			 rc, made;

	ca->made = 0;
	for (i = 0; i < ca->n; i++) {
		if ((rc = audit_checkpoint(ca->d, txn, ca->ids[i], now, &made)) != 0)
			return rc;
		ca->made += made;
	}
	return 0;
}

static void
checkpoint_fire(evutil_socket_t fd, short what, void *arg)
{
	struct daemon		*d = arg;
	struct voting_scan	 vs;
	struct checkpoint_all	 ca;
	struct round		 r;
	int			 rc;

	(void)fd;
	(void)what;
	memset(&vs, 0, sizeof(vs));
	vs.d = d;
	/* Look first with a reader: an idle daemon commits nothing. */
	if (store_read(&d->store, &vs.txn) != 0)
		return;
	rc = store_each(vs.txn, d->store.rounds, &schema_round, &r, voting_one, &vs);
	mdb_txn_abort(vs.txn);
	if (rc == 0 && !vs.oom && vs.n > 0) {
		ca.d = d;
		ca.ids = vs.ids;
		ca.n = vs.n;
		if ((rc = store_write(&d->store, checkpoint_all_txn, &ca)) != 0)
			log_warnx("checkpoints could not be stored: %s", store_strerror(rc));
		else
			log_debug("%zu checkpoint(s) signed", ca.made);
	}
	free(vs.ids);
}

void
audit_init(struct daemon *d)
{
	struct timeval tv = { (time_t)(d->conf.checkpoint_interval ?
	    d->conf.checkpoint_interval : 60), 0 };

	if (checkpoint_timer != NULL)
		return;
	if ((checkpoint_timer = event_new(d->base, -1, EV_PERSIST, checkpoint_fire, d)) ==
	    NULL || event_add(checkpoint_timer, &tv) != 0)
		fatalx("cannot create the checkpoint timer");
}

void
audit_free(struct daemon *d)
{
	(void)d;
	if (checkpoint_timer)
		event_free(checkpoint_timer);
	checkpoint_timer = NULL;
}

/* ---- requests --------------------------------------------------------------------------- */

int
audit_is_request(uint16_t type)
{
	return type == MSG_CHECKPOINT_GET || type == MSG_EVENT_LIST ||
	    type == MSG_CREDENTIAL_LIST || type == MSG_ORGANISER_LIST;
}

/* The round's latest checkpoint, read-only: anyone may ask, nothing is written (making
 * one on demand is CHECKPOINT_MAKE, an organiser's signed request). */
static int
checkpoint_get(struct daemon *d, struct conn *c, uint32_t reqid, uint32_t round)
{
	struct checkpoint	 cp;
	struct event		 ev;
	struct round		 r;
	MDB_txn			*txn;
	uint64_t		 seq;
	int			 rc;

	if ((rc = store_read(&d->store, &txn)) != 0)
		return rc;
	rc = store_get_id(txn, d->store.rounds, round, &schema_round, &r);
	if (rc == MDB_NOTFOUND) {
		conn_error(c, reqid, ERRC_NOTFOUND, "id", "there is no round %u", round);
		rc = 0;
		goto done;
	}
	if (rc != 0)
		goto done;
	if (r.state == ROUND_DRAFT) {
		conn_error(c, reqid, ERRC_STATE, "id", "round %u is a draft: checkpoints begin "
		    "when it opens", round);
		wire_free(&schema_round, &r);
		goto done;
	}
	wire_free(&schema_round, &r);
	if ((rc = ledger_find(txn, &d->store, round, EVENT_CHECKPOINT, &seq)) == 0 && seq == 0)
		conn_error(c, reqid, ERRC_NOTFOUND, "id", "round %u has no checkpoint yet (the "
		    "daemon signs one every checkpoint interval while it is voting; a round that "
		    "closed before the first is covered by its close statement)", round);
	else if (rc == 0 && (rc = ledger_get(txn, &d->store, round, seq, &ev)) == 0) {
		if (wire_decode_all(ev.body.p, ev.body.len, &schema_checkpoint, &cp, NULL) == 0)
			conn_send(c, MSG_CHECKPOINT, reqid, &schema_checkpoint, &cp);
		else
			rc = MDB_CORRUPTED;
		wire_free(&schema_event, &ev);
	}
done:
	mdb_txn_abort(txn);
	return rc;
}

struct on_demand {
	struct daemon		*d;
	const struct msg_in	*m;
	uint32_t		 round;
	int			 made, refused;
	char			 why[160];
};

static int
on_demand_txn(MDB_txn *txn, void *arg)
{
	struct on_demand	*od = arg;
	struct round		 r;
	int			 rc;

	od->refused = 0;
	if ((rc = ledger_counter(txn, &od->d->store, od->m->key, od->m->counter)) == -1) {
		od->refused = ERRC_REPLAY;
		snprintf(od->why, sizeof(od->why), "request counter is not above the last one "
		    "seen for this key (replayed request, or the clock went back)");
		return -1;
	}
	if (rc != 0)
		return rc;
	if ((rc = store_get_id(txn, od->d->store.rounds, od->round, &schema_round, &r)) ==
	    MDB_NOTFOUND) {
		od->refused = ERRC_NOTFOUND;
		snprintf(od->why, sizeof(od->why), "there is no round %u", od->round);
		return 0;	/* the counter is spent all the same */
	}
	if (rc != 0)
		return rc;
	if (r.state != ROUND_VOTING) {
		od->refused = ERRC_STATE;
		snprintf(od->why, sizeof(od->why), "round %u is %s: checkpoints are signed "
		    "while it is voting", od->round, round_state_name(r.state));
		wire_free(&schema_round, &r);
		return 0;
	}
	wire_free(&schema_round, &r);
	return audit_checkpoint(od->d, txn, od->round, now_seconds(), &od->made);
}

void
audit_checkpoint_make(struct daemon *d, struct conn *c, const struct msg_in *m,
    const char *organiser, uint32_t round)
{
	static int64_t		 last;	/* the last on-demand checkpoint, any round */
	struct on_demand	 od;
	int64_t			 now = now_seconds();
	int			 rc;

	if (last != 0 && now >= last && now - last < (int64_t)d->conf.checkpoint_request) {
		conn_error(c, m->reqid, ERRC_LIMIT, NULL, "a checkpoint was made on request %lld "
		    "s ago; the next may be asked after %u s (checkpoint request-interval)",
		    (long long)(now - last), d->conf.checkpoint_request);
		return;
	}
	last = now;	/* refused requests count too: each costs a write */
	memset(&od, 0, sizeof(od));
	od.d = d;
	od.m = m;
	od.round = round;
	if ((rc = store_write(&d->store, on_demand_txn, &od)) == -1 || od.refused) {
		conn_error(c, m->reqid, od.refused, "id", "%s", od.why);
		return;
	}
	if (rc != 0) {
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "the checkpoint could not be stored: "
		    "%s", store_strerror(rc));
		return;
	}
	log_info("round %u: checkpoint %s on request of organiser \"%s\"", round,
	    od.made ? "signed" : "not needed (the ledger did not grow)", organiser);
	if ((rc = checkpoint_get(d, c, m->reqid, round)) != 0)
		conn_error(c, m->reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
}

/* A page of events after q->after: all of them (ledger), or all but ballots (public). The
 * page ends well inside FRAME_MAX but always holds at least one event. */
static int
event_page(struct daemon *d, struct conn *c, uint32_t reqid, MDB_txn *txn,
    const struct event_page_req *q, int with_ballots)
{
	struct event_page	 pg;
	struct event		*ev;
	MDB_cursor		*cur;
	MDB_val			 k, v;
	uint8_t			 start[12];
	uint32_t		 max = q->max ? q->max : EVENTS_PER_PAGE;
	size_t			 bytes = 0;
	const uint8_t		*p;
	int			 rc;

	memset(&pg, 0, sizeof(pg));
	if ((pg.events.items = calloc(max, sizeof(struct event))) == NULL)
		return ENOMEM;
	be32(start, q->round);
	be64(start + 4, q->after + 1);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, d->store.events, &cur)) != 0) {
		free(pg.events.items);
		return rc;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		p = v.mv_data;
		if (!with_ballots && v.mv_size > 21 && (p[20] << 8 | p[21]) == MSG_BALLOT_CAST)
			continue;
		if (pg.events.n == max || (pg.events.n > 0 &&
		    bytes + v.mv_size > FRAME_MAX * 3 / 4)) {
			pg.more = 1;
			break;
		}
		ev = (struct event *)pg.events.items + pg.events.n;
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_event, ev, NULL) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		pg.events.n++;
		bytes += v.mv_size;
	}
	mdb_cursor_close(cur);
	if (rc == 0 || rc == MDB_NOTFOUND) {
		conn_send(c, MSG_EVENTS, reqid, &schema_event_page, &pg);
		rc = 0;
	}
	wire_free(&schema_event_page, &pg);
	return rc;
}

/* Round 0 is the daemon-wide ledger; any other round must exist. */
static int
round_exists(struct daemon *d, struct conn *c, uint32_t reqid, MDB_txn *txn, uint32_t id,
    struct round *r, int *found)
{
	int rc;

	*found = 0;
	if (id == 0)
		return 0;
	rc = store_get_id(txn, d->store.rounds, id, &schema_round, r);
	if (rc == MDB_NOTFOUND) {
		conn_error(c, reqid, ERRC_NOTFOUND, "round", "there is no round %u", id);
		return 0;
	}
	if (rc == 0)
		*found = 1;
	return rc;
}

static int
credential_page(struct daemon *d, struct conn *c, uint32_t reqid, MDB_txn *txn,
    const struct credential_page_req *q)
{
	struct credential_page	 pg;
	struct credential	*cr;
	struct round		 r;
	MDB_cursor		*cur;
	MDB_val			 k, v;
	uint8_t			 start[4 + KEY_BYTES];
	uint32_t		 max = q->max ? q->max : CREDENTIALS_PER_PAGE;
	int			 rc, found;

	if ((rc = round_exists(d, c, reqid, txn, q->round, &r, &found)) != 0)
		return rc;
	if (q->round == 0)
		conn_error(c, reqid, ERRC_NOTFOUND, "round", "round 0 has no credentials");
	if (!found)
		return 0;
	found = r.state == ROUND_CLOSED || r.state == ROUND_TALLIED;
	if (!found)
		conn_error(c, reqid, ERRC_STATE, "round", "round %u is %s: who has voted is "
		    "published only after it closes", q->round, round_state_name(r.state));
	wire_free(&schema_round, &r);
	if (!found)
		return 0;
	memset(&pg, 0, sizeof(pg));
	if ((pg.credentials.items = calloc(max, sizeof(struct credential))) == NULL)
		return ENOMEM;
	be32(start, q->round);
	memcpy(start + 4, q->after, KEY_BYTES);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, d->store.credentials, &cur)) != 0) {
		free(pg.credentials.items);
		return rc;
	}
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && k.mv_size == sizeof(start) && memcmp(k.mv_data, start,
	    sizeof(start)) == 0)
		rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);	/* "after" is exclusive */
	for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		if (pg.credentials.n == max) {
			pg.more = 1;
			break;
		}
		cr = (struct credential *)pg.credentials.items + pg.credentials.n;
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_credential, cr, NULL) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		cr->changed = 0;	/* when a credential was used is when someone voted */
		pg.credentials.n++;
	}
	mdb_cursor_close(cur);
	if (rc == 0 || rc == MDB_NOTFOUND) {
		conn_send(c, MSG_CREDENTIALS, reqid, &schema_credential_page, &pg);
		rc = 0;
	}
	wire_free(&schema_credential_page, &pg);
	return rc;
}

static void
organiser_list(struct daemon *d, struct conn *c, uint32_t reqid)
{
	struct organiser_list	 ol;
	struct organiser	*o;
	MDB_txn			*txn;
	size_t			 i, n = 0;
	int			 rc;

	memset(&ol, 0, sizeof(ol));
	if ((o = calloc(d->conf.norganisers + 1, sizeof(*o))) == NULL) {
		conn_error(c, reqid, ERRC_INTERNAL, NULL, "out of memory");
		return;
	}
	if ((rc = store_read(&d->store, &txn)) == 0) {
		/* Scope and `until` as published (scope.c); retired keys stay listed. */
		for (n = 0; n < d->conf.norganisers; n++)
			if (organiser_publish(d, txn, &d->conf.organisers[n], &o[n]) != 0)
				break;
		mdb_txn_abort(txn);
	}
	if (rc != 0 || n < d->conf.norganisers)
		conn_error(c, reqid, ERRC_STORAGE, NULL, "cannot list the organisers");
	else {
		ol.items.items = o;
		ol.items.n = (uint32_t)d->conf.norganisers;
		conn_send(c, MSG_ORGANISERS, reqid, &schema_organiser_list, &ol);
	}
	for (i = 0; i < n; i++)
		free(o[i].villages.items);
	free(o);
}

void
audit_request(struct daemon *d, struct conn *c, uint32_t reqid, uint16_t type,
    const void *rec)
{
	const struct event_page_req	*eq = rec;
	struct round			 r;
	MDB_txn				*txn;
	int				 rc = 0, found;

	switch (type) {
	case MSG_ORGANISER_LIST:
		organiser_list(d, c, reqid);
		return;
	case MSG_CHECKPOINT_GET:
		rc = checkpoint_get(d, c, reqid, ((const struct ref *)rec)->id);
		break;
	case MSG_EVENT_LIST:
	case MSG_CREDENTIAL_LIST:
		if ((rc = store_read(&d->store, &txn)) != 0)
			break;
		if (type == MSG_CREDENTIAL_LIST)
			rc = credential_page(d, c, reqid, txn, rec);
		else if ((rc = round_exists(d, c, reqid, txn, eq->round, &r, &found)) == 0 &&
		    (found || eq->round == 0)) {
			if (found)
				wire_free(&schema_round, &r);
			rc = event_page(d, c, reqid, txn, eq, 0);
		}
		mdb_txn_abort(txn);
		break;
	}
	if (rc != 0)
		conn_error(c, reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
}

void
audit_ledger_list(struct daemon *d, struct conn *c, uint32_t reqid,
    const struct event_page_req *q)
{
	struct round	 r;
	MDB_txn		*txn;
	int		 rc, found;

	if ((rc = store_read(&d->store, &txn)) == 0) {
		if ((rc = round_exists(d, c, reqid, txn, q->round, &r, &found)) == 0 &&
		    (found || q->round == 0)) {
			if (found)
				wire_free(&schema_round, &r);
			rc = event_page(d, c, reqid, txn, q, 1);
		}
		mdb_txn_abort(txn);
	}
	if (rc != 0)
		conn_error(c, reqid, ERRC_STORAGE, NULL, "cannot read the store: %s",
		    store_strerror(rc));
}
