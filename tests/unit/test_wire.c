/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_wire.c — the canonical encoding, framing and request signatures (proto/wire.c,
 * proto/msg.c, proto/frame.c) against docs/protocol.md.
 *
 * The test vectors live in the document, in fenced blocks tagged ```hex name=NAME; this
 * program builds each one with the real encoder and compares, so the two cannot drift.
 * `test_wire --print-vectors` prints the blocks as the document should hold them.
 * Run from the top of the source tree (or set TOP).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "frame.h"
#include "msg.h"
#include "wire.h"
#include "testdoc.h"

#define DOC_PATH	"docs/protocol.md"

/* ---- helpers ------------------------------------------------------------------------ */

static void *
fld(void *rec, const struct wire_field *f)
{
	return (char *)rec + f->off;
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

static char *
hexstr(const uint8_t *p, size_t n)
{
	static const char	 d[] = "0123456789abcdef";
	char			*s = malloc(2 * n + 1);
	size_t			 i;

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		s[2 * i] = d[p[i] >> 4];
		s[2 * i + 1] = d[p[i] & 15];
	}
	s[2 * n] = '\0';
	return s;
}

/* Encodes rec under s into a fresh buffer (caller frees). */
static void
encode(struct wbuf *b, const struct wire_schema *s, const void *rec)
{
	wbuf_init(b);
	wire_encode(b, s, rec);
	assert_false(b->oom);
}

/* ---- the fixed test identities of docs/protocol.md ---------------------------------- */

static void
test_organiser(uint8_t pk[KEY_BYTES], uint8_t sk[64])
{
	uint8_t seed[32];

	memset(seed, 0x01, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
}

static void
test_daemon_key(uint8_t k[KEY_BYTES])
{
	memset(k, 0x02, KEY_BYTES);
}

/* ---- sample records used by the vectors ---------------------------------------------- */

static void
sample_round(struct round *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->id = 1;
	r->village = 1;
	r->name = xstrdup("Dorpsbudget Kantens 2025");
	r->state = ROUND_VOTING;
	r->ballot = BALLOT_KNAPSACK;
	r->budget = 2500000;
	r->min_choices = 1;
	r->max_choices = 0;
	r->limit = 2500000;
	r->points = 0;
	r->max_points = 0;
	r->rule = xstrdup("greedy");
	r->tie_break = xstrdup("cost-votes");
	r->opens = 1748764800;		/* 2025-06-01 08:00:00 UTC */
	r->closes = 1749998400;		/* 2025-06-15 14:40:00 UTC */
	r->created = 1746000000;
	r->opened = 1748764800;
	r->closed = 0;
	for (i = 0; i < sizeof(r->seed); i++)
		r->seed[i] = (uint8_t)i;
}

static void
sample_initiative(struct initiative *in)
{
	memset(in, 0, sizeof(*in));
	in->id = 7;
	in->round = 1;
	in->title = xstrdup("Oma's Soep \xe2\x80\x94 \xc3\xa9\xc3\xa9n pan");
	in->summary = xstrdup("Elke eerste zondag verse soep in het dorpshuis.");
	in->cost = 125050;
	in->proposer = xstrdup("Stichting Oma's Soep");
	in->category = xstrdup("ontmoeting");
	in->status = INIT_ADMITTED;
	in->reason = xstrdup("");
	in->created = 1746003600;
}

/* ---- vectors ------------------------------------------------------------------------ */

static void
vec_hello_frame(struct wbuf *b)
{
	struct hello h = { 1, 1, xstrdup("dorpsstem/0.1") };

	frame_put(b, MSG_HELLO, 1, &schema_hello, &h);
	wire_free(&schema_hello, &h);
}

static void
vec_welcome_frame(struct wbuf *b)
{
	struct welcome w;

	memset(&w, 0, sizeof(w));
	w.version = 1;
	w.software = xstrdup("dorpsstemd/0.1");
	test_daemon_key(w.daemon_key);
	frame_put(b, MSG_WELCOME, 1, &schema_welcome, &w);
	wire_free(&schema_welcome, &w);
}

static void
vec_organiser_public_key(struct wbuf *b)
{
	uint8_t pk[KEY_BYTES], sk[64];

	test_organiser(pk, sk);
	wbuf_raw(b, pk, sizeof(pk));
	sodium_memzero(sk, sizeof(sk));
}

static void
vec_village_add_record(struct wbuf *b)
{
	struct village v = { 0, xstrdup("Kantens"), 0 };

	wire_encode(b, &schema_village_add, &v);
	wire_free(&schema_village_add, &v);
}

static void
vec_village_add_signed_bytes(struct wbuf *b)
{
	struct wbuf	rec;
	uint8_t		dk[KEY_BYTES];

	wbuf_init(&rec);
	vec_village_add_record(&rec);
	test_daemon_key(dk);
	auth_message(b, dk, MSG_VILLAGE_ADD, 1, rec.p, rec.len);
	wbuf_free(&rec);
}

static void
vec_village_add_frame(struct wbuf *b)
{
	struct village	v = { 0, xstrdup("Kantens"), 0 };
	uint8_t		pk[KEY_BYTES], sk[64], dk[KEY_BYTES];

	test_organiser(pk, sk);
	test_daemon_key(dk);
	frame_put_signed(b, MSG_VILLAGE_ADD, 2, &schema_village_add, &v, dk, sk, 1);
	sodium_memzero(sk, sizeof(sk));
	wire_free(&schema_village_add, &v);
}

static void
vec_done_frame(struct wbuf *b)
{
	struct done d = { 1, 0 };

	frame_put(b, MSG_DONE, 2, &schema_done, &d);
}

static void
vec_error_frame(struct wbuf *b)
{
	struct msg_error e = { ERRC_FIELD, xstrdup("name"), xstrdup("field too long") };

	frame_put(b, MSG_ERROR, 3, &schema_error, &e);
	wire_free(&schema_error, &e);
}

static void
vec_round_record(struct wbuf *b)
{
	struct round r;

	sample_round(&r);
	wire_encode(b, &schema_round, &r);
	wire_free(&schema_round, &r);
}

static void
vec_initiative_record(struct wbuf *b)
{
	struct initiative in;

	sample_initiative(&in);
	wire_encode(b, &schema_initiative, &in);
	wire_free(&schema_initiative, &in);
}

static void
vec_round_create_frame(struct wbuf *b)
{
	struct round	r;
	uint8_t		pk[KEY_BYTES], sk[64], dk[KEY_BYTES];

	sample_round(&r);
	test_organiser(pk, sk);
	test_daemon_key(dk);
	frame_put_signed(b, MSG_ROUND_CREATE, 4, &schema_round_create, &r, dk, sk, 2);
	sodium_memzero(sk, sizeof(sk));
	wire_free(&schema_round, &r);
}

/* The ledger event that records the round-create request above. */
static void
sample_event(struct event *ev)
{
	struct wbuf	f;
	struct msg_in	m;
	long		n;

	memset(ev, 0, sizeof(*ev));
	wbuf_init(&f);
	vec_round_create_frame(&f);
	assert_false(f.oom);
	n = frame_length(f.p);
	assert_int_equal(n, (long)f.len - FRAME_HDR);
	assert_int_equal(msg_split(f.p + FRAME_HDR, (size_t)n, 1, &m), 0);
	ev->round = 1;
	ev->seq = 1;
	ev->time = 1746000000;
	ev->type = m.type;
	memcpy(ev->signer, m.key, KEY_BYTES);
	ev->counter = m.counter;
	memcpy(ev->sig, m.sig, SIG_BYTES);
	ev->body.len = (uint32_t)m.bodylen;
	ev->body.p = malloc(m.bodylen);
	assert_non_null(ev->body.p);
	memcpy(ev->body.p, m.body, m.bodylen);
	ev->subject = 1;
	wbuf_free(&f);
}

static void
vec_event_record(struct wbuf *b)
{
	struct event ev;

	sample_event(&ev);
	wire_encode(b, &schema_event, &ev);
	wire_free(&schema_event, &ev);
}

static void
vec_event_hash(struct wbuf *b)
{
	struct wbuf	e;
	uint8_t		h[HASH_BYTES];

	wbuf_init(&e);
	vec_event_record(&e);
	assert_false(e.oom);
	crypto_generichash(h, sizeof(h), e.p, e.len, NULL, 0);
	wbuf_raw(b, h, sizeof(h));
	wbuf_free(&e);
}

/* issue 13: a conditions-set request's record, version 2 of village 1, two sentences. */
static void
vec_conditions_set_record(struct wbuf *b)
{
	struct condition	items[2] = { { xstrdup("Voor en door inwoners.") },
	    { xstrdup("Openbaar toegankelijk, \xc3\xa9\xc3\xa9n jaar.") } };
	struct conditions	c;

	memset(&c, 0, sizeof(c));
	c.village = 1;
	c.version = 2;
	c.items.items = items;
	c.items.n = 2;
	wire_encode(b, &schema_conditions_set, &c);
	free(items[0].text);
	free(items[1].text);
}

/* issue 13: initiative 7 rejected against version 2 of three conditions, 2 not met. */
static void
vec_decision_record(struct wbuf *b)
{
	struct decision_item	met[3] = { { 1 }, { 0 }, { 1 } };
	struct decision		dc;

	memset(&dc, 0, sizeof(dc));
	dc.id = 7;
	dc.status = INIT_REJECTED;
	dc.conditions = 2;
	dc.met.items = met;
	dc.met.n = 3;
	dc.reason = "Niet openbaar";
	wire_encode(b, &schema_decision, &dc);
}

/* issue 13: an initiative-submit's application: one budget line, no co-funding. */
static void
vec_application_record(struct wbuf *b)
{
	struct money_line	line = { "Bank", 40000 };
	struct application	app;

	memset(&app, 0, sizeof(app));
	app.round = 1;
	app.title = "Bankje";
	app.summary = "";
	app.proposer = "Oranjevereniging";
	app.category = "";
	app.lines.items = &line;
	app.lines.n = 1;
	app.volunteers = 3;
	app.planned = "mei";
	wire_encode(b, &schema_application, &app);
}

/* issue 13: an inhabitants-set request's record: village 1 has 1250 inhabitants in 2025. */
static void
vec_inhabitants_set_record(struct wbuf *b)
{
	struct inhabitants ih = { 1, 2025, 1250 };

	wire_encode(b, &schema_inhabitants, &ih);
}

/* issue 13, toekenning en verantwoording: the spending request bodies. */
static void
vec_spending_due_record(struct wbuf *b)
{
	struct spending_due q = { 3, 20271231 };

	wire_encode(b, &schema_spending_due, &q);
}

static void
vec_spending_pay_record(struct wbuf *b)
{
	struct spending_pay q = { 7, 250000, 20270310 };

	wire_encode(b, &schema_spending_pay, &q);
}

static void
vec_spending_add_record(struct wbuf *b)
{
	struct spending_add	q;
	unsigned		i;

	memset(&q, 0, sizeof(q));
	q.initiative = 7;
	q.amount = 260000;
	q.date = 20270312;
	q.what = "Klimrek geplaatst";
	q.line = 1;
	for (i = 0; i < sizeof(q.document); i++)
		q.document[i] = (uint8_t)i;
	wire_encode(b, &schema_spending_add, &q);
}

static void
vec_spending_overspend_record(struct wbuf *b)
{
	struct spending_overspend q = { 7, 20000, "Zand werd duurder" };

	wire_encode(b, &schema_spending_overspend, &q);
}

static void
vec_spending_close_record(struct wbuf *b)
{
	struct spending_close q = { 7, 335000, 330000, 5000, 40, "Klimrek en zandbak",
	    "De speeltuin is open" };

	wire_encode(b, &schema_spending_close, &q);
}

static void
vec_document_get_record(struct wbuf *b)
{
	struct document_get	q;
	unsigned		i;

	q.round = 3;
	for (i = 0; i < sizeof(q.document); i++)
		q.document[i] = (uint8_t)i;
	wire_encode(b, &schema_document_get, &q);
}

static const struct vector {
	const char	*name;
	void		(*build)(struct wbuf *);
} vectors[] = {
	{ "hello-frame", vec_hello_frame },
	{ "welcome-frame", vec_welcome_frame },
	{ "organiser-public-key", vec_organiser_public_key },
	{ "village-add-record", vec_village_add_record },
	{ "village-add-signed-bytes", vec_village_add_signed_bytes },
	{ "village-add-frame", vec_village_add_frame },
	{ "done-frame", vec_done_frame },
	{ "error-frame", vec_error_frame },
	{ "round-record", vec_round_record },
	{ "initiative-record", vec_initiative_record },
	{ "round-create-frame", vec_round_create_frame },
	{ "event-record", vec_event_record },
	{ "event-hash", vec_event_hash },
	{ "conditions-set-record", vec_conditions_set_record },
	{ "decision-record", vec_decision_record },
	{ "application-record", vec_application_record },
	{ "spending-due-record", vec_spending_due_record },
	{ "spending-pay-record", vec_spending_pay_record },
	{ "spending-add-record", vec_spending_add_record },
	{ "spending-overspend-record", vec_spending_overspend_record },
	{ "spending-close-record", vec_spending_close_record },
	{ "inhabitants-set-record", vec_inhabitants_set_record },
	{ "document-get-record", vec_document_get_record },
};
#define NVECTORS	(sizeof(vectors) / sizeof(vectors[0]))

/* ---- reading the vectors out of docs/protocol.md -------------------------------------- */

struct docvec {
	char	 name[64];
	char	*hex;		/* the block's hex digits, whitespace removed, lower case */
};


/* Collects every ```hex name=NAME block; returns how many. */
static size_t
doc_vectors(struct docvec *out, size_t max)
{
	char	*doc = testdoc_read(DOC_PATH), *line, *next, *hex = NULL;
	size_t	 n = 0, hl = 0;
	int	 in = 0;

	for (line = doc; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (!in && strncmp(line, "```hex name=", 12) == 0) {
			assert_true(n < max);
			snprintf(out[n].name, sizeof(out[n].name), "%s", line + 12);
			out[n].name[strcspn(out[n].name, " \r")] = '\0';
			hex = malloc(strlen(next ? next : "") + 1);
			assert_non_null(hex);
			hl = 0;
			in = 1;
		} else if (in && strncmp(line, "```", 3) == 0) {
			hex[hl] = '\0';
			out[n++].hex = hex;
			in = 0;
		} else if (in) {
			for (; *line; line++) {
				if (*line == ' ' || *line == '\t' || *line == '\r')
					continue;
				if (!((*line >= '0' && *line <= '9') || (*line >= 'a' && *line <= 'f')))
					fail_msg("%s: block %s: '%c' is not a lower-case hex digit",
					    DOC_PATH, out[n].name, *line);
				hex[hl++] = *line;
			}
		}
	}
	if (in)
		fail_msg("%s: block %s is not closed", DOC_PATH, out[n].name);
	free(doc);
	return n;
}

