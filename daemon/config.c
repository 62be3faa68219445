/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * config.c — parse, check and print dorpsstemd.conf (syntax: docs/config.md).
 *
 * One statement per line.  A line is first split into words (lex_line), which checks
 * quoting, escapes, UTF-8 and control characters; then the first word picks the statement.
 * Every error is reported with its line and parsing goes on with the next line, so one run
 * of `dorpsstemd -n` shows every mistake; each line yields at most one error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

#define MAX_WORDS	32	/* more than any statement needs: the rest is garbage */
#define SHOW_MAX	48	/* bytes of a word quoted back in a message */

struct word {
	const char	*s;
	size_t		 len;
	int		 quoted;
};

struct parser {
	const char	*name;
	FILE		*errf;
	size_t		 line;
	int		 errors;
	int		 gave_up;
	struct config	*cf;
	size_t		*listen_line;	/* line of each cf->listens[i], for duplicate messages */
	size_t		*organiser_line;
	size_t		 listen_cap, organiser_cap;
	size_t		 set_line[40];	/* line where settings[i] was set; 0 = not yet */
	struct word	 w[MAX_WORDS];
	size_t		 nw;
	char		 buf[CONFIG_MAX_LINE + 1];	/* unescaped words, NUL-terminated */
};

static void perr(struct parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
vreport(struct parser *p, int with_line, const char *fmt, va_list ap)
{
	if (p->gave_up)
		return;
	p->errors++;
	if (p->errf != NULL) {
		if (with_line)
			fprintf(p->errf, "%s:%zu: ", p->name, p->line);
		else
			fprintf(p->errf, "%s: ", p->name);
		vfprintf(p->errf, fmt, ap);
		fputc('\n', p->errf);
	}
	if (p->errors >= CONFIG_MAX_ERRORS) {
		p->gave_up = 1;
		if (p->errf != NULL)
			fprintf(p->errf, "%s: too many errors, giving up\n", p->name);
	}
}

static void
perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(p, 1, fmt, ap);
	va_end(ap);
}

static void
oom(struct parser *p)
{
	/* Nothing sensible can follow an allocation failure: stop here. */
	if (p->errf != NULL && !p->gave_up)
		fprintf(p->errf, "%s: out of memory\n", p->name);
	if (!p->gave_up)
		p->errors++;
	p->gave_up = 1;
}

/*
 * A word as it may be quoted back in a message: at most SHOW_MAX bytes, cut on a UTF-8
 * boundary.  Words never hold control characters or invalid UTF-8 (lex_line refused them).
 */
static const char *
show(const struct word *w, char out[SHOW_MAX + 4])
{
	size_t n = w->len;

	if (n <= SHOW_MAX) {
		memcpy(out, w->s, n);
		out[n] = '\0';
		return out;
	}
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)w->s[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, w->s, n);
	memcpy(out + n, "...", 4);
	return out;
}

/*
 * Check that s[0..n) is UTF-8 without control characters (C0, DEL, C1).  Returns 0, or -1
 * with *bad set to the offending code point, or to -1 for malformed UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF count as malformed).
 */
static int
check_text(const unsigned char *s, size_t n, long *bad)
{
	size_t i = 0, k, more;
	unsigned long cp;
	unsigned char lo, hi;

	while (i < n) {
		unsigned char c = s[i];

		lo = 0x80;
		hi = 0xbf;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f) {
				*bad = c;
				return -1;
			}
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			cp = c & 0x0f;
			if (c == 0xe0)
				lo = 0xa0;	/* overlong */
			if (c == 0xed)
				hi = 0x9f;	/* surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			cp = c & 0x07;
			if (c == 0xf0)
				lo = 0x90;	/* overlong */
			if (c == 0xf4)
				hi = 0x8f;	/* above U+10FFFF */
		} else {
			*bad = -1;
			return -1;
		}
		if (n - i - 1 < more) {
			*bad = -1;
			return -1;
		}
		for (k = 1; k <= more; k++) {
			unsigned char d = s[i + k];

			if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xbf)) {
				*bad = -1;
				return -1;
			}
			cp = (cp << 6) | (d & 0x3f);
		}
		if (cp >= 0x80 && cp <= 0x9f) {
			*bad = (long)cp;
			return -1;
		}
		i += more + 1;
	}
	return 0;
}

/*
 * Split one line (without its newline) into words.  Returns 0, or -1 after reporting the
 * first lexical error.  Words after MAX_WORDS are checked but not kept.
 */
