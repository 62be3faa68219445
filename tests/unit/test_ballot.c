/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_ballot.c — ballots (proto/ballot.c, docs/protocol.md §11): the test vectors of
 * §11 read out of the document, the voter and kiosk signatures against every single-bit
 * flip, the ballot hash, receipts, the kiosk login proof, and every rule of ballot_check
 * as a table of cases per ballot type, each refusal checked by its Dutch sentence.
 *
 * The vectors live in docs/protocol.md in blocks tagged ```hex test=ballot name=NAME (and
 * one ```text test=ballot block); this program builds each with the real code and
 * compares, and refuses a block with that tag it does not know.
 * `test_ballot --print-vectors` prints the blocks as the document should hold them.
 * Run from the top of the source tree (or set TOP).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "ballot.h"
#include "code.h"
#include "msg.h"
#include "wire.h"
#include "testdoc.h"

#define DOC_PATH	"docs/protocol.md"
#define DOC_TAG		"test=ballot"

/* ---- helpers ------------------------------------------------------------------------ */

static char *
hexstr(const uint8_t *p, size_t n)
{
	static const char	 d[] = "0123456789abcdef";
	char			*s = malloc(2 * n + 1);
	size_t			 i;

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		s[2 * i] = d[p[i] >> 4];
		s[2 * i + 1] = d[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

static void
seed_keypair(uint8_t byte, uint8_t pk[KEY_BYTES], uint8_t sk[64])
{
	uint8_t seed[32];

	memset(seed, byte, sizeof(seed));
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
}

/* ---- the fixed inputs of docs/protocol.md §11.10 --------------------------------------- */

#define KIOSK_SEED	0x03
#define LOGIN_DAEMON	0x02	/* daemon public key bytes for the login vector */
#define LOGIN_NONCE	0x04
#define DAEMON_SEED	0x05	/* the daemon that signs the receipt */
#define BALLOT_NONCE	0x06
#define VOTER_CODE	"K7QM-3XVA-9PTE-HD2W-T"		/* §10.7, round 1 */
#define VOTER_CRED	"7e943d5c104f3d2d0621d8d472d3901068ca6ffee10b3476c43a073b77b8c311"
#define VEC_ROUND	1
#define VEC_KIOSK	1

static void
voter_keys(uint8_t pk[KEY_BYTES], uint8_t sk[64])
{
	char norm[CODE_NORM_LEN + 1];

	assert_int_equal(code_normalise(VOTER_CODE, norm), CODE_OK);
	code_derive(VEC_ROUND, norm, pk, sk);
}

/* The ballot of the vectors: round 1, kiosk 1, initiatives 7 and 12 approved (a knapsack
 * ballot), nonce 16 bytes 0x06; signed by the voter key of VOTER_CODE and kiosk seed 03. */
static void
vec_ballot(struct ballot *b)
{
	uint8_t		 vpk[KEY_BYTES], vsk[64], kpk[KEY_BYTES], ksk[64];
	struct choice	*ch = calloc(2, sizeof(*ch));

	assert_non_null(ch);
	memset(b, 0, sizeof(*b));
	voter_keys(vpk, vsk);
	seed_keypair(KIOSK_SEED, kpk, ksk);
	b->round = VEC_ROUND;
	b->kiosk = VEC_KIOSK;
	memcpy(b->credential, vpk, KEY_BYTES);
	ch[0].initiative = 7;
	ch[0].value = 1;
	ch[1].initiative = 12;
	ch[1].value = 1;
	b->choices.items = ch;
	b->choices.n = 2;
	memset(b->nonce, BALLOT_NONCE, sizeof(b->nonce));
	assert_int_equal(ballot_sign(b, vsk, ksk), 0);
	sodium_memzero(vsk, sizeof(vsk));
	sodium_memzero(ksk, sizeof(ksk));
}

/* ---- vectors ------------------------------------------------------------------------ */

static void
vec_kiosk_public_key(struct wbuf *b)
{
	uint8_t pk[KEY_BYTES], sk[64];

	seed_keypair(KIOSK_SEED, pk, sk);
	wbuf_raw(b, pk, sizeof(pk));
}

/* Written out by hand from the document's description, not by proto/ballot.c. */
static void
vec_kiosk_login_signed_bytes(struct wbuf *b)
{
	uint8_t dk[KEY_BYTES], nonce[32];

	memset(dk, LOGIN_DAEMON, sizeof(dk));
	memset(nonce, LOGIN_NONCE, sizeof(nonce));
	wbuf_raw(b, DOMAIN_KIOSK_LOGIN, strlen(DOMAIN_KIOSK_LOGIN));
	wbuf_u8(b, 0);
	wbuf_raw(b, dk, sizeof(dk));
	wbuf_raw(b, nonce, sizeof(nonce));
}

static void
vec_kiosk_login_signature(struct wbuf *b)
{
	uint8_t pk[KEY_BYTES], sk[64], dk[KEY_BYTES], nonce[32], sig[SIG_BYTES];

	seed_keypair(KIOSK_SEED, pk, sk);
	memset(dk, LOGIN_DAEMON, sizeof(dk));
	memset(nonce, LOGIN_NONCE, sizeof(nonce));
	kiosk_login_sign(dk, nonce, sk, sig);
	wbuf_raw(b, sig, sizeof(sig));
}

static void
vec_kiosk_login_record(struct wbuf *b)
{
	struct kiosk_login	kl;
	struct wbuf		s;
	uint8_t			sk[64];

	seed_keypair(KIOSK_SEED, kl.key, sk);
	wbuf_init(&s);
	vec_kiosk_login_signature(&s);
	assert_int_equal(s.len, SIG_BYTES);
	memcpy(kl.sig, s.p, SIG_BYTES);
	wbuf_free(&s);
	wire_encode(b, &schema_kiosk_login, &kl);
}

static void
vec_ballot_body(struct wbuf *b)
{
	struct ballot bl;

	vec_ballot(&bl);
	wire_encode(b, &schema_ballot_body, &bl);
	wire_free(&schema_ballot, &bl);
}

static void
vec_ballot_record(struct wbuf *b)
{
	struct ballot bl;

	vec_ballot(&bl);
	wire_encode(b, &schema_ballot, &bl);
	wire_free(&schema_ballot, &bl);
}

static void
vec_ballot_hash(struct wbuf *b)
{
	struct ballot	bl;
	uint8_t		h[HASH_BYTES];

	vec_ballot(&bl);
	assert_int_equal(ballot_hash(&bl, h), 0);
	wbuf_raw(b, h, sizeof(h));
	wire_free(&schema_ballot, &bl);
}

static void
vec_daemon_public_key(struct wbuf *b)
{
	uint8_t pk[KEY_BYTES], sk[64];

	seed_keypair(DAEMON_SEED, pk, sk);
	wbuf_raw(b, pk, sizeof(pk));
}

static void
vec_hash(uint8_t h[HASH_BYTES])
{
	struct ballot bl;

	vec_ballot(&bl);
	assert_int_equal(ballot_hash(&bl, h), 0);
	wire_free(&schema_ballot, &bl);
}

/* By hand: DOMAIN_RECEIPT || 0x00 || u32 round || hash. */
static void
vec_receipt_signed_bytes(struct wbuf *b)
{
	uint8_t h[HASH_BYTES];

	vec_hash(h);
	wbuf_raw(b, DOMAIN_RECEIPT, strlen(DOMAIN_RECEIPT));
	wbuf_u8(b, 0);
	wbuf_u32(b, VEC_ROUND);
	wbuf_raw(b, h, sizeof(h));
}

static void
vec_receipt_signature(struct wbuf *b)
{
	uint8_t h[HASH_BYTES], pk[KEY_BYTES], sk[64], sig[SIG_BYTES];

	vec_hash(h);
	seed_keypair(DAEMON_SEED, pk, sk);
	receipt_sign(VEC_ROUND, h, sk, sig);
	wbuf_raw(b, sig, sizeof(sig));
}

static void
vec_receipt_record(struct wbuf *b)
{
	struct receipt	r;
	uint8_t		pk[KEY_BYTES], sk[64];
	char		code[RECEIPT_TEXT_MAX];

	r.round = VEC_ROUND;
	vec_hash(r.hash);
	receipt_code(r.hash, code);
	r.code = code;
	seed_keypair(DAEMON_SEED, pk, sk);
	receipt_sign(VEC_ROUND, r.hash, sk, r.sig);
	wire_encode(b, &schema_receipt, &r);
}

/* A text vector: the bytes are the text. */
static void
vec_receipt_code(struct wbuf *b)
{
	uint8_t	h[HASH_BYTES];
	char	code[RECEIPT_TEXT_MAX];

	vec_hash(h);
	receipt_code(h, code);
	wbuf_raw(b, code, strlen(code));
}

static const struct vector {
	const char	*name;
	int		 text;		/* ```text block rather than ```hex */
	void		(*build)(struct wbuf *);
} vectors[] = {
	{ "kiosk-public-key", 0, vec_kiosk_public_key },
	{ "kiosk-login-signed-bytes", 0, vec_kiosk_login_signed_bytes },
	{ "kiosk-login-signature", 0, vec_kiosk_login_signature },
	{ "kiosk-login-record", 0, vec_kiosk_login_record },
	{ "ballot-body", 0, vec_ballot_body },
	{ "ballot-record", 0, vec_ballot_record },
	{ "ballot-hash", 0, vec_ballot_hash },
	{ "receipt-code", 1, vec_receipt_code },
	{ "daemon-public-key", 0, vec_daemon_public_key },
	{ "receipt-signed-bytes", 0, vec_receipt_signed_bytes },
	{ "receipt-signature", 0, vec_receipt_signature },
	{ "receipt-record", 0, vec_receipt_record },
};
#define NVECTORS	(sizeof(vectors) / sizeof(vectors[0]))

static char *
vector_string(const struct vector *v)
{
	struct wbuf	 b;
	char		*s;

	wbuf_init(&b);
	v->build(&b);
	assert_false(b.oom);
	if (v->text) {
		assert_non_null(s = malloc(b.len + 1));
		memcpy(s, b.p, b.len);
		s[b.len] = '\0';
	} else
		s = hexstr(b.p, b.len);
	wbuf_free(&b);
	return s;
}

/* ---- reading the vectors out of docs/protocol.md -------------------------------------- */

struct docvec {
	char	 name[64];
	int	 text;
	char	*val;		/* hex digits, no whitespace; or the text */
};


/* Collects every ```hex test=ballot name=NAME and ```text test=ballot name=NAME block. */
static size_t
doc_vectors(struct docvec *out, size_t max)
{
	static const char hexopen[] = "```hex " DOC_TAG " name=";
	static const char textopen[] = "```text " DOC_TAG " name=";
	char	*doc = testdoc_read(DOC_PATH), *line, *next, *val = NULL;
	size_t	 n = 0, vl = 0;
	int	 in = 0;

	for (line = doc; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!in && (strncmp(line, hexopen, strlen(hexopen)) == 0 ||
		    strncmp(line, textopen, strlen(textopen)) == 0)) {
			assert_true(n < max);
			out[n].text = line[3] == 't';
			snprintf(out[n].name, sizeof(out[n].name), "%s",
			    line + (out[n].text ? strlen(textopen) : strlen(hexopen)));
			out[n].name[strcspn(out[n].name, " \r")] = '\0';
			val = malloc(strlen(next ? next : "") + 1);
			assert_non_null(val);
			vl = 0;
			in = 1;
		} else if (in && strncmp(line, "```", 3) == 0) {
			val[vl] = '\0';
			out[n++].val = val;
			in = 0;
		} else if (in && out[n].text) {
			line[strcspn(line, "\r")] = '\0';
			memcpy(val + vl, line, strlen(line));
			vl += strlen(line);
		} else if (in) {
			for (; *line; line++) {
				if (*line == ' ' || *line == '\t' || *line == '\r')
					continue;
				if (strchr("0123456789abcdef", *line) == NULL)
					fail_msg("%s: block %s: '%c' is not a lower-case hex "
					    "digit", DOC_PATH, out[n].name, *line);
				val[vl++] = *line;
			}
		}
	}
	if (in)
		fail_msg("%s: block %s is not closed", DOC_PATH, out[n].name);
	free(doc);
	return n;
}

static void
test_vectors_match_doc(void **state)
{
	struct docvec	 dv[64];
	size_t		 n, i, j;
	char		*got;
	int		 found;

	(void)state;
	n = doc_vectors(dv, 64);
	/* Every vector of the code is in the document, once, and equal. */
	for (i = 0; i < NVECTORS; i++) {
		got = vector_string(&vectors[i]);
		found = 0;
		for (j = 0; j < n; j++) {
			if (strcmp(dv[j].name, vectors[i].name) != 0)
				continue;
			found++;
			if (dv[j].text != vectors[i].text)
				fail_msg("vector %s: wrong block kind in %s", vectors[i].name,
				    DOC_PATH);
			if (strcmp(dv[j].val, got) != 0)
				fail_msg("vector %s differs from %s:\n doc  %s\n code %s",
				    vectors[i].name, DOC_PATH, dv[j].val, got);
		}
		if (found != 1)
			fail_msg("vector %s appears %d times in %s", vectors[i].name, found,
			    DOC_PATH);
		free(got);
	}
	/* And the document has no block with our tag that the code does not check. */
	for (j = 0; j < n; j++) {
		found = 0;
		for (i = 0; i < NVECTORS; i++)
			found |= strcmp(dv[j].name, vectors[i].name) == 0;
		if (!found)
			fail_msg("%s: block %s (" DOC_TAG ") is not checked by any test", DOC_PATH,
			    dv[j].name);
		free(dv[j].val);
	}
}

/* The vectors fit together the way §11 says, checked with libsodium directly rather than
 * with proto/ballot.c: the signed bytes are exactly the ones described. */
static void
test_vectors_consistent(void **state)
{
	struct wbuf	 body, rec, lb, ls, rb, rs, rr, hb;
	struct ballot	 bl;
	struct receipt	 r;
	uint8_t		 kpk[KEY_BYTES], ksk[64], dpk[KEY_BYTES], dsk[64], h[HASH_BYTES];
	uint8_t		*m;
	size_t		 ml;
	char		*hex, code[RECEIPT_TEXT_MAX];

	(void)state;
	seed_keypair(KIOSK_SEED, kpk, ksk);
	seed_keypair(DAEMON_SEED, dpk, dsk);
	wbuf_init(&body);
	wbuf_init(&rec);
	wbuf_init(&lb);
	wbuf_init(&ls);
	wbuf_init(&rb);
	wbuf_init(&rs);
	wbuf_init(&rr);
	wbuf_init(&hb);
	vec_ballot_body(&body);
	vec_ballot_record(&rec);
	vec_kiosk_login_signed_bytes(&lb);
	vec_kiosk_login_signature(&ls);
	vec_receipt_signed_bytes(&rb);
	vec_receipt_signature(&rs);
	vec_receipt_record(&rr);
	vec_ballot_hash(&hb);

	/* Login: 24 + 1 + 32 + 32 bytes, the signature verifies over them. */
	assert_int_equal(lb.len, 24 + 1 + 32 + 32);
	assert_int_equal(crypto_sign_verify_detached(ls.p, lb.p, lb.len, kpk), 0);

	/* The ballot record is body || voter_sig || kiosk_sig, and decodes. */
	assert_int_equal(body.len, 4 + 4 + 32 + 4 + 2 * 8 + 16);
	assert_int_equal(rec.len, body.len + 2 * SIG_BYTES);
	assert_memory_equal(rec.p, body.p, body.len);
	assert_int_equal(wire_decode_all(rec.p, rec.len, &schema_ballot, &bl, NULL), 0);
	hex = hexstr(bl.credential, KEY_BYTES);
	assert_string_equal(hex, VOTER_CRED);	/* §10.7's credential of VOTER_CODE */
	free(hex);
	assert_int_equal(ballot_verify(&bl, kpk), 0);

	/* voter_sig over "dorpsstem/v1/ballot" || 00 || body, under the credential. */
	ml = strlen(DOMAIN_BALLOT) + 1 + body.len;
	assert_non_null(m = malloc(ml + SIG_BYTES));
	memcpy(m, DOMAIN_BALLOT, strlen(DOMAIN_BALLOT));
	m[strlen(DOMAIN_BALLOT)] = 0;
	memcpy(m + strlen(DOMAIN_BALLOT) + 1, body.p, body.len);
	assert_int_equal(crypto_sign_verify_detached(rec.p + body.len, m, ml, bl.credential), 0);
	free(m);
	/* kiosk_sig over "dorpsstem/v1/ballot-kiosk" || 00 || body || voter_sig. */
	ml = strlen(DOMAIN_BALLOT_KIOSK) + 1 + body.len + SIG_BYTES;
	assert_non_null(m = malloc(ml));
	memcpy(m, DOMAIN_BALLOT_KIOSK, strlen(DOMAIN_BALLOT_KIOSK));
	m[strlen(DOMAIN_BALLOT_KIOSK)] = 0;
	memcpy(m + strlen(DOMAIN_BALLOT_KIOSK) + 1, body.p, body.len);
	memcpy(m + strlen(DOMAIN_BALLOT_KIOSK) + 1 + body.len, rec.p + body.len, SIG_BYTES);
	assert_int_equal(crypto_sign_verify_detached(rec.p + body.len + SIG_BYTES, m, ml, kpk),
	    0);
	free(m);

	/* hash = BLAKE2b-256 of the whole record. */
	crypto_generichash(h, sizeof(h), rec.p, rec.len, NULL, 0);
	assert_int_equal(hb.len, HASH_BYTES);
	assert_memory_equal(h, hb.p, HASH_BYTES);

	/* Receipt: signature over the described bytes under the daemon key of seed 05; the
	 * record carries round, hash, the receipt code of the hash and that signature. */
	assert_int_equal(rb.len, 20 + 1 + 4 + 32);
	assert_int_equal(crypto_sign_verify_detached(rs.p, rb.p, rb.len, dpk), 0);
	assert_int_equal(receipt_verify(VEC_ROUND, h, dpk, rs.p), 0);
	assert_int_equal(wire_decode_all(rr.p, rr.len, &schema_receipt, &r, NULL), 0);
	assert_int_equal(r.round, VEC_ROUND);
	assert_memory_equal(r.hash, h, HASH_BYTES);
	receipt_code(h, code);
	assert_string_equal(r.code, code);
	assert_memory_equal(r.sig, rs.p, SIG_BYTES);
	wire_free(&schema_receipt, &r);

	wire_free(&schema_ballot, &bl);
	wbuf_free(&body);
	wbuf_free(&rec);
	wbuf_free(&lb);
	wbuf_free(&ls);
	wbuf_free(&rb);
	wbuf_free(&rs);
	wbuf_free(&rr);
	wbuf_free(&hb);
}

/* ---- signatures ----------------------------------------------------------------------- */

struct keys {
	uint8_t vpk[KEY_BYTES], vsk[64], kpk[KEY_BYTES], ksk[64];
};

static struct ballot *
random_ballot(struct keys *k, uint32_t nchoices)
{
	struct ballot	*b = calloc(1, sizeof(*b));
	struct choice	*ch = calloc(nchoices ? nchoices : 1, sizeof(*ch));
	uint32_t	 i;

	assert_non_null(b);
	assert_non_null(ch);
	crypto_sign_keypair(k->vpk, k->vsk);
	crypto_sign_keypair(k->kpk, k->ksk);
	b->round = randombytes_uniform(1000) + 1;
	b->kiosk = randombytes_uniform(1000) + 1;
	memcpy(b->credential, k->vpk, KEY_BYTES);
	for (i = 0; i < nchoices; i++) {
		ch[i].initiative = 10 * i + 1 + randombytes_uniform(10);
		ch[i].value = randombytes_uniform(5) + 1;
	}
	b->choices.items = ch;
	b->choices.n = nchoices;
	randombytes_buf(b->nonce, sizeof(b->nonce));
	assert_int_equal(ballot_sign(b, k->vsk, k->ksk), 0);
	return b;
}

static void
ballot_destroy(struct ballot *b)
{
	wire_free(&schema_ballot, b);
	free(b);
}

static void
test_sign_verify(void **state)
{
	struct keys	 k, other;
	struct ballot	*b;
	uint32_t	 n;

	(void)state;
	for (n = 0; n <= 5; n++) {
		b = random_ballot(&k, n);
		assert_int_equal(ballot_verify(b, k.kpk), 0);
		/* Deterministic: signing again gives the same signatures. */
		{
			uint8_t v[SIG_BYTES], ks[SIG_BYTES];
			memcpy(v, b->voter_sig, SIG_BYTES);
			memcpy(ks, b->kiosk_sig, SIG_BYTES);
			assert_int_equal(ballot_sign(b, k.vsk, k.ksk), 0);
			assert_memory_equal(v, b->voter_sig, SIG_BYTES);
			assert_memory_equal(ks, b->kiosk_sig, SIG_BYTES);
		}
		/* Another kiosk's key: the kiosk signature fails. */
		crypto_sign_keypair(other.kpk, other.ksk);
		assert_int_equal(ballot_verify(b, other.kpk), 2);
		/* The voter's key as the kiosk key fails too. */
		assert_int_equal(ballot_verify(b, k.vpk), 2);
		/* Signed by another voter key than the credential: the voter signature fails. */
		crypto_sign_keypair(other.vpk, other.vsk);
		assert_int_equal(ballot_sign(b, other.vsk, k.ksk), 0);
		assert_int_equal(ballot_verify(b, k.kpk), 1);
		ballot_destroy(b);
	}
}

/* One key for both roles (never so in practice): the two signatures are still not
 * interchangeable, because the domains and the signed bytes differ. */
static void
test_sign_domains(void **state)
{
	struct keys	 k;
	struct ballot	*b;
	uint8_t		 t[SIG_BYTES];

	(void)state;
	b = random_ballot(&k, 3);
	assert_int_equal(ballot_sign(b, k.vsk, k.vsk), 0);
	assert_int_equal(ballot_verify(b, k.vpk), 0);
	assert_memory_not_equal(b->voter_sig, b->kiosk_sig, SIG_BYTES);
	memcpy(t, b->voter_sig, SIG_BYTES);
	memcpy(b->voter_sig, b->kiosk_sig, SIG_BYTES);
	memcpy(b->kiosk_sig, t, SIG_BYTES);
	assert_int_equal(ballot_verify(b, k.vpk), 1);
	/* The voter signature copied into the kiosk's place does not verify either. */
	assert_int_equal(ballot_sign(b, k.vsk, k.vsk), 0);
	memcpy(b->kiosk_sig, b->voter_sig, SIG_BYTES);
	assert_int_equal(ballot_verify(b, k.vpk), 2);
	ballot_destroy(b);
}

static void
flip(void *p, size_t bit)
{
	((uint8_t *)p)[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

/* Every single-bit flip in every field of a signed ballot is caught, by the signature that
 * covers it first: everything but the kiosk signature by the voter's (1). */
static void
test_every_bit_flip_fields(void **state)
{
	struct keys	 k;
	struct ballot	*b;
	struct choice	*ch;
	size_t		 bit, i, tried = 0;

	(void)state;
	b = random_ballot(&k, 3);
	ch = b->choices.items;
	assert_int_equal(ballot_verify(b, k.kpk), 0);
#define FLIP_ALL(field, want) do {						\
		for (bit = 0; bit < 8 * sizeof(field); bit++) {			\
			flip(&(field), bit);					\
			if (ballot_verify(b, k.kpk) != (want))			\
				fail_msg("flip of bit %zu of " #field " gives %d, "	\
				    "not %d", bit, ballot_verify(b, k.kpk), (want));	\
			flip(&(field), bit);					\
			tried++;						\
		}								\
	} while (0)
	FLIP_ALL(b->round, 1);
	FLIP_ALL(b->kiosk, 1);
	FLIP_ALL(b->credential, 1);
	for (i = 0; i < b->choices.n; i++) {
		FLIP_ALL(ch[i].initiative, 1);
		FLIP_ALL(ch[i].value, 1);
	}
	FLIP_ALL(b->nonce, 1);
	FLIP_ALL(b->voter_sig, 1);
	FLIP_ALL(b->kiosk_sig, 2);
#undef FLIP_ALL
	assert_int_equal(tried, 32 + 32 + 256 + 3 * 64 + 128 + 512 + 512);
	/* Unchanged after all that. */
	assert_int_equal(ballot_verify(b, k.kpk), 0);
	/* A choice dropped or added (the count) is caught too. */
	b->choices.n--;
	assert_int_equal(ballot_verify(b, k.kpk), 1);
	b->choices.n++;
	assert_int_equal(ballot_verify(b, k.kpk), 0);
	ballot_destroy(b);
}

/* The same on the wire: a flipped bit anywhere in a BALLOT record either makes it
 * undecodable (the choice count) or fails the signature whose bytes it is in. */
static void
test_every_bit_flip_wire(void **state)
{
	struct keys	 k;
	struct ballot	*b, d;
	struct wbuf	 e;
	size_t		 bit, byte, kiosk_at, undecodable = 0;
	int		 rc;

	(void)state;
	b = random_ballot(&k, 4);
	wbuf_init(&e);
	wire_encode(&e, &schema_ballot, b);
	assert_false(e.oom);
	kiosk_at = e.len - SIG_BYTES;
	for (bit = 0; bit < 8 * e.len; bit++) {
		byte = bit / 8;
		flip(e.p, bit);
		memset(&d, 0, sizeof(d));
		rc = wire_decode_all(e.p, e.len, &schema_ballot, &d, NULL);
		if (byte >= 40 && byte < 44) {
			/* the count of choices: never a valid record of the same length */
			assert_int_not_equal(rc, 0);
			undecodable++;
		} else {
			assert_int_equal(rc, 0);
			if (ballot_verify(&d, k.kpk) != (byte >= kiosk_at ? 2 : 1))
				fail_msg("flip of wire bit %zu (byte %zu): ballot_verify %d", bit,
				    byte, ballot_verify(&d, k.kpk));
		}
		wire_free(&schema_ballot, &d);
		flip(e.p, bit);
	}
	assert_int_equal(undecodable, 32);
	assert_int_equal(wire_decode_all(e.p, e.len, &schema_ballot, &d, NULL), 0);
	assert_int_equal(ballot_verify(&d, k.kpk), 0);
	wire_free(&schema_ballot, &d);
	wbuf_free(&e);
	ballot_destroy(b);
}

/* ---- the ballot hash ------------------------------------------------------------------- */

static void
test_hash(void **state)
{
	struct keys	 k;
	struct ballot	*b;
	struct choice	*ch;
	struct wbuf	 e;
	uint8_t		 h0[HASH_BYTES], h[HASH_BYTES], x[HASH_BYTES];
	size_t		 bit, changes = 0;

	(void)state;
	b = random_ballot(&k, 3);
	ch = b->choices.items;
	assert_int_equal(ballot_hash(b, h0), 0);
	assert_int_equal(ballot_hash(b, h), 0);
	assert_memory_equal(h0, h, HASH_BYTES);
	/* It is BLAKE2b-256 of the BALLOT record's canonical encoding. */
	wbuf_init(&e);
	wire_encode(&e, &schema_ballot, b);
	crypto_generichash(x, sizeof(x), e.p, e.len, NULL, 0);
	assert_memory_equal(h0, x, HASH_BYTES);
	wbuf_free(&e);
#define CHANGES(field) do {							\
		for (bit = 0; bit < 8 * sizeof(field); bit++) {			\
			flip(&(field), bit);					\
			assert_int_equal(ballot_hash(b, h), 0);			\
			if (memcmp(h, h0, HASH_BYTES) == 0)			\
				fail_msg("hash unchanged by bit %zu of " #field, bit);	\
			flip(&(field), bit);					\
			changes++;						\
		}								\
	} while (0)
	CHANGES(b->round);
	CHANGES(b->kiosk);
	CHANGES(b->credential);
	CHANGES(ch[0].initiative);
	CHANGES(ch[2].value);
	CHANGES(b->nonce);
	CHANGES(b->voter_sig);
	CHANGES(b->kiosk_sig);
#undef CHANGES
	assert_int_equal(changes, 32 + 32 + 256 + 32 + 32 + 128 + 512 + 512);
	/* One choice fewer. */
	b->choices.n--;
	assert_int_equal(ballot_hash(b, h), 0);
	assert_memory_not_equal(h, h0, HASH_BYTES);
	b->choices.n++;
	/* Two choices swapped (so out of order): another hash. */
	{
		struct choice t = ch[0];
		ch[0] = ch[1];
		ch[1] = t;
		assert_int_equal(ballot_hash(b, h), 0);
		assert_memory_not_equal(h, h0, HASH_BYTES);
		ch[1] = ch[0];
		ch[0] = t;
	}
	assert_int_equal(ballot_hash(b, h), 0);
	assert_memory_equal(h, h0, HASH_BYTES);
	ballot_destroy(b);
}

/* ---- receipts and the kiosk login -------------------------------------------------------- */

static void
test_receipt(void **state)
{
	uint8_t	pk[KEY_BYTES], sk[64], opk[KEY_BYTES], osk[64], h[HASH_BYTES];
	uint8_t	sig[SIG_BYTES], sig2[SIG_BYTES];
	size_t	bit;

	(void)state;
	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(opk, osk);
	randombytes_buf(h, sizeof(h));
	receipt_sign(42, h, sk, sig);
	assert_int_equal(receipt_verify(42, h, pk, sig), 0);
	receipt_sign(42, h, sk, sig2);
	assert_memory_equal(sig, sig2, SIG_BYTES);
	assert_int_equal(receipt_verify(43, h, pk, sig), -1);		/* other round */
	assert_int_equal(receipt_verify(42 | 0x80000000u, h, pk, sig), -1);
	assert_int_equal(receipt_verify(42, h, opk, sig), -1);		/* other daemon */
	for (bit = 0; bit < 8 * HASH_BYTES; bit++) {
		flip(h, bit);
		assert_int_equal(receipt_verify(42, h, pk, sig), -1);
		flip(h, bit);
	}
	for (bit = 0; bit < 8 * SIG_BYTES; bit++) {
		flip(sig, bit);
		assert_int_equal(receipt_verify(42, h, pk, sig), -1);
		flip(sig, bit);
	}
	for (bit = 0; bit < 8 * KEY_BYTES; bit++) {
		flip(pk, bit);
		assert_int_equal(receipt_verify(42, h, pk, sig), -1);
		flip(pk, bit);
	}
	assert_int_equal(receipt_verify(42, h, pk, sig), 0);
	/* Another daemon's signature over the same receipt is not this daemon's. */
	receipt_sign(42, h, osk, sig2);
	assert_int_equal(receipt_verify(42, h, pk, sig2), -1);
	assert_int_equal(receipt_verify(42, h, opk, sig2), 0);
}

static void
test_kiosk_login(void **state)
{
	uint8_t	kpk[KEY_BYTES], ksk[64], opk[KEY_BYTES], osk[64];
	uint8_t	dk[KEY_BYTES], dk2[KEY_BYTES];
	uint8_t	nonce[32], nonce2[32], sig[SIG_BYTES], h[HASH_BYTES];
	size_t	bit;

	(void)state;
	crypto_sign_keypair(kpk, ksk);
	crypto_sign_keypair(opk, osk);
	randombytes_buf(dk, sizeof(dk));
	randombytes_buf(nonce, sizeof(nonce));
	kiosk_login_sign(dk, nonce, ksk, sig);
	assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), 0);
	/* For another daemon (a login replayed elsewhere): refused. */
	memcpy(dk2, dk, sizeof(dk2));
	dk2[31] ^= 1;
	assert_int_equal(kiosk_login_verify(dk2, nonce, kpk, sig), -1);
	/* Another nonce (a login replayed on a new connection): refused. */
	memcpy(nonce2, nonce, sizeof(nonce2));
	nonce2[0] ^= 0x80;
	assert_int_equal(kiosk_login_verify(dk, nonce2, kpk, sig), -1);
	/* Another kiosk's key: refused. */
	assert_int_equal(kiosk_login_verify(dk, nonce, opk, sig), -1);
	for (bit = 0; bit < 8 * 32; bit++) {
		flip(nonce, bit);
		assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), -1);
		flip(nonce, bit);
		flip(dk, bit);
		assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), -1);
		flip(dk, bit);
	}
	for (bit = 0; bit < 8 * SIG_BYTES; bit++) {
		flip(sig, bit);
		assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), -1);
		flip(sig, bit);
	}
	assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), 0);
	/* Domain separation: a receipt signature by the same key over the same 32+32 bytes
	 * seen as (round, hash) does not pass as a login, nor the other way round. */
	memcpy(h, nonce, sizeof(h));
	receipt_sign(0, h, ksk, sig);
	assert_int_equal(kiosk_login_verify(dk, nonce, kpk, sig), -1);
	kiosk_login_sign(dk, nonce, ksk, sig);
	assert_int_equal(receipt_verify(0, h, kpk, sig), -1);
}

