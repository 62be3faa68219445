/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_client.c — the client's pieces that need no daemon: argument and time parsing,
 * `round create` requests, host names, fingerprints and known_hosts, request counters, the
 * schema-driven JSON writer (proto/json.c) and the text tables (client/output.c), and
 * money as the client shows and reads it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "dorpsstem.h"
#include "json.h"
#include "money.h"
#include "msg.h"

#define EURO	"\xe2\x82\xac"
/* Amsterdam time without depending on tzdata being installed. */
#define TZ_NL	"CET-1CEST,M3.5.0,M10.5.0/3"

/* Runs a writer into a string; the caller frees it. */
#define CAPTURE(buf, call) do {						\
	size_t	 len_;							\
	FILE	*f_ = open_memstream(&(buf), &len_);			\
	assert_non_null(f_);						\
	call;								\
	assert_int_equal(fclose(f_), 0);				\
} while (0)

/* ---- cli_args -------------------------------------------------------------------- */

static void
test_args_options(void **state)
{
	char		*argv[] = { "Kantens", "--budget", "25000", "--rule=greedy", "Name",
	    "--dry", "--", "--not-an-option" };
	struct cli_opt	 o[] = { { "--budget", 1, NULL }, { "--rule", 1, NULL },
	    { "--dry", 0, NULL }, { "--unused", 1, NULL } };
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;

	(void)state;
	assert_int_equal(cli_args(8, argv, o, 4, pos, 0, 3, &npos, err, sizeof(err)), 0);
	assert_string_equal(o[0].val, "25000");
	assert_string_equal(o[1].val, "greedy");
	assert_string_equal(o[2].val, "");
	assert_null(o[3].val);
	assert_int_equal(npos, 3);
	assert_string_equal(pos[0], "Kantens");
	assert_string_equal(pos[1], "Name");
	assert_string_equal(pos[2], "--not-an-option");
}

