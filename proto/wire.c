/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * wire.c — canonical encoding: byte buffers, UTF-8 check, and the schema-driven record
 * codec that every message and stored record goes through (docs/protocol.md §2).
 */
#include <stdlib.h>
#include <string.h>

#include "wire.h"

void
wbuf_init(struct wbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void
wbuf_free(struct wbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void
wbuf_reset(struct wbuf *b)
{
	b->len = 0;
	b->oom = 0;
}

static int
wbuf_grow(struct wbuf *b, size_t n)
{
	size_t	 cap;
	uint8_t	*p;

	if (b->oom)
		return -1;
	if (b->cap - b->len >= n)
		return 0;
	if (n > SIZE_MAX / 2 - b->len) {
		b->oom = 1;
		return -1;
	}
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < n)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
wbuf_raw(struct wbuf *b, const void *p, size_t n)
{
	if (n == 0 || wbuf_grow(b, n) == -1)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
wbuf_u8(struct wbuf *b, uint8_t v)
{
	wbuf_raw(b, &v, 1);
}

void
wbuf_u16(struct wbuf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_raw(b, x, sizeof(x));
}

void
wbuf_u32(struct wbuf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	wbuf_raw(b, x, sizeof(x));
}

void
wbuf_u64(struct wbuf *b, uint64_t v)
{
	wbuf_u32(b, (uint32_t)(v >> 32));
	wbuf_u32(b, (uint32_t)v);
}

void
wbuf_put_u32_at(struct wbuf *b, size_t at, uint32_t v)
{
	if (b->oom || at + 4 > b->len)
		return;
	b->p[at] = (uint8_t)(v >> 24);
	b->p[at + 1] = (uint8_t)(v >> 16);
	b->p[at + 2] = (uint8_t)(v >> 8);
	b->p[at + 3] = (uint8_t)v;
}

void
rbuf_init(struct rbuf *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

size_t
rbuf_left(const struct rbuf *r)
{
	return r->len - r->off;
}

int
rbuf_raw(struct rbuf *r, void *p, size_t n)
{
	if (rbuf_left(r) < n)
		return WIRE_ETRUNC;
	if (n > 0)
		memcpy(p, r->p + r->off, n);
	r->off += n;
	return 0;
}

int
rbuf_u8(struct rbuf *r, uint8_t *v)
{
	return rbuf_raw(r, v, 1);
}

int
rbuf_u16(struct rbuf *r, uint16_t *v)
{
	uint8_t x[2];

	if (rbuf_raw(r, x, 2) != 0)
		return WIRE_ETRUNC;
	*v = (uint16_t)(x[0] << 8 | x[1]);
	return 0;
}

int
rbuf_u32(struct rbuf *r, uint32_t *v)
{
	uint8_t x[4];

	if (rbuf_raw(r, x, 4) != 0)
		return WIRE_ETRUNC;
	*v = (uint32_t)x[0] << 24 | (uint32_t)x[1] << 16 | (uint32_t)x[2] << 8 | x[3];
	return 0;
}

int
rbuf_u64(struct rbuf *r, uint64_t *v)
{
	uint32_t hi, lo;

	if (rbuf_u32(r, &hi) != 0 || rbuf_u32(r, &lo) != 0)
		return WIRE_ETRUNC;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	uint32_t		 c, min;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; c &= 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; c &= 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; c &= 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c <= 0x9f))
			return 0;
		i += n + 1;
	}
	return 1;
}

typedef char *strp;

#define FIELD(rec, f, T)	((T *)(void *)((char *)(rec) + (f)->off))
#define CFIELD(rec, f, T)	((const T *)(const void *)((const char *)(rec) + (f)->off))

void
wire_encode(struct wbuf *b, const struct wire_schema *s, const void *rec)
{
	const struct wire_field	*f;
	const struct wire_list	*l;
	const struct wire_blob	*bl;
	const char		*str;
	size_t			 i, len;
	uint32_t		 k;

	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		switch (f->type) {
		case WF_U8:
			wbuf_u8(b, *CFIELD(rec, f, uint8_t));
			break;
		case WF_U16:
			wbuf_u16(b, *CFIELD(rec, f, uint16_t));
			break;
		case WF_U32:
			wbuf_u32(b, *CFIELD(rec, f, uint32_t));
			break;
		case WF_U64:
			wbuf_u64(b, *CFIELD(rec, f, uint64_t));
			break;
		case WF_I64:
			wbuf_u64(b, (uint64_t)*CFIELD(rec, f, int64_t));
			break;
		case WF_STR:
			str = *CFIELD(rec, f, strp);
			len = str ? strlen(str) : 0;
			if (len > 0xffff)
				len = 0xffff;	/* callers validate lengths; never overrun the prefix */
			wbuf_u16(b, (uint16_t)len);
			wbuf_raw(b, str, len);
			break;
		case WF_B16:
			wbuf_raw(b, CFIELD(rec, f, uint8_t), 16);
			break;
		case WF_B32:
			wbuf_raw(b, CFIELD(rec, f, uint8_t), 32);
			break;
		case WF_B64:
			wbuf_raw(b, CFIELD(rec, f, uint8_t), 64);
			break;
		case WF_BLOB:
			bl = CFIELD(rec, f, struct wire_blob);
			wbuf_u32(b, bl->len);
			wbuf_raw(b, bl->p, bl->len);
			break;
		case WF_RECORD:
			wire_encode(b, f->elem, (const char *)rec + f->off);
			break;
		case WF_LIST:
			l = CFIELD(rec, f, struct wire_list);
			wbuf_u32(b, l->n);
			for (k = 0; k < l->n; k++)
				wire_encode(b, f->elem,
				    (const char *)l->items + (size_t)k * f->elem->size);
			break;
		}
	}
}

