/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * verify.c — `dorpsstem audit verify`: checks an audit bundle without the daemon, with
 * the same code the daemon used (proto/ballot.c for the ballot rules and signatures,
 * proto/result.c for the recount, proto/audit.c for statements and events). The checks
 * and their order are docs/audit.md §5's; each prints "OK: name" or one
 * "FAILED: name: file: record N (line L): field F: why" per fault found (at most
 * MAX_SHOWN, then a count).
 *
 * Signature checks dominate (two Ed25519 verifications per ballot), so ballots are
 * verified on every online core (libsodium's verify is thread-safe); the rest is linear.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "ballot.h"
#include "code.h"
#include "key.h"
#include "result.h"
#include "money.h"
#include "spending.h"
#include "i18n.h"
#include "verify.h"

#define MAX_SHOWN	10

/* ---- output: one check at a time -------------------------------------------------------- */

struct check {
	FILE		*out;
	const char	*name;
	unsigned	 nfail;
	int		 failed_checks;
};

static void
check_begin(struct check *ck, const char *name)
{
	ck->name = name;
	ck->nfail = 0;
}

static void
fail(struct check *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct check *ck, const char *fmt, ...)
{
	va_list ap;

	if (ck->nfail++ >= MAX_SHOWN)
		return;
	/* TRANSLATORS: a failed check's line starts with this; %s is the check's name
	 * ("ballot signatures"), then comes what is wrong ("ballots.txt: record 3 (line
	 * 5): field sig: …"). Field names and file names stay English. */
	fprintf(ck->out, _("FAILED: %s: "), ck->name);
	va_start(ap, fmt);
	vfprintf(ck->out, fmt, ap);
	va_end(ap);
	putc('\n', ck->out);
}

static void
check_end(struct check *ck, const char *okfmt, ...) __attribute__((format(printf, 2, 3)));

static void
check_end(struct check *ck, const char *okfmt, ...)
{
	va_list ap;

	if (ck->nfail == 0) {
		/* TRANSLATORS: a passed check; %s is its name, maybe followed by ": " and
		 * what was checked. */
		fprintf(ck->out, _("OK: %s"), ck->name);
		if (okfmt) {
			fputs(": ", ck->out);
			va_start(ap, okfmt);
			vfprintf(ck->out, okfmt, ap);
			va_end(ap);
		}
		putc('\n', ck->out);
		return;
	}
	if (ck->nfail > MAX_SHOWN)
		fprintf(ck->out, _("FAILED: %s: … and %u more\n"), ck->name, ck->nfail - MAX_SHOWN);
	ck->failed_checks++;
}

/* ---- the bundle in memory ------------------------------------------------------------- */

struct arr {
	void		*v;
	size_t		 n;
	unsigned	*line;		/* line of each record in its file */
};

struct bundle {
	const char		*dir;
	uint8_t			 daemon_key[KEY_BYTES];
	int			 have_daemon;
	struct arr		 orgs, round, ins, events, vevents, kiosks, creds, ballots, cps,
				 close, result, kept, ledger, spend;
	int			 have_spend;	/* spending.txt is there (older bundles: not) */
	uint8_t			(*bhash)[HASH_BYTES];
	uint8_t			 close_hash[HASH_BYTES];
	char			*village_name;	/* from its village-add event */
	/* derived from the signed events */
	struct reg		*reg;		/* registered credentials, sorted by key */
	size_t			 nreg;
	struct enrolled		*kio;		/* kiosks enrolled in the round's village */
	size_t			 nkio;
	/* the round-open event: its seq in the round's ledger, the ledger-0 length it
	 * names (0, 0: none found) */
	uint64_t		 open_seq, open_vseq;
	int64_t			 closes;	/* the signed closing time, 0 if none */
	int			 vchain_ok;	/* village-events.txt is ledger 0 from seq 1 */
	size_t			 retired_mid;	/* ballots from kiosks retired while voting */
};

struct reg {
	uint8_t		 key[KEY_BYTES];
	int		 revoked;
	long		 ballot;	/* index of the ballot using it, -1 */
};

struct enrolled {
	uint32_t	 id;
	uint8_t		 key[KEY_BYTES];
	int		 retired;
	char		*name;
	uint64_t	 seq;		/* its kiosk-enroll event in ledger 0 */
	uint64_t	 retired_seq;	/* its kiosk-retire event, 0 if none */
	int64_t		 retired_time;
};

static const struct {
	const char			*file, *kind;
	const struct wire_schema	*schema;
	size_t				 off;
	int				 one;	/* exactly one record */
} files[] = {
	{ BF_ORGANISERS, "organisers", &schema_organiser, offsetof(struct bundle, orgs), 0 },
	{ BF_ROUND, "round", &schema_round, offsetof(struct bundle, round), 1 },
	{ BF_INITIATIVES, "initiatives", &schema_initiative, offsetof(struct bundle, ins), 0 },
	{ BF_EVENTS, "round-events", &schema_event, offsetof(struct bundle, events), 0 },
	{ BF_VEVENTS, "village-events", &schema_event, offsetof(struct bundle, vevents), 0 },
	{ BF_KIOSKS, "kiosks", &schema_kiosk, offsetof(struct bundle, kiosks), 0 },
	{ BF_CREDENTIALS, "credentials", &schema_credential, offsetof(struct bundle, creds), 0 },
	{ BF_BALLOTS, "ballots", &schema_ballot, offsetof(struct bundle, ballots), 0 },
	{ BF_CHECKPOINTS, "checkpoints", &schema_checkpoint, offsetof(struct bundle, cps), 0 },
	{ BF_CLOSE, "close", &schema_close_statement, offsetof(struct bundle, close), 1 },
	{ BF_RESULT, "result", &schema_result_statement, offsetof(struct bundle, result), 1 },
};
#define NFILES	(sizeof(files) / sizeof(files[0]))

#define AT(a, T, i)	((T *)(a).v + (i))

/* Reads every record of a record file; undecodable records are reported and left out. */
static int
load(struct check *ck, const char *path, const char *kind, const struct wire_schema *s,
    struct arr *a)
{
	struct recfile	 rf;
	char		 err[512];
	size_t		 cap = 0;
	void		*p;
	int		 rc;

	memset(a, 0, sizeof(*a));
	if (recfile_open(&rf, path, kind, err, sizeof(err)) == -1) {
		fail(ck, "%s", err);
		return -1;
	}
	for (;;) {
		if (a->n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((p = realloc(a->v, cap * s->size)) == NULL ||
			    (a->v = p, (p = reallocarray(a->line, cap, sizeof(*a->line))) == NULL)) {
				recfile_close(&rf);
				return -2;
			}
			a->line = p;
		}
		rc = recfile_next(&rf, s, (char *)a->v + a->n * s->size, err, sizeof(err));
		if (rc == 0)
			break;
		if (rc == -1) {
			wire_free(s, (char *)a->v + a->n * s->size);
			/* Organiser records gained scope and `until` (docs/audit.md §4.1). */
			if (s == &schema_organiser && strstr(err, "field villages") != NULL)
				fail(ck, _("%s (an organiser list from an older dorpsstem, without "
				    "scope and validity)"), err);
			else
				fail(ck, "%s", err);
			continue;
		}
		a->line[a->n++] = rf.lineno;
	}
	recfile_close(&rf);
	return 0;
}

static void
arr_free(struct arr *a, const struct wire_schema *s)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		wire_free(s, (char *)a->v + i * s->size);
	free(a->v);
	free(a->line);
	memset(a, 0, sizeof(*a));
}

static void
bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		arr_free((struct arr *)(void *)((char *)b + files[i].off), files[i].schema);
	arr_free(&b->kept, &schema_checkpoint);
	arr_free(&b->ledger, &schema_event);
	arr_free(&b->spend, &schema_event);
	free(b->bhash);
	free(b->reg);
	free(b->kio);
	free(b->village_name);
}

static char *
path_of(const char *dir, const char *file)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, file) == -1)
		return NULL;
	return p;
}

static char *
hex8(const uint8_t *p, char buf[17])
{
	hex_encode(p, 8, buf);
	return buf;
}

/* ---- the checks ------------------------------------------------------------------------ */

static const struct round *
the_round(const struct bundle *b)
{
	return b->round.n == 1 ? AT(b->round, struct round, 0) : NULL;
}

static const struct organiser *
organiser_find(const struct bundle *b, const uint8_t key[KEY_BYTES])
{
	size_t i;

	for (i = 0; i < b->orgs.n; i++)
		if (memcmp(AT(b->orgs, struct organiser, i)->key, key, KEY_BYTES) == 0)
			return AT(b->orgs, struct organiser, i);
	return NULL;
}

/* The village a ledger event acts on (for the organiser's scope); 0 if it cannot tell. */
static uint32_t
event_village(const struct bundle *b, const struct event *ev)
{
	const struct round	*r = the_round(b);
	struct kiosk		 ke;
	struct ref		 ref;
	uint32_t		 v = 0;
	size_t			 i;

	if (ev->round != 0)
		return r ? r->village : 0;
	if (ev->type == MSG_VILLAGE_ADD || ev->type == MSG_CONDITIONS_SET ||
	    ev->type == MSG_INHABITANTS_SET)
		return ev->subject;	/* conditions-set: body village = subject (audit.c) */
	if (ev->type == MSG_KIOSK_ENROLL) {
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_kiosk_enroll, &ke,
		    NULL) == 0) {
			v = ke.village;
			wire_free(&schema_kiosk_enroll, &ke);
		}
		return v;
	}
	if (ev->type != MSG_KIOSK_RETIRE ||
	    wire_decode_all(ev->body.p, ev->body.len, &schema_ref, &ref, NULL) != 0)
		return 0;
	for (i = 0; i < b->vevents.n; i++) {
		const struct event *e = AT(b->vevents, struct event, i);
		if (e->type == MSG_KIOSK_ENROLL && e->subject == ref.id)
			return event_village(b, e);
	}
	return 0;
}

