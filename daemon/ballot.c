/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ballot.c — taking ballots in, durably and fast: a pipeline over both cores with a group
 * commit (DESIGN §6, docs/protocol.md §11).
 *
 * A durable LMDB commit costs ~7–10 ms here whatever its size, and checking a ballot's two
 * Ed25519 signatures ~70 µs of CPU. So ballots flow through three stages, each on its own
 * thread, and every stage takes as many as have queued up:
 *
 *   event loop     read, decode ─▶ verify queue
 *   verifiers      (one per core) both signatures, canonical encoding, hash
 *   event loop     verified ballots join the next batch IN ARRIVAL ORDER (a ballot waits
 *                  for those that came before it, so every connection gets its replies in
 *                  the order of its requests); when the writer is idle and no
 *                  connection has input waiting (a low-priority event), the batch goes
 *   writer         ONE write transaction: per ballot, in order, round state, kiosk,
 *                  credential and ballot rules against the transaction's own view (so one
 *                  credential twice in a batch is caught) and write ballot + used
 *                  credential + counts + ledger event, or record a refusal and write
 *                  nothing for that ballot; then ONE fsync'ed commit; then receipts signed
 *   event loop     only now answer every kiosk in the batch (fsync before reply, Redis'
 *                  AE_BARRIER idea)
 *
 * While the writer commits one batch the loop keeps reading and the verifiers keep
 * checking, so the next batch is ready when the commit returns: batches grow with load.
 *
 * Threads and LMDB: only the writer writes ballots; the loop's other writes (organiser
 * commands, the count) wait until the writer is idle (store.c's before_write hook), which
 * also keeps map growth — only legal with no transaction open in the process — on the loop
 * thread at a quiet moment. Workers never touch a connection: a job carries its conn
 * pointer for the loop, which clears it when the connection goes (ballot_conn_gone).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "ballot.h"
#include "code.h"
#include "dorpsstemd.h"

#define VERIFIERS_MAX	8

enum job_stage { JOB_VERIFY, JOB_VERIFIED, JOB_BATCH, JOB_COMMIT, JOB_COMMITTED };

struct job {
	TAILQ_ENTRY(job)	 all;		/* every job in flight (under mu) */
	TAILQ_ENTRY(job)	 link;		/* the stage's queue */
	TAILQ_ENTRY(job)	 ord;		/* arrival order, until it joins a batch */
	int			 verified;	/* the verifier is done with it (under mu) */
	int			 bad;		/* refused by the verifier; passes through */
	struct conn		*c;		/* loop thread only; NULL once it has gone */
	uint32_t		 reqid;
	struct ballot		 b;
	uint8_t			 kiosk_key[KEY_BYTES];
	uint8_t			*enc;		/* canonical encoding, as hashed and stored */
	size_t			 enclen;
	uint8_t			 hash[HASH_BYTES];
	int			 code;		/* 0: stored */
	const char		*field;
	char			 msg[256];
	uint8_t			 sig[SIG_BYTES];	/* the receipt signature */
};

TAILQ_HEAD(jobq, job);

struct ballot_queue {
	struct daemon	*d;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work;		/* verifiers: verify queue not empty, or stopping */
	pthread_cond_t	 write;		/* writer: a batch was handed over, or stopping */
	pthread_cond_t	 idle;		/* loop: the writer finished */
	struct jobq	 all, verify, order, batch, commit, committed;
	int		 writer_busy, stopping, commit_rc;
	uint64_t	 commit_stored;
	pthread_t	 verifiers[VERIFIERS_MAX];
	int		 nverifiers;
	pthread_t	 writer;
	int		 have_writer;
	struct event	*ev_verified, *ev_committed, *ev_flush;
	struct event	*ev_flush_late;	/* the flush a busy loop may not delay longer */
};

/* However busy the loop is with other connections (a flood of strangers keeps input
 * waiting all the time), a batch waits at most this long for the low-priority flush. */
#define FLUSH_WAIT_US	2000

static void	job_free(struct job *);

/* ---- verifiers ----------------------------------------------------------------------- */

static void
job_verify(struct job *j)
{
	struct wbuf	enc;
	int		rc;

	if (j->code != 0)
		return;		/* refused before it was queued: keeps its place only */
	if ((rc = ballot_verify(&j->b, j->kiosk_key)) != 0) {
		j->code = ERRC_SIGNATURE;
		j->field = rc == 1 ? "voter_sig" : "kiosk_sig";
		snprintf(j->msg, sizeof(j->msg), "%s", rc == 1 ?
		    "De handtekening met de stemcode klopt niet." :
		    "De handtekening van de stemcomputer klopt niet.");
		return;
	}
	wbuf_init(&enc);
	wire_encode(&enc, &schema_ballot, &j->b);
	if (enc.oom) {
		wbuf_free(&enc);
		j->code = ERRC_INTERNAL;
		snprintf(j->msg, sizeof(j->msg), "out of memory");
		return;
	}
	crypto_generichash(j->hash, HASH_BYTES, enc.p, enc.len, NULL, 0);
	j->enc = enc.p;
	j->enclen = enc.len;
}

static void *
verifier_main(void *arg)
{
	struct ballot_queue	*q = arg;
	struct job		*j;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (TAILQ_EMPTY(&q->verify) && !q->stopping)
			pthread_cond_wait(&q->work, &q->mu);
		if (q->stopping)
			break;
		j = TAILQ_FIRST(&q->verify);
		TAILQ_REMOVE(&q->verify, j, link);
		pthread_mutex_unlock(&q->mu);
		job_verify(j);
		pthread_mutex_lock(&q->mu);
		j->verified = 1;
		j->bad = j->code != 0;
		/* Only the oldest ballot's turn lets anything move on. */
		if (j == TAILQ_FIRST(&q->order))
			event_active(q->ev_verified, EV_READ, 0);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
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
	struct jobq		*jobs;
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
refuse(struct job *p, int code, const char *msg)
{
	p->code = code;
	snprintf(p->msg, sizeof(p->msg), "%s", msg);
	return 0;
}

/* Checks one ballot against the transaction's view and stores it. 0: decided (stored or
 * refused, see p->code); else an LMDB error that aborts the whole batch. */
static int
batch_one(struct batch *bt, MDB_txn *txn, struct job *p)
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
	struct job	*j;
	int		 rv = 0;

	batch_caches_free(bt);	/* a fresh start each attempt */
	bt->stored = 0;
	TAILQ_FOREACH(j, bt->jobs, link) {
		if (j->bad)
			continue;	/* refused by its verifier: keeps that answer */
		j->code = 0;
		j->msg[0] = '\0';
		j->field = NULL;
	}
	TAILQ_FOREACH(j, bt->jobs, link)
		if (!j->bad && (rv = batch_one(bt, txn, j)) != 0)
			break;
	return rv;
}

/* One transaction for the whole batch, committed once. No map growth here: that is the
 * loop's job, with this thread idle (MDB_MAP_FULL goes back to the loop). */
static int
writer_commit(struct ballot_queue *q, struct jobq *jobs, uint64_t *stored)
{
	struct batch	 bt;
	struct job	*j;
	MDB_txn		*txn;
	int		 rc;

	memset(&bt, 0, sizeof(bt));
	bt.d = q->d;
	bt.jobs = jobs;
	if ((rc = mdb_txn_begin(q->d->store.env, NULL, 0, &txn)) != 0)
		return rc;
	if ((rc = batch_txn(txn, &bt)) == 0)
		rc = mdb_txn_commit(txn);
	else
		mdb_txn_abort(txn);
	batch_caches_free(&bt);
	if (rc != 0)
		return rc;
	*stored = bt.stored;
	/* Receipts are signed here, on this core, not on the loop's. */
	TAILQ_FOREACH(j, jobs, link)
		if (j->code == 0)
			receipt_sign(j->b.round, j->hash, q->d->id.sk, j->sig);
	return 0;
}

static void *
writer_main(void *arg)
{
	struct ballot_queue	*q = arg;
	struct jobq		 jobs;
	uint64_t		 stored = 0;
	int			 rc;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (TAILQ_EMPTY(&q->commit) && !q->stopping)
			pthread_cond_wait(&q->write, &q->mu);
		if (TAILQ_EMPTY(&q->commit))
			break;		/* stopping, with nothing handed over */
		TAILQ_INIT(&jobs);
		TAILQ_CONCAT(&jobs, &q->commit, link);
		pthread_mutex_unlock(&q->mu);
		stored = 0;
		rc = writer_commit(q, &jobs, &stored);
		pthread_mutex_lock(&q->mu);
		q->commit_rc = rc;
		q->commit_stored = rc == 0 ? stored : 0;
		TAILQ_CONCAT(&q->committed, &jobs, link);
		q->writer_busy = 0;
		pthread_cond_broadcast(&q->idle);
		event_active(q->ev_committed, EV_READ, 0);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* ---- the loop's side --------------------------------------------------------------------- */

static void
job_free(struct job *j)
{
	wire_free(&schema_ballot, &j->b);
	free(j->enc);
	free(j);
}

/* Answers and frees a finished job (loop thread, mu not held). */
static void
job_finish(struct ballot_queue *q, struct job *j, int storage_rc)
{
	struct receipt	r;
	char		code[RECEIPT_TEXT_MAX];
	struct conn	*c = j->c;

	if (j->c == NULL)
		;	/* the kiosk went away; it will ask BALLOT_STATUS */
	else if (storage_rc != 0)
		conn_error(j->c, j->reqid, ERRC_STORAGE, NULL, "De stem kon niet worden "
		    "opgeslagen (%s). Probeer het zo nog eens.", store_strerror(storage_rc));
	else if (j->code != 0)
		conn_error(j->c, j->reqid, j->code, j->field, "%s", j->msg);
	else {
		r.round = j->b.round;
		memcpy(r.hash, j->hash, HASH_BYTES);
		receipt_code(j->hash, code);
		r.code = code;
		memcpy(r.sig, j->sig, SIG_BYTES);
		conn_send(j->c, MSG_RECEIPT, j->reqid, &schema_receipt, &r);
	}
	pthread_mutex_lock(&q->mu);
	TAILQ_REMOVE(&q->all, j, all);
	pthread_mutex_unlock(&q->mu);
	job_free(j);
	if (c != NULL)
		conn_ballot_answered(c);	/* may read the connection's next request */
}

static void
flush_soon(struct ballot_queue *q)
{
	struct timeval tv = { 0, FLUSH_WAIT_US };

	event_active(q->ev_flush, EV_TIMEOUT, 0);
	if (!evtimer_pending(q->ev_flush_late, NULL))
		evtimer_add(q->ev_flush_late, &tv);
}

/* Verified ballots join the batch in arrival order, refused ones too (they pass through
 * the writer untouched), so that replies keep the order of the requests. */
static void
on_verified(evutil_socket_t fd, short what, void *arg)
{
	struct ballot_queue	*q = arg;
	struct job		*j;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&q->mu);
	while ((j = TAILQ_FIRST(&q->order)) != NULL && j->verified) {
		TAILQ_REMOVE(&q->order, j, ord);
		TAILQ_INSERT_TAIL(&q->batch, j, link);	/* loop-owned queue */
	}
	pthread_mutex_unlock(&q->mu);
	if (!TAILQ_EMPTY(&q->batch))
		flush_soon(q);
}

/* Low priority: runs once no connection has input waiting. Hands the batch over. */
static void
on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct ballot_queue	*q = arg;
	int			 busy;

	(void)fd;
	(void)what;
	if (TAILQ_EMPTY(&q->batch))
		return;
	pthread_mutex_lock(&q->mu);
	busy = q->writer_busy;
	pthread_mutex_unlock(&q->mu);
	if (busy)
		return;		/* on_committed flushes again */
	store_prepare(&q->d->store);	/* grows the map if needed: the writer is idle */
	pthread_mutex_lock(&q->mu);
	TAILQ_CONCAT(&q->commit, &q->batch, link);
	q->writer_busy = 1;
	pthread_cond_signal(&q->write);
	pthread_mutex_unlock(&q->mu);
}