static void
test_vectors_match_doc(void **state)
{
	struct docvec	 dv[64];
	struct wbuf	 b;
	size_t		 n, i, j;
	char		*got;
	int		 found;

	(void)state;
	n = doc_vectors(dv, 64);
	/* Every vector of the code is in the document, once, and equal. */
	for (i = 0; i < NVECTORS; i++) {
		found = 0;
		wbuf_init(&b);
		vectors[i].build(&b);
		assert_false(b.oom);
		got = hexstr(b.p, b.len);
		for (j = 0; j < n; j++) {
			if (strcmp(dv[j].name, vectors[i].name) != 0)
				continue;
			found++;
			if (strcmp(dv[j].hex, got) != 0)
				fail_msg("vector %s differs from %s:\n doc  %s\n code %s",
				    vectors[i].name, DOC_PATH, dv[j].hex, got);
		}
		if (found != 1)
			fail_msg("vector %s appears %d times in %s", vectors[i].name, found,
			    DOC_PATH);
		free(got);
		wbuf_free(&b);
	}
	/* And the document has no block the code does not check. */
	for (j = 0; j < n; j++) {
		found = 0;
		for (i = 0; i < NVECTORS; i++)
			found |= strcmp(dv[j].name, vectors[i].name) == 0;
		if (!found)
			fail_msg("%s: hex block %s is not checked by any test", DOC_PATH, dv[j].name);
		free(dv[j].hex);
	}
}

