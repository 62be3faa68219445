/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * overview.c — the jaaroverzicht's figures (issue 13), shared by the client's `overview`
 * command (client/cmd_overview.c fetches over the protocol, client/overview.c writes text,
 * CSV, JSON and HTML) and the public web site's /dorp/NAAM/JAAR (daemon/web.c reads the
 * store). Both fold the same signed public events through ov_round_event and
 * ov_inhabitants_event and compute with ov_compute, so the page and `overview -j` agree.
 * overview.h says what each figure means.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "msg.h"
#include "overview.h"
#include "spending.h"

/* ---- computing ------------------------------------------------------------------------ */

int64_t
ov_bp(uint64_t num, uint64_t den)
{
	unsigned __int128 q;

	if (den == 0)
		return -1;
	/* 128 bits: sums of cents over many rounds times 20000 may pass 64 bits */
	q = ((unsigned __int128)num * 20000 + den) / ((unsigned __int128)den * 2);
	return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

/* Whether village had a counted round that closed in year (as the row counts them). */
static int
held_round(const struct ov_input *in, uint32_t village, int year)
{
	size_t i;

	for (i = 0; i < in->nrounds; i++)
		if (in->rounds[i].year == year && in->rounds[i].village == village &&
		    (!in->only || in->only == village))
			return 1;
	return 0;
}

/* The inhabitants of village in year: the line of the latest year up to it; 0 if none. */
static uint64_t
inhabitants_of(const struct ov_input *in, uint32_t village, int year)
{
	uint64_t	n = 0;
	int		best = 0;
	size_t		i;

	for (i = 0; i < in->ninh; i++)
		if (in->inh[i].village == village && in->inh[i].year <= year &&
		    in->inh[i].year >= best) {
			best = in->inh[i].year;
			n = in->inh[i].n;
		}
	return n;
}

void
ov_spending_fill(const struct ov_input *in, struct ov_row *row)
{
	const struct ov_round	*r;
	struct ov_spending	 sum;
	size_t			 i;
	int			 all = 1;

	/* The spending records (grants, payments, accounting lines, closes: the other half
	 * of issue 13) are summed here per village and year, known only if known for every
	 * round. Until dorpsstem records them no round has them, and nothing is made up. */
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < in->nrounds; i++) {
		r = &in->rounds[i];
		if (r->year != row->year || (row->village && r->village != row->village) ||
		    (in->only && r->village != in->only))
			continue;
		if (!r->spending.recorded) {
			all = 0;
			break;
		}
		sum.granted += r->spending.granted;
		sum.paid += r->spending.paid;
		sum.spent += r->spending.spent;
		sum.returned += r->spending.returned;
		sum.outstanding += r->spending.outstanding;
		sum.overdue += r->spending.overdue;
	}
	sum.recorded = all && row->rounds > 0;
	row->spending = sum.recorded ? sum : (struct ov_spending){ 0 };
}

static int
fail_cmp(const void *a, const void *b)
{
	const struct ov_fail *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->village != y->village)
		return x->village < y->village ? -1 : 1;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static int
