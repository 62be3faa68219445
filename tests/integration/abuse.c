/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * abuse — hostile clients against the real dorpsstemd (issue 10; tests/integration/abuse.sh
 * runs every mode, each a bounded loop on loopback or the private socket).
 *
 *   abuse deadlines    trickling and silent clients before HELLO (TLS and the UNIX
 *                      socket), a started frame that stalls and one that trickles, a
 *                      pre-HELLO frame larger than any HELLO: each dropped in time
 *   abuse flood [-s S] 50 kiosks vote over TLS for S seconds alone, then S seconds while
 *                      1,000 hostile connections (trickling handshakes, silent ones, TLS
 *                      sessions sending most of a 1 MiB frame then a byte a second,
 *                      garbage TLS), each reconnecting once cut off, are held: the RSS, the
 *                      kiosks' p99 acknowledgement, refusals, order, and an organiser
 *                      who connects during the flood
 *   abuse kioskflood   one logged-in kiosk writes up to 300,000 bad-signature ballots and
 *                      reads nothing: the daemon's RSS stays under the cap, the others
 *                      are served, and every reply comes, in order
 *   abuse order        pipelined ballot-cast, status, broken ballot, … answered in order
 *   abuse checkpoint   CHECKPOINT_GET writes nothing; an unsigned or foreign-signed
 *                      CHECKPOINT_MAKE changes nothing; an organiser's is rate-limited
 *   abuse handshakes   stalled TLS handshakes from one address held at `max
 *                      handshakes-per-peer`, the oldest replaced; kiosks from elsewhere
 *                      and from behind that address still log in and vote
 *   abuse priority     a logged-in kiosk is answered before a burst of TLS handshakes
 *                      that arrived first is worked through
 *
 * Each mode starts its own daemon ($DORPSSTEMD) on a private directory and prints
 * "ok - …" / "not ok - …" lines (tests/run-tests). Compiled with ABUSE_BENCH
 * (tests/bench/abuse.c) it is the abuse figure of `make bench`: honest throughput during
 * the flood as a fraction of throughput without it, and the strict p99 figure.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>

#include "../kioskload.h"
#include "audit.h"

#define NINIT		6
#define NKIOSK		50
#define HELLO_S		2	/* timeout hello in the deadline test */
#define FRAME_S		2	/* timeout frame */

struct env {
	char		 dir[64], conf[128], log[128], sock[256], datadir[128], port[8];
	struct kl_daemon d;
	struct kl_org	 org;
	char		 pin[128];
	uint32_t	 village, round, ids[NINIT];
	size_t		 nkiosk;
	uint8_t		(*kiosk_sk)[64];
	uint32_t	*kiosk_id;
	struct kl_conn	 adm;
	SSL_CTX		*ctx;
	int		 failed;
};

static struct env E;

/* ---- reporting and set-up ------------------------------------------------------------- */

static void	rss_result(int, const char *, ...) __attribute__((format(printf, 2, 3)));
static void	ballots_free(struct kl_ballot *, size_t);