/* The vectors themselves decode back to what built them. */
static void
test_vectors_decode(void **state)
{
	struct wbuf		 b;
	struct msg_in		 m;
	const struct msg_desc	*d;
	struct hello		 h;
	struct initiative	 in;
	struct round		 r;
	struct event		 ev;
	uint8_t			 dk[KEY_BYTES], pk[KEY_BYTES], sk[64];
	long			 n;

	(void)state;
	wbuf_init(&b);
	vec_hello_frame(&b);
	n = frame_length(b.p);
	assert_int_equal(n, (long)b.len - FRAME_HDR);
	assert_int_equal(msg_split(b.p + FRAME_HDR, (size_t)n, 0, &m), 0);
	assert_int_equal(m.type, MSG_HELLO);
	assert_int_equal(m.reqid, 1);
	assert_non_null(d = msg_lookup(m.type));
	assert_ptr_equal(d->schema, &schema_hello);
	assert_int_equal(wire_decode_all(m.body, m.bodylen, &schema_hello, &h, NULL), 0);
	assert_int_equal(h.min_version, 1);
	assert_int_equal(h.max_version, 1);
	assert_string_equal(h.software, "dorpsstem/0.1");
	wire_free(&schema_hello, &h);
	wbuf_free(&b);

	wbuf_init(&b);
	vec_initiative_record(&b);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_initiative, &in, NULL), 0);
	assert_string_equal(in.title, "Oma's Soep \xe2\x80\x94 \xc3\xa9\xc3\xa9n pan");
	assert_int_equal(in.cost, 125050);
	assert_int_equal(in.status, INIT_ADMITTED);
	wire_free(&schema_initiative, &in);
	wbuf_free(&b);

	wbuf_init(&b);
	vec_round_create_frame(&b);
	n = frame_length(b.p);
	assert_int_equal(msg_split(b.p + FRAME_HDR, (size_t)n, 1, &m), 0);
	test_daemon_key(dk);
	test_organiser(pk, sk);
	sodium_memzero(sk, sizeof(sk));
	assert_int_equal(auth_verify(&m, dk), 0);
	assert_memory_equal(m.key, pk, KEY_BYTES);
	assert_int_equal(m.counter, 2);
	assert_int_equal(wire_decode_all(m.body, m.bodylen, &schema_round_create, &r, NULL), 0);
	assert_string_equal(r.name, "Dorpsbudget Kantens 2025");
	assert_int_equal(r.budget, 2500000);
	assert_int_equal(r.id, 0);	/* not part of the request */
	wire_free(&schema_round, &r);
	wbuf_free(&b);

	/* The event carries the request exactly as signed: it verifies on its own. */
	sample_event(&ev);
	memset(&m, 0, sizeof(m));
	m.type = ev.type;
	m.body = ev.body.p;
	m.bodylen = ev.body.len;
	m.has_auth = 1;
	memcpy(m.key, ev.signer, KEY_BYTES);
	m.counter = ev.counter;
	memcpy(m.sig, ev.sig, SIG_BYTES);
	assert_int_equal(auth_verify(&m, dk), 0);
	wire_free(&schema_event, &ev);
}

static void
print_vectors(void)
{
	struct wbuf	 b;
	size_t		 i, k, len;
	char		*h;

	for (i = 0; i < NVECTORS; i++) {
		wbuf_init(&b);
		vectors[i].build(&b);
		h = hexstr(b.p, b.len);
		printf("```hex name=%s\n", vectors[i].name);
		len = strlen(h);
		for (k = 0; k < len; k += 64)
			printf("%.64s\n", h + k);
		printf("```\n\n");
		free(h);
		wbuf_free(&b);
	}
}

/* ---- every schema: sample values, round trip, truncation, trailing bytes, maxima ------ */

static const struct {
	const char			*name;
	const struct wire_schema	*s;
} schemas[] = {
	{ "hello", &schema_hello },
	{ "welcome", &schema_welcome },
	{ "status", &schema_status },
	{ "ref", &schema_ref },
	{ "done", &schema_done },
	{ "error", &schema_error },
	{ "village", &schema_village },
	{ "village_add", &schema_village_add },
	{ "round", &schema_round },
	{ "round_create", &schema_round_create },
	{ "round_set", &schema_round_set },
	{ "round_filter", &schema_round_filter },
	{ "initiative", &schema_initiative },
	{ "initiative_add", &schema_initiative_add },
	{ "initiative_reject", &schema_initiative_reject },
	{ "village_list", &schema_village_list },
	{ "round_list", &schema_round_list },
	{ "initiative_list", &schema_initiative_list },
	{ "round_info", &schema_round_info },
	{ "event", &schema_event },
	{ "empty", &schema_empty },
	{ "kiosk_count", &schema_kiosk_count },
	{ "credential_key", &schema_credential_key },
	{ "credential_batch", &schema_credential_batch },
	{ "credential", &schema_credential },
	{ "credential_ref", &schema_credential_ref },
	{ "kiosk", &schema_kiosk },
	{ "kiosk_enroll", &schema_kiosk_enroll },
	{ "kiosk_list", &schema_kiosk_list },
	{ "challenge", &schema_challenge },
	{ "kiosk_login", &schema_kiosk_login },
	{ "choice", &schema_choice },
	{ "ballot", &schema_ballot },
	{ "ballot_body", &schema_ballot_body },
	{ "receipt", &schema_receipt },
	{ "ballot_query", &schema_ballot_query },
	{ "result_item", &schema_result_item },
	{ "result", &schema_result },
	{ "ballot_page_req", &schema_ballot_page_req },
	{ "ballot_page", &schema_ballot_page },
	{ "checkpoint", &schema_checkpoint },
	{ "close_statement", &schema_close_statement },
	{ "result_entry", &schema_result_entry },
	{ "result_statement", &schema_result_statement },
	{ "event_page_req", &schema_event_page_req },
	{ "event_page", &schema_event_page },
	{ "credential_page_req", &schema_credential_page_req },
	{ "credential_page", &schema_credential_page },
	{ "organiser", &schema_organiser },
	{ "organiser_list", &schema_organiser_list },
};
#define NSCHEMAS	(sizeof(schemas) / sizeof(schemas[0]))

