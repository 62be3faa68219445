/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_config.c — daemon/config.c: defaults, every keyword, every error message, the
 * print/parse round trip, organiser lookup, and the golden files in tests/golden/config
 * (run from the top of the source tree, as tests/run-tests does).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

#define GOLDEN_DIR	"tests/golden/config"

/* 255 bytes: the longest organiser name. */
#define LONGNAME "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"

#define KEY1 "85b3d473f7694176100646a8c613ddffd3e69c4d82e16e2a67ac7d3325316cec"
#define KEY2 "21c93ff0c9acaf6657ad74d463e5b5dec73eea0bb50d6f5a607ba35ce76da214"
#define KEY3 "62dcd9e2155a5ce3b5dce84a6f777d04c02ce157b83288b7d7945c0687f72ed4"

/* Parse text (length len) as "t"; *errs gets everything written to errf (caller frees). */
static int
parse_n(const char *text, size_t len, struct config *cf, char **errs)
{
	size_t errlen;
	FILE *f;
	int n;

	f = open_memstream(errs, &errlen);
	assert_non_null(f);
	n = config_parse("t", text, len, cf, f);
	assert_int_equal(fclose(f), 0);
	return n;
}

static int
parse(const char *text, struct config *cf, char **errs)
{
	return parse_n(text, strlen(text), cf, errs);
}

static char *
print_config(const struct config *cf)
{
	char *s;
	size_t len;
	FILE *f;

	f = open_memstream(&s, &len);
	assert_non_null(f);
	config_print(f, cf);
	assert_int_equal(fclose(f), 0);
	return s;
}

static void
key_from_hex(const char *hex, uint8_t key[CONFIG_KEY_SIZE])
{
	size_t i;
	unsigned b;

	for (i = 0; i < CONFIG_KEY_SIZE; i++) {
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &b), 1);
		key[i] = (uint8_t)b;
	}
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
assert_str_or_null_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void
assert_config_equal(const struct config *a, const struct config *b)
{
	size_t i;

	assert_str_or_null_equal(a->datadir, b->datadir);
	assert_str_or_null_equal(a->control_socket, b->control_socket);
	assert_str_or_null_equal(a->control_group, b->control_group);
	assert_str_or_null_equal(a->user, b->user);
	assert_int_equal(a->nlistens, b->nlistens);
	for (i = 0; i < a->nlistens; i++) {
		assert_string_equal(a->listens[i].host, b->listens[i].host);
		assert_string_equal(a->listens[i].port, b->listens[i].port);
	}
	assert_int_equal(a->norganisers, b->norganisers);
	for (i = 0; i < a->norganisers; i++) {
		assert_string_equal(a->organisers[i].name, b->organisers[i].name);
		assert_memory_equal(a->organisers[i].key, b->organisers[i].key,
		    CONFIG_KEY_SIZE);
	}
	assert_int_equal(a->max_connections, b->max_connections);
	assert_int_equal(a->max_per_peer, b->max_per_peer);
	assert_int_equal(a->hello_timeout, b->hello_timeout);
	assert_int_equal(a->idle_timeout, b->idle_timeout);
	assert_int_equal(a->map_size, b->map_size);
	assert_int_equal(a->checkpoint_interval, b->checkpoint_interval);
	assert_int_equal(a->log_level, b->log_level);
	assert_int_equal(a->contact_keep, b->contact_keep);
	assert_int_equal(a->web_nice, b->web_nice);
}

static void
assert_defaults(const struct config *cf)
{
	assert_string_equal(cf->datadir, "/var/lib/dorpsstem");
	assert_string_equal(cf->control_socket, "dorpsstemd.sock");
	assert_null(cf->control_group);
	assert_null(cf->user);
	assert_int_equal(cf->nlistens, 0);
	assert_int_equal(cf->norganisers, 0);
	assert_int_equal(cf->max_connections, 10000);
	assert_int_equal(cf->contact_keep, 365);
	assert_int_equal(cf->web_nice, 10);
	assert_int_equal(cf->max_per_peer, 256);
	assert_int_equal(cf->hello_timeout, 10);
	assert_int_equal(cf->idle_timeout, 300);
	assert_int_equal(cf->map_size, 64ULL << 20);
	assert_int_equal(cf->checkpoint_interval, 60);
	assert_int_equal(cf->log_level, LOG_INFO);
}