static void __attribute__((format(printf, 2, 3)))
result(int good, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", good ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!good)
		E.failed = 1;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
tail_log(void)
{
	char	 line[512];
	FILE	*f;
	long	 n = 0, skip;

	if ((f = fopen(E.log, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		n++;
	rewind(f);
	skip = n > 25 ? n - 25 : 0;
	printf("# last lines of the daemon log:\n");
	while (fgets(line, sizeof(line), f))
		if (skip-- <= 0)
			printf("#   %s", line);
	fclose(f);
}

static void
cleanup(void)
{
	kl_daemon_reap();
	if (E.failed)
		tail_log();
	if (E.dir[0])
		nftw(E.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - abuse: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	E.failed = 1;
	exit(1);
}

static void
free_port(char out[8])
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);
	int			fd;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		die("cannot find a free port: %s", strerror(errno));
	snprintf(out, 8, "%u", (unsigned)ntohs(sin.sin_port));
	close(fd);
}

/* A daemon with `extra` config lines, a village, a draft round and nkiosk kiosks. */
static void
setup(const char *extra, size_t nkiosk)
{
	uint8_t		 pk[KEY_BYTES];
	char		 hex[2 * KEY_BYTES + 1], err[512], name[32];
	struct rlimit	 rl;
	FILE		*f;
	size_t		 i;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	snprintf(E.dir, sizeof(E.dir), "/tmp/dorpsstem-abuse.XXXXXX");
	if (mkdtemp(E.dir) == NULL)
		die("mkdtemp: %s", strerror(errno));
	snprintf(E.conf, sizeof(E.conf), "%s/d.conf", E.dir);
	snprintf(E.log, sizeof(E.log), "%s/daemon.log", E.dir);
	snprintf(E.datadir, sizeof(E.datadir), "%s/data", E.dir);
	snprintf(E.sock, sizeof(E.sock), "%s/dorpsstemd.sock", E.datadir);
	free_port(E.port);
	crypto_sign_keypair(pk, E.org.sk);
	hex_encode(pk, KEY_BYTES, hex);
	if ((f = fopen(E.conf, "w")) == NULL)
		die("%s: %s", E.conf, strerror(errno));
	fprintf(f, "datadir \"%s\"\nlisten on 127.0.0.1 port %s\norganiser \"Abuse\" key %s\n"
	    "map size 256M\nlog level %s\n%s", E.datadir, E.port, hex, getenv("ABUSE_DEBUG") ? "debug" : "info", extra);
	fclose(f);
	E.d.bin = getenv("DORPSSTEMD") ? getenv("DORPSSTEMD") : "build/dorpsstemd";
	E.d.conf = E.conf;
	E.d.log = E.log;
	E.d.sock = E.sock;
	if (kl_daemon_start(&E.d, err, sizeof(err)) != 0)
		die("%s", err);
	if (kl_open(&E.adm, E.sock, NULL, NULL, NULL, NULL) != 0)
		die("control socket: %s", E.adm.err);
	{
		struct status st;
		if (kl_call(&E.adm, MSG_STATUS, NULL, NULL, &st) != 0)
			die("status: %s", E.adm.err);
		snprintf(E.pin, sizeof(E.pin), "%s", st.tls_fingerprint);
		wire_free(&schema_status, &st);
	}
	if (kl_village_add(&E.adm, &E.org, "Misbruik", &E.village) != 0 ||
	    kl_round_setup(&E.adm, &E.org, E.village, "Aanval", NINIT, 3, &E.round, E.ids) != 0)
		die("set-up: %s", E.adm.err);
	E.nkiosk = nkiosk;
	E.kiosk_sk = kl_calloc(nkiosk ? nkiosk : 1, sizeof(*E.kiosk_sk));
	E.kiosk_id = kl_calloc(nkiosk ? nkiosk : 1, sizeof(*E.kiosk_id));
	for (i = 0; i < nkiosk; i++) {
		snprintf(name, sizeof(name), "stemkast %zu", i + 1);
		if (kl_kiosk_enroll(&E.adm, &E.org, E.village, name, E.kiosk_sk[i],
		    &E.kiosk_id[i]) != 0)
			die("kiosk enroll: %s", E.adm.err);
	}
	if ((E.ctx = kl_tls_ctx()) == NULL)
		die("SSL_CTX_new failed");
}

/* n credentials (plain key pairs: the daemon knows only public keys) registered, and n
 * ballots signed, ballot j by kiosk j % nkiosk; reqids from reqid0. Opens the round. */
static struct kl_ballot *
ballots(size_t n, uint32_t reqid0, int open)
{
	struct kl_cred	*cr = kl_calloc(n, sizeof(*cr));
	struct kl_ballot *b = kl_calloc(n, sizeof(*b));
	struct choice	 ch[2];
	size_t		 i;
	uint32_t	 k;

	for (i = 0; i < n; i++)
		crypto_sign_keypair(cr[i].pk, cr[i].sk);
	if (kl_creds_register(&E.adm, &E.org, E.round, cr, n) != 0)
		die("credentials register: %s", E.adm.err);
	if (open && kl_ref_call(&E.adm, &E.org, MSG_ROUND_OPEN, E.round) != 0)
		die("round open: %s", E.adm.err);
	for (i = 0; i < n; i++) {
		k = (uint32_t)(i % (E.nkiosk ? E.nkiosk : 1));
		ch[0].initiative = E.ids[i % NINIT];
		ch[0].value = 1;
		b[i].kiosk = k;
		b[i].cred = (uint32_t)i;
		if (kl_ballot_make(&b[i], reqid0 + (uint32_t)i, E.round, E.kiosk_id[k],
		    E.kiosk_sk[k], &cr[i], ch, 1, 0) != 0)
			die("signing ballots failed");
	}
	sodium_memzero(cr, n * sizeof(*cr));
	free(cr);
	return b;
}

/*
 * The daemon's anonymous resident memory: what a client can make it hold (buffers, TLS
 * state, connections). Not VmRSS: that also counts the pages of data.mdb that LMDB's
 * read-only map has touched (RssFile), which grow with every honest ballot written —
 * 40,000 ballots during the flood add ~50 MiB of page cache the kernel may drop at will,
 * the same with or without an attacker. VmRSS is printed beside it.
 */
static long
rss_kib(void)
{
	return kl_proc_kib(E.d.pid, "RssAnon");
}

/* ---- the hostile engine --------------------------------------------------------------- */

enum hkind {
	H_SILENT_TCP,		/* connects, says nothing */
	H_SILENT_UNIX,
	H_TRICKLE_TLS,		/* a TLS record header, then a byte per tick */
	H_TRICKLE_UNIX,		/* a valid HELLO, a byte per tick (slower than the deadline) */
	H_GARBAGE_TLS,		/* 2 KiB of noise; in a flood it reconnects when cut off */
	H_HALF_TLS,		/* TLS, HELLO, most of a 1 MiB frame, then a byte per tick */
	H_STALL_UNIX,		/* HELLO, then 10 bytes of a 1000-byte frame, then nothing */
	H_FRAME_TRICKLE_UNIX,	/* HELLO, then a frame a byte per tick */
	H_BIG_UNIX,		/* before HELLO, a frame header of 1 MiB */
	H_NKINDS
};

static const char *hname[H_NKINDS] = { "silent (TLS port)", "silent (UNIX socket)",
    "trickling TLS handshake", "trickling hello (UNIX socket)", "garbage TLS",
    "TLS session sending most of a 1 MiB frame then trickling",
    "stalled frame after hello (UNIX socket)", "trickled frame after hello (UNIX socket)",
    "1 MiB frame before hello (UNIX socket)" };

struct hc {
	enum hkind	 kind;
	int		 fd;
	SSL		*ssl;
	uint8_t		*script;	/* what it sends, in order */
	size_t		 len, pos, fast;	/* bytes of script sent at once before trickling */
	uint64_t	 t_open, t_closed;	/* kl_now_ns */
	int		 closed;
	unsigned	 src;		/* source address 127.0.1.src */
};

struct hostile {
	struct hc	*c;
	size_t		 n;
	int		 ep;
	int		 reconnect;	/* garbage reconnects (a flood) */
	uint64_t	 tick_ns;
	volatile int	 stop;
	long		 rss_peak;
	size_t		 reconnects, opened;
	pthread_t	 thread;
};

static uint8_t *
frame_hello(size_t *len)
{
	struct hello	h = { PROTO_VERSION, PROTO_VERSION, (char *)(uintptr_t)"abuse" };
	struct wbuf	w;

	wbuf_init(&w);
	frame_put(&w, MSG_HELLO, 1, &schema_hello, &h);
	*len = w.len;
	return w.p;
}

static int
tcp_from(unsigned src)
{
	struct sockaddr_in	sin;
	int			fd, on = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (src) {
		sin.sin_addr.s_addr = htonl(0x7f000100u | (src & 0xff));	/* 127.0.1.src */
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
			close(fd);
			return -1;
		}
	}
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)atoi(E.port));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
hc_script(struct hc *c)
{
	uint8_t	*h;
	size_t	 hl, i;

	static uint8_t	*half;	/* the half frame, the same bytes for every connection */

	if (c->script != half)
		free(c->script);
	c->script = NULL;
	c->len = c->pos = c->fast = 0;
	switch (c->kind) {
	case H_SILENT_TCP:
	case H_SILENT_UNIX:
		return;
	case H_TRICKLE_TLS:
		c->len = 4096;
		c->script = kl_calloc(1, c->len);
		memcpy(c->script, "\x16\x03\x01\x40\x00\x01\x00\x3f\xfc\x03\x03", 11);
		randombytes_buf(c->script + 11, c->len - 11);
		c->fast = 5;
		return;
	case H_TRICKLE_UNIX:
		c->script = frame_hello(&c->len);
		return;
	case H_GARBAGE_TLS:
		c->len = 2048;
		c->script = kl_calloc(1, c->len);
		randombytes_buf(c->script, c->len);
		c->fast = c->len;
		return;
	case H_HALF_TLS:
		/* (HELLO went through kl-style blocking set-up) a 1 MiB frame, 600 KiB now.
		 * Made once and shared (read-only): a fresh megabyte per reconnect cost the
		 * attacking thread a fifth of its CPU (allocating, zeroing, page faults) on
		 * the cores the daemon runs on, with the same bytes on the wire. */
		c->len = FRAME_HDR + FRAME_MAX;
		if (half == NULL) {
			half = kl_calloc(1, c->len);
			half[0] = 0x00; half[1] = 0x10; half[2] = 0x00; half[3] = 0x00;
			half[4] = (uint8_t)(MSG_CREDENTIALS_REGISTER >> 8);
			half[5] = (uint8_t)MSG_CREDENTIALS_REGISTER;
		}
		c->script = half;
		c->fast = 600 * 1024;
		return;
	case H_STALL_UNIX:
	case H_FRAME_TRICKLE_UNIX:
	case H_BIG_UNIX:
		h = frame_hello(&hl);
		c->len = c->kind == H_BIG_UNIX ? 16 : hl + 4 + 1000;
		c->script = kl_calloc(1, c->len + hl);
		if (c->kind == H_BIG_UNIX) {
			memcpy(c->script, "\x00\x10\x00\x00\x00\x01\x00\x00\x00\x01", 10);
			c->fast = c->len;
		} else {
			memcpy(c->script, h, hl);
			c->script[hl + 0] = 0; c->script[hl + 1] = 0;
			c->script[hl + 2] = 1000 >> 8; c->script[hl + 3] = 1000 & 0xff;
			c->script[hl + 4] = 0; c->script[hl + 5] = 0x02;	/* STATUS */
			for (i = hl + 6; i < hl + 4 + 1000; i++)
				c->script[i] = 0x41;
			c->fast = c->kind == H_STALL_UNIX ? hl + 10 : hl + 4;
		}
		free(h);
		return;
	default:
		return;
	}
}

/* Opens one hostile connection (blocking set-up, then non-blocking). 0 or -1. */
static int
hc_open(struct hostile *hs, struct hc *c)
{
	struct epoll_event	ev;
	uint8_t			*h;
	size_t			 hl;
	int			 fl;

	c->closed = 0;
	c->t_closed = 0;
	c->ssl = NULL;
	hc_script(c);
	if (c->kind == H_SILENT_UNIX || c->kind == H_TRICKLE_UNIX || c->kind == H_STALL_UNIX ||
	    c->kind == H_FRAME_TRICKLE_UNIX || c->kind == H_BIG_UNIX)
		c->fd = kl_unix_socket(E.sock, 0);
	else
		c->fd = tcp_from(c->src);
	if (c->fd == -1)
		return -1;
	c->t_open = kl_now_ns();
	if (c->kind == H_HALF_TLS) {
		struct timeval tv = { 10, 0 };
		setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if ((c->ssl = SSL_new(E.ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
		    SSL_connect(c->ssl) != 1) {
			ERR_clear_error();
			if (c->ssl)
				SSL_free(c->ssl);
			c->ssl = NULL;
			close(c->fd);
			c->fd = -1;
			return -1;
		}
		h = frame_hello(&hl);
		fl = SSL_write(c->ssl, h, (int)hl);
		free(h);
		if (fl <= 0) {
			ERR_clear_error();
			SSL_free(c->ssl);
			c->ssl = NULL;
			close(c->fd);
			c->fd = -1;
			return -1;
		}
	}
	fl = fcntl(c->fd, F_GETFL);
	fcntl(c->fd, F_SETFL, fl | O_NONBLOCK);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.ptr = c;
	epoll_ctl(hs->ep, EPOLL_CTL_ADD, c->fd, &ev);
	hs->opened++;
	return 0;
}

static void
hc_close(struct hostile *hs, struct hc *c)
{
	if (c->closed)
		return;
	c->closed = 1;
	c->t_closed = kl_now_ns();
	epoll_ctl(hs->ep, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->ssl)
		SSL_free(c->ssl);
	c->ssl = NULL;
	close(c->fd);
	c->fd = -1;
}

/* Sends up to n bytes of the script; -1 when the connection is gone. */
static int
hc_send(struct hostile *hs, struct hc *c, size_t n)
{
	ssize_t	w;
	int	r;

	while (n > 0 && c->pos < c->len) {
		size_t chunk = n < c->len - c->pos ? n : c->len - c->pos;
		if (chunk > 65536)
			chunk = 65536;
		if (c->ssl) {
			if ((r = SSL_write(c->ssl, c->script + c->pos, (int)chunk)) <= 0) {
				int e = SSL_get_error(c->ssl, r);
				ERR_clear_error();
				if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ)
					return 0;
				hc_close(hs, c);
				return -1;
			}
			w = r;
		} else if ((w = send(c->fd, c->script + c->pos, chunk, MSG_NOSIGNAL)) <= 0) {
			if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
				return 0;
			hc_close(hs, c);
			return -1;
		}
		c->pos += (size_t)w;
		n -= (size_t)w;
	}
	return 0;
}

/* One pass: reads what came (discarded: errors, TLS alerts), notes closes, and on a tick
 * sends the next byte of every trickler. */
static void
hostile_step(struct hostile *hs, int timeout_ms, int tick)
{
	struct epoll_event	 ev[256];
	uint8_t			 buf[4096];
	ssize_t			 r;
	size_t			 i;
	int			 n, k;
	struct hc		*c;

	n = epoll_wait(hs->ep, ev, 256, timeout_ms);
	for (k = 0; k < n; k++) {
		c = ev[k].data.ptr;
		if (c->closed)
			continue;
		while ((r = recv(c->fd, buf, sizeof(buf), 0)) > 0)
			;
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			hc_close(hs, c);
	}
	for (i = 0; i < hs->n; i++) {
		c = &hs->c[i];
		if (c->closed) {
			/* A sustained flood: whatever the daemon cut off comes back. */
			if (hs->reconnect && !hs->stop && tick && hc_open(hs, c) == 0)
				hs->reconnects++;
			continue;
		}
		if (c->pos < c->fast)
			hc_send(hs, c, c->fast - c->pos);
		else if (tick && c->len)
			hc_send(hs, c, 1);
	}
}

static void
hostile_init(struct hostile *hs, size_t n, uint64_t tick_ns)
{
	memset(hs, 0, sizeof(*hs));
	hs->c = kl_calloc(n, sizeof(*hs->c));
	hs->n = n;
	hs->tick_ns = tick_ns;
	if ((hs->ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));
}

static void
hostile_free(struct hostile *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++) {
		if (!hs->c[i].closed && hs->c[i].fd >= 0)
			hc_close(hs, &hs->c[i]);
		hs->c[i].len = 0;
		hs->c[i].kind = H_SILENT_TCP;
		hc_script(&hs->c[i]);	/* frees what is its own */
	}
	free(hs->c);
	close(hs->ep);
}

/* The flood's thread: keeps the tricklers going and samples the daemon's RSS. */
static void *
hostile_main(void *arg)
{
	struct hostile	*hs = arg;
	uint64_t	 next = kl_now_ns() + hs->tick_ns, now, sampled = 0;
	long		 rss;
	int		 tick;

	while (!hs->stop) {
		now = kl_now_ns();
		tick = now >= next;
		if (tick)
			next = now + hs->tick_ns;
		hostile_step(hs, 100, tick);
		/* The RSS every 5 ms, not after every epoll_wait: reading /proc/PID/status
		 * thousands of times a second was measurement, not attack, and took the
		 * shared cores from the kiosks (the attack's bytes are unchanged). */
		if ((now = kl_now_ns()) - sampled >= 5000000) {
			sampled = now;
			if ((rss = rss_kib()) > hs->rss_peak)
				hs->rss_peak = rss;
		}
	}
	return NULL;
}

/* ---- deadlines --------------------------------------------------------------------------- */

static int
mode_deadlines(void)
{
	static const struct { enum hkind kind; int n; } mix[] = {
		{ H_SILENT_TCP, 10 }, { H_SILENT_UNIX, 10 }, { H_TRICKLE_TLS, 20 },
		{ H_TRICKLE_UNIX, 20 }, { H_STALL_UNIX, 10 }, { H_FRAME_TRICKLE_UNIX, 10 },
		{ H_BIG_UNIX, 5 }, { H_GARBAGE_TLS, 5 },
	};
	struct hostile	hs;
	char		extra[256];
	size_t		i, n = 0, k;
	uint64_t	t0, next, limit_ns;
	double		worst[H_NKINDS], bound;
	int		late[H_NKINDS], open_[H_NKINDS], cnt[H_NKINDS], tick;

	snprintf(extra, sizeof(extra), "timeout hello %d\ntimeout frame %d\ntimeout idle 60\n",
	    HELLO_S, FRAME_S);
	setup(extra, 0);
	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		n += (size_t)mix[i].n;
	hostile_init(&hs, n, 200000000u);	/* a byte every 200 ms */
	for (i = k = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		int j;
		for (j = 0; j < mix[i].n; j++, k++) {
			hs.c[k].kind = mix[i].kind;
			if (hc_open(&hs, &hs.c[k]) != 0)
				die("cannot open a %s connection", hname[mix[i].kind]);
		}
	}
	/* Run until every one is cut off, or well past the deadlines. */
	t0 = kl_now_ns();
	next = t0;
	limit_ns = (uint64_t)(HELLO_S + FRAME_S + 6) * 1000000000u;
	while (kl_now_ns() - t0 < limit_ns) {
		tick = kl_now_ns() >= next;
		if (tick)
			next += hs.tick_ns;
		hostile_step(&hs, 20, tick);
		for (i = 0; i < n && hs.c[i].closed; i++)
			;
		if (i == n)
			break;
	}
	memset(worst, 0, sizeof(worst));
	memset(late, 0, sizeof(late));
	memset(open_, 0, sizeof(open_));
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < n; i++) {
		struct hc *c = &hs.c[i];
		double s = c->closed ? (double)(c->t_closed - c->t_open) / 1e9 : -1;
		cnt[c->kind]++;
		if (!c->closed) {
			open_[c->kind]++;
			continue;
		}
		if (s > worst[c->kind])
			worst[c->kind] = s;
		/* HELLO due within timeout hello of accept; a frame (begun at once here)
		 * within timeout frame; a frame larger than any HELLO at once. */
		bound = c->kind == H_STALL_UNIX || c->kind == H_FRAME_TRICKLE_UNIX ?
		    FRAME_S + 1 : c->kind == H_BIG_UNIX || c->kind == H_GARBAGE_TLS ? 1 :
		    HELLO_S + 1;
		if (s > bound)
			late[c->kind]++;
	}
	for (k = 0; k < H_NKINDS; k++) {
		if (cnt[k] == 0)
			continue;
		bound = k == H_STALL_UNIX || k == H_FRAME_TRICKLE_UNIX ? FRAME_S + 1 :
		    k == H_BIG_UNIX || k == H_GARBAGE_TLS ? 1 : HELLO_S + 1;
		result(open_[k] == 0 && late[k] == 0, "%d %s connections dropped within %.0f s "
		    "(worst %.2f s; %d late, %d still open)", cnt[k], hname[k], bound, worst[k],
		    late[k], open_[k]);
	}
	hostile_free(&hs);
	{
		struct status st;
		int ok = kl_call(&E.adm, MSG_STATUS, NULL, NULL, &st) == 0;
		if (ok) {
			result(st.connections == 1, "afterwards the daemon counts %u connection(s): "
			    "only ours", st.connections);
			wire_free(&schema_status, &st);
		} else
			result(0, "the daemon answers afterwards: %s", E.adm.err);
	}
	return E.failed;
}

