/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json.c — the schema-driven JSON writer (rules in json.h). It walks the same schemas as
 * the wire codec, so a new field shows up in JSON without touching this file.
 */
#include <inttypes.h>
#include <stdio.h>

#include "json.h"

void
json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	putc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			/* Decoded strings never hold control characters; local ones might. */
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}

void
json_hex(FILE *f, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	putc('"', f);
	for (i = 0; i < n; i++) {
		putc(d[p[i] >> 4], f);
		putc(d[p[i] & 15], f);
	}
	putc('"', f);
}

typedef char *strp;

#define CFIELD(rec, f, T)	((const T *)(const void *)((const char *)(rec) + (f)->off))

/* The fields of rec as "key":value pairs; an embedded record's fields come in place. */
static void
json_fields(FILE *out, const struct wire_schema *s, const void *rec, int *first)
{
	const struct wire_field	*f;
	const struct wire_list	*l;
	const struct wire_blob	*b;
	size_t			 i;
	uint32_t		 k;

	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		if (f->type == WF_RECORD) {
			json_fields(out, f->elem, (const char *)rec + f->off, first);
			continue;
		}
		if (!*first)
			putc(',', out);
		*first = 0;
		json_string(out, f->name);
		putc(':', out);
		switch (f->type) {
		case WF_U8:
			if (f->enum_name)
				json_string(out, f->enum_name(*CFIELD(rec, f, uint8_t)));
			else
				fprintf(out, "%u", (unsigned)*CFIELD(rec, f, uint8_t));
			break;
		case WF_U16:
			fprintf(out, "%u", (unsigned)*CFIELD(rec, f, uint16_t));
			break;
		case WF_U32:
			fprintf(out, "%" PRIu32, *CFIELD(rec, f, uint32_t));
			break;
		case WF_U64:
			fprintf(out, "%" PRIu64, *CFIELD(rec, f, uint64_t));
			break;
		case WF_I64:
			fprintf(out, "%" PRId64, *CFIELD(rec, f, int64_t));
			break;
		case WF_STR:
			json_string(out, *CFIELD(rec, f, strp));
			break;
		case WF_B16:
			json_hex(out, CFIELD(rec, f, uint8_t), 16);
			break;
		case WF_B32:
			json_hex(out, CFIELD(rec, f, uint8_t), 32);
			break;
		case WF_B64:
			json_hex(out, CFIELD(rec, f, uint8_t), 64);
			break;
		case WF_BLOB:
			b = CFIELD(rec, f, struct wire_blob);
			json_hex(out, b->p, b->len);
			break;
		case WF_LIST:
			l = CFIELD(rec, f, struct wire_list);
			putc('[', out);
			for (k = 0; k < l->n; k++) {
				if (k > 0)
					putc(',', out);
				json_record(out, f->elem,
				    (const char *)l->items + (size_t)k * f->elem->size);
			}
			putc(']', out);
			break;
		case WF_RECORD:
			break;	/* handled above */
		}
	}
}

void
json_record(FILE *out, const struct wire_schema *s, const void *rec)
{
	int first = 1;

	putc('{', out);
	json_fields(out, s, rec, &first);
	putc('}', out);
}
