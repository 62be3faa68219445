/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_spending.c — toekenning en verantwoording (issue 13): `dorpsstem spending due|pay|
 * add|overspend|close|list|show`. Every change is an organiser-signed event in the
 * round's ledger after its result; the books (proto/spending.h) are folded from the
 * round's public events, the same fold the daemon and `audit verify` use. docs/cli.md
 * "Toekenning en verantwoording", docs/audit.md §11.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"
#include "money.h"
#include "msg.h"
#include "roundnr.h"
#include "spending.h"

/* "2027-03-15" or "15-03-2027" → 20270315. 0, or -1 after saying why. */
static int
parse_date(const char *s, uint32_t *out)
{
	unsigned	a, b, y;
	char		tail;

	if (s == NULL)
		return cli_fail(_("a date is needed (--date YYYY-MM-DD)")), -1;
	if (sscanf(s, "%4u-%2u-%2u%c", &y, &a, &b, &tail) == 3 && strlen(s) == 10)
		*out = y * 10000 + a * 100 + b;
	else if (sscanf(s, "%2u-%2u-%4u%c", &b, &a, &y, &tail) == 3 && strlen(s) == 10)
		*out = y * 10000 + a * 100 + b;
	else
		*out = 0;
	if (!spend_date_ok(*out))
		return cli_fail(_("date %s: write it as YYYY-MM-DD or DD-MM-YYYY, like 2027-03-15"),
		    s), -1;
	return 0;
}

static char *
date_text(char buf[16], uint32_t d)
{
	if (d == 0)
		snprintf(buf, 16, "-");
	else
		snprintf(buf, 16, "%04u-%02u-%02u", d / 10000, d / 100 % 100, d % 100);
	return buf;
}

/* A date for people, as their language writes it: 2027-03-15 in English, 15-03-2027 in
 * Dutch (the order the Dutch --date input accepts too); "-" for none. JSON keeps
 * date_text's YYYY-MM-DD. */
static char *
date_show(char buf[16], uint32_t d)
{
	if (d == 0)
		snprintf(buf, 16, "-");
	else
		/* TRANSLATORS: a date; the arguments are the year, the month and the day.
		 * Reorder them with %3$…, %2$…, %1$… (Dutch: day-month-year). */
		snprintf(buf, 16, _("%1$04u-%2$02u-%3$02u"), d / 10000, d / 100 % 100, d % 100);
	return buf;
}

/*
 * "Overdue" is judged on a calendar date: the one given with --date (spending list,
 * spending show, and overview through spending_date_option), else today in the local
 * time of the computer dorpsstem runs on. Not the daemon's clock: the daemon stamps the
 * events, but whether accounts are late is a question asked on a day, and the person
 * asking names that day (docs/cli.md "Which day decides what is overdue").
 */
static uint32_t spending_asof;

uint32_t
spending_today(void)
{
	time_t		now = time(NULL);
	struct tm	tm;

	if (spending_asof)
		return spending_asof;
	localtime_r(&now, &tm);
	return (uint32_t)(tm.tm_year + 1900) * 10000 + (uint32_t)(tm.tm_mon + 1) * 100 +
	    (uint32_t)tm.tm_mday;
}

int
spending_date_option(const char *s)
{
	uint32_t d;

	if (parse_date(s, &d) == -1)
		return -1;
	spending_asof = d;
	return 0;
}

static int
parse_amount(const char *opt, const char *s, uint64_t *cents)
{
	const char *why;

	if (s == NULL)
		return cli_fail(_("%s is needed"), opt), -1;
	if (money_parse(s, cents, &why) == -1)
		return cli_fail("%s %s: %s", opt, s, why), -1;
	if (*cents == 0)
		return cli_fail(_("%s must be more than € 0"), opt), -1;
	return 0;
}