/* ---- the flood -------------------------------------------------------------------------- */

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct phase {
	double		 secs, rate, p50, p99, max;
	size_t		 acked, refused, misordered, dead;
};

static void
kiosks_run(struct kl_load *ld, struct kl_ballot *b, size_t nb, double secs, struct phase *ph)
{
	uint64_t	*lat;
	size_t		 i, n = 0;

	ld->b = b;
	ld->nb = nb;
	ld->seconds = secs;
	memset(ld->next, 0, (ld->nkiosk ? ld->nkiosk : 1) * sizeof(*ld->next));
	ld->sent = ld->acked = ld->refused = ld->misordered = 0;
	if (kl_load_run(ld) != 0)
		die("kiosk phase: %s (%zu sent, %zu answered)", ld->err, ld->sent,
		    ld->acked + ld->refused);
	memset(ph, 0, sizeof(*ph));
	ph->secs = (double)(ld->t1 - ld->t0) / 1e9;
	ph->acked = ld->acked;
	ph->refused = ld->refused;
	ph->misordered = ld->misordered;
	ph->dead = ld->dead;
	ph->rate = ph->secs > 0 ? (double)ld->acked / ph->secs : 0;
	lat = kl_calloc(nb, sizeof(*lat));
	for (i = 0; i < nb; i++)
		if (b[i].state == KL_ACKED)
			lat[n++] = b[i].t_done - b[i].t_sent;
	if (n) {
		qsort(lat, n, sizeof(*lat), cmp_u64);
		ph->p50 = (double)lat[n / 2] / 1e6;
		ph->p99 = (double)lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] / 1e6;
		ph->max = (double)lat[n - 1] / 1e6;
	}
	free(lat);
}

static int
mode_flood(double secs, double p99_bound, int bench)
{
	static const struct { enum hkind kind; int n; } mix[] = {
		{ H_TRICKLE_TLS, 300 }, { H_SILENT_TCP, 250 }, { H_HALF_TLS, 250 },
		{ H_GARBAGE_TLS, 200 },
	};
	struct hostile	 hs;
	struct kl_load	 ld;
	struct kl_ballot *b;
	struct phase	 base, base2, att;
	char		 extra[512];
	size_t		 i, k, nb, nhost = 0, held, nfail[H_NKINDS] = { 0 };
	long		 rss_idle, rss_peak;
	double		 ratio, ratio_before;

	/* 1,000 hostile connections fit the unauthenticated share (so all are held at
	 * once: the memory test is the real one); 20 per source address. */
	snprintf(extra, sizeof(extra), "max connections 1500\nmax unauthenticated 1200\n"
	    "max per-peer 64\nmax unauthenticated-memory 8M\ntimeout hello 10\n"
	    "timeout frame 10\ntimeout idle 300\n");
	setup(extra, NKIOSK);
	nb = (size_t)(secs * 4000);	/* more than 50 kiosks can cast one by one */
	b = ballots(2 * nb, 1, 1);
	memset(&ld, 0, sizeof(ld));
	ld.ctx = E.ctx;
	ld.host = "127.0.0.1";
	ld.port = E.port;
	ld.pin = E.pin;
	ld.nconn = NKIOSK;
	ld.depth = 1;		/* a kiosk casts one ballot at a time */
	ld.login = 1;
	ld.kiosk_sk = (const uint8_t (*)[64])E.kiosk_sk;
	ld.nkiosk = NKIOSK;
	if (kl_load_open(&ld) != 0)
		die("opening %d kiosk sessions: %s", NKIOSK, ld.err);

	/* Alone first: the yardstick, half of it before the attack and half after, so a
	 * machine that other work slows down during the run (this one is shared) weighs on
	 * both sides of the ratio alike. */
	kiosks_run(&ld, b, nb / 2, secs / 2, &base);
	printf("# alone (before): %zu ballots in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms\n",
	    base.acked, base.secs, base.rate, base.p50, base.p99);
	rss_idle = rss_kib();

	/* Then under attack. */
	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		nhost += (size_t)mix[i].n;
	hostile_init(&hs, nhost, 1000000000u);		/* a byte a second */
	hs.reconnect = 1;
	for (i = k = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		int j;
		for (j = 0; j < mix[i].n; j++, k++) {
			hs.c[k].kind = mix[i].kind;
			hs.c[k].src = 1 + (unsigned)(k / 20);
			if (hc_open(&hs, &hs.c[k]) != 0) {
				/* The daemon refused or dropped it early (limits): still an
				 * attempt; it stays closed (garbage ones retry). */
				hs.c[k].closed = 1;
				hs.c[k].fd = -1;
				nfail[mix[i].kind]++;
			}
		}
		/* Let the big writes of the half frames go out before the next kind. */
		if (mix[i].kind == H_HALF_TLS)
			for (j = 0; j < 20; j++)
				hostile_step(&hs, 20, 0);
	}
	for (i = held = 0; i < nhost; i++)
		held += !hs.c[i].closed;
	printf("# hostile: %zu connections opened, %zu open when the kiosks start; could not "
	    "connect: %zu trickling, %zu silent, %zu half-frame, %zu garbage\n", hs.opened, held,
	    nfail[H_TRICKLE_TLS], nfail[H_SILENT_TCP], nfail[H_HALF_TLS], nfail[H_GARBAGE_TLS]);
	hs.rss_peak = rss_kib();
	if (pthread_create(&hs.thread, NULL, hostile_main, &hs) != 0)
		die("pthread_create failed");
	{
		/* An organiser connects during the flood and is served. */
		struct kl_conn	o;
		struct status	st;
		int		ok = kl_open(&o, NULL, E.ctx, "127.0.0.1", E.port, E.pin) == 0 &&
		    kl_call(&o, MSG_STATUS, NULL, NULL, &st) == 0;
		if (ok)
			wire_free(&schema_status, &st);
		result(ok, "during the flood a new TLS client connects and is answered%s%s",
		    ok ? "" : ": ", ok ? "" : o.err);
		kl_close(&o);
	}
	kiosks_run(&ld, b + nb, nb, secs, &att);
	hs.stop = 1;
	pthread_join(hs.thread, NULL);
	for (i = held = 0; i < nhost; i++)
		held += !hs.c[i].closed;
	rss_peak = hs.rss_peak;
	hostile_free(&hs);
	/* The second half of the yardstick, once the attackers are gone. */
	kiosks_run(&ld, b + nb / 2, nb / 2, secs / 2, &base2);
	printf("# alone (after): %zu ballots in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms\n",
	    base2.acked, base2.secs, base2.rate, base2.p50, base2.p99);
	/* Against the phase before the attack alone too (the yardstick until December 2026):
	 * if the attack left the daemon slower afterwards, the bracketed ratio would hide
	 * that cost, so both are printed. */
	ratio_before = base.rate > 0 ? att.rate / base.rate : 0;
	base.rate = base.secs + base2.secs > 0 ? (double)(base.acked + base2.acked) /
	    (base.secs + base2.secs) : 0;
	if (base2.p99 > base.p99)
		base.p99 = base2.p99;
	printf("# under attack: %zu ballots in %.1f s (%.0f/s), p50 %.1f ms, p99 %.1f ms, max "
	    "%.1f ms; %zu hostile open at the end, %zu reconnects after being cut off\n", att.acked,
	    att.secs, att.rate, att.p50, att.p99, att.max, held, hs.reconnects);
	ratio = base.rate > 0 ? att.rate / base.rate : 0;
	rss_result(rss_peak - rss_idle < 64 * 1024, "daemon RSS under %zu hostile connections: "
	    "%ld MiB above idle (anonymous %ld → %ld MiB; VmRSS with LMDB's file pages %ld MiB "
	    "at the end), ceiling 64 MiB", nhost, (rss_peak - rss_idle) / 1024, rss_idle / 1024,
	    rss_peak / 1024, kl_proc_kib(E.d.pid, "VmRSS") / 1024);
	result(att.refused == 0 && att.dead == 0 && att.acked > 0, "%d honest kiosks kept "
	    "voting during the flood: %zu ballots acknowledged, %zu refused, %zu kiosk "
	    "sessions lost", NKIOSK, att.acked, att.refused, att.dead);
	result(att.misordered == 0, "every kiosk's replies came in request order (%zu out of "
	    "order)", att.misordered);
	if (bench)		/* a target: reported below, not a failed check */
		printf("# p99 acknowledgement during the flood %.1f ms (goal < %.0f ms)\n",
		    att.p99, p99_bound);
	else {
		/* On a shared machine the bound is the larger of p99_bound and three times the
		 * kiosks' own p99 without the flood in this run: the attack may cost latency,
		 * a loaded machine may not fail the test. */
		double bound = p99_bound > 3 * base.p99 ? p99_bound : 3 * base.p99;
		result(att.p99 < bound, "p99 acknowledgement during the flood %.1f ms < %.0f ms "
		    "(max of %.0f ms and 3 x %.1f ms alone: make check's bound on a shared "
		    "machine; make bench reports it against 100 ms)", att.p99, bound, p99_bound,
		    base.p99);
	}
	printf("# abuse figure: honest throughput during the attack / without it = %.0f / %.0f "
	    "= %.2f (goal >= 0.8; against the phase before the attack alone %.2f)\n", att.rate,
	    base.rate, ratio, ratio_before);
	if (bench) {
		/* The machine's load beside the figures (other work shares its cores). */
		char	la[64] = "?";
		FILE	*f = fopen("/proc/loadavg", "r");

		if (f != NULL) {
			if (fgets(la, sizeof(la), f) != NULL)
				la[strcspn(la, " ")] = '\0';
			fclose(f);
		}
		printf("abuse: ratio %.2f (goal 0.8) %s (before-only yardstick %.2f); p99 under "
		    "attack %.1f ms (goal 100) %s, alone %.1f ms; RSS +%ld MiB (ceiling 64); load "
		    "average %s\n", ratio, ratio >= 0.8 ? "MET" : "MISSED", ratio_before, att.p99,
		    att.p99 < 100 ? "MET" : "MISSED", base.p99, (rss_peak - rss_idle) / 1024, la);
	}
	kl_load_close(&ld);
	ballots_free(b, 2 * nb);
	return E.failed;
}

