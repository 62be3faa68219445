/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * identity.c — who the daemon is: its Ed25519 key (datadir/daemon.key, signs its own
 * ledger events and names the daemon in organiser signatures) and its TLS key and
 * self-signed certificate (datadir/tls.key, datadir/tls.crt). All are made on first start.
 * Clients pin the certificate by its fingerprint, "SHA256:" + hex of SHA-256 over DER.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "dorpsstemd.h"
#include "key.h"

static char *
path_join(const char *dir, const char *file)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, file) == -1)
		fatal("asprintf");
	return p;
}

/* Writes a new file (never through a link, never over a file) from memory. */
static int
file_write_new(const char *path, mode_t mode, const void *p, size_t len)
{
	const char	*q = p;
	ssize_t		 w;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)) == -1)
		return -1;
	while (len > 0) {
		if ((w = write(fd, q, len)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		q += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* PEM of a key or certificate through a memory BIO, wiped before it is freed. */
static int
bio_write_new(BIO *b, const char *path, mode_t mode)
{
	char	*p;
	long	 n = BIO_get_mem_data(b, &p);
	int	 rc;

	rc = n > 0 ? file_write_new(path, mode, p, (size_t)n) : -1;
	if (n > 0)
		OPENSSL_cleanse(p, (size_t)n);
	return rc;
}

/* The TLS private key, read with read(2) into a buffer that is wiped afterwards (stdio
 * and BIO_new_file would leave the PEM in a freed buffer). */
static EVP_PKEY *
tls_read_key(const char *keypath)
{
	struct stat	 st;
	static char	 buf[16384];
	EVP_PKEY	*pk = NULL;
	BIO		*b;
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(keypath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || (st.st_mode & 077)) {
		log_warnx("%s: not a plain file readable only by its owner", keypath);
		close(fd);
		return NULL;
	}
	while (len < sizeof(buf) && ((r = read(fd, buf + len, sizeof(buf) - len)) > 0 ||
	    (r == -1 && errno == EINTR)))
		if (r > 0)
			len += (size_t)r;
	close(fd);
	if ((b = BIO_new_mem_buf(buf, (int)len)) != NULL) {
		pk = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
		BIO_free(b);
	}
	sodium_memzero(buf, sizeof(buf));
	return pk;
}

static int
tls_make(const char *keypath, const char *crtpath)
{
	EVP_PKEY	*pk = NULL;
	X509		*x = NULL;
	X509_NAME	*name;
	BIO		*b = NULL;
	int		 rc = -1;

	if ((pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL)
		goto done;
	if ((x = X509_new()) == NULL)
		goto done;
	X509_set_version(x, 2);
	{
		uint8_t serial[8];
		BIGNUM *bn;
		randombytes_buf(serial, sizeof(serial));
		serial[0] &= 0x7f;
		if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL)
			goto done;
		BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
		BN_free(bn);
	}
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 20L * 365 * 24 * 3600);
	X509_set_pubkey(x, pk);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"dorpsstemd",
	    -1, -1, 0);
	X509_set_issuer_name(x, name);
	if (X509_sign(x, pk, EVP_sha256()) == 0)
		goto done;
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    !PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL) ||
	    bio_write_new(b, keypath, 0600) == -1)
		goto done;
	BIO_free(b);
	if ((b = BIO_new(BIO_s_mem())) == NULL || !PEM_write_bio_X509(b, x) ||
	    bio_write_new(b, crtpath, 0644) == -1)
		goto done;
	rc = 0;
done:
	BIO_free(b);
	X509_free(x);
	EVP_PKEY_free(pk);
	return rc;
}

static int
tls_load(struct identity *id, const char *keypath, const char *crtpath)
{
	X509		*x = NULL;
	EVP_PKEY	*pk;
	FILE		*f;
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	char		 hex[2 * EVP_MAX_MD_SIZE + 1];

	if ((id->tls = SSL_CTX_new(TLS_server_method())) == NULL)
		return -1;
	SSL_CTX_set_min_proto_version(id->tls, TLS1_3_VERSION);
	/* Peers that vanish without close_notify are normal (a kiosk unplugged); our
	 * framing detects truncation itself. */
	SSL_CTX_set_options(id->tls, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_session_cache_mode(id->tls, SSL_SESS_CACHE_OFF);
	/* Idle connections give their record buffers back: thousands may be open. */
	SSL_CTX_set_mode(id->tls, SSL_MODE_RELEASE_BUFFERS);
	/* No session tickets: nobody resumes (the cache is off) and each costs a signature
	 * and memory per handshake. */
	SSL_CTX_set_num_tickets(id->tls, 0);
	if ((pk = tls_read_key(keypath)) == NULL)
		return -1;
	if (SSL_CTX_use_certificate_file(id->tls, crtpath, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey(id->tls, pk) != 1 ||
	    SSL_CTX_check_private_key(id->tls) != 1) {
		EVP_PKEY_free(pk);
		return -1;
	}
	EVP_PKEY_free(pk);
	if ((f = fopen(crtpath, "re")) == NULL)
		return -1;
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (x == NULL || X509_digest(x, EVP_sha256(), md, &mdlen) != 1) {
		X509_free(x);
		return -1;
	}
	X509_free(x);
	hex_encode(md, mdlen, hex);
	snprintf(id->fingerprint, sizeof(id->fingerprint), "SHA256:%s", hex);
	return 0;
}

int
identity_load(struct identity *id, const char *datadir, int want_tls)
{
	char		*keypath, *tlskey, *tlscrt;
	const char	*why;
	uint8_t		 pk[KEY_BYTES];
	int		 rc = -1;

	memset(id, 0, sizeof(*id));
	keypath = path_join(datadir, "daemon.key");
	tlskey = path_join(datadir, "tls.key");
	tlscrt = path_join(datadir, "tls.crt");
	if (access(keypath, F_OK) == -1) {
		if (key_generate(keypath, "dorpsstemd", pk, &why) == -1) {
			log_warn("%s: %s", keypath, why);
			goto done;
		}
		log_info("created the daemon key %s", keypath);
	}
	if (key_read_secret(keypath, id->sk, &why) == -1) {
		log_warnx("%s: %s", keypath, why);
		goto done;
	}
	memcpy(id->pk, id->sk + 32, KEY_BYTES);
	if (want_tls) {
		if (access(tlscrt, F_OK) == -1 || access(tlskey, F_OK) == -1) {
			unlink(tlscrt);
			unlink(tlskey);
			if (tls_make(tlskey, tlscrt) == -1) {
				log_warnx("cannot create the TLS key and certificate in %s", datadir);
				goto done;
			}
			log_info("created a TLS key and self-signed certificate in %s", datadir);
		}
		if (tls_load(id, tlskey, tlscrt) == -1) {
			log_warnx("cannot load the TLS key and certificate from %s", datadir);
			goto done;
		}
	}
	rc = 0;
done:
	if (rc != 0)
		ERR_print_errors_fp(stderr);
	free(keypath);
	free(tlskey);
	free(tlscrt);
	return rc;
}

void
identity_free(struct identity *id)
{
	sodium_memzero(id->sk, sizeof(id->sk));
	if (id->tls)
		SSL_CTX_free(id->tls);
	id->tls = NULL;
}