/* ---- the ballot rules -------------------------------------------------------------------- */

/* Admitted initiatives of every case: ids ascending, costs in cents. */
static const uint32_t	ids[] = { 3, 5, 7, 9, 12 };
static const uint64_t	costs[] = { 100000, 250000, 125050, 500000, 1000000 };
#define NINIT		(sizeof(ids) / sizeof(ids[0]))
#define BUDGET		2500000		/* € 25.000 */

struct ccase {
	const char	*what;
	uint8_t		 ballot;
	uint32_t	 min, max;
	uint64_t	 limit;
	uint32_t	 points, max_points;
	size_t		 n;
	struct choice	 ch[8];
	const char	*why;		/* NULL: accepted; else part of the refusal */
};

static void
run_cases(const struct ccase *c, size_t ncases, size_t ninit)
{
	struct round		r;
	struct ballot_rules	br;
	char			why[512];
	size_t			i;
	int			rc;

	for (i = 0; i < ncases; i++) {
		memset(&r, 0, sizeof(r));
		r.id = 1;
		r.state = ROUND_VOTING;
		r.ballot = c[i].ballot;
		r.budget = BUDGET;
		r.min_choices = c[i].min;
		r.max_choices = c[i].max;
		r.limit = c[i].limit;
		r.points = c[i].points;
		r.max_points = c[i].max_points;
		br.round = &r;
		br.ids = ids;
		br.costs = costs;
		br.n = ninit;
		memset(why, 'x', sizeof(why) - 1);
		why[sizeof(why) - 1] = '\0';
		rc = ballot_check(&br, c[i].ch, c[i].n, why, sizeof(why));
		if (c[i].why == NULL) {
			if (rc != 0)
				fail_msg("%s (%s): refused: %s", c[i].what,
				    ballot_type_name(c[i].ballot), why);
			continue;
		}
		if (rc != -1)
			fail_msg("%s (%s): accepted, should be refused with \"%s\"", c[i].what,
			    ballot_type_name(c[i].ballot), c[i].why);
		if (strstr(why, c[i].why) == NULL)
			fail_msg("%s (%s): refused with \"%s\", expected \"%s\"", c[i].what,
			    ballot_type_name(c[i].ballot), why, c[i].why);
		/* The sentence goes into an ERROR message (str ≤ 1000) through the daemon's
		 * 256-byte buffer: one short, valid sentence. */
		if (strlen(why) == 0 || strlen(why) >= 256 || !utf8_valid(why, strlen(why)) ||
		    why[strlen(why) - 1] != '.')
			fail_msg("%s (%s): not one short sentence: \"%s\"", c[i].what,
			    ballot_type_name(c[i].ballot), why);
	}
}