/* A round's books from its public events; the events are handed back too. 0, or -1. */
static int
books_of(struct cli *c, uint32_t round, struct spend_book *b, struct event **ev, size_t *n)
{
	char	why[300];
	size_t	i;

	spend_init(b, round);
	if (round_events(c, round, ev, n) == -1)
		return -1;
	for (i = 0; i < *n; i++)
		if (spend_event(b, &(*ev)[i], why, sizeof(why)) != 0) {
			cli_fail(_("round %" PRIu32 ", event %" PRIu64 ": %s"), round, (*ev)[i].seq,
			    why);
			round_events_free(*ev, *n);
			spend_free(b);
			return -1;
		}
	if (!b->have_result) {
		round_events_free(*ev, *n);
		spend_free(b);
		return cli_fail(_("round %" PRIu32 " has no result yet: spending is recorded after "
		    "the count"), round), -1;
	}
	return 0;
}

/* An initiative named ROUND/NR (the books are per round). 0, or -1 after saying why. */
static int
resolve_rn(struct cli *c, const char *arg, uint32_t *id, uint32_t *round, uint32_t *nr)
{
	if (initiative_resolve(c, arg, id, round, nr) == -1)
		return -1;
	if (*round == 0)
		return cli_fail(_("initiative %s: write it as ROUND/NUMBER, like 5/3"), arg), -1;
	return 0;
}

/* The books' item of an initiative named ROUND/NR; -1 after saying why. */
static int
item_of(struct cli *c, const char *arg, uint32_t *id, uint32_t *round, uint32_t *nr,
    struct spend_book *b, struct spend_item **it)
{
	struct event	*ev;
	size_t		 n;

	if (resolve_rn(c, arg, id, round, nr) == -1)
		return -1;
	if (books_of(c, *round, b, &ev, &n) == -1)
		return -1;
	round_events_free(ev, n);
	if ((*it = spend_find(b, *id)) == NULL) {
		spend_free(b);
		return cli_fail(_("initiative %" PRIu32 "/%" PRIu32 " was not funded: it has no "
		    "grant"), *round, *nr), -1;
	}
	if ((*it)->closed) {
		spend_free(b);
		return cli_fail(_("the accounts of initiative %" PRIu32 "/%" PRIu32 " were closed: "
		    "nothing is recorded after the close"), *round, *nr), -1;
	}
	return 0;
}

/* Before a change: the initiative ROUND/NR is funded and its accounts are open (so the
 * person reads of it by its number, not the daemon's id). 0, or -1 after saying why. */
static int
open_account(struct cli *c, const char *arg, uint32_t *id, uint32_t *round, uint32_t *nr)
{
	struct spend_book	 b;
	struct spend_item	*it;

	if (item_of(c, arg, id, round, nr, &b, &it) == -1)
		return -1;
	spend_free(&b);
	return 0;
}

static void
spending_done(struct cli *c, const char *what, uint32_t round, uint32_t nr,
    const struct done *d)
{
	if (c->json)
		printf("{\"id\":%" PRIu32 ",\"event\":%" PRIu64 ",\"round\":%" PRIu32 ",\"nr\":%"
		    PRIu32 "}\n", d->id, d->event, round, nr);
	else
		/* TRANSLATORS: "initiative 5/3: payment recorded (event 42)". */
		printf(_("initiative %" PRIu32 "/%" PRIu32 ": %s (event %" PRIu64 ")\n"), round, nr,
		    what, d->event);
}

int
cmd_spending_due(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--date", 1, NULL } };
	struct spending_due	 q;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], db[16];
	const char		*why;
	size_t			 npos;

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &q.round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (parse_date(o[0].val, &q.date) == -1)
		return 1;
	if (cli_request(c, MSG_SPENDING_DUE, &q, &d) == -1)
		return 1;
	if (c->json)
		printf("{\"round\":%" PRIu32 ",\"due\":\"%s\",\"event\":%" PRIu64 "}\n", q.round,
		    date_text(db, q.date), d.event);
	else
		printf(_("round %" PRIu32 ": the accounts are due on %s (event %" PRIu64 ")\n"),
		    q.round, date_show(db, q.date), d.event);
	return 0;
}

