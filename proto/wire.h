/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * wire.h — what dorpsstemd and its clients agree on byte for byte.
 *
 * docs/protocol.md is the specification; this header is its C form. In short:
 *   frame    = u32 length (big-endian, 6 .. FRAME_MAX) || payload
 *   payload  = u16 type || u32 request id || body
 *   body     = the canonical encoding of the message's record (schema below), and for
 *              signed requests (MSGF_SIGNED) an auth trailer: key[32] || counter u64 || sig[64]
 * Records are encoded field by field in schema order: integers fixed-width big-endian,
 * strings u16 length || UTF-8 (checked, no control characters), blobs u32 length || bytes,
 * lists u32 count || elements. Decoders accept exactly one encoding per value and refuse
 * trailing bytes, so signatures over these bytes are well defined.
 */
#ifndef WIRE_H
#define WIRE_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION      1
#define FRAME_HDR          4
#define FRAME_MAX          (1024u * 1024u)   /* largest payload a peer may send */
#define MSG_HDR            6                 /* u16 type + u32 request id */
#define KEY_BYTES          32                /* Ed25519 public key */
#define SIG_BYTES          64                /* Ed25519 signature */
#define HASH_BYTES         32                /* BLAKE2b-256 */
#define AUTH_BYTES         (KEY_BYTES + 8 + SIG_BYTES)

/* Domain strings: every signature covers one, so no signed object can pose as another. */
#define DOMAIN_REQUEST     "dorpsstem/v1/request"
#define DOMAIN_EVENT       "dorpsstem/v1/event"
#define DOMAIN_KIOSK_LOGIN "dorpsstem/v1/kiosk-login"
#define DOMAIN_BALLOT      "dorpsstem/v1/ballot"
#define DOMAIN_BALLOT_KIOSK "dorpsstem/v1/ballot-kiosk"
#define DOMAIN_RECEIPT     "dorpsstem/v1/receipt"

/* ---- byte buffers ------------------------------------------------------------------ */

struct wbuf {
	uint8_t	*p;
	size_t	 len, cap;
	int	 oom;			/* set once an allocation failed; the buffer is then useless */
};

struct rbuf {
	const uint8_t	*p;
	size_t		 len, off;
};

void	wbuf_init(struct wbuf *);
void	wbuf_free(struct wbuf *);
void	wbuf_reset(struct wbuf *);
void	wbuf_u8(struct wbuf *, uint8_t);
void	wbuf_u16(struct wbuf *, uint16_t);
void	wbuf_u32(struct wbuf *, uint32_t);
void	wbuf_u64(struct wbuf *, uint64_t);
void	wbuf_raw(struct wbuf *, const void *, size_t);
void	wbuf_put_u32_at(struct wbuf *, size_t at, uint32_t);

void	rbuf_init(struct rbuf *, const void *, size_t);
int	rbuf_u8(struct rbuf *, uint8_t *);
int	rbuf_u16(struct rbuf *, uint16_t *);
int	rbuf_u32(struct rbuf *, uint32_t *);
int	rbuf_u64(struct rbuf *, uint64_t *);
int	rbuf_raw(struct rbuf *, void *, size_t);
size_t	rbuf_left(const struct rbuf *);

/* 1 if s[0..len) is well-formed UTF-8 (shortest form, no surrogates, ≤ U+10FFFF) without
 * control characters (C0, DEL, C1): strings end up on kiosk screens and in terminals. */
int	utf8_valid(const char *s, size_t len);

/* ---- records described by schemas ---------------------------------------------------- */

enum wire_ftype {
	WF_U8, WF_U16, WF_U32, WF_U64, WF_I64,
	WF_STR,		/* char * (NUL-terminated copy), u16 length on the wire */
	WF_B16,		/* uint8_t[16] */
	WF_B32,		/* uint8_t[32] */
	WF_B64,		/* uint8_t[64] */
	WF_BLOB,	/* struct wire_blob, u32 length on the wire */
	WF_LIST,	/* struct wire_list of elements of another schema */
	WF_RECORD	/* another schema's record embedded at off: its fields, in place
			 * (no length, no count — exactly as if listed here) */
};

struct wire_blob {
	uint8_t		*p;
	uint32_t	 len;
};

struct wire_list {
	void		*items;		/* array of n records of elem->size bytes */
	uint32_t	 n;
};

struct wire_schema;

struct wire_field {
	const char		*name;	/* also the JSON key */
	enum wire_ftype		 type;
	size_t			 off;	/* offsetof in the record struct */
	uint64_t		 max;	/* ints: largest value (0 = any); STR/BLOB: bytes; LIST: count */
	const struct wire_schema *elem;	/* WF_LIST and WF_RECORD */
	const char		*(*enum_name)(unsigned);	/* integer codes with names: JSON
						 * and text show the name */
};

struct wire_schema {
	const char		*name;
	const struct wire_field	*f;
	size_t			 nf;
	size_t			 size;	/* sizeof the record struct */
};

/* Decoder results; wire_strerror() gives the sentence sent back to the peer. */
enum wire_err {
	WIRE_OK = 0,
	WIRE_ETRUNC = -1,	/* input ends inside a field */
	WIRE_ETRAIL = -2,	/* bytes left after the last field */
	WIRE_ERANGE = -3,	/* integer above its field's maximum */
	WIRE_ELONG = -4,	/* string, blob or list longer than its field allows */
	WIRE_EUTF8 = -5,	/* string not valid UTF-8 or has control characters */
	WIRE_ENOMEM = -6
};

void	wire_encode(struct wbuf *, const struct wire_schema *, const void *rec);
/* Decodes one record from the buffer's current position (further data may follow). On
 * error *field names the offending field; rec is left safe to wire_free. */
int	wire_decode(struct rbuf *, const struct wire_schema *, void *rec, const char **field);
/* Decodes a whole byte string as exactly one record. */
int	wire_decode_all(const void *, size_t, const struct wire_schema *, void *rec,
	    const char **field);
void	wire_free(const struct wire_schema *, void *rec);
const char *wire_strerror(int);

#endif