#define SAMPLE_TEXT	"Oma's Soep \xe2\x80\x94 \xc3\xa9\xc3\xa9n pan \xf0\x9d\x84\x9e"

/* Fills every field of rec (zeroed by the caller) with a value that exercises its type:
 * integers at their maximum (or a pattern using every byte), negative I64, UTF-8 text,
 * blobs with 0x00 and 0xff, lists of two elements. */
static void
fill(const struct wire_schema *s, void *rec, int depth)
{
	const struct wire_field	*f;
	struct wire_blob	*bl;
	struct wire_list	*l;
	size_t			 i, k;
	uint8_t			*p;

	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		switch (f->type) {
		case WF_U8:
			*(uint8_t *)fld(rec, f) = f->max ? (uint8_t)f->max : 0xfe;
			break;
		case WF_U16:
			*(uint16_t *)fld(rec, f) = f->max ? (uint16_t)f->max : 0xfedc;
			break;
		case WF_U32:
			*(uint32_t *)fld(rec, f) = f->max ? (uint32_t)f->max : 0xfedcba98u;
			break;
		case WF_U64:
			*(uint64_t *)fld(rec, f) = f->max ? f->max : 0x0123456789abcdefULL;
			break;
		case WF_I64:
			*(int64_t *)fld(rec, f) = -2 - (int64_t)i;
			break;
		case WF_STR:
			assert_true(f->max == 0 || f->max >= strlen(SAMPLE_TEXT));
			*(char **)fld(rec, f) = xstrdup(SAMPLE_TEXT);
			break;
		case WF_B16:
		case WF_B32:
		case WF_B64:
			p = fld(rec, f);
			for (k = 0; k < (f->type == WF_B16 ? 16u : f->type == WF_B32 ? 32u : 64u); k++)
				p[k] = (uint8_t)(k * 7 + i + 1);
			break;
		case WF_BLOB:
			bl = fld(rec, f);
			bl->len = 5;
			bl->p = malloc(5);
			assert_non_null(bl->p);
			memcpy(bl->p, "\x00\xff\x01\x80\x7f", 5);
			break;
		case WF_LIST:
			l = fld(rec, f);
			l->n = depth < 3 ? 2 : 0;
			l->items = calloc(2, f->elem->size);
			assert_non_null(l->items);
			for (k = 0; k < l->n; k++)
				fill(f->elem, (char *)l->items + k * f->elem->size, depth + 1);
			break;
		case WF_RECORD:
			fill(f->elem, fld(rec, f), depth);
			break;
		}
	}
}

static void *
sample(const struct wire_schema *s)
{
	void *rec = calloc(1, s->size);

	assert_non_null(rec);
	fill(s, rec, 0);
	return rec;
}

static void
free_sample(const struct wire_schema *s, void *rec)
{
	wire_free(s, rec);
	free(rec);
}

static void
test_round_trip_every_schema(void **state)
{
	struct wbuf	 a, b;
	void		*rec, *dec;
	const char	*field = "unset";
	size_t		 i;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = sample(schemas[i].s);
		encode(&a, schemas[i].s, rec);
		if (schemas[i].s->nf > 0)
			assert_true(a.len > 0);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(dec);
		if (wire_decode_all(a.p, a.len, schemas[i].s, dec, &field) != 0)
			fail_msg("schema %s: sample does not decode (field %s)", schemas[i].name,
			    field ? field : "-");
		assert_null(field);
		encode(&b, schemas[i].s, dec);
		if (a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
			fail_msg("schema %s: encode(decode(x)) != x", schemas[i].name);
		free_sample(schemas[i].s, dec);
		free_sample(schemas[i].s, rec);
		wbuf_free(&a);
		wbuf_free(&b);
	}
}

/* A record of all zeros and empty strings also round-trips (and is the shortest form). */
static void
test_round_trip_zero_records(void **state)
{
	struct wbuf	 a, b;
	void		*rec, *dec;
	size_t		 i;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = calloc(1, schemas[i].s->size);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(rec);
		assert_non_null(dec);
		encode(&a, schemas[i].s, rec);
		assert_int_equal(wire_decode_all(a.p, a.len, schemas[i].s, dec, NULL), 0);
		encode(&b, schemas[i].s, dec);
		assert_int_equal(a.len, b.len);
		if (a.len > 0)
			assert_memory_equal(a.p, b.p, a.len);
		free_sample(schemas[i].s, dec);
		free(rec);
		wbuf_free(&a);
		wbuf_free(&b);
	}
}

static void
test_truncation_every_schema(void **state)
{
	struct wbuf	 a;
	void		*rec, *dec;
	const char	*field;
	size_t		 i, n;
	int		 rc;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = sample(schemas[i].s);
		encode(&a, schemas[i].s, rec);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(dec);
		for (n = 0; n < a.len; n++) {
			field = NULL;
			rc = wire_decode_all(a.p, n, schemas[i].s, dec, &field);
			if (rc != WIRE_ETRUNC)
				fail_msg("schema %s cut to %zu of %zu bytes: got %d, want ETRUNC",
				    schemas[i].name, n, a.len, rc);
			assert_non_null(field);	/* names where it ended */
			wire_free(schemas[i].s, dec);	/* safe after an error */
		}
		free(dec);
		free_sample(schemas[i].s, rec);
		wbuf_free(&a);
	}
}

static void
test_trailing_byte_every_schema(void **state)
{
	struct wbuf	 a;
	void		*rec, *dec;
	const char	*field = "unset";
	size_t		 i;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = sample(schemas[i].s);
		encode(&a, schemas[i].s, rec);
		wbuf_u8(&a, 0);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(dec);
		assert_int_equal(wire_decode_all(a.p, a.len, schemas[i].s, dec, &field),
		    WIRE_ETRAIL);
		assert_null(field);
		/* wire_decode (not _all) takes the record and leaves the byte. */
		{
			struct rbuf r;

			rbuf_init(&r, a.p, a.len);
			assert_int_equal(wire_decode(&r, schemas[i].s, dec, NULL), 0);
			assert_int_equal(rbuf_left(&r), 1);
			wire_free(schemas[i].s, dec);
		}
		free(dec);
		free_sample(schemas[i].s, rec);
		wbuf_free(&a);
	}
}

/* Appends field f of the record holding value v (ints) or of length v (str/blob/list;
 * only the length prefix and, for strings, v bytes of 'a'). */
static void
put_field(struct wbuf *b, const struct wire_field *f, uint64_t v)
{
	uint64_t k;

	switch (f->type) {
	case WF_U8:
		wbuf_u8(b, (uint8_t)v);
		break;
	case WF_U16:
		wbuf_u16(b, (uint16_t)v);
		break;
	case WF_U32:
		wbuf_u32(b, (uint32_t)v);
		break;
	case WF_U64:
	case WF_I64:
		wbuf_u64(b, v);
		break;
	case WF_STR:
		wbuf_u16(b, (uint16_t)v);
		for (k = 0; k < v; k++)
			wbuf_u8(b, 'a');
		break;
	case WF_BLOB:
	case WF_LIST:
		wbuf_u32(b, (uint32_t)v);
		break;
	default:
		fail();
	}
}

