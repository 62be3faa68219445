/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * web.c — the village's public web site: `dorpsstemd -W`, started by dorpsstemd
 * (web_spawn.c) as its own process. docs/web.md describes the pages, limits and set-up.
 *
 * Privilege separation: this process binds `listen web on` and opens the LMDB store with
 * MDB_RDONLY while it may still be root, then drops to `web user` (default "nobody") with
 * PR_SET_NO_NEW_PRIVS. It holds no key (it was exec'ed: the daemon's memory is gone; it
 * gets the daemon's public key on its command line), writes nothing, and has no control
 * socket: its one way in is the web channel (descriptor 3, from web_spawn.c), on which the
 * daemon takes hello and public-submit only. A bug here cannot reach the keys, the ledger
 * or ballot intake; the worst it can do is hand in aanvragen, which the daemon bounds.
 *
 * Every page is server-rendered HTML; every stored or typed string goes through esc().
 * No cookies, no JavaScript, no inline styles (CSP: default-src 'none'; style-src 'self').
 * Limits: header and body size, a silence timeout, a whole-request deadline, a cap on
 * connections overall and per address, and token buckets per address on the two forms.
 * Nothing typed into a check form is logged or kept: the card code is wiped after the
 * lookup. An aanvraag is handed to the daemon; its contact details are never shown back.
 *
 * /ronde/ID/voortgang folds the round's ledger through proto/spending.c (the rules of
 * `audit verify`) and shows each funded initiative's books. /dorp/NAAM/JAAR is the yearly
 * overview: proto/overview.c's figures (the same as `dorpsstem overview`) in the site's
 * frame, with SVG charts; an unknown village or a year without rounds answers a Dutch 404.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <poll.h>
#include <netdb.h>
#include <sys/socket.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <sodium.h>

#include "audit.h"
#include "audit_daemon.h"
#include "code.h"
#include "dorpsstemd.h"
#include "frame.h"
#include "key.h"
#include "money.h"
#include "overview.h"
#include "roundnr.h"
#include "spending.h"
#include "tally.h"
#include "web.h"

#define WEB_MAX_HEADERS		8192	/* bytes of request line + headers */
#define WEB_MAX_BODY		2048	/* bytes of a form body */
#define WEB_TIMEOUT		10	/* seconds of silence on a connection */
#define WEB_DEADLINE		20	/* seconds for one request to arrive, all told */
#define WEB_MAX_PER_ADDR	64	/* connections from one address (not `web proxy`) */
#define WEB_MAX_CONNS		1024
#define WEB_BUCKETS		4096	/* rate-limit slots (hashed addresses) */
#define FORM_BURST		10	/* form posts an address may make at once … */
#define FORM_PER_MIN		10	/* … and per minute after that */
#define CARD_BURST		5
#define CARD_PER_MIN		5
#define AANVRAAG_BURST		3	/* aanvragen an address may hand in at once … */
#define AANVRAAG_PER_MIN	0.05	/* … and then one per 20 minutes */
#define WEB_MAX_FORM		24576	/* bytes of an aanvraag's body (its summary may have
					 * 4000 bytes, percent-encoded); other forms: WEB_MAX_BODY */

struct bucket {
	uint64_t	 h;
	double		 tokens[3];	/* 0: receipt form, 1: card form, 2: aanvraag */
	int64_t		 t[3];
};

static struct {
	struct config	*cf;
	struct daemon	 d;		/* only conf and store are used (organiser_publish) */
	struct event_base *base;
	struct evhttp	*http;
	uint8_t		 daemon_pk[KEY_BYTES];
	char		*css;
	size_t		 csslen;
	struct bucket	 buckets[WEB_BUCKETS];
	uint8_t		 hashkey[16];
} W;

/* ---- one page being written ---------------------------------------------------------- */

struct pg {
	struct evhttp_request	*req;
	struct evbuffer		*b;
	int			 en;		/* English (?taal=en), else Dutch */
	const char		*lq;		/* "?taal=en" or "" for links */
	const char		*path;		/* this page's path (for the language switch) */
	char			 addr[INET6_ADDRSTRLEN];	/* the resident's address */
	int			 nocache;
};

#define T(pg_, nl_, en_)	((pg_)->en ? (en_) : (nl_))

static void out(struct pg *, const char *, ...) __attribute__((format(printf, 2, 3)));
static void
out(struct pg *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	evbuffer_add_vprintf(p->b, fmt, ap);
	va_end(ap);
}

/* HTML-escapes text (element content and attribute values alike). */
static void
esc(struct pg *p, const char *s)
{
	const char *run = s;

	for (; s && *s; s++) {
		const char *r = NULL;
		switch (*s) {
		case '&': r = "&amp;"; break;
		case '<': r = "&lt;"; break;
		case '>': r = "&gt;"; break;
		case '"': r = "&quot;"; break;
		case '\'': r = "&#39;"; break;
		}
		if (r) {
			evbuffer_add(p->b, run, (size_t)(s - run));
			evbuffer_add(p->b, r, strlen(r));
			run = s + 1;
		}
	}
	if (s)
		evbuffer_add(p->b, run, (size_t)(s - run));
}

/* Text with its line breaks as paragraphs. */
static void
esc_paras(struct pg *p, const char *s)
{
	char *copy, *line, *save = NULL;

	if (s == NULL || (copy = strdup(s)) == NULL)
		return;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		out(p, "<p>");
		esc(p, line);
		out(p, "</p>\n");
	}
	free(copy);
}

static char *
money(const struct pg *p, char *buf, size_t n, uint64_t cents)
{
	return p->en ? money_format_en(buf, n, cents) : money_format(buf, n, cents);
}

static const char *const maand_nl[] = { "januari", "februari", "maart", "april", "mei",
	"juni", "juli", "augustus", "september", "oktober", "november", "december" };
static const char *const month_en[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

/* "7 december 2026, 14:30" in local time (the village's: the server's TZ). */
static char *
when(const struct pg *p, char *buf, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	if (p->en)
		snprintf(buf, n, "%d %s %d, %02d:%02d", tm.tm_mday, month_en[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, n, "%d %s %d, %02d:%02d uur", tm.tm_mday, maand_nl[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return buf;
}

static const char *
state_text(const struct pg *p, unsigned s)
{
	switch (s) {
	case ROUND_DRAFT: return T(p, "in voorbereiding", "being prepared");
	case ROUND_VOTING: return T(p, "stemmen kan nu", "voting is open");
	case ROUND_CLOSED: return T(p, "stemming gesloten, uitslag volgt",
	    "voting closed, result follows");
	case ROUND_TALLIED: return T(p, "uitslag bekend", "result published");
	case ROUND_CANCELLED: return T(p, "geannuleerd", "cancelled");
	}
	return "?";
}

static const char *
init_state_text(const struct pg *p, unsigned s)
{
	switch (s) {
	case INIT_SUBMITTED: return T(p, "ingediend, wordt beoordeeld",
	    "submitted, being reviewed");
	case INIT_ADMITTED: return T(p, "op het stembiljet", "on the ballot");
	case INIT_REJECTED: return T(p, "niet toegelaten", "not admitted");
	case INIT_WITHDRAWN: return T(p, "ingetrokken", "withdrawn");
	}
	return "?";
}

static void
page_begin(struct pg *p, const char *title, const char *self)
{
	out(p, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>", p->en ? "en" : "nl");
	esc(p, title);
	out(p, " — %s</title>\n<link rel=\"stylesheet\" href=\"/stijl.css\">\n</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#inhoud\">%s</a>\n"
	    "<header class=\"kop\"><div class=\"inner\">"
	    "<a class=\"naam\" href=\"/%s\">dorpsstem</a>"
	    "<a class=\"taal\" href=\"",
	    T(p, "Dorpsbegroting", "Village budget"),
	    T(p, "Naar de inhoud", "Skip to content"), p->lq);
	(void)self;
	esc(p, p->path);
	out(p, "%s\" lang=\"%s\" hreflang=\"%s\">%s</a></div></header>\n"
	    "<main id=\"inhoud\">\n", p->en ? "" : "?taal=en", p->en ? "nl" : "en",
	    p->en ? "nl" : "en", p->en ? "Nederlands" : "English");
}

static void
page_end(struct pg *p)
{
	out(p, "</main>\n<footer><div class=\"inner\"><p>%s</p>"
	    "<p class=\"muted\">%s <a href=\"/privacy%s\">%s</a></p></div></footer>\n"
	    "</body>\n</html>\n",
	    T(p, "Deze site gebruikt geen cookies en volgt u niet. Wat u in de controleformulieren "
	    "typt, wordt niet opgeslagen.", "This site uses no cookies and does not track you. "
	    "What you type into the check forms is not stored."),
	    T(p, "Niemand kan zien wat u gestemd hebt.", "Nobody can see how you voted."), p->lq,
	    T(p, "Privacy", "Privacy"));
}

static void
send_page(struct pg *p, int code, const char *reason)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(p->req);

	evhttp_add_header(h, "Content-Type", "text/html; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", p->nocache ? "no-store" : "max-age=10");
	evhttp_send_reply(p->req, code, reason, p->b);
}

static void
not_found(struct pg *p)
{
	page_begin(p, T(p, "Niet gevonden", "Not found"), "/");
	out(p, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/%s\">%s</a></p>\n",
	    T(p, "Deze pagina bestaat niet", "This page does not exist"),
	    T(p, "Controleer het adres, of begin op de voorpagina.",
	    "Check the address, or start on the front page."), p->lq,
	    T(p, "Naar de voorpagina", "To the front page"));
	page_end(p);
	send_page(p, HTTP_NOTFOUND, "Not Found");
}

static void
server_error(struct pg *p)
{
	evbuffer_drain(p->b, evbuffer_get_length(p->b));
	page_begin(p, T(p, "Storing", "Fault"), "/");
	out(p, "<h1>%s</h1>\n<p>%s</p>\n", T(p, "Er ging iets mis", "Something went wrong"),
	    T(p, "Probeer het over een paar minuten opnieuw.",
	    "Please try again in a few minutes."));
	page_end(p);
	p->nocache = 1;
	send_page(p, HTTP_INTERNAL, "Internal Server Error");
}

/* ---- the store, read-only ------------------------------------------------------------- */

static int
store_ro_open(struct store *s, const char *dir)
{
	static const struct { const char *name; size_t off; } dbs[] = {
		{ "meta", offsetof(struct store, meta) },
		{ "villages", offsetof(struct store, villages) },
		{ "rounds", offsetof(struct store, rounds) },
		{ "initiatives", offsetof(struct store, initiatives) },
		{ "credentials", offsetof(struct store, credentials) },
		{ "kiosks", offsetof(struct store, kiosks) },
		{ "ballots", offsetof(struct store, ballots) },
		{ "counts", offsetof(struct store, counts) },
		{ "turnout", offsetof(struct store, turnout) },
		{ "results", offsetof(struct store, results) },
		{ "events", offsetof(struct store, events) },	/* decisions (before the open) */
		{ "conditions", offsetof(struct store, conditions) },
		{ "applications", offsetof(struct store, applications) },
		/* never "contacts" or "followups": this process cannot even name them */
	};
	MDB_txn	*txn;
	size_t	 i;
	int	 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = mdb_env_create(&s->env)) != 0)
		return rc;
	if ((rc = mdb_env_set_maxdbs(s->env, 16)) != 0 ||
	    (rc = mdb_env_set_maxreaders(s->env, 126)) != 0 ||
	    (rc = mdb_env_open(s->env, dir, MDB_RDONLY | MDB_NOTLS, 0600)) != 0)
		goto fail;
	{
		/* A web process killed in a read transaction left its slot behind. */
		int dead = 0;
		if (mdb_reader_check(s->env, &dead) == 0 && dead)
			log_info("web: cleared %d stale reader slot(s)", dead);
	}
	if ((rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn)) != 0)
		goto fail;
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++)
		if ((rc = mdb_dbi_open(txn, dbs[i].name, 0,
		    (MDB_dbi *)(void *)((char *)s + dbs[i].off))) != 0) {
			mdb_txn_abort(txn);
			goto fail;
		}
	if ((rc = mdb_txn_commit(txn)) != 0)	/* keeps the handles */
		goto fail;
	return 0;
fail:
	mdb_env_close(s->env);
	s->env = NULL;
	return rc;
}

/* A read transaction; adopts a map the daemon has grown meanwhile. */
static int
rd(MDB_txn **txn)
{
	int rc = mdb_txn_begin(W.d.store.env, NULL, MDB_RDONLY, txn);

	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(W.d.store.env, 0);
		rc = mdb_txn_begin(W.d.store.env, NULL, MDB_RDONLY, txn);
	}
	return rc;
}

struct inits {
	struct initiative	*v;
	size_t			 n;
	uint32_t		 round;
};

static int
collect_init(void *rec, void *arg)
{
	struct initiative	*in = rec, *nv;
	struct inits		*a = arg;

	if (in->round != a->round)
		return 0;
	if ((nv = reallocarray(a->v, a->n + 1, sizeof(*nv))) == NULL)
		return ENOMEM;
	a->v = nv;
	a->v[a->n++] = *in;		/* takes the strings over */
	memset(in, 0, sizeof(*in));
	return 0;
}

static void
inits_free(struct inits *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		wire_free(&schema_initiative, &a->v[i]);
	free(a->v);
}

/* The round's initiatives (in id order, as the store keeps them); their round numbers are
 * proto/roundnr's initiative_nr, the same function the client and the kiosk use. */
static int
inits_load(MDB_txn *txn, uint32_t round, struct inits *a)
{
	struct initiative in;
	int rc;

	memset(a, 0, sizeof(*a));
	a->round = round;
	memset(&in, 0, sizeof(in));
	rc = store_each(txn, W.d.store.initiatives, &schema_initiative, &in, collect_init, a);
	return rc;
}

/* ---- pages ----------------------------------------------------------------------------- */

struct idx_arg {
	struct pg	*p;
	uint32_t	 village;
	int		 any;
	int		 years[16];	/* years with a closed round (the latest 16) */
	size_t		 nyears;
};

static int year_of_t(int64_t);
static void year_link(struct pg *, const char *, int, const char *);

static int
idx_round(void *rec, void *arg)
{
	struct round	*r = rec;
	struct idx_arg	*a = arg;

	if (r->village != a->village)
		return 0;
	if (!a->any)
		out(a->p, "<ul>\n");
	a->any = 1;
	out(a->p, "<li><a href=\"/ronde/%u%s\">", r->id, a->p->lq);
	esc(a->p, r->name);
	out(a->p, "</a> — %s</li>\n", state_text(a->p, r->state));
	if ((r->state == ROUND_CLOSED || r->state == ROUND_TALLIED) && r->closed) {
		int y = year_of_t(r->closed);
		size_t i, k;
		for (i = 0; i < a->nyears && a->years[i] != y; i++)
			;
		if (i == a->nyears && y > 0) {
			if (a->nyears == 16) {	/* keep the latest: drop the smallest */
				for (i = k = 0; i < 16; i++)
					if (a->years[i] < a->years[k])
						k = i;
				if (a->years[k] < y)
					a->years[k] = y;
			} else
				a->years[a->nyears++] = y;
		}
	}
	return 0;
}

static int
int_cmp(const void *x, const void *y)
{
	return (*(const int *)x > *(const int *)y) - (*(const int *)x < *(const int *)y);
}

struct idx_v {
	struct pg	*p;
	MDB_txn		*txn;
	int		 n;
};

static int
idx_village(void *rec, void *arg)
{
	struct village	*v = rec;
	struct idx_v	*a = arg;
	struct idx_arg	 ra = { a->p, v->id, 0, { 0 }, 0 };
	char		 t[64];
	size_t		 i;
	struct round	 r;

	a->n++;
	out(a->p, "<h2>");
	esc(a->p, v->name);
	out(a->p, "</h2>\n");
	memset(&r, 0, sizeof(r));
	if (store_each(a->txn, W.d.store.rounds, &schema_round, &r, idx_round, &ra) != 0)
		return 1;
	if (ra.any)
		out(a->p, "</ul>\n");
	if (ra.nyears) {
		qsort(ra.years, ra.nyears, sizeof(int), int_cmp);
		out(a->p, "<p>%s ", T(a->p, "Jaaroverzicht:", "Yearly overview:"));
		for (i = 0; i < ra.nyears; i++) {
			snprintf(t, sizeof(t), "%d", ra.years[i]);
			if (i)
				out(a->p, " · ");
			year_link(a->p, v->name, ra.years[i], t);
			out(a->p, "<span class=\"sr\"> ");
			esc(a->p, v->name);
			out(a->p, "</span></a>");
		}
		out(a->p, "</p>\n");
	}
	if (!ra.any)
		out(a->p, "<p class=\"muted\">%s</p>\n", T(a->p, "Nog geen stemrondes.",
		    "No rounds yet."));
	return 0;
}

static void
page_index(struct pg *p)
{
	struct idx_v	a = { p, NULL, 0 };
	struct village	v;

	if (rd(&a.txn) != 0) {
		server_error(p);
		return;
	}
	page_begin(p, T(p, "Dorpsbegroting", "Village budget"), "/");
	out(p, "<h1>%s</h1>\n<p>%s</p>\n", T(p, "Dorpsbegroting: u beslist mee",
	    "Village budget: you decide"),
	    T(p, "Hier leest u welke plannen er zijn, waar en tot wanneer u kunt stemmen, "
	    "of uw stem is meegeteld, en de uitslag.",
	    "Here you can read the plans, where and until when you can vote, whether your "
	    "vote was counted, and the result."));
	out(p, "<p><a href=\"/aanvraag%s\">%s</a></p>\n", p->lq, T(p, "Een plan indienen voor "
	    "het dorp", "Hand in a plan for the village"));
	memset(&v, 0, sizeof(v));
	if (store_each(a.txn, W.d.store.villages, &schema_village, &v, idx_village, &a) != 0) {
		mdb_txn_abort(a.txn);
		server_error(p);
		return;
	}
	mdb_txn_abort(a.txn);
	if (a.n == 0)
		out(p, "<p>%s</p>\n", T(p, "Er zijn nog geen dorpen ingesteld.",
		    "No villages have been set up yet."));
	page_end(p);
	send_page(p, HTTP_OK, "OK");
}

/* Loads round id and its village name; 0, MDB_NOTFOUND or an error. */
static int
round_load(MDB_txn *txn, uint32_t id, struct round *r, struct village *v)
{
	int rc;

	memset(r, 0, sizeof(*r));
	memset(v, 0, sizeof(*v));
	if ((rc = store_get_id(txn, W.d.store.rounds, id, &schema_round, r)) != 0)
		return rc;
	if ((rc = store_get_id(txn, W.d.store.villages, r->village, &schema_village, v)) != 0) {
		wire_free(&schema_round, r);
		return rc;
	}
	return 0;
}

static void
round_head(struct pg *p, const struct round *r, const struct village *v, const char *sub)
{
	out(p, "<p class=\"kruimel\"><a href=\"/%s\">", p->lq);
	esc(p, v->name);
	out(p, "</a>");
	if (sub) {
		out(p, " › <a href=\"/ronde/%u%s\">", r->id, p->lq);
		esc(p, r->name);
		out(p, "</a>");
	}
	out(p, "</p>\n");
}

struct kiosk_arg {
	struct pg	*p;
	uint32_t	 village;
	int		 n;
};

static int
kiosk_li(void *rec, void *arg)
{
	struct kiosk		*k = rec;
	struct kiosk_arg	*a = arg;

	if (k->village != a->village || k->state != KIOSK_ACTIVE)
		return 0;
	if (a->n++ == 0)
		out(a->p, "<ul>\n");
	out(a->p, "<li>");
	esc(a->p, k->name);
	out(a->p, "</li>\n");
	return 0;
}

static const char *
reason_plain(struct pg *p, const struct result *res, const struct result_item *it, char *buf,
    size_t n)
{
	char m[MONEY_BUF];
	int64_t left = it->left;
	unsigned reason = it->reason;

	/* As `dorpsstem result` says it (client/cmd_result.c plain_reasons): Equal Shares'
	 * "unaffordable" for something dearer than all that was left means it did not fit. */
	if (reason == TALLY_REASON_UNAFFORDABLE && it->cost > res->unspent) {
		reason = TALLY_REASON_NOT_FIT;
		left = (int64_t)res->unspent;
	}
	switch (reason) {
	case TALLY_REASON_FUNDED:
		return T(p, "gekozen", "funded");
	case TALLY_REASON_FUNDED_COMPLETION:
		return T(p, "gekozen (van wat over was)", "funded (from what was left over)");
	case TALLY_REASON_NOT_FIT:
		snprintf(buf, n, T(p, "paste niet meer: nog %s over", "did not fit: %s left"),
		    money(p, m, sizeof(m), left > 0 ? (uint64_t)left : 0));
		return buf;
	case TALLY_REASON_BELOW_THRESHOLD:
		return T(p, "te weinig stemmen (onder de drempel)",
		    "too few votes (below the threshold)");
	case TALLY_REASON_STOPPED:
		return T(p, "niet bereikt: het verdelen stopte ervoor",
		    "not reached: the sharing-out stopped before it");
	case TALLY_REASON_UNAFFORDABLE:
		return T(p, "te weinig steun om het samen te betalen",
		    "too little support to pay for it together");
	case TALLY_REASON_NO_SUPPORT:
		return T(p, "geen stemmen", "no votes");
	case TALLY_REASON_OVER_BUDGET:
		return T(p, "kost meer dan het hele budget", "costs more than the whole budget");
	case TALLY_REASON_WITHDRAWN:
		return T(p, "ingetrokken", "withdrawn");
	}
	return "?";
}

