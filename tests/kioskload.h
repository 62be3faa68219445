/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kioskload.h — kiosk sessions for the tests that push ballots at a real dorpsstemd: the
 * ingest benchmark (tests/bench/ingest.c) and the crash-and-race test
 * (tests/integration/crash.c). Every file there is its own program, so this is a header of
 * static functions rather than a library.
 *
 *   kl_daemon_*   start the real build/dorpsstemd on a private config (-d, stderr to a log
 *                 file), kill -9 it, stop it; it dies with us (PR_SET_PDEATHSIG, and a
 *                 signal handler) so no daemon outlives a failed test
 *   kl_open/kl_call/kl_kiosk_login/kl_creds_register
 *                 one blocking session (UNIX socket or pinned TLS), one request at a time,
 *                 organiser signatures with rising counters
 *   kl_ballot_make
 *                 a signed BALLOT_CAST frame, ready to send, and its hash
 *   kl_load_*     the load engine: many non-blocking TLS kiosk sessions in one thread
 *                 (epoll), each logged in as a kiosk and casting pre-signed ballots back
 *                 to back, `depth` in flight; it records per ballot when it was sent, when
 *                 the answer came and what it was (receipt or refusal), for the caller to
 *                 check and measure. Signing is never done in here: the timed phase is
 *                 TLS I/O only.
 *
 * The protocol is docs/protocol.md; the kiosk's side of it is client/cmd_voting.c.
 */
#ifndef KIOSKLOAD_H
#define KIOSKLOAD_H

#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "ballot.h"
#include "code.h"
#include "frame.h"
#include "key.h"
#include "msg.h"

/* Each includer uses a different subset; unused ones must not break -Werror. */
#define KL_FN		static __attribute__((unused))

#define KL_TIMEOUT_MS	15000		/* a blocking request that takes longer has failed */
#define KL_DEPTH_MAX	64		/* ballots in flight per connection, at most */
#define KL_RID_HELLO	0x7fff0001u	/* request ids of the session set-up; ballots use */
#define KL_RID_CHALLENGE 0x7fff0002u	/* their index + 1, below these */
#define KL_RID_LOGIN	0x7fff0003u

/* ---- small things ------------------------------------------------------------------- */

KL_FN uint64_t
kl_now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

KL_FN void *
kl_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL) {
		fprintf(stderr, "out of memory (%zu × %zu bytes)\n", n, size);
		exit(2);
	}
	return p;
}

/* CPU seconds (user + system) a process has used so far; -1 if it cannot be read. */
KL_FN double
kl_proc_cpu(pid_t pid)
{
	char			 path[64], buf[2048], *p;
	unsigned long long	 ut, st;
	ssize_t			 n;
	int			 fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and ')': fields count from the last ')'. Fields 14
	 * and 15 (utime, stime) are the 12th and 13th after it. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) !=
	    2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); -1 if absent. */
KL_FN long
kl_proc_kib(pid_t pid, const char *field)
{
	char	 path[64], line[256];
	size_t	 fl = strlen(field);
	long	 v = -1;
	FILE	*f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
			v = strtol(line + fl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* ---- the daemon under test ---------------------------------------------------------------- */

struct kl_daemon {
	const char	*bin;		/* build/dorpsstemd */
	const char	*conf;		/* its config file */
	const char	*log;		/* stderr is appended here */
	const char	*sock;		/* its control socket, to know when it is up */
	pid_t		 pid;		/* 0: not running */
};

/* The running daemon, for the exit and signal paths. */
static pid_t kl_daemon_pid __attribute__((unused));
static volatile sig_atomic_t kl_interrupted __attribute__((unused));

KL_FN void
kl_daemon_reap(void)
{
	if (kl_daemon_pid > 0) {
		kill(kl_daemon_pid, SIGKILL);
		waitpid(kl_daemon_pid, NULL, 0);
		kl_daemon_pid = 0;
	}
}

/* A signal kills the daemon at once (async-signal-safe) and sets a flag; the daemon's death
 * makes every wait fail, so the program unwinds through its normal cleanup. */
KL_FN void
kl_on_signal(int sig)
{
	(void)sig;
	kl_interrupted = 1;
	if (kl_daemon_pid > 0)
		kill(kl_daemon_pid, SIGKILL);
}

KL_FN void
kl_cleanup_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kl_on_signal;	/* no SA_RESTART: waits return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(kl_daemon_reap);
}

KL_FN int kl_daemon_up(const char *sock);

/* Starts the daemon and waits until its control socket answers HELLO. 0, or -1 with a
 * sentence in err (the daemon's own reasons are in its log). */
KL_FN int
kl_daemon_start(struct kl_daemon *d, char *err, size_t errlen)
{
	uint64_t	t0 = kl_now_ns();
	pid_t		pid;
	int		fd, st;

	/* A daemon already answering there would pass for the new one. */
	if (kl_daemon_up(d->sock) == 0) {
		snprintf(err, errlen, "a daemon is already running on %s", d->sock);
		return -1;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if ((fd = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0644)) != -1)
			dup2(fd, 2);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		execl(d->bin, d->bin, "-d", "-f", d->conf, (char *)NULL);
		dprintf(2, "exec %s: %s\n", d->bin, strerror(errno));
		_exit(127);
	}
	d->pid = kl_daemon_pid = pid;
	while (kl_now_ns() - t0 < 20ull * 1000000000u && !kl_interrupted) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			d->pid = kl_daemon_pid = 0;
			snprintf(err, errlen, "%s exited at start (status %d; see %s)", d->bin, st,
			    d->log);
			return -1;
		}
		if (kl_daemon_up(d->sock) == 0)
			return 0;
		usleep(20000);
	}
	snprintf(err, errlen, "%s did not answer on %s within 20 s", d->bin, d->sock);
	return -1;
}

KL_FN void
kl_daemon_kill9(struct kl_daemon *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGKILL);
		waitpid(d->pid, NULL, 0);
	}
	d->pid = kl_daemon_pid = 0;
}