/* ---- a kiosk that floods ------------------------------------------------------------------ */

static int
mode_kioskflood(void)
{
	struct kl_conn	 k, other;
	struct kl_ballot *b;
	struct status	 st;
	uint8_t		*fr, buf[65536];
	uint32_t	 id, want = 1;
	size_t		 total = 300000, sent = 0, fl, got = 0, bad = 0, misordered = 0, off = 0;
	long		 rss0, rss, peak;
	uint64_t	 t0, last;
	ssize_t		 w, r;
	int		 flags, served;

	setup("max ballots-in-flight 256\nmax output 4M\n", 1);
	b = ballots(1, 1, 1);
	/* One ballot with a broken voter signature, sent 300,000 times with rising reqids. */
	{
		struct kl_ballot	 bb;
		struct kl_cred		 cr;
		struct choice		 ch = { E.ids[0], 1 };
		memset(&bb, 0, sizeof(bb));
		crypto_sign_keypair(cr.pk, cr.sk);
		if (kl_ballot_make(&bb, 1, E.round, E.kiosk_id[0], E.kiosk_sk[0], &cr, &ch, 1,
		    KL_BAD_VOTER_SIG) != 0)
			die("signing failed");
		fr = bb.frame;
		fl = bb.len;
	}
	if (kl_open(&k, E.sock, NULL, NULL, NULL, NULL) != 0 ||
	    kl_kiosk_login(&k, E.kiosk_sk[0], &id) != 0)
		die("kiosk session: %s", k.err);
	flags = fcntl(k.fd, F_GETFL);
	fcntl(k.fd, F_SETFL, flags | O_NONBLOCK);
	rss0 = peak = rss_kib();
	t0 = last = kl_now_ns();
	/* Write without reading until all are out or the daemon has stopped reading for 3 s. */
	while (sent < total && kl_now_ns() - last < 3000000000ull &&
	    kl_now_ns() - t0 < 30000000000ull) {
		uint32_t rid = (uint32_t)(sent + 1);
		if (off == 0) {
			fr[6] = (uint8_t)(rid >> 24); fr[7] = (uint8_t)(rid >> 16);
			fr[8] = (uint8_t)(rid >> 8); fr[9] = (uint8_t)rid;
		}
		w = send(k.fd, fr + off, fl - off, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
			if (off == fl) {
				off = 0;
				sent++;
			}
			last = kl_now_ns();
		} else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			usleep(2000);
		else
			break;
		if ((sent & 1023) == 0 && (rss = rss_kib()) > peak)
			peak = rss;
	}
	/* Stay unread a little longer while the daemon works through what it took. */
	for (w = 0; w < 20; w++) {
		usleep(100000);
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	served = kl_open(&other, E.sock, NULL, NULL, NULL, NULL) == 0 &&
	    kl_call(&other, MSG_STATUS, NULL, NULL, &st) == 0;
	if (served)
		wire_free(&schema_status, &st);
	kl_close(&other);
	printf("# the kiosk wrote %zu of %zu ballots before the daemon stopped taking them "
	    "(%.1f s)\n", sent, total, (double)(kl_now_ns() - t0) / 1e9);
	rss_result(peak - rss0 < 48 * 1024, "daemon RSS while one kiosk floods ballots unread: "
	    "+%ld MiB (cap: 256 in flight + 4 MiB output + 1 MiB input; ceiling 48 MiB)",
	    (peak - rss0) / 1024);
	result(sent < total, "the daemon stopped reading the flooding kiosk (%zu of %zu taken)",
	    sent, total);
	result(served, "another client is served meanwhile");
	/* Now read everything: each ballot answered, a signature error, in order. */
	fcntl(k.fd, F_SETFL, flags);
	{
		struct timeval tv = { 20, 0 };
		setsockopt(k.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	{
		size_t	have = 0, need;
		uint8_t	*p;
		while (got < sent) {
			if ((r = recv(k.fd, buf + have, sizeof(buf) - have, 0)) <= 0)
				break;
			have += (size_t)r;
			p = buf;
			while (have - (size_t)(p - buf) >= FRAME_HDR + MSG_HDR) {
				need = FRAME_HDR + ((size_t)p[0] << 24 | (size_t)p[1] << 16 |
				    (size_t)p[2] << 8 | p[3]);
				if (have - (size_t)(p - buf) < need)
					break;
				if ((uint32_t)(p[6] << 24 | p[7] << 16 | p[8] << 8 | p[9]) != want)
					misordered++;
				if ((p[4] << 8 | p[5]) != MSG_ERROR)
					bad++;
				want++;
				got++;
				p += need;
			}
			have -= (size_t)(p - buf);
			memmove(buf, p, have);
		}
	}
	result(got == sent && bad == 0 && misordered == 0, "once it reads, every one of the %zu "
	    "ballots is answered, a refusal each, in order (%zu answered, %zu not errors, %zu "
	    "out of order)", sent, got, bad, misordered);
	kl_close(&k);
	free(fr);
	ballots_free(b, 1);
	return E.failed;
}

/* ---- order and checkpoints --------------------------------------------------------------- */

static void
put(struct wbuf *w, uint16_t type, uint32_t reqid, const struct wire_schema *s,
    const void *rec)
{
	frame_put(w, type, reqid, s, rec);
}

static int
mode_order(void)
{
	struct kl_conn	 k;
	struct kl_ballot *b;
	struct kl_msg	 m;
	struct wbuf	 w;
	uint32_t	 id, want[6], rid;
	uint16_t	 wtype[6];
	size_t		 i, rounds = 100, wrong = 0, types = 0;
	int		 j;

	setup("", 1);
	b = ballots(rounds * 2, 1, 1);
	if (kl_open(&k, E.sock, NULL, NULL, NULL, NULL) != 0 ||
	    kl_kiosk_login(&k, E.kiosk_sk[0], &id) != 0)
		die("kiosk session: %s", k.err);
	rid = 1000000;
	for (i = 0; i < rounds; i++) {
		/* In one write: a ballot, a status, a ballot that does not decode, a second
		 * ballot, a round-show, the first ballot again (refused: code used). */
		struct ref ref = { E.round };
		wbuf_init(&w);
		wbuf_raw(&w, b[2 * i].frame, b[2 * i].len);
		want[0] = b[2 * i].reqid; wtype[0] = MSG_RECEIPT;
		put(&w, MSG_STATUS, want[1] = ++rid, &schema_empty, NULL); wtype[1] = MSG_STATUS_REPLY;
		{
			uint8_t junk[] = { 0, 0, 0, 9, 0, 0x50, 0, 0, 0, 0, 1, 2, 3 };
			want[2] = ++rid;
			junk[6] = (uint8_t)(rid >> 24); junk[7] = (uint8_t)(rid >> 16);
			junk[8] = (uint8_t)(rid >> 8); junk[9] = (uint8_t)rid;
			wbuf_raw(&w, junk, sizeof(junk));
			wtype[2] = MSG_ERROR;
		}
		wbuf_raw(&w, b[2 * i + 1].frame, b[2 * i + 1].len);
		want[3] = b[2 * i + 1].reqid; wtype[3] = MSG_RECEIPT;
		put(&w, MSG_ROUND_SHOW, want[4] = ++rid, &schema_ref, &ref); wtype[4] = MSG_ROUND_INFO;
		{
			/* the first ballot again, with a new reqid */
			uint8_t *again = kl_calloc(1, b[2 * i].len);
			memcpy(again, b[2 * i].frame, b[2 * i].len);
			want[5] = ++rid;
			again[6] = (uint8_t)(rid >> 24); again[7] = (uint8_t)(rid >> 16);
			again[8] = (uint8_t)(rid >> 8); again[9] = (uint8_t)rid;
			wbuf_raw(&w, again, b[2 * i].len);
			free(again);
			wtype[5] = MSG_ERROR;
		}
		if (w.oom || kl_write_all(&k, w.p, w.len) != 0)
			die("write: %s", k.err);
		wbuf_free(&w);
		for (j = 0; j < 6; j++) {
			if (kl_recv(&k, &m) != 0)
				die("reply %d of round %zu: %s", j, i, k.err);
			if (m.reqid != want[j])
				wrong++;
			else if (m.type != wtype[j])
				types++;
			kl_msg_free(&m);
		}
	}
	result(wrong == 0, "%zu pipelined batches (ballot, status, broken ballot, ballot, "
	    "round-show, repeated ballot): every reply in request order (%zu out of order)",
	    rounds, wrong);
	result(types == 0, "and each reply is the right one (receipts, status, errors; %zu "
	    "wrong)", types);
	kl_close(&k);
	ballots_free(b, rounds * 2);
	return E.failed;
}

static uint64_t
events_of(uint32_t round)
{
	struct ref		ref = { round };
	struct round_info	ri;
	uint64_t		n;

	if (kl_call(&E.adm, MSG_ROUND_SHOW, &ref, NULL, &ri) != 0)
		die("round show: %s", E.adm.err);
	n = ri.events;
	wire_free(&schema_round_info, &ri);
	return n;
}

static int
mode_checkpoint(void)
{
	struct kl_conn		 c;
	struct kl_org		 stranger;
	struct ref		 ref;
	struct checkpoint	 cp;
	struct kl_ballot	*b;
	struct stat		 st0, st1;
	char			 mdb[256];
	uint64_t		 e0, e1;
	uint32_t		 id, rid;
	int			 rc, i;

	setup("checkpoint interval 3600\ncheckpoint request-interval 30\n", 1);
	b = ballots(3, 1, 1);
	if (kl_open(&c, E.sock, NULL, NULL, NULL, NULL) != 0 ||
	    kl_kiosk_login(&c, E.kiosk_sk[0], &id) != 0 || kl_cast(&c, &b[0]) != 0)
		die("vote: %s", c.err);
	ref.id = E.round;
	snprintf(mdb, sizeof(mdb), "%s/data.mdb", E.datadir);
	e0 = events_of(E.round);
	stat(mdb, &st0);
	for (i = 0, rc = 0; i < 50; i++)
		rc |= kl_call(&c, MSG_CHECKPOINT_GET, &ref, NULL, &cp) != ERRC_NOTFOUND;
	e1 = events_of(E.round);
	stat(mdb, &st1);
	result(rc == 0 && e1 == e0, "50 unsigned checkpoint requests: no checkpoint yet, the "
	    "ledger stays at %llu events (now %llu)", (unsigned long long)e0,
	    (unsigned long long)e1);
	/* An unsigned CHECKPOINT_MAKE: a raw frame without the auth trailer. */
	{
		struct wbuf w;
		struct kl_msg m;
		wbuf_init(&w);
		rid = 77;
		frame_put(&w, MSG_CHECKPOINT_MAKE, rid, &schema_ref, &ref);
		if (kl_write_all(&c, w.p, w.len) != 0 || kl_recv(&c, &m) != 0)
			die("unsigned checkpoint-make: %s", c.err);
		wbuf_free(&w);
		{
			struct msg_error e;
			int ok = m.type == MSG_ERROR && wire_decode_all(m.body, m.bodylen,
			    &schema_error, &e, NULL) == 0 && e.code == ERRC_AUTH;
			if (m.type == MSG_ERROR && ok)
				wire_free(&schema_error, &e);
			kl_msg_free(&m);
			e1 = events_of(E.round);
			result(ok && e1 == e0, "an unsigned checkpoint-make is refused (error %d) "
			    "and changes nothing (%llu events)", ERRC_AUTH,
			    (unsigned long long)e1);
		}
	}
	{
		uint8_t spk[KEY_BYTES];
		crypto_sign_keypair(spk, stranger.sk);
	}
	stranger.counter = 0;
	ref.id = E.round;
	rc = kl_call(&c, MSG_CHECKPOINT_MAKE, &ref, &stranger, &cp);
	e1 = events_of(E.round);
	result(rc == ERRC_AUTH && e1 == e0, "one signed by a key that is no organiser's is "
	    "refused (error %d) and changes nothing", rc);
	rc = kl_call(&E.adm, MSG_CHECKPOINT_MAKE, &ref, &E.org, &cp);
	e1 = events_of(E.round);
	result(rc == 0 && e1 == e0 + 1 && cp.ballots == 1 &&
	    statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp, E.adm.daemon_key) == 0,
	    "an organiser's signed checkpoint-make signs one (%llu events, 1 ballot)",
	    (unsigned long long)e1);
	if (kl_cast(&c, &b[1]) != 0)
		die("vote: %s", c.err);
	e0 = events_of(E.round);
	rc = kl_call(&E.adm, MSG_CHECKPOINT_MAKE, &ref, &E.org, &cp);
	e1 = events_of(E.round);
	result(rc == ERRC_LIMIT && e1 == e0, "a second one within the request interval is "
	    "refused (error %d) and writes nothing", rc);
	rc = kl_call(&c, MSG_CHECKPOINT_GET, &ref, NULL, &cp);
	result(rc == 0 && cp.ballots == 1 && events_of(E.round) == e0, "anyone reads the "
	    "latest checkpoint, and reading writes nothing");
	kl_close(&c);
	ballots_free(b, 3);
	return E.failed;
}

/* ---- the red team (tests/adversary/edge.sh) ------------------------------------------ */

/* A memory ceiling: under AddressSanitizer the RSS is mostly its redzones and quarantine
 * (freed memory is held back), so there it is reported as a skip, not checked. */
static void __attribute__((format(printf, 2, 3)))
rss_result(int good, const char *fmt, ...)
{
	va_list ap;

#ifdef __SANITIZE_ADDRESS__
	(void)good;
	printf("skip - ");
#else
	printf("%s - ", good ? "ok" : "not ok");
	if (!good)
		E.failed = 1;
#endif
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
#ifdef __SANITIZE_ADDRESS__
	printf(" (not checked under AddressSanitizer)");
#endif
	putchar('\n');
}

static void
ballots_free(struct kl_ballot *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(b[i].frame);
	free(b);
}

/* How often pat occurs in the daemon's log. */
static size_t
log_count(const char *pat)
{
	char	 line[1024];
	size_t	 n = 0;
	FILE	*f;

	if ((f = fopen(E.log, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, pat) != NULL;
	fclose(f);
	return n;
}

static void	log_secrets_check(void);

/* The end of a red-team mode: SIGTERM, a clean exit within 10 s, and no sanitizer report
 * in the log (under `make sanitize` LeakSanitizer checks the daemon's exit: memory a
 * hostile connection left behind shows here). */
static void
daemon_stop_clean(void)
{
	uint64_t	t0 = kl_now_ns();
	pid_t		pid = E.d.pid;
	int		st = -1, done = 0;

	if (pid <= 0 || kill(pid, SIGTERM) != 0) {
		result(0, "the daemon is still running at the end");
		return;
	}
	while (!done && kl_now_ns() - t0 < 10000000000ull) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			done = 1;
		else
			usleep(20000);
	}
	if (done)
		kl_daemon_pid = 0;
	log_secrets_check();
	result(done && WIFEXITED(st) && WEXITSTATUS(st) == 0 && log_count("Sanitizer") == 0 &&
	    log_count("runtime error") == 0, "the daemon shut down cleanly afterwards (%s %d), "
	    "no sanitizer report in its log", !done ? "still running after 10 s," :
	    WIFEXITED(st) ? "exit" : "signal", !done ? 0 : WIFEXITED(st) ? WEXITSTATUS(st) :
	    WTERMSIG(st));
}

/* The daemon's log after an attack holds no secret and no raw control character (a
 * hostile client's bytes written as they came could forge log lines or drive a
 * terminal): not the daemon's signing seed, not its TLS key, not a kiosk's secret key. */
static void
log_secrets_check(void)
{
	char	 path[256], line[4096], seed[65], tlsline[128] = "", kiosk[17] = "";
	char	 *p;
	size_t	 ctl = 0, hits = 0, lines = 0;
	FILE	*f;
	int	 c;

	seed[0] = '\0';
	snprintf(path, sizeof(path), "%s/daemon.key", E.datadir);
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof(line), f))
			if ((p = strstr(line, "dorpsstem-secret-v1 ")) != NULL)
				snprintf(seed, sizeof(seed), "%.32s", p + 20);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/tls.key", E.datadir);
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof(line), f))
			if (line[0] != '-' && strlen(line) > 40) {
				snprintf(tlsline, sizeof(tlsline), "%.40s", line);
				break;
			}
		fclose(f);
	}
	if (E.nkiosk)
		hex_encode(E.kiosk_sk[0], 8, kiosk);
	if (seed[0] == '\0' || tlsline[0] == '\0') {
		result(0, "the daemon's secret keys could be read for the log check");
		return;
	}
	if ((f = fopen(E.log, "r")) == NULL) {
		result(0, "the daemon's log could be read");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		lines++;
		hits += strstr(line, seed) != NULL || strstr(line, tlsline) != NULL ||
		    (kiosk[0] && strstr(line, kiosk) != NULL);
		for (p = line; *p; p++) {
			c = (unsigned char)*p;
			ctl += (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
		}
	}
	fclose(f);
	result(hits == 0 && ctl == 0, "the daemon's log (%zu lines) holds no secret key (%zu "
	    "lines with one) and no raw control character (%zu)", lines, hits, ctl);
}