#define A	BALLOT_APPROVAL
#define K	BALLOT_KNAPSACK
#define CU	BALLOT_CUMULATIVE
#define O	BALLOT_ORDINAL

static const char ONE_AT_LEAST[] = "Kies minstens één initiatief.";
static const char DUPLICATE3[] = "Initiatief 3 staat twee keer op het stembiljet.";
static const char UNSORTED[] = "De keuzes staan niet op volgorde van nummer.";
static const char YES_NO[] = "Een keuze is ja of nee.";
static const char RANKS[] = "De rangorde moet 1, 2, 3, … zijn, elk nummer één keer.";

static void
test_rules_approval(void **state)
{
	static const struct ccase c[] = {
	{ .what = "empty ballot", .ballot = A, .n = 0, .why = ONE_AT_LEAST },
	{ .what = "empty ballot, min 0 means 1", .ballot = A, .min = 0, .max = 3, .n = 0,
	  .why = ONE_AT_LEAST },
	{ .what = "one choice", .ballot = A, .n = 1, .ch = { { 3, 1 } } },
	{ .what = "all five, no maximum", .ballot = A, .n = 5,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 }, { 12, 1 } } },
	{ .what = "costs do not limit approval", .ballot = A, .limit = 1, .n = 2,
	  .ch = { { 9, 1 }, { 12, 1 } } },
	{ .what = "below min 2", .ballot = A, .min = 2, .n = 1, .ch = { { 3, 1 } },
	  .why = "Kies minstens 2 initiatieven." },
	{ .what = "at min 2", .ballot = A, .min = 2, .n = 2, .ch = { { 3, 1 }, { 12, 1 } } },
	{ .what = "at max 3", .ballot = A, .max = 3, .n = 3,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 } } },
	{ .what = "above max 3", .ballot = A, .max = 3, .n = 4,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 } },
	  .why = "Kies hoogstens 3 initiatieven." },
	{ .what = "above max 1", .ballot = A, .max = 1, .n = 2, .ch = { { 3, 1 }, { 5, 1 } },
	  .why = "Kies hoogstens één initiatief." },
	{ .what = "min = max = 2, exactly", .ballot = A, .min = 2, .max = 2, .n = 2,
	  .ch = { { 5, 1 }, { 9, 1 } } },
	{ .what = "more choices than initiatives", .ballot = A, .n = 6,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 }, { 12, 1 }, { 13, 1 } },
	  .why = "Er staan meer keuzes op het stembiljet dan er initiatieven zijn." },
	{ .what = "value 0", .ballot = A, .n = 1, .ch = { { 3, 0 } }, .why = YES_NO },
	{ .what = "value 2", .ballot = A, .n = 2, .ch = { { 3, 1 }, { 5, 2 } }, .why = YES_NO },
	{ .what = "value max", .ballot = A, .n = 1, .ch = { { 3, 0xffffffffu } },
	  .why = YES_NO },
	{ .what = "unknown initiative", .ballot = A, .n = 2, .ch = { { 3, 1 }, { 4, 1 } },
	  .why = "Initiatief 4 staat niet op dit stembiljet." },
	{ .what = "initiative 0", .ballot = A, .n = 1, .ch = { { 0, 1 } },
	  .why = "Initiatief 0 staat niet op dit stembiljet." },
	{ .what = "beyond the last id", .ballot = A, .n = 1, .ch = { { 0xffffffffu, 1 } },
	  .why = "Initiatief 4294967295 staat niet op dit stembiljet." },
	{ .what = "duplicate", .ballot = A, .n = 2, .ch = { { 3, 1 }, { 3, 1 } },
	  .why = DUPLICATE3 },
	{ .what = "unsorted", .ballot = A, .n = 2, .ch = { { 5, 1 }, { 3, 1 } }, .why = UNSORTED },
	{ .what = "unsorted at the end", .ballot = A, .n = 3,
	  .ch = { { 3, 1 }, { 9, 1 }, { 7, 1 } }, .why = UNSORTED },
	};

	(void)state;
	run_cases(c, sizeof(c) / sizeof(c[0]), NINIT);
}

