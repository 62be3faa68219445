/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kiosk.c — `dorpsstem kiosk [VILLAGE]`: the voting terminal in the dorpshuis (DESIGN §10,
 * docs/kiosk.md). A single-threaded loop: draw the screen, wait up to 200 ms for a key,
 * act on it, then let the clock act (idle wipe, polls, retries, the ballot on its way).
 * Requests to the daemon are short and blocking (conn.c); a reply that takes longer than
 * REPLY_WAIT counts as a lost connection.
 *
 * The rules this file keeps:
 * - A voter's code, choices, ballot and receipt live only in b->v, wiped by voter_wipe
 *   after the voter, after the idle time, on Escape-Escape and on quit; the derived secret
 *   key lives only inside ballot_seal. Nothing of a voter goes to the debug log.
 * - "Uitgebracht" is shown only for a receipt whose signature verifies under the daemon key
 *   of the first connection. A ballot whose send failed is asked after (BALLOT_STATUS, by
 *   hash) on a new connection, and only re-sent — the same signed bytes — if the daemon
 *   says it never stored it and the round is still voting.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>
#include <sodium.h>

#include "ballot.h"
#include "code.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "key.h"
#include "kiosk.h"
#include "roundnr.h"
#include "money.h"

#define REPLY_WAIT	15	/* seconds a kiosk waits for one reply */
#define BACKOFF_FIRST	1.0	/* seconds before the first retry, doubling up to: */
#define BACKOFF_MAX	8.0
#define ESC_PAIR	1.5	/* seconds between the two Escapes of a restart */
#define QUIT_WAIT	30	/* seconds the quit prompt waits */
#define KEY_GRACE	1.0	/* seconds a result screen ignores keys (typing overrun) */
#define JUMP_PAIR	1.2	/* seconds between two digits of one item number */

static volatile sig_atomic_t	 got_stop, got_int;

static void
on_signal(int sig)
{
	if (sig == SIGINT)
		got_int = 1;
	else
		got_stop = 1;
}

double
booth_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
booth_debug(struct booth *b, const char *fmt, ...)
{
	va_list		ap;
	char		when[32];
	time_t		t = time(NULL);
	struct tm	tm;

	if (b->dbg == NULL)
		return;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	fprintf(b->dbg, "%s kiosk: ", when);
	va_start(ap, fmt);
	vfprintf(b->dbg, fmt, ap);
	va_end(ap);
	fputc('\n', b->dbg);
	fflush(b->dbg);
}

void
booth_fail(struct booth *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
	booth_debug(b, "%s", b->why);
}