static void
test_defaults(void **state)
{
	struct config cf;
	char *errs;

	(void)state;
	config_defaults(&cf);
	assert_defaults(&cf);
	config_free(&cf);
	assert_null(cf.datadir);
	config_free(&cf);	/* a freed config may be freed again */

	/* An empty file and a file of comments give the defaults too. */
	assert_int_equal(parse("", &cf, &errs), 0);
	assert_string_equal(errs, "");
	assert_defaults(&cf);
	config_free(&cf);
	free(errs);
	assert_int_equal(parse("# nothing\n\n   \t\n  # more\n", &cf, &errs), 0);
	assert_string_equal(errs, "");
	assert_defaults(&cf);
	config_free(&cf);
	free(errs);
	assert_int_equal(config_parse("t", NULL, 0, &cf, NULL), 0);
	assert_defaults(&cf);
	config_free(&cf);
}

static const char full[] =
    "# every keyword\n"
    "datadir \"/srv/dorp stem\"\n"
    "control socket \"/run/dorpsstemd.sock\"\n"
    "control group \"nogroup\"\n"
    "user nobody\n"
    "listen on * port 7447\n"
    "listen on 192.0.2.10 port 443\n"
    "listen on 2001:DB8:0:0::1\n"
    "organiser \"Anke de Vries\" key " KEY1 "\n"
    "organiser \"Zoë \\\"de Smid\\\" \\\\ Ünal\" key " KEY2 "\n"
    "organiser Joop key " KEY3 "\n"
    "max connections 500\n"
    "max per-peer 8\n"
    "timeout hello 5\n"
    "timeout idle 3600\n"
    "map size 2G\n"
    "checkpoint interval 30\n"
    "log level debug\n";

static void
test_every_keyword(void **state)
{
	struct config cf;
	uint8_t key[CONFIG_KEY_SIZE];
	char *errs;

	(void)state;
	assert_int_equal(parse(full, &cf, &errs), 0);
	assert_string_equal(errs, "");
	assert_string_equal(cf.datadir, "/srv/dorp stem");
	assert_string_equal(cf.control_socket, "/run/dorpsstemd.sock");
	assert_string_equal(cf.control_group, "nogroup");
	assert_string_equal(cf.user, "nobody");
	assert_int_equal(cf.nlistens, 3);
	assert_string_equal(cf.listens[0].host, "*");
	assert_string_equal(cf.listens[0].port, "7447");
	assert_string_equal(cf.listens[1].host, "192.0.2.10");
	assert_string_equal(cf.listens[1].port, "443");
	assert_string_equal(cf.listens[2].host, "2001:db8::1");	/* canonical form */
	assert_string_equal(cf.listens[2].port, "7447");	/* default port */
	assert_int_equal(cf.norganisers, 3);
	assert_string_equal(cf.organisers[0].name, "Anke de Vries");
	key_from_hex(KEY1, key);
	assert_memory_equal(cf.organisers[0].key, key, CONFIG_KEY_SIZE);
	assert_string_equal(cf.organisers[1].name, "Zoë \"de Smid\" \\ Ünal");
	key_from_hex(KEY2, key);
	assert_memory_equal(cf.organisers[1].key, key, CONFIG_KEY_SIZE);
	assert_string_equal(cf.organisers[2].name, "Joop");
	assert_int_equal(cf.max_connections, 500);
	assert_int_equal(cf.max_per_peer, 8);
	assert_int_equal(cf.hello_timeout, 5);
	assert_int_equal(cf.idle_timeout, 3600);
	assert_int_equal(cf.map_size, 2ULL << 30);
	assert_int_equal(cf.checkpoint_interval, 30);
	assert_int_equal(cf.log_level, LOG_DEBUG);
	config_free(&cf);
	free(errs);
}

/* organiser … village V … until DATE: scope and retirement (docs/config.md). */
static void
test_organiser_scope(void **state)
{
	struct config	 cf;
	char		*errs = NULL, *out;

	(void)state;
	assert_int_equal(parse("organiser a key " KEY1 " village Kantens 2 until 2027-01-01\n"
	    "organiser b key " KEY2 " until 1800000000\n"
	    "organiser c key " KEY3 "\n", &cf, &errs), 0);
	free(errs);
	assert_int_equal(cf.norganisers, 3);
	assert_int_equal(cf.organisers[0].nvillages, 2);
	assert_string_equal(cf.organisers[0].villages[0], "Kantens");
	assert_string_equal(cf.organisers[0].villages[1], "2");
	assert_int_equal(cf.organisers[0].until, 1798761600);
	assert_int_equal(cf.organisers[1].nvillages, 0);
	assert_int_equal(cf.organisers[1].until, 1800000000);
	assert_int_equal(cf.organisers[2].until, 0);
	out = print_config(&cf);
	assert_non_null(strstr(out, "organiser \"a\" key " KEY1 " village \"Kantens\" \"2\" until "
	    "1798761600\n"));
	free(out);
	config_free(&cf);
	assert_int_equal(parse("organiser a key " KEY1 " village\n", &cf, &errs), 1);
	assert_non_null(strstr(errs, "\"village\" needs one or more village names"));
	free(errs);
	config_free(&cf);
	assert_int_equal(parse("organiser a key " KEY1 " until tomorrow\n", &cf, &errs), 1);
	assert_non_null(strstr(errs, "\"until\" takes a date"));
	free(errs);
	config_free(&cf);
}

