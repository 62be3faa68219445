/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_year.c — the dorpsbudget year beyond the vote (issue 13). Built so far: the
 * village's voorwaarden (`conditions set|show`). docs/cli.md, "Voorwaarden".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "msg.h"

/* One line of a conditions file: NULL if it is blank or a comment; else the sentence,
 * without a leading number "3." or "3)" and without surrounding spaces. */
static char *
condition_line(char *line)
{
	char	*p = line, *e;

	line[strcspn(line, "\r\n")] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#')
		return NULL;
	for (e = p; *e >= '0' && *e <= '9'; e++)
		;
	if (e > p && (*e == '.' || *e == ')') && (e[1] == ' ' || e[1] == '\t')) {
		p = e + 1;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return p;
}

/* The latest version of village's conditions into *out; 0 if there is none (out zeroed),
 * 1 if there is one, -1 after saying why not. */
static int
conditions_latest(struct cli *c, uint32_t village, uint32_t version, struct conditions *out)
{
	struct conditions	q;

	memset(&q, 0, sizeof(q));
	memset(out, 0, sizeof(*out));
	q.village = village;
	q.version = version;
	if (cli_request_quiet(c, MSG_CONDITIONS_GET, &q, out) == 0)
		return 1;
	/* The daemon has no such version: with version 0, the village has none yet. */
	if (version == 0 && c->conn.error_code == ERRC_NOTFOUND)
		return 0;
	cli_fail("%s", c->conn.err);
	return -1;
}

int
cmd_conditions_set(struct cli *c, int argc, char *argv[])
{
	struct conditions	 cd, cur;
	struct condition	*items = NULL;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], line[4096], *t;
	size_t			 npos, n = 0, i;
	FILE			*f;
	int			 rc = 1, k;

	if (cli_args(argc, argv, NULL, 0, pos, 2, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&cd, 0, sizeof(cd));
	if (village_resolve(c, pos[0], &cd.village, NULL) == -1)
		return 1;
	if ((f = fopen(pos[1], "r")) == NULL)
		return cli_fail("%s: %s", pos[1], strerror(errno));
	if ((items = calloc(CONDITIONS_MAX + 1, sizeof(*items))) == NULL) {
		fclose(f);
		return cli_fail(_("out of memory"));
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strchr(line, '\n') == NULL && !feof(f)) {
			cli_fail(_("%s: condition %zu is too long"), pos[1], n + 1);
			goto out;
		}
		if ((t = condition_line(line)) == NULL)
			continue;
		if (n == CONDITIONS_MAX) {
			cli_fail(_("%s: more than %d conditions"), pos[1], CONDITIONS_MAX);
			goto out;
		}
		if (strlen(t) > CONDITION_MAX_BYTES) {
			cli_fail(_("%s: condition %zu is too long"), pos[1], n + 1);
			goto out;
		}
		if ((items[n].text = strdup(t)) == NULL) {
			cli_fail(_("out of memory"));
			goto out;
		}
		n++;
	}
	if (n == 0) {
		cli_fail(_("%s: no conditions in the file"), pos[1]);
		goto out;
	}
	/* The signed request names the version it sets: the one after the latest. */
	if ((k = conditions_latest(c, cd.village, 0, &cur)) == -1)
		goto out;
	cd.version = cur.version + 1;
	wire_free(&schema_conditions, &cur);
	cd.items.items = items;
	cd.items.n = (uint32_t)n;
	if (cli_request(c, MSG_CONDITIONS_SET, &cd, &d) == -1)
		goto out;
	if (c->json)
		printf("{\"village\":%" PRIu32 ",\"version\":%" PRIu32 ",\"conditions\":%zu,"
		    "\"event\":%" PRIu64 "}\n", cd.village, cd.version, n, d.event);
	else
		printf(ngettext("conditions of village %" PRIu32 ": version %" PRIu32 " with %zu "
		    "condition\n", "conditions of village %" PRIu32 ": version %" PRIu32 " with "
		    "%zu conditions\n", n), cd.village, cd.version, n);
	rc = 0;
out:
	fclose(f);
	for (i = 0; i < n; i++)
		free(items[i].text);
	free(items);
	return rc;
}