static void
on_committed(evutil_socket_t fd, short what, void *arg)
{
	struct ballot_queue	*q = arg;
	struct jobq		 done;
	struct job		*j;
	int			 rc;

	(void)fd;
	(void)what;
	TAILQ_INIT(&done);
	pthread_mutex_lock(&q->mu);
	TAILQ_CONCAT(&done, &q->committed, link);
	rc = q->commit_rc;
	if (rc == 0) {
		q->d->stat_ballots += q->commit_stored;
		q->d->stat_commits++;
	}
	pthread_mutex_unlock(&q->mu);
	if (rc == MDB_MAP_FULL && store_grow(&q->d->store) == 0) {
		/* Nothing of the batch was written: it goes again, first in line. */
		TAILQ_CONCAT(&done, &q->batch, link);
		TAILQ_CONCAT(&q->batch, &done, link);
	} else {
		if (rc != 0)
			log_warnx("a ballot batch was not stored: %s", store_strerror(rc));
		while ((j = TAILQ_FIRST(&done)) != NULL) {
			TAILQ_REMOVE(&done, j, link);
			job_finish(q, j, rc);
		}
	}
	if (!TAILQ_EMPTY(&q->batch))
		event_active(q->ev_flush, EV_TIMEOUT, 0);
}

static void
job_queue(struct ballot_queue *q, struct conn *c, struct job *j)
{
	conn_ballot_queued(c);
	pthread_mutex_lock(&q->mu);
	TAILQ_INSERT_TAIL(&q->all, j, all);
	TAILQ_INSERT_TAIL(&q->order, j, ord);
	TAILQ_INSERT_TAIL(&q->verify, j, link);
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->mu);
}