int
cmd_spending_pay(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--amount", 1, NULL }, { "--date", 1, NULL } };
	struct spending_pay	 q;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t			 npos;
	uint32_t		 round, nr;

	if (cli_args(argc, argv, o, 2, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&q, 0, sizeof(q));
	if (parse_amount("--amount", o[0].val, &q.amount) == -1 ||
	    parse_date(o[1].val, &q.date) == -1 ||
	    open_account(c, pos[0], &q.initiative, &round, &nr) == -1)
		return 1;
	if (cli_request(c, MSG_SPENDING_PAY, &q, &d) == -1)
		return 1;
	spending_done(c, _("payment recorded"), round, nr, &d);
	return 0;
}

/* Sends a document to the daemon; its SHA-256 into hash. 0, or -1 after saying why. */
static int
document_send(struct cli *c, const char *path, uint32_t round, uint8_t hash[HASH_BYTES])
{
	struct document_put	 q;
	struct done		 d;
	struct stat		 st;
	uint8_t			*p;
	FILE			*f;
	size_t			 k;

	if ((f = fopen(path, "rb")) == NULL)
		return cli_fail("%s: %s", path, strerror(errno)), -1;
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return cli_fail(_("%s: not a regular file"), path), -1;
	}
	if (st.st_size <= 0 || (uint64_t)st.st_size > DOCUMENT_MAX_BYTES) {
		fclose(f);
		return cli_fail(_("%s: a document must hold 1 byte to %u KiB"), path,
		    DOCUMENT_MAX_BYTES / 1024), -1;
	}
	if ((p = malloc((size_t)st.st_size)) == NULL) {
		fclose(f);
		return cli_fail(_("out of memory")), -1;
	}
	k = fread(p, 1, (size_t)st.st_size, f);
	fclose(f);
	if (k != (size_t)st.st_size) {
		free(p);
		return cli_fail(_("%s: cannot read it"), path), -1;
	}
	crypto_hash_sha256(hash, p, k);
	q.round = round;
	q.data.p = p;
	q.data.len = (uint32_t)k;
	k = (size_t)cli_request(c, MSG_DOCUMENT_PUT, &q, &d);
	free(p);
	return k == 0 ? 0 : -1;
}

int
cmd_spending_add(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--amount", 1, NULL }, { "--date", 1, NULL },
				    { "--what", 1, NULL }, { "--line", 1, NULL },
				    { "--document", 1, NULL } };
	struct spending_add	 q;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], hex[2 * HASH_BYTES + 1];
	const char		*why;
	size_t			 npos;
	uint32_t		 round, nr;

	if (cli_args(argc, argv, o, 5, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&q, 0, sizeof(q));
	if (o[2].val == NULL)
		return cli_fail(_("--what is needed: what the money was spent on"));
	q.what = o[2].val;
	if (o[3].val && parse_id(o[3].val, &q.line, &why) == -1)
		return cli_fail("--line %s: %s", o[3].val, why);
	if (parse_amount("--amount", o[0].val, &q.amount) == -1 ||
	    parse_date(o[1].val, &q.date) == -1 ||
	    open_account(c, pos[0], &q.initiative, &round, &nr) == -1)
		return 1;
	if (o[4].val && document_send(c, o[4].val, round, q.document) == -1)
		return 1;
	if (cli_request(c, MSG_SPENDING_ADD, &q, &d) == -1)
		return 1;
	if (o[4].val && !c->json) {
		hex_encode(q.document, HASH_BYTES, hex);
		printf(_("document %s: SHA-256 %s\n"), o[4].val, hex);
	}
	spending_done(c, _("accounting line recorded"), round, nr, &d);
	return 0;
}