int
cmd_conditions_show(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--version", 1, NULL } };
	struct conditions	 cd;
	const struct condition	*it;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], when[64];
	const char		*why;
	uint32_t		 village, version = 0, i;
	size_t			 npos;
	int			 k;

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (village_resolve(c, pos[0], &village, NULL) == -1)
		return 1;
	if (o[0].val && parse_id(o[0].val, &version, &why) == -1)
		return cli_fail("--version %s: %s", o[0].val, why);
	if ((k = conditions_latest(c, village, version, &cd)) == -1)
		return 1;
	if (k == 0) {
		if (c->json)
			printf("{\"village\":%" PRIu32 ",\"version\":0,\"items\":[]}\n", village);
		else
			printf(_("village %" PRIu32 " has no conditions yet "
			    "(dorpsstem conditions set)\n"), village);
		return 0;
	}
	if (c->json) {
		json_record(stdout, &schema_conditions, &cd);
		putchar('\n');
	} else {
		/* TRANSLATORS: heading of `conditions show`: village id, version, date. */
		printf(_("Conditions of village %" PRIu32 ", version %" PRIu32 " (set %s):\n"),
		    cd.village, cd.version, time_format(when, sizeof(when), cd.created));
		for (i = 0; i < cd.items.n; i++) {
			it = (const struct condition *)cd.items.items + i;
			printf("%3" PRIu32 ". %s\n", i + 1, it->text);
		}
	}
	wire_free(&schema_conditions, &cd);
	return 0;
}

/* ---- decisions per condition ---------------------------------------------------------- */

int
initiative_decide_cli(struct cli *c, uint32_t round, uint32_t id, unsigned status,
    const char *unmet, const char *reason, struct done *d)
{
	struct ref		 ref = { round };
	struct round_info	 ri;
	struct conditions	 cd;
	struct decision		 dc;
	struct decision_item	*met = NULL;
	const char		*p, *why;
	char			 item[16];
	uint32_t		 k, n;
	size_t			 len;
	int			 have, rc = -1;

	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return -1;
	have = conditions_latest(c, ri.round.village, 0, &cd);
	if (have == -1)
		goto out;
	if (have == 0) {
		if (unmet) {
			cli_fail(_("village %" PRIu32 " has no conditions: --unmet has nothing to "
			    "name"), ri.round.village);
			goto out;
		}
		rc = 0;		/* no conditions: the plain admit or reject */
		goto out;
	}
	n = cd.items.n;
	if (status == INIT_REJECTED && unmet == NULL) {
		cli_fail(_("--unmet is required: which of the %" PRIu32 " conditions does it not "
		    "meet? (see: dorpsstem conditions show)"), n);
		goto out;
	}
	if (status == INIT_ADMITTED && unmet) {
		cli_fail(_("an initiative that does not meet every condition cannot be admitted"));
		goto out;
	}
	if ((met = calloc(n + 1, sizeof(*met))) == NULL) {
		cli_fail(_("out of memory"));
		goto out;
	}
	for (k = 0; k < n; k++)
		met[k].met = 1;
	for (p = unmet; p && *p; p += *p == ',') {
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(item)) {
			cli_fail(_("--unmet: \"%s\" is not a comma-separated list of numbers"), unmet);
			goto out;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		p += len;
		if (parse_id(item, &k, &why) == -1 || k > n) {
			cli_fail(_("--unmet %s: the conditions are numbered 1 to %" PRIu32), item, n);
			goto out;
		}
		met[k - 1].met = 0;
	}
	memset(&dc, 0, sizeof(dc));
	dc.id = id;
	dc.status = (uint8_t)status;
	dc.conditions = cd.version;
	dc.met.items = met;
	dc.met.n = n;
	dc.reason = (char *)(uintptr_t)(reason ? reason : "");
	if (cli_request(c, MSG_INITIATIVE_DECIDE, &dc, d) == -1)
		goto out;
	if (d->id == 0)
		d->id = id;
	rc = 1;
out:
	free(met);
	if (have == 1)
		wire_free(&schema_conditions, &cd);
	wire_free(&schema_round_info, &ri);
	return rc;
}

/* For `initiative list`: a rejection decided condition by condition says which
 * conditions were not met, from the round's signed initiative-decide events. */
