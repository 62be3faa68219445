/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * roundnr.h — the round's own numbering of its initiatives (issue 13).
 *
 * A person meets an initiative by one number: its number in its round, 1..n, given in
 * order of creation within the round. Initiative ids are daemon-wide and ascend with
 * creation, and an initiative is never deleted (rejected and withdrawn ones stay, with
 * their number: a ballot may show gaps), so the number is the initiative's position among
 * its round's initiatives in ascending id order. It needs no stored field and is the same
 * for every reader of the same list (docs/protocol.md §3, "round numbers"). The daemon-wide
 * id stays the protocol's name (requests, ballots, ledgers, the pabulib project id that the
 * recount's lot hashes).
 *
 * Written in a person's terms as ROUND/NR ("5/3").
 */
#ifndef ROUNDNR_H
#define ROUNDNR_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* The number of initiative id in round (the initiatives of other rounds in ins are not
 * counted); 0 if id is not among ins. ins need not be sorted. */
uint32_t	initiative_nr(const struct initiative *ins, size_t n, uint32_t round, uint32_t id);
/* The id of number nr in round, or 0. */
uint32_t	initiative_id_of_nr(const struct initiative *ins, size_t n, uint32_t round,
		    uint32_t nr);
/* Parses "ROUND/NR" (both decimal, ≥ 1, no signs or spaces). 1 if s has that form,
 * 0 if it has no '/', -1 if it has one but is malformed. */
int		roundnr_parse(const char *s, uint32_t *round, uint32_t *nr);

#endif
