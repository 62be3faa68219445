/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dorpsstem.h — the client's shared types and prototypes, grouped by file.
 * The command line itself is documented in docs/cli.md, the protocol in docs/protocol.md.
 */
#ifndef DORPSSTEM_H
#define DORPSSTEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "msg.h"

#define DORPSSTEM_SOFTWARE	"dorpsstem/0.1"
#define DEFAULT_SOCKET		"/var/lib/dorpsstem/dorpsstemd.sock"
#define DEFAULT_PORT		"7447"
#define FP_PREFIX		"SHA256:"
#define FP_LEN			(sizeof(FP_PREFIX) - 1 + 64)	/* "SHA256:" + 64 hex */
#define ERR_LEN			512

/* ---- conn.c: one session with dorpsstemd (UNIX socket or pinned TLS) ------------------ */

struct ssl_st;
struct ssl_ctx_st;

struct conn_opts {
	const char	*socket;	/* NULL: $DORPSSTEM_SOCKET, else DEFAULT_SOCKET */
	const char	*host;		/* "host[:port]": TLS over TCP instead of the socket */
	const char	*fingerprint;	/* expected "SHA256:hex" of a not yet known daemon */
	const char	*home;		/* holds known_hosts */
	int		 interactive;	/* may ask on the terminal to trust a new daemon */
};

struct conn {
	int			 fd;
	struct ssl_ctx_st	*ctx;
	struct ssl_st		*ssl;
	char			*peer;		/* socket path or "host:port", for messages */
	uint32_t		 reqid;		/* last request id used */
	uint8_t			 daemon_key[KEY_BYTES];	/* from WELCOME; signatures name it */
	char			*software;	/* the daemon's, from WELCOME */
	char			 fingerprint[FP_LEN + 1];	/* TLS only, else "" */
	uint16_t		 error_code;	/* last MSG_ERROR's code; 0: a local failure */
	char			 err[ERR_LEN];	/* why the last call failed, one sentence */
};

/* An organiser key and the file holding the last request counter used with it. */
struct signer {
	uint8_t		 sk[64];
	uint8_t		 pk[KEY_BYTES];
	char		*counter_path;
};

/* Connects, checks the daemon's certificate against known_hosts (TLS), and says HELLO.
 * 0, or -1 with c->err set; c is then safe to conn_close. Callers ignore SIGPIPE. */
int	conn_open(struct conn *, const struct conn_opts *);
/* One request, one reply. reply is a record of msg_lookup(type)->reply's schema, filled
 * on 0 (the caller wire_frees it). Signed types need s. On -1, c->err says why, and
 * c->error_code is the daemon's error code when the daemon refused. */
int	conn_request(struct conn *, uint16_t type, const void *req, struct signer *s,
	    void *reply);
void	conn_close(struct conn *);

/* $DORPSSTEM_HOME, else ~/.config/dorpsstem. Static storage. */
const char *client_home(void);
/* Creates dir (and missing parents) with mode 0700. */
int	client_mkdir(const char *dir, char *err, size_t errlen);

/* Reads the secret key (wipe with signer_close). */
int	signer_open(struct signer *, const char *keyfile, const char *home, char *err,
	    size_t errlen);
/* The next request counter: CLOCK_REALTIME in µs, but above the last one stored; the new
 * value is stored before it is returned. */
int	signer_next(struct signer *, uint64_t *counter, char *err, size_t errlen);
void	signer_close(struct signer *);
/* The counter rule alone: max(now, last + 1). */
uint64_t counter_next(uint64_t last, uint64_t now_us);

/* "host", "host:port", "[v6]:port" → host and port (malloc'ed) and the known_hosts name
 * "host:port" (malloc'ed). 0 or -1 (bad syntax). */
int	hostport_parse(const char *s, char **host, char **port, char **name);
/* "SHA256:hex", "sha256:HEX", "hex", "AB:CD:…" → "SHA256:" lowercase hex. 0 or -1. */
int	fingerprint_normalize(const char *in, char out[FP_LEN + 1]);
/* Looks name up: 1 and its fingerprint, 0 if absent, -1 if the file cannot be read. */
int	known_hosts_find(const char *path, const char *name, char fp[FP_LEN + 1],
	    int *lineno);
