/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * msg.h — every message of the dorpsstem protocol and every stored record: the C structs,
 * their schemas (field order = wire order) and the table of message types.
 * docs/protocol.md §3–§5 is the same list in prose, with test vectors.
 */
#ifndef MSG_H
#define MSG_H

#include <stdint.h>

#include "wire.h"

/* ---- message types ---------------------------------------------------------------- */

enum msg_type {
	/* requests: no authentication */
	MSG_HELLO		= 0x0001,
	MSG_STATUS		= 0x0002,
	MSG_VILLAGE_LIST	= 0x0011,
	MSG_ROUND_LIST		= 0x0021,
	MSG_ROUND_SHOW		= 0x0022,
	MSG_RESULT_GET		= 0x0023,	/* the stored result of a tallied round */
	MSG_BALLOT_LIST		= 0x0052,	/* published ballots of a closed round, by hash */
	MSG_INITIATIVE_LIST	= 0x0031,
	MSG_KIOSK_LIST		= 0x0041,
	MSG_KIOSK_CHALLENGE	= 0x0042,	/* asks for a nonce to sign */
	MSG_KIOSK_LOGIN		= 0x0043,	/* proves the kiosk key (MSGF_KIOSK after it) */
	MSG_BALLOT_CAST		= 0x0050,	/* MSGF_KIOSK */
	MSG_BALLOT_STATUS	= 0x0051,	/* was this ballot stored? (kiosk reconnect) */
	MSG_CREDENTIAL_STATUS	= 0x0053,	/* MSGF_KIOSK: may this code still vote? */
	/* audit (docs/protocol.md §12, docs/audit.md) */
	MSG_CHECKPOINT_GET	= 0x0060,	/* the round's latest signed checkpoint */
	MSG_EVENT_LIST		= 0x0061,	/* a round's public events (all but ballots) */
	MSG_CREDENTIAL_LIST	= 0x0062,	/* credentials with status, after close */
	MSG_ORGANISER_LIST	= 0x0063,	/* the organiser keys of this daemon */
	MSG_CONDITIONS_GET	= 0x0012,	/* a village's voorwaarden (issue 13) */
	MSG_PUBLIC_SUBMIT	= 0x0035,	/* a resident's aanvraag, unauthenticated */
	/* requests signed by an organiser key (MSGF_SIGNED) */
	MSG_VILLAGE_ADD		= 0x0110,
	MSG_CONDITIONS_SET	= 0x0111,	/* a new version of a village's voorwaarden */
	MSG_INHABITANTS_SET	= 0x0112,	/* a village's inhabitants in a year */
	MSG_ROUND_CREATE	= 0x0120,
	MSG_ROUND_OPEN		= 0x0121,
	MSG_ROUND_CLOSE		= 0x0122,
	MSG_ROUND_CANCEL	= 0x0123,
	MSG_ROUND_SET		= 0x0124,	/* a draft round's settings, all at once */
	MSG_INITIATIVE_ADD	= 0x0130,
	MSG_INITIATIVE_ADMIT	= 0x0131,
	MSG_INITIATIVE_REJECT	= 0x0132,
	MSG_INITIATIVE_WITHDRAW	= 0x0133,
	MSG_INITIATIVE_DECIDE	= 0x0135,	/* admit/reject/withdraw, per condition */
	MSG_INITIATIVE_SUBMIT	= 0x0134,	/* an aanvraag: initiative with budget lines */
	MSG_CONTACT_SET		= 0x0136,	/* proposer's contact details: no ledger event */
	MSG_CONTACT_GET		= 0x0164,	/* signed read of them */
	MSG_CONTACT_FORGET	= 0x0137,	/* erase them for good (issue 14) */
	MSG_CREDENTIALS_REGISTER = 0x0140,
	MSG_CREDENTIAL_REVOKE	= 0x0141,
	MSG_KIOSK_ENROLL	= 0x0150,
	MSG_KIOSK_RETIRE	= 0x0151,
	MSG_LEDGER_LIST		= 0x0160,	/* the whole ledger with times (committee) */
	MSG_CHECKPOINT_MAKE	= 0x0161,	/* sign a checkpoint now (rate-limited) */
	/* toekenning en verantwoording (issue 13): after the result, round's ledger */
	MSG_SPENDING_DUE	= 0x0170,	/* the round's due date for the verantwoording */
	MSG_SPENDING_PAY	= 0x0171,	/* a payment to a funded initiative */
	MSG_SPENDING_ADD	= 0x0172,	/* an accounting line of the verantwoording */
	MSG_SPENDING_OVERSPEND	= 0x0173,	/* a decision to pay above the grant */
	MSG_SPENDING_CLOSE	= 0x0174,	/* the closing: totals, returned, summary */
	MSG_DOCUMENT_PUT	= 0x0175,	/* a receipt/invoice file: no ledger event */
	MSG_DOCUMENT_GET	= 0x0176,	/* signed read of a stored document */
	/* replies */
	MSG_WELCOME		= 0x8001,
	MSG_STATUS_REPLY	= 0x8002,
	MSG_DONE		= 0x8003,
	MSG_VILLAGES		= 0x8011,
	MSG_CONDITIONS		= 0x8012,
	MSG_CONTACT		= 0x8064,
	MSG_DOCUMENT		= 0x8076,	/* DOCUMENT-PUT record: the bytes */
	MSG_SUBMIT_RECEIPT	= 0x8035,
	MSG_ROUNDS		= 0x8021,
	MSG_ROUND_INFO		= 0x8022,
	MSG_RESULT		= 0x8023,
	MSG_BALLOTS		= 0x8052,
	MSG_INITIATIVES		= 0x8031,
	MSG_KIOSKS		= 0x8041,
	MSG_CHALLENGE		= 0x8042,
	MSG_KIOSK_WELCOME	= 0x8043,
	MSG_RECEIPT		= 0x8050,
	MSG_CREDENTIAL_STATE	= 0x8053,
	MSG_CHECKPOINT		= 0x8060,
	MSG_EVENTS		= 0x8061,
	MSG_CREDENTIALS		= 0x8062,
	MSG_ORGANISERS		= 0x8063,
	MSG_ERROR		= 0x80ff
};

