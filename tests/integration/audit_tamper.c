/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit_tamper — changes an audit bundle the way a cheat would, for audit.sh to check that
 * `dorpsstem audit verify` notices. Record files are rewritten in place, comments kept.
 *
 *   audit_tamper ballot-byte DIR N          flip one byte of ballot N (inside its nonce)
 *   audit_tamper ballot-remove DIR N        drop ballot N
 *   audit_tamper ballot-dup DIR N           ballot N twice
 *   audit_tamper ballot-forge DIR KIOSKKEY  add a ballot signed by an unregistered key
 *                                           (and countersigned by the real kiosk key)
 *   audit_tamper result-swap DIR            swap a funded and an unfunded initiative
 *   audit_tamper budget DIR                 add one euro to the round's budget
 *   audit_tamper credential-replace DIR N   replace the key of credential N
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "ballot.h"
#include "key.h"
#include "verify.h"

struct lines {
	char	**v;
	size_t	 n;
};

static void
read_lines(const char *path, struct lines *l)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 len;

	if ((f = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	memset(l, 0, sizeof(*l));
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if ((l->v = reallocarray(l->v, l->n + 1, sizeof(*l->v))) == NULL ||
		    (l->v[l->n++] = strdup(line)) == NULL)
			err(1, "out of memory");
	}
	free(line);
	fclose(f);
}

static void
write_lines(const char *path, const struct lines *l)
{
	FILE	*f;
	size_t	 i;

	if ((f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	for (i = 0; i < l->n; i++)
		if (l->v[i])
			fprintf(f, "%s\n", l->v[i]);
	if (fclose(f) != 0)
		err(1, "%s", path);
}

/* Index in l of record n (1-based). */
static size_t
record_line(const struct lines *l, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++)
		if (l->v[i][0] != '#' && ++k == n)
			return i;
	errx(1, "there is no record %zu", n);
}

static char *
to_hex(const struct wire_schema *s, const void *rec)
{
	struct wbuf	 b;
	char		*h;

	wbuf_init(&b);
	wire_encode(&b, s, rec);
	if (b.oom || (h = malloc(2 * b.len + 1)) == NULL)
		errx(1, "out of memory");
	hex_encode(b.p, b.len, h);
	wbuf_free(&b);
	return h;
}

static void
from_hex(const char *h, const struct wire_schema *s, void *rec)
{
	size_t	 n = strlen(h) / 2;
	uint8_t	*p = malloc(n + 1);

	if (p == NULL || hex_decode(h, p, n) != 0 || wire_decode_all(p, n, s, rec, NULL) != 0)
		errx(1, "a record does not decode");
	free(p);
}

static char *
path_in(const char *dir, const char *file)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, file) == -1)
		errx(1, "out of memory");
	return p;
}