static uint64_t
type_max(enum wire_ftype t)
{
	switch (t) {
	case WF_U8:
		return 0xff;
	case WF_U16:
	case WF_STR:
		return 0xffff;
	case WF_U32:
	case WF_BLOB:
	case WF_LIST:
		return 0xffffffffu;
	default:
		return UINT64_MAX;
	}
}

/* For each field with a maximum: one above it is refused with ERANGE (ints) or ELONG
 * (strings, blobs, lists) and the error names the field, whatever follows. */
static void
test_field_maxima_refused(void **state)
{
	struct wire_schema	 pre, suf;
	const struct wire_field	*f;
	struct wbuf		 b;
	void			*rec, *dec;
	const char		*field;
	size_t			 i, j, checked = 0;
	int			 rc, want;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = sample(schemas[i].s);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(dec);
		for (j = 0; j < schemas[i].s->nf; j++) {
			f = &schemas[i].s->f[j];
			if (f->max == 0 || f->max >= type_max(f->type))
				continue;
			pre = *schemas[i].s;
			pre.nf = j;
			suf = *schemas[i].s;
			suf.f += j + 1;
			suf.nf -= j + 1;
			wbuf_init(&b);
			wire_encode(&b, &pre, rec);
			put_field(&b, f, f->max + 1);
			if (f->type != WF_BLOB && f->type != WF_LIST)
				wire_encode(&b, &suf, rec);
			assert_false(b.oom);
			want = f->type == WF_STR || f->type == WF_BLOB || f->type == WF_LIST ?
			    WIRE_ELONG : WIRE_ERANGE;
			field = NULL;
			rc = wire_decode_all(b.p, b.len, schemas[i].s, dec, &field);
			if (rc != want || field == NULL || strcmp(field, f->name) != 0)
				fail_msg("schema %s field %s = max+1: got %d at %s, want %d",
				    schemas[i].name, f->name, rc, field ? field : "-", want);
			wbuf_free(&b);
			checked++;
		}
		free(dec);
		free_sample(schemas[i].s, rec);
	}
	assert_true(checked >= 40);
}

/* And each field at exactly its maximum is accepted (lists with LIST_MAX zero records). */
static void
test_field_maxima_accepted(void **state)
{
	struct wire_schema	 pre, suf;
	const struct wire_field	*f;
	struct wbuf		 b, elem;
	void			*rec, *dec, *zero;
	const char		*field;
	size_t			 i, j;
	uint64_t		 k;

	(void)state;
	for (i = 0; i < NSCHEMAS; i++) {
		rec = sample(schemas[i].s);
		dec = calloc(1, schemas[i].s->size);
		assert_non_null(dec);
		for (j = 0; j < schemas[i].s->nf; j++) {
			f = &schemas[i].s->f[j];
			if (f->max == 0 || f->max >= type_max(f->type))
				continue;
			pre = *schemas[i].s;
			pre.nf = j;
			suf = *schemas[i].s;
			suf.f += j + 1;
			suf.nf -= j + 1;
			wbuf_init(&b);
			wire_encode(&b, &pre, rec);
			put_field(&b, f, f->max);
			if (f->type == WF_BLOB) {
				for (k = 0; k < f->max; k++)
					wbuf_u8(&b, (uint8_t)k);
			} else if (f->type == WF_LIST) {
				zero = calloc(1, f->elem->size);
				assert_non_null(zero);
				encode(&elem, f->elem, zero);
				for (k = 0; k < f->max; k++)
					wbuf_raw(&b, elem.p, elem.len);
				wbuf_free(&elem);
				free(zero);
			}
			wire_encode(&b, &suf, rec);
			assert_false(b.oom);
			field = NULL;
			if (wire_decode_all(b.p, b.len, schemas[i].s, dec, &field) != 0)
				fail_msg("schema %s field %s = max %llu refused at %s",
				    schemas[i].name, f->name, (unsigned long long)f->max,
				    field ? field : "-");
			if (f->type == WF_LIST)
				assert_int_equal(((struct wire_list *)fld(dec, f))->n, f->max);
			wire_free(schemas[i].s, dec);
			wbuf_free(&b);
		}
		free(dec);
		free_sample(schemas[i].s, rec);
	}
}

/* A list count the input cannot hold is refused before anything is allocated for it:
 * with an unbounded list of large elements, allocating first would fail (ENOMEM) or
 * abort under ASan; the decoder must answer ETRUNC. */
struct big_elem {
	uint8_t	 pad[1 << 16];
};
static const struct wire_field big_elem_f[] = {
	{ .name = "pad", .type = WF_U8, .off = 0 },
};
static const struct wire_schema schema_big_elem = { "big_elem", big_elem_f, 1,
	sizeof(struct big_elem) };
struct big_list {
	struct wire_list items;
};
static const struct wire_field big_list_f[] = {
	{ .name = "items", .type = WF_LIST, .off = offsetof(struct big_list, items),
	    .elem = &schema_big_elem },
};
static const struct wire_schema schema_big_list = { "big_list", big_list_f, 1,
	sizeof(struct big_list) };

static void
test_list_count_beyond_input(void **state)
{
	static const uint32_t	 counts[] = { 0xffffffffu, 0x80000000u, 0x10000u, 4 };
	struct big_list		 bl;
	struct village_list	 vl;
	struct wbuf		 b;
	const char		*field;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		wbuf_init(&b);
		wbuf_u32(&b, counts[i]);
		wbuf_raw(&b, "\x01\x02\x03", 3);
		field = NULL;
		assert_int_equal(wire_decode_all(b.p, b.len, &schema_big_list, &bl, &field),
		    WIRE_ETRUNC);
		assert_string_equal(field, "items");
		assert_null(bl.items.items);
		wbuf_free(&b);
	}
	/* The real lists: above LIST_MAX is ELONG at once; within it but beyond the input,
	 * ETRUNC; the bytes present but too few for the elements, ETRUNC. */
	wbuf_init(&b);
	wbuf_u32(&b, 0xffffffffu);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village_list, &vl, NULL),
	    WIRE_ELONG);
	wbuf_reset(&b);
	wbuf_u32(&b, 1000);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village_list, &vl, NULL),
	    WIRE_ETRUNC);
	wbuf_reset(&b);
	wbuf_u32(&b, 3);
	wbuf_raw(&b, "\0\0\0\1\0\0\0\0\0\0\0\0\0\0", 14);	/* one village, then nothing */
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village_list, &vl, NULL),
	    WIRE_ETRUNC);
	assert_null(vl.items.items);
	wbuf_free(&b);
}

/* Strings: invalid UTF-8 inside a record is EUTF8 and names the field; the decoded copy
 * is NUL-terminated. */
