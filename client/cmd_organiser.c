/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_organiser.c — the organiser's commands (keygen, status, village, round, initiative)
 * and the argument parsing every command shares. Each command checks its arguments fully
 * before it connects, so a typo never reaches the daemon; state changes are signed with
 * the organiser key (conn.c). docs/cli.md describes every command.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "key.h"
#include "money.h"
#include "json.h"
#include "result.h"
#include "roundnr.h"

int
cli_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("dorpsstem: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	putc('\n', stderr);
	return 1;
}

int
cli_argfail(const struct cli *c, const char *err)
{
	return cli_fail(_("%s: %s (see: dorpsstem %s --help)"), c->cmd, err, c->cmd);
}

/* ---- arguments --------------------------------------------------------------------- */

int
cli_args(int argc, char *argv[], struct cli_opt *opts, size_t nopts, char *pos[CLI_MAXPOS],
    size_t minpos, size_t maxpos, size_t *npos, char *err, size_t errlen)
{
	struct cli_opt	*o;
	char		*a, *eq;
	size_t		 k, nl, n = 0;
	int		 i, endopts = 0;

	for (k = 0; k < nopts; k++)
		opts[k].val = NULL;
	if (maxpos > CLI_MAXPOS)
		maxpos = CLI_MAXPOS;
	for (i = 0; i < argc; i++) {
		a = argv[i];
		if (!endopts && strcmp(a, "--") == 0) {
			endopts = 1;
			continue;
		}
		if (endopts || a[0] != '-' || a[1] == '\0') {
			if (n == maxpos) {
				snprintf(err, errlen, _("unexpected argument \"%s\""), a);
				return -1;
			}
			pos[n++] = argv[i];
			continue;
		}
		eq = a[1] == '-' ? strchr(a, '=') : NULL;
		nl = eq ? (size_t)(eq - a) : strlen(a);
		for (o = NULL, k = 0; k < nopts && o == NULL; k++)
			if (strlen(opts[k].name) == nl && strncmp(opts[k].name, a, nl) == 0)
				o = &opts[k];
		if (o == NULL) {
			snprintf(err, errlen, _("unknown option %.*s"), (int)nl, a);
			return -1;
		}
		if (o->val != NULL) {
			snprintf(err, errlen, _("%s given twice"), o->name);
			return -1;
		}
		if (!o->has_arg) {
			if (eq) {
				snprintf(err, errlen, _("%s takes no value"), o->name);
				return -1;
			}
			o->val = "";
		} else if (eq)
			o->val = eq + 1;
		else if (i + 1 < argc)
			o->val = argv[++i];
		else {
			snprintf(err, errlen, _("%s needs a value"), o->name);
			return -1;
		}
	}
	if (n < minpos) {
		snprintf(err, errlen, "%s", ngettext("missing argument", "missing arguments",
		    minpos - n));
		return -1;
	}
	*npos = n;
	return 0;
}

