/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ingest — the ballot-ingest benchmark of DESIGN §12 against the real dorpsstemd.
 *
 *   ingest [-c CONNS] [-n BALLOTS] [-s SECONDS] [-p DEPTH] [-k KIOSKS] [-i IDLE] [-K]
 *
 * Starts $DORPSSTEMD (default build/dorpsstemd) on a private data directory, sets up a
 * village, an approval round with 10 admitted initiatives, KIOSKS enrolled kiosks and
 * BALLOTS credentials, pre-signs one ballot per credential (before the clock starts), opens
 * CONNS TLS kiosk sessions and casts the ballots back to back, DEPTH in flight per
 * session. Then it opens IDLE more sessions that only say HELLO to price an idle
 * connection. docs/bench.md explains every figure. Exit status: 0 when every consistency
 * check holds (missing a performance target is reported, not a failure), 1 otherwise,
 * 2 when the benchmark could not run.
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ftw.h>
#include <pthread.h>

#include "../kioskload.h"

#define NINIT		10
#define MAX_CHOICES	5

struct bench {
	/* options */
	size_t		 nconn, nballots, nkiosk, nidle;
	int		 depth;
	double		 seconds;
	int		 keep;
	/* set-up */
	char		 dir[64], conf[128], log[128], sock[256], datadir[128], port[8];
	struct kl_daemon d;
	struct kl_org	 org;
	char		 pin[128];
	uint32_t	 village, round, ids[NINIT];
	uint8_t		(*kiosk_sk)[64];
	uint32_t	*kiosk_id;
	struct kl_cred	*cred;
	struct kl_ballot *b;
	int		 failed;
};

