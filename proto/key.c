/* SPDX-License-Identifier: EUPL-1.2 */
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

#define KEYFILE_MAX	16384	/* key files are a few lines; anything larger is not one */

/* Reads the first line that is not a comment into line (without its newline). The file is
 * read with read(2) into a buffer on the stack, never through stdio, so no buffer that
 * held a secret is freed without being wiped. */
static int
key_line(const char *path, char *line, size_t n, int secret, const char **why)
{
	struct stat	 st;
	char		 buf[KEYFILE_MAX];
	size_t		 len = 0, i, end, lend;
	ssize_t		 r;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		*why = _("cannot open key file");
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		*why = _("key file is not a regular file");
		return -1;
	}
	if (secret && (st.st_mode & 077)) {
		close(fd);
		*why = _("secret key file is readable by others (chmod 600 it)");
		return -1;
	}
	while (len < sizeof(buf) && ((r = read(fd, buf + len, sizeof(buf) - len)) > 0 ||
	    (r == -1 && errno == EINTR)))
		if (r > 0)
			len += (size_t)r;
	close(fd);
	*why = _("no key in key file");
	for (i = 0; i < len; i = end + 1) {
		for (end = i; end < len && buf[end] != '\n'; end++)
			;
		lend = end > i && buf[end - 1] == '\r' ? end - 1 : end;
		if (lend == i || buf[i] == '#')
			continue;
		if (lend - i >= n)
			continue;	/* longer than any key line */
		memcpy(line, buf + i, lend - i);
		line[lend - i] = '\0';
		rc = 0;
		break;
	}
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

/* Writes all of p to a new file (O_EXCL: never through a link or over a file). */
static int
write_new(const char *path, mode_t mode, const char *p, size_t len)
{
	ssize_t	w;
	int	fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)) == -1)
		return -1;
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0) {
		close(fd);
		return -1;
	}
	return close(fd);
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
	uint8_t		 sk[64];
	char		 hex[129], pubhex[65], *text, *pubpath = NULL;
	struct stat	 st;
	size_t		 cap = (comment ? strlen(comment) : 0) + 512;
	int		 len, rc = -1;

	if (asprintf(&pubpath, "%s.pub", path) == -1 || (text = malloc(cap)) == NULL) {
		free(pubpath);
		*why = _("out of memory");
		return -1;
	}
	crypto_sign_keypair(pk, sk);
	hex_encode(sk, 64, hex);
	hex_encode(pk, 32, pubhex);
	len = snprintf(text, cap, "# dorpsstem Ed25519 secret key%s%s — keep "
	    "private\n# public: %s\n%s%s\n", comment ? ": " : "", comment ? comment : "",
	    pubhex, SECRET_TAG, hex);
	if (len < 0 || (size_t)len >= cap) {
		*why = _("comment too long");
		goto done;
	}
	if (write_new(path, 0600, text, (size_t)len) == -1) {
		*why = errno == EEXIST ? _("key file exists already (not overwritten)") :
		    _("cannot create key file");
		goto done;
	}
	len = snprintf(text, cap, "# dorpsstem Ed25519 public key%s%s\n%s\n",
	    comment ? ": " : "", comment ? comment : "", pubhex);
	/* A stale public file is replaced; a link or anything else there is refused. */
	if (lstat(pubpath, &st) == 0 && S_ISREG(st.st_mode))
		unlink(pubpath);
	if (write_new(pubpath, 0644, text, (size_t)len) == -1) {
		*why = errno == EEXIST ? _("public key file path is taken by something that is not "
		    "a file (a link?)") : _("cannot create public key file");
		unlink(path);	/* no secret without its public half */
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(text, cap);
	free(text);
	free(pubpath);
	return rc;
}
