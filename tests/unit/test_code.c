/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_code.c — voting codes (proto/code.c, docs/protocol.md "Voting codes and
 * credentials"): alphabet, normalisation, the check symbol against every single
 * substitution and adjacent swap, credential derivation and receipt code vectors, and
 * credentials files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "code.h"
#include "key.h"

/* The vectors of docs/protocol.md (computed once, and checked there against an
 * independent BLAKE2b for the seeds). */
static const struct {
	uint32_t	 round;
	const char	*norm, *text, *seed, *pk;
} vectors[] = {
	{ 1, "K7QM3XVA9PTEHD2WT", "K7QM-3XVA-9PTE-HD2W-T",
	  "f89ed8ea175017b30b2383a611e73eaf2ae57228884b18d3e2afcaa2cbccf254",
	  "7e943d5c104f3d2d0621d8d472d3901068ca6ffee10b3476c43a073b77b8c311" },
	{ 3, "00000000000000000", "0000-0000-0000-0000-0",
	  "ebce169d3486a14c1b6441038e0008765558ce0ef6de1c18da188dd3e7621133",
	  "3001a471d591176132aafd41afc2967fc52667ff319b4b21f69347a4081ff323" },
	{ 4294967295u, "ZZZZZZZZZZZZZZZZM", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-M",
	  "3e2bdcf61e5698ba26f545ca02fc6a51da9d8dfed87983e8cf6c2bc202d9db96",
	  "ba04be8a0cf0f102cdd1eadbd2fa820ecbd43f1bd0749f0abc516a90b00f920f" },
};

static int
symbol_index(char c)
{
	const char *p = strchr(code_alphabet, c);

	return c != '\0' && p != NULL ? (int)(p - code_alphabet) : -1;
}

static void
test_alphabet(void **state)
{
	char	norm[CODE_NORM_LEN + 1], back[CODE_NORM_LEN + 1], data[CODE_DATA_SYMBOLS];
	int	i, j;

	(void)state;
	assert_int_equal(strlen(code_alphabet), 32);
	for (i = 0; i < 32; i++) {
		assert_null(strchr("ILOU", code_alphabet[i]));
		for (j = 0; j < i; j++)
			assert_int_not_equal(code_alphabet[i], code_alphabet[j]);
	}
	/* Every symbol at every position survives format → normalise. */
	for (i = 0; i < 32; i++)
		for (j = 0; j < CODE_DATA_SYMBOLS; j++) {
			char text[CODE_TEXT_MAX];

			memset(data, '7', sizeof(data));
			data[j] = code_alphabet[i];
			memcpy(norm, data, CODE_DATA_SYMBOLS);
			norm[CODE_DATA_SYMBOLS] = code_check_symbol(data);
			norm[CODE_NORM_LEN] = '\0';
			assert_int_not_equal(norm[CODE_DATA_SYMBOLS], '\0');
			code_format(norm, text);
			assert_int_equal(strlen(text), 21);
			assert_int_equal(code_normalise(text, back), CODE_OK);
			assert_string_equal(back, norm);
		}
	/* A data symbol outside the alphabet has no check symbol. */
	memset(data, 'A', sizeof(data));
	data[5] = 'U';
	assert_int_equal(code_check_symbol(data), '\0');
}

static void
test_generate(void **state)
{
	char	a[CODE_NORM_LEN + 1], b[CODE_NORM_LEN + 1], n[CODE_NORM_LEN + 1];
	int	i, counts[32] = { 0 };
	size_t	k;

	(void)state;
	for (i = 0; i < 2000; i++) {
		code_generate(a);
		assert_int_equal(strlen(a), CODE_NORM_LEN);
		assert_int_equal(code_normalise(a, n), CODE_OK);
		assert_string_equal(a, n);
		for (k = 0; k < CODE_DATA_SYMBOLS; k++)
			counts[symbol_index(a[k])]++;
	}
	code_generate(b);
	assert_string_not_equal(a, b);
	/* 32000 symbols, 1000 expected of each: all 32 appear, none wildly off. */
	for (i = 0; i < 32; i++) {
		assert_true(counts[i] > 700);
		assert_true(counts[i] < 1300);
	}
}

static void
test_normalise(void **state)
{
	char norm[CODE_NORM_LEN + 1];

	(void)state;
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-T", norm), CODE_OK);
	assert_string_equal(norm, "K7QM3XVA9PTEHD2WT");
	assert_int_equal(code_normalise("k7qm 3xva 9pte hd2w t", norm), CODE_OK);
	assert_string_equal(norm, "K7QM3XVA9PTEHD2WT");
	assert_int_equal(code_normalise("  K7QM3XVA--9PTEHD2WT\t", norm), CODE_OK);
	assert_string_equal(norm, "K7QM3XVA9PTEHD2WT");
	/* Look-alikes: O is 0, I and L are 1 (either case). */
	assert_int_equal(code_normalise("oOoO-0000-0000-0000-o", norm), CODE_OK);
	assert_string_equal(norm, "00000000000000000");
	{
		char data[CODE_DATA_SYMBOLS + 1] = "1111111111111111", typed[40];

		snprintf(typed, sizeof(typed), "IiLl-1111-1111-1111-%c",
		    code_check_symbol(data));
		assert_int_equal(code_normalise(typed, norm), CODE_OK);
		assert_memory_equal(norm, data, CODE_DATA_SYMBOLS);
	}
	/* U and anything else is refused, and norm is wiped. */
	memset(norm, 'x', sizeof(norm));
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-U", norm), CODE_ESYMBOL);
	assert_string_equal(norm, "");
	assert_int_equal(code_normalise("u7QM-3XVA-9PTE-HD2W-T", norm), CODE_ESYMBOL);
	assert_int_equal(code_normalise("K7QM_3XVA_9PTE_HD2W_T", norm), CODE_ESYMBOL);
	assert_int_equal(code_normalise("K7QM.3XVA-9PTE-HD2W-T", norm), CODE_ESYMBOL);
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-T\n", norm), CODE_ESYMBOL);
	assert_int_equal(code_normalise("K7QM-3XVA-9PTÉ-HD2W-T", norm), CODE_ESYMBOL);
	/* Lengths. */
	assert_int_equal(code_normalise("", norm), CODE_ELENGTH);
	assert_int_equal(code_normalise("- - -", norm), CODE_ELENGTH);
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W", norm), CODE_ELENGTH);
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-TT", norm), CODE_ELENGTH);
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-T0000000000000000000000", norm),
	    CODE_ELENGTH);
	/* A typo. */
	assert_int_equal(code_normalise("K7QM-3XVA-9PTE-HD2W-R", norm), CODE_ECHECK);
	assert_string_equal(norm, "");
	assert_int_equal(code_normalise("K7QM-3XVA-9PET-HD2W-T", norm), CODE_ECHECK);
	/* Messages. */
	assert_string_equal(code_strerror(CODE_ECHECK),
	    "Deze code klopt niet — kijk nog eens naar uw kaart");
	assert_string_not_equal(code_strerror(CODE_ELENGTH), code_strerror(CODE_ESYMBOL));
	assert_string_not_equal(code_strerror(CODE_ESYMBOL), code_strerror(CODE_ECHECK));
}