void
decisions_annotate(struct cli *c, uint32_t round, struct initiative_list *il)
{
	struct event_page_req	 q;
	struct event_page	 pg;
	struct decision		 dc;
	struct initiative	*in;
	char			 nums[256], *txt;
	size_t			 k, used;
	uint32_t		 i, j;

	memset(&q, 0, sizeof(q));
	q.round = round;
	for (;;) {
		if (cli_request_quiet(c, MSG_EVENT_LIST, &q, &pg) == -1)
			return;		/* the list stands without the annotation */
		for (k = 0; k < pg.events.n; k++) {
			const struct event *ev = (const struct event *)pg.events.items + k;
			q.after = ev->seq;
			if (ev->type != MSG_INITIATIVE_DECIDE || wire_decode_all(ev->body.p,
			    ev->body.len, &schema_decision, &dc, NULL) != 0)
				continue;
			for (i = 0; i < il->items.n; i++) {
				in = (struct initiative *)il->items.items + i;
				if (in->id != dc.id)
					continue;
				if (dc.status != INIT_REJECTED) {
					/* a later decision replaces the earlier note */
					continue;
				}
				nums[0] = '\0';
				for (j = 0, used = 0; j < dc.met.n && used < sizeof(nums) - 12; j++)
					if (((const struct decision_item *)dc.met.items)[j].met == 0)
						used += (size_t)snprintf(nums + used, sizeof(nums) - used,
						    "%s%" PRIu32, used ? ", " : "", j + 1);
				/* TRANSLATORS: the REASON column of `initiative list` for a rejection
				 * decided per condition: numbers of the unmet conditions, version of
				 * the conditions, the organiser's reason. */
				if (asprintf(&txt, _("conditions %s not met (version %" PRIu32 "): %s"),
				    nums, dc.conditions, dc.reason) != -1) {
					free(in->reason);
					in->reason = txt;
				}
			}
			wire_free(&schema_decision, &dc);
		}
		k = pg.events.n;
		j = pg.more;
		wire_free(&schema_event_page, &pg);
		if (k == 0 || !j)
			break;
	}
}

/* ---- the aanvraag: initiative submit, and the private contact details -------------------- */

/* "omschrijving=bedrag" into a money line (the text stays in argv). */
static int
money_line_parse(const char *opt, char *arg, struct money_line *l)
{
	char		*eq = strrchr(arg, '=');
	const char	*why;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		return cli_fail(_("%s \"%s\": write it as description=amount"), opt, arg), -1;
	*eq = '\0';
	l->what = arg;
	if (money_parse(eq + 1, &l->amount, &why) == -1) {
		*eq = '=';
		return cli_fail("%s \"%s\": %s", opt, arg, why), -1;
	}
	return 0;
}