static void
scope_text(const struct organiser *o, char *buf, size_t n)
{
	const struct ref	*v = o->villages.items;
	size_t			 k = 0;
	uint32_t		 i;

	buf[0] = '\0';
	for (i = 0; i < o->villages.n && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%" PRIu32, i ? ", " : "", v[i].id);
}

/* One ledger event against the signer table (docs/audit.md §1): who signed it, may they,
 * does the signature hold, do its labels match what was signed. hidden: ballots and
 * statements may appear (the committee ledger), else they do not belong. */
static void
check_one_event(struct check *ck, const struct bundle *b, const struct event *ev,
    const char *file, size_t i, unsigned line, uint32_t round, int hidden)
{
	const struct event_rule	*rule = event_rule(ev->type);
	const struct organiser	*o;
	char			 why[200], sc[120];
	uint32_t		 v;

	if (ev->round != round) {
		fail(ck, _("%s: record %zu (line %u): field round: %" PRIu32 ", not %" PRIu32), file,
		    i + 1, line, ev->round, round);
		return;
	}
	if (event_signer_check(ev, b->daemon_key, why, sizeof(why)) != 0) {
		fail(ck, _("%s: record %zu (line %u): field signer: %s"), file, i + 1, line, why);
		return;
	}
	/* The daemon's receipt of a public submission (issue 13) is a set-up event. */
	if (!hidden && (rule->signer == SIGNER_BALLOT || rule->signer == SIGNER_DAEMON) &&
	    ev->type != EVENT_PUBLIC_SUBMIT) {
		fail(ck, _("%s: record %zu (line %u): field type: a %s event does not belong here"),
		    file, i + 1, line, rule->name);
		return;
	}
	if (event_kind(ev, b->daemon_key) == EVENT_ORGANISER) {
		if ((o = organiser_find(b, ev->signer)) == NULL) {
			fail(ck, _("%s: record %zu (line %u): field signer: not a key in %s"), file,
			    i + 1, line, BF_ORGANISERS);
			return;
		}
		if (o->until && ev->time >= o->until)
			fail(ck, _("%s: record %zu (line %u): field signer: organiser \"%s\"'s key "
			    "was retired at %" PRId64 ", this %s event is of %" PRId64), file, i + 1,
			    line, o->name, o->until, rule->name, ev->time);
		v = event_village(b, ev);
		if (o->villages.n && ev->type == MSG_VILLAGE_ADD) {
			scope_text(o, sc, sizeof(sc));
			fail(ck, _("%s: record %zu (line %u): field signer: organiser \"%s\" acts only "
			    "for village(s) %s and may not add villages"), file, i + 1, line,
			    o->name, sc);
		} else if (v && !organiser_covers(o, v)) {
			scope_text(o, sc, sizeof(sc));
			fail(ck, _("%s: record %zu (line %u): field signer: organiser \"%s\" may act "
			    "only for village(s) %s, this %s event is for village %" PRIu32), file,
			    i + 1, line, o->name, sc, rule->name, v);
		}
	}
	if (event_verify(ev, b->daemon_key, why, sizeof(why)) != 0)
		fail(ck, _("%s: record %zu (line %u): field sig: %s"), file, i + 1, line, why);
	else if (event_body_check(ev, why, sizeof(why)) != 0)
		fail(ck, _("%s: record %zu (line %u): %s"), file, i + 1, line, why);
}

static void
check_event_list(struct check *ck, const struct bundle *b, const struct arr *a,
    const char *file, uint32_t round)
{
	const struct event	*ev;
	size_t			 i;

	uint32_t		 last[3] = { 0, 0, 0 };	/* village, kiosk, initiative ids */
	int			 t;

	for (i = 0; i < a->n; i++) {
		ev = AT(*a, struct event, i);
		check_one_event(ck, b, ev, file, i, a->line[i], round, 0);
		if (spend_type(ev->type))
			fail(ck, _("%s: record %zu (line %u): field type: a %s event belongs in %s"),
			    file, i + 1, a->line[i], event_rule(ev->type)->name, BF_SPENDING);
		if (i > 0 && ev->seq <= AT(*a, struct event, i - 1)->seq)
			fail(ck, _("%s: record %zu (line %u): field seq: not after the record before"),
			    file, i + 1, a->line[i]);
		/* The ids the daemon assigns grow in ledger order (docs/audit.md §1). */
		t = ev->type == MSG_VILLAGE_ADD ? 0 : ev->type == MSG_KIOSK_ENROLL ? 1 :
		    ev->type == MSG_INITIATIVE_ADD || ev->type == MSG_INITIATIVE_SUBMIT ||
		    ev->type == EVENT_PUBLIC_SUBMIT ? 2 : -1;
		if (t < 0)
			continue;
		if (ev->subject <= last[t])
			fail(ck, _("%s: record %zu (line %u): field subject: id %" PRIu32 " is not "
			    "above %" PRIu32 ", the id the previous %s event assigned"), file, i + 1,
			    a->line[i], ev->subject, last[t], event_rule(ev->type)->name);
		last[t] = ev->subject;
	}
}

/* Ledger 0 in full: seq 1, 2, … and each prev the hash of the one before. */
static void
check_village_chain(struct check *ck, struct bundle *b)
{
	const struct event	*ev;
	uint8_t			 prev[HASH_BYTES];
	size_t			 i;

	memset(prev, 0, sizeof(prev));
	for (i = 0; i < b->vevents.n; i++) {
		ev = AT(b->vevents, struct event, i);
		if (ev->seq != i + 1 || memcmp(ev->prev, prev, HASH_BYTES) != 0) {
			fail(ck, _("%s: record %zu (line %u): field %s: ledger 0 must be here in full "
			    "and in order (events removed, added or changed)"), BF_VEVENTS, i + 1,
			    b->vevents.line[i], ev->seq != i + 1 ? "seq" : "prev");
			return;
		}
		if (record_hash(&schema_event, ev, prev) != 0)
			return fail(ck, _("out of memory"));
	}
	b->vchain_ok = 1;
}

struct ctr {
	const struct event	*ev;
	const char		*file;
	size_t			 idx;
	unsigned		 line;
};

static int
ctr_cmp(const void *x, const void *y)
{
	const struct ctr *a = x, *b = y;
	int c = memcmp(a->ev->signer, b->ev->signer, KEY_BYTES);

	if (c)
		return c;
	return a->ev->counter < b->ev->counter ? -1 : a->ev->counter > b->ev->counter;
}

/* Each organiser key's request counters: never used twice, strictly increasing in each
 * ledger's order (the daemon accepts a counter only above the last it saw). */
static void
check_counters(struct check *ck, const struct bundle *b)
{
	const struct arr	*lists[3] = { &b->events, &b->vevents, &b->spend };
	const char		*fnames[3] = { BF_EVENTS, BF_VEVENTS, BF_SPENDING };
	const struct organiser	*o;
	struct ctr		*v;
	size_t			 n = 0, i, j, k;

	if ((v = calloc(b->events.n + b->vevents.n + b->spend.n + 1, sizeof(*v))) == NULL)
		return fail(ck, _("out of memory"));
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->n; i++) {
			const struct event *ev = AT(*lists[k], struct event, i);
			if (event_kind(ev, b->daemon_key) != EVENT_ORGANISER)
				continue;
			/* In ledger order: the last earlier request by the same key (spending.txt
			 * goes on from events.txt: one round ledger). */
			const struct event *e2 = NULL;
			for (j = i; j-- > 0; )
				if (memcmp(AT(*lists[k], struct event, j)->signer, ev->signer,
				    KEY_BYTES) == 0) {
					e2 = AT(*lists[k], struct event, j);
					break;
				}
			for (j = k == 2 ? b->events.n : 0; e2 == NULL && j-- > 0; )
				if (memcmp(AT(b->events, struct event, j)->signer, ev->signer,
				    KEY_BYTES) == 0)
					e2 = AT(b->events, struct event, j);
			if (e2 && ev->counter < e2->counter)
				fail(ck, _("%s: record %zu (line %u): field counter: %" PRIu64
				    " is not above %" PRIu64 " of the same key's request at seq %"
				    PRIu64 ": a replayed or reordered request"), fnames[k], i + 1,
				    lists[k]->line[i], ev->counter, e2->counter, e2->seq);
			v[n].ev = ev;
			v[n].file = fnames[k];
			v[n].idx = i;
			v[n++].line = lists[k]->line[i];
		}
	qsort(v, n, sizeof(*v), ctr_cmp);
	for (i = 1; i < n; i++)
		if (ctr_cmp(&v[i - 1], &v[i]) == 0) {
			o = organiser_find(b, v[i].ev->signer);
			fail(ck, _("%s: record %zu (line %u): field counter: %" PRIu64 " of organiser "
			    "\"%s\" was used already (%s record %zu): a replayed request"), v[i].file,
			    v[i].idx + 1, v[i].line, v[i].ev->counter, o ? o->name : "?", v[i - 1].file,
			    v[i - 1].idx + 1);
		}
	free(v);
}

/* The first event of a type (and, when subject is not 0, that subject); NULL if none. */
static const struct event *
find_event(const struct arr *a, uint16_t type, uint32_t subject, size_t *at)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct event *ev = AT(*a, struct event, i);
		if (ev->type == type && (subject == 0 || ev->subject == subject)) {
			if (at)
				*at = i;
			return ev;
		}
	}
	return NULL;
}

/* The round-open event: a daemon-signed one only at the organiser-signed time; the ledger
 * heads it names are those of events.txt before it and of ledger 0 (docs/audit.md §3.3). */
static void
check_open(struct check *ck, struct bundle *b, const struct event *ev, size_t at,
    const struct round *eff)
{
	const struct event	*e;
	struct round_open	 ro;
	uint8_t			 h[HASH_BYTES], prev[HASH_BYTES], seed[32];
	size_t			 k;

	if (wire_decode_all(ev->body.p, ev->body.len, &schema_round_open, &ro, NULL) != 0)
		return;		/* the set-up signatures check said why */
	b->open_seq = ev->seq;
	b->open_vseq = ro.village_events;
	if (event_kind(ev, b->daemon_key) == EVENT_DAEMON && (eff->opens == 0 ||
	    ev->time < eff->opens))
		fail(ck, _("%s: record %zu (line %u): field signer: the daemon opened the round at "
		    "%" PRId64 " on its own, but the organiser-signed opening time is %" PRId64
		    " (0: none)"), BF_EVENTS, at + 1, b->events.line[at], ev->time, eff->opens);
	if (ro.events != ev->seq - 1)
		fail(ck, _("%s: record %zu (line %u): field body: the open names %" PRIu64 " earlier "
		    "events, but it is event %" PRIu64), BF_EVENTS, at + 1, b->events.line[at],
		    ro.events, ev->seq);
	/* Every event before the open is a set-up event: events.txt holds them all, chained. */
	memset(prev, 0, sizeof(prev));
	for (k = 0; k < at; k++) {
		e = AT(b->events, struct event, k);
		if (e->seq != k + 1 || memcmp(e->prev, prev, HASH_BYTES) != 0) {
			fail(ck, _("%s: record %zu (line %u): field %s: the events before the round "
			    "opened are not the chain the organiser opened on"), BF_EVENTS, k + 1,
			    b->events.line[k], e->seq != k + 1 ? "seq" : "prev");
			return;
		}
		if (record_hash(&schema_event, e, prev) != 0)
			return fail(ck, _("out of memory"));
	}
	if (memcmp(prev, ro.head, HASH_BYTES) != 0 || memcmp(ev->prev, ro.head, HASH_BYTES) != 0)
		fail(ck, _("%s: record %zu (line %u): field head: not the hash of the events before "
		    "the open: set-up events were added, removed or changed"), BF_EVENTS, at + 1,
		    b->events.line[at]);
	/* The lot's seed follows from the open event, fixed before any ballot (§10). */
	if (record_hash(&schema_event, ev, h) != 0)
		return fail(ck, _("out of memory"));
	round_seed(h, seed);
	if (memcmp(seed, the_round(b)->seed, sizeof(seed)) != 0)
		fail(ck, _("%s: record 1 (line %u): field seed: not the one the round-open event (%s "
		    "record %zu) fixes: the tie-break lot was drawn again"), BF_ROUND,
		    b->round.line[0], BF_EVENTS, at + 1);
	if (!b->vchain_ok)
		return;
	memset(h, 0, sizeof(h));
	if (ro.village_events > b->vevents.n || (ro.village_events > 0 &&
	    record_hash(&schema_event, AT(b->vevents, struct event, ro.village_events - 1),
	    h) != 0) || memcmp(h, ro.village_head, HASH_BYTES) != 0)
		fail(ck, _("%s: record %zu (line %u): field village_head: not the hash of ledger 0 "
		    "event %" PRIu64 " in %s: the kiosks the round opened with were changed"),
		    BF_EVENTS, at + 1, b->events.line[at], ro.village_events, BF_VEVENTS);
}

static void
check_round(struct check *ck, struct bundle *b)
{
	const struct round	*r = the_round(b);
	const struct event	*ev, *open = NULL, *close = NULL;
	struct round		 c, s2;
	struct village		 vl;
	uint64_t		 limit;
	const char		*tb, *from = "round-create";
	size_t			 at, i, open_at = 0, from_at, nopen = 0, nclose = 0;
	int			 is_set = 0;

	if (r == NULL)
		return fail(ck, _("%s: no round record"), BF_ROUND);
	if ((ev = find_event(&b->events, MSG_ROUND_CREATE, r->id, &at)) == NULL)
		return fail(ck, _("%s: no signed round-create event for round %" PRIu32), BF_EVENTS,
		    r->id);
	if (wire_decode_all(ev->body.p, ev->body.len, &schema_round_create, &c, NULL) != 0)
		return fail(ck, _("%s: record %zu (line %u): field body: not a round-create record"),
		    BF_EVENTS, at + 1, b->events.line[at]);
	from_at = at;
	for (i = 0; i < b->events.n; i++) {
		ev = AT(b->events, struct event, i);
		if (ev->type == MSG_ROUND_CREATE && i != at)
			fail(ck, _("%s: record %zu (line %u): a second round-create event"), BF_EVENTS,
			    i + 1, b->events.line[i]);
		else if (ev->type == MSG_ROUND_OPEN && nopen++ == 0)
			open = ev, open_at = i;
		else if (ev->type == MSG_ROUND_OPEN)
			fail(ck, _("%s: record %zu (line %u): the round opened a second time"),
			    BF_EVENTS, i + 1, b->events.line[i]);
		else if (ev->type == MSG_ROUND_CLOSE && nclose++ == 0)
			close = ev;
		else if (ev->type == MSG_ROUND_CLOSE)
			fail(ck, _("%s: record %zu (line %u): the round closed a second time"),
			    BF_EVENTS, i + 1, b->events.line[i]);
		else if (ev->type == MSG_ROUND_CANCEL)
			fail(ck, _("%s: record %zu (line %u): the round was cancelled (a round-cancel "
			    "event): a cancelled round has no result"), BF_EVENTS, i + 1,
			    b->events.line[i]);
		if (ev->type != MSG_ROUND_SET)
			continue;
		/* round set: organiser-signed (checked with the signatures), before the open;
		 * it replaces every setting at once. */
		if (open || i < at) {
			fail(ck, open ? _("%s: record %zu (line %u): a round-set after the round "
			    "opened: settings are frozen at open") : _("%s: record %zu (line %u): a "
			    "round-set before the round was created"), BF_EVENTS, i + 1,
			    b->events.line[i]);
			continue;
		}
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_round_set, &s2, NULL) != 0)
			continue;	/* said by the set-up signatures check */
		if (s2.village != c.village)
			fail(ck, _("%s: record %zu (line %u): field body: a round-set moves the round "
			    "to another village"), BF_EVENTS, i + 1, b->events.line[i]);
		wire_free(is_set ? &schema_round_set : &schema_round_create, &c);
		c = s2;
		is_set = 1;
		from = "round-set";
		from_at = i;
	}
	limit = c.ballot == BALLOT_KNAPSACK && c.limit == 0 ? c.budget : c.limit;
	tb = c.tie_break[0] ? c.tie_break : "cost-votes";