/* 1 if the 17 symbols form a valid code. */
static int
valid(const char norm[CODE_NORM_LEN])
{
	return code_check_symbol(norm) == norm[CODE_DATA_SYMBOLS];
}

static void
test_check_symbol_exhaustive(void **state)
{
	char		code[CODE_NORM_LEN + 1], t[CODE_NORM_LEN + 1], s;
	unsigned long	subst = 0, swaps = 0;
	int		n, pos, sym;

	(void)state;
	for (n = 0; n < 2000; n++) {
		code_generate(code);
		assert_true(valid(code));
		/* Every single-symbol substitution at each of the 17 positions. */
		for (pos = 0; pos < CODE_NORM_LEN; pos++)
			for (sym = 0; sym < 32; sym++) {
				if (code_alphabet[sym] == code[pos])
					continue;
				memcpy(t, code, sizeof(t));
				t[pos] = code_alphabet[sym];
				if (valid(t))
					fail_msg("substitution at %d not detected", pos);
				subst++;
			}
		/* Every adjacent swap of different symbols, data 16 ↔ check included. */
		for (pos = 0; pos + 1 < CODE_NORM_LEN; pos++) {
			if (code[pos] == code[pos + 1])
				continue;
			memcpy(t, code, sizeof(t));
			s = t[pos];
			t[pos] = t[pos + 1];
			t[pos + 1] = s;
			if (valid(t))
				fail_msg("swap at %d,%d not detected", pos, pos + 1);
			swaps++;
		}
	}
	assert_int_equal(subst, 2000ul * 17 * 31);
	assert_true(swaps > 2000ul * 16 * 9 / 10);
}

