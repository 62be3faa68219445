/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * key.h — Ed25519 key files (docs/protocol.md §8).
 *   secret file (mode 0600):  "# comment" lines, then "dorpsstem-secret-v1 <128 hex>"
 *   public file:              "# comment" lines, then "<64 hex>"   (paste into the config)
 */
#ifndef KEY_H
#define KEY_H

#include <stddef.h>
#include <stdint.h>

/* Writes FILE (secret, 0600, refuses to overwrite) and FILE.pub. 0, or -1 with errno set
 * and a sentence in why. */
int	key_generate(const char *path, const char *comment, uint8_t pk[32], const char **why);
/* Reads a secret key file; refuses a file readable by group or others. sk is 64 bytes
 * (seed || public key); wipe it with sodium_memzero when done. */
int	key_read_secret(const char *path, uint8_t sk[64], const char **why);
/* Reads a public key file, or a secret file (then takes its public half). */
int	key_read_public(const char *path, uint8_t pk[32], const char **why);
/* Hex helpers: returns 0 if s is exactly 2*n hex digits. */
int	hex_decode(const char *s, uint8_t *out, size_t n);
void	hex_encode(const uint8_t *in, size_t n, char *out);	/* out: 2n+1 bytes */

#endif
