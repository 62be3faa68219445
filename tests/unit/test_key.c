/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_key.c — Ed25519 key files (proto/key.c, docs/protocol.md §8): generate, read back,
 * sign with what was read, permissions, damaged files, hex helpers.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "key.h"

struct dir {
	char	path[256];
};

static int
setup(void **state)
{
	struct dir	*d = calloc(1, sizeof(*d));
	const char	*tmp = getenv("TMPDIR");

	if (d == NULL)
		return -1;
	snprintf(d->path, sizeof(d->path), "%s/test_key.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(d->path) == NULL) {
		free(d);
		return -1;
	}
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir	*d = *state;
	char		 cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->path);
	if (system(cmd) != 0)
		return -1;
	free(d);
	return 0;
}

static char *
path(void **state, const char *name)
{
	static char	 buf[4][512];
	static int	 i;
	struct dir	*d = *state;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", d->path, name);
	return buf[i];
}

static void
write_file(const char *p, const char *text, mode_t mode)
{
	FILE *f;

	unlink(p);
	assert_non_null(f = fopen(p, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(p, mode), 0);
}

static char *
read_file(const char *p)
{
	static char	 buf[4096];
	FILE		*f;
	size_t		 n;

	assert_non_null(f = fopen(p, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The key read back signs, and its signature verifies under the public key generated. */
static void
assert_signs_for(const uint8_t sk[64], const uint8_t pk[32])
{
	static const uint8_t	msg[] = "dorpsstem/v1/request";
	uint8_t			sig[64];

	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	assert_int_equal(crypto_sign_verify_detached(sig, msg, sizeof(msg), pk), 0);
}

static void
test_generate_and_read(void **state)
{
	struct stat	 st;
	uint8_t		 pk[32], pk2[32], pk3[32], sk[64];
	const char	*why = NULL, *sec = path(state, "org.key"), *pub = path(state, "org.key.pub");
	char		 hex[65], *text;

	assert_int_equal(key_generate(sec, "Dorpsraad Kantens", pk, &why), 0);
	assert_int_equal(stat(sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(pub, &st), 0);

	assert_int_equal(key_read_secret(sec, sk, &why), 0);
	assert_memory_equal(sk + 32, pk, 32);
	assert_signs_for(sk, pk);
	sodium_memzero(sk, sizeof(sk));

	assert_int_equal(key_read_public(pub, pk2, &why), 0);
	assert_memory_equal(pk2, pk, 32);
	/* The public key from the secret file. */
	assert_int_equal(key_read_public(sec, pk3, &why), 0);
	assert_memory_equal(pk3, pk, 32);

	/* The documented layout: comments, then the tagged line; the .pub is 64 hex. */
	hex_encode(pk, 32, hex);
	text = read_file(sec);
	assert_non_null(strstr(text, "\ndorpsstem-secret-v1 "));
	assert_non_null(strstr(text, hex));
	assert_int_equal(text[0], '#');
	text = read_file(pub);
	assert_int_equal(text[0], '#');
	assert_non_null(strstr(text, "Dorpsraad Kantens"));
	assert_non_null(strstr(text, hex));

	/* Never overwrites. */
	errno = 0;
	assert_int_equal(key_generate(sec, NULL, pk2, &why), -1);
	assert_int_equal(errno, EEXIST);
	assert_non_null(strstr(why, "exists"));
	assert_int_equal(key_read_secret(sec, sk, &why), 0);
	assert_memory_equal(sk + 32, pk, 32);
	sodium_memzero(sk, sizeof(sk));
}

/* Two keys generated are different. */
static void
test_generate_distinct(void **state)
{
	uint8_t		 a[32], b[32];
	const char	*why;

	assert_int_equal(key_generate(path(state, "a.key"), NULL, a, &why), 0);
	assert_int_equal(key_generate(path(state, "b.key"), NULL, b, &why), 0);
	assert_memory_not_equal(a, b, 32);
}

/* A long comment spans more than a read buffer: the file still reads back. */
static void
test_long_comment(void **state)
{
	uint8_t		 pk[32], pk2[32], sk[64];
	const char	*why;
	char		 comment[1001];

	memset(comment, 'x', sizeof(comment) - 1);
	comment[sizeof(comment) - 1] = '\0';
	assert_int_equal(key_generate(path(state, "long.key"), comment, pk, &why), 0);
	if (key_read_secret(path(state, "long.key"), sk, &why) != 0)
		fail_msg("secret key with a long comment: %s", why);
	assert_signs_for(sk, pk);
	sodium_memzero(sk, sizeof(sk));
	if (key_read_public(path(state, "long.key.pub"), pk2, &why) != 0)
		fail_msg("public key with a long comment: %s", why);
	assert_memory_equal(pk, pk2, 32);
}

static void
test_secret_permissions(void **state)
{
	static const mode_t	 bad[] = { 0640, 0604, 0644, 0660, 0700 | 0040, 0602 };
	uint8_t			 pk[32], sk[64];
	const char		*why, *sec = path(state, "perm.key");
	size_t			 i;

	assert_int_equal(key_generate(sec, NULL, pk, &why), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(chmod(sec, bad[i]), 0);
		why = NULL;
		assert_int_equal(key_read_secret(sec, sk, &why), -1);
		assert_non_null(strstr(why, "chmod 600"));
		/* Nor through key_read_public. */
		assert_int_equal(key_read_public(sec, pk, &why), -1);
	}
	assert_int_equal(chmod(sec, 0400), 0);
	assert_int_equal(key_read_secret(sec, sk, &why), 0);
	assert_memory_equal(sk + 32, pk, 32);
	sodium_memzero(sk, sizeof(sk));
	/* The public file may be world-readable. */
	assert_int_equal(chmod(path(state, "perm.key.pub"), 0644), 0);
	assert_int_equal(key_read_public(path(state, "perm.key.pub"), pk, &why), 0);
}

/* Damaged files are refused, with the reason. */
static void
test_corrupt_files(void **state)
{
	uint8_t		 pk[32], sk[64], seed[32];
	const char	*why, *p = path(state, "bad.key");
	char		 hex[129], line[300];
	size_t		 i;

	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	hex_encode(sk, 64, hex);
	snprintf(line, sizeof(line), "# comment\n\ndorpsstem-secret-v1 %s\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), 0);
	assert_memory_equal(sk + 32, pk, 32);
	assert_memory_equal(sk, seed, 32);

	/* One hex digit changed, in the seed and in the public half: corrupt. */
	for (i = 0; i < 128; i += 37) {
		char h2[129];

		memcpy(h2, hex, sizeof(h2));
		h2[i] = h2[i] == '0' ? '1' : '0';
		snprintf(line, sizeof(line), "dorpsstem-secret-v1 %s\n", h2);
		write_file(p, line, 0600);
		assert_int_equal(key_read_secret(p, sk, &why), -1);
		assert_non_null(strstr(why, "corrupt"));
	}
	/* Wrong tag, short, long, non-hex, CRLF is fine. */
	snprintf(line, sizeof(line), "dorpsstem-secret-v2 %s\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	assert_non_null(strstr(why, "not a dorpsstem secret key"));
	snprintf(line, sizeof(line), "dorpsstem-secret-v1 %.126s\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	snprintf(line, sizeof(line), "dorpsstem-secret-v1 %s00\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	snprintf(line, sizeof(line), "dorpsstem-secret-v1 %.127sg\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	snprintf(line, sizeof(line), "dorpsstem-secret-v1 %s\r\n", hex);
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), 0);
	/* Upper-case hex reads too. */
	for (i = 0; i < 128; i++)
		if (hex[i] >= 'a' && hex[i] <= 'f')
			hex[i] = (char)(hex[i] - 'a' + 'A');
	snprintf(line, sizeof(line), "dorpsstem-secret-v1 %s", hex);	/* no newline */
	write_file(p, line, 0600);
	assert_int_equal(key_read_secret(p, sk, &why), 0);
	assert_memory_equal(sk + 32, pk, 32);
	/* Empty, only comments, missing. */
	write_file(p, "", 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	assert_non_null(strstr(why, "no key"));
	write_file(p, "# only\n# comments\n\n", 0600);
	assert_int_equal(key_read_secret(p, sk, &why), -1);
	assert_non_null(strstr(why, "no key"));
	assert_int_equal(key_read_secret(path(state, "missing"), sk, &why), -1);
	assert_non_null(strstr(why, "cannot open"));
	assert_int_equal(key_read_public(path(state, "missing"), pk, &why), -1);
	/* A public key file with a wrong length or a non-hex digit. */
	write_file(p, "# pub\n0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n",
	    0644);
	assert_int_equal(key_read_public(p, pk, &why), -1);
	assert_non_null(strstr(why, "64 hex"));
	write_file(p, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeZ\n",
	    0644);
	assert_int_equal(key_read_public(p, pk, &why), -1);
	write_file(p, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
	    0644);
	assert_int_equal(key_read_public(p, pk, &why), 0);
	assert_int_equal(pk[0], 0x01);
	assert_int_equal(pk[31], 0xef);
	sodium_memzero(sk, sizeof(sk));
}

static void
test_hex(void **state)
{
	uint8_t	b[4], in[3] = { 0x00, 0xab, 0xff };
	char	out[7];

	(void)state;
	hex_encode(in, 3, out);
	assert_string_equal(out, "00abff");
	assert_int_equal(hex_decode("00ABff7f", b, 4), 0);
	assert_memory_equal(b, "\x00\xab\xff\x7f", 4);
	assert_int_equal(hex_decode("00abff7", b, 4), -1);
	assert_int_equal(hex_decode("00abff7f0", b, 4), -1);
	assert_int_equal(hex_decode("00abff7g", b, 4), -1);
	assert_int_equal(hex_decode(" 0abff7f", b, 4), -1);
	assert_int_equal(hex_decode("", b, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generate_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generate_distinct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_comment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files, setup, teardown),
		cmocka_unit_test(test_hex),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
