/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ballot.h — THE ballot rules (DESIGN §4, §5) and ballot signatures, in one place: the
 * daemon checks ballots with them, the kiosk and `dorpsstem vote` guide the voter with
 * them, and the auditor's verifier re-checks every published ballot with them.
 *
 * Signatures (docs/protocol.md §11):
 *   voter  = Ed25519 by the credential key over DOMAIN_BALLOT || 0x00 || body
 *   kiosk  = Ed25519 by the kiosk key over DOMAIN_BALLOT_KIOSK || 0x00 || body || voter sig
 *   body   = the canonical encoding of schema_ballot_body (round, kiosk, credential,
 *            choices, nonce); hash = BLAKE2b-256 of the whole ballot (schema_ballot).
 */
#ifndef BALLOT_H
#define BALLOT_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

#define CHOICES_LIMIT_RANKS	1000	/* ordinal ballots rank at most this many */

/* What a ballot is checked against: the round's settings and its admitted initiatives. */
struct ballot_rules {
	const struct round	*round;
	const uint32_t		*ids;		/* admitted initiatives, ascending id */
	const uint64_t		*costs;		/* their costs in cents */
	size_t			 n;
};

/* 0 if the choices obey the round's ballot type and limits; else -1 and one Dutch
 * sentence in why (for the voter). Choices must be in ascending initiative id. */
int	ballot_check(const struct ballot_rules *, const struct choice *, size_t nchoices,
	    char *why, size_t whylen);
/* The same, with the sentence in the voter's language (the kiosk's English screens). */
#define BALLOT_LANG_NL	0
#define BALLOT_LANG_EN	1
int	ballot_check_lang(const struct ballot_rules *, const struct choice *, size_t nchoices,
	    int lang, char *why, size_t whylen);

/* Fills voter_sig and kiosk_sig. */
int	ballot_sign(struct ballot *, const uint8_t voter_sk[64], const uint8_t kiosk_sk[64]);
/* 0 if both signatures verify (voter under b->credential, kiosk under kiosk_pk);
 * 1 if the voter's does not, 2 if the kiosk's does not. */
int	ballot_verify(const struct ballot *, const uint8_t kiosk_pk[KEY_BYTES]);
/* BLAKE2b-256 of the ballot's canonical encoding. */
int	ballot_hash(const struct ballot *, uint8_t hash[HASH_BYTES]);

/* The daemon's receipt signature: DOMAIN_RECEIPT || 0x00 || u32 round || hash. */
void	receipt_sign(uint32_t round, const uint8_t hash[HASH_BYTES], const uint8_t sk[64],
	    uint8_t sig[SIG_BYTES]);
int	receipt_verify(uint32_t round, const uint8_t hash[HASH_BYTES],
	    const uint8_t daemon_pk[KEY_BYTES], const uint8_t sig[SIG_BYTES]);

/* The kiosk's login proof: DOMAIN_KIOSK_LOGIN || 0x00 || daemon key || nonce. */
void	kiosk_login_sign(const uint8_t daemon_pk[KEY_BYTES], const uint8_t nonce[32],
	    const uint8_t kiosk_sk[64], uint8_t sig[SIG_BYTES]);
int	kiosk_login_verify(const uint8_t daemon_pk[KEY_BYTES], const uint8_t nonce[32],
	    const uint8_t kiosk_pk[KEY_BYTES], const uint8_t sig[SIG_BYTES]);

#endif