int
cmd_initiative_submit(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--title", 1, NULL }, { "--summary", 1, NULL },
	    { "--proposer", 1, NULL }, { "--contact", 1, NULL }, { "--category", 1, NULL },
	    { "--volunteers", 1, NULL }, { "--planned", 1, NULL }, { "--public", 0, NULL } };
	static char	 empty[] = "";
	struct application app;
	struct money_line lines[APPLICATION_LINES_MAX], cof[APPLICATION_LINES_MAX];
	struct contact	 ct;
	struct done	 d, d2;
	char		*pos[CLI_MAXPOS], err[ERR_LEN], **rest, m[MONEY_BUF];
	const char	*why;
	uint64_t	 sum = 0;
	uint32_t	 nr;
	size_t		 npos, nl = 0, nc = 0, nrest = 0;
	int		 i, rc = 1;

	memset(&app, 0, sizeof(app));
	/* --line and --cofunding may come many times: taken out before the rest. */
	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return cli_fail(_("out of memory"));
	for (i = 0; i < argc; i++) {
		int is_line = strcmp(argv[i], "--line") == 0;
		if ((is_line || strcmp(argv[i], "--cofunding") == 0) && i + 1 < argc) {
			if ((is_line ? nl : nc) == APPLICATION_LINES_MAX) {
				cli_fail(_("at most %d budget lines and %d co-fundings"),
				    APPLICATION_LINES_MAX, APPLICATION_LINES_MAX);
				goto out;
			}
			if (money_line_parse(argv[i], argv[i + 1], is_line ? &lines[nl++] :
			    &cof[nc++]) == -1)
				goto out;
			i++;
			continue;
		}
		rest[nrest++] = argv[i];
	}
	if (cli_args((int)nrest, rest, o, 8, pos, 1, 1, &npos, err, sizeof(err)) == -1) {
		cli_argfail(c, err);
		goto out;
	}
	if (parse_id(pos[0], &app.round, &why) == -1) {
		cli_fail(_("round %s: %s"), pos[0], why);
		goto out;
	}
	if (o[0].val == NULL || o[2].val == NULL || o[3].val == NULL || nl == 0) {
		cli_fail(_("--title, --proposer, --contact and at least one --line are required"));
		goto out;
	}
	app.title = o[0].val;
	app.summary = o[1].val ? o[1].val : empty;
	app.proposer = o[2].val;
	app.category = o[4].val ? o[4].val : empty;
	app.planned = o[6].val ? o[6].val : empty;
	if (o[5].val && parse_count(o[5].val, &app.volunteers, &why) == -1) {
		cli_fail("--volunteers %s: %s", o[5].val, why);
		goto out;
	}
	if (strlen(o[3].val) == 0 || strlen(o[3].val) > CONTACT_MAX_BYTES) {
		cli_fail(_("--contact: between 1 and %d bytes"), CONTACT_MAX_BYTES);
		goto out;
	}
	app.lines.items = lines;
	app.lines.n = (uint32_t)nl;
	app.cofunding.items = cof;
	app.cofunding.n = (uint32_t)nc;
	for (i = 0; i < (int)nl; i++)
		sum += lines[i].amount;
	if (o[7].val) {
		/* --public: as the web site will, unauthenticated; the daemon signs receipt. */
		struct public_submission ps;
		struct submit_receipt	 sr;

		memset(&ps, 0, sizeof(ps));
		ps.round = app.round;
		ps.title = app.title;
		ps.summary = app.summary;
		ps.proposer = app.proposer;
		ps.category = app.category;
		ps.lines = app.lines;
		ps.cofunding = app.cofunding;
		ps.volunteers = app.volunteers;
		ps.planned = app.planned;
		ps.contact = o[3].val;
		if (cli_request(c, MSG_PUBLIC_SUBMIT, &ps, &sr) == -1)
			goto out;
		nr = initiative_number(c, app.round, sr.id);
		if (c->json) {
			printf("{\"id\":%" PRIu32 ",\"event\":%" PRIu64 ",\"round\":%" PRIu32
			    ",\"nr\":%" PRIu32 ",\"cost\":%" PRIu64 ",\"code\":", sr.id, sr.event,
			    app.round, nr, sum);
			json_string(stdout, sr.code);
			fputs("}\n", stdout);
		} else
			/* TRANSLATORS: after a public submission; the code is for asking later. */
			printf(_("initiative %" PRIu32 "/%" PRIu32 " submitted: %s in %zu budget "
			    "lines; follow-up code %s\n"), app.round, nr,
			    money_format(m, sizeof(m), sum), nl, sr.code);
		wire_free(&schema_submit_receipt, &sr);
		rc = 0;
		goto out;
	}
	if (cli_request(c, MSG_INITIATIVE_SUBMIT, &app, &d) == -1)
		goto out;
	/* The contact details go apart: no ledger event, never published. */
	memset(&ct, 0, sizeof(ct));
	ct.id = d.id;
	ct.contact = o[3].val;
	if (cli_request(c, MSG_CONTACT_SET, &ct, &d2) == -1) {
		cli_fail(_("initiative %" PRIu32 " was submitted, but its contact details were "
		    "not stored"), d.id);
		goto out;
	}
	nr = initiative_number(c, app.round, d.id);
	if (c->json)
		printf("{\"id\":%" PRIu32 ",\"event\":%" PRIu64 ",\"round\":%" PRIu32 ",\"nr\":%"
		    PRIu32 ",\"cost\":%" PRIu64 "}\n", d.id, d.event, app.round, nr, sum);
	else
		printf(_("initiative %" PRIu32 "/%" PRIu32 " submitted: %s in %zu budget lines\n"),
		    app.round, nr, money_format(m, sizeof(m), sum), nl);
	rc = 0;
out:
	/* money_line_parse cut "what=amount" at the '=': argv stays ours to leave. */
	free(rest);
	return rc;
}

int
cmd_initiative_contact(struct cli *c, int argc, char *argv[])
{
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	struct ref	 r;
	struct contact	 ct;
	uint32_t	 round, nr;
	size_t		 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (initiative_resolve(c, pos[0], &r.id, &round, &nr) == -1)
		return 1;
	if (cli_request(c, MSG_CONTACT_GET, &r, &ct) == -1)
		return 1;
	if (c->json) {
		json_record(stdout, &schema_contact, &ct);
		putchar('\n');
	} else
		printf("%s\n", ct.contact);
	wire_free(&schema_contact, &ct);
	return 0;
}