/* TRANSLATORS: "%1$s: record 1 (line %2$u): field %3$s: %4$s here, %5$s in the signed
 * %6$s event (%7$s record %8$zu)": file, line, field name (stays English), value in the
 * file, value signed, event name (round-create or round-set), file, record number. */
#define DIFF(f, fmt, want) do { char x_[200], y_[200]; \
	snprintf(x_, sizeof(x_), fmt, r->f); snprintf(y_, sizeof(y_), fmt, want); \
	fail(ck, _("%s: record 1 (line %u): field %s: %s here, %s in the signed %s event (%s " \
	    "record %zu)"), BF_ROUND, b->round.line[0], #f, x_, y_, from, BF_EVENTS, \
	    from_at + 1); } while (0)
	if (r->village != c.village) DIFF(village, "%" PRIu32, c.village);
	if (strcmp(r->name, c.name) != 0) DIFF(name, "\"%s\"", c.name);
	if (r->ballot != c.ballot) DIFF(ballot, "%u", c.ballot);
	if (r->budget != c.budget) DIFF(budget, "%" PRIu64, c.budget);
	if (r->min_choices != c.min_choices) DIFF(min_choices, "%" PRIu32, c.min_choices);
	if (r->max_choices != c.max_choices) DIFF(max_choices, "%" PRIu32, c.max_choices);
	if (r->limit != limit) DIFF(limit, "%" PRIu64, limit);
	if (r->points != c.points) DIFF(points, "%" PRIu32, c.points);
	if (r->max_points != c.max_points) DIFF(max_points, "%" PRIu32, c.max_points);
	if (strcmp(r->rule, c.rule) != 0) DIFF(rule, "\"%s\"", c.rule);
	if (strcmp(r->tie_break, tb) != 0) DIFF(tie_break, "\"%s\"", tb);
	if (r->opens != c.opens) DIFF(opens, "%" PRId64, c.opens);
	if (r->closes != c.closes) DIFF(closes, "%" PRId64, c.closes);
#undef DIFF
	if (open == NULL)
		fail(ck, _("%s: no event opened round %" PRIu32), BF_EVENTS, r->id);
	else
		check_open(ck, b, open, open_at, &c);
	if (close == NULL)
		fail(ck, _("%s: no event closed round %" PRIu32), BF_EVENTS, r->id);
	else if (event_kind(close, b->daemon_key) == EVENT_DAEMON && (c.closes == 0 ||
	    close->time < c.closes))
		fail(ck, _("%s: the daemon closed the round at %" PRId64 " on its own, but the "
		    "organiser-signed closing time is %" PRId64 " (0: none)"), BF_EVENTS, close->time,
		    c.closes);
	else if (open && close->seq < open->seq)
		fail(ck, _("%s: the round closed before it opened"), BF_EVENTS);
	b->closes = c.closes;
	if (close != NULL && b->vchain_ok) {
		/* The close names ledger 0's head: nothing before it is left out of the
		 * bundle (a kiosk retired while voting). */
		struct round_open	rc_;
		uint8_t			vh[HASH_BYTES];

		memset(vh, 0, sizeof(vh));
		if (wire_decode_all(close->body.p, close->body.len, &schema_round_close, &rc_,
		    NULL) == 0 && (rc_.village_events > b->vevents.n || (rc_.village_events > 0 &&
		    record_hash(&schema_event, AT(b->vevents, struct event,
		    rc_.village_events - 1), vh) != 0) || memcmp(vh, rc_.village_head,
		    HASH_BYTES) != 0))
			fail(ck, _("%s: the round-close names ledger 0 event %" PRIu64 ", which %s is "
			    "not: kiosk events before the close were left out or changed"), BF_EVENTS,
			    rc_.village_events, BF_VEVENTS);
	}
	wire_free(is_set ? &schema_round_set : &schema_round_create, &c);
	if (r->state != ROUND_TALLIED)
		fail(ck, _("%s: record 1: field state: %s, not tallied"), BF_ROUND,
		    _(round_state_name(r->state)));
	if ((ev = find_event(&b->vevents, MSG_VILLAGE_ADD, r->village, &at)) == NULL)
		fail(ck, _("%s: no signed village-add event for village %" PRIu32), BF_VEVENTS,
		    r->village);
	else if (wire_decode_all(ev->body.p, ev->body.len, &schema_village_add, &vl, NULL) == 0)
		b->village_name = vl.name;	/* the bundle owns it now */
}

/* Initiatives as the signed events make them, compared with initiatives.txt. */

/* The initiative an initiative-submit event makes (issue 13): its fields, with the sum
 * of the budget lines as cost. 0, or -1 if the body is no application or the lines
 * overflow. want is freed with schema_initiative_add. */
static int
application_initiative(const struct event *ev, struct initiative *want)
{
	struct application	 app;
	const struct money_line	*l;
	uint64_t		 sum = 0;
	uint32_t		 k;

	memset(want, 0, sizeof(*want));
	if (wire_decode_all(ev->body.p, ev->body.len, &schema_application, &app, NULL) != 0)
		return -1;
	l = app.lines.items;
	for (k = 0; k < app.lines.n; k++) {
		if (l[k].amount > MONEY_MAX_CENTS - sum) {
			wire_free(&schema_application, &app);
			return -1;
		}
		sum += l[k].amount;
	}
	want->round = app.round;
	want->cost = sum;
	want->title = app.title, app.title = NULL;
	want->summary = app.summary, app.summary = NULL;
	want->proposer = app.proposer, app.proposer = NULL;
	want->category = app.category, app.category = NULL;
	k = app.lines.n;
	wire_free(&schema_application, &app);
	return k ? 0 : -1;
}

/* An initiative-decide event (issue 13) against the rules of docs/audit.md §1: the
 * condition list it judges is that of the village's conditions-set event of that version
 * in ledger 0; admitted means every condition met, rejected at least one not met (when
 * the village has conditions) and a reason. */
static void
decision_check(struct check *ck, const struct bundle *b, uint32_t village,
    const struct decision *dc, size_t k)
{
	const struct decision_item	*m = dc->met.items;
	struct conditions		 cd;
	uint32_t			 i, unmet = 0, n = 0;
	int				 found = 0;

	for (i = 0; i < dc->met.n; i++)
		unmet += m[i].met == 0;
	if (dc->status == INIT_WITHDRAWN) {
		if (dc->conditions || dc->met.n)
			fail(ck, _("%s: record %zu: field met: a withdrawal judges no conditions"),
			    BF_EVENTS, k + 1);
		return;
	}
	if (dc->conditions) {
		for (i = 0; i < b->vevents.n && !found; i++) {
			const struct event *e = AT(b->vevents, struct event, i);
			if (e->type != MSG_CONDITIONS_SET || e->subject != village ||
			    wire_decode_all(e->body.p, e->body.len, &schema_conditions_set, &cd,
			    NULL) != 0)
				continue;
			if (cd.version == dc->conditions) {
				found = 1;
				n = cd.items.n;
			}
			wire_free(&schema_conditions_set, &cd);
		}
		if (!found) {
			fail(ck, _("%s: record %zu: field conditions: version %" PRIu32 " of the "
			    "village's conditions is not in %s"), BF_EVENTS, k + 1, dc->conditions,
			    BF_VEVENTS);
			return;
		}
	}
	if (dc->met.n != n)
		fail(ck, _("%s: record %zu: field met: %" PRIu32 " conditions judged, version %"
		    PRIu32 " has %" PRIu32), BF_EVENTS, k + 1, dc->met.n, dc->conditions, n);
	else if (dc->status == INIT_ADMITTED && unmet)
		fail(ck, _("%s: record %zu: field met: initiative %" PRIu32 " admitted though it "
		    "does not meet %" PRIu32 " condition(s)"), BF_EVENTS, k + 1, dc->id, unmet);
	else if (dc->status == INIT_REJECTED && (dc->reason[0] == '\0' || (n && !unmet)))
		fail(ck, _("%s: record %zu: field met: initiative %" PRIu32 " rejected without a "
		    "condition it does not meet, or without a reason"), BF_EVENTS, k + 1, dc->id);
}

static void
check_initiatives(struct check *ck, const struct bundle *b)
{
	const struct round	*r = the_round(b);
	const struct event	*ev, *open = NULL;
	struct initiative	 want, *in;
	struct ref		 ref;
	size_t			 i, k, at = 0, seen = 0;
	unsigned		 status;
	char			*reason = NULL;

	if (r == NULL)
		return;
	open = find_event(&b->events, MSG_ROUND_OPEN, r->id, NULL);
	for (i = 0; i < b->events.n; i++) {
		ev = AT(b->events, struct event, i);
		if (ev->type != MSG_INITIATIVE_ADD && ev->type != MSG_INITIATIVE_SUBMIT &&
		    ev->type != EVENT_PUBLIC_SUBMIT)
			continue;
		if (open && ev->seq > open->seq)
			fail(ck, _("%s: record %zu: initiative %" PRIu32 " added after the round "
			    "opened"), BF_EVENTS, i + 1, ev->subject);
		if (ev->type == MSG_INITIATIVE_SUBMIT || ev->type == EVENT_PUBLIC_SUBMIT) {
			/* An aanvraag: the initiative it makes costs the sum of its lines. */
			if (application_initiative(ev, &want) != 0) {
				fail(ck, _("%s: record %zu: field body: not an initiative-submit record "
				    "whose budget lines add up"), BF_EVENTS, i + 1);
				continue;
			}
		} else if (wire_decode_all(ev->body.p, ev->body.len, &schema_initiative_add, &want,
		    NULL) != 0) {
			fail(ck, _("%s: record %zu: field body: not an initiative-add record"),
			    BF_EVENTS, i + 1);
			continue;
		}
		/* Its status: the last admit, reject or withdraw event naming it (the daemon
		 * sets the reason on a rejection and clears it on any other change). */
		status = INIT_SUBMITTED;
		free(reason);
		reason = NULL;
		for (k = i + 1; k < b->events.n; k++) {
			const struct event *e2 = AT(b->events, struct event, k);
			struct initiative rj;
			if (e2->subject != ev->subject || (e2->type != MSG_INITIATIVE_ADMIT &&
			    e2->type != MSG_INITIATIVE_REJECT && e2->type != MSG_INITIATIVE_WITHDRAW &&
			    e2->type != MSG_INITIATIVE_DECIDE))
				continue;
			if (open && e2->seq > open->seq)
				fail(ck, _("%s: record %zu: initiative %" PRIu32 " changed after the "
				    "round opened"), BF_EVENTS, k + 1, e2->subject);
			free(reason);
			reason = NULL;
			if (e2->type == MSG_INITIATIVE_DECIDE) {
				struct decision dc;
				if (wire_decode_all(e2->body.p, e2->body.len, &schema_decision, &dc,
				    NULL) == 0) {
					decision_check(ck, b, r->village, &dc, k);
					status = dc.status;
					if (dc.status == INIT_REJECTED) {
						reason = dc.reason;
						dc.reason = NULL;
					}
					wire_free(&schema_decision, &dc);
				}
			} else if (e2->type == MSG_INITIATIVE_REJECT) {
				if (wire_decode_all(e2->body.p, e2->body.len,
				    &schema_initiative_reject, &rj, NULL) == 0) {
					status = INIT_REJECTED;
					reason = rj.reason;
					rj.reason = NULL;
					wire_free(&schema_initiative_reject, &rj);
				}
			} else if (wire_decode_all(e2->body.p, e2->body.len, &schema_ref, &ref,
			    NULL) == 0 && ref.id == ev->subject)
				status = e2->type == MSG_INITIATIVE_ADMIT ? INIT_ADMITTED :
				    INIT_WITHDRAWN;
		}
		for (in = NULL, at = 0; at < b->ins.n; at++)
			if (AT(b->ins, struct initiative, at)->id == ev->subject) {
				in = AT(b->ins, struct initiative, at);
				break;
			}
		seen++;
		if (in == NULL)
			fail(ck, _("%s: initiative %" PRIu32 " (added by %s record %zu) is missing"),
			    BF_INITIATIVES, ev->subject, BF_EVENTS, i + 1);
		else {
#define IDIFF(cond, f) if (cond) fail(ck, _("%s: record %zu (line %u): field %s: differs " \
	    "from the signed events"), BF_INITIATIVES, at + 1, b->ins.line[at], f)
			IDIFF(in->round != r->id, "round");
			IDIFF(strcmp(in->title, want.title) != 0, "title");
			IDIFF(strcmp(in->summary, want.summary) != 0, "summary");
			IDIFF(in->cost != want.cost, "cost");
			IDIFF(strcmp(in->proposer, want.proposer) != 0, "proposer");
			IDIFF(strcmp(in->category, want.category) != 0, "category");
			IDIFF(in->status != status, "status");
			IDIFF(strcmp(in->reason, reason ? reason : "") != 0, "reason");
#undef IDIFF
		}
		wire_free(&schema_initiative_add, &want);
	}
	free(reason);
	if (seen != b->ins.n)
		fail(ck, _("%s: %zu initiatives, but the signed events add %zu"), BF_INITIATIVES,
		    b->ins.n, seen);
}