static void
test_values(void **state)
{
	static const struct {
		const char	*text;
		uint64_t	 map_size;
		int		 log_level;
		const char	*printed;	/* the "map size" line config_print writes */
	} cases[] = {
		{ "map size 1M", 1ULL << 20, LOG_INFO, "map size 1M\n" },
		{ "map size 1048576", 1ULL << 20, LOG_INFO, "map size 1M\n" },
		{ "map size 1048577", 1048577, LOG_INFO, "map size 1048577\n" },
		{ "map size 1025k", 1025ULL << 10, LOG_INFO, "map size 1025K\n" },
		{ "map size 2048m", 2ULL << 30, LOG_INFO, "map size 2G\n" },
		{ "map size 1t", 1ULL << 40, LOG_INFO, "map size 1T\n" },
		{ "map size 1024G", 1ULL << 40, LOG_INFO, "map size 1T\n" },
		{ "map size 0001M", 1ULL << 20, LOG_INFO, "map size 1M\n" },
		{ "log level err", 64ULL << 20, LOG_ERR, "log level err\n" },
		{ "log level warning", 64ULL << 20, LOG_WARNING, "log level warning\n" },
		{ "log level notice", 64ULL << 20, LOG_NOTICE, "log level notice\n" },
		{ "log level info", 64ULL << 20, LOG_INFO, "log level info\n" },
		{ "log level \"debug\"", 64ULL << 20, LOG_DEBUG, "log level debug\n" },
	};
	struct config cf;
	char *errs, *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, &cf, &errs), 0);
		assert_string_equal(errs, "");
		assert_int_equal(cf.map_size, cases[i].map_size);
		assert_int_equal(cf.log_level, cases[i].log_level);
		out = print_config(&cf);
		if (strstr(out, cases[i].printed) == NULL)
			fail_msg("%s: printed\n%s", cases[i].text, out);
		free(out);
		free(errs);
		config_free(&cf);
	}
	/* Edges of every range are accepted. */
	assert_int_equal(parse("max connections 1\nmax per-peer 1000000\ntimeout hello 1\n"
	    "timeout idle 86400\ncheckpoint interval 86400\nlisten on * port 65535\n"
	    "listen on * port 1\norganiser " LONGNAME " key " KEY1 "\n", &cf, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(cf.max_connections, 1);
	assert_int_equal(cf.max_per_peer, 1000000);
	assert_int_equal(cf.norganisers, 1);
	assert_int_equal(strlen(cf.organisers[0].name), CONFIG_MAX_NAME);
	assert_int_equal(cf.hello_timeout, 1);
	assert_int_equal(cf.idle_timeout, 86400);
	assert_int_equal(cf.checkpoint_interval, 86400);
	assert_string_equal(cf.listens[0].port, "65535");
	assert_string_equal(cf.listens[1].port, "1");
	config_free(&cf);
	free(errs);
}

/* Each input with exactly the messages it must produce (name "t"). */
static const struct {
	const char	*text;
	const char	*errs;
} error_cases[] = {
	/* keywords */
	{ "bogus", "t:1: unknown keyword \"bogus\"\n" },
	{ "Datadir \"/x\"", "t:1: unknown keyword \"Datadir\"\n" },
	{ "organizer x key " KEY1,
	    "t:1: unknown keyword \"organizer\", did you mean \"organiser\"?\n" },
	{ "\"datadir\" \"/x\"", "t:1: expected a keyword, found quoted string \"datadir\"\n" },
	{ "control", "t:1: expected \"socket\" or \"group\" after \"control\"\n" },
	{ "control \"socket\" x",
	    "t:1: expected \"socket\" or \"group\" after \"control\", found \"socket\"\n" },
	{ "max conns 5",
	    "t:1: expected \"connections\", \"per-peer\", \"input\", \"output\", "
	    "\"unauthenticated\", \"unauthenticated-memory\", \"ballots-in-flight\", "
	    "\"key-sessions\", \"unauthenticated-per-turn\" or \"handshakes-per-peer\" "
	    "after \"max\", found \"conns\"\n" },
	{ "timeout", "t:1: expected \"hello\", \"idle\" or \"frame\" after \"timeout\"\n" },
	{ "map", "t:1: expected \"size\" after \"map\"\n" },
	{ "checkpoint every 5",
	    "t:1: expected \"interval\" or \"request-interval\" after \"checkpoint\", found "
	    "\"every\"\n" },
	{ "log lvl info", "t:1: expected \"level\" after \"log\", found \"lvl\"\n" },
	{ "listen", "t:1: expected \"on\" after \"listen\"\n" },
	{ "listen at *", "t:1: expected \"on\" after \"listen\", found \"at\"\n" },
	/* missing and empty arguments */
	{ "datadir", "t:1: missing argument to \"datadir\"\n" },
	{ "control socket", "t:1: missing argument to \"control socket\"\n" },
	{ "control socket \"\"", "t:1: empty argument to \"control socket\"\n" },
	{ "control group", "t:1: missing argument to \"control group\"\n" },
	{ "control group \"\"", "t:1: empty argument to \"control group\"\n" },
	{ "user", "t:1: missing argument to \"user\"\n" },
	{ "user \"\"", "t:1: empty argument to \"user\"\n" },
	{ "max connections", "t:1: missing argument to \"max connections\"\n" },
	{ "max per-peer # none", "t:1: missing argument to \"max per-peer\"\n" },
	{ "timeout hello", "t:1: missing argument to \"timeout hello\"\n" },
	{ "timeout idle", "t:1: missing argument to \"timeout idle\"\n" },
	{ "map size", "t:1: missing argument to \"map size\"\n" },
	{ "checkpoint interval", "t:1: missing argument to \"checkpoint interval\"\n" },
	{ "log level", "t:1: missing argument to \"log level\"\n" },
	{ "listen on", "t:1: missing argument to \"listen on\"\n" },
	{ "listen on * port", "t:1: missing argument to \"port\"\n" },
	{ "organiser", "t:1: missing argument to \"organiser\"\n" },
	{ "organiser \"\" key " KEY1, "t:1: empty organiser name\n" },
	{ "organiser x", "t:1: expected \"key\" after organiser name\n" },
	{ "organiser " LONGNAME "x key " KEY1, "t:1: organiser name longer than 255 bytes\n" },
	{ "organiser x \"key\" " KEY1,
	    "t:1: expected \"key\" after organiser name, found \"key\"\n" },
	{ "organiser x key", "t:1: missing argument to \"key\"\n" },
	/* trailing garbage */
	{ "datadir /x /y", "t:1: trailing garbage \"/y\" after \"datadir\"\n" },
	{ "log level info debug", "t:1: trailing garbage \"debug\" after \"log level\"\n" },
	{ "map size 1 G", "t:1: map size 1 out of range (1M..1T)\n" },
	{ "listen on * 7447", "t:1: trailing garbage \"7447\" after \"listen on\"\n" },
	{ "listen on * port 1 2", "t:1: trailing garbage \"2\" after \"listen on\"\n" },
	{ "organiser x key " KEY1 " y",
	    "t:1: trailing garbage \"y\" after \"organiser\"\n" },
	{ "user a b c d e f g h i j k l",
	    "t:1: trailing garbage \"b\" after \"user\"\n" },
	{ "user \"a\"\"b\"", "t:1: trailing garbage \"b\" after \"user\"\n" },
	/* values */
	{ "datadir relative", "t:1: datadir \"relative\" is not an absolute path\n" },
	{ "datadir \"\"", "t:1: datadir \"\" is not an absolute path\n" },
	{ "log level loud",
	    "t:1: unknown log level \"loud\", expected err, warning, notice, info or debug\n" },
	{ "listen on example.org", "t:1: invalid listen address \"example.org\", "
	    "expected \"*\" or an IPv4 or IPv6 address\n" },
	{ "listen on 1.2.3", "t:1: invalid listen address \"1.2.3\", "
	    "expected \"*\" or an IPv4 or IPv6 address\n" },
	{ "listen on ::1::2", "t:1: invalid listen address \"::1::2\", "
	    "expected \"*\" or an IPv4 or IPv6 address\n" },
	/* numbers */
	{ "max connections 0", "t:1: max connections 0 out of range (1..1000000)\n" },
	{ "max connections 1000001",
	    "t:1: max connections 1000001 out of range (1..1000000)\n" },
	{ "max per-peer 0", "t:1: max per-peer 0 out of range (1..1000000)\n" },
	{ "max per-peer 4294967296",
	    "t:1: max per-peer 4294967296 out of range (1..1000000)\n" },
	{ "timeout hello 0", "t:1: timeout hello 0 out of range (1..86400)\n" },
	{ "timeout idle 86401", "t:1: timeout idle 86401 out of range (1..86400)\n" },
	{ "checkpoint interval 18446744073709551615",
	    "t:1: checkpoint interval 18446744073709551615 out of range (1..86400)\n" },
	{ "checkpoint interval 18446744073709551616",
	    "t:1: checkpoint interval 18446744073709551616 out of range (1..86400)\n" },
	{ "timeout idle 123456789012345678901234567890123456789012345678901234567890",
	    "t:1: timeout idle 123456789012345678901234567890123456789012345678... "
	    "out of range (1..86400)\n" },
	{ "timeout idle +5", "t:1: invalid number \"+5\" for \"timeout idle\"\n" },
	{ "timeout idle 5s", "t:1: invalid number \"5s\" for \"timeout idle\"\n" },
	{ "timeout idle 0x10", "t:1: invalid number \"0x10\" for \"timeout idle\"\n" },
	{ "timeout idle \"\"", "t:1: invalid number \"\" for \"timeout idle\"\n" },
	{ "map size 1048575", "t:1: map size 1048575 out of range (1M..1T)\n" },
	{ "map size 1023K", "t:1: map size 1023K out of range (1M..1T)\n" },
	{ "map size 1099511627777", "t:1: map size 1099511627777 out of range (1M..1T)\n" },
	{ "map size 16777216T", "t:1: map size 16777216T out of range (1M..1T)\n" },
	{ "map size 99999999999999999999K",
	    "t:1: map size 99999999999999999999K out of range (1M..1T)\n" },
	{ "map size 64MB", "t:1: invalid size \"64MB\" for \"map size\", expected a number "
	    "with an optional K, M, G or T suffix\n" },
	{ "map size K", "t:1: invalid size \"K\" for \"map size\", expected a number "
	    "with an optional K, M, G or T suffix\n" },
	{ "map size -1M", "t:1: invalid size \"-1M\" for \"map size\", expected a number "
	    "with an optional K, M, G or T suffix\n" },
	{ "listen on * port 0", "t:1: port 0 out of range (1..65535)\n" },
	{ "listen on * port 65536", "t:1: port 65536 out of range (1..65535)\n" },
	{ "listen on * port ssh", "t:1: invalid number \"ssh\" for \"port\"\n" },
	/* keys and uniqueness */
	{ "organiser x key 00", "t:1: invalid key for organiser \"x\": 2 characters, "
	    "expected 64 hex digits (32 bytes)\n" },
	{ "organiser x key " KEY1 "0", "t:1: invalid key for organiser \"x\": "
	    "65 characters, expected 64 hex digits (32 bytes)\n" },
	{ "organiser x key z5b3d473f7694176100646a8c613ddffd3e69c4d82e16e2a67ac7d3325316cec",
	    "t:1: invalid key for organiser \"x\": character 1 is not a hex digit\n" },
	{ "organiser x key \"" KEY1 "\"\norganiser x key " KEY2 "\n",
	    "t:2: duplicate organiser name \"x\", first on line 1\n" },
	{ "organiser x key " KEY1 "\n\norganiser y key " KEY1 "\n",
	    "t:3: duplicate organiser key, already used by \"x\" on line 1\n" },
	{ "listen on ::1\nlisten on 0:0::1 port 7447\n",
	    "t:2: duplicate \"listen on ::1 port 7447\", first on line 1\n" },
	{ "listen on *\nlisten on * port 7447\n",
	    "t:2: duplicate \"listen on * port 7447\", first on line 1\n" },
	{ "user a\nuser b\nuser c\n", "t:2: \"user\" already set on line 1\n"
	    "t:3: \"user\" already set on line 1\n" },
	{ "log level info\nlog level info\n", "t:2: \"log level\" already set on line 1\n" },
	/* words and strings */
	{ "user \"abc", "t:1: unterminated string\n" },
	{ "user \"abc\\", "t:1: unterminated string\n" },
	{ "user \"abc\\\"", "t:1: unterminated string\n" },
	{ "user \"a\\nb\"",
	    "t:1: invalid escape in string, only \\\" and \\\\ are allowed\n" },
	{ "user \"a\tb\"", "t:1: control character U+0009 in string\n" },
	{ "user a\vb", "t:1: control character U+000B in word\n" },
	{ "user a\rb", "t:1: control character U+000D in word\n" },
	{ "user \"\x1b[31m\"", "t:1: control character U+001B in string\n" },
	{ "user a\x7f", "t:1: control character U+007F in word\n" },
	{ "user \"\xc2\x9b\"", "t:1: control character U+009B in string\n" },
	{ "user \"\xe9t\xe9\"", "t:1: invalid UTF-8 in string\n" },
	{ "user \xc1\xbf", "t:1: invalid UTF-8 in word\n" },	/* overlong */
	{ "user \xe0\x80\xaf", "t:1: invalid UTF-8 in word\n" },	/* overlong */
	{ "user \xed\xbf\xbf", "t:1: invalid UTF-8 in word\n" },	/* surrogate */
	{ "user \xf4\x90\x80\x80", "t:1: invalid UTF-8 in word\n" },	/* > U+10FFFF */
	{ "user \xf8\x88\x80\x80\x80", "t:1: invalid UTF-8 in word\n" },
	{ "user \xe2\x82", "t:1: invalid UTF-8 in word\n" },	/* truncated */
	{ "user \x80", "t:1: invalid UTF-8 in word\n" },
	/* the first lexical error of a line wins; the next line is parsed again */
	{ "user \"\x01\" \"abc\nbogus\n", "t:1: control character U+0001 in string\n"
	    "t:2: unknown keyword \"bogus\"\n" },
	/* line numbers count every line, blank, comment and CRLF alike */
	{ "\n# c\r\n\r\n\tbogus # x\r\n", "t:4: unknown keyword \"bogus\"\n" },
	/* long words are cut in messages on a character boundary */
	{ "ééééééééééééééééééééééééé", "t:1: unknown keyword "
	    "\"éééééééééééééééééééééééé...\"\n" },
};

static void
test_errors(void **state)
{
	struct config cf;
	char *errs;
	size_t i, lines;
	const char *c;
	int n;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		n = parse(error_cases[i].text, &cf, &errs);
		if (strcmp(errs, error_cases[i].errs) != 0)
			fail_msg("case %zu: input\n%s\ngave\n%swant\n%s", i,
			    error_cases[i].text, errs, error_cases[i].errs);
		for (lines = 0, c = errs; *c != '\0'; c++)
			lines += *c == '\n';
		assert_int_equal(n, lines);	/* the count matches the messages */
		config_free(&cf);
		free(errs);
	}
}