#define MSGF_SIGNED	0x01	/* body carries an organiser auth trailer */
#define MSGF_REPLY	0x02
#define MSGF_KIOSK	0x04	/* only after KIOSK_LOGIN on this connection */

struct msg_desc {
	uint16_t			 type;
	const char			*name;	/* docs and logs */
	unsigned			 flags;
	const struct wire_schema	*schema;
	uint16_t			 reply;	/* the reply type on success */
};

const struct msg_desc	*msg_lookup(uint16_t type);

/* ---- error codes (stable; docs/protocol.md §6) -------------------------------------- */

enum err_code {
	ERRC_PROTOCOL	= 1,	/* malformed frame or message */
	ERRC_VERSION	= 2,	/* no common protocol version */
	ERRC_TYPE	= 3,	/* unknown message type, or not allowed here */
	ERRC_FIELD	= 4,	/* a field failed to decode (names the field) */
	ERRC_HELLO	= 5,	/* first message must be HELLO */
	ERRC_AUTH	= 10,	/* unsigned, or key is not an organiser */
	ERRC_SIGNATURE	= 11,	/* signature does not verify */
	ERRC_REPLAY	= 12,	/* counter not above the last one seen for this key */
	ERRC_NOTFOUND	= 20,
	ERRC_EXISTS	= 21,
	ERRC_STATE	= 22,	/* not allowed in the round's current state */
	ERRC_INVALID	= 23,	/* a value is out of its allowed range */
	ERRC_STORAGE	= 30,	/* the store refused (disk full, map full) */
	ERRC_INTERNAL	= 31,
	ERRC_LIMIT	= 32,	/* too many connections or requests */
	/* ballot refusals: the sentence is Dutch, for the voter at the kiosk */
	ERRC_NOT_OPEN	= 40,	/* the round is not (or no longer) voting */
	ERRC_CODE_UNKNOWN = 41,	/* credential not registered for this round */
	ERRC_CODE_USED	= 42,	/* credential has voted already */
	ERRC_CODE_REVOKED = 43,	/* credential revoked (lost card) */
	ERRC_BALLOT	= 44,	/* choices break the ballot's rules */
	ERRC_KIOSK	= 45	/* kiosk not logged in, not enrolled here, or retired */
};

/* ---- enumerations ------------------------------------------------------------------- */

enum round_state {
	ROUND_DRAFT = 0, ROUND_VOTING = 1, ROUND_CLOSED = 2, ROUND_TALLIED = 3, ROUND_CANCELLED = 4
};
#define ROUND_STATE_MAX	4

