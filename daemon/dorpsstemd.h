/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dorpsstemd.h — the daemon's shared types and prototypes, grouped by file.
 *
 *   dorpsstemd.c  main: options, start-up order, signals, privilege drop
 *   log.c         logging (stderr with -d, syslog otherwise)
 *   identity.c    the daemon's Ed25519 key and its TLS key and self-signed certificate
 *   store.c       the LMDB environment: databases, records, ids, map growth
 *   ledger.c      appending events to a round's hash-chained ledger
 *   round.c       THE round state machine: villages, rounds, initiatives
 *   sched.c       scheduled open/close of rounds (one libevent timer)
 *   listen.c      the UNIX control socket and TLS listeners
 *   control.c     connections: framing, hello, authentication, request dispatch
 *   privsep.c     acting as the daemon user while touching its files
 */
#ifndef DORPSSTEMD_H
#define DORPSSTEMD_H

#include <sys/queue.h>
#include <sys/types.h>

#include <stdarg.h>
#include <stdint.h>

#include <lmdb.h>

#include "config.h"
#include "msg.h"
#include "wire.h"

#define DORPSSTEMD_SOFTWARE	"dorpsstemd/0.1"
#define STORE_SCHEMA_VERSION	1

struct event_base;
struct event;
struct conn;
struct ballot_queue;
struct evconnlistener;
struct bufferevent;
typedef struct ssl_ctx_st SSL_CTX;

/* ---- log.c ------------------------------------------------------------------------- */
void	log_init(int debug, int level);
void	log_setlevel(int level);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- identity.c -------------------------------------------------------------------- */
struct identity {
	uint8_t		 sk[64];		/* daemon Ed25519 secret key (seed || pk) */
	uint8_t		 pk[KEY_BYTES];
	char		 fingerprint[160];	/* "SHA256:" + hex of the TLS certificate */
	SSL_CTX		*tls;
};
int	identity_load(struct identity *, const char *datadir, int want_tls);
void	identity_free(struct identity *);

/* ---- store.c ----------------------------------------------------------------------- */
struct store {
	MDB_env		*env;
	MDB_dbi		 meta, villages, rounds, initiatives, events, heads, organisers;
	MDB_dbi		 credentials, kiosks, kiosk_keys, ballots, counts, turnout, results;
	MDB_dbi		 conditions;	/* conditions.c (issue 13) */
	MDB_dbi		 applications, contacts;	/* submission.c (issue 13) */
	MDB_dbi		 followups;
	uint64_t	 mapsize;
	char		*dir;
	void		(*before_write)(void *);	/* ballot.c: waits for its writer */
	void		*before_arg;
};
int	store_open(struct store *, const char *dir, uint64_t mapsize);
void	store_close(struct store *);
/* Runs fn in one write transaction and commits it durably (fsync). On MDB_MAP_FULL the
 * map is doubled and fn runs again from scratch, so fn must not have side effects outside
 * the transaction. Returns fn's result, or an LMDB error. */
int	store_write(struct store *, int (*fn)(MDB_txn *, void *), void *arg);
int	store_read(struct store *, MDB_txn **);		/* read-only txn; mdb_txn_abort it */
/* Map growth, for the loop thread when no transaction of the process is open. */
void	store_prepare(struct store *);		/* grows when over 3/4 full */
int	store_grow(struct store *);		/* doubles the map */
/* A function store_write calls before it starts (ballot.c: wait until its writer is idle). */
void	store_set_before_write(struct store *, void (*)(void *), void *);
int	store_get(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    const struct wire_schema *, void *rec);
int	store_put(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    const struct wire_schema *, const void *rec);
int	store_get_id(MDB_txn *, MDB_dbi, uint32_t id, const struct wire_schema *, void *rec);
int	store_put_id(MDB_txn *, MDB_dbi, uint32_t id, const struct wire_schema *, const void *rec);
int	store_next_id(MDB_txn *, struct store *, const char *sequence, uint32_t *id);
/* Visits every record of a database keyed by u32 id, in id order; stops early when fn
 * returns non-zero (and returns that). */
