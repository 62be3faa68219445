/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_codes.c — `dorpsstem codes generate` and `codes check`: the organiser's offline
 * voting codes (DESIGN.md §5; the format is docs/protocol.md "Voting codes and
 * credentials", the commands docs/cli.md).
 *
 * A code goes from randombytes straight onto its card (cards.c) and is wiped; only its
 * credential (public key) is kept, and the credentials file is sorted so that it says
 * nothing about the order of the cards. No code is ever printed, logged or written to a
 * temporary file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "code.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"

#define CODES_MAX	100000	/* per run: a village, not a country */
#define CARD_TEXT_MAX	NAME_MAX_BYTES

/* English for the command line (code_strerror is the kiosk's Dutch). */
static const char *
code_err_en(int e)
{
	switch (e) {
	case CODE_ELENGTH:
		return _("a code has 17 symbols (16 and a check symbol)");
	case CODE_ESYMBOL:
		return _("it has a character that is not in the code alphabet");
	case CODE_ECHECK:
		return _("its check symbol does not match (a typing error)");
	default:
		return _("not a voting code");
	}
}

static int
key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KEY_BYTES);
}

/* "zaterdag 31 mei 2025, 18:00 uur" in local time. */
static void
dutch_time(char *buf, size_t n, int64_t t)
{
	static const char *const days[] = { "zondag", "maandag", "dinsdag", "woensdag",
	    "donderdag", "vrijdag", "zaterdag" };
	static const char *const months[] = { "januari", "februari", "maart", "april", "mei",
	    "juni", "juli", "augustus", "september", "oktober", "november", "december" };
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, n, "?");
		return;
	}
	snprintf(buf, n, "%s %d %s %d, %02d:%02d uur", days[tm.tm_wday], tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* A text option for the cards: valid UTF-8 without control characters, not too long. */
static int
card_text_ok(const char *opt, const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > CARD_TEXT_MAX || !utf8_valid(s, len)) {
		cli_fail(_("%s: 1 to %d bytes of text without control characters"), opt,
		    CARD_TEXT_MAX);
		return 0;
	}
	return 1;
}

/*
 * Fills what the options left open from the daemon's ROUND_SHOW (read-only, unsigned),
 * if a daemon is reachable. *ri is filled on 0 (the caller wire_frees it).
 */
static int
round_from_daemon(struct cli *c, uint32_t round, struct round_info *ri)
{
	struct conn_opts	 o = { c->socket, c->host, c->fingerprint, c->home, 0 };
	struct conn		 conn;
	struct ref		 r = { round };
	int			 rc;

	if (conn_open(&conn, &o) == -1) {
		cli_fail(_("the cards need the village and the round's name: give --village and "
		    "--round-name, or run this where dorpsstemd is reachable (%s)"), conn.err);
		conn_close(&conn);
		return -1;
	}
	if ((rc = conn_request(&conn, MSG_ROUND_SHOW, &r, NULL, ri)) == -1)
		cli_fail(_("round %u: %s"), round, conn.err);
	conn_close(&conn);
	return rc;
}

/* Creates path for writing, never over an existing file. */
static int
create_excl(const char *path, mode_t mode)
{
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) == -1) {
		if (errno == EEXIST)
			cli_fail(_("%s already exists; codes are never written over an existing "
			    "file"), path);
		else
			cli_fail("%s: %s", path, strerror(errno));
		return -1;
	}
	return fd;
}

/* Writes the sorted keys to fd and closes it (also on failure). */
static int
write_credentials(int fd, uint32_t round, const uint8_t *keys, uint32_t n)
{
	FILE		*f;
	char		 hex[2 * KEY_BYTES + 1];
	uint32_t	 i;
	int		 rc = 0;

	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	fprintf(f, CREDENTIALS_HEADER "\n", round, n);
	for (i = 0; i < n; i++) {
		hex_encode(keys + (size_t)i * KEY_BYTES, KEY_BYTES, hex);
		fprintf(f, "%s\n", hex);
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fd) == -1)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

