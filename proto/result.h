/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * result.h — from a closed round to its result, the same way everywhere: the daemon at
 * close, `dorpsstem pabulib export`, and the auditor's recount.
 *
 *   round + admitted initiatives + ballots (in hash order)
 *     ─▶ round_pabulib: the round as a pabulib file (projects = initiatives by id; one
 *        vote per ballot, voter ids 1, 2, … in hash order; no times)
 *     ─▶ round_result: pabulib_instance + the round's rule, tie-break and seed
 *        ─▶ tally_run ─▶ struct result (funded initiatives, amounts, explanation)
 *
 * Going through the pabulib file means the export is exactly what was counted: anyone can
 * recount it with `dorpsstem pabulib tally` (given the rule and seed in its META) or with
 * another tool.
 */
#ifndef RESULT_H
#define RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "pabulib.h"

/* ins may hold every initiative of the round: only admitted ones become projects. Ballots
 * must be in ascending hash order. 0, or -1 with a sentence in err. */
int	round_pabulib(const struct round *, const char *village_name,
	    const struct initiative *ins, size_t nins, const struct ballot *ballots,
	    size_t nballots, struct pabulib **out, char *err, size_t errlen);

/*
 * A round's rule (the ROUND record's `rule`, docs/protocol.md): one of the rule names of
 * ROUND_RULES, or `greedy-threshold:N` — greedy that funds only initiatives with at least N
 * votes (points on a cumulative ballot), N in canonical decimal from 1 to
 * ROUND_THRESHOLD_MAX, no sign or leading zero. Fills opt's rule (and threshold) when opt is
 * not NULL, and base (at least ROUND_RULE_BASE_MAX bytes) with the rule's name without the
 * threshold when base is not NULL. 0, or -1 for anything else.
 */
#define ROUND_RULES		"greedy, greedy-no-skip, greedy-threshold, equalshares, " \
				"equalshares/add1, equalshares/add1-comparison, phragmen"
#define ROUND_THRESHOLD_MAX	1000000000u
#define ROUND_RULE_BASE_MAX	32
struct tally_options;
int	round_rule_parse(const char *rule, struct tally_options *opt, char *base,
	    uint64_t *threshold);

/* Tallies the round (its pabulib form pb) with the round's own rule, tie-break and seed,
 * and fills res (the caller wire_frees it with schema_result). ballots_hash and ballots
 * are the caller's to set. 0, or -1 with a sentence in err. */
int	round_result(const struct round *, const struct pabulib *pb,
	    const struct initiative *ins, size_t nins, struct result *res, char *err,
	    size_t errlen);

/* BLAKE2b-256 over the concatenation of the 32-byte ballot hashes, in ascending order
 * (the close statement's ballot hash). n may be 0. */
void	ballots_digest(const uint8_t (*hashes)[HASH_BYTES], size_t n, uint8_t out[HASH_BYTES]);

/* "DD.MM.YYYY": the civil date in the Netherlands (Europe/Amsterdam, EU summer time) of
 * unix time `when`, as the pabulib form's date_begin/date_end (docs/audit.md §6). */
void	round_local_date(int64_t when, char out[16]);

#endif