int
cmd_spending_overspend(struct cli *c, int argc, char *argv[])
{
	struct cli_opt			 o[] = { { "--amount", 1, NULL }, { "--reason", 1, NULL } };
	struct spending_overspend	 q;
	struct done			 d;
	char				*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t				 npos;
	uint32_t			 round, nr;

	if (cli_args(argc, argv, o, 2, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&q, 0, sizeof(q));
	if (o[1].val == NULL)
		return cli_fail(_("--reason is needed: why more than the grant may be paid"));
	q.reason = o[1].val;
	if (parse_amount("--amount", o[0].val, &q.amount) == -1 ||
	    open_account(c, pos[0], &q.initiative, &round, &nr) == -1)
		return 1;
	if (cli_request(c, MSG_SPENDING_OVERSPEND, &q, &d) == -1)
		return 1;
	spending_done(c, _("overspend decision recorded"), round, nr, &d);
	return 0;
}

int
cmd_spending_close(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--summary", 1, NULL }, { "--returned", 1, NULL },
				    { "--achieved", 1, NULL }, { "--participants", 1, NULL } };
	struct spending_close	 q;
	struct spend_book	 b;
	struct spend_item	*it;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], m1[MONEY_BUF], m2[MONEY_BUF];
	const char		*why;
	uint64_t		 ret = 0;
	size_t			 npos;
	uint32_t		 round, nr;

	if (cli_args(argc, argv, o, 4, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&q, 0, sizeof(q));
	if (o[0].val == NULL)
		return cli_fail(_("--summary is needed: what was done with the money"));
	q.summary = o[0].val;
	q.achieved = o[2].val ? o[2].val : "";
	if (o[3].val && parse_count(o[3].val, &q.participants, &why) == -1)
		return cli_fail("--participants %s: %s", o[3].val, why);
	if (o[1].val && money_parse(o[1].val, &ret, &why) == -1)
		return cli_fail("--returned %s: %s", o[1].val, why);
	if (item_of(c, pos[0], &q.initiative, &round, &nr, &b, &it) == -1)
		return 1;
	/* The organiser signs the totals as the public ledger has them. */
	q.paid = it->paid;
	q.spent = it->spent;
	spend_free(&b);
	if (q.spent > q.paid)
		return cli_fail(_("initiative %" PRIu32 "/%" PRIu32 " spent %s but was paid %s: pay "
		    "the rest first (above the grant only with an overspend decision)"), round, nr,
		    money_format(m1, sizeof(m1), q.spent), money_format(m2, sizeof(m2), q.paid));
	q.returned = q.paid - q.spent;
	if (o[1].val && ret != q.returned)
		return cli_fail(_("--returned %s: paid %s − spent %s leaves %s to return"),
		    o[1].val, money_format(m1, sizeof(m1), q.paid), money_format(m2, sizeof(m2),
		    q.spent), money_format(err, sizeof(err), q.returned));
	if (cli_request(c, MSG_SPENDING_CLOSE, &q, &d) == -1)
		return 1;
	if (!c->json)
		printf(_("paid %s, spent %s, returned %s\n"), money_format(m1, sizeof(m1), q.paid),
		    money_format(m2, sizeof(m2), q.spent), money_format(err, sizeof(err),
		    q.returned));
	spending_done(c, _("accounts closed"), round, nr, &d);
	return 0;
}

/* ---- reading the books ---------------------------------------------------------------- */

/* s in a column of width terminal columns (UTF-8 aware: "€" is one), right-aligned or
 * left-aligned and cut to fit. */
static void
cell(const char *s, size_t width, int right)
{
	size_t w = text_width(s), i;

	if (right)
		for (i = w; i < width; i++)
			putchar(' ');
	if (w <= width || right)
		fputs(s, stdout);
	else {	/* cut at a code point boundary */
		const char *p = s;
		for (i = 0; *p && i < width; i++)
			for (p++; (*p & 0xc0) == 0x80; p++)
				;
		fwrite(s, 1, (size_t)(p - s), stdout);
		w = width;
	}
	if (!right)
		for (i = w; i < width; i++)
			putchar(' ');
}

static const struct initiative *
initiative_in(const struct initiative_list *il, uint32_t id)
{
	const struct initiative	*in = il->items.items;
	uint32_t		 i;

	for (i = 0; i < il->items.n; i++)
		if (in[i].id == id)
			return &in[i];
	return NULL;
}

static const char *
item_state(const struct spend_item *it, uint32_t due, uint32_t now)
{
	if (it->closed)
		return _("closed");
	if (due && now > due)
		return _("overdue");
	return _("open");
}

struct overdue {
	uint32_t	 round, nr, due;
	char		*title;
};