enum ballot_type {
	BALLOT_APPROVAL = 1, BALLOT_KNAPSACK = 2, BALLOT_CUMULATIVE = 3, BALLOT_ORDINAL = 4
};
#define BALLOT_TYPE_MAX	4

enum initiative_status {
	INIT_SUBMITTED = 0, INIT_ADMITTED = 1, INIT_REJECTED = 2, INIT_WITHDRAWN = 3
};
#define INIT_STATUS_MAX	3

const char	*round_state_name(unsigned);
const char	*ballot_type_name(unsigned);
int		 ballot_type_parse(const char *);	/* 0 if unknown */
const char	*initiative_status_name(unsigned);

enum credential_state { CRED_REGISTERED = 0, CRED_USED = 1, CRED_REVOKED = 2 };
#define CRED_STATE_MAX	2
enum kiosk_state { KIOSK_ACTIVE = 0, KIOSK_RETIRED = 1 };
#define KIOSK_STATE_MAX	1
const char	*credential_state_name(unsigned);
const char	*kiosk_state_name(unsigned);

/* ---- limits on text fields (bytes of UTF-8) ------------------------------------------ */

#define NAME_MAX_BYTES		200
#define SUMMARY_MAX_BYTES	4000
#define REASON_MAX_BYTES	1000
#define RULE_MAX_BYTES		64
#define MONEY_MAX_CENTS		100000000000000ULL	/* € 1 000 000 000 000,00: sanity bound */

/* ---- records ------------------------------------------------------------------------ */

struct hello {
	uint16_t	 min_version, max_version;
	char		*software;
};

struct welcome {
	uint16_t	 version;
	char		*software;
	uint8_t		 daemon_key[KEY_BYTES];	/* signs events; request signatures name it */
};

struct status {
	char		*software;
	uint16_t	 version;
	uint32_t	 schema;
	int64_t		 started;
	uint8_t		 daemon_key[KEY_BYTES];
	char		*tls_fingerprint;	/* "SHA256:" hex, or "" without a TLS listener */
	uint32_t	 villages, rounds, connections;
	uint64_t	 ballots, commits;	/* since start: ballots stored, batches committed */
};

struct ref {
	uint32_t	 id;
};

struct done {
	uint32_t	 id;		/* what was created or changed */
	uint64_t	 event;		/* its sequence number in the round's ledger (0: none) */
};

struct msg_error {
	uint16_t	 code;
	char		*field;		/* "" or the field at fault */
	char		*message;	/* one sentence */
};

struct village {
	uint32_t	 id;
	char		*name;
	int64_t		 created;
};

struct round {
	uint32_t	 id;
	uint32_t	 village;
	char		*name;
	uint8_t		 state;
	uint8_t		 ballot;
	uint64_t	 budget;	/* cents */
	uint32_t	 min_choices, max_choices;	/* approval/knapsack/ordinal; 0 = no bound */
	uint64_t	 limit;		/* knapsack: cents the chosen costs may add up to */
	uint32_t	 points;	/* cumulative: points to distribute */
	uint32_t	 max_points;	/* cumulative: per initiative; 0 = no bound */
	char		*rule;
	char		*tie_break;
	int64_t		 opens, closes;	/* schedule, unix seconds; 0 = by command only */
	int64_t		 created, opened, closed;
	uint8_t		 seed[32];	/* tie-break lot seed, drawn when the round opens */
};

struct initiative {
	uint32_t	 id;
	uint32_t	 round;
	char		*title;
	char		*summary;
	uint64_t	 cost;		/* cents */
	char		*proposer;
	char		*category;
	uint8_t		 status;
	char		*reason;	/* why rejected */
	int64_t		 created;
};

struct round_filter {
	uint32_t	 village;	/* 0 = all */
};

struct village_list {
	struct wire_list items;		/* struct village */
};

struct round_list {
	struct wire_list items;		/* struct round */
};

struct initiative_list {
	struct wire_list items;		/* struct initiative */
};

/* Turnout: public while voting (counts only, never choices). */
struct kiosk_count {
	uint32_t	 kiosk;
	char		*name;
	uint64_t	 ballots;
};