int	known_hosts_add(const char *path, const char *name, const char *fp, char *err,
	    size_t errlen);

/* ---- output.c: text for people, JSON for scripts (bgpctl's struct output) -------------- */

/* Aligned text tables (output.c), for every command that prints one: at most 16 columns,
 * 'l' or 'r' per column, widths by display columns (€ and ë count one). */
struct table {
	size_t		  ncol, nrow, cap;
	const char	 *align;	/* per column: 'l' or 'r' */
	char		**cell;		/* nrow * ncol copies */
	int		  oom;
};
void	table_init(struct table *, size_t ncol, const char *align);
void	table_row(struct table *, ...);	/* ncol strings */
/* Prints the rows, each after indent, without trailing blanks; "(out of memory)" instead
 * if a row could not be kept. Does not free. */
void	table_print(FILE *, struct table *, const char *indent);
void	table_free(struct table *);

struct output {
	void	(*status)(FILE *, const struct status *, const struct conn *);
	void	(*villages)(FILE *, const struct village_list *);
	/* vl: village names for the text table (may be NULL) */
	void	(*rounds)(FILE *, const struct round_list *, const struct village_list *vl);
	void	(*round_info)(FILE *, const struct round_info *);
	void	(*initiatives)(FILE *, const struct initiative_list *);
	/* After a state change: "round 3 opened". */
	void	(*done)(FILE *, const char *what, const char *verb, const struct done *);
	void	(*keygen)(FILE *, const char *path, const uint8_t pk[KEY_BYTES]);
};

extern const struct output output_text, output_json;
/* Initiatives as a JSON array, each with "nr", its number in its round (roundnr.h). */
void	json_initiative_array(FILE *, const struct wire_list *);

/* Columns a UTF-8 string takes on a terminal (one per code point). */
size_t	text_width(const char *);
/* "2025-05-01 09:00" in local time; "" for 0. */
char	*time_format(char *buf, size_t n, int64_t t);

/* ---- cmd_organiser.c: argument parsing and the organiser commands ---------------------- */

struct cli {
	const char		*socket, *host, *keyfile, *fingerprint;
	const char		*home;
	const char		*cmd;		/* "round create", for messages */
	int			 json;
	const struct output	*out;
	struct conn		 conn;
	int			 connected;
};

/* One option of a command: "--budget EUR" (arg != 0) or "--help" (flag). */
struct cli_opt {
	const char	*name;		/* with dashes: "--budget", "-o" */
	int		 has_arg;
	char		*val;		/* set by cli_args: the argument (in argv), "" for a flag */
};

#define CLI_MAXPOS	8

/* Splits argv (after the command words) into options and positionals. "--opt=value" is
 * accepted; "--" ends the options. 0, or -1 with one sentence in err. */
int	cli_args(int argc, char *argv[], struct cli_opt *opts, size_t nopts,
	    char *pos[CLI_MAXPOS], size_t minpos, size_t maxpos, size_t *npos, char *err,
	    size_t errlen);
/* Value parsers for arguments; 0, or -1 with a sentence in *why. */
int	parse_id(const char *s, uint32_t *id, const char **why);
int	parse_count(const char *s, uint32_t *n, const char **why);
/* "YYYY-MM-DD HH:MM[:SS]", "YYYY-MM-DDTHH:MM[:SS]" (local time), "+N[smhd]" from now. */
int	parse_time(const char *s, time_t now, int64_t *t, const char **why);

/* Builds a round creation request from `round create` arguments (village left as text,
 * *village points into argv). 0, or -1 with a sentence in err. */
int	round_create_args(int argc, char *argv[], time_t now, struct round *r,
	    const char **village, char *err, size_t errlen);

/* Prints "dorpsstem: …" on stderr; returns 1 (the exit status). */
int	cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a bad argument: names the command and points to its --help. */
int	cli_argfail(const struct cli *, const char *err);