/* One round's table (text) or objects (JSON). Overdue items are added to od. */
static int
list_round(struct cli *c, const struct round *r, int *first, struct overdue **od, size_t *nod)
{
	struct spend_book	 b;
	struct event		*ev;
	struct initiative_list	 il;
	struct ref		 ref = { r->id };
	const struct initiative	*in;
	struct overdue		*p;
	char			 db[16], g[MONEY_BUF], pd[MONEY_BUF], sp[MONEY_BUF], rt[MONEY_BUF];
	uint32_t		 now = spending_today(), nr;
	size_t			 n, i;

	if (books_of(c, r->id, &b, &ev, &n) == -1)
		return -1;
	round_events_free(ev, n);
	if (cli_request(c, MSG_INITIATIVE_LIST, &ref, &il) == -1) {
		spend_free(&b);
		return -1;
	}
	if (!c->json) {
		/* TRANSLATORS: heading of a round in `spending list`: id, name, due date. */
		if (b.due)
			printf(_("Round %" PRIu32 " \"%s\": accounts due %s\n"), r->id, r->name,
			    date_show(db, b.due));
		else
			/* TRANSLATORS: heading of a round in `spending list` without a due date. */
			printf(_("Round %" PRIu32 " \"%s\": no due date for the accounts yet\n"),
			    r->id, r->name);
		fputs("  ", stdout);
		cell(_("NR"), 8, 0);
		putchar(' ');
		cell(_("initiative"), 24, 0);
		cell(_("granted"), 13, 1);
		cell(_("paid"), 13, 1);
		cell(_("spent"), 13, 1);
		cell(_("returned"), 13, 1);
		printf("  %s\n", _("state"));
	}
	for (i = 0; i < b.n; i++) {
		const struct spend_item *it = &b.v[i];
		in = initiative_in(&il, it->initiative);
		nr = initiative_nr(il.items.items, il.items.n, r->id, it->initiative);
		if (c->json) {
			printf("%s{\"round\":%" PRIu32 ",\"nr\":%" PRIu32 ",\"id\":%" PRIu32
			    ",\"title\":", *first ? "" : ",", r->id, nr, it->initiative);
			json_string(stdout, in ? in->title : "");
			printf(",\"granted\":%" PRIu64 ",\"paid\":%" PRIu64 ",\"spent\":%" PRIu64
			    ",\"returned\":%" PRIu64 ",\"overspend\":%" PRIu64 ",\"due\":\"%s\","
			    "\"state\":\"%s\"}", it->granted, it->paid, it->spent, it->returned,
			    it->overspend, b.due ? date_text(db, b.due) : "", it->closed ? "closed" :
			    b.due && now > b.due ? "overdue" : "open");
			*first = 0;
		} else {
			char label[32];
			snprintf(label, sizeof(label), "%" PRIu32 "/%" PRIu32, r->id, nr);
			fputs("  ", stdout);
			cell(label, 8, 0);
			putchar(' ');
			cell(in ? in->title : "?", 24, 0);
			cell(money_format(g, sizeof(g), it->granted), 13, 1);
			cell(money_format(pd, sizeof(pd), it->paid), 13, 1);
			cell(money_format(sp, sizeof(sp), it->spent), 13, 1);
			cell(money_format(rt, sizeof(rt), it->returned), 13, 1);
			printf("  %s\n", item_state(it, b.due, now));
		}
		if (!it->closed && b.due && now > b.due &&
		    (p = reallocarray(*od, *nod + 1, sizeof(**od))) != NULL) {
			*od = p;
			p[*nod].round = r->id;
			p[*nod].nr = nr;
			p[*nod].due = b.due;
			p[(*nod)++].title = strdup(in ? in->title : "?");
		}
	}
	if (!c->json && b.n == 0)
		printf(_("  (no funded initiatives)\n"));
	wire_free(&schema_initiative_list, &il);
	spend_free(&b);
	return 0;
}

