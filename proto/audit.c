/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit.c — event and statement signatures, result statements and record files; see
 * audit.h and docs/audit.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <sodium.h>

#include "intl.h"
#include "audit.h"
#include "code.h"
#include "frame.h"

int
record_hash(const struct wire_schema *s, const void *rec, uint8_t out[HASH_BYTES])
{
	struct wbuf b;

	wbuf_init(&b);
	wire_encode(&b, s, rec);
	if (b.oom) {
		wbuf_free(&b);
		return -1;
	}
	crypto_generichash(out, HASH_BYTES, b.p, b.len, NULL, 0);
	wbuf_free(&b);
	return 0;
}

/* domain || 0x00 || encoding minus the trailing signature. */
static int
statement_bytes(struct wbuf *m, const char *domain, const struct wire_schema *s,
    const void *rec)
{
	struct wbuf b;

	if (s->nf == 0 || s->f[s->nf - 1].type != WF_B64)
		return -1;
	wbuf_init(&b);
	wire_encode(&b, s, rec);
	wbuf_raw(m, domain, strlen(domain) + 1);
	if (!b.oom)
		wbuf_raw(m, b.p, b.len - SIG_BYTES);
	wbuf_free(&b);
	return m->oom || b.oom ? -1 : 0;
}

int
statement_sign(const char *domain, const struct wire_schema *s, void *rec,
    const uint8_t sk[64])
{
	struct wbuf	 m;
	uint8_t		*sig = (uint8_t *)rec + s->f[s->nf - 1].off;

	wbuf_init(&m);
	if (statement_bytes(&m, domain, s, rec) == -1) {
		wbuf_free(&m);
		return -1;
	}
	crypto_sign_detached(sig, NULL, m.p, m.len, sk);
	wbuf_free(&m);
	return 0;
}

int
statement_verify(const char *domain, const struct wire_schema *s, const void *rec,
    const uint8_t pk[KEY_BYTES])
{
	const uint8_t	*sig = (const uint8_t *)rec + s->f[s->nf - 1].off;
	struct wbuf	 m;
	int		 rc = -1;

	wbuf_init(&m);
	if (statement_bytes(&m, domain, s, rec) == 0 &&
	    crypto_sign_verify_detached(sig, m.p, m.len, pk) == 0)
		rc = 0;
	wbuf_free(&m);
	return rc;
}

enum event_kind
event_kind(const struct event *ev, const uint8_t daemon_pk[KEY_BYTES])
{
	if (memcmp(ev->signer, daemon_pk, KEY_BYTES) != 0)
		return EVENT_ORGANISER;
	if (ev->type == MSG_BALLOT_CAST)
		return EVENT_BALLOT;
	return EVENT_DAEMON;
}

/* DOMAIN_EVENT || 0x00 || encoding with sig zeroed. */
static int
event_daemon_bytes(struct wbuf *m, const struct event *ev)
{
	struct event e = *ev;

	memset(e.sig, 0, SIG_BYTES);
	wbuf_raw(m, DOMAIN_EVENT, sizeof(DOMAIN_EVENT));
	wire_encode(m, &schema_event, &e);
	return m->oom ? -1 : 0;
}

int
event_sign_daemon(struct event *ev, const uint8_t sk[64])
{
	struct wbuf	m;
	uint8_t		sig[SIG_BYTES];

	wbuf_init(&m);
	if (event_daemon_bytes(&m, ev) == -1) {
		wbuf_free(&m);
		return -1;
	}
	crypto_sign_detached(sig, NULL, m.p, m.len, sk);
	memcpy(ev->sig, sig, SIG_BYTES);
	wbuf_free(&m);
	return 0;
}

static int
why_set(char *why, size_t n, const char *msg)
{
	snprintf(why, n, "%s", msg);
	return -1;
}