static struct bench B;

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	kl_daemon_reap();
	if (B.dir[0] && !B.keep)
		nftw(B.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
tail_log(void)
{
	char	 line[512];
	FILE	*f;
	long	 n = 0, skip;

	if ((f = fopen(B.log, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f))
		n++;
	rewind(f);
	skip = n > 20 ? n - 20 : 0;
	fprintf(stderr, "# last lines of the daemon log:\n");
	while (fgets(line, sizeof(line), f))
		if (skip-- <= 0)
			fprintf(stderr, "#   %s", line);
	fclose(f);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ingest: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	tail_log();
	exit(2);
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

static void
setup_files(void)
{
	uint8_t		 pk[KEY_BYTES];
	char		 hex[2 * KEY_BYTES + 1];
	FILE		*f;

	snprintf(B.dir, sizeof(B.dir), "/tmp/dorpsstem-bench.XXXXXX");
	if (mkdtemp(B.dir) == NULL)
		die("mkdtemp: %s", strerror(errno));
	snprintf(B.conf, sizeof(B.conf), "%s/d.conf", B.dir);
	snprintf(B.log, sizeof(B.log), "%s/daemon.log", B.dir);
	snprintf(B.datadir, sizeof(B.datadir), "%s/data", B.dir);
	snprintf(B.sock, sizeof(B.sock), "%s/dorpsstemd.sock", B.datadir);
	free_port(B.port);
	crypto_sign_keypair(pk, B.org.sk);
	hex_encode(pk, KEY_BYTES, hex);
	if ((f = fopen(B.conf, "w")) == NULL)
		die("%s: %s", B.conf, strerror(errno));
	/* Limits high enough for every session of this run from one address (the idle
	 * sessions never authenticate: the unauthenticated share must hold them; all of
	 * them shake hands at once, above the default `max handshakes-per-peer` of 64,
	 * whose oldest would make room for the newest); the map
	 * large enough that it does not grow during the timed phase. */
	fprintf(f, "datadir \"%s\"\nlisten on 127.0.0.1 port %s\norganiser \"Bench\" key %s\n"
	    "max connections %zu\nmax per-peer %zu\nmax unauthenticated %zu\ntimeout idle 900\n"
	    "map size 2G\nlog level info\nmax key-sessions %zu\nmax handshakes-per-peer %zu\n",
	    B.datadir, B.port, hex, B.nconn + B.nidle + 64, B.nconn + B.nidle + 64,
	    B.nconn + B.nidle + 32, B.nconn, B.nconn + B.nidle + 64);
	/* tests/bench/web.sh adds the web site's listener this way. */
	if (getenv("INGEST_EXTRA_CONF") != NULL)
		fprintf(f, "%s\n", getenv("INGEST_EXTRA_CONF"));
	if (fclose(f) != 0)
		die("%s: %s", B.conf, strerror(errno));
}

/* ---- pre-signing, on both cores ------------------------------------------------------- */

struct slice {
	size_t	from, to;
	int	rc;
};

/* 1..MAX_CHOICES distinct initiatives, from a small generator seeded by the ballot number,
 * ascending. */
static size_t
choices_for(size_t i, struct choice *ch)
{
	uint64_t	x = i * 0x9e3779b97f4a7c15ull + 1;
	uint32_t	pool[NINIT], t;
	size_t		n = 1 + i % MAX_CHOICES, k, j;

	memcpy(pool, B.ids, sizeof(pool));
	for (k = 0; k < n; k++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		j = k + (size_t)((x * 0x2545f4914f6cdd1dull) >> 33) % (NINIT - k);
		t = pool[k];
		pool[k] = pool[j];
		pool[j] = t;
	}
	for (k = 0; k < n; k++) {
		ch[k].initiative = pool[k];
		ch[k].value = 1;
	}
	for (k = 1; k < n; k++)		/* insertion sort: n ≤ 5 */
		for (j = k; j > 0 && ch[j - 1].initiative > ch[j].initiative; j--) {
			struct choice c = ch[j];
			ch[j] = ch[j - 1];
			ch[j - 1] = c;
		}
	return n;
}

static void *
presign(void *arg)
{
	struct slice	*s = arg;
	struct choice	 ch[MAX_CHOICES];
	size_t		 i, n;
	uint32_t	 k;

	for (i = s->from; i < s->to; i++) {
		kl_creds_make(B.round, &B.cred[i], 1);
		n = choices_for(i, ch);
		k = (uint32_t)(i % B.nkiosk);
		B.b[i].kiosk = k;
		B.b[i].cred = (uint32_t)i;
		if (kl_ballot_make(&B.b[i], (uint32_t)(i + 1), B.round, B.kiosk_id[k],
		    B.kiosk_sk[k], &B.cred[i], ch, n, 0) != 0) {
			s->rc = -1;
			break;
		}
		sodium_memzero(B.cred[i].sk, sizeof(B.cred[i].sk));	/* used once */
	}
	return NULL;
}

static void
presign_all(void)
{
	pthread_t	t[2];
	struct slice	s[2] = { { 0, B.nballots / 2, 0 }, { B.nballots / 2, B.nballots, 0 } };
	int		i;

	for (i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, presign, &s[i]) != 0)
			die("pthread_create failed");
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	if (s[0].rc || s[1].rc)
		die("signing ballots failed (out of memory)");
}

/* Seconds one Ed25519 verification takes here, on a ballot-sized message. */
static double
verify_cost(int iterations)
{
	uint8_t		 pk[KEY_BYTES], sk[64], sig[SIG_BYTES], msg[1024];
	uint64_t	 t0;
	size_t		 len;
	int		 i, bad = 0;

	/* As long as what the kiosk signs: domain, NUL, ballot body, voter signature. */
	len = sizeof(DOMAIN_BALLOT_KIOSK) + (B.b[0].len - FRAME_HDR - MSG_HDR - 2 * SIG_BYTES) +
	    SIG_BYTES;
	if (len > sizeof(msg))
		len = sizeof(msg);
	crypto_sign_keypair(pk, sk);
	randombytes_buf(msg, len);
	crypto_sign_detached(sig, NULL, msg, len, sk);
	t0 = kl_now_ns();
	for (i = 0; i < iterations; i++)
		bad += crypto_sign_verify_detached(sig, msg, len, pk) != 0;
	if (bad)
		die("crypto_sign_verify_detached failed on a good signature");
	return (double)(kl_now_ns() - t0) / 1e9 / iterations;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
status(struct kl_conn *c, uint64_t *ballots, uint64_t *commits)
{
	struct status st;

	if (kl_call(c, MSG_STATUS, NULL, NULL, &st) != 0)
		die("status: %s", c->err);
	*ballots = st.ballots;
	*commits = st.commits;
	wire_free(&schema_status, &st);
}

static double
cpu_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* One line: figure, value, target, ratio and verdict. higher: more is better. */
static void
target(const char *what, double value, const char *unit, double goal, int higher,
    const char *note)
{
	double	ratio = value / goal;
	int	met = higher ? value >= goal : value <= goal;

	printf("  %-26s %10.2f %-10s target %s %g %-10s %5.2f of target  %s%s%s\n", what, value,
	    unit, higher ? "≥" : "≤", goal, unit, ratio, met ? "MET" : "MISSED",
	    note ? "  " : "", note ? note : "");
}

static void
check(int good, const char *fmt, ...)
{
	va_list ap;

	printf("  %s ", good ? "ok    " : "FAILED");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!good)
		B.failed = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ingest [-c conns] [-n ballots] [-s seconds] [-p depth] "
	    "[-k kiosks] [-i idle-conns] [-K]\n");
	exit(2);
}

static size_t
num(const char *s, size_t lo, size_t hi)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi)
		usage();
	return v;
}