int
cmd_spending_list(struct cli *c, int argc, char *argv[])
{
	struct round_filter	 f;
	struct round_list	 rl;
	const struct round	*r;
	struct overdue		*od = NULL;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], db[16];
	size_t			 npos, nod = 0, i, nt = 0;
	int			 first = 1, rc = 1;

	struct cli_opt		 o[] = { { "--date", 1, NULL } };

	if (cli_args(argc, argv, o, 1, pos, 0, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[0].val && spending_date_option(o[0].val) == -1)
		return 1;
	memset(&f, 0, sizeof(f));
	if (npos && village_resolve(c, pos[0], &f.village, NULL) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_LIST, &f, &rl) == -1)
		return 1;
	if (c->json)
		printf("{\"initiatives\":[");
	for (i = 0; i < rl.items.n; i++) {
		r = (const struct round *)rl.items.items + i;
		if (r->state != ROUND_TALLIED)
			continue;
		if (nt++ && !c->json)
			putchar('\n');
		if (list_round(c, r, &first, &od, &nod) == -1)
			goto out;
	}
	if (c->json) {
		printf("],\"date\":\"%s\",\"overdue\":[", date_text(db, spending_today()));
		for (i = 0; i < nod; i++)
			printf("%s{\"round\":%" PRIu32 ",\"nr\":%" PRIu32 ",\"due\":\"%s\"}",
			    i ? "," : "", od[i].round, od[i].nr, date_text(db, od[i].due));
		printf("]}\n");
	} else {
		if (nt == 0)
			printf(_("no counted rounds yet\n"));
		else if (nod == 0)
			printf(_("\nNo accounts overdue on %s.\n"), date_show(db, spending_today()));
		else {
			/* TRANSLATORS: %s is the day it is judged on, YYYY-MM-DD. */
			printf(_("\nOverdue on %s (the due date has passed, the accounts are not "
			    "closed):\n"), date_show(db, spending_today()));
			for (i = 0; i < nod; i++)
				printf(_("  %" PRIu32 "/%" PRIu32 " %s (due %s)\n"), od[i].round,
				    od[i].nr, od[i].title ? od[i].title : "?", date_show(db, od[i].due));
		}
	}
	rc = 0;
out:
	for (i = 0; i < nod; i++)
		free(od[i].title);
	free(od);
	wire_free(&schema_round_list, &rl);
	return rc;
}