int
event_verify(const struct event *ev, const uint8_t daemon_pk[KEY_BYTES], char *why,
    size_t whylen)
{
	static const uint8_t	zero[SIG_BYTES];
	struct wbuf		m;
	struct ballot		b;
	int			rc = 0;

	wbuf_init(&m);
	switch (event_kind(ev, daemon_pk)) {
	case EVENT_ORGANISER:
		auth_message(&m, daemon_pk, ev->type, ev->counter, ev->body.p, ev->body.len);
		if (m.oom)
			rc = why_set(why, whylen, _("out of memory"));
		else if (crypto_sign_verify_detached(ev->sig, m.p, m.len, ev->signer) != 0)
			rc = why_set(why, whylen, _("the organiser's request signature does not "
			    "verify"));
		break;
	case EVENT_DAEMON:
		if (event_daemon_bytes(&m, ev) == -1)
			rc = why_set(why, whylen, _("out of memory"));
		else if (crypto_sign_verify_detached(ev->sig, m.p, m.len, daemon_pk) != 0)
			rc = why_set(why, whylen, _("the daemon's event signature does not verify"));
		break;
	case EVENT_BALLOT:
		if (memcmp(ev->sig, zero, SIG_BYTES) != 0)
			rc = why_set(why, whylen, _("a ballot event must have a zero signature"));
		else if (wire_decode_all(ev->body.p, ev->body.len, &schema_ballot, &b,
		    NULL) != 0)
			rc = why_set(why, whylen, _("the body of a ballot event is not a ballot"));
		else {
			if (b.round != ev->round)
				rc = why_set(why, whylen, _("the ballot is for another round"));
			wire_free(&schema_ballot, &b);
		}
		break;
	}
	wbuf_free(&m);
	return rc;
}

/* ---- the signer table -------------------------------------------------------------------- */

static const struct event_rule rules[] = {
	{ MSG_VILLAGE_ADD, "village-add", 1, SIGNER_ORGANISER },
	{ MSG_KIOSK_ENROLL, "kiosk-enroll", 1, SIGNER_ORGANISER },
	{ MSG_KIOSK_RETIRE, "kiosk-retire", 1, SIGNER_ORGANISER },
	{ MSG_CONDITIONS_SET, "conditions-set", 1, SIGNER_ORGANISER },
	{ MSG_INHABITANTS_SET, "inhabitants-set", 1, SIGNER_ORGANISER },
	{ MSG_ROUND_CREATE, "round-create", 0, SIGNER_ORGANISER },
	{ MSG_ROUND_SET, "round-set", 0, SIGNER_ORGANISER },
	{ MSG_ROUND_OPEN, "round-open", 0, SIGNER_SCHEDULE },
	{ MSG_ROUND_CLOSE, "round-close", 0, SIGNER_SCHEDULE },
	{ MSG_ROUND_CANCEL, "round-cancel", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_ADD, "initiative-add", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_ADMIT, "initiative-admit", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_REJECT, "initiative-reject", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_WITHDRAW, "initiative-withdraw", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_DECIDE, "initiative-decide", 0, SIGNER_ORGANISER },
	{ MSG_INITIATIVE_SUBMIT, "initiative-submit", 0, SIGNER_ORGANISER },
	{ MSG_CREDENTIALS_REGISTER, "credentials-register", 0, SIGNER_ORGANISER },
	{ MSG_CREDENTIAL_REVOKE, "credential-revoke", 0, SIGNER_ORGANISER },
	{ MSG_BALLOT_CAST, "ballot", 0, SIGNER_BALLOT },
	{ EVENT_CHECKPOINT, "checkpoint", 0, SIGNER_DAEMON },
	{ EVENT_CLOSE, "close statement", 0, SIGNER_DAEMON },
	{ EVENT_RESULT, "result statement", 0, SIGNER_DAEMON },
	{ EVENT_PUBLIC_SUBMIT, "public-submit", 0, SIGNER_DAEMON },
	/* toekenning en verantwoording (issue 13): after the result, docs/audit.md §11 */
	{ MSG_SPENDING_DUE, "spending-due", 0, SIGNER_ORGANISER },
	{ MSG_SPENDING_PAY, "spending-pay", 0, SIGNER_ORGANISER },
	{ MSG_SPENDING_ADD, "spending-add", 0, SIGNER_ORGANISER },
	{ MSG_SPENDING_OVERSPEND, "spending-overspend", 0, SIGNER_ORGANISER },
	{ MSG_SPENDING_CLOSE, "spending-close", 0, SIGNER_ORGANISER },
};

const struct event_rule *
event_rule(uint16_t type)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].type == type)
			return &rules[i];
	return NULL;
}