int
cmd_codes_generate(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "-n", 1, NULL }, { "--cards", 1, NULL },
	    { "--credentials", 1, NULL }, { "--village", 1, NULL },
	    { "--round-name", 1, NULL }, { "--where", 1, NULL }, { "--until", 1, NULL },
	    { "--fingerprint", 1, NULL }, { "--site", 1, NULL }, { "--help-line", 1, NULL } };
	enum { O_N, O_CARDS, O_CREDS, O_VILLAGE, O_RNAME, O_WHERE, O_UNTIL, O_FP, O_SITE, O_HELP,
	    O_COUNT };
	struct round_info ri;
	struct card_text t;
	struct cards	*cards = NULL;
	char		*pos[CLI_MAXPOS], err[ERR_LEN], until[128], fp[20];
	char		 norm[CODE_NORM_LEN + 1];
	uint8_t		 sk[64], *keys = NULL;
	const char	*why, *cardsf, *credsf;
	uint32_t	 round, n, i;
	size_t		 npos, k;
	int		 have_ri = 0, cfd = -1, kfd = -1, rc = 1, pdf;
	int		 made_cards = 0, made_creds = 0, e;

	if (cli_args(argc, argv, o, O_COUNT, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (o[O_N].val == NULL || o[O_CARDS].val == NULL || o[O_CREDS].val == NULL)
		return cli_argfail(c, "-n, --cards and --credentials are required");
	if (parse_count(o[O_N].val, &n, &why) == -1 || n == 0 || n > CODES_MAX)
		return cli_fail(_("-n %s: the number of codes is 1 to %d"), o[O_N].val,
		    CODES_MAX);
	cardsf = o[O_CARDS].val;
	credsf = o[O_CREDS].val;
	if (*cardsf == '\0' || *credsf == '\0' || strcmp(cardsf, credsf) == 0)
		return cli_fail(_("--cards and --credentials need two different file names"));
	pdf = has_suffix(cardsf, ".pdf");
	for (k = O_VILLAGE; k < O_COUNT; k++)
		if (o[k].val != NULL && !card_text_ok(o[k].name, o[k].val))
			return 1;

	memset(&t, 0, sizeof(t));
	t.round = round;
	t.count = n;
	t.village = o[O_VILLAGE].val;
	t.round_name = o[O_RNAME].val;
	t.where = o[O_WHERE].val;
	t.until = o[O_UNTIL].val;
	t.fingerprint = o[O_FP].val;
	t.site = o[O_SITE].val;
	t.help = o[O_HELP].val;
	if (t.village == NULL || t.round_name == NULL) {
		if (round_from_daemon(c, round, &ri) == -1)
			return 1;
		have_ri = 1;
		if (t.village == NULL)
			t.village = ri.village_name;
		if (t.round_name == NULL)
			t.round_name = ri.round.name;
		if (t.until == NULL && ri.round.closes != 0) {
			dutch_time(until, sizeof(until), ri.round.closes);
			t.until = until;
		}
		/* The round fingerprint as the daemon states it (docs/audit.md §4.1): check it
		 * against your own configuration before printing. */
		if (t.fingerprint == NULL && round_fingerprint_of(c, ri.round.village, fp) == 0)
			t.fingerprint = fp;
	}

	if ((keys = malloc((size_t)n * KEY_BYTES)) == NULL) {
		cli_fail(_("out of memory"));
		goto done;
	}
	if ((kfd = create_excl(credsf, 0644)) == -1)
		goto done;
	made_creds = 1;
	if ((cfd = create_excl(cardsf, 0600)) == -1)
		goto done;
	made_cards = 1;
	if ((cards = cards_open(cfd, pdf, &t, err, sizeof(err))) == NULL) {
		cli_fail("%s: %s", cardsf, err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		code_generate(norm);
		code_derive(round, norm, keys + (size_t)i * KEY_BYTES, sk);
		sodium_memzero(sk, sizeof(sk));
		cards_add(cards, i + 1, norm);
		sodium_memzero(norm, sizeof(norm));
	}
	e = cards_close(cards, 1, err, sizeof(err));
	cards = NULL;
	if (e != 0) {
		cli_fail("%s: %s", cardsf, err);
		goto done;
	}
	qsort(keys, n, KEY_BYTES, key_cmp);
	for (i = 1; i < n; i++)
		if (memcmp(keys + (size_t)(i - 1) * KEY_BYTES, keys + (size_t)i * KEY_BYTES,
		    KEY_BYTES) == 0) {
			/* 80 random bits: this does not happen unless randombytes is broken. */
			cli_fail(_("two codes came out the same; is the random source broken?"));
			goto done;
		}
	if (write_credentials(kfd, round, keys, n) == -1) {
		kfd = -1;	/* closed by write_credentials */
		cli_fail("%s: %s", credsf, strerror(errno));
		goto done;
	}
	kfd = -1;
	if (close(cfd) == -1) {
		cfd = -1;
		cli_fail("%s: %s", cardsf, strerror(errno));
		goto done;
	}
	cfd = -1;
	rc = 0;
	if (t.until == NULL)
		fputs(_("dorpsstem: note: the cards do not say until when one can vote "
		    "(give --until)\n"), stderr);
	if (c->json) {
		printf("{\"round\":%u,\"count\":%u,\"cards\":", round, n);
		json_string(stdout, cardsf);
		printf(",\"credentials\":");
		json_string(stdout, credsf);
		printf("}\n");
	} else
		printf(ngettext("%u code for round %u: card in %s, credential in %s\n",
		    "%u codes for round %u: cards in %s, credentials in %s\n", n), n, round,
		    cardsf, credsf);
done:
	if (cards != NULL)
		cards_close(cards, 0, err, sizeof(err));
	sodium_memzero(norm, sizeof(norm));
	sodium_memzero(sk, sizeof(sk));
	if (cfd != -1)
		close(cfd);
	if (kfd != -1)
		close(kfd);
	if (rc != 0) {
		/* Half a set of cards is no use, and the codes on it must not linger. */
		if (made_cards)
			unlink(cardsf);
		if (made_creds)
			unlink(credsf);
	}
	free(keys);
	if (have_ri)
		wire_free(&schema_round_info, &ri);
	return rc;
}

int
cmd_codes_check(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--credentials", 1, NULL } };
	char		*pos[CLI_MAXPOS], err[ERR_LEN], line[256], hex[2 * KEY_BYTES + 1];
	char		 norm[CODE_NORM_LEN + 1];
	uint8_t		 pk[KEY_BYTES], sk[64], *keys = NULL;
	const char	*why, *typed;
	uint32_t	 round, fround, n;
	size_t		 npos;
	int		 e, found;

	if (cli_args(argc, argv, o, 1, pos, 2, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (o[0].val == NULL)
		return cli_argfail(c, "--credentials FILE is required");
	typed = pos[1];
	if (strcmp(pos[1], "-") == 0) {
		/* From standard input: keeps the code out of the shell's history. */
		if (fgets(line, sizeof(line), stdin) == NULL) {
			sodium_memzero(line, sizeof(line));
			return cli_fail(_("no code on standard input"));
		}
		line[strcspn(line, "\r\n")] = '\0';
		typed = line;
	}
	e = code_normalise(typed, norm);
	sodium_memzero(line, sizeof(line));
	sodium_memzero(pos[1], strlen(pos[1]));	/* out of /proc/PID/cmdline, too */
	if (e != CODE_OK)
		return cli_fail(_("that is not a valid voting code: %s"), code_err_en(e));
	code_derive(round, norm, pk, sk);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(norm, sizeof(norm));

	if (credentials_read(o[0].val, &fround, &keys, &n, &why) == -1)
		return errno ? cli_fail("%s: %s: %s", o[0].val, why, strerror(errno)) :
		    cli_fail("%s: %s", o[0].val, why);
	if (fround != round) {
		free(keys);
		return cli_fail(_("%s holds the credentials of round %u, not of round %u"),
		    o[0].val, fround, round);
	}
	found = n > 0 && bsearch(pk, keys, n, KEY_BYTES, key_cmp) != NULL;
	free(keys);
	hex_encode(pk, KEY_BYTES, hex);
	if (c->json) {
		printf("{\"round\":%u,\"credential\":\"%s\",\"found\":%s}\n", round, hex,
		    found ? "true" : "false");
	} else if (found)
		printf(_("credential %s of this code is in %s (round %u)\n"), hex, o[0].val, round);
	else
		printf(_("credential %s of this code is NOT in %s (round %u)\n"), hex, o[0].val,
		    round);
	return found ? 0 : 1;
}