static int
check_max(const struct wire_field *f, uint64_t v)
{
	return (f->max != 0 && v > f->max) ? WIRE_ERANGE : 0;
}

static int	decode_fields(struct rbuf *, const struct wire_schema *, void *,
		    const char **);

int
wire_decode(struct rbuf *r, const struct wire_schema *s, void *rec, const char **field)
{
	int rc;

	memset(rec, 0, s->size);
	if ((rc = decode_fields(r, s, rec, field)) == 0 && field)
		*field = NULL;
	if (rc != 0)
		wire_free(s, rec);
	return rc;
}

/* Decodes s's fields into rec, which the caller zeroed. An embedded record (WF_RECORD)
 * decodes into the same memory without zeroing it again: it may share the struct with
 * fields decoded before it (round-set is a round id followed by round-create). */
static int
decode_fields(struct rbuf *r, const struct wire_schema *s, void *rec, const char **field)
{
	const struct wire_field	*f;
	struct wire_list	*l;
	struct wire_blob	*bl;
	char			*str;
	size_t			 i;
	uint64_t		 u64;
	uint32_t		 u32, k;
	uint16_t		 u16;
	uint8_t			 u8;
	int			 rc = 0;

	for (i = 0; i < s->nf && rc == 0; i++) {
		f = &s->f[i];
		if (field)
			*field = f->name;
		switch (f->type) {
		case WF_U8:
			if ((rc = rbuf_u8(r, &u8)) == 0 && (rc = check_max(f, u8)) == 0)
				*FIELD(rec, f, uint8_t) = u8;
			break;
		case WF_U16:
			if ((rc = rbuf_u16(r, &u16)) == 0 && (rc = check_max(f, u16)) == 0)
				*FIELD(rec, f, uint16_t) = u16;
			break;
		case WF_U32:
			if ((rc = rbuf_u32(r, &u32)) == 0 && (rc = check_max(f, u32)) == 0)
				*FIELD(rec, f, uint32_t) = u32;
			break;
		case WF_U64:
			if ((rc = rbuf_u64(r, &u64)) == 0 && (rc = check_max(f, u64)) == 0)
				*FIELD(rec, f, uint64_t) = u64;
			break;
		case WF_I64:
			if ((rc = rbuf_u64(r, &u64)) == 0)
				*FIELD(rec, f, int64_t) = (int64_t)u64;
			break;
		case WF_STR:
			if ((rc = rbuf_u16(r, &u16)) != 0)
				break;
			if (f->max && u16 > f->max) {
				rc = WIRE_ELONG;
				break;
			}
			if (rbuf_left(r) < u16) {
				rc = WIRE_ETRUNC;
				break;
			}
			if (!utf8_valid((const char *)r->p + r->off, u16)) {
				rc = WIRE_EUTF8;
				break;
			}
			if ((str = malloc((size_t)u16 + 1)) == NULL) {
				rc = WIRE_ENOMEM;
				break;
			}
			(void)rbuf_raw(r, str, u16);
			str[u16] = '\0';
			*FIELD(rec, f, char *) = str;
			break;
		case WF_B16:
			rc = rbuf_raw(r, FIELD(rec, f, uint8_t), 16);
			break;
		case WF_B32:
			rc = rbuf_raw(r, FIELD(rec, f, uint8_t), 32);
			break;
		case WF_B64:
			rc = rbuf_raw(r, FIELD(rec, f, uint8_t), 64);
			break;
		case WF_BLOB:
			bl = FIELD(rec, f, struct wire_blob);
			if ((rc = rbuf_u32(r, &u32)) != 0)
				break;
			if (f->max && u32 > f->max) {
				rc = WIRE_ELONG;
				break;
			}
			if (rbuf_left(r) < u32) {
				rc = WIRE_ETRUNC;
				break;
			}
			if ((bl->p = malloc(u32 ? u32 : 1)) == NULL) {
				rc = WIRE_ENOMEM;
				break;
			}
			(void)rbuf_raw(r, bl->p, u32);
			bl->len = u32;
			break;
		case WF_RECORD:
			rc = decode_fields(r, f->elem, (char *)rec + f->off, field);
			break;
		case WF_LIST:
			l = FIELD(rec, f, struct wire_list);
			if ((rc = rbuf_u32(r, &u32)) != 0)
				break;
			if (f->max && u32 > f->max) {
				rc = WIRE_ELONG;
				break;
			}
			/* Each element takes at least one byte: refuse counts the input cannot hold
			 * before allocating for them. */
			if (u32 > rbuf_left(r)) {
				rc = WIRE_ETRUNC;
				break;
			}
			if (u32 == 0)
				break;
			if ((l->items = calloc(u32, f->elem->size)) == NULL) {
				rc = WIRE_ENOMEM;
				break;
			}
			for (k = 0; k < u32 && rc == 0; k++) {
				l->n = k + 1;
				rc = wire_decode(r, f->elem,
				    (char *)l->items + (size_t)k * f->elem->size, field);
			}
			break;
		}
	}
	return rc;
}

