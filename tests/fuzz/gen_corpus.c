/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * gen_corpus.c — writes the seed corpora of fuzz_frame and fuzz_record with the real
 * encoder. Not built by the Makefile; build and run by hand from the top of the tree:
 *
 *   cc -std=c11 -D_GNU_SOURCE -Iproto -o /tmp/gen_corpus tests/fuzz/gen_corpus.c \
 *       proto/wire.c proto/msg.c proto/frame.c -lsodium
 *   /tmp/gen_corpus tests/fuzz/corpus
 *
 * Files are named after what they hold, so a rerun overwrites rather than adds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "frame.h"
#include "msg.h"
#include "wire.h"

/* Same order as the table in fuzz_record.c: the first byte of a record input picks it. */
static const struct {
	const char			*name;
	const struct wire_schema	*s;
} schemas[] = {
	{ "hello", &schema_hello }, { "welcome", &schema_welcome },
	{ "status", &schema_status }, { "ref", &schema_ref }, { "done", &schema_done },
	{ "error", &schema_error }, { "village", &schema_village },
	{ "village_add", &schema_village_add }, { "round", &schema_round },
	{ "round_create", &schema_round_create }, { "round_filter", &schema_round_filter },
	{ "initiative", &schema_initiative }, { "initiative_add", &schema_initiative_add },
	{ "initiative_reject", &schema_initiative_reject },
	{ "village_list", &schema_village_list }, { "round_list", &schema_round_list },
	{ "initiative_list", &schema_initiative_list }, { "round_info", &schema_round_info },
	{ "event", &schema_event }, { "empty", &schema_empty },
};
#define NSCHEMAS	(sizeof(schemas) / sizeof(schemas[0]))

static const char *texts[] = {
	"Kantens", "Oma's Soep \xe2\x80\x94 \xc3\xa9\xc3\xa9n pan", "greedy", "",
	"Speeltuin \xe2\x82\xac 1.250,50 \xf0\x9f\x9b\x9d",
};

static const char *outdir;

static void
put(const char *kind, const char *name, const struct wbuf *b)
{
	char	 path[4096];
	FILE	*f;

	if (b->oom) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", outdir, kind, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    (b->len > 0 && fwrite(b->p, 1, b->len, f) != b->len) || fclose(f) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void *
fld(void *rec, const struct wire_field *f)
{
	return (char *)rec + f->off;
}

/* Plausible values: small ids, enumerations inside their range, texts from the list. */
static void
fill(const struct wire_schema *s, void *rec, unsigned seed, int depth)
{
	const struct wire_field	*f;
	struct wire_list	*l;
	struct wire_blob	*bl;
	size_t			 i, k;
	uint64_t		 v;

	memset(rec, 0, s->size);
	for (i = 0; i < s->nf; i++) {
		f = &s->f[i];
		v = seed + i;
		if (f->max && v > f->max)
			v = f->max;
		switch (f->type) {
		case WF_U8:
			*(uint8_t *)fld(rec, f) = (uint8_t)v;
			break;
		case WF_U16:
			*(uint16_t *)fld(rec, f) = (uint16_t)v;
			break;
		case WF_U32:
			*(uint32_t *)fld(rec, f) = (uint32_t)v;
			break;
		case WF_U64:
			*(uint64_t *)fld(rec, f) = v * 125050;
			break;
		case WF_I64:
			*(int64_t *)fld(rec, f) = (int64_t)1746000000 + (int64_t)v;
			break;
		case WF_STR:
			*(char **)fld(rec, f) = strdup(texts[(seed + i) % 5]);
			break;
		case WF_B16:
			memset(fld(rec, f), (int)(seed + i), 16);
			break;
		case WF_B32:
			memset(fld(rec, f), (int)(seed + i), 32);
			break;
		case WF_B64:
			memset(fld(rec, f), 0xa5, 64);
			break;
		case WF_BLOB:
			bl = fld(rec, f);
			bl->len = 4;
			bl->p = malloc(4);
			memcpy(bl->p, "\0\0\0\1", 4);
			break;
		case WF_LIST:
			l = fld(rec, f);
			l->n = depth < 2 ? 2 : 0;
			l->items = calloc(2, f->elem->size);
			for (k = 0; k < l->n; k++)
				fill(f->elem, (char *)l->items + k * f->elem->size,
				    seed + (unsigned)k, depth + 1);
			break;
		case WF_RECORD:
			fill(f->elem, fld(rec, f), seed, depth);
			break;
		}
	}
}

int
main(int argc, char **argv)
{
	static const uint16_t	 types[] = {
		MSG_HELLO, MSG_STATUS, MSG_VILLAGE_LIST, MSG_ROUND_LIST, MSG_ROUND_SHOW,
		MSG_INITIATIVE_LIST, MSG_VILLAGE_ADD, MSG_ROUND_CREATE, MSG_ROUND_OPEN,
		MSG_INITIATIVE_ADD, MSG_INITIATIVE_REJECT, MSG_WELCOME, MSG_STATUS_REPLY,
		MSG_DONE, MSG_VILLAGES, MSG_ROUND_INFO, MSG_ERROR,
	};
	const struct msg_desc	*d;
	struct wbuf		 b, stream;
	uint8_t			 pk[KEY_BYTES], sk[64], seed[32], dk[KEY_BYTES];
	void			*rec;
	size_t			 i;
	char			 name[128];

	if (argc != 2 || sodium_init() < 0) {
		fprintf(stderr, "usage: gen_corpus DIR (holding frame/ and record/)\n");
		return 1;
	}
	outdir = argv[1];
	memset(seed, 0x01, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memset(dk, 0x02, sizeof(dk));

	/* record/: one sample per schema, prefixed with its index. */
	for (i = 0; i < NSCHEMAS; i++) {
		rec = calloc(1, schemas[i].s->size);
		fill(schemas[i].s, rec, (unsigned)i, 0);
		wbuf_init(&b);
		wbuf_u8(&b, (uint8_t)i);
		wire_encode(&b, schemas[i].s, rec);
		snprintf(name, sizeof(name), "%02zu-%s", i, schemas[i].name);
		put("record", name, &b);
		wire_free(schemas[i].s, rec);
		free(rec);
		wbuf_free(&b);
	}

	/* frame/: one frame per message type (signed requests signed), then a stream of all
	 * of them as a session would send them. */
	wbuf_init(&stream);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		d = msg_lookup(types[i]);
		rec = calloc(1, d->schema->size);
		fill(d->schema, rec, (unsigned)i, 1);
		wbuf_init(&b);
		if (d->flags & MSGF_SIGNED)
			frame_put_signed(&b, d->type, (uint32_t)i + 1, d->schema, rec, dk, sk,
			    1700000000000000ULL + i);
		else
			frame_put(&b, d->type, (uint32_t)i + 1, d->schema, rec);
		snprintf(name, sizeof(name), "%04x-%s", d->type, d->name);
		put("frame", name, &b);
		wbuf_raw(&stream, b.p, b.len);
		wire_free(d->schema, rec);
		free(rec);
		wbuf_free(&b);
	}
	put("frame", "session", &stream);
	wbuf_free(&stream);
	sodium_memzero(sk, sizeof(sk));
	return 0;
}