static void
test_string_field_utf8(void **state)
{
	struct wbuf	 b;
	struct village	 v;
	const char	*field;

	(void)state;
	wbuf_init(&b);
	wbuf_u32(&b, 9);
	wbuf_u16(&b, 3);
	wbuf_raw(&b, "a\xc0\xaf", 3);
	wbuf_u64(&b, 0);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village, &v, &field), WIRE_EUTF8);
	assert_string_equal(field, "name");
	wbuf_reset(&b);
	wbuf_u32(&b, 9);
	wbuf_u16(&b, 3);
	wbuf_raw(&b, "a\0b", 3);	/* NUL would make the copy shorter than the wire */
	wbuf_u64(&b, 0);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village, &v, &field), WIRE_EUTF8);
	wbuf_reset(&b);
	wbuf_u32(&b, 9);
	wbuf_u16(&b, 6);
	wbuf_raw(&b, "\xc3\xa9\xc3\xa9n!", 6);
	wbuf_u64(&b, (uint64_t)-1);
	assert_int_equal(wire_decode_all(b.p, b.len, &schema_village, &v, &field), 0);
	assert_string_equal(v.name, "\xc3\xa9\xc3\xa9n!");
	assert_int_equal(v.created, -1);
	wire_free(&schema_village, &v);
	wbuf_free(&b);
}

/* Known byte layouts of the field types, independent of the vectors. */
static void
test_field_encodings(void **state)
{
	struct status	 st;
	struct wbuf	 b;
	size_t		 k;
	static const uint8_t want_head[] = {
		0x00, 0x02, 'd', 'x',			/* software: u16 len, bytes */
		0x01, 0x02,				/* version u16 */
		0x01, 0x02, 0x03, 0x04,			/* schema u32 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,	/* started i64 = -2 */
	};

	(void)state;
	memset(&st, 0, sizeof(st));
	st.software = xstrdup("dx");
	st.version = 0x0102;
	st.schema = 0x01020304;
	st.started = -2;
	for (k = 0; k < KEY_BYTES; k++)
		st.daemon_key[k] = (uint8_t)k;
	st.tls_fingerprint = NULL;	/* encodes as "" */
	st.villages = 1;
	st.rounds = 0x10000;
	st.connections = 0xffffffffu;
	st.ballots = 7;
	st.commits = 0x0102030405060708ULL;
	encode(&b, &schema_status, &st);
	assert_int_equal(b.len, sizeof(want_head) + 32 + 2 + 12 + 16);
	assert_memory_equal(b.p, want_head, sizeof(want_head));
	for (k = 0; k < KEY_BYTES; k++)
		assert_int_equal(b.p[sizeof(want_head) + k], k);
	assert_memory_equal(b.p + sizeof(want_head) + 32,
	    "\x00\x00" "\x00\x00\x00\x01" "\x00\x01\x00\x00" "\xff\xff\xff\xff", 14);
	assert_memory_equal(b.p + sizeof(want_head) + 32 + 14,
	    "\0\0\0\0\0\0\0\7" "\x01\x02\x03\x04\x05\x06\x07\x08", 16);
	wire_free(&schema_status, &st);
	wbuf_free(&b);
}

/* ---- utf8_valid ----------------------------------------------------------------------- */

static void
test_utf8_table(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		int		 ok;
		const char	*what;
	} t[] = {
#define U(lit, ok, what)	{ lit, sizeof(lit) - 1, ok, what }
		U("", 1, "empty"),
		U("Kantens", 1, "ASCII"),
		U(" ~", 1, "space and tilde"),
		U("\xc3\xa9\xc3\xa9n", 1, "2-byte e acute"),
		U("\xc2\xa0", 1, "U+00A0, first after C1"),
		U("\xdf\xbf", 1, "U+07FF"),
		U("\xe0\xa0\x80", 1, "U+0800"),
		U("\xe2\x80\x94", 1, "em dash"),
		U("\xe2\x82\xac", 1, "euro sign"),
		U("\xed\x9f\xbf", 1, "U+D7FF"),
		U("\xee\x80\x80", 1, "U+E000"),
		U("\xef\xbf\xbf", 1, "U+FFFF"),
		U("\xf0\x90\x80\x80", 1, "U+10000"),
		U("\xf0\x9d\x84\x9e", 1, "G clef"),
		U("\xf4\x8f\xbf\xbf", 1, "U+10FFFF"),
		U("\x00", 0, "NUL"),
		U("a\x01", 0, "C0 SOH"),
		U("\t", 0, "tab"),
		U("\n", 0, "newline"),
		U("\x1b[2J", 0, "ESC"),
		U("\x1f", 0, "C0 US"),
		U("\x7f", 0, "DEL"),
		U("\xc2\x80", 0, "C1 U+0080"),
		U("\xc2\x9b", 0, "C1 CSI"),
		U("\xc2\x9f", 0, "C1 U+009F"),
		U("\xc0\x80", 0, "overlong NUL"),
		U("\xc0\xaf", 0, "overlong slash"),
		U("\xc1\xbf", 0, "overlong 2-byte"),
		U("\xe0\x80\xaf", 0, "overlong 3-byte"),
		U("\xe0\x9f\xbf", 0, "overlong U+07FF in 3 bytes"),
		U("\xf0\x80\x80\xaf", 0, "overlong 4-byte"),
		U("\xf0\x8f\xbf\xbf", 0, "overlong U+FFFF in 4 bytes"),
		U("\xed\xa0\x80", 0, "surrogate D800"),
		U("\xed\xbf\xbf", 0, "surrogate DFFF"),
		U("\xed\xa0\xbd\xed\xb2\xa9", 0, "CESU surrogate pair"),
		U("\xf4\x90\x80\x80", 0, "U+110000"),
		U("\xf5\x80\x80\x80", 0, "lead F5"),
		U("\xf8\x88\x80\x80\x80", 0, "5-byte form"),
		U("\xfc\x84\x80\x80\x80\x80", 0, "6-byte form"),
		U("\xfe", 0, "FE"),
		U("\xff", 0, "FF"),
		U("\x80", 0, "lone continuation"),
		U("a\xbf", 0, "continuation after ASCII"),
		U("\xc3", 0, "truncated 2-byte"),
		U("\xe2\x80", 0, "truncated 3-byte"),
		U("\xf0\x9d\x84", 0, "truncated 4-byte"),
		U("\xc3" "a", 0, "2-byte lead then ASCII"),
		U("\xe2\x28\xa1", 0, "bad second byte"),
		U("\xe2\x82\x28", 0, "bad third byte"),
		U("\xf0\x9d\x84\x28", 0, "bad fourth byte"),
		U("\xc3\xa9\xc3", 0, "valid then truncated"),
#undef U
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (utf8_valid(t[i].s, t[i].len) != t[i].ok)
			fail_msg("utf8_valid(%s) != %d", t[i].what, t[i].ok);
	/* The length is honoured: bytes past it are not looked at. */
	assert_true(utf8_valid("ab\x01", 2));
	assert_true(utf8_valid("\xc3\xa9\xff", 2));
	assert_false(utf8_valid("\xc3\xa9", 1));
}

/* Exhaustive over one- and two-byte inputs, against a plain restatement of the rules. */
static int
ref_valid(const uint8_t *s, size_t n)
{
	uint32_t	c;
	size_t		i = 0, k, len;

	while (i < n) {
		if (s[i] < 0x80) {
			c = s[i];
			len = 1;
		} else if ((s[i] & 0xe0) == 0xc0) {
			c = s[i] & 0x1f;
			len = 2;
		} else if ((s[i] & 0xf0) == 0xe0) {
			c = s[i] & 0x0f;
			len = 3;
		} else if ((s[i] & 0xf8) == 0xf0) {
			c = s[i] & 0x07;
			len = 4;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000))
			return 0;
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) ||
		    c > 0x10ffff)
			return 0;
		i += len;
	}
	return 1;
}