/* A bad setting leaves the default; good lines around bad ones still take effect. */
static void
test_recovery(void **state)
{
	struct config cf;
	char *errs;

	(void)state;
	assert_int_equal(parse("max connections 7\nmax per-peer 0\nbogus\n"
	    "organiser a key " KEY1 "\norganiser b key " KEY1 "\nlog level debug\n", &cf,
	    &errs), 3);
	assert_int_equal(cf.max_connections, 7);
	assert_int_equal(cf.max_per_peer, 256);
	assert_int_equal(cf.norganisers, 1);
	assert_string_equal(cf.organisers[0].name, "a");
	assert_int_equal(cf.log_level, LOG_DEBUG);
	config_free(&cf);
	free(errs);

	/* Without errf nothing is printed but errors are still counted. */
	assert_int_equal(config_parse("t", "a\nb\n", 4, &cf, NULL), 2);
	config_free(&cf);
}

static void
test_error_cap(void **state)
{
	struct config cf;
	char text[2000], *errs, *last;
	size_t len = 0;
	int i, n;

	(void)state;
	for (i = 0; i < 60; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "x%d\n", i);
	n = parse(text, &cf, &errs);
	assert_int_equal(n, CONFIG_MAX_ERRORS);
	assert_non_null(strstr(errs, "t:50: unknown keyword \"x49\"\n"));
	assert_null(strstr(errs, "x50"));
	last = strrchr(errs, '\n');
	assert_non_null(last);
	*last = '\0';
	last = strrchr(errs, '\n');
	assert_non_null(last);
	assert_string_equal(last + 1, "t: too many errors, giving up");
	config_free(&cf);
	free(errs);
}