/* SIGTERM and wait: the exit status (-1 if it did not exit normally). */
KL_FN int
kl_daemon_stop(struct kl_daemon *d)
{
	int st = 0;

	if (d->pid <= 0)
		return -1;
	kill(d->pid, SIGTERM);
	if (waitpid(d->pid, &st, 0) != d->pid)
		st = -1;
	d->pid = kl_daemon_pid = 0;
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- one blocking session --------------------------------------------------------------- */

struct kl_conn {
	int		 fd;
	SSL		*ssl;		/* NULL on the UNIX socket */
	uint8_t		 daemon_key[KEY_BYTES];
	uint32_t	 reqid;
	uint16_t	 code;		/* the last ERROR's code */
	char		 err[512];	/* why the last call failed */
};

/* An organiser key and its request counter (µs of the real clock, always rising). */
struct kl_org {
	uint8_t		 sk[64];
	uint64_t	 counter;
};

struct kl_msg {
	uint8_t		*payload;	/* malloc'ed; body points into it */
	uint16_t	 type;
	uint32_t	 reqid;
	const uint8_t	*body;
	size_t		 bodylen;
};

KL_FN SSL_CTX *
kl_tls_ctx(void)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	/* No CA: the daemon's self-signed certificate is pinned by its fingerprint (kl_pin). */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
	    SSL_MODE_RELEASE_BUFFERS);
	return ctx;
}

/* 0 if the peer's certificate has fingerprint pin ("SHA256:hex"); NULL pin: anything. */
KL_FN int
kl_pin(SSL *ssl, const char *pin)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	char		 fp[8 + 2 * EVP_MAX_MD_SIZE + 1];
	X509		*x;

	if (pin == NULL || *pin == '\0')
		return 0;
	if ((x = SSL_get0_peer_certificate(ssl)) == NULL ||
	    X509_digest(x, EVP_sha256(), md, &mdlen) != 1)
		return -1;
	memcpy(fp, "SHA256:", 7);
	hex_encode(md, mdlen, fp + 7);
	return strcmp(fp, pin) == 0 ? 0 : -1;
}

KL_FN int
kl_unix_socket(const char *path, int nonblock)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
	    0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 &&
	    !(nonblock && errno == EINPROGRESS)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* TCP to a numeric host and port; with nonblock the connect may still be in progress. */
