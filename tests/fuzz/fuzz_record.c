/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_record.c — libFuzzer target for the canonical decoders: the first byte picks a
 * schema, the rest is decoded as exactly one record of it. Whatever decodes must encode
 * back to the same bytes (one encoding per value, docs/protocol.md §2), else abort().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "wire.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct wire_schema *const schemas[] = {
	&schema_hello, &schema_welcome, &schema_status, &schema_ref, &schema_done,
	&schema_error, &schema_village, &schema_village_add, &schema_round,
	&schema_round_create, &schema_round_filter, &schema_initiative,
	&schema_initiative_add, &schema_initiative_reject, &schema_village_list,
	&schema_round_list, &schema_initiative_list, &schema_round_info, &schema_event,
	&schema_empty,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wire_schema	*s;
	struct wbuf			 b;
	struct rbuf			 r;
	const char			*field;
	size_t				 len;
	void				*rec;
	int				 rc;

	if (size < 1)
		return 0;
	s = schemas[data[0] % (sizeof(schemas) / sizeof(schemas[0]))];
	if ((rec = malloc(s->size)) == NULL)
		return 0;
	rc = wire_decode_all(data + 1, size - 1, s, rec, &field);
	if (rc == 0 && field != NULL)
		abort();
	if (rc != 0 && rc != WIRE_ETRAIL && rc != WIRE_ENOMEM && field == NULL)
		abort();	/* a decoding error names the field */
	if (rc == WIRE_ETRAIL) {
		/* A record followed by more bytes: decode just the record. */
		rbuf_init(&r, data + 1, size - 1);
		if (wire_decode(&r, s, rec, NULL) != 0 || rbuf_left(&r) == 0)
			abort();
		len = r.off;
	} else if (rc == 0)
		len = size - 1;
	else {
		free(rec);
		return 0;
	}
	wbuf_init(&b);
	wire_encode(&b, s, rec);
	if (!b.oom && (b.len != len || (len > 0 && memcmp(b.p, data + 1, len) != 0)))
		abort();	/* not canonical: two encodings for one value */
	wbuf_free(&b);
	wire_free(s, rec);
	free(rec);
	return 0;
}