static int
enrolled_cmp(const void *a, const void *b)
{
	const struct enrolled *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static struct enrolled *
kiosk_of(const struct bundle *b, uint32_t id)
{
	struct enrolled key = { .id = id };

	return bsearch(&key, b->kio, b->nkio, sizeof(*b->kio), enrolled_cmp);
}

/* Kiosks enrolled in the round's village by signed ledger-0 events. */
static void
check_kiosks(struct check *ck, struct bundle *b)
{
	const struct round	*r = the_round(b);
	const struct event	*ev;
	const struct kiosk	*k;
	struct enrolled		*e;
	struct kiosk		 body;
	struct ref		 ref;
	size_t			 i;

	if (r == NULL)
		return;
	if ((b->kio = calloc(b->vevents.n + 1, sizeof(*b->kio))) == NULL)
		return fail(ck, _("out of memory"));
	for (i = 0; i < b->vevents.n; i++) {
		ev = AT(b->vevents, struct event, i);
		if (ev->type != MSG_KIOSK_ENROLL ||
		    wire_decode_all(ev->body.p, ev->body.len, &schema_kiosk_enroll, &body,
		    NULL) != 0)
			continue;
		if (body.village == r->village) {
			e = &b->kio[b->nkio++];
			e->id = ev->subject;
			e->seq = ev->seq;
			memcpy(e->key, body.key, KEY_BYTES);
		}
		wire_free(&schema_kiosk_enroll, &body);
	}
	qsort(b->kio, b->nkio, sizeof(*b->kio), enrolled_cmp);
	for (i = 1; i < b->nkio; i++)
		if (b->kio[i].id == b->kio[i - 1].id)
			fail(ck, _("%s: kiosk id %" PRIu32 " enrolled twice"), BF_VEVENTS, b->kio[i].id);
	for (i = 0; i < b->vevents.n; i++) {
		ev = AT(b->vevents, struct event, i);
		if (ev->type == MSG_KIOSK_RETIRE && wire_decode_all(ev->body.p, ev->body.len,
		    &schema_ref, &ref, NULL) == 0 && (e = kiosk_of(b, ref.id)) != NULL) {
			if (e->retired)
				fail(ck, _("%s: record %zu (line %u): kiosk %" PRIu32 " retired twice"),
				    BF_VEVENTS, i + 1, b->vevents.line[i], ref.id);
			else if (ev->seq < e->seq)
				fail(ck, _("%s: record %zu (line %u): kiosk %" PRIu32 " retired before "
				    "it was enrolled"), BF_VEVENTS, i + 1, b->vevents.line[i], ref.id);
			e->retired = 1;
			e->retired_seq = ev->seq;
			e->retired_time = ev->time;
		}
	}
	for (i = 0; i < b->kiosks.n; i++) {
		k = AT(b->kiosks, struct kiosk, i);
		if ((e = kiosk_of(b, k->id)) == NULL)
			fail(ck, _("%s: record %zu (line %u): field id: kiosk %" PRIu32 " has no signed "
			    "enrolment in village %" PRIu32), BF_KIOSKS, i + 1, b->kiosks.line[i],
			    k->id, r->village);
		else if (memcmp(e->key, k->key, KEY_BYTES) != 0)
			fail(ck, _("%s: record %zu (line %u): field key: not the key it was enrolled "
			    "with"), BF_KIOSKS, i + 1, b->kiosks.line[i]);
		else if (k->village != r->village)
			fail(ck, _("%s: record %zu (line %u): field village: not the round's village"),
			    BF_KIOSKS, i + 1, b->kiosks.line[i]);
		else if ((k->state == KIOSK_RETIRED) != e->retired)
			fail(ck, _("%s: record %zu (line %u): field state: %s, but the signed events "
			    "say %s"), BF_KIOSKS, i + 1, b->kiosks.line[i], _(kiosk_state_name(k->state)),
			    e->retired ? _("retired") : _("active"));
	}
	if (b->kiosks.n != b->nkio)
		fail(ck, _("%s: %zu kiosks, but %zu were enrolled in village %" PRIu32), BF_KIOSKS,
		    b->kiosks.n, b->nkio, r->village);
}

static int
reg_cmp(const void *a, const void *b)
{
	return memcmp(a, b, KEY_BYTES);
}

static struct reg *
reg_find(const struct bundle *b, const uint8_t key[KEY_BYTES])
{
	if (b->nreg == 0)	/* bsearch wants a base even for none (UBSan) */
		return NULL;
	return bsearch(key, b->reg, b->nreg, sizeof(*b->reg), reg_cmp);
}

/* Registered and revoked credentials by the signed events; credentials.txt against them. */
static void
check_credentials(struct check *ck, struct bundle *b)
{
	const struct round		*r = the_round(b);
	const struct event		*ev;
	const struct credential		*cr;
	const struct credential_key	*keys;
	struct credential_batch		 batch;
	struct credential		 rv;
	struct reg			*g, *p;
	size_t				 i, k, cap = 0;
	char				 h[17];

	if (r == NULL)
		return;
	for (i = 0; i < b->events.n; i++) {
		ev = AT(b->events, struct event, i);
		if (ev->type != MSG_CREDENTIALS_REGISTER)
			continue;
		if (b->open_seq && ev->seq > b->open_seq)
			fail(ck, _("%s: record %zu (line %u): credentials registered after the round "
			    "opened (event %" PRIu64 ", opened at %" PRIu64 "): opening fixes who may "
			    "vote"), BF_EVENTS, i + 1, b->events.line[i], ev->seq, b->open_seq);
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_credential_batch, &batch,
		    NULL) != 0)
			batch.round = 0, batch.keys.n = 0, batch.keys.items = NULL;
		if (batch.round != r->id) {
			fail(ck, _("%s: record %zu: field body: not a credentials batch of this round"),
			    BF_EVENTS, i + 1);
			wire_free(&schema_credential_batch, &batch);	/* leaked (LSan) */
			continue;
		}
		if (b->nreg + batch.keys.n > cap) {
			cap = (b->nreg + batch.keys.n) * 2;
			if ((p = reallocarray(b->reg, cap, sizeof(*p))) == NULL) {
				wire_free(&schema_credential_batch, &batch);
				return fail(ck, _("out of memory"));
			}
			b->reg = p;
		}
		keys = batch.keys.items;
		for (k = 0; k < batch.keys.n; k++) {
			g = &b->reg[b->nreg++];
			memcpy(g->key, keys[k].key, KEY_BYTES);
			g->revoked = 0;
			g->ballot = -1;
		}
		wire_free(&schema_credential_batch, &batch);
	}
	if (b->reg)
		qsort(b->reg, b->nreg, sizeof(*b->reg), reg_cmp);
	for (i = 1; i < b->nreg; i++)
		if (memcmp(b->reg[i].key, b->reg[i - 1].key, KEY_BYTES) == 0)
			fail(ck, _("%s: credential %s… is registered twice"), BF_EVENTS,
			    hex8(b->reg[i].key, h));
	for (i = 0; i < b->events.n; i++) {
		ev = AT(b->events, struct event, i);
		if (ev->type != MSG_CREDENTIAL_REVOKE)
			continue;
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_credential_ref, &rv,
		    NULL) != 0 || (g = reg_find(b, rv.key)) == NULL)
			fail(ck, _("%s: record %zu: revokes a credential that was never registered"),
			    BF_EVENTS, i + 1);
		else
			g->revoked = 1;
	}
	for (i = 0; i < b->creds.n; i++) {
		cr = AT(b->creds, struct credential, i);
		if (i > 0 && memcmp(cr->key, AT(b->creds, struct credential, i - 1)->key,
		    KEY_BYTES) <= 0)
			fail(ck, _("%s: record %zu (line %u): field key: not after the key before it "
			    "(sorted, distinct)"), BF_CREDENTIALS, i + 1, b->creds.line[i]);
		if ((g = reg_find(b, cr->key)) == NULL)
			fail(ck, _("%s: record %zu (line %u): field key: %s… was not registered by any "
			    "signed credentials-register event"), BF_CREDENTIALS, i + 1,
			    b->creds.line[i], hex8(cr->key, h));
		else if ((cr->state == CRED_REVOKED) != g->revoked)
			fail(ck, _("%s: record %zu (line %u): field state: %s, but the signed events "
			    "say %s"), BF_CREDENTIALS, i + 1, b->creds.line[i],
			    _(credential_state_name(cr->state)), g->revoked ? _("revoked") :
			    _("not revoked"));
		else if (cr->round != r->id || cr->changed != 0)
			fail(ck, _("%s: record %zu (line %u): field %s: must be %s"), BF_CREDENTIALS,
			    i + 1, b->creds.line[i], cr->round != r->id ? "round" : "changed",
			    cr->round != r->id ? _("the round's id") : _("0 (no times in a bundle)"));
	}
	if (b->creds.n != b->nreg)
		fail(ck, _("%s: %zu credentials listed, %zu registered by signed events"),
		    BF_CREDENTIALS, b->creds.n, b->nreg);
}

/* ---- ballots, on every core ------------------------------------------------------------- */

struct sigjob {
	const struct bundle	*b;
	size_t			 from, to;
	uint8_t			*res;	/* 0 ok, 1 voter, 2 kiosk, 3 kiosk unknown */
};

static void *
sig_worker(void *arg)
{
	struct sigjob		*j = arg;
	const struct ballot	*bl;
	const struct enrolled	*k;
	struct wbuf		 m;
	size_t			 i;

	wbuf_init(&m);
	for (i = j->from; i < j->to; i++) {
		bl = AT(j->b->ballots, struct ballot, i);
		if ((k = kiosk_of(j->b, bl->kiosk)) != NULL) {
			j->res[i] = (uint8_t)ballot_verify(bl, k->key);
			continue;
		}
		/* No kiosk key to check against: at least the voter's signature. */
		wbuf_reset(&m);
		wbuf_raw(&m, DOMAIN_BALLOT, sizeof(DOMAIN_BALLOT));
		wire_encode(&m, &schema_ballot_body, bl);
		j->res[i] = m.oom || crypto_sign_verify_detached(bl->voter_sig, m.p, m.len,
		    bl->credential) != 0 ? 1 : 3;
	}
	wbuf_free(&m);
	return NULL;
}