/* All 32×32 pairs of different symbols at every pair of neighbouring positions, the other
 * symbols fixed: by linearity the change a swap makes does not depend on them, so this
 * covers every adjacent swap of every code. */
static void
test_check_symbol_all_pairs(void **state)
{
	char	t[CODE_NORM_LEN + 1], s, cs = '\0';
	int	pos, a, b, v, found;

	(void)state;
	for (pos = 0; pos + 1 < CODE_DATA_SYMBOLS; pos++)
		for (a = 0; a < 32; a++)
			for (b = 0; b < 32; b++) {
				if (a == b)
					continue;
				memset(t, 'Q', CODE_DATA_SYMBOLS);
				t[pos] = code_alphabet[a];
				t[pos + 1] = code_alphabet[b];
				t[CODE_DATA_SYMBOLS] = code_check_symbol(t);
				t[CODE_NORM_LEN] = '\0';
				assert_true(valid(t));
				s = t[pos];
				t[pos] = t[pos + 1];
				t[pos + 1] = s;
				assert_false(valid(t));
			}
	/* Data symbol 16 (a) and the check symbol (b): reach every b by varying symbol 15. */
	for (a = 0; a < 32; a++)
		for (b = 0; b < 32; b++) {
			for (found = 0, v = 0; v < 32 && !found; v++) {
				memset(t, 'Q', CODE_DATA_SYMBOLS);
				t[14] = code_alphabet[v];
				t[15] = code_alphabet[a];
				cs = code_check_symbol(t);
				found = cs == code_alphabet[b];
			}
			assert_true(found);	/* α^15 is invertible: every b is reachable */
			if (a == b)
				continue;
			t[16] = cs;
			t[17] = '\0';
			assert_true(valid(t));
			s = t[15];
			t[15] = t[16];
			t[16] = s;
			assert_false(valid(t));
		}
}

static void
test_derive_vectors(void **state)
{
	char		norm[CODE_NORM_LEN + 1], text[CODE_TEXT_MAX], hex[65];
	uint8_t		pk[32], sk[64], pk2[32], sk2[64], sig[64];
	size_t		i;
	static const uint8_t msg[] = "ballot";

	(void)state;
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		assert_int_equal(code_normalise(vectors[i].text, norm), CODE_OK);
		assert_string_equal(norm, vectors[i].norm);
		code_format(norm, text);
		assert_string_equal(text, vectors[i].text);
		code_derive(vectors[i].round, norm, pk, sk);
		hex_encode(sk, 32, hex);
		assert_string_equal(hex, vectors[i].seed);
		hex_encode(pk, 32, hex);
		assert_string_equal(hex, vectors[i].pk);
		assert_memory_equal(sk + 32, pk, 32);
		/* The pair signs and verifies. */
		crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
		assert_int_equal(crypto_sign_verify_detached(sig, msg, sizeof(msg), pk), 0);
		/* Another round, another credential. */
		code_derive(vectors[i].round ^ 1, norm, pk2, sk2);
		assert_memory_not_equal(pk, pk2, 32);
		sodium_memzero(sk, sizeof(sk));
		sodium_memzero(sk2, sizeof(sk2));
	}
}