/* The caps on repeated statements keep duplicate checks cheap on hostile input. */
static void
test_limits(void **state)
{
	struct config cf;
	char *text, *errs, want[128];
	size_t len = 0, cap = 100 * 1024;
	int i;

	(void)state;
	text = malloc(cap);
	assert_non_null(text);
	for (i = 1; i <= CONFIG_MAX_LISTENS + 1; i++)
		len += (size_t)snprintf(text + len, cap - len, "listen on * port %d\n", i);
	assert_int_equal(parse(text, &cf, &errs), 1);
	snprintf(want, sizeof(want), "t:%d: too many listen statements, the limit is %d\n",
	    CONFIG_MAX_LISTENS + 1, CONFIG_MAX_LISTENS);
	assert_string_equal(errs, want);
	assert_int_equal(cf.nlistens, CONFIG_MAX_LISTENS);
	config_free(&cf);
	free(errs);

	for (len = 0, i = 1; i <= CONFIG_MAX_ORGANISERS + 1; i++)
		len += (size_t)snprintf(text + len, cap - len, "organiser o%d key %064x\n", i,
		    (unsigned)i);
	assert_int_equal(parse(text, &cf, &errs), 1);
	snprintf(want, sizeof(want), "t:%d: too many organisers, the limit is %d\n",
	    CONFIG_MAX_ORGANISERS + 1, CONFIG_MAX_ORGANISERS);
	assert_string_equal(errs, want);
	assert_int_equal(cf.norganisers, CONFIG_MAX_ORGANISERS);
	assert_string_equal(cf.organisers[CONFIG_MAX_ORGANISERS - 1].name, "o1000");
	config_free(&cf);
	free(errs);
	free(text);
}

