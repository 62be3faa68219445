/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit_daemon.h — the daemon's audit hooks (daemon/audit.c) and the ledger look-ups they
 * use (daemon/ledger.c). The formats are docs/audit.md's; the signing is proto/audit.c's.
 *
 *   audit.c   checkpoints (timer and on demand), the close and result statements, the
 *             public audit lists (events, credentials, organisers) and the committee's
 *             ledger export
 */
#ifndef AUDIT_DAEMON_H
#define AUDIT_DAEMON_H

#include "audit.h"
#include "dorpsstemd.h"

/* ---- ledger.c ------------------------------------------------------------------------ */
/* The round's last event: its seq (0: empty ledger) and hash (zeros then). */
int	ledger_head(MDB_txn *, struct store *, uint32_t round, uint64_t *seq,
	    uint8_t hash[HASH_BYTES]);
/* One event, decoded (wire_free with schema_event). */
int	ledger_get(MDB_txn *, struct store *, uint32_t round, uint64_t seq, struct event *);
/* Just its type, without decoding. */
int	ledger_type(MDB_txn *, struct store *, uint32_t round, uint64_t seq, uint16_t *type);
/* The seq of the round's latest event of this type, 0 if there is none. */
int	ledger_find(MDB_txn *, struct store *, uint32_t round, uint16_t type, uint64_t *seq);

/* ---- audit.c ------------------------------------------------------------------------- */
/* The checkpoint timer (config `checkpoint interval`); sched.c starts and stops it. */
void	audit_init(struct daemon *);
void	audit_free(struct daemon *);
/* Appends a signed checkpoint to a round's ledger unless its last event is one already
 * (or the ledger is empty); *made says whether it did. 0 or an LMDB error. */
int	audit_checkpoint(struct daemon *, MDB_txn *, uint32_t round, int64_t now, int *made);
/* Right after a round's close event: the signed close statement (EVENT_CLOSE). */
int	audit_close(struct daemon *, MDB_txn *, uint32_t round);
/* The signed result statement (EVENT_RESULT) for a tallied round; makes the close
 * statement first if the round has none (closed before statements existed). */
int	audit_result(struct daemon *, MDB_txn *, const struct result *);
/* Requests CHECKPOINT_GET, EVENT_LIST, CREDENTIAL_LIST, ORGANISER_LIST. */
int	audit_is_request(uint16_t type);
void	audit_request(struct daemon *, struct conn *, uint32_t reqid, uint16_t type,
	    const void *rec);
/* CHECKPOINT_MAKE, once control.c has checked the organiser's signature: spends the
 * counter, signs a checkpoint of a voting round if its ledger grew (at most one per
 * `checkpoint request-interval`) and replies with the latest. */
struct msg_in;
void	audit_checkpoint_make(struct daemon *, struct conn *, const struct msg_in *,
	    const char *organiser, uint32_t round);
/* LEDGER_LIST, once control.c has checked the organiser's signature and counter. */
void	audit_ledger_list(struct daemon *, struct conn *, uint32_t reqid,
	    const struct event_page_req *);

/* scope.c: what an organiser key may act on (its villages, its `until`). 0, or -1 with
 * the refusal in the verdict; an LMDB code on a store error. */
struct config_organiser;
int	organiser_scope_check(struct daemon *, MDB_txn *, const struct config_organiser *,
	    uint16_t type, const void *rec, struct verdict *);
/* The published form (ORGANISER_LIST, organisers.txt): village names resolved to ids
 * (0: none such yet); out->villages is malloc'ed, out->name borrowed. 0 or -1. */
int	organiser_publish(struct daemon *, MDB_txn *, const struct config_organiser *,
	    struct organiser *out);

#endif