int
event_signer_check(const struct event *ev, const uint8_t daemon_pk[KEY_BYTES], char *why,
    size_t n)
{
	const struct event_rule	*r = event_rule(ev->type);
	int			 by_daemon = memcmp(ev->signer, daemon_pk, KEY_BYTES) == 0;

	if (r == NULL) {
		snprintf(why, n, _("type 0x%04x is no event type (docs/audit.md §1)"), ev->type);
		return -1;
	}
	if ((r->ledger0 != 0) != (ev->round == 0)) {
		snprintf(why, n, r->ledger0 ? _("a %s event belongs in ledger 0") :
		    _("a %s event belongs in a round's ledger"), r->name);
		return -1;
	}
	switch (r->signer) {
	case SIGNER_ORGANISER:
		if (by_daemon) {
			snprintf(why, n, strchr("aeiou", r->name[0]) ? _("an %s event signed by "
			    "the daemon key: only an organiser of the village may sign it") : _("a %s "
			    "event signed by the daemon key: only an organiser of the village may sign "
			    "it"), r->name);
			return -1;
		}
		return 0;
	case SIGNER_SCHEDULE:
		return 0;
	case SIGNER_DAEMON:
	case SIGNER_BALLOT:
		if (!by_daemon) {
			snprintf(why, n, _("a %s event must carry the daemon key as signer"), r->name);
			return -1;
		}
		return 0;
	}
	return 0;
}

/* Decodes the body with schema s into rec, or fills why. */
static int
body_decode(const struct event *ev, const struct wire_schema *s, void *rec, char *why,
    size_t n)
{
	const char *field = NULL;

	if (wire_decode_all(ev->body.p, ev->body.len, s, rec, &field) == 0)
		return 0;
	wire_free(s, rec);
	snprintf(why, n, _("field body: not a %s record (field %s)"), s->name, field ? field : "?");
	return -1;
}

static int
label_diff(char *why, size_t n, const char *field, uint32_t have, const char *what,
    uint32_t want)
{
	/* TRANSLATORS: the third %s is "round", "id" or "a number of keys of" (translated). */
	snprintf(why, n, _("field %s: %" PRIu32 ", but the signed body names %s %" PRIu32 " (%s)"),
	    field, have, what, want, strcmp(field, "round") == 0 ?
	    _("a request moved from another round") : _("relabelled"));
	return -1;
}