static void
turnout(struct pg *p, const struct round_counts *c)
{
	unsigned pct = c->registered ? (unsigned)(c->ballots * 100 / c->registered) : 0;

	out(p, "<p>%s <strong>%llu</strong>", T(p, "Opkomst:", "Turnout:"),
	    (unsigned long long)c->ballots);
	if (c->registered)
		out(p, " %s %u %s (%u%%)", T(p, "van", "of"), c->registered,
		    T(p, "stemkaarten", "voting cards"), pct);
	out(p, " %s.</p>\n", T(p, "stemmen", "votes"));
}

static void
result_section(struct pg *p, const struct result *res, const struct inits *a)
{
	char m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], why[160];
	int64_t max = 1;
	uint32_t i, k;

	for (i = 0; i < res->items.n; i++) {
		const struct result_item *it = (const struct result_item *)res->items.items + i;
		if (it->score > max)
			max = it->score;
	}
	out(p, "<h2>%s</h2>\n<p>", T(p, "De uitslag", "The result"));
	out(p, T(p, "Van het budget van %s is %s verdeeld; %s bleef over.",
	    "Of the budget of %s, %s was given out; %s was left."),
	    money(p, m1, sizeof(m1), res->budget), money(p, m2, sizeof(m2), res->spent),
	    money(p, m3, sizeof(m3), res->unspent));
	out(p, " %s %llu %s.</p>\n", T(p, "Er werden", "There were"),
	    (unsigned long long)res->ballots, T(p, "stemmen geteld", "votes counted"));
	out(p, "<ul class=\"bars\">\n");
	/* Funded first in the order they were chosen, then the rest by votes. */
	for (k = 0; k < 2; k++)
		for (i = 0; i < res->items.n; i++) {
			const struct result_item *it =
			    (const struct result_item *)res->items.items + i;
			unsigned w;
			if ((k == 0) != (it->funded != 0))
				continue;
			w = it->score > 0 ? (unsigned)(it->score * 100 / max) : 0;
			out(p, "<li><span class=\"nr\">%u</span> <strong>",
			    (unsigned)initiative_nr(a->v, a->n, a->round, it->initiative));
			esc(p, it->title);
			out(p, "</strong> — %s<br>%s: %lld · %s: %s\n",
			    it->funded ? T(p, "<span class=\"ok\">✔ gekozen</span>",
			    "<span class=\"ok\">✔ funded</span>") :
			    reason_plain(p, res, it, why, sizeof(why)),
			    T(p, "stemmen", "votes"), (long long)it->score,
			    T(p, "kosten", "cost"), money(p, m1, sizeof(m1), it->cost));
			out(p, "<div class=\"bar%s\" aria-hidden=\"true\"><span class=\"w%u\">"
			    "</span></div></li>\n", it->funded ? " gekozen" : "", w);
		}
	out(p, "</ul>\n<p class=\"muted\">%s <code>", T(p, "Verdeelregel:", "Rule:"));
	esc(p, res->rule);	/* the daemon allows only rule names, but escape all the same */
	out(p, "</code>. %s</p>\n",
	    T(p, "Zo is de uitslag berekend; iedereen kan hem narekenen (zie "
	    "&lsquo;Controleren&rsquo;).", "This is how the result was computed; anyone can "
	    "recount it (see &lsquo;Verify&rsquo;)."));
}

/* ---- an initiative's aanvraag and decision (issue 13) --------------------------------- */

/* Per initiative of a round: the decision condition by condition, if the latest change of
 * its status was one (a later plain admit, reject or withdraw makes it stale). Decisions
 * are only taken in a draft round, so the round's ledger is read up to its round-open:
 * a handful of events, however many ballots follow. */
struct story {
	struct decision	 dc;
	int		 have_dc;
};

static int
stories_load(MDB_txn *txn, const struct inits *a, struct story **out)
{
	struct story	*st;
	struct event	 ev;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint8_t		 start[12];
	size_t		 i;
	int		 rc;

	if ((st = calloc(a->n ? a->n : 1, sizeof(*st))) == NULL)
		return ENOMEM;
	*out = st;
	be32(start, a->round);
	be64(start + 4, 1);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, W.d.store.events, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const uint8_t *raw = v.mv_data;
		unsigned type;

		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0 ||
		    v.mv_size < 22)
			break;
		/* The type is at offset 20 (round u32, seq u64, time i64): decode only the
		 * few status events (a credentials-register body is 640 KB). */
		type = (unsigned)raw[20] << 8 | raw[21];
		if (type == MSG_ROUND_OPEN || type == MSG_BALLOT_CAST)
			break;
		if (type != MSG_INITIATIVE_DECIDE && type != MSG_INITIATIVE_ADMIT &&
		    type != MSG_INITIATIVE_REJECT && type != MSG_INITIATIVE_WITHDRAW)
			continue;
		memset(&ev, 0, sizeof(ev));
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_event, &ev, NULL) != 0)
			break;		/* shows no decision rather than a wrong one */
		for (i = 0; i < a->n; i++)
			if (a->v[i].id == ev.subject)
				break;
		if (i < a->n && (ev.type == MSG_INITIATIVE_DECIDE ||
		    ev.type == MSG_INITIATIVE_ADMIT || ev.type == MSG_INITIATIVE_REJECT ||
		    ev.type == MSG_INITIATIVE_WITHDRAW)) {
			if (st[i].have_dc)
				wire_free(&schema_decision, &st[i].dc);
			st[i].have_dc = ev.type == MSG_INITIATIVE_DECIDE &&
			    wire_decode_all(ev.body.p, ev.body.len, &schema_decision, &st[i].dc,
			    NULL) == 0;
		}
		wire_free(&schema_event, &ev);
	}
	mdb_cursor_close(cur);
	return 0;
}

static void
stories_free(struct story *st, size_t n)
{
	size_t i;

	for (i = 0; st && i < n; i++)
		if (st[i].have_dc)
			wire_free(&schema_decision, &st[i].dc);
	free(st);
}

/* The aanvraag's budget lines, co-funding, volunteers and period (not the contact
 * details: they are in a database this process never opens). */
static void
plan_application(struct pg *p, MDB_txn *txn, const struct initiative *in)
{
	struct application	 app;
	const struct money_line	*l;
	char			 m[MONEY_BUF];
	uint32_t		 i;

	memset(&app, 0, sizeof(app));
	if (store_get_id(txn, W.d.store.applications, in->id, &schema_application, &app) != 0)
		return;
	if (app.lines.n) {
		out(p, "<table class=\"begroting\">\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead>"
		    "\n<tbody>\n", T(p, "Begroting", "Budget"), T(p, "Waarvoor", "What for"),
		    T(p, "Bedrag", "Amount"));
		for (i = 0, l = app.lines.items; i < app.lines.n; i++) {
			out(p, "<tr><td>");
			esc(p, l[i].what);
			out(p, "</td><td class=\"num\">%s</td></tr>\n",
			    money(p, m, sizeof(m), l[i].amount));
		}
		out(p, "</tbody>\n<tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">"
		    "<strong>%s</strong></td></tr></tfoot>\n</table>\n",
		    T(p, "Totaal (gevraagd)", "Total (asked for)"),
		    money(p, m, sizeof(m), in->cost));
	}
	if (app.cofunding.n || app.volunteers || (app.planned && app.planned[0])) {
		out(p, "<dl class=\"feiten\">");
		for (i = 0, l = app.cofunding.items; i < app.cofunding.n; i++) {
			out(p, "<dt>%s</dt><dd>", T(p, "Meebetaald door", "Co-funded by"));
			esc(p, l[i].what);
			out(p, ": %s</dd>", money(p, m, sizeof(m), l[i].amount));
		}
		if (app.volunteers)
			out(p, "<dt>%s</dt><dd>%u</dd>", T(p, "Vrijwilligers", "Volunteers"),
			    (unsigned)app.volunteers);
		if (app.planned && app.planned[0]) {
			out(p, "<dt>%s</dt><dd>", T(p, "Wanneer", "When"));
			esc(p, app.planned);
			out(p, "</dd>");
		}
		out(p, "</dl>\n");
	}
	wire_free(&schema_application, &app);
}

/* The decision condition by condition: each voorwaarde with met or not met. */
static void
plan_decision(struct pg *p, MDB_txn *txn, uint32_t village, const struct initiative *in,
    const struct story *st)
{
	const struct decision_item	*met;
	const struct condition		*c;
	struct conditions		 cd;
	uint8_t				 key[8];
	uint32_t			 i;

	if (st == NULL || !st->have_dc || st->dc.conditions == 0 || st->dc.status != in->status)
		return;
	be32(key, village);
	be32(key + 4, st->dc.conditions);
	memset(&cd, 0, sizeof(cd));
	if (store_get(txn, W.d.store.conditions, key, sizeof(key), &schema_conditions, &cd) != 0)
		return;
	out(p, "<div class=\"voorwaarden\"><p><strong>%s</strong> <span class=\"muted\">(%s %u)"
	    "</span></p>\n<ul>\n", T(p, "Getoetst aan de voorwaarden van het dorp:",
	    "Checked against the village's conditions:"), T(p, "versie", "version"),
	    (unsigned)st->dc.conditions);
	met = st->dc.met.items;
	c = cd.items.items;
	for (i = 0; i < cd.items.n && i < st->dc.met.n; i++) {
		out(p, "<li><span class=\"%s\">%s</span> %u. ", met[i].met ? "ok" : "fout",
		    met[i].met ? T(p, "✔ voldaan:", "✔ met:") :
		    T(p, "✘ niet voldaan:", "✘ not met:"), (unsigned)(i + 1));
		esc(p, c[i].text);
		out(p, "</li>\n");
	}
	out(p, "</ul></div>\n");
	wire_free(&schema_conditions, &cd);
}

static void
page_round(struct pg *p, uint32_t id)
{
	MDB_txn			*txn;
	struct round		 r;
	struct village		 v;
	struct inits		 a;
	struct round_counts	 c;
	struct result		 res;
	struct story		*st = NULL;
	char			 m[MONEY_BUF], t[80];
	size_t			 i;
	int			 rc, have_res = 0;

	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if ((rc = round_load(txn, id, &r, &v)) != 0) {
		mdb_txn_abort(txn);
		if (rc == MDB_NOTFOUND)
			not_found(p);
		else
			server_error(p);
		return;
	}
	memset(&res, 0, sizeof(res));
	if (inits_load(txn, id, &a) != 0 || counts_get(txn, &W.d.store, id, &c) != 0 ||
	    stories_load(txn, &a, &st) != 0) {
		mdb_txn_abort(txn);
		server_error(p);
		goto done;
	}
	if (r.state == ROUND_TALLIED &&
	    store_get_id(txn, W.d.store.results, id, &schema_result, &res) == 0)
		have_res = 1;
	page_begin(p, r.name, "");
	round_head(p, &r, &v, NULL);
	out(p, "<h1>");
	esc(p, r.name);
	out(p, "</h1>\n<p><span class=\"status\">%s</span></p>\n", state_text(p, r.state));
	out(p, "<dl class=\"feiten\"><dt>%s</dt><dd>%s</dd>", T(p, "Budget", "Budget"),
	    money(p, m, sizeof(m), r.budget));
	if (r.state == ROUND_DRAFT && r.opens)
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Stemmen vanaf", "Voting from"),
		    when(p, t, sizeof(t), r.opens));
	if ((r.state == ROUND_DRAFT || r.state == ROUND_VOTING) && r.closes)
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Stemmen tot", "Voting until"),
		    when(p, t, sizeof(t), r.closes));
	if (r.closed)
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Gesloten", "Closed"),
		    when(p, t, sizeof(t), r.closed));
	out(p, "</dl>\n");
	if ((r.state == ROUND_CLOSED || r.state == ROUND_TALLIED) && r.closed) {
		int y = year_of_t(r.closed);
		snprintf(t, sizeof(t), T(p, "Jaaroverzicht %d van ", "Yearly overview %d of "), y);
		out(p, "<p>");
		year_link(p, v.name, y, t);
		esc(p, v.name);
		out(p, "</a></p>\n");
	}

	if (r.state == ROUND_VOTING) {
		struct kiosk_arg ka = { p, r.village, 0 };
		struct kiosk ks;
		out(p, "<h2>%s</h2>\n<p>%s</p>\n", T(p, "Waar kunt u stemmen?",
		    "Where can you vote?"), T(p, "Neem uw stemkaart mee naar een van deze "
		    "stemplekken:", "Bring your voting card to one of these places:"));
		memset(&ks, 0, sizeof(ks));
		store_each(txn, W.d.store.kiosks, &schema_kiosk, &ks, kiosk_li, &ka);
		if (ka.n)
			out(p, "</ul>\n");
		else
			out(p, "<p>%s</p>\n", T(p, "De organisatie maakt de stemplekken bekend.",
			    "The organisers will announce the places."));
		turnout(p, &c);
	} else if (r.state == ROUND_CLOSED) {
		out(p, "<p>%s</p>\n", T(p, "De stemming is gesloten. De uitslag wordt "
		    "berekend en verschijnt hier.", "Voting has closed. The result is being "
		    "computed and will appear here."));
		turnout(p, &c);
	} else if (r.state == ROUND_TALLIED && have_res) {
		result_section(p, &res, &a);
		turnout(p, &c);
	} else if (r.state == ROUND_CANCELLED)
		out(p, "<p>%s</p>\n", T(p, "Deze stemronde is geannuleerd.",
		    "This round was cancelled."));
	if (r.state != ROUND_DRAFT && r.state != ROUND_CANCELLED) {
		out(p, "<nav class=\"verder\" aria-label=\"%s\"><ul>\n",
		    T(p, "Controleren", "Verify"));
		out(p, "<li><a href=\"/ronde/%u/stembewijs%s\">%s</a></li>\n", id, p->lq,
		    T(p, "Is mijn stem meegeteld? (stembewijs)",
		    "Was my vote counted? (receipt)"));
		if (r.state == ROUND_CLOSED || r.state == ROUND_TALLIED)
			out(p, "<li><a href=\"/ronde/%u/kaart%s\">%s</a></li>\n", id, p->lq,
			    T(p, "Niet gestemd? Controleer of iemand uw kaart gebruikte",
			    "Did not vote? Check whether anyone used your card"));
		if (r.state == ROUND_TALLIED)
			out(p, "<li><a href=\"/ronde/%u/voortgang%s\">%s</a></li>\n", id, p->lq,
			    T(p, "Wat hebben de gekozen plannen met het geld gedaan? (voortgang)",
			    "What did the chosen plans do with the money? (progress)"));
		out(p, "<li><a href=\"/ronde/%u/controle%s\">%s</a></li>\n</ul></nav>\n", id,
		    p->lq, T(p, "Zelf de telling controleren", "Check the count yourself"));
	}

	out(p, "<h2>%s</h2>\n", T(p, "De plannen", "The plans"));
	if (r.state == ROUND_DRAFT)
		out(p, "<p><a href=\"/aanvraag?ronde=%u%s\">%s</a></p>\n", id,
		    p->en ? "&amp;taal=en" : "", T(p, "Zelf een plan indienen voor deze stemronde",
		    "Hand in a plan of your own for this round"));
	if (a.n == 0)
		out(p, "<p>%s</p>\n", T(p, "Er zijn nog geen plannen ingediend.",
		    "No plans have been submitted yet."));
	for (i = 0; i < a.n; i++) {
		const struct initiative *in = &a.v[i];
		unsigned nr = (unsigned)initiative_nr(a.v, a.n, id, in->id);
		out(p, "<section class=\"kaart\" aria-labelledby=\"plan%u\">\n<h3 id=\"plan%u\">"
		    "<span class=\"nr\">%u</span> ", nr, nr, nr);
		esc(p, in->title);
		out(p, "</h3>\n");
		esc_paras(p, in->summary);
		out(p, "<dl class=\"feiten\"><dt>%s</dt><dd>%s</dd>", T(p, "Kosten", "Cost"),
		    money(p, m, sizeof(m), in->cost));
		if (in->proposer && in->proposer[0]) {
			out(p, "<dt>%s</dt><dd>", T(p, "Ingediend door", "Proposed by"));
			esc(p, in->proposer);
			out(p, "</dd>");
		}
		if (in->category && in->category[0]) {
			out(p, "<dt>%s</dt><dd>", T(p, "Soort", "Category"));
			esc(p, in->category);
			out(p, "</dd>");
		}
		out(p, "<dt>%s</dt><dd>%s", T(p, "Stand van zaken", "State"),
		    init_state_text(p, in->status));
		if (in->status == INIT_REJECTED && in->reason && in->reason[0]) {
			out(p, ". %s ", T(p, "Reden:", "Reason:"));
			esc(p, in->reason);
		}
		out(p, "</dd></dl>\n");
		plan_application(p, txn, in);
		plan_decision(p, txn, r.village, in, &st[i]);
		out(p, "</section>\n");
	}
	page_end(p);
	send_page(p, HTTP_OK, "OK");
	mdb_txn_abort(txn);
done:
	if (have_res)
		wire_free(&schema_result, &res);
	stories_free(st, a.n);
	inits_free(&a);
	wire_free(&schema_round, &r);
	wire_free(&schema_village, &v);
}

/* ---- /ronde/ID/voortgang: what each funded initiative did with its grant (issue 13) ---- */

static uint64_t
rd64(const uint8_t *b)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/* "10 maart 2027" from YYYYMMDD. */
static char *
civil_date(const struct pg *p, char *buf, size_t n, uint32_t d)
{
	unsigned m = d / 100 % 100;

	if (m < 1 || m > 12)
		snprintf(buf, n, "%u", (unsigned)d);
	else
		snprintf(buf, n, "%u %s %u", (unsigned)(d % 100),
		    p->en ? month_en[m - 1] : maand_nl[m - 1], (unsigned)(d / 10000));
	return buf;
}

/* Today as YYYYMMDD in the village's (the server's) local time, as the client's
 * spending_today: an item not closed after the due date is overdue. */
static uint32_t
today_civil(void)
{
	time_t		now = time(NULL);
	struct tm	tm;

	localtime_r(&now, &tm);
	return (uint32_t)(tm.tm_year + 1900) * 10000 + (uint32_t)(tm.tm_mon + 1) * 100 +
	    (uint32_t)tm.tm_mday;
}

/* The round's books, folded through proto/spending.c's spend_event over the round's
 * ledger in order — the same rules as the daemon and `audit verify` (docs/audit.md §11).
 * Only the event kinds the books need are decoded (the type sits at offset 20 of the
 * stored event; a credentials-register body is 640 KB). The spending events themselves
 * are kept in *evs for the page. 0; -1 with a sentence in why when the books do not add
 * up; or an LMDB error. */
static int
books_load(MDB_txn *txn, uint32_t round, struct spend_book *b, struct event **evs,
    size_t *nevs, char *why, size_t whyn)
{
	struct event	 ev, *nv;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint8_t		 start[12];
	uint64_t	 want = 1;
	int		 rc, bad = 0;

	spend_init(b, round);
	*evs = NULL;
	*nevs = 0;
	be32(start, round);
	be64(start + 4, 1);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, W.d.store.events, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const uint8_t *raw = v.mv_data;
		unsigned type;

		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		if (v.mv_size < 22 || rd64(raw + 4) != want++) {
			snprintf(why, whyn, "%s", "the round's ledger has a gap or a damaged event");
			bad = 1;
			break;
		}
		type = (unsigned)raw[20] << 8 | raw[21];
		if (type != MSG_INITIATIVE_SUBMIT && type != EVENT_PUBLIC_SUBMIT &&
		    type != EVENT_RESULT && !spend_type((uint16_t)type))
			continue;
		memset(&ev, 0, sizeof(ev));
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_event, &ev, NULL) != 0) {
			wire_free(&schema_event, &ev);
			snprintf(why, whyn, "%s", "an event of the round's ledger does not decode");
			bad = 1;
			break;
		}
		if (spend_event(b, &ev, why, whyn) != 0) {
			wire_free(&schema_event, &ev);
			bad = 1;
			break;
		}
		if (spend_type(ev.type)) {
			if ((nv = reallocarray(*evs, *nevs + 1, sizeof(*nv))) == NULL) {
				wire_free(&schema_event, &ev);
				rc = ENOMEM;
				break;
			}
			*evs = nv;
			(*evs)[(*nevs)++] = ev;		/* takes the body over */
		} else
			wire_free(&schema_event, &ev);
	}
	mdb_cursor_close(cur);
	if (bad)
		return -1;
	if (rc != MDB_NOTFOUND && rc != 0)
		return rc;
	if (!b->have_result) {
		snprintf(why, whyn, "%s", "the round is counted but its ledger has no result "
		    "statement");
		return -1;
	}
	return 0;
}