/* Erases the contact details for good (issue 14): the daemon overwrites their key, keeps
 * a note of when and by whom, and leaves the initiative and its events alone. */
int
cmd_initiative_forget_contact(struct cli *c, int argc, char *argv[])
{
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	struct ref	 r;
	struct done	 d;
	uint32_t	 round, nr;
	size_t		 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (initiative_resolve(c, pos[0], &r.id, &round, &nr) == -1)
		return 1;
	if (cli_request(c, MSG_CONTACT_FORGET, &r, &d) == -1)
		return 1;
	if (c->json)
		printf("{\"id\":%" PRIu32 ",\"round\":%" PRIu32 ",\"nr\":%" PRIu32
		    ",\"erased\":true}\n", r.id, round, nr);
	else
		printf(_("contact details of initiative %" PRIu32 "/%" PRIu32 " erased for "
		    "good\n"), round, nr);
	return 0;
}

/* ---- what a round's events say about its initiatives ------------------------------------ */

/* Calls fn on every public event of round (ledger 0 for round 0), in order, until fn
 * returns non-zero. 0, or -1 if the daemon could not be asked (nothing said). */
static int
events_each(struct cli *c, uint32_t round, int (*fn)(const struct event *, void *), void *arg)
{
	struct event_page_req	q;
	struct event_page	pg;
	size_t			k, n;
	int			more, stop = 0;

	memset(&q, 0, sizeof(q));
	q.round = round;
	while (!stop) {
		if (cli_request_quiet(c, MSG_EVENT_LIST, &q, &pg) == -1)
			return -1;
		for (k = 0; k < pg.events.n && !stop; k++) {
			const struct event *ev = (const struct event *)pg.events.items + k;
			q.after = ev->seq;
			stop = fn(ev, arg);
		}
		n = pg.events.n;
		more = pg.more;
		wire_free(&schema_event_page, &pg);
		if (n == 0 || !more)
			break;
	}
	return 0;
}

struct in_force {
	uint32_t	village;
	uint64_t	upto;		/* ledger-0 seq the round-open names; 0: latest */
	uint32_t	version;
};

static int
find_open(const struct event *ev, void *arg)
{
	struct in_force		*f = arg;
	struct round_open	 ro;

	if (ev->type != MSG_ROUND_OPEN || wire_decode_all(ev->body.p, ev->body.len,
	    &schema_round_open, &ro, NULL) != 0)
		return 0;
	f->upto = ro.village_events;
	wire_free(&schema_round_open, &ro);
	return 1;
}

static int
find_conditions(const struct event *ev, void *arg)
{
	struct in_force		*f = arg;
	struct conditions	 cd;

	if (f->upto && ev->seq > f->upto)
		return 1;
	if (ev->type != MSG_CONDITIONS_SET || ev->subject != f->village ||
	    wire_decode_all(ev->body.p, ev->body.len, &schema_conditions_set, &cd, NULL) != 0)
		return 0;
	f->version = cd.version;
	wire_free(&schema_conditions_set, &cd);
	return 0;
}

/* For `round show`: the version of the village's voorwaarden the round is judged by —
 * the one in force at its open (from the signed round-open and ledger 0), or, in draft,
 * the latest. Prints nothing where the village has none. */
void
round_conditions_line(struct cli *c, const struct round *r)
{
	struct in_force	f;

	memset(&f, 0, sizeof(f));
	f.village = r->village;
	if (r->state != ROUND_DRAFT && (events_each(c, r->id, find_open, &f) == -1 ||
	    f.upto == 0))
		return;
	if (events_each(c, 0, find_conditions, &f) == -1 || f.version == 0)
		return;
	if (r->state == ROUND_DRAFT)
		printf(_("conditions: version %" PRIu32 " of the village (the latest; the "
		    "round takes the one in force when it opens)\n"), f.version);
	else
		printf(_("conditions: version %" PRIu32 " of the village (in force when the "
		    "round opened)\n"), f.version);
}

struct in_story {
	uint32_t		 id;
	struct application	 app;
	int			 have_app;
	struct decision		 dc;
	int			 have_dc;
};

