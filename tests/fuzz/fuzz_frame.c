/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_frame.c — libFuzzer target: the input is a byte stream as a peer would send it.
 * Frames are cut with frame_length, split with msg_split (as the message type says: with
 * the auth trailer for signed requests, and also without), the body decoded with the
 * schema msg_lookup gives, signatures checked, everything freed (docs/protocol.md §1–§5).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "msg.h"
#include "wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
decode_body(const struct msg_desc *d, const struct msg_in *m)
{
	void		*rec;
	const char	*field;
	int		 rc;

	if ((rec = malloc(d->schema->size)) == NULL)
		return;
	rc = wire_decode_all(m->body, m->bodylen, d->schema, rec, &field);
	/* A failed decode must name the field (except trailing bytes) and leave rec freeable. */
	if (rc != 0 && rc != WIRE_ETRAIL && rc != WIRE_ENOMEM && field == NULL)
		abort();
	if (rc == 0 && field != NULL)
		abort();
	wire_free(d->schema, rec);
	free(rec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t	 daemon_key[KEY_BYTES] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
	const struct msg_desc	*d;
	struct msg_in		 m;
	long			 n;

	while (size >= FRAME_HDR) {
		if ((n = frame_length(data)) < 0)
			break;			/* the daemon cuts the peer off here */
		if (n < MSG_HDR || (unsigned long)n > FRAME_MAX)
			abort();
		if (size - FRAME_HDR < (size_t)n)
			break;			/* incomplete frame: wait for more */
		if (msg_split(data + FRAME_HDR, (size_t)n, 0, &m) != 0)
			abort();		/* a frame always holds a header */
		if (m.bodylen != (size_t)n - MSG_HDR || m.has_auth)
			abort();
		if ((d = msg_lookup(m.type)) != NULL) {
			if (d->type != m.type)
				abort();
			decode_body(d, &m);
			if (msg_split(data + FRAME_HDR, (size_t)n, 1, &m) == 0) {
				if (!m.has_auth || m.bodylen + AUTH_BYTES + MSG_HDR != (size_t)n)
					abort();
				decode_body(d, &m);
				if (d->flags & MSGF_SIGNED)
					(void)auth_verify(&m, daemon_key);
			} else if ((size_t)n >= MSG_HDR + AUTH_BYTES)
				abort();
		}
		data += FRAME_HDR + (size_t)n;
		size -= FRAME_HDR + (size_t)n;
	}
	return 0;
}