int
event_body_check(const struct event *ev, char *why, size_t n)
{
	union {
		struct ref			ref;
		struct round			round;
		struct round_open		open;
		struct initiative		in;
		struct credential_batch		batch;
		struct credential		cred;
		struct kiosk			kiosk;
		struct village			village;
		struct ballot			ballot;
		struct checkpoint		cp;
		struct close_statement		cs;
		struct result_statement		rs;
		struct conditions		cond;
		struct inhabitants		inh;
		struct decision			dec;
		struct application		app;
		struct spending_due		sdue;
		struct spending_pay		spay;
		struct spending_add		sadd;
		struct spending_overspend	sovs;
		struct spending_close		scls;
	} u;
	const struct wire_schema	*s = NULL;
	uint32_t			 round = 0, subject = 0;
	int				 have_round = 0, have_subject = 0, rc = 0;

	switch (ev->type) {
	case MSG_VILLAGE_ADD:
		s = &schema_village_add;
		break;
	case MSG_KIOSK_ENROLL:
		s = &schema_kiosk_enroll;
		break;
	case MSG_KIOSK_RETIRE:
		s = &schema_ref;
		break;
	case MSG_CONDITIONS_SET:
		s = &schema_conditions_set;
		break;
	case MSG_INHABITANTS_SET:
		s = &schema_inhabitants;
		break;
	case MSG_INITIATIVE_DECIDE:
		s = &schema_decision;
		break;
	case MSG_INITIATIVE_SUBMIT: case EVENT_PUBLIC_SUBMIT:
		s = &schema_application;
		break;
	case MSG_ROUND_CREATE:
		s = &schema_round_create;
		break;
	case MSG_SPENDING_DUE:
		s = &schema_spending_due;
		break;
	case MSG_SPENDING_PAY:
		s = &schema_spending_pay;
		break;
	case MSG_SPENDING_ADD:
		s = &schema_spending_add;
		break;
	case MSG_SPENDING_OVERSPEND:
		s = &schema_spending_overspend;
		break;
	case MSG_SPENDING_CLOSE:
		s = &schema_spending_close;
		break;
	case MSG_ROUND_SET:
		s = &schema_round_set;
		break;
	case MSG_ROUND_OPEN:
		s = &schema_round_open;
		break;
	case MSG_ROUND_CLOSE:
		s = &schema_round_close;
		break;
	case MSG_ROUND_CANCEL: case MSG_INITIATIVE_ADMIT:
	case MSG_INITIATIVE_WITHDRAW:
		s = &schema_ref;
		break;
	case MSG_INITIATIVE_ADD:
		s = &schema_initiative_add;
		break;
	case MSG_INITIATIVE_REJECT:
		s = &schema_initiative_reject;
		break;
	case MSG_CREDENTIALS_REGISTER:
		s = &schema_credential_batch;
		break;
	case MSG_CREDENTIAL_REVOKE:
		s = &schema_credential_ref;
		break;
	case MSG_BALLOT_CAST:
		s = &schema_ballot;
		break;
	case EVENT_CHECKPOINT:
		s = &schema_checkpoint;
		break;
	case EVENT_CLOSE:
		s = &schema_close_statement;
		break;
	case EVENT_RESULT:
		s = &schema_result_statement;
		break;
	default:
		snprintf(why, n, _("field type: 0x%04x is no event type"), ev->type);
		return -1;
	}
	if ((ev->type == MSG_ROUND_OPEN || ev->type == MSG_ROUND_CLOSE) && ev->body.len == 4) {
		snprintf(why, n, _("field body: a %s without the ledger heads it names (an older "
		    "dorpsstem's form): which credentials and kiosks took part cannot be proven"),
		    ev->type == MSG_ROUND_OPEN ? "round-open" : "round-close");
		return -1;
	}
	if (body_decode(ev, s, &u, why, n) != 0)
		return -1;
	switch (ev->type) {
	case MSG_KIOSK_RETIRE: case MSG_INITIATIVE_ADMIT: case MSG_INITIATIVE_WITHDRAW:
		subject = u.ref.id, have_subject = 1;
		break;
	case MSG_ROUND_CLOSE:
		round = subject = u.open.id, have_round = have_subject = 1;
		break;
	case MSG_CONDITIONS_SET:	/* subject: the village */
		subject = u.cond.village, have_subject = 1;
		break;
	case MSG_INHABITANTS_SET:	/* subject: the village */
		subject = u.inh.village, have_subject = 1;
		break;
	case MSG_INITIATIVE_DECIDE:
		subject = u.dec.id, have_subject = 1;
		break;
	case MSG_INITIATIVE_SUBMIT: case EVENT_PUBLIC_SUBMIT:
		round = u.app.round, have_round = 1;
		break;
	case MSG_ROUND_CANCEL:
		round = subject = u.ref.id, have_round = have_subject = 1;
		break;
	case MSG_SPENDING_DUE:
		round = subject = u.sdue.round, have_round = have_subject = 1;
		break;
	/* The initiative's round is checked against initiatives.txt by the books. */
	case MSG_SPENDING_PAY:
		subject = u.spay.initiative, have_subject = 1;
		break;
	case MSG_SPENDING_ADD:
		subject = u.sadd.initiative, have_subject = 1;
		break;
	case MSG_SPENDING_OVERSPEND:
		subject = u.sovs.initiative, have_subject = 1;
		break;
	case MSG_SPENDING_CLOSE:
		subject = u.scls.initiative, have_subject = 1;
		break;
	case MSG_ROUND_CREATE:
		subject = ev->round, have_subject = 1;
		break;
	case MSG_ROUND_SET:
		round = subject = u.round.id, have_round = have_subject = 1;
		break;
	case MSG_ROUND_OPEN:
		round = subject = u.open.id, have_round = have_subject = 1;
		break;
	case MSG_INITIATIVE_ADD:
		round = u.in.round, have_round = 1;
		break;
	case MSG_INITIATIVE_REJECT:
		subject = u.in.id, have_subject = 1;
		break;
	case MSG_CREDENTIALS_REGISTER:
		round = u.batch.round, have_round = 1;
		subject = u.batch.keys.n, have_subject = 1;
		break;
	case MSG_CREDENTIAL_REVOKE:
		round = subject = u.cred.round, have_round = have_subject = 1;
		break;
	case MSG_BALLOT_CAST:
		round = u.ballot.round, have_round = 1;
		subject = u.ballot.kiosk, have_subject = 1;
		break;
	case EVENT_CHECKPOINT:
		round = subject = u.cp.round, have_round = have_subject = 1;
		break;
	case EVENT_CLOSE:
		round = subject = u.cs.round, have_round = have_subject = 1;
		break;
	case EVENT_RESULT:
		round = subject = u.rs.round, have_round = have_subject = 1;
		break;
	}
	if (have_round && ev->round != round)
		rc = label_diff(why, n, "round", ev->round, _("round"), round);
	else if (have_subject && ev->subject != subject)
		rc = label_diff(why, n, "subject", ev->subject, ev->type == MSG_CREDENTIALS_REGISTER ?
		    _("a number of keys of") : _("id"), subject);
	wire_free(s, &u);
	return rc;
}

