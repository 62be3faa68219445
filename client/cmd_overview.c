/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_overview.c — `dorpsstem overview VILLAGE|--all --year YYYY [--csv FILE] [--html FILE]
 * [--inhabitants FILE]`: the jaaroverzicht (issue 13). Fetches with the ordinary read
 * requests — village-list, round-list (budgets, states, when each closed), event-list per
 * closed round (its initiatives, decisions per condition, cards, ballots and result, all
 * from the signed public events, as audit verify reads them) and conditions-get (the text
 * of the conditions not met), and event-list of ledger 0 for the villages' signed
 * inhabitants-set events — folds them through proto/overview.c (the web site's
 * /dorp/NAAM/JAAR does the same from the store) and writes with overview.c. No read
 * request of its own: everything is public already. docs/cli.md, "Jaaroverzicht".
 *
 * Also `village inhabitants VILLAGE [YEAR N]`: sets (signed) or shows the village's
 * number of inhabitants per year.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "dorpsstem.h"
#include "i18n.h"
#include "overview.h"
#include "spending.h"

#define YEAR_MIN	1970
#define YEAR_MAX	9999

struct fetched {
	struct village_list	 vl;
	struct round_list	 rl;
	struct ov_input		 in;
};

static int
year_of(int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return tm.tm_year + 1900;
}

/* A closed round's figures from its public events (event-list, paged): its initiatives
 * with their costs, categories and decisions (which conditions were not met), the cards
 * (credentials registered minus revoked), the ballots (close statement) and what was
 * funded (result statement). One ledger range per round, where round-show would have the
 * daemon go through every initiative it holds. */
static int
fetch_round(struct cli *c, struct ov_round *r)
{
	struct event_page_req	 q;
	struct event_page	 pg;
	struct spend_book	 book;
	char			 why[300];
	uint64_t		 revoked = 0;
	size_t			 k, n;
	int			 more, rc = 0, books_ok = 1;

	memset(&q, 0, sizeof(q));
	q.round = r->id;
	/* The books after the result (proto/spending.c, the same rules audit verify applies):
	 * a round whose books do not add up is shown as not recorded, not guessed at. */
	spend_init(&book, r->id);
	for (;;) {
		if (cli_request(c, MSG_EVENT_LIST, &q, &pg) == -1)
			return -1;
		for (k = 0; k < pg.events.n && rc == 0; k++) {
			const struct event *ev = (const struct event *)pg.events.items + k;
			q.after = ev->seq;
			rc = ov_round_event(r, ev, &revoked);
			if (books_ok && spend_event(&book, ev, why, sizeof(why)) != 0)
				books_ok = 0;
		}
		n = pg.events.n;
		more = pg.more;
		wire_free(&schema_event_page, &pg);
		if (rc != 0) {
			spend_free(&book);
			return cli_fail(_("out of memory")), -1;
		}
		if (n == 0 || !more)
			break;
	}
	r->cards = r->cards >= revoked ? r->cards - revoked : 0;
	if (books_ok && book.have_result)
		ov_round_books(r, &book, spending_today());
	spend_free(&book);
	return 0;
}

/* One conditions version from the daemon (ov_load_conditions' getter). */
static int
condition_get(void *arg, uint32_t village, uint32_t version, struct conditions *cd)
{
	struct conditions q;

	memset(&q, 0, sizeof(q));
	q.village = village;
	q.version = version;
	return cli_request(arg, MSG_CONDITIONS_GET, &q, cd) == -1 ? -1 : 0;
}

/* The village's signed inhabitants-set events in ledger 0 (event-list of round 0, paged),
 * through ov_inhabitants_event: the last one for a village and year counts. */
static int
fetch_inhabitants(struct cli *c, struct ov_input *in)
{
	struct event_page_req	 q;
	struct event_page	 pg;
	size_t			 k, n;
	int			 more, rc = 0;

	memset(&q, 0, sizeof(q));
	for (;;) {
		if (cli_request(c, MSG_EVENT_LIST, &q, &pg) == -1)
			return -1;
		for (k = 0; k < pg.events.n && rc == 0; k++) {
			const struct event *ev = (const struct event *)pg.events.items + k;
			q.after = ev->seq;
			rc = ov_inhabitants_event(in, ev);
		}
		n = pg.events.n;
		more = pg.more;
		wire_free(&schema_event_page, &pg);
		if (rc != 0)
			return cli_fail(_("out of memory")), -1;
		if (n == 0 || !more)
			break;
	}
	return 0;
}