static void
test_line_length(void **state)
{
	struct config cf;
	char *text, *errs;
	size_t n;

	(void)state;
	/* datadir "/aaa…" of exactly CONFIG_MAX_LINE bytes, then CRLF: accepted. */
	text = malloc(CONFIG_MAX_LINE + 16);
	assert_non_null(text);
	n = (size_t)sprintf(text, "datadir \"/");
	memset(text + n, 'a', CONFIG_MAX_LINE - n - 1);
	n = CONFIG_MAX_LINE - 1;
	text[n++] = '"';
	memcpy(text + n, "\r\n", 3);
	assert_int_equal(parse(text, &cf, &errs), 0);
	assert_string_equal(errs, "");
	assert_int_equal(strlen(cf.datadir), CONFIG_MAX_LINE - 10);
	config_free(&cf);
	free(errs);

	/* One byte more is refused, and the next line still counts. */
	memcpy(text + n, "a\nbogus\n", 9);
	text[n - 1] = 'a';
	text[n] = '"';
	assert_int_equal(parse(text, &cf, &errs), 2);
	assert_string_equal(errs, "t:1: line too long, the limit is 4096 bytes\n"
	    "t:2: unknown keyword \"bogus\"\n");
	assert_string_equal(cf.datadir, "/var/lib/dorpsstem");
	config_free(&cf);
	free(errs);
	free(text);
}

