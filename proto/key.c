/*
 * key.c — Ed25519 key files for organisers, kiosks and the daemon (format in key.h and
 * docs/protocol.md §8). Secrets are wiped from every buffer that held them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "intl.h"
#include "key.h"

#define SECRET_TAG	"dorpsstem-secret-v1 "

int
hex_decode(const char *s, uint8_t *out, size_t n)
{
	size_t	i;
	int	hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = s[2 * i]; lo = s[2 * i + 1];
#define HEXV(c) ((c) >= '0' && (c) <= '9' ? (c) - '0' : (c) >= 'a' && (c) <= 'f' ? (c) - 'a' + 10 : \
		 (c) >= 'A' && (c) <= 'F' ? (c) - 'A' + 10 : -1)
		if (HEXV(hi) < 0 || HEXV(lo) < 0)
			return -1;
		out[i] = (uint8_t)(HEXV(hi) << 4 | HEXV(lo));
#undef HEXV
	}
	return 0;
}

void
hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[in[i] >> 4];
		out[2 * i + 1] = d[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Reads the first line that is not a comment into line (without its newline). */
static int
key_line(const char *path, char *line, size_t n, int secret, const char **why)
{
	struct stat	 st;
	FILE		*f;
	int		 fd, rc = -1, cont = 0, skip;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*why = _("cannot open key file");
		return -1;
	}
	if (secret && fstat(fd, &st) == 0 && (st.st_mode & 077)) {
		close(fd);
		*why = _("secret key file is readable by others (chmod 600 it)");
		return -1;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		*why = _("cannot read key file");
		return -1;
	}
	*why = _("no key in key file");
	while (fgets(line, (int)n, f) != NULL) {
		/* A line longer than the buffer (a long comment) arrives in pieces: skip the
		 * pieces after the first, or they would be taken for the key line. */
		skip = cont;
		cont = strchr(line, '\n') == NULL;
		line[strcspn(line, "\r\n")] = '\0';
		if (skip || line[0] == '#' || line[0] == '\0')
			continue;
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}

int
key_read_secret(const char *path, uint8_t sk[64], const char **why)
{
	char	line[256];
	uint8_t	pk[32], seed[32], check[64];
	int	rc = -1;

	if (key_line(path, line, sizeof(line), 1, why) == -1)
		goto done;
	if (strncmp(line, SECRET_TAG, strlen(SECRET_TAG)) != 0 ||
	    hex_decode(line + strlen(SECRET_TAG), sk, 64) != 0) {
		*why = _("not a dorpsstem secret key file");
		goto done;
	}
	/* The public half must belong to the seed: catches a corrupted file. Derive into
	 * separate buffers: with sk as both seed and output, libsodium overwrites the seed
	 * with the hashed scalar and the check compares the key with itself. */
	memcpy(seed, sk, sizeof(seed));
	crypto_sign_seed_keypair(pk, check, seed);
	if (sodium_memcmp(pk, sk + 32, 32) != 0) {
		sodium_memzero(sk, 64);
		*why = _("secret key file is corrupt");
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(line, sizeof(line));
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(check, sizeof(check));
	return rc;
}

int
key_read_public(const char *path, uint8_t pk[32], const char **why)
{
	char	line[256];
	uint8_t	sk[64];
	int	rc = -1;

	if (key_line(path, line, sizeof(line), 0, why) == -1)
		goto done;
	if (strncmp(line, SECRET_TAG, strlen(SECRET_TAG)) == 0) {
		if (key_read_secret(path, sk, why) == 0) {
			memcpy(pk, sk + 32, 32);
			rc = 0;
		}
		sodium_memzero(sk, sizeof(sk));
		goto done;
	}
	if (hex_decode(line, pk, 32) != 0) {
		*why = _("not a public key file (64 hex digits expected)");
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(line, sizeof(line));
	return rc;
}

int
key_generate(const char *path, const char *comment, uint8_t pk[32], const char **why)
{
	uint8_t	 sk[64];
	char	 hex[129], pubhex[65], *pubpath = NULL;
	FILE	*f = NULL;
	int	 fd = -1, rc = -1;

	if (asprintf(&pubpath, "%s.pub", path) == -1) {
		*why = _("out of memory");
		return -1;
	}
	crypto_sign_keypair(pk, sk);
	hex_encode(sk, 64, hex);
	hex_encode(pk, 32, pubhex);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		*why = errno == EEXIST ? _("key file exists already (not overwritten)") :
		    _("cannot create key file");
		goto done;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		*why = _("cannot write key file");
		goto done;
	}
	fd = -1;
	fprintf(f, "# dorpsstem Ed25519 secret key%s%s — keep private\n# public: %s\n%s%s\n",
	    comment ? ": " : "", comment ? comment : "", pubhex, SECRET_TAG, hex);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
		f = NULL;
		*why = _("cannot write key file");
		goto done;
	}
	f = NULL;
	if ((f = fopen(pubpath, "w")) == NULL) {
		*why = _("cannot create public key file");
		goto done;
	}
	fprintf(f, "# dorpsstem Ed25519 public key%s%s\n%s\n",
	    comment ? ": " : "", comment ? comment : "", pubhex);
	if (fclose(f) != 0) {
		f = NULL;
		*why = _("cannot write public key file");
		goto done;
	}
	f = NULL;
	rc = 0;
done:
	if (f)
		fclose(f);
	if (fd != -1)
		close(fd);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(hex, sizeof(hex));
	free(pubpath);
	return rc;
}
