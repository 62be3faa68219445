/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * code.c — voting codes, credentials and receipt codes (code.h; the format is documented
 * in docs/protocol.md "Voting codes and credentials").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "intl.h"
#include "code.h"
#include "key.h"

const char code_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* ---- GF(2^5) with the primitive polynomial x^5 + x^2 + 1 -------------------------- */

#define GF_POLY	0x25

static unsigned
gf_mul(unsigned a, unsigned b)
{
	unsigned r = 0;

	while (b) {
		if (b & 1)
			r ^= a;
		b >>= 1;
		a <<= 1;
		if (a & 0x20)
			a ^= GF_POLY;
	}
	return r;
}

/*
 * The check symbol c makes  c + Σ_{i=1..16} α^i·x_i = 0  (α = x, of order 31; in
 * characteristic 2, c = Σ α^i·x_i). The weights α^0 (check) and α^1..α^16 are 17 distinct
 * non-zero elements, so:
 *   a substitution e ≠ 0 at position i changes the sum by α^i·e ≠ 0 (a field has no zero
 *   divisors), and
 *   swapping a ≠ b at positions i, j changes it by (α^i + α^j)·(a + b) ≠ 0, since α^i ≠ α^j
 *   — neighbours (including data symbol 16 and the check symbol) and any other pair.
 */
static unsigned
sym_sum(const unsigned *x, size_t n)
{
	unsigned	w = 1, sum = 0;
	size_t		i;

	for (i = 0; i < n; i++) {
		w = gf_mul(w, 2);		/* α^(i+1) */
		sum ^= gf_mul(w, x[i]);
	}
	return sum;
}

/* 0..31 for an upper-case alphabet symbol, else -1. */
static int
symbol_value(char ch)
{
	const char *p;

	if (ch == '\0' || (p = strchr(code_alphabet, ch)) == NULL)
		return -1;
	return (int)(p - code_alphabet);
}

char
code_check_symbol(const char data[CODE_DATA_SYMBOLS])
{
	unsigned	x[CODE_DATA_SYMBOLS];
	size_t		i;
	int		v;
	char		c;

	for (i = 0; i < CODE_DATA_SYMBOLS; i++) {
		if ((v = symbol_value(data[i])) < 0) {
			sodium_memzero(x, sizeof(x));
			return '\0';
		}
		x[i] = (unsigned)v;
	}
	c = code_alphabet[sym_sum(x, CODE_DATA_SYMBOLS)];
	sodium_memzero(x, sizeof(x));
	return c;
}

/* Writes nsym symbols of 5 bits each from the bits of p, most significant first. */
static void
bits_to_symbols(const uint8_t *p, size_t nsym, char *out)
{
	size_t		i, bit, k;
	unsigned	v;

	for (i = 0; i < nsym; i++) {
		v = 0;
		for (k = 0; k < 5; k++) {
			bit = i * 5 + k;
			v = (v << 1) | ((p[bit / 8] >> (7 - bit % 8)) & 1u);
		}
		out[i] = code_alphabet[v];
	}
}

void
code_generate(char norm[CODE_NORM_LEN + 1])
{
	uint8_t rnd[CODE_DATA_SYMBOLS * 5 / 8];

	randombytes_buf(rnd, sizeof(rnd));
	bits_to_symbols(rnd, CODE_DATA_SYMBOLS, norm);
	sodium_memzero(rnd, sizeof(rnd));
	norm[CODE_DATA_SYMBOLS] = code_check_symbol(norm);
	norm[CODE_NORM_LEN] = '\0';
}

/*
 * Reads what a person typed into at most max symbols. Returns the number of symbols, or
 * CODE_ESYMBOL, or CODE_ELENGTH when there are more than max.
 */
static int
symbols_read(const char *typed, char *out, size_t max)
{
	size_t	n = 0;
	char	ch;

	for (; *typed; typed++) {
		ch = *typed;
		if (ch == ' ' || ch == '\t' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch == 'O')
			ch = '0';
		else if (ch == 'I' || ch == 'L')
			ch = '1';
		if (symbol_value(ch) < 0)
			return CODE_ESYMBOL;
		if (n == max)
			return CODE_ELENGTH;
		out[n++] = ch;
	}
	return (int)n;
}

int
code_normalise(const char *typed, char norm[CODE_NORM_LEN + 1])
{
	int rc;

	rc = symbols_read(typed, norm, CODE_NORM_LEN);
	if (rc >= 0 && rc != CODE_NORM_LEN)
		rc = CODE_ELENGTH;
	else if (rc == CODE_NORM_LEN)
		rc = code_check_symbol(norm) == norm[CODE_DATA_SYMBOLS] ? CODE_OK : CODE_ECHECK;
	if (rc != CODE_OK)
		sodium_memzero(norm, CODE_NORM_LEN + 1);
	else
		norm[CODE_NORM_LEN] = '\0';
	return rc;
}

const char *
code_strerror(int e)
{
	switch (e) {
	case CODE_OK:
		return "De code is goed";
	case CODE_ELENGTH:
		return "Een code heeft 17 tekens — kijk nog eens naar uw kaart";
	case CODE_ESYMBOL:
		return "Er staat een teken in dat niet op de kaart kan staan — kijk nog eens "
		    "naar uw kaart";
	case CODE_ECHECK:
		return "Deze code klopt niet — kijk nog eens naar uw kaart";
	default:
		return "Onbekende fout";
	}
}

