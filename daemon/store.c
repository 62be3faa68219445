/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * store.c — the LMDB environment. One environment in the data directory; named databases
 * (keys big-endian so they sort by id; values are the canonical encodings of proto/msg.h):
 *
 *   meta         "schema" -> u32 version; "seq/<name>" -> u32 last id handed out
 *   villages     u32 id -> struct village
 *   rounds       u32 id -> struct round
 *   initiatives  u32 id -> struct initiative
 *   events       u32 round || u64 seq -> struct event     (round 0: daemon-wide ledger)
 *   heads        u32 round -> u64 seq || hash[32]         (last event of each ledger)
 *   organisers   key[32] -> u64 last request counter      (replay protection)
 *   credentials  u32 round || key[32] -> struct credential (registered / used / revoked)
 *   kiosks       u32 id -> struct kiosk;   kiosk_keys  key[32] -> u32 id
 *   ballots      u32 round || hash[32] -> struct ballot   (hash order: no arrival order)
 *   counts       u32 round -> u32 registered, used, revoked || u64 ballots
 *   turnout      u32 round || u32 kiosk -> u64 ballots taken by that kiosk
 *   results      u32 round -> struct result                (once tallied)
 *   conditions   u32 village || u32 version -> struct conditions (conditions.c)
 *   applications u32 initiative -> struct application        (submission.c)
 *   contacts     u32 initiative -> struct contact (private: no ledger, no bundle)
 *
 * Commits are durable (no MDB_NOSYNC): a reply is only sent after mdb_txn_commit returned.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dorpsstemd.h"

#define MAXDBS	24

void
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
be64(uint8_t *p, uint64_t v)
{
	be32(p, (uint32_t)(v >> 32));
	be32(p + 4, (uint32_t)v);
}

const char *
store_strerror(int rc)
{
	if (rc == MDB_MAP_FULL)
		return "the database is full";
	if (rc == ENOSPC)
		return "the disk is full";
	return mdb_strerror(rc);
}

static int
store_dbs(struct store *s)
{
	static const struct { const char *name; size_t off; } dbs[] = {
		{ "meta", offsetof(struct store, meta) },
		{ "villages", offsetof(struct store, villages) },
		{ "rounds", offsetof(struct store, rounds) },
		{ "initiatives", offsetof(struct store, initiatives) },
		{ "events", offsetof(struct store, events) },
		{ "heads", offsetof(struct store, heads) },
		{ "organisers", offsetof(struct store, organisers) },
		{ "credentials", offsetof(struct store, credentials) },
		{ "kiosks", offsetof(struct store, kiosks) },
		{ "kiosk_keys", offsetof(struct store, kiosk_keys) },
		{ "ballots", offsetof(struct store, ballots) },
		{ "counts", offsetof(struct store, counts) },
		{ "turnout", offsetof(struct store, turnout) },
		{ "results", offsetof(struct store, results) },
		{ "conditions", offsetof(struct store, conditions) },
		{ "applications", offsetof(struct store, applications) },
		{ "contacts", offsetof(struct store, contacts) },
		{ "followups", offsetof(struct store, followups) },
	};
	MDB_txn		*txn;
	MDB_val		 k, v;
	uint8_t		 ver[4];
	size_t		 i;
	int		 rc;

	if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0)
		return rc;
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++)
		if ((rc = mdb_dbi_open(txn, dbs[i].name, MDB_CREATE,
		    (MDB_dbi *)(void *)((char *)s + dbs[i].off))) != 0)
			goto fail;
	k.mv_data = "schema";
	k.mv_size = 6;
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == MDB_NOTFOUND) {
		be32(ver, STORE_SCHEMA_VERSION);
		v.mv_data = ver;
		v.mv_size = 4;
		if ((rc = mdb_put(txn, s->meta, &k, &v, 0)) != 0)
			goto fail;
	} else if (rc != 0)
		goto fail;
	else if (v.mv_size != 4 || memcmp(v.mv_data, "\0\0\0", 3) != 0 ||
	    ((uint8_t *)v.mv_data)[3] != STORE_SCHEMA_VERSION) {
		log_warnx("%s: store schema version is not %d; refusing to touch it",
		    s->dir, STORE_SCHEMA_VERSION);
		rc = MDB_INCOMPATIBLE;
		goto fail;
	}
	return mdb_txn_commit(txn);
fail:
	mdb_txn_abort(txn);
	return rc;
}

int
store_open(struct store *s, const char *dir, uint64_t mapsize)
{
	MDB_envinfo	info;
	int		rc, dead = 0;

	memset(s, 0, sizeof(*s));
	if ((s->dir = strdup(dir)) == NULL)
		return ENOMEM;
	if ((rc = mdb_env_create(&s->env)) != 0)
		goto fail;
	if ((rc = mdb_env_set_maxdbs(s->env, MAXDBS)) != 0 ||
	    (rc = mdb_env_set_mapsize(s->env, (size_t)mapsize)) != 0 ||
	    (rc = mdb_env_set_maxreaders(s->env, 126)) != 0)
		goto fail;
	/* MDB_NOTLS: read transactions are not tied to threads. Sync stays on: durability. */
	if ((rc = mdb_env_open(s->env, dir, MDB_NOTLS, 0600)) != 0)
		goto fail;
	/* A crashed earlier process may have left reader slots behind. */
	if ((rc = mdb_reader_check(s->env, &dead)) != 0)
		goto fail;
	if (dead)
		log_info("cleared %d stale reader slot(s)", dead);
	/* Another process may have grown the map: adopt the larger of the two sizes. */
	if ((rc = mdb_env_info(s->env, &info)) != 0)
		goto fail;
	s->mapsize = info.me_mapsize > mapsize ? info.me_mapsize : mapsize;
	if ((rc = store_dbs(s)) != 0)
		goto fail;
	return 0;
fail:
	store_close(s);
	return rc;
}

