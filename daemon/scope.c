/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * scope.c — what an organiser key may act on: `organiser NAME key HEX [village V …]
 * [until DATE]` in dorpsstemd.conf (docs/config.md). A key bound to villages may change,
 * and read the committee ledger of, only those villages' rounds, initiatives, credentials
 * and kiosks, and may not add villages; a key past its `until` signs nothing any more (it
 * stays listed, with its end, so that older bundles verify: docs/audit.md §4.1).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"

/* 1 if the configured word names the village (its id in decimal, or its name). */
static int
word_names(const char *w, const struct village *vl)
{
	char id[16];

	snprintf(id, sizeof(id), "%" PRIu32, vl->id);
	return strcmp(w, id) == 0 || strcasecmp(w, vl->name) == 0;
}

static int
covers(struct daemon *d, MDB_txn *txn, const struct config_organiser *org, uint32_t village)
{
	struct village	vl;
	size_t		i;
	int		yes = 0;

	if (org->nvillages == 0)
		return 1;
	if (store_get_id(txn, d->store.villages, village, &schema_village, &vl) != 0)
		return 0;
	for (i = 0; i < org->nvillages && !yes; i++)
		yes = word_names(org->villages[i], &vl);
	wire_free(&schema_village, &vl);
	return yes;
}

/* The village of a round, initiative or kiosk; 0 if it does not exist (the handler then
 * says so itself). */
static uint32_t
round_village(struct daemon *d, MDB_txn *txn, uint32_t id)
{
	struct round	r;
	uint32_t	v;

	if (store_get_id(txn, d->store.rounds, id, &schema_round, &r) != 0)
		return 0;
	v = r.village;
	wire_free(&schema_round, &r);
	return v;
}

static uint32_t
initiative_village(struct daemon *d, MDB_txn *txn, uint32_t id)
{
	struct initiative	in;
	uint32_t		round;

	if (store_get_id(txn, d->store.initiatives, id, &schema_initiative, &in) != 0)
		return 0;
	round = in.round;
	wire_free(&schema_initiative, &in);
	return round_village(d, txn, round);
}

static uint32_t
kiosk_village(struct daemon *d, MDB_txn *txn, uint32_t id)
{
	struct kiosk	k;
	uint32_t	v;

	if (store_get_id(txn, d->store.kiosks, id, &schema_kiosk, &k) != 0)
		return 0;
	v = k.village;
	wire_free(&schema_kiosk, &k);
	return v;
}