static int
verify_ballot_sigs(struct check *ck, const struct bundle *b, int threads)
{
	pthread_t	 tid[64];
	struct sigjob	 job[64];
	int		 running[64];
	uint8_t		*res;
	size_t		 i, n = b->ballots.n, per;
	int		 t;

	if (threads <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 0 ? (int)cpus : 1;
	}
	if (threads > 64)
		threads = 64;
	if ((res = calloc(n + 1, 1)) == NULL)
		return -1;
	per = (n + (size_t)threads - 1) / (size_t)threads;
	for (t = 0; t < threads; t++) {
		job[t].b = b;
		job[t].res = res;
		job[t].from = per * (size_t)t < n ? per * (size_t)t : n;
		job[t].to = per * (size_t)(t + 1) < n ? per * (size_t)(t + 1) : n;
		running[t] = 0;
	}
	/* Threads 1..: their slices; this thread does slice 0 (and any that could not start). */
	for (t = 1; t < threads; t++)
		if (job[t].from < job[t].to &&
		    pthread_create(&tid[t], NULL, sig_worker, &job[t]) == 0)
			running[t] = 1;
	sig_worker(&job[0]);
	for (t = 1; t < threads; t++) {
		if (running[t])
			pthread_join(tid[t], NULL);
		else
			sig_worker(&job[t]);
	}
	for (i = 0; i < n; i++)
		if (res[i] == 1 || res[i] == 2)
			fail(ck, _("%s: record %zu (line %u): field %s: the %s signature does not "
			    "verify"), BF_BALLOTS, i + 1, b->ballots.line[i],
			    res[i] == 1 ? "voter_sig" : "kiosk_sig", res[i] == 1 ? "voter's" :
			    "kiosk's");
	free(res);
	return 0;
}

static void
check_ballot_credentials(struct check *ck, struct bundle *b)
{
	const struct ballot	*bl;
	const struct credential	*cr;
	struct reg		*g;
	size_t			 i;
	char			 h[17];

	for (i = 0; i < b->ballots.n; i++) {
		bl = AT(b->ballots, struct ballot, i);
		if ((g = reg_find(b, bl->credential)) == NULL)
			fail(ck, _("%s: record %zu (line %u): field credential: %s… is not a "
			    "registered credential"), BF_BALLOTS, i + 1, b->ballots.line[i],
			    hex8(bl->credential, h));
		else if (g->revoked)
			fail(ck, _("%s: record %zu (line %u): field credential: %s… was revoked"),
			    BF_BALLOTS, i + 1, b->ballots.line[i], hex8(bl->credential, h));
		else if (g->ballot >= 0)
			fail(ck, _("%s: record %zu (line %u): field credential: %s… voted already in "
			    "record %ld"), BF_BALLOTS, i + 1, b->ballots.line[i],
			    hex8(bl->credential, h), g->ballot + 1);
		else
			g->ballot = (long)i;
	}
	for (i = 0; i < b->creds.n; i++) {
		cr = AT(b->creds, struct credential, i);
		if ((g = reg_find(b, cr->key)) == NULL || g->revoked)
			continue;
		if (cr->state == CRED_USED && g->ballot < 0)
			fail(ck, _("%s: record %zu (line %u): field state: used, but no ballot "
			    "carries it"), BF_CREDENTIALS, i + 1, b->creds.line[i]);
		else if (cr->state != CRED_USED && g->ballot >= 0)
			fail(ck, _("%s: record %zu (line %u): field state: %s, but ballot %ld "
			    "carries it"), BF_CREDENTIALS, i + 1, b->creds.line[i],
			    credential_state_name(cr->state), g->ballot + 1);
	}
}

static void
check_ballot_kiosks(struct check *ck, struct bundle *b)
{
	const struct ballot	*bl;
	size_t			 i;

	const struct enrolled	*k;

	for (i = 0; i < b->ballots.n; i++) {
		bl = AT(b->ballots, struct ballot, i);
		if ((k = kiosk_of(b, bl->kiosk)) == NULL)
			fail(ck, _("%s: record %zu (line %u): field kiosk: kiosk %" PRIu32 " is not "
			    "enrolled in the round's village (%s)"), BF_BALLOTS, i + 1,
			    b->ballots.line[i], bl->kiosk, BF_VEVENTS);
		else if (b->open_seq && k->seq > b->open_vseq)
			fail(ck, _("%s: record %zu (line %u): field kiosk: kiosk %" PRIu32 " was "
			    "enrolled after the round opened (ledger 0 event %" PRIu64 ", the round "
			    "opened on %" PRIu64 "): it takes no ballots for this round"), BF_BALLOTS,
			    i + 1, b->ballots.line[i], bl->kiosk, k->seq, b->open_vseq);
		else if (b->open_seq && k->retired && k->retired_seq <= b->open_vseq)
			fail(ck, _("%s: record %zu (line %u): field kiosk: kiosk %" PRIu32 " was "
			    "retired before the round opened (ledger 0 event %" PRIu64 ")"),
			    BF_BALLOTS, i + 1, b->ballots.line[i], bl->kiosk, k->retired_seq);
		else if (k->retired)
			b->retired_mid++;
	}
}

/* The admitted initiatives of initiatives.txt, ascending id, as ballot_check wants. */
static int
rules_of(const struct bundle *b, struct ballot_rules *br, uint32_t **ids, uint64_t **costs)
{
	const struct initiative	*in;
	size_t			 i, n = 0;

	*ids = calloc(b->ins.n + 1, sizeof(**ids));
	*costs = calloc(b->ins.n + 1, sizeof(**costs));
	if (*ids == NULL || *costs == NULL)
		return -1;
	for (i = 0; i < b->ins.n; i++) {
		in = AT(b->ins, struct initiative, i);
		if (in->status != INIT_ADMITTED)
			continue;
		if (n > 0 && in->id <= (*ids)[n - 1])
			return -1;
		(*ids)[n] = in->id;
		(*costs)[n++] = in->cost;
	}
	br->round = the_round(b);
	br->ids = *ids;
	br->costs = *costs;
	br->n = n;
	return 0;
}

static void
check_ballot_rules(struct check *ck, const struct bundle *b)
{
	const struct round	*r = the_round(b);
	const struct ballot	*bl;
	struct ballot_rules	 br;
	uint32_t		*ids = NULL;
	uint64_t		*costs = NULL;
	char			 why[256];
	size_t			 i;

	if (r == NULL)
		return;
	if (rules_of(b, &br, &ids, &costs) == -1)
		fail(ck, _("%s: initiatives not in ascending id order"), BF_INITIATIVES);
	else
		for (i = 0; i < b->ballots.n; i++) {
			bl = AT(b->ballots, struct ballot, i);
			if (bl->round != r->id)
				fail(ck, _("%s: record %zu (line %u): field round: %" PRIu32 ", not %"
				    PRIu32), BF_BALLOTS, i + 1, b->ballots.line[i], bl->round, r->id);
			else if (ballot_check_lang(&br, bl->choices.items, bl->choices.n,
			    i18n_lang() == I18N_EN ? BALLOT_LANG_EN : BALLOT_LANG_NL, why,
			    sizeof(why)) != 0)
				fail(ck, _("%s: record %zu (line %u): field choices: %s"), BF_BALLOTS,
				    i + 1, b->ballots.line[i], why);
		}
	free(ids);
	free(costs);
}

static void
check_ballot_order(struct check *ck, const struct bundle *b)
{
	size_t	i;
	int	c;

	for (i = 1; i < b->ballots.n; i++) {
		c = memcmp(b->bhash[i - 1], b->bhash[i], HASH_BYTES);
		if (c == 0)
			fail(ck, _("%s: record %zu (line %u): the same ballot as record %zu "
			    "(duplicated)"), BF_BALLOTS, i + 1, b->ballots.line[i], i);
		else if (c > 0)
			fail(ck, _("%s: record %zu (line %u): not in ascending ballot-hash order"),
			    BF_BALLOTS, i + 1, b->ballots.line[i]);
	}
}

static void
check_checkpoint_list(struct check *ck, const struct bundle *b, const struct arr *a,
    const char *file)
{
	const struct close_statement	*cs = b->close.n ? b->close.v : NULL;
	const struct checkpoint		*cp, *prev;
	const struct round		*r = the_round(b);
	size_t				 i, k;

	for (i = 0; i < a->n; i++) {
		cp = AT(*a, struct checkpoint, i);
		prev = i ? AT(*a, struct checkpoint, i - 1) : NULL;
		if (statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, cp,
		    b->daemon_key) != 0)
			fail(ck, _("%s: record %zu (line %u): field sig: the daemon's signature does "
			    "not verify"), file, i + 1, a->line[i]);
		else if (r && cp->round != r->id)
			fail(ck, _("%s: record %zu (line %u): field round: %" PRIu32 ", not %" PRIu32),
			    file, i + 1, a->line[i], cp->round, r->id);
		else if (prev && memcmp(cp, prev, sizeof(*cp)) == 0)
			;	/* the same checkpoint kept twice: nothing new, nothing wrong */
		else if (prev && (cp->events <= prev->events || cp->ballots < prev->ballots))
			fail(ck, _("%s: record %zu (line %u): field events: not after the checkpoint "
			    "before it"), file, i + 1, a->line[i]);
		else if (cs && (cp->events >= cs->events || cp->ballots > cs->ballots))
			fail(ck, _("%s: record %zu (line %u): field %s: beyond the close statement"),
			    file, i + 1, a->line[i], cp->events >= cs->events ? "events" : "ballots");
		if (a == &b->kept)
			for (k = 0; k < b->cps.n; k++) {
				const struct checkpoint *o = AT(b->cps, struct checkpoint, k);
				if (o->events == cp->events && memcmp(o->head, cp->head, HASH_BYTES))
					fail(ck, _("%s: record %zu (line %u): field head: the bundle's "
					    "checkpoint at %" PRIu64 " events has another head: history "
					    "was rewritten"), file, i + 1, a->line[i], cp->events);
			}
	}
}

static void
check_close(struct check *ck, struct bundle *b)
{
	const struct round		*r = the_round(b);
	const struct close_statement	*cs;
	const struct event		*ev;
	uint8_t				 digest[HASH_BYTES], h[HASH_BYTES];
	size_t				 i;

	if (b->close.n != 1)
		return fail(ck, _("%s: no close statement"), BF_CLOSE);
	cs = b->close.v;
	if (record_hash(&schema_close_statement, cs, b->close_hash) != 0)
		return fail(ck, _("out of memory"));
	if (statement_verify(DOMAIN_CLOSE, &schema_close_statement, cs, b->daemon_key) != 0)
		fail(ck, _("%s: record 1: field sig: the daemon's signature does not verify"),
		    BF_CLOSE);
	if (r && cs->round != r->id)
		fail(ck, _("%s: record 1: field round: %" PRIu32 ", not %" PRIu32), BF_CLOSE,
		    cs->round, r->id);
	if (cs->ballots != b->ballots.n)
		fail(ck, _("%s: record 1: field ballots: %" PRIu64 " signed at close, %zu in %s"),
		    BF_CLOSE, cs->ballots, b->ballots.n, BF_BALLOTS);
	ballots_digest((const uint8_t (*)[HASH_BYTES])b->bhash, b->ballots.n, digest);
	if (memcmp(digest, cs->ballots_hash, HASH_BYTES) != 0)
		fail(ck, _("%s: record 1: field ballots_hash: not the hash of the ballots in %s"),
		    BF_CLOSE, BF_BALLOTS);
	for (ev = NULL, i = 0; i < b->events.n; i++)
		if (AT(b->events, struct event, i)->seq == cs->events)
			ev = AT(b->events, struct event, i);
	if (ev == NULL || ev->type != MSG_ROUND_CLOSE)
		fail(ck, _("%s: record 1: field events: event %" PRIu64 " is not a round-close "
		    "event in %s"), BF_CLOSE, cs->events, BF_EVENTS);
	else if (record_hash(&schema_event, ev, h) != 0 ||
	    memcmp(h, cs->head, HASH_BYTES) != 0)
		fail(ck, _("%s: record 1: field head: not the hash of the close event (%s seq %"
		    PRIu64 ")"), BF_CLOSE, BF_EVENTS, cs->events);
}