static int
lex_line(struct parser *p, const char *s, size_t n)
{
	size_t i = 0, o = 0;
	long bad;

	p->nw = 0;
	for (;;) {
		struct word w;
		size_t start;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '#')
			return 0;
		start = o;
		w.quoted = s[i] == '"';
		if (w.quoted) {
			for (i++;; i++) {
				if (i == n) {
					perr(p, "unterminated string");
					return -1;
				}
				if (s[i] == '"')
					break;
				if (s[i] == '\\') {
					if (i + 1 == n) {
						perr(p, "unterminated string");
						return -1;
					}
					if (s[i + 1] != '"' && s[i + 1] != '\\') {
						perr(p, "invalid escape in string, only \\\" and "
						    "\\\\ are allowed");
						return -1;
					}
					i++;
				}
				p->buf[o++] = s[i];
			}
			i++;
		} else {
			while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '"' &&
			    s[i] != '#')
				p->buf[o++] = s[i++];
		}
		/* The output never outgrows the input, which is at most CONFIG_MAX_LINE. */
		p->buf[o++] = '\0';
		w.s = p->buf + start;
		w.len = o - 1 - start;
		if (check_text((const unsigned char *)w.s, w.len, &bad) == -1) {
			const char *what = w.quoted ? "string" : "word";

			if (bad == -1)
				perr(p, "invalid UTF-8 in %s", what);
			else
				perr(p, "control character U+%04lX in %s", (unsigned long)bad,
				    what);
			return -1;
		}
		if (p->nw < MAX_WORDS)
			p->w[p->nw++] = w;
	}
}

/* A whole word of decimal digits; sets *overflow (and keeps scanning) past UINT64_MAX. */
static int
parse_digits(const char *s, size_t n, uint64_t *v, int *overflow)
{
	size_t i;

	*v = 0;
	*overflow = 0;
	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (*v > (UINT64_MAX - d) / 10)
			*overflow = 1;
		else
			*v = *v * 10 + d;
	}
	return 0;
}