static void
events_free(struct event *evs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		wire_free(&schema_event, &evs[i]);
	free(evs);
}

/* One funded initiative: its figures, state, payments, accounting lines (each with its
 * document's SHA-256, never the document), overspend decisions and close. */
static void
voortgang_item(struct pg *p, const struct spend_book *b, const struct spend_item *it,
    const struct inits *a, const struct event *evs, size_t nevs, uint32_t today)
{
	static const uint8_t	 zero[HASH_BYTES];
	const struct initiative	*in = NULL;
	char			 m[MONEY_BUF], d[48], hex[2 * HASH_BYTES + 1];
	size_t			 i;
	unsigned		 nr = (unsigned)initiative_nr(a->v, a->n, a->round, it->initiative);
	int			 nlines = 0, npay = 0, nover = 0;

	for (i = 0; i < a->n; i++)
		if (a->v[i].id == it->initiative)
			in = &a->v[i];
	out(p, "<section class=\"kaart\" aria-labelledby=\"plan%u\">\n<h2 id=\"plan%u\">"
	    "<span class=\"nr\">%u</span> ", nr, nr, nr);
	esc(p, in ? in->title : "?");
	out(p, "</h2>\n<dl class=\"feiten\">");
	out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Toegekend", "Granted"),
	    money(p, m, sizeof(m), it->granted));
	out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Betaald", "Paid"), money(p, m, sizeof(m),
	    it->paid));
	out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Besteed", "Spent"), money(p, m, sizeof(m),
	    it->spent));
	if (it->closed)
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Terugbetaald", "Returned"),
		    money(p, m, sizeof(m), it->returned));
	if (it->overspend)
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Mag meer kosten (besluit)",
		    "Overspend allowed (decision)"), money(p, m, sizeof(m), it->overspend));
	out(p, "<dt>%s</dt><dd>", T(p, "Stand van zaken", "State"));
	if (it->closed)
		out(p, "<span class=\"ok\">%s</span>", T(p, "✔ afgesloten", "✔ closed"));
	else if (b->due && today > b->due)
		out(p, "<span class=\"fout\">%s</span>", T(p, "te laat: de verantwoording is er "
		    "nog niet", "overdue: the accounts are not in yet"));
	else
		out(p, "%s", T(p, "open", "open"));
	out(p, "</dd></dl>\n");

	for (i = 0; i < nevs; i++)
		if (evs[i].subject == it->initiative) {
			nlines += evs[i].type == MSG_SPENDING_ADD;
			npay += evs[i].type == MSG_SPENDING_PAY;
			nover += evs[i].type == MSG_SPENDING_OVERSPEND;
		}
	if (npay) {
		out(p, "<h3>%s</h3>\n<ul>\n", T(p, "Betalingen aan het plan",
		    "Payments to the plan"));
		for (i = 0; i < nevs; i++) {
			struct spending_pay y;
			if (evs[i].subject != it->initiative || evs[i].type != MSG_SPENDING_PAY)
				continue;
			memset(&y, 0, sizeof(y));
			if (wire_decode_all(evs[i].body.p, evs[i].body.len, &schema_spending_pay,
			    &y, NULL) == 0)
				out(p, "<li>%s: %s</li>\n", civil_date(p, d, sizeof(d), y.date),
				    money(p, m, sizeof(m), y.amount));
			wire_free(&schema_spending_pay, &y);
		}
		out(p, "</ul>\n");
	}
	if (nlines) {
		out(p, "<table class=\"uitgaven\">\n<caption>%s</caption>\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    T(p, "Waar het geld aan besteed is", "What the money was spent on"),
		    T(p, "Datum", "Date"), T(p, "Bedrag", "Amount"),
		    T(p, "Waarvoor (en bewijsstuk)", "What for (and document)"));
		for (i = 0; i < nevs; i++) {
			struct spending_add y;
			if (evs[i].subject != it->initiative || evs[i].type != MSG_SPENDING_ADD)
				continue;
			memset(&y, 0, sizeof(y));
			if (wire_decode_all(evs[i].body.p, evs[i].body.len, &schema_spending_add,
			    &y, NULL) == 0) {
				out(p, "<tr><td>%s</td><td class=\"num\">%s</td><td>",
				    civil_date(p, d, sizeof(d), y.date),
				    money(p, m, sizeof(m), y.amount));
				esc(p, y.what);
				if (y.line)
					out(p, " <span class=\"muted\">(%s %u)</span>",
					    T(p, "begrotingsregel", "budget line"), (unsigned)y.line);
				/* The document's fingerprint under the text (a fourth column
				 * would not fit a phone); never the document itself. */
				if (memcmp(y.document, zero, HASH_BYTES) != 0) {
					hex_encode(y.document, HASH_BYTES, hex);
					out(p, "<br><span class=\"muted\">%s</span> "
					    "<code class=\"hash\">%s</code>",
					    T(p, "Bewijsstuk, SHA-256:", "Document, SHA-256:"), hex);
				} else
					out(p, "<br><span class=\"muted\">%s</span>",
					    T(p, "Geen bewijsstuk.", "No document."));
				out(p, "</td></tr>\n");
			}
			wire_free(&schema_spending_add, &y);
		}
		out(p, "</tbody>\n</table>\n");
	} else
		out(p, "<p>%s</p>\n", T(p, "Nog geen uitgaven verantwoord.",
		    "No spending accounted for yet."));
	if (nover) {
		out(p, "<h3>%s</h3>\n<ul>\n", T(p, "Besluiten om meer uit te geven",
		    "Decisions to spend more"));
		for (i = 0; i < nevs; i++) {
			struct spending_overspend y;
			if (evs[i].subject != it->initiative ||
			    evs[i].type != MSG_SPENDING_OVERSPEND)
				continue;
			memset(&y, 0, sizeof(y));
			if (wire_decode_all(evs[i].body.p, evs[i].body.len,
			    &schema_spending_overspend, &y, NULL) == 0) {
				out(p, "<li>%s: ", money(p, m, sizeof(m), y.amount));
				esc(p, y.reason);
				out(p, "</li>\n");
			}
			wire_free(&schema_spending_overspend, &y);
		}
		out(p, "</ul>\n");
	}
	for (i = 0; it->closed && i < nevs; i++) {
		struct spending_close y;
		if (evs[i].subject != it->initiative || evs[i].type != MSG_SPENDING_CLOSE)
			continue;
		memset(&y, 0, sizeof(y));
		if (wire_decode_all(evs[i].body.p, evs[i].body.len, &schema_spending_close, &y,
		    NULL) == 0) {
			out(p, "<h3>%s</h3>\n<dl class=\"feiten\"><dt>%s</dt><dd>",
			    T(p, "Afgesloten", "Closed"), T(p, "Samenvatting", "Summary"));
			esc(p, y.summary);
			out(p, "</dd>");
			if (y.achieved && y.achieved[0]) {
				out(p, "<dt>%s</dt><dd>", T(p, "Bereikt", "Achieved"));
				esc(p, y.achieved);
				out(p, "</dd>");
			}
			if (y.participants)
				out(p, "<dt>%s</dt><dd>%u</dd>", T(p, "Deelnemers", "Participants"),
				    (unsigned)y.participants);
			out(p, "</dl>\n");
		}
		wire_free(&schema_spending_close, &y);
	}
	out(p, "</section>\n");
}

static void
page_progress(struct pg *p, uint32_t id)
{
	MDB_txn			*txn;
	struct round		 r;
	struct village		 v;
	struct inits		 a;
	struct spend_book	 b;
	struct event		*evs = NULL;
	size_t			 nevs = 0, i;
	char			 why[256], m[MONEY_BUF], d[48];
	uint64_t		 tg = 0, tp = 0, ts = 0, tr = 0;
	uint32_t		 today = today_civil();
	int			 rc;

	spend_init(&b, id);
	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if ((rc = round_load(txn, id, &r, &v)) != 0) {
		mdb_txn_abort(txn);
		rc == MDB_NOTFOUND ? not_found(p) : server_error(p);
		return;
	}
	if (inits_load(txn, id, &a) != 0) {
		mdb_txn_abort(txn);
		server_error(p);
		goto done;
	}
	why[0] = '\0';
	rc = 0;
	if (r.state == ROUND_TALLIED &&
	    (rc = books_load(txn, id, &b, &evs, &nevs, why, sizeof(why))) > 0) {
		mdb_txn_abort(txn);
		server_error(p);
		goto done;
	}
	mdb_txn_abort(txn);
	page_begin(p, T(p, "Voortgang", "Progress"), "");
	round_head(p, &r, &v, "voortgang");
	out(p, "<h1>%s: ", T(p, "Voortgang", "Progress"));
	esc(p, r.name);
	out(p, "</h1>\n");
	if (r.state != ROUND_TALLIED) {
		out(p, "<p>%s</p>\n", r.state == ROUND_CANCELLED ?
		    T(p, "Deze stemronde is geannuleerd: er is geen geld verdeeld.",
		    "This round was cancelled: no money was given out.") :
		    T(p, "De voortgang volgt na de uitslag: pas dan is bekend welke plannen geld "
		    "krijgen. Hier leest u daarna wat elk gekozen plan ermee gedaan heeft.",
		    "Progress comes after the result: only then is it known which plans get "
		    "money. After that you can read here what each chosen plan did with it."));
		goto end;
	}
	if (rc != 0) {
		/* The books do not add up: say so, show no figures (the why is the verifier's
		 * English sentence; it names the field and holds no contact details). */
		out(p, "<div class=\"melding fout\" role=\"alert\"><p><strong>%s</strong></p>"
		    "<p>%s</p><p class=\"muted\">%s ", T(p, "De boeken van deze stemronde kloppen "
		    "niet.", "The books of this round do not add up."),
		    T(p, "Daarom staan hier geen bedragen. Meld dit bij de organisatie; met "
		    "<code>dorpsstem audit verify</code> kan iedereen het nagaan.",
		    "That is why no figures are shown here. Anyone can check it with "
		    "<code>dorpsstem audit verify</code>."),
		    T(p, "Wat niet klopt (de technische melding, in het Engels):",
		    "What does not add up:"));
		esc(p, why);
		out(p, "</p></div>\n");
		goto end;
	}
	out(p, "<p>%s</p>\n", T(p, "Wat elk gekozen plan met het toegekende geld gedaan heeft, "
	    "zoals de organisatie het ondertekend heeft vastgelegd. Bewijsstukken staan hier "
	    "met hun vingerafdruk (SHA-256); de organisatie bewaart ze.",
	    "What each chosen plan did with the money it was granted, as the organisers "
	    "recorded and signed it. Documents are shown by their fingerprint (SHA-256); the "
	    "organisers keep them."));
	if (b.due)
		out(p, "<p>%s <strong>%s</strong>.</p>\n", T(p, "De verantwoording moet binnen "
		    "zijn op", "The accounts are due on"), civil_date(p, d, sizeof(d), b.due));
	if (b.n == 0)
		out(p, "<p>%s</p>\n", T(p, "In deze stemronde is geen plan gekozen.",
		    "No plan was chosen in this round."));
	for (i = 0; i < b.n; i++) {
		voortgang_item(p, &b, &b.v[i], &a, evs, nevs, today);
		tg += b.v[i].granted;
		tp += b.v[i].paid;
		ts += b.v[i].spent;
		tr += b.v[i].returned;
	}
	if (b.n) {
		out(p, "<h2>%s</h2>\n<dl class=\"feiten totaal\">", T(p, "Alles bij elkaar",
		    "All together"));
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Toegekend", "Granted"),
		    money(p, m, sizeof(m), tg));
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Betaald", "Paid"), money(p, m, sizeof(m),
		    tp));
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Besteed", "Spent"), money(p, m, sizeof(m),
		    ts));
		out(p, "<dt>%s</dt><dd>%s</dd>", T(p, "Terugbetaald", "Returned"),
		    money(p, m, sizeof(m), tr));
		out(p, "</dl>\n");
	}
end:
	out(p, "<p><a href=\"/ronde/%u%s\">%s</a></p>\n", id, p->lq,
	    T(p, "Terug naar de stemronde", "Back to the round"));
	page_end(p);
	send_page(p, HTTP_OK, "OK");
done:
	events_free(evs, nevs);
	spend_free(&b);
	inits_free(&a);
	wire_free(&schema_round, &r);
	wire_free(&schema_village, &v);
}

/* ---- forms ------------------------------------------------------------------------------ */

static uint64_t
addr_hash(const char *addr)
{
	uint8_t h[8];
	uint64_t v = 0;
	int i;

	crypto_shorthash(h, (const unsigned char *)addr, strlen(addr), W.hashkey);
	for (i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return v;
}

/* A token bucket per address and form; a slot shared by two addresses (a hash clash)
 * simply limits both. 1 = allowed. */
static int
rate_ok(const char *addr, int form)
{
	uint64_t	 h = addr_hash(addr);
	struct bucket	*b = &W.buckets[h % WEB_BUCKETS];
	int64_t		 now = now_seconds();
	double		 burst = form == 2 ? AANVRAAG_BURST : form ? CARD_BURST : FORM_BURST;
	double		 per = form == 2 ? AANVRAAG_PER_MIN : form ? CARD_PER_MIN : FORM_PER_MIN;

	if (b->h != h) {
		memset(b, 0, sizeof(*b));
		b->h = h;
		b->tokens[0] = FORM_BURST;
		b->tokens[1] = CARD_BURST;
		b->tokens[2] = AANVRAAG_BURST;
		b->t[0] = b->t[1] = b->t[2] = now;
	}
	b->tokens[form] += (double)(now - b->t[form]) * per / 60.0;
	if (b->tokens[form] > burst)
		b->tokens[form] = burst;
	b->t[form] = now;
	if (b->tokens[form] < 1.0)
		return 0;
	b->tokens[form] -= 1.0;
	return 1;
}

/* The typed field of a POSTed form body (application/x-www-form-urlencoded), copied into
 * out (wiped by the caller). 0, or -1 when missing or too long. */
static int
form_field(struct evhttp_request *req, const char *name, char *out, size_t n)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	struct evkeyvalq q;
	char		 body[WEB_MAX_BODY + 1];
	const char	*v;
	size_t		 len = evbuffer_get_length(in), i;
	int		 rc = -1;

	if (len > WEB_MAX_BODY)
		return -1;
	evbuffer_copyout(in, body, len);
	body[len] = '\0';
	for (i = 0; i < len; i++)
		if (body[i] == '+')
			body[i] = ' ';
	TAILQ_INIT(&q);
	if (evhttp_parse_query_str(body, &q) == 0 && (v = evhttp_find_header(&q, name)) &&
	    strlen(v) < n) {
		snprintf(out, n, "%s", v);
		rc = 0;
	}
	/* The values may hold a card code: wipe before freeing. */
	{
		struct evkeyval *kv;
		TAILQ_FOREACH(kv, &q, next)
			if (kv->value)
				sodium_memzero(kv->value, strlen(kv->value));
	}
	evhttp_clear_headers(&q);
	sodium_memzero(body, sizeof(body));
	evbuffer_drain(in, len);
	return rc;
}

static void
form_field_html(struct pg *p, const char *id, const char *label, const char *help,
    const char *error, const char *value, const char *autocomplete)
{
	out(p, "<div class=\"veld%s\">\n<label for=\"%s\">%s</label>\n"
	    "<span class=\"uitleg\" id=\"%s-uitleg\">%s</span>\n", error ? " heeft-fout" : "",
	    id, label, id, help);
	if (error)
		out(p, "<span class=\"foutmelding\" id=\"%s-fout\">%s</span>\n", id, error);
	out(p, "<input type=\"text\" id=\"%s\" name=\"%s\" autocomplete=\"%s\" "
	    "autocapitalize=\"characters\" spellcheck=\"false\" maxlength=\"40\" "
	    "aria-describedby=\"%s-uitleg%s%s%s\"%s value=\"", id, id, autocomplete, id,
	    error ? " " : "", error ? id : "", error ? "-fout" : "",
	    error ? " aria-invalid=\"true\"" : "");
	if (value)
		esc(p, value);
	out(p, "\">\n</div>\n");
}

/* Finds the ballot whose receipt is sym (10 symbols): 1 found (hash filled), 0 not. */
static int
receipt_find(MDB_txn *txn, uint32_t round, const char sym[RECEIPT_SYMBOLS + 1],
    uint8_t hash[HASH_BYTES])
{
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint8_t		 key[4 + 6];
	char		 code[RECEIPT_TEXT_MAX];
	uint64_t	 bits = 0;
	int		 i, rc, found = 0;

	/* 10 symbols = 50 bits, most significant first: the first 6 bytes of the hash. */
	for (i = 0; i < RECEIPT_SYMBOLS; i++)
		bits = bits << 5 | (uint64_t)(strchr(code_alphabet, sym[i]) - code_alphabet);
	bits >>= 2;
	be32(key, round);
	for (i = 0; i < 6; i++)
		key[4 + i] = (uint8_t)(bits >> (40 - 8 * i));
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if (mdb_cursor_open(txn, W.d.store.ballots, &cur) != 0)
		return 0;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 4 + HASH_BYTES || memcmp(k.mv_data, key, sizeof(key)) != 0)
			break;
		receipt_code((const uint8_t *)k.mv_data + 4, code);
		if (memcmp(code, sym, 5) == 0 && memcmp(code + 6, sym + 5, 5) == 0) {
			memcpy(hash, (const uint8_t *)k.mv_data + 4, HASH_BYTES);
			found = 1;
			break;
		}
	}
	mdb_cursor_close(cur);
	return found;
}

static void
page_receipt(struct pg *p, uint32_t id, int post)
{
	MDB_txn		*txn;
	struct round	 r;
	struct village	 v;
	char		 typed[64] = "", sym[RECEIPT_SYMBOLS + 1], hex[2 * HASH_BYTES + 1];
	const char	*error = NULL;
	uint8_t		 hash[HASH_BYTES];
	int		 rc, state = 0;	/* 1 found, 2 not found, 3 too many */

	p->nocache = 1;
	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if ((rc = round_load(txn, id, &r, &v)) != 0) {
		mdb_txn_abort(txn);
		rc == MDB_NOTFOUND ? not_found(p) : server_error(p);
		return;
	}
	if (post) {
		if (!rate_ok(p->addr, 0))
			state = 3;
		else if (form_field(p->req, "stembewijs", typed, sizeof(typed)) != 0 ||
		    typed[0] == '\0')
			error = T(p, "Vul de code van uw stembewijs in.",
			    "Enter the code on your receipt.");
		else if ((rc = receipt_normalise(typed, sym)) == RECEIPT_TYPO)
			error = T(p, "Deze code klopt niet: er zit een tikfout in. Kijk nog eens "
			    "naar uw stembewijs; het laatste teken is een controleteken.",
			    "This code is not right: there is a typo. Look at your receipt "
			    "again; the last symbol is a check symbol.");
		else if (rc != 0)
			error = T(p, "Dit is geen stembewijscode. Een code ziet eruit als "
			    "ABCDE-12345-X (10 tekens en een controleteken).",
			    "This is not a receipt code. A code looks like ABCDE-12345-X "
			    "(10 symbols and a check symbol).");
		else
			state = receipt_find(txn, id, sym, hash) ? 1 : 2;
	}
	mdb_txn_abort(txn);
	page_begin(p, T(p, "Stembewijs controleren", "Check your receipt"), "stembewijs");
	round_head(p, &r, &v, "");
	out(p, "<h1>%s</h1>\n", T(p, "Is mijn stem meegeteld?", "Was my vote counted?"));
	if (state == 1) {
		hex_encode(hash, HASH_BYTES, hex);
		out(p, "<div class=\"melding ok\" role=\"status\"><p><strong>%s</strong></p>"
		    "<p>%s<br><code class=\"hash\">%s</code></p></div>\n",
		    T(p, "Uw stem is meegeteld.", "Your vote was counted."),
		    T(p, "Uw stem staat in de stembus met deze vingerafdruk (hash):",
		    "Your vote is in the ballot box with this fingerprint (hash):"), hex);
		if (r.state == ROUND_VOTING)
			out(p, "<p>%s</p>\n", T(p, "Na de sluiting staat dezelfde stem in het "
			    "controlepakket; dan kan iedereen nagaan dat hij geteld is.",
			    "After the close, the same ballot is in the audit bundle, where "
			    "anyone can check that it was counted."));
	} else if (state == 2) {
		out(p, "<div class=\"melding fout\" role=\"alert\"><p><strong>%s</strong></p>"
		    "<p>%s</p><ol><li>%s</li><li>%s</li><li>%s</li></ol></div>\n",
		    T(p, "Deze stem is niet gevonden.", "This vote was not found."),
		    T(p, "Wat u nu doet:", "What to do now:"),
		    T(p, "Controleer of u de stemronde hierboven bedoelt: een stembewijs hoort "
		    "bij één stemronde.", "Check that you mean the round named above: a "
		    "receipt belongs to one round."),
		    T(p, "Vergelijk de code letter voor letter met uw stembewijs.",
		    "Compare the code symbol by symbol with your receipt."),
		    T(p, "Klopt alles? Neem dan uw stembewijs mee naar de organisatie en meld "
		    "het: een getekend stembewijs zonder stem in de stembus is een bewijs dat "
		    "er iets mis is.", "Does everything match? Take your receipt to the "
		    "organisers and report it: a signed receipt without a ballot in the box "
		    "proves that something is wrong."));
	} else if (state == 3) {
		out(p, "<div class=\"melding fout\" role=\"alert\"><p>%s</p></div>\n",
		    T(p, "U hebt de afgelopen minuut te vaak gezocht. Wacht een minuut en "
		    "probeer het dan opnieuw.", "You searched too often in the last minute. "
		    "Wait a minute and try again."));
	}
	if (r.state == ROUND_DRAFT || r.state == ROUND_CANCELLED)
		out(p, "<p>%s</p>\n", T(p, "In deze stemronde is (nog) niet gestemd.",
		    "There has been no voting in this round (yet)."));
	else {
		out(p, "<p>%s</p>\n", T(p, "Na het stemmen kreeg u een stembewijs met een "
		    "code. Typ die code hieronder; hoofdletters, spaties en streepjes maken "
		    "niet uit.", "After voting you received a receipt with a code. Type that "
		    "code below; capitals, spaces and dashes do not matter."));
		out(p, "<form method=\"post\" action=\"/ronde/%u/stembewijs%s\" novalidate>\n",
		    id, p->lq);
		form_field_html(p, "stembewijs", T(p, "Code op uw stembewijs",
		    "Code on your receipt"), T(p, "Bijvoorbeeld: ABCDE-12345-X",
		    "For example: ABCDE-12345-X"), error, error ? typed : NULL, "off");
		out(p, "<button type=\"submit\">%s</button>\n</form>\n",
		    T(p, "Controleren", "Check"));
	}
	sodium_memzero(typed, sizeof(typed));
	page_end(p);
	send_page(p, error ? HTTP_BADREQUEST : state == 3 ? 429 : HTTP_OK,
	    error ? "Bad Request" : state == 3 ? "Too Many Requests" : "OK");
	wire_free(&schema_round, &r);
	wire_free(&schema_village, &v);
}