void
store_close(struct store *s)
{
	if (s->env)
		mdb_env_close(s->env);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

/* Doubles the map; only legal with no transaction open in this process: the loop thread
 * calls it with no read transaction of its own open and the ballot writer idle. */
int
store_grow(struct store *s)
{
	uint64_t	next = s->mapsize * 2;
	int		rc;

	if ((rc = mdb_env_set_mapsize(s->env, (size_t)next)) != 0)
		return rc;
	log_info("database map grown to %llu MiB", (unsigned long long)(next >> 20));
	s->mapsize = next;
	return 0;
}

void
store_set_before_write(struct store *s, void (*fn)(void *), void *arg)
{
	s->before_write = fn;
	s->before_arg = arg;
}

/* Grows ahead of time when the map is over 3/4 used, so a big batch rarely hits the end. */
void
store_prepare(struct store *s)
{
	MDB_envinfo	info;
	MDB_stat	st;

	if (mdb_env_info(s->env, &info) != 0 || mdb_env_stat(s->env, &st) != 0)
		return;
	if ((uint64_t)(info.me_last_pgno + 1) * st.ms_psize > s->mapsize / 4 * 3)
		(void)store_grow(s);
}

int
store_write(struct store *s, int (*fn)(MDB_txn *, void *), void *arg)
{
	MDB_txn	*txn;
	int	 rc, attempt;

	if (s->before_write)
		s->before_write(s->before_arg);
	store_prepare(s);
	for (attempt = 0; attempt < 8; attempt++) {
		if ((rc = mdb_txn_begin(s->env, NULL, 0, &txn)) != 0) {
			if (rc == MDB_MAP_RESIZED &&
			    (rc = mdb_env_set_mapsize(s->env, 0)) == 0)
				continue;
			return rc;
		}
		rc = fn(txn, arg);
		if (rc == 0)
			rc = mdb_txn_commit(txn);
		else
			mdb_txn_abort(txn);
		if (rc != MDB_MAP_FULL)
			return rc;
		if ((rc = store_grow(s)) != 0)
			return rc;
	}
	return MDB_MAP_FULL;
}

int
store_read(struct store *s, MDB_txn **txn)
{
	return mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
}

int
store_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    const struct wire_schema *schema, void *rec)
{
	MDB_val	k = { klen, (void *)(uintptr_t)key }, v;
	int	rc;

	if ((rc = mdb_get(txn, dbi, &k, &v)) != 0)
		return rc;
	/* The value is only valid inside the transaction: decoding copies it out. */
	if (wire_decode_all(v.mv_data, v.mv_size, schema, rec, NULL) != 0) {
		log_warnx("corrupt %s record in the store", schema->name);
		return MDB_CORRUPTED;
	}
	return 0;
}

int
store_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    const struct wire_schema *schema, const void *rec)
{
	struct wbuf	b;
	MDB_val		k = { klen, (void *)(uintptr_t)key }, v;
	int		rc;

	wbuf_init(&b);
	wire_encode(&b, schema, rec);
	if (b.oom) {
		wbuf_free(&b);
		return ENOMEM;
	}
	v.mv_size = b.len;
	v.mv_data = b.p;
	rc = mdb_put(txn, dbi, &k, &v, 0);
	wbuf_free(&b);
	return rc;
}

int
store_get_id(MDB_txn *txn, MDB_dbi dbi, uint32_t id, const struct wire_schema *schema, void *rec)
{
	uint8_t k[4];

	be32(k, id);
	return store_get(txn, dbi, k, sizeof(k), schema, rec);
}

int
store_put_id(MDB_txn *txn, MDB_dbi dbi, uint32_t id, const struct wire_schema *schema,
    const void *rec)
{
	uint8_t k[4];

	be32(k, id);
	return store_put(txn, dbi, k, sizeof(k), schema, rec);
}

int
store_next_id(MDB_txn *txn, struct store *s, const char *sequence, uint32_t *id)
{
	char		name[64];
	uint8_t		buf[4];
	MDB_val		k, v;
	uint32_t	last = 0;
	int		rc;

	snprintf(name, sizeof(name), "seq/%s", sequence);
	k.mv_data = name;
	k.mv_size = strlen(name);
	rc = mdb_get(txn, s->meta, &k, &v);
	if (rc == 0 && v.mv_size == 4) {
		const uint8_t *p = v.mv_data;
		last = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	} else if (rc != 0 && rc != MDB_NOTFOUND)
		return rc;
	if (last == UINT32_MAX)
		return MDB_MAP_FULL;
	*id = last + 1;
	be32(buf, *id);
	v.mv_data = buf;
	v.mv_size = 4;
	return mdb_put(txn, s->meta, &k, &v, 0);
}

int
store_each(MDB_txn *txn, MDB_dbi dbi, const struct wire_schema *schema, void *rec,
    int (*fn)(void *, void *), void *arg)
{
	MDB_cursor	*c;
	MDB_val		 k, v;
	int		 rc, stop = 0;

	if ((rc = mdb_cursor_open(txn, dbi, &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && !stop;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (wire_decode_all(v.mv_data, v.mv_size, schema, rec, NULL) != 0) {
			log_warnx("corrupt %s record in the store", schema->name);
			rc = MDB_CORRUPTED;
			break;
		}
		stop = fn(rec, arg);
		wire_free(schema, rec);
	}
	mdb_cursor_close(c);
	if (stop)
		return stop;
	return rc == MDB_NOTFOUND ? 0 : rc;
}