struct round_info {
	struct round	 round;
	char		*village_name;
	uint64_t	 events;	/* ledger length */
	struct wire_list initiatives;	/* struct initiative */
	uint32_t	 registered, used, revoked;	/* credentials; unused = the rest */
	uint64_t	 ballots;
	struct wire_list kiosks;	/* struct kiosk_count, kiosks that took ballots */
};

/* ---- voorwaarden: a village's conditions for initiatives (issue 13) ------------------ */

/* One condition: a sentence; its number is its position in the list, 1.. */
struct condition {
	char		*text;
};

/* CONDITIONS_SET (request: village, version, items) and the stored record. Versions of a
 * village are 1, 2, … without gaps: the organiser signs the version it sets, and the
 * daemon refuses any but the next. A round is judged by the version in force when it
 * opens: the last conditions-set of its village in ledger 0 at or before the ledger-0
 * head its round-open names (docs/audit.md §1). CONDITIONS_GET sends village and version
 * (0: the latest). */
struct conditions {
	uint32_t	 village;
	uint32_t	 version;
	struct wire_list items;		/* struct condition */
	int64_t		 created;	/* stored only */
};
#define CONDITIONS_MAX		50
#define CONDITION_MAX_BYTES	1000

/* INHABITANTS_SET: how many people live in a village in a year, for the jaaroverzicht's
 * turnout per inhabitant (issue 13). An organiser-signed event in ledger 0, its subject the
 * village; the last one for a village and year counts, and a year's figure holds for the
 * later years until one of those is set. No other record: ledger 0 is where it is read. */
struct inhabitants {
	uint32_t	 village;
	uint32_t	 year;		/* INHABITANTS_YEAR_MIN .. INHABITANTS_YEAR_MAX */
	uint64_t	 n;		/* 1 .. INHABITANTS_MAX */
};
#define INHABITANTS_YEAR_MIN	1970
#define INHABITANTS_YEAR_MAX	9999
#define INHABITANTS_MAX		1000000000ULL

/* INITIATIVE_DECIDE: an organiser's decision on an initiative, judged condition by
 * condition against a version of the village's voorwaarden (issue 13). met[k] is 1 if
 * condition k+1 is met, 0 if not. Admitted: every condition met; rejected: at least one
 * not met, and a reason; withdrawn: conditions 0 and met empty. The daemon refuses a
 * version other than the village's latest and a met list of another length. */
struct decision_item {
	uint8_t		 met;
};
struct decision {
	uint32_t	 id;		/* the initiative */
	uint8_t		 status;	/* INIT_ADMITTED, INIT_REJECTED or INIT_WITHDRAWN */
	uint32_t	 conditions;	/* the version judged against */
	struct wire_list met;		/* struct decision_item, one per condition */
	char		*reason;
};

/* INITIATIVE_SUBMIT: the aanvraag (issue 13). The initiative's cost is the sum of the
 * budget lines. Contact details are not in it: CONTACT_SET sends them apart, and they
 * are never in a ledger, bundle, export, result or log. */
struct money_line {
	char		*what;
	uint64_t	 amount;	/* cents */
};
struct application {
	uint32_t	 round;
	char		*title;
	char		*summary;
	char		*proposer;
	char		*category;
	struct wire_list lines;		/* struct money_line: the budget */
	struct wire_list cofunding;	/* struct money_line: source and amount */
	uint32_t	 volunteers;
	char		*planned;	/* "van tot", free text */
};
#define APPLICATION_LINES_MAX	50
#define PLANNED_MAX_BYTES	100
struct contact {			/* CONTACT_SET; CONTACT_GET sends only id */
	uint32_t	 id;		/* the initiative */
	char		*contact;
};
#define CONTACT_MAX_BYTES	500

/* PUBLIC_SUBMIT (unauthenticated, for the future web site): the application and the
 * contact details in one request. Only into a draft round, at most PUBLIC_PENDING_MAX
 * submitted initiatives waiting there; the reply carries a follow-up code. */
struct public_submission {
	uint32_t	 round;
	char		*title;
	char		*summary;
	char		*proposer;
	char		*category;
	struct wire_list lines;
	struct wire_list cofunding;
	uint32_t	 volunteers;
	char		*planned;
	char		*contact;
};
#define PUBLIC_PENDING_MAX	200
struct submit_receipt {
	uint32_t	 id;		/* the new initiative */
	uint64_t	 event;		/* its public-submit event in the round's ledger */
	char		*code;		/* follow-up code, shown once */
};

