/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench_verify — how fast `dorpsstem audit verify` checks a big bundle, as a fraction of
 * this machine's Ed25519 verification rate on all its cores (DESIGN §12: ≥ 80%).
 *
 * It makes a complete, correct bundle of a round with N ballots (default 100 000) in a
 * temporary directory, in-process, with real keys and signatures: organiser-signed set-up
 * events (create, initiatives, credential batches, open, close), a kiosk enrolment, N
 * credentials each casting one approval ballot signed by voter and kiosk, the daemon's
 * close and result statements, the pabulib file. Then it measures
 *   rate  = Ed25519 verifications per second, one thread per core, ballot-sized messages
 *   audit = the whole audit_verify() run (reading, hashing, every check, the recount)
 * and reports (2 N / audit time) / rate. The bundle must verify OK, or the run fails.
 *
 *   bench_verify [N] [--keep DIR]
 */
#include <sys/stat.h>

#include <err.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "ballot.h"
#include "frame.h"
#include "result.h"
#include "verify.h"

#define NINIT		10
#define BATCH		CREDENTIALS_PER_REQUEST

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct keys {
	uint8_t	dpk[32], dsk[64];	/* daemon */
	uint8_t	opk[32], osk[64];	/* organiser */
	uint8_t	kpk[32], ksk[64];	/* kiosk */
};

static FILE *
open_file(const char *dir, const char *name, const char *kind)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	if (kind)
		recfile_header(f, kind, "made by bench_verify");
	return f;
}

static void
close_file(FILE *f)
{
	if (fclose(f) != 0)
		err(1, "write");
}

/* An organiser event whose body is rec, signed as the request would have been. */
static void
org_event(struct event *ev, const struct keys *k, uint32_t round, uint64_t seq, uint16_t type,
    const struct wire_schema *s, const void *rec, uint32_t subject, uint64_t counter)
{
	struct wbuf b, m;

	memset(ev, 0, sizeof(*ev));
	wbuf_init(&b);
	wbuf_init(&m);
	wire_encode(&b, s, rec);
	auth_message(&m, k->dpk, type, counter, b.p, b.len);
	if (b.oom || m.oom)
		errx(1, "out of memory");
	ev->round = round;
	ev->seq = seq;
	ev->time = 1746000000 + (int64_t)seq;
	ev->type = type;
	memcpy(ev->signer, k->opk, 32);
	ev->counter = counter;
	crypto_sign_detached(ev->sig, NULL, m.p, m.len, k->osk);
	ev->body.p = b.p;		/* ev owns it now */
	ev->body.len = (uint32_t)b.len;
	ev->subject = subject;
	wbuf_free(&m);
}

static void
put_event(FILE *f, struct event *ev, uint8_t prev[HASH_BYTES])
{
	memcpy(ev->prev, prev, HASH_BYTES);
	if (record_hash(&schema_event, ev, prev) != 0 || recfile_put(f, &schema_event, ev) != 0)
		errx(1, "out of memory");
	free(ev->body.p);
}

struct made {
	struct ballot	b;
	uint8_t		hash[HASH_BYTES];
};

static int
made_cmp(const void *a, const void *b)
{
	return memcmp(((const struct made *)a)->hash, ((const struct made *)b)->hash, HASH_BYTES);
}

static int
key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

struct gen {
	const struct keys	*k;
	struct made		*m;
	struct choice		*ch;
	size_t			 from, to;
};

/* Credentials and ballots for [from, to): the expensive part, on every core. */
static void *
gen_worker(void *arg)
{
	struct gen	*g = arg;
	uint8_t		 vsk[64];
	size_t		 i, c, n;
	uint32_t	 r;

	for (i = g->from; i < g->to; i++) {
		struct ballot *b = &g->m[i].b;
		memset(b, 0, sizeof(*b));
		b->round = 1;
		b->kiosk = 1;
		crypto_sign_keypair(b->credential, vsk);
		r = randombytes_uniform(1u << NINIT);
		for (n = 0, c = 0; c < NINIT && n < 3; c++)
			if (r & (1u << c)) {
				g->ch[i * 3 + n].initiative = (uint32_t)c + 1;
				g->ch[i * 3 + n++].value = 1;
			}
		if (n == 0) {
			g->ch[i * 3].initiative = 1 + randombytes_uniform(NINIT);
			g->ch[i * 3].value = 1;
			n = 1;
		}
		b->choices.items = &g->ch[i * 3];
		b->choices.n = (uint32_t)n;
		randombytes_buf(b->nonce, sizeof(b->nonce));
		if (ballot_sign(b, vsk, g->k->ksk) != 0 || ballot_hash(b, g->m[i].hash) != 0)
			errx(1, "cannot sign");
	}
	sodium_memzero(vsk, sizeof(vsk));
	return NULL;
}

