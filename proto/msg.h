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
	MSG_INITIATIVE_LIST	= 0x0031,
	/* requests signed by an organiser key (MSGF_SIGNED) */
	MSG_VILLAGE_ADD		= 0x0110,
	MSG_ROUND_CREATE	= 0x0120,
	MSG_ROUND_OPEN		= 0x0121,
	MSG_ROUND_CLOSE		= 0x0122,
	MSG_ROUND_CANCEL	= 0x0123,
	MSG_INITIATIVE_ADD	= 0x0130,
	MSG_INITIATIVE_ADMIT	= 0x0131,
	MSG_INITIATIVE_REJECT	= 0x0132,
	MSG_INITIATIVE_WITHDRAW	= 0x0133,
	/* replies */
	MSG_WELCOME		= 0x8001,
	MSG_STATUS_REPLY	= 0x8002,
	MSG_DONE		= 0x8003,
	MSG_VILLAGES		= 0x8011,
	MSG_ROUNDS		= 0x8021,
	MSG_ROUND_INFO		= 0x8022,
	MSG_INITIATIVES		= 0x8031,
	MSG_ERROR		= 0x80ff
};

#define MSGF_SIGNED	0x01	/* body carries an organiser auth trailer */
#define MSGF_REPLY	0x02

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
	ERRC_LIMIT	= 32	/* too many connections or requests */
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

struct round_info {
	struct round	 round;
	char		*village_name;
	uint64_t	 events;	/* ledger length */
	struct wire_list initiatives;	/* struct initiative */
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

/* Schemas, one per struct above (and the request subsets of round and initiative). */
extern const struct wire_schema schema_hello, schema_welcome, schema_status, schema_ref,
    schema_done, schema_error, schema_village, schema_village_add, schema_round,
    schema_round_create, schema_round_filter, schema_initiative, schema_initiative_add,
    schema_initiative_reject, schema_village_list, schema_round_list,
    schema_initiative_list, schema_round_info, schema_event, schema_empty;

#endif