/* ---- toekenning en verantwoording (issue 13; docs/audit.md §11) --------------------- */

/* Each funded initiative of a tallied round is granted its cost as the result statement
 * says (no grant event: the grant follows from the signed result). After the result,
 * organiser-signed events in the round's ledger record the rest; proto/spending.h keeps
 * the books and enforces the money rules for the daemon and the verifier alike. Dates
 * are civil dates written as the number YYYYMMDD (20270315). */
struct spending_due {			/* SPENDING_DUE: subject = round */
	uint32_t	 round;
	uint32_t	 date;		/* the verantwoording is due on this day */
};
struct spending_pay {			/* SPENDING_PAY: subject = initiative */
	uint32_t	 initiative;
	uint64_t	 amount;	/* cents, > 0 */
	uint32_t	 date;
};
struct spending_add {			/* SPENDING_ADD: subject = initiative */
	uint32_t	 initiative;
	uint64_t	 amount;	/* cents, > 0 */
	uint32_t	 date;
	char		*what;
	uint32_t	 line;		/* budget line of the aanvraag, 1..; 0 = none */
	uint8_t		 document[HASH_BYTES];	/* SHA-256 of the document; zeros = none */
};
struct spending_overspend {		/* SPENDING_OVERSPEND: subject = initiative */
	uint32_t	 initiative;
	uint64_t	 amount;	/* cents the payments may go above the grant, > 0 */
	char		*reason;
};
struct spending_close {			/* SPENDING_CLOSE: subject = initiative */
	uint32_t	 initiative;
	uint64_t	 paid, spent;	/* the totals the organiser saw and signs */
	uint64_t	 returned;	/* = paid - spent */
	uint32_t	 participants;	/* how many took part */
	char		*achieved;	/* what was achieved */
	char		*summary;
};
struct document_put {			/* DOCUMENT_PUT: stored as DATADIR/documents/<hex> */
	uint32_t	 round;
	struct wire_blob data;
};
#define DOCUMENT_MAX_BYTES	(768u * 1024u)
struct document_get {			/* DOCUMENT_GET: a document named in a round's accounts */
	uint32_t	 round;
	uint8_t		 document[HASH_BYTES];	/* its SHA-256 */
};

/* ---- credentials, kiosks, ballots (docs/protocol.md §5, §10) -------------------------- */

struct credential_key {
	uint8_t		 key[KEY_BYTES];
};

struct credential_batch {		/* CREDENTIALS_REGISTER */
	uint32_t	 round;
	struct wire_list keys;		/* struct credential_key */
};
#define CREDENTIALS_PER_REQUEST	20000

struct credential {			/* stored; CREDENTIAL_REVOKE sends round + key */
	uint32_t	 round;
	uint8_t		 key[KEY_BYTES];
	uint8_t		 state;
	int64_t		 changed;
};

struct kiosk {
	uint32_t	 id;
	uint32_t	 village;
	char		*name;
	uint8_t		 key[KEY_BYTES];
	uint8_t		 state;
	int64_t		 enrolled, retired;
};

struct kiosk_list {
	struct wire_list items;		/* struct kiosk */
};

struct challenge {
	uint8_t		 nonce[32];
};

/* KIOSK_LOGIN: sig over DOMAIN_KIOSK_LOGIN || 0x00 || daemon key || nonce. */
struct kiosk_login {
	uint8_t		 key[KEY_BYTES];
	uint8_t		 sig[SIG_BYTES];
};

struct choice {
	uint32_t	 initiative;
	uint32_t	 value;		/* approval/knapsack: 1; cumulative: points; ordinal: rank */
};

/* A ballot (proto/ballot.h has the rules and signatures). */
struct ballot {
	uint32_t	 round;
	uint32_t	 kiosk;
	uint8_t		 credential[KEY_BYTES];
	struct wire_list choices;	/* struct choice, ascending initiative id */
	uint8_t		 nonce[16];
	uint8_t		 voter_sig[SIG_BYTES];
	uint8_t		 kiosk_sig[SIG_BYTES];
};

struct receipt {
	uint32_t	 round;
	uint8_t		 hash[HASH_BYTES];	/* the ballot's hash */
	char		*code;			/* short receipt code shown to the voter */
	uint8_t		 sig[SIG_BYTES];	/* daemon: DOMAIN_RECEIPT || 0 || round || hash */
};