static void
test_receipt(void **state)
{
	uint8_t	hash[32];
	char	r[RECEIPT_TEXT_MAX], n[RECEIPT_SYMBOLS + 1];
	int	i;

	(void)state;
	for (i = 0; i < 32; i++)
		hash[i] = (uint8_t)i;
	receipt_code(hash, r);
	assert_string_equal(r, "000G4-0R40M-D");
	memset(hash, 0xff, sizeof(hash));
	receipt_code(hash, r);
	assert_string_equal(r, "ZZZZZ-ZZZZZ-4");
	/* BLAKE2b-256 of the empty string: 0e5751c0 26e5… */
	crypto_generichash(hash, 32, NULL, 0, NULL, 0);
	receipt_code(hash, r);
	assert_string_equal(r, "1SBN3-G16WN-T");
	/* Only the first 50 bits count. */
	hash[6] ^= 0x3f;
	hash[31] ^= 1;
	receipt_code(hash, r);
	assert_string_equal(r, "1SBN3-G16WN-T");
	hash[6] ^= 0x40;
	receipt_code(hash, r);
	assert_string_not_equal(r, "1SBN3-G16WN-T");

	assert_int_equal(receipt_normalise("1sbn3-g16wn", n), 0);
	assert_string_equal(n, "1SBN3G16WN");
	assert_int_equal(receipt_normalise("ISBN3 GI6WN", n), 0);
	assert_string_equal(n, "1SBN3G16WN");
	assert_int_equal(receipt_normalise("lsbn3g1bwn", n), 0);
	assert_string_equal(n, "1SBN3G1BWN");
	assert_int_equal(receipt_normalise("oooo0-00000", n), 0);
	assert_string_equal(n, "0000000000");
	assert_int_equal(receipt_normalise("1SBN3-G16WU", n), -1);
	assert_int_equal(receipt_normalise("1SBN3-G16W", n), -1);
	assert_int_equal(receipt_normalise("1SBN3-G16WN-T", n), 0);	/* with its check symbol */
	assert_string_equal(n, "1SBN3G16WN");
	assert_int_equal(receipt_normalise("1sbn3g16wnt", n), 0);
	assert_int_equal(receipt_normalise("1SBN3-G16WN-N", n), RECEIPT_TYPO);	/* wrong check */
	assert_int_equal(receipt_normalise("1SBN3-G61WN-T", n), RECEIPT_TYPO);	/* swapped */
	assert_int_equal(receipt_normalise("1SBN3-G17WN-T", n), RECEIPT_TYPO);	/* one wrong */
	assert_int_equal(receipt_normalise("1SBN3-G16WN-TT", n), -1);
	assert_int_equal(receipt_normalise("", n), -1);
}

/* The vectors are also in docs/protocol.md §10.7, one table row each: the document and
 * the code must not drift apart. (Run from the top of the tree, as tests/run-tests does.) */
static void
test_vectors_in_doc(void **state)
{
	static const char *const receipts[] = { "`000G4-0R40M-D`", "`ZZZZZ-ZZZZZ-4`",
	    "`0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8` "
	    "(BLAKE2b-256 of the empty string) | `1SBN3-G16WN-T`" };
	FILE	*f = fopen("docs/protocol.md", "r");
	char	 line[1024], want[512];
	size_t	 i, found;

	(void)state;
	if (f == NULL)
		skip();
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		snprintf(want, sizeof(want), "| %u | `%s` | `%s` | `%s` |", vectors[i].round,
		    vectors[i].text, vectors[i].seed, vectors[i].pk);
		rewind(f);
		for (found = 0; fgets(line, sizeof(line), f) != NULL; )
			found += strncmp(line, want, strlen(want)) == 0;
		if (found != 1)
			fail_msg("docs/protocol.md lacks the row: %s", want);
	}
	for (i = 0; i < sizeof(receipts) / sizeof(receipts[0]); i++) {
		rewind(f);
		for (found = 0; fgets(line, sizeof(line), f) != NULL; )
			found += strstr(line, receipts[i]) != NULL;
		if (found != 1)
			fail_msg("docs/protocol.md lacks the receipt vector %s", receipts[i]);
	}
	fclose(f);
}

