/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * code.h — voting codes, the credentials they derive, and receipt codes
 * (docs/protocol.md "Voting codes and credentials"; DESIGN.md §5).
 *
 * A voting code is 80 random bits written as 16 symbols of Crockford's base32 alphabet
 * plus one check symbol that catches every single-symbol typo and every swap of two
 * neighbouring symbols. The code deterministically derives an Ed25519 key pair; its public
 * key is the credential the daemon knows. Codes are made offline by the organiser and
 * exist only on the printed cards: every buffer that held one is wiped (sodium_memzero).
 */
#ifndef CODE_H
#define CODE_H

#include <stddef.h>
#include <stdint.h>

#define CODE_DATA_SYMBOLS 16		/* 80 random bits, 5 bits per symbol */
#define CODE_NORM_LEN     17		/* normalised: 16 data symbols + 1 check symbol,
					 * no separators */
#define CODE_TEXT_MAX     32		/* formatted "K7QM-3XVA-9PTE-HD2W-R" + NUL fits */
#define RECEIPT_SYMBOLS   10		/* 50 bits of the ballot hash */
#define RECEIPT_TEXT_MAX  16		/* "XXXXX-XXXXX-C" + NUL */
#define RECEIPT_TYPO      (-2)	/* receipt_normalise: the check symbol does not match */
#define DOMAIN_CREDENTIAL "dorpsstem/v1/credential"

/* The first line of a credentials file, after which come `count` lines of 64 lowercase
 * hex digits, sorted: "# dorpsstem credentials v1 round 3 count 200". */
#define CREDENTIALS_HEADER "# dorpsstem credentials v1 round %u count %u"

enum code_err { CODE_OK = 0, CODE_ELENGTH = -1, CODE_ESYMBOL = -2, CODE_ECHECK = -3 };

/* Alphabet: Crockford's base32 "0123456789ABCDEFGHJKMNPQRSTVWXYZ" (no I L O U). */
extern const char code_alphabet[33];

/* A fresh random code (randombytes): 16 data symbols, the check symbol and NUL. */
void	code_generate(char norm[CODE_NORM_LEN + 1]);

/* From what a person typed: case-insensitive; spaces, tabs and '-' ignored; O->0, I/L->1;
 * U and anything else is CODE_ESYMBOL. CODE_ELENGTH if not 17 symbols after that,
 * CODE_ECHECK when the check symbol does not match (a typo). On CODE_OK norm gets the 17
 * normalised symbols + NUL; on an error norm is wiped to "". */
int	code_normalise(const char *typed, char norm[CODE_NORM_LEN + 1]);

/* Dutch, for the kiosk screen: CODE_ECHECK -> "Deze code klopt niet — kijk nog eens naar
 * uw kaart". */
const char *code_strerror(int);

/* "XXXX-XXXX-XXXX-XXXX-C" from a normalised code. */
void	code_format(const char norm[CODE_NORM_LEN + 1], char out[CODE_TEXT_MAX]);

/* The check symbol of 16 data symbols (from the alphabet, upper case); '\0' if one of
 * them is not in the alphabet. */
char	code_check_symbol(const char data[CODE_DATA_SYMBOLS]);

/* The credential key pair of a code: seed = BLAKE2b-256 (no key) over
 * DOMAIN_CREDENTIAL || 0x00 || u32 round (big-endian) || the 16 data symbols (ASCII),
 * then crypto_sign_seed_keypair. The caller wipes sk (sodium_memzero). */
void	code_derive(uint32_t round, const char norm[CODE_NORM_LEN + 1], uint8_t pk[32],
	    uint8_t sk[64]);

/* Receipt code for a ballot: the first 50 bits of the ballot hash as 10 symbols and a
 * check symbol over them (as a voting code's), "XXXXX-XXXXX-C". */
void	receipt_code(const uint8_t hash[32], char out[RECEIPT_TEXT_MAX]);

/* Normalises a typed receipt code (same look-alike rules) to its 10 data symbols + NUL:
 * 0; RECEIPT_TYPO when it has a check symbol that does not match (a typo); -1 when it is
 * no receipt code. An old receipt without the check symbol (10 symbols) is accepted. */
int	receipt_normalise(const char *typed, char out[RECEIPT_SYMBOLS + 1]);

/* Reads a credentials file (format above): its round, and its keys (malloc'ed, n * 32
 * bytes, sorted and distinct; the caller frees). 0, or -1 with a sentence in *why (and
 * errno set when the file could not be read). */
int	credentials_read(const char *path, uint32_t *round, uint8_t **keys, uint32_t *n,
	    const char **why);

#endif