static int
parse_uint(struct parser *p, const char *what, const struct word *w, uint64_t min,
    uint64_t max, uint64_t *out)
{
	char sh[SHOW_MAX + 4];
	uint64_t v;
	int overflow;

	if (parse_digits(w->s, w->len, &v, &overflow) == -1) {
		perr(p, "invalid number \"%s\" for \"%s\"", show(w, sh), what);
		return -1;
	}
	if (overflow || v < min || v > max) {
		perr(p, "%s %s out of range (%llu..%llu)", what, show(w, sh),
		    (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static const struct {
	char		 suffix;
	uint64_t	 mult;
} size_units[] = {
	{ 'T', 1ULL << 40 }, { 'G', 1ULL << 30 }, { 'M', 1ULL << 20 }, { 'K', 1ULL << 10 },
};

#define MAP_SIZE_MIN	(1ULL << 20)
#define MAP_SIZE_MAX	(1ULL << 40)

static int
parse_size(struct parser *p, const char *what, const struct word *w, uint64_t *out)
{
	char sh[SHOW_MAX + 4];
	uint64_t v, mult = 1;
	size_t n = w->len, i;
	int overflow;

	if (n > 0 && (w->s[n - 1] < '0' || w->s[n - 1] > '9')) {
		for (i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++)
			if (w->s[n - 1] == size_units[i].suffix ||
			    w->s[n - 1] == size_units[i].suffix + ('a' - 'A'))
				mult = size_units[i].mult;
		n--;
	}
	if (parse_digits(w->s, n, &v, &overflow) == -1 || (n < w->len && mult == 1)) {
		perr(p, "invalid size \"%s\" for \"%s\", expected a number with an optional "
		    "K, M, G or T suffix", show(w, sh), what);
		return -1;
	}
	if (overflow || v > UINT64_MAX / mult || v * mult < MAP_SIZE_MIN ||
	    v * mult > MAP_SIZE_MAX) {
		perr(p, "%s %s out of range (1M..1T)", what, show(w, sh));
		return -1;
	}
	*out = v * mult;
	return 0;
}

static const char *const log_levels[] = {
	[LOG_ERR] = "err", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

const char *
config_log_level_name(int level)
{
	if (level < LOG_ERR || level > LOG_DEBUG)
		return NULL;
	return log_levels[level];
}

static int
is_word(const struct word *w, const char *s)
{
	return !w->quoted && strcmp(w->s, s) == 0;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	return (unsigned)(c - 'A' + 10);
}

/*
 * Decode a 64-hex-digit key.  Returns 0, or -1 with why set to a message fragment (the
 * caller names the organiser).
 */
static int
parse_key(const struct word *w, uint8_t key[CONFIG_KEY_SIZE], char *why, size_t whysize)
{
	size_t i;

	if (w->len != 2 * CONFIG_KEY_SIZE) {
		snprintf(why, whysize, "%zu characters, expected %d hex digits (%d bytes)",
		    w->len, 2 * CONFIG_KEY_SIZE, CONFIG_KEY_SIZE);
		return -1;
	}
	for (i = 0; i < w->len; i++)
		if (!is_hex(w->s[i])) {
			snprintf(why, whysize, "character %zu is not a hex digit", i + 1);
			return -1;
		}
	for (i = 0; i < CONFIG_KEY_SIZE; i++)
		key[i] = (uint8_t)(hex_value(w->s[2 * i]) << 4 | hex_value(w->s[2 * i + 1]));
	return 0;
}

/* Settings that take one value and may appear once; listen and organiser are apart. */
enum kind { K_STRING, K_PATH, K_UINT, K_SIZE, K_LOGLEVEL };

static const struct setting {
	const char	*kw1, *kw2;	/* kw2 NULL for a one-word keyword */
	enum kind	 kind;
	size_t		 off;
	unsigned	 min, max;
} settings[] = {
	{ "datadir", NULL, K_PATH, offsetof(struct config, datadir), 0, 0 },
	{ "control", "socket", K_STRING, offsetof(struct config, control_socket), 0, 0 },
	{ "control", "group", K_STRING, offsetof(struct config, control_group), 0, 0 },
	{ "user", NULL, K_STRING, offsetof(struct config, user), 0, 0 },
	{ "max", "connections", K_UINT, offsetof(struct config, max_connections), 1, 1000000 },
	{ "max", "per-peer", K_UINT, offsetof(struct config, max_per_peer), 1, 1000000 },
	{ "timeout", "hello", K_UINT, offsetof(struct config, hello_timeout), 1, 86400 },
	{ "timeout", "idle", K_UINT, offsetof(struct config, idle_timeout), 1, 86400 },
	{ "map", "size", K_SIZE, offsetof(struct config, map_size), 0, 0 },
	{ "checkpoint", "interval", K_UINT, offsetof(struct config, checkpoint_interval),
	    1, 86400 },
	{ "log", "level", K_LOGLEVEL, offsetof(struct config, log_level), 0, 0 },
	/* The network edge (issue 10). */
	{ "timeout", "frame", K_UINT, offsetof(struct config, frame_timeout), 1, 86400 },
	{ "max", "input", K_UINT, offsetof(struct config, max_input), 4096, 1048576 },
	{ "max", "output", K_SIZE, offsetof(struct config, max_output), 0, 0 },
	{ "max", "unauthenticated", K_UINT, offsetof(struct config, max_unauthenticated),
	    1, 1000000 },
	{ "max", "unauthenticated-memory", K_SIZE,
	    offsetof(struct config, unauthenticated_memory), 0, 0 },
	{ "max", "ballots-in-flight", K_UINT, offsetof(struct config, ballots_in_flight),
	    1, 65536 },
	{ "max", "key-sessions", K_UINT, offsetof(struct config, key_sessions), 1, 65536 },
	{ "checkpoint", "request-interval", K_UINT, offsetof(struct config, checkpoint_request),
	    1, 86400 },
	{ "max", "unauthenticated-per-turn", K_UINT, offsetof(struct config, unauth_per_turn),
	    1, 65536 },
	{ "max", "handshakes-per-peer", K_UINT, offsetof(struct config, handshakes_per_peer),
	    1, 65536 },
	{ "web", "user", K_STRING, offsetof(struct config, web_user), 0, 0 },
	{ "web", "proxy", K_STRING, offsetof(struct config, web_proxy), 0, 0 },
	{ "web", "bundles", K_PATH, offsetof(struct config, web_bundles), 0, 0 },
	{ "web", "nice", K_UINT, offsetof(struct config, web_nice), 0, 19 },
	{ "contact", "keep", K_UINT, offsetof(struct config, contact_keep), 0, 36500 },
};
#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))
_Static_assert(NSETTINGS <= sizeof(((struct parser *)0)->set_line) / sizeof(size_t),
    "parser.set_line too small");

/* Reports words after the statement's last one; returns -1 if there were any. */
static int
trailing(struct parser *p, size_t used, const char *what)
{
	char sh[SHOW_MAX + 4];

	if (p->nw <= used)
		return 0;
	perr(p, "trailing garbage \"%s\" after \"%s\"", show(&p->w[used], sh), what);
	return -1;
}

static void
parse_setting(struct parser *p, size_t idx, size_t nkw)
{
	const struct setting *st = &settings[idx];
	const struct word *v = &p->w[nkw];
	char what[64], sh[SHOW_MAX + 4];
	char *base = (char *)p->cf + st->off, *copy;
	uint64_t n = 0;
	int level = 0;

	snprintf(what, sizeof(what), "%s%s%s", st->kw1, st->kw2 ? " " : "",
	    st->kw2 ? st->kw2 : "");
	if (p->nw <= nkw) {
		perr(p, "missing argument to \"%s\"", what);
		return;
	}
	switch (st->kind) {
	case K_PATH:
		if (v->s[0] != '/') {
			perr(p, "%s \"%s\" is not an absolute path", what, show(v, sh));
			return;
		}
		break;
	case K_STRING:
		if (v->len == 0) {
			perr(p, "empty argument to \"%s\"", what);
			return;
		}
		break;
	case K_UINT:
		if (parse_uint(p, what, v, st->min, st->max, &n) == -1)
			return;
		break;
	case K_SIZE:
		if (parse_size(p, what, v, &n) == -1)
			return;
		break;
	case K_LOGLEVEL:
		for (level = LOG_ERR; level <= LOG_DEBUG; level++)
			if (strcmp(v->s, log_levels[level]) == 0)
				break;
		if (level > LOG_DEBUG) {
			perr(p, "unknown log level \"%s\", expected err, warning, notice, info "
			    "or debug", show(v, sh));
			return;
		}
		break;
	}
	if (trailing(p, nkw + 1, what) == -1)
		return;
	if (st->off == offsetof(struct config, web_proxy)) {
		/* An address literal, canonical, as the web site compares it with its peer. */
		unsigned char a[sizeof(struct in6_addr)];
		char canon[INET6_ADDRSTRLEN];
		if (inet_pton(AF_INET, v->s, a) == 1)
			inet_ntop(AF_INET, a, canon, sizeof(canon));
		else if (inet_pton(AF_INET6, v->s, a) == 1)
			inet_ntop(AF_INET6, a, canon, sizeof(canon));
		else {
			perr(p, "invalid web proxy address \"%s\", expected an IPv4 or IPv6 "
			    "address", show(v, sh));
			return;
		}
		if (strlen(canon) <= v->len)
			strcpy((char *)(uintptr_t)v->s, canon);
	}
	if (p->set_line[idx] != 0) {
		perr(p, "\"%s\" already set on line %zu", what, p->set_line[idx]);
		return;
	}
	p->set_line[idx] = p->line;
	switch (st->kind) {
	case K_PATH:
	case K_STRING:
		if ((copy = strdup(v->s)) == NULL) {
			oom(p);
			return;
		}
		free(*(char **)(void *)base);
		*(char **)(void *)base = copy;
		break;
	case K_UINT:
		*(unsigned *)(void *)base = (unsigned)n;
		break;
	case K_SIZE:
		*(uint64_t *)(void *)base = n;
		break;
	case K_LOGLEVEL:
		*(int *)(void *)base = level;
		break;
	}
}

/* Grow an array of structs and its parallel array of line numbers by one slot. */
static int
grow(void **arr, size_t elem, size_t **lines, size_t *cap, size_t n)
{
	void *a;
	size_t *l, ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	if ((a = realloc(*arr, ncap * elem)) == NULL)
		return -1;
	*arr = a;
	if ((l = realloc(*lines, ncap * sizeof(**lines))) == NULL)
		return -1;
	*lines = l;
	*cap = ncap;
	return 0;
}

static void
parse_listen(struct parser *p)
{
	struct config *cf = p->cf;
	struct config_listen *l;
	char sh[SHOW_MAX + 4], host[INET6_ADDRSTRLEN], port[8];
	unsigned char addr[sizeof(struct in6_addr)];
	uint64_t portnum = 7447;
	size_t i;
	void *arr;

	if (p->nw < 2 || !is_word(&p->w[1], "on")) {
		if (p->nw < 2)
			perr(p, "expected \"on\" after \"listen\"");
		else
			perr(p, "expected \"on\" after \"listen\", found \"%s\"",
			    show(&p->w[1], sh));
		return;
	}
	if (p->nw < 3) {
		perr(p, "missing argument to \"listen on\"");
		return;
	}
	if (strcmp(p->w[2].s, "*") == 0)
		strcpy(host, "*");
	else if (inet_pton(AF_INET, p->w[2].s, addr) == 1)
		inet_ntop(AF_INET, addr, host, sizeof(host));
	else if (inet_pton(AF_INET6, p->w[2].s, addr) == 1)
		inet_ntop(AF_INET6, addr, host, sizeof(host));
	else {
		perr(p, "invalid listen address \"%s\", expected \"*\" or an IPv4 or IPv6 "
		    "address", show(&p->w[2], sh));
		return;
	}
	if (p->nw > 3 && is_word(&p->w[3], "port")) {
		if (p->nw < 5) {
			perr(p, "missing argument to \"port\"");
			return;
		}
		if (parse_uint(p, "port", &p->w[4], 1, 65535, &portnum) == -1)
			return;
		if (trailing(p, 5, "listen on") == -1)
			return;
	} else if (trailing(p, 3, "listen on") == -1)
		return;
	snprintf(port, sizeof(port), "%u", (unsigned)portnum);
	for (i = 0; i < cf->nlistens; i++)
		if (strcmp(cf->listens[i].host, host) == 0 &&
		    strcmp(cf->listens[i].port, port) == 0) {
			perr(p, "duplicate \"listen on %s port %s\", first on line %zu", host,
			    port, p->listen_line[i]);
			return;
		}
	if (cf->nlistens >= CONFIG_MAX_LISTENS) {
		perr(p, "too many listen statements, the limit is %d", CONFIG_MAX_LISTENS);
		return;
	}
	arr = cf->listens;
	if (grow(&arr, sizeof(*cf->listens), &p->listen_line, &p->listen_cap,
	    cf->nlistens) == -1) {
		cf->listens = arr;
		oom(p);
		return;
	}
	cf->listens = arr;
	l = &cf->listens[cf->nlistens];
	l->host = strdup(host);
	l->port = strdup(port);
	if (l->host == NULL || l->port == NULL) {
		free(l->host);
		free(l->port);
		oom(p);
		return;
	}
	p->listen_line[cf->nlistens++] = p->line;
}

/* "listen web on ADDRESS port N": the public web site's plain-HTTP listener (web.c). */
static void
parse_listen_web(struct parser *p)
{
	struct config *cf = p->cf;
	char sh[SHOW_MAX + 4], host[INET6_ADDRSTRLEN], port[8];
	unsigned char addr[sizeof(struct in6_addr)];
	uint64_t portnum;

	if (p->nw < 6 || !is_word(&p->w[2], "on") || !is_word(&p->w[4], "port")) {
		perr(p, "expected \"listen web on ADDRESS port N\"");
		return;
	}
	if (strcmp(p->w[3].s, "*") == 0)
		strcpy(host, "*");
	else if (inet_pton(AF_INET, p->w[3].s, addr) == 1)
		inet_ntop(AF_INET, addr, host, sizeof(host));
	else if (inet_pton(AF_INET6, p->w[3].s, addr) == 1)
		inet_ntop(AF_INET6, addr, host, sizeof(host));
	else {
		perr(p, "invalid listen address \"%s\", expected \"*\" or an IPv4 or IPv6 "
		    "address", show(&p->w[3], sh));
		return;
	}
	if (parse_uint(p, "port", &p->w[5], 1, 65535, &portnum) == -1 ||
	    trailing(p, 6, "listen web on") == -1)
		return;
	if (cf->web_host != NULL) {
		perr(p, "\"listen web\" already set; the web site has one listener");
		return;
	}
	snprintf(port, sizeof(port), "%u", (unsigned)portnum);
	if ((cf->web_host = strdup(host)) == NULL || (cf->web_port = strdup(port)) == NULL)
		oom(p);
}

static void
parse_organiser(struct parser *p)
{
	struct config *cf = p->cf;
	struct config_organiser *o;
	const struct word *name = &p->w[1];
	char sh[SHOW_MAX + 4], why[80];
	uint8_t key[CONFIG_KEY_SIZE];
	size_t i, nv = 0;
	int64_t until = 0;
	void *arr;

	if (p->nw < 2) {
		perr(p, "missing argument to \"organiser\"");
		return;
	}
	if (name->len == 0) {
		perr(p, "empty organiser name");
		return;
	}
	if (name->len > CONFIG_MAX_NAME) {
		perr(p, "organiser name longer than %d bytes", CONFIG_MAX_NAME);
		return;
	}
	if (p->nw < 3 || !is_word(&p->w[2], "key")) {
		if (p->nw < 3)
			perr(p, "expected \"key\" after organiser name");
		else
			perr(p, "expected \"key\" after organiser name, found \"%s\"",
			    show(&p->w[2], sh));
		return;
	}
	if (p->nw < 4) {
		perr(p, "missing argument to \"key\"");
		return;
	}
	if (parse_key(&p->w[3], key, why, sizeof(why)) == -1) {
		perr(p, "invalid key for organiser \"%s\": %s", show(name, sh), why);
		return;
	}
	/* [village V …] [until DATE|SECONDS] (docs/config.md: an organiser's scope and a
	 * retired key's end). */
	for (i = 4; i < p->nw; ) {
		if (is_word(&p->w[i], "village")) {
			if (++i >= p->nw || is_word(&p->w[i], "until")) {
				perr(p, "\"village\" needs one or more village names or ids");
				return;
			}
			while (i < p->nw && !is_word(&p->w[i], "until")) {
				if (p->w[i].len == 0 || p->w[i].len > CONFIG_MAX_NAME) {
					perr(p, "bad village name for organiser \"%s\"", show(name, sh));
					return;
				}
				nv++;
				i++;
			}
		} else if (is_word(&p->w[i], "until")) {
			struct tm tm;
			char *end;
			if (++i >= p->nw) {
				perr(p, "missing argument to \"until\"");
				return;
			}
			memset(&tm, 0, sizeof(tm));
			end = strptime(p->w[i].s, "%Y-%m-%d", &tm);
			if (end != NULL && *end == '\0')
				until = (int64_t)timegm(&tm);
			else {
				errno = 0;
				until = (int64_t)strtoll(p->w[i].s, &end, 10);
				if (errno || *end != '\0' || until <= 0) {
					perr(p, "\"until\" takes a date YYYY-MM-DD (00:00 UTC) or unix "
					    "seconds, not \"%s\"", show(&p->w[i], sh));
					return;
				}
			}
			i++;
		} else {
			trailing(p, i, "organiser");
			return;
		}
	}
	if (p->nw >= MAX_WORDS) {
		perr(p, "too many words for one organiser line");
		return;
	}
	for (i = 0; i < cf->norganisers; i++) {
		if (strcmp(cf->organisers[i].name, name->s) == 0) {
			perr(p, "duplicate organiser name \"%s\", first on line %zu",
			    show(name, sh), p->organiser_line[i]);
			return;
		}
		if (memcmp(cf->organisers[i].key, key, sizeof(key)) == 0) {
			perr(p, "duplicate organiser key, already used by \"%s\" on line %zu",
			    cf->organisers[i].name, p->organiser_line[i]);
			return;
		}
	}
	if (cf->norganisers >= CONFIG_MAX_ORGANISERS) {
		perr(p, "too many organisers, the limit is %d", CONFIG_MAX_ORGANISERS);
		return;
	}
	arr = cf->organisers;
	if (grow(&arr, sizeof(*cf->organisers), &p->organiser_line, &p->organiser_cap,
	    cf->norganisers) == -1) {
		cf->organisers = arr;
		oom(p);
		return;
	}
	cf->organisers = arr;
	o = &cf->organisers[cf->norganisers];
	if ((o->name = strdup(name->s)) == NULL) {
		oom(p);
		return;
	}
	memcpy(o->key, key, sizeof(key));
	o->villages = NULL;
	o->nvillages = 0;
	o->until = until;
	if (nv > 0 && (o->villages = calloc(nv, sizeof(*o->villages))) == NULL) {
		free(o->name);
		oom(p);
		return;
	}
	for (i = 4; i < p->nw && o->nvillages < nv; i++) {
		if (is_word(&p->w[i], "village"))
			continue;
		if (is_word(&p->w[i], "until")) {
			i++;
			continue;
		}
		if ((o->villages[o->nvillages] = strdup(p->w[i].s)) == NULL) {
			while (o->nvillages > 0)
				free(o->villages[--o->nvillages]);
			free(o->villages);
			free(o->name);
			oom(p);
			return;
		}
		o->nvillages++;
	}
	p->organiser_line[cf->norganisers++] = p->line;
}

static void
parse_statement(struct parser *p)
{
	const struct word *w0 = &p->w[0];
	char sh[SHOW_MAX + 4], alts[256];
	size_t i, nalts, k;

	if (w0->quoted) {
		perr(p, "expected a keyword, found quoted string \"%s\"", show(w0, sh));
		return;
	}
	if (strcmp(w0->s, "listen") == 0 && p->nw > 1 && is_word(&p->w[1], "web")) {
		parse_listen_web(p);
		return;
	}
	if (strcmp(w0->s, "listen") == 0) {
		parse_listen(p);
		return;
	}
	if (strcmp(w0->s, "organiser") == 0) {
		parse_organiser(p);
		return;
	}
	nalts = 0;
	for (i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].kw1, w0->s) != 0)
			continue;
		if (settings[i].kw2 == NULL) {
			parse_setting(p, i, 1);
			return;
		}
		nalts++;
		if (p->nw > 1 && is_word(&p->w[1], settings[i].kw2)) {
			parse_setting(p, i, 2);
			return;
		}
	}
	if (nalts == 0) {
		if (strcmp(w0->s, "organizer") == 0)
			perr(p, "unknown keyword \"organizer\", did you mean \"organiser\"?");
		else
			perr(p, "unknown keyword \"%s\"", show(w0, sh));
		return;
	}
	/* A two-word keyword whose second word is missing or wrong: list the choices. */
	alts[0] = '\0';
	for (i = 0, k = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].kw1, w0->s) != 0)
			continue;
		k++;
		snprintf(alts + strlen(alts), sizeof(alts) - strlen(alts), "%s\"%s\"",
		    k == 1 ? "" : k == nalts ? " or " : ", ", settings[i].kw2);
	}
	if (p->nw < 2)
		perr(p, "expected %s after \"%s\"", alts, w0->s);
	else
		perr(p, "expected %s after \"%s\", found \"%s\"", alts, w0->s,
		    show(&p->w[1], sh));
}

