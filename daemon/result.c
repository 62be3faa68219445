/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * result.c — after a round closes: the count. The ballots are read in hash order, turned
 * into the round's pabulib form and tallied by the very code the auditor runs
 * (proto/result.c), and the result is stored with the round set to tallied and a
 * daemon-signed EVENT_RESULT in the ledger whose body is the signed result statement
 * (audit.c; it excludes the explanation text, so rewording that never breaks a bundle) —
 * all in one transaction. sched.c calls this for
 * every closed round, so a crash between close and count is repaired at the next start.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"
#include "result.h"

struct loaded {
	struct round		 r;
	int			 have_round;
	char			*village;
	struct initiative	*ins;
	size_t			 nins;
	struct ballot		*bs;
	uint8_t			(*hashes)[HASH_BYTES];
	size_t			 nb;
};

static void
loaded_free(struct loaded *l)
{
	size_t i;

	if (l->have_round)
		wire_free(&schema_round, &l->r);
	free(l->village);
	for (i = 0; i < l->nins; i++)
		wire_free(&schema_initiative, &l->ins[i]);
	free(l->ins);
	for (i = 0; i < l->nb; i++)
		wire_free(&schema_ballot, &l->bs[i]);
	free(l->bs);
	free(l->hashes);
	memset(l, 0, sizeof(*l));
}

struct ins_collect {
	struct loaded	*l;
	uint32_t	 round;
	size_t		 cap;
	int		 oom;
};

static int
ins_one(void *rec, void *arg)
{
	struct ins_collect	*ic = arg;
	struct initiative	*in = rec, *p;

	if (in->round != ic->round)
		return 0;
	if (ic->l->nins == ic->cap) {
		ic->cap = ic->cap ? ic->cap * 2 : 16;
		if ((p = reallocarray(ic->l->ins, ic->cap, sizeof(*p))) == NULL) {
			ic->oom = 1;
			return 1;
		}
		ic->l->ins = p;
	}
	ic->l->ins[ic->l->nins++] = *in;
	memset(in, 0, sizeof(*in));	/* the copy owns the strings */
	return 0;
}

static int
load_round(struct daemon *d, MDB_txn *txn, uint32_t round, struct loaded *l)
{
	struct store		*s = &d->store;
	struct ins_collect	 ic = { l, round, 0, 0 };
	struct initiative	 in;
	struct village		 v;
	MDB_cursor		*cur;
	MDB_val			 k, val;
	uint8_t			 start[4 + HASH_BYTES];
	size_t			 cap = 0;
	int			 rc;

	if ((rc = store_get_id(txn, s->rounds, round, &schema_round, &l->r)) != 0)
		return rc;
	l->have_round = 1;
	if (store_get_id(txn, s->villages, l->r.village, &schema_village, &v) == 0) {
		l->village = v.name;
		v.name = NULL;
		wire_free(&schema_village, &v);
	}
	if ((rc = store_each(txn, s->initiatives, &schema_initiative, &in, ins_one, &ic)) != 0)
		return rc;
	if (ic.oom)
		return ENOMEM;
	memset(start, 0, sizeof(start));
	be32(start, round);
	k.mv_data = start;
	k.mv_size = sizeof(start);
	if ((rc = mdb_cursor_open(txn, s->ballots, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &val, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &val, MDB_NEXT)) {
		const uint8_t *kp = k.mv_data;
		if (k.mv_size != sizeof(start) || memcmp(kp, start, 4) != 0)
			break;
		if (l->nb == cap) {
			void *p;
			cap = cap ? cap * 2 : 1024;
			if ((p = reallocarray(l->bs, cap, sizeof(*l->bs))) == NULL) {
				rc = ENOMEM;
				break;
			}
			l->bs = p;
			if ((p = reallocarray(l->hashes, cap, sizeof(*l->hashes))) == NULL) {
				rc = ENOMEM;
				break;
			}
			l->hashes = p;
		}
		if (wire_decode_all(val.mv_data, val.mv_size, &schema_ballot, &l->bs[l->nb],
		    NULL) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		memcpy(l->hashes[l->nb++], kp + 4, HASH_BYTES);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct store_result {
	struct daemon		*d;
	const struct result	*res;
};

static int
store_result_txn(MDB_txn *txn, void *arg)
{
	struct store_result	*sr = arg;
	struct store		*s = &sr->d->store;
	struct round		 r;
	int			 rc;

	if ((rc = store_get_id(txn, s->rounds, sr->res->round, &schema_round, &r)) != 0)
		return rc;
	if (r.state != ROUND_CLOSED) {
		wire_free(&schema_round, &r);
		return 0;	/* counted already (or cancelled meanwhile): nothing to do */
	}
	r.state = ROUND_TALLIED;
	rc = store_put_id(txn, s->rounds, r.id, &schema_round, &r);
	wire_free(&schema_round, &r);
	if (rc != 0 ||
	    (rc = store_put_id(txn, s->results, sr->res->round, &schema_result, sr->res)) != 0)
		return rc;
	return audit_result(sr->d, txn, sr->res);
}

int
result_tally(struct daemon *d, uint32_t round)
{
	struct loaded		 l;
	struct pabulib		*pb = NULL;
	struct result		 res;
	struct store_result	 sr;
	MDB_txn			*txn;
	char			 err[256];
	int			 rc;

	memset(&l, 0, sizeof(l));
	memset(&res, 0, sizeof(res));
	if ((rc = store_read(&d->store, &txn)) != 0)
		return rc;
	rc = load_round(d, txn, round, &l);
	mdb_txn_abort(txn);
	if (rc != 0)
		goto done;
	if (l.r.state != ROUND_CLOSED)
		goto done;
	if (round_pabulib(&l.r, l.village, l.ins, l.nins, l.bs, l.nb, &pb, err,
	    sizeof(err)) != 0 ||
	    round_result(&l.r, pb, l.ins, l.nins, &res, err, sizeof(err)) != 0) {
		log_warnx("round %u: the tally failed: %s", round, err);
		rc = -1;
		goto done;
	}
	res.ballots = l.nb;
	ballots_digest((const uint8_t (*)[HASH_BYTES])l.hashes, l.nb, res.ballots_hash);
	res.computed = now_seconds();
	sr.d = d;
	sr.res = &res;
	if ((rc = store_write(&d->store, store_result_txn, &sr)) == 0)
		log_info("round %u tallied: %llu ballots, %s, %llu cents spent of %llu", round,
		    (unsigned long long)l.nb, res.rule, (unsigned long long)res.spent,
		    (unsigned long long)res.budget);
done:
	wire_free(&schema_result, &res);
	pabulib_free(pb);
	loaded_free(&l);
	return rc;
}