/* --inhabitants FILE overrides: for every village the file names, its lines replace the
 * figures set with `village inhabitants`. */
static void
inhabitants_override(struct ov_input *in, const struct ov_input *file)
{
	size_t i, k, w = 0;

	for (i = 0; i < in->ninh; i++) {
		for (k = 0; k < file->ninh; k++)
			if (file->inh[k].village == in->inh[i].village)
				break;
		if (k == file->ninh)
			in->inh[w++] = in->inh[i];
	}
	in->ninh = w;
}

/*
 * --inhabitants FILE: lines "VILLAGE;YEAR;INHABITANTS" (VILLAGE a name or an id; "#"
 * starts a comment; blank lines skipped; a byte-order mark at the start is allowed, as a
 * spreadsheet saves it). A village's number counts from that year on, until a later line.
 */
static int
read_inhabitants(const char *path, const struct village_list *vl, struct ov_input *in)
{
	FILE			*f;
	char			 line[1024], *p, *name, *year, *num, *end;
	struct ov_inhabitants	*ih;
	const struct village	*v;
	unsigned long long	 n, y;
	uint32_t		 id, i;
	int			 lineno = 0, rc = -1;

	if ((f = fopen(path, "r")) == NULL)
		return cli_fail("%s: %s", path, strerror(errno)), -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		p[strcspn(p, "\r\n")] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		name = p;
		if ((year = strchr(name, ';')) == NULL || (num = strchr(year + 1, ';')) == NULL) {
			cli_fail(_("%s line %d: write it as village;year;inhabitants"), path, lineno);
			goto out;
		}
		*year++ = '\0';
		*num++ = '\0';
		errno = 0;
		y = strtoull(year, &end, 10);
		if (!isdigit((unsigned char)*year) || *end != '\0' || y < YEAR_MIN ||
		    y > YEAR_MAX) {
			cli_fail(_("%s line %d: \"%s\" is not a year"), path, lineno, year);
			goto out;
		}
		n = strtoull(num, &end, 10);
		if (!isdigit((unsigned char)*num) || *end != '\0' || errno || n == 0 ||
		    n > 1000000000ULL) {
			cli_fail(_("%s line %d: \"%s\" is not a number of inhabitants"), path, lineno,
			    num);
			goto out;
		}
		for (id = 0, i = 0; i < vl->items.n; i++) {
			v = (const struct village *)vl->items.items + i;
			if (strcasecmp(v->name, name) == 0 ||
			    (isdigit((unsigned char)*name) && strtoul(name, NULL, 10) == v->id))
				id = v->id;
		}
		if (id == 0) {
			cli_fail(_("%s line %d: there is no village \"%s\""), path, lineno, name);
			goto out;
		}
		if ((ih = reallocarray(in->inh, in->ninh + 1, sizeof(*ih))) == NULL) {
			cli_fail(_("out of memory"));
			goto out;
		}
		in->inh = ih;
		ih[in->ninh].village = id;
		ih[in->ninh].year = (int)y;
		ih[in->ninh].n = n;
		in->ninh++;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

static void
fetched_free(struct fetched *x)
{
	ov_input_free(&x->in);
	wire_free(&schema_round_list, &x->rl);
	wire_free(&schema_village_list, &x->vl);
}

/* Opens FILE for --csv or --html: a new file, never overwritten. */
static FILE *
new_file(const char *path)
{
	return fopen(path, "wx");
}

int
cmd_overview(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--all", 0, NULL }, { "--year", 1, NULL },
	    { "--csv", 1, NULL }, { "--html", 1, NULL }, { "--inhabitants", 1, NULL },
	    { "--date", 1, NULL } };
	struct fetched	 x;
	struct ov_report rep;
	struct round_filter rf;
	char		*pos[CLI_MAXPOS], err[ERR_LEN], *end;
	size_t		 npos, i;
	uint32_t	 only = 0;
	unsigned long	 year;
	int		 rc = 1, y;
	FILE		*fcsv = NULL, *fhtml = NULL;

	memset(&x, 0, sizeof(x));
	memset(&rep, 0, sizeof(rep));
	if (cli_args(argc, argv, o, 6, pos, 0, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[5].val && spending_date_option(o[5].val) == -1)
		return 1;
	if ((npos == 1) == (o[0].val != NULL))
		return cli_argfail(c, _("name one village, or --all for the whole municipality"));
	if (o[1].val == NULL)
		return cli_argfail(c, _("--year YYYY is required"));
	year = strtoul(o[1].val, &end, 10);
	if (!isdigit((unsigned char)*o[1].val) || *end != '\0' || year < YEAR_MIN + 1 ||
	    year > YEAR_MAX)
		return cli_fail(_("--year %s: not a year"), o[1].val);

	/* The files first (new files, never overwritten): a name taken fails at once. */
	if (o[2].val && (fcsv = new_file(o[2].val)) == NULL)
		return cli_fail(_("%s: cannot write: %s"), o[2].val, strerror(errno));
	if (o[3].val && (fhtml = new_file(o[3].val)) == NULL) {
		cli_fail(_("%s: cannot write: %s"), o[3].val, strerror(errno));
		goto out;
	}
	if (npos == 1) {
		if (village_resolve(c, pos[0], &only, &x.vl) == -1)
			goto out;
	} else if (cli_request(c, MSG_VILLAGE_LIST, &(char){ 0 }, &x.vl) == -1)
		goto out;
	x.in.year = (int)year;
	x.in.only = only;
	if ((x.in.villages = calloc(x.vl.items.n + 1, sizeof(*x.in.villages))) == NULL) {
		cli_fail(_("out of memory"));
		goto out;
	}
	for (i = 0; i < x.vl.items.n; i++) {
		const struct village *v = (const struct village *)x.vl.items.items + i;
		if (only && v->id != only)
			continue;
		x.in.villages[x.in.nvillages].id = v->id;
		x.in.villages[x.in.nvillages++].name = v->name;
	}
	if (only && x.in.nvillages == 0) {
		cli_fail(_("there is no village %" PRIu32), only);
		goto out;
	}
	/* The figures the organisers set (signed, ledger 0); --inhabitants FILE replaces
	 * them for the villages it names. */
	if (fetch_inhabitants(c, &x.in) == -1)
		goto out;
	if (o[4].val) {
		struct ov_input		 file;
		struct ov_inhabitants	*ih;

		memset(&file, 0, sizeof(file));
		if (read_inhabitants(o[4].val, &x.vl, &file) == -1) {
			free(file.inh);
			goto out;
		}
		inhabitants_override(&x.in, &file);
		if (file.ninh && (ih = reallocarray(x.in.inh, x.in.ninh + file.ninh,
		    sizeof(*ih))) == NULL) {
			free(file.inh);
			cli_fail(_("out of memory"));
			goto out;
		}
		if (file.ninh) {
			x.in.inh = ih;
			memcpy(ih + x.in.ninh, file.inh, file.ninh * sizeof(*ih));
			x.in.ninh += file.ninh;
		}
		free(file.inh);
	}

	rf.village = only;
	if (cli_request(c, MSG_ROUND_LIST, &rf, &x.rl) == -1)
		goto out;
	if ((x.in.rounds = calloc(x.rl.items.n + 1, sizeof(*x.in.rounds))) == NULL) {
		cli_fail(_("out of memory"));
		goto out;
	}
	for (i = 0; i < x.rl.items.n; i++) {
		const struct round *r = (const struct round *)x.rl.items.items + i;
		struct ov_round *orr;

		/* Which rounds belong to a year: closed (and counted) ones, by the year they
		 * closed in; a draft, a round still voting and a cancelled one belong to none. */
		if ((r->state != ROUND_CLOSED && r->state != ROUND_TALLIED) || r->closed == 0)
			continue;
		if ((only && r->village != only) || (y = year_of(r->closed)) > (int)year ||
		    y == 0 || y <= (int)year - OV_MAX_YEARS)
			continue;
		orr = &x.in.rounds[x.in.nrounds++];
		orr->id = r->id;
		orr->village = r->village;
		orr->year = y;
		orr->budget = r->budget;
		if (fetch_round(c, orr) == -1)
			goto out;
	}
	switch (ov_load_conditions(&x.in, condition_get, c)) {
	case -1:
		goto out;
	case -2:
		cli_fail(_("out of memory"));
		goto out;
	}
	if (ov_compute(&x.in, &rep) == -1) {
		cli_fail(_("out of memory"));
		goto out;
	}
	if (c->json)
		ov_write_json(stdout, &rep);
	else
		ov_write_text(stdout, &rep);
	rc = 0;
	if (fcsv != NULL) {
		ov_write_csv(fcsv, &rep);
		if (fclose(fcsv) != 0)
			rc = cli_fail(_("%s: cannot write: %s"), o[2].val, strerror(errno));
		fcsv = NULL;
	}
	if (fhtml != NULL) {
		ov_write_html(fhtml, &rep);
		if (fclose(fhtml) != 0)
			rc = cli_fail(_("%s: cannot write: %s"), o[3].val, strerror(errno));
		fhtml = NULL;
	}
out:
	/* A file made for output that was never written is removed again. */
	if (fcsv != NULL) {
		fclose(fcsv);
		unlink(o[2].val);
	}
	if (fhtml != NULL) {
		fclose(fhtml);
		unlink(o[3].val);
	}
	ov_report_free(&rep);
	fetched_free(&x);
	return rc;
}

/* ---- village inhabitants VILLAGE [YEAR N] ------------------------------------------------ */

/* A whole number of digits only ("1250", or "1.250" with thousands dots as a Dutch
 * reader writes it); 0 and *v, or -1. */
static int
whole_number(const char *s, uint64_t *v)
{
	char		 buf[32];
	const char	*p;
	size_t		 k = 0, run = 0, groups = 0;

	for (p = s; *p; p++) {
		if (*p == '.' && run >= 1 && (groups == 0 ? run <= 3 : run == 3)) {
			groups++;
			run = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p) || k + 1 >= sizeof(buf))
			return -1;
		buf[k++] = *p;
		run++;
	}
	if (k == 0 || (groups && run != 3))
		return -1;
	buf[k] = '\0';
	errno = 0;
	*v = strtoull(buf, NULL, 10);
	return errno ? -1 : 0;
}

