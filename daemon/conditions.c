/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * conditions.c — a village's voorwaarden (issue 13): numbered sentences, versioned. Each
 * version is an organiser-signed conditions-set event in ledger 0 (its subject the
 * village), kept in the store's `conditions` database:
 *
 *   conditions   u32 village || u32 version -> struct conditions
 *
 * Versions run 1, 2, … per village; the request names the version it sets and only the
 * next one is accepted, so the signature fixes which version the text is.
 */
#include <string.h>

#include "dorpsstemd.h"

static void
cond_key(uint8_t k[8], uint32_t village, uint32_t version)
{
	be32(k, village);
	be32(k + 4, version);
}

/* The latest version of village's conditions (0 if none). */
static int
conditions_latest(MDB_txn *txn, struct store *s, uint32_t village, uint32_t *version)
{
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint8_t		 key[8];
	const uint8_t	*p;
	int		 rc;

	*version = 0;
	if ((rc = mdb_cursor_open(txn, s->conditions, &cur)) != 0)
		return rc;
	/* The first key past the village's, then one back. */
	cond_key(key, village, UINT32_MAX);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && k.mv_size == 8 && memcmp(k.mv_data, key, 8) == 0)
		rc = 0;		/* version UINT32_MAX itself: cannot be, versions are counted */
	else if (rc == 0)
		rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
	if (rc == 0 && k.mv_size == 8) {
		p = k.mv_data;
		if (((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]) ==
		    village)
			*version = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
			    (uint32_t)p[6] << 8 | p[7];
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
conditions_set(struct daemon *d, MDB_txn *txn, const struct conditions *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	struct conditions	 c;
	struct village		 vl;
	const struct condition	*items = req->items.items;
	uint32_t		 latest, i;
	uint8_t			 key[8];
	int			 rc;

	if ((rc = store_get_id(txn, d->store.villages, req->village, &schema_village, &vl)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "village", "there is no village %u",
		    req->village);
	if (rc != 0)
		return rc;
	wire_free(&schema_village, &vl);
	if (req->items.n == 0)
		return verdict_refuse(v, ERRC_INVALID, "items", "conditions need at least one "
		    "sentence");
	for (i = 0; i < req->items.n; i++) {
		const char *t = items[i].text;
		while (*t == ' ')
			t++;
		if (*t == '\0')
			return verdict_refuse(v, ERRC_INVALID, "items", "condition %u is empty",
			    i + 1);
	}
	if ((rc = conditions_latest(txn, &d->store, req->village, &latest)) != 0)
		return rc;
	if (req->version != latest + 1)
		return verdict_refuse(v, ERRC_STATE, "version", "village %u has conditions up to "
		    "version %u: the next is %u, not %u", req->village, latest, latest + 1,
		    req->version);
	memset(&c, 0, sizeof(c));
	c.village = req->village;
	c.version = req->version;
	c.items = req->items;
	c.created = now_seconds();
	cond_key(key, c.village, c.version);
	if ((rc = store_put(txn, d->store.conditions, key, sizeof(key), &schema_conditions,
	    &c)) != 0)
		return rc;
	done->id = c.version;
	return ledger_append(txn, &d->store, 0, who, c.village, c.created, &done->event);
}

int
conditions_get(struct daemon *d, MDB_txn *txn, const struct conditions *q,
    struct conditions *out, struct verdict *v)
{
	uint32_t	version = q->version;
	uint8_t		key[8];
	int		rc;

	memset(out, 0, sizeof(*out));
	if (version == 0) {
		if ((rc = conditions_latest(txn, &d->store, q->village, &version)) != 0)
			return rc;
		if (version == 0)
			return verdict_refuse(v, ERRC_NOTFOUND, "village", "village %u has no "
			    "conditions yet", q->village);
	}
	cond_key(key, q->village, version);
	rc = store_get(txn, d->store.conditions, key, sizeof(key), &schema_conditions, out);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "version", "village %u has no conditions "
		    "version %u", q->village, version);
	return rc;
}

/* ---- decisions: admit, reject or withdraw, condition by condition ---------------------- */

int
initiative_decide(struct daemon *d, MDB_txn *txn, const struct decision *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	const struct decision_item	*met = req->met.items;
	struct initiative		 in;
	struct round			 r;
	struct conditions		 q, cd;
	uint32_t			 latest, i, unmet = 0;
	int				 rc;
	const char			*p;

	if (req->status != INIT_ADMITTED && req->status != INIT_REJECTED &&
	    req->status != INIT_WITHDRAWN)
		return verdict_refuse(v, ERRC_INVALID, "status", "a decision admits, rejects or "
		    "withdraws");
	if ((rc = store_get_id(txn, d->store.initiatives, req->id, &schema_initiative, &in)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no initiative %u", req->id);
	if (rc != 0)
		return rc;
	rc = store_get_id(txn, d->store.rounds, in.round, &schema_round, &r);
	wire_free(&schema_initiative, &in);
	if (rc != 0)
		return rc;
	for (i = 0; i < req->met.n; i++)
		unmet += met[i].met == 0;
	if (req->status == INIT_WITHDRAWN) {
		if (req->conditions != 0 || req->met.n != 0) {
			rc = verdict_refuse(v, ERRC_INVALID, "conditions", "a withdrawal judges no "
			    "conditions");
			goto out;
		}
	} else {
		if ((rc = conditions_latest(txn, &d->store, r.village, &latest)) != 0)
			goto out;
		if (req->conditions != latest) {
			rc = verdict_refuse(v, ERRC_STATE, "conditions", "the village's conditions "
			    "in force are version %u, not %u", latest, req->conditions);
			goto out;
		}
		if (latest) {
			memset(&q, 0, sizeof(q));
			q.village = r.village;
			q.version = latest;
			if ((rc = conditions_get(d, txn, &q, &cd, v)) != 0)
				goto out;
			i = cd.items.n;
			wire_free(&schema_conditions, &cd);
		} else
			i = 0;
		if (req->met.n != i) {
			rc = verdict_refuse(v, ERRC_INVALID, "met", "version %u has %u conditions: "
			    "say for each whether it is met (%u given)", latest, i, req->met.n);
			goto out;
		}
		if (req->status == INIT_ADMITTED && unmet) {
			rc = verdict_refuse(v, ERRC_INVALID, "met", "an initiative that does not "
			    "meet every condition cannot be admitted");
			goto out;
		}
		if (req->status == INIT_REJECTED) {
			for (p = req->reason; *p == ' '; p++)
				;
			if (*p == '\0') {
				rc = verdict_refuse(v, ERRC_INVALID, "reason", "a rejection needs a "
				    "reason");
				goto out;
			}
			if (latest && unmet == 0) {
				rc = verdict_refuse(v, ERRC_INVALID, "met", "a rejection names the "
				    "conditions not met");
				goto out;
			}
		}
	}
	rc = initiative_set_status(d, txn, req->id, req->status,
	    req->status == INIT_REJECTED ? req->reason : NULL, who, done, v);
out:
	wire_free(&schema_round, &r);
	return rc;
}

/* The plain admit and reject record no conditions: where the village has voorwaarden,
 * only a decision condition by condition will do. 0 if the plain request may go on. */
int
conditions_need_decision(struct daemon *d, MDB_txn *txn, uint32_t initiative,
    struct verdict *v)
{
	struct initiative	in;
	struct round		r;
	uint32_t		version = 0, village;
	int			rc;

	if ((rc = store_get_id(txn, d->store.initiatives, initiative, &schema_initiative, &in))
	    != 0)
		return rc == MDB_NOTFOUND ? 0 : rc;	/* initiative_status says so */
	rc = store_get_id(txn, d->store.rounds, in.round, &schema_round, &r);
	wire_free(&schema_initiative, &in);
	if (rc != 0)
		return rc == MDB_NOTFOUND ? 0 : rc;
	village = r.village;
	wire_free(&schema_round, &r);
	rc = conditions_latest(txn, &d->store, village, &version);
	if (rc == 0 && version)
		return verdict_refuse(v, ERRC_STATE, NULL, "village %u has conditions: decide "
		    "condition by condition (initiative-decide)", village);
	return rc;
}

/* ---- inhabitants: a village's population per year, for the jaaroverzicht --------------- */

/* An organiser-signed inhabitants-set event in ledger 0, its subject the village. The
 * event is the record: the overview (client and web site) reads ledger 0, the last one
 * for a village and year counting. */
int
inhabitants_set(struct daemon *d, MDB_txn *txn, const struct inhabitants *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	struct village	vl;
	int		rc;

	if ((rc = store_get_id(txn, d->store.villages, req->village, &schema_village, &vl)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "village", "there is no village %u",
		    req->village);
	if (rc != 0)
		return rc;
	wire_free(&schema_village, &vl);
	if (req->year < INHABITANTS_YEAR_MIN || req->year > INHABITANTS_YEAR_MAX)
		return verdict_refuse(v, ERRC_INVALID, "year", "year %u is out of range (%u to %u)",
		    req->year, INHABITANTS_YEAR_MIN, INHABITANTS_YEAR_MAX);
	if (req->n == 0 || req->n > INHABITANTS_MAX)
		return verdict_refuse(v, ERRC_INVALID, "n", "a village has 1 to %llu inhabitants, "
		    "not %llu", (unsigned long long)INHABITANTS_MAX, (unsigned long long)req->n);
	done->id = req->village;
	return ledger_append(txn, &d->store, 0, who, req->village, now_seconds(), &done->event);
}
