/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kiosk.h — `dorpsstem kiosk`, the full-screen voting terminal in the dorpshuis
 * (DESIGN §10, docs/kiosk.md). One voter at a time walks
 *   Welkom → Code → Kiezen (→ Details) → Controleren → Versturen → Bedankt
 * and everything of that voter (typed code, choices, signed ballot, receipt) lives in
 * struct voter only, which is wiped (sodium_memzero) when the voter is done, walks away,
 * or presses Escape twice. Nothing of a voter is ever written to disk or to the log.
 *
 *   kiosk.c          the state machine, the keys, the daemon (connect, round, send)
 *   kiosk_screen.c   drawing each screen with ncursesw
 *   kiosk_text.c     every sentence the voter reads, one table per language
 */
#ifndef KIOSK_H
#define KIOSK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "code.h"
#include "dorpsstem.h"
#include "msg.h"

/* ---- kiosk_text.c ------------------------------------------------------------------- */

enum kiosk_lang { LANG_NL = 0, LANG_EN = 1 };
#define LANG_COUNT	2

/* Every text on the kiosk screens. Those with printf conversions say which in a comment. */
enum kiosk_text {
	KT_LANG_KEY,		/* footer: the key that switches language */
	KT_STEP,		/* "Stap %d van %d" */
	KT_STEP_CODE, KT_STEP_CHOOSE, KT_STEP_REVIEW, KT_STEP_THANKS,
	KT_WELCOME, KT_ROUND_OF,	/* "%s in %s": round, village */
	KT_CLOSES,		/* "De stemming sluit op %s om %s." date, time */
	KT_CLOSES_NOTIME,
	KT_BUDGET,		/* "Er is %s te verdelen over %u plannen." */
	KT_TYPE_CODE, KT_WELCOME_HINT,
	KT_CODE_TITLE, KT_CODE_HELP, KT_CODE_HELP2,
	KT_CODE_BAD_SYMBOL,	/* "%s" the key typed */
	KT_CODE_U,
	KT_CODE_SHORT,		/* "%d" symbols typed */
	KT_CODE_CHECK,
	KT_CODE_FOOTER,
	KT_RULE_APPROVAL,	/* "Kies de plannen die u steunt." */
	KT_RULE_KNAPSACK,	/* "%s" limit */
	KT_RULE_CUMULATIVE,	/* "%u" points */
	KT_RULE_ORDINAL,
	KT_RULE_MIN,		/* "%u" */
	KT_RULE_MAX,		/* "%u" */
	KT_RULE_MAXPTS,		/* "%u" */
	KT_TOTAL_KNAPSACK,	/* "%s %s" chosen, limit */
	KT_LEFT,		/* "Nog %s over" */
	KT_TOTAL_COUNT,		/* "%u" chosen */
	KT_TOTAL_POINTS,	/* "%u %u %u" given, points, left */
	KT_NOFIT, KT_RANK,	/* "%u" rank: "%u e" */
	KT_POINTS_ABBR,		/* "%u" points on one line: "%u pt" */
	KT_REFUSE_NOFIT,	/* "%s %s" cost, left */
	KT_REFUSE_MAX,		/* "%u" */
	KT_REFUSE_NOPOINTS, KT_REFUSE_MAXPTS,	/* "%u" */
	KT_REFUSE_MIN,		/* "%u" */
	KT_REFUSE_EMPTY,
	KT_CHOOSE_FOOTER_TOGGLE, KT_CHOOSE_FOOTER_POINTS, KT_CHOOSE_FOOTER_JUMP, KT_CONTINUE_ROW,
	KT_DETAIL_COST, KT_DETAIL_PROPOSER, KT_DETAIL_CATEGORY, KT_DETAIL_CHOSEN,
	KT_DETAIL_NOTCHOSEN, KT_DETAIL_FOOTER,
	KT_REVIEW_TITLE, KT_REVIEW_TOTAL,	/* "%s" */
	KT_REVIEW_POINTS,	/* "%u" */
	KT_REVIEW_QUESTION, KT_REVIEW_FOOTER,
	KT_SENDING, KT_SENDING_RETRY, KT_SENDING_CHECK,
	KT_THANKS, KT_RECEIPT, KT_RECEIPT_HOW, KT_THANKS_FOOTER,
	KT_REFUSED_UNKNOWN, KT_REFUSED_USED, KT_REFUSED_REVOKED, KT_REFUSED_OTHER,
	KT_REFUSED_FOOTER, KT_NOT_CAST,
	KT_CLOSED, KT_CLOSED_FOOTER,
	KT_UNREACHABLE, KT_UNREACHABLE_RETRY,	/* "%d" seconds */
	KT_NOT_ENROLLED,
	KT_NOROUND,		/* "%s" village */
	KT_NOROUND_HINT,
	KT_IDLE_WARN,		/* "%d" seconds */
	KT_IDLE_KEY,
	KT_RESTART_HINT,	/* after one Escape */
	KT_BAD_RECEIPT,
	KT_QUIT_TITLE, KT_QUIT_HELP, KT_QUIT_PENDING, KT_QUIT_WRONG,
	KT_TOO_SMALL,		/* "%d %d" columns, lines needed */
	KT_RECEIPT_HOW_SITE,	/* "%s": the web site's address (--site) */
	KT_CLOSED_SITE,		/* "%s": the web site's address */
	KT_REFUSED_USED_HINT,	/* what to do when someone else used your code */
	KT_COUNT
};