int
main(int argc, char *argv[])
{
	struct kl_conn	 adm;
	struct kl_load	 ld, idle;
	struct rlimit	 rl;
	SSL_CTX		*ctx;
	const char	*bin;
	char		 err[512], name[32];
	uint64_t	 b0, c0, b1, c1, *lat, stored;
	double		 vcost, vcost0, vcost1, dcpu0, dcpu1, gcpu0, gcpu1, secs, t;
	long		 rss0, rss1, anon0, anon1;
	size_t		 i, nlat, lost, bad, maxfd;
	uint32_t	 used, registered;
	int		 ch, rc;

	B.nconn = 256;
	B.nballots = 100000;
	B.nkiosk = 8;
	B.depth = 1;
	B.nidle = 10000;
	while ((ch = getopt(argc, argv, "c:n:s:p:k:i:K")) != -1)
		switch (ch) {
		case 'c': B.nconn = num(optarg, 1, 100000); break;
		case 'n': B.nballots = num(optarg, 1, 10000000); break;
		case 's': B.seconds = (double)num(optarg, 1, 3600); break;
		case 'p': B.depth = (int)num(optarg, 1, KL_DEPTH_MAX); break;
		case 'k': B.nkiosk = num(optarg, 1, 1000); break;
		case 'i': B.nidle = num(optarg, 0, 1000000); break;
		case 'K': B.keep = 1; break;
		default: usage();
		}
	if (optind != argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);	/* progress shows as it happens, also in a file */
	if (sodium_init() < 0)
		die("sodium_init failed");
	kl_cleanup_install();
	atexit(cleanup);
	bin = getenv("DORPSSTEMD") ? getenv("DORPSSTEMD") : "build/dorpsstemd";

	/* Every session is a descriptor here and one in the daemon (which inherits ours). */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		maxfd = rl.rlim_cur == RLIM_INFINITY ? SIZE_MAX : (size_t)rl.rlim_cur;
		if (B.nconn + B.nidle + 100 > maxfd) {
			size_t idle0 = B.nidle;
			B.nidle = maxfd > B.nconn + 100 ? maxfd - B.nconn - 100 : 0;
			printf("note: the descriptor limit is %zu: %zu idle connections instead of "
			    "%zu (raise `ulimit -n` for more)\n", maxfd, B.nidle, idle0);
		}
	}
	setup_files();
	B.d.bin = bin;
	B.d.conf = B.conf;
	B.d.log = B.log;
	B.d.sock = B.sock;
	printf("ingest: %s, %zu TLS connections, %zu kiosks, depth %d, %zu ballots%s\n", bin,
	    B.nconn, B.nkiosk, B.depth, B.nballots, B.seconds > 0 ? " (or the time limit)" : "");
	if (kl_daemon_start(&B.d, err, sizeof(err)) != 0)
		die("%s", err);
	printf("  daemon: pid %d, %s, log %s\n", (int)B.d.pid, B.conf, B.log);
	if (kl_open(&adm, B.sock, NULL, NULL, NULL, NULL) != 0)
		die("control socket: %s", adm.err);
	{
		struct status st;
		if (kl_call(&adm, MSG_STATUS, NULL, NULL, &st) != 0)
			die("status: %s", adm.err);
		snprintf(B.pin, sizeof(B.pin), "%s", st.tls_fingerprint);
		wire_free(&schema_status, &st);
	}

	/* The round, its kiosks and voters. */
	t = (double)kl_now_ns();
	if ((rc = kl_village_add(&adm, &B.org, "Benchdorp", &B.village)) != 0 ||
	    (rc = kl_round_setup(&adm, &B.org, B.village, "Ingest", NINIT, MAX_CHOICES,
	    &B.round, B.ids)) != 0)
		die("set-up: %s", adm.err);
	B.kiosk_sk = kl_calloc(B.nkiosk, sizeof(*B.kiosk_sk));
	B.kiosk_id = kl_calloc(B.nkiosk, sizeof(*B.kiosk_id));
	for (i = 0; i < B.nkiosk; i++) {
		snprintf(name, sizeof(name), "kiosk %zu", i + 1);
		if (kl_kiosk_enroll(&adm, &B.org, B.village, name, B.kiosk_sk[i],
		    &B.kiosk_id[i]) != 0)
			die("kiosk enroll: %s", adm.err);
	}
	B.cred = kl_calloc(B.nballots, sizeof(*B.cred));
	B.b = kl_calloc(B.nballots, sizeof(*B.b));
	presign_all();
	printf("  set-up: %zu credentials derived and ballots signed in %.1f s\n", B.nballots,
	    ((double)kl_now_ns() - t) / 1e9);
	t = (double)kl_now_ns();
	if (kl_creds_register(&adm, &B.org, B.round, B.cred, B.nballots) != 0)
		die("credentials register: %s", adm.err);
	if (kl_ref_call(&adm, &B.org, MSG_ROUND_OPEN, B.round) != 0)
		die("round open: %s", adm.err);
	printf("  set-up: %zu credentials registered, round %u open, in %.1f s\n", B.nballots,
	    B.round, ((double)kl_now_ns() - t) / 1e9);

	/* The yardstick, on this machine, with the daemon idle: before and after the timed
	 * phase (the mean is used), so a change in what else runs here shows. */
	vcost0 = verify_cost(10000);

	/* Sessions first (not timed), then the timed phase. */
	if ((ctx = kl_tls_ctx()) == NULL)
		die("SSL_CTX_new failed");
	memset(&ld, 0, sizeof(ld));
	ld.ctx = ctx;
	ld.host = "127.0.0.1";
	ld.port = B.port;
	ld.pin = B.pin;
	ld.nconn = B.nconn;
	ld.depth = B.depth;
	ld.login = 1;
	ld.kiosk_sk = (const uint8_t (*)[64])B.kiosk_sk;
	ld.nkiosk = B.nkiosk;
	ld.b = B.b;
	ld.nb = B.nballots;
	ld.seconds = B.seconds;
	t = (double)kl_now_ns();
	if (kl_load_open(&ld) != 0)
		die("opening %zu kiosk sessions: %s (%zu of them ready)", B.nconn, ld.err, ld.ready);
	printf("  set-up: %zu kiosk sessions (TLS 1.3, logged in) in %.1f s\n", B.nconn,
	    ((double)kl_now_ns() - t) / 1e9);
	status(&adm, &b0, &c0);
	dcpu0 = kl_proc_cpu(B.d.pid);
	gcpu0 = cpu_self();
	if (kl_load_run(&ld) != 0)
		die("ballot phase: %s (%zu sent, %zu answered)", ld.err, ld.sent,
		    ld.acked + ld.refused);
	dcpu1 = kl_proc_cpu(B.d.pid);
	gcpu1 = cpu_self();
	status(&adm, &b1, &c1);
	secs = (double)(ld.t1 - ld.t0) / 1e9;
	vcost1 = verify_cost(10000);
	vcost = (vcost0 + vcost1) / 2;

	/* Latencies of acknowledged ballots. */
	lat = kl_calloc(ld.sent, sizeof(*lat));
	for (i = nlat = lost = 0; i < B.nballots; i++)
		if (B.b[i].state == KL_ACKED)
			lat[nlat++] = B.b[i].t_done - B.b[i].t_sent;
		else if (B.b[i].state == KL_SENT)
			lost++;
	qsort(lat, nlat, sizeof(*lat), cmp_u64);
	kl_load_close(&ld);

	printf("\nballot ingest: %zu acknowledged, %zu refused, in %.2f s over %zu connections\n",
	    ld.acked, ld.refused, secs, B.nconn);
	target("throughput", (double)ld.acked / secs, "ballots/s", 5000, 1,
	    B.nconn >= 200 ? NULL : "(with fewer than 200 connections)");
	if (nlat) {
		printf("  %-26s %10.2f ms\n", "latency p50", lat[nlat / 2] / 1e6);
		target("latency p99", lat[(size_t)((double)nlat * 0.99)] / 1e6, "ms", 100, 0, NULL);
		printf("  %-26s %10.2f ms\n", "latency max", lat[nlat - 1] / 1e6);
	}
	printf("  %-26s %10.1f    (%llu ballots in %llu commits)\n", "ballots per commit",
	    c1 > c0 ? (double)(b1 - b0) / (double)(c1 - c0) : 0.0,
	    (unsigned long long)(b1 - b0), (unsigned long long)(c1 - c0));
	printf("  %-26s %10.1f µs   (one Ed25519 verification here: %.1f µs; %.1f before, "
	    "%.1f after)\n", "daemon CPU per ballot", (dcpu1 - dcpu0) / (double)ld.acked * 1e6,
	    vcost * 1e6, vcost0 * 1e6, vcost1 * 1e6);
	target("daemon CPU / 2 verifies", (dcpu1 - dcpu0) / (double)ld.acked / (2 * vcost), "×",
	    1.5, 0, NULL);
	printf("  %-26s %10.1f %%    (%.1f s of a core: the generator's own CPU, for "
	    "reference)\n", "load generator CPU", (gcpu1 - gcpu0) / secs * 100, gcpu1 - gcpu0);
	printf("  %-26s %10.1f %%    (%.1f s of a core)\n", "daemon CPU", (dcpu1 - dcpu0) / secs *
	    100, dcpu1 - dcpu0);
	free(lat);

	/* Idle connections: what one costs the daemon. */
	if (B.nidle > 0) {
		usleep(300000);
		rss0 = kl_proc_kib(B.d.pid, "VmRSS");
		anon0 = kl_proc_kib(B.d.pid, "RssAnon");
		memset(&idle, 0, sizeof(idle));
		idle.ctx = ctx;
		idle.host = "127.0.0.1";
		idle.port = B.port;
		idle.pin = B.pin;
		idle.nconn = B.nidle;
		idle.login = 0;
		t = (double)kl_now_ns();
		rc = kl_load_open(&idle);
		usleep(300000);
		rss1 = kl_proc_kib(B.d.pid, "VmRSS");
		anon1 = kl_proc_kib(B.d.pid, "RssAnon");
		{
			struct status st;
			uint32_t conns = 0;
			if (kl_call(&adm, MSG_STATUS, NULL, NULL, &st) == 0) {
				conns = st.connections;
				wire_free(&schema_status, &st);
			}
			printf("\nidle connections: %zu opened (TLS + HELLO) in %.1f s, the daemon "
			    "counts %u connections\n", idle.ready, ((double)kl_now_ns() - t) / 1e9,
			    conns);
		}
		if (rc != 0)
			printf("  only %zu of %zu idle connections opened: %s\n", idle.ready, B.nidle,
			    idle.err);
		if (idle.ready > 0) {
			target("RSS per idle connection", (double)(rss1 - rss0) / (double)idle.ready,
			    "KiB", 64, 0, NULL);
			printf("  %-26s %10.2f KiB  (VmRSS %ld → %ld KiB)\n", "  of it anonymous",
			    (double)(anon1 - anon0) / (double)idle.ready, rss0, rss1);
		}
		printf("  %-26s %10zu    target ≥ 10000      %5.2f of target  %s\n",
		    "connections held", idle.ready, (double)idle.ready / 10000,
		    idle.ready >= 10000 ? "MET" : "MISSED");
		kl_load_close(&idle);
	}

	/* Consistency: what was acknowledged is stored, once, and every receipt is genuine. */
	printf("\nconsistency\n");
	check(ld.misordered == 0 && ld.garbled == 0, "every answer came in request order and "
	    "decoded (%zu out of order, %zu garbled)", ld.misordered, ld.garbled);
	check(ld.refused == 0, "no ballot refused (%zu refused)", ld.refused);
	check(lost == 0, "every ballot sent was answered (%zu without an answer)", lost);
	if (kl_round_counts(&adm, B.round, &stored, &used, &registered) != 0)
		die("round show: %s", adm.err);
	check(stored == ld.acked, "the round holds as many ballots as were acknowledged "
	    "(%llu stored, %zu acknowledged)", (unsigned long long)stored, ld.acked);
	check(used == stored && registered == B.nballots, "credentials: %u used of %u "
	    "registered, one per stored ballot", used, registered);
	check(b1 - b0 == ld.acked, "the daemon's ballot counter moved by the number "
	    "acknowledged (%llu)", (unsigned long long)(b1 - b0));
	for (i = bad = 0; i < B.nballots; i++)
		if (B.b[i].state == KL_ACKED && kl_receipt_check(&B.b[i], B.round,
		    adm.daemon_key) != 0)
			bad++;
	check(bad == 0, "every receipt is the daemon's signature over the ballot's own hash "
	    "(%zu of %zu bad)", bad, ld.acked);
	for (i = bad = 0; i < B.nballots; i += 997)
		if (B.b[i].state == KL_ACKED && kl_ballot_status(&adm, B.round, B.b[i].hash,
		    NULL) != 0)
			bad++;
	check(bad == 0, "sampled acknowledged ballots are found by BALLOT_STATUS (%zu missing)",
	    bad);
	kl_close(&adm);
	rc = kl_daemon_stop(&B.d);
	check(rc == 0, "the daemon stops cleanly on SIGTERM (exit %d)", rc);

	for (i = 0; i < B.nballots; i++)
		free(B.b[i].frame);
	sodium_memzero(B.kiosk_sk, B.nkiosk * sizeof(*B.kiosk_sk));
	sodium_memzero(&B.org, sizeof(B.org));
	free(B.b);
	free(B.cred);
	free(B.kiosk_sk);
	free(B.kiosk_id);
	SSL_CTX_free(ctx);
	if (B.failed)
		tail_log();
	printf("%s\n", B.failed ? "ingest: CONSISTENCY CHECK FAILED" : "ingest: consistent");
	return B.failed ? 1 : 0;
}