int	store_each(MDB_txn *, MDB_dbi, const struct wire_schema *, void *rec,
	    int (*fn)(void *rec, void *arg), void *arg);
const char *store_strerror(int rc);
void	be32(uint8_t *p, uint32_t v);
void	be64(uint8_t *p, uint64_t v);

/* ---- ledger.c ---------------------------------------------------------------------- */
/* Who caused an event: an organiser's signed request, or the daemon itself. */
struct actor {
	const uint8_t	*key;		/* organiser key; NULL = the daemon */
	uint64_t	 counter;
	const uint8_t	*sig;
	uint16_t	 type;		/* the request's message type */
	const uint8_t	*body;		/* the request's record bytes as signed */
	size_t		 bodylen;
	int		 unsigned_event;	/* daemon act covered by other signatures (a
					 * ballot signs itself): no per-event signature */
};
/* Appends an event to round's ledger (round 0: the daemon-wide ledger of villages).
 * Returns 0 and the event's sequence number. */
int	ledger_append(MDB_txn *, struct store *, uint32_t round, const struct actor *,
	    uint32_t subject, int64_t now, uint64_t *seq);
uint64_t ledger_length(MDB_txn *, struct store *, uint32_t round);
/* Checks and raises the last counter seen for an organiser key (replay protection). */
void	ledger_set_identity(const struct identity *);
int	ledger_counter(MDB_txn *, struct store *, const uint8_t key[KEY_BYTES], uint64_t counter);

/* ---- round.c ----------------------------------------------------------------------- */
/* The outcome of a state-machine operation: 0 or an ERR_* code with a sentence. */
struct verdict {
	int		 code;
	char		 msg[256];
	const char	*field;
};
struct daemon;
int	village_add(struct daemon *, MDB_txn *, const struct village *, const struct actor *,
	    struct done *, struct verdict *);
int	round_create(struct daemon *, MDB_txn *, const struct round *, const struct actor *,
	    struct done *, struct verdict *);
int	round_set(struct daemon *, MDB_txn *, const struct round *, const struct actor *,
	    struct done *, struct verdict *);
