/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * spending.c — the books of a round after its result (spending.h; docs/audit.md §11).
 * The daemon folds the round's ledger through spend_event and tries a new request with
 * spend_apply before it appends it; `audit verify` folds events.txt, result.txt and
 * spending.txt. Messages go through proto/intl.h: the verifier shows them in Dutch, the
 * daemon sends them in English (the client translates refusals, client/i18n.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "money.h"
#include "spending.h"

void
spend_init(struct spend_book *b, uint32_t round)
{
	memset(b, 0, sizeof(*b));
	b->round = round;
}

void
spend_free(struct spend_book *b)
{
	free(b->v);
	free(b->apps);
	memset(b, 0, sizeof(*b));
}

int
spend_type(uint16_t type)
{
	return type >= MSG_SPENDING_DUE && type <= MSG_SPENDING_CLOSE;
}

struct spend_item *
spend_find(const struct spend_book *b, uint32_t initiative)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->v[i].initiative == initiative)
			return &b->v[i];
	return NULL;
}

int
spend_application(struct spend_book *b, uint32_t initiative, uint32_t lines)
{
	struct spend_app	*p;
	struct spend_item	*it;

	if ((p = reallocarray(b->apps, b->napps + 1, sizeof(*p))) == NULL)
		return -1;
	b->apps = p;
	b->apps[b->napps].initiative = initiative;
	b->apps[b->napps++].lines = lines;
	if ((it = spend_find(b, initiative)) != NULL)
		it->budget_lines = lines;
	return 0;
}

int
spend_result(struct spend_book *b, const struct result_statement *rs)
{
	const struct result_entry	*e = rs->items.items;
	uint32_t			 i;
	size_t				 k;

	free(b->v);
	b->v = NULL;
	b->n = 0;
	if ((b->v = calloc(rs->items.n + 1, sizeof(*b->v))) == NULL)
		return -1;
	for (i = 0; i < rs->items.n; i++) {
		if (!e[i].funded)
			continue;
		b->v[b->n].initiative = e[i].initiative;
		b->v[b->n].granted = e[i].cost;
		for (k = 0; k < b->napps; k++)
			if (b->apps[k].initiative == e[i].initiative)
				b->v[b->n].budget_lines = b->apps[k].lines;
		b->n++;
	}
	b->have_result = 1;
	return 0;
}

