/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * crash — ballot intake under kill -9 and under races, against the real dorpsstemd over
 * TLS (tests/integration/crash.sh runs it).
 *
 *   crash CONF SOCKET ORGANISER-KEY PORT LOG        ($DORPSSTEMD: the daemon)
 *
 * The program starts the daemon itself (CONF must name the organiser key, a TLS listener
 * on 127.0.0.1 PORT and SOCKET as its control socket; stderr goes to LOG), because it has
 * to kill it with -9 in the middle of a load — 1,000 ballots from 20 kiosk sessions; in
 * each of up to five cycles a random 0–30 ms after the 150th acknowledgement — and start
 * it again. Then it checks that nothing
 * acknowledged was lost, nothing was stored twice, and no credential was burnt without
 * its ballot; then two kiosks racing for one code, replayed frames, and each way a
 * ballot or a kiosk must be refused. Prints "ok - …" / "not ok - …" per check.
 */
#include <pthread.h>

#include "../kioskload.h"

#define NKIOSK		4
#define NINIT		5
#define CRASH_BALLOTS	1000
#define CRASH_CONNS	20
#define CRASH_KILL_AT	150	/* acknowledgements per cycle before the kill */
#define CRASH_CYCLES	5
#define RACE_PAIRS	50

static struct {
	struct kl_daemon	 d;
	struct kl_org		 org;
	SSL_CTX			*ctx;
	const char		*port;
	char			 pin[128];
	uint8_t			 dkey[KEY_BYTES];
	uint32_t		 v1, v2, ra, rb, ida[NINIT], idb[NINIT];
	uint8_t			 ksk[NKIOSK][64];
	uint32_t		 kid[NKIOSK];
	uint8_t			 ksk_ret[64];	/* enrolled before open, retired mid-round */
	uint32_t		 kid_ret;
	uint32_t		 expect_a;	/* ballots round A must hold */
	uint32_t		 reqid;		/* for ballots built outside the load engine */
	int			 failures;
} S;

/* Round A's credentials: all registered before it opens (opening fixes who may vote,
 * docs/audit.md §3.3); each phase takes its share. */
#define POOL	(CRASH_BALLOTS + RACE_PAIRS + 1 + 4)
static struct kl_cred	*pool;
static size_t		 pool_at;

static void	bail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
pool_take(struct kl_cred *cr, size_t n)
{
	if (pool_at + n > POOL)
		bail("credential pool exhausted");
	memcpy(cr, pool + pool_at, n * sizeof(*cr));
	pool_at += n;
}