static void
test_rules_knapsack(void **state)
{
	static const struct ccase c[] = {
	{ .what = "empty ballot", .ballot = K, .limit = BUDGET, .n = 0, .why = ONE_AT_LEAST },
	{ .what = "all five within the budget", .ballot = K, .limit = BUDGET, .n = 5,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 }, { 12, 1 } } },
	/* 5 + 7 cost 250000 + 125050 = 375050 cents */
	{ .what = "exactly at the limit", .ballot = K, .limit = 375050, .n = 2,
	  .ch = { { 5, 1 }, { 7, 1 } } },
	{ .what = "one cent over the limit", .ballot = K, .limit = 375049, .n = 2,
	  .ch = { { 5, 1 }, { 7, 1 } },
	  .why = "Dit past niet: samen € 3.750,50, er is € 3.750,49 te besteden." },
	{ .what = "limit below the budget: within the budget, over the limit", .ballot = K,
	  .limit = 375050, .n = 3, .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 } },
	  .why = "Dit past niet: samen € 4.750,50, er is € 3.750,50 te besteden." },
	{ .what = "one initiative above the limit", .ballot = K, .limit = 999999, .n = 1,
	  .ch = { { 12, 1 } }, .why = "Dit past niet: samen € 10.000, er is € 9.999,99" },
	{ .what = "limit 0", .ballot = K, .limit = 0, .n = 1, .ch = { { 3, 1 } },
	  .why = "er is € 0 te besteden." },
	{ .what = "value 0", .ballot = K, .limit = BUDGET, .n = 1, .ch = { { 3, 0 } },
	  .why = YES_NO },
	{ .what = "value 2", .ballot = K, .limit = BUDGET, .n = 1, .ch = { { 3, 2 } },
	  .why = YES_NO },
	{ .what = "min 2", .ballot = K, .limit = BUDGET, .min = 2, .n = 1, .ch = { { 3, 1 } },
	  .why = "Kies minstens 2 initiatieven." },
	{ .what = "max 2", .ballot = K, .limit = BUDGET, .max = 2, .n = 3,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 } }, .why = "Kies hoogstens 2 initiatieven." },
	{ .what = "unknown initiative", .ballot = K, .limit = BUDGET, .n = 1,
	  .ch = { { 6, 1 } }, .why = "Initiatief 6 staat niet op dit stembiljet." },
	{ .what = "duplicate", .ballot = K, .limit = BUDGET, .n = 2,
	  .ch = { { 3, 1 }, { 3, 1 } }, .why = DUPLICATE3 },
	{ .what = "unsorted", .ballot = K, .limit = BUDGET, .n = 2,
	  .ch = { { 7, 1 }, { 5, 1 } }, .why = UNSORTED },
	};

	(void)state;
	run_cases(c, sizeof(c) / sizeof(c[0]), NINIT);
}