int
wire_decode_all(const void *p, size_t len, const struct wire_schema *s, void *rec,
    const char **field)
{
	struct rbuf	r;
	int		rc;

	rbuf_init(&r, p, len);
	if ((rc = wire_decode(&r, s, rec, field)) != 0)
		return rc;
	if (rbuf_left(&r) != 0) {
		wire_free(s, rec);
		if (field)
			*field = NULL;
		return WIRE_ETRAIL;
	}
	return 0;
}

void
wire_free(const struct wire_schema *s, void *rec)
{
	const struct wire_field	*f;
	struct wire_list	*l;
	struct wire_blob	*bl;
	size_t			 i;
	uint32_t		 k;

	if (rec == NULL)
		return;
	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		switch (f->type) {
		case WF_STR:
			free(*FIELD(rec, f, char *));
			*FIELD(rec, f, char *) = NULL;
			break;
		case WF_BLOB:
			bl = FIELD(rec, f, struct wire_blob);
			free(bl->p);
			bl->p = NULL;
			bl->len = 0;
			break;
		case WF_RECORD:
			wire_free(f->elem, (char *)rec + f->off);
			break;
		case WF_LIST:
			l = FIELD(rec, f, struct wire_list);
			for (k = 0; k < l->n; k++)
				wire_free(f->elem, (char *)l->items + (size_t)k * f->elem->size);
			free(l->items);
			l->items = NULL;
			l->n = 0;
			break;
		default:
			break;
		}
	}
}

const char *
wire_strerror(int rc)
{
	switch (rc) {
	case WIRE_OK:
		return "no error";
	case WIRE_ETRUNC:
		return "message ends inside a field";
	case WIRE_ETRAIL:
		return "unexpected bytes after the last field";
	case WIRE_ERANGE:
		return "number out of range";
	case WIRE_ELONG:
		return "field too long";
	case WIRE_EUTF8:
		return "text is not valid UTF-8 or contains control characters";
	case WIRE_ENOMEM:
		return "out of memory";
	}
	return "unknown decoding error";
}