static void
page_card(struct pg *p, uint32_t id, int post)
{
	MDB_txn			*txn;
	struct round		 r;
	struct village		 v;
	struct credential	 cr;
	char			 typed[64] = "", norm[CODE_NORM_LEN + 1];
	const char		*error = NULL;
	uint8_t			 key[4 + KEY_BYTES], sk[64];
	int			 rc, state = 0;	/* 1 used, 2 not used, 3 unknown, 4 revoked, 5 limit */

	p->nocache = 1;
	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if ((rc = round_load(txn, id, &r, &v)) != 0) {
		mdb_txn_abort(txn);
		rc == MDB_NOTFOUND ? not_found(p) : server_error(p);
		return;
	}
	if (r.state != ROUND_CLOSED && r.state != ROUND_TALLIED) {
		mdb_txn_abort(txn);
		page_begin(p, T(p, "Stemkaart controleren", "Check a voting card"), "kaart");
		round_head(p, &r, &v, "");
		out(p, "<h1>%s</h1>\n<p>%s</p>\n", T(p, "Stemkaart controleren",
		    "Check a voting card"), T(p, "Dit kan pas als de stemming gesloten is: "
		    "tot dan is uw code een stem waard en typt u hem alleen in bij de stemplek.",
		    "This is possible only after voting has closed: until then your code is "
		    "worth a vote, so type it only at the voting place."));
		page_end(p);
		send_page(p, HTTP_NOTFOUND, "Not Found");
		wire_free(&schema_round, &r);
		wire_free(&schema_village, &v);
		return;
	}
	if (post) {
		if (!rate_ok(p->addr, 1))
			state = 5;
		else if (form_field(p->req, "kaartcode", typed, sizeof(typed)) != 0 ||
		    typed[0] == '\0')
			error = T(p, "Vul de code van uw stemkaart in.",
			    "Enter the code on your voting card.");
		else if ((rc = code_normalise(typed, norm)) == CODE_ECHECK)
			error = T(p, "Deze code klopt niet: er zit een tikfout in. Kijk nog eens "
			    "naar uw kaart; het laatste teken is een controleteken.",
			    "This code is not right: there is a typo. Look at your card again; "
			    "the last symbol is a check symbol.");
		else if (rc != CODE_OK)
			error = T(p, "Dit is geen stemkaartcode. Een code heeft 16 tekens en een "
			    "controleteken, zoals K7QM-3XVA-9PTE-HD2W-R.",
			    "This is not a voting card code. A code has 16 symbols and a check "
			    "symbol, like K7QM-3XVA-9PTE-HD2W-R.");
		else {
			be32(key, id);
			code_derive(id, norm, key + 4, sk);
			sodium_memzero(sk, sizeof(sk));
			memset(&cr, 0, sizeof(cr));
			rc = store_get(txn, W.d.store.credentials, key, sizeof(key),
			    &schema_credential, &cr);
			sodium_memzero(key, sizeof(key));
			if (rc == MDB_NOTFOUND)
				state = 3;
			else if (rc == 0)
				state = cr.state == CRED_USED ? 1 :
				    cr.state == CRED_REVOKED ? 4 : 2;
			else
				state = 6;
			sodium_memzero(&cr, sizeof(cr));
		}
		sodium_memzero(norm, sizeof(norm));
	}
	mdb_txn_abort(txn);
	sodium_memzero(typed, sizeof(typed));	/* never shown back, never stored */
	page_begin(p, T(p, "Stemkaart controleren", "Check a voting card"), "kaart");
	round_head(p, &r, &v, "");
	out(p, "<h1>%s</h1>\n", T(p, "Is er met mijn stemkaart gestemd?",
	    "Was my voting card used?"));
	switch (state) {
	case 1:
		out(p, "<div class=\"melding\" role=\"status\"><p><strong>%s</strong></p><p>%s</p>"
		    "</div>\n", T(p, "Met deze kaart is gestemd.", "This card was used to vote."),
		    T(p, "Hebt u zelf gestemd? Dan is alles in orde. Hebt u níet gestemd en uw "
		    "kaart aan niemand gegeven? Meld het dan bij de organisatie en bij de "
		    "gemeente, en bewaar uw kaart: zo kan worden uitgezocht wie hem gebruikte.",
		    "Did you vote yourself? Then all is well. Did you NOT vote and give your "
		    "card to nobody? Then report it to the organisers and the municipality, "
		    "and keep your card: it helps find out who used it."));
		break;
	case 2:
		out(p, "<div class=\"melding ok\" role=\"status\"><p><strong>%s</strong></p></div>\n",
		    T(p, "Met deze kaart is niet gestemd.", "This card was not used to vote."));
		break;
	case 3:
		out(p, "<div class=\"melding fout\" role=\"alert\"><p><strong>%s</strong></p>"
		    "<p>%s</p></div>\n", T(p, "Deze kaart hoort niet bij deze stemronde.",
		    "This card does not belong to this round."),
		    T(p, "Kijk op uw kaart bij welke stemronde hij hoort.",
		    "Look on your card which round it belongs to."));
		break;
	case 4:
		out(p, "<div class=\"melding\" role=\"status\"><p><strong>%s</strong></p></div>\n",
		    T(p, "Deze kaart is ongeldig gemaakt (bijvoorbeeld omdat hij kwijt was "
		    "gemeld); er is niet mee gestemd.", "This card was cancelled (for instance "
		    "because it was reported lost); it was not used to vote."));
		break;
	case 5:
		out(p, "<div class=\"melding fout\" role=\"alert\"><p>%s</p></div>\n",
		    T(p, "U hebt de afgelopen minuut te vaak gezocht. Wacht een minuut en "
		    "probeer het dan opnieuw.", "You searched too often in the last minute. "
		    "Wait a minute and try again."));
		break;
	case 6:
		out(p, "<div class=\"melding fout\" role=\"alert\"><p>%s</p></div>\n",
		    T(p, "Er ging iets mis. Probeer het later opnieuw.",
		    "Something went wrong. Please try again later."));
		break;
	}
	out(p, "<p>%s</p>\n", T(p, "Hebt u niet gestemd? Typ dan de code van uw stemkaart "
	    "hieronder. Zo kunt u zien of iemand anders met uw kaart heeft gestemd. De code "
	    "wordt niet bewaard.", "Did you not vote? Type the code on your voting card "
	    "below to see whether someone else voted with it. The code is not kept."));
	out(p, "<form method=\"post\" action=\"/ronde/%u/kaart%s\" novalidate>\n", id, p->lq);
	form_field_html(p, "kaartcode", T(p, "Code op uw stemkaart", "Code on your voting card"),
	    T(p, "17 tekens, bijvoorbeeld K7QM-3XVA-9PTE-HD2W-R",
	    "17 symbols, for example K7QM-3XVA-9PTE-HD2W-R"), error, NULL, "off");
	out(p, "<button type=\"submit\">%s</button>\n</form>\n", T(p, "Controleren", "Check"));
	page_end(p);
	send_page(p, error ? HTTP_BADREQUEST : state == 5 ? 429 : HTTP_OK,
	    error ? "Bad Request" : state == 5 ? "Too Many Requests" : "OK");
	wire_free(&schema_round, &r);
	wire_free(&schema_village, &v);
}

/* The bundle's files, as `dorpsstem audit bundle` writes them (client/cmd_audit.c). */
static const char *const bundle_files[] = {
	"README", "daemon.txt", "organisers.txt", "round.txt", "initiatives.txt", "events.txt",
	"village-events.txt", "kiosks.txt", "credentials.txt", "ballots.txt",
	"checkpoints.txt", "close.txt", "result.txt", "round.pb",
};
#define NBUNDLE	(sizeof(bundle_files) / sizeof(bundle_files[0]))

static int
bundle_path(uint32_t id, const char *name, char *path, size_t n)
{
	if (W.cf->web_bundles == NULL)
		return -1;
	return snprintf(path, n, "%s/%u/%s", W.cf->web_bundles, id, name) < (int)n ? 0 : -1;
}

static void
page_audit(struct pg *p, uint32_t id)
{
	MDB_txn			*txn;
	struct round		 r;
	struct village		 v;
	struct organiser	*o;
	char			 fp[FINGERPRINT_TEXT], path[4096], hex[2 * KEY_BYTES + 1];
	struct stat		 st;
	size_t			 i, n = 0, files = 0;
	int			 rc, fprc = -1;

	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if ((rc = round_load(txn, id, &r, &v)) != 0) {
		mdb_txn_abort(txn);
		rc == MDB_NOTFOUND ? not_found(p) : server_error(p);
		return;
	}
	if ((o = calloc(W.cf->norganisers + 1, sizeof(*o))) != NULL) {
		for (n = 0; n < W.cf->norganisers; n++)
			if (organiser_publish(&W.d, txn, &W.cf->organisers[n], &o[n]) != 0)
				break;
		if (n == W.cf->norganisers)
			fprc = round_fingerprint(W.daemon_pk, o, n, r.village, fp);
		for (i = 0; i < n; i++)
			free(o[i].villages.items);
		free(o);
	}
	mdb_txn_abort(txn);
	page_begin(p, T(p, "Zelf controleren", "Verify it yourself"), "controle");
	round_head(p, &r, &v, "");
	out(p, "<h1>%s</h1>\n<p>%s</p>\n", T(p, "Zelf de telling controleren",
	    "Check the count yourself"), T(p, "Iedereen mag de telling narekenen, zonder de "
	    "organisatie of deze site te hoeven vertrouwen. Daarvoor zijn er het "
	    "controlepakket en de vingerafdruk van de stemming.",
	    "Anyone may recount the vote without having to trust the organisers or this "
	    "site. For that there are the audit bundle and the fingerprint of the vote."));
	out(p, "<h2>%s</h2>\n", T(p, "Vingerafdruk van de stemming", "Fingerprint of the vote"));
	if (fprc == 0)
		out(p, "<p class=\"code\"><strong>%s</strong></p>\n<p>%s</p>\n", fp,
		    T(p, "Deze vingerafdruk staat ook op de stemkaarten en in de bekendmaking "
		    "van de organisatie. Komt hij overal overeen, dan zijn dezelfde sleutels "
		    "gebruikt.", "This fingerprint is also printed on the voting cards and in "
		    "the organisers' announcement. If it matches everywhere, the same keys "
		    "were used."));
	else
		out(p, "<p>%s</p>\n", T(p, "De vingerafdruk kon niet worden berekend.",
		    "The fingerprint could not be computed."));
	hex_encode(W.daemon_pk, KEY_BYTES, hex);
	out(p, "<p>%s <code class=\"hash\">%s</code></p>\n",
	    T(p, "Sleutel van de stemserver:", "Key of the voting server:"), hex);
	out(p, "<h2>%s</h2>\n", T(p, "Het controlepakket", "The audit bundle"));
	for (i = 0; i < NBUNDLE; i++)
		if (bundle_path(id, bundle_files[i], path, sizeof(path)) == 0 &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (files++ == 0)
				out(p, "<ul>\n");
			out(p, "<li><a href=\"/ronde/%u/controle/%s\" download>%s</a> "
			    "<span class=\"muted\">(%lld bytes)</span></li>\n", id,
			    bundle_files[i], bundle_files[i], (long long)st.st_size);
		}
	if (files)
		out(p, "</ul>\n");
	else
		out(p, "<p>%s</p>\n", T(p, "Het controlepakket is nog niet gepubliceerd. De "
		    "organisatie publiceert het na de sluiting van de stemming.",
		    "The audit bundle has not been published yet. The organisers publish it "
		    "after voting has closed."));
	out(p, "<h2>%s</h2>\n<ol><li>%s</li><li>%s<br><code>dorpsstem audit verify MAP "
	    "--fingerprint %s</code></li><li>%s</li></ol>\n<p>%s</p>\n",
	    T(p, "Zo controleert u", "How to verify"),
	    T(p, "Download alle bestanden in één map.", "Download every file into one folder."),
	    T(p, "Voer uit:", "Run:"), fprc == 0 ? fp : "…",
	    T(p, "Het programma meldt of elke handtekening klopt en rekent de uitslag zelf "
	    "opnieuw uit.", "The program reports whether every signature holds and computes "
	    "the result again by itself."),
	    T(p, "U kunt ook een eigen controleprogramma schrijven: de bestandsformaten staan "
	    "in docs/audit.md en docs/protocol.md van dorpsstem.", "You can also write a "
	    "verifier of your own: the file formats are in dorpsstem's docs/audit.md and "
	    "docs/protocol.md."));
	page_end(p);
	send_page(p, HTTP_OK, "OK");
	wire_free(&schema_round, &r);
	wire_free(&schema_village, &v);
}

static void
bundle_file(struct pg *p, uint32_t id, const char *name)
{
	char	path[4096];
	size_t	i;
	int	fd;
	struct stat st;
	struct evkeyvalq *h = evhttp_request_get_output_headers(p->req);

	for (i = 0; i < NBUNDLE; i++)
		if (strcmp(name, bundle_files[i]) == 0)
			break;
	if (i == NBUNDLE || bundle_path(id, bundle_files[i], path, sizeof(path)) != 0 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		not_found(p);
		return;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    evbuffer_add_file(p->b, fd, 0, st.st_size) != 0) {
		close(fd);
		not_found(p);
		return;
	}
	evhttp_add_header(h, "Content-Type", "text/plain; charset=utf-8");
	evhttp_add_header(h, "Content-Disposition", "attachment");
	evhttp_add_header(h, "Cache-Control", "max-age=60");
	evhttp_send_reply(p->req, HTTP_OK, "OK", p->b);
}

/* ---- the aanvraag (/aanvraag): a resident's plan, handed to the daemon ------------------
 * The web process holds no key and cannot write the store. Its only way in is the channel
 * web_spawn.c made: descriptor WEB_CHANNEL_FD, a socketpair whose other end the daemon
 * treats as a control connection that may send hello and public-submit and nothing else.
 * One request at a time, blocking with a 5-second limit (an aanvraag is one small write
 * transaction in the daemon; the form is rate-limited per address). A broken or slow
 * channel ends this process after the answer: the daemon starts a new one, with a new
 * channel, two seconds later. */

#define CHAN_TIMEOUT	5		/* seconds for a whole exchange */
#define AANVRAAG_LINES	5		/* budget-line rows on the form */
#define AANVRAAG_COFUND	2		/* co-funding rows */

static int	chan_fd = -1;		/* -1: no channel (not started by dorpsstemd) */
static int	chan_helloed;
static uint32_t	chan_reqid;

static void
chan_broken(const char *why)
{
	log_warnx("web: the channel to the daemon %s; restarting to get a new one", why);
	close(chan_fd);
	chan_fd = -1;
	event_base_loopexit(W.base, NULL);	/* after this answer; dorpsstemd restarts us */
}

static int
chan_io(int wr, uint8_t *p, size_t n, int64_t deadline)
{
	struct pollfd	pfd;
	ssize_t		k;
	int64_t		left;

	while (n > 0) {
		left = deadline - (int64_t)time(NULL);
		pfd.fd = chan_fd;
		pfd.events = wr ? POLLOUT : POLLIN;
		if (left <= 0 || poll(&pfd, 1, (int)left * 1000) <= 0)
			return -1;
		k = wr ? send(chan_fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT) :
		    recv(chan_fd, p, n, MSG_DONTWAIT);
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Sends one request and reads its answer: the reply's type and payload (malloc'ed, the
 * caller frees it; m points into it). 0, or -1 with the channel marked broken. */
static int
chan_call(uint16_t type, const struct wire_schema *s, const void *rec, struct msg_in *m,
    uint8_t **payload)
{
	struct wbuf	b;
	uint8_t		hdr[FRAME_HDR];
	int64_t		deadline = (int64_t)time(NULL) + CHAN_TIMEOUT;
	long		len;
	uint32_t	reqid = ++chan_reqid;
	int		rc;

	*payload = NULL;
	wbuf_init(&b);
	frame_put(&b, type, reqid, s, rec);
	rc = b.oom ? -1 : chan_io(1, b.p, b.len, deadline);
	sodium_memzero(b.p, b.len);	/* it held the contact details */
	wbuf_free(&b);
	if (rc != 0) {
		chan_broken("took no request");
		return -1;
	}
	if (chan_io(0, hdr, sizeof(hdr), deadline) != 0 || (len = frame_length(hdr)) < 0 ||
	    (*payload = malloc((size_t)len)) == NULL ||
	    chan_io(0, *payload, (size_t)len, deadline) != 0 ||
	    msg_split(*payload, (size_t)len, 0, m) != 0 || m->reqid != reqid) {
		free(*payload);
		*payload = NULL;
		chan_broken("gave no answer in time");
		return -1;
	}
	return 0;
}

static int
chan_hello(void)
{
	struct hello	h = { PROTO_VERSION, PROTO_VERSION, "dorpsstemd-web" };
	struct msg_in	m;
	uint8_t		*pl;

	if (chan_call(MSG_HELLO, &schema_hello, &h, &m, &pl) != 0)
		return -1;
	free(pl);
	if (m.type != MSG_WELCOME) {
		chan_broken("refused hello");
		return -1;
	}
	chan_helloed = 1;
	return 0;
}

/* ---- the form ------------------------------------------------------------------------ */

/* A POSTed form body, decoded. Every value is wiped before it is freed. */
struct form {
	struct evkeyvalq	q;
	int			ok;
};

static int
form_parse(struct evhttp_request *req, struct form *f, size_t max)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	size_t		 len = evbuffer_get_length(in), i;
	char		*body;

	TAILQ_INIT(&f->q);
	f->ok = 0;
	if (len > max || (body = malloc(len + 1)) == NULL)
		return -1;
	evbuffer_copyout(in, body, len);
	body[len] = '\0';
	for (i = 0; i < len; i++)
		if (body[i] == '+')
			body[i] = ' ';
	f->ok = evhttp_parse_query_str(body, &f->q) == 0;
	sodium_memzero(body, len);
	free(body);
	evbuffer_drain(in, len);
	return f->ok ? 0 : -1;
}

static void
form_free(struct form *f)
{
	struct evkeyval *kv;

	TAILQ_FOREACH(kv, &f->q, next)
		if (kv->value)
			sodium_memzero(kv->value, strlen(kv->value));
	evhttp_clear_headers(&f->q);
}

/* A field's value, trimmed of spaces; "" when absent. Modifies the stored value. */
static char *
form_get(struct form *f, const char *name)
{
	static char	 none[1];	/* writable: flatten() may write its NUL */
	char		*v = (char *)(uintptr_t)evhttp_find_header(&f->q, name);
	size_t		 n;

	if (v == NULL) {
		none[0] = '\0';
		return none;
	}
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' ||
	    v[n - 1] == '\n'))
		v[--n] = '\0';
	return v;
}

