/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * verify.h — the offline audit verifier (`dorpsstem audit verify`, `audit receipt`) and
 * the bundle's file names. docs/audit.md specifies the files and every check.
 */
#ifndef VERIFY_H
#define VERIFY_H

#include <stdint.h>
#include <stdio.h>

#include "msg.h"

/* Bundle files: name, and the KIND on their first line ("# dorpsstem audit KIND v1"). */
#define BF_DAEMON	"daemon.txt"		/* daemon-key: one record { key b32 } */
#define BF_ORGANISERS	"organisers.txt"	/* organisers: ORGANISER */
#define BF_ROUND	"round.txt"		/* round: one ROUND */
#define BF_INITIATIVES	"initiatives.txt"	/* initiatives: INITIATIVE, ascending id */
#define BF_EVENTS	"events.txt"		/* round-events: EVENT, ascending seq */
#define BF_VEVENTS	"village-events.txt"	/* village-events: EVENT of ledger 0 */
#define BF_KIOSKS	"kiosks.txt"		/* kiosks: KIOSK, ascending id */
#define BF_CREDENTIALS	"credentials.txt"	/* credentials: CREDENTIAL, ascending key */
#define BF_BALLOTS	"ballots.txt"		/* ballots: BALLOT, ascending hash */
#define BF_CHECKPOINTS	"checkpoints.txt"	/* checkpoints: CHECKPOINT, ascending events */
#define BF_CLOSE	"close.txt"		/* close: one CLOSE-STATEMENT */
#define BF_RESULT	"result.txt"		/* result: one RESULT-STATEMENT */
#define BF_SPENDING	"spending.txt"		/* spending: EVENT after the result, chained */
#define BF_PABULIB	"round.pb"		/* the round as pabulib */
#define BF_README	"README.txt"

struct verify_opts {
	const char	*ledger;	/* committee ledger file (kind "ledger"), or NULL */
	const char	*checkpoints;	/* checkpoints kept by the user, or NULL */
	const uint8_t	*daemon_key;	/* pinned daemon key, or NULL */
	const char	*fingerprint;	/* pinned round fingerprint (docs/audit.md §4.1), or NULL */
	const char	*organisers;	/* pinned organiser list (kind "organisers"), or NULL */
	int		 threads;	/* 0: one per online CPU */
};

/* Runs every check on the bundle in dir, printing one line per check (and one per
 * failure found) to out. Returns the number of failed checks (0: the bundle is correct),
 * or -1 when it could not run at all (out of memory). */
int	audit_verify(const char *dir, const struct verify_opts *, FILE *out);

/* The receipt check: is the ballot with this receipt code (or, from a receipt file, this
 * hash with the daemon's signature) in the bundle? 0 yes, 1 no, -1 could not tell (the
 * sentence went to out). */
int	audit_receipt(const char *dir, const char *code, const char *receipt_file, FILE *out);

#endif