int
cmd_spending_show(struct cli *c, int argc, char *argv[])
{
	struct spend_book	 b;
	struct spend_item	*it;
	struct event		*ev;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], db[16], m1[MONEY_BUF], hex[65];
	size_t			 npos, n, i;
	uint32_t		 id, round, nr;
	int			 first = 1;

	struct cli_opt		 o[] = { { "--date", 1, NULL } };

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[0].val && spending_date_option(o[0].val) == -1)
		return 1;
	if (initiative_resolve(c, pos[0], &id, &round, &nr) == -1)
		return 1;
	if (round == 0)
		return cli_fail(_("initiative %s: write it as ROUND/NUMBER, like 5/3"), pos[0]);
	if (books_of(c, round, &b, &ev, &n) == -1)
		return 1;
	if ((it = spend_find(&b, id)) == NULL) {
		round_events_free(ev, n);
		spend_free(&b);
		return cli_fail(_("initiative %" PRIu32 "/%" PRIu32 " was not funded: it has no "
		    "grant"), round, nr);
	}
	if (c->json)
		printf("{\"round\":%" PRIu32 ",\"nr\":%" PRIu32 ",\"id\":%" PRIu32 ",\"granted\":%"
		    PRIu64 ",\"paid\":%" PRIu64 ",\"spent\":%" PRIu64 ",\"overspend\":%" PRIu64
		    ",\"returned\":%" PRIu64 ",\"closed\":%s,\"due\":\"%s\",\"state\":\"%s\","
		    "\"date\":\"%s\",\"events\":[", round, nr, id, it->granted, it->paid, it->spent,
		    it->overspend, it->returned, it->closed ? "true" : "false",
		    b.due ? date_text(db, b.due) : "", it->closed ? "closed" : b.due &&
		    spending_today() > b.due ? "overdue" : "open", date_text(m1, spending_today()));
	else {
		printf(_("Initiative %" PRIu32 "/%" PRIu32 ": granted %s"), round, nr,
		    money_format(m1, sizeof(m1), it->granted));
		if (b.due)
			printf(_(", accounts due %s\n"), date_show(db, b.due));
		else
			printf(_(", no due date for the accounts yet\n"));
	}
	for (i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		if (!spend_type(e->type) || e->type == MSG_SPENDING_DUE || e->subject != id)
			continue;
		if (c->json) {
			printf("%s{\"event\":%" PRIu64 ",\"type\":\"%s\",\"body\":", first ? "" : ",",
			    e->seq, event_rule(e->type) ? event_rule(e->type)->name : "?");
			first = 0;
		}
		switch (e->type) {
		case MSG_SPENDING_PAY: {
			struct spending_pay p;
			if (wire_decode_all(e->body.p, e->body.len, &schema_spending_pay, &p,
			    NULL) != 0)
				break;
			if (c->json)
				json_record(stdout, &schema_spending_pay, &p);
			else
			{
				printf(_("  %s  payment    "), date_show(db, p.date));
				cell(money_format(m1, sizeof(m1), p.amount), 13, 1);
				putchar('\n');
			}
			wire_free(&schema_spending_pay, &p);
			break;
		}
		case MSG_SPENDING_ADD: {
			struct spending_add a;
			static const uint8_t zero[HASH_BYTES];
			if (wire_decode_all(e->body.p, e->body.len, &schema_spending_add, &a,
			    NULL) != 0)
				break;
			if (c->json)
				json_record(stdout, &schema_spending_add, &a);
			else {
				printf(_("  %s  spent      "), date_show(db, a.date));
				cell(money_format(m1, sizeof(m1), a.amount), 13, 1);
				printf("  %s", a.what);
				if (a.line)
					printf(_(" (budget line %" PRIu32 ")"), a.line);
				putchar('\n');
				if (memcmp(a.document, zero, HASH_BYTES) != 0) {
					hex_encode(a.document, HASH_BYTES, hex);
					printf(_("              document SHA-256 %s\n"), hex);
				}
			}
			wire_free(&schema_spending_add, &a);
			break;
		}
		case MSG_SPENDING_OVERSPEND: {
			struct spending_overspend ov;
			if (wire_decode_all(e->body.p, e->body.len, &schema_spending_overspend, &ov,
			    NULL) != 0)
				break;
			if (c->json)
				json_record(stdout, &schema_spending_overspend, &ov);
			else
			{
				printf(_("  overspend allowed      "));
				cell(money_format(m1, sizeof(m1), ov.amount), 13, 1);
				printf("  %s\n", ov.reason);
			}
			wire_free(&schema_spending_overspend, &ov);
			break;
		}
		case MSG_SPENDING_CLOSE: {
			struct spending_close k;
			if (wire_decode_all(e->body.p, e->body.len, &schema_spending_close, &k,
			    NULL) != 0)
				break;
			if (c->json)
				json_record(stdout, &schema_spending_close, &k);
			else {
				printf(_("  closed: returned %s; %s\n"), money_format(m1, sizeof(m1),
				    k.returned), k.summary);
				if (k.achieved[0])
					printf(_("  achieved: %s\n"), k.achieved);
				if (k.participants)
					printf(_("  participants: %" PRIu32 "\n"), k.participants);
			}
			wire_free(&schema_spending_close, &k);
			break;
		}
		}
		if (c->json)
			putchar('}');
	}
	if (c->json)
		printf("]}\n");
	else {
		char m2[MONEY_BUF], m3[MONEY_BUF];
		printf(_("Total: paid %s, spent %s, returned %s"), money_format(m1, sizeof(m1),
		    it->paid), money_format(m2, sizeof(m2), it->spent), money_format(m3,
		    sizeof(m3), it->returned));
		if (it->overspend)
			printf(_(", overspend allowed %s"), money_format(m1, sizeof(m1),
			    it->overspend));
		printf(" — %s\n", item_state(it, b.due, spending_today()));
	}
	round_events_free(ev, n);
	spend_free(&b);
	return 0;
}