void
config_defaults(struct config *cf)
{
	memset(cf, 0, sizeof(*cf));
	cf->datadir = strdup(CONFIG_DEFAULT_DATADIR);
	cf->control_socket = strdup(CONFIG_DEFAULT_CONTROL_SOCKET);
	cf->max_connections = CONFIG_DEFAULT_MAX_CONNECTIONS;
	cf->max_per_peer = CONFIG_DEFAULT_MAX_PER_PEER;
	cf->hello_timeout = CONFIG_DEFAULT_HELLO_TIMEOUT;
	cf->idle_timeout = CONFIG_DEFAULT_IDLE_TIMEOUT;
	cf->map_size = CONFIG_DEFAULT_MAP_SIZE;
	cf->checkpoint_interval = CONFIG_DEFAULT_CHECKPOINT;
	cf->log_level = LOG_INFO;
	cf->frame_timeout = CONFIG_DEFAULT_FRAME_TIMEOUT;
	cf->max_input = CONFIG_DEFAULT_MAX_INPUT;
	cf->max_output = CONFIG_DEFAULT_MAX_OUTPUT;
	/* 9/10 of max connections; config_parse recomputes it unless it is set */
	cf->max_unauthenticated = CONFIG_DEFAULT_MAX_CONNECTIONS -
	    CONFIG_DEFAULT_MAX_CONNECTIONS / 10;
	cf->unauthenticated_memory = CONFIG_DEFAULT_UNAUTH_MEMORY;
	cf->ballots_in_flight = CONFIG_DEFAULT_BALLOTS_IN_FLIGHT;
	cf->key_sessions = CONFIG_DEFAULT_KEY_SESSIONS;
	cf->checkpoint_request = CONFIG_DEFAULT_CHECKPOINT_REQUEST;
	cf->unauth_per_turn = CONFIG_DEFAULT_UNAUTH_PER_TURN;
	cf->handshakes_per_peer = CONFIG_DEFAULT_HANDSHAKES_PER_PEER;
	cf->web_nice = CONFIG_DEFAULT_WEB_NICE;
	cf->contact_keep = CONFIG_DEFAULT_CONTACT_KEEP;
}

