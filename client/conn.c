/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * conn.c — the client side of a session with dorpsstemd (docs/protocol.md): connect over
 * the UNIX control socket or TLS 1.3, pin the daemon's certificate like ssh's known_hosts,
 * say HELLO, then one request → one reply, signing organiser requests. Nothing here prints
 * or exits (except the trust question on a terminal), so the kiosk can reuse it and retry.
 */
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* OpenSSL's ERRC_STATE typedef collides with msg.h's error code of that name. */
#define ERRC_STATE	openssl_ERR_STATE
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sodium.h>
#undef ERRC_STATE

#include "dorpsstem.h"
#include "i18n.h"
#include "frame.h"
#include "key.h"

#define CONNECT_TIMEOUT	10	/* seconds to set up a TCP connection */
#define REPLY_TIMEOUT	120	/* seconds to wait for a reply (closing a round tallies it) */

static int __attribute__((format(printf, 2, 3)))
conn_err(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void
set_timeouts(int fd)
{
	struct timeval tv = { CONNECT_TIMEOUT, 0 };

	/* On Linux SO_SNDTIMEO also bounds connect(). */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	tv.tv_sec = REPLY_TIMEOUT;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static const char *
connect_hint(int e)
{
	return e == ENOENT || e == ECONNREFUSED ? _(" (is dorpsstemd running?)") : "";
}

/* ---- files under the client's home ------------------------------------------------- */

const char *
client_home(void)
{
	static char	 buf[4096];
	const char	*h;

	if ((h = getenv("DORPSSTEM_HOME")) != NULL && *h)
		return h;
	if ((h = getenv("HOME")) == NULL || *h == '\0')
		h = "/";
	snprintf(buf, sizeof(buf), "%s/.config/dorpsstem", h);
	return buf;
}

int
client_mkdir(const char *dir, char *err, size_t errlen)
{
	char	path[4096], *p, saved;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
		snprintf(err, errlen, _("directory name too long: %s"), dir);
		return -1;
	}
	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		saved = *p;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			snprintf(err, errlen, _("cannot create %s: %s"), path, strerror(errno));
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

/* ---- host names and fingerprints --------------------------------------------------- */

int
hostport_parse(const char *s, char **host, char **port, char **name)
{
	const char	*h, *p = NULL, *e;
	size_t		 hl;
	char		*end;
	long		 n;

	*host = *port = *name = NULL;
	if (s[0] == '[') {
		if ((e = strchr(s, ']')) == NULL)
			return -1;
		h = s + 1;
		hl = (size_t)(e - h);
		if (e[1] == ':')
			p = e + 2;
		else if (e[1] != '\0')
			return -1;
	} else {
		h = s;
		e = strchr(s, ':');
		if (e != NULL && strchr(e + 1, ':') == NULL) {
			hl = (size_t)(e - s);
			p = e + 1;
		} else
			hl = strlen(s);		/* no port, or a bare IPv6 address */
	}
	if (hl == 0 || hl > 255)
		return -1;
	if (p != NULL) {
		errno = 0;
		n = strtol(p, &end, 10);
		if (!isdigit((unsigned char)*p) || *end != '\0' || n < 1 || n > 65535 || errno)
			return -1;
	} else
		p = DEFAULT_PORT;
	*host = strndup(h, hl);
	*port = strdup(p);
	if (*host && *port && asprintf(name, memchr(h, ':', hl) ? "[%s]:%s" : "%s:%s",
	    *host, *port) == -1)
		*name = NULL;
	if (*host == NULL || *port == NULL || *name == NULL) {
		free(*host);
		free(*port);
		*host = *port = NULL;
		return -1;
	}
	return 0;
}

int
fingerprint_normalize(const char *in, char out[FP_LEN + 1])
{
	size_t	i, n = 0;
	char	hex[65];

	if (strncasecmp(in, FP_PREFIX, strlen(FP_PREFIX)) == 0)
		in += strlen(FP_PREFIX);
	for (i = 0; in[i]; i++) {
		if (in[i] == ':')	/* openssl x509 -fingerprint writes AB:CD:… */
			continue;
		if (!isxdigit((unsigned char)in[i]) || n == 64)
			return -1;
		hex[n++] = (char)tolower((unsigned char)in[i]);
	}
	if (n != 64)
		return -1;
	hex[n] = '\0';
	snprintf(out, FP_LEN + 1, "%s%s", FP_PREFIX, hex);
	return 0;
}

int
known_hosts_find(const char *path, const char *name, char fp[FP_LEN + 1], int *lineno)
{
	FILE	*f;
	char	 line[1024], *k, *v, *save;
	int	 n = 0, rc = 0;

	if ((f = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		if ((k = strtok_r(line, " \t\r\n", &save)) == NULL || *k == '#')
			continue;
		if (strcmp(k, name) != 0)
			continue;
		v = strtok_r(NULL, " \t\r\n", &save);
		/* A damaged entry still counts as known: it must not fall back to trust on
		 * first use. */
		if (v == NULL || fingerprint_normalize(v, fp) != 0)
			snprintf(fp, FP_LEN + 1, "%s", v ? v : _("(damaged entry)"));
		*lineno = n;
		rc = 1;
		break;
	}
	fclose(f);
	return rc;
}

int
known_hosts_add(const char *path, const char *name, const char *fp, char *err, size_t errlen)
{
	char	 dir[4096], *slash;
	FILE	*f;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (client_mkdir(dir, err, errlen) == -1)
			return -1;
	}
	if ((f = fopen(path, "ae")) == NULL) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	fprintf(f, "%s %s\n", name, fp);
	if (fclose(f) != 0) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- connecting -------------------------------------------------------------------- */

static int
conn_unix(struct conn *c, const struct conn_opts *o)
{
	struct sockaddr_un	 sun;
	const char		*path = o->socket;

	if (path == NULL && ((path = getenv("DORPSSTEM_SOCKET")) == NULL || *path == '\0'))
		path = DEFAULT_SOCKET;
	if ((c->peer = strdup(path)) == NULL)
		return conn_err(c, _("out of memory"));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return conn_err(c, _("socket path is too long: %s"), path);
	memcpy(sun.sun_path, path, strlen(path));
	if ((c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return conn_err(c, _("cannot create a socket: %s"), strerror(errno));
	set_timeouts(c->fd);
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		return conn_err(c, _("cannot connect to %s: %s%s"), path, strerror(errno),
		    connect_hint(errno));
	return 0;
}

static int
conn_tcp(struct conn *c, const char *host, const char *port)
{
	struct addrinfo	 hints, *res, *ai;
	int		 e, saved = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0)
		return conn_err(c, _("cannot resolve %s: %s"), host, gai_strerror(e));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) == -1) {
			saved = errno;
			continue;
		}
		set_timeouts(c->fd);
		if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		saved = errno;
		close(c->fd);
		c->fd = -1;
	}
	freeaddrinfo(res);
	if (c->fd == -1) {
		if (saved == EAGAIN || saved == EINPROGRESS)
			return conn_err(c, _("cannot connect to %s: timed out"), c->peer);
		return conn_err(c, _("cannot connect to %s: %s%s"), c->peer, strerror(saved),
		    connect_hint(saved));
	}
	return 0;
}

static const char *
tls_why(void)
{
	unsigned long e = ERR_get_error();

	return e ? ERR_reason_error_string(e) : _("the connection was closed");
}

/* Decides whether the certificate just seen may be trusted (see docs/cli.md, "TLS"). */
static int
conn_pin(struct conn *c, const struct conn_opts *o)
{
	char	 path[4096], known[FP_LEN + 1], given[FP_LEN + 1], answer[16];
	int	 r, lineno = 0;

	snprintf(path, sizeof(path), "%s/known_hosts", o->home);
	if (o->fingerprint && fingerprint_normalize(o->fingerprint, given) != 0)
		return conn_err(c, _("--fingerprint wants SHA256: followed by 64 hex digits, "
		    "as `dorpsstemd -F` prints it"));
	if ((r = known_hosts_find(path, c->peer, known, &lineno)) == -1)
		return conn_err(c, _("cannot read %s: %s"), path, strerror(errno));
	if (r == 1) {
		if (strcmp(known, c->fingerprint) != 0)
			return conn_err(c, _("WARNING: THE TLS FINGERPRINT OF %s HAS CHANGED "
			    "from %s (%s line %d) to %s: someone may be intercepting this "
			    "connection, so it is refused; if the daemon's certificate was "
			    "really replaced, compare with `dorpsstemd -F` and remove that line"),
			    c->peer, known, path, lineno, c->fingerprint);
		if (o->fingerprint && strcmp(given, c->fingerprint) != 0)
			return conn_err(c, _("the daemon at %s presents %s, not the fingerprint "
			    "given with --fingerprint"), c->peer, c->fingerprint);
		return 0;
	}
	if (o->fingerprint) {
		if (strcmp(given, c->fingerprint) != 0)
			return conn_err(c, _("the daemon at %s presents %s, not %s as given with "
			    "--fingerprint: connection refused"), c->peer, c->fingerprint, given);
	} else if (o->interactive && isatty(STDIN_FILENO)) {
		fprintf(stderr, _("The daemon at %s is not known yet.\n"
		    "Its certificate fingerprint is %s\n"
		    "(compare with what `dorpsstemd -F` prints on the daemon's machine).\n"
		    "Trust it? [y/N] "), c->peer, c->fingerprint);
		fflush(stderr);
		if (fgets(answer, sizeof(answer), stdin) == NULL ||
		    (strcasecmp(answer, "y\n") != 0 && strcasecmp(answer, "yes\n") != 0))
			return conn_err(c, _("the daemon at %s was not trusted"), c->peer);
	} else
		return conn_err(c, _("the daemon at %s is not known yet: pass --fingerprint "
		    "SHA256:… as `dorpsstemd -F` prints it on the daemon's machine"), c->peer);
	return known_hosts_add(path, c->peer, c->fingerprint, c->err, sizeof(c->err));
}

static int
conn_tls(struct conn *c, const struct conn_opts *o)
{
	struct in6_addr	 a6;
	X509		*cert;
	uint8_t		 md[EVP_MAX_MD_SIZE];
	unsigned	 mdlen = 0;
	char		*host, *port, hex[65];
	int		 rc = -1;

	if (hostport_parse(o->host, &host, &port, &c->peer) == -1)
		return conn_err(c, _("-H wants host:port, [ipv6]:port or host, not \"%s\""),
		    o->host);
	if (conn_tcp(c, host, port) == -1)
		goto done;
	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_set_min_proto_version(c->ctx, TLS1_3_VERSION) != 1) {
		conn_err(c, _("cannot set up TLS: %s"), tls_why());
		goto done;
	}
	/* The daemon's certificate is self-signed: no CA chain, the pin below decides. The
	 * framing detects truncation, so a missing close_notify is no error. */
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(c->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	if ((c->ssl = SSL_new(c->ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
		conn_err(c, _("cannot set up TLS: %s"), tls_why());
		goto done;
	}
	if (inet_pton(AF_INET, host, &a6) != 1 && inet_pton(AF_INET6, host, &a6) != 1)
		(void)SSL_set_tlsext_host_name(c->ssl, host);
	if (SSL_connect(c->ssl) != 1) {
		conn_err(c, _("TLS handshake with %s failed: %s"), c->peer, tls_why());
		goto done;
	}
	if ((cert = SSL_get1_peer_certificate(c->ssl)) == NULL) {
		conn_err(c, _("the daemon at %s presented no certificate"), c->peer);
		goto done;
	}
	if (X509_digest(cert, EVP_sha256(), md, &mdlen) != 1 || mdlen != 32) {
		X509_free(cert);
		conn_err(c, _("cannot hash the daemon's certificate"));
		goto done;
	}
	X509_free(cert);
	hex_encode(md, 32, hex);
	snprintf(c->fingerprint, sizeof(c->fingerprint), "%s%s", FP_PREFIX, hex);
	rc = conn_pin(c, o);
done:
	free(host);
	free(port);
	return rc;
}

/* ---- bytes ------------------------------------------------------------------------- */

static int
conn_write(struct conn *c, const uint8_t *p, size_t n)
{
	ssize_t	w;
	size_t	done;

	while (n > 0) {
		if (c->ssl) {
			if (SSL_write_ex(c->ssl, p, n, &done) != 1)
				return conn_err(c, _("lost the connection to %s: %s"), c->peer,
				    tls_why());
			w = (ssize_t)done;
		} else if ((w = send(c->fd, p, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return conn_err(c, _("lost the connection to %s: %s"), c->peer,
			    strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
conn_read(struct conn *c, uint8_t *p, size_t n)
{
	ssize_t	r;
	size_t	done;
	int	e;

	while (n > 0) {
		if (c->ssl) {
			if (SSL_read_ex(c->ssl, p, n, &done) != 1) {
				e = SSL_get_error(c->ssl, 0);
				if (e == SSL_ERROR_ZERO_RETURN)
					goto eof;
				if (e == SSL_ERROR_SYSCALL && (errno == EAGAIN ||
				    errno == EWOULDBLOCK))
					goto timeout;
				return conn_err(c, _("lost the connection to %s: %s"), c->peer,
				    tls_why());
			}
			r = (ssize_t)done;
		} else if ((r = recv(c->fd, p, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				goto timeout;
			return conn_err(c, _("lost the connection to %s: %s"), c->peer,
			    strerror(errno));
		} else if (r == 0)
			goto eof;
		p += r;
		n -= (size_t)r;
	}
	return 0;
eof:
	return conn_err(c, _("the daemon at %s closed the connection"), c->peer);
timeout:
	return conn_err(c, _("no answer from the daemon at %s within %d seconds"), c->peer,
	    REPLY_TIMEOUT);
}

/* ---- requests ---------------------------------------------------------------------- */

int
conn_request(struct conn *c, uint16_t type, const void *req, struct signer *s, void *reply)
{
	const struct msg_desc	*d = msg_lookup(type), *rd;
	struct msg_error	 e;
	struct msg_in		 m;
	struct wbuf		 out;
	uint8_t			 hdr[FRAME_HDR], *payload = NULL;
	const char		*field = NULL;
	uint64_t		 counter;
	long			 len;
	int			 rc = -1, wrc;

	c->error_code = 0;
	c->err[0] = '\0';
	wbuf_init(&out);
	if (d == NULL || (d->flags & MSGF_REPLY) || (rd = msg_lookup(d->reply)) == NULL)
		return conn_err(c, _("internal error: 0x%04x is not a request"), type);
	memset(reply, 0, rd->schema->size);
	if (c->fd == -1)
		return conn_err(c, _("not connected"));
	c->reqid++;
	if (d->flags & MSGF_SIGNED) {
		if (s == NULL)
			return conn_err(c, _("%s needs an organiser key"), d->name);
		if (signer_next(s, &counter, c->err, sizeof(c->err)) == -1)
			return -1;
		frame_put_signed(&out, type, c->reqid, d->schema, req, c->daemon_key, s->sk,
		    counter);
	} else
		frame_put(&out, type, c->reqid, d->schema, req);
	if (out.oom) {
		conn_err(c, _("out of memory"));
		goto done;
	}
	if (conn_write(c, out.p, out.len) == -1 || conn_read(c, hdr, sizeof(hdr)) == -1)
		goto done;
	/* Everything from here on is the daemon's word: checked, never trusted. */
	if ((len = frame_length(hdr)) < 0) {
		conn_err(c, _("the daemon at %s sent a malformed frame"), c->peer);
		goto done;
	}
	if ((payload = malloc((size_t)len)) == NULL) {
		conn_err(c, _("out of memory"));
		goto done;
	}
	if (conn_read(c, payload, (size_t)len) == -1)
		goto done;
	if (msg_split(payload, (size_t)len, 0, &m) != 0) {
		conn_err(c, _("the daemon at %s sent a malformed message"), c->peer);
		goto done;
	}
	if (m.reqid != c->reqid) {
		conn_err(c, _("the daemon answered request %" PRIu32 " instead of %" PRIu32),
		    m.reqid, c->reqid);
		goto done;
	}
	if (m.type == MSG_ERROR) {
		if (wire_decode_all(m.body, m.bodylen, &schema_error, &e, &field) != 0) {
			conn_err(c, _("the daemon refused the request with an unreadable error"));
			goto done;
		}
		c->error_code = e.code ? e.code : ERRC_INTERNAL;
		if (*e.message == '\0')
			conn_err(c, _("the daemon refused the request (error %u)"), e.code);
		else {
			/* The daemon's sentence, in the reader's language where it is known. */
			char		 tr[ERR_LEN];
			const char	*say = i18n_daemon_error(e.code, e.message, tr, sizeof(tr));

			/* The protocol's field name helps an English reader find the fault;
			 * in Dutch it would only be a foreign word in the sentence. */
			if (*e.field != '\0' && i18n_lang() == I18N_EN)
				conn_err(c, _("%s (field %s)"), say, e.field);
			else
				conn_err(c, "%s", say);
		}
		wire_free(&schema_error, &e);
		goto done;
	}
	if (m.type != d->reply) {
		conn_err(c, _("the daemon answered %s with message type 0x%04x"), d->name, m.type);
		goto done;
	}
	if ((wrc = wire_decode_all(m.body, m.bodylen, rd->schema, reply, &field)) != 0) {
		conn_err(c, _("the daemon's reply (%s) is malformed: %s%s%s"), rd->name,
		    wire_strerror(wrc), field ? " in field " : "", field ? field : "");
		goto done;
	}
	rc = 0;
done:
	wbuf_free(&out);
	free(payload);
	return rc;
}

static int
conn_hello(struct conn *c)
{
	char		sw[] = DORPSSTEM_SOFTWARE;
	struct hello	h = { PROTO_VERSION, PROTO_VERSION, sw };
	struct welcome	w;

	if (conn_request(c, MSG_HELLO, &h, NULL, &w) == -1)
		return -1;
	if (w.version != PROTO_VERSION) {
		conn_err(c, _("the daemon at %s chose protocol version %u; this client speaks %u"),
		    c->peer, w.version, PROTO_VERSION);
		wire_free(&schema_welcome, &w);
		return -1;
	}
	memcpy(c->daemon_key, w.daemon_key, KEY_BYTES);
	c->software = w.software;	/* taken over from the record */
	w.software = NULL;
	return 0;
}

int
conn_open(struct conn *c, const struct conn_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if ((o->host ? conn_tls(c, o) : conn_unix(c, o)) == -1)
		return -1;
	return conn_hello(c);
}

void
conn_close(struct conn *c)
{
	if (c->ssl) {
		(void)SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	SSL_CTX_free(c->ctx);
	if (c->fd != -1)
		close(c->fd);
	free(c->peer);
	free(c->software);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* ---- organiser keys and request counters -------------------------------------------- */

int
signer_open(struct signer *s, const char *keyfile, const char *home, char *err,
    size_t errlen)
{
	const char	*why;
	char		 hex[2 * KEY_BYTES + 1];

	memset(s, 0, sizeof(*s));
	errno = 0;
	if (key_read_secret(keyfile, s->sk, &why) == -1) {
		if (errno == ENOENT)
			snprintf(err, errlen, _("no organiser key at %s (make one with `dorpsstem "
			    "keygen -o FILE` and pass it with -k FILE)"), keyfile);
		else
			snprintf(err, errlen, _("organiser key %s: %s%s%s"), keyfile, why,
			    errno && strncmp(why, "cannot", 6) == 0 ? ": " : "",
			    errno && strncmp(why, "cannot", 6) == 0 ? strerror(errno) : "");
		sodium_memzero(s->sk, sizeof(s->sk));
		return -1;
	}
	memcpy(s->pk, s->sk + 32, KEY_BYTES);
	hex_encode(s->pk, KEY_BYTES, hex);
	if (asprintf(&s->counter_path, "%s/counter-%.16s", home, hex) == -1) {
		s->counter_path = NULL;
		signer_close(s);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	return 0;
}

uint64_t
counter_next(uint64_t last, uint64_t now_us)
{
	return now_us > last ? now_us : last + 1;
}

int
signer_next(struct signer *s, uint64_t *counter, char *err, size_t errlen)
{
	struct timespec	 ts;
	char		 buf[32], dir[4096], *end, *slash;
	uint64_t	 last = 0, now;
	ssize_t		 n;
	int		 fd, rc = -1;

	snprintf(dir, sizeof(dir), "%s", s->counter_path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (client_mkdir(dir, err, errlen) == -1)
			return -1;
	}
	if ((fd = open(s->counter_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		snprintf(err, errlen, _("cannot open %s: %s"), s->counter_path, strerror(errno));
		return -1;
	}
	/* Two commands at once with one key must still get distinct, rising counters. */
	if (flock(fd, LOCK_EX) == -1 || (n = pread(fd, buf, sizeof(buf) - 1, 0)) == -1) {
		snprintf(err, errlen, _("cannot read %s: %s"), s->counter_path, strerror(errno));
		goto done;
	}
	buf[n] = '\0';
	if (n > 0) {
		errno = 0;
		last = strtoull(buf, &end, 10);
		if (errno || end == buf || (*end != '\n' && *end != '\0')) {
			snprintf(err, errlen, _("%s is damaged (it should hold one number): "
			    "remove it and try again"), s->counter_path);
			goto done;
		}
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	*counter = counter_next(last, now);
	n = snprintf(buf, sizeof(buf), "%" PRIu64 "\n", *counter);
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n || fsync(fd) == -1) {
		snprintf(err, errlen, _("cannot write %s: %s"), s->counter_path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	close(fd);
	return rc;
}

void
signer_close(struct signer *s)
{
	sodium_memzero(s->sk, sizeof(s->sk));
	free(s->counter_path);
	s->counter_path = NULL;
}