int
organiser_covers(const struct organiser *o, uint32_t village)
{
	const struct ref	*v = o->villages.items;
	uint32_t		 i;

	if (o->villages.n == 0)
		return 1;
	for (i = 0; i < o->villages.n; i++)
		if (v[i].id == village)
			return 1;
	return 0;
}

static int
org_key_cmp(const void *a, const void *b)
{
	const struct organiser *const *x = a, *const *y = b;

	return memcmp((*x)->key, (*y)->key, KEY_BYTES);
}

int
round_fingerprint(const uint8_t daemon_pk[KEY_BYTES], const struct organiser *orgs, size_t n,
    uint32_t village, char out[FINGERPRINT_TEXT])
{
	const struct organiser	**v;
	struct wbuf		  m;
	uint8_t			  h[HASH_BYTES], cnt[4], vb[4];
	size_t			  i, k = 0, bit;
	char			 *o = out;

	if ((v = calloc(n + 1, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (organiser_covers(&orgs[i], village))
			v[k++] = &orgs[i];
	qsort(v, k, sizeof(*v), org_key_cmp);
	wbuf_init(&m);
	wbuf_raw(&m, DOMAIN_FINGERPRINT, sizeof(DOMAIN_FINGERPRINT));
	vb[0] = (uint8_t)(village >> 24), vb[1] = (uint8_t)(village >> 16);
	vb[2] = (uint8_t)(village >> 8), vb[3] = (uint8_t)village;
	wbuf_raw(&m, vb, 4);
	wbuf_raw(&m, daemon_pk, KEY_BYTES);
	cnt[0] = (uint8_t)(k >> 24), cnt[1] = (uint8_t)(k >> 16);
	cnt[2] = (uint8_t)(k >> 8), cnt[3] = (uint8_t)k;
	wbuf_raw(&m, cnt, 4);
	for (i = 0; i < k; i++)
		wire_encode(&m, &schema_organiser, v[i]);
	free(v);
	if (m.oom) {
		wbuf_free(&m);
		return -1;
	}
	crypto_generichash(h, HASH_BYTES, m.p, m.len, NULL, 0);
	wbuf_free(&m);
	/* The first 80 bits, 5 bits a symbol, most significant first. */
	for (i = 0; i < 16; i++) {
		unsigned x = 0;
		for (bit = 0; bit < 5; bit++) {
			size_t b = i * 5 + bit;
			x = x << 1 | ((h[b / 8] >> (7 - b % 8)) & 1);
		}
		if (i > 0 && i % 4 == 0)
			*o++ = '-';
		*o++ = code_alphabet[x];
	}
	*o = '\0';
	return 0;
}

int
result_statement_make(const struct result *res, const uint8_t close_hash[HASH_BYTES],
    struct result_statement *st)
{
	const struct result_item	*it = res->items.items;
	struct result_entry		*e;
	uint32_t			 i;

	memset(st, 0, sizeof(*st));
	if ((e = calloc(res->items.n + 1, sizeof(*e))) == NULL)
		return -1;
	for (i = 0; i < res->items.n; i++) {
		e[i].initiative = it[i].initiative;
		e[i].cost = it[i].cost;
		e[i].score = it[i].score;
		e[i].funded = it[i].funded;
		e[i].order = it[i].order;
	}
	st->items.items = e;
	st->items.n = res->items.n;
	st->round = res->round;
	memcpy(st->close_hash, close_hash, HASH_BYTES);
	st->rule = strdup(res->rule);
	st->tie_break = strdup(res->tie_break);
	if (st->rule == NULL || st->tie_break == NULL) {
		wire_free(&schema_result_statement, st);
		return -1;
	}
	memcpy(st->seed, res->seed, sizeof(st->seed));
	st->budget = res->budget;
	st->spent = res->spent;
	st->unspent = res->unspent;
	st->ballots = res->ballots;
	return 0;
}

int
result_statement_compare(const struct result_statement *a, const struct result_statement *b,
    char *why, size_t n)
{
	const struct result_entry	*x = a->items.items, *y = b->items.items;
	uint32_t			 i;

#define U64(f) if (a->f != b->f) { snprintf(why, n, _("field %s: %" PRIu64 " here, %" \
	    PRIu64 " recounted"), #f, (uint64_t)a->f, (uint64_t)b->f); return -1; }
	U64(round);
	if (memcmp(a->close_hash, b->close_hash, HASH_BYTES) != 0)
		return why_set(why, n, _("field close_hash: not the hash of the close statement"));
	if (strcmp(a->rule, b->rule) != 0) {
		snprintf(why, n, _("field rule: \"%s\" here, \"%s\" recounted"), a->rule, b->rule);
		return -1;
	}
	if (strcmp(a->tie_break, b->tie_break) != 0) {
		snprintf(why, n, _("field tie_break: \"%s\" here, \"%s\" recounted"), a->tie_break,
		    b->tie_break);
		return -1;
	}
	if (memcmp(a->seed, b->seed, sizeof(a->seed)) != 0)
		return why_set(why, n, _("field seed: differs from the round's seed"));
	U64(budget);
	U64(spent);
	U64(unspent);
	U64(ballots);
	if (a->items.n != b->items.n) {
		snprintf(why, n, _("field items: %" PRIu32 " initiatives here, %" PRIu32
		    " recounted"), a->items.n, b->items.n);
		return -1;
	}
	for (i = 0; i < a->items.n; i++) {
		if (x[i].initiative != y[i].initiative) {
			snprintf(why, n, _("items[%" PRIu32 "] field initiative: %" PRIu32 " here, %"
			    PRIu32 " recounted"), i, x[i].initiative, y[i].initiative);
			return -1;
		}
#define ITEM(f) if (x[i].f != y[i].f) { snprintf(why, n, _("initiative %" PRIu32 " field %s" \
	    ": %" PRId64 " here, %" PRId64 " recounted"), x[i].initiative, #f, (int64_t)x[i].f, \
	    (int64_t)y[i].f); return -1; }
		ITEM(funded);
		ITEM(cost);
		ITEM(score);
		ITEM(order);
#undef ITEM
	}