static void
test_binary_input(void **state)
{
	static const char nul[] = "user no\0body\nlog level debug\n\0";
	struct config cf;
	char *errs;

	(void)state;
	assert_int_equal(parse_n(nul, sizeof(nul) - 1, &cf, &errs), 2);
	assert_string_equal(errs, "t:1: control character U+0000 in word\n"
	    "t:3: control character U+0000 in word\n");
	assert_null(cf.user);
	assert_int_equal(cf.log_level, LOG_DEBUG);
	config_free(&cf);
	free(errs);
}

static void
test_round_trip(void **state)
{
	struct config a, b;
	char *errs, *out1, *out2;

	(void)state;
	assert_int_equal(parse(full, &a, &errs), 0);
	free(errs);
	out1 = print_config(&a);
	assert_int_equal(parse(out1, &b, &errs), 0);
	assert_string_equal(errs, "");
	free(errs);
	assert_config_equal(&a, &b);
	out2 = print_config(&b);
	assert_string_equal(out1, out2);
	/* Defaults are printed too, and the canonical form is exactly this. */
	assert_string_equal(out1,
	    "datadir \"/srv/dorp stem\"\n"
	    "control socket \"/run/dorpsstemd.sock\"\n"
	    "control group \"nogroup\"\n"
	    "user \"nobody\"\n"
	    "listen on * port 7447\n"
	    "listen on 192.0.2.10 port 443\n"
	    "listen on 2001:db8::1 port 7447\n"
	    "organiser \"Anke de Vries\" key " KEY1 "\n"
	    "organiser \"Zoë \\\"de Smid\\\" \\\\ Ünal\" key " KEY2 "\n"
	    "organiser \"Joop\" key " KEY3 "\n"
	    "max connections 500\n"
	    "max per-peer 8\n"
	    "timeout hello 5\n"
	    "timeout idle 3600\n"
	    "map size 2G\n"
	    "checkpoint interval 30\n"
	    "checkpoint request-interval 10\n"
	    "timeout frame 10\n"
	    "max input 1048576\n"
	    "max output 4M\n"
	    "max unauthenticated 450\n"
	    "max unauthenticated-memory 32M\n"
	    "max ballots-in-flight 256\n"
	    "max key-sessions 16\n"
	    "max unauthenticated-per-turn 16\n"
	    "max handshakes-per-peer 64\n"
	    "log level debug\n"
	    "contact keep 365\n");
	free(out1);
	free(out2);
	config_free(&a);
	config_free(&b);

	/* The defaults round-trip as well. */
	config_defaults(&a);
	out1 = print_config(&a);
	assert_int_equal(parse(out1, &b, &errs), 0);
	assert_config_equal(&a, &b);
	free(out1);
	free(errs);
	config_free(&a);
	config_free(&b);
}