/* One request (signed when its type is), reply filled on 0; on -1 the error is printed. */
int	cli_request(struct cli *, uint16_t type, const void *req, void *reply);
int	cli_request_quiet(struct cli *, uint16_t type, const void *req, void *reply);
/* VILLAGE as an id or a name; with vl, the village list is handed back too. */
int	village_resolve(struct cli *, const char *s, uint32_t *id, struct village_list *vl);
/* The single ID argument of a command. */
int	one_id(struct cli *, int argc, char *argv[], const char *what, uint32_t *id);
/* An initiative named as ROUND/NR ("5/3"), or by its daemon-wide id for scripts: its id,
 * and where named so its round and number (else 0). 0, or -1 after saying why. */
int	initiative_resolve(struct cli *, const char *s, uint32_t *id, uint32_t *round,
	    uint32_t *nr);
/* Number of initiative id in round, asking the daemon (0 if it cannot say). */
uint32_t	initiative_number(struct cli *, uint32_t round, uint32_t id);
/* After a change to an initiative: "initiative 5/3 admitted" (JSON: the DONE record with
 * "round" and "nr" added). */
void	initiative_done(struct cli *, const char *verb, uint32_t round, uint32_t nr,
	    const struct done *);

int	cmd_keygen(struct cli *, int, char *[]);
int	cmd_status(struct cli *, int, char *[]);
int	cmd_village_add(struct cli *, int, char *[]);
int	cmd_village_list(struct cli *, int, char *[]);
int	cmd_round_create(struct cli *, int, char *[]);
int	cmd_round_set(struct cli *, int, char *[]);
/* The public head of a ledger (the last event EVENT_LIST shows: all of them for ledger 0
 * and for a draft round): its seq and hash; 0 and zeros when empty. 0 or -1 (said). */
/* The village's round fingerprint as this daemon states it (docs/audit.md §4.1): its
 * organiser list and daemon key. 0, or -1 (said). fp holds FINGERPRINT_TEXT (20) bytes. */
int	round_fingerprint_of(struct cli *, uint32_t village, char fp[20]);
int	ledger_head_public(struct cli *, uint32_t round, uint64_t *seq, uint8_t head[32]);
/* Every public event of a round (all but ballots), ascending seq; free with
 * round_events_free. 0, or -1 after saying why. */
int	round_events(struct cli *, uint32_t round, struct event **v, size_t *n);
void	round_events_free(struct event *v, size_t n);
/* cmd_spending.c: toekenning en verantwoording (issue 13) */
int	cmd_spending_due(struct cli *, int, char *[]);
int	cmd_spending_pay(struct cli *, int, char *[]);
int	cmd_spending_add(struct cli *, int, char *[]);
int	cmd_spending_overspend(struct cli *, int, char *[]);
int	cmd_spending_close(struct cli *, int, char *[]);
int	cmd_spending_list(struct cli *, int, char *[]);
int	cmd_spending_show(struct cli *, int, char *[]);
/* The date "overdue" is measured against, YYYYMMDD: the --date given (see
 * spending_date_option), else today's local date. */
uint32_t spending_today(void);
/* A command's --date YYYY-MM-DD: spending_today() answers it from then on. 0, or -1
 * after saying why. */
int	spending_date_option(const char *);
int	cmd_spending_document(struct cli *, int, char *[]);
int	cmd_round_list(struct cli *, int, char *[]);
int	cmd_round_show(struct cli *, int, char *[]);
int	cmd_round_open(struct cli *, int, char *[]);
int	cmd_round_close(struct cli *, int, char *[]);
int	cmd_round_cancel(struct cli *, int, char *[]);
int	cmd_initiative_add(struct cli *, int, char *[]);
int	cmd_initiative_admit(struct cli *, int, char *[]);
int	cmd_initiative_reject(struct cli *, int, char *[]);
int	cmd_initiative_withdraw(struct cli *, int, char *[]);
int	cmd_initiative_list(struct cli *, int, char *[]);
/* cmd_year.c: the dorpsbudget year (issue 13) */
int	cmd_conditions_set(struct cli *, int, char *[]);
int	cmd_village_inhabitants(struct cli *, int, char *[]);
int	cmd_conditions_show(struct cli *, int, char *[]);
int	cmd_initiative_submit(struct cli *, int, char *[]);
int	cmd_initiative_contact(struct cli *, int, char *[]);
int	cmd_initiative_forget_contact(struct cli *, int, char *[]);
int	cmd_initiative_show(struct cli *, int, char *[]);
/* `round show`: the voorwaarden version the round is judged by (nothing if none). */
void	round_conditions_line(struct cli *, const struct round *);
/* Where the round's village has conditions: sends an initiative-decide (admitted: every
 * condition met; rejected: those in unmet, "2,3", not met). 1 done, 0 the village has
 * none (use the plain request), -1 after saying why. */
