/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * frame.h — framing, the message header, and organiser signatures on requests
 * (docs/protocol.md §1, §4).
 */
#ifndef FRAME_H
#define FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

struct msg_in {
	uint16_t	 type;
	uint32_t	 reqid;
	const uint8_t	*body;		/* the record (auth trailer already split off) */
	size_t		 bodylen;
	int		 has_auth;
	uint8_t		 key[KEY_BYTES];
	uint64_t	 counter;
	uint8_t		 sig[SIG_BYTES];
};

/* Reads the 4-byte length prefix. Returns the payload length, or -1 if it is outside
 * MSG_HDR..FRAME_MAX (the peer is then cut off: its stream cannot be resynchronised). */
long	frame_length(const uint8_t hdr[FRAME_HDR]);

/* Splits a payload into header and body; with_auth: the body ends in an auth trailer. */
int	msg_split(const uint8_t *payload, size_t len, int with_auth, struct msg_in *);

/* Appends one whole frame (length, type, reqid, record) to out. */
void	frame_put(struct wbuf *out, uint16_t type, uint32_t reqid,
	    const struct wire_schema *, const void *rec);

/* The same, for a request signed with sk (64-byte libsodium secret key) under the
 * daemon's key and counter: appends the auth trailer. */
void	frame_put_signed(struct wbuf *out, uint16_t type, uint32_t reqid,
	    const struct wire_schema *, const void *rec, const uint8_t daemon_key[KEY_BYTES],
	    const uint8_t sk[64], uint64_t counter);

/* The bytes a request signature covers:
 *   DOMAIN_REQUEST || 0x00 || daemon_key[32] || u16 type || u64 counter || record */
void	auth_message(struct wbuf *out, const uint8_t daemon_key[KEY_BYTES], uint16_t type,
	    uint64_t counter, const uint8_t *record, size_t len);
/* 0 if m's signature verifies under m->key for this daemon, -1 otherwise. */
int	auth_verify(const struct msg_in *m, const uint8_t daemon_key[KEY_BYTES]);

#endif