static void
test_args_errors(void **state)
{
	struct cli_opt	 o[] = { { "--budget", 1, NULL }, { "--dry", 0, NULL } };
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;
	char		*unknown[] = { "--bugdet", "5" }, *twice[] = { "--dry", "--dry" },
			*noval[] = { "--budget" }, *flagval[] = { "--dry=1" },
			*many[] = { "a", "b" }, *dash[] = { "-", "x" };

	(void)state;
	assert_int_equal(cli_args(2, unknown, o, 2, pos, 0, 2, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option --bugdet");
	assert_int_equal(cli_args(2, twice, o, 2, pos, 0, 2, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "--dry given twice");
	assert_int_equal(cli_args(1, noval, o, 2, pos, 0, 2, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "--budget needs a value");
	assert_int_equal(cli_args(1, flagval, o, 2, pos, 0, 2, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "--dry takes no value");
	assert_int_equal(cli_args(2, many, o, 2, pos, 0, 1, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "unexpected argument \"b\"");
	assert_int_equal(cli_args(0, many, o, 2, pos, 2, 2, &npos, err, sizeof(err)), -1);
	assert_string_equal(err, "missing arguments");
	/* A lone "-" is an argument, not an option. */
	assert_int_equal(cli_args(2, dash, o, 2, pos, 2, 2, &npos, err, sizeof(err)), 0);
	assert_string_equal(pos[0], "-");
}

static void
test_parse_numbers(void **state)
{
	const char	*why;
	uint32_t	 v;

	(void)state;
	assert_int_equal(parse_id("7", &v, &why), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_id("4294967295", &v, &why), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(parse_id("0", &v, &why), -1);
	assert_int_equal(parse_id("4294967296", &v, &why), -1);
	assert_int_equal(parse_id("-1", &v, &why), -1);
	assert_int_equal(parse_id("+1", &v, &why), -1);
	assert_int_equal(parse_id(" 1", &v, &why), -1);
	assert_int_equal(parse_id("1x", &v, &why), -1);
	assert_int_equal(parse_id("", &v, &why), -1);
	assert_int_equal(parse_count("0", &v, &why), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_count("3", &v, &why), 0);
	assert_int_equal(v, 3);
	assert_int_equal(parse_count("-3", &v, &why), -1);
}

/* ---- parse_time ------------------------------------------------------------------ */

static int
setup_tz(void **state)
{
	(void)state;
	setenv("TZ", TZ_NL, 1);
	tzset();
	return 0;
}

static void
test_time_absolute(void **state)
{
	const char	*why;
	int64_t		 t;

	(void)state;
	assert_int_equal(parse_time("2025-05-01 09:00", 0, &t, &why), 0);
	assert_int_equal(t, 1746082800);		/* 07:00 UTC, summer time */
	assert_int_equal(parse_time("2025-05-01T09:00", 0, &t, &why), 0);
	assert_int_equal(t, 1746082800);
	assert_int_equal(parse_time("2025-12-24T18:30:15", 0, &t, &why), 0);
	assert_int_equal(t, 1766597415);		/* winter time */
	assert_int_equal(parse_time("2025-12-24 18:30:15", 0, &t, &why), 0);
	assert_int_equal(t, 1766597415);
	assert_int_equal(parse_time("2024-02-29 12:00", 0, &t, &why), 0);
}

static void
test_time_refused(void **state)
{
	static const char *bad[] = {
		"2025-02-29 12:00",	/* not a leap year */
		"2025-04-31 12:00", "2025-13-01 12:00", "2025-00-10 12:00",
		"2025-05-01 24:00", "2025-05-01 12:60", "2025-05-01 12:00:60",
		"2025-03-30 02:30",	/* skipped when summer time starts */
		"2025-5-1 9:00", "2025-05-01", "2025-05-01 09:00Z", "2025-05-01x09:00",
		"2025/05/01 09:00", " 2025-05-01 09:00", "2025-05-01 09:00:0",
		"+", "+x", "+5x", "+5mm", "5m", "+-5", "+ 5", "", "now",
		"+99999999999999999999",
	};
	const char	*why;
	int64_t		 t;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (parse_time(bad[i], 1000, &t, &why) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
}

static void
test_time_relative(void **state)
{
	const char	*why;
	int64_t		 t;

	(void)state;
	assert_int_equal(parse_time("+90", 1000, &t, &why), 0);
	assert_int_equal(t, 1090);
	assert_int_equal(parse_time("+90s", 1000, &t, &why), 0);
	assert_int_equal(t, 1090);
	assert_int_equal(parse_time("+5m", 1000, &t, &why), 0);
	assert_int_equal(t, 1300);
	assert_int_equal(parse_time("+2h", 1000, &t, &why), 0);
	assert_int_equal(t, 1000 + 7200);
	assert_int_equal(parse_time("+1d", 1000, &t, &why), 0);
	assert_int_equal(t, 1000 + 86400);
	assert_int_equal(parse_time("+0", 1000, &t, &why), 0);
	assert_int_equal(t, 1000);
}

/* ---- round create ---------------------------------------------------------------- */

#define NOW	1746000000

static int
rc_args(struct round *r, const char **village, char *err, ...)
{
	char	*argv[32];
	va_list	 ap;
	int	 argc = 0;

	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return round_create_args(argc, argv, NOW, r, village, err, ERR_LEN);
}

static void
test_round_create_knapsack(void **state)
{
	struct round	 r;
	const char	*v;
	char		 err[ERR_LEN];

	(void)state;
	assert_int_equal(rc_args(&r, &v, err, "Kantens", "Dorpsbudget 2025", "--budget",
	    "25.000,00", "--ballot", "knapsack", "--rule", "equalshares", "--opens", "+1h",
	    "--closes", "+2d", NULL), 0);
	assert_string_equal(v, "Kantens");
	assert_string_equal(r.name, "Dorpsbudget 2025");
	assert_int_equal(r.ballot, BALLOT_KNAPSACK);
	assert_int_equal(r.budget, 2500000);
	assert_int_equal(r.limit, 2500000);		/* defaults to the budget */
	assert_string_equal(r.rule, "equalshares");
	assert_string_equal(r.tie_break, "cost-votes");
	assert_int_equal(r.opens, NOW + 3600);
	assert_int_equal(r.closes, NOW + 2 * 86400);
	assert_int_equal(r.min_choices, 0);
	assert_int_equal(r.max_choices, 0);

	assert_int_equal(rc_args(&r, &v, err, "3", "X", "--budget", "25000", "--ballot",
	    "KNAPSACK", "--rule", "greedy", "--limit", "1250,50", "--max", "5",
	    "--tie-break", "lexico", NULL), 0);
	assert_int_equal(r.limit, 125050);
	assert_int_equal(r.max_choices, 5);
	assert_string_equal(r.tie_break, "lexico");
}

static void
test_round_create_cumulative(void **state)
{
	struct round	 r;
	const char	*v;
	char		 err[ERR_LEN];

	(void)state;
	assert_int_equal(rc_args(&r, &v, err, "K", "X", "--budget", "1000", "--ballot",
	    "cumulative", "--rule", "greedy", "--points", "10", "--max-points", "3", NULL), 0);
	assert_int_equal(r.points, 10);
	assert_int_equal(r.max_points, 3);
	assert_int_equal(r.limit, 0);
	assert_int_equal(rc_args(&r, &v, err, "K", "X", "--budget", "1000", "--ballot",
	    "cumulative", "--rule", "greedy", NULL), -1);
	assert_non_null(strstr(err, "--points"));
	assert_int_equal(rc_args(&r, &v, err, "K", "X", "--budget", "1000", "--ballot",
	    "cumulative", "--rule", "greedy", "--points", "3", "--max-points", "4", NULL), -1);
}

static void
test_round_create_refused(void **state)
{
	struct round	 r;
	const char	*v;
	char		 err[ERR_LEN];

	(void)state;
#define REFUSED(word, ...) do {							\
	assert_int_equal(rc_args(&r, &v, err, __VA_ARGS__, NULL), -1);		\
	if (strstr(err, word) == NULL)						\
		fail_msg("\"%s\" does not say \"%s\"", err, word);		\
} while (0)
	REFUSED("required", "K", "X", "--ballot", "approval", "--rule", "greedy");
	REFUSED("ambiguous", "K", "X", "--budget", "1,250", "--ballot", "approval",
	    "--rule", "greedy");
	REFUSED("negative", "K", "X", "--budget", "-5", "--ballot", "approval",
	    "--rule", "greedy");
	REFUSED("more than", "K", "X", "--budget", "0", "--ballot", "approval",
	    "--rule", "greedy");
	REFUSED("--ballot must be", "K", "X", "--budget", "5", "--ballot", "ranked",
	    "--rule", "greedy");
	REFUSED("only to knapsack", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--limit", "5");
	REFUSED("only to cumulative", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--points", "5");
	REFUSED("not cumulative", "K", "X", "--budget", "5", "--ballot", "cumulative",
	    "--rule", "greedy", "--points", "5", "--max", "2");
	REFUSED("larger than --max", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--min", "3", "--max", "2");
	REFUSED("later than --opens", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--opens", "+2h", "--closes", "+1h");
	REFUSED("in the past", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--closes", "2020-01-01 10:00");
	REFUSED("times are", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--opens", "tomorrow");
	REFUSED("must not be empty", "K", "", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy");
	REFUSED("control characters", "K", "a\tb", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy");
	REFUSED("missing", "K", "--budget", "5", "--ballot", "approval", "--rule", "greedy");
	REFUSED("unknown option", "K", "X", "--budget", "5", "--ballot", "approval",
	    "--rule", "greedy", "--budegt", "5");
#undef REFUSED
}

/* ---- connection helpers ---------------------------------------------------------- */

static void
test_hostport(void **state)
{
	static const struct { const char *in, *host, *port, *name; } ok[] = {
		{ "example.org:7000", "example.org", "7000", "example.org:7000" },
		{ "example.org", "example.org", "7447", "example.org:7447" },
		{ "127.0.0.1:17447", "127.0.0.1", "17447", "127.0.0.1:17447" },
		{ "[::1]:8000", "::1", "8000", "[::1]:8000" },
		{ "[::1]", "::1", "7447", "[::1]:7447" },
		{ "fe80::1", "fe80::1", "7447", "[fe80::1]:7447" },
	};
	static const char *bad[] = { "", ":7000", "host:", "host:0", "host:65536",
	    "host:port", "host:-1", "[::1", "[::1]x", "[]:5", "host:7000x" };
	char	*h, *p, *n;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(hostport_parse(ok[i].in, &h, &p, &n), 0);
		assert_string_equal(h, ok[i].host);
		assert_string_equal(p, ok[i].port);
		assert_string_equal(n, ok[i].name);
		free(h);
		free(p);
		free(n);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (hostport_parse(bad[i], &h, &p, &n) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
}

#define HEX64	"b98e270dbc21bfb7e49c451b8c76a685e8b145431bbecfdf78fb0c720758c5a1"

static void
test_fingerprint(void **state)
{
	char out[FP_LEN + 1];

	(void)state;
	assert_int_equal(fingerprint_normalize("SHA256:" HEX64, out), 0);
	assert_string_equal(out, "SHA256:" HEX64);
	assert_int_equal(fingerprint_normalize("sha256:B98E270DBC21BFB7E49C451B8C76A685E8B1"
	    "45431BBECFDF78FB0C720758C5A1", out), 0);
	assert_string_equal(out, "SHA256:" HEX64);
	assert_int_equal(fingerprint_normalize(HEX64, out), 0);
	assert_string_equal(out, "SHA256:" HEX64);
	assert_int_equal(fingerprint_normalize("SHA256:B9:8E:27:0D:BC:21:BF:B7:E4:9C:45:1B:"
	    "8C:76:A6:85:E8:B1:45:43:1B:BE:CF:DF:78:FB:0C:72:07:58:C5:A1", out), 0);
	assert_string_equal(out, "SHA256:" HEX64);
	assert_int_equal(fingerprint_normalize("SHA256:" HEX64 "00", out), -1);
	assert_int_equal(fingerprint_normalize("SHA256:b98e", out), -1);
	assert_int_equal(fingerprint_normalize("SHA1:" HEX64, out), -1);
	assert_int_equal(fingerprint_normalize("", out), -1);
}

static void
test_known_hosts(void **state)
{
	char	 dir[] = "/tmp/test_client.XXXXXX", path[256], fp[FP_LEN + 1], err[ERR_LEN];
	FILE	*f;
	int	 line = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/known_hosts", dir);
	assert_int_equal(known_hosts_find(path, "a:1", fp, &line), 0);	/* no file yet */
	assert_int_equal(known_hosts_add(path, "a:1", "SHA256:" HEX64, err, sizeof(err)), 0);
	assert_int_equal(known_hosts_find(path, "a:1", fp, &line), 1);
	assert_string_equal(fp, "SHA256:" HEX64);
	assert_int_equal(line, 1);
	assert_int_equal(known_hosts_find(path, "a:2", fp, &line), 0);
	/* Comments are skipped; a damaged entry still counts as known (never re-trusted). */
	assert_non_null(f = fopen(path, "a"));
	fprintf(f, "# comment\n\nb:7447 garbage\n");
	fclose(f);
	assert_int_equal(known_hosts_find(path, "b:7447", fp, &line), 1);
	assert_int_equal(line, 4);
	assert_string_not_equal(fp, "SHA256:" HEX64);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

static void
test_counter(void **state)
{
	(void)state;
	assert_int_equal(counter_next(0, 1000), 1000);
	assert_int_equal(counter_next(999, 1000), 1000);
	assert_int_equal(counter_next(1000, 1000), 1001);	/* same microsecond */
	assert_int_equal(counter_next(5000, 1000), 5001);	/* clock went back */
}

/* ---- output ---------------------------------------------------------------------- */

static void
test_json_village_list(void **state)
{
	char		 n1[] = "Kantens", n2[] = "\"Oud\" \\ Ëlst";
	struct village	 v[2] = { { 1, n1, 1746082800 }, { 42, n2, -5 } };
	struct village_list vl = { { v, 2 } };
	struct village_list empty = { { NULL, 0 } };
	char		*s;

	(void)state;
	CAPTURE(s, json_record(f_, &schema_village_list, &vl));
	assert_string_equal(s, "{\"items\":[{\"id\":1,\"name\":\"Kantens\",\"created\":"
	    "1746082800},{\"id\":42,\"name\":\"\\\"Oud\\\" \\\\ Ëlst\",\"created\":-5}]}");
	free(s);
	CAPTURE(s, json_record(f_, &schema_village_list, &empty));
	assert_string_equal(s, "{\"items\":[]}");
	free(s);
}

static void
test_json_escapes(void **state)
{
	char *s;

	(void)state;
	CAPTURE(s, json_string(f_, "a\nb\tc\x01\x7f"));
	assert_string_equal(s, "\"a\\nb\\tc\\u0001\\u007f\"");
	free(s);
	CAPTURE(s, json_string(f_, NULL));
	assert_string_equal(s, "\"\"");
	free(s);
}

static void
sample_round(struct round_info *ri, struct initiative in[2])
{
	static char name[] = "Dorpsbudget 2025", rule[] = "equalshares", tb[] = "cost-votes",
	    vname[] = "Kantens", t1[] = "Speeltuin", t2[] = "Oma's Soep", e[] = "",
	    reason[] = "te duur";

	memset(ri, 0, sizeof(*ri));
	memset(in, 0, 2 * sizeof(*in));
	ri->round.id = 3;
	ri->round.village = 1;
	ri->round.name = name;
	ri->round.state = ROUND_DRAFT;
	ri->round.ballot = BALLOT_KNAPSACK;
	ri->round.budget = 2500000;
	ri->round.limit = 2500000;
	ri->round.rule = rule;
	ri->round.tie_break = tb;
	ri->round.seed[0] = 0xab;
	ri->village_name = vname;
	ri->events = 4;
	in[0] = (struct initiative){ 7, 3, t1, e, 1250050, e, e, INIT_ADMITTED, e, 0 };
	in[1] = (struct initiative){ 8, 3, t2, e, 300000, e, e, INIT_REJECTED, reason, 0 };
	ri->initiatives.items = in;
	ri->initiatives.n = 2;
}

static void
test_json_round_info(void **state)
{
	static const char	 head[] = "{\"id\":3,\"village\":1,\"name\":\"Dorpsbudget 2025\","
	    "\"state\":\"draft\",\"ballot\":\"knapsack\",\"budget\":2500000,\"min_choices\":0,"
	    "\"max_choices\":0,\"limit\":2500000,\"points\":0,\"max_points\":0,"
	    "\"rule\":\"equalshares\",\"tie_break\":\"cost-votes\",\"opens\":0,\"closes\":0,"
	    "\"created\":0,\"opened\":0,\"closed\":0,\"seed\":\"ab00000000000000000000000000"
	    "000000000000000000000000000000000000\",\"village_name\":\"Kantens\","
	    "\"events\":4,";
	struct round_info	 ri;
	struct initiative	 in[2];
	char			*s;

	(void)state;
	sample_round(&ri, in);

	CAPTURE(s, output_json.round_info(f_, &ri));
	/* The round's fields first, enumerations by name, amounts in cents, on one line;
	 * fields the protocol adds later may come after these. */
	if (strncmp(s, head, strlen(head)) != 0)
		fail_msg("round fields: %s", s);
	assert_non_null(strstr(s, "\"initiatives\":[{\"id\":7,\"round\":3,\"title\":"
	    "\"Speeltuin\",\"summary\":\"\",\"cost\":1250050,\"proposer\":\"\",\"category\":"
	    "\"\",\"status\":\"admitted\",\"reason\":\"\",\"created\":0,\"nr\":1},{\"id\":8,"
	    "\"round\":3,"
	    "\"title\":\"Oma's Soep\",\"summary\":\"\",\"cost\":300000,\"proposer\":\"\","
	    "\"category\":\"\",\"status\":\"rejected\",\"reason\":\"te duur\",\"created\":0,"
	    "\"nr\":2}]"));
	assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
	assert_int_equal(s[strlen(s) - 2], '}');
	free(s);
}

static void
test_text_round_info(void **state)
{
	struct round_info	 ri;
	struct initiative	 in[2];
	char			*s;

	(void)state;
	sample_round(&ri, in);
	CAPTURE(s, output_text.round_info(f_, &ri));
	assert_non_null(strstr(s, "round 3: Dorpsbudget 2025\n"));
	assert_non_null(strstr(s, "  budget       " EURO " 25.000\n"));
	assert_non_null(strstr(s, "  ballot       knapsack (chosen costs up to " EURO
	    " 25.000)\n"));
	assert_non_null(strstr(s, "  opens        by command\n"));
	assert_null(strstr(s, "seed"));		/* drawn when the round opens */
	assert_non_null(strstr(s, "of which 1 admitted costing " EURO " 12.500,50"));
	/* Amounts right-aligned by columns on screen, not bytes. */
	/* The round's numbers (roundnr.h), not the ids 7 and 8. */
	assert_non_null(strstr(s, "  NR  STATUS           COST  TITLE\n"
	    "   1  admitted  " EURO " 12.500,50  Speeltuin\n"
	    "   2  rejected      " EURO " 3.000  Oma's Soep\n"));
	free(s);
}

static void
test_text_done_and_lists(void **state)
{
	struct done		 d = { 7, 12 };
	struct village_list	 empty = { { NULL, 0 } };
	char			*s;

	(void)state;
	CAPTURE(s, output_text.done(f_, "initiative", "admitted", &d));
	assert_string_equal(s, "initiative 7 admitted\n");
	free(s);
	CAPTURE(s, output_json.done(f_, "initiative", "admitted", &d));
	assert_string_equal(s, "{\"id\":7,\"event\":12}\n");
	free(s);
	CAPTURE(s, output_text.villages(f_, &empty));
	assert_non_null(strstr(s, "no villages"));
	free(s);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width(EURO " 1.250"), 7);
	assert_int_equal(text_width("Ëlst"), 4);
}

/* ---- money as the client uses it ------------------------------------------------- */

static void
test_money_edges(void **state)
{
	char		 b[MONEY_BUF];
	const char	*why;
	uint64_t	 c;

	(void)state;
	assert_string_equal(money_format(b, sizeof(b), 0), EURO " 0");
	assert_string_equal(money_format(b, sizeof(b), 5), EURO " 0,05");
	assert_string_equal(money_format(b, sizeof(b), 99999), EURO " 999,99");
	assert_string_equal(money_format(b, sizeof(b), 100000), EURO " 1.000");
	assert_string_equal(money_format(b, sizeof(b), 125050), EURO " 1.250,50");
	assert_string_equal(money_format(b, sizeof(b), MONEY_MAX_CENTS),
	    EURO " 1.000.000.000.000");
	/* What money_format writes, money_parse reads back. */
	assert_int_equal(money_parse(EURO " 1.250,50", &c, &why), 0);
	assert_int_equal(c, 125050);
	assert_int_equal(money_parse(EURO " 1.000.000.000.000", &c, &why), 0);
	assert_int_equal(c, MONEY_MAX_CENTS);
	assert_int_equal(money_parse("1250,50", &c, &why), 0);
	assert_int_equal(c, 125050);
	assert_int_equal(money_parse("25000", &c, &why), 0);
	assert_int_equal(c, 2500000);
	assert_int_equal(money_parse("1250.5", &c, &why), 0);
	assert_int_equal(c, 125050);
	assert_int_equal(money_parse("12,345", &c, &why), -1);
	assert_non_null(strstr(why, "ambiguous"));
	assert_int_equal(money_parse("12,3456", &c, &why), -1);
	assert_int_equal(money_parse("1e3", &c, &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_options),
		cmocka_unit_test(test_args_errors),
		cmocka_unit_test(test_parse_numbers),
		cmocka_unit_test(test_time_absolute),
		cmocka_unit_test(test_time_refused),
		cmocka_unit_test(test_time_relative),
		cmocka_unit_test(test_round_create_knapsack),
		cmocka_unit_test(test_round_create_cumulative),
		cmocka_unit_test(test_round_create_refused),
		cmocka_unit_test(test_hostport),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_known_hosts),
		cmocka_unit_test(test_counter),
		cmocka_unit_test(test_json_village_list),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_round_info),
		cmocka_unit_test(test_text_round_info),
		cmocka_unit_test(test_text_done_and_lists),
		cmocka_unit_test(test_money_edges),
	};

	return cmocka_run_group_tests(tests, setup_tz, NULL);
}