static int
parse_u32(const char *s, uint32_t *v)
{
	unsigned long long	n;
	char			*end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end != '\0' || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

int
parse_id(const char *s, uint32_t *id, const char **why)
{
	if (parse_u32(s, id) == -1 || *id == 0) {
		*why = _("ids are whole numbers from 1 (like 3)");
		return -1;
	}
	return 0;
}

int
parse_count(const char *s, uint32_t *n, const char **why)
{
	if (parse_u32(s, n) == -1) {
		*why = _("not a whole number from 0 up");
		return -1;
	}
	return 0;
}

/* Reads exactly n digits. */
static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
parse_time(const char *s, time_t now, int64_t *t, const char **why)
{
	struct tm	 tm, back;
	unsigned long long n;
	const char	*p;
	char		*end;
	time_t		 tt;
	int		 y, mo, d, h, mi, sec = 0, mult = 1;
	size_t		 len = strlen(s);

	if (s[0] == '+') {
		*why = _("relative times are +N, +Ns, +Nm, +Nh or +Nd");
		if (!isdigit((unsigned char)s[1]))
			return -1;
		errno = 0;
		n = strtoull(s + 1, &end, 10);
		if (errno || (end[0] != '\0' && end[1] != '\0'))
			return -1;
		switch (*end) {
		case '\0': case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		default: return -1;
		}
		if (n > (unsigned long long)(INT64_MAX / 2) / (unsigned)mult) {
			*why = _("that time is too far away");
			return -1;
		}
		*t = (int64_t)now + (int64_t)n * mult;
		return 0;
	}
	*why = _("times are YYYY-MM-DD HH:MM (local time), YYYY-MM-DDTHH:MM[:SS] or +N[smhd]");
	p = s;
	if ((len != 16 && len != 19) || digits(p, 4, &y) || p[4] != '-' ||
	    digits(p + 5, 2, &mo) || p[7] != '-' || digits(p + 8, 2, &d) ||
	    (p[10] != ' ' && p[10] != 'T') || digits(p + 11, 2, &h) || p[13] != ':' ||
	    digits(p + 14, 2, &mi) || (len == 19 && (p[16] != ':' || digits(p + 17, 2, &sec))))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	back = tm;
	if ((tt = mktime(&tm)) == (time_t)-1 && errno == EOVERFLOW)
		return -1;
	/* mktime normalises 31 April to 1 May: refuse dates and times that do not exist. */
	if (tm.tm_year != back.tm_year || tm.tm_mon != back.tm_mon ||
	    tm.tm_mday != back.tm_mday || tm.tm_hour != back.tm_hour ||
	    tm.tm_min != back.tm_min || tm.tm_sec != back.tm_sec) {
		*why = _("no such date or time (in local time)");
		return -1;
	}
	*t = (int64_t)tt;
	return 0;
}

/* Checks a text argument before it goes on the wire. */
static int
check_text(const char *what, const char *s, size_t max, int required, char *err,
    size_t errlen)
{
	if (required && *s == '\0')
		snprintf(err, errlen, _("the %s must not be empty"), what);
	else if (strlen(s) > max)
		snprintf(err, errlen, _("the %s is too long (at most %zu bytes)"), what, max);
	else if (!utf8_valid(s, strlen(s)))
		snprintf(err, errlen, _("the %s must be UTF-8 text without control characters"),
		    what);
	else
		return 0;
	return -1;
}

static int
check_amount(const char *opt, const char *s, uint64_t *cents, char *err, size_t errlen)
{
	const char *why;

	if (money_parse(s, cents, &why) == -1) {
		snprintf(err, errlen, "%s %s", opt, why);	/* why quotes s */
		return -1;
	}
	if (*cents == 0) {
		snprintf(err, errlen, "%s must be more than \xe2\x82\xac 0", opt);
		return -1;
	}
	return 0;
}

enum { RC_BUDGET, RC_BALLOT, RC_MIN, RC_MAX, RC_LIMIT, RC_POINTS, RC_MAXPOINTS, RC_RULE,
    RC_TIEBREAK, RC_OPENS, RC_CLOSES, RC_THRESHOLD, RC_N };

int
round_create_args(int argc, char *argv[], time_t now, struct round *r, const char **village,
    char *err, size_t errlen)
{
	struct cli_opt o[RC_N] = {
		{ "--budget", 1, NULL }, { "--ballot", 1, NULL }, { "--min", 1, NULL },
		{ "--max", 1, NULL }, { "--limit", 1, NULL }, { "--points", 1, NULL },
		{ "--max-points", 1, NULL }, { "--rule", 1, NULL }, { "--tie-break", 1, NULL },
		{ "--opens", 1, NULL }, { "--closes", 1, NULL }, { "--threshold", 1, NULL }
	};
	static char	 default_tie_break[] = "cost-votes";
	static char	 rule[RULE_MAX_BYTES + 1];
	char		*pos[CLI_MAXPOS];
	const char	*why;
	size_t		 npos;
	int		 choices, t;

	memset(r, 0, sizeof(*r));
	if (cli_args(argc, argv, o, RC_N, pos, 2, 2, &npos, err, errlen) == -1)
		return -1;
	*village = pos[0];
	r->name = pos[1];
	if (check_text(_("round name"), r->name, NAME_MAX_BYTES, 1, err, errlen) == -1)
		return -1;
	if (o[RC_BUDGET].val == NULL || o[RC_BALLOT].val == NULL || o[RC_RULE].val == NULL) {
		snprintf(err, errlen, _("--budget, --ballot and --rule are required"));
		return -1;
	}
	if (check_amount("--budget", o[RC_BUDGET].val, &r->budget, err, errlen) == -1)
		return -1;
	if ((t = ballot_type_parse(o[RC_BALLOT].val)) == 0) {
		snprintf(err, errlen, _("--ballot must be approval, knapsack, cumulative or "
		    "ordinal, not \"%s\""), o[RC_BALLOT].val);
		return -1;
	}
	r->ballot = (uint8_t)t;
	choices = t == BALLOT_APPROVAL || t == BALLOT_KNAPSACK || t == BALLOT_ORDINAL;
	if (!choices && (o[RC_MIN].val || o[RC_MAX].val)) {
		snprintf(err, errlen, _("--min and --max apply to approval, knapsack and ordinal "
		    "ballots, not %s"), ballot_type_name((unsigned)t));
		return -1;
	}
	if (t != BALLOT_KNAPSACK && o[RC_LIMIT].val) {
		snprintf(err, errlen, _("--limit applies only to knapsack ballots"));
		return -1;
	}
	if (t != BALLOT_CUMULATIVE && (o[RC_POINTS].val || o[RC_MAXPOINTS].val)) {
		snprintf(err, errlen, _("--points and --max-points apply only to cumulative "
		    "ballots"));
		return -1;
	}
	if ((o[RC_MIN].val && parse_count(o[RC_MIN].val, &r->min_choices, &why) == -1) ||
	    (o[RC_MAX].val && parse_count(o[RC_MAX].val, &r->max_choices, &why) == -1)) {
		snprintf(err, errlen, _("--min/--max: %s"), why);
		return -1;
	}
	if (r->max_choices && r->min_choices > r->max_choices) {
		snprintf(err, errlen, _("--min is larger than --max"));
		return -1;
	}
	if (t == BALLOT_KNAPSACK) {
		r->limit = r->budget;	/* the Amsterdam ballot: choose up to the budget */
		if (o[RC_LIMIT].val && check_amount("--limit", o[RC_LIMIT].val, &r->limit, err,
		    errlen) == -1)
			return -1;
	}
	if (t == BALLOT_CUMULATIVE) {
		if (o[RC_POINTS].val == NULL) {
			snprintf(err, errlen, _("a cumulative ballot needs --points N"));
			return -1;
		}
		if (parse_count(o[RC_POINTS].val, &r->points, &why) == -1 || r->points == 0) {
			snprintf(err, errlen, _("--points wants a whole number from 1 up"));
			return -1;
		}
		if (o[RC_MAXPOINTS].val && (parse_count(o[RC_MAXPOINTS].val, &r->max_points,
		    &why) == -1 || r->max_points == 0 || r->max_points > r->points)) {
			snprintf(err, errlen, _("--max-points wants a whole number from 1 up to "
			    "--points"));
			return -1;
		}
	}
	r->rule = o[RC_RULE].val;
	if (check_text(_("rule"), r->rule, RULE_MAX_BYTES, 1, err, errlen) == -1)
		return -1;
	/* greedy-threshold with --threshold N is the round's rule greedy-threshold:N. */
	if (strcmp(r->rule, "greedy-threshold") == 0 || o[RC_THRESHOLD].val) {
		uint32_t n;

		if (strncmp(r->rule, "greedy-threshold", 16) != 0) {
			snprintf(err, errlen, _("--threshold belongs to --rule greedy-threshold"));
			return -1;
		}
		if (o[RC_THRESHOLD].val == NULL) {
			snprintf(err, errlen, _("--rule greedy-threshold needs --threshold N: the "
			    "least number of votes an initiative must have to be funded"));
			return -1;
		}
		if (parse_count(o[RC_THRESHOLD].val, &n, &why) == -1 || n == 0 ||
		    n > ROUND_THRESHOLD_MAX) {
			snprintf(err, errlen, _("--threshold wants a whole number from 1 up"));
			return -1;
		}
		snprintf(rule, sizeof(rule), "greedy-threshold:%" PRIu32, n);
		r->rule = rule;
	}
	r->tie_break = o[RC_TIEBREAK].val ? o[RC_TIEBREAK].val :
	    default_tie_break;
	if (check_text(_("tie-break"), r->tie_break, RULE_MAX_BYTES, 1, err, errlen) == -1)
		return -1;
	if ((o[RC_OPENS].val && parse_time(o[RC_OPENS].val, now, &r->opens, &why) == -1) ||
	    (o[RC_CLOSES].val && parse_time(o[RC_CLOSES].val, now, &r->closes, &why) == -1)) {
		snprintf(err, errlen, _("--opens/--closes: %s"), why);
		return -1;
	}
	if (r->closes && r->closes <= (int64_t)now) {
		snprintf(err, errlen, _("--closes is in the past"));
		return -1;
	}
	if (r->opens && r->closes && r->closes <= r->opens) {
		snprintf(err, errlen, _("--closes must be later than --opens"));
		return -1;
	}
	return 0;
}

/* ---- talking to the daemon --------------------------------------------------------- */

static int
cli_connect(struct cli *c)
{
	struct conn_opts o = { c->socket, c->host, c->fingerprint, c->home, 1 };

	if (c->connected)
		return 0;
	if (conn_open(&c->conn, &o) == -1) {
		cli_fail("%s", c->conn.err);
		conn_close(&c->conn);
		return -1;
	}
	c->connected = 1;
	return 0;
}

/* Sends one request (signed when its type says so) and fills reply; prints the error. */
int
cli_request(struct cli *c, uint16_t type, const void *req, void *reply)
{
	const struct msg_desc	*d = msg_lookup(type);
	struct signer		 s, *sp = NULL;
	char			 path[4096], err[ERR_LEN];
	const char		*keyfile = c->keyfile;
	int			 rc = -1;

	/* The key is read before connecting: a missing key is the likelier mistake. */
	if (d != NULL && (d->flags & MSGF_SIGNED)) {
		if (keyfile == NULL && ((keyfile = getenv("DORPSSTEM_KEY")) == NULL ||
		    *keyfile == '\0')) {
			snprintf(path, sizeof(path), "%s/organiser.key", c->home);
			keyfile = path;
		}
		if (signer_open(&s, keyfile, c->home, err, sizeof(err)) == -1) {
			cli_fail("%s", err);
			return -1;
		}
		sp = &s;
	}
	if (cli_connect(c) == 0) {
		if ((rc = conn_request(&c->conn, type, req, sp, reply)) == -1)
			cli_fail("%s", c->conn.err);
	}
	if (sp)
		signer_close(sp);
	return rc;
}

/* An unsigned request that may be refused without a word: -1 then, with the daemon's code
 * in c->conn.error_code (0 if it could not be asked). */
int
cli_request_quiet(struct cli *c, uint16_t type, const void *req, void *reply)
{
	c->conn.error_code = 0;
	if (cli_connect(c) != 0)
		return -1;
	return conn_request(&c->conn, type, req, NULL, reply);
}

/* VILLAGE as a number is an id; else a name, looked up without regard to (ASCII) case.
 * The village list is handed back in *vl when asked for (names for tables). */
int
village_resolve(struct cli *c, const char *s, uint32_t *id, struct village_list *vl)
{
	struct village_list	 l;
	const struct village	*v;
	const char		*why;
	uint32_t		 i, found = 0;
	int			 numeric = isdigit((unsigned char)*s);

	if (numeric && parse_id(s, id, &why) == -1) {
		cli_fail(_("village %s: %s"), s, why);
		return -1;
	}
	if (numeric && vl == NULL)
		return 0;	/* the daemon says so if there is no such village */
	if (cli_request(c, MSG_VILLAGE_LIST, &(char){ 0 }, &l) == -1)
		return -1;
	for (i = 0; !numeric && i < l.items.n; i++) {
		v = (const struct village *)l.items.items + i;
		if (strcasecmp(v->name, s) == 0) {
			*id = v->id;
			found++;
		}
	}
	if (!numeric && found != 1) {
		wire_free(&schema_village_list, &l);
		if (found == 0)
			cli_fail(_("there is no village named \"%s\" (see: dorpsstem village list)"),
			    s);
		else
			cli_fail(_("several villages are named \"%s\": give its id"), s);
		return -1;
	}
	if (vl)
		*vl = l;
	else
		wire_free(&schema_village_list, &l);
	return 0;
}

/* Parses the single ID argument of show/open/close/admit/… commands. */
int
one_id(struct cli *c, int argc, char *argv[], const char *what, uint32_t *id)
{
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	const char	*why;
	size_t		 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1) {
		cli_argfail(c, err);
		return -1;
	}
	if (parse_id(pos[0], id, &why) == -1) {
		cli_fail("%s %s: %s", what, pos[0], why);
		return -1;
	}
	return 0;
}