/* ROUND_OPEN: the round and the two ledger heads it opens on (docs/audit.md §3.3): the
 * round's own ledger and the daemon-wide ledger 0 (villages and kiosks). The daemon refuses
 * the request unless both are its current heads, so the organiser's signature fixes which
 * credentials and kiosks take part. The id comes first: the body starts like a REF. */
struct round_open {
	uint32_t	 id;
	uint64_t	 events;		/* the round ledger's length before the open event */
	uint8_t		 head[HASH_BYTES];	/* hash of its event `events` (zeros if 0) */
	uint64_t	 village_events;	/* ledger 0's length */
	uint8_t		 village_head[HASH_BYTES];
};
/* ROUND_CLOSE carries id, village_events and village_head of the same struct
 * (schema_round_close): ledger 0's head at the close, so that no kiosk retirement before
 * it can be left out of a bundle. */

struct ballot_query {			/* BALLOT_STATUS */
	uint32_t	 round;
	uint8_t		 hash[HASH_BYTES];
};

/* A ledger event as stored (docs/protocol.md §7). hash(event) = BLAKE2b-256 of its encoding;
 * prev is the hash of the round's previous event (zeros for the first). */
struct event {
	uint32_t	 round;
	uint64_t	 seq;		/* 1, 2, … within the round */
	int64_t		 time;
	uint16_t	 type;		/* the request's message type */
	uint8_t		 prev[HASH_BYTES];
	uint8_t		 signer[KEY_BYTES];	/* organiser key, or the daemon's for its own acts */
	uint64_t	 counter;
	uint8_t		 sig[SIG_BYTES];
	struct wire_blob body;		/* the request's record bytes, exactly as signed */
	uint32_t	 subject;	/* id the event created or changed */
};

/* ---- results (proto/result.h computes them) ------------------------------------------- */

/* Event types of the daemon's own statements in a round's ledger (not message types);
 * the body of each is the signed statement record below (docs/audit.md). */
#define EVENT_RESULT		0x0201	/* body: struct result_statement */
#define EVENT_CHECKPOINT	0x0202	/* body: struct checkpoint */
#define EVENT_CLOSE		0x0203	/* body: struct close_statement */
#define EVENT_PUBLIC_SUBMIT	0x0204	/* body: struct application (issue 13) */

struct result_item {
	uint32_t	 initiative;
	char		*title;
	uint64_t	 cost;
	uint8_t		 funded;
	uint8_t		 reason;	/* enum tally_reason */
	uint32_t	 order;		/* 1-based funding order; 0 if not funded */
	uint64_t	 supporters;
	int64_t		 score;		/* votes, or points */
	int64_t		 price;		/* Equal Shares: most one supporter paid (cents) */
	uint64_t	 paid_full, paid_all;
	int64_t		 left;		/* did not fit: money left at its turn (cents) */
};

struct result {
	uint32_t	 round;
	char		*rule;
	char		*tie_break;
	uint8_t		 seed[32];
	uint64_t	 budget, spent, unspent;
	uint64_t	 ballots;
	uint8_t		 ballots_hash[HASH_BYTES];	/* BLAKE2b-256 of the ballot hashes, sorted */
	int64_t		 voter_budget;	/* Equal Shares: final budget per voter (cents) */
	uint32_t	 add1_steps;
	uint8_t		 compared, greedy_won;
	uint64_t	 prefer_mes, prefer_greedy;
	int64_t		 computed;	/* when */
	struct wire_list items;		/* struct result_item, ascending initiative id */
	struct wire_blob explanation;	/* the rule's own explanation, text */
};

struct ballot_page_req {		/* BALLOT_LIST: ballots after `after`, by hash */
	uint32_t	 round;
	uint8_t		 after[HASH_BYTES];	/* zeros: from the start */
	uint32_t	 max;
};

struct ballot_page {
	struct wire_list ballots;	/* struct ballot, ascending hash */
	uint8_t		 more;
};
#define BALLOTS_PER_PAGE	2000

/* ---- audit statements and lists (proto/audit.h signs them; docs/audit.md) ----------- */

/* A checkpoint: the daemon vouches that the round's ledger had `events` events ending in
 * `head` (and held `ballots` ballots) at `time`. sig is always the last field. */
struct checkpoint {
	uint32_t	 round;
	uint64_t	 events;
	uint8_t		 head[HASH_BYTES];
	uint64_t	 ballots;
	int64_t		 time;
	uint8_t		 sig[SIG_BYTES];
};

