/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * frame.c — length-prefixed frames, the 6-byte message header, and the organiser auth
 * trailer. See docs/protocol.md §1 and §4.
 */
#include <string.h>

#include <sodium.h>

#include "frame.h"

long
frame_length(const uint8_t h[FRAME_HDR])
{
	uint32_t n = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];

	if (n < MSG_HDR || n > FRAME_MAX)
		return -1;
	return (long)n;
}

int
msg_split(const uint8_t *p, size_t len, int with_auth, struct msg_in *m)
{
	struct rbuf r;

	memset(m, 0, sizeof(*m));
	rbuf_init(&r, p, len);
	if (rbuf_u16(&r, &m->type) != 0 || rbuf_u32(&r, &m->reqid) != 0)
		return WIRE_ETRUNC;
	m->body = p + r.off;
	m->bodylen = rbuf_left(&r);
	if (!with_auth)
		return 0;
	if (m->bodylen < AUTH_BYTES)
		return WIRE_ETRUNC;
	m->bodylen -= AUTH_BYTES;
	rbuf_init(&r, m->body + m->bodylen, AUTH_BYTES);
	(void)rbuf_raw(&r, m->key, KEY_BYTES);
	(void)rbuf_u64(&r, &m->counter);
	(void)rbuf_raw(&r, m->sig, SIG_BYTES);
	m->has_auth = 1;
	return 0;
}

static size_t
frame_begin(struct wbuf *out, uint16_t type, uint32_t reqid)
{
	size_t at = out->len;

	wbuf_u32(out, 0);	/* length, patched by frame_end */
	wbuf_u16(out, type);
	wbuf_u32(out, reqid);
	return at;
}

static void
frame_end(struct wbuf *out, size_t at)
{
	wbuf_put_u32_at(out, at, (uint32_t)(out->len - at - FRAME_HDR));
}

void
frame_put(struct wbuf *out, uint16_t type, uint32_t reqid, const struct wire_schema *s,
    const void *rec)
{
	size_t at = frame_begin(out, type, reqid);

	wire_encode(out, s, rec);
	frame_end(out, at);
}

void
auth_message(struct wbuf *out, const uint8_t daemon_key[KEY_BYTES], uint16_t type,
    uint64_t counter, const uint8_t *record, size_t len)
{
	wbuf_raw(out, DOMAIN_REQUEST, sizeof(DOMAIN_REQUEST));	/* includes the NUL */
	wbuf_raw(out, daemon_key, KEY_BYTES);
	wbuf_u16(out, type);
	wbuf_u64(out, counter);
	wbuf_raw(out, record, len);
}

void
frame_put_signed(struct wbuf *out, uint16_t type, uint32_t reqid, const struct wire_schema *s,
    const void *rec, const uint8_t daemon_key[KEY_BYTES], const uint8_t sk[64],
    uint64_t counter)
{
	struct wbuf	msg;
	uint8_t		sig[SIG_BYTES];
	size_t		at = frame_begin(out, type, reqid), body;

	body = out->len;
	wire_encode(out, s, rec);
	wbuf_init(&msg);
	if (!out->oom)
		auth_message(&msg, daemon_key, type, counter, out->p + body, out->len - body);
	if (msg.oom || out->oom) {
		out->oom = 1;
		wbuf_free(&msg);
		return;
	}
	crypto_sign_detached(sig, NULL, msg.p, msg.len, sk);
	wbuf_free(&msg);
	wbuf_raw(out, sk + 32, KEY_BYTES);	/* libsodium keeps the public key in sk[32..64) */
	wbuf_u64(out, counter);
	wbuf_raw(out, sig, SIG_BYTES);
	frame_end(out, at);
}

int
auth_verify(const struct msg_in *m, const uint8_t daemon_key[KEY_BYTES])
{
	struct wbuf	msg;
	int		rc = -1;

	if (!m->has_auth)
		return -1;
	wbuf_init(&msg);
	auth_message(&msg, daemon_key, m->type, m->counter, m->body, m->bodylen);
	if (!msg.oom && crypto_sign_verify_detached(m->sig, msg.p, msg.len, m->key) == 0)
		rc = 0;
	wbuf_free(&msg);
	return rc;
}