void
ballot_submit(struct daemon *d, struct conn *c, uint32_t reqid, struct ballot *b,
    const struct kiosk_session *ks)
{
	struct ballot_queue	*q = d->ballots;
	struct job		*j;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		conn_error(c, reqid, ERRC_INTERNAL, NULL, "out of memory");
		wire_free(&schema_ballot, b);
		free(b);
		return;
	}
	j->c = c;
	j->reqid = reqid;
	j->b = *b;		/* the job owns the ballot's allocations now */
	free(b);
	memcpy(j->kiosk_key, ks->key, KEY_BYTES);
	/* Every reply to a ballot, refusals too, goes through the queue: in request order. */
	if (j->b.kiosk != ks->id) {
		j->code = ERRC_KIOSK;
		j->field = "kiosk";
		snprintf(j->msg, sizeof(j->msg), "Dit stembiljet noemt een andere "
		    "stemcomputer dan deze.");
	}
	job_queue(q, c, j);
}

void
ballot_submit_error(struct daemon *d, struct conn *c, uint32_t reqid, int code,
    const char *field, const char *msg)
{
	struct job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		conn_error(c, reqid, code, field, "%s", msg);
		return;
	}
	j->c = c;
	j->reqid = reqid;
	j->code = code;
	j->field = field;	/* a schema's field name or a literal: static */
	snprintf(j->msg, sizeof(j->msg), "%s", msg);
	job_queue(d->ballots, c, j);
}

