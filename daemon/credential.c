/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * credential.c — voters' credentials (the public keys derived from the voting codes on the
 * cards) and the per-round counts: registered, used, revoked, ballots, and ballots per kiosk.
 *
 * Credentials are registered by an organiser while the round is in draft or voting; a lost
 * card's credential is revoked (never one that has voted). Opening freezes nothing here on
 * purpose: cards may be added during voting (a new card for a lost one).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dorpsstemd.h"
#include "key.h"


static void
cred_key(uint8_t k[4 + KEY_BYTES], uint32_t round, const uint8_t key[KEY_BYTES])
{
	be32(k, round);
	memcpy(k + 4, key, KEY_BYTES);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) << 32 | rd32(p + 4);
}

int
counts_get(MDB_txn *txn, struct store *s, uint32_t round, struct round_counts *c)
{
	uint8_t		 k[4];
	MDB_val		 kv = { 4, k }, v;
	const uint8_t	*p;
	int		 rc;

	memset(c, 0, sizeof(*c));
	be32(k, round);
	if ((rc = mdb_get(txn, s->counts, &kv, &v)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (v.mv_size != 20)
		return MDB_CORRUPTED;
	p = v.mv_data;
	c->registered = rd32(p);
	c->used = rd32(p + 4);
	c->revoked = rd32(p + 8);
	c->ballots = rd64(p + 12);
	return 0;
}

int
counts_put(MDB_txn *txn, struct store *s, uint32_t round, const struct round_counts *c)
{
	uint8_t	k[4], b[20];
	MDB_val	kv = { 4, k }, v = { sizeof(b), b };

	be32(k, round);
	be32(b, c->registered);
	be32(b + 4, c->used);
	be32(b + 8, c->revoked);
	be64(b + 12, c->ballots);
	return mdb_put(txn, s->counts, &kv, &v, 0);
}

int
turnout_add(MDB_txn *txn, struct store *s, uint32_t round, uint32_t kiosk)
{
	uint8_t	k[8], b[8];
	MDB_val	kv = { 8, k }, v;
	int	rc;
	uint64_t n = 0;

	be32(k, round);
	be32(k + 4, kiosk);
	if ((rc = mdb_get(txn, s->turnout, &kv, &v)) == 0 && v.mv_size == 8)
		n = rd64(v.mv_data);
	else if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	be64(b, n + 1);
	v.mv_data = b;
	v.mv_size = 8;
	return mdb_put(txn, s->turnout, &kv, &v, 0);
}

int
turnout_list(MDB_txn *txn, struct store *s, uint32_t round, struct wire_list *out)
{
	MDB_cursor		*cur;
	MDB_val			 k, v;
	uint8_t			 start[8];
	struct kiosk_count	*kc, *items = NULL;
	struct kiosk		 ks;
	uint32_t		 n = 0;
	int			 rc;

	be32(start, round);
	be32(start + 4, 0);
	k.mv_data = start;
	k.mv_size = 8;
	if ((rc = mdb_cursor_open(txn, s->turnout, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8 || rd32(k.mv_data) != round || v.mv_size != 8)
			break;
		if ((kc = reallocarray(items, n + 1, sizeof(*kc))) == NULL) {
			rc = ENOMEM;
			break;
		}
		items = kc;
		kc = &items[n++];
		memset(kc, 0, sizeof(*kc));
		kc->kiosk = rd32((const uint8_t *)k.mv_data + 4);
		kc->ballots = rd64(v.mv_data);
		if (store_get_id(txn, s->kiosks, kc->kiosk, &schema_kiosk, &ks) == 0) {
			kc->name = ks.name;
			ks.name = NULL;
			wire_free(&schema_kiosk, &ks);
		}
	}
	mdb_cursor_close(cur);
	out->items = items;
	out->n = n;
	return rc == MDB_NOTFOUND || rc == 0 ? 0 : rc;
}

/* Credentials are registered only while the round is a draft: opening fixes who may vote
 * (docs/audit.md §3.3). */
static int
load_round_draft(struct daemon *d, MDB_txn *txn, uint32_t id, struct verdict *v)
{
	struct round	r;
	int		rc = store_get_id(txn, d->store.rounds, id, &schema_round, &r);

	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no such round");
	if (rc != 0)
		return rc;
	rc = r.state == ROUND_DRAFT ? 0 : verdict_refuse(v, ERRC_STATE, "round", "round %u is "
	    "%s: credentials are registered only before it opens (opening fixes who may vote)",
	    id, round_state_name(r.state));
	wire_free(&schema_round, &r);
	return rc;
}

static int
load_round_open_for_cards(struct daemon *d, MDB_txn *txn, uint32_t id, struct verdict *v)
{
	struct round	r;
	int		rc = store_get_id(txn, d->store.rounds, id, &schema_round, &r);

	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no such round");
	if (rc != 0)
		return rc;
	rc = (r.state == ROUND_DRAFT || r.state == ROUND_VOTING) ? 0 :
	    verdict_refuse(v, ERRC_STATE, "round", "credentials can change only while a round is in "
	    "draft or voting");
	wire_free(&schema_round, &r);
	return rc;
}

int
credentials_register(struct daemon *d, MDB_txn *txn, const struct credential_batch *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	const struct credential_key	*keys = req->keys.items;
	struct credential		 cr;
	struct round_counts		 c;
	uint8_t				 k[4 + KEY_BYTES];
	MDB_val				 kv = { sizeof(k), k }, val;
	struct wbuf			 b;
	uint32_t			 i;
	int				 rc;

	if ((rc = load_round_draft(d, txn, req->round, v)) != 0)
		return rc;
	if (req->keys.n == 0)
		return verdict_refuse(v, ERRC_INVALID, "keys", "no credentials given");
	if ((rc = counts_get(txn, &d->store, req->round, &c)) != 0)
		return rc;
	wbuf_init(&b);
	memset(&cr, 0, sizeof(cr));
	cr.round = req->round;
	cr.state = CRED_REGISTERED;
	cr.changed = now_seconds();
	for (i = 0; i < req->keys.n; i++) {
		cred_key(k, req->round, keys[i].key);
		memcpy(cr.key, keys[i].key, KEY_BYTES);
		wbuf_reset(&b);
		wire_encode(&b, &schema_credential, &cr);
		val.mv_data = b.p;
		val.mv_size = b.len;
		/* NOOVERWRITE catches duplicates, also within this batch (same transaction). */
		if ((rc = mdb_put(txn, d->store.credentials, &kv, &val, MDB_NOOVERWRITE)) != 0) {
			if (rc == MDB_KEYEXIST) {
				char hex[2 * KEY_BYTES + 1];
				hex_encode(keys[i].key, 8, hex);
				v->code = ERRC_EXISTS;
				v->field = "keys";
				snprintf(v->msg, sizeof(v->msg), "credential %s… (number %u in the "
				    "request) is registered already; nothing was registered", hex,
				    i + 1);
				rc = -1;
			}
			wbuf_free(&b);
			return rc;
		}
	}
	wbuf_free(&b);
	c.registered += req->keys.n;
	if ((rc = counts_put(txn, &d->store, req->round, &c)) != 0)
		return rc;
	done->id = req->keys.n;
	return ledger_append(txn, &d->store, req->round, who, req->keys.n, now_seconds(),
	    &done->event);
}

int
credential_revoke(struct daemon *d, MDB_txn *txn, const struct credential *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	struct credential	cr;
	struct round_counts	c;
	uint8_t			k[4 + KEY_BYTES];
	int			rc;

	if ((rc = load_round_open_for_cards(d, txn, req->round, v)) != 0)
		return rc;
	cred_key(k, req->round, req->key);
	rc = store_get(txn, d->store.credentials, k, sizeof(k), &schema_credential, &cr);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "key", "that credential is not registered for "
		    "this round");
	if (rc != 0)
		return rc;
	if (cr.state == CRED_USED)
		return verdict_refuse(v, ERRC_STATE, "key", "that credential has voted already; a used "
		    "credential cannot be revoked");
	if (cr.state == CRED_REVOKED)
		return verdict_refuse(v, ERRC_STATE, "key", "that credential is revoked already");
	cr.state = CRED_REVOKED;
	cr.changed = now_seconds();
	if ((rc = store_put(txn, d->store.credentials, k, sizeof(k), &schema_credential,
	    &cr)) != 0)
		return rc;
	if ((rc = counts_get(txn, &d->store, req->round, &c)) != 0)
		return rc;
	c.revoked++;
	if ((rc = counts_put(txn, &d->store, req->round, &c)) != 0)
		return rc;
	done->id = req->round;
	return ledger_append(txn, &d->store, req->round, who, req->round, cr.changed,
	    &done->event);
}

/* CREDENTIAL_STATUS: lets the kiosk tell a voter right after the code is typed that it
 * cannot vote (unknown, used, revoked) — the same verdicts, in the same words, as a cast
 * ballot would get. Only for a logged-in kiosk of the round's village, only while voting;
 * the time of use is never given out (it would say when someone voted). */
int
credential_status(struct daemon *d, MDB_txn *txn, uint32_t kiosk, const struct credential *req,
    struct credential *out, struct verdict *v)
{
	struct round	r;
	struct kiosk	k;
	uint8_t		key[4 + KEY_BYTES];
	int		rc, village;

	rc = store_get_id(txn, d->store.rounds, req->round, &schema_round, &r);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOT_OPEN, "round", "Deze stemronde bestaat niet.");
	if (rc != 0)
		return rc;
	village = (int)r.village;
	rc = r.state == ROUND_VOTING ? 0 : verdict_refuse(v, ERRC_NOT_OPEN, "round",
	    r.state == ROUND_DRAFT ? "De stemming is nog niet geopend." :
	    "De stemming is gesloten.");
	wire_free(&schema_round, &r);
	if (rc != 0)
		return rc;
	if ((rc = store_get_id(txn, d->store.kiosks, kiosk, &schema_kiosk, &k)) != 0)
		return rc == MDB_NOTFOUND ? verdict_refuse(v, ERRC_KIOSK, NULL,
		    "Deze stemcomputer is niet aangemeld.") : rc;
	rc = k.state != KIOSK_ACTIVE ? verdict_refuse(v, ERRC_KIOSK, NULL,
	    "Deze stemcomputer is buiten gebruik gesteld.") :
	    (int)k.village != village ? verdict_refuse(v, ERRC_KIOSK, NULL,
	    "Deze stemcomputer hoort bij een ander dorp.") : 0;
	wire_free(&schema_kiosk, &k);
	if (rc != 0)
		return rc;
	cred_key(key, req->round, req->key);
	rc = store_get(txn, d->store.credentials, key, sizeof(key), &schema_credential, out);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_CODE_UNKNOWN, "key", "Deze code hoort niet bij deze "
		    "stemming. Kijk nog eens naar uw kaart.");
	if (rc != 0)
		return rc;
	out->changed = 0;
	return 0;
}