int	round_open(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
int	round_close(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
int	round_cancel(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
int	initiative_add(struct daemon *, MDB_txn *, const struct initiative *,
	    const struct actor *, struct done *, struct verdict *);
int	initiative_admit(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
int	initiative_reject(struct daemon *, MDB_txn *, const struct initiative *,
	    const struct actor *, struct done *, struct verdict *);
int	initiative_withdraw(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
/* conditions.c: a village's voorwaarden, versioned (issue 13). */
int	conditions_set(struct daemon *, MDB_txn *, const struct conditions *,
	    const struct actor *, struct done *, struct verdict *);
int	inhabitants_set(struct daemon *, MDB_txn *, const struct inhabitants *,
	    const struct actor *, struct done *, struct verdict *);
int	conditions_get(struct daemon *, MDB_txn *, const struct conditions *query,
	    struct conditions *out, struct verdict *);
int	initiative_decide(struct daemon *, MDB_txn *, const struct decision *,
	    const struct actor *, struct done *, struct verdict *);
/* submission.c: the aanvraag and its private contact details (issue 13). */
int	initiative_submit(struct daemon *, MDB_txn *, const struct application *,
	    const struct actor *, struct done *, struct verdict *);
int	contact_set(struct daemon *, MDB_txn *, const struct contact *, struct done *,
	    struct verdict *);
int	contact_get(struct daemon *, MDB_txn *, uint32_t id, struct contact *,
	    struct verdict *);
/* Erases them for good (issue 14): by is the organiser's name, "" for `contact keep`. */
int	contact_forget(struct daemon *, MDB_txn *, uint32_t id, const char *by,
	    struct done *, struct verdict *);
void	contact_keep_pass(struct daemon *);	/* erase what `contact keep` says is due */
void	contact_keep_start(struct daemon *);	/* now and every hour */
void	contact_keep_stop(void);
struct submitted {
	struct done	 done;
	char		 code[24];	/* "XXXX-XXXX-XXXX-XXXX" */
};
int	public_submit(struct daemon *, MDB_txn *, const struct public_submission *,
	    struct submitted *, struct verdict *);
int	conditions_need_decision(struct daemon *, MDB_txn *, uint32_t initiative,
	    struct verdict *);
/* spending.c: toekenning en verantwoording after the result (issue 13). type is one of
 * MSG_SPENDING_*; the books (proto/spending.h) decide. */
int	spending_record(struct daemon *, MDB_txn *, uint16_t type, const void *rec,
	    const struct actor *, struct done *, struct verdict *);
/* Stores a document as DATADIR/documents/<sha-256 hex>; no ledger event. */
int	document_put(struct daemon *, MDB_txn *, const struct document_put *, struct done *,
	    struct verdict *);
int	document_get(struct daemon *, MDB_txn *, const struct document_get *,
	    struct document_put *, struct verdict *);
int	initiative_set_status(struct daemon *, MDB_txn *, uint32_t id, unsigned to,
	    const char *reason, const struct actor *, struct done *, struct verdict *);
int	verdict_refuse(struct verdict *, int code, const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	round_rule_valid(const char *rule);
int	round_tie_break_valid(const char *tb);

/* ---- credential.c ------------------------------------------------------------------- */
struct round_counts {
	uint32_t	 registered, used, revoked;
	uint64_t	 ballots;
};
int	counts_get(MDB_txn *, struct store *, uint32_t round, struct round_counts *);
int	counts_put(MDB_txn *, struct store *, uint32_t round, const struct round_counts *);
int	turnout_add(MDB_txn *, struct store *, uint32_t round, uint32_t kiosk);
int	turnout_list(MDB_txn *, struct store *, uint32_t round, struct wire_list *out);
int	credentials_register(struct daemon *, MDB_txn *, const struct credential_batch *,
	    const struct actor *, struct done *, struct verdict *);
int	credential_revoke(struct daemon *, MDB_txn *, const struct credential *,
	    const struct actor *, struct done *, struct verdict *);
int	credential_status(struct daemon *, MDB_txn *, uint32_t kiosk,
	    const struct credential *, struct credential *out, struct verdict *);

/* ---- kiosk.c ------------------------------------------------------------------------ */
int	kiosk_enroll(struct daemon *, MDB_txn *, const struct kiosk *, const struct actor *,
	    struct done *, struct verdict *);
int	kiosk_retire(struct daemon *, MDB_txn *, uint32_t id, const struct actor *,
	    struct done *, struct verdict *);
/* The active kiosk with this key, or ERRC_KIOSK in the verdict. */
int	kiosk_find(struct daemon *, MDB_txn *, const uint8_t key[KEY_BYTES], struct kiosk *,
	    struct verdict *);

/* ---- ballot.c ----------------------------------------------------------------------- */
struct kiosk_session {
	uint32_t	 id;		/* 0: not logged in */
	uint8_t		 key[KEY_BYTES];
	uint8_t		 nonce[32];
	int		 have_nonce;
};
/* Takes ownership of b (a decoded struct ballot): checks signatures now, queues it for the
 * next group commit; the reply goes out after the commit. */
void	ballot_submit(struct daemon *, struct conn *, uint32_t reqid, struct ballot *b,
	    const struct kiosk_session *);
void	ballot_status(struct daemon *, struct conn *, uint32_t reqid,
	    const struct ballot_query *);
void	ballot_conn_gone(struct daemon *, struct conn *);
/* A BALLOT_CAST refused before it reached the queue (it did not decode): the error joins
 * the queue all the same, so that it goes out after the replies to earlier ballots. */
void	ballot_submit_error(struct daemon *, struct conn *, uint32_t reqid, int code,
	    const char *field, const char *msg);
int	ballot_init(struct daemon *);
void	ballot_free(struct daemon *);

/* ---- result.c ------------------------------------------------------------------------ */
/* Counts a closed round and stores its signed result (state tallied). 0, -1 when the
 * tally refused (logged), or an LMDB error. */
int	result_tally(struct daemon *, uint32_t round);

/* ---- sched.c ----------------------------------------------------------------------- */
void	sched_init(struct daemon *);
void	sched_update(struct daemon *);		/* after any change to a round's schedule/state */
void	sched_free(struct daemon *);

/* ---- listen.c ---------------------------------------------------------------------- */
int	listen_start(struct daemon *);
void	listen_stop(struct daemon *);
struct sockaddr;
/* Who counts as one peer for `max per-peer`: an IPv4 address (as ::ffff:a.b.c.d), or an
 * IPv6 address's /64 (one host usually has a whole /64). */
void	listen_peer_key(const struct sockaddr *, uint8_t key[16]);
/* 1 if uid or any of its groups (supplementary ones too) is gid. */
int	listen_in_group(uid_t uid, gid_t primary, pid_t pid, gid_t gid);

/* ---- control.c --------------------------------------------------------------------- */
struct conn;
/* peerkey: the remote address as 16 bytes, IPv6 cut to its /64 (listen_peer_key); NULL
 * for the control socket. */
void	conn_accept(struct daemon *, int fd, const char *peer, int local, SSL_CTX *,
	    const uint8_t peerkey[16]);
void	conn_accept_web(struct daemon *, int fd);	/* web_spawn.c's socketpair */
void	conn_send(struct conn *, uint16_t type, uint32_t reqid, const struct wire_schema *,
	    const void *rec);
void	conn_error(struct conn *, uint32_t reqid, int code, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	conn_close_all(struct daemon *);
unsigned conn_count(struct daemon *);
unsigned conn_count_peer(struct daemon *, const uint8_t peerkey[16]);
/* ballot.c: a ballot of this connection was queued / its reply went out. */
void	conn_ballot_queued(struct conn *);
void	conn_ballot_answered(struct conn *);

/* ---- the daemon ------------------------------------------------------------------------ */
/* Event priorities (issue 10): honest work first. libevent runs every active event of a
 * lower number before any of a higher one; events of PRIO_FLUSH and above run at most
 * `max unauthenticated-per-turn` per loop turn before it polls again (dorpsstemd.c), so a
 * burst of strangers' handshakes never holds a kiosk's ballot for long. */
#define PRIO_HONEST	0	/* authenticated connections, ballot intake (ballot.c) */
#define PRIO_FLUSH	1	/* ballot.c's batch flush; signals, the scheduler */
#define PRIO_STRANGER	2	/* TLS handshakes, hello, login; accepting on TLS ports */
#define PRIO_COUNT	3

TAILQ_HEAD(connlist, conn);

struct daemon {
	struct config		 conf;
	char			*conffile;
	struct event_base	*base;
	struct store		 store;
	struct identity		 id;
	struct connlist		 conns;
	unsigned		 nconns;
	TAILQ_HEAD(unauthlist, conn) unauth;	/* not yet authenticated, oldest first */
	unsigned		 nunauth;
	uint64_t		 unauth_bytes;	/* input they hold */
	uint64_t		 stat_evicted;
	struct evconnlistener	**listeners;
	size_t			 nlisteners;
	char			*sockpath;
	struct event		*sched_timer;
	uint32_t		*sched_failed;	/* rounds whose scheduled open was refused */
	size_t			 nsched_failed;
	int64_t			 started;
	int			 debug;
	struct ballot_queue	*ballots;	/* ballot.c: the group-commit batch */
	uint64_t		 stat_ballots, stat_commits;
	int			 privsep;	/* root with `user`: run_uid/run_gid valid */
	uid_t			 run_uid;
	gid_t			 run_gid;
};

/* dorpsstemd.c: act as the daemon user (effective ids) while touching its files, so a
 * link it planted leads nowhere it could not go itself; egid: a group to create files
 * with ((gid_t)-1: the user's). No-ops unless started as root. -1 on failure (logged). */
int	privsep_enter(struct daemon *, gid_t egid);
void	privsep_leave(struct daemon *);
/* Only the effective group (files root makes for the control group). */
int	privsep_group(struct daemon *, gid_t egid);

int64_t	now_seconds(void);

#endif