/* The share of connection slots kept for authenticated clients (issue 10): unset, it is
 * a tenth of max connections; set, it must leave at least one slot. */
static void
edge_limits_check(struct parser *p)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].kw1, "max") == 0 &&
		    strcmp(settings[i].kw2 ? settings[i].kw2 : "", "unauthenticated") == 0)
			break;
	if (p->set_line[i] == 0) {
		p->cf->max_unauthenticated = p->cf->max_connections -
		    p->cf->max_connections / 10;
		return;
	}
	if (p->cf->max_unauthenticated >= p->cf->max_connections) {
		p->line = p->set_line[i];
		perr(p, "max unauthenticated %u must be below max connections %u (the rest are "
		    "kept for kiosks and organisers)", p->cf->max_unauthenticated,
		    p->cf->max_connections);
	}
}

int
config_parse(const char *name, const char *text, size_t len, struct config *cf, FILE *errf)
{
	struct parser *p;
	size_t pos = 0, end, n;
	const char *nl;
	int errors;

	config_defaults(cf);
	/* The parser holds a line buffer: keep it off the (possibly small) stack. */
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    cf->datadir == NULL || cf->control_socket == NULL) {
		free(p);
		if (errf != NULL)
			fprintf(errf, "%s: out of memory\n", name);
		return 1;
	}
	p->name = name;
	p->errf = errf;
	p->cf = cf;
	while (pos < len && !p->gave_up) {
		nl = memchr(text + pos, '\n', len - pos);
		end = nl != NULL ? (size_t)(nl - text) : len;
		n = end - pos;
		p->line++;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;	/* tolerate files written on Windows */
		if (n > CONFIG_MAX_LINE)
			perr(p, "line too long, the limit is %d bytes", CONFIG_MAX_LINE);
		else if (lex_line(p, text + pos, n) == 0 && p->nw > 0)
			parse_statement(p);
		pos = end + 1;
	}
	if (!p->gave_up)
		edge_limits_check(p);
	errors = p->errors;
	free(p->listen_line);
	free(p->organiser_line);
	free(p);
	return errors;
}