static void
test_rules_cumulative(void **state)
{
	static const struct ccase c[] = {
	{ .what = "empty ballot", .ballot = CU, .points = 10, .n = 0, .why = ONE_AT_LEAST },
	{ .what = "all points on one, no per-initiative bound", .ballot = CU, .points = 10,
	  .n = 1, .ch = { { 9, 10 } } },
	{ .what = "sum exactly the points", .ballot = CU, .points = 10, .n = 3,
	  .ch = { { 3, 5 }, { 7, 3 }, { 12, 2 } } },
	{ .what = "sum below the points", .ballot = CU, .points = 10, .n = 2,
	  .ch = { { 3, 1 }, { 7, 1 } } },
	{ .what = "sum one above the points", .ballot = CU, .points = 10, .n = 3,
	  .ch = { { 3, 5 }, { 7, 3 }, { 12, 3 } },
	  .why = "U kunt 10 punten verdelen; dit zijn er 11." },
	{ .what = "sum of huge values does not wrap", .ballot = CU, .points = 10, .n = 2,
	  .ch = { { 3, 0xffffffffu }, { 5, 0xffffffffu } },
	  .why = "U kunt 10 punten verdelen; dit zijn er 8589934590." },
	{ .what = "zero points on a choice", .ballot = CU, .points = 10, .n = 2,
	  .ch = { { 3, 5 }, { 5, 0 } },
	  .why = "Geef elk gekozen initiatief minstens één punt." },
	{ .what = "at max_points", .ballot = CU, .points = 10, .max_points = 3, .n = 2,
	  .ch = { { 3, 3 }, { 5, 3 } } },
	{ .what = "above max_points", .ballot = CU, .points = 10, .max_points = 3, .n = 2,
	  .ch = { { 3, 3 }, { 5, 4 } }, .why = "Hoogstens 3 punten per initiatief." },
	{ .what = "above max_points 1", .ballot = CU, .points = 10, .max_points = 1, .n = 1,
	  .ch = { { 3, 2 } }, .why = "Hoogstens één punt per initiatief." },
	{ .what = "max choices", .ballot = CU, .points = 10, .max = 2, .n = 3,
	  .ch = { { 3, 1 }, { 5, 1 }, { 7, 1 } }, .why = "Kies hoogstens 2 initiatieven." },
	{ .what = "min choices", .ballot = CU, .points = 10, .min = 2, .n = 1,
	  .ch = { { 3, 1 } }, .why = "Kies minstens 2 initiatieven." },
	{ .what = "unknown initiative", .ballot = CU, .points = 10, .n = 1,
	  .ch = { { 8, 1 } }, .why = "Initiatief 8 staat niet op dit stembiljet." },
	{ .what = "duplicate", .ballot = CU, .points = 10, .n = 2,
	  .ch = { { 3, 1 }, { 3, 2 } }, .why = DUPLICATE3 },
	{ .what = "unsorted", .ballot = CU, .points = 10, .n = 2,
	  .ch = { { 12, 1 }, { 3, 2 } }, .why = UNSORTED },
	};

	(void)state;
	run_cases(c, sizeof(c) / sizeof(c[0]), NINIT);
}