/* The tallied round whose accounting lines name document hash; 0 if none. -1 on error. */
static int
document_round(struct cli *c, const uint8_t hash[HASH_BYTES], uint32_t *round)
{
	struct round_filter	 f;
	struct round_list	 rl;
	struct event		*ev;
	const struct round	*r;
	size_t			 i, k, n;

	*round = 0;
	memset(&f, 0, sizeof(f));
	if (cli_request(c, MSG_ROUND_LIST, &f, &rl) == -1)
		return -1;
	for (i = 0; i < rl.items.n && *round == 0; i++) {
		r = (const struct round *)rl.items.items + i;
		if (r->state != ROUND_TALLIED)
			continue;
		if (round_events(c, r->id, &ev, &n) == -1) {
			wire_free(&schema_round_list, &rl);
			return -1;
		}
		for (k = 0; k < n && *round == 0; k++)
			if (ev[k].type == MSG_SPENDING_ADD && ev[k].body.len >= HASH_BYTES &&
			    memcmp(ev[k].body.p + ev[k].body.len - HASH_BYTES, hash, HASH_BYTES) == 0)
				*round = r->id;
		round_events_free(ev, n);
	}
	wire_free(&schema_round_list, &rl);
	return 0;
}

/*
 * `spending document HASH [--out FILE]`: a stored receipt or invoice back from the daemon.
 * Organisers only (a signed read): documents may name people and are not published — the
 * bundle and the web site carry only their SHA-256. The bytes are checked against HASH
 * before anything is written; FILE is new (never overwritten), mode 0600.
 */
int
cmd_spending_document(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--out", 1, NULL } };
	struct document_get	 q;
	struct document_put	 doc;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], hex[2 * HASH_BYTES + 1];
	uint8_t			 got[HASH_BYTES];
	size_t			 npos, off;
	ssize_t			 k;
	int			 fd = STDOUT_FILENO, rc = 1;

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&q, 0, sizeof(q));
	if (strlen(pos[0]) != 2 * HASH_BYTES || hex_decode(pos[0], q.document, HASH_BYTES) != 0)
		return cli_fail(_("%s: a document is named by its SHA-256, 64 hexadecimal digits "
		    "(as spending show prints it)"), pos[0]);
	hex_encode(q.document, HASH_BYTES, hex);
	if (o[0].val == NULL && isatty(STDOUT_FILENO))
		return cli_fail(_("give --out FILE: the document is not written to a terminal"));
	if (document_round(c, q.document, &q.round) == -1)
		return 1;
	if (q.round == 0)
		return cli_fail(_("no accounting line of a counted round names a document with "
		    "SHA-256 %s"), hex);
	memset(&doc, 0, sizeof(doc));
	if (cli_request(c, MSG_DOCUMENT_GET, &q, &doc) == -1)
		return 1;
	crypto_hash_sha256(got, doc.data.p, doc.data.len);
	if (doc.data.len == 0 || memcmp(got, q.document, HASH_BYTES) != 0) {
		cli_fail(_("the daemon sent a document whose SHA-256 is not %s: nothing written"),
		    hex);
		goto out;
	}
	if (o[0].val && (fd = open(o[0].val, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		cli_fail(_("cannot write %s: %s"), o[0].val, strerror(errno));
		goto out;
	}
	for (off = 0; off < doc.data.len; off += (size_t)k)
		if ((k = write(fd, doc.data.p + off, doc.data.len - off)) <= 0) {
			cli_fail(_("cannot write %s: %s"), o[0].val ? o[0].val : "stdout",
			    strerror(errno));
			if (o[0].val) {
				close(fd);
				unlink(o[0].val);
			}
			goto out;
		}
	if (o[0].val && close(fd) == -1) {
		cli_fail(_("cannot write %s: %s"), o[0].val, strerror(errno));
		unlink(o[0].val);
		goto out;
	}
	if (o[0].val) {
		if (c->json)
			printf("{\"round\":%" PRIu32 ",\"sha256\":\"%s\",\"bytes\":%" PRIu32 "}\n",
			    q.round, hex, doc.data.len);
		else
			/* TRANSLATORS: "document of round 5, 1234 bytes, SHA-256 ab12…: written to
			 * FILE". */
			printf(_("document of round %" PRIu32 ", %" PRIu32 " bytes, SHA-256 %s "
			    "(checked): written to %s\n"), q.round, doc.data.len, hex, o[0].val);
	}
	rc = 0;
out:
	wire_free(&schema_document_put, &doc);
	return rc;
}
