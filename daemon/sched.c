/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sched.c — rounds that open or close by the clock. One libevent timer is armed for the
 * earliest pending deadline of all rounds; when it fires, every due round is opened or
 * closed (as a daemon-signed ledger event) and the timer is armed again. At start-up the
 * same pass closes rounds whose closing time passed while the daemon was down.
 *
 * Every pass also counts each round that is closed but not yet tallied (result.c): right
 * after a close by command or schedule, and at start-up after a crash between the two.
 * The count runs in the event loop; for village-sized rounds it takes milliseconds.
 * The checkpoint timer (audit.c) starts and stops with the scheduler.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"

struct sched_scan {
	struct daemon	*d;
	int64_t		 now, next;
	uint32_t	*due;
	size_t		 ndue, cap;
	uint32_t	*closed;	/* closed, not yet tallied */
	size_t		 nclosed, ccap;
	int		 oom;
};

static int
push(uint32_t **v, size_t *n, size_t *cap, uint32_t id)
{
	uint32_t *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		if ((p = realloc(*v, *cap * sizeof(*p))) == NULL)
			return -1;
		*v = p;
	}
	(*v)[(*n)++] = id;
	return 0;
}

static int
sched_failed(struct daemon *d, uint32_t id)
{
	size_t i;

	for (i = 0; i < d->nsched_failed; i++)
		if (d->sched_failed[i] == id)
			return 1;
	return 0;
}

static int
sched_visit(void *rec, void *arg)
{
	struct round		*r = rec;
	struct sched_scan	*sc = arg;
	int64_t			 when = 0;

	if (r->state == ROUND_CLOSED && !sched_failed(sc->d, r->id) &&
	    push(&sc->closed, &sc->nclosed, &sc->ccap, r->id) == -1) {
		sc->oom = 1;
		return 1;
	}
	if (r->state == ROUND_DRAFT && r->opens && !sched_failed(sc->d, r->id))
		when = r->opens;
	else if (r->state == ROUND_VOTING && r->closes)
		when = r->closes;
	else if (r->state == ROUND_DRAFT && r->closes && r->closes <= sc->now)
		when = r->closes;	/* never opened and past its close: report once below */
	if (when == 0)
		return 0;
	if (when <= sc->now) {
		if (push(&sc->due, &sc->ndue, &sc->cap, r->id) == -1) {
			sc->oom = 1;
			return 1;
		}
	} else if (sc->next == 0 || when < sc->next)
		sc->next = when;
	return 0;
}

struct sched_act {
	struct daemon	*d;
	uint32_t	 id;
	struct verdict	 v;
	struct done	 done;
	int		 opened, closed;
};

static int
sched_act_txn(MDB_txn *txn, void *arg)
{
	struct sched_act	*a = arg;
	struct round		 r;
	struct actor		 who;
	struct round_open	 ro;
	struct wbuf		 ob;
	uint8_t			 body[4];
	int			 rc;

	memset(&a->v, 0, sizeof(a->v));
	a->opened = a->closed = 0;
	if ((rc = store_get_id(txn, a->d->store.rounds, a->id, &schema_round, &r)) != 0)
		return rc;
	memset(&who, 0, sizeof(who));
	be32(body, a->id);		/* the event body is the struct ref the command would carry */
	who.body = body;
	who.bodylen = sizeof(body);
	if (r.state == ROUND_DRAFT && r.opens && r.opens <= now_seconds() &&
	    !(r.closes && r.closes <= now_seconds())) {
		/* The open names the ledger heads it opens on, as an organiser's would. */
		memset(&ro, 0, sizeof(ro));
		ro.id = a->id;
		wbuf_init(&ob);
		if ((rc = ledger_head(txn, &a->d->store, a->id, &ro.events, ro.head)) == 0 &&
		    (rc = ledger_head(txn, &a->d->store, 0, &ro.village_events,
		    ro.village_head)) == 0) {
			wire_encode(&ob, &schema_round_open, &ro);
			who.type = MSG_ROUND_OPEN;
			who.body = ob.p;
			who.bodylen = ob.len;
			rc = ob.oom ? ENOMEM : round_open(a->d, txn, a->id, &who, &a->done, &a->v);
		}
		wbuf_free(&ob);
		a->opened = rc == 0;
	} else if (r.state == ROUND_VOTING && r.closes && r.closes <= now_seconds()) {
		memset(&ro, 0, sizeof(ro));
		ro.id = a->id;
		wbuf_init(&ob);
		if ((rc = ledger_head(txn, &a->d->store, 0, &ro.village_events,
		    ro.village_head)) == 0) {
			wire_encode(&ob, &schema_round_close, &ro);
			who.type = MSG_ROUND_CLOSE;
			who.body = ob.p;
			who.bodylen = ob.len;
			rc = ob.oom ? ENOMEM : round_close(a->d, txn, a->id, &who, &a->done,
			    &a->v);
		}
		wbuf_free(&ob);
		a->closed = rc == 0;
	} else if (r.state == ROUND_DRAFT && r.closes && r.closes <= now_seconds()) {
		rc = -1;
		a->v.code = ERRC_STATE;
		snprintf(a->v.msg, sizeof(a->v.msg), "its closing time passed before it opened");
	} else
		rc = 0;
	wire_free(&schema_round, &r);
	return rc;
}