int
config_load(const char *path, struct config *cf, FILE *errf)
{
	struct stat st;
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd, errors;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		int e = fd == -1 || !S_ISDIR(st.st_mode) ? errno : EISDIR;

		if (fd != -1)
			close(fd);
		config_defaults(cf);
		if (errf != NULL)
			fprintf(errf, "%s: cannot open: %s\n", path, strerror(e));
		return 1;
	}
	/* Read until EOF rather than trusting st_size: pipes and /proc files have none. */
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > CONFIG_MAX_FILE + 1)
				cap = CONFIG_MAX_FILE + 1;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				r = -1;
				errno = ENOMEM;
				break;
			}
			buf = nbuf;
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len > CONFIG_MAX_FILE)
			break;
	}
	if (r == -1 || len > CONFIG_MAX_FILE) {
		int e = errno;

		close(fd);
		free(buf);
		config_defaults(cf);
		if (errf != NULL) {
			if (r == -1)
				fprintf(errf, "%s: cannot read: %s\n", path, strerror(e));
			else
				fprintf(errf, "%s: file too large, the limit is %d MiB\n", path,
				    CONFIG_MAX_FILE >> 20);
		}
		return 1;
	}
	close(fd);
	errors = config_parse(path, buf, len, cf, errf);
	free(buf);
	return errors;
}

