/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * spending.h — the books of a round after its result (issue 13: toekenning en
 * verantwoording). One fold over the round's ledger, used by the daemon before it
 * accepts a spending request and by `audit verify` on spending.txt, so both enforce the
 * same money rules (docs/audit.md §11):
 *
 *   - granted: each funded initiative's cost in the result statement (no grant event);
 *   - paid ≤ granted + the overspend decisions signed for it;
 *   - at the close: the signed paid and spent are the sums of the events, spent ≤ paid,
 *     returned = paid − spent;
 *   - nothing about an initiative after its close; only funded initiatives; amounts in
 *     integer cents above zero; dates real civil dates YYYYMMDD.
 */
#ifndef SPENDING_H
#define SPENDING_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct spend_item {
	uint32_t	 initiative;
	uint64_t	 granted, paid, spent, overspend, returned;
	uint32_t	 budget_lines;	/* lines of its aanvraag (0: added without one) */
	uint32_t	 payments, lines, decisions;	/* events of each kind */
	uint32_t	 participants;
	int		 closed;
	uint64_t	 closed_seq;
	int64_t		 closed_time;
};

struct spend_app {
	uint32_t	 initiative, lines;
};

struct spend_book {
	uint32_t		 round;
	int			 have_result;
	uint64_t		 result_seq;	/* 0 if unknown (a bundle) */
	uint32_t		 due;		/* YYYYMMDD, 0 = none set */
	struct spend_item	*v;		/* funded initiatives, ascending id */
	size_t			 n;
	struct spend_app	*apps;		/* budget-line counts from the aanvragen */
	size_t			 napps;
	uint64_t		 events;	/* spending events applied */
};

void	spend_init(struct spend_book *, uint32_t round);
void	spend_free(struct spend_book *);
/* The grants: every funded item of the result statement. 0, or -1 (out of memory). */
int	spend_result(struct spend_book *, const struct result_statement *);
/* Remembers an aanvraag's number of budget lines. 0 or -1 (out of memory). */
int	spend_application(struct spend_book *, uint32_t initiative, uint32_t lines);
/* 1 if type is a spending event type. */
int	spend_type(uint16_t type);
/* One ledger event, in ledger order: aanvragen (initiative-submit, public-submit) give
 * budget lines, the result statement the grants, spending events change the books. Other
 * events are ignored. 0, or -1 with a sentence in why naming the field (the event is not
 * applied then). */
int	spend_event(struct spend_book *, const struct event *, char *why, size_t n);
/* The same for a spending request's type and signed body (the daemon's check before it
 * appends the event; seq and time as the event will have them). */
int	spend_apply(struct spend_book *, uint16_t type, const uint8_t *body, size_t len,
	    uint64_t seq, int64_t time, char *why, size_t n);
/* The book's item of an initiative, or NULL (not funded). */
struct spend_item	*spend_find(const struct spend_book *, uint32_t initiative);
/* 1 if d is a real date YYYYMMDD between 2000-01-01 and 2999-12-31. */
int	spend_date_ok(uint32_t d);

#endif