#undef U64
	return 0;
}

/* ---- record files --------------------------------------------------------------------- */

void
recfile_header(FILE *f, const char *kind, const char *comment)
{
	const char *p, *nl;

	fprintf(f, "# dorpsstem audit %s v1\n", kind);
	for (p = comment; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		fprintf(f, "# %.*s\n", (int)(nl ? nl - p : (ptrdiff_t)strlen(p)), p);
		if (nl == NULL)
			break;
	}
}

void
recfile_put_raw(FILE *f, const uint8_t *p, size_t n)
{
	static const char	d[] = "0123456789abcdef";
	char			buf[4096];
	size_t			i, k = 0;

	for (i = 0; i < n; i++) {
		buf[k++] = d[p[i] >> 4];
		buf[k++] = d[p[i] & 15];
		if (k == sizeof(buf)) {
			fwrite(buf, 1, k, f);
			k = 0;
		}
	}
	fwrite(buf, 1, k, f);
	putc('\n', f);
}

int
recfile_put(FILE *f, const struct wire_schema *s, const void *rec)
{
	struct wbuf	b;
	int		rc = -1;

	wbuf_init(&b);
	wire_encode(&b, s, rec);
	if (!b.oom) {
		recfile_put_raw(f, b.p, b.len);
		rc = 0;
	}
	wbuf_free(&b);
	return rc;
}

/* The longest line a record file may hold: the hex of an EVENT with a full 1 MiB body,
 * with room to spare. A longer one (or a file that never ends a line) is refused rather
 * than read into memory without bound. */
#define RECFILE_LINE_MAX	(2 * (FRAME_MAX + 65536))

/* getline with a bound: -1 at the end, -2 (and the rest of the file skipped) if a line
 * is longer than RECFILE_LINE_MAX, -3 out of memory. */