/* A string that parses back to itself: quoted, with " and \ escaped. */
static void
print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void
print_size(FILE *out, uint64_t v)
{
	size_t i;

	for (i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++)
		if (v != 0 && v % size_units[i].mult == 0) {
			fprintf(out, "%llu%c", (unsigned long long)(v / size_units[i].mult),
			    size_units[i].suffix);
			return;
		}
	fprintf(out, "%llu", (unsigned long long)v);
}

void
config_print(FILE *out, const struct config *cf)
{
	const char *level;
	size_t i, k;

	if (cf->datadir != NULL) {
		fputs("datadir ", out);
		print_string(out, cf->datadir);
		fputc('\n', out);
	}
	if (cf->control_socket != NULL) {
		fputs("control socket ", out);
		print_string(out, cf->control_socket);
		fputc('\n', out);
	}
	if (cf->control_group != NULL) {
		fputs("control group ", out);
		print_string(out, cf->control_group);
		fputc('\n', out);
	}
	if (cf->user != NULL) {
		fputs("user ", out);
		print_string(out, cf->user);
		fputc('\n', out);
	}
	for (i = 0; i < cf->nlistens; i++)
		fprintf(out, "listen on %s port %s\n", cf->listens[i].host,
		    cf->listens[i].port);
	for (i = 0; i < cf->norganisers; i++) {
		fputs("organiser ", out);
		print_string(out, cf->organisers[i].name);
		fputs(" key ", out);
		for (k = 0; k < CONFIG_KEY_SIZE; k++)
			fprintf(out, "%02x", cf->organisers[i].key[k]);
		if (cf->organisers[i].nvillages > 0)
			fputs(" village", out);
		for (k = 0; k < cf->organisers[i].nvillages; k++) {
			fputc(' ', out);
			print_string(out, cf->organisers[i].villages[k]);
		}
		if (cf->organisers[i].until)
			fprintf(out, " until %lld", (long long)cf->organisers[i].until);
		fputc('\n', out);
	}
	fprintf(out, "max connections %u\n", cf->max_connections);
	fprintf(out, "max per-peer %u\n", cf->max_per_peer);
	fprintf(out, "timeout hello %u\n", cf->hello_timeout);
	fprintf(out, "timeout idle %u\n", cf->idle_timeout);
	fputs("map size ", out);
	print_size(out, cf->map_size);
	fputc('\n', out);
	fprintf(out, "checkpoint interval %u\n", cf->checkpoint_interval);
	fprintf(out, "checkpoint request-interval %u\n", cf->checkpoint_request);
	fprintf(out, "timeout frame %u\n", cf->frame_timeout);
	fprintf(out, "max input %u\n", cf->max_input);
	fputs("max output ", out);
	print_size(out, cf->max_output);
	fputc('\n', out);
	fprintf(out, "max unauthenticated %u\n", cf->max_unauthenticated);
	fputs("max unauthenticated-memory ", out);
	print_size(out, cf->unauthenticated_memory);
	fputc('\n', out);
	fprintf(out, "max ballots-in-flight %u\n", cf->ballots_in_flight);
	fprintf(out, "max key-sessions %u\n", cf->key_sessions);
	fprintf(out, "max unauthenticated-per-turn %u\n", cf->unauth_per_turn);
	fprintf(out, "max handshakes-per-peer %u\n", cf->handshakes_per_peer);
	if ((level = config_log_level_name(cf->log_level)) != NULL)
		fprintf(out, "log level %s\n", level);
	fprintf(out, "contact keep %u\n", cf->contact_keep);
	/* The web site's settings only when set (older configs print as before). */
	if (cf->web_host != NULL && cf->web_port != NULL) {
		fprintf(out, "listen web on %s port %s\n", cf->web_host, cf->web_port);
		fprintf(out, "web nice %u\n", cf->web_nice);
	}
	{
		static const char *const kw[] = { "web user ", "web proxy ", "web bundles " };
		const char *v[] = { cf->web_user, cf->web_proxy, cf->web_bundles };
		for (i = 0; i < 3; i++)
			if (v[i] != NULL) {
				fputs(kw[i], out);
				print_string(out, v[i]);
				fputc('\n', out);
			}
	}
}