/* Rejections decided per condition name the unmet conditions in their reason (text). */
void	decisions_annotate(struct cli *, uint32_t round, struct initiative_list *);
int	initiative_decide_cli(struct cli *, uint32_t round, uint32_t id, unsigned status,
	    const char *unmet, const char *reason, struct done *);

/* cmd_overview.c: the jaaroverzicht (issue 13; overview.h has its figures) */
int	cmd_overview(struct cli *, int, char *[]);

/* ---- cmd_codes.c: voting codes and cards, offline ----------------------------------- */

int	cmd_codes_generate(struct cli *, int, char *[]);
int	cmd_codes_check(struct cli *, int, char *[]);

/* ---- cards.c: printable voting cards (HTML, or PDF) -------------------------------- */

struct card_text {
	uint32_t	 round, count;
	const char	*village, *round_name;	/* UTF-8, required */
	const char	*where, *until;		/* UTF-8; NULL: "het dorpshuis", not said */
	const char	*fingerprint;		/* the round fingerprint, or NULL (audit.md §4.1) */
	const char	*site;			/* the village's web site, or NULL */
	const char	*help;			/* who to ask ("Anke, 0596 123 456"), or NULL */
};
struct cards;

/* Begins the cards file on fd (the caller made it, mode 0600). pdf: PDF 1.4 with WinAnsi
 * text (refused, with a sentence in err, if a text has a character outside it), else
 * HTML. NULL on failure. */
struct cards *cards_open(int fd, int pdf, const struct card_text *, char *err,
	    size_t errlen);
/* Adds card number (1..count) with the normalised code norm (CODE_NORM_LEN symbols). */
void	cards_add(struct cards *, uint32_t number, const char *norm);
/* ok: finishes the file and fsyncs it (0, or -1 with err); else just drops it. Frees
 * and wipes every buffer either way; the caller closes fd. */
int	cards_close(struct cards *, int ok, char *err, size_t errlen);

/* ---- cmd_voting.c: credentials, kiosks, the scripted kiosk ----------------------------- */

struct kiosk;
int	kiosk_login(struct cli *, const uint8_t kiosk_sk[64], struct kiosk *);
int	cmd_credentials_register(struct cli *, int, char *[]);
int	cmd_credentials_revoke(struct cli *, int, char *[]);
int	cmd_kiosk_enroll(struct cli *, int, char *[]);
int	cmd_kiosk_list(struct cli *, int, char *[]);
int	cmd_kiosk_retire(struct cli *, int, char *[]);
int	cmd_vote(struct cli *, int, char *[]);

/* ---- kiosk.c: the voting terminal (kiosk.h has its parts) --------------------------- */

int	cmd_kiosk(struct cli *, int, char *[]);

/* ---- cmd_result.c: results and exports ---------------------------------------------- */

struct ballot;
/* Every published ballot of a closed round, in hash order (the caller frees). */
int	fetch_ballots(struct cli *, uint32_t round, struct ballot **out, size_t *n);
int	cmd_result(struct cli *, int, char *[]);
int	cmd_pabulib_export(struct cli *, int, char *[]);

/* ---- cmd_audit.c: checkpoints, audit bundle, committee ledger, verifier (verify.h) ---- */

int	cmd_round_checkpoint(struct cli *, int, char *[]);
int	cmd_audit_bundle(struct cli *, int, char *[]);
int	cmd_audit_ledger(struct cli *, int, char *[]);
int	cmd_audit_verify(struct cli *, int, char *[]);
int	cmd_audit_receipt(struct cli *, int, char *[]);

#endif