int
spend_date_ok(uint32_t d)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y = d / 10000, m = d / 100 % 100, day = d % 100;

	if (y < 2000 || y > 2999 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	if (m == 2 && day == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

static int
refuse(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
refuse(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* The funded, still open item of initiative, or NULL after saying why not. */
static struct spend_item *
open_item(struct spend_book *b, uint32_t initiative, char *why, size_t n)
{
	struct spend_item *it;

	if (!b->have_result) {
		refuse(why, n, _("round %" PRIu32 " has no result yet: spending is recorded after "
		    "the count"), b->round);
		return NULL;
	}
	if ((it = spend_find(b, initiative)) == NULL) {
		refuse(why, n, _("field initiative: initiative %" PRIu32 " was not funded in round %"
		    PRIu32 ": it has no grant"), initiative, b->round);
		return NULL;
	}
	if (it->closed) {
		refuse(why, n, _("field initiative: the accounts of initiative %" PRIu32 " were "
		    "closed (event %" PRIu64 "): nothing is recorded after the close"), initiative,
		    it->closed_seq);
		return NULL;
	}
	return it;
}

static int
amount_ok(uint64_t amount, char *why, size_t n)
{
	if (amount == 0)
		return refuse(why, n, _("field amount: must be more than € 0"));
	if (amount > MONEY_MAX_CENTS)
		return refuse(why, n, _("field amount: above any budget"));
	return 0;
}

static int
date_check(uint32_t date, char *why, size_t n)
{
	if (!spend_date_ok(date))
		return refuse(why, n, _("field date: %" PRIu32 " is not a date (YYYYMMDD)"), date);
	return 0;
}

int
spend_apply(struct spend_book *b, uint16_t type, const uint8_t *body, size_t len,
    uint64_t seq, int64_t time, char *why, size_t n)
{
	union {
		struct spending_due		due;
		struct spending_pay		pay;
		struct spending_add		add;
		struct spending_overspend	ovs;
		struct spending_close		cls;
	} u;
	const struct wire_schema	*s;
	struct spend_item		*it = NULL;
	char				 m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF];
	const char			*field = NULL;
	int				 rc = -1;

	switch (type) {
	case MSG_SPENDING_DUE:		s = &schema_spending_due; break;
	case MSG_SPENDING_PAY:		s = &schema_spending_pay; break;
	case MSG_SPENDING_ADD:		s = &schema_spending_add; break;
	case MSG_SPENDING_OVERSPEND:	s = &schema_spending_overspend; break;
	case MSG_SPENDING_CLOSE:	s = &schema_spending_close; break;
	default:
		return refuse(why, n, _("field type: 0x%04x is not a spending event"), type);
	}
	if (wire_decode_all(body, len, s, &u, &field) != 0) {
		wire_free(s, &u);
		return refuse(why, n, _("field body: not a %s record (field %s)"), s->name,
		    field ? field : "?");
	}
	switch (type) {
	case MSG_SPENDING_DUE:
		if (u.due.round != b->round) {
			refuse(why, n, _("field round: %" PRIu32 ", not this round %" PRIu32),
			    u.due.round, b->round);
			break;
		}
		if (!b->have_result) {
			refuse(why, n, _("round %" PRIu32 " has no result yet: spending is recorded "
			    "after the count"), b->round);
			break;
		}
		if (date_check(u.due.date, why, n) != 0)
			break;
		b->due = u.due.date;
		rc = 0;
		break;
	case MSG_SPENDING_PAY:
		if ((it = open_item(b, u.pay.initiative, why, n)) == NULL ||
		    amount_ok(u.pay.amount, why, n) != 0 || date_check(u.pay.date, why, n) != 0)
			break;
		if (u.pay.amount > it->granted + it->overspend - it->paid) {
			refuse(why, n, _("field amount: paying %s would bring the payments to %s, "
			    "above the %s that the grant and the overspend decisions allow: an "
			    "organiser's overspend decision must come first"),
			    money_format(m1, sizeof(m1), u.pay.amount),
			    money_format(m2, sizeof(m2), it->paid + u.pay.amount),
			    money_format(m3, sizeof(m3), it->granted + it->overspend));
			break;
		}
		it->paid += u.pay.amount;
		it->payments++;
		rc = 0;
		break;
	case MSG_SPENDING_ADD:
		if ((it = open_item(b, u.add.initiative, why, n)) == NULL ||
		    amount_ok(u.add.amount, why, n) != 0 || date_check(u.add.date, why, n) != 0)
			break;
		if (blank(u.add.what)) {
			refuse(why, n, _("field what: an accounting line says what the money was "
			    "spent on"));
			break;
		}
		if (u.add.line > it->budget_lines) {
			if (it->budget_lines)
				refuse(why, n, _("field line: the aanvraag has %" PRIu32 " budget lines, "
				    "not %" PRIu32), it->budget_lines, u.add.line);
			else
				refuse(why, n, _("field line: the initiative has no aanvraag with budget "
				    "lines, so no line %" PRIu32), u.add.line);
			break;
		}
		if (it->spent + u.add.amount > MONEY_MAX_CENTS) {
			refuse(why, n, _("field amount: above any budget"));
			break;
		}
		it->spent += u.add.amount;
		it->lines++;
		rc = 0;
		break;
	case MSG_SPENDING_OVERSPEND:
		if ((it = open_item(b, u.ovs.initiative, why, n)) == NULL ||
		    amount_ok(u.ovs.amount, why, n) != 0)
			break;
		if (blank(u.ovs.reason)) {
			refuse(why, n, _("field reason: an overspend decision needs a reason"));
			break;
		}
		if (it->overspend + u.ovs.amount > MONEY_MAX_CENTS) {
			refuse(why, n, _("field amount: above any budget"));
			break;
		}
		it->overspend += u.ovs.amount;
		it->decisions++;
		rc = 0;
		break;
	case MSG_SPENDING_CLOSE:
		if ((it = open_item(b, u.cls.initiative, why, n)) == NULL)
			break;
		if (u.cls.paid != it->paid) {
			refuse(why, n, _("field paid: the signed close says %s, the payments add up "
			    "to %s: a payment is missing or was changed"),
			    money_format(m1, sizeof(m1), u.cls.paid),
			    money_format(m2, sizeof(m2), it->paid));
			break;
		}
		if (u.cls.spent != it->spent) {
			refuse(why, n, _("field spent: the signed close says %s, the accounting lines "
			    "add up to %s: a line is missing or was changed"),
			    money_format(m1, sizeof(m1), u.cls.spent),
			    money_format(m2, sizeof(m2), it->spent));
			break;
		}
		if (it->spent > it->paid) {
			refuse(why, n, _("field spent: %s spent is more than the %s paid: pay the "
			    "rest first (above the grant only with an overspend decision)"),
			    money_format(m1, sizeof(m1), it->spent),
			    money_format(m2, sizeof(m2), it->paid));
			break;
		}
		if (u.cls.returned != it->paid - it->spent) {
			refuse(why, n, _("field returned: %s, but paid − spent is %s"),
			    money_format(m1, sizeof(m1), u.cls.returned),
			    money_format(m2, sizeof(m2), it->paid - it->spent));
			break;
		}
		if (blank(u.cls.summary)) {
			refuse(why, n, _("field summary: a close needs a summary of what was done"));
			break;
		}
		it->returned = u.cls.returned;
		it->participants = u.cls.participants;
		it->closed = 1;
		it->closed_seq = seq;
		it->closed_time = time;
		rc = 0;
		break;
	}
	wire_free(s, &u);
	if (rc == 0)
		b->events++;
	return rc;
}

int
spend_event(struct spend_book *b, const struct event *ev, char *why, size_t n)
{
	struct application	 app;
	struct result_statement	 rs;
	uint32_t		 lines;

	if (ev->type == MSG_INITIATIVE_SUBMIT || ev->type == EVENT_PUBLIC_SUBMIT) {
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_application, &app,
		    NULL) != 0) {
			wire_free(&schema_application, &app);
			return 0;	/* the set-up checks report it */
		}
		lines = app.lines.n;
		wire_free(&schema_application, &app);
		return spend_application(b, ev->subject, lines) == 0 ? 0 :
		    refuse(why, n, "%s", _("out of memory"));
	}
	if (ev->type == EVENT_RESULT) {
		if (wire_decode_all(ev->body.p, ev->body.len, &schema_result_statement, &rs,
		    NULL) != 0) {
			wire_free(&schema_result_statement, &rs);
			return 0;
		}
		b->result_seq = ev->seq;
		if (spend_result(b, &rs) != 0) {
			wire_free(&schema_result_statement, &rs);
			return refuse(why, n, "%s", _("out of memory"));
		}
		wire_free(&schema_result_statement, &rs);
		return 0;
	}
	if (!spend_type(ev->type))
		return 0;
	return spend_apply(b, ev->type, ev->body.p, ev->body.len, ev->seq, ev->time, why, n);
}