static void
test_rules_ordinal(void **state)
{
	static const struct ccase c[] = {
	{ .what = "empty ballot", .ballot = O, .n = 0, .why = ONE_AT_LEAST },
	{ .what = "rank 1 only", .ballot = O, .n = 1, .ch = { { 7, 1 } } },
	{ .what = "ranks 1..3 in any order", .ballot = O, .n = 3,
	  .ch = { { 3, 2 }, { 5, 3 }, { 7, 1 } } },
	{ .what = "ranks 1..5", .ballot = O, .n = 5,
	  .ch = { { 3, 5 }, { 5, 4 }, { 7, 3 }, { 9, 2 }, { 12, 1 } } },
	{ .what = "a single rank 2", .ballot = O, .n = 1, .ch = { { 7, 2 } }, .why = RANKS },
	{ .what = "gap: 1, 3", .ballot = O, .n = 2, .ch = { { 3, 1 }, { 5, 3 } }, .why = RANKS },
	{ .what = "gap: 2, 3 (no 1)", .ballot = O, .n = 2, .ch = { { 3, 2 }, { 5, 3 } },
	  .why = RANKS },
	{ .what = "duplicate rank", .ballot = O, .n = 2, .ch = { { 3, 1 }, { 5, 1 } },
	  .why = RANKS },
	{ .what = "duplicate rank 2 of 3", .ballot = O, .n = 3,
	  .ch = { { 3, 1 }, { 5, 2 }, { 7, 2 } }, .why = RANKS },
	{ .what = "rank 0", .ballot = O, .n = 2, .ch = { { 3, 0 }, { 5, 1 } }, .why = RANKS },
	{ .what = "rank above n", .ballot = O, .n = 3,
	  .ch = { { 3, 1 }, { 5, 2 }, { 7, 4 } }, .why = RANKS },
	{ .what = "rank 1000 of 2", .ballot = O, .n = 2, .ch = { { 3, 1 }, { 5, 1000 } },
	  .why = RANKS },
	{ .what = "rank 1001 (beyond the rank table)", .ballot = O, .n = 1,
	  .ch = { { 3, 1001 } }, .why = RANKS },
	{ .what = "rank max", .ballot = O, .n = 1, .ch = { { 3, 0xffffffffu } }, .why = RANKS },
	{ .what = "at max ranks 2", .ballot = O, .max = 2, .n = 2,
	  .ch = { { 3, 2 }, { 5, 1 } } },
	{ .what = "above max ranks 2", .ballot = O, .max = 2, .n = 3,
	  .ch = { { 3, 1 }, { 5, 2 }, { 7, 3 } }, .why = "Kies hoogstens 2 initiatieven." },
	{ .what = "below min ranks 3", .ballot = O, .min = 3, .n = 2,
	  .ch = { { 3, 1 }, { 5, 2 } }, .why = "Kies minstens 3 initiatieven." },
	{ .what = "unknown initiative", .ballot = O, .n = 2, .ch = { { 3, 1 }, { 10, 2 } },
	  .why = "Initiatief 10 staat niet op dit stembiljet." },
	{ .what = "duplicate initiative", .ballot = O, .n = 2, .ch = { { 3, 1 }, { 3, 2 } },
	  .why = DUPLICATE3 },
	{ .what = "unsorted", .ballot = O, .n = 2, .ch = { { 5, 1 }, { 3, 2 } },
	  .why = UNSORTED },
	};

	(void)state;
	run_cases(c, sizeof(c) / sizeof(c[0]), NINIT);
}

