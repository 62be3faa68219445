/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * round.c — the round state machine (DESIGN §4), and the villages and initiatives it owns.
 *
 *            open               close
 *   draft ─────────▶ voting ─────────▶ closed ──(counted: result.c)──▶ tallied
 *     │                │
 *     └──── cancel ────┴──────▶ cancelled
 *
 * Every operation here runs inside one LMDB write transaction (store_write), validates
 * everything first, then writes the records and appends one ledger event. A refusal fills
 * the verdict (an ERR_* code and one sentence) and returns -1, so the caller aborts the
 * transaction and nothing changes. Only a draft round can be edited: opening freezes the
 * admitted initiatives, costs, budget, ballot limits, rule and tie-break, and draws the
 * tie-break seed.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"
#include "money.h"
#include "result.h"

/* Fills a refusal: an ERRC_* code, the field at fault and one sentence. Returns -1, the
 * value every state-machine operation returns for "refused, nothing changed". */
int
verdict_refuse(struct verdict *v, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	v->code = code;
	v->field = field;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof(v->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* The rules a round may have: proto/result.c round_rule_parse, the one definition. */
int
round_rule_valid(const char *rule)
{
	return round_rule_parse(rule, NULL, NULL, NULL) == 0;
}

int
round_tie_break_valid(const char *tb)
{
	return strcmp(tb, "cost-votes") == 0 || strcmp(tb, "lexico") == 0;
}

static int
blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int
padded(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
}

/* Loads a round, or refuses with "no round N". */
static int
load_round(struct daemon *d, MDB_txn *txn, uint32_t id, struct round *r, struct verdict *v)
{
	int rc = store_get_id(txn, d->store.rounds, id, &schema_round, r);

	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no round %u", id);
	return rc;
}

static int
load_initiative(struct daemon *d, MDB_txn *txn, uint32_t id, struct initiative *in,
    struct verdict *v)
{
	int rc = store_get_id(txn, d->store.initiatives, id, &schema_initiative, in);

	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no initiative %u", id);
	return rc;
}

static int
need_draft(const struct round *r, struct verdict *v, const char *what)
{
	if (r->state == ROUND_DRAFT)
		return 0;
	return verdict_refuse(v, ERRC_STATE, NULL, "round %u is %s: %s only in a draft round", r->id,
	    round_state_name(r->state), what);
}

/* ---- villages ------------------------------------------------------------------------- */

struct name_check {
	const char	*name;
	int		 found;
};

static int
village_same_name(void *rec, void *arg)
{
	struct village		*vl = rec;
	struct name_check	*nc = arg;

	if (strcasecmp(vl->name, nc->name) == 0)
		nc->found = 1;
	return nc->found;
}

int
village_add(struct daemon *d, MDB_txn *txn, const struct village *req, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct village		vl;
	struct name_check	nc = { req->name, 0 };
	int			rc;
	const char		*p;

	if (blank(req->name))
		return verdict_refuse(v, ERRC_INVALID, "name", "a village needs a name");
	if (padded(req->name))
		return verdict_refuse(v, ERRC_INVALID, "name", "the name must not start or end with a space");
	for (p = req->name; *p && isdigit((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return verdict_refuse(v, ERRC_INVALID, "name",
		    "a village name cannot be only digits (those are ids)");
	rc = store_each(txn, d->store.villages, &schema_village, &vl, village_same_name, &nc);
	if (rc != 0 && rc != 1)
		return rc;
	if (nc.found)
		return verdict_refuse(v, ERRC_EXISTS, "name", "village \"%s\" exists already", req->name);
	memset(&vl, 0, sizeof(vl));
	if ((rc = store_next_id(txn, &d->store, "village", &vl.id)) != 0)
		return rc;
	vl.name = req->name;
	vl.created = now_seconds();
	if ((rc = store_put_id(txn, d->store.villages, vl.id, &schema_village, &vl)) != 0)
		return rc;
	done->id = vl.id;
	return ledger_append(txn, &d->store, 0, who, vl.id, vl.created, &done->event);
}

/* ---- rounds ------------------------------------------------------------------------- */

/* Which rules make sense for which ballot: Phragmén and MES need approval-like or point
 * utilities; ordinal ballots are counted by positional points, greedily (RULES.md). */
static int
rule_fits_ballot(const char *rule, unsigned ballot)
{
	if (ballot == BALLOT_ORDINAL)
		return strncmp(rule, "greedy", 6) == 0;
	if (ballot == BALLOT_CUMULATIVE)
		return strcmp(rule, "phragmen") != 0;
	return 1;
}

/* The settings an organiser gives at create or set, checked against each other. */
static int
round_settings_check(struct daemon *d, MDB_txn *txn, const struct round *req,
    struct verdict *v)
{
	struct village	vl;
	char		amount[MONEY_BUF];
	int64_t		now = now_seconds();
	int		rc;

	rc = store_get_id(txn, d->store.villages, req->village, &schema_village, &vl);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "village", "there is no village %u",
		    req->village);
	if (rc != 0)
		return rc;
	wire_free(&schema_village, &vl);
	if (blank(req->name))
		return verdict_refuse(v, ERRC_INVALID, "name", "a round needs a name");
	if (req->budget == 0)
		return verdict_refuse(v, ERRC_INVALID, "budget",
		    "the budget must be more than € 0");
	if (req->ballot < 1 || req->ballot > BALLOT_TYPE_MAX)
		return verdict_refuse(v, ERRC_INVALID, "ballot",
		    "ballot type must be approval, knapsack, cumulative or ordinal");
	if (strcmp(req->rule, "greedy-threshold") == 0)
		return verdict_refuse(v, ERRC_INVALID, "rule", "greedy-threshold needs the "
		    "least number of votes: greedy-threshold:N, N from 1 to %u",
		    ROUND_THRESHOLD_MAX);
	if (!round_rule_valid(req->rule))
		return verdict_refuse(v, ERRC_INVALID, "rule", "unknown rule \"%s\" (greedy, "
		    "greedy-no-skip, greedy-threshold:N, equalshares, equalshares/add1, "
		    "equalshares/add1-comparison, phragmen)", req->rule);
	if (!rule_fits_ballot(req->rule, req->ballot))
		return verdict_refuse(v, ERRC_INVALID, "rule", "rule %s cannot count %s ballots",
		    req->rule, ballot_type_name(req->ballot));
	if (req->tie_break[0] != '\0' && !round_tie_break_valid(req->tie_break))
		return verdict_refuse(v, ERRC_INVALID, "tie_break",
		    "unknown tie-break \"%s\" (cost-votes or lexico)", req->tie_break);
	if (req->max_choices && req->min_choices > req->max_choices)
		return verdict_refuse(v, ERRC_INVALID, "min_choices",
		    "the minimum number of choices is above the maximum");
	if (req->ballot == BALLOT_KNAPSACK) {
		if (req->limit > req->budget)
			return verdict_refuse(v, ERRC_INVALID, "limit", "the knapsack limit %s is "
			    "above the budget", money_format(amount, sizeof(amount), req->limit));
	} else if (req->limit != 0)
		return verdict_refuse(v, ERRC_INVALID, "limit",
		    "a limit in euros applies to knapsack ballots only");
	if (req->ballot == BALLOT_CUMULATIVE) {
		if (req->points == 0)
			return verdict_refuse(v, ERRC_INVALID, "points",
			    "a cumulative ballot needs the number of points to distribute");
		if (req->max_points > req->points)
			return verdict_refuse(v, ERRC_INVALID, "max_points",
			    "points per initiative cannot exceed the points to distribute");
	} else if (req->points != 0 || req->max_points != 0)
		return verdict_refuse(v, ERRC_INVALID, "points",
		    "points apply to cumulative ballots only");
	if (req->opens < 0 || req->closes < 0)
		return verdict_refuse(v, ERRC_INVALID, "opens", "times must be after 1970");
	if (req->closes && req->closes <= now)
		return verdict_refuse(v, ERRC_INVALID, "closes", "the closing time is in the past");
	if (req->opens && req->closes && req->opens >= req->closes)
		return verdict_refuse(v, ERRC_INVALID, "opens",
		    "the round must open before it closes");
	return 0;
}

/* Copies what an organiser may set, filling in the defaults. */
static void
round_settings_apply(struct round *r, const struct round *req)
{
	r->village = req->village;
	r->name = req->name;
	r->ballot = req->ballot;
	r->budget = req->budget;
	r->min_choices = req->min_choices;
	r->max_choices = req->max_choices;
	r->limit = req->ballot == BALLOT_KNAPSACK && req->limit == 0 ? req->budget : req->limit;
	r->points = req->points;
	r->max_points = req->max_points;
	r->rule = req->rule;
	r->tie_break = req->tie_break[0] == '\0' ? "cost-votes" : req->tie_break;
	r->opens = req->opens;
	r->closes = req->closes;
}

int
round_create(struct daemon *d, MDB_txn *txn, const struct round *req, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct round	r;
	int64_t		now = now_seconds();
	int		rc;

	if ((rc = round_settings_check(d, txn, req, v)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	round_settings_apply(&r, req);
	r.state = ROUND_DRAFT;
	r.created = now;
	if ((rc = store_next_id(txn, &d->store, "round", &r.id)) != 0)
		return rc;
	if ((rc = store_put_id(txn, d->store.rounds, r.id, &schema_round, &r)) != 0)
		return rc;
	done->id = r.id;
	return ledger_append(txn, &d->store, r.id, who, r.id, now, &done->event);
}

struct over_budget {
	uint32_t	round;
	uint64_t	budget;
	uint32_t	first;		/* an initiative costing more than the budget */
};

static int
find_over_budget(void *rec, void *arg)
{
	struct initiative	*in = rec;
	struct over_budget	*ob = arg;

	if (in->round == ob->round && in->status != INIT_WITHDRAWN && in->cost > ob->budget) {
		ob->first = in->id;
		return 1;
	}
	return 0;
}

/* Changes a draft round's settings (all of them at once: the request carries them all,
 * as round-create does). The village stays; initiatives must still fit the budget. */
int
round_set(struct daemon *d, MDB_txn *txn, const struct round *req, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct round		r, *old = &r;
	struct initiative	in;
	struct over_budget	ob = { req->id, req->budget, 0 };
	char			*keep_name, *keep_rule, *keep_tb;
	int			rc;

	if ((rc = load_round(d, txn, req->id, &r, v)) != 0)
		return rc;
	if ((rc = need_draft(&r, v, "settings can change")) != 0)
		goto done;
	if (req->village != r.village) {
		rc = verdict_refuse(v, ERRC_INVALID, "village", "a round stays in its village "
		    "(create a new round instead)");
		goto done;
	}
	if ((rc = round_settings_check(d, txn, req, v)) != 0)
		goto done;
	rc = store_each(txn, d->store.initiatives, &schema_initiative, &in, find_over_budget,
	    &ob);
	if (rc == 1) {
		rc = verdict_refuse(v, ERRC_INVALID, "budget", "initiative %u costs more than the "
		    "new budget", ob.first);
		goto done;
	}
	if (rc != 0)
		goto done;
	/* The record's strings belong to the decoded round: keep them to free, write the
	 * request's. */
	keep_name = old->name;
	keep_rule = old->rule;
	keep_tb = old->tie_break;
	round_settings_apply(&r, req);
	rc = store_put_id(txn, d->store.rounds, r.id, &schema_round, &r);
	r.name = keep_name;
	r.rule = keep_rule;
	r.tie_break = keep_tb;
	if (rc == 0) {
		done->id = r.id;
		rc = ledger_append(txn, &d->store, r.id, who, r.id, now_seconds(), &done->event);
	}
done:
	wire_free(&schema_round, &r);
	return rc;
}

struct admitted {
	uint32_t	round;
	unsigned	n;
};

static int
count_admitted(void *rec, void *arg)
{
	struct initiative	*in = rec;
	struct admitted		*a = arg;

	if (in->round == a->round && in->status == INIT_ADMITTED)
		a->n++;
	return 0;
}

static int	open_check(struct daemon *, MDB_txn *, struct round *, struct verdict *);

/* Loads the round, runs the transition check, stores the new state and logs the event. */
static int
round_transition(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v, int (*check)(struct daemon *, MDB_txn *,
    struct round *, struct verdict *))
{
	struct round	r;
	int64_t		now = now_seconds();
	int		rc;

	if ((rc = load_round(d, txn, id, &r, v)) != 0)
		return rc;
	if ((rc = check(d, txn, &r, v)) == 0 &&
	    (rc = store_put_id(txn, d->store.rounds, r.id, &schema_round, &r)) == 0) {
		done->id = r.id;
		rc = ledger_append(txn, &d->store, r.id, who, r.id, now, &done->event);
	}
	if (rc == 0 && check == open_check) {
		uint8_t		head[HASH_BYTES];
		uint64_t	seq;

		if ((rc = ledger_head(txn, &d->store, r.id, &seq, head)) == 0) {
			round_seed(head, r.seed);
			rc = store_put_id(txn, d->store.rounds, r.id, &schema_round, &r);
		}
	}
	wire_free(&schema_round, &r);
	return rc;
}

static int
open_check(struct daemon *d, MDB_txn *txn, struct round *r, struct verdict *v)
{
	struct initiative	in;
	struct admitted		a = { r->id, 0 };
	int			rc;

	if (r->state != ROUND_DRAFT)
		return verdict_refuse(v, ERRC_STATE, NULL, "round %u is %s: only a draft round can open",
		    r->id, round_state_name(r->state));
	if (r->budget == 0)
		return verdict_refuse(v, ERRC_STATE, "budget", "round %u has no budget", r->id);
	if ((rc = store_each(txn, d->store.initiatives, &schema_initiative, &in,
	    count_admitted, &a)) != 0)
		return rc;
	if (a.n == 0)
		return verdict_refuse(v, ERRC_STATE, NULL, "round %u has no admitted initiative", r->id);
	if (r->min_choices > a.n)
		return verdict_refuse(v, ERRC_STATE, "min_choices", "round %u asks for at least %u choices "
		    "but has only %u admitted initiatives", r->id, r->min_choices, a.n);
	if (r->closes && r->closes <= now_seconds())
		return verdict_refuse(v, ERRC_STATE, "closes", "round %u's closing time has passed", r->id);
	r->state = ROUND_VOTING;
	r->opened = now_seconds();
	/* The seed follows from the open event (round_transition), not from a draw the
	 * daemon could redo after seeing the ballots (docs/audit.md §10). */
	memset(r->seed, 0, sizeof(r->seed));
	return 0;
}

static int
close_check(struct daemon *d, MDB_txn *txn, struct round *r, struct verdict *v)
{
	(void)d;
	(void)txn;
	if (r->state != ROUND_VOTING)
		return verdict_refuse(v, ERRC_STATE, NULL, "round %u is %s: only a voting round can close",
		    r->id, round_state_name(r->state));
	r->state = ROUND_CLOSED;
	r->closed = now_seconds();
	return 0;
}

static int
cancel_check(struct daemon *d, MDB_txn *txn, struct round *r, struct verdict *v)
{
	(void)d;
	(void)txn;
	if (r->state != ROUND_DRAFT && r->state != ROUND_VOTING)
		return verdict_refuse(v, ERRC_STATE, NULL, "round %u is %s: it can no longer be cancelled",
		    r->id, round_state_name(r->state));
	r->state = ROUND_CANCELLED;
	r->closed = now_seconds();
	return 0;
}

/* The request names the heads of the round's ledger and of ledger 0 it opens on
 * (struct round_open): they must be the current ones, so the signed open fixes which
 * credentials and kiosks take part (docs/audit.md §3.3). A scheduled open carries the
 * heads the daemon sees. */
int
round_open(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct round_open	ro;
	uint8_t			head[HASH_BYTES];
	uint64_t		seq;
	int			rc;

	if (wire_decode_all(who->body, who->bodylen, &schema_round_open, &ro, NULL) != 0)
		return verdict_refuse(v, ERRC_FIELD, "events", "a round-open request names the "
		    "ledger heads it opens on (round, events, head, village_events, village_head)");
	if (ro.id != id)
		return verdict_refuse(v, ERRC_INVALID, "id", "the request is for another round");
	{
		/* The round's own refusals first: they say more than a moved head. */
		struct round r;
		if ((rc = load_round(d, txn, id, &r, v)) != 0)
			return rc;
		rc = open_check(d, txn, &r, v);
		wire_free(&schema_round, &r);
		if (rc != 0)
			return rc;
	}
	if ((rc = ledger_head(txn, &d->store, id, &seq, head)) != 0)
		return rc;
	if (seq != ro.events || memcmp(head, ro.head, HASH_BYTES) != 0)
		return verdict_refuse(v, ERRC_STATE, "head", "round %u's ledger has %llu events, "
		    "the request names %llu or another head: something changed meanwhile; look "
		    "again and open again", id, (unsigned long long)seq,
		    (unsigned long long)ro.events);
	if ((rc = ledger_head(txn, &d->store, 0, &seq, head)) != 0)
		return rc;
	if (seq != ro.village_events || memcmp(head, ro.village_head, HASH_BYTES) != 0)
		return verdict_refuse(v, ERRC_STATE, "village_head", "the kiosk and village ledger "
		    "has %llu events, the request names %llu or another head: a kiosk changed "
		    "meanwhile; look again and open again", (unsigned long long)seq,
		    (unsigned long long)ro.village_events);
	return round_transition(d, txn, id, who, done, v, open_check);
}

/* The close event is followed at once, in the same transaction, by the daemon's signed
 * close statement over the ballot set (audit.c). */
int
round_close(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	struct round_open	rc_;
	uint8_t			head[HASH_BYTES];
	uint64_t		seq;
	int			rc;

	/* The close names ledger 0's head (docs/audit.md §3.3): every kiosk retirement
	 * before the close is then provably in the bundle. */
	if (wire_decode_all(who->body, who->bodylen, &schema_round_close, &rc_, NULL) != 0)
		return verdict_refuse(v, ERRC_FIELD, "village_events", "a round-close request "
		    "names ledger 0's head it closes on (round, village_events, village_head)");
	if (rc_.id != id)
		return verdict_refuse(v, ERRC_INVALID, "id", "the request is for another round");
	{
		struct round r;
		if ((rc = load_round(d, txn, id, &r, v)) != 0)
			return rc;
		rc = close_check(d, txn, &r, v);
		wire_free(&schema_round, &r);
		if (rc != 0)
			return rc;
	}
	if ((rc = ledger_head(txn, &d->store, 0, &seq, head)) != 0)
		return rc;
	if (seq != rc_.village_events || memcmp(head, rc_.village_head, HASH_BYTES) != 0)
		return verdict_refuse(v, ERRC_STATE, "village_head", "the kiosk and village ledger "
		    "has %llu events, the request names %llu or another head: a kiosk changed "
		    "meanwhile; look again and close again", (unsigned long long)seq,
		    (unsigned long long)rc_.village_events);
	rc = round_transition(d, txn, id, who, done, v, close_check);

	return rc == 0 ? audit_close(d, txn, id) : rc;
}

int
round_cancel(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	return round_transition(d, txn, id, who, done, v, cancel_check);
}

/* ---- initiatives ------------------------------------------------------------------------ */

int
initiative_add(struct daemon *d, MDB_txn *txn, const struct initiative *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	struct round		r;
	struct initiative	in;
	char			amount[MONEY_BUF];
	int			rc;

	if ((rc = load_round(d, txn, req->round, &r, v)) != 0)
		return rc;
	if ((rc = need_draft(&r, v, "initiatives can be added")) != 0)
		goto done;
	if (blank(req->title)) {
		rc = verdict_refuse(v, ERRC_INVALID, "title", "an initiative needs a title");
		goto done;
	}
	if (req->cost == 0) {
		rc = verdict_refuse(v, ERRC_INVALID, "cost", "the cost must be more than € 0");
		goto done;
	}
	if (req->cost > r.budget) {
		rc = verdict_refuse(v, ERRC_INVALID, "cost", "the cost is above the round's budget of %s",
		    money_format(amount, sizeof(amount), r.budget));
		goto done;
	}
	in = *req;
	in.status = INIT_SUBMITTED;
	in.reason = "";
	in.created = now_seconds();
	if ((rc = store_next_id(txn, &d->store, "initiative", &in.id)) != 0 ||
	    (rc = store_put_id(txn, d->store.initiatives, in.id, &schema_initiative, &in)) != 0)
		goto done;
	done->id = in.id;
	rc = ledger_append(txn, &d->store, r.id, who, in.id, in.created, &done->event);
done:
	wire_free(&schema_round, &r);
	return rc;
}

/* Loads an initiative and its round, which must be a draft; sets the new status. */
static int
initiative_status(struct daemon *d, MDB_txn *txn, uint32_t id, unsigned to, const char *reason,
    const struct actor *who, struct done *done, struct verdict *v)
{
	static const char *verbs[] = { "submitted", "admitted", "rejected", "withdrawn" };
	struct initiative	 in;
	struct round		 r;
	char			*old_reason;
	int			 rc, have_round = 0;

	if ((rc = load_initiative(d, txn, id, &in, v)) != 0)
		return rc;
	if ((rc = load_round(d, txn, in.round, &r, v)) != 0)
		goto done;
	have_round = 1;
	if ((rc = need_draft(&r, v, "initiatives can change")) != 0)
		goto done;
	if (in.status == INIT_WITHDRAWN) {
		rc = verdict_refuse(v, ERRC_STATE, NULL, "initiative %u was withdrawn", id);
		goto done;
	}
	if (in.status == to) {
		rc = verdict_refuse(v, ERRC_STATE, NULL, "initiative %u is %s already", id, verbs[to]);
		goto done;
	}
	in.status = (uint8_t)to;
	old_reason = in.reason;
	in.reason = (char *)(uintptr_t)(reason ? reason : "");
	rc = store_put_id(txn, d->store.initiatives, in.id, &schema_initiative, &in);
	in.reason = old_reason;
	if (rc != 0)
		goto done;
	done->id = in.id;
	rc = ledger_append(txn, &d->store, r.id, who, in.id, now_seconds(), &done->event);
done:
	wire_free(&schema_initiative, &in);
	if (have_round)
		wire_free(&schema_round, &r);
	return rc;
}

/* For conditions.c's decisions: the same change as admit, reject and withdraw. */
int
initiative_set_status(struct daemon *d, MDB_txn *txn, uint32_t id, unsigned to,
    const char *reason, const struct actor *who, struct done *done, struct verdict *v)
{
	return initiative_status(d, txn, id, to, reason, who, done, v);
}

int
initiative_admit(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	int rc;

	if ((rc = conditions_need_decision(d, txn, id, v)) != 0)
		return rc;
	return initiative_status(d, txn, id, INIT_ADMITTED, NULL, who, done, v);
}

int
initiative_reject(struct daemon *d, MDB_txn *txn, const struct initiative *req,
    const struct actor *who, struct done *done, struct verdict *v)
{
	int rc;

	if (blank(req->reason))
		return verdict_refuse(v, ERRC_INVALID, "reason", "a rejection needs a reason");
	if ((rc = conditions_need_decision(d, txn, req->id, v)) != 0)
		return rc;
	return initiative_status(d, txn, req->id, INIT_REJECTED, req->reason, who, done, v);
}

int
initiative_withdraw(struct daemon *d, MDB_txn *txn, uint32_t id, const struct actor *who,
    struct done *done, struct verdict *v)
{
	return initiative_status(d, txn, id, INIT_WITHDRAWN, NULL, who, done, v);
}