cat_cmp(const void *a, const void *b)
{
	const struct ov_cat *x = a, *y = b;

	if (x->funded.amount != y->funded.amount)
		return x->funded.amount > y->funded.amount ? -1 : 1;
	if (x->requested.n != y->requested.n)
		return x->requested.n > y->requested.n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
count_add(struct ov_count *c, uint64_t amount)
{
	c->n++;
	c->amount += amount;
}

static int
row_details(struct ov_row *row, const struct ov_round *r)
{
	const struct ov_init	*it;
	struct ov_cat		*cat;
	struct ov_fail		*f;
	size_t			 i, k;
	uint32_t		 nr;

	for (i = 0; i < r->ninit; i++) {
		it = &r->init[i];
		for (k = 0; k < row->ncats; k++)
			if (strcmp(row->cats[k].name, it->category) == 0)
				break;
		if (k == row->ncats) {
			if ((cat = reallocarray(row->cats, row->ncats + 1, sizeof(*cat))) == NULL)
				return -1;
			row->cats = cat;
			memset(&cat[k], 0, sizeof(*cat));
			cat[k].name = it->category;
			row->ncats++;
		}
		cat = &row->cats[k];
		count_add(&cat->requested, it->cost);
		if (it->status == INIT_ADMITTED)
			count_add(&cat->admitted, it->cost);
		if (it->funded)
			count_add(&cat->funded, it->cost);
		if (it->status != INIT_REJECTED || it->cond_version == 0)
			continue;
		for (nr = 1; nr <= 64; nr++) {
			if (!(it->unmet >> (nr - 1) & 1))
				continue;
			for (k = 0; k < row->nfails; k++)
				if (row->fails[k].village == r->village &&
				    row->fails[k].version == it->cond_version && row->fails[k].nr == nr)
					break;
			if (k == row->nfails) {
				if ((f = reallocarray(row->fails, row->nfails + 1, sizeof(*f))) == NULL)
					return -1;
				row->fails = f;
				f[k].village = r->village;
				f[k].version = it->cond_version;
				f[k].nr = nr;
				f[k].count = 0;
				row->nfails++;
			}
			row->fails[k].count++;
		}
	}
	return 0;
}

/* One row: village (0 = every village of the selection) in year; with details, the
 * categories and the failed conditions too. */
int
ov_row_fill(const struct ov_input *in, struct ov_row *row, uint32_t village, const char *name,
    int year, int details)
{
	const struct ov_round	*r;
	const struct ov_init	*it;
	uint64_t		 n;
	size_t			 i, k;

	memset(row, 0, sizeof(*row));
	row->village = village;
	row->name = name;
	row->year = year;
	for (i = 0; i < in->nrounds; i++) {
		r = &in->rounds[i];
		if (r->year != year || (village && r->village != village) ||
		    (in->only && r->village != in->only))
			continue;
		row->rounds++;
		row->budget += r->budget;
		row->ballots += r->ballots;
		row->cards += r->cards;
		if (inhabitants_of(in, r->village, year))
			row->ballots_inh += r->ballots;
		for (k = 0; k < r->ninit; k++) {
			it = &r->init[k];
			count_add(&row->requested, it->cost);
			if (it->status == INIT_ADMITTED)
				count_add(&row->admitted, it->cost);
			else if (it->status == INIT_REJECTED)
				count_add(&row->rejected, it->cost);
			else if (it->status == INIT_WITHDRAWN)
				count_add(&row->withdrawn, it->cost);
			if (it->funded)
				count_add(&row->funded, it->cost);
		}
		if (details && row_details(row, r) == -1)
			return -1;
	}
	/* The total per inhabitant counts only the villages that held a counted round this
	 * year: the residents of a village without one could not vote, and their number
	 * would only dilute the municipality's figure. A village's own row keeps its
	 * number. */
	for (i = 0; i < in->nvillages; i++)
		if ((village == 0 || in->villages[i].id == village) &&
		    (village != 0 || held_round(in, in->villages[i].id, year)) &&
		    (n = inhabitants_of(in, in->villages[i].id, year)) > 0)
			row->inhabitants += n;
	if (row->nfails)
		qsort(row->fails, row->nfails, sizeof(*row->fails), fail_cmp);
	if (row->ncats)
		qsort(row->cats, row->ncats, sizeof(*row->cats), cat_cmp);
	ov_spending_fill(in, row);
	return 0;
}

void
ov_row_free(struct ov_row *row)
{
	free(row->fails);
	free(row->cats);
	row->fails = NULL;
	row->cats = NULL;
}

int
ov_compute(const struct ov_input *in, struct ov_report *rep)
{
	const char	*all = "";
	size_t		 i;
	int		 first = in->year;

	memset(rep, 0, sizeof(*rep));
	rep->year = in->year;
	rep->only = in->only;
	rep->in = in;
	if ((rep->rows = calloc(in->nvillages + 1, sizeof(*rep->rows))) == NULL)
		return -1;
	rep->nrows = in->nvillages;
	for (i = 0; i < in->nvillages; i++)
		if (ov_row_fill(in, &rep->rows[i], in->villages[i].id, in->villages[i].name,
		    in->year, 0) == -1)
			goto fail;
	if (in->only && in->nvillages == 1)
		all = in->villages[0].name;
	if (ov_row_fill(in, &rep->total, in->only, all, in->year, 1) == -1 ||
	    ov_row_fill(in, &rep->prev, in->only, all, in->year - 1, 0) == -1)
		goto fail;
	for (i = 0; i < in->nrounds; i++)
		if (in->rounds[i].year < first && in->rounds[i].year > in->year - OV_MAX_YEARS)
			first = in->rounds[i].year;
	rep->nyears = (size_t)(in->year - first + 1);
	if ((rep->years = calloc(rep->nyears, sizeof(*rep->years))) == NULL)
		goto fail;
	for (i = 0; i < rep->nyears; i++)
		if (ov_row_fill(in, &rep->years[i], in->only, all, first + (int)i, 0) == -1)
			goto fail;
	return 0;
fail:
	ov_report_free(rep);
	return -1;
}

void
ov_report_free(struct ov_report *rep)
{
	size_t i;

	for (i = 0; rep->rows && i < rep->nrows; i++)
		ov_row_free(&rep->rows[i]);
	for (i = 0; rep->years && i < rep->nyears; i++)
		ov_row_free(&rep->years[i]);
	free(rep->rows);
	free(rep->years);
	ov_row_free(&rep->total);
	ov_row_free(&rep->prev);
	memset(rep, 0, sizeof(*rep));
}

/* ---- the indicators: one table for every writer ---------------------------------------- */

const struct ov_indicator ov_indicators[] = {
	{ "rounds", N_("rounds"), OV_COUNT },
	{ "budget", N_("budget available"), OV_MONEY },
	{ "requested_count", N_("initiatives submitted"), OV_COUNT },
	{ "requested_amount", N_("amount requested"), OV_MONEY },
	{ "admitted_count", N_("initiatives admitted"), OV_COUNT },
	{ "admitted_share_bp", N_("share of submissions admitted"), OV_BP },
	{ "rejected_count", N_("initiatives rejected"), OV_COUNT },
	{ "funded_count", N_("initiatives funded"), OV_COUNT },
	{ "funded_amount", N_("amount funded"), OV_MONEY },
	{ "funded_share_bp", N_("share of the budget funded"), OV_BP },
	{ "ballots", N_("votes"), OV_COUNT },
	{ "turnout_cards_bp", N_("turnout (ballots per card issued)"), OV_BP },
	{ "turnout_inhabitants_bp", N_("turnout (ballots per inhabitant)"), OV_BP },
	{ "spent", N_("spent by the initiatives (verantwoording)"), OV_MONEY },
};
const size_t ov_nindicators = sizeof(ov_indicators) / sizeof(ov_indicators[0]);

/* An indicator's value in a row; -1: not known. */
int64_t
ov_ind_value(const struct ov_row *r, size_t i)
{
	switch (i) {
	case 0: return r->rounds;
	case 1: return (int64_t)r->budget;
	case 2: return r->requested.n;
	case 3: return (int64_t)r->requested.amount;
	case 4: return r->admitted.n;
	case 5: return ov_bp(r->admitted.n, r->requested.n);
	case 6: return r->rejected.n;
	case 7: return r->funded.n;
	case 8: return (int64_t)r->funded.amount;
	case 9: return ov_bp(r->funded.amount, r->budget);
	case 10: return (int64_t)r->ballots;
	case 11: return ov_bp(r->ballots, r->cards);
	case 12: return r->inhabitants ? ov_bp(r->ballots_inh, r->inhabitants) : -1;
	case 13: return r->spending.recorded ? (int64_t)r->spending.spent : -1;
	}
	return -1;
}

/* ---- folding the signed public events into the figures -------------------------------- */

/* The initiative of id in r, or NULL. */
static struct ov_init *
init_of(struct ov_round *r, uint32_t id)
{
	size_t i;

	for (i = r->ninit; i > 0; i--)
		if (r->init[i - 1].id == id)
			return &r->init[i - 1];
	return NULL;
}

static int
init_new(struct ov_round *r, uint32_t id, uint64_t cost, const char *category)
{
	struct ov_init	*p;
	char		*cat;

	if ((cat = strdup(category)) == NULL ||
	    (p = reallocarray(r->init, r->ninit + 1, sizeof(*p))) == NULL) {
		free(cat);
		return -1;
	}
	r->init = p;
	p += r->ninit++;
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cost = cost;
	p->category = cat;
	p->status = INIT_SUBMITTED;
	return 0;
}

/* One public event of the round into its figures. The subject of an initiative's
 * add/submit event is its id, that of a credentials-register the number of keys
 * (docs/audit.md §1), so no key list is decoded. */
int
ov_round_event(struct ov_round *r, const struct event *ev, uint64_t *revoked)
{
	union {
		struct initiative	 in;
		struct application	 app;
		struct ref		 ref;
		struct decision		 dc;
		struct close_statement	 cs;
		struct result_statement	 rs;
	} u;
	const struct wire_schema	*s;
	struct ov_init			*it;
	uint64_t			 sum = 0;
	uint32_t			 j;
	int				 rc = 0;

	switch (ev->type) {
	case MSG_INITIATIVE_ADD: s = &schema_initiative_add; break;
	case MSG_INITIATIVE_SUBMIT: case EVENT_PUBLIC_SUBMIT: s = &schema_application; break;
	case MSG_INITIATIVE_ADMIT: case MSG_INITIATIVE_WITHDRAW: s = &schema_ref; break;
	case MSG_INITIATIVE_REJECT: s = &schema_initiative_reject; break;
	case MSG_INITIATIVE_DECIDE: s = &schema_decision; break;
	case EVENT_CLOSE: s = &schema_close_statement; break;
	case EVENT_RESULT: s = &schema_result_statement; break;
	case MSG_CREDENTIALS_REGISTER:
		r->cards += ev->subject;
		return 0;
	case MSG_CREDENTIAL_REVOKE:
		(*revoked)++;
		return 0;
	default:
		return 0;
	}
	if (wire_decode_all(ev->body.p, ev->body.len, s, &u, NULL) != 0)
		return 0;	/* not ours to judge: audit verify does */
	switch (ev->type) {
	case MSG_INITIATIVE_ADD:
		rc = init_new(r, ev->subject, u.in.cost, u.in.category);
		break;
	case MSG_INITIATIVE_SUBMIT: case EVENT_PUBLIC_SUBMIT:
		for (j = 0; j < u.app.lines.n; j++)
			sum += ((const struct money_line *)u.app.lines.items)[j].amount;
		rc = init_new(r, ev->subject, sum, u.app.category);
		break;
	case MSG_INITIATIVE_ADMIT: case MSG_INITIATIVE_WITHDRAW:
		if ((it = init_of(r, u.ref.id)) != NULL) {
			it->status = ev->type == MSG_INITIATIVE_ADMIT ? INIT_ADMITTED :
			    INIT_WITHDRAWN;
			it->cond_version = 0;
			it->unmet = 0;
		}
		break;
	case MSG_INITIATIVE_REJECT:
		if ((it = init_of(r, u.in.id)) != NULL) {
			it->status = INIT_REJECTED;
			it->cond_version = 0;
			it->unmet = 0;
		}
		break;
	case MSG_INITIATIVE_DECIDE:
		/* the last decision on an initiative counts */
		if ((it = init_of(r, u.dc.id)) != NULL && u.dc.status <= INIT_STATUS_MAX) {
			it->status = u.dc.status;
			it->cond_version = u.dc.status == INIT_REJECTED ? u.dc.conditions : 0;
			it->unmet = 0;
			for (j = 0; j < u.dc.met.n && j < 64; j++)
				if (u.dc.status == INIT_REJECTED &&
				    ((const struct decision_item *)u.dc.met.items)[j].met == 0)
					it->unmet |= (uint64_t)1 << j;
		}
		break;
	case EVENT_CLOSE:
		r->ballots = u.cs.ballots;
		break;
	case EVENT_RESULT:
		for (j = 0; j < u.rs.items.n; j++) {
			const struct result_entry *e = (const struct result_entry *)
			    u.rs.items.items + j;
			if ((it = init_of(r, e->initiative)) != NULL)
				it->funded = e->funded != 0;
		}
		break;
	}
	wire_free(s, &u);
	return rc;
}

/* A round's spending from its books: granted, paid, spent and returned summed over its
 * funded initiatives; outstanding is what is still to be paid out to the ones whose
 * accounts are open (granted above paid); overdue counts those still open after the
 * round's due date (`spending due`), measured against today. */
void
ov_round_books(struct ov_round *r, const struct spend_book *b, uint32_t today)
{
	const struct spend_item	*it;
	size_t			 i;

	memset(&r->spending, 0, sizeof(r->spending));
	r->spending.recorded = 1;
	for (i = 0; i < b->n; i++) {
		it = &b->v[i];
		r->spending.granted += it->granted;
		r->spending.paid += it->paid;
		r->spending.spent += it->spent;
		r->spending.returned += it->returned;
		if (!it->closed && it->granted > it->paid)
			r->spending.outstanding += it->granted - it->paid;
		if (!it->closed && b->due && today > b->due)
			r->spending.overdue++;
	}
}

/* An inhabitants-set event of ledger 0 (docs/audit.md §1) into in->inh, for the villages
 * shown; a later event for the same village and year replaces the earlier figure. 0, or
 * -1 (out of memory). */
int
ov_inhabitants_event(struct ov_input *in, const struct event *ev)
{
	struct inhabitants	 ih;
	struct ov_inhabitants	*p;
	size_t			 i;
	int			 shown = 0;

	if (ev->round != 0 || ev->type != MSG_INHABITANTS_SET ||
	    wire_decode_all(ev->body.p, ev->body.len, &schema_inhabitants, &ih, NULL) != 0)
		return 0;
	if (ih.village != ev->subject || ih.n == 0 || ih.year < INHABITANTS_YEAR_MIN ||
	    ih.year > INHABITANTS_YEAR_MAX)
		return 0;	/* not ours to judge: audit verify does */
	for (i = 0; i < in->nvillages; i++)
		if (in->villages[i].id == ih.village)
			shown = 1;
	if (!shown)
		return 0;
	for (i = 0; i < in->ninh; i++)
		if (in->inh[i].village == ih.village && in->inh[i].year == (int)ih.year) {
			in->inh[i].n = ih.n;
			return 0;
		}
	if ((p = reallocarray(in->inh, in->ninh + 1, sizeof(*p))) == NULL)
		return -1;
	in->inh = p;
	p[in->ninh].village = ih.village;
	p[in->ninh].year = (int)ih.year;
	p[in->ninh].n = ih.n;
	in->ninh++;
	return 0;
}

void
ov_input_free(struct ov_input *in)
{
	size_t i, k;

	for (i = 0; i < in->nrounds; i++) {
		for (k = 0; k < in->rounds[i].ninit; k++)
			free((char *)(uintptr_t)in->rounds[i].init[k].category);
		free(in->rounds[i].init);
	}
	for (i = 0; i < in->nconds; i++) {
		for (k = 0; k < in->conds[i].n; k++)
			free(in->conds[i].text[k]);
		free(in->conds[i].text);
	}
	free(in->conds);
	free(in->inh);
	free(in->rounds);
	free(in->villages);
	memset(in, 0, sizeof(*in));
}

int
ov_load_conditions(struct ov_input *in, int (*get)(void *, uint32_t, uint32_t,
    struct conditions *), void *arg)
{
	struct ov_condtext	*ct;
	struct conditions	 cd;
	const struct ov_init	*it;
	const struct ov_round	*r;
	size_t			 i, k, j;
	uint32_t		 n;
	int			 rc;

	for (i = 0; i < in->nrounds; i++) {
		r = &in->rounds[i];
		if (r->year != in->year)
			continue;
		for (k = 0; k < r->ninit; k++) {
			it = &r->init[k];
			if (it->cond_version == 0)
				continue;
			for (j = 0; j < in->nconds; j++)
				if (in->conds[j].village == r->village &&
				    in->conds[j].version == it->cond_version)
					break;
			if (j < in->nconds)
				continue;
			memset(&cd, 0, sizeof(cd));
			if ((rc = get(arg, r->village, it->cond_version, &cd)) == -1)
				return -1;
			if (rc != 0)
				continue;
			if ((ct = reallocarray(in->conds, in->nconds + 1, sizeof(*ct))) == NULL) {
				wire_free(&schema_conditions, &cd);
				return -2;
			}
			in->conds = ct;
			ct = &in->conds[in->nconds++];
			ct->village = r->village;
			ct->version = it->cond_version;
			ct->n = 0;
			if ((ct->text = calloc(cd.items.n + 1, sizeof(char *))) != NULL)
				for (n = 0; n < cd.items.n; n++) {
					const struct condition *cn =
					    (const struct condition *)cd.items.items + n;
					if ((ct->text[n] = strdup(cn->text)) == NULL)
						break;
					ct->n = n + 1;
				}
			wire_free(&schema_conditions, &cd);
		}
	}
	return 0;
}