/* Line breaks and tabs (typed in a text area) become single spaces: stored text has no
 * control characters (proto/wire.c). Other control characters stay and are refused. */
static void
flatten(char *s)
{
	char *o = s, *start = s;
	int sp = 0;

	for (; *s; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t') {
			if (!sp && o != start)
				*o++ = ' ';
			sp = 1;
			continue;
		}
		sp = 0;
		*o++ = *s;
	}
	*o = '\0';
}

#define A_NFIELDS	(6 + 2 * AANVRAAG_LINES + 2 * AANVRAAG_COFUND + 4)

struct aanvraag {
	uint32_t	 round;
	char		*ronde, *titel, *samenvatting, *indiener, *soort, *planning, *contact;
	char		*vrijwilligers, *akkoord, *leeg;
	char		*post[AANVRAAG_LINES], *bedrag[AANVRAAG_LINES];
	char		*bron[AANVRAAG_COFUND], *meebedrag[AANVRAAG_COFUND];
	uint64_t	 cents[AANVRAAG_LINES], mcents[AANVRAAG_COFUND];
	uint32_t	 volunteers;
	/* errors per field, by the field's name */
	const char	*err_name[A_NFIELDS];
	const char	*err_text[A_NFIELDS];
	int		 nerr;
};

static void
a_err(struct aanvraag *a, const char *name, const char *text)
{
	if (a->nerr < A_NFIELDS) {
		a->err_name[a->nerr] = name;
		a->err_text[a->nerr] = text;
		a->nerr++;
	}
}

static const char *
a_error_of(const struct aanvraag *a, const char *name)
{
	int i;

	for (i = 0; i < a->nerr; i++)
		if (strcmp(a->err_name[i], name) == 0)
			return a->err_text[i];
	return NULL;
}

/* Text a person typed: valid UTF-8 without control characters, at most max bytes. */
static const char *
text_check(struct pg *p, const char *s, size_t max, int required)
{
	if (required && s[0] == '\0')
		return NULL;	/* the caller says what is missing */
	if (strlen(s) > max)
		return T(p, "Deze tekst is te lang. Maak hem korter.",
		    "This text is too long. Please make it shorter.");
	if (!utf8_valid(s, strlen(s)))
		return T(p, "Deze tekst bevat tekens die wij niet kunnen opslaan. Typ hem "
		    "opnieuw, zonder speciale tekens.", "This text contains characters we "
		    "cannot store. Please type it again without special characters.");
	return "";
}

/* Fills a from the form and checks every field; a->nerr counts the errors. */
static void
aanvraag_read(struct pg *p, MDB_txn *txn, struct form *f, struct aanvraag *a)
{
	static char	 names[AANVRAAG_LINES + AANVRAAG_COFUND][4][24];	/* room for any int */
	struct round	 r;
	struct village	 v;
	uint64_t	 sum = 0;
	unsigned long	 ul;
	char		*end;
	const char	*e;
	int		 i, nlines = 0, rc;

	memset(a, 0, sizeof(*a));
	a->ronde = form_get(f, "ronde");
	a->titel = form_get(f, "titel");
	a->samenvatting = form_get(f, "samenvatting");
	a->indiener = form_get(f, "indiener");
	a->soort = form_get(f, "soort");
	a->planning = form_get(f, "planning");
	a->contact = form_get(f, "contact");
	a->vrijwilligers = form_get(f, "vrijwilligers");
	a->akkoord = form_get(f, "akkoord");
	a->leeg = form_get(f, "nl_leeg");
	flatten(a->samenvatting);
	flatten(a->contact);
	for (i = 0; i < AANVRAAG_LINES; i++) {
		snprintf(names[i][0], sizeof(names[0][0]), "post%d", i + 1);
		snprintf(names[i][1], sizeof(names[0][0]), "bedrag%d", i + 1);
		a->post[i] = form_get(f, names[i][0]);
		a->bedrag[i] = form_get(f, names[i][1]);
	}
	for (i = 0; i < AANVRAAG_COFUND; i++) {
		snprintf(names[AANVRAAG_LINES + i][0], sizeof(names[0][0]), "bron%d", i + 1);
		snprintf(names[AANVRAAG_LINES + i][1], sizeof(names[0][0]), "meebedrag%d", i + 1);
		a->bron[i] = form_get(f, names[AANVRAAG_LINES + i][0]);
		a->meebedrag[i] = form_get(f, names[AANVRAAG_LINES + i][1]);
	}

	/* The round: one in preparation. */
	ul = strtoul(a->ronde, &end, 10);
	if (a->ronde[0] == '\0' || *end != '\0' || ul == 0 || ul > UINT32_MAX)
		a_err(a, "ronde", T(p, "Kies de stemronde waarvoor u een plan indient.",
		    "Choose the round you are handing in a plan for."));
	else if ((rc = round_load(txn, (uint32_t)ul, &r, &v)) != 0)
		a_err(a, "ronde", T(p, "Deze stemronde bestaat niet. Kies een stemronde uit de "
		    "lijst.", "This round does not exist. Choose a round from the list."));
	else {
		if (r.state != ROUND_DRAFT)
			a_err(a, "ronde", T(p, "Voor deze stemronde kunt u geen plan meer indienen: "
			    "hij is niet meer in voorbereiding.", "This round no longer takes "
			    "plans: it is no longer being prepared."));
		else
			a->round = (uint32_t)ul;
		wire_free(&schema_round, &r);
		wire_free(&schema_village, &v);
	}
	/* Title, summary, proposer, category. */
	if (a->titel[0] == '\0')
		a_err(a, "titel", T(p, "Geef uw plan een naam.", "Give your plan a name."));
	else if ((e = text_check(p, a->titel, NAME_MAX_BYTES, 1))[0])
		a_err(a, "titel", e);
	if (a->samenvatting[0] == '\0')
		a_err(a, "samenvatting", T(p, "Beschrijf in een paar zinnen wat u wilt doen.",
		    "Describe in a few sentences what you want to do."));
	else if ((e = text_check(p, a->samenvatting, SUMMARY_MAX_BYTES, 1))[0])
		a_err(a, "samenvatting", e);
	if (a->indiener[0] == '\0')
		a_err(a, "indiener", T(p, "Vul in wie het plan indient: uw naam of die van uw "
		    "groep of vereniging.", "Fill in who hands in the plan: your name or that of "
		    "your group or club."));
	else if ((e = text_check(p, a->indiener, NAME_MAX_BYTES, 1))[0])
		a_err(a, "indiener", e);
	if ((e = text_check(p, a->soort, NAME_MAX_BYTES, 0))[0])
		a_err(a, "soort", e);
	/* Budget lines: a description and an amount each, at least one. */
	for (i = 0; i < AANVRAAG_LINES; i++) {
		const char *why;
		if (a->post[i][0] == '\0' && a->bedrag[i][0] == '\0')
			continue;
		nlines++;
		if (a->post[i][0] == '\0')
			a_err(a, names[i][0], T(p, "Schrijf op waarvoor dit bedrag is.",
			    "Write down what this amount is for."));
		else if ((e = text_check(p, a->post[i], NAME_MAX_BYTES, 1))[0])
			a_err(a, names[i][0], e);
		if (a->bedrag[i][0] == '\0')
			a_err(a, names[i][1], T(p, "Vul het bedrag in, bijvoorbeeld 250 of "
			    "1.250,50.", "Fill in the amount, for example 250 or 1,250.50."));
		else if (strlen(a->bedrag[i]) > 30 ||
		    money_parse(a->bedrag[i], &a->cents[i], &why) != 0 || a->cents[i] == 0)
			a_err(a, names[i][1], T(p, "Dit is geen bedrag in euro's. Schrijf het "
			    "bijvoorbeeld als 250 of 1.250,50.", "This is not an amount in euros. "
			    "Write it for example as 250 or 1250.50."));
		else if (a->cents[i] > MONEY_MAX_CENTS - sum)
			a_err(a, names[i][1], T(p, "Dit bedrag is te hoog.",
			    "This amount is too high."));
		else
			sum += a->cents[i];
	}
	if (nlines == 0)
		a_err(a, "post1", T(p, "Vul ten minste één kostenpost in: waarvoor, en hoeveel "
		    "het kost.", "Fill in at least one cost: what for, and how much it costs."));
	else if (a->round && a->nerr == 0) {
		/* The whole cost must fit the round's budget (the daemon checks it too). */
		if (round_load(txn, a->round, &r, &v) == 0) {
			if (sum > r.budget)
				a_err(a, "post1", T(p, "Samen kosten de posten meer dan het hele "
				    "budget van deze stemronde. Maak het plan kleiner.",
				    "Together the costs are more than the round's whole budget. "
				    "Make the plan smaller."));
			wire_free(&schema_round, &r);
			wire_free(&schema_village, &v);
		}
	}
	for (i = 0; i < AANVRAAG_COFUND; i++) {
		const char *why;
		if (a->bron[i][0] == '\0' && a->meebedrag[i][0] == '\0')
			continue;
		if (a->bron[i][0] == '\0')
			a_err(a, names[AANVRAAG_LINES + i][0], T(p, "Schrijf op wie dit bedrag "
			    "meebetaalt.", "Write down who pays this amount."));
		else if ((e = text_check(p, a->bron[i], NAME_MAX_BYTES, 1))[0])
			a_err(a, names[AANVRAAG_LINES + i][0], e);
		if (a->meebedrag[i][0] == '\0' || strlen(a->meebedrag[i]) > 30 ||
		    money_parse(a->meebedrag[i], &a->mcents[i], &why) != 0 || a->mcents[i] == 0)
			a_err(a, names[AANVRAAG_LINES + i][1], T(p, "Vul het bedrag in euro's in, "
			    "bijvoorbeeld 500.", "Fill in the amount in euros, for example 500."));
	}
	if (a->vrijwilligers[0]) {
		ul = strtoul(a->vrijwilligers, &end, 10);
		if (!isdigit((unsigned char)a->vrijwilligers[0]) || *end != '\0' || ul > 100000)
			a_err(a, "vrijwilligers", T(p, "Vul een aantal in (een getal), of laat dit "
			    "veld leeg.", "Fill in a number, or leave this field empty."));
		else
			a->volunteers = (uint32_t)ul;
	}
	if ((e = text_check(p, a->planning, PLANNED_MAX_BYTES, 0))[0])
		a_err(a, "planning", e);
	if (a->contact[0] == '\0')
		a_err(a, "contact", T(p, "Vul een telefoonnummer of e-mailadres in, zodat de "
		    "organisatie u kan bereiken.", "Fill in a phone number or e-mail address so "
		    "that the organisers can reach you."));
	else if ((e = text_check(p, a->contact, CONTACT_MAX_BYTES, 1))[0])
		a_err(a, "contact", e);
	if (strcmp(a->akkoord, "ja") != 0)
		a_err(a, "akkoord", T(p, "Lees hoe wij met uw gegevens omgaan en zet dan het "
		    "vinkje.", "Read how we handle your details, then tick the box."));
}

/* One form field in the NL Design System's pattern: label, description, error message,
 * then the input; aria-describedby links them, aria-invalid marks the error. */
static void
a_field(struct pg *p, const struct aanvraag *a, const char *name, const char *label,
    const char *help, const char *value, const char *kind, const char *attrs)
{
	const char *error = a ? a_error_of(a, name) : NULL;

	out(p, "<div class=\"veld%s\">\n<label for=\"%s\">%s</label>\n", error ?
	    " heeft-fout" : "", name, label);
	if (help)
		out(p, "<span class=\"uitleg\" id=\"%s-uitleg\">%s</span>\n", name, help);
	if (error)
		out(p, "<span class=\"foutmelding\" id=\"%s-fout\">%s</span>\n", name, error);
	if (strcmp(kind, "textarea") == 0)
		out(p, "<textarea id=\"%s\" name=\"%s\" rows=\"6\"", name, name);
	else
		out(p, "<input type=\"%s\" id=\"%s\" name=\"%s\"", kind, name, name);
	if (help || error)
		out(p, " aria-describedby=\"%s%s%s%s%s\"", help ? name : "", help ? "-uitleg" : "",
		    help && error ? " " : "", error ? name : "", error ? "-fout" : "");
	if (error)
		out(p, " aria-invalid=\"true\"");
	out(p, " %s", attrs);
	if (strcmp(kind, "textarea") == 0) {
		out(p, ">");
		if (value)
			esc(p, value);
		out(p, "</textarea>\n</div>\n");
	} else {
		out(p, " value=\"");
		if (value)
			esc(p, value);
		out(p, "\">\n</div>\n");
	}
}

struct draft_arg {
	struct pg	*p;
	MDB_txn		*txn;
	uint32_t	 selected;
	int		 n;
	uint32_t	 only;
};

static int
draft_option(void *rec, void *arg)
{
	struct round	*r = rec;
	struct draft_arg *a = arg;
	struct village	 v;

	if (r->state != ROUND_DRAFT)
		return 0;
	a->n++;
	a->only = r->id;
	if (a->p == NULL)
		return 0;
	memset(&v, 0, sizeof(v));
	out(a->p, "<option value=\"%u\"%s>", r->id, r->id == a->selected ? " selected" : "");
	if (store_get_id(a->txn, W.d.store.villages, r->village, &schema_village, &v) == 0) {
		esc(a->p, v.name);
		out(a->p, " — ");
		wire_free(&schema_village, &v);
	}
	esc(a->p, r->name);
	out(a->p, "</option>\n");
	return 0;
}

