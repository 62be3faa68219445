/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * submission.c — the aanvraag (issue 13): an initiative submitted with its budget lines,
 * co-funding, volunteers and planned period, and the proposer's contact details, which
 * are never published. The application is the signed request's body, so it is in the
 * round's ledger as an initiative-submit event; the contact details are not: a separate
 * organiser-signed contact-set request stores them in their own database, with no ledger
 * event, and only an organiser-signed contact-get reads them back.
 *
 *   applications  u32 initiative -> struct application
 *   contacts      u32 initiative -> struct contact        (never in a bundle or a log)
 */
#include <string.h>

#include <sodium.h>

#include "dorpsstemd.h"

int
initiative_submit(struct daemon *d, MDB_txn *txn, const struct application *app,
    const struct actor *who, struct done *done, struct verdict *v)
{
	const struct money_line	*l = app->lines.items, *cf = app->cofunding.items;
	struct initiative	 in;
	uint64_t		 sum = 0;
	uint32_t		 i;
	int			 rc;

	if (app->lines.n == 0)
		return verdict_refuse(v, ERRC_INVALID, "lines", "an application needs at least "
		    "one budget line");
	for (i = 0; i < app->lines.n; i++) {
		if (l[i].what[0] == '\0' || l[i].amount == 0)
			return verdict_refuse(v, ERRC_INVALID, "lines", "budget line %u needs a "
			    "description and an amount above zero", i + 1);
		if (l[i].amount > MONEY_MAX_CENTS - sum)
			return verdict_refuse(v, ERRC_INVALID, "lines", "the budget lines add up "
			    "to more than any budget");
		sum += l[i].amount;
	}
	for (i = 0; i < app->cofunding.n; i++)
		if (cf[i].what[0] == '\0' || cf[i].amount == 0)
			return verdict_refuse(v, ERRC_INVALID, "cofunding", "co-funding %u needs "
			    "a source and an amount above zero", i + 1);
	/* The initiative as initiative-add makes it: same checks, same event (whose body
	 * is this application, as signed). Its cost is the sum of the budget lines. */
	memset(&in, 0, sizeof(in));
	in.round = app->round;
	in.title = app->title;
	in.summary = app->summary;
	in.cost = sum;
	in.proposer = app->proposer;
	in.category = app->category;
	if ((rc = initiative_add(d, txn, &in, who, done, v)) != 0)
		return rc;
	return store_put_id(txn, d->store.applications, done->id, &schema_application, app);
}

int
contact_set(struct daemon *d, MDB_txn *txn, const struct contact *req, struct done *done,
    struct verdict *v)
{
	struct initiative	in;
	int			rc;

	if ((rc = store_get_id(txn, d->store.initiatives, req->id, &schema_initiative, &in)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no initiative %u", req->id);
	if (rc != 0)
		return rc;
	wire_free(&schema_initiative, &in);
	if ((rc = store_put_id(txn, d->store.contacts, req->id, &schema_contact, req)) != 0)
		return rc;
	done->id = req->id;
	done->event = 0;	/* no ledger event: contact details are never published */
	return 0;
}

int
contact_get(struct daemon *d, MDB_txn *txn, uint32_t id, struct contact *out,
    struct verdict *v)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_get_id(txn, d->store.contacts, id, &schema_contact, out);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "initiative %u has no contact "
		    "details", id);
	return rc;
}

/* ---- the public submission: a resident's aanvraag from the future web site ------------ */

struct pending_count {
	uint32_t	round, n;
};

static int
pending_one(void *rec, void *arg)
{
	struct initiative	*in = rec;
	struct pending_count	*pc = arg;

	if (in->round == pc->round && in->status == INIT_SUBMITTED)
		pc->n++;
	return 0;
}

/* PUBLIC_SUBMIT: unauthenticated. Makes a submitted initiative in a draft round, no
 * more than PUBLIC_PENDING_MAX pending in the round; the event is the daemon's own
 * (public-submit, signed by the daemon key: it signs only that it received this), whose
 * body is the application without the contact details. Only an organiser's admit or
 * decision can put it on the ballot. Returns the follow-up code, stored as its hash. */
int
public_submit(struct daemon *d, MDB_txn *txn, const struct public_submission *ps,
    struct submitted *out, struct verdict *v)
{
	struct application	 app;
	struct round		 r;
	struct pending_count	 pc;
	struct initiative	 tmp;
	struct actor		 who;
	struct contact		 ct;
	struct wbuf		 body;
	uint8_t			 raw[10], hash[HASH_BYTES];
	static const char	 alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	size_t			 i, k;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_get_id(txn, d->store.rounds, ps->round, &schema_round, &r)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no round %u",
		    ps->round);
	if (rc != 0)
		return rc;
	rc = r.state;
	wire_free(&schema_round, &r);
	if (rc != ROUND_DRAFT)
		return verdict_refuse(v, ERRC_STATE, "round", "round %u takes no submissions: "
		    "it is no longer in preparation", ps->round);
	pc.round = ps->round;
	pc.n = 0;
	if ((rc = store_each(txn, d->store.initiatives, &schema_initiative, &tmp, pending_one,
	    &pc)) != 0)
		return rc;
	if (pc.n >= PUBLIC_PENDING_MAX)
		return verdict_refuse(v, ERRC_LIMIT, "round", "round %u has %u submissions "
		    "waiting for a decision: try again later", ps->round, pc.n);
	if (ps->contact[0] == '\0')
		return verdict_refuse(v, ERRC_INVALID, "contact", "a submission needs contact "
		    "details");
	memset(&app, 0, sizeof(app));
	app.round = ps->round;
	app.title = ps->title;
	app.summary = ps->summary;
	app.proposer = ps->proposer;
	app.category = ps->category;
	app.lines = ps->lines;
	app.cofunding = ps->cofunding;
	app.volunteers = ps->volunteers;
	app.planned = ps->planned;
	/* The daemon's event: its body the application as it would have been signed. */
	wbuf_init(&body);
	wire_encode(&body, &schema_application, &app);
	memset(&who, 0, sizeof(who));
	who.type = EVENT_PUBLIC_SUBMIT;
	who.body = body.p;
	who.bodylen = body.len;
	rc = initiative_submit(d, txn, &app, &who, &out->done, v);
	wbuf_free(&body);
	if (rc != 0)
		return rc;
	memset(&ct, 0, sizeof(ct));
	ct.id = out->done.id;
	ct.contact = ps->contact;
	if ((rc = store_put_id(txn, d->store.contacts, ct.id, &schema_contact, &ct)) != 0)
		return rc;
	/* The follow-up code: 16 symbols of Crockford base32, kept only as its hash. */
	randombytes_buf(raw, sizeof(raw));
	for (i = 0, k = 0; i < 16; i++) {
		unsigned bit = (unsigned)i * 5, byte = bit / 8, sh = bit % 8;
		unsigned w = (unsigned)raw[byte] << 8 | (byte + 1 < sizeof(raw) ? raw[byte + 1] : 0);
		out->code[k++] = alpha[(w >> (11 - sh)) & 31];
		if (i % 4 == 3 && i < 15)
			out->code[k++] = '-';
	}
	out->code[k] = '\0';
	sodium_memzero(raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), (const uint8_t *)out->code, k, NULL, 0);
	return store_put(txn, d->store.followups, hash, sizeof(hash), &schema_ref,
	    &(struct ref){ ct.id });
}