static int
cmp_ballot_lines(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	struct ballot	bx, by;
	uint8_t		hx[HASH_BYTES], hy[HASH_BYTES];

	from_hex(x, &schema_ballot, &bx);
	from_hex(y, &schema_ballot, &by);
	ballot_hash(&bx, hx);
	ballot_hash(&by, hy);
	wire_free(&schema_ballot, &bx);
	wire_free(&schema_ballot, &by);
	return memcmp(hx, hy, HASH_BYTES);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the record lines of l (comments stay first). */
static void
sort_records(struct lines *l, int (*cmp)(const void *, const void *))
{
	size_t first = 0;

	while (first < l->n && l->v[first][0] == '#')
		first++;
	qsort(l->v + first, l->n - first, sizeof(*l->v), cmp);
}

int
main(int argc, char *argv[])
{
	struct lines	 l;
	const char	*what, *dir;
	char		*path, *h;
	size_t		 at, n = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;

	if (argc < 3 || sodium_init() < 0)
		errx(2, "usage: audit_tamper ACTION DIR [N|KEYFILE]");
	what = argv[1];
	dir = argv[2];
	if (strncmp(what, "ballot-", 7) == 0) {
		path = path_in(dir, BF_BALLOTS);
		read_lines(path, &l);
		if (strcmp(what, "ballot-byte") == 0) {
			/* A byte in the nonce: before two signatures of 128 hex digits each. */
			at = record_line(&l, n);
			h = l.v[at] + strlen(l.v[at]) - 2 * (SIG_BYTES * 2) - 10;
			*h = *h == '0' ? '1' : '0';
		} else if (strcmp(what, "ballot-remove") == 0) {
			at = record_line(&l, n);
			free(l.v[at]);
			l.v[at] = NULL;
		} else if (strcmp(what, "ballot-dup") == 0) {
			at = record_line(&l, n);
			if ((l.v = reallocarray(l.v, l.n + 1, sizeof(*l.v))) == NULL)
				errx(1, "out of memory");
			memmove(l.v + at + 1, l.v + at, (l.n - at) * sizeof(*l.v));
			l.v[at + 1] = strdup(l.v[at]);
			l.n++;
		} else if (strcmp(what, "ballot-forge") == 0 && argc == 4) {
			struct ballot	b;
			uint8_t		voter_sk[64], kiosk_sk[64];
			const char	*why;

			if (key_read_secret(argv[3], kiosk_sk, &why) != 0)
				errx(1, "%s: %s", argv[3], why);
			from_hex(l.v[record_line(&l, 1)], &schema_ballot, &b);
			crypto_sign_keypair(b.credential, voter_sk);
			randombytes_buf(b.nonce, sizeof(b.nonce));
			if (ballot_sign(&b, voter_sk, kiosk_sk) != 0)
				errx(1, "cannot sign");
			if ((l.v = reallocarray(l.v, l.n + 1, sizeof(*l.v))) == NULL)
				errx(1, "out of memory");
			l.v[l.n++] = to_hex(&schema_ballot, &b);
			wire_free(&schema_ballot, &b);
			sort_records(&l, cmp_ballot_lines);
		} else
			errx(2, "unknown action %s", what);
	} else if (strcmp(what, "result-swap") == 0) {
		struct result_statement	 rs;
		struct result_entry	*e, *yes = NULL, *no = NULL, t;
		uint32_t		 i;

		path = path_in(dir, BF_RESULT);
		read_lines(path, &l);
		at = record_line(&l, 1);
		from_hex(l.v[at], &schema_result_statement, &rs);
		for (e = rs.items.items, i = 0; i < rs.items.n; i++) {
			if (e[i].funded && yes == NULL)
				yes = &e[i];
			if (!e[i].funded && no == NULL)
				no = &e[i];
		}
		if (yes == NULL || no == NULL)
			errx(1, "no funded and unfunded initiative to swap");
		t = *yes;
		yes->funded = no->funded;
		yes->order = no->order;
		no->funded = t.funded;
		no->order = t.order;
		free(l.v[at]);
		l.v[at] = to_hex(&schema_result_statement, &rs);
		wire_free(&schema_result_statement, &rs);
	} else if (strcmp(what, "budget") == 0) {
		struct round r;

		path = path_in(dir, BF_ROUND);
		read_lines(path, &l);
		at = record_line(&l, 1);
		from_hex(l.v[at], &schema_round, &r);
		r.budget += 100;
		free(l.v[at]);
		l.v[at] = to_hex(&schema_round, &r);
		wire_free(&schema_round, &r);
	} else if (strcmp(what, "credential-replace") == 0) {
		struct credential cr;

		path = path_in(dir, BF_CREDENTIALS);
		read_lines(path, &l);
		at = record_line(&l, n);
		from_hex(l.v[at], &schema_credential, &cr);
		randombytes_buf(cr.key, KEY_BYTES);
		free(l.v[at]);
		l.v[at] = to_hex(&schema_credential, &cr);
		sort_records(&l, cmp_str);	/* hex order is key order */
	} else
		errx(2, "unknown action %s", what);
	write_lines(path, &l);
	for (at = 0; at < l.n; at++)
		free(l.v[at]);
	free(l.v);
	free(path);
	return 0;
}