static void
aanvraag_form(struct pg *p, MDB_txn *txn, const struct aanvraag *a, uint32_t selected)
{
	struct draft_arg da = { NULL, txn, selected, 0, 0 };
	struct round	 r;
	char		 name[24], lab[96];
	int		 i;

	memset(&r, 0, sizeof(r));
	store_each(txn, W.d.store.rounds, &schema_round, &r, draft_option, &da);
	if (da.n == 0) {
		out(p, "<p>%s</p>\n", T(p, "Er is op dit moment geen stemronde in voorbereiding. "
		    "Zodra de organisatie een nieuwe ronde begint, kunt u hier een plan indienen.",
		    "No round is being prepared at the moment. As soon as the organisers start a "
		    "new round, you can hand in a plan here."));
		return;
	}
	if (da.n == 1 && selected == 0)
		selected = da.only;
	if (a && a->nerr) {
		out(p, "<div class=\"melding fout foutsamenvatting\" role=\"alert\" "
		    "aria-labelledby=\"fouten-kop\"><h2 id=\"fouten-kop\">%s</h2><ul>\n",
		    a->nerr == 1 ? T(p, "Er is 1 ding dat u nog moet verbeteren",
		    "There is 1 thing to correct") :
		    T(p, "Er zijn een paar dingen die u nog moet verbeteren",
		    "There are a few things to correct"));
		for (i = 0; i < a->nerr; i++)
			out(p, "<li><a href=\"#%s\">%s</a></li>\n", a->err_name[i], a->err_text[i]);
		out(p, "</ul></div>\n");
	}
	out(p, "<form method=\"post\" action=\"/aanvraag%s\" novalidate>\n", p->lq);
	out(p, "<div class=\"veld%s\">\n<label for=\"ronde\">%s</label>\n",
	    a && a_error_of(a, "ronde") ? " heeft-fout" : "", T(p, "Stemronde", "Round"));
	if (a && a_error_of(a, "ronde"))
		out(p, "<span class=\"foutmelding\" id=\"ronde-fout\">%s</span>\n",
		    a_error_of(a, "ronde"));
	out(p, "<select id=\"ronde\" name=\"ronde\"%s>\n",
	    a && a_error_of(a, "ronde") ? " aria-describedby=\"ronde-fout\" aria-invalid=\"true\""
	    : "");
	if (da.n > 1)
		out(p, "<option value=\"\">%s</option>\n", T(p, "Kies een stemronde",
		    "Choose a round"));
	da.p = p;
	da.selected = selected;
	da.n = 0;
	memset(&r, 0, sizeof(r));
	store_each(txn, W.d.store.rounds, &schema_round, &r, draft_option, &da);
	out(p, "</select>\n</div>\n");

	out(p, "<fieldset><legend>%s</legend>\n", T(p, "Uw plan", "Your plan"));
	a_field(p, a, "titel", T(p, "Naam van het plan", "Name of the plan"),
	    T(p, "Kort en duidelijk, bijvoorbeeld: Bankjes langs het fietspad",
	    "Short and clear, for example: Benches along the cycle path"),
	    a ? a->titel : NULL, "text", "maxlength=\"200\" autocomplete=\"off\"");
	a_field(p, a, "samenvatting", T(p, "Wat wilt u doen?", "What do you want to do?"),
	    T(p, "In een paar zinnen: wat, waar, en voor wie. Dit komt op de site en op het "
	    "stembiljet.", "In a few sentences: what, where and for whom. This appears on the "
	    "site and on the ballot."), a ? a->samenvatting : NULL, "textarea",
	    "maxlength=\"4000\"");
	a_field(p, a, "indiener", T(p, "Wie dient het plan in?", "Who hands in the plan?"),
	    T(p, "Uw naam, of die van uw groep of vereniging. Deze naam komt op de site.",
	    "Your name, or that of your group or club. This name appears on the site."),
	    a ? a->indiener : NULL, "text", "maxlength=\"200\" autocomplete=\"name\"");
	a_field(p, a, "soort", T(p, "Soort plan (mag leeg blijven)",
	    "Kind of plan (may stay empty)"), T(p, "Bijvoorbeeld: groen, spelen, ontmoeten, "
	    "veiligheid", "For example: green, play, meeting, safety"), a ? a->soort : NULL,
	    "text", "maxlength=\"200\" autocomplete=\"off\"");
	out(p, "</fieldset>\n");

	out(p, "<fieldset><legend>%s</legend>\n<p class=\"uitleg\">%s</p>\n",
	    T(p, "Wat kost het?", "What does it cost?"),
	    T(p, "Zet elke kostenpost op een eigen regel: waarvoor, en het bedrag in euro's. "
	    "Samen is dat het bedrag dat u vraagt.", "Put every cost on a line of its own: what "
	    "for, and the amount in euros. Together that is the amount you ask for."));
	for (i = 0; i < AANVRAAG_LINES; i++) {
		out(p, "<div class=\"rij\">\n");
		snprintf(name, sizeof(name), "post%d", i + 1);
		snprintf(lab, sizeof(lab), T(p, "Kostenpost %d: waarvoor", "Cost %d: what for"),
		    i + 1);
		a_field(p, a, name, lab, NULL, a ? a->post[i] : NULL, "text",
		    "maxlength=\"200\" autocomplete=\"off\"");
		snprintf(name, sizeof(name), "bedrag%d", i + 1);
		snprintf(lab, sizeof(lab), T(p, "Kostenpost %d: bedrag in euro's",
		    "Cost %d: amount in euros"), i + 1);
		a_field(p, a, name, lab, NULL, a ? a->bedrag[i] : NULL, "text",
		    "class=\"bedrag\" inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"");
		out(p, "</div>\n");
	}
	out(p, "</fieldset>\n");

	out(p, "<fieldset><legend>%s</legend>\n", T(p, "Hulp en planning (mag leeg blijven)",
	    "Help and planning (may stay empty)"));
	for (i = 0; i < AANVRAAG_COFUND; i++) {
		out(p, "<div class=\"rij\">\n");
		snprintf(name, sizeof(name), "bron%d", i + 1);
		snprintf(lab, sizeof(lab), "%s", T(p, "Betaalt iemand mee? Wie",
		    "Does anyone else pay? Who"));
		a_field(p, a, name, lab, NULL, a ? a->bron[i] : NULL, "text",
		    "maxlength=\"200\" autocomplete=\"off\"");
		snprintf(name, sizeof(name), "meebedrag%d", i + 1);
		a_field(p, a, name, T(p, "Hoeveel (euro's)", "How much (euros)"), NULL,
		    a ? a->meebedrag[i] : NULL, "text",
		    "class=\"bedrag\" inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"");
		out(p, "</div>\n");
	}
	a_field(p, a, "vrijwilligers", T(p, "Hoeveel vrijwilligers helpen mee?",
	    "How many volunteers help?"), NULL, a ? a->vrijwilligers : NULL, "text",
	    "class=\"bedrag\" inputmode=\"numeric\" maxlength=\"6\" autocomplete=\"off\"");
	a_field(p, a, "planning", T(p, "Wanneer wilt u het doen?", "When do you want to do it?"),
	    T(p, "Bijvoorbeeld: van april tot september", "For example: from April to "
	    "September"), a ? a->planning : NULL, "text",
	    "maxlength=\"100\" autocomplete=\"off\"");
	out(p, "</fieldset>\n");

	out(p, "<fieldset><legend>%s</legend>\n", T(p, "Hoe bereiken wij u?",
	    "How do we reach you?"));
	a_field(p, a, "contact", T(p, "Telefoonnummer of e-mailadres", "Phone number or e-mail "
	    "address"), T(p, "Alleen de organisatie ziet dit, om u te bellen of te mailen over "
	    "uw plan. Het komt nergens op de site en wordt niet teruggetoond.",
	    "Only the organisers see this, to call or e-mail you about your plan. It never "
	    "appears on the site and is not shown back."), NULL, "text",
	    "maxlength=\"500\" autocomplete=\"off\"");
	if (a && a->nerr && a->contact[0] && !a_error_of(a, "contact"))
		out(p, "<p class=\"uitleg\">%s</p>\n", T(p, "Vul uw telefoonnummer of e-mailadres "
		    "opnieuw in: wij tonen het niet terug.", "Please fill in your phone number or "
		    "e-mail address again: we do not show it back."));
	/* The honeypot: hidden from people (and from screen readers); a program that fills
	 * in every field fills this one too. */
	out(p, "<div class=\"hp\" aria-hidden=\"true\"><label for=\"nl_leeg\">%s</label>"
	    "<input type=\"text\" id=\"nl_leeg\" name=\"nl_leeg\" tabindex=\"-1\" "
	    "autocomplete=\"off\" value=\"\"></div>\n", T(p, "Laat dit veld leeg",
	    "Leave this field empty"));
	out(p, "<div class=\"veld%s\">\n", a && a_error_of(a, "akkoord") ? " heeft-fout" : "");
	if (a && a_error_of(a, "akkoord"))
		out(p, "<span class=\"foutmelding\" id=\"akkoord-fout\">%s</span>\n",
		    a_error_of(a, "akkoord"));
	out(p, "<input type=\"checkbox\" id=\"akkoord\" name=\"akkoord\" value=\"ja\"%s%s> "
	    "<label class=\"vinkje\" for=\"akkoord\">%s <a href=\"/privacy%s\">%s</a>.</label>\n"
	    "</div>\n</fieldset>\n",
	    a && a_error_of(a, "akkoord") ? " aria-describedby=\"akkoord-fout\" "
	    "aria-invalid=\"true\"" : "", a && a->akkoord[0] && !a_error_of(a, "akkoord") ?
	    " checked" : "", T(p, "Ik heb gelezen", "I have read"), p->lq,
	    T(p, "hoe de organisatie met mijn gegevens omgaat", "how the organisers handle my "
	    "details"));
	out(p, "<button type=\"submit\">%s</button>\n</form>\n",
	    T(p, "Plan indienen", "Hand in the plan"));
}

static void
aanvraag_intro(struct pg *p)
{
	out(p, "<h1>%s</h1>\n<p>%s</p>\n", T(p, "Een plan indienen", "Hand in a plan"),
	    T(p, "Hebt u een idee voor het dorp? Dien het hier in. De organisatie bekijkt of het "
	    "past bij de voorwaarden van het dorp; past het, dan komt het op het stembiljet en "
	    "beslissen de inwoners.", "Do you have an idea for the village? Hand it in here. "
	    "The organisers check whether it meets the village's conditions; if it does, it goes "
	    "on the ballot and the residents decide."));
}

static void
aanvraag_answer(struct pg *p, int code, const char *reason, const char *msg)
{
	page_begin(p, T(p, "Een plan indienen", "Hand in a plan"), "aanvraag");
	aanvraag_intro(p);
	out(p, "<div class=\"melding fout\" role=\"alert\"><p>%s</p></div>\n"
	    "<p><a href=\"/aanvraag%s\">%s</a></p>\n", msg, p->lq,
	    T(p, "Terug naar het formulier", "Back to the form"));
	page_end(p);
	send_page(p, code, reason);
}

static void
page_aanvraag(struct pg *p, int post, const char *query)
{
	MDB_txn			*txn;
	struct form		 f;
	struct aanvraag		 a;
	struct public_submission ps;
	struct money_line	 lines[AANVRAAG_LINES], cof[AANVRAAG_COFUND];
	struct msg_in		 m;
	struct submit_receipt	 sr;
	struct msg_error	 me;
	struct inits		 ins;
	uint8_t			*pl = NULL;
	uint32_t		 selected = 0, nr = 0;
	int			 i, rc;

	p->nocache = 1;
	if (query) {
		struct evkeyvalq q;
		const char *v;
		TAILQ_INIT(&q);
		if (evhttp_parse_query_str(query, &q) == 0 && (v = evhttp_find_header(&q, "ronde")))
			selected = (uint32_t)strtoul(v, NULL, 10);
		evhttp_clear_headers(&q);
	}
	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	if (!post) {
		page_begin(p, T(p, "Een plan indienen", "Hand in a plan"), "aanvraag");
		aanvraag_intro(p);
		aanvraag_form(p, txn, NULL, selected);
		mdb_txn_abort(txn);
		page_end(p);
		send_page(p, HTTP_OK, "OK");
		return;
	}
	if (form_parse(p->req, &f, WEB_MAX_FORM) != 0) {
		mdb_txn_abort(txn);
		form_free(&f);
		aanvraag_answer(p, HTTP_BADREQUEST, "Bad Request", T(p, "Het formulier kwam niet "
		    "goed aan. Vul het opnieuw in.", "The form did not arrive properly. Please "
		    "fill it in again."));
		return;
	}
	aanvraag_read(p, txn, &f, &a);
	if (a.leeg[0]) {
		/* The honeypot was filled in: nothing is handed in. */
		mdb_txn_abort(txn);
		form_free(&f);
		aanvraag_answer(p, HTTP_BADREQUEST, "Bad Request", T(p, "Uw plan is niet "
		    "ingediend: het verborgen veld &lsquo;Laat dit veld leeg&rsquo; was ingevuld. "
		    "Vul het formulier opnieuw in en laat dat veld leeg.", "Your plan was not "
		    "handed in: the hidden field &lsquo;Leave this field empty&rsquo; was filled in. "
		    "Fill in the form again and leave that field empty."));
		return;
	}
	if (a.nerr) {
		page_begin(p, T(p, "Een plan indienen (verbeteren)", "Hand in a plan (correct)"),
		    "aanvraag");
		aanvraag_intro(p);
		aanvraag_form(p, txn, &a, a.round ? a.round : selected);
		mdb_txn_abort(txn);
		form_free(&f);
		page_end(p);
		send_page(p, HTTP_BADREQUEST, "Bad Request");
		return;
	}
	mdb_txn_abort(txn);
	if (!rate_ok(p->addr, 2)) {
		form_free(&f);
		aanvraag_answer(p, 429, "Too Many Requests", T(p, "Vanaf uw internetadres zijn "
		    "net al een paar plannen ingediend. Wacht twintig minuten en probeer het dan "
		    "opnieuw.", "A few plans were just handed in from your internet address. Wait "
		    "twenty minutes, then try again."));
		return;
	}
	if (chan_fd == -1 || (!chan_helloed && chan_hello() != 0)) {
		form_free(&f);
		aanvraag_answer(p, HTTP_SERVUNAVAIL, "Service Unavailable", T(p, "Het indienen "
		    "lukt op dit moment niet. Probeer het over een paar minuten opnieuw; wat u "
		    "invulde is niet bewaard.", "Handing in does not work at the moment. Please "
		    "try again in a few minutes; what you filled in was not kept."));
		return;
	}
	memset(&ps, 0, sizeof(ps));
	ps.round = a.round;
	ps.title = a.titel;
	ps.summary = a.samenvatting;
	ps.proposer = a.indiener;
	ps.category = a.soort;
	ps.planned = a.planning;
	ps.contact = a.contact;
	ps.volunteers = a.volunteers;
	ps.lines.items = lines;
	ps.cofunding.items = cof;
	for (i = 0; i < AANVRAAG_LINES; i++)
		if (a.post[i][0]) {
			lines[ps.lines.n].what = a.post[i];
			lines[ps.lines.n++].amount = a.cents[i];
		}
	for (i = 0; i < AANVRAAG_COFUND; i++)
		if (a.bron[i][0]) {
			cof[ps.cofunding.n].what = a.bron[i];
			cof[ps.cofunding.n++].amount = a.mcents[i];
		}
	rc = chan_call(MSG_PUBLIC_SUBMIT, &schema_public_submission, &ps, &m, &pl);
	form_free(&f);
	if (rc != 0) {
		aanvraag_answer(p, HTTP_SERVUNAVAIL, "Service Unavailable", T(p, "Het indienen "
		    "lukt op dit moment niet. Probeer het over een paar minuten opnieuw.",
		    "Handing in does not work at the moment. Please try again in a few minutes."));
		return;
	}
	if (m.type == MSG_ERROR) {
		memset(&me, 0, sizeof(me));
		rc = wire_decode_all(m.body, m.bodylen, &schema_error, &me, NULL) == 0 ?
		    me.code : ERRC_INTERNAL;
		if (rc == ERRC_INVALID || rc == ERRC_FIELD)	/* not in the log: may quote */
			log_info("web: the daemon refused an aanvraag (field %s)",
			    me.field ? me.field : "?");
		wire_free(&schema_error, &me);
		free(pl);
		aanvraag_answer(p, rc == ERRC_LIMIT ? HTTP_SERVUNAVAIL : HTTP_BADREQUEST,
		    rc == ERRC_LIMIT ? "Service Unavailable" : "Bad Request",
		    rc == ERRC_LIMIT ? T(p, "Er wachten al heel veel plannen op de beoordeling door "
		    "de organisatie. Uw plan is daarom niet ingediend. Probeer het later opnieuw, "
		    "of neem contact op met de organisatie.", "A great many plans are already "
		    "waiting for the organisers' review, so your plan was not handed in. Please try "
		    "again later, or contact the organisers.") :
		    rc == ERRC_STATE || rc == ERRC_NOTFOUND ? T(p, "Voor deze stemronde kunt u geen "
		    "plan meer indienen. Uw plan is niet ingediend.", "This round no longer takes "
		    "plans. Your plan was not handed in.") :
		    T(p, "De stemserver nam uw plan niet aan. Controleer wat u invulde en probeer "
		    "het opnieuw.", "The voting server did not accept your plan. Check what you "
		    "filled in and try again."));
		return;
	}
	memset(&sr, 0, sizeof(sr));
	if (m.type != MSG_SUBMIT_RECEIPT ||
	    wire_decode_all(m.body, m.bodylen, &schema_submit_receipt, &sr, NULL) != 0) {
		free(pl);
		server_error(p);
		return;
	}
	sodium_memzero(pl, m.bodylen + (size_t)(m.body - pl));
	free(pl);
	/* Its number in the round, as everywhere (proto/roundnr). */
	if (rd(&txn) == 0) {
		if (inits_load(txn, a.round, &ins) == 0)
			nr = initiative_nr(ins.v, ins.n, a.round, sr.id);
		inits_free(&ins);
		mdb_txn_abort(txn);
	}
	page_begin(p, T(p, "Plan ontvangen", "Plan received"), "aanvraag");
	out(p, "<h1>%s</h1>\n<div class=\"melding ok\" role=\"status\"><p><strong>%s</strong>"
	    "</p><p>%s <strong>%u</strong>.</p></div>\n",
	    T(p, "Uw plan is ontvangen", "Your plan has been received"),
	    T(p, "Dank u wel! De organisatie bekijkt uw plan en neemt contact met u op.",
	    "Thank you! The organisers will review your plan and contact you."),
	    T(p, "Uw plan heeft in deze stemronde nummer", "In this round your plan has number"),
	    nr);
	out(p, "<h2>%s</h2>\n<p class=\"code volgcode\"><strong>", T(p, "Uw volgcode",
	    "Your follow-up code"));
	esc(p, sr.code);
	out(p, "</strong></p>\n<p>%s</p>\n",
	    T(p, "Schrijf deze code op of maak een foto van dit scherm. Noem de code als u de "
	    "organisatie belt of mailt over uw plan: zo weten zij dat het om uw plan gaat. De "
	    "code wordt maar één keer getoond.", "Write this code down or take a picture of "
	    "this screen. Mention the code when you call or e-mail the organisers about your "
	    "plan: that way they know it is your plan. The code is shown only once."));
	out(p, "<p><a href=\"/ronde/%u%s\">%s</a></p>\n", a.round, p->lq,
	    T(p, "Bekijk de plannen van deze stemronde", "See the plans of this round"));
	page_end(p);
	send_page(p, HTTP_OK, "OK");
	if (sr.code)
		sodium_memzero(sr.code, strlen(sr.code));
	wire_free(&schema_submit_receipt, &sr);
}

static void
page_privacy(struct pg *p)
{
	unsigned keep = W.cf->contact_keep;	/* the daemon erases them then (`contact keep`) */
	int	 yr = keep > 0 && keep % 365 == 0;

	page_begin(p, T(p, "Privacy", "Privacy"), "privacy");
	if (!p->en) {
		out(p, "<h1>Hoe gaan wij om met uw gegevens?</h1>\n"
		    "<h2>Als u stemt</h2>\n<p>Niemand kan zien wat u gestemd hebt. Uw stemkaart "
		    "staat niet op uw naam; de stemserver bewaart uw stem zonder te weten van wie "
		    "hij is.</p>\n"
		    "<h2>Als u een plan indient</h2>\n"
		    "<p><strong>Wat wordt bewaard:</strong> wat u over het plan invult (de naam "
		    "van het plan, de beschrijving, wie het indient, de kostenposten, wie "
		    "meebetaalt, het aantal vrijwilligers en de planning) en uw telefoonnummer of "
		    "e-mailadres.</p>\n"
		    "<p><strong>Wie ziet het:</strong> het plan zelf, met de naam van de indiener, "
		    "is openbaar: het staat op deze site en in het controlepakket van de "
		    "stemronde, zodat iedereen de stemming kan nacontroleren. Uw telefoonnummer "
		    "of e-mailadres ziet <em>alleen de organisatie</em>: het staat apart "
		    "opgeslagen, niet op deze site, niet in het controlepakket, niet in de uitslag "
		    "en niet in een logboek. Deze site zelf kan het niet eens lezen.</p>\n"
		    "<p><strong>Waarvoor:</strong> alleen om contact met u op te nemen over uw "
		    "plan.</p>\n"
		    "<p><strong>Hoe lang:</strong> de organisatie bewaart uw contactgegevens zolang "
		    "uw plan loopt (beoordeling, stemming en uitvoering) en niet langer dan nodig. "
		    "%u %s na het sluiten van de stemronde worden ze vanzelf voorgoed gewist; "
		    "eerder als u daarom vraagt. "
		    "Het plan zelf blijft openbaar bij de stemronde, omdat de stemming controleerbaar "
		    "moet blijven.</p>\n"
		    "<p><strong>Uw rechten:</strong> u mag de organisatie vragen welke gegevens zij "
		    "van u heeft, en ze laten verbeteren of verwijderen (Algemene verordening "
		    "gegevensbescherming, AVG). De organisatie van de dorpsbegroting is "
		    "verantwoordelijk voor uw gegevens. Bent u het niet eens met hoe zij ermee "
		    "omgaat, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.</p>\n"
		    "<h2>Deze site</h2>\n<p>Deze site gebruikt geen cookies en volgt u niet. Uw "
		    "internetadres wordt alleen even in het geheugen gebruikt om te voorkomen dat "
		    "iemand de formulieren overspoelt; het wordt niet opgeslagen.</p>\n",
		    yr ? keep / 365 : keep, yr ? "jaar" : keep == 1 ? "dag" : "dagen");
	} else {
		out(p, "<h1>How do we handle your details?</h1>\n"
		    "<h2>When you vote</h2>\n<p>Nobody can see how you voted. Your voting card is "
		    "not in your name; the voting server keeps your vote without knowing whose it "
		    "is.</p>\n"
		    "<h2>When you hand in a plan</h2>\n"
		    "<p><strong>What is kept:</strong> what you fill in about the plan (its name, "
		    "the description, who hands it in, the costs, who else pays, the number of "
		    "volunteers and the planning) and your phone number or e-mail address.</p>\n"
		    "<p><strong>Who sees it:</strong> the plan itself, with the proposer's name, is "
		    "public: it is on this site and in the round's audit bundle, so that anyone can "
		    "check the vote. Your phone number or e-mail address is seen <em>only by the "
		    "organisers</em>: it is kept apart, not on this site, not in the audit bundle, "
		    "not in the result and not in any log. This site itself cannot even read it."
		    "</p>\n"
		    "<p><strong>What for:</strong> only to contact you about your plan.</p>\n"
		    "<p><strong>How long:</strong> the organisers keep your contact details while "
		    "your plan runs (review, vote and carrying it out) and no longer than needed. "
		    "%u %s after the round closes they are erased for good by themselves; sooner "
		    "if you ask. "
		    "The plan itself stays public with the round, because the vote must stay "
		    "verifiable.</p>\n"
		    "<p><strong>Your rights:</strong> you may ask the organisers which details they "
		    "hold about you, and have them corrected or removed (General Data Protection "
		    "Regulation, GDPR). The organisers of the village budget are responsible for "
		    "your details. If you disagree with how they handle them, you can complain to "
		    "the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).</p>\n"
		    "<h2>This site</h2>\n<p>This site uses no cookies and does not track you. Your "
		    "internet address is used only briefly, in memory, to stop anyone flooding the "
		    "forms; it is not stored.</p>\n",
		    yr ? keep / 365 : keep, yr ? (keep == 365 ? "year" : "years") :
		    keep == 1 ? "day" : "days");
	}
	out(p, "<p><a href=\"/aanvraag%s\">%s</a></p>\n", p->lq, T(p, "Naar het formulier om "
	    "een plan in te dienen", "To the form for handing in a plan"));
	page_end(p);
	send_page(p, HTTP_OK, "OK");
}

/* ---- the request edge --------------------------------------------------------------------- */

/* accept() failed (EMFILE: the descriptor limit, our connection cap, is reached): stop
 * accepting for a second instead of spinning on the ready socket. */
static struct evconnlistener	*W_listener;
static struct event		*W_resume;

static void
on_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	evconnlistener_enable(W_listener);
}

static void
on_accept_error(struct evconnlistener *l, void *arg)
{
	struct timeval one = { 1, 0 };

	(void)arg;
	log_debug("web: accept: %s; pausing a second", strerror(errno));
	evconnlistener_disable(l);
	evtimer_add(W_resume, &one);
}

/* ---- connection tracking: whole-request deadline and per-address cap ------------------
 * libevent 2.1's evhttp has no accept-time hook, so the web site makes each connection's
 * bufferevent itself (evhttp_set_bevcb) and keeps a reference to it. A sweep every second
 * (1) lets go of the ones evhttp has freed (their callbacks are cleared), (2) cuts a
 * connection whose current request has taken longer than WEB_DEADLINE (a client that
 * trickles a byte every few seconds defeats the idle timeout, not this), and (3) cuts the
 * newest connections of an address that holds more than WEB_MAX_PER_ADDR. Cutting is
 * shutdown(2): evhttp sees the end and frees the connection itself. The bufferevents are
 * made without BEV_OPT_CLOSE_ON_FREE: evhttp then closes the socket itself when it frees
 * the connection, so our reference never keeps a descriptor open. */
struct track {
	struct bufferevent	*bev;
	int64_t			 since;		/* start of the current request */
	char			 addr[INET6_ADDRSTRLEN];	/* "" until known */
};
static struct track	*tracks;
static size_t		 ntracks, captracks;
static struct event	*ev_sweep;

static void
track_drop(size_t i)
{
	bufferevent_decref(tracks[i].bev);
	tracks[i] = tracks[--ntracks];
}

/* evhttp is about to free the connection: let go of our reference NOW, before it frees
 * the bufferevent and closes the socket. (Held on, the bufferevent's read event would
 * stay registered for a descriptor number the next connection may get, and read its
 * bytes.) */
static void
on_evcon_close(struct evhttp_connection *evcon, void *arg)
{
	size_t i;

	(void)evcon;
	for (i = 0; i < ntracks; i++)
		if (tracks[i].bev == arg) {
			track_drop(i);
			break;
		}
}

/* Right after the accept (evhttp has set the connection up by then): ask evhttp to tell
 * us when it frees this connection. The connection is the bufferevent's callback arg. */
static void
on_hook(evutil_socket_t fd, short what, void *arg)
{
	bufferevent_data_cb	 rcb, wcb;
	bufferevent_event_cb	 ecb;
	void			*cbarg;
	size_t			 i;

	(void)fd;
	(void)what;
	for (i = 0; i < ntracks; i++)
		if (tracks[i].bev == arg)
			break;
	if (i == ntracks)
		return;
	bufferevent_getcb(tracks[i].bev, &rcb, &wcb, &ecb, &cbarg);
	if (ecb != NULL && cbarg != NULL)
		evhttp_connection_set_closecb(cbarg, on_evcon_close, tracks[i].bev);
}

static struct bufferevent *
on_newbev(struct event_base *base, void *arg)
{
	struct bufferevent	*bev;
	struct track		*t;

	(void)arg;
	if ((bev = bufferevent_socket_new(base, -1, 0)) == NULL)
		return NULL;
	if (ntracks == captracks) {
		size_t n = captracks ? captracks * 2 : 256;
		if ((t = reallocarray(tracks, n, sizeof(*t))) == NULL)
			return bev;	/* untracked: evhttp's own timeout still holds */
		tracks = t;
		captracks = n;
	}
	bufferevent_incref(bev);
	t = &tracks[ntracks++];
	t->bev = bev;
	t->since = now_seconds();
	t->addr[0] = '\0';
	{
		struct timeval zero = { 0, 0 };
		if (event_base_once(base, -1, EV_TIMEOUT, on_hook, bev, &zero) != 0)
			log_debug("web: cannot hook a connection's close");
	}
	return bev;
}

/* A request was answered: the connection's next request starts its own deadline. */
static void
track_done(struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct bufferevent *bev = evcon ? evhttp_connection_get_bufferevent(evcon) : NULL;
	size_t i;

	for (i = 0; bev && i < ntracks; i++)
		if (tracks[i].bev == bev) {
			tracks[i].since = now_seconds();
			break;
		}
}

static void
on_sweep(evutil_socket_t fd0, short what, void *arg)
{
	bufferevent_data_cb	 rcb, wcb;
	bufferevent_event_cb	 ecb;
	void			*cbarg;
	int64_t			 now = now_seconds();
	size_t			 i, j, same;
	int			 fd;

	(void)fd0;
	(void)what;
	(void)arg;
	for (i = 0; i < ntracks; ) {
		struct track *t = &tracks[i];
		bufferevent_getcb(t->bev, &rcb, &wcb, &ecb, &cbarg);
		if (ecb == NULL && rcb == NULL) {	/* freed without telling (no close hook) */
			track_drop(i);
			continue;
		}
		fd = bufferevent_getfd(t->bev);
		if (t->addr[0] == '\0' && fd >= 0) {
			struct sockaddr_storage ss;
			socklen_t sl = sizeof(ss);
			if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0 &&
			    getnameinfo((struct sockaddr *)&ss, sl, t->addr, sizeof(t->addr),
			    NULL, 0, NI_NUMERICHOST) != 0)
				snprintf(t->addr, sizeof(t->addr), "?");
		}
		if (fd >= 0 && now - t->since > WEB_DEADLINE) {
			log_debug("web: %s: request took over %d s; connection cut", t->addr,
			    WEB_DEADLINE);
			shutdown(fd, SHUT_RDWR);
			t->since = now;		/* once */
		}
		i++;
	}
	/* Per address: the connections after the first WEB_MAX_PER_ADDR are cut (O(n²) over at
	 * most WEB_MAX_CONNS entries once a second: about a million string compares at worst). */
	for (i = 0; i < ntracks; i++) {
		if (tracks[i].addr[0] == '\0' || (W.cf->web_proxy != NULL &&
		    strcmp(tracks[i].addr, W.cf->web_proxy) == 0))
			continue;	/* the proxy caps per client itself (docs/web.md) */
		for (j = 0, same = 0; j < i; j++)
			if (strcmp(tracks[j].addr, tracks[i].addr) == 0)
				same++;
		if (same >= WEB_MAX_PER_ADDR && (fd = bufferevent_getfd(tracks[i].bev)) >= 0) {
			log_debug("web: %s: over %d connections; one cut", tracks[i].addr,
			    WEB_MAX_PER_ADDR);
			shutdown(fd, SHUT_RDWR);
		}
	}
}