static int
find_story(const struct event *ev, void *arg)
{
	struct in_story	*s = arg;

	if (ev->subject != s->id)
		return 0;
	if ((ev->type == MSG_INITIATIVE_SUBMIT || ev->type == EVENT_PUBLIC_SUBMIT) &&
	    !s->have_app && wire_decode_all(ev->body.p, ev->body.len, &schema_application,
	    &s->app, NULL) == 0)
		s->have_app = 1;
	if (ev->type == MSG_INITIATIVE_DECIDE) {
		if (s->have_dc)
			wire_free(&schema_decision, &s->dc);
		s->have_dc = wire_decode_all(ev->body.p, ev->body.len, &schema_decision, &s->dc,
		    NULL) == 0;
	}
	return 0;
}

/* `initiative show ROUND/NR`: the initiative, its aanvraag (budget lines, co-funding,
 * volunteers, planned period) and the decision condition by condition, from the round's
 * signed events. Never the contact details. */
int
cmd_initiative_show(struct cli *c, int argc, char *argv[])
{
	char			*pos[CLI_MAXPOS], err[ERR_LEN], m[MONEY_BUF];
	struct ref		 r;
	struct initiative_list	 il;
	const struct initiative	*in = NULL;
	struct in_story		 s;
	uint32_t		 round, nr, i;
	size_t			 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (initiative_resolve(c, pos[0], &r.id, &round, &nr) == -1)
		return 1;
	if (round == 0)
		return cli_fail(_("initiative %s: write it as ROUND/NUMBER, like 5/3"), pos[0]);
	memset(&s, 0, sizeof(s));
	s.id = r.id;
	{
		struct ref rr = { round };
		if (cli_request(c, MSG_INITIATIVE_LIST, &rr, &il) == -1)
			return 1;
	}
	for (i = 0; i < il.items.n; i++)
		if (((const struct initiative *)il.items.items)[i].id == r.id)
			in = (const struct initiative *)il.items.items + i;
	if (in == NULL || events_each(c, round, find_story, &s) == -1) {
		wire_free(&schema_initiative_list, &il);
		return cli_fail(_("round %" PRIu32 " has no initiative number %" PRIu32), round, nr);
	}
	if (c->json) {
		printf("{\"round\":%" PRIu32 ",\"nr\":%" PRIu32 ",\"initiative\":", round, nr);
		json_record(stdout, &schema_initiative, in);
		fputs(",\"application\":", stdout);
		if (s.have_app)
			json_record(stdout, &schema_application, &s.app);
		else
			fputs("null", stdout);
		fputs(",\"decision\":", stdout);
		if (s.have_dc)
			json_record(stdout, &schema_decision, &s.dc);
		else
			fputs("null", stdout);
		fputs("}\n", stdout);
	} else {
		printf(_("initiative %" PRIu32 "/%" PRIu32 ": %s\n"), round, nr, in->title);
		printf(_("  status       %s\n"), _(initiative_status_name(in->status)));
		printf(_("  cost         %s\n"), money_format(m, sizeof(m), in->cost));
		if (in->proposer[0])
			printf(_("  proposer     %s\n"), in->proposer);
		if (in->category[0])
			printf(_("  category     %s\n"), in->category);
		if (s.have_app) {
			const struct money_line *l = s.app.lines.items;
			for (i = 0; i < s.app.lines.n; i++)
				printf(_("  budget line  %s: %s\n"), l[i].what,
				    money_format(m, sizeof(m), l[i].amount));
			l = s.app.cofunding.items;
			for (i = 0; i < s.app.cofunding.n; i++)
				printf(_("  co-funding   %s: %s\n"), l[i].what,
				    money_format(m, sizeof(m), l[i].amount));
			if (s.app.volunteers)
				printf(_("  volunteers   %" PRIu32 "\n"), s.app.volunteers);
			if (s.app.planned[0])
				printf(_("  planned      %s\n"), s.app.planned);
		}
		if (s.have_dc && s.dc.conditions) {
			const struct decision_item *d = s.dc.met.items;
			printf(_("  conditions   version %" PRIu32 ":"), s.dc.conditions);
			for (i = 0; i < s.dc.met.n; i++)
				printf(" %" PRIu32 "%s", i + 1, d[i].met ? _(" met") : _(" NOT met"));
			putchar('\n');
		}
		if (in->reason[0])
			printf(_("  reason       %s\n"), in->reason);
	}
	if (s.have_app)
		wire_free(&schema_application, &s.app);
	if (s.have_dc)
		wire_free(&schema_decision, &s.dc);
	wire_free(&schema_initiative_list, &il);
	return 0;
}