static void
test_utf8_exhaustive_short(void **state)
{
	uint8_t		s[3];
	unsigned	a, b, c;

	(void)state;
	for (a = 0; a < 256; a++) {
		s[0] = (uint8_t)a;
		assert_int_equal(utf8_valid((const char *)s, 1), ref_valid(s, 1));
		for (b = 0; b < 256; b++) {
			s[1] = (uint8_t)b;
			if (utf8_valid((const char *)s, 2) != ref_valid(s, 2))
				fail_msg("utf8_valid(%02x %02x)", a, b);
		}
	}
	/* Three bytes, lead E0..EF and F0..F4 with every second and a sample of thirds. */
	for (a = 0xe0; a <= 0xf4; a++)
		for (b = 0; b < 256; b++)
			for (c = 0x70; c < 0xc8; c++) {
				s[0] = (uint8_t)a;
				s[1] = (uint8_t)b;
				s[2] = (uint8_t)c;
				if (utf8_valid((const char *)s, 3) != ref_valid(s, 3))
					fail_msg("utf8_valid(%02x %02x %02x)", a, b, c);
			}
}

/* ---- framing -------------------------------------------------------------------------- */

static void
test_frame_length_bounds(void **state)
{
	static const struct {
		uint32_t	n;
		long		want;
	} t[] = {
		{ 0, -1 }, { 1, -1 }, { 5, -1 }, { 6, 6 }, { 7, 7 }, { 110, 110 },
		{ FRAME_MAX - 1, FRAME_MAX - 1 }, { FRAME_MAX, FRAME_MAX }, { FRAME_MAX + 1, -1 },
		{ 0x7fffffffu, -1 }, { 0x80000000u, -1 }, { 0xffffffffu, -1 },
		{ 0x00000100u, 256 }, { 0x00010000u, 65536 },
	};
	uint8_t	h[4];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		h[0] = (uint8_t)(t[i].n >> 24);
		h[1] = (uint8_t)(t[i].n >> 16);
		h[2] = (uint8_t)(t[i].n >> 8);
		h[3] = (uint8_t)t[i].n;
		if (frame_length(h) != t[i].want)
			fail_msg("frame_length(%08x) = %ld, want %ld", t[i].n, frame_length(h),
			    t[i].want);
	}
}

static void
test_frame_put_layout(void **state)
{
	struct wbuf	b;
	struct ref	r = { 0x0a0b0c0d };

	(void)state;
	wbuf_init(&b);
	frame_put(&b, MSG_ROUND_SHOW, 0xdeadbeef, &schema_ref, &r);
	frame_put(&b, MSG_STATUS, 2, &schema_empty, NULL);
	assert_false(b.oom);
	assert_int_equal(b.len, 4 + 6 + 4 + 4 + 6);
	assert_memory_equal(b.p, "\x00\x00\x00\x0a" "\x00\x22" "\xde\xad\xbe\xef"
	    "\x0a\x0b\x0c\x0d", 14);
	assert_memory_equal(b.p + 14, "\x00\x00\x00\x06" "\x00\x02" "\x00\x00\x00\x02", 10);
	assert_int_equal(frame_length(b.p), 10);
	assert_int_equal(frame_length(b.p + 14), 6);
	wbuf_free(&b);
}

static void
test_msg_split_plain(void **state)
{
	uint8_t		p[16], dk[KEY_BYTES];
	struct msg_in	m;
	size_t		n;

	(void)state;
	memset(dk, 0, sizeof(dk));
	memcpy(p, "\x01\x20" "\x01\x02\x03\x04" "abcdefghij", 16);
	for (n = 0; n < MSG_HDR; n++)
		assert_int_equal(msg_split(p, n, 0, &m), WIRE_ETRUNC);
	assert_int_equal(msg_split(p, 6, 0, &m), 0);
	assert_int_equal(m.type, 0x0120);
	assert_int_equal(m.reqid, 0x01020304);
	assert_int_equal(m.bodylen, 0);
	assert_false(m.has_auth);
	assert_int_equal(msg_split(p, 16, 0, &m), 0);
	assert_ptr_equal(m.body, p + 6);
	assert_int_equal(m.bodylen, 10);
	assert_false(m.has_auth);
	assert_int_equal(auth_verify(&m, dk), -1);	/* no trailer: never verifies */
}

static void
test_msg_split_auth(void **state)
{
	uint8_t		p[MSG_HDR + 3 + AUTH_BYTES];
	struct msg_in	m;
	size_t		n, k;

	(void)state;
	memcpy(p, "\x01\x10" "\x00\x00\x00\x09" "xyz", 9);
	for (k = 0; k < AUTH_BYTES; k++)
		p[9 + k] = (uint8_t)(0x40 + k);
	for (n = 0; n < MSG_HDR + AUTH_BYTES; n++)
		assert_int_equal(msg_split(p, n, 1, &m), WIRE_ETRUNC);
	/* Exactly a header and a trailer: empty body. */
	assert_int_equal(msg_split(p + 3, MSG_HDR + AUTH_BYTES, 1, &m), 0);
	assert_int_equal(m.bodylen, 0);
	assert_int_equal(msg_split(p, sizeof(p), 1, &m), 0);
	assert_int_equal(m.type, 0x0110);
	assert_int_equal(m.reqid, 9);
	assert_int_equal(m.bodylen, 3);
	assert_memory_equal(m.body, "xyz", 3);
	assert_true(m.has_auth);
	assert_memory_equal(m.key, p + 9, KEY_BYTES);
	assert_int_equal(m.counter, 0x6061626364656667ULL);
	assert_memory_equal(m.sig, p + 9 + 40, SIG_BYTES);
}

/* ---- signatures ----------------------------------------------------------------------- */

struct signed_frame {
	struct wbuf	 f;
	uint8_t		 dk[KEY_BYTES];
	uint8_t		 pk[KEY_BYTES];
};

static void
make_signed(struct signed_frame *sf, uint64_t counter)
{
	struct initiative	in;
	uint8_t			sk[64];

	sample_initiative(&in);
	crypto_sign_keypair(sf->pk, sk);
	randombytes_buf(sf->dk, sizeof(sf->dk));
	wbuf_init(&sf->f);
	frame_put_signed(&sf->f, MSG_INITIATIVE_ADD, 77, &schema_initiative_add, &in, sf->dk,
	    sk, counter);
	assert_false(sf->f.oom);
	sodium_memzero(sk, sizeof(sk));
	wire_free(&schema_initiative, &in);
}

static void
test_signed_round_trip(void **state)
{
	struct signed_frame	 sf;
	struct msg_in		 m;
	struct initiative	 in;
	const struct msg_desc	*d;
	long			 n;

	(void)state;
	make_signed(&sf, 1700000000123456ULL);
	n = frame_length(sf.f.p);
	assert_int_equal(n, (long)sf.f.len - FRAME_HDR);
	assert_int_equal(msg_split(sf.f.p + FRAME_HDR, (size_t)n, 1, &m), 0);
	assert_int_equal(m.type, MSG_INITIATIVE_ADD);
	assert_int_equal(m.reqid, 77);
	assert_non_null(d = msg_lookup(m.type));
	assert_true(d->flags & MSGF_SIGNED);
	assert_memory_equal(m.key, sf.pk, KEY_BYTES);
	assert_int_equal(m.counter, 1700000000123456ULL);
	assert_int_equal(auth_verify(&m, sf.dk), 0);
	assert_int_equal(wire_decode_all(m.body, m.bodylen, d->schema, &in, NULL), 0);
	assert_string_equal(in.category, "ontmoeting");
	wire_free(d->schema, &in);
	/* Read without the trailer, the body is not a valid record: trailing bytes. */
	assert_int_equal(msg_split(sf.f.p + FRAME_HDR, (size_t)n, 0, &m), 0);
	assert_int_equal(wire_decode_all(m.body, m.bodylen, d->schema, &in, NULL),
	    WIRE_ETRAIL);
	wbuf_free(&sf.f);
}