/* ---- /dorp/NAAM/JAAR: the yearly overview (jaaroverzicht, issue 13) --------------------- */

/*
 * The same figures as `dorpsstem overview NAAM --year JAAR`: the ov_input is filled from
 * the store by folding the same signed public events through proto/overview.c's
 * ov_round_event, ov_inhabitants_event and (for the books) proto/spending.c, and
 * ov_compute does the sums. Only the writing is the site's own: its frame, stylesheet and
 * Dutch/English switch (T()), where the client writes with gettext. Every figure cell
 * carries its raw value in data-v (cents, hundredths of a percent, counts) with the key
 * of `overview -j` in data-ov, so a test can hold the page against the client's JSON.
 */

static int
year_of_t(int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_year + 1900;
}

/* Type of a stored event (offset 20, see books_load) without decoding it. */
static unsigned
raw_type(const MDB_val *v)
{
	const uint8_t *raw = v->mv_data;

	return v->mv_size < 22 ? 0 : (unsigned)raw[20] << 8 | raw[21];
}

static int
ov_type_wanted(unsigned t)
{
	switch (t) {
	case MSG_INITIATIVE_ADD: case MSG_INITIATIVE_SUBMIT: case EVENT_PUBLIC_SUBMIT:
	case MSG_INITIATIVE_ADMIT: case MSG_INITIATIVE_WITHDRAW: case MSG_INITIATIVE_REJECT:
	case MSG_INITIATIVE_DECIDE: case EVENT_CLOSE: case EVENT_RESULT:
	case MSG_CREDENTIALS_REGISTER: case MSG_CREDENTIAL_REVOKE:
		return 1;
	}
	return spend_type((uint16_t)t);
}

/* Calls fn on each event of ledger `round` whose stored type `want` accepts, decoded. */
static int
ledger_fold(MDB_txn *txn, uint32_t round, int (*want)(unsigned),
    int (*fn)(const struct event *, void *), void *arg)
{
	struct event	 ev;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint8_t		 start[12];
	int		 rc, frc = 0;

	be32(start, round);
	be64(start + 4, 1);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, W.d.store.events, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && frc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != sizeof(start) || memcmp(k.mv_data, start, 4) != 0)
			break;
		if (!want(raw_type(&v)))
			continue;
		memset(&ev, 0, sizeof(ev));
		if (raw_type(&v) == MSG_CREDENTIALS_REGISTER && v.mv_size >= 26) {
			/* Only its subject (the number of keys) counts, and it is the record's
			 * last field: the body (32 bytes a key) is not copied. */
			const uint8_t *e = (const uint8_t *)v.mv_data + v.mv_size - 4;
			ev.round = round;
			ev.type = MSG_CREDENTIALS_REGISTER;
			ev.subject = (uint32_t)e[0] << 24 | (uint32_t)e[1] << 16 |
			    (uint32_t)e[2] << 8 | e[3];
			frc = fn(&ev, arg);
			continue;
		}
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_event, &ev, NULL) == 0)
			frc = fn(&ev, arg);
		wire_free(&schema_event, &ev);
	}
	mdb_cursor_close(cur);
	if (frc != 0)
		return frc;
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct ov_fold {
	struct ov_round		*r;
	struct spend_book	 book;
	uint64_t		 revoked;
	int			 books_ok;
	char			 why[200];
};

static int
ov_fold_round(const struct event *ev, void *arg)
{
	struct ov_fold *f = arg;

	if (f->books_ok && spend_event(&f->book, ev, f->why, sizeof(f->why)) != 0)
		f->books_ok = 0;
	return ov_round_event(f->r, ev, &f->revoked) == 0 ? 0 : ENOMEM;
}

static int
ov_type_inh(unsigned t)
{
	return t == MSG_INHABITANTS_SET;
}

static int
ov_fold_inh(const struct event *ev, void *arg)
{
	return ov_inhabitants_event(arg, ev) == 0 ? 0 : ENOMEM;
}

struct ov_load {
	MDB_txn		*txn;
	struct ov_input	*in;
	uint32_t	 village;
	int		 err;
	int		 years[OV_MAX_YEARS + 1];	/* for the index: years with a round */
	size_t		 nyears;
};

/* A closed (and counted) round of the village, by the year it closed in (local time), as
 * cmd_overview.c takes them. */
static int
ov_load_round(void *rec, void *arg)
{
	struct round	*r = rec;
	struct ov_load	*l = arg;
	struct ov_round	*orr;
	struct ov_fold	 f;
	int		 y, rc;

	if (r->village != l->village || (r->state != ROUND_CLOSED && r->state != ROUND_TALLIED) ||
	    r->closed == 0)
		return 0;
	if ((y = year_of_t(r->closed)) > l->in->year || y == 0 ||
	    y <= l->in->year - OV_MAX_YEARS)
		return 0;
	orr = &l->in->rounds[l->in->nrounds];
	memset(orr, 0, sizeof(*orr));
	orr->id = r->id;
	orr->village = r->village;
	orr->year = y;
	orr->budget = r->budget;
	l->in->nrounds++;
	memset(&f, 0, sizeof(f));
	f.r = orr;
	f.books_ok = 1;
	spend_init(&f.book, r->id);
	rc = ledger_fold(l->txn, r->id, ov_type_wanted, ov_fold_round, &f);
	orr->cards = orr->cards >= f.revoked ? orr->cards - f.revoked : 0;
	if (rc == 0 && f.books_ok && f.book.have_result)
		ov_round_books(orr, &f.book, today_civil());
	spend_free(&f.book);
	if (rc != 0) {
		l->err = rc;
		return 1;
	}
	return 0;
}

static int
ov_count_rounds(void *rec, void *arg)
{
	(void)rec;
	(*(size_t *)arg)++;
	return 0;
}

/* One conditions version from the conditions database (ov_load_conditions' getter). */
static int
ov_condition_get(void *arg, uint32_t village, uint32_t version, struct conditions *cd)
{
	uint8_t key[8];

	be32(key, village);
	be32(key + 4, version);
	return store_get(arg, W.d.store.conditions, key, sizeof(key), &schema_conditions,
	    cd) == 0 ? 0 : 1;
}

struct ov_find {
	const char	*name;
	struct village	 v;
	int		 found;
};

static int
ov_find_village(void *rec, void *arg)
{
	struct village	*v = rec;
	struct ov_find	*f = arg;

	if (f->found || strcasecmp(v->name, f->name) != 0)
		return 0;
	f->v = *v;			/* takes the name over */
	memset(v, 0, sizeof(*v));
	f->found = 1;
	return 0;
}

/* The overview input of village v in year, from the store. 0 or an error. */
static int
ov_load(MDB_txn *txn, const struct village *v, int year, struct ov_input *in)
{
	struct ov_load	 l;
	struct round	 r;
	size_t		 nall = 0;
	int		 rc;

	memset(in, 0, sizeof(*in));
	in->year = year;
	in->only = v->id;
	if ((in->villages = calloc(1, sizeof(*in->villages))) == NULL)
		return ENOMEM;
	in->villages[0].id = v->id;
	in->villages[0].name = v->name;
	in->nvillages = 1;
	memset(&r, 0, sizeof(r));
	if ((rc = store_each(txn, W.d.store.rounds, &schema_round, &r, ov_count_rounds,
	    &nall)) != 0)
		return rc;
	if ((in->rounds = calloc(nall + 1, sizeof(*in->rounds))) == NULL)
		return ENOMEM;
	memset(&l, 0, sizeof(l));
	l.txn = txn;
	l.in = in;
	l.village = v->id;
	memset(&r, 0, sizeof(r));
	rc = store_each(txn, W.d.store.rounds, &schema_round, &r, ov_load_round, &l);
	if (l.err)
		return l.err;
	if (rc != 0)
		return rc;
	if ((rc = ledger_fold(txn, 0, ov_type_inh, ov_fold_inh, in)) != 0)
		return rc;
	return ov_load_conditions(in, ov_condition_get, txn) == 0 ? 0 : ENOMEM;
}

/* "62,50 %" / "62.50%"; "—" when not known. */
static char *
pct(const struct pg *p, char *buf, size_t n, int64_t bp)
{
	if (bp < 0)
		snprintf(buf, n, "—");
	else
		snprintf(buf, n, p->en ? "%lld.%02lld%%" : "%lld,%02lld\xc2\xa0%%", (long long)(bp / 100),
		    (long long)(bp % 100));
	return buf;
}

/* A figure cell: the text shown, with the raw value and its `overview -j` key. */
static void
fig(struct pg *p, const char *key, long long raw, const char *shown)
{
	out(p, "<td class=\"num\" data-ov=\"%s\" data-v=\"%lld\">%s</td>", key, raw, shown);
}

/* The amount with a no-break space after the euro sign: a narrow column wraps between
 * figures, never inside one. */
static char *
money_nb(const struct pg *p, char *buf, size_t n, uint64_t cents)
{
	char m[MONEY_BUF];

	money(p, m, sizeof(m), cents);
	if (strncmp(m, "\xe2\x82\xac ", 4) == 0)
		snprintf(buf, n, "\xe2\x82\xac\xc2\xa0%s", m + 4);
	else
		snprintf(buf, n, "%s", m);
	return buf;
}

static void
fig_money(struct pg *p, const char *key, uint64_t cents)
{
	char m[MONEY_BUF + 4];

	fig(p, key, (long long)cents, money_nb(p, m, sizeof(m), cents));
}

static void
fig_count(struct pg *p, const char *key, uint64_t n)
{
	char b[32];

	snprintf(b, sizeof(b), "%llu", (unsigned long long)n);
	fig(p, key, (long long)n, b);
}

static void
fig_bp(struct pg *p, const char *key, int64_t bp)
{
	char b[32];

	fig(p, key, bp, pct(p, b, sizeof(b), bp));
}

/* A horizontal bar chart of n labelled money amounts (or, with bp, percentages), drawn
 * with classes only (no style attributes: the CSP has no 'unsafe-inline'). */
static void
svg_bars(struct pg *p, const char *id, const char *title, const char *const *labels,
    const int64_t *v, size_t n, int bp)
{
	char	 b[64];
	int64_t	 max = 1;
	size_t	 i;
	int	 w;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	out(p, "<svg class=\"grafiek\" role=\"img\" aria-labelledby=\"%s\" viewBox=\"0 0 480 %zu\" "
	    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"%s\">", id, n * 34 + 8, id);
	esc(p, title);
	out(p, "</title>\n");
	for (i = 0; i < n; i++) {
		w = v[i] > 0 ? (int)(v[i] * 220 / max) : 0;
		if (v[i] > 0 && w < 2)
			w = 2;
		out(p, "<text x=\"0\" y=\"%zu\">", i * 34 + 24);
		esc(p, labels[i]);
		out(p, "</text><rect class=\"staaf\" x=\"130\" y=\"%zu\" width=\"%d\" height=\"22\"/>"
		    "<text x=\"%d\" y=\"%zu\">", i * 34 + 8, w, 130 + w + 6, i * 34 + 24);
		if (v[i] < 0)
			out(p, "—");
		else if (bp)
			esc(p, pct(p, b, sizeof(b), v[i]));
		else
			esc(p, money(p, b, sizeof(b), (uint64_t)v[i]));
		out(p, "</text>\n");
	}
	out(p, "</svg>\n");
}

static void
ov_not_found(struct pg *p, const char *name, int year, int village_known)
{
	page_begin(p, T(p, "Niet gevonden", "Not found"), "/");
	out(p, "<h1>%s</h1>\n<p>", village_known ? T(p, "Geen jaaroverzicht voor dit jaar",
	    "No yearly overview for this year") : T(p, "Dit dorp kennen we niet",
	    "We do not know this village"));
	if (village_known) {
		out(p, T(p, "In %d is er in ", "In %d no voting round of "), year);
		esc(p, name);
		out(p, "%s", T(p, " geen stemronde gesloten. Een ronde telt mee in het jaar "
		    "waarin de stemming sloot.", " closed. A round counts in the year in which its "
		    "voting closed."));
	} else {
		out(p, "%s &lsquo;", T(p, "Er is geen dorp met de naam", "There is no village "
		    "called"));
		esc(p, name);
		out(p, "&rsquo;. %s", T(p, "Controleer het adres.", "Check the address."));
	}
	out(p, "</p>\n<p><a href=\"/%s\">%s</a></p>\n", p->lq,
	    T(p, "Naar de voorpagina: alle dorpen en hun stemrondes",
	    "To the front page: all villages and their rounds"));
	page_end(p);
	send_page(p, HTTP_NOTFOUND, "Not Found");
}

/* The labels of the indicators, in the order of proto/overview.c's ov_indicators. */
static const char *const ind_nl[] = { "stemrondes", "beschikbaar budget",
	"ingediende plannen", "aangevraagd bedrag", "toegelaten plannen",
	"deel van de plannen toegelaten", "afgewezen plannen", "gekozen plannen",
	"bedrag voor gekozen plannen", "deel van het budget besteed aan gekozen plannen",
	"stemmen", "opkomst (stemmen per uitgegeven kaart)", "opkomst (stemmen per inwoner)",
	"uitgegeven door de plannen (verantwoording)" };
static const char *const ind_en[] = { "rounds", "budget available", "plans submitted",
	"amount requested", "plans admitted", "share of plans admitted", "plans rejected",
	"plans funded", "amount funded", "share of the budget funded", "votes",
	"turnout (votes per card issued)", "turnout (votes per inhabitant)",
	"spent by the plans (accounts)" };