void
ballot_conn_gone(struct daemon *d, struct conn *c)
{
	struct ballot_queue	*q = d->ballots;
	struct job		*j;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->mu);
	TAILQ_FOREACH(j, &q->all, all)
		if (j->c == c)
			j->c = NULL;
	pthread_mutex_unlock(&q->mu);
}

/* store.c calls this before any other write transaction of the loop thread. */
static void
writer_wait_idle(void *arg)
{
	struct ballot_queue *q = arg;

	pthread_mutex_lock(&q->mu);
	while (q->writer_busy)
		pthread_cond_wait(&q->idle, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

int
ballot_init(struct daemon *d)
{
	struct ballot_queue	*q;
	long			 ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int			 i;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return -1;
	d->ballots = q;
	q->d = d;
	TAILQ_INIT(&q->all);
	TAILQ_INIT(&q->verify);
	TAILQ_INIT(&q->order);
	TAILQ_INIT(&q->batch);
	TAILQ_INIT(&q->commit);
	TAILQ_INIT(&q->committed);
	if (pthread_mutex_init(&q->mu, NULL) != 0 || pthread_cond_init(&q->work, NULL) != 0 ||
	    pthread_cond_init(&q->write, NULL) != 0 || pthread_cond_init(&q->idle, NULL) != 0)
		return -1;
	if ((q->ev_verified = event_new(d->base, -1, 0, on_verified, q)) == NULL ||
	    (q->ev_committed = event_new(d->base, -1, 0, on_committed, q)) == NULL ||
	    (q->ev_flush = event_new(d->base, -1, 0, on_flush, q)) == NULL ||
	    (q->ev_flush_late = evtimer_new(d->base, on_flush, q)) == NULL ||
	    event_priority_set(q->ev_flush_late, 0) != 0 ||
	    event_priority_set(q->ev_verified, 0) != 0 ||
	    event_priority_set(q->ev_committed, 0) != 0 ||
	    event_priority_set(q->ev_flush, 1) != 0)
		return -1;
	q->nverifiers = ncpu < 1 ? 1 : ncpu > VERIFIERS_MAX ? VERIFIERS_MAX : (int)ncpu;
	for (i = 0; i < q->nverifiers; i++)
		if (pthread_create(&q->verifiers[i], NULL, verifier_main, q) != 0) {
			q->nverifiers = i;
			return -1;
		}
	if (pthread_create(&q->writer, NULL, writer_main, q) != 0)
		return -1;
	q->have_writer = 1;
	store_set_before_write(&d->store, writer_wait_idle, q);
	return 0;
}

void
ballot_free(struct daemon *d)
{
	struct ballot_queue	*q = d->ballots;
	struct job		*j;
	int			 i;

	if (q == NULL)
		return;
	store_set_before_write(&d->store, NULL, NULL);
	/* A batch being committed finishes (its ballots are durable; their kiosks ask
	 * BALLOT_STATUS when they reconnect); nothing new starts. */
	pthread_mutex_lock(&q->mu);
	q->stopping = 1;
	pthread_cond_broadcast(&q->work);
	pthread_cond_broadcast(&q->write);
	pthread_mutex_unlock(&q->mu);
	for (i = 0; i < q->nverifiers; i++)
		pthread_join(q->verifiers[i], NULL);
	if (q->have_writer)
		pthread_join(q->writer, NULL);
	while ((j = TAILQ_FIRST(&q->all)) != NULL) {
		TAILQ_REMOVE(&q->all, j, all);
		job_free(j);
	}
	if (q->ev_verified)
		event_free(q->ev_verified);
	if (q->ev_committed)
		event_free(q->ev_committed);
	if (q->ev_flush)
		event_free(q->ev_flush);
	if (q->ev_flush_late)
		event_free(q->ev_flush_late);
	pthread_cond_destroy(&q->work);
	pthread_cond_destroy(&q->write);
	pthread_cond_destroy(&q->idle);
	pthread_mutex_destroy(&q->mu);
	free(q);
	d->ballots = NULL;
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