void
code_format(const char norm[CODE_NORM_LEN + 1], char out[CODE_TEXT_MAX])
{
	size_t i, o = 0;

	for (i = 0; i < CODE_NORM_LEN; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = norm[i];
	}
	out[o] = '\0';
}

void
code_derive(uint32_t round, const char norm[CODE_NORM_LEN + 1], uint8_t pk[32],
    uint8_t sk[64])
{
	crypto_generichash_state	st;
	uint8_t				seed[crypto_sign_SEEDBYTES], be[4];

	be[0] = (uint8_t)(round >> 24);
	be[1] = (uint8_t)(round >> 16);
	be[2] = (uint8_t)(round >> 8);
	be[3] = (uint8_t)round;
	crypto_generichash_init(&st, NULL, 0, sizeof(seed));
	crypto_generichash_update(&st, (const uint8_t *)DOMAIN_CREDENTIAL,
	    sizeof(DOMAIN_CREDENTIAL));		/* with its NUL: the 0x00 separator */
	crypto_generichash_update(&st, be, sizeof(be));
	crypto_generichash_update(&st, (const uint8_t *)norm, CODE_DATA_SYMBOLS);
	crypto_generichash_final(&st, seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(&st, sizeof(st));
}

/* The receipt's check symbol: the same weighted sum as a voting code's, over its 10 data
 * symbols (α^1 … α^10 are distinct, so one wrong symbol or two swapped ones are caught). */
static char
receipt_check(const char sym[RECEIPT_SYMBOLS])
{
	unsigned	x[RECEIPT_SYMBOLS];
	size_t		i;

	for (i = 0; i < RECEIPT_SYMBOLS; i++)
		x[i] = (unsigned)symbol_value(sym[i]);
	return code_alphabet[sym_sum(x, RECEIPT_SYMBOLS)];
}

void
receipt_code(const uint8_t hash[32], char out[RECEIPT_TEXT_MAX])
{
	char sym[RECEIPT_SYMBOLS];

	bits_to_symbols(hash, RECEIPT_SYMBOLS, sym);
	memcpy(out, sym, 5);
	out[5] = '-';
	memcpy(out + 6, sym + 5, 5);
	out[11] = '-';
	out[12] = receipt_check(sym);
	out[13] = '\0';
}

int
receipt_normalise(const char *typed, char out[RECEIPT_SYMBOLS + 1])
{
	char	buf[RECEIPT_SYMBOLS + 1];
	int	n = symbols_read(typed, buf, RECEIPT_SYMBOLS + 1);

	out[0] = '\0';
	if (n == RECEIPT_SYMBOLS + 1 && receipt_check(buf) != buf[RECEIPT_SYMBOLS])
		return RECEIPT_TYPO;
	if (n != RECEIPT_SYMBOLS && n != RECEIPT_SYMBOLS + 1)
		return -1;
	memcpy(out, buf, RECEIPT_SYMBOLS);	/* an old receipt (no check symbol) too */
	out[RECEIPT_SYMBOLS] = '\0';
	return 0;
}

/* ---- credentials files ---------------------------------------------------------------- */

static int
is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
credentials_read(const char *path, uint32_t *round, uint8_t **keys, uint32_t *n,
    const char **why)
{
	FILE		*f;
	char		 line[256], hdr[128];
	unsigned	 r, cnt;
	uint8_t		*k = NULL;
	uint32_t	 got = 0;
	size_t		 len;

	*keys = NULL;
	*n = 0;
	if ((f = fopen(path, "r")) == NULL) {
		*why = _("cannot open the credentials file");
		return -1;
	}
	*why = _("not a dorpsstem credentials file (its first line is wrong)");
	if (fgets(line, sizeof(line), f) == NULL ||
	    sscanf(line, CREDENTIALS_HEADER, &r, &cnt) != 2)
		goto fail;
	snprintf(hdr, sizeof(hdr), CREDENTIALS_HEADER "\n", r, cnt);
	if (strcmp(line, hdr) != 0 || r == 0)
		goto fail;
	*why = _("the credentials file holds too many keys");
	if (cnt > 10000000)
		goto fail;
	if (cnt > 0 && (k = malloc((size_t)cnt * 32)) == NULL) {
		*why = _("out of memory");
		goto fail;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strlen(line);
		*why = _("a line of the credentials file is not 64 lowercase hex digits");
		if (len != 65 || line[64] != '\n' || !is_lower_hex(line, 64))
			goto fail;
		line[64] = '\0';
		*why = _("the credentials file holds more keys than its first line says");
		if (got == cnt)
			goto fail;
		if (hex_decode(line, k + (size_t)got * 32, 32) != 0)
			goto fail;
		*why = _("the keys in the credentials file are not sorted, or one is repeated");
		if (got > 0 && memcmp(k + (size_t)(got - 1) * 32, k + (size_t)got * 32, 32) >= 0)
			goto fail;
		got++;
	}
	*why = _("cannot read the credentials file");
	if (ferror(f))
		goto fail;
	*why = _("the credentials file holds fewer keys than its first line says");
	if (got != cnt)
		goto fail;
	fclose(f);
	*round = r;
	*keys = k;
	*n = got;
	return 0;
fail:
	free(k);
	fclose(f);
	errno = 0;
	return -1;
}