static void
make_bundle(const char *dir, size_t n, const struct keys *k)
{
	struct round		 r;
	struct initiative	 ins[NINIT];
	struct credential	 cr;
	struct credential_batch	 batch;
	struct credential_key	*ck;
	struct village		 vl;
	struct kiosk		 ko;
	struct organiser	 org;
	struct round_open	 ro;
	uint8_t			 vhead[HASH_BYTES];
	struct ref		 ref;
	struct event		 ev;
	struct close_statement	 cs;
	struct result_statement	 rs;
	struct result		 res;
	struct pabulib		*pb;
	struct made		*m;
	struct choice		*ch;
	struct gen		 g[2];
	pthread_t		 tid;
	uint8_t			 prev[HASH_BYTES], (*hashes)[HASH_BYTES], (*keys)[32];
	uint64_t		 seq = 0, counter = 1;
	char			 title[32], err[256];
	size_t			 i, at;
	FILE			*f;

	if ((m = calloc(n, sizeof(*m))) == NULL || (ch = calloc(n * 3, sizeof(*ch))) == NULL ||
	    (hashes = calloc(n + 1, HASH_BYTES)) == NULL || (keys = calloc(n + 1, 32)) == NULL)
		errx(1, "out of memory");
	g[0].k = g[1].k = k;
	g[0].m = g[1].m = m;
	g[0].ch = g[1].ch = ch;
	g[0].from = 0;
	g[0].to = g[1].from = n / 2;
	g[1].to = n;
	if (pthread_create(&tid, NULL, gen_worker, &g[1]) != 0)
		errx(1, "pthread_create");
	gen_worker(&g[0]);
	pthread_join(tid, NULL);
	qsort(m, n, sizeof(*m), made_cmp);
	for (i = 0; i < n; i++) {
		memcpy(hashes[i], m[i].hash, HASH_BYTES);
		memcpy(keys[i], m[i].b.credential, 32);
	}
	qsort(keys, n, 32, key_cmp);

	memset(&r, 0, sizeof(r));
	r.id = 1;
	r.village = 1;
	r.name = "Benchronde";
	r.state = ROUND_TALLIED;
	r.ballot = BALLOT_APPROVAL;
	r.budget = 10000000;
	r.min_choices = 1;
	r.rule = "equalshares/add1";
	r.tie_break = "cost-votes";
	r.created = 1746000000;
	r.opened = 1746100000;
	r.closed = 1746200000;
	randombytes_buf(r.seed, sizeof(r.seed));
	memset(ins, 0, sizeof(ins));
	for (i = 0; i < NINIT; i++) {
		snprintf(title, sizeof(title), "Initiatief %zu", i + 1);
		ins[i].id = (uint32_t)i + 1;
		ins[i].round = 1;
		ins[i].title = strdup(title);
		ins[i].summary = ins[i].proposer = ins[i].category = ins[i].reason = "";
		ins[i].cost = 500000 + 250000 * (uint64_t)i;
		ins[i].status = INIT_ADMITTED;
		ins[i].created = 1746000000;
	}

	/* The daemon-wide ledger: the village and its kiosk. */
	f = open_file(dir, BF_VEVENTS, "village-events");
	memset(prev, 0, sizeof(prev));
	vl.name = "Benchdorp";
	org_event(&ev, k, 0, 1, MSG_VILLAGE_ADD, &schema_village_add, &vl, 1, counter++);
	put_event(f, &ev, prev);
	memset(&ko, 0, sizeof(ko));
	ko.id = 1;
	ko.village = 1;
	ko.name = "dorpshuis";
	memcpy(ko.key, k->kpk, 32);
	org_event(&ev, k, 0, 2, MSG_KIOSK_ENROLL, &schema_kiosk_enroll, &ko, 1, counter++);
	put_event(f, &ev, prev);
	memcpy(vhead, prev, HASH_BYTES);	/* ledger 0's head: the round opens on it */
	close_file(f);
	f = open_file(dir, BF_KIOSKS, "kiosks");
	ko.enrolled = 1746000000;
	recfile_put(f, &schema_kiosk, &ko);
	close_file(f);

	/* The round's set-up events, then the close statement over them. */
	f = open_file(dir, BF_EVENTS, "round-events");
	memset(prev, 0, sizeof(prev));
	org_event(&ev, k, 1, ++seq, MSG_ROUND_CREATE, &schema_round_create, &r, 1, counter++);
	put_event(f, &ev, prev);
	for (i = 0; i < NINIT; i++) {
		org_event(&ev, k, 1, ++seq, MSG_INITIATIVE_ADD, &schema_initiative_add, &ins[i],
		    ins[i].id, counter++);
		put_event(f, &ev, prev);
		ref.id = ins[i].id;
		org_event(&ev, k, 1, ++seq, MSG_INITIATIVE_ADMIT, &schema_ref, &ref, ins[i].id,
		    counter++);
		put_event(f, &ev, prev);
	}
	if ((ck = calloc(BATCH, sizeof(*ck))) == NULL)
		errx(1, "out of memory");
	for (at = 0; at < n; at += batch.keys.n) {
		batch.round = 1;
		batch.keys.n = (uint32_t)(n - at < BATCH ? n - at : BATCH);
		for (i = 0; i < batch.keys.n; i++)
			memcpy(ck[i].key, keys[at + i], 32);
		batch.keys.items = ck;
		org_event(&ev, k, 1, ++seq, MSG_CREDENTIALS_REGISTER, &schema_credential_batch,
		    &batch, batch.keys.n, counter++);
		put_event(f, &ev, prev);
	}
	free(ck);
	ref.id = 1;
	memset(&ro, 0, sizeof(ro));
	ro.id = 1;
	ro.events = seq;
	memcpy(ro.head, prev, HASH_BYTES);
	ro.village_events = 2;
	memcpy(ro.village_head, vhead, HASH_BYTES);
	org_event(&ev, k, 1, ++seq, MSG_ROUND_OPEN, &schema_round_open, &ro, 1, counter++);
	put_event(f, &ev, prev);
	seq += n;		/* the ballot events (not in the bundle) */
	org_event(&ev, k, 1, ++seq, MSG_ROUND_CLOSE, &schema_round_close, &ro, 1, counter++);
	put_event(f, &ev, prev);
	close_file(f);
	memset(&cs, 0, sizeof(cs));
	cs.round = 1;
	cs.events = seq;
	memcpy(cs.head, prev, HASH_BYTES);
	cs.ballots = n;
	ballots_digest((const uint8_t (*)[HASH_BYTES])hashes, n, cs.ballots_hash);
	cs.closed = r.closed;
	statement_sign(DOMAIN_CLOSE, &schema_close_statement, &cs, k->dsk);
	f = open_file(dir, BF_CLOSE, "close");
	recfile_put(f, &schema_close_statement, &cs);
	close_file(f);

	/* The count, as the daemon makes it. */
	{
		struct ballot *bs = calloc(n, sizeof(*bs));
		if (bs == NULL)
			errx(1, "out of memory");
		for (i = 0; i < n; i++)
			bs[i] = m[i].b;
		if (round_pabulib(&r, "Benchdorp", ins, NINIT, bs, n, &pb, err, sizeof(err)) ||
		    round_result(&r, pb, ins, NINIT, &res, err, sizeof(err)))
			errx(1, "tally: %s", err);
		f = open_file(dir, BF_BALLOTS, "ballots");
		for (i = 0; i < n; i++)
			recfile_put(f, &schema_ballot, &bs[i]);
		close_file(f);
		free(bs);
	}
	res.ballots = n;
	record_hash(&schema_close_statement, &cs, prev);
	if (result_statement_make(&res, prev, &rs) != 0)
		errx(1, "out of memory");
	statement_sign(DOMAIN_RESULT, &schema_result_statement, &rs, k->dsk);
	f = open_file(dir, BF_RESULT, "result");
	recfile_put(f, &schema_result_statement, &rs);
	close_file(f);
	wire_free(&schema_result_statement, &rs);
	wire_free(&schema_result, &res);
	f = open_file(dir, BF_PABULIB, NULL);
	if (pabulib_write(f, pb) != 0)
		errx(1, "pabulib");
	close_file(f);
	pabulib_free(pb);

	f = open_file(dir, BF_CREDENTIALS, "credentials");
	memset(&cr, 0, sizeof(cr));
	cr.round = 1;
	cr.state = CRED_USED;
	for (i = 0; i < n; i++) {
		memcpy(cr.key, keys[i], 32);
		recfile_put(f, &schema_credential, &cr);
	}
	close_file(f);
	f = open_file(dir, BF_ROUND, "round");
	recfile_put(f, &schema_round, &r);
	close_file(f);
	f = open_file(dir, BF_INITIATIVES, "initiatives");
	for (i = 0; i < NINIT; i++)
		recfile_put(f, &schema_initiative, &ins[i]);
	close_file(f);
	f = open_file(dir, BF_DAEMON, "daemon-key");
	recfile_put(f, &schema_credential_key, k->dpk);
	close_file(f);
	f = open_file(dir, BF_ORGANISERS, "organisers");
	memset(&org, 0, sizeof(org));
	memcpy(org.key, k->opk, 32);
	org.name = "Bench";
	recfile_put(f, &schema_organiser, &org);
	close_file(f);
	close_file(open_file(dir, BF_CHECKPOINTS, "checkpoints"));
	for (i = 0; i < NINIT; i++)
		free(ins[i].title);
	free(m);
	free(ch);
	free(hashes);
	free(keys);
}