/* ---- credentials files ---------------------------------------------------------------- */

static char tmpdir[256];

static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_code.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
write_file(const char *name, const char *text)
{
	static char	 path[512];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

#define K1 "3001a471d591176132aafd41afc2967fc52667ff319b4b21f69347a4081ff323\n"
#define K2 "7e943d5c104f3d2d0621d8d472d3901068ca6ffee10b3476c43a073b77b8c311\n"
#define K3 "ba04be8a0cf0f102cdd1eadbd2fa820ecbd43f1bd0749f0abc516a90b00f920f\n"

static void
test_credentials_read(void **state)
{
	static const struct {
		const char	*text;
		int		 ok;
	} cases[] = {
		{ "# dorpsstem credentials v1 round 7 count 3\n" K1 K2 K3, 1 },
		{ "# dorpsstem credentials v1 round 7 count 0\n", 1 },
		{ "# dorpsstem credentials v1 round 7 count 2\n" K1 K2 K3, 0 },
		{ "# dorpsstem credentials v1 round 7 count 4\n" K1 K2 K3, 0 },
		{ "# dorpsstem credentials v1 round 7 count 3\n" K2 K1 K3, 0 },
		{ "# dorpsstem credentials v1 round 7 count 3\n" K1 K1 K3, 0 },
		{ "# dorpsstem credentials v1 round 0 count 0\n", 0 },
		{ "# dorpsstem credentials v1 round 07 count 0\n", 0 },
		{ "# dorpsstem credentials v2 round 7 count 0\n", 0 },
		{ "# dorpsstem credentials v1 round 7 count 1\n"
		  "3001A471D591176132AAFD41AFC2967FC52667FF319B4B21F69347A4081FF323\n", 0 },
		{ "# dorpsstem credentials v1 round 7 count 1\n" "3001a471\n", 0 },
		{ "# dorpsstem credentials v1 round 7 count 1\n"
		  "3001a471d591176132aafd41afc2967fc52667ff319b4b21f69347a4081ff323", 0 },
		{ "", 0 },
	};
	uint8_t		*keys, pk[32];
	uint32_t	 round, n;
	const char	*why, *p;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = write_file("c", cases[i].text);
		round = 0;
		n = 99;
		if (credentials_read(p, &round, &keys, &n, &why) == 0) {
			if (!cases[i].ok)
				fail_msg("case %zu accepted", i);
			assert_int_equal(round, 7);
			if (n == 3) {
				assert_int_equal(hex_decode(vectors[0].pk, pk, 32), 0);
				assert_memory_equal(keys + 32, pk, 32);
			} else
				assert_int_equal(n, 0);
			free(keys);
		} else {
			if (cases[i].ok)
				fail_msg("case %zu refused: %s", i, why);
			assert_null(keys);
			assert_non_null(why);
		}
	}
	assert_int_equal(credentials_read("/nonexistent/credentials", &round, &keys, &n, &why),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alphabet),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_check_symbol_exhaustive),
		cmocka_unit_test(test_check_symbol_all_pairs),
		cmocka_unit_test(test_derive_vectors),
		cmocka_unit_test(test_receipt),
		cmocka_unit_test(test_vectors_in_doc),
		cmocka_unit_test_setup_teardown(test_credentials_read, setup, teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
