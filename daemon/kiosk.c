/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kiosk.c — the voting computers. A kiosk has its own Ed25519 key, is enrolled for one
 * village by an organiser, and proves its key at every connection (KIOSK_LOGIN, a signed
 * nonce) before it may send ballots. A retired kiosk is refused from then on; the ballots
 * it took stay valid. Enrolments are events of the daemon-wide ledger (round 0), like
 * villages, because a kiosk serves every round of its village.
 */
#include <stdio.h>
#include <string.h>

#include "dorpsstemd.h"

struct voting_in {
	uint32_t	village;
	uint32_t	round;		/* a voting round of the village, 0 if none */
};

static int
find_voting(void *rec, void *arg)
{
	struct round		*r = rec;
	struct voting_in	*vi = arg;

	if (r->village == vi->village && r->state == ROUND_VOTING) {
		vi->round = r->id;
		return 1;
	}
	return 0;
}

int
kiosk_enroll(struct daemon *d, MDB_txn *txn, const struct kiosk *req, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct village	vl;
	struct kiosk	k;
	uint8_t		id[4];
	MDB_val		kv = { KEY_BYTES, (void *)(uintptr_t)req->key }, val = { 4, id };
	int		rc;

	rc = store_get_id(txn, d->store.villages, req->village, &schema_village, &vl);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "village", "there is no such village");
	if (rc != 0)
		return rc;
	wire_free(&schema_village, &vl);
	/* Opening a round fixes its kiosks: no enrolment while a round of the village votes
	 * (docs/audit.md §3.3). Retiring stays possible (a stolen kiosk). */
	{
		struct voting_in	vi = { req->village, 0 };
		struct round		r;

		rc = store_each(txn, d->store.rounds, &schema_round, &r, find_voting, &vi);
		if (rc != 0 && rc != 1)
			return rc;
		if (vi.round)
			return verdict_refuse(v, ERRC_STATE, "village", "round %u of this village is "
			    "voting: its kiosks were fixed when it opened; enrol the kiosk after it "
			    "closes", vi.round);
	}
	if (req->name[0] == '\0')
		return verdict_refuse(v, ERRC_INVALID, "name", "a kiosk needs a name (like \"dorpshuis\")");
	memset(&k, 0, sizeof(k));
	if ((rc = store_next_id(txn, &d->store, "kiosk", &k.id)) != 0)
		return rc;
	be32(id, k.id);
	if ((rc = mdb_put(txn, d->store.kiosk_keys, &kv, &val, MDB_NOOVERWRITE)) != 0)
		return rc == MDB_KEYEXIST ? verdict_refuse(v, ERRC_EXISTS, "key",
		    "this key is enrolled already (a kiosk key serves one village; make a new "
		    "key with dorpsstem keygen)") : rc;
	k.village = req->village;
	k.name = req->name;
	memcpy(k.key, req->key, KEY_BYTES);
	k.state = KIOSK_ACTIVE;
	k.enrolled = now_seconds();
	if ((rc = store_put_id(txn, d->store.kiosks, k.id, &schema_kiosk, &k)) != 0)
		return rc;
	done->id = k.id;
	return ledger_append(txn, &d->store, 0, who, k.id, k.enrolled, &done->event);
}

int
kiosk_retire(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct kiosk	k;
	int		rc;

	rc = store_get_id(txn, d->store.kiosks, id, &schema_kiosk, &k);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no such kiosk");
	if (rc != 0)
		return rc;
	if (k.state == KIOSK_RETIRED)
		rc = verdict_refuse(v, ERRC_STATE, "id", "that kiosk is retired already");
	else {
		k.state = KIOSK_RETIRED;
		k.retired = now_seconds();
		if ((rc = store_put_id(txn, d->store.kiosks, id, &schema_kiosk, &k)) == 0) {
			done->id = id;
			rc = ledger_append(txn, &d->store, 0, who, id, k.retired, &done->event);
		}
	}
	wire_free(&schema_kiosk, &k);
	return rc;
}

int
kiosk_find(struct daemon *d, MDB_txn *txn, const uint8_t key[KEY_BYTES], struct kiosk *k,
    struct verdict *v)
{
	MDB_val		 kv = { KEY_BYTES, (void *)(uintptr_t)key }, val;
	const uint8_t	*p;
	int		 rc;

	if ((rc = mdb_get(txn, d->store.kiosk_keys, &kv, &val)) == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_KIOSK, "key", "Deze stemcomputer is niet aangemeld bij "
		    "dorpsstem (kiosk key not enrolled).");
	if (rc != 0)
		return rc;
	if (val.mv_size != 4)
		return MDB_CORRUPTED;
	p = val.mv_data;
	if ((rc = store_get_id(txn, d->store.kiosks,
	    (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3],
	    &schema_kiosk, k)) != 0)
		return rc;
	if (k->state != KIOSK_ACTIVE) {
		wire_free(&schema_kiosk, k);
		return verdict_refuse(v, ERRC_KIOSK, "key", "Deze stemcomputer is buiten gebruik gesteld "
		    "(kiosk retired).");
	}
	return 0;
}