static void
test_find_organiser(void **state)
{
	struct config cf;
	const struct config_organiser *o;
	uint8_t key[CONFIG_KEY_SIZE];
	char *errs;

	(void)state;
	assert_int_equal(parse(full, &cf, &errs), 0);
	key_from_hex(KEY2, key);
	o = config_find_organiser(&cf, key);
	assert_non_null(o);
	assert_ptr_equal(o, &cf.organisers[1]);
	assert_string_equal(o->name, "Zoë \"de Smid\" \\ Ünal");
	key_from_hex(KEY3, key);
	o = config_find_organiser(&cf, key);
	assert_non_null(o);
	assert_string_equal(o->name, "Joop");
	key[31] ^= 1;
	assert_null(config_find_organiser(&cf, key));
	config_free(&cf);
	free(errs);

	config_defaults(&cf);
	assert_null(config_find_organiser(&cf, key));
	config_free(&cf);
}

static void
test_control_path(void **state)
{
	struct config cf;
	char *errs, *path;

	(void)state;
	config_defaults(&cf);
	path = config_control_path(&cf);
	assert_string_equal(path, "/var/lib/dorpsstem/dorpsstemd.sock");
	free(path);
	config_free(&cf);
	assert_int_equal(parse("control socket \"/run/x.sock\"\ndatadir /d\n", &cf, &errs), 0);
	path = config_control_path(&cf);
	assert_string_equal(path, "/run/x.sock");
	free(path);
	config_free(&cf);
	free(errs);
	assert_null(config_log_level_name(LOG_CRIT));
	assert_string_equal(config_log_level_name(LOG_NOTICE), "notice");
}

static void
test_load_errors(void **state)
{
	struct config cf;
	char *errs;
	size_t len;
	FILE *f;

	(void)state;
	f = open_memstream(&errs, &len);
	assert_non_null(f);
	assert_int_equal(config_load("tests/golden/config/no-such-file.conf", &cf, f), 1);
	assert_defaults(&cf);	/* still a valid config */
	config_free(&cf);
	assert_int_equal(config_load(GOLDEN_DIR, &cf, f), 1);
	config_free(&cf);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(errs,
	    "tests/golden/config/no-such-file.conf: cannot open: No such file or directory\n"
	    GOLDEN_DIR ": cannot open: Is a directory\n");
	free(errs);
}

/* The documented example must stay valid and show what it documents. */
static void
test_example(void **state)
{
	struct config cf;

	(void)state;
	assert_int_equal(config_load("conf/dorpsstemd.conf", &cf, stderr), 0);
	assert_non_null(cf.control_group);
	assert_non_null(cf.user);
	assert_true(cf.nlistens >= 2);
	assert_true(cf.norganisers >= 2);
	config_free(&cf);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Every tests/golden/config/{good,bad}-*.conf against its .out or .err, loaded by a path
 * relative to that directory, as tests/integration/config.sh runs the daemon.
 */
static void
test_golden(void **state)
{
	struct dirent **ents;
	struct config cf;
	char cwd[4096], want_path[512], *got, *want;
	size_t len;
	int i, n, ngood = 0, nbad = 0, errors;
	FILE *f;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	if (chdir(GOLDEN_DIR) == -1)
		fail_msg("%s: %s (run from the top of the tree)", GOLDEN_DIR, strerror(errno));
	n = scandir(".", &ents, NULL, alphasort);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		int good = strncmp(name, "good-", 5) == 0;

		if (!has_suffix(name, ".conf") || (!good && strncmp(name, "bad-", 4) != 0))
			continue;
		snprintf(want_path, sizeof(want_path), "%.*s%s", (int)(strlen(name) - 5),
		    name, good ? ".out" : ".err");
		want = read_file(want_path);
		f = open_memstream(&got, &len);
		assert_non_null(f);
		if (good) {
			errors = config_load(name, &cf, stderr);
			config_print(f, &cf);
		} else
			errors = config_load(name, &cf, f);
		assert_int_equal(fclose(f), 0);
		if ((good && errors != 0) || (!good && errors == 0) || strcmp(got, want) != 0)
			fail_msg("%s: %d errors, output\n%s\nwant\n%s", name, errors, got, want);
		good ? ngood++ : nbad++;
		config_free(&cf);
		free(got);
		free(want);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	assert_int_equal(chdir(cwd), 0);
	/* Guard against a test that passes because it found nothing. */
	assert_true(ngood >= 5);
	assert_true(nbad >= 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_keyword),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_organiser_scope),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_binary_input),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_find_organiser),
		cmocka_unit_test(test_control_path),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
