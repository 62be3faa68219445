/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit.h — what the daemon signs for auditors and what the verifier checks it with:
 * ledger event hashes and signatures, the daemon's statements (checkpoint, close,
 * result), and the audit bundle's record files. docs/audit.md is the specification.
 *
 * Statements: the record's last field is its 64-byte signature sig, an Ed25519 signature
 * by the daemon key over
 *     domain || 0x00 || the record's canonical encoding without its last 64 bytes
 * with one domain string per kind, so no statement can stand in for another.
 *
 * Record files (the bundle, the committee ledger, kept checkpoints): text, LF line ends,
 *     "# dorpsstem audit KIND v1"          first line
 *     "# …"                                 any number of comment lines
 *     <lowercase hex of one record>        one line per record
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"

#define DOMAIN_CHECKPOINT	"dorpsstem/v1/checkpoint"
#define DOMAIN_CLOSE		"dorpsstem/v1/close"
#define DOMAIN_RESULT		"dorpsstem/v1/result"

/* BLAKE2b-256 of the record's canonical encoding (events, statements, anything). 0 or -1
 * (out of memory). */
int	record_hash(const struct wire_schema *, const void *rec, uint8_t out[HASH_BYTES]);

/* Signs a statement (checkpoint, close_statement or result_statement): fills its sig. */
int	statement_sign(const char *domain, const struct wire_schema *, void *rec,
	    const uint8_t sk[64]);
/* 0 if the statement's sig verifies under pk, -1 if not. */
int	statement_verify(const char *domain, const struct wire_schema *, const void *rec,
	    const uint8_t pk[KEY_BYTES]);

/* The kind of signature a ledger event carries (docs/audit.md "Events"). */
enum event_kind {
	EVENT_ORGANISER,	/* signer is an organiser: the request's own signature */
	EVENT_DAEMON,		/* signer is the daemon: DOMAIN_EVENT over the zero-sig encoding */
	EVENT_BALLOT		/* ballot-cast: signed by voter and kiosk inside the body; sig is
				 * zero, counter a random blind */
};
enum event_kind event_kind(const struct event *, const uint8_t daemon_pk[KEY_BYTES]);
/* Fills ev->sig with the daemon's signature (signer must be the daemon key). */
int	event_sign_daemon(struct event *, const uint8_t sk[64]);
/* 0 if the event's signature holds for its kind (ballot events: sig all zero and the body
 * a ballot of this round; the ballot's own signatures are checked elsewhere), else -1
 * with a sentence in why. */
int	event_verify(const struct event *, const uint8_t daemon_pk[KEY_BYTES], char *why,
	    size_t whylen);

/* ---- who may sign what (docs/audit.md §1, the signer table) ----------------------------- */

enum event_signer {
	SIGNER_ORGANISER,	/* an organiser key of the village, never the daemon */
	SIGNER_SCHEDULE,	/* an organiser; or the daemon exactly when the round's
				 * organiser-signed opens/closes time has come */
	SIGNER_DAEMON,		/* the daemon's own statements: checkpoint, close, result */
	SIGNER_BALLOT		/* voter credential + enrolled kiosk inside the body */
};
struct event_rule {
	uint16_t		 type;
	const char		*name;		/* "kiosk-enroll" */
	int			 ledger0;	/* 1: ledger 0 only; 0: a round's ledger only */
	enum event_signer	 signer;
};
/* The rule of an event type, or NULL for a type no ledger may hold. */
const struct event_rule	*event_rule(uint16_t type);
/* 0 if the event's signer is allowed for its type (docs/audit.md §1); else -1 with a
 * sentence in why. Daemon-signed SIGNER_SCHEDULE events pass here; the caller checks the
 * time against the round's signed schedule. */
int	event_signer_check(const struct event *, const uint8_t daemon_pk[KEY_BYTES], char *why,
	    size_t whylen);
/* 0 if the event's unsigned labels (round, subject) agree with its body, which the signer
 * signed; else -1 with a sentence in why ("relabelled", "moved from another round"). For
 * events whose subject is an id the daemon assigned (village-add, kiosk-enroll,
 * initiative-add) only the body's round is checked. */
int	event_body_check(const struct event *, char *why, size_t whylen);

/* ---- the round fingerprint (docs/audit.md §4.1) -------------------------------------- */

#define DOMAIN_FINGERPRINT	"dorpsstem/v1/fingerprint"
#define FINGERPRINT_TEXT	20	/* "XXXX-XXXX-XXXX-XXXX" + NUL */
/* The village's fingerprint over the daemon key and the organiser keys that may act on the
 * village (scope empty or naming it), with their scope and validity; written as 16
 * symbols of the code alphabet in groups of four. 0 or -1 (out of memory). */
int	round_fingerprint(const uint8_t daemon_pk[KEY_BYTES], const struct organiser *orgs,
	    size_t n, uint32_t village, char out[FINGERPRINT_TEXT]);
/* 1 if the organiser may act on the village (its scope is empty or names it). */
int	organiser_covers(const struct organiser *, uint32_t village);

/* The round's tie-break seed (docs/audit.md §10, the lot): BLAKE2b-256 over
 * DOMAIN_SEED || 0x00 || the hash of the round-open event. Fixed by the organiser-signed
 * open before any ballot, so the daemon cannot choose it after seeing the ballots. */
#define DOMAIN_SEED		"dorpsstem/v1/seed"
void	round_seed(const uint8_t open_hash[HASH_BYTES], uint8_t seed[32]);

/* The result statement of a result (unsigned; the caller signs it). The items are
 * malloc'ed; wire_free with schema_result_statement. 0 or -1 (out of memory). */
int	result_statement_make(const struct result *, const uint8_t close_hash[HASH_BYTES],
	    struct result_statement *);
/* 0 if a and b say the same (sig not compared); else -1 and the first difference in why,
 * like "field spent: 150000 here, 120000 recounted". */
int	result_statement_compare(const struct result_statement *a,
	    const struct result_statement *b, char *why, size_t whylen);

/* ---- record files --------------------------------------------------------------------- */

/* Writes the first line and, when comment is not NULL, its lines prefixed by "# ". */
void	recfile_header(FILE *, const char *kind, const char *comment);
/* One record as a line of hex. 0, or -1 when out of memory (nothing written). */
int	recfile_put(FILE *, const struct wire_schema *, const void *rec);
/* The same from encoded bytes. */
void	recfile_put_raw(FILE *, const uint8_t *p, size_t n);

struct recfile {
	FILE		*f;
	const char	*path;
	char		*line;
	size_t		 cap;
	unsigned	 lineno;	/* of the record just read */
	unsigned	 nrec;		/* records read so far */
	uint8_t		*raw;		/* the record's bytes, until the next read */
	size_t		 rawlen, rawcap;
};
/* Opens path and checks its first line names kind. 0, or -1 with a sentence in err. */
int	recfile_open(struct recfile *, const char *path, const char *kind, char *err,
	    size_t errlen);
/* Reads the next record into rec (zeroed first): 1, 0 at the end, or -1 with a sentence in
 * err naming the line and field. After -1 the next call goes on with the next line. */
int	recfile_next(struct recfile *, const struct wire_schema *, void *rec, char *err,
	    size_t errlen);
void	recfile_close(struct recfile *);

#endif