static ssize_t
recfile_getline(struct recfile *rf)
{
	size_t	len = 0;
	int	c;

	for (;;) {
		if (len + 2 > rf->cap) {
			size_t	 ncap = rf->cap ? rf->cap * 2 : 256;
			char	*p;
			if (ncap > RECFILE_LINE_MAX + 2)
				ncap = RECFILE_LINE_MAX + 2;
			if ((p = realloc(rf->line, ncap)) == NULL)
				return -3;
			rf->line = p;
			rf->cap = ncap;
		}
		if ((c = getc(rf->f)) == EOF) {
			if (len == 0)
				return -1;
			break;
		}
		rf->line[len++] = (char)c;
		if (c == '\n')
			break;
		if (len > RECFILE_LINE_MAX) {
			fseek(rf->f, 0, SEEK_END);
			rf->line[0] = '\0';
			return -2;
		}
	}
	rf->line[len] = '\0';
	return (ssize_t)len;
}

int
recfile_open(struct recfile *rf, const char *path, const char *kind, char *err, size_t n)
{
	struct stat	st;

	char	want[128];
	ssize_t	len;

	memset(rf, 0, sizeof(*rf));
	rf->path = path;
	if ((rf->f = fopen(path, "r")) == NULL) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* A device or a pipe (a bundle's symlink to /dev/zero) would never end. */
	if (fstat(fileno(rf->f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, n, "%s: not a regular file", path);
		recfile_close(rf);
		return -1;
	}
	snprintf(want, sizeof(want), "# dorpsstem audit %s v1", kind);
	len = recfile_getline(rf);
	if (len > 0 && rf->line[len - 1] == '\n')
		rf->line[--len] = '\0';
	if (len < 0 || strcmp(rf->line, want) != 0) {
		snprintf(err, n, _("%s: line 1: the first line must be \"%s\""), path, want);
		recfile_close(rf);
		return -1;
	}
	rf->lineno = 1;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
recfile_next(struct recfile *rf, const struct wire_schema *s, void *rec, char *err, size_t n)
{
	const char	*field = NULL;
	ssize_t		 len;
	size_t		 i;
	int		 hi, lo, rc;

	memset(rec, 0, s->size);
	for (;;) {
		if ((len = recfile_getline(rf)) == -1)
			return 0;
		rf->lineno++;
		if (len == -3) {
			snprintf(err, n, "out of memory");
			fseek(rf->f, 0, SEEK_END);
			return -1;
		}
		if (len == -2) {
			rf->nrec++;
			snprintf(err, n, "%s: record %u (line %u): longer than any record can be "
			    "(%u hex digits at most); the rest of the file is not read", rf->path,
			    rf->nrec, rf->lineno, (unsigned)RECFILE_LINE_MAX);
			return -1;
		}
		if (len > 0 && rf->line[len - 1] == '\n')
			rf->line[--len] = '\0';
		if (len > 0 && rf->line[0] != '#')
			break;
	}
	rf->nrec++;
	if (len % 2 != 0) {
		snprintf(err, n, _("%s: record %u (line %u): an odd number of hex digits"), rf->path,
		    rf->nrec, rf->lineno);
		return -1;
	}
	if ((size_t)len / 2 > rf->rawcap) {
		uint8_t *p = realloc(rf->raw, (size_t)len / 2);
		if (p == NULL) {
			snprintf(err, n, _("out of memory"));
			return -1;
		}
		rf->raw = p;
		rf->rawcap = (size_t)len / 2;
	}
	for (i = 0; i < (size_t)len / 2; i++) {
		if ((hi = hexval(rf->line[2 * i])) < 0 || (lo = hexval(rf->line[2 * i + 1])) < 0) {
			snprintf(err, n, _("%s: record %u (line %u): not lowercase hex"), rf->path,
			    rf->nrec, rf->lineno);
			return -1;
		}
		rf->raw[i] = (uint8_t)(hi << 4 | lo);
	}
	rf->rawlen = (size_t)len / 2;
	if ((rc = wire_decode_all(rf->raw, rf->rawlen, s, rec, &field)) != 0) {
		snprintf(err, n, _("%s: record %u (line %u): field %s: %s"), rf->path, rf->nrec,
		    rf->lineno, field ? field : "?", wire_strerror(rc));
		return -1;
	}
	return 1;
}

void
recfile_close(struct recfile *rf)
{
	if (rf->f)
		fclose(rf->f);
	free(rf->line);
	free(rf->raw);
	memset(rf, 0, sizeof(*rf));
}

void
round_seed(const uint8_t open_hash[HASH_BYTES], uint8_t seed[32])
{
	crypto_generichash_state	st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)DOMAIN_SEED, sizeof(DOMAIN_SEED));
	crypto_generichash_update(&st, open_hash, HASH_BYTES);
	crypto_generichash_final(&st, seed, 32);
}