static void
page_year(struct pg *p, const char *name, int year)
{
	MDB_txn			*txn;
	struct ov_find		 f;
	struct ov_input		 in;
	struct ov_report	 rep;
	struct village		 v;
	const struct ov_row	*t;
	char			 b[64], m[MONEY_BUF + 4];
	size_t			 i;
	int			 rc;

	memset(&in, 0, sizeof(in));
	memset(&rep, 0, sizeof(rep));
	memset(&f, 0, sizeof(f));
	f.name = name;
	if (rd(&txn) != 0) {
		server_error(p);
		return;
	}
	memset(&v, 0, sizeof(v));
	if (store_each(txn, W.d.store.villages, &schema_village, &v, ov_find_village, &f) != 0) {
		mdb_txn_abort(txn);
		server_error(p);
		return;
	}
	if (!f.found) {
		mdb_txn_abort(txn);
		ov_not_found(p, name, year, 0);
		return;
	}
	rc = ov_load(txn, &f.v, year, &in);
	mdb_txn_abort(txn);
	if (rc != 0 || ov_compute(&in, &rep) != 0) {
		server_error(p);
		goto done;
	}
	t = &rep.total;
	if (t->rounds == 0) {
		ov_not_found(p, f.v.name, year, 1);
		goto done;
	}
	snprintf(b, sizeof(b), T(p, "Jaaroverzicht %d", "Yearly overview %d"), year);
	page_begin(p, b, "");
	out(p, "<p class=\"kruimel\"><a href=\"/%s\">", p->lq);
	esc(p, f.v.name);
	out(p, "</a></p>\n<h1>%s: ", b);
	esc(p, f.v.name);
	out(p, "</h1>\n<p>%s</p>\n", T(p, "Een stemronde telt mee in het jaar waarin de stemming "
	    "sloot. Dezelfde cijfers geeft <code>dorpsstem overview</code>.", "A round counts in "
	    "the year in which its voting closed. <code>dorpsstem overview</code> gives the same "
	    "figures."));

	out(p, "<h2>%s</h2>\n<table class=\"cijfers\"><caption>%s</caption>\n<thead><tr>"
	    "<th scope=\"col\"></th><th scope=\"col\" class=\"num\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>\n",
	    T(p, "Geld en plannen", "Money and plans"),
	    T(p, "Wat er dit jaar gevraagd, besloten en gekozen is", "What was asked for, "
	    "decided and chosen this year"), T(p, "aantal", "number"), T(p, "bedrag", "amount"));
	out(p, "<tr><th scope=\"row\">%s</th>", T(p, "Stemrondes en budget", "Rounds and budget"));
	fig_count(p, "rounds", t->rounds);
	fig_money(p, "budget", t->budget);
	out(p, "</tr>\n");
	{
		static const char *const keys[] = { "requested", "admitted", "rejected",
		    "withdrawn", "funded" };
		const struct ov_count *c[] = { &t->requested, &t->admitted, &t->rejected,
		    &t->withdrawn, &t->funded };
		const char *nl[] = { "Ingediend", "Toegelaten tot de stemming", "Afgewezen",
		    "Ingetrokken", "Gekozen (gefinancierd)" };
		const char *en[] = { "Submitted", "Admitted to the vote", "Rejected", "Withdrawn",
		    "Chosen (funded)" };
		char key[48];
		for (i = 0; i < 5; i++) {
			out(p, "<tr><th scope=\"row\">%s</th>", T(p, nl[i], en[i]));
			snprintf(key, sizeof(key), "%s.count", keys[i]);
			fig_count(p, key, c[i]->n);
			snprintf(key, sizeof(key), "%s.amount", keys[i]);
			fig_money(p, key, c[i]->amount);
			out(p, "</tr>\n");
		}
	}
	out(p, "</tbody></table>\n");
	{
		const char *lb[] = { T(p, "budget", "budget"), T(p, "aangevraagd", "requested"),
		    T(p, "toegelaten", "admitted"), T(p, "gekozen", "funded"),
		    T(p, "uitgegeven", "spent") };
		int64_t vals[] = { (int64_t)t->budget, (int64_t)t->requested.amount,
		    (int64_t)t->admitted.amount, (int64_t)t->funded.amount,
		    t->spending.recorded ? (int64_t)t->spending.spent : -1 };
		svg_bars(p, "grafiek-geld", T(p, "Geld dit jaar: budget, aangevraagd, toegelaten, gekozen en "
		    "uitgegeven", "Money this year: budget, requested, admitted, funded and spent"),
		    lb, vals, 5, 0);
	}

	out(p, "<h2>%s</h2>\n<table class=\"cijfers\"><tbody>\n", T(p, "Opkomst", "Turnout"));
	out(p, "<tr><th scope=\"row\">%s</th>", T(p, "Stemmen", "Votes"));
	fig_count(p, "ballots", t->ballots);
	out(p, "</tr>\n<tr><th scope=\"row\">%s</th>", T(p, "Uitgegeven stemkaarten",
	    "Voting cards issued"));
	fig_count(p, "cards", t->cards);
	out(p, "</tr>\n<tr><th scope=\"row\">%s</th>", T(p, "Opkomst (stemmen per kaart)",
	    "Turnout (votes per card)"));
	fig_bp(p, "turnout_cards_bp", ov_bp(t->ballots, t->cards));
	out(p, "</tr>\n<tr><th scope=\"row\">%s</th>", T(p, "Inwoners", "Inhabitants"));
	if (t->inhabitants)
		fig_count(p, "inhabitants", t->inhabitants);
	else
		out(p, "<td class=\"num\" data-ov=\"inhabitants\" data-v=\"\">%s</td>",
		    T(p, "niet opgegeven", "not given"));
	out(p, "</tr>\n<tr><th scope=\"row\">%s</th>", T(p, "Opkomst (stemmen per inwoner)",
	    "Turnout (votes per inhabitant)"));
	fig_bp(p, "turnout_inhabitants_bp", t->inhabitants ? ov_bp(t->ballots_inh,
	    t->inhabitants) : -1);
	out(p, "</tr>\n</tbody></table>\n");
	if (rep.nyears > 0) {
		const char **lb = calloc(rep.nyears, sizeof(*lb));
		int64_t *vals = calloc(rep.nyears, sizeof(*vals));
		char (*yb)[8] = calloc(rep.nyears, sizeof(*yb));
		if (lb && vals && yb) {
			for (i = 0; i < rep.nyears; i++) {
				snprintf(yb[i], sizeof(yb[i]), "%d", rep.years[i].year);
				lb[i] = yb[i];
				vals[i] = ov_bp(rep.years[i].ballots, rep.years[i].cards);
			}
			out(p, "<h3>%s</h3>\n", T(p, "Opkomst door de jaren (stemmen per kaart)",
			    "Turnout over the years (votes per card)"));
			svg_bars(p, "grafiek-opkomst", T(p, "Opkomst per jaar, stemmen per uitgegeven kaart",
			    "Turnout per year, votes per card issued"), lb, vals, rep.nyears, 1);
		}
		free(lb);
		free(vals);
		free(yb);
	}

	out(p, "<h2>%s</h2>\n", T(p, "Toekenning en verantwoording", "Grants and accounts"));
	if (t->spending.recorded) {
		static const char *const keys[] = { "spending.granted", "spending.paid",
		    "spending.spent", "spending.returned", "spending.outstanding" };
		const uint64_t vals[] = { t->spending.granted, t->spending.paid, t->spending.spent,
		    t->spending.returned, t->spending.outstanding };
		const char *nl[] = { "Toegekend", "Betaald", "Uitgegeven (verantwoord)",
		    "Terugbetaald", "Nog te betalen" };
		const char *en[] = { "Granted", "Paid", "Spent (accounted for)", "Returned",
		    "Still to be paid" };
		out(p, "<table class=\"cijfers\"><tbody>\n");
		for (i = 0; i < 5; i++) {
			out(p, "<tr><th scope=\"row\">%s</th>", T(p, nl[i], en[i]));
			fig_money(p, keys[i], vals[i]);
			out(p, "</tr>\n");
		}
		out(p, "<tr><th scope=\"row\">%s</th>", T(p, "Plannen te laat met hun "
		    "verantwoording", "Plans late with their accounts"));
		fig_count(p, "spending.overdue", t->spending.overdue);
		out(p, "</tr>\n</tbody></table>\n");
	} else
		out(p, "<p>%s</p>\n", T(p, "Nog niet bekend: van een stemronde van dit jaar "
		    "kloppen de boeken niet, of ze zijn er nog niet (zie de voortgang van de ronde).",
		    "Not known yet: the books of a round of this year do not add up, or are not "
		    "there yet (see the round's progress)."));

	out(p, "<h2>%s</h2>\n", T(p, "Voorwaarden waaraan het vaakst niet werd voldaan",
	    "Conditions most often not met"));
	if (t->nfails == 0)
		out(p, "<p>%s</p>\n", T(p, "Geen: er is dit jaar geen plan afgewezen op een "
		    "voorwaarde.", "None: no plan was rejected on a condition this year."));
	else {
		out(p, "<table class=\"cijfers\"><thead><tr><th scope=\"col\" class=\"num\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		    T(p, "keer", "times"), T(p, "voorwaarde", "condition"), T(p, "tekst", "text"));
		for (i = 0; i < t->nfails && i < OV_TOP_FAILS; i++) {
			const struct ov_fail *fl = &t->fails[i];
			const char *txt = "";
			size_t j;
			for (j = 0; j < in.nconds; j++)
				if (in.conds[j].village == fl->village &&
				    in.conds[j].version == fl->version && fl->nr >= 1 &&
				    fl->nr <= in.conds[j].n)
					txt = in.conds[j].text[fl->nr - 1];
			out(p, "<tr>");
			fig_count(p, "failed_conditions.count", fl->count);
			out(p, "<td>%u <span class=\"muted\">(%s %u)</span></td><td>", fl->nr,
			    T(p, "versie", "version"), fl->version);
			esc(p, txt);
			out(p, "</td></tr>\n");
		}
		out(p, "</tbody></table>\n");
	}

	out(p, "<h2>%s</h2>\n<table class=\"cijfers\"><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>\n",
	    T(p, "Plannen per soort", "Plans by category"), T(p, "soort", "category"),
	    T(p, "aangevraagd", "requested"), T(p, "toegelaten", "admitted"),
	    T(p, "gekozen", "funded"));
	for (i = 0; i < t->ncats; i++) {
		const struct ov_cat *c = &t->cats[i];
		const struct ov_count *cs[] = { &c->requested, &c->admitted, &c->funded };
		static const char *const keys[] = { "categories.requested",
		    "categories.admitted", "categories.funded" };
		size_t j;
		out(p, "<tr><td>");
		if (*c->name)
			esc(p, c->name);
		else
			out(p, "%s", T(p, "(geen soort)", "(none)"));
		out(p, "</td>");
		for (j = 0; j < 3; j++) {
			snprintf(b, sizeof(b), "%s (%u)", money_nb(p, m, sizeof(m),
			    cs[j]->amount), cs[j]->n);
			fig(p, keys[j], (long long)cs[j]->amount, b);
		}
		out(p, "</tr>\n");
	}
	out(p, "</tbody></table>\n");

	out(p, "<h2>%s</h2>\n<table class=\"cijfers\"><thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\" class=\"num\">%s %d</th><th scope=\"col\" class=\"num\">%s %d</th>"
	    "</tr></thead><tbody>\n", T(p, "Kengetallen: vorig jaar en dit jaar",
	    "Indicators: last year and this year"), T(p, "kengetal", "indicator"),
	    T(p, "behaald", "achieved"), year - 1, T(p, "behaald", "achieved"), year);
	for (i = 0; i < ov_nindicators && i < sizeof(ind_nl) / sizeof(ind_nl[0]); i++) {
		int64_t pv = ov_ind_value(&rep.prev, i), tv = ov_ind_value(&rep.total, i);
		char key[64];
		out(p, "<tr><th scope=\"row\">%s</th>", T(p, ind_nl[i], ind_en[i]));
		for (int k = 0; k < 2; k++) {
			int64_t x = k ? tv : pv;
			snprintf(key, sizeof(key), "indicators.%s.%s", ov_indicators[i].key,
			    k ? "this" : "previous");
			if (x < 0)
				out(p, "<td class=\"num\" data-ov=\"%s\" data-v=\"\">—</td>", key);
			else if (ov_indicators[i].kind == OV_MONEY)
				fig_money(p, key, (uint64_t)x);
			else if (ov_indicators[i].kind == OV_BP)
				fig_bp(p, key, x);
			else
				fig_count(p, key, (uint64_t)x);
		}
		out(p, "</tr>\n");
	}
	out(p, "</tbody></table>\n");

	out(p, "<h2>%s</h2>\n<ul>\n", T(p, "De stemrondes van dit jaar", "This year's rounds"));
	for (i = 0; i < in.nrounds; i++) {
		struct round r;
		MDB_txn *t2;
		if (in.rounds[i].year != year || rd(&t2) != 0)
			continue;
		memset(&r, 0, sizeof(r));
		if (store_get_id(t2, W.d.store.rounds, in.rounds[i].id, &schema_round, &r) == 0) {
			out(p, "<li><a href=\"/ronde/%u%s\">", r.id, p->lq);
			esc(p, r.name);
			out(p, "</a></li>\n");
			wire_free(&schema_round, &r);
		}
		mdb_txn_abort(t2);
	}
	out(p, "</ul>\n");
	page_end(p);
	send_page(p, HTTP_OK, "OK");
done:
	ov_report_free(&rep);
	ov_input_free(&in);
	wire_free(&schema_village, &f.v);
}

/* /dorp/NAAM/JAAR: NAAM percent-encoded, JAAR four digits. */
static void
route_year(struct pg *p, const char *path)
{
	const char	*rest = path + 6, *slash = strrchr(path, '/');
	char		*enc, *name;
	size_t		 len = 0;
	int		 year;

	if (slash == NULL || slash <= rest || strlen(slash + 1) != 4 ||
	    strspn(slash + 1, "0123456789") != 4 || (year = atoi(slash + 1)) < 1970) {
		not_found(p);
		return;
	}
	if ((enc = strndup(rest, (size_t)(slash - rest))) == NULL) {
		server_error(p);
		return;
	}
	name = evhttp_uridecode(enc, 0, &len);
	free(enc);
	if (name == NULL || len != strlen(name) || len == 0 || len > NAME_MAX_BYTES)
		not_found(p);
	else
		page_year(p, name, year);
	free(name);
}

/* A link to /dorp/NAAM/JAAR (the name percent-encoded, then HTML-escaped). */
static void
year_link(struct pg *p, const char *name, int year, const char *text)
{
	char *enc = evhttp_uriencode(name, -1, 0);

	if (enc == NULL)
		return;
	out(p, "<a href=\"/dorp/");
	esc(p, enc);
	out(p, "/%d%s\">%s", year, p->lq, text);
	free(enc);
}

/* The resident's address: the peer, or — only when the peer is the configured proxy —
 * the last address in its X-Forwarded-For (the one the proxy itself added). */
static void
client_addr(struct evhttp_request *req, char *out, size_t n)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	const char	*xff, *last;
	char		*host = NULL, buf[INET6_ADDRSTRLEN];
	unsigned char	 a[sizeof(struct in6_addr)];
	ev_uint16_t	 port;
	size_t		 len;

	evhttp_connection_get_peer(evcon, &host, &port);
	snprintf(out, n, "%s", host ? host : "");
	if (W.cf->web_proxy == NULL || host == NULL || strcmp(host, W.cf->web_proxy) != 0)
		return;
	if ((xff = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "X-Forwarded-For")) == NULL)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	len = strcspn(last, " ");
	if (len == 0 || len >= sizeof(buf))
		return;
	memcpy(buf, last, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1 || inet_pton(AF_INET6, buf, a) == 1)
		snprintf(out, n, "%s", buf);
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct pg	 p;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char	*path = evhttp_uri_get_path(uri), *query = evhttp_uri_get_query(uri);
	struct evkeyvalq *oh = evhttp_request_get_output_headers(req);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	char		 rest[64];
	unsigned	 id;
	int		 n = 0, post = cmd == EVHTTP_REQ_POST;

	(void)arg;
	track_done(req);
	memset(&p, 0, sizeof(p));
	p.req = req;
	if ((p.b = evbuffer_new()) == NULL) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	if (query && (strstr(query, "taal=en") != NULL))
		p.en = 1;
	p.lq = p.en ? "?taal=en" : "";
	client_addr(req, p.addr, sizeof(p.addr));
	evhttp_add_header(oh, "Content-Security-Policy", "default-src 'none'; style-src 'self'; "
	    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	evhttp_add_header(oh, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(oh, "Referrer-Policy", "no-referrer");
	evhttp_add_header(oh, "X-Frame-Options", "DENY");
	evhttp_add_header(oh, "Permissions-Policy", "interest-cohort=()");
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD && cmd != EVHTTP_REQ_POST) {
		evhttp_add_header(oh, "Allow", "GET, HEAD, POST");
		evhttp_send_error(req, 405, "Method Not Allowed");
		goto done;
	}
	if (path == NULL || path[0] != '/' || strlen(path) > 200)
		path = "/";
	p.path = path;
	if (strcmp(path, "/stijl.css") == 0 && !post) {
		evhttp_add_header(oh, "Content-Type", "text/css; charset=utf-8");
		evhttp_add_header(oh, "Cache-Control", "max-age=3600");
		evbuffer_add_reference(p.b, W.css, W.csslen, NULL, NULL);
		evhttp_send_reply(req, HTTP_OK, "OK", p.b);
		goto done;
	}
	if (strcmp(path, "/favicon.ico") == 0 && !post) {
		/* No icon (and no 404 in every browser's console). */
		evhttp_add_header(oh, "Cache-Control", "max-age=86400");
		evhttp_send_reply(req, 204, "No Content", NULL);
		goto done;
	}
	if (post && strcmp(path, "/aanvraag") != 0 &&
	    evbuffer_get_length(evhttp_request_get_input_buffer(req)) > WEB_MAX_BODY) {
		evhttp_send_error(req, 413, "Request Entity Too Large");
		goto done;
	}
	if (strcmp(path, "/") == 0 && !post) {
		page_index(&p);
		goto done;
	}
	if (strcmp(path, "/aanvraag") == 0) {
		page_aanvraag(&p, post, query);
		goto done;
	}
	if (strcmp(path, "/privacy") == 0 && !post) {
		page_privacy(&p);
		goto done;
	}
	rest[0] = '\0';
	if (strlen(path) < 48 && (sscanf(path, "/ronde/%u%n", &id, &n) == 1) && id > 0 &&
	    id <= UINT32_MAX && path[n] == '\0' && !post && isdigit((unsigned char)path[7])) {
		page_round(&p, (uint32_t)id);
		goto done;
	}
	if (strlen(path) < 48 && sscanf(path, "/ronde/%u/%63s", &id, rest) == 2 &&
	    isdigit((unsigned char)path[7])) {
		if (strcmp(rest, "stembewijs") == 0) {
			page_receipt(&p, (uint32_t)id, post);
			goto done;
		}
		if (strcmp(rest, "kaart") == 0) {
			page_card(&p, (uint32_t)id, post);
			goto done;
		}
		if (strcmp(rest, "voortgang") == 0 && !post) {
			page_progress(&p, (uint32_t)id);
			goto done;
		}
		if (strcmp(rest, "controle") == 0 && !post) {
			page_audit(&p, (uint32_t)id);
			goto done;
		}
		if (strncmp(rest, "controle/", 9) == 0 && !post) {
			bundle_file(&p, (uint32_t)id, rest + 9);
			goto done;
		}
	}
	if (strncmp(path, "/dorp/", 6) == 0 && !post) {
		route_year(&p, path);
		goto done;
	}
	not_found(&p);
done:
	evbuffer_free(p.b);
}

/* ---- the process ------------------------------------------------------------------------- */

static void
on_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	event_base_loopexit(W.base, NULL);
}

static void
drop_to(const char *user)
{
	struct passwd *pw;

	if (geteuid() != 0) {
		log_info("web: not started as root; running as uid %d", (int)geteuid());
		return;
	}
	if ((pw = getpwnam(user)) == NULL)
		fatalx("web: user %s does not exist", user);
	if (pw->pw_uid == 0)
		fatalx("web: refusing to run the web site as root");
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatal("web: cannot drop privileges to %s", user);
	if (chdir("/") == -1)
		fatal("web: chdir");
}

void
web_main(struct config *cf, const char *pkhex, int debug)
{
	struct evhttp_bound_socket *bs;
	struct event	*ev_term, *ev_int;
	char		*css;
	size_t		 i;
	int		 rc, need_hello = 0;

	log_init(debug, cf->log_level);
	if (cf->web_host == NULL)
		fatalx("web: no \"listen web on\" in the configuration");
	if (hex_decode(pkhex, W.daemon_pk, KEY_BYTES) != 0)
		fatalx("web: bad daemon key");
	W.cf = cf;
	W.d.conf = *cf;
	{
		/* The channel to the daemon (web_spawn.c), if we were started with one. */
		struct stat cst;
		int dom = 0;
		socklen_t dl = sizeof(dom);
		if (fstat(WEB_CHANNEL_FD, &cst) == 0 && S_ISSOCK(cst.st_mode) &&
		    getsockopt(WEB_CHANNEL_FD, SOL_SOCKET, SO_DOMAIN, &dom, &dl) == 0 &&
		    dom == AF_UNIX) {
			chan_fd = WEB_CHANNEL_FD;
			(void)fcntl(chan_fd, F_SETFD, FD_CLOEXEC);
			need_hello = 1;
		} else
			log_warnx("web: no channel to the daemon: /aanvraag cannot hand in");
	}
	randombytes_buf(W.hashkey, sizeof(W.hashkey));
	if ((rc = store_ro_open(&W.d.store, cf->datadir)) != 0)
		fatalx("web: cannot open the store in %s read-only: %s", cf->datadir,
		    mdb_strerror(rc));
	/* The stylesheet and its bar widths .w0 … .w100. */
	if ((css = malloc(web_css_len() + 101 * 24)) == NULL)
		fatalx("web: out of memory");
	memcpy(css, web_css, web_css_len());
	W.csslen = web_css_len();
	for (i = 0; i <= 100; i++)
		W.csslen += (size_t)sprintf(css + W.csslen, ".w%zu{width:%zu%%}\n", i, i);
	W.css = css;
	if ((W.base = event_base_new()) == NULL || (W.http = evhttp_new(W.base)) == NULL)
		fatalx("web: cannot create the event loop");
	evhttp_set_max_headers_size(W.http, WEB_MAX_HEADERS);
	evhttp_set_max_body_size(W.http, WEB_MAX_FORM);	/* the others: WEB_MAX_BODY */
	evhttp_set_timeout(W.http, WEB_TIMEOUT);
	evhttp_set_allowed_methods(W.http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST);
	evhttp_set_gencb(W.http, on_request, NULL);
	evhttp_set_bevcb(W.http, on_newbev, NULL);
	{
		struct timeval one = { 1, 0 };
		if ((ev_sweep = event_new(W.base, -1, EV_PERSIST, on_sweep, NULL)) == NULL ||
		    event_add(ev_sweep, &one) != 0)
			fatalx("web: cannot start the connection sweep");
	}
	if ((bs = evhttp_bind_socket_with_handle(W.http, strcmp(cf->web_host, "*") == 0 ?
	    "0.0.0.0" : cf->web_host, (ev_uint16_t)atoi(cf->web_port))) == NULL)
		fatalx("web: cannot listen on %s port %s", cf->web_host, cf->web_port);
	W_listener = evhttp_bound_socket_get_listener(bs);
	if ((W_resume = evtimer_new(W.base, on_resume, NULL)) == NULL)
		fatalx("web: out of memory");
	evconnlistener_set_error_cb(W_listener, on_accept_error);
	{
		/* The connection cap: descriptors beyond it make accept() fail. */
		struct rlimit rl = { WEB_MAX_CONNS + 32, WEB_MAX_CONNS + 32 };
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("web: setrlimit");
	}
	drop_to(cf->web_user ? cf->web_user : "nobody");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		log_warn("web: PR_SET_NO_NEW_PRIVS");
	/* Go when the daemon goes (set after the uid change, which clears it). */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		fatalx("web: the daemon is gone");
	ev_term = evsignal_new(W.base, SIGTERM, on_stop, NULL);
	ev_int = evsignal_new(W.base, SIGINT, on_stop, NULL);
	if (!ev_term || !ev_int || evsignal_add(ev_term, NULL) || evsignal_add(ev_int, NULL))
		fatalx("web: cannot set up signals");
	signal(SIGPIPE, SIG_IGN);
	if (need_hello && chan_hello() != 0)
		fatalx("web: the daemon did not answer on the channel");
	log_info("web site on %s port %s (read-only store, uid %d)", cf->web_host, cf->web_port,
	    (int)getuid());
	event_base_dispatch(W.base);
	evhttp_free(W.http);
	event_free(ev_term);
	event_free(ev_int);
	event_base_free(W.base);
	mdb_env_close(W.d.store.env);
	free(W.css);
	exit(0);
}