static void
sched_mark_failed(struct daemon *d, uint32_t id)
{
	uint32_t *p;

	if (sched_failed(d, id))
		return;
	if ((p = realloc(d->sched_failed, (d->nsched_failed + 1) * sizeof(*p))) == NULL)
		return;
	d->sched_failed = p;
	d->sched_failed[d->nsched_failed++] = id;
}

static void
sched_fire(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	sched_update(arg);
}

void
sched_update(struct daemon *d)
{
	struct sched_scan	 sc;
	struct sched_act	 a;
	struct round		 r;
	struct timeval		 tv;
	MDB_txn			*txn;
	size_t			 i;
	int			 rc, pass;

	/* Two passes at most: acting on a due round may make another deadline current
	 * (a round opened late whose close time has also come). */
	for (pass = 0; pass < 2; pass++) {
		memset(&sc, 0, sizeof(sc));
		sc.d = d;
		sc.now = now_seconds();
		if (store_read(&d->store, &txn) != 0) {
			log_warnx("scheduler: cannot read the store");
			return;
		}
		rc = store_each(txn, d->store.rounds, &schema_round, &r, sched_visit, &sc);
		mdb_txn_abort(txn);
		if (rc != 0 || sc.oom) {
			log_warnx("scheduler: cannot scan rounds");
			free(sc.due);
			free(sc.closed);
			return;
		}
		for (i = 0; i < sc.nclosed; i++)
			if ((rc = result_tally(d, sc.closed[i])) != 0) {
				if (rc != -1)
					log_warnx("round %u: the result could not be stored: %s",
					    sc.closed[i], store_strerror(rc));
				sched_mark_failed(d, sc.closed[i]);
			}
		free(sc.closed);
		for (i = 0; i < sc.ndue; i++) {
			memset(&a, 0, sizeof(a));
			a.d = d;
			a.id = sc.due[i];
			rc = store_write(&d->store, sched_act_txn, &a);
			if (rc == 0 && a.opened)
				log_info("round %u opened by its schedule", a.id);
			else if (rc == 0 && a.closed)
				log_info("round %u closed by its schedule", a.id);
			else if (rc == -1) {
				log_warnx("round %u: scheduled change refused: %s", a.id, a.v.msg);
				sched_mark_failed(d, a.id);
			} else if (rc != 0)
				log_warnx("round %u: scheduled change failed: %s", a.id,
				    store_strerror(rc));
		}
		free(sc.due);
		if (sc.ndue == 0)
			break;
	}
	if (d->sched_timer == NULL)
		return;
	evtimer_del(d->sched_timer);
	if (sc.next) {
		tv.tv_sec = sc.next - now_seconds();
		if (tv.tv_sec < 0)
			tv.tv_sec = 0;
		tv.tv_usec = 0;
		evtimer_add(d->sched_timer, &tv);
		log_debug("scheduler: next deadline in %lld s", (long long)tv.tv_sec);
	}
}

void
sched_init(struct daemon *d)
{
	if ((d->sched_timer = evtimer_new(d->base, sched_fire, d)) == NULL)
		fatalx("cannot create the scheduler timer");
	audit_init(d);		/* the checkpoint timer */
	sched_update(d);
}

void
sched_free(struct daemon *d)
{
	if (d->sched_timer)
		event_free(d->sched_timer);
	d->sched_timer = NULL;
	audit_free(d);
	free(d->sched_failed);
	d->sched_failed = NULL;
	d->nsched_failed = 0;
}