static const char *
screen_name(enum booth_screen s)
{
	static const char *const names[] = { "connecting", "no round", "welcome", "code",
	    "choose", "detail", "review", "sending", "thanks", "refused", "closed", "quit" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static void
show(struct booth *b, enum booth_screen s)
{
	if (b->scr != s)
		booth_debug(b, "screen %s", screen_name(s));
	b->scr = s;
	b->shown_at = booth_now();
}

/* ---- the ballot arithmetic ------------------------------------------------------------ */

uint64_t
booth_limit(const struct booth *b)
{
	return b->ri.round.limit ? b->ri.round.limit : b->ri.round.budget;
}

uint64_t
booth_total_cost(const struct booth *b)
{
	uint64_t	t = 0;
	size_t		i;

	for (i = 0; i < b->v.nvalue; i++)
		if (b->v.value[i])
			t += b->items[i]->cost;
	return t;
}

uint32_t
booth_count(const struct booth *b)
{
	uint32_t	n = 0;
	size_t		i;

	for (i = 0; i < b->v.nvalue; i++)
		n += b->v.value[i] != 0;
	return n;
}

uint32_t
booth_points(const struct booth *b)
{
	uint32_t	n = 0;
	size_t		i;

	for (i = 0; i < b->v.nvalue; i++)
		n += b->v.value[i];
	return n;
}

int
booth_fits(const struct booth *b, size_t i)
{
	uint64_t t = booth_total_cost(b);

	if (b->ri.round.ballot != BALLOT_KNAPSACK || b->v.value[i])
		return 1;
	return t <= booth_limit(b) && b->items[i]->cost <= booth_limit(b) - t;
}

/* Idle counts from the last key or the last change of screen, whichever is later (a
 * refusal after a long send must not be wiped at once). */
static double
idle_since(const struct booth *b)
{
	return b->last_key > b->shown_at ? b->last_key : b->shown_at;
}

int
booth_idle_left(const struct booth *b)
{
	double now = booth_now();

	switch (b->scr) {
	case SCR_CODE:
	case SCR_CHOOSE:
	case SCR_DETAIL:
	case SCR_REVIEW:
	case SCR_REFUSED:
	case SCR_CLOSED:
		return (int)(b->idle - (now - idle_since(b)) + 0.999);
	default:
		return -1;
	}
}

static void
note(struct booth *b, int error, enum kiosk_text t, ...)
{
	va_list ap;

	va_start(ap, t);
	vsnprintf(b->v.note, sizeof(b->v.note), kiosk_text(b->lang, t), ap);
	va_end(ap);
	b->v.note_error = error;
}

/* ---- one voter ------------------------------------------------------------------------ */

static void
ballot_drop(struct voter *v)
{
	if (v->choices != NULL) {
		sodium_memzero(v->choices, v->ballot.choices.n * sizeof(*v->choices));
		free(v->choices);
	}
	v->choices = NULL;
	sodium_memzero(&v->ballot, sizeof(v->ballot));
	sodium_memzero(v->hash, sizeof(v->hash));
	v->have_ballot = 0;
}

/* Everything of the voter, gone: memory and screen. */
static void
voter_wipe(struct booth *b)
{
	ballot_drop(&b->v);
	if (b->v.value != NULL) {
		sodium_memzero(b->v.value, b->v.nvalue * sizeof(*b->v.value));
		free(b->v.value);
	}
	sodium_memzero(&b->v, sizeof(b->v));
	b->lang = LANG_NL;
	b->esc_hint = 0;
	b->jump = 0;
	screen_wipe();
}

/* ---- the daemon ----------------------------------------------------------------------- */

static void
booth_disconnect(struct booth *b)
{
	if (b->connected || b->conn.fd != -1)
		conn_close(&b->conn);
	b->connected = 0;
}

static void
retry_later(struct booth *b)
{
	b->next_try = booth_now() + b->backoff;
	b->backoff = b->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : b->backoff * 2;
}

/* One request; a failure of the connection itself (no error reply) disconnects. */
static int
booth_request(struct booth *b, uint16_t type, const void *req, void *reply)
{
	const struct msg_desc *d;

	if (!b->connected)
		return -1;
	if (conn_request(&b->conn, type, req, NULL, reply) == 0)
		return 0;
	d = msg_lookup(type);
	booth_debug(b, "%s: %s%s", d ? d->name : "request", b->conn.err,
	    b->conn.error_code ? "" : " (reconnecting)");
	if (b->conn.error_code == 0)
		booth_disconnect(b);
	return -1;
}

/* The village: the one named on the command line (which must be the kiosk's own), else
 * the kiosk's own. 0, -1 no answer, -2 no such village. */
static int
village_find(struct booth *b, uint32_t *id)
{
	struct village_list	 vl;
	const struct village	*v;
	const char		*s = b->village_arg;
	char			*end = NULL;
	unsigned long		 n = 0;
	uint32_t		 i, found = 0;

	if (booth_request(b, MSG_VILLAGE_LIST, &(char){ 0 }, &vl) == -1)
		return -1;
	if (s != NULL)
		n = strtoul(s, &end, 10);
	for (i = 0; i < vl.items.n; i++) {
		v = (const struct village *)vl.items.items + i;
		if (s == NULL ? v->id == b->kiosk_village :
		    (isdigit((unsigned char)*s) && *end == '\0' && v->id == n) ||
		    strcasecmp(v->name, s) == 0) {
			*id = v->id;
			snprintf(b->village_name, sizeof(b->village_name), "%s", v->name);
			found++;
		}
	}
	wire_free(&schema_village_list, &vl);
	if (found != 1) {
		booth_fail(b, "%s village \"%s\"", found ? "several villages are named" :
		    "there is no", s ? s : "of this kiosk");
		return -2;
	}
	return 0;
}

/* Connects, logs the kiosk in, checks its village. 0; -1 to retry soon; -2 when the
 * organiser must act (not enrolled, wrong village, another daemon key). */
static int
booth_connect(struct booth *b)
{
	struct challenge	 ch;
	struct kiosk_login	 kl;
	struct kiosk		 k;
	struct timeval		 tv = { REPLY_WAIT, 0 };
	uint32_t		 vid;
	int			 rc;

	booth_disconnect(b);
	if (conn_open(&b->conn, &b->co) == -1) {
		booth_fail(b, "cannot connect: %s", b->conn.err);
		booth_disconnect(b);
		return -1;
	}
	(void)setsockopt(b->conn.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(b->conn.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	b->connected = 1;
	if (b->have_daemon_key && sodium_memcmp(b->daemon_key, b->conn.daemon_key,
	    KEY_BYTES) != 0) {
		booth_fail(b, "the daemon at %s has another key than at the start: refused",
		    b->conn.peer);
		booth_disconnect(b);
		return -2;
	}
	if (booth_request(b, MSG_KIOSK_CHALLENGE, &(char){ 0 }, &ch) == -1)
		goto fail;
	memcpy(kl.key, b->kiosk_sk + 32, KEY_BYTES);
	kiosk_login_sign(b->conn.daemon_key, ch.nonce, b->kiosk_sk, kl.sig);
	if (booth_request(b, MSG_KIOSK_LOGIN, &kl, &k) == -1)
		goto fail;
	b->kiosk_id = k.id;
	b->kiosk_village = k.village;
	wire_free(&schema_kiosk, &k);
	if ((rc = village_find(b, &vid)) != 0) {
		booth_disconnect(b);
		return rc;
	}
	if (vid != b->kiosk_village) {
		booth_fail(b, "this kiosk is enrolled for village %u, not for %s (village %u)",
		    b->kiosk_village, b->village_arg, vid);
		booth_disconnect(b);
		return -2;
	}
	memcpy(b->daemon_key, b->conn.daemon_key, KEY_BYTES);
	b->have_daemon_key = 1;
	b->not_enrolled = 0;
	b->backoff = BACKOFF_FIRST;
	booth_debug(b, "connected to %s as kiosk %u of village %u", b->conn.peer, b->kiosk_id,
	    b->kiosk_village);
	return 0;
fail:
	booth_fail(b, "kiosk login: %s", b->conn.err);
	rc = b->conn.error_code == ERRC_KIOSK ? -2 : -1;
	if (rc == -2)
		b->not_enrolled = 1;
	booth_disconnect(b);
	return rc;
}

static int
initiative_cmp(const void *x, const void *y)
{
	const struct initiative *a = *(const struct initiative *const *)x;
	const struct initiative *c = *(const struct initiative *const *)y;

	return a->id < c->id ? -1 : a->id > c->id;
}

static void
round_drop(struct booth *b)
{
	if (b->have_ri)
		wire_free(&schema_round_info, &b->ri);
	free(b->items);
	free(b->ids);
	free(b->costs);
	b->items = NULL;
	b->ids = NULL;
	b->costs = NULL;
	b->nitems = 0;
	b->have_ri = 0;
}

/* Takes over ri: the admitted initiatives, ascending id (ballot_check's order). */
static int
round_install(struct booth *b, struct round_info *ri)
{
	const struct initiative	*in;
	size_t			 i, n = 0;

	round_drop(b);
	b->ri = *ri;
	b->have_ri = 1;
	b->items = calloc(ri->initiatives.n + 1, sizeof(*b->items));
	b->ids = calloc(ri->initiatives.n + 1, sizeof(*b->ids));
	b->costs = calloc(ri->initiatives.n + 1, sizeof(*b->costs));
	if (b->items == NULL || b->ids == NULL || b->costs == NULL) {
		round_drop(b);
		return -1;
	}
	for (i = 0; i < ri->initiatives.n; i++) {
		in = (const struct initiative *)ri->initiatives.items + i;
		if (in->status == INIT_ADMITTED)
			b->items[n++] = in;
	}
	qsort(b->items, n, sizeof(*b->items), initiative_cmp);
	for (i = 0; i < n; i++) {
		b->ids[i] = b->items[i]->id;
		b->costs[i] = b->items[i]->cost;
	}
	b->nitems = n;
	return 0;
}

/* The village's round in voting that closes first. 1 found, 0 none, -1 no answer. */
static int
round_pick(struct booth *b)
{
	struct round_filter	 f = { b->kiosk_village };
	struct round_list	 rl;
	struct round_info	 ri;
	const struct round	*r, *best = NULL;
	struct ref		 ref;
	int64_t			 ck, bk = 0;
	uint32_t		 i;

	b->polled = booth_now();
	if (booth_request(b, MSG_ROUND_LIST, &f, &rl) == -1)
		return -1;
	for (i = 0; i < rl.items.n; i++) {
		r = (const struct round *)rl.items.items + i;
		if (r->state != ROUND_VOTING || r->village != b->kiosk_village)
			continue;
		ck = r->closes ? r->closes : INT64_MAX;
		if (best == NULL || ck < bk || (ck == bk && r->id < best->id)) {
			best = r;
			bk = ck;
		}
	}
	if (best == NULL) {
		wire_free(&schema_round_list, &rl);
		if (b->have_ri)
			booth_debug(b, "no round of village %u is voting", b->kiosk_village);
		round_drop(b);
		return 0;
	}
	ref.id = best->id;
	wire_free(&schema_round_list, &rl);
	if (booth_request(b, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return -1;
	if (!b->have_ri || b->ri.round.id != ri.round.id)
		booth_debug(b, "round %u is voting", ri.round.id);
	if (round_install(b, &ri) == -1) {
		booth_debug(b, "out of memory");
		return -1;
	}
	return b->ri.round.state == ROUND_VOTING ? 1 : 0;
}

/* Is the voter's round still voting? 1 yes, 0 no, -1 no answer. */
static int
round_still_voting(struct booth *b)
{
	struct round_info	ri;
	struct ref		ref = { b->ri.round.id };
	int			voting;

	b->polled = booth_now();
	if (booth_request(b, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return b->connected ? 0 : -1;	/* the round went away: not voting */
	voting = ri.round.state == ROUND_VOTING;
	if (!voting)
		booth_debug(b, "round %u is %s now", ri.round.id,
		    round_state_name(ri.round.state));
	wire_free(&schema_round_info, &ri);
	return voting;
}

/* After a voter (or at the start): the round afresh, then Welkom or why not. */
static void
go_welcome(struct booth *b)
{
	int r = -1;

	if (b->connected || booth_connect(b) == 0)
		r = round_pick(b);
	if (r == 1)
		show(b, SCR_WELCOME);
	else if (r == 0 && b->connected)
		show(b, SCR_NOROUND);
	else {
		show(b, SCR_CONNECTING);
		retry_later(b);
	}
}

/* ---- the voter's way ------------------------------------------------------------------- */

static int
start_voter(struct booth *b)
{
	voter_wipe(b);
	if ((b->v.value = calloc(b->nitems + 1, sizeof(*b->v.value))) == NULL)
		return -1;
	b->v.nvalue = b->nitems;
	show(b, SCR_CODE);
	return 0;
}

/* The voter's round closed: nothing is sent. */
static void
closed_for_voter(struct booth *b)
{
	voter_wipe(b);
	b->v.verdict = KT_CLOSED;
	show(b, SCR_CLOSED);
}

static void	refused(struct booth *, enum kiosk_text, const char *);

/* Asks the daemon whether this code may still vote, so the voter hears at once — before
 * choosing — that it is unknown, used or revoked. Only the public key goes out; the secret
 * half is wiped here and derived again when the ballot is sealed. 1: go on choosing;
 * 0: a verdict is on screen. Without an answer the voter goes on: the daemon checks the
 * code again when the ballot comes. */
static int
code_verdict(struct booth *b, const char norm[CODE_NORM_LEN + 1])
{
	struct credential	q, st;
	uint8_t			sk[64];

	memset(&q, 0, sizeof(q));
	q.round = b->ri.round.id;
	code_derive(q.round, norm, q.key, sk);
	sodium_memzero(sk, sizeof(sk));
	if (!b->connected && booth_connect(b) != 0)
		return 1;
	if (booth_request(b, MSG_CREDENTIAL_STATUS, &q, &st) == 0) {
		wire_free(&schema_credential, &st);
		if (st.state == CRED_USED) {
			refused(b, KT_REFUSED_USED, NULL);
			return 0;
		}
		if (st.state == CRED_REVOKED) {
			refused(b, KT_REFUSED_REVOKED, NULL);
			return 0;
		}
		return 1;
	}
	switch (b->conn.error_code) {
	case ERRC_CODE_UNKNOWN:
		refused(b, KT_REFUSED_UNKNOWN, NULL);
		return 0;
	case ERRC_NOT_OPEN:
		closed_for_voter(b);
		return 0;
	default:
		booth_debug(b, "credential status not available: %s", b->conn.err);
		return 1;
	}
}

static void
code_type(struct booth *b, int ch)
{
	char	s[2];
	int	c = toupper(ch);

	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	if (c == 'U') {
		note(b, 1, KT_CODE_U);
		return;
	}
	if (c > 127 || strchr(code_alphabet, c) == NULL || c == '\0') {
		s[0] = isprint(c) ? (char)c : '?';
		s[1] = '\0';
		note(b, 1, KT_CODE_BAD_SYMBOL, s);
		return;
	}
	if (b->v.ntyped >= CODE_NORM_LEN)
		return;
	b->v.typed[b->v.ntyped++] = (char)c;
	b->v.note[0] = '\0';
	if (b->v.ntyped == CODE_NORM_LEN) {
		char norm[CODE_NORM_LEN + 1];
		int  rc = code_normalise(b->v.typed, norm), go = rc == CODE_OK;

		if (go)
			go = code_verdict(b, norm);
		sodium_memzero(norm, sizeof(norm));
		if (go) {
			b->v.cursor = 0;
			b->v.top = 0;
			b->v.code_done = 1;
			show(b, SCR_CHOOSE);
		} else if (rc != CODE_OK)
			note(b, 1, KT_CODE_CHECK);
	}
}

static void
code_key(struct booth *b, int ch)
{
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (b->v.ntyped > 0)
			b->v.typed[--b->v.ntyped] = '\0';
		b->v.note[0] = '\0';
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		if (b->v.ntyped < CODE_NORM_LEN)
			note(b, 1, KT_CODE_SHORT, (int)b->v.ntyped);
		else
			note(b, 1, KT_CODE_CHECK);
	} else if (ch == '\t')
		b->lang = b->lang == LANG_NL ? LANG_EN : LANG_NL;
	else if (ch == ' ' || ch == '-')
		;	/* the dashes are drawn; spaces are what people type between groups */
	else if (ch > 32 && ch < 127)
		code_type(b, ch);
}

/* Chooses (or adds a point to) item i, or says why not. */
static void
choose_add(struct booth *b, size_t i)
{
	const struct round	*r = &b->ri.round;
	uint32_t		*v = b->v.value, n = booth_count(b), k;
	char			 a[MONEY_BUF], c[MONEY_BUF];
	uint64_t		 t;

	b->v.note[0] = '\0';
	switch (r->ballot) {
	case BALLOT_CUMULATIVE:
		if (booth_points(b) >= r->points)
			note(b, 1, KT_REFUSE_NOPOINTS);
		else if (r->max_points && v[i] >= r->max_points)
			note(b, 1, KT_REFUSE_MAXPTS, r->max_points);
		else
			v[i]++;
		return;
	case BALLOT_ORDINAL:
		if (v[i]) {		/* unrank: those after it move up */
			for (k = 0; k < b->v.nvalue; k++)
				if (v[k] > v[i])
					v[k]--;
			v[i] = 0;
		} else if (r->max_choices && n >= r->max_choices)
			note(b, 1, KT_REFUSE_MAX, r->max_choices);
		else
			v[i] = n + 1;
		return;
	default:
		if (v[i]) {
			v[i] = 0;
			return;
		}
		if (r->max_choices && n >= r->max_choices) {
			note(b, 1, KT_REFUSE_MAX, r->max_choices);
			return;
		}
		t = booth_total_cost(b);
		if (r->ballot == BALLOT_KNAPSACK && !booth_fits(b, i)) {
			uint64_t left = booth_limit(b) > t ? booth_limit(b) - t : 0;

			if (b->lang == LANG_EN)
				note(b, 1, KT_REFUSE_NOFIT, money_format_en(a, sizeof(a),
				    b->items[i]->cost), money_format_en(c, sizeof(c), left));
			else
				note(b, 1, KT_REFUSE_NOFIT, money_format(a, sizeof(a),
				    b->items[i]->cost), money_format(c, sizeof(c), left));
			return;
		}
		v[i] = 1;
	}
}

static void
choose_remove(struct booth *b, size_t i)
{
	b->v.note[0] = '\0';
	if (b->ri.round.ballot == BALLOT_CUMULATIVE) {
		if (b->v.value[i])
			b->v.value[i]--;
	} else if (b->v.value[i])
		choose_add(b, i);	/* toggles off */
}

/* The choices as the ballot carries them: ascending id (items are in that order). */
static struct choice *
choices_build(struct booth *b, size_t *n)
{
	struct choice	*ch;
	size_t		 i, k = 0;

	if ((ch = calloc(b->v.nvalue + 1, sizeof(*ch))) == NULL)
		return NULL;
	for (i = 0; i < b->v.nvalue; i++)
		if (b->v.value[i]) {
			ch[k].initiative = b->items[i]->id;
			ch[k++].value = b->v.value[i];
		}
	*n = k;
	return ch;
}

static int
rules_check(struct booth *b, const struct choice *ch, size_t n, char *why, size_t len)
{
	struct ballot_rules br = { &b->ri.round, b->ids, b->costs, b->nitems };

	return ballot_check_lang(&br, ch, n, b->lang == LANG_EN ? BALLOT_LANG_EN : BALLOT_LANG_NL,
	    why, len);
}

static void
choose_continue(struct booth *b)
{
	const struct round	*r = &b->ri.round;
	struct choice		*ch;
	char			 why[256];
	size_t			 n;
	uint32_t		 min = r->min_choices ? r->min_choices : 1;
	int			 bad;

	if (booth_count(b) == 0) {
		note(b, 1, KT_REFUSE_EMPTY);
		return;
	}
	if (r->ballot != BALLOT_CUMULATIVE && booth_count(b) < min) {
		note(b, 1, KT_REFUSE_MIN, min);
		return;
	}
	if ((ch = choices_build(b, &n)) == NULL)
		return;
	/* THE rules have the last word; their sentence is Dutch. */
	bad = rules_check(b, ch, n, why, sizeof(why));
	sodium_memzero(ch, n * sizeof(*ch));
	free(ch);
	if (bad) {
		snprintf(b->v.note, sizeof(b->v.note), "%s", why);
		b->v.note_error = 1;
		return;
	}
	b->v.note[0] = '\0';
	show(b, SCR_REVIEW);
}

static void
cursor_move(struct booth *b, long d)
{
	long c = (long)b->v.cursor + d;

	if (c < 0)
		c = 0;
	if (c > (long)b->nitems)
		c = (long)b->nitems;
	b->v.cursor = (size_t)c;
	b->v.note[0] = '\0';
}

uint32_t
booth_nr(const struct booth *b, size_t i)
{
	return initiative_nr(b->ri.initiatives.items, b->ri.initiatives.n, b->ri.round.id,
	    b->items[i]->id);
}

/* The item with round number nr (roundnr.h), or -1: numbers have gaps where an
 * initiative was rejected or withdrawn. */
static long
item_of_nr(const struct booth *b, long nr)
{
	size_t	i;

	for (i = 0; i < b->nitems; i++)
		if ((long)booth_nr(b, i) == nr)
			return (long)i;
	return -1;
}

static void
choose_digit(struct booth *b, int d)
{
	double	now = booth_now();
	long	n, at, top = b->nitems ? (long)booth_nr(b, b->nitems - 1) : 0;

	/* The items are in id order, so the last has the highest number. */
	if (top <= 9) {
		if ((at = item_of_nr(b, d)) >= 0) {
			b->v.cursor = (size_t)at;
			choose_add(b, b->v.cursor);
		}
		return;
	}
	/* Numbers above nine: digits walk to that number ("1", "2" quickly: number 12). */
	n = now - b->jump_at < JUMP_PAIR && b->jump > 0 ? (long)b->jump * 10 + d : d;
	if (n < 1 || n > top)
		n = d;
	b->jump = (int)n;
	b->jump_at = now;
	if ((at = item_of_nr(b, n)) >= 0)
		b->v.cursor = (size_t)at;
}

static void
choose_key(struct booth *b, int ch)
{
	int cumulative = b->ri.round.ballot == BALLOT_CUMULATIVE;
	int onrow = b->v.cursor < b->nitems;

	switch (ch) {
	case KEY_UP:	cursor_move(b, -1); break;
	case KEY_DOWN:	cursor_move(b, 1); break;
	case KEY_PPAGE:	cursor_move(b, -(long)screen_list_rows()); break;
	case KEY_NPAGE:	cursor_move(b, (long)screen_list_rows()); break;
	case KEY_HOME:	cursor_move(b, -(long)b->nitems); break;
	case KEY_END:	cursor_move(b, (long)b->nitems); break;
	case '\t': case 'v': case 'V': case KEY_F(10):
		choose_continue(b);
		break;
	case ' ': case '\n': case '\r': case KEY_ENTER:
		if (onrow)
			choose_add(b, b->v.cursor);
		else
			choose_continue(b);
		break;
	case '+':
		if (onrow)
			choose_add(b, b->v.cursor);
		break;
	case '-': case KEY_BACKSPACE: case 127: case 8:
		if (onrow)
			choose_remove(b, b->v.cursor);
		break;
	case KEY_RIGHT:
		if (onrow && cumulative)
			choose_add(b, b->v.cursor);
		else if (onrow)
			show(b, SCR_DETAIL);
		break;
	case KEY_LEFT:
		if (onrow && cumulative)
			choose_remove(b, b->v.cursor);
		break;
	case 'i': case 'I': case '?':
		if (onrow) {
			b->v.note[0] = '\0';
			show(b, SCR_DETAIL);
		}
		break;
	default:
		if (ch >= '0' && ch <= '9')
			choose_digit(b, ch - '0');
	}
}

static void
detail_key(struct booth *b, int ch)
{
	switch (ch) {
	case ' ': case '\n': case '\r': case KEY_ENTER: case '+':
		choose_add(b, b->v.cursor);
		break;
	case '-':
		choose_remove(b, b->v.cursor);
		break;
	case KEY_UP:
		if (b->v.cursor > 0)
			b->v.cursor--;
		break;
	case KEY_DOWN:
		if (b->v.cursor + 1 < b->nitems)
			b->v.cursor++;
		break;
	case KEY_LEFT: case KEY_BACKSPACE: case 127: case 8: case 'i': case 'I': case '?':
		show(b, SCR_CHOOSE);
		break;
	}
}

/* Builds, checks and signs the ballot; the code and the derived key are wiped here. */
static int
ballot_seal(struct booth *b)
{
	struct voter	*v = &b->v;
	char		 norm[CODE_NORM_LEN + 1], why[256];
	uint8_t		 sk[64];
	size_t		 n;
	int		 rc = -1;

	if ((v->choices = choices_build(b, &n)) == NULL)
		return -1;
	if (rules_check(b, v->choices, n, why, sizeof(why)) != 0 ||
	    code_normalise(v->typed, norm) != CODE_OK)
		goto out;
	memset(&v->ballot, 0, sizeof(v->ballot));
	v->ballot.round = b->ri.round.id;
	v->ballot.kiosk = b->kiosk_id;
	code_derive(v->ballot.round, norm, v->ballot.credential, sk);
	v->ballot.choices.items = v->choices;
	v->ballot.choices.n = (uint32_t)n;
	randombytes_buf(v->ballot.nonce, sizeof(v->ballot.nonce));
	if (ballot_sign(&v->ballot, sk, b->kiosk_sk) == -1 ||
	    ballot_hash(&v->ballot, v->hash) == -1)
		goto out;
	v->have_ballot = 1;
	rc = 0;
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(norm, sizeof(norm));
	sodium_memzero(v->typed, sizeof(v->typed));
	v->ntyped = 0;
	if (rc == -1)
		ballot_drop(v);
	return rc;
}

static void
review_key(struct booth *b, int ch)
{
	switch (ch) {
	case 'j': case 'J': case 'y': case 'Y': case '\n': case '\r': case KEY_ENTER:
		if (ballot_seal(b) == -1) {
			booth_debug(b, "the ballot could not be made");
			voter_wipe(b);
			b->v.verdict = KT_REFUSED_OTHER;
			show(b, SCR_REFUSED);
			return;
		}
		b->v.send = SEND_FRESH;
		b->v.attempts = 0;
		b->next_try = 0;
		b->backoff = BACKOFF_FIRST;
		show(b, SCR_SENDING);
		break;
	case 'n': case 'N': case KEY_BACKSPACE: case 127: case 8: case KEY_LEFT:
		show(b, SCR_CHOOSE);
		break;
	}
}

/* ---- sending ------------------------------------------------------------------------- */

static void
refused(struct booth *b, enum kiosk_text t, const char *detail)
{
	enum kiosk_lang lang = b->lang;

	voter_wipe(b);
	b->lang = lang;
	b->v.verdict = t;
	if (detail)
		snprintf(b->v.verdict_detail, sizeof(b->v.verdict_detail), "%s", detail);
	show(b, SCR_REFUSED);
}

/* A receipt for our ballot, signed by the daemon we started with: only then "cast". */
static void
receipt_take(struct booth *b, struct receipt *rc)
{
	struct voter *v = &b->v;

	if (rc->round == v->ballot.round && sodium_memcmp(rc->hash, v->hash, HASH_BYTES) == 0 &&
	    receipt_verify(rc->round, rc->hash, b->daemon_key, rc->sig) == 0) {
		receipt_code(v->hash, v->receipt);
		booth_debug(b, "ballot acknowledged (attempt %u)", v->attempts);
		ballot_drop(v);
		show(b, SCR_THANKS);
	} else {
		booth_debug(b, "the daemon's receipt does not verify");
		refused(b, KT_BAD_RECEIPT, NULL);
	}
	wire_free(&schema_receipt, rc);
}

/* Was our ballot stored? 1 yes (shown), 0 no, -1 no answer. */
static int
ask_status(struct booth *b)
{
	struct ballot_query	q;
	struct receipt		rc;

	q.round = b->v.ballot.round;
	memcpy(q.hash, b->v.hash, HASH_BYTES);
	if (booth_request(b, MSG_BALLOT_STATUS, &q, &rc) == 0) {
		receipt_take(b, &rc);
		return 1;
	}
	return b->conn.error_code == ERRC_NOTFOUND ? 0 : -1;
}

/* One step of getting the sealed ballot stored exactly once. */
static void
send_step(struct booth *b)
{
	struct voter	*v = &b->v;
	struct receipt	 rc;
	int		 r;

	if (!b->connected && booth_connect(b) != 0) {
		retry_later(b);
		return;
	}
	if (v->send == SEND_UNSURE) {
		if ((r = ask_status(b)) == 1)
			return;
		if (r == -1) {
			retry_later(b);
			return;
		}
		booth_debug(b, "the daemon did not store the ballot; sending it again");
		v->send = SEND_FRESH;
	}
	/* Never a ballot into a closed round (the daemon would refuse it anyway). */
	if ((r = round_still_voting(b)) == -1) {
		retry_later(b);
		return;
	}
	if (r == 0) {
		closed_for_voter(b);
		return;
	}
	v->send = SEND_UNSURE;		/* from the first byte written on, we cannot know */
	v->attempts++;
	if (b->fault_drop_reply && v->attempts == 1)
		(void)shutdown(b->conn.fd, SHUT_RD);	/* tests: the reply gets lost */
	if (booth_request(b, MSG_BALLOT_CAST, &v->ballot, &rc) == 0) {
		receipt_take(b, &rc);
		return;
	}
	switch (b->conn.error_code) {
	case 0:
		retry_later(b);
		return;
	case ERRC_CODE_USED:
		/* Our own earlier send may be the one that used it. */
		if ((r = ask_status(b)) == 1)
			return;
		if (r == 0)
			refused(b, KT_REFUSED_USED, NULL);
		else
			retry_later(b);
		return;
	case ERRC_CODE_UNKNOWN:
		refused(b, KT_REFUSED_UNKNOWN, NULL);
		return;
	case ERRC_CODE_REVOKED:
		refused(b, KT_REFUSED_REVOKED, NULL);
		return;
	case ERRC_NOT_OPEN:
		closed_for_voter(b);
		return;
	case ERRC_LIMIT:
		v->send = SEND_FRESH;	/* refused whole: not stored */
		b->next_try = booth_now() + 1;
		return;
	default:
		/* Every other refusal changed nothing (docs/protocol.md §6). */
		refused(b, KT_REFUSED_OTHER, b->conn.err);
	}
}

/* ---- the quit prompt ------------------------------------------------------------------ */

static void
quit_open(struct booth *b)
{
	if (b->scr == SCR_QUIT)
		return;
	if (b->scr == SCR_SENDING)
		b->quit_return = SCR_SENDING;
	else {
		voter_wipe(b);
		b->quit_return = SCR_WELCOME;
	}
	sodium_memzero(b->quit_typed, sizeof(b->quit_typed));
	b->quit_n = 0;
	b->quit_wrong = 0;
	show(b, SCR_QUIT);
}

static void
quit_leave(struct booth *b)
{
	sodium_memzero(b->quit_typed, sizeof(b->quit_typed));
	b->quit_n = 0;
	if (b->quit_return == SCR_SENDING)
		show(b, SCR_SENDING);
	else
		go_welcome(b);
}

/* 1 when the organiser's code was typed. */
static int
quit_key(struct booth *b, int ch)
{
	int ok;

	if (ch == 27) {
		quit_leave(b);
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (b->quit_n > 0)
			b->quit_typed[--b->quit_n] = '\0';
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		ok = b->quit_n == strlen(b->quit_code) &&
		    sodium_memcmp(b->quit_typed, b->quit_code, b->quit_n) == 0;
		sodium_memzero(b->quit_typed, sizeof(b->quit_typed));
		b->quit_n = 0;
		if (ok)
			return 1;
		b->quit_wrong = 1;
		booth_debug(b, "wrong quit code");
	} else if (ch >= 32 && ch < 127 && b->quit_n + 1 < sizeof(b->quit_typed)) {
		b->quit_typed[b->quit_n++] = (char)ch;
		b->quit_wrong = 0;
	}
	return 0;
}

/* ---- keys and time --------------------------------------------------------------------- */

static int
voter_screen(enum booth_screen s)
{
	return s == SCR_CODE || s == SCR_CHOOSE || s == SCR_DETAIL || s == SCR_REVIEW ||
	    s == SCR_REFUSED || s == SCR_CLOSED || s == SCR_THANKS;
}

/* 1: quit the kiosk. */
static int
booth_key(struct booth *b, int ch)
{
	double now = booth_now();

	if (ch == KEY_RESIZE)
		return 0;
	b->last_key = now;
	if (ch == 3) {			/* Ctrl-C: raw mode delivers it as a key */
		quit_open(b);
		return 0;
	}
	if (b->scr == SCR_QUIT)
		return quit_key(b, ch);
	if (ch == KEY_F(2) && b->scr != SCR_SENDING) {
		b->lang = b->lang == LANG_NL ? LANG_EN : LANG_NL;
		return 0;
	}
	if (ch == 27 && voter_screen(b->scr)) {
		if (now - b->last_esc < ESC_PAIR) {
			b->last_esc = 0;
			booth_debug(b, "escape-escape: voter wiped");
			voter_wipe(b);
			go_welcome(b);
		} else {
			b->last_esc = now;
			b->esc_hint = 1;
			if (b->scr == SCR_DETAIL)
				show(b, SCR_CHOOSE);
		}
		return 0;
	}
	b->esc_hint = 0;
	switch (b->scr) {
	case SCR_WELCOME:
		if (ch == '\t')
			b->lang = b->lang == LANG_NL ? LANG_EN : LANG_NL;
		else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || (ch < 127 && isalnum(ch))) {
			enum kiosk_lang lang = b->lang;

			/* A new voter: the round afresh (it may have closed, or changed). */
			if (round_pick(b) != 1) {
				go_welcome(b);
				return 0;
			}
			if (start_voter(b) == -1)
				return 0;
			b->lang = lang;
			if (ch < 127 && isalnum(ch))
				code_type(b, ch);
		}
		break;
	case SCR_CODE:
		code_key(b, ch);
		break;
	case SCR_CHOOSE:
		/* A scanner types the card's code and Enter in one burst; a person presses
		 * Enter after the 17th symbol too. That Enter completes the code: it must not
		 * choose the first plan. Any other key ends this grace. */
		if (b->v.code_done && (ch == '\n' || ch == '\r' || ch == KEY_ENTER)) {
			b->v.code_done = 0;
			break;
		}
		b->v.code_done = 0;
		choose_key(b, ch);
		break;
	case SCR_DETAIL:
		detail_key(b, ch);
		break;
	case SCR_REVIEW:
		review_key(b, ch);
		break;
	case SCR_THANKS:
	case SCR_CLOSED:
		if (now - b->shown_at >= KEY_GRACE) {
			voter_wipe(b);
			go_welcome(b);
		}
		break;
	case SCR_REFUSED:
		if (now - b->shown_at >= KEY_GRACE) {
			enum kiosk_lang lang = b->lang;

			if (round_pick(b) == 1 && start_voter(b) == 0)
				b->lang = lang;
			else {
				voter_wipe(b);
				go_welcome(b);
			}
		}
		break;
	case SCR_NOROUND:
		if (ch == '\t')
			b->lang = b->lang == LANG_NL ? LANG_EN : LANG_NL;
		break;
	case SCR_CONNECTING:
	case SCR_SENDING:
	case SCR_QUIT:
		break;
	}
	return 0;
}

static void
booth_tick(struct booth *b)
{
	double	now = booth_now();
	int	r;

	switch (b->scr) {
	case SCR_CONNECTING:
		if (now >= b->next_try) {
			if (booth_connect(b) == 0)
				go_welcome(b);
			else
				retry_later(b);
		}
		break;
	case SCR_NOROUND:
	case SCR_WELCOME:
		if (now - b->polled >= (b->scr == SCR_NOROUND ? b->poll : 2 * b->poll))
			go_welcome(b);
		if (b->scr == SCR_WELCOME && b->lang != LANG_NL && now - b->last_key >= b->idle)
			b->lang = LANG_NL;
		break;
	case SCR_CODE:
	case SCR_CHOOSE:
	case SCR_DETAIL:
	case SCR_REVIEW:
		if (now - idle_since(b) >= b->idle) {
			booth_debug(b, "idle: voter wiped");
			voter_wipe(b);
			go_welcome(b);
			break;
		}
		/* Poll the round while someone votes; a lost connection is mended quietly. */
		if (now - b->polled >= b->poll || (b->ri.round.closes &&
		    time(NULL) >= b->ri.round.closes && now - b->polled >= 1)) {
			b->polled = now;
			if (!b->connected && booth_connect(b) != 0)
				break;
			if ((r = round_still_voting(b)) == 0)
				closed_for_voter(b);
		}
		break;
	case SCR_REFUSED:
	case SCR_CLOSED:
		if (now - idle_since(b) >= b->idle) {
			voter_wipe(b);
			go_welcome(b);
		}
		break;
	case SCR_THANKS:
		if (now - b->shown_at >= b->thanks) {
			voter_wipe(b);
			go_welcome(b);
		}
		break;
	case SCR_SENDING:
		if (now >= b->next_try)
			send_step(b);
		break;
	case SCR_QUIT:
		if (now - b->last_key >= QUIT_WAIT)
			quit_leave(b);
		break;
	}
}

static void
booth_loop(struct booth *b)
{
	int ch;

	for (;;) {
		if (got_stop) {
			booth_debug(b, "stopped by a signal");
			break;
		}
		if (got_int) {
			got_int = 0;
			quit_open(b);
		}
		booth_tick(b);
		screen_draw(b);
		if ((ch = screen_key(200)) == ERR)
			continue;
		if (booth_key(b, ch) == 1) {
			booth_debug(b, "quit by the organiser");
			break;
		}
	}
}

/* ---- the command ------------------------------------------------------------------------ */

static int
seconds_opt(const char *s, const char *name, int min, int *out)
{
	char	*end;
	long	 n;

	if (s == NULL)
		return 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < min || n > 86400)
		return cli_fail(_("%s wants a number of seconds (%d or more)"), name, min), -1;
	*out = (int)n;
	return 0;
}

/* TLS to a daemon not yet in known_hosts: the first connection must ask (or use
 * --fingerprint) before the screen is taken over. */
static int
tls_unknown(const struct booth *b)
{
	char	*host, *port, *name, path[4096], fp[FP_LEN + 1];
	int	 lineno, r;

	if (b->co.host == NULL || b->co.fingerprint != NULL)
		return 0;
	if (hostport_parse(b->co.host, &host, &port, &name) == -1)
		return 0;		/* conn_open says what is wrong with it */
	snprintf(path, sizeof(path), "%s/known_hosts", b->co.home);
	r = known_hosts_find(path, name, fp, &lineno);
	free(host);
	free(port);
	free(name);
	return r == 0;
}

int
cmd_kiosk(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "-d", 0, NULL }, { "--log", 1, NULL },
	    { "--quit-code", 1, NULL }, { "--idle", 1, NULL }, { "--warn", 1, NULL },
	    { "--thanks", 1, NULL }, { "--poll", 1, NULL }, { "--fault-drop-reply", 0, NULL },
	    { "--site", 1, NULL } };
	struct booth		*b;
	struct sigaction	 sa;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], hex[2 * KEY_BYTES + 1];
	const char		*kpath = c->keyfile, *why, *q;
	size_t			 npos;
	int			 rc = 1, fd, r;

	if (cli_args(argc, argv, o, sizeof(o) / sizeof(o[0]), pos, 0, 1, &npos, err,
	    sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (kiosk_text_check() != 0)
		return cli_fail(_("internal error: a kiosk text is missing"));
	/* A core file would put a voter's code on disk. (The booth itself is sodium_malloc'ed:
	 * locked in memory, never swapped.) */
	(void)setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	if ((b = sodium_malloc(sizeof(*b))) == NULL)
		return cli_fail(_("out of memory"));
	memset(b, 0, sizeof(*b));
	b->conn.fd = -1;
	b->idle = 60;
	b->warn = 10;
	b->thanks = 20;
	b->poll = 5;
	b->backoff = BACKOFF_FIRST;
	b->village_arg = npos ? pos[0] : NULL;
	b->co.socket = c->socket;
	b->co.host = c->host;
	b->co.fingerprint = c->fingerprint;
	b->co.home = c->home;
	b->fault_drop_reply = o[7].val != NULL;
	if (seconds_opt(o[3].val, "--idle", 2, &b->idle) == -1 ||
	    seconds_opt(o[4].val, "--warn", 0, &b->warn) == -1 ||
	    seconds_opt(o[5].val, "--thanks", 1, &b->thanks) == -1 ||
	    seconds_opt(o[6].val, "--poll", 1, &b->poll) == -1)
		goto out;
	if (b->warn >= b->idle)
		b->warn = b->idle - 1;
	/* --site: the public web site's address, shown after voting (where the receipt can be
	 * checked and the result will be). Printable ASCII without spaces, like a web
	 * address; nothing else reaches the voter's screen. */
	if (o[8].val != NULL) {
		const char *sp;

		for (sp = o[8].val; *sp > ' ' && *sp < 127; sp++)
			;
		if (*sp != '\0' || sp == o[8].val || strlen(o[8].val) >= sizeof(b->site)) {
			cli_fail(_("--site wants a web address like stem.kantens.nl (no spaces, at "
			    "most %zu characters)"), sizeof(b->site) - 1);
			goto out;
		}
		snprintf(b->site, sizeof(b->site), "%s", o[8].val);
	}
	if (kpath == NULL && (kpath = getenv("DORPSSTEM_KIOSK_KEY")) == NULL) {
		cli_fail(_("the kiosk needs its key: -k FILE (or $DORPSSTEM_KIOSK_KEY)"));
		goto out;
	}
	if (key_read_secret(kpath, b->kiosk_sk, &why) == -1) {
		cli_fail("%s: %s%s%s", kpath, why, errno ? ": " : "", errno ? strerror(errno) : "");
		goto out;
	}
	/* The organiser's quit code: given, or the start of the kiosk's public key (what
	 * `dorpsstem kiosk list` shows in its KEY column). */
	hex_encode(b->kiosk_sk + 32, KEY_BYTES, hex);
	if ((q = o[2].val) == NULL && (q = getenv("DORPSSTEM_KIOSK_QUIT")) == NULL)
		q = "";
	if (strlen(q) >= sizeof(b->quit_code) || (*q && strlen(q) < 4)) {
		cli_fail(_("--quit-code wants 4 to %zu characters"), sizeof(b->quit_code) - 1);
		goto out;
	}
	snprintf(b->quit_code, sizeof(b->quit_code), "%.*s", *q ? (int)strlen(q) : 8,
	    *q ? q : hex);
	if (o[0].val != NULL) {
		if (o[1].val != NULL) {
			if ((fd = open(o[1].val, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			    0600)) == -1 || (b->dbg = fdopen(fd, "a")) == NULL) {
				cli_fail("%s: %s", o[1].val, strerror(errno));
				goto out;
			}
		} else if (isatty(STDERR_FILENO)) {
			cli_fail(_("-d writes to standard error, which is the kiosk's screen: "
			    "redirect it (2>>kiosk.log) or give --log FILE"));
			goto out;
		} else
			b->dbg = stderr;
	} else if (o[1].val != NULL) {
		cli_fail(_("--log goes with -d"));
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_fail(_("the kiosk needs a terminal (use `dorpsstem vote` in scripts)"));
		goto out;
	}
	/* The first connection before the screen is taken: it may ask to trust the daemon,
	 * and a kiosk that is not enrolled, or for another village, should say so plainly. */
	b->co.interactive = 1;
	r = booth_connect(b);
	b->co.interactive = 0;
	if (r == -2 || (r == -1 && tls_unknown(b))) {
		cli_fail("%s%s", b->why, b->not_enrolled ? _(" (enroll it: dorpsstem kiosk enroll "
		    "VILLAGE KEY.pub --name NAME)") : "");
		goto out;
	}
	if (r == -1)
		fprintf(stderr, _("dorpsstem: %s; the kiosk keeps trying\n"), b->why);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	if (screen_open(err, sizeof(err)) == -1) {
		cli_fail("%s", err);
		goto out;
	}
	b->last_key = booth_now();
	b->scr = SCR_CONNECTING;
	if (r == 0)
		go_welcome(b);
	booth_loop(b);
	voter_wipe(b);
	screen_close();
	rc = 0;
out:
	if (b->dbg != NULL && b->dbg != stderr)
		fclose(b->dbg);
	ballot_drop(&b->v);
	free(b->v.value);
	round_drop(b);
	booth_disconnect(b);
	sodium_free(b);		/* wipes it all, kiosk key and quit code included */
	return rc;
}