/* Every permutation of 1..4 as ranks is accepted; every other assignment of values 0..5 to
 * four choices is refused — the rule is exactly "a permutation of 1..n". */
static void
test_rules_ordinal_exhaustive(void **state)
{
	struct round		r;
	struct ballot_rules	br;
	struct choice		ch[4];
	char			why[256];
	unsigned		v, k, accepted = 0;
	int			perm, rc;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.ballot = BALLOT_ORDINAL;
	br.round = &r;
	br.ids = ids;
	br.costs = costs;
	br.n = NINIT;
	for (v = 0; v < 6 * 6 * 6 * 6; v++) {
		unsigned seen = 0, x = v;
		perm = 1;
		for (k = 0; k < 4; k++, x /= 6) {
			ch[k].initiative = ids[k];
			ch[k].value = x % 6;
			if (ch[k].value < 1 || ch[k].value > 4 || (seen & (1u << ch[k].value)))
				perm = 0;
			seen |= 1u << ch[k].value;
		}
		rc = ballot_check(&br, ch, 4, why, sizeof(why));
		if (rc != (perm ? 0 : -1))
			fail_msg("ranks %u %u %u %u: %d", ch[0].value, ch[1].value, ch[2].value,
			    ch[3].value, rc);
		if (rc != 0)
			assert_string_equal(why, RANKS);
		accepted += rc == 0;
	}
	assert_int_equal(accepted, 24);
}