static unsigned honest_think_us;	/* between HELLO and the login (mode_churn) */

/* Honest kiosks during an attack: for each ballot of b, a fresh TLS connection, HELLO,
 * the kiosk's login and the ballot, each whole session within limit_ms. The number that
 * made it; the slowest in *worst, the first failure in why. */
static size_t
honest_cast(struct kl_ballot *b, size_t n, double limit_ms, double *worst, char *why,
    size_t whylen)
{
	struct kl_conn	k;
	uint32_t	id;
	uint64_t	t0;
	double		ms;
	size_t		i, good = 0;
	int		rc;

	*worst = 0;
	why[0] = '\0';
	for (i = 0; i < n; i++) {
		t0 = kl_now_ns();
		rc = kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin);
		if (rc == 0 && honest_think_us)
			usleep(honest_think_us);	/* a slow link: the login takes a while */
		if (rc == 0)
			rc = kl_kiosk_login(&k, E.kiosk_sk[b[i].kiosk], &id);
		if (rc == 0)
			rc = kl_cast(&k, &b[i]);
		ms = (double)(kl_now_ns() - t0) / 1e6;
		if (ms > *worst)
			*worst = ms;
		if (rc == 0 && ms <= limit_ms)
			good++;
		else if (why[0] == '\0')
			snprintf(why, whylen, "kiosk session %zu: %s (%.0f ms)", i + 1,
			    rc ? k.err : "too slow", ms);
		kl_close(&k);
	}
	return good;
}

static void
honest_result(struct kl_ballot *b, size_t n, const char *during)
{
	char	why[700];
	double	worst;
	size_t	good = honest_cast(b, n, 3000, &worst, why, sizeof(why));

	result(good == n, "%s: %zu of %zu honest kiosks connected, logged in and cast a ballot "
	    "within 3 s each (slowest %.0f ms)%s%s", during, good, n, worst, why[0] ? "; " : "",
	    why);
}