/* A signed request on one id; prints "WHAT ID VERB". */
static int
change_one(struct cli *c, int argc, char *argv[], uint16_t type, const char *what,
    const char *verb)
{
	struct ref	r;
	struct done	d;

	if (one_id(c, argc, argv, what, &r.id) == -1)
		return 1;
	if (cli_request(c, type, &r, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = r.id;
	c->out->done(stdout, what, verb, &d);
	return 0;
}

/* ---- initiatives by their round's number (roundnr.h) --------------------------------- */

int
initiative_resolve(struct cli *c, const char *s, uint32_t *id, uint32_t *round, uint32_t *nr)
{
	struct ref		 r;
	struct initiative_list	 il;
	const char		*why;
	int			 k;

	*id = *round = *nr = 0;
	if ((k = roundnr_parse(s, round, nr)) == -1) {
		cli_fail(_("initiative %s: write it as ROUND/NUMBER, like 5/3"), s);
		return -1;
	}
	if (k == 0) {
		*round = *nr = 0;
		if (parse_id(s, id, &why) == -1) {
			cli_fail(_("initiative %s: %s"), s, why);
			return -1;
		}
		return 0;
	}
	r.id = *round;
	if (cli_request(c, MSG_INITIATIVE_LIST, &r, &il) == -1)
		return -1;
	*id = initiative_id_of_nr(il.items.items, il.items.n, *round, *nr);
	wire_free(&schema_initiative_list, &il);
	if (*id == 0) {
		cli_fail(_("round %" PRIu32 " has no initiative number %" PRIu32), *round, *nr);
		return -1;
	}
	return 0;
}

uint32_t
initiative_number(struct cli *c, uint32_t round, uint32_t id)
{
	struct ref		r = { round };
	struct initiative_list	il;
	uint32_t		nr;

	if (cli_request(c, MSG_INITIATIVE_LIST, &r, &il) == -1)
		return 0;
	nr = initiative_nr(il.items.items, il.items.n, round, id);
	wire_free(&schema_initiative_list, &il);
	return nr;
}

void
initiative_done(struct cli *c, const char *verb, uint32_t round, uint32_t nr,
    const struct done *d)
{
	if (c->json) {
		fprintf(stdout, "{\"id\":%" PRIu32 ",\"event\":%" PRIu64, d->id, d->event);
		if (nr)
			fprintf(stdout, ",\"round\":%" PRIu32 ",\"nr\":%" PRIu32, round, nr);
		fputs("}\n", stdout);
	} else if (nr)
		/* TRANSLATORS: "initiative 5/3 admitted": round, number in it, the verb. */
		printf(_("initiative %" PRIu32 "/%" PRIu32 " %s\n"), round, nr, verb);
	else
		c->out->done(stdout, _("initiative"), verb, d);
}

/* admit and withdraw: one initiative as ROUND/NR (or id). */
static int
change_initiative(struct cli *c, int argc, char *argv[], uint16_t type, const char *verb)
{
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;
	struct ref	 r;
	struct done	 d;
	uint32_t	 round, nr;
	int		 k;

	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (initiative_resolve(c, pos[0], &r.id, &round, &nr) == -1)
		return 1;
	/* Admitting in a village with voorwaarden records every condition as met. */
	if (type == MSG_INITIATIVE_ADMIT && round) {
		if ((k = initiative_decide_cli(c, round, r.id, INIT_ADMITTED, NULL, NULL, &d)) ==
		    -1)
			return 1;
		if (k == 1) {
			initiative_done(c, verb, round, nr, &d);
			return 0;
		}
	}
	if (cli_request(c, type, &r, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = r.id;
	initiative_done(c, verb, round, nr, &d);
	return 0;
}

/* ---- commands ---------------------------------------------------------------------- */

/* Makes the missing folders above FILE (mode 0700: they hold secret keys), like
 * ~/.config/dorpsstem for the handleiding's first command. Existing ones are left alone. */
static int
make_parents(const char *file)
{
	char	*p, *s;
	int	 e;

	if ((p = strdup(file)) == NULL)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

int
cmd_keygen(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "-o", 1, NULL }, { "--comment", 1, NULL } };
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	const char	*why;
	uint8_t		 pk[KEY_BYTES];
	size_t		 npos;

	if (cli_args(argc, argv, o, 2, pos, 0, 0, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[0].val == NULL || *o[0].val == '\0')
		return cli_fail(_("keygen needs -o FILE: where to write the secret key"));
	if (make_parents(o[0].val) == -1)
		return cli_fail(_("%s: cannot make its folder: %s"), o[0].val, strerror(errno));
	errno = 0;
	if (key_generate(o[0].val, o[1].val, pk, &why) == -1)
		return cli_fail("%s: %s%s%s", o[0].val, why, errno && errno != EEXIST ? ": " : "",
		    errno && errno != EEXIST ? strerror(errno) : "");
	c->out->keygen(stdout, o[0].val, pk);
	return 0;
}

int
cmd_status(struct cli *c, int argc, char *argv[])
{
	struct status	 st;
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 0, 0, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (cli_request(c, MSG_STATUS, &(char){ 0 }, &st) == -1)
		return 1;
	c->out->status(stdout, &st, &c->conn);
	wire_free(&schema_status, &st);
	return 0;
}

int
cmd_village_add(struct cli *c, int argc, char *argv[])
{
	struct village	 v;
	struct done	 d;
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;

	memset(&v, 0, sizeof(v));
	if (cli_args(argc, argv, NULL, 0, pos, 1, 1, &npos, err, sizeof(err)) == -1 ||
	    check_text(_("village name"), pos[0], NAME_MAX_BYTES, 1, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	v.name = pos[0];
	if (cli_request(c, MSG_VILLAGE_ADD, &v, &d) == -1)
		return 1;
	c->out->done(stdout, _("village"), _("added"), &d);
	return 0;
}

int
cmd_village_list(struct cli *c, int argc, char *argv[])
{
	struct village_list	 l;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t			 npos;

	if (cli_args(argc, argv, NULL, 0, pos, 0, 0, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (cli_request(c, MSG_VILLAGE_LIST, &(char){ 0 }, &l) == -1)
		return 1;
	c->out->villages(stdout, &l);
	wire_free(&schema_village_list, &l);
	return 0;
}

int
cmd_round_create(struct cli *c, int argc, char *argv[])
{
	struct round	 r;
	struct done	 d;
	const char	*village;
	char		 err[ERR_LEN];

	if (round_create_args(argc, argv, time(NULL), &r, &village, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (village_resolve(c, village, &r.village, NULL) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_CREATE, &r, &d) == -1)
		return 1;
	c->out->done(stdout, _("round"), _("created"), &d);
	return 0;
}

/* One synthetic argument for round_create_args. */
struct setarg {
	char	*argv[32];
	char	 buf[16][64];
	int	 argc, nbuf;
};

static void
setarg_add(struct setarg *a, const char *opt, const char *val)
{
	if (a->argc + 2 > (int)(sizeof(a->argv) / sizeof(a->argv[0])))
		return;
	a->argv[a->argc++] = (char *)(uintptr_t)opt;
	if (val)
		a->argv[a->argc++] = (char *)(uintptr_t)val;
}

static const char *
setarg_fmt(struct setarg *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *
setarg_fmt(struct setarg *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*b = a->buf[a->nbuf < 15 ? a->nbuf++ : 15];

	va_start(ap, fmt);
	vsnprintf(b, sizeof(a->buf[0]), fmt, ap);
	va_end(ap);
	return b;
}

static const char *
setarg_money(struct setarg *a, uint64_t cents)
{
	return setarg_fmt(a, "%llu.%02u", (unsigned long long)(cents / 100),
	    (unsigned)(cents % 100));
}

static const char *
setarg_time(struct setarg *a, int64_t t)
{
	char		*b = a->buf[a->nbuf < 15 ? a->nbuf++ : 15];
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	strftime(b, sizeof(a->buf[0]), "%Y-%m-%dT%H:%M:%S", localtime_r(&tt, &tm));
	return b;
}

/*
 * round set: the round's current settings, overridden by the options given, checked by
 * the very parser round create uses, sent whole. Settings that belong to a ballot type
 * (--min/--max, --limit, --points) are kept only while the type stays; a knapsack limit
 * equal to the old budget follows a new budget. "--opens none" and "--closes none" clear
 * a schedule.
 */
int
cmd_round_set(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--name", 1, NULL }, { "--budget", 1, NULL },
	    { "--ballot", 1, NULL }, { "--min", 1, NULL }, { "--max", 1, NULL },
	    { "--limit", 1, NULL }, { "--points", 1, NULL }, { "--max-points", 1, NULL },
	    { "--rule", 1, NULL }, { "--tie-break", 1, NULL }, { "--opens", 1, NULL },
	    { "--closes", 1, NULL }, { "--threshold", 1, NULL } };
	enum { S_NAME, S_BUDGET, S_BALLOT, S_MIN, S_MAX, S_LIMIT, S_POINTS, S_MAXPOINTS,
	    S_RULE, S_TIEBREAK, S_OPENS, S_CLOSES, S_THRESHOLD, S_N };
	struct round_info	 ri;
	struct round		 r;
	struct ref		 ref;
	struct done		 d;
	struct setarg		 a;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	const char		*why, *village;
	size_t			 npos;
	int			 same_type, rc = 1;
	const struct round	*cur;

	if (cli_args(argc, argv, o, S_N, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return 1;
	cur = &ri.round;
	memset(&a, 0, sizeof(a));
	setarg_add(&a, setarg_fmt(&a, "%u", cur->village), NULL);
	setarg_add(&a, o[S_NAME].val ? o[S_NAME].val : cur->name, NULL);
	setarg_add(&a, "--budget", o[S_BUDGET].val ? o[S_BUDGET].val :
	    setarg_money(&a, cur->budget));
	setarg_add(&a, "--ballot", o[S_BALLOT].val ? o[S_BALLOT].val :
	    ballot_type_name(cur->ballot));
	same_type = o[S_BALLOT].val == NULL ||
	    ballot_type_parse(o[S_BALLOT].val) == (int)cur->ballot;
#define KEEP(S, opt, cond, dflt)	do {						\
		if (o[S].val)							\
			setarg_add(&a, opt, o[S].val);				\
		else if (same_type && (cond))					\
			setarg_add(&a, opt, dflt);				\
	} while (0)
	KEEP(S_MIN, "--min", cur->min_choices, setarg_fmt(&a, "%u", cur->min_choices));
	KEEP(S_MAX, "--max", cur->max_choices, setarg_fmt(&a, "%u", cur->max_choices));
	KEEP(S_LIMIT, "--limit", cur->ballot == BALLOT_KNAPSACK && cur->limit != cur->budget,
	    setarg_money(&a, cur->limit));
	KEEP(S_POINTS, "--points", cur->points, setarg_fmt(&a, "%u", cur->points));
	KEEP(S_MAXPOINTS, "--max-points", cur->max_points,
	    setarg_fmt(&a, "%u", cur->max_points));
#undef KEEP
	if (o[S_THRESHOLD].val) {
		/* A new threshold: the rule stays greedy-threshold (or becomes it). */
		setarg_add(&a, "--rule", o[S_RULE].val ? o[S_RULE].val : "greedy-threshold");
		setarg_add(&a, "--threshold", o[S_THRESHOLD].val);
	} else
		setarg_add(&a, "--rule", o[S_RULE].val ? o[S_RULE].val : cur->rule);
	setarg_add(&a, "--tie-break", o[S_TIEBREAK].val ? o[S_TIEBREAK].val : cur->tie_break);
	if (o[S_OPENS].val ? strcmp(o[S_OPENS].val, "none") != 0 : cur->opens != 0)
		setarg_add(&a, "--opens", o[S_OPENS].val ? o[S_OPENS].val :
		    setarg_time(&a, cur->opens));
	if (o[S_CLOSES].val ? strcmp(o[S_CLOSES].val, "none") != 0 : cur->closes != 0)
		setarg_add(&a, "--closes", o[S_CLOSES].val ? o[S_CLOSES].val :
		    setarg_time(&a, cur->closes));
	if (round_create_args(a.argc, a.argv, time(NULL), &r, &village, err,
	    sizeof(err)) == -1) {
		cli_argfail(c, err);
		goto out;
	}
	r.id = ref.id;
	r.village = cur->village;
	if (cli_request(c, MSG_ROUND_SET, &r, &d) == -1)
		goto out;
	if (d.id == 0)
		d.id = ref.id;
	c->out->done(stdout, _("round"), _("changed"), &d);
	rc = 0;
out:
	wire_free(&schema_round_info, &ri);
	return rc;
}

int
cmd_round_list(struct cli *c, int argc, char *argv[])
{
	struct round_filter	 f = { 0 };
	struct round_list	 rl;
	struct village_list	 vl;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t			 npos;
	int			 rc = 1;

	if (cli_args(argc, argv, NULL, 0, pos, 0, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	/* The village list also gives the table its names. */
	if (npos == 1) {
		if (village_resolve(c, pos[0], &f.village, &vl) == -1)
			return 1;
	} else if (cli_request(c, MSG_VILLAGE_LIST, &(char){ 0 }, &vl) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_LIST, &f, &rl) == 0) {
		c->out->rounds(stdout, &rl, &vl);
		wire_free(&schema_round_list, &rl);
		rc = 0;
	}
	wire_free(&schema_village_list, &vl);
	return rc;
}

int
cmd_round_show(struct cli *c, int argc, char *argv[])
{
	struct ref		r;
	struct round_info	ri;

	if (one_id(c, argc, argv, _("round"), &r.id) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_SHOW, &r, &ri) == -1)
		return 1;
	c->out->round_info(stdout, &ri);
	if (!c->json) {
		char fp[FINGERPRINT_TEXT];
		round_conditions_line(c, &ri.round);
		if (round_fingerprint_of(c, ri.round.village, fp) == 0)
			printf(_("fingerprint: %s (organiser keys and daemon key; audit verify "
			    "--fingerprint)\n"), fp);
	}
	wire_free(&schema_round_info, &ri);
	return 0;
}

int
round_fingerprint_of(struct cli *c, uint32_t village, char fp[FINGERPRINT_TEXT])
{
	struct organiser_list	ol;
	int			rc;

	if (cli_request(c, MSG_ORGANISER_LIST, &(char){ 0 }, &ol) == -1)
		return -1;
	rc = round_fingerprint(c->conn.daemon_key, ol.items.items, ol.items.n, village, fp);
	wire_free(&schema_organiser_list, &ol);
	return rc;
}

/* The open names the ledger heads it opens on (docs/audit.md §3.3): the round's and
 * ledger 0's, as the daemon shows them now; the daemon refuses if either moved. */
int
cmd_round_open(struct cli *c, int argc, char *argv[])
{
	struct round_open	ro;
	struct done		d;

	memset(&ro, 0, sizeof(ro));
	if (one_id(c, argc, argv, "round", &ro.id) == -1)
		return 1;
	if (ledger_head_public(c, ro.id, &ro.events, ro.head) == -1 ||
	    ledger_head_public(c, 0, &ro.village_events, ro.village_head) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_OPEN, &ro, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = ro.id;
	c->out->done(stdout, _("round"), _("opened"), &d);
	return 0;
}

/* The close names ledger 0's head (docs/audit.md §3.3). */
int
cmd_round_close(struct cli *c, int argc, char *argv[])
{
	struct round_open	ro;
	struct done		d;

	memset(&ro, 0, sizeof(ro));
	if (one_id(c, argc, argv, "round", &ro.id) == -1)
		return 1;
	if (ledger_head_public(c, 0, &ro.village_events, ro.village_head) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_CLOSE, &ro, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = ro.id;
	c->out->done(stdout, _("round"), _("closed"), &d);
	return 0;
}

int
cmd_round_cancel(struct cli *c, int argc, char *argv[])
{
	return change_one(c, argc, argv, MSG_ROUND_CANCEL, _("round"), _("cancelled"));
}

int
cmd_initiative_add(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--title", 1, NULL }, { "--cost", 1, NULL },
	    { "--summary", 1, NULL }, { "--proposer", 1, NULL }, { "--category", 1, NULL } };
	static char	 empty[] = "";
	struct initiative in;
	struct done	 d;
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	const char	*why;
	size_t		 npos;

	memset(&in, 0, sizeof(in));
	if (cli_args(argc, argv, o, 5, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &in.round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (o[0].val == NULL || o[1].val == NULL)
		return cli_fail(_("--title and --cost are required"));
	in.title = o[0].val;
	in.summary = o[2].val ? o[2].val : empty;
	in.proposer = o[3].val ? o[3].val : empty;
	in.category = o[4].val ? o[4].val : empty;
	if (check_text(_("title"), in.title, NAME_MAX_BYTES, 1, err, sizeof(err)) == -1 ||
	    check_amount("--cost", o[1].val, &in.cost, err, sizeof(err)) == -1 ||
	    check_text(_("summary"), in.summary, SUMMARY_MAX_BYTES, 0, err, sizeof(err)) == -1 ||
	    check_text(_("proposer"), in.proposer, NAME_MAX_BYTES, 0, err, sizeof(err)) == -1 ||
	    check_text(_("category"), in.category, NAME_MAX_BYTES, 0, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (cli_request(c, MSG_INITIATIVE_ADD, &in, &d) == -1)
		return 1;
	initiative_done(c, _("added"), in.round, initiative_number(c, in.round, d.id), &d);
	return 0;
}

int
cmd_initiative_admit(struct cli *c, int argc, char *argv[])
{
	return change_initiative(c, argc, argv, MSG_INITIATIVE_ADMIT, _("admitted"));
}

int
cmd_initiative_reject(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--reason", 1, NULL }, { "--unmet", 1, NULL } };
	struct initiative in;
	struct done	 d;
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	uint32_t	 round, nr;
	size_t		 npos;
	int		 k;

	memset(&in, 0, sizeof(in));
	if (cli_args(argc, argv, o, 2, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[0].val == NULL)
		return cli_fail(_("--reason is required: say which condition it does not meet"));
	if (initiative_resolve(c, pos[0], &in.id, &round, &nr) == -1)
		return 1;
	in.reason = o[0].val;
	if (check_text(_("reason"), in.reason, REASON_MAX_BYTES, 1, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	/* In a village with voorwaarden the rejection names the conditions not met. */
	if (round && (k = initiative_decide_cli(c, round, in.id, INIT_REJECTED, o[1].val,
	    in.reason, &d)) != 0) {
		if (k == -1)
			return 1;
		initiative_done(c, _("rejected"), round, nr, &d);
		return 0;
	}
	if (o[1].val) {
		cli_fail(_("--unmet needs the initiative as ROUND/NR"));
		return 1;
	}
	if (cli_request(c, MSG_INITIATIVE_REJECT, &in, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = in.id;
	initiative_done(c, _("rejected"), round, nr, &d);
	return 0;
}

int
cmd_initiative_withdraw(struct cli *c, int argc, char *argv[])
{
	return change_initiative(c, argc, argv, MSG_INITIATIVE_WITHDRAW, _("withdrawn"));
}

int
cmd_initiative_list(struct cli *c, int argc, char *argv[])
{
	struct ref		r;
	struct initiative_list	il;

	if (one_id(c, argc, argv, _("round"), &r.id) == -1)
		return 1;
	if (cli_request(c, MSG_INITIATIVE_LIST, &r, &il) == -1)
		return 1;
	if (!c->json)
		decisions_annotate(c, r.id, &il);
	c->out->initiatives(stdout, &il);
	wire_free(&schema_initiative_list, &il);
	return 0;
}