static void
result(int good, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
result(int good, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", good ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!good)
		S.failures++;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bail(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

static void
adm_open(struct kl_conn *c)
{
	if (kl_open(c, S.d.sock, NULL, NULL, NULL, NULL) != 0)
		bail("control socket: %s", c->err);
}

/* A TLS session logged in as kiosk sk (0), or the login's error code. */
static int
kiosk_open(struct kl_conn *c, const uint8_t sk[64])
{
	if (kl_open(c, NULL, S.ctx, "127.0.0.1", S.port, S.pin) != 0)
		bail("TLS session: %s", c->err);
	if (memcmp(c->daemon_key, S.dkey, KEY_BYTES) != 0)
		bail("the daemon's key changed");
	return sk ? kl_kiosk_login(c, sk, NULL) : 0;
}

/* A ballot for credential cr of round, choosing the first initiative (and the third). */
static void
make(struct kl_ballot *kb, uint32_t round, const uint32_t *ids, uint32_t kiosk_id,
    const uint8_t kiosk_sk[64], const struct kl_cred *cr, int flags)
{
	struct choice	ch[2] = { { ids[0], 1 }, { ids[2], 1 } };
	uint32_t	reqid = 1000000 + ++S.reqid;

	if (kl_ballot_make(kb, reqid, round, kiosk_id, kiosk_sk, cr, ch, reqid % 2 ? 1 : 2,
	    flags) != 0)
		bail("signing a ballot failed");
}

static void
counts_a(const char *when)
{
	struct kl_conn	c;
	uint64_t	ballots;
	uint32_t	used;

	adm_open(&c);
	if (kl_round_counts(&c, S.ra, &ballots, &used, NULL) != 0)
		bail("round show: %s", c.err);
	kl_close(&c);
	result(ballots == S.expect_a && used == S.expect_a, "%s: round holds %llu ballots and "
	    "%u used credentials, expected %u", when, (unsigned long long)ballots, used,
	    S.expect_a);
}

/* ---- set-up ----------------------------------------------------------------------------- */

static void
setup(void)
{
	struct kl_conn	c;
	struct status	st;
	char		name[32];
	int		i;

	adm_open(&c);
	memcpy(S.dkey, c.daemon_key, KEY_BYTES);
	if (kl_call(&c, MSG_STATUS, NULL, NULL, &st) != 0)
		bail("status: %s", c.err);
	snprintf(S.pin, sizeof(S.pin), "%s", st.tls_fingerprint);
	wire_free(&schema_status, &st);
	if (kl_village_add(&c, &S.org, "Kantens", &S.v1) != 0 ||
	    kl_village_add(&c, &S.org, "Usquert", &S.v2) != 0 ||
	    kl_round_setup(&c, &S.org, S.v1, "Dorpsbudget", NINIT, 3, &S.ra, S.ida) != 0 ||
	    kl_round_setup(&c, &S.org, S.v1, "Tweede ronde", NINIT, 3, &S.rb, S.idb) != 0)
		bail("set-up: %s", c.err);
	for (i = 0; i < NKIOSK; i++) {
		snprintf(name, sizeof(name), "stemcomputer %d", i + 1);
		if (kl_kiosk_enroll(&c, &S.org, S.v1, name, S.ksk[i], &S.kid[i]) != 0)
			bail("kiosk enroll: %s", c.err);
	}
	/* Kiosks are fixed when the round opens: the one retired later is enrolled now. */
	if (kl_kiosk_enroll(&c, &S.org, S.v1, "oude stemcomputer", S.ksk_ret, &S.kid_ret) != 0)
		bail("kiosk enroll: %s", c.err);
	pool = kl_calloc(POOL, sizeof(*pool));
	kl_creds_make(S.ra, pool, POOL);
	if (kl_creds_register(&c, &S.org, S.ra, pool, POOL) != 0)
		bail("credentials register: %s", c.err);
	if (kl_ref_call(&c, &S.org, MSG_ROUND_OPEN, S.ra) != 0)
		bail("round open: %s", c.err);
	kl_close(&c);
	if ((S.ctx = kl_tls_ctx()) == NULL)
		bail("SSL_CTX_new failed");
}

static void
restart(void)
{
	char err[512];

	if (kl_daemon_start(&S.d, err, sizeof(err)) != 0)
		bail("restart: %s", err);
}

/* ---- kill -9 in the middle of the load ------------------------------------------------- */

/* The killer: once the cycle has CRASH_KILL_AT acknowledgements it waits a random 0–30 ms
 * more (so the kill lands anywhere in the read–verify–commit–reply cycle, not just after a
 * reply) and kills the daemon with -9, while the load goes on. */
static struct {
	size_t		 acked;		/* this cycle's acknowledgements (atomic) */
	unsigned	 delay_us;
	int		 done, fired;	/* atomic */
	pid_t		 pid;
} K;

static int
count_answer(struct kl_load *ld, struct kl_ballot *kb)
{
	(void)ld;
	if (kb->state == KL_ACKED)
		__atomic_add_fetch(&K.acked, 1, __ATOMIC_SEQ_CST);
	return __atomic_load_n(&K.fired, __ATOMIC_SEQ_CST);	/* then send no more */
}

static void *
killer(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&K.done, __ATOMIC_SEQ_CST) &&
	    __atomic_load_n(&K.acked, __ATOMIC_SEQ_CST) < CRASH_KILL_AT)
		usleep(100);
	if (__atomic_load_n(&K.done, __ATOMIC_SEQ_CST))
		return NULL;
	usleep(K.delay_us);
	kill(K.pid, SIGKILL);
	__atomic_store_n(&K.fired, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
test_crash(void)
{
	struct kl_cred	*cr;
	struct kl_ballot *b, *again;
	struct kl_load	 ld;
	struct kl_conn	 c;
	pthread_t	 t;
	uint8_t		*stored;
	size_t		 i, acked, unknown, unsent, nstored = 0, lost = 0, midway = 0;
	size_t		 badrcpt = 0, wrong_ok = 0, wrong_used = 0, other = 0, refused = 0;
	int		 cycle;
	const uint8_t	(*ksk)[64] = (const uint8_t (*)[64])S.ksk;

	cr = kl_calloc(CRASH_BALLOTS, sizeof(*cr));
	b = kl_calloc(CRASH_BALLOTS, sizeof(*b));
	again = kl_calloc(CRASH_BALLOTS, sizeof(*again));
	stored = kl_calloc(CRASH_BALLOTS, 1);
	pool_take(cr, CRASH_BALLOTS);
	adm_open(&c);
	kl_close(&c);
	for (i = 0; i < CRASH_BALLOTS; i++) {
		struct choice ch[2] = { { S.ida[i % NINIT], 1 }, { S.ida[NINIT - 1], 1 } };
		b[i].kiosk = (uint32_t)(i % NKIOSK);
		if (kl_ballot_make(&b[i], (uint32_t)i + 1, S.ra, S.kid[b[i].kiosk],
		    S.ksk[b[i].kiosk], &cr[i], ch, i % NINIT == NINIT - 1 ? 1 : 2, 0) != 0)
			bail("signing a ballot failed");
	}

	/* Cycles of load, kill -9, restart, each on the ballots not sent yet. */
	for (cycle = 1; cycle <= CRASH_CYCLES; cycle++) {
		memset(&ld, 0, sizeof(ld));
		ld.ctx = S.ctx;
		ld.host = "127.0.0.1";
		ld.port = S.port;
		ld.pin = S.pin;
		ld.nconn = CRASH_CONNS;
		ld.depth = 1;
		ld.login = 1;
		ld.kiosk_sk = ksk;
		ld.nkiosk = NKIOSK;
		ld.b = b;
		ld.nb = CRASH_BALLOTS;
		ld.on_answer = count_answer;
		memset(&K, 0, sizeof(K));
		K.delay_us = randombytes_uniform(30000);
		K.pid = S.d.pid;
		if (kl_load_open(&ld) != 0)
			bail("%d kiosk sessions: %s", CRASH_CONNS, ld.err);
		if (pthread_create(&t, NULL, killer, NULL) != 0)
			bail("pthread_create failed");
		if (kl_load_run(&ld) != 0)
			bail("load: %s", ld.err);
		__atomic_store_n(&K.done, 1, __ATOMIC_SEQ_CST);
		pthread_join(t, NULL);
		kl_load_close(&ld);
		kl_daemon_kill9(&S.d);	/* reaps it; kills it if the load ran out first */
		for (i = acked = unknown = unsent = 0; i < CRASH_BALLOTS; i++) {
			acked += b[i].state == KL_ACKED;
			unknown += b[i].state == KL_SENT;
			unsent += b[i].state == KL_UNSENT;
		}
		printf("# cycle %d: kill -9 %s%.1f ms after acknowledgement %d of the cycle; %zu "
		    "sent this cycle; so far %zu acknowledged, %zu without an answer, %zu not "
		    "sent\n", cycle, K.fired ? "" : "(after the load) ", K.delay_us / 1000.0,
		    CRASH_KILL_AT, ld.sent, acked, unknown, unsent);
		midway += K.fired;
		restart();
		if (unsent == 0)
			break;
	}
	for (i = acked = unknown = unsent = 0; i < CRASH_BALLOTS; i++) {
		acked += b[i].state == KL_ACKED;
		unknown += b[i].state == KL_SENT;
		unsent += b[i].state == KL_UNSENT;
		refused += b[i].state == KL_REFUSED;
	}
	result(midway > 0 && acked < CRASH_BALLOTS, "kill -9 in the middle of the load (%zu "
	    "times): %zu acknowledged, %zu sent without an answer, %zu not sent", midway, acked,
	    unknown, unsent);
	result(refused == 0, "no ballot was refused before a crash (%zu refused)", refused);

	adm_open(&c);
	for (i = 0; i < CRASH_BALLOTS; i++) {
		struct receipt	r;
		int		rc = kl_ballot_status(&c, S.ra, b[i].hash, &r);

		if (rc == 0) {
			stored[i] = 1;
			nstored++;
			if (b[i].state == KL_ACKED && (memcmp(r.sig, b[i].rsig, SIG_BYTES) != 0 ||
			    receipt_verify(S.ra, b[i].hash, S.dkey, r.sig) != 0))
				badrcpt++;
			wire_free(&schema_receipt, &r);
		} else if (rc != ERRC_NOTFOUND)
			bail("ballot status: %s", c.err);
		if (b[i].state == KL_ACKED && !stored[i])
			lost++;
		if (b[i].state == KL_ACKED && kl_receipt_check(&b[i], S.ra, S.dkey) != 0)
			badrcpt++;
		if (b[i].state == KL_UNSENT && stored[i])
			other++;
	}
	kl_close(&c);
	result(lost == 0, "every acknowledged ballot is stored after the kills and restarts "
	    "(%zu of %zu missing)", lost, acked);
	result(badrcpt == 0, "every receipt given before a crash verifies with the daemon key "
	    "and matches BALLOT_STATUS (%zu bad)", badrcpt);
	result(other == 0, "no ballot that was never sent is stored (%zu)", other);
	printf("# %zu of the %zu ballots without an answer were stored before a kill\n",
	    nstored - acked, unknown);
	S.expect_a = (uint32_t)nstored;
	counts_a("after the restarts, one ballot per stored hash, one used credential per ballot");

	/* Every credential once more, with a fresh ballot: only the unstored may vote. */
	for (i = 0; i < CRASH_BALLOTS; i++) {
		struct choice ch[1] = { { S.ida[1], 1 } };
		again[i].kiosk = (uint32_t)((i + 1) % NKIOSK);
		if (kl_ballot_make(&again[i], (uint32_t)i + 1, S.ra, S.kid[again[i].kiosk],
		    S.ksk[again[i].kiosk], &cr[i], ch, 1, 0) != 0)
			bail("signing a ballot failed");
	}
	memset(&ld, 0, sizeof(ld));
	ld.ctx = S.ctx;
	ld.host = "127.0.0.1";
	ld.port = S.port;
	ld.pin = S.pin;
	ld.nconn = CRASH_CONNS;
	ld.depth = 2;
	ld.login = 1;
	ld.kiosk_sk = ksk;
	ld.nkiosk = NKIOSK;
	ld.b = again;
	ld.nb = CRASH_BALLOTS;
	if (kl_load_open(&ld) != 0 || kl_load_run(&ld) != 0)
		bail("second load: %s", ld.err);
	kl_load_close(&ld);
	for (i = 0; i < CRASH_BALLOTS; i++) {
		if (!stored[i] && again[i].state != KL_ACKED)
			wrong_ok++;
		if (stored[i] && !(again[i].state == KL_REFUSED && again[i].code == ERRC_CODE_USED))
			wrong_used++;
	}
	result(wrong_ok == 0, "every credential whose ballot was not stored can still vote "
	    "(%zu of %zu could not)", wrong_ok, CRASH_BALLOTS - nstored);
	result(wrong_used == 0, "every credential whose ballot was stored is refused with "
	    "CODE_USED (%zu of %zu were not)", wrong_used, nstored);
	S.expect_a = CRASH_BALLOTS;
	counts_a("after voting again");

	for (i = 0; i < CRASH_BALLOTS; i++) {
		free(b[i].frame);
		free(again[i].frame);
	}
	sodium_memzero(cr, CRASH_BALLOTS * sizeof(*cr));
	free(cr);
	free(b);
	free(again);
	free(stored);
}

/* ---- two kiosks, one code ------------------------------------------------------------- */

static void
test_race(void)
{
	struct kl_cred		 cr[RACE_PAIRS];
	struct kl_ballot	 x[RACE_PAIRS], y[RACE_PAIRS];
	struct kl_conn		 k1, k2, c;
	size_t			 i, good = 0, same_batch_ok = 0, bad_status = 0;

	memset(x, 0, sizeof(x));
	memset(y, 0, sizeof(y));
	pool_take(cr, RACE_PAIRS);
	adm_open(&c);
	if (kiosk_open(&k1, S.ksk[0]) != 0 || kiosk_open(&k2, S.ksk[1]) != 0)
		bail("kiosk login: %s %s", k1.err, k2.err);
	for (i = 0; i < RACE_PAIRS; i++) {
		make(&x[i], S.ra, S.ida, S.kid[0], S.ksk[0], &cr[i], 0);
		make(&y[i], S.ra, S.ida, S.kid[1], S.ksk[1], &cr[i], 0);
	}
	/* First half: pair by pair, both sent before either answer is read. */
	for (i = 0; i < RACE_PAIRS / 2; i++)
		if (kl_cast_send(&k1, &x[i]) != 0 || kl_cast_send(&k2, &y[i]) != 0 ||
		    kl_cast_recv(&k1, &x[i]) < 0 || kl_cast_recv(&k2, &y[i]) < 0)
			bail("race: %s %s", k1.err, k2.err);
	/* Second half: all pairs at once, interleaved, then the answers. */
	for (i = RACE_PAIRS / 2; i < RACE_PAIRS; i++)
		if (kl_cast_send(&k1, &x[i]) != 0 || kl_cast_send(&k2, &y[i]) != 0)
			bail("race: %s %s", k1.err, k2.err);
	for (i = RACE_PAIRS / 2; i < RACE_PAIRS; i++)
		if (kl_cast_recv(&k1, &x[i]) < 0 || kl_cast_recv(&k2, &y[i]) < 0)
			bail("race: %s %s", k1.err, k2.err);
	for (i = 0; i < RACE_PAIRS; i++) {
		struct kl_ballot *win = x[i].state == KL_ACKED ? &x[i] : &y[i];
		struct kl_ballot *lose = win == &x[i] ? &y[i] : &x[i];
		int one = (x[i].state == KL_ACKED) + (y[i].state == KL_ACKED) == 1 &&
		    lose->state == KL_REFUSED && lose->code == ERRC_CODE_USED;

		if (one) {
			good++;
			/* Answered within a millisecond of each other: very likely one batch. */
			if (x[i].t_done > y[i].t_done ? x[i].t_done - y[i].t_done < 1000000 :
			    y[i].t_done - x[i].t_done < 1000000)
				same_batch_ok++;
			if (kl_receipt_check(win, S.ra, S.dkey) != 0 ||
			    kl_ballot_status(&c, S.ra, win->hash, NULL) != 0 ||
			    kl_ballot_status(&c, S.ra, lose->hash, NULL) != ERRC_NOTFOUND)
				bad_status++;
		} else
			printf("# pair %zu: kiosk 1 %s %u, kiosk 2 %s %u\n", i,
			    x[i].state == KL_ACKED ? "receipt" : "error", x[i].code,
			    y[i].state == KL_ACKED ? "receipt" : "error", y[i].code);
	}
	result(good == RACE_PAIRS, "one code from two kiosks at once: exactly one ballot "
	    "accepted, the other refused with CODE_USED (%zu of %d pairs; %zu answered "
	    "together)", good, RACE_PAIRS, same_batch_ok);
	result(bad_status == 0, "the winner's receipt verifies and is stored, the loser's "
	    "ballot is not (%zu wrong)", bad_status);
	S.expect_a += (uint32_t)good;
	kl_close(&k1);
	kl_close(&k2);
	kl_close(&c);
	for (i = 0; i < RACE_PAIRS; i++) {
		free(x[i].frame);
		free(y[i].frame);
	}
	sodium_memzero(cr, sizeof(cr));
	counts_a("after the races");
}

/* ---- replays ------------------------------------------------------------------------- */

static void
test_replay(void)
{
	struct kl_cred		cr;
	struct kl_ballot	b, copy;
	struct kl_conn		k1, k1b, k2, c;
	int			rc;

	memset(&b, 0, sizeof(b));
	pool_take(&cr, 1);
	adm_open(&c);
	kl_close(&c);
	if (kiosk_open(&k1, S.ksk[0]) != 0 || kiosk_open(&k1b, S.ksk[0]) != 0 ||
	    kiosk_open(&k2, S.ksk[1]) != 0)
		bail("kiosk login failed");
	make(&b, S.ra, S.ida, S.kid[0], S.ksk[0], &cr, 0);
	rc = kl_cast(&k1, &b);
	result(rc == 0, "a ballot is accepted (%s)", rc ? k1.err : "receipt");
	if (rc == 0)
		S.expect_a++;
	copy = b;		/* the same bytes, sent again */
	rc = kl_cast(&k1, &copy);
	result(rc == ERRC_CODE_USED, "the captured frame replayed on the same connection is "
	    "refused with CODE_USED (%d: %s)", rc, rc ? k1.err : "accepted");
	rc = kl_cast(&k1b, &copy);
	result(rc == ERRC_CODE_USED, "replayed on another session of the same kiosk: refused "
	    "with CODE_USED (%d: %s)", rc, rc ? k1b.err : "accepted");
	rc = kl_cast(&k2, &copy);
	result(rc == ERRC_KIOSK, "replayed from another kiosk: refused with KIOSK (%d: %s)", rc,
	    rc ? k2.err : "accepted");
	kl_close(&k1);
	kl_close(&k1b);
	kl_close(&k2);
	free(b.frame);
	sodium_memzero(&cr, sizeof(cr));
	counts_a("after the replays");
}

/* ---- refusals ------------------------------------------------------------------------- */

static void
test_refusals(void)
{
	struct kl_cred		cr[4], stranger;
	struct kl_ballot	b[3];
	struct kl_conn		k, c, kr, kv2, bare;
	uint8_t			sk_new[64], sk_ret[64], sk_v2[64], pk[KEY_BYTES];
	uint32_t		id_ret, id_v2;
	int			rc, r0, r1, r2;

	memset(b, 0, sizeof(b));
	pool_take(cr, 4);
	kl_creds_make(S.ra, &stranger, 1);	/* never registered */
	adm_open(&c);
	if (kiosk_open(&k, S.ksk[2]) != 0)
		bail("kiosk login: %s", k.err);

	/* A ballot of an unregistered credential, between two good ones in one batch. */
	make(&b[0], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[0], 0);
	make(&b[1], S.ra, S.ida, S.kid[2], S.ksk[2], &stranger, 0);
	make(&b[2], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[1], 0);
	if (kl_cast_send(&k, &b[0]) || kl_cast_send(&k, &b[1]) || kl_cast_send(&k, &b[2]))
		bail("send: %s", k.err);
	r0 = kl_cast_recv(&k, &b[0]);
	r1 = kl_cast_recv(&k, &b[1]);
	r2 = kl_cast_recv(&k, &b[2]);
	result(r1 == ERRC_CODE_UNKNOWN, "a ballot signed by an unregistered credential is "
	    "refused with CODE_UNKNOWN (%d)", r1);
	result(r0 == 0 && r2 == 0, "the good ballots around it are accepted (%d, %d)", r0, r2);
	S.expect_a += (r0 == 0) + (r2 == 0);

	/* Bad signatures; the credential stays usable. */
	make(&b[0], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[2], KL_BAD_KIOSK_SIG);
	rc = kl_cast(&k, &b[0]);
	result(rc == ERRC_SIGNATURE, "a ballot with a bad kiosk signature is refused with "
	    "SIGNATURE (%d)", rc);
	make(&b[0], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[2], KL_BAD_VOTER_SIG);
	rc = kl_cast(&k, &b[0]);
	result(rc == ERRC_SIGNATURE, "a ballot with a bad voter signature is refused with "
	    "SIGNATURE (%d)", rc);
	make(&b[0], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[2], 0);
	rc = kl_cast(&k, &b[0]);
	result(rc == 0, "the credential of those refused ballots can still vote (%d)", rc);
	S.expect_a += rc == 0;

	/* A ballot naming another kiosk than the session's. */
	make(&b[0], S.ra, S.ida, S.kid[3], S.ksk[3], &cr[3], 0);
	rc = kl_cast(&k, &b[0]);
	result(rc == ERRC_KIOSK, "a ballot naming another kiosk than the logged-in one is "
	    "refused with KIOSK (%d)", rc);

	/* Kiosk keys: never enrolled, retired, and of another village. */
	crypto_sign_keypair(pk, sk_new);
	rc = kiosk_open(&kr, sk_new);
	result(rc == ERRC_KIOSK, "a kiosk key that is not enrolled cannot log in (%d)", rc);
	kl_close(&kr);
	memcpy(sk_ret, S.ksk_ret, sizeof(sk_ret));
	id_ret = S.kid_ret;
	if ((rc = kiosk_open(&kr, sk_ret)) != 0)
		bail("an enrolled kiosk cannot log in: %s", kr.err);
	if (kl_ref_call(&c, &S.org, MSG_KIOSK_RETIRE, id_ret) != 0)
		bail("kiosk retire: %s", c.err);
	make(&b[0], S.ra, S.ida, id_ret, sk_ret, &cr[3], 0);
	rc = kl_cast(&kr, &b[0]);
	result(rc == ERRC_KIOSK, "a session of a kiosk retired since it logged in has its ballot "
	    "refused with KIOSK (%d)", rc);
	kl_close(&kr);
	rc = kiosk_open(&kr, sk_ret);
	result(rc == ERRC_KIOSK, "a retired kiosk cannot log in (%d)", rc);
	kl_close(&kr);
	if (kl_kiosk_enroll(&c, &S.org, S.v2, "stemcomputer Usquert", sk_v2, &id_v2) != 0)
		bail("kiosk enroll: %s", c.err);
	if ((rc = kiosk_open(&kv2, sk_v2)) != 0)
		bail("the kiosk of the other village cannot log in: %s", kv2.err);
	make(&b[0], S.ra, S.ida, id_v2, sk_v2, &cr[3], 0);
	rc = kl_cast(&kv2, &b[0]);
	result(rc == ERRC_KIOSK, "a kiosk of another village has its ballot refused with KIOSK "
	    "(%d)", rc);
	kl_close(&kv2);
	if ((rc = kiosk_open(&bare, NULL)) != 0)
		bail("session: %s", bare.err);
	rc = kl_cast(&bare, &b[0]);
	result(rc == ERRC_KIOSK, "a session without a kiosk login has its ballot refused with "
	    "KIOSK (%d)", rc);
	kl_close(&bare);
	make(&b[0], S.ra, S.ida, S.kid[2], S.ksk[2], &cr[3], 0);
	rc = kl_cast(&k, &b[0]);
	result(rc == 0, "the credential of all those refused ballots can still vote (%d)", rc);
	S.expect_a += rc == 0;
	kl_close(&k);
	kl_close(&c);
	free(b[0].frame);
	free(b[1].frame);
	free(b[2].frame);
	sodium_memzero(cr, sizeof(cr));
	sodium_memzero(sk_ret, sizeof(sk_ret));
	sodium_memzero(sk_v2, sizeof(sk_v2));
	sodium_memzero(sk_new, sizeof(sk_new));
	counts_a("after the refusals");
}

/* ---- before open, after close ------------------------------------------------------------- */

static void
test_not_open(void)
{
	struct kl_cred		cr[2];
	struct kl_ballot	b;
	struct kl_conn		k, c;
	uint64_t		ballots;
	int			rc;

	memset(&b, 0, sizeof(b));
	kl_creds_make(S.rb, cr, 2);
	adm_open(&c);
	if (kl_creds_register(&c, &S.org, S.rb, cr, 2) != 0)
		bail("credentials register: %s", c.err);
	if (kiosk_open(&k, S.ksk[0]) != 0)
		bail("kiosk login: %s", k.err);
	make(&b, S.rb, S.idb, S.kid[0], S.ksk[0], &cr[0], 0);
	rc = kl_cast(&k, &b);
	result(rc == ERRC_NOT_OPEN, "a ballot before the round opens is refused with NOT_OPEN "
	    "(%d)", rc);
	if (kl_ref_call(&c, &S.org, MSG_ROUND_OPEN, S.rb) != 0)
		bail("round open: %s", c.err);
	make(&b, S.rb, S.idb, S.kid[0], S.ksk[0], &cr[0], 0);
	rc = kl_cast(&k, &b);
	result(rc == 0, "the same credential votes once the round is open (%d)", rc);
	if (kl_ref_call(&c, &S.org, MSG_ROUND_CLOSE, S.rb) != 0)
		bail("round close: %s", c.err);
	make(&b, S.rb, S.idb, S.kid[0], S.ksk[0], &cr[1], 0);
	rc = kl_cast(&k, &b);
	result(rc == ERRC_NOT_OPEN, "a ballot after the round closed is refused with NOT_OPEN "
	    "(%d)", rc);
	if (kl_round_counts(&c, S.rb, &ballots, NULL, NULL) != 0)
		bail("round show: %s", c.err);
	result(ballots == 1, "the closed round holds its one ballot (%llu)",
	    (unsigned long long)ballots);
	kl_close(&k);
	kl_close(&c);
	free(b.frame);
	sodium_memzero(cr, sizeof(cr));
}

int
main(int argc, char *argv[])
{
	const char	*why;
	char		 err[512];
	int		 rc;

	if (argc != 6) {
		fprintf(stderr, "usage: crash CONF SOCKET ORGANISER-KEY PORT LOG\n");
		return 2;
	}
	if (sodium_init() < 0)
		bail("sodium_init failed");
	kl_cleanup_install();
	S.d.bin = getenv("DORPSSTEMD") ? getenv("DORPSSTEMD") : "build/dorpsstemd";
	S.d.conf = argv[1];
	S.d.sock = argv[2];
	S.d.log = argv[5];
	S.port = argv[4];
	if (key_read_secret(argv[3], S.org.sk, &why) != 0)
		bail("%s: %s", argv[3], why);
	if (kl_daemon_start(&S.d, err, sizeof(err)) != 0)
		bail("%s", err);
	setup();
	test_crash();
	test_race();
	test_replay();
	test_refusals();
	test_not_open();
	counts_a("at the end");
	result(S.d.pid > 0 && kill(S.d.pid, 0) == 0, "the daemon is still running");
	rc = kl_daemon_stop(&S.d);
	result(rc == 0, "the daemon stops cleanly on SIGTERM (exit %d)", rc);
	SSL_CTX_free(S.ctx);
	rc = S.failures;
	sodium_memzero(&S, sizeof(S));
	return rc ? 1 : 0;
}
