/*
 * identity.c — who the daemon is: its Ed25519 key (datadir/daemon.key, signs its own
 * ledger events and names the daemon in organiser signatures) and its TLS key and
 * self-signed certificate (datadir/tls.key, datadir/tls.crt). All are made on first start.
 * Clients pin the certificate by its fingerprint, "SHA256:" + hex of SHA-256 over DER.
 */
#include <sys/stat.h>

#include <errno.h>
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

static int
tls_make(const char *keypath, const char *crtpath)
{
	EVP_PKEY	*pk = NULL;
	X509		*x = NULL;
	X509_NAME	*name;
	FILE		*f = NULL;
	mode_t		 old;
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
	old = umask(077);
	f = fopen(keypath, "wx");
	umask(old);
	if (f == NULL || !PEM_write_PrivateKey(f, pk, NULL, NULL, 0, NULL, NULL))
		goto done;
	if (fclose(f) != 0) {
		f = NULL;
		goto done;
	}
	if ((f = fopen(crtpath, "wx")) == NULL || !PEM_write_X509(f, x))
		goto done;
	if (fclose(f) != 0) {
		f = NULL;
		goto done;
	}
	f = NULL;
	rc = 0;
done:
	if (f)
		fclose(f);
	X509_free(x);
	EVP_PKEY_free(pk);
	return rc;
}

static int
tls_load(struct identity *id, const char *keypath, const char *crtpath)
{
	X509		*x = NULL;
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
	if (SSL_CTX_use_certificate_file(id->tls, crtpath, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(id->tls, keypath, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(id->tls) != 1)
		return -1;
	if ((f = fopen(crtpath, "r")) == NULL)
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