/* Any single flipped bit in body, key, counter or signature breaks the signature. */
static void
test_signed_every_bit_flip(void **state)
{
	struct signed_frame	sf;
	struct msg_in		m;
	size_t			at, bit, from;
	long			n;

	(void)state;
	make_signed(&sf, 5);
	n = frame_length(sf.f.p);
	from = FRAME_HDR + MSG_HDR;	/* body start; the header is checked separately */
	for (at = from; at < sf.f.len; at++)
		for (bit = 0; bit < 8; bit++) {
			sf.f.p[at] ^= (uint8_t)(1u << bit);
			assert_int_equal(msg_split(sf.f.p + FRAME_HDR, (size_t)n, 1, &m), 0);
			if (auth_verify(&m, sf.dk) == 0)
				fail_msg("signature still verifies with byte %zu bit %zu flipped",
				    at - from, bit);
			sf.f.p[at] ^= (uint8_t)(1u << bit);
		}
	assert_int_equal(msg_split(sf.f.p + FRAME_HDR, (size_t)n, 1, &m), 0);
	assert_int_equal(auth_verify(&m, sf.dk), 0);
	wbuf_free(&sf.f);
}

/* The signature is bound to the daemon's key and to the message type; the request id is
 * not signed (it only pairs replies with requests). */
static void
test_signed_binding(void **state)
{
	struct signed_frame	sf;
	struct msg_in		m;
	uint8_t			other[KEY_BYTES];
	size_t			k, bit;
	long			n;

	(void)state;
	make_signed(&sf, 9);
	n = frame_length(sf.f.p);
	assert_int_equal(msg_split(sf.f.p + FRAME_HDR, (size_t)n, 1, &m), 0);
	for (k = 0; k < KEY_BYTES; k++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(other, sf.dk, KEY_BYTES);
			other[k] ^= (uint8_t)(1u << bit);
			assert_int_equal(auth_verify(&m, other), -1);
		}
	for (k = 0; k < 16; k++) {
		m.type = (uint16_t)(MSG_INITIATIVE_ADD ^ (1u << k));
		assert_int_equal(auth_verify(&m, sf.dk), -1);
	}
	m.type = MSG_INITIATIVE_ADMIT;
	assert_int_equal(auth_verify(&m, sf.dk), -1);
	m.type = MSG_INITIATIVE_ADD;
	m.reqid ^= 0xffffffffu;
	assert_int_equal(auth_verify(&m, sf.dk), 0);
	m.has_auth = 0;
	assert_int_equal(auth_verify(&m, sf.dk), -1);
	wbuf_free(&sf.f);
}

/* auth_message is the documented byte string. */
static void
test_auth_message_layout(void **state)
{
	struct wbuf	b;
	uint8_t		dk[KEY_BYTES];

	(void)state;
	memset(dk, 0xaa, sizeof(dk));
	wbuf_init(&b);
	auth_message(&b, dk, 0x0121, 0x0102030405060708ULL, (const uint8_t *)"\0\0\0\7", 4);
	assert_int_equal(b.len, 21 + 32 + 2 + 8 + 4);
	assert_memory_equal(b.p, "dorpsstem/v1/request\0", 21);
	assert_memory_equal(b.p + 21, dk, 32);
	assert_memory_equal(b.p + 53, "\x01\x21" "\x01\x02\x03\x04\x05\x06\x07\x08"
	    "\0\0\0\7", 14);
	wbuf_free(&b);
}

/* ---- the message table ------------------------------------------------------------------ */

static void
test_msg_table(void **state)
{
	const struct msg_desc	*d, *r;
	unsigned		 t, n = 0;

	(void)state;
	for (t = 0; t <= 0xffff; t++) {
		if ((d = msg_lookup((uint16_t)t)) == NULL)
			continue;
		n++;
		assert_int_equal(d->type, t);
		assert_non_null(d->schema);
		assert_non_null(d->name);
		if (t & 0x8000) {
			assert_true(d->flags & MSGF_REPLY);
			assert_false(d->flags & MSGF_SIGNED);
			assert_int_equal(d->reply, 0);
		} else {
			assert_false(d->flags & MSGF_REPLY);
			assert_non_null(r = msg_lookup(d->reply));
			assert_true(r->flags & MSGF_REPLY);
			/* Signed requests are the 0x01xx range. */
			assert_int_equal(!!(d->flags & MSGF_SIGNED), (t & 0xff00) == 0x0100);
		}
	}
	assert_int_equal(n, 73);	/* + checkpoint-make (issue 10), the year (issue 13), spending,
					 * inhabitants-set, document-get and its reply, contact-forget
					 * (issue 14) */
	assert_null(msg_lookup(0));
	assert_null(msg_lookup(0xffff));
	assert_string_equal(round_state_name(ROUND_TALLIED), "tallied");
	assert_string_equal(round_state_name(99), "?");
	assert_int_equal(ballot_type_parse("Knapsack"), BALLOT_KNAPSACK);
	assert_int_equal(ballot_type_parse("?"), 0);
	assert_int_equal(ballot_type_parse("borda"), 0);
	assert_string_equal(initiative_status_name(INIT_WITHDRAWN), "withdrawn");
}

static void
test_wire_strerror(void **state)
{
	int rc;

	(void)state;
	for (rc = WIRE_ENOMEM; rc <= WIRE_OK; rc++)
		assert_string_not_equal(wire_strerror(rc), wire_strerror(-100));
	assert_string_equal(wire_strerror(WIRE_EUTF8),
	    "text is not valid UTF-8 or contains control characters");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_match_doc),
		cmocka_unit_test(test_vectors_decode),
		cmocka_unit_test(test_round_trip_every_schema),
		cmocka_unit_test(test_round_trip_zero_records),
		cmocka_unit_test(test_truncation_every_schema),
		cmocka_unit_test(test_trailing_byte_every_schema),
		cmocka_unit_test(test_field_maxima_refused),
		cmocka_unit_test(test_field_maxima_accepted),
		cmocka_unit_test(test_list_count_beyond_input),
		cmocka_unit_test(test_string_field_utf8),
		cmocka_unit_test(test_field_encodings),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_utf8_exhaustive_short),
		cmocka_unit_test(test_frame_length_bounds),
		cmocka_unit_test(test_frame_put_layout),
		cmocka_unit_test(test_msg_split_plain),
		cmocka_unit_test(test_msg_split_auth),
		cmocka_unit_test(test_signed_round_trip),
		cmocka_unit_test(test_signed_every_bit_flip),
		cmocka_unit_test(test_signed_binding),
		cmocka_unit_test(test_auth_message_layout),
		cmocka_unit_test(test_msg_table),
		cmocka_unit_test(test_wire_strerror),
	};

	if (sodium_init() < 0)
		return 1;
	if (argc == 2 && strcmp(argv[1], "--print-vectors") == 0) {
		print_vectors();
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