/* A TLS session from 127.0.1.src that has said HELLO (its WELCOME left unread). */
static SSL *
tls_hello_from(unsigned src, int rcvbuf, int *fdp)
{
	struct timeval	 tv = { 5, 0 };
	uint8_t		*h;
	size_t		 hl;
	SSL		*ssl;
	int		 fd, ok;

	if ((fd = tcp_from(src)) == -1)
		return NULL;
	if (rcvbuf)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	h = frame_hello(&hl);
	ok = (ssl = SSL_new(E.ctx)) != NULL && SSL_set_fd(ssl, fd) == 1 &&
	    SSL_connect(ssl) == 1 && SSL_write(ssl, h, (int)hl) == (int)hl;
	free(h);
	if (!ok) {
		ERR_clear_error();
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return ssl;
}

/*
 * Unauthenticated clients that pipeline requests and never read. Before the fix each held
 * `max output` (4 MiB) of replies in the daemon: 100 of them +400 MiB, the default 9,000
 * unauthenticated slots 36 GiB. Now one reply at a time, counted in the shared budget.
 */
static int
mode_unauthout(void)
{
	enum { N = 100, NREQ = 20000 };
	struct kl_ballot *b;
	struct wbuf	 w;
	SSL		*ssl[N];
	int		 fd[N], fl, r;
	size_t		 i, off, opened = 0;
	long		 rss0, rss, peak;
	uint64_t	 t0, last;

	setup("max per-peer 16\nmax output 4M\nmax unauthenticated-memory 8M\n", 4);
	b = ballots(8, 1, 1);
	wbuf_init(&w);
	for (i = 0; i < NREQ; i++)
		frame_put(&w, MSG_STATUS, (uint32_t)i + 2, &schema_empty, NULL);
	if (w.oom)
		die("out of memory");
	rss0 = peak = rss_kib();
	for (i = 0; i < N; i++) {
		if ((ssl[i] = tls_hello_from(1 + (unsigned)(i / 16), 4096, &fd[i])) == NULL)
			continue;
		opened++;
		fl = fcntl(fd[i], F_GETFL);
		fcntl(fd[i], F_SETFL, fl | O_NONBLOCK);
		/* Write until the daemon stops taking requests for 100 ms (or 1 s in all). */
		t0 = last = kl_now_ns();
		for (off = 0; off < w.len && kl_now_ns() - last < 100000000u &&
		    kl_now_ns() - t0 < 1000000000u;) {
			r = SSL_write(ssl[i], w.p + off, (int)(w.len - off > 16384 ? 16384 :
			    w.len - off));
			if (r > 0) {
				off += (size_t)r;
				last = kl_now_ns();
			} else {
				ERR_clear_error();
				if (SSL_get_error(ssl[i], r) != SSL_ERROR_WANT_WRITE)
					break;
				usleep(1000);
			}
		}
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	for (i = 0; i < 10; i++) {
		usleep(100000);
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	printf("# %zu unauthenticated TLS clients, each HELLO and %d pipelined status "
	    "requests, reading nothing\n", opened, NREQ);
	result(opened == N, "%zu unauthenticated TLS clients connected and said HELLO", opened);
	rss_result(peak - rss0 < 32 * 1024, "daemon RSS with %zu unauthenticated "
	    "clients pipelining and never reading: +%ld MiB (ceiling 32 MiB; was +4 MiB a "
	    "client, `max output`, before they got one reply at a time)", opened,
	    (peak - rss0) / 1024);
	honest_result(b, 4, "meanwhile");
	for (i = 0; i < N; i++)
		if (ssl[i]) {
			SSL_free(ssl[i]);
			close(fd[i]);
		}
	wbuf_free(&w);
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * A ClientHello header that claims 131,396 bytes (OpenSSL's limit), sent in a record of its
 * own: OpenSSL allocated and cleared the whole buffer for those nine bytes and kept it
 * until the hello deadline. The handshake guard refuses it by name.
 */
static int
mode_tlshello(void)
{
	enum { N = 1000 };
	static const uint8_t big[9] = { 0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x02, 0x01, 0x44 };
	struct kl_ballot *b;
	int		 fd[N];
	size_t		 i, opened = 0, refused;
	long		 rss0, rss, peak;

	setup("max per-peer 64\ntimeout hello 10\n", 4);
	b = ballots(8, 1, 1);
	rss0 = peak = rss_kib();
	for (i = 0; i < N; i++) {
		if ((fd[i] = tcp_from(1 + (unsigned)(i / 50))) == -1)
			continue;
		if (send(fd[i], big, sizeof(big), MSG_NOSIGNAL) == (ssize_t)sizeof(big))
			opened++;
		if (i % 50 == 49 && (rss = rss_kib()) > peak)
			peak = rss;
	}
	for (i = 0; i < 10; i++) {
		usleep(100000);
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	/* A slow daemon (sanitizers, a busy machine) gets up to 10 s to read them all. */
	for (i = 0; i < 100 && (refused = log_count("refused: a TLS handshake message of "
	    "131396 bytes (type 1; limit 16384)")) < opened; i++)
		usleep(100000);
	result(opened == N, "%zu connections sent their nine bytes", opened);
	rss_result(peak - rss0 < 40 * 1024, "%zu connections of nine bytes each (a "
	    "ClientHello header claiming 131,396 bytes): daemon RSS +%ld MiB (ceiling 40 MiB; "
	    "+150 MiB before the guard)", opened, (peak - rss0) / 1024);
	result(refused == N, "the handshake guard refused all of them by name (%zu log lines "
	    "\"refused: a TLS handshake message of 131396 bytes\")", refused);
	honest_result(b, 4, "meanwhile");
	for (i = 0; i < N; i++)
		if (fd[i] != -1)
			close(fd[i]);
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * The shared budget filled to the brim by two connections with half frames: before the
 * fix the next byte from anyone unauthenticated crossed it, so a kiosk's HELLO had it cut
 * off ("too much data from unauthenticated connections") and no kiosk could log in while
 * the attack lasted (renewed every `timeout frame`). The first 2 KiB of each
 * connection are now outside the budget; the budget itself still holds.
 */
static int
mode_budgetlogin(void)
{
	struct kl_conn	 a, bb, c;
	struct kl_ballot *b;
	struct kl_msg	 m;
	struct msg_error e;
	uint8_t		*buf;
	size_t		 before;
	int		 ok, code = 0;

	setup("max unauthenticated-memory 1M\nmax input 1048576\ntimeout frame 30\n", 4);
	b = ballots(8, 1, 1);
	buf = kl_calloc(1, FRAME_HDR + FRAME_MAX);
	/* A frame of 1 MiB of which all but 5 bytes are sent: 1,048,575 bytes held. */
	buf[0] = 0x00; buf[1] = 0x10; buf[2] = 0x00; buf[3] = 0x00;
	buf[4] = (uint8_t)(MSG_CREDENTIALS_REGISTER >> 8);
	buf[5] = (uint8_t)MSG_CREDENTIALS_REGISTER;
	if (kl_open(&a, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0 ||
	    kl_write_all(&a, buf, 1048575) != 0)
		die("attacker a: %s", a.err);
	/* And a second one with 4,095 bytes of a larger frame: to the brim either way. */
	if (kl_open(&bb, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0)
		die("attacker b: %s", bb.err);
	(void)kl_write_all(&bb, buf, 4095);
	usleep(300000);
	before = log_count("too much data from unauthenticated connections");
	honest_result(b, 4, "the unauthenticated budget full to within bytes");
	result(log_count("too much data from unauthenticated connections") == before,
	    "no kiosk was cut off for the budget (%zu such log lines before the kiosks, %zu "
	    "after)", before, log_count("too much data from unauthenticated connections"));
	/* The budget still holds: a third with 8 KiB of a frame is cut off, by name. */
	if (kl_open(&c, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0)
		die("attacker c: %s", c.err);
	(void)kl_write_all(&c, buf, 8192);
	ok = kl_recv(&c, &m) == 0 && m.type == MSG_ERROR &&
	    wire_decode_all(m.body, m.bodylen, &schema_error, &e, NULL) == 0;
	if (ok) {
		code = e.code;
		wire_free(&schema_error, &e);
	}
	if (m.payload)
		kl_msg_free(&m);
	result(ok && code == ERRC_LIMIT && log_count("too much data from unauthenticated "
	    "connections") > before, "a third connection sending 8 KiB of a frame is cut off: "
	    "error %d and \"too much data from unauthenticated connections\" in the log", code);
	kl_close(&a);
	kl_close(&bb);
	kl_close(&c);
	free(buf);
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * TLS-level tricks: a client offering only TLS 1.2 (renegotiation lives there) is refused
 * in the handshake. A logged-in session that sends KeyUpdate after KeyUpdate, each asking
 * for the daemon's keys to be renewed too, held the event loop inside one SSL_read for
 * as long as the stream lasted (an honest kiosk waited 10.6 s; OpenSSL 3.0 has no limit):
 * now one record per read, and the session is cut off after 32 KeyUpdates.
 */
struct keyupdate {
	SSL		*ssl;
	volatile int	 stop;
	size_t		 sent;
};

static void *
keyupdate_main(void *arg)
{
	struct keyupdate *ku = arg;

	while (!ku->stop && SSL_key_update(ku->ssl, SSL_KEY_UPDATE_REQUESTED) == 1 &&
	    SSL_do_handshake(ku->ssl) == 1)
		ku->sent++;
	return NULL;
}

static int
mode_tlsmisc(void)
{
	struct kl_ballot *b;
	struct kl_conn	 k;
	struct status	 st;
	SSL_CTX		*old;
	SSL		*ssl;
	long		 rss0, rss1;
	struct keyupdate ku;
	pthread_t	 th;
	size_t		 sent, before;
	uint32_t	 id;
	int		 fd, up, alive;

	setup("", 4);
	b = ballots(8, 1, 1);
	/* TLS 1.2 only. */
	before = log_count("TLS error");
	if ((old = SSL_CTX_new(TLS_client_method())) == NULL)
		die("SSL_CTX_new failed");
	SSL_CTX_set_min_proto_version(old, TLS1_2_VERSION);
	SSL_CTX_set_max_proto_version(old, TLS1_2_VERSION);
	SSL_CTX_set_verify(old, SSL_VERIFY_NONE, NULL);
	if ((fd = tcp_from(0)) == -1 || (ssl = SSL_new(old)) == NULL)
		die("TLS 1.2 client: set-up failed");
	SSL_set_fd(ssl, fd);
	up = SSL_connect(ssl) == 1;
	ERR_clear_error();
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(old);
	usleep(200000);
	result(!up && log_count("TLS error: unsupported protocol") > 0 &&
	    log_count("TLS error") > before, "a client offering only TLS 1.2 is refused in the "
	    "handshake (\"TLS error: unsupported protocol\" in the log)");
	/* KeyUpdate after KeyUpdate from a logged-in kiosk, while honest kiosks vote. */
	if (kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0 ||
	    kl_kiosk_login(&k, E.kiosk_sk[0], &id) != 0)
		die("kiosk session: %s", k.err);
	rss0 = rss_kib();
	ku.ssl = k.ssl;
	ku.stop = 0;
	ku.sent = 0;
	if (pthread_create(&th, NULL, keyupdate_main, &ku) != 0)
		die("pthread_create failed");
	usleep(200000);
	honest_result(b, 4, "during a KeyUpdate flood");
	ku.stop = 1;
	pthread_join(th, NULL);
	sent = ku.sent;
	ERR_clear_error();
	alive = kl_call(&k, MSG_STATUS, NULL, NULL, &st) == 0;
	if (alive)
		wire_free(&schema_status, &st);
	rss1 = rss_kib();
	result(!alive && log_count("dropped after too many TLS key updates") == 1,
	    "the session sending KeyUpdate after KeyUpdate (%zu sent) is cut off by name "
	    "(\"dropped after too many TLS key updates\")", sent);
	rss_result(rss1 - rss0 < 8 * 1024, "daemon RSS after %zu KeyUpdates: +%ld KiB "
	    "(ceiling 8 MiB)", sent, rss1 - rss0);
	kl_close(&k);
	/* A client that renews its keys a few times is served as ever. */
	if (kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0)
		die("session: %s", k.err);
	for (sent = 0; sent < 8; sent++)
		if (SSL_key_update(k.ssl, SSL_KEY_UPDATE_REQUESTED) != 1 ||
		    SSL_do_handshake(k.ssl) != 1 || kl_call(&k, MSG_STATUS, NULL, NULL, &st) != 0)
			break;
		else
			wire_free(&schema_status, &st);
	result(sent == 8, "a session renewing its keys 8 times (a request after each) is "
	    "answered every time (%zu)", sent);
	kl_close(&k);
	honest_result(b + 4, 4, "afterwards");
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * A kiosk of another village, logged in and well-behaved at the TLS level, casts a ballot
 * with a code registered for this village's round: refused (ERRC_KIOSK), nothing counted,
 * and the code still works at a kiosk of the round's own village.
 */
static int
mode_village(void)
{
	struct kl_ballot *b, fb;
	struct kl_conn	 k;
	struct kl_cred	 cr;
	struct choice	 ch;
	struct ref	 ref;
	struct round_info ri;
	uint8_t		 sk[64];
	uint32_t	 other, kid, id, used0;
	int		 rc;

	setup("", 1);
	if (kl_village_add(&E.adm, &E.org, "Buurdorp", &other) != 0 ||
	    kl_kiosk_enroll(&E.adm, &E.org, other, "stemkast buurdorp", sk, &kid) != 0)
		die("set-up: %s", E.adm.err);
	/* A code for this round (then the round opens), the ballot signed by the other
	 * village's kiosk. */
	crypto_sign_keypair(cr.pk, cr.sk);
	if (kl_creds_register(&E.adm, &E.org, E.round, &cr, 1) != 0)
		die("register: %s", E.adm.err);
	b = ballots(1, 1, 1);
	memset(&fb, 0, sizeof(fb));
	ch.initiative = E.ids[0];
	ch.value = 1;
	if (kl_ballot_make(&fb, 50, E.round, kid, sk, &cr, &ch, 1, 0) != 0)
		die("signing failed");
	ref.id = E.round;
	if (kl_call(&E.adm, MSG_ROUND_SHOW, &ref, NULL, &ri) != 0)
		die("round show: %s", E.adm.err);
	used0 = ri.used;
	wire_free(&schema_round_info, &ri);
	if (kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0 ||
	    kl_kiosk_login(&k, sk, &id) != 0)
		die("kiosk of the other village: %s", k.err);
	rc = kl_cast(&k, &fb);
	kl_close(&k);
	if (kl_call(&E.adm, MSG_ROUND_SHOW, &ref, NULL, &ri) != 0)
		die("round show: %s", E.adm.err);
	result(rc == ERRC_KIOSK && ri.used == used0, "a logged-in kiosk of another village "
	    "casting into this village's round is refused (error %d, want %d); codes used "
	    "stay %u (now %u)", rc, ERRC_KIOSK, used0, ri.used);
	wire_free(&schema_round_info, &ri);
	free(fb.frame);
	/* The same code at this village's kiosk: it was not burnt. */
	memset(&fb, 0, sizeof(fb));
	if (kl_ballot_make(&fb, 51, E.round, E.kiosk_id[0], E.kiosk_sk[0], &cr, &ch, 1, 0) != 0)
		die("signing failed");
	rc = -1;
	if (kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin) == 0 &&
	    kl_kiosk_login(&k, E.kiosk_sk[0], &id) == 0)
		rc = kl_cast(&k, &fb);
	result(rc == 0, "the same code then votes at a kiosk of the round's village (%d%s%s)",
	    rc, rc ? ": " : "", rc ? k.err : "");
	kl_close(&k);
	free(fb.frame);
	sodium_memzero(&cr, sizeof(cr));
	sodium_memzero(sk, sizeof(sk));
	ballots_free(b, 1);
	daemon_stop_clean();
	return E.failed;
}

/*
 * The handshake guard after a HelloRetryRequest: a hand-made ClientHello with no key
 * share makes the daemon ask for one (HRR); the second ClientHello's header then claims
 * 131,396 bytes. The guard reads the plaintext handshake stream across records, so this
 * one is refused by name too.
 */
static int
mode_tlshrr(void)
{
	enum { N = 300 };
	static const uint8_t ext[] = {
		0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,		/* TLS 1.3 */
		0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,		/* x25519 */
		0x00, 0x33, 0x00, 0x02, 0x00, 0x00,			/* no key share */
		0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x04, 0x03, 0x08, 0x07,
	};
	static const uint8_t big[9] = { 0x16, 0x03, 0x03, 0x00, 0x04, 0x01, 0x02, 0x01, 0x44 };
	struct kl_ballot *b;
	uint8_t		 ch[256], buf[4096];
	size_t		 n = 0, i, hrr = 0, refused;
	struct timeval	 tv = { 2, 0 };
	long		 rss0, rss, peak;
	ssize_t		 r;
	int		 fd[N];

	setup("max per-peer 64\n", 4);
	b = ballots(8, 1, 1);
	/* record header, handshake header, version, random, no session id, one suite, no
	 * compression, the extensions */
	ch[n++] = 0x16; ch[n++] = 0x03; ch[n++] = 0x01; n += 2;
	ch[n++] = 0x01; n += 3;
	ch[n++] = 0x03; ch[n++] = 0x03;
	randombytes_buf(ch + n, 32); n += 32;
	ch[n++] = 0x00;
	ch[n++] = 0x00; ch[n++] = 0x02; ch[n++] = 0x13; ch[n++] = 0x01;
	ch[n++] = 0x01; ch[n++] = 0x00;
	ch[n++] = 0x00; ch[n++] = (uint8_t)sizeof(ext);
	memcpy(ch + n, ext, sizeof(ext)); n += sizeof(ext);
	ch[3] = (uint8_t)((n - 5) >> 8); ch[4] = (uint8_t)(n - 5);
	ch[6] = 0; ch[7] = (uint8_t)((n - 9) >> 8); ch[8] = (uint8_t)(n - 9);
	rss0 = peak = rss_kib();
	for (i = 0; i < N; i++) {
		fd[i] = tcp_from(1 + (unsigned)(i / 50));
		if (fd[i] == -1)
			continue;
		setsockopt(fd[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		/* A ServerHello that is a HelloRetryRequest (its random is fixed by RFC 8446;
		 * a handshake record of type 2 is enough here: we offered no key share). */
		if (send(fd[i], ch, n, MSG_NOSIGNAL) != (ssize_t)n ||
		    (r = recv(fd[i], buf, sizeof(buf), 0)) < 6 || buf[0] != 0x16 || buf[5] != 0x02)
			continue;
		hrr++;
		(void)send(fd[i], big, sizeof(big), MSG_NOSIGNAL);
		if (i % 50 == 49 && (rss = rss_kib()) > peak)
			peak = rss;
	}
	for (i = 0; i < 10; i++) {
		usleep(100000);
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	for (i = 0; i < 100 && (refused = log_count("refused: a TLS handshake message of "
	    "131396 bytes (type 1; limit 16384)")) < hrr; i++)
		usleep(100000);
	result(hrr == N, "%zu hand-made ClientHellos without a key share got a "
	    "HelloRetryRequest (%zu)", (size_t)N, hrr);
	result(refused == hrr && hrr > 0, "the second ClientHello, claiming 131,396 bytes, was "
	    "refused by name every time (%zu of %zu)", refused, hrr);
	rss_result(peak - rss0 < 24 * 1024, "daemon RSS meanwhile: +%ld MiB (ceiling 24 MiB)",
	    (peak - rss0) / 1024);
	honest_result(b, 4, "afterwards");
	for (i = 0; i < N; i++)
		if (fd[i] != -1)
			close(fd[i]);
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * Churn: once the unauthenticated share is full, every new connection replaces the oldest
 * unauthenticated one. An attacker that connects as fast as it can (plain TCP, no TLS,
 * from a few addresses) turns the whole share over every few milliseconds: does a kiosk
 * that is still in its TLS handshake or login get replaced before it logs in?
 */
struct churn {
	volatile int	 stop;
	size_t		 opened;
	unsigned	 nsrc, pace_us;
};

static void *
churn_main(void *arg)
{
	struct churn		*ch = arg;
	struct sockaddr_in	 sin;
	int			 fd, ring[1024], on = 1;
	unsigned		 k = 0;
	size_t			 i;

	for (i = 0; i < 1024; i++)
		ring[i] = -1;
	for (i = 0; !ch->stop; i = (i + 1) % 1024) {
		/* Held open (silent) until the daemon replaces it or 1,024 later ones came. */
		if (ring[i] != -1)
			close(ring[i]);
		ring[i] = -1;
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) == -1) {
			usleep(1000);
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(0x7f000200u | (1 + k++ % ch->nsrc));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
			sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			sin.sin_port = htons((uint16_t)atoi(E.port));
			(void)connect(fd, (struct sockaddr *)&sin, sizeof(sin));
			ch->opened++;
		}
		ring[i] = fd;
		/* Paced (CHURN_US) to what the daemon accepts on a busy machine: this is
		 * about which connection makes room, not about out-running accept(2). */
		usleep(ch->pace_us);
	}
	for (i = 0; i < 1024; i++)
		if (ring[i] != -1)
			close(ring[i]);
	return NULL;
}

static int
mode_churn(void)
{
	struct kl_ballot *b;
	struct churn	 ch;
	pthread_t	 th;
	size_t		 ev0;

	setup("max connections 100\nmax unauthenticated 50\nmax per-peer 64\n", 4);
	b = ballots(8, 1, 1);
	memset(&ch, 0, sizeof(ch));
	ch.nsrc = 8;
	ch.pace_us = getenv("CHURN_US") ? (unsigned)atoi(getenv("CHURN_US")) : 1000;
	if (pthread_create(&th, NULL, churn_main, &ch) != 0)
		die("pthread_create failed");
	usleep(500000);
	ev0 = log_count("dropped to make room");
	/* Kiosks on a slow link: 100 ms between HELLO and the login (four round trips of
	 * 25 ms), longer than the share takes to turn over. */
	honest_think_us = 100000;
	honest_result(b, 4, "kiosks on a slow link while a flood from 8 addresses turns the "
	    "unauthenticated share over");
	honest_think_us = 0;
	ch.stop = 1;
	pthread_join(th, NULL);
	printf("# %zu connections opened by the churner; %zu replaced to make room (%zu "
	    "before the kiosks)\n", ch.opened, log_count("dropped to make room"), ev0);
	result(log_count("dropped to make room") > ev0 &&
	    log_count("127.0.0.1: dropped to make room") == 0, "the flood's connections "
	    "replaced its own (\"dropped to make room\", %zu times), never a kiosk's",
	    log_count("dropped to make room"));
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * A stolen kiosk: one enrolled kiosk key logs in on 60 sessions, and each pipelines
 * status requests without reading. Logged in, each session may hold `max output`; before
 * `max key-sessions` nothing bounded how many sessions one key had (60: +171 MiB;
 * `max connections` of them: ~40 GiB).
 */
static int
mode_kioskpipe(void)
{
	enum { N = 60, NREQ = 100000 };
	struct kl_ballot *b;
	struct kl_conn	*k;
	struct wbuf	 w;
	int		 fl, r;
	size_t		 i, off, opened = 0;
	long		 rss0, rss, peak;
	uint64_t	 t0, last;
	uint32_t	 id;

	setup("max output 4M\nmax key-sessions 8\n", 4);
	b = ballots(8, 1, 1);
	k = kl_calloc(N, sizeof(*k));
	wbuf_init(&w);
	for (i = 0; i < NREQ; i++)
		frame_put(&w, MSG_STATUS, (uint32_t)i + 10, &schema_empty, NULL);
	if (w.oom)
		die("out of memory");
	rss0 = peak = rss_kib();
	for (i = 0; i < N; i++) {
		if (kl_open(&k[i], NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0 ||
		    kl_kiosk_login(&k[i], E.kiosk_sk[3], &id) != 0) {
			kl_close(&k[i]);
			continue;
		}
		opened++;
		fl = fcntl(k[i].fd, F_GETFL);
		fcntl(k[i].fd, F_SETFL, fl | O_NONBLOCK);
		t0 = last = kl_now_ns();
		for (off = 0; off < w.len && kl_now_ns() - last < 100000000u &&
		    kl_now_ns() - t0 < 1000000000u;) {
			r = SSL_write(k[i].ssl, w.p + off, (int)(w.len - off > 16384 ? 16384 :
			    w.len - off));
			if (r > 0) {
				off += (size_t)r;
				last = kl_now_ns();
			} else {
				ERR_clear_error();
				if (SSL_get_error(k[i].ssl, r) != SSL_ERROR_WANT_WRITE)
					break;
				usleep(1000);
			}
		}
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	for (i = 0; i < 10; i++) {
		usleep(100000);
		if ((rss = rss_kib()) > peak)
			peak = rss;
	}
	result(opened == N && log_count("sessions is the limit (max key-sessions)") == N - 8,
	    "one kiosk key logged in %zu times: each login past 8 replaced its oldest session, "
	    "by name (%zu log lines \"(max key-sessions)\", want %d)", opened,
	    log_count("sessions is the limit (max key-sessions)"), N - 8);
	rss_result(peak - rss0 < 48 * 1024, "daemon RSS with the stolen key's sessions "
	    "pipelining %d status requests each and reading nothing: +%ld MiB (ceiling 48 MiB: "
	    "8 sessions of `max output` and `max input`; +171 MiB for 60 sessions before the "
	    "cap)", NREQ, (peak - rss0) / 1024);
	honest_result(b, 3, "meanwhile");
	for (i = 0; i < N; i++)
		kl_close(&k[i]);
	/* The same for an organiser key: 12 TLS sessions, each authenticated by a signed
	 * ledger read; the 9th to 12th replace the oldest. */
	{
		struct event_page_req	 q = { E.round, 0, 1 };
		struct event_page	 pg;
		struct status		 st;
		size_t			 good = 0, live = 0;

		for (i = 0; i < 12; i++) {
			if (kl_open(&k[i], NULL, E.ctx, "127.0.0.1", E.port, E.pin) == 0 &&
			    kl_call(&k[i], MSG_LEDGER_LIST, &q, &E.org, &pg) == 0) {
				good++;
				wire_free(&schema_event_page, &pg);
			}
		}
		for (i = 0; i < 12; i++) {
			if (kl_call(&k[i], MSG_STATUS, NULL, NULL, &st) == 0) {
				live++;
				wire_free(&schema_status, &st);
			}
			kl_close(&k[i]);
		}
		result(good == 12 && live == 8 && log_count("organiser \"Abuse\": its oldest "
		    "session") == 4, "an organiser key signing on 12 TLS sessions keeps 8: the "
		    "4 oldest replaced, by name (%zu signed, %zu still open, %zu log lines)", good,
		    live, log_count("organiser \"Abuse\": its oldest session"));
	}
	free(k);
	wbuf_free(&w);
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * TLS handshakes in progress per address (`max handshakes-per-peer`). Connections that
 * start a ClientHello and stall were all held until `timeout hello`, each with its TLS
 * state: 40 from one address are now held at the cap, the oldest making room; a kiosk
 * from elsewhere is not disturbed, and one behind the stalling address (a shared NAT)
 * still gets in, because its connection replaces the oldest stalled handshake.
 */
static size_t
hs_stall(int *fd, size_t n, unsigned src)
{
	static const uint8_t rec[5] = { 0x16, 0x03, 0x01, 0x02, 0x00 };	/* 512 to come */
	size_t i, opened = 0;

	for (i = 0; i < n; i++) {
		if ((fd[i] = tcp_from(src)) == -1)
			continue;
		if (send(fd[i], rec, sizeof(rec), MSG_NOSIGNAL) == (ssize_t)sizeof(rec))
			opened++;
		usleep(2000);		/* in order: the oldest is the first */
	}
	return opened;
}

/* How many of fd[0..n) the daemon has closed; the open ones' indices from *first_open. */
static size_t
hs_gone(const int *fd, size_t n, size_t *first_open)
{
	uint8_t	buf[64];
	ssize_t	r;
	size_t	i, gone = 0;

	*first_open = n;
	for (i = 0; i < n; i++) {
		if (fd[i] == -1) {
			gone++;
			continue;
		}
		r = recv(fd[i], buf, sizeof(buf), MSG_DONTWAIT);
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			gone++;
		else if (*first_open == n)
			*first_open = i;
	}
	return gone;
}

static unsigned
daemon_connections(void)
{
	struct status	st;
	unsigned	n;

	if (kl_call(&E.adm, MSG_STATUS, NULL, NULL, &st) != 0)
		return 0;
	n = st.connections;
	wire_free(&schema_status, &st);
	return n;
}

static int
mode_handshakes(void)
{
	enum { N = 40, CAP = 8 };
	struct kl_ballot *b;
	int		 fd[N], fd2[N];
	char		 extra[256];
	size_t		 i, opened, gone = 0, first = 0, k;
	unsigned	 conns = 0;

	snprintf(extra, sizeof(extra), "max per-peer 256\nmax handshakes-per-peer %d\n"
	    "timeout hello 30\n", CAP);
	setup(extra, 4);
	b = ballots(8, 1, 1);
	opened = hs_stall(fd, N, 1);
	/* A slow daemon gets up to 10 s to take them all. */
	for (k = 0; k < 100; k++) {
		gone = hs_gone(fd, N, &first);
		conns = daemon_connections();
		if (gone >= N - CAP && conns <= 1 + CAP)
			break;
		usleep(100000);
	}
	result(opened == N, "%zu connections from 127.0.1.1 started a TLS handshake and stalled",
	    opened);
	result(conns == 1 + CAP && gone == N - CAP && first == N - CAP, "the daemon holds %d "
	    "of them (max handshakes-per-peer), the newest: %u connections besides ours, %zu "
	    "closed, the first still open is number %zu", CAP, conns - 1, gone, first + 1);
	if (getenv("ABUSE_DEBUG"))
		result(log_count("TLS handshakes in progress from this address") >= N - CAP,
		    "each was replaced by name (\"%d TLS handshakes in progress from this "
		    "address\", %zu log lines)", CAP,
		    log_count("TLS handshakes in progress from this address"));
	honest_result(b, 2, "kiosks from another address meanwhile");
	/* The same from the kiosks' own address: each kiosk's connection replaces the oldest
	 * stalled handshake and completes its own in milliseconds. */
	opened = hs_stall(fd2, N, 0);
	for (k = 0; k < 100; k++) {
		gone = hs_gone(fd2, N, &first);
		if (gone >= N - CAP)
			break;
		usleep(100000);
	}
	result(opened == N && gone == N - CAP, "%zu stalled handshakes from 127.0.0.1: %zu "
	    "closed, %d held", opened, gone, CAP);
	honest_result(b + 2, 2, "kiosks behind the address that holds its cap of stalled "
	    "handshakes");
	for (i = 0; i < N; i++) {
		if (fd[i] != -1)
			close(fd[i]);
		if (fd2[i] != -1)
			close(fd2[i]);
	}
	ballots_free(b, 8);
	daemon_stop_clean();
	return E.failed;
}

/*
 * Honest work first (dorpsstemd.h PRIO_*, `max unauthenticated-per-turn`): N ClientHellos
 * land on the daemon at once, more than it can answer in one go, and then a logged-in
 * kiosk asks STATUS. Its reply must come while the burst is still being worked through:
 * the kiosk's round trip under half the time the daemon takes to answer every
 * ClientHello (the median of five bursts). Before, the kiosk waited behind the burst:
 * handshakes ran first come, first served, and libevent had put the kiosk's open TLS
 * session below them (its priority reset when the handshake completed).
 */
static int
mode_priority(void)
{
	enum { N = 400, ROUNDS = 5 };
	struct kl_conn	 k;
	struct status	 st;
	struct pollfd	*pf;
	SSL		*ssl[N];
	int		 fd[N], ready, fl;
	double		 rtt[ROUNDS], drain[ROUNDS], tmp;
	uint64_t	 t1, tk, tlast;
	size_t		 r, i, j, nready, sent;

	setup("max connections 3000\nmax unauthenticated 2500\nmax per-peer 64\n"
	    "timeout hello 30\n", 1);
	if (kl_open(&k, NULL, E.ctx, "127.0.0.1", E.port, E.pin) != 0 ||
	    kl_kiosk_login(&k, E.kiosk_sk[0], NULL) != 0)
		die("the kiosk: %s", k.err);
	pf = kl_calloc(N, sizeof(*pf));
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < N; i++) {
			ssl[i] = NULL;
			if ((fd[i] = tcp_from(1 + (unsigned)(i / 40))) == -1)
				continue;
			fl = fcntl(fd[i], F_GETFL);
			fcntl(fd[i], F_SETFL, fl | O_NONBLOCK);
			if ((ssl[i] = SSL_new(E.ctx)) != NULL)
				SSL_set_fd(ssl[i], fd[i]);
		}
		usleep(300000);		/* accepted, all waiting for their ClientHello */
		for (i = sent = 0; i < N; i++)
			if (ssl[i] != NULL) {
				(void)SSL_connect(ssl[i]);	/* sends it; wants the reply */
				ERR_clear_error();
				sent++;
			}
		t1 = kl_now_ns();
		if (kl_call(&k, MSG_STATUS, NULL, NULL, &st) != 0)
			die("the kiosk's STATUS during the burst: %s", k.err);
		wire_free(&schema_status, &st);
		tk = kl_now_ns();
		/* When did the last ServerHello arrive? */
		tlast = t1;
		for (nready = 0; nready < sent && kl_now_ns() - t1 < 20000000000ull;) {
			for (i = j = 0; i < N; i++)
				if (ssl[i] != NULL && fd[i] >= 0) {
					pf[j].fd = fd[i];
					pf[j].events = POLLIN;
					pf[j].revents = 0;
					j++;
				}
			if ((ready = poll(pf, j, 100)) <= 0)
				continue;
			for (i = 0; i < j; i++)
				if (pf[i].revents) {
					size_t m;
					for (m = 0; m < N && fd[m] != pf[i].fd; m++)
						;
					SSL_free(ssl[m]);
					ssl[m] = NULL;
					close(fd[m]);
					fd[m] = -1;
					nready++;
					tlast = kl_now_ns();
				}
		}
		for (i = 0; i < N; i++) {
			if (ssl[i] != NULL)
				SSL_free(ssl[i]);
			if (fd[i] >= 0)
				close(fd[i]);
		}
		rtt[r] = (double)(tk - t1) / 1e6;
		drain[r] = (double)(tlast - t1) / 1e6;
		printf("# burst %zu: %zu ClientHellos, %zu answered; the kiosk's STATUS took "
		    "%.1f ms, the last ServerHello came after %.1f ms\n", r + 1, sent, nready,
		    rtt[r], drain[r]);
		usleep(500000);		/* the daemon closes them */
	}
	for (i = 0; i < ROUNDS; i++)		/* medians */
		for (j = i + 1; j < ROUNDS; j++) {
			if (rtt[j] < rtt[i]) {
				tmp = rtt[i]; rtt[i] = rtt[j]; rtt[j] = tmp;
			}
			if (drain[j] < drain[i]) {
				tmp = drain[i]; drain[i] = drain[j]; drain[j] = tmp;
			}
		}
	result(rtt[ROUNDS / 2] < drain[ROUNDS / 2] / 2, "a logged-in kiosk is served before "
	    "a burst of %d TLS handshakes: its STATUS took %.1f ms, the burst %.1f ms "
	    "(medians of %d; the kiosk must be under half)", N, rtt[ROUNDS / 2],
	    drain[ROUNDS / 2], ROUNDS);
	free(pf);
	kl_close(&k);
	daemon_stop_clean();
	return E.failed;
}

static void
usage(void)
{
	fprintf(stderr, "usage: abuse deadlines|flood [-s SECONDS] [-p P99_MS]|kioskflood|"
	    "order|checkpoint|unauthout|tlshello|budgetlogin|tlsmisc|village|tlshrr|churn|kioskpipe|"
	    "handshakes|priority\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	double	secs = 4, p99 = 250;
	int	ch, bench = 0;
	const char *mode;

#ifdef ABUSE_BENCH
	bench = 1;
	secs = 10;
	p99 = 100;
	mode = "flood";
	optind = 1;
#else
	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
#endif
	while ((ch = getopt(argc, argv, "s:p:")) != -1)
		switch (ch) {
		case 's': secs = atof(optarg); break;
		case 'p': p99 = atof(optarg); break;
		default: usage();
		}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sodium_init() < 0)
		die("sodium_init failed");
	kl_cleanup_install();
	atexit(cleanup);
	if (strcmp(mode, "deadlines") == 0)
		return mode_deadlines();
	if (strcmp(mode, "flood") == 0)
		return mode_flood(secs, p99, bench);
	if (strcmp(mode, "kioskflood") == 0)
		return mode_kioskflood();
	if (strcmp(mode, "order") == 0)
		return mode_order();
	if (strcmp(mode, "checkpoint") == 0)
		return mode_checkpoint();
	if (strcmp(mode, "unauthout") == 0)
		return mode_unauthout();
	if (strcmp(mode, "tlshello") == 0)
		return mode_tlshello();
	if (strcmp(mode, "budgetlogin") == 0)
		return mode_budgetlogin();
	if (strcmp(mode, "tlsmisc") == 0)
		return mode_tlsmisc();
	if (strcmp(mode, "village") == 0)
		return mode_village();
	if (strcmp(mode, "tlshrr") == 0)
		return mode_tlshrr();
	if (strcmp(mode, "churn") == 0)
		return mode_churn();
	if (strcmp(mode, "kioskpipe") == 0)
		return mode_kioskpipe();
	if (strcmp(mode, "handshakes") == 0)
		return mode_handshakes();
	if (strcmp(mode, "priority") == 0)
		return mode_priority();
	usage();
	return 2;
}