void
config_free(struct config *cf)
{
	size_t i;

	free(cf->datadir);
	free(cf->control_socket);
	free(cf->control_group);
	free(cf->user);
	for (i = 0; i < cf->nlistens; i++) {
		free(cf->listens[i].host);
		free(cf->listens[i].port);
	}
	free(cf->listens);
	for (i = 0; i < cf->norganisers; i++) {
		size_t k;
		free(cf->organisers[i].name);
		for (k = 0; k < cf->organisers[i].nvillages; k++)
			free(cf->organisers[i].villages[k]);
		free(cf->organisers[i].villages);
	}
	free(cf->organisers);
	free(cf->web_host);
	free(cf->web_port);
	free(cf->web_user);
	free(cf->web_proxy);
	free(cf->web_bundles);
	memset(cf, 0, sizeof(*cf));
}

const struct config_organiser *
config_find_organiser(const struct config *cf, const uint8_t key[CONFIG_KEY_SIZE])
{
	size_t i;

	for (i = 0; i < cf->norganisers; i++)
		if (memcmp(cf->organisers[i].key, key, CONFIG_KEY_SIZE) == 0)
			return &cf->organisers[i];
	return NULL;
}

char *
config_control_path(const struct config *cf)
{
	char *path;

	if (cf->control_socket == NULL || cf->datadir == NULL)
		return NULL;
	if (cf->control_socket[0] == '/')
		return strdup(cf->control_socket);
	if (asprintf(&path, "%s/%s", cf->datadir, cf->control_socket) == -1)
		return NULL;
	return path;
}