KL_FN int
kl_tcp_socket(const char *host, const char *port, int nonblock)
{
	struct addrinfo	 hints, *res;
	int		 fd, on = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(host, port, &hints, &res) != 0) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
	    0);
	if (fd != -1) {
		/* Frames are small and each waits for its answer: no Nagle delay. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		if (connect(fd, res->ai_addr, res->ai_addrlen) == -1 &&
		    !(nonblock && errno == EINPROGRESS)) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

KL_FN int
kl_write_all(struct kl_conn *c, const void *buf, size_t n)
{
	const uint8_t	*p = buf;
	ssize_t		 w;
	int		 r;

	while (n > 0) {
		if (c->ssl) {
			if ((r = SSL_write(c->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n)) <= 0) {
				snprintf(c->err, sizeof(c->err), "TLS write failed");
				return -1;
			}
			w = r;
		} else if ((w = send(c->fd, p, n, MSG_NOSIGNAL)) <= 0) {
			if (w < 0 && errno == EINTR && !kl_interrupted)
				continue;
			snprintf(c->err, sizeof(c->err), "write: %s", strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

KL_FN int
kl_read_all(struct kl_conn *c, void *buf, size_t n)
{
	uint8_t	*p = buf;
	ssize_t	 r;
	int	 k;

	while (n > 0) {
		if (c->ssl) {
			if ((k = SSL_read(c->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n)) <= 0) {
				snprintf(c->err, sizeof(c->err), "connection closed or timed out "
				    "(TLS)");
				return -1;
			}
			r = k;
		} else if ((r = recv(c->fd, p, n, 0)) <= 0) {
			if (r < 0 && errno == EINTR && !kl_interrupted)
				continue;
			snprintf(c->err, sizeof(c->err), "%s", r == 0 ? "connection closed" :
			    strerror(errno));
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

KL_FN void
kl_msg_free(struct kl_msg *m)
{
	free(m->payload);
	memset(m, 0, sizeof(*m));
}

/* Reads one frame. 0, or -1 (closed, timed out, bad length). */
KL_FN int
kl_recv(struct kl_conn *c, struct kl_msg *m)
{
	struct msg_in	mi;
	uint8_t		hdr[FRAME_HDR];
	long		n;

	memset(m, 0, sizeof(*m));
	if (kl_read_all(c, hdr, sizeof(hdr)) != 0)
		return -1;
	if ((n = frame_length(hdr)) < 0) {
		snprintf(c->err, sizeof(c->err), "frame length out of range from the daemon");
		return -1;
	}
	m->payload = kl_calloc(1, (size_t)n);
	if (kl_read_all(c, m->payload, (size_t)n) != 0 ||
	    msg_split(m->payload, (size_t)n, 0, &mi) != 0) {
		kl_msg_free(m);
		return -1;
	}
	m->type = mi.type;
	m->reqid = mi.reqid;
	m->body = mi.body;
	m->bodylen = mi.bodylen;
	return 0;
}

KL_FN uint64_t
kl_org_counter(struct kl_org *o)
{
	struct timespec	t;
	uint64_t	now;

	clock_gettime(CLOCK_REALTIME, &t);
	now = (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
	o->counter = now > o->counter ? now : o->counter + 1;
	return o->counter;
}

/* Sends one request (signed by o when given); its request id in *reqid. */
KL_FN int
kl_send(struct kl_conn *c, uint16_t type, const void *rec, struct kl_org *o, uint32_t *reqid)
{
	const struct msg_desc	*desc = msg_lookup(type);
	struct wbuf		 b;
	int			 rc;

	if (desc == NULL) {
		snprintf(c->err, sizeof(c->err), "unknown message type 0x%04x", type);
		return -1;
	}
	*reqid = ++c->reqid;
	wbuf_init(&b);
	if (o)
		frame_put_signed(&b, type, *reqid, desc->schema, rec, c->daemon_key, o->sk,
		    kl_org_counter(o));
	else
		frame_put(&b, type, *reqid, desc->schema, rec);
	rc = b.oom ? -1 : kl_write_all(c, b.p, b.len);
	wbuf_free(&b);
	return rc;
}

/* Reads the reply to reqid: 0 and reply decoded (schema of want; reply may be NULL to
 * ignore it), the daemon's error code (> 0, message in c->err), or -1. */
KL_FN int
kl_reply(struct kl_conn *c, uint32_t reqid, uint16_t want, void *reply)
{
	const struct msg_desc	*desc = msg_lookup(want);
	struct msg_error	 e;
	struct kl_msg		 m;
	const char		*field = NULL;
	int			 rc = -1;

	c->code = 0;
	if (kl_recv(c, &m) != 0)
		return -1;
	if (m.reqid != reqid)
		snprintf(c->err, sizeof(c->err), "reply for request %u, expected %u", m.reqid,
		    reqid);
	else if (m.type == MSG_ERROR) {
		if (wire_decode_all(m.body, m.bodylen, &schema_error, &e, NULL) == 0) {
			c->code = e.code;
			snprintf(c->err, sizeof(c->err), "error %u: %s%s%s", e.code, e.field,
			    *e.field ? ": " : "", e.message);
			wire_free(&schema_error, &e);
			rc = c->code ? c->code : -1;
		} else
			snprintf(c->err, sizeof(c->err), "an ERROR reply that does not decode");
	} else if (m.type != want || desc == NULL)
		snprintf(c->err, sizeof(c->err), "reply type 0x%04x, expected 0x%04x", m.type,
		    want);
	else if (reply && (rc = wire_decode_all(m.body, m.bodylen, desc->schema, reply,
	    &field)) != 0) {
		snprintf(c->err, sizeof(c->err), "reply does not decode: %s: %s", field ? field :
		    "", wire_strerror(rc));
		rc = -1;
	} else
		rc = 0;
	kl_msg_free(&m);
	return rc;
}

/* One request, one reply (the reply type is the request's, from msg.h). */
KL_FN int
kl_call(struct kl_conn *c, uint16_t type, const void *rec, struct kl_org *o, void *reply)
{
	const struct msg_desc	*desc = msg_lookup(type);
	uint32_t		 reqid;

	if (desc == NULL || kl_send(c, type, rec, o, &reqid) != 0)
		return -1;
	return kl_reply(c, reqid, desc->reply, reply);
}

KL_FN void
kl_close(struct kl_conn *c)
{
	if (c->ssl) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* Connects (UNIX socket if sock, else TLS to host:port, pinned to pin when given) and says
 * HELLO. 0, or -1 with c->err; c is then safe to kl_close. */
KL_FN int
kl_open(struct kl_conn *c, const char *sock, SSL_CTX *ctx, const char *host, const char *port,
    const char *pin)
{
	struct hello	h = { PROTO_VERSION, PROTO_VERSION, (char *)(uintptr_t)"kioskload" };
	struct welcome	w;
	struct timeval	tv = { KL_TIMEOUT_MS / 1000, 0 };
	int		rc;

	memset(c, 0, sizeof(*c));
	c->fd = sock ? kl_unix_socket(sock, 0) : kl_tcp_socket(host, port, 0);
	if (c->fd == -1) {
		snprintf(c->err, sizeof(c->err), "connect %s%s%s: %s", sock ? sock : host,
		    sock ? "" : ":", sock ? "" : port, strerror(errno));
		return -1;
	}
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (!sock) {
		if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
		    SSL_connect(c->ssl) != 1) {
			snprintf(c->err, sizeof(c->err), "TLS handshake with %s:%s failed",
			    host ? host : "?", port ? port : "?");
			ERR_clear_error();
			return -1;
		}
		if (kl_pin(c->ssl, pin) != 0) {
			snprintf(c->err, sizeof(c->err), "the daemon's certificate is not %s",
			    pin ? pin : "?");
			return -1;
		}
	}
	if ((rc = kl_call(c, MSG_HELLO, &h, NULL, &w)) != 0)
		return -1;
	memcpy(c->daemon_key, w.daemon_key, KEY_BYTES);
	wire_free(&schema_welcome, &w);
	return 0;
}

KL_FN int
kl_daemon_up(const char *sock)
{
	struct kl_conn	c;
	int		rc = kl_open(&c, sock, NULL, NULL, NULL, NULL);

	kl_close(&c);
	return rc;
}

/* KIOSK_CHALLENGE then KIOSK_LOGIN with kiosk_sk; the kiosk id in *id. 0, the daemon's
 * error code, or -1. */
KL_FN int
kl_kiosk_login(struct kl_conn *c, const uint8_t kiosk_sk[64], uint32_t *id)
{
	struct challenge	ch;
	struct kiosk_login	kl;
	struct kiosk		k;
	int			rc;

	if ((rc = kl_call(c, MSG_KIOSK_CHALLENGE, NULL, NULL, &ch)) != 0)
		return rc;
	memcpy(kl.key, kiosk_sk + 32, KEY_BYTES);
	kiosk_login_sign(c->daemon_key, ch.nonce, kiosk_sk, kl.sig);
	if ((rc = kl_call(c, MSG_KIOSK_LOGIN, &kl, NULL, &k)) != 0)
		return rc;
	if (id)
		*id = k.id;
	wire_free(&schema_kiosk, &k);
	return 0;
}

/* ---- organiser set-up ---------------------------------------------------------------- */

/* VILLAGE_ADD; its id in *id. 0, the error code, or -1. */
KL_FN int
kl_village_add(struct kl_conn *c, struct kl_org *o, const char *name, uint32_t *id)
{
	struct village	v = { 0, (char *)(uintptr_t)name, 0 };
	struct done	d;
	int		rc;

	if ((rc = kl_call(c, MSG_VILLAGE_ADD, &v, o, &d)) == 0)
		*id = d.id;
	return rc;
}

/* A draft approval round of village with ninit admitted initiatives (ids ascending in
 * ids[]), at most max_choices of them on a ballot (0: any), counted by greedy. */
KL_FN int
kl_round_setup(struct kl_conn *c, struct kl_org *o, uint32_t village, const char *name,
    size_t ninit, uint32_t max_choices, uint32_t *round, uint32_t *ids)
{
	struct round		r;
	struct initiative	in;
	struct ref		ref;
	struct done		d;
	char			title[64];
	size_t			i;
	int			rc;

	memset(&r, 0, sizeof(r));
	r.village = village;
	r.name = (char *)(uintptr_t)name;
	r.ballot = BALLOT_APPROVAL;
	r.budget = 5000000;		/* € 50.000 */
	r.min_choices = 1;
	r.max_choices = max_choices;
	r.rule = (char *)(uintptr_t)"greedy";
	r.tie_break = (char *)(uintptr_t)"cost-votes";
	if ((rc = kl_call(c, MSG_ROUND_CREATE, &r, o, &d)) != 0)
		return rc;
	*round = d.id;
	for (i = 0; i < ninit; i++) {
		memset(&in, 0, sizeof(in));
		snprintf(title, sizeof(title), "Initiatief %zu", i + 1);
		in.round = *round;
		in.title = title;
		in.summary = (char *)(uintptr_t)"Een voorstel voor het dorp.";
		in.cost = 100000 + 75000 * (uint64_t)i;	/* € 1.000, € 1.750, … */
		in.proposer = (char *)(uintptr_t)"Dorpsraad";
		in.category = (char *)(uintptr_t)"";
		if ((rc = kl_call(c, MSG_INITIATIVE_ADD, &in, o, &d)) != 0)
			return rc;
		ids[i] = ref.id = d.id;
		if ((rc = kl_call(c, MSG_INITIATIVE_ADMIT, &ref, o, &d)) != 0)
			return rc;
	}
	return 0;
}

/* A ledger's public head (EVENT_LIST): the last event's seq and hash; 0 and zeros when
 * empty. All of ledger 0 and of a draft round are public. */
KL_FN int
kl_ledger_head(struct kl_conn *c, uint32_t round, uint64_t *seq, uint8_t head[HASH_BYTES])
{
	struct event_page_req	q;
	struct event_page	pg;
	struct event		*last;
	struct wbuf		b;
	int			rc;

	memset(&q, 0, sizeof(q));
	q.round = round;
	*seq = 0;
	memset(head, 0, HASH_BYTES);
	for (;;) {
		if ((rc = kl_call(c, MSG_EVENT_LIST, &q, NULL, &pg)) != 0)
			return rc;
		if (pg.events.n > 0) {
			last = (struct event *)pg.events.items + pg.events.n - 1;
			*seq = q.after = last->seq;
			wbuf_init(&b);
			wire_encode(&b, &schema_event, last);
			crypto_generichash(head, HASH_BYTES, b.p, b.len, NULL, 0);
			wbuf_free(&b);
		}
		rc = pg.more && pg.events.n > 0;
		wire_free(&schema_event_page, &pg);
		if (!rc)
			return 0;
	}
}

/* Signed request on a REF (round close, kiosk retire, …); a round open names the ledger
 * heads it opens on (docs/audit.md §3.3). */
KL_FN int
kl_ref_call(struct kl_conn *c, struct kl_org *o, uint16_t type, uint32_t id)
{
	struct ref		ref = { id };
	struct round_open	ro;
	struct done		d;
	int			rc;

	memset(&ro, 0, sizeof(ro));
	ro.id = id;
	if (type == MSG_ROUND_CLOSE) {
		if ((rc = kl_ledger_head(c, 0, &ro.village_events, ro.village_head)) != 0)
			return rc;
		return kl_call(c, type, &ro, o, &d);
	}
	if (type != MSG_ROUND_OPEN)
		return kl_call(c, type, &ref, o, &d);
	if ((rc = kl_ledger_head(c, id, &ro.events, ro.head)) != 0 ||
	    (rc = kl_ledger_head(c, 0, &ro.village_events, ro.village_head)) != 0)
		return rc;
	return kl_call(c, type, &ro, o, &d);
}

/* A fresh kiosk key (into sk) enrolled for village; its id in *id. */
KL_FN int
kl_kiosk_enroll(struct kl_conn *c, struct kl_org *o, uint32_t village, const char *name,
    uint8_t sk[64], uint32_t *id)
{
	struct kiosk	k;
	struct done	d;
	int		rc;

	memset(&k, 0, sizeof(k));
	crypto_sign_keypair(k.key, sk);
	k.village = village;
	k.name = (char *)(uintptr_t)name;
	if ((rc = kl_call(c, MSG_KIOSK_ENROLL, &k, o, &d)) == 0)
		*id = d.id;
	return rc;
}

/* ROUND_SHOW's counters. */
KL_FN int
kl_round_counts(struct kl_conn *c, uint32_t round, uint64_t *ballots, uint32_t *used,
    uint32_t *registered)
{
	struct ref		ref = { round };
	struct round_info	ri;
	int			rc;

	if ((rc = kl_call(c, MSG_ROUND_SHOW, &ref, NULL, &ri)) != 0)
		return rc;
	*ballots = ri.ballots;
	if (used)
		*used = ri.used;
	if (registered)
		*registered = ri.registered;
	wire_free(&schema_round_info, &ri);
	return 0;
}

/* BALLOT_STATUS: 0 (stored; the receipt in kb if given), ERRC_NOTFOUND, or the error. */
KL_FN int
kl_ballot_status(struct kl_conn *c, uint32_t round, const uint8_t hash[HASH_BYTES],
    struct receipt *r)
{
	struct ballot_query	q;
	struct receipt		tmp;
	int			rc;

	q.round = round;
	memcpy(q.hash, hash, HASH_BYTES);
	rc = kl_call(c, MSG_BALLOT_STATUS, &q, NULL, r ? r : &tmp);
	if (rc == 0 && r == NULL)
		wire_free(&schema_receipt, &tmp);
	return rc;
}

/* ---- credentials and ballots ---------------------------------------------------------- */

struct kl_cred {
	uint8_t		 pk[KEY_BYTES];
	uint8_t		 sk[64];
};

/* Fresh voting codes and the credentials they derive, as `codes generate` makes them. */
KL_FN void
kl_creds_make(uint32_t round, struct kl_cred *cr, size_t n)
{
	char	norm[CODE_NORM_LEN + 1];
	size_t	i;

	for (i = 0; i < n; i++) {
		code_generate(norm);
		code_derive(round, norm, cr[i].pk, cr[i].sk);
	}
	sodium_memzero(norm, sizeof(norm));
}

/* CREDENTIALS_REGISTER in requests of at most CREDENTIALS_PER_REQUEST keys. */
KL_FN int
kl_creds_register(struct kl_conn *c, struct kl_org *o, uint32_t round, const struct kl_cred *cr,
    size_t n)
{
	struct credential_batch	 b;
	struct credential_key	*keys;
	size_t			 at, i, chunk;
	int			 rc = 0;

	keys = kl_calloc(n < CREDENTIALS_PER_REQUEST ? n : CREDENTIALS_PER_REQUEST,
	    sizeof(*keys));
	b.round = round;
	for (at = 0; at < n && rc == 0; at += chunk) {
		chunk = n - at < CREDENTIALS_PER_REQUEST ? n - at : CREDENTIALS_PER_REQUEST;
		for (i = 0; i < chunk; i++)
			memcpy(keys[i].key, cr[at + i].pk, KEY_BYTES);
		b.keys.items = keys;
		b.keys.n = (uint32_t)chunk;
		rc = kl_call(c, MSG_CREDENTIALS_REGISTER, &b, o, NULL);
	}
	free(keys);
	return rc;
}

enum kl_state { KL_UNSENT = 0, KL_SENT, KL_ACKED, KL_REFUSED };

/* One pre-signed ballot and what became of it. */
struct kl_ballot {
	uint8_t		*frame;		/* the whole BALLOT_CAST frame */
	uint32_t	 len;
	uint32_t	 reqid;		/* in the frame: the ballot's index + 1 */
	uint32_t	 kiosk;		/* index in the load's kiosk table */
	uint32_t	 cred;		/* index in the caller's credential table */
	uint8_t		 hash[HASH_BYTES];
	uint8_t		 state;		/* enum kl_state */
	uint16_t	 code;		/* KL_REFUSED: the error code */
	uint64_t	 t_sent, t_done;	/* kl_now_ns() */
	uint8_t		 rhash[HASH_BYTES];	/* KL_ACKED: the receipt */
	uint8_t		 rsig[SIG_BYTES];
	char		 rcode[RECEIPT_TEXT_MAX];
};

#define KL_BAD_VOTER_SIG	0x01	/* flip a bit of the voter's signature */
#define KL_BAD_KIOSK_SIG	0x02	/* … of the kiosk's */

/* Builds and signs a ballot as a kiosk does (cmd_vote): choices must be in ascending
 * initiative id. Fills frame, len, reqid, hash; frees an earlier frame. 0 or -1. */
KL_FN int
kl_ballot_make(struct kl_ballot *kb, uint32_t reqid, uint32_t round, uint32_t kiosk_id,
    const uint8_t kiosk_sk[64], const struct kl_cred *cr, struct choice *ch, size_t nch,
    int flags)
{
	struct ballot	b;
	struct wbuf	w;

	memset(&b, 0, sizeof(b));
	b.round = round;
	b.kiosk = kiosk_id;
	memcpy(b.credential, cr->pk, KEY_BYTES);
	b.choices.items = ch;
	b.choices.n = (uint32_t)nch;
	randombytes_buf(b.nonce, sizeof(b.nonce));
	if (ballot_sign(&b, cr->sk, kiosk_sk) != 0)
		return -1;
	if (flags & KL_BAD_VOTER_SIG)
		b.voter_sig[5] ^= 0x20;
	if (flags & KL_BAD_KIOSK_SIG)
		b.kiosk_sig[9] ^= 0x04;
	if (ballot_hash(&b, kb->hash) != 0)
		return -1;
	wbuf_init(&w);
	frame_put(&w, MSG_BALLOT_CAST, reqid, &schema_ballot, &b);
	if (w.oom) {
		wbuf_free(&w);
		return -1;
	}
	free(kb->frame);
	kb->frame = w.p;
	kb->len = (uint32_t)w.len;
	kb->reqid = reqid;
	kb->state = KL_UNSENT;
	return 0;
}

/* Reads a RECEIPT payload body into kb; 0 if it decodes. */
KL_FN int
kl_receipt_take(struct kl_ballot *kb, const uint8_t *body, size_t len)
{
	struct receipt r;

	if (wire_decode_all(body, len, &schema_receipt, &r, NULL) != 0)
		return -1;
	memcpy(kb->rhash, r.hash, HASH_BYTES);
	memcpy(kb->rsig, r.sig, SIG_BYTES);
	snprintf(kb->rcode, sizeof(kb->rcode), "%s", r.code);
	wire_free(&schema_receipt, &r);
	return 0;
}

/* 0 if kb's receipt is the daemon's signature over kb's own hash, with the right code. */
KL_FN int
kl_receipt_check(const struct kl_ballot *kb, uint32_t round, const uint8_t daemon_key[KEY_BYTES])
{
	char code[RECEIPT_TEXT_MAX];

	if (memcmp(kb->rhash, kb->hash, HASH_BYTES) != 0)
		return -1;
	receipt_code(kb->hash, code);
	if (strcmp(code, kb->rcode) != 0)
		return -1;
	return receipt_verify(round, kb->hash, daemon_key, kb->rsig) == 0 ? 0 : -1;
}

/* Sends a pre-made ballot frame on a blocking session (its answer: kl_cast_recv). */
KL_FN int
kl_cast_send(struct kl_conn *c, struct kl_ballot *kb)
{
	kb->t_sent = kl_now_ns();
	kb->state = KL_SENT;
	return kl_write_all(c, kb->frame, kb->len);
}

/* Reads the answer to kb: 0 (receipt, kept in kb), the error code, or -1. */
KL_FN int
kl_cast_recv(struct kl_conn *c, struct kl_ballot *kb)
{
	struct kl_msg		m;
	struct msg_error	e;
	int			rc = -1;

	c->code = 0;
	if (kl_recv(c, &m) != 0)
		return -1;
	kb->t_done = kl_now_ns();
	if (m.reqid != kb->reqid)
		snprintf(c->err, sizeof(c->err), "reply for request %u, expected %u", m.reqid,
		    kb->reqid);
	else if (m.type == MSG_RECEIPT && kl_receipt_take(kb, m.body, m.bodylen) == 0) {
		kb->state = KL_ACKED;
		rc = 0;
	} else if (m.type == MSG_ERROR &&
	    wire_decode_all(m.body, m.bodylen, &schema_error, &e, NULL) == 0) {
		kb->state = KL_REFUSED;
		kb->code = c->code = e.code;
		snprintf(c->err, sizeof(c->err), "error %u: %s", e.code, e.message);
		wire_free(&schema_error, &e);
		rc = kb->code ? kb->code : -1;
	} else
		snprintf(c->err, sizeof(c->err), "unexpected reply 0x%04x to a ballot", m.type);
	kl_msg_free(&m);
	return rc;
}

/* Both: one ballot, one answer. */
KL_FN int
kl_cast(struct kl_conn *c, struct kl_ballot *kb)
{
	if (kl_cast_send(c, kb) != 0)
		return -1;
	return kl_cast_recv(c, kb);
}

/* ---- the load engine ----------------------------------------------------------------- */

enum kl_ec_state {
	EC_IDLE = 0, EC_CONNECTING, EC_HANDSHAKE, EC_WELCOME, EC_CHALLENGE, EC_LOGIN, EC_READY,
	EC_DEAD
};

struct kl_econn {
	int		 fd;
	SSL		*ssl;
	int		 state;		/* enum kl_ec_state */
	uint32_t	 kiosk;		/* index in the kiosk table */
	uint8_t		*in;		/* received, not yet parsed */
	size_t		 inlen, incap;
	uint8_t		*out;		/* to send */
	size_t		 outlen, outcap;
	size_t		 retry;		/* length of an SSL_write to repeat, else 0 */
	uint32_t	 q[KL_DEPTH_MAX];	/* ballots in flight, oldest first */
	int		 qh, qn;
	uint32_t	 events;	/* epoll interest */
};

struct kl_load {
	/* set by the caller */
	SSL_CTX		*ctx;		/* TLS to host:port; NULL: the UNIX socket sock */
	const char	*host, *port, *sock;
	const char	*pin;		/* the daemon's certificate fingerprint, or NULL */
	size_t		 nconn;
	int		 depth;		/* ballots in flight per connection, 1..KL_DEPTH_MAX */
	int		 login;		/* 0: HELLO only (idle connections) */
	const uint8_t	(*kiosk_sk)[64];	/* connection i logs in as kiosk i % nkiosk */
	size_t		 nkiosk;
	struct kl_ballot *b;		/* ballot j goes out on a connection of kiosk b[j].kiosk */
	size_t		 nb;
	double		 seconds;	/* kl_load_run stops sending after this; 0: no limit */
	/* Called after each answer to a ballot; nonzero: send no more. */
	int		(*on_answer)(struct kl_load *, struct kl_ballot *);
	void		*arg;
	/* state and results */
	struct kl_econn	*c;
	int		 ep;
	size_t		*next;		/* per kiosk: where to look for its next ballot */
	uint8_t		 daemon_key[KEY_BYTES];
	int		 have_key;
	size_t		 connecting;	/* connections between connect() and READY */
	size_t		 opened;	/* connections started */
	size_t		 ready, dead;
	size_t		 sent, acked, refused, inflight;
	size_t		 misordered, garbled;	/* protocol faults seen */
	int		 stop;		/* no more ballots */
	uint64_t	 t0, t1;	/* the sending phase */
	uint64_t	 last_progress;
	char		 err[256];
};

KL_FN void
kl_ec_want(struct kl_load *ld, struct kl_econn *c, uint32_t ev)
{
	struct epoll_event e;

	if (c->fd < 0 || ev == c->events)
		return;
	memset(&e, 0, sizeof(e));
	e.events = ev;
	e.data.ptr = c;
	if (epoll_ctl(ld->ep, EPOLL_CTL_MOD, c->fd, &e) == 0)
		c->events = ev;
}

KL_FN void
kl_ec_kill(struct kl_load *ld, struct kl_econn *c)
{
	if (c->state == EC_DEAD)
		return;
	if (c->state != EC_READY && c->state != EC_IDLE)
		ld->connecting--;
	if (c->state == EC_READY)
		ld->ready--;
	/* Ballots in flight stay KL_SENT: nobody knows whether they were stored. */
	ld->inflight -= (size_t)c->qn;
	c->qn = 0;
	if (c->ssl)
		SSL_free(c->ssl);
	c->ssl = NULL;
	if (c->fd >= 0)
		close(c->fd);	/* also leaves the epoll set */
	c->fd = -1;
	free(c->in);
	free(c->out);
	c->in = c->out = NULL;
	c->inlen = c->incap = c->outlen = c->outcap = c->retry = 0;
	c->state = EC_DEAD;
	ld->dead++;
	ld->last_progress = kl_now_ns();
}

KL_FN void
kl_ec_append(struct kl_econn *c, const void *p, size_t n)
{
	if (c->outlen + n > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 1024;
		uint8_t *np;
		while (cap < c->outlen + n)
			cap *= 2;
		if ((np = realloc(c->out, cap)) == NULL) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		c->out = np;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, p, n);
	c->outlen += n;
}

KL_FN void
kl_ec_request(struct kl_econn *c, uint16_t type, uint32_t reqid, const void *rec)
{
	struct wbuf b;

	wbuf_init(&b);
	frame_put(&b, type, reqid, msg_lookup(type)->schema, rec);
	kl_ec_append(c, b.p, b.len);
	wbuf_free(&b);
}

/* The next unsent ballot of kiosk k, or (size_t)-1. */
KL_FN size_t
kl_next_ballot(struct kl_load *ld, uint32_t k)
{
	size_t i;

	for (i = ld->next[k]; i < ld->nb; i++)
		if (ld->b[i].kiosk == k && ld->b[i].state == KL_UNSENT) {
			ld->next[k] = i + 1;
			return i;
		}
	ld->next[k] = ld->nb;
	return (size_t)-1;
}

/* Tops the connection up to depth ballots in flight. */
KL_FN void
kl_ec_fill(struct kl_load *ld, struct kl_econn *c)
{
	size_t		 j;
	uint64_t	 now;

	while (!ld->stop && c->qn < ld->depth) {
		now = kl_now_ns();
		if (ld->seconds > 0 && (double)(now - ld->t0) / 1e9 >= ld->seconds) {
			ld->stop = 1;
			break;
		}
		if ((j = kl_next_ballot(ld, c->kiosk)) == (size_t)-1)
			break;
		kl_ec_append(c, ld->b[j].frame, ld->b[j].len);
		ld->b[j].state = KL_SENT;
		ld->b[j].t_sent = now;
		c->q[(c->qh + c->qn++) % KL_DEPTH_MAX] = (uint32_t)j;
		ld->sent++;
		ld->inflight++;
	}
}

/* Writes what it can; -1 if the connection broke. */
KL_FN int
kl_ec_flush(struct kl_load *ld, struct kl_econn *c)
{
	size_t	n;
	ssize_t	w;
	int	r, e;

	(void)ld;
	while (c->outlen > 0) {
		if (c->ssl) {
			/* A retried SSL_write must repeat the same length. */
			n = c->retry ? c->retry : c->outlen;
			if (n > INT32_MAX)
				n = INT32_MAX;
			ERR_clear_error();
			if ((r = SSL_write(c->ssl, c->out, (int)n)) <= 0) {
				e = SSL_get_error(c->ssl, r);
				if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) {
					c->retry = n;
					return 0;
				}
				return -1;
			}
			c->retry = 0;
			w = r;
		} else if ((w = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL)) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return 0;
			return -1;
		}
		memmove(c->out, c->out + w, c->outlen - (size_t)w);
		c->outlen -= (size_t)w;
	}
	return 0;
}