/* ---- the machine's verification rate ------------------------------------------------ */

struct rate_job {
	uint8_t		msg[200], pk[32], sig[64];
	double		until;
	unsigned long	n;
};

static void *
rate_worker(void *arg)
{
	struct rate_job *j = arg;

	while (now() < j->until)
		for (int i = 0; i < 64; i++, j->n++)
			if (crypto_sign_verify_detached(j->sig, j->msg, sizeof(j->msg), j->pk) != 0)
				errx(1, "verify failed");
	return NULL;
}

static double
verify_rate(int threads, double seconds)
{
	struct rate_job	 j[64];
	pthread_t	 tid[64];
	uint8_t		 sk[64];
	double		 t0 = now();
	unsigned long	 total = 0;
	int		 t;

	for (t = 0; t < threads; t++) {
		crypto_sign_keypair(j[t].pk, sk);
		randombytes_buf(j[t].msg, sizeof(j[t].msg));
		crypto_sign_detached(j[t].sig, NULL, j[t].msg, sizeof(j[t].msg), sk);
		j[t].until = t0 + seconds;
		j[t].n = 0;
		if (t > 0 && pthread_create(&tid[t], NULL, rate_worker, &j[t]) != 0)
			errx(1, "pthread_create");
	}
	rate_worker(&j[0]);
	for (t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
	for (t = 0; t < threads; t++)
		total += j[t].n;
	return (double)total / (now() - t0);
}

int
main(int argc, char *argv[])
{
	struct keys		 k;
	struct verify_opts	 vo;
	char			 tmpl[] = "/tmp/bench_verify.XXXXXX", cmd[256];
	const char		*dir, *keep = NULL;
	size_t			 n = 100000;
	double			 t0, tmake, taudit, rate, rate1;
	long			 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int			 i, failed;
	FILE			*devnull;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
			keep = argv[++i];
		else if ((n = strtoul(argv[i], NULL, 10)) == 0)
			errx(2, "usage: bench_verify [N] [--keep DIR]");
	}
	if (sodium_init() < 0)
		errx(1, "sodium_init");
	if (cpus < 1)
		cpus = 1;
	if (keep) {
		if (mkdir(keep, 0755) == -1)
			err(1, "%s", keep);
		dir = keep;
	} else if ((dir = mkdtemp(tmpl)) == NULL)
		err(1, "mkdtemp");
	crypto_sign_keypair(k.dpk, k.dsk);
	crypto_sign_keypair(k.opk, k.osk);
	crypto_sign_keypair(k.kpk, k.ksk);

	t0 = now();
	make_bundle(dir, n, &k);
	tmake = now() - t0;
	printf("bench_verify: bundle of %zu ballots made in %.2f s (%s)\n", n, tmake, dir);

	rate1 = verify_rate(1, 1.0);
	rate = verify_rate((int)cpus, 1.5);
	printf("bench_verify: Ed25519 verify rate: %.0f/s on 1 core, %.0f/s on %ld cores\n",
	    rate1, rate, cpus);

	memset(&vo, 0, sizeof(vo));
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		err(1, "/dev/null");
	t0 = now();
	failed = audit_verify(dir, &vo, devnull);
	taudit = now() - t0;
	fclose(devnull);
	if (failed != 0) {
		audit_verify(dir, &vo, stdout);
		errx(1, "the generated bundle does not verify");
	}
	printf("bench_verify: audit verify of %zu ballots: %.2f s, %.0f signatures/s\n", n,
	    taudit, 2.0 * (double)n / taudit);
	printf("bench_verify: verify_ratio %.2f (of the machine's signature-verification rate "
	    "on %ld cores; target >= 0.80) %s\n", 2.0 * (double)n / taudit / rate, cpus,
	    2.0 * (double)n / taudit / rate >= 0.80 ? "PASS" : "BELOW TARGET");
	if (!keep) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			warnx("could not remove %s", dir);
	}
	return 0;
}