static void
check_result_statement(struct check *ck, const struct bundle *b)
{
	const struct round		*r = the_round(b);
	const struct result_statement	*rs;

	if (b->result.n != 1)
		return fail(ck, _("%s: no result statement"), BF_RESULT);
	rs = b->result.v;
	if (statement_verify(DOMAIN_RESULT, &schema_result_statement, rs, b->daemon_key) != 0)
		fail(ck, _("%s: record 1: field sig: the daemon's signature does not verify"),
		    BF_RESULT);
	if (b->close.n == 1 && memcmp(rs->close_hash, b->close_hash, HASH_BYTES) != 0)
		fail(ck, _("%s: record 1: field close_hash: not the hash of %s"), BF_RESULT,
		    BF_CLOSE);
	if (r == NULL)
		return;
	if (rs->round != r->id)
		fail(ck, _("%s: record 1: field round: %" PRIu32 ", not %" PRIu32), BF_RESULT,
		    rs->round, r->id);
	if (strcmp(rs->rule, r->rule) != 0 || strcmp(rs->tie_break, r->tie_break) != 0)
		fail(ck, _("%s: record 1: field %s: not the round's"), BF_RESULT,
		    strcmp(rs->rule, r->rule) != 0 ? "rule" : "tie_break");
	if (memcmp(rs->seed, r->seed, sizeof(r->seed)) != 0)
		fail(ck, _("%s: record 1: field seed: not the round's tie-break seed"), BF_RESULT);
}

/* round.txt + initiatives + ballots → pabulib → tally, as the daemon counted. */
static struct pabulib *
recount(struct check *ck, const struct bundle *b, struct result_statement *out)
{
	const struct round	*r = the_round(b);
	struct pabulib		*pb = NULL;
	struct result		 res;
	char			 err[256];

	memset(out, 0, sizeof(*out));
	if (r == NULL || b->close.n != 1)
		return fail(ck, _("nothing to recount without %s and %s"), BF_ROUND, BF_CLOSE), NULL;
	if (round_pabulib(r, b->village_name, b->ins.v, b->ins.n, b->ballots.v, b->ballots.n,
	    &pb, err, sizeof(err)) != 0) {
		fail(ck, _("cannot make the pabulib form: %s"), err);
		return NULL;
	}
	if (round_result(r, pb, b->ins.v, b->ins.n, &res, err, sizeof(err)) != 0) {
		fail(ck, _("the tally refused: %s"), err);
		pabulib_free(pb);
		return NULL;
	}
	res.ballots = b->ballots.n;
	if (result_statement_make(&res, b->close_hash, out) != 0)
		fail(ck, _("out of memory"));
	wire_free(&schema_result, &res);
	return pb;
}

static void
check_pabulib(struct check *ck, const struct bundle *b, const struct pabulib *pb)
{
	char	*want = NULL, *got = NULL, *path;
	size_t	 wlen = 0, glen = 0, i, line = 1;
	FILE	*f;

	if ((f = open_memstream(&want, &wlen)) == NULL)
		return fail(ck, _("out of memory"));
	if (pabulib_write(f, pb) != 0) {
		fclose(f);
		free(want);
		return fail(ck, _("cannot write the pabulib form"));
	}
	fclose(f);
	if ((path = path_of(b->dir, BF_PABULIB)) == NULL || (f = fopen(path, "r")) == NULL) {
		fail(ck, "%s: %s", BF_PABULIB, strerror(errno));
		free(path);
		free(want);
		return;
	}
	free(path);
	{
		FILE *m = open_memstream(&got, &glen);
		int ch;
		while (m && (ch = getc(f)) != EOF)
			putc(ch, m);
		if (m)
			fclose(m);
	}
	fclose(f);
	for (i = 0; i < wlen && i < glen && want[i] == got[i]; i++)
		if (want[i] == '\n')
			line++;
	if (wlen != glen || i < wlen)
		fail(ck, _("%s: line %zu: differs from the pabulib form of %s, %s and %s"),
		    BF_PABULIB, line, BF_ROUND, BF_INITIATIVES, BF_BALLOTS);
	free(want);
	free(got);
}

/* ---- the committee's ledger ------------------------------------------------------------ */

static int
hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, HASH_BYTES);
}

static void
check_ledger_chain(struct check *ck, const struct bundle *b, const char *file)
{
	const struct round	*r = the_round(b);
	const struct event	*ev;
	uint8_t			 prev[HASH_BYTES];
	size_t			 i;

	memset(prev, 0, sizeof(prev));
	for (i = 0; i < b->ledger.n; i++) {
		ev = AT(b->ledger, struct event, i);
		if (r && ev->round != r->id) {
			fail(ck, _("%s: record %zu (line %u): field round: %" PRIu32 ", not %" PRIu32),
			    file, i + 1, b->ledger.line[i], ev->round, r->id);
			return;
		}
		if (ev->seq != i + 1) {
			fail(ck, _("%s: record %zu (line %u): field seq: %" PRIu64 " where %zu belongs "
			    "(events reordered or removed)"), file, i + 1, b->ledger.line[i], ev->seq,
			    i + 1);
			return;
		}
		if (memcmp(ev->prev, prev, HASH_BYTES) != 0) {
			fail(ck, _("%s: record %zu (line %u): field prev: not the hash of event %zu "
			    "(events changed, reordered or removed)"), file, i + 1, b->ledger.line[i],
			    i);
			return;
		}
		if (record_hash(&schema_event, ev, prev) != 0)
			return fail(ck, _("out of memory"));
	}
	/* The result statement, then only the accounts (spending events). */
	for (i = b->ledger.n; i > 0 && spend_type(AT(b->ledger, struct event, i - 1)->type); i--)
		;
	if (i == 0 || AT(b->ledger, struct event, i - 1)->type != EVENT_RESULT)
		fail(ck, _("%s: the ledger does not end with the result statement (truncated?)"),
		    file);
}

static void
check_ledger_signatures(struct check *ck, const struct bundle *b, const char *file)
{
	const struct round	*r = the_round(b);
	size_t			 i;

	for (i = 0; i < b->ledger.n; i++)
		check_one_event(ck, b, AT(b->ledger, struct event, i), file, i,
		    b->ledger.line[i], r ? r->id : 0, 1);
}

static void
check_ledger_ballots(struct check *ck, const struct bundle *b, const char *file)
{
	const struct event	*ev;
	const struct enrolled	*k;
	uint8_t			(*lh)[HASH_BYTES];
	size_t			 i, n = 0, x = 0, y = 0;
	char			 h[17];
	int			 c;

	const struct event	*lo = find_event(&b->ledger, MSG_ROUND_OPEN, 0, NULL);
	const struct event	*lc = find_event(&b->ledger, MSG_ROUND_CLOSE, 0, NULL);

	if ((lh = calloc(b->ledger.n + 1, HASH_BYTES)) == NULL)
		return fail(ck, _("out of memory"));
	for (i = 0; i < b->ledger.n; i++) {
		ev = AT(b->ledger, struct event, i);
		if (ev->type != MSG_BALLOT_CAST)
			continue;
		crypto_generichash(lh[n++], HASH_BYTES, ev->body.p, ev->body.len, NULL, 0);
		/* Ballots only while voting: after the open, before the close — the close
		 * statement counts what the daemon says, the ledger's order what it took. */
		if (lo == NULL || ev->seq < lo->seq)
			fail(ck, _("%s: record %zu (line %u): a ballot event before the round-open "
			    "event (seq %" PRIu64 "): the round was not open"), file, i + 1,
			    b->ledger.line[i], lo ? lo->seq : 0);
		else if (lc == NULL || ev->seq > lc->seq)
			fail(ck, _("%s: record %zu (line %u): a ballot event after the round-close "
			    "event (seq %" PRIu64 "): the round was closed"), file, i + 1,
			    b->ledger.line[i], lc ? lc->seq : 0);
		/* A kiosk retired while voting: its ballots count up to the retirement, by
		 * the ledgers' times (the subject is the ballot's kiosk, checked above). */
		if (b->closes && ev->time > b->closes)
			fail(ck, _("%s: record %zu (line %u): a ballot stored at %" PRId64 ", after the "
			    "signed closing time %" PRId64), file, i + 1, b->ledger.line[i], ev->time,
			    b->closes);
		if ((k = kiosk_of(b, ev->subject)) != NULL && k->retired &&
		    ev->time > k->retired_time)
			fail(ck, _("%s: record %zu (line %u): a ballot from kiosk %" PRIu32 " at %"
			    PRId64 ", after it was retired at %" PRId64), file, i + 1,
			    b->ledger.line[i], ev->subject, ev->time, k->retired_time);
	}
	qsort(lh, n, HASH_BYTES, hash_cmp);
	/* Both sides sorted: walk them together. */
	while (x < n || y < b->ballots.n) {
		c = x == n ? 1 : y == b->ballots.n ? -1 : memcmp(lh[x], b->bhash[y], HASH_BYTES);
		if (c < 0)
			fail(ck, _("%s: ballot %s… is in the ledger but not in %s"), file,
			    hex8(lh[x++], h), BF_BALLOTS);
		else if (c > 0) {
			fail(ck, _("%s: record %zu (line %u): ballot %s… is not in the ledger"),
			    BF_BALLOTS, y + 1, b->ballots.line[y], hex8(b->bhash[y], h));
			y++;
		} else
			x++, y++;
	}
	free(lh);
}

/* The ledger event with this seq, or NULL. */
static const struct event *
ledger_at(const struct bundle *b, uint64_t seq)
{
	if (seq == 0 || seq > b->ledger.n)
		return NULL;
	return AT(b->ledger, struct event, seq - 1);
}

static int
same_event(const struct event *a, const struct event *b)
{
	uint8_t x[HASH_BYTES], y[HASH_BYTES];

	return record_hash(&schema_event, a, x) == 0 && record_hash(&schema_event, b, y) == 0 &&
	    memcmp(x, y, HASH_BYTES) == 0;
}

static int
body_is(const struct event *ev, uint16_t type, const struct wire_schema *s, const void *rec)
{
	struct wbuf	w;
	int		same;

	if (ev == NULL || ev->type != type)
		return 0;
	wbuf_init(&w);
	wire_encode(&w, s, rec);
	same = !w.oom && w.len == ev->body.len && memcmp(w.p, ev->body.p, w.len) == 0;
	wbuf_free(&w);
	return same;
}

static void
check_ledger_statements(struct check *ck, const struct bundle *b, const char *file)
{
	const struct event		*ev, *le;
	const struct checkpoint		*cp;
	size_t				 i, k, nb, nsetup = 0, nspend = 0;
	uint8_t				 h[HASH_BYTES];
	uint64_t			 seq;

	for (i = 0; i < b->events.n; i++) {
		ev = AT(b->events, struct event, i);
		if ((le = ledger_at(b, ev->seq)) == NULL || !same_event(ev, le))
			fail(ck, _("%s: record %zu (line %u): not the ledger's event %" PRIu64),
			    BF_EVENTS, i + 1, b->events.line[i], ev->seq);
	}
	for (i = 0; i < b->ledger.n; i++) {
		ev = AT(b->ledger, struct event, i);
		if (ev->type != MSG_BALLOT_CAST && ev->type != EVENT_CHECKPOINT &&
		    ev->type != EVENT_CLOSE && ev->type != EVENT_RESULT && !spend_type(ev->type))
			nsetup++;
		else if (spend_type(ev->type))
			nspend++;
	}
	for (i = 0; i < b->spend.n; i++) {
		ev = AT(b->spend, struct event, i);
		if ((le = ledger_at(b, ev->seq)) == NULL || !same_event(ev, le))
			fail(ck, _("%s: record %zu (line %u): not the ledger's event %" PRIu64),
			    BF_SPENDING, i + 1, b->spend.line[i], ev->seq);
	}
	if (b->have_spend && nspend != b->spend.n)
		fail(ck, _("%s: %zu spending events, the ledger has %zu"), BF_SPENDING, b->spend.n,
		    nspend);
	if (nsetup != b->events.n)
		fail(ck, _("%s: %zu set-up events, the ledger has %zu"), BF_EVENTS, b->events.n,
		    nsetup);
	for (k = 0; k < 2; k++) {
		const struct arr *a = k == 0 ? &b->cps : &b->kept;
		for (i = 0; i < a->n; i++) {
			cp = AT(*a, struct checkpoint, i);
			le = ledger_at(b, cp->events);
			if (le == NULL || record_hash(&schema_event, le, h) != 0 ||
			    memcmp(h, cp->head, HASH_BYTES) != 0) {
				fail(ck, _("%s: record %zu (line %u): field head: not the hash of the "
				    "ledger's event %" PRIu64 ": history was rewritten"),
				    k ? _("kept checkpoints") : BF_CHECKPOINTS, i + 1, a->line[i],
				    cp->events);
				continue;
			}
			for (nb = 0, seq = 1; seq <= cp->events; seq++)
				nb += ledger_at(b, seq)->type == MSG_BALLOT_CAST;
			if (nb != cp->ballots)
				fail(ck, _("%s: record %zu (line %u): field ballots: %" PRIu64 ", the "
				    "ledger had %zu"), k ? _("kept checkpoints") : BF_CHECKPOINTS, i + 1,
				    a->line[i], cp->ballots, nb);
			if (k == 0 && !body_is(ledger_at(b, cp->events + 1), EVENT_CHECKPOINT,
			    &schema_checkpoint, cp))
				fail(ck, _("%s: record %zu (line %u): not in the ledger as event %"
				    PRIu64), BF_CHECKPOINTS, i + 1, a->line[i], cp->events + 1);
		}
	}
	if (b->close.n == 1) {
		const struct close_statement *cs = b->close.v;
		if (!body_is(ledger_at(b, cs->events + 1), EVENT_CLOSE, &schema_close_statement,
		    cs))
			fail(ck, _("%s: record 1: not in the ledger as event %" PRIu64), BF_CLOSE,
			    cs->events + 1);
	}
	if (b->result.n == 1 && !body_is(find_event(&b->ledger, EVENT_RESULT, 0, NULL),
	    EVENT_RESULT, &schema_result_statement, b->result.v))
		fail(ck, _("%s: record 1: not the result statement in %s"), BF_RESULT, file);
}