/* Handles one frame from the daemon; -1 breaks the connection. */
KL_FN int
kl_ec_frame(struct kl_load *ld, struct kl_econn *c, const uint8_t *p, size_t n)
{
	struct msg_in		 m;
	struct welcome		 w;
	struct challenge	 ch;
	struct kiosk_login	 kl;
	struct msg_error	 e;
	struct kl_ballot	*kb;
	uint32_t		 j;

	if (msg_split(p, n, 0, &m) != 0)
		return -1;
	switch (c->state) {
	case EC_WELCOME:
		if (m.type != MSG_WELCOME || m.reqid != KL_RID_HELLO ||
		    wire_decode_all(m.body, m.bodylen, &schema_welcome, &w, NULL) != 0)
			return -1;
		if (!ld->have_key) {
			memcpy(ld->daemon_key, w.daemon_key, KEY_BYTES);
			ld->have_key = 1;
		}
		wire_free(&schema_welcome, &w);
		if (ld->login) {
			kl_ec_request(c, MSG_KIOSK_CHALLENGE, KL_RID_CHALLENGE, NULL);
			c->state = EC_CHALLENGE;
			return 0;
		}
		break;
	case EC_CHALLENGE:
		if (m.type != MSG_CHALLENGE || m.reqid != KL_RID_CHALLENGE ||
		    wire_decode_all(m.body, m.bodylen, &schema_challenge, &ch, NULL) != 0)
			return -1;
		memcpy(kl.key, ld->kiosk_sk[c->kiosk] + 32, KEY_BYTES);
		kiosk_login_sign(ld->daemon_key, ch.nonce, ld->kiosk_sk[c->kiosk], kl.sig);
		kl_ec_request(c, MSG_KIOSK_LOGIN, KL_RID_LOGIN, &kl);
		c->state = EC_LOGIN;
		return 0;
	case EC_LOGIN:
		if (m.type != MSG_KIOSK_WELCOME || m.reqid != KL_RID_LOGIN) {
			if (m.type == MSG_ERROR && wire_decode_all(m.body, m.bodylen, &schema_error,
			    &e, NULL) == 0) {
				snprintf(ld->err, sizeof(ld->err), "kiosk login refused: %s",
				    e.message);
				wire_free(&schema_error, &e);
			}
			return -1;
		}
		break;
	case EC_READY:
		if (c->qn == 0 || m.reqid != ld->b[c->q[c->qh]].reqid) {
			ld->misordered++;	/* replies must come in request order */
			return -1;
		}
		j = c->q[c->qh];
		c->qh = (c->qh + 1) % KL_DEPTH_MAX;
		c->qn--;
		ld->inflight--;
		kb = &ld->b[j];
		kb->t_done = kl_now_ns();
		if (m.type == MSG_RECEIPT && kl_receipt_take(kb, m.body, m.bodylen) == 0) {
			kb->state = KL_ACKED;
			ld->acked++;
		} else if (m.type == MSG_ERROR && wire_decode_all(m.body, m.bodylen,
		    &schema_error, &e, NULL) == 0) {
			kb->state = KL_REFUSED;
			kb->code = e.code;
			wire_free(&schema_error, &e);
			ld->refused++;
		} else {
			ld->garbled++;
			return -1;
		}
		ld->last_progress = kb->t_done;
		if (ld->on_answer && ld->on_answer(ld, kb) != 0)
			ld->stop = 1;
		kl_ec_fill(ld, c);
		return 0;
	default:
		return -1;
	}
	c->state = EC_READY;
	ld->connecting--;
	ld->ready++;
	ld->last_progress = kl_now_ns();
	if (ld->t0 != 0)
		kl_ec_fill(ld, c);	/* joined while ballots are flowing */
	return 0;
}