int
organiser_scope_check(struct daemon *d, MDB_txn *txn, const struct config_organiser *org,
    uint16_t type, const void *rec, struct verdict *v)
{
	const struct ref	*ref = rec;
	uint32_t		 village = 0;
	int64_t			 now = now_seconds();

	if (org->until && now >= org->until)
		return verdict_refuse(v, ERRC_AUTH, NULL, "organiser key \"%s\" was retired (until "
		    "%lld in the configuration): it signs nothing any more", org->name,
		    (long long)org->until);
	if (org->nvillages == 0)
		return 0;
	switch (type) {
	case MSG_VILLAGE_ADD:
		return verdict_refuse(v, ERRC_AUTH, NULL, "organiser \"%s\" acts only for the "
		    "villages named in the configuration and cannot add villages", org->name);
	case MSG_ROUND_CREATE:
		village = ((const struct round *)rec)->village;
		break;
	case MSG_ROUND_SET:
		village = round_village(d, txn, ((const struct round *)rec)->id);
		break;
	case MSG_ROUND_OPEN: case MSG_ROUND_CLOSE: case MSG_ROUND_CANCEL:
		village = round_village(d, txn, ref->id);
		break;
	case MSG_INITIATIVE_ADD:
		village = round_village(d, txn, ((const struct initiative *)rec)->round);
		break;
	case MSG_INITIATIVE_ADMIT: case MSG_INITIATIVE_WITHDRAW:
		village = initiative_village(d, txn, ref->id);
		break;
	case MSG_INITIATIVE_REJECT:
		village = initiative_village(d, txn, ((const struct initiative *)rec)->id);
		break;
	case MSG_CREDENTIALS_REGISTER:
		village = round_village(d, txn, ((const struct credential_batch *)rec)->round);
		break;
	case MSG_CREDENTIAL_REVOKE:
		village = round_village(d, txn, ((const struct credential *)rec)->round);
		break;
	case MSG_KIOSK_ENROLL:
		village = ((const struct kiosk *)rec)->village;
		break;
	case MSG_CONDITIONS_SET:
		village = ((const struct conditions *)rec)->village;
		break;
	case MSG_INHABITANTS_SET:
		village = ((const struct inhabitants *)rec)->village;
		break;
	case MSG_INITIATIVE_DECIDE:
		village = initiative_village(d, txn, ((const struct decision *)rec)->id);
		break;
	case MSG_INITIATIVE_SUBMIT:
		village = round_village(d, txn, ((const struct application *)rec)->round);
		break;
	case MSG_CONTACT_SET:
		village = initiative_village(d, txn, ((const struct contact *)rec)->id);
		break;
	case MSG_CONTACT_GET:
	case MSG_CONTACT_FORGET:
		village = initiative_village(d, txn, ref->id);
		break;
	case MSG_SPENDING_DUE:
		village = round_village(d, txn, ((const struct spending_due *)rec)->round);
		break;
	case MSG_SPENDING_PAY:
		village = initiative_village(d, txn, ((const struct spending_pay *)rec)->initiative);
		break;
	case MSG_SPENDING_ADD:
		village = initiative_village(d, txn, ((const struct spending_add *)rec)->initiative);
		break;
	case MSG_SPENDING_OVERSPEND:
		village = initiative_village(d, txn,
		    ((const struct spending_overspend *)rec)->initiative);
		break;
	case MSG_SPENDING_CLOSE:
		village = initiative_village(d, txn,
		    ((const struct spending_close *)rec)->initiative);
		break;
	case MSG_DOCUMENT_PUT:
		village = round_village(d, txn, ((const struct document_put *)rec)->round);
		break;
	case MSG_DOCUMENT_GET:
		village = round_village(d, txn, ((const struct document_get *)rec)->round);
		break;
	case MSG_KIOSK_RETIRE:
		village = kiosk_village(d, txn, ref->id);
		break;
	case MSG_LEDGER_LIST:
		if (((const struct event_page_req *)rec)->round == 0)
			return verdict_refuse(v, ERRC_AUTH, NULL, "organiser \"%s\" acts only for "
			    "its villages: ledger 0 is daemon-wide", org->name);
		village = round_village(d, txn, ((const struct event_page_req *)rec)->round);
		break;
	default:
		return 0;
	}
	if (village == 0 || covers(d, txn, org, village))
		return 0;
	return verdict_refuse(v, ERRC_AUTH, NULL, "organiser \"%s\" may act only for its own "
	    "villages, not for village %" PRIu32, org->name, village);
}

struct name_to_id {
	const char	*word;
	uint32_t	 id;
};

static int
find_named(void *rec, void *arg)
{
	struct village		*vl = rec;
	struct name_to_id	*nt = arg;

	if (word_names(nt->word, vl)) {
		nt->id = vl->id;
		return 1;
	}
	return 0;
}

static int
ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int
organiser_publish(struct daemon *d, MDB_txn *txn, const struct config_organiser *org,
    struct organiser *out)
{
	struct ref	*v;
	struct village	 vl;
	size_t		 i, n = 0;
	int		 rc;

	memcpy(out->key, org->key, KEY_BYTES);
	out->name = org->name;
	out->until = org->until;
	out->villages.items = NULL;
	out->villages.n = 0;
	if (org->nvillages == 0)
		return 0;
	if ((v = calloc(org->nvillages, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < org->nvillages; i++) {
		struct name_to_id nt = { org->villages[i], 0 };
		rc = store_each(txn, d->store.villages, &schema_village, &vl, find_named, &nt);
		if (rc != 0 && rc != 1) {
			free(v);
			return -1;
		}
		v[n++].id = nt.id;	/* 0: no such village (yet) */
	}
	qsort(v, n, sizeof(*v), ref_cmp);
	out->villages.items = v;
	out->villages.n = (uint32_t)n;
	return 0;
}