static void
test_rules_other(void **state)
{
	static const struct ccase unknown_type[] = {
	{ .what = "ballot type 0", .ballot = 0, .n = 1, .ch = { { 3, 1 } },
	  .why = "Onbekend soort stembiljet." },
	{ .what = "ballot type 5", .ballot = 5, .n = 1, .ch = { { 3, 1 } },
	  .why = "Onbekend soort stembiljet." },
	};
	static const struct ccase none_admitted[] = {
	{ .what = "no admitted initiatives", .ballot = A, .n = 1, .ch = { { 3, 1 } },
	  .why = "Er staan meer keuzes op het stembiljet dan er initiatieven zijn." },
	};
	struct round		r;
	struct ballot_rules	br;
	char			why[8];

	(void)state;
	run_cases(unknown_type, 2, NINIT);
	run_cases(none_admitted, 1, 0);
	/* A short why buffer is cut, still terminated. */
	memset(&r, 0, sizeof(r));
	r.ballot = BALLOT_APPROVAL;
	br.round = &r;
	br.ids = ids;
	br.costs = costs;
	br.n = NINIT;
	assert_int_equal(ballot_check(&br, NULL, 0, why, sizeof(why)), -1);
	assert_int_equal(strlen(why), sizeof(why) - 1);
	assert_memory_equal(why, ONE_AT_LEAST, sizeof(why) - 1);
}

/* The kiosk's English screens get the same refusals in English, the same arguments. */
static void
test_rules_english(void **state)
{
	struct ballot_rules	br;
	struct round		r;
	struct choice		two[2] = { { 3, 1 }, { 5, 1 } }, big[2] = { { 9, 1 }, { 12, 1 } };
	char			why[200];

	(void)state;
	memset(&r, 0, sizeof(r));
	r.ballot = BALLOT_APPROVAL;
	r.max_choices = 1;
	br.round = &r;
	br.ids = ids;
	br.costs = costs;
	br.n = NINIT;
	assert_int_equal(ballot_check_lang(&br, NULL, 0, BALLOT_LANG_EN, why, sizeof(why)), -1);
	assert_string_equal(why, "Choose at least one initiative.");
	assert_int_equal(ballot_check_lang(&br, two, 2, BALLOT_LANG_EN, why, sizeof(why)), -1);
	assert_string_equal(why, "Choose at most one initiative.");
	assert_int_equal(ballot_check_lang(&br, two, 2, BALLOT_LANG_NL, why, sizeof(why)), -1);
	assert_string_equal(why, "Kies hoogstens één initiatief.");
	r.ballot = BALLOT_KNAPSACK;
	r.max_choices = 0;
	r.limit = 1;
	assert_int_equal(ballot_check_lang(&br, big, 2, BALLOT_LANG_EN, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "This does not fit"));
	assert_non_null(strstr(why, "\xe2\x82\xac 0,01"));
	r.limit = 100000000;
	assert_int_equal(ballot_check_lang(&br, big, 2, BALLOT_LANG_EN, why, sizeof(why)), 0);
}

/* ---- main ----------------------------------------------------------------------------- */

static void
print_vectors(void)
{
	size_t	 i, k, len;
	char	*s;

	for (i = 0; i < NVECTORS; i++) {
		s = vector_string(&vectors[i]);
		printf("```%s " DOC_TAG " name=%s\n", vectors[i].text ? "text" : "hex",
		    vectors[i].name);
		len = strlen(s);
		for (k = 0; k < len; k += 64)
			printf("%.64s\n", s + k);
		printf("```\n\n");
		free(s);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_match_doc),
		cmocka_unit_test(test_rules_english),
		cmocka_unit_test(test_vectors_consistent),
		cmocka_unit_test(test_sign_verify),
		cmocka_unit_test(test_sign_domains),
		cmocka_unit_test(test_every_bit_flip_fields),
		cmocka_unit_test(test_every_bit_flip_wire),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_kiosk_login),
		cmocka_unit_test(test_rules_approval),
		cmocka_unit_test(test_rules_knapsack),
		cmocka_unit_test(test_rules_cumulative),
		cmocka_unit_test(test_rules_ordinal),
		cmocka_unit_test(test_rules_ordinal_exhaustive),
		cmocka_unit_test(test_rules_other),
	};

	if (sodium_init() < 0)
		return 1;
	if (argc == 2 && strcmp(argv[1], "--print-vectors") == 0) {
		print_vectors();
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