/* Reads what there is and handles whole frames; -1 if the connection broke. */
KL_FN int
kl_ec_read(struct kl_load *ld, struct kl_econn *c)
{
	ssize_t	r;
	long	n;
	size_t	off;
	int	k, e;

	for (;;) {
		if (c->incap - c->inlen < 16384) {
			size_t cap = c->incap ? c->incap * 2 : 32768;
			uint8_t *np = realloc(c->in, cap);
			if (np == NULL) {
				fprintf(stderr, "out of memory\n");
				exit(2);
			}
			c->in = np;
			c->incap = cap;
		}
		if (c->ssl) {
			ERR_clear_error();
			if ((k = SSL_read(c->ssl, c->in + c->inlen, (int)(c->incap - c->inlen))) <=
			    0) {
				e = SSL_get_error(c->ssl, k);
				if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
					break;
				return -1;
			}
			r = k;
		} else if ((r = recv(c->fd, c->in + c->inlen, c->incap - c->inlen, 0)) <= 0) {
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				break;
			return -1;
		}
		c->inlen += (size_t)r;
	}
	off = 0;
	while (c->inlen - off >= FRAME_HDR) {
		if ((n = frame_length(c->in + off)) < 0)
			return -1;
		if (c->inlen - off < FRAME_HDR + (size_t)n)
			break;
		if (kl_ec_frame(ld, c, c->in + off + FRAME_HDR, (size_t)n) != 0)
			return -1;
		off += FRAME_HDR + (size_t)n;
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
	return 0;
}

KL_FN void
kl_ec_io(struct kl_load *ld, struct kl_econn *c, uint32_t ev)
{
	struct hello	h = { PROTO_VERSION, PROTO_VERSION, (char *)(uintptr_t)"kioskload" };
	socklen_t	len = sizeof(int);
	int		soerr = 0, r, e;

	if (c->state == EC_CONNECTING) {
		if (!(ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1 || soerr != 0) {
			snprintf(ld->err, sizeof(ld->err), "connect: %s", strerror(soerr));
			kl_ec_kill(ld, c);
			return;
		}
		if (c->ssl)
			c->state = EC_HANDSHAKE;
		else {
			kl_ec_request(c, MSG_HELLO, KL_RID_HELLO, &h);
			c->state = EC_WELCOME;
		}
	}
	if (c->state == EC_HANDSHAKE) {
		ERR_clear_error();
		if ((r = SSL_do_handshake(c->ssl)) != 1) {
			e = SSL_get_error(c->ssl, r);
			if (e == SSL_ERROR_WANT_READ)
				kl_ec_want(ld, c, EPOLLIN);
			else if (e == SSL_ERROR_WANT_WRITE)
				kl_ec_want(ld, c, EPOLLIN | EPOLLOUT);
			else {
				snprintf(ld->err, sizeof(ld->err), "TLS handshake failed");
				kl_ec_kill(ld, c);
			}
			return;
		}
		if (kl_pin(c->ssl, ld->pin) != 0) {
			snprintf(ld->err, sizeof(ld->err), "the daemon's certificate is not %s",
			    ld->pin);
			kl_ec_kill(ld, c);
			return;
		}
		kl_ec_request(c, MSG_HELLO, KL_RID_HELLO, &h);
		c->state = EC_WELCOME;
	}
	if (kl_ec_flush(ld, c) != 0 || kl_ec_read(ld, c) != 0 || kl_ec_flush(ld, c) != 0) {
		kl_ec_kill(ld, c);
		return;
	}
	kl_ec_want(ld, c, c->outlen > 0 ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

/* Starts connection c (non-blocking connect). */
KL_FN void
kl_ec_start(struct kl_load *ld, struct kl_econn *c)
{
	struct epoll_event e;

	ld->opened++;
	ld->connecting++;
	c->fd = ld->ctx ? kl_tcp_socket(ld->host, ld->port, 1) : kl_unix_socket(ld->sock, 1);
	if (c->fd == -1) {
		snprintf(ld->err, sizeof(ld->err), "connect: %s", strerror(errno));
		c->state = EC_CONNECTING;
		kl_ec_kill(ld, c);
		return;
	}
	if (ld->ctx && ((c->ssl = SSL_new(ld->ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1)) {
		snprintf(ld->err, sizeof(ld->err), "SSL_new failed");
		c->state = EC_CONNECTING;
		kl_ec_kill(ld, c);
		return;
	}
	if (c->ssl)
		SSL_set_connect_state(c->ssl);
	c->state = EC_CONNECTING;
	memset(&e, 0, sizeof(e));
	e.events = c->events = EPOLLIN | EPOLLOUT;
	e.data.ptr = c;
	if (epoll_ctl(ld->ep, EPOLL_CTL_ADD, c->fd, &e) == -1) {
		snprintf(ld->err, sizeof(ld->err), "epoll_ctl: %s", strerror(errno));
		kl_ec_kill(ld, c);
	}
}

/* Runs the loop until done(ld) says so; -1 when nothing moved for stall_s seconds or a
 * signal came. */
KL_FN int
kl_load_loop(struct kl_load *ld, int (*done)(struct kl_load *), double stall_s)
{
	struct epoll_event	ev[256];
	int			n, i;

	ld->last_progress = kl_now_ns();
	for (;;) {
		/* Keep at most 128 handshakes going: a burst of thousands of SYNs overflows the
		 * daemon's accept backlog and costs 1 s retransmits. */
		while (ld->opened < ld->nconn && ld->connecting < 128)
			kl_ec_start(ld, &ld->c[ld->opened]);
		if (done(ld))
			break;
		if (kl_interrupted) {
			snprintf(ld->err, sizeof(ld->err), "interrupted");
			return -1;
		}
		if ((double)(kl_now_ns() - ld->last_progress) / 1e9 > stall_s) {
			snprintf(ld->err, sizeof(ld->err), "no progress for %.0f s (%zu ready, %zu "
			    "dead, %zu in flight)", stall_s, ld->ready, ld->dead, ld->inflight);
			return -1;
		}
		if ((n = epoll_wait(ld->ep, ev, 256, 200)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(ld->err, sizeof(ld->err), "epoll_wait: %s", strerror(errno));
			return -1;
		}
		for (i = 0; i < n; i++)
			kl_ec_io(ld, ev[i].data.ptr, ev[i].events);
	}
	return 0;
}

KL_FN int
kl_load_opened(struct kl_load *ld)
{
	return ld->opened == ld->nconn && ld->connecting == 0;
}

/* Opens nconn sessions (TLS handshake, HELLO, and the kiosk login unless login is 0) and
 * waits for all of them. 0 if all are ready; -1 with ld->err otherwise (the ready ones stay
 * open either way). */
KL_FN int
kl_load_open(struct kl_load *ld)
{
	size_t i;

	if (ld->depth < 1)
		ld->depth = 1;
	if (ld->depth > KL_DEPTH_MAX)
		ld->depth = KL_DEPTH_MAX;
	if ((ld->ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		snprintf(ld->err, sizeof(ld->err), "epoll_create1: %s", strerror(errno));
		return -1;
	}
	ld->c = kl_calloc(ld->nconn, sizeof(*ld->c));
	ld->next = kl_calloc(ld->nkiosk ? ld->nkiosk : 1, sizeof(*ld->next));
	for (i = 0; i < ld->nconn; i++) {
		ld->c[i].fd = -1;
		ld->c[i].kiosk = ld->nkiosk ? (uint32_t)(i % ld->nkiosk) : 0;
	}
	if (kl_load_loop(ld, kl_load_opened, 30) != 0)
		return -1;
	return ld->dead == 0 ? 0 : -1;
}

KL_FN int
kl_load_finished(struct kl_load *ld)
{
	/* A connection is topped up after every answer, so with nothing in flight anywhere
	 * there is nothing left that a live connection could send. */
	return ld->ready == 0 || ld->inflight == 0;
}

/* Sends ballots on every ready connection until they are all answered (or the time limit,
 * or on_answer, says stop, or every connection is gone). 0, or -1 when it stalled. */
KL_FN int
kl_load_run(struct kl_load *ld)
{
	size_t	i;
	int	rc;

	ld->t0 = kl_now_ns();
	ld->stop = 0;
	for (i = 0; i < ld->nconn; i++)
		if (ld->c[i].state == EC_READY) {
			kl_ec_fill(ld, &ld->c[i]);
			if (kl_ec_flush(ld, &ld->c[i]) != 0)
				kl_ec_kill(ld, &ld->c[i]);
			else
				kl_ec_want(ld, &ld->c[i], ld->c[i].outlen ? EPOLLIN | EPOLLOUT :
				    EPOLLIN);
		}
	rc = kl_load_loop(ld, kl_load_finished, 30);
	ld->t1 = kl_now_ns();
	return rc;
}

KL_FN void
kl_load_close(struct kl_load *ld)
{
	size_t i;

	for (i = 0; ld->c && i < ld->nconn; i++)
		if (ld->c[i].state != EC_DEAD && ld->c[i].state != EC_IDLE)
			kl_ec_kill(ld, &ld->c[i]);
		else if (ld->c[i].state == EC_IDLE)
			ld->c[i].state = EC_DEAD;
	free(ld->c);
	free(ld->next);
	ld->c = NULL;
	ld->next = NULL;
	if (ld->ep >= 0)
		close(ld->ep);
	ld->ep = -1;
}

#endif