struct inh_show {
	struct ov_input		 in;
	struct ov_village	 v;
};

static int
inh_cmp(const void *a, const void *b)
{
	const struct ov_inhabitants *x = a, *y = b;

	return (x->year > y->year) - (x->year < y->year);
}

int
cmd_village_inhabitants(struct cli *c, int argc, char *argv[])
{
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	struct inhabitants	 ih;
	struct inh_show		 s;
	struct done		 d;
	uint64_t		 year, n;
	size_t			 npos, i;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 3, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (npos == 2)
		return cli_argfail(c, _("give both the year and the number of inhabitants"));
	memset(&ih, 0, sizeof(ih));
	if (village_resolve(c, pos[0], &ih.village, NULL) == -1)
		return 1;
	if (npos == 3) {
		/* Only the form here; the daemon judges the range and says so. */
		if (whole_number(pos[1], &year) == -1 || strchr(pos[1], '.') != NULL ||
		    year > UINT32_MAX)
			return cli_fail(_("\"%s\" is not a year: write it like 2025"), pos[1]);
		if (whole_number(pos[2], &n) == -1)
			return cli_fail(_("\"%s\" is not a number of inhabitants: write a whole "
			    "number like 1250"), pos[2]);
		ih.year = (uint32_t)year;
		ih.n = n;
		if (cli_request(c, MSG_INHABITANTS_SET, &ih, &d) == -1)
			return 1;
		if (c->json)
			printf("{\"village\":%" PRIu32 ",\"year\":%" PRIu32 ",\"inhabitants\":%"
			    PRIu64 ",\"event\":%" PRIu64 "}\n", ih.village, ih.year, ih.n, d.event);
		else
			printf(_("village %" PRIu32 ": %" PRIu64 " inhabitants from %" PRIu32
			    " on (ledger 0, event %" PRIu64 ")\n"), ih.village, ih.n, ih.year,
			    d.event);
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.v.id = ih.village;
	s.in.villages = &s.v;
	s.in.nvillages = 1;
	if (fetch_inhabitants(c, &s.in) == -1) {
		free(s.in.inh);
		return 1;
	}
	qsort(s.in.inh, s.in.ninh, sizeof(*s.in.inh), inh_cmp);
	if (c->json) {
		printf("{\"village\":%" PRIu32 ",\"inhabitants\":[", ih.village);
		for (i = 0; i < s.in.ninh; i++)
			printf("%s{\"year\":%d,\"inhabitants\":%" PRIu64 "}", i ? "," : "",
			    s.in.inh[i].year, s.in.inh[i].n);
		printf("]}\n");
	} else if (s.in.ninh == 0)
		printf(_("village %" PRIu32 ": no number of inhabitants set (village inhabitants "
		    "VILLAGE YEAR N)\n"), ih.village);
	else
		for (i = 0; i < s.in.ninh; i++)
			printf(_("%d: %" PRIu64 " inhabitants\n"), s.in.inh[i].year, s.in.inh[i].n);
	free(s.in.inh);
	return 0;
}