/* The close statement: the ballot set at close, and the close request event it follows. */
struct close_statement {
	uint32_t	 round;
	uint64_t	 events;		/* seq of the event that closed the round */
	uint8_t		 head[HASH_BYTES];	/* its hash */
	uint64_t	 ballots;
	uint8_t		 ballots_hash[HASH_BYTES];	/* ballots_digest of the sorted hashes */
	int64_t		 closed;
	uint8_t		 sig[SIG_BYTES];
};

struct result_entry {
	uint32_t	 initiative;
	uint64_t	 cost;		/* cents; the amount granted when funded */
	int64_t		 score;		/* votes, or points */
	uint8_t		 funded;
	uint32_t	 order;		/* 1-based funding order; 0 if not funded */
};

/* The signed result: what was decided, without the explanation text. */
struct result_statement {
	uint32_t	 round;
	uint8_t		 close_hash[HASH_BYTES];	/* BLAKE2b-256 of the close statement */
	char		*rule;
	char		*tie_break;
	uint8_t		 seed[32];
	uint64_t	 budget, spent, unspent;
	uint64_t	 ballots;
	struct wire_list items;		/* struct result_entry, ascending initiative id */
	uint8_t		 sig[SIG_BYTES];
};

struct event_page_req {			/* EVENT_LIST, LEDGER_LIST: events after seq `after` */
	uint32_t	 round;
	uint64_t	 after;
	uint32_t	 max;
};

struct event_page {
	struct wire_list events;	/* struct event, ascending seq */
	uint8_t		 more;
};
#define EVENTS_PER_PAGE		10000

struct credential_page_req {		/* CREDENTIAL_LIST: credentials after key `after` */
	uint32_t	 round;
	uint8_t		 after[KEY_BYTES];	/* zeros: from the start */
	uint32_t	 max;
};

struct credential_page {
	struct wire_list credentials;	/* struct credential (changed = 0), ascending key */
	uint8_t		 more;
};
#define CREDENTIALS_PER_PAGE	10000

/* An organiser key as published (organisers.txt, ORGANISER_LIST): its scope (the villages
 * it may act on; an empty list = every village; id 0 stands for a configured village name
 * that does not exist yet) and, for a retired key, the time from which it signs nothing
 * (0 = in use). Retired keys stay listed so that older bundles still verify. */
struct organiser {
	uint8_t		 key[KEY_BYTES];
	char		*name;
	struct wire_list villages;	/* struct ref, ascending id */
	int64_t		 until;
};
#define ORGANISER_VILLAGES_MAX	1000

struct organiser_list {
	struct wire_list items;		/* struct organiser, configuration order */
};

/* Schemas, one per struct above (and the request subsets of round and initiative). */
extern const struct wire_schema schema_hello, schema_welcome, schema_status, schema_ref,
    schema_done, schema_error, schema_village, schema_village_add, schema_round,
    schema_round_create, schema_round_set, schema_round_filter, schema_initiative, schema_initiative_add,
    schema_initiative_reject, schema_village_list, schema_round_list,
    schema_initiative_list, schema_round_info, schema_event, schema_empty,
    schema_kiosk_count, schema_credential_key, schema_credential_batch, schema_credential,
    schema_credential_ref, schema_kiosk, schema_kiosk_enroll, schema_kiosk_list,
    schema_challenge, schema_kiosk_login, schema_choice, schema_ballot, schema_ballot_body,
    schema_receipt, schema_ballot_query, schema_result_item, schema_result,
    schema_ballot_page_req, schema_ballot_page, schema_checkpoint, schema_close_statement,
    schema_result_entry, schema_result_statement, schema_event_page_req, schema_event_page,
    schema_credential_page_req, schema_credential_page, schema_organiser,
    schema_organiser_list, schema_round_open, schema_round_close, schema_condition,
    schema_conditions, schema_conditions_set, schema_conditions_query,
    schema_decision_item, schema_decision, schema_money_line, schema_application,
    schema_contact, schema_public_submission, schema_submit_receipt;
extern const struct wire_schema schema_inhabitants;
extern const struct wire_schema schema_spending_due, schema_spending_pay,
    schema_spending_add, schema_spending_overspend, schema_spending_close,
    schema_document_put, schema_document_get;

#endif