/* ---- the accounts after the result (docs/audit.md §11) --------------------------------- */

/* spending.txt: spending events only, each signed as the signer table allows, the round's
 * ledger after the result in full (seq without gaps, each prev the hash of the record
 * before, the first after the result statement), and the books they make obey the money
 * rules (proto/spending.c, the code the daemon checked them with). */
static void
check_spending(struct check *ck, const struct bundle *b, struct spend_book *bk)
{
	const struct round		*r = the_round(b);
	const struct close_statement	*cs = b->close.n == 1 ? b->close.v : NULL;
	const struct event		*ev;
	uint8_t				 prev[HASH_BYTES];
	char				 why[400];
	size_t				 i;

	spend_init(bk, r->id);
	for (i = 0; i < b->events.n; i++)	/* the aanvragen: their budget lines */
		if (spend_event(bk, AT(b->events, struct event, i), why, sizeof(why)) != 0)
			return fail(ck, "%s", why);
	if (b->result.n != 1 || spend_result(bk, b->result.v) != 0)
		return fail(ck, _("%s: no result statement to take the grants from"), BF_RESULT);
	for (i = 0; i < b->spend.n; i++) {
		ev = AT(b->spend, struct event, i);
		if (!spend_type(ev->type)) {
			fail(ck, _("%s: record %zu (line %u): field type: 0x%04x is not a spending "
			    "event: only spending events come after the result"), BF_SPENDING, i + 1,
			    b->spend.line[i], ev->type);
			continue;
		}
		check_one_event(ck, b, ev, BF_SPENDING, i, b->spend.line[i], r->id, 0);
		if (i == 0 && cs && ev->seq < cs->events + 3)
			fail(ck, _("%s: record 1 (line %u): field seq: %" PRIu64 ", but the close "
			    "statement is event %" PRIu64 " and the result comes after it"),
			    BF_SPENDING, b->spend.line[i], ev->seq, cs->events + 1);
		if (i > 0 && (ev->seq != AT(b->spend, struct event, i - 1)->seq + 1 ||
		    memcmp(ev->prev, prev, HASH_BYTES) != 0))
			fail(ck, _("%s: record %zu (line %u): field %s: not the event after record "
			    "%zu: the accounts must be here in full and in order (events removed, "
			    "added or changed)"), BF_SPENDING, i + 1, b->spend.line[i],
			    ev->seq != AT(b->spend, struct event, i - 1)->seq + 1 ? "seq" : "prev", i);
		if (record_hash(&schema_event, ev, prev) != 0)
			return fail(ck, _("out of memory"));
		if (spend_event(bk, ev, why, sizeof(why)) != 0)
			fail(ck, _("%s: record %zu (line %u): %s"), BF_SPENDING, i + 1,
			    b->spend.line[i], why);
	}
}

static void
spending_ok_line(struct check *ck, const struct bundle *b, const struct spend_book *bk)
{
	uint64_t	g = 0, p = 0, sp = 0, rt = 0;
	size_t		i, closed = 0;
	char		m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], m4[MONEY_BUF];

	for (i = 0; i < bk->n; i++) {
		g += bk->v[i].granted;
		p += bk->v[i].paid;
		sp += bk->v[i].spent;
		rt += bk->v[i].returned;
		closed += bk->v[i].closed != 0;
	}
	/* TRANSLATORS: the OK line of the spending check: events, funded initiatives, the
	 * sums in euros, how many closed. */
	check_end(ck, _("%zu events; %zu funded: granted %s, paid %s, spent %s, returned %s; "
	    "%zu closed"), b->spend.n, bk->n, money_format(m1, sizeof(m1), g),
	    money_format(m2, sizeof(m2), p), money_format(m3, sizeof(m3), sp),
	    money_format(m4, sizeof(m4), rt), closed);
}

/* ---- the root of trust ------------------------------------------------------------------ */

static void
fp_norm(const char *in, char *out, size_t n)
{
	size_t k = 0;

	for (; *in && k + 1 < n; in++)
		if (*in != '-' && *in != ' ')
			out[k++] = (char)(*in >= 'a' && *in <= 'z' ? *in - 32 : *in);
	out[k] = '\0';
}

static int
same_organiser(const struct organiser *a, const struct organiser *b)
{
	struct wbuf	x, y;
	int		same;

	wbuf_init(&x);
	wbuf_init(&y);
	wire_encode(&x, &schema_organiser, a);
	wire_encode(&y, &schema_organiser, b);
	same = !x.oom && !y.oom && x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
	wbuf_free(&x);
	wbuf_free(&y);
	return same;
}

/* The bundle's organisers.txt and daemon.txt against what the auditor got elsewhere: the
 * round fingerprint (code card, result, notice board) and/or an organiser list. */
static void
check_trust(struct check *ck, struct bundle *b, const struct verify_opts *o, char fp[])
{
	const struct round	*r = the_round(b);
	struct arr		 pin;
	char			 want[64], got[64], h[17];
	size_t			 i, k;

	/* One key, one record (the configuration refuses a key twice): else the fingerprint
	 * and the signer checks could read different records of the same key. */
	for (i = 1; i < b->orgs.n; i++)
		for (k = 0; k < i; k++)
			if (memcmp(AT(b->orgs, struct organiser, i)->key,
			    AT(b->orgs, struct organiser, k)->key, KEY_BYTES) == 0) {
				fail(ck, _("%s: record %zu (line %u): field key: %s… is listed already "
				    "(record %zu): one record per organiser key"), BF_ORGANISERS, i + 1,
				    b->orgs.line[i], hex8(AT(b->orgs, struct organiser, i)->key, h),
				    k + 1);
				break;
			}
	if (round_fingerprint(b->daemon_key, b->orgs.v, b->orgs.n, r->village, fp) != 0)
		return fail(ck, _("out of memory"));
	if (o->fingerprint) {
		fp_norm(o->fingerprint, want, sizeof(want));
		fp_norm(fp, got, sizeof(got));
		if (strcmp(want, got) != 0)
			fail(ck, _("%s, %s: the organiser keys and the daemon key give fingerprint %s, "
			    "not the pinned %s: these are not the keys the village published"),
			    BF_ORGANISERS, BF_DAEMON, fp, o->fingerprint);
	}
	if (o->organisers == NULL)
		return;
	if (load(ck, o->organisers, "organisers", &schema_organiser, &pin) != 0)
		return;
	for (i = 0; i < b->orgs.n; i++) {
		const struct organiser *x = AT(b->orgs, struct organiser, i);
		for (k = 0; k < pin.n && !same_organiser(x, AT(pin, struct organiser, k)); k++)
			;
		if (k == pin.n)
			fail(ck, _("%s: record %zu (line %u): organiser \"%s\" (key %s…, with its "
			    "scope and validity) is not in the pinned list %s"), BF_ORGANISERS, i + 1,
			    b->orgs.line[i], x->name, hex8(x->key, h), o->organisers);
	}
	for (k = 0; k < pin.n; k++) {
		const struct organiser *y = AT(pin, struct organiser, k);
		for (i = 0; i < b->orgs.n && !same_organiser(y, AT(b->orgs, struct organiser, i));
		    i++)
			;
		if (i == b->orgs.n)
			fail(ck, _("%s: record %zu (line %u): organiser \"%s\" (key %s…) is missing "
			    "from %s"), o->organisers, k + 1, pin.line[k], y->name, hex8(y->key, h),
			    BF_ORGANISERS);
	}
	arr_free(&pin, &schema_organiser);
}

/* ---- the whole run ---------------------------------------------------------------------- */

static int
load_daemon_key(struct check *ck, struct bundle *b)
{
	struct arr	 a;
	char		*path = path_of(b->dir, BF_DAEMON);
	int		 rc;

	if (path == NULL)
		return -2;
	rc = load(ck, path, "daemon-key", &schema_credential_key, &a);
	free(path);
	if (rc == -2)
		return rc;
	if (rc == 0 && a.n == 1) {
		memcpy(b->daemon_key, AT(a, struct credential_key, 0)->key, KEY_BYTES);
		b->have_daemon = 1;
	} else if (rc == 0)
		fail(ck, _("%s: must hold exactly one key"), BF_DAEMON);
	arr_free(&a, &schema_credential_key);
	return 0;
}