const char	*kiosk_text(enum kiosk_lang, enum kiosk_text);
/* tm_wday 0..6, tm_mon 0..11. */
const char	*kiosk_weekday(enum kiosk_lang, int);
const char	*kiosk_month(enum kiosk_lang, int);
/* 0 if both tables are complete (every id has a text in every language). */
int		 kiosk_text_check(void);

/* ---- kiosk.c: the state ------------------------------------------------------------ */

enum booth_screen {
	SCR_CONNECTING,		/* no daemon: plain words, retrying with back-off */
	SCR_NOROUND,		/* no round of this village is voting: polls */
	SCR_WELCOME,
	SCR_CODE,
	SCR_CHOOSE,
	SCR_DETAIL,
	SCR_REVIEW,
	SCR_SENDING,		/* signed ballot on its way, or its fate being asked */
	SCR_THANKS,
	SCR_REFUSED,		/* the daemon's verdict on the code */
	SCR_CLOSED,		/* the round closed under the voter */
	SCR_QUIT		/* the organiser's quit code */
};

enum send_state {
	SEND_FRESH,		/* not sent on any connection yet, or known not stored */
	SEND_UNSURE		/* written to a connection that failed: ask BALLOT_STATUS */
};

/* Everything of one voter; wiped whole by voter_wipe. */
struct voter {
	char		 typed[CODE_NORM_LEN + 1];	/* symbols typed, normalised case */
	size_t		 ntyped;
	int		 code_done;	/* the code just completed: an Enter right after it
					 * (a card scanner ends with one) is not a choice */
	uint32_t	*value;		/* per item: 0, 1, points or rank */
	size_t		 nvalue;
	size_t		 cursor, top;	/* list position; cursor == nitems: "continue" */
	char		 note[320];	/* one sentence under the list (refusals, hints) */
	int		 note_error;
	/* after confirming */
	struct ballot	 ballot;
	struct choice	*choices;
	int		 have_ballot;
	uint8_t		 hash[HASH_BYTES];
	enum send_state	 send;
	unsigned	 attempts;
	char		 receipt[RECEIPT_TEXT_MAX];
	enum kiosk_text	 verdict;	/* SCR_REFUSED / SCR_CLOSED */
	char		 verdict_detail[ERR_LEN];
};

struct booth {
	/* set up once */
	struct conn_opts	 co;
	const char		*village_arg;	/* NULL: the kiosk's own village */
	uint8_t			 kiosk_sk[64];
	char			 quit_code[64];
	int			 idle, warn, thanks, poll;	/* seconds */
	char			 site[128];	/* --site: the public web site's address, or "" */
	int			 fault_drop_reply;		/* tests */
	FILE			*dbg;		/* -d: organiser's debug lines, or NULL */
	/* the daemon */
	struct conn		 conn;
	int			 connected;
	uint8_t			 daemon_key[KEY_BYTES];
	int			 have_daemon_key;
	uint32_t		 kiosk_id, kiosk_village;
	char			 village_name[NAME_MAX_BYTES + 1];
	int			 not_enrolled;
	char			 why[ERR_LEN];	/* the last connection failure, for -d */
	double			 next_try, backoff;
	/* the round this kiosk votes in */
	struct round_info	 ri;
	int			 have_ri;
	const struct initiative	**items;	/* admitted, ascending id, point into ri */
	uint32_t		*ids;
	uint64_t		*costs;
	size_t			 nitems;
	double			 polled;
	/* the screen */
	enum booth_screen	 scr, quit_return;
	enum kiosk_lang		 lang;
	double			 last_key, shown_at, last_esc;
	int			 esc_hint;
	char			 quit_typed[64];
	size_t			 quit_n;
	int			 quit_wrong;
	int			 jump;		/* digits typed for a jump (more than 9 items) */
	double			 jump_at;
	struct voter		 v;
};

/* Monotonic seconds. */
double	booth_now(void);
/* The ballot arithmetic the screens show. */
uint64_t booth_total_cost(const struct booth *);
uint32_t booth_count(const struct booth *);	/* chosen items (cumulative: with points) */
uint32_t booth_points(const struct booth *);	/* cumulative: points given */
uint64_t booth_limit(const struct booth *);	/* knapsack limit in cents */
int	booth_fits(const struct booth *, size_t item);	/* knapsack: could still be chosen */
/* The item's number in its round (roundnr.h): what the voter sees and types. */
uint32_t	booth_nr(const struct booth *, size_t item);
/* Seconds until the idle wipe (negative: no idle timer on this screen). */
int	booth_idle_left(const struct booth *);
void	booth_debug(struct booth *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The same, and kept in b->why: why the daemon cannot be used. */
void	booth_fail(struct booth *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* ---- kiosk_screen.c ------------------------------------------------------------------ */

#define KIOSK_MIN_COLS	60
#define KIOSK_MIN_LINES	18

int	screen_open(char *err, size_t errlen);
void	screen_close(void);
/* Draws the whole screen for the booth's state. */
void	screen_draw(const struct booth *);
/* Clears the terminal completely (nothing of the last voter stays). */
void	screen_wipe(void);
/* One key, waiting at most ms; -1 (ERR) if none. */
int	screen_key(int ms);
/* Item rows visible on the choose screen at the current size. */
size_t	screen_list_rows(void);

/* ---- dorpsstem.h has: int cmd_kiosk(struct cli *, int, char *[]); -------------------- */

#endif