int
audit_verify(const char *dir, const struct verify_opts *o, FILE *out)
{
	struct bundle		 b;
	struct check		 ck;
	struct result_statement	 rs;
	struct pabulib		*pb;
	char			*path, why[256], h[2 * KEY_BYTES + 1], fp[FINGERPRINT_TEXT];
	size_t			 i;
	int			 rc;

	memset(&b, 0, sizeof(b));
	memset(&ck, 0, sizeof(ck));
	b.dir = dir;
	ck.out = out;

	/* TRANSLATORS: the names of the checks of docs/audit.md §5, one per line of
	 * `audit verify` ("OK: files: …"); short, lower case. */
	check_begin(&ck, _("files"));
	if (load_daemon_key(&ck, &b) == -2)
		goto oom;
	for (i = 0; i < NFILES; i++) {
		struct arr *a = (struct arr *)(void *)((char *)&b + files[i].off);
		if ((path = path_of(dir, files[i].file)) == NULL)
			goto oom;
		rc = load(&ck, path, files[i].kind, files[i].schema, a);
		free(path);
		if (rc == -2)
			goto oom;
		if (rc == 0 && files[i].one && a->n != 1)
			fail(&ck, _("%s: must hold exactly one record, not %zu"), files[i].file, a->n);
	}
	/* spending.txt: optional, a bundle made before the accounts has none. */
	if ((path = path_of(dir, BF_SPENDING)) == NULL)
		goto oom;
	if (access(path, F_OK) == 0) {
		b.have_spend = 1;
		rc = load(&ck, path, "spending", &schema_event, &b.spend);
	} else
		rc = 0;
	free(path);
	if (rc == -2)
		goto oom;
	if (o->checkpoints && (rc = load(&ck, o->checkpoints, "checkpoints",
	    &schema_checkpoint, &b.kept)) == -2)
		goto oom;
	if (o->ledger && (rc = load(&ck, o->ledger, "ledger", &schema_event, &b.ledger)) == -2)
		goto oom;
	if ((b.bhash = calloc(b.ballots.n + 1, HASH_BYTES)) == NULL)
		goto oom;
	for (i = 0; i < b.ballots.n; i++)
		if (ballot_hash(AT(b.ballots, struct ballot, i), b.bhash[i]) != 0)
			goto oom;
	check_end(&ck, _("%zu ballots, %zu credentials, %zu initiatives, %zu events"),
	    b.ballots.n, b.creds.n, b.ins.n, b.events.n + b.vevents.n);
	if (!b.have_daemon || b.round.n != 1) {
		fprintf(out, _("FAILED: the bundle is not complete enough to check further\n"));
		bundle_free(&b);
		return ck.failed_checks + 1;
	}

	check_begin(&ck, _("daemon key"));
	hex_encode(b.daemon_key, KEY_BYTES, h);
	if (o->daemon_key && memcmp(o->daemon_key, b.daemon_key, KEY_BYTES) != 0)
		fail(&ck, _("%s: record 1: field key: %s is not the pinned daemon key"), BF_DAEMON, h);
	check_end(&ck, "%s%s", h, o->daemon_key ? _(" (pinned)") : o->fingerprint ?
	    _(" (pinned by the fingerprint, next)") : _(" (not pinned: --daemon-key checks it "
	    "against one you trust)"));

	check_begin(&ck, _("root of trust"));
	check_trust(&ck, &b, o, fp);
	check_end(&ck, _("fingerprint %s%s"), fp, o->fingerprint || o->organisers ? _(" (pinned)") :
	    _(" (not pinned: this verdict trusts organisers.txt and daemon.txt; --fingerprint "
	    "from the code card or the result checks them)"));

	check_begin(&ck, _("set-up signatures"));
	check_event_list(&ck, &b, &b.events, BF_EVENTS, the_round(&b)->id);
	check_event_list(&ck, &b, &b.vevents, BF_VEVENTS, 0);
	check_end(&ck, _("%zu organiser and daemon events, each signed as the signer table "
	    "allows"), b.events.n + b.vevents.n);

	check_begin(&ck, _("ledger 0"));
	check_village_chain(&ck, &b);
	check_end(&ck, _("%zu events, chained"), b.vevents.n);

	check_begin(&ck, _("request counters"));
	check_counters(&ck, &b);
	check_end(&ck, _("each organiser key's counters rise, none used twice"));

	check_begin(&ck, _("round definition"));
	check_round(&ck, &b);
	check_end(&ck, NULL);

	check_begin(&ck, _("initiatives"));
	check_initiatives(&ck, &b);
	check_end(&ck, NULL);

	check_begin(&ck, _("kiosks"));
	check_kiosks(&ck, &b);
	check_end(&ck, _("%zu enrolled in the round's village"), b.nkio);

	check_begin(&ck, _("credentials"));
	check_credentials(&ck, &b);
	check_end(&ck, _("%zu registered"), b.nreg);

	check_begin(&ck, _("ballot signatures"));
	if (verify_ballot_sigs(&ck, &b, o->threads) == -1)
		goto oom;
	check_end(&ck, _("%zu ballots, voter and kiosk"), b.ballots.n);

	check_begin(&ck, _("ballot credentials"));
	check_ballot_credentials(&ck, &b);
	check_end(&ck, _("each ballot by a distinct registered, unrevoked credential"));

	check_begin(&ck, _("ballot kiosks"));
	check_ballot_kiosks(&ck, &b);
	if (b.retired_mid && o->ledger == NULL)
		check_end(&ck, _("%zu ballots from kiosks retired while voting: that they came "
		    "before the retirement is checked with --ledger"), b.retired_mid);
	else
		check_end(&ck, _("every ballot from a kiosk the round opened with"));

	check_begin(&ck, _("ballot rules"));
	check_ballot_rules(&ck, &b);
	check_end(&ck, NULL);

	check_begin(&ck, _("ballot order"));
	check_ballot_order(&ck, &b);
	check_end(&ck, _("ascending ballot hash, no duplicates"));

	check_begin(&ck, _("checkpoints"));
	check_checkpoint_list(&ck, &b, &b.cps, BF_CHECKPOINTS);
	check_checkpoint_list(&ck, &b, &b.kept, o->checkpoints ? o->checkpoints : "");
	check_end(&ck, _("%zu signed%s"), b.cps.n + b.kept.n, o->checkpoints ? _(" (with kept ones)") :
	    "");

	check_begin(&ck, _("close statement"));
	check_close(&ck, &b);
	check_end(&ck, NULL);

	check_begin(&ck, _("result statement"));
	check_result_statement(&ck, &b);
	check_end(&ck, NULL);

	check_begin(&ck, _("recount"));
	if ((pb = recount(&ck, &b, &rs)) != NULL && b.result.n == 1 &&
	    result_statement_compare(b.result.v, &rs, why, sizeof(why)) != 0)
		fail(&ck, _("%s: record 1: %s"), BF_RESULT, why);
	check_end(&ck, _("%s recounts to the signed result"), b.result.n ?
	    ((struct result_statement *)b.result.v)->rule : "?");
	wire_free(&schema_result_statement, &rs);

	check_begin(&ck, _("pabulib file"));
	if (pb)
		check_pabulib(&ck, &b, pb);
	else
		fail(&ck, _("%s: not checked: the recount failed"), BF_PABULIB);
	check_end(&ck, NULL);
	pabulib_free(pb);

	/* A bundle made before the accounts existed has no spending.txt: no check, no line
	 * (its verdict is about the vote only). */
	if (b.have_spend) {
		struct spend_book bk;
		check_begin(&ck, _("spending"));
		check_spending(&ck, &b, &bk);
		spending_ok_line(&ck, &b, &bk);
		spend_free(&bk);
	}

	if (o->ledger) {
		check_begin(&ck, _("ledger chain"));
		check_ledger_chain(&ck, &b, o->ledger);
		check_end(&ck, _("%zu events"), b.ledger.n);
		check_begin(&ck, _("ledger signatures"));
		check_ledger_signatures(&ck, &b, o->ledger);
		check_end(&ck, NULL);
		check_begin(&ck, _("ledger ballots"));
		check_ledger_ballots(&ck, &b, o->ledger);
		check_end(&ck, _("the same ballot set as the bundle"));
		check_begin(&ck, _("ledger statements"));
		check_ledger_statements(&ck, &b, o->ledger);
		check_end(&ck, _("set-up events, checkpoints, close and result as in the ledger"));
	}
	bundle_free(&b);
	return ck.failed_checks;
oom:
	fprintf(out, _("FAILED: out of memory\n"));
	bundle_free(&b);
	return -1;
}

/* ---- receipts ------------------------------------------------------------------------------ */

struct receipt_file {
	uint32_t	round;
	uint8_t		hash[HASH_BYTES], daemon[KEY_BYTES], sig[SIG_BYTES];
	char		code[RECEIPT_TEXT_MAX];
};

/* What `dorpsstem vote --receipt-file` writes (docs/audit.md §7). */
static int
receipt_read(const char *path, struct receipt_file *rf, char *err, size_t n)
{
	FILE		*f;
	char		 line[512], val[300];
	unsigned	 got = 0;

	memset(rf, 0, sizeof(*rf));
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "round %" SCNu32, &rf->round) == 1)
			got |= 1;
		else if (sscanf(line, "receipt %15s", rf->code) == 1)
			got |= 2;
		else if (sscanf(line, "ballot %299s", val) == 1 &&
		    hex_decode(val, rf->hash, HASH_BYTES) == 0)
			got |= 4;
		else if (sscanf(line, "daemon %299s", val) == 1 &&
		    hex_decode(val, rf->daemon, KEY_BYTES) == 0)
			got |= 8;
		else if (sscanf(line, "signature %299s", val) == 1 &&
		    hex_decode(val, rf->sig, SIG_BYTES) == 0)
			got |= 16;
	}
	fclose(f);
	if (got != 31) {
		snprintf(err, n, _("%s: not a dorpsstem receipt file (round, receipt, ballot, daemon "
		    "and signature lines)"), path);
		return -1;
	}
	return 0;
}

int
audit_receipt(const char *dir, const char *code, const char *receipt_file, FILE *out)
{
	struct recfile		 rf;
	struct receipt_file	 rcf;
	struct ballot		 bl;
	struct check		 ck;
	struct arr		 dk;
	char			 err[512], want[RECEIPT_SYMBOLS + 1], got[RECEIPT_TEXT_MAX];
	char			 norm[RECEIPT_SYMBOLS + 1], hex[2 * HASH_BYTES + 1], *path;
	uint8_t			 h[HASH_BYTES], daemon[KEY_BYTES];
	int			 rc, found = 0, signed_ok = 0;

	memset(&ck, 0, sizeof(ck));
	ck.out = out;
	check_begin(&ck, _("receipt"));
	if (receipt_file) {
		if (receipt_read(receipt_file, &rcf, err, sizeof(err)) == -1) {
			fprintf(out, _("FAILED: receipt: %s\n"), err);
			return -1;
		}
		receipt_code(rcf.hash, got);
		if (receipt_normalise(got, want) != 0)
			return -1;
		if (code && (receipt_normalise(code, norm) != 0 || strcmp(norm, want) != 0)) {
			fprintf(out, _("FAILED: receipt: %s is not the receipt code of the ballot in "
			    "%s (%s)\n"), code, receipt_file, got);
			return -1;
		}
	} else if (code != NULL && receipt_normalise(code, want) == RECEIPT_TYPO) {
		fprintf(out, _("FAILED: receipt %s: this code has a typo (its last symbol, the check "
		    "symbol, does not match): look at the receipt again\n"), code);
		return -1;
	} else if (code == NULL || receipt_normalise(code, want) != 0) {
		fprintf(out, _("FAILED: receipt: \"%s\" is not a receipt code (XXXXX-XXXXX-C)\n"),
		    code ? code : "");
		return -1;
	}
	if ((path = path_of(dir, BF_DAEMON)) == NULL)
		return -1;
	rc = load(&ck, path, "daemon-key", &schema_credential_key, &dk);
	free(path);
	if (rc != 0 || dk.n != 1) {
		if (rc == 0)
			fprintf(out, _("FAILED: receipt: %s: must hold exactly one key\n"), BF_DAEMON);
		arr_free(&dk, &schema_credential_key);
		return -1;
	}
	memcpy(daemon, AT(dk, struct credential_key, 0)->key, KEY_BYTES);
	arr_free(&dk, &schema_credential_key);
	if (receipt_file) {
		if (memcmp(rcf.daemon, daemon, KEY_BYTES) != 0)
			fprintf(out, _("FAILED: receipt: %s was signed by another daemon key than "
			    "the bundle's\n"), receipt_file);
		else if (receipt_verify(rcf.round, rcf.hash, daemon, rcf.sig) != 0)
			fprintf(out, _("FAILED: receipt: %s: field signature: the daemon's signature "
			    "does not verify: this receipt proves nothing\n"), receipt_file);
		else
			signed_ok = 1;
		if (!signed_ok)
			return -1;
		fprintf(out, _("OK: receipt signature: the daemon signed ballot %s… of round %"
		    PRIu32 "\n"), hex8(rcf.hash, err), rcf.round);
	}
	if ((path = path_of(dir, BF_BALLOTS)) == NULL)
		return -1;
	rc = recfile_open(&rf, path, "ballots", err, sizeof(err));
	free(path);
	if (rc == -1) {
		fprintf(out, _("FAILED: receipt: %s\n"), err);
		return -1;
	}
	while ((rc = recfile_next(&rf, &schema_ballot, &bl, err, sizeof(err))) != 0) {
		if (rc == -1)
			continue;
		crypto_generichash(h, HASH_BYTES, rf.raw, rf.rawlen, NULL, 0);
		wire_free(&schema_ballot, &bl);
		if (receipt_file ? memcmp(h, rcf.hash, HASH_BYTES) == 0 :
		    (receipt_code(h, got), receipt_normalise(got, norm) == 0 &&
		    strcmp(norm, want) == 0)) {
			found = 1;
			break;
		}
	}
	recfile_close(&rf);
	if (found) {
		hex_encode(h, HASH_BYTES, hex);
		receipt_code(h, got);
		fprintf(out, _("OK: receipt %s: ballot %s is in the bundle\n"), got, hex);
		return 0;
	}
	if (receipt_file) {
		hex_encode(rcf.hash, HASH_BYTES, hex);
		fprintf(out, _("FAILED: receipt %s: ballot %s is NOT in the bundle, yet the daemon "
		    "signed a receipt for it: the receipt file is proof that an accepted ballot "
		    "was left out\n"), rcf.code, hex);
	} else
		fprintf(out, _("FAILED: receipt %s: no ballot with this receipt code is in the "
		    "bundle\n"), code);
	return 1;
}
