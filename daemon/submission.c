/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * submission.c — the aanvraag (issue 13): an initiative submitted with its budget lines,
 * co-funding, volunteers and planned period, and the proposer's contact details, which
 * are never published. The application is the signed request's body, so it is in the
 * round's ledger as an initiative-submit event; the contact details are not: a separate
 * organiser-signed contact-set request stores them in their own database, with no ledger
 * event, and only an organiser-signed contact-get reads them back.
 *
 *   applications  u32 initiative -> struct application
 *   contacts      u32 initiative -> struct contact_rec     (never in a bundle or a log)
 *
 * Erasing them for good (issue 14, contact-forget and `contact keep`). LMDB never writes
 * a page in place: a changed or deleted record's old page stays in data.mdb as a free
 * page, bytes and all, until LMDB happens to reuse it — a delete alone would leave the
 * details readable in the file for an unknown time. So the details are never in data.mdb
 * in the clear: each initiative's are sealed (XChaCha20-Poly1305, the initiative number
 * as associated data) under a key of its own, and the keys live outside LMDB in
 * DATADIR/contact.keys (mode 0600, the daemon's user only: the web process, which reads
 * data.mdb, cannot open it), 32 bytes at offset 32 × initiative. Erasing overwrites that
 * slot with zeros in place (pwrite + fdatasync; ext4 and xfs overwrite a file's
 * allocated blocks in place) before the transaction that replaces the sealed record
 * with an erasure record (when, by whom — never the details) commits; the sealed bytes
 * left in free pages can then never be opened again. What this cannot reach: copies of
 * the data directory (backups), and flash storage that remaps blocks underneath the
 * file system — docs/cli.md says so. Records written before this (plain contact
 * details, schema contact) are read as before; erasing one deletes it, but its old page
 * may keep the bytes until reused (the log says so).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <sodium.h>

#include "dorpsstemd.h"

/* ---- the stored record: sealed details, or the note that they were erased ------------- */

#define CONTACT_REC_MAGIC	0xC0DE7AC7u	/* never a plausible initiative number */
#define CONTACT_SEALED		1
#define CONTACT_ERASED		2
#define CONTACT_KEY_BYTES	crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define CONTACT_NONCE_BYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define CONTACT_BY_MAX		300

struct contact_rec {
	uint32_t		 magic;		/* CONTACT_REC_MAGIC */
	uint32_t		 id;
	uint8_t			 state;		/* CONTACT_SEALED or CONTACT_ERASED */
	struct wire_blob	 sealed;	/* nonce || ciphertext+tag; empty when erased */
	int64_t			 erased;	/* unix seconds */
	char			*by;		/* organiser name, or "" for `contact keep` */
};

static const struct wire_field contact_rec_f[] = {
	{ "magic", WF_U32, offsetof(struct contact_rec, magic), 0, NULL, NULL },
	{ "id", WF_U32, offsetof(struct contact_rec, id), 0, NULL, NULL },
	{ "state", WF_U8, offsetof(struct contact_rec, state), 2, NULL, NULL },
	{ "sealed", WF_BLOB, offsetof(struct contact_rec, sealed),
	    CONTACT_NONCE_BYTES + CONTACT_MAX_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES,
	    NULL, NULL },
	{ "erased", WF_I64, offsetof(struct contact_rec, erased), 0, NULL, NULL },
	{ "by", WF_STR, offsetof(struct contact_rec, by), CONTACT_BY_MAX, NULL, NULL },
};
static const struct wire_schema schema_contact_rec = { "contact_rec", contact_rec_f,
	sizeof(contact_rec_f) / sizeof(contact_rec_f[0]), sizeof(struct contact_rec) };

/* ---- the key file --------------------------------------------------------------------- */

static int keys_fd = -1;

static int
keys_open(struct daemon *d)
{
	struct stat	 st;
	char		*path;
	int		 fd;

	if (keys_fd != -1)
		return 0;
	if (asprintf(&path, "%s/contact.keys", d->conf.datadir) == -1)
		return ENOMEM;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return errno;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		log_warnx("%s/contact.keys is not a plain file with one name", d->conf.datadir);
		close(fd);
		return EINVAL;
	}
	if ((st.st_mode & 077) != 0)
		(void)fchmod(fd, 0600);
	keys_fd = fd;
	return 0;
}

/* 0 and the key; MDB_NOTFOUND if the slot is empty (never set, or wiped). */
static int
key_get(struct daemon *d, uint32_t id, uint8_t key[CONTACT_KEY_BYTES])
{
	static const uint8_t	zero[CONTACT_KEY_BYTES];
	ssize_t			n;
	int			rc;

	if ((rc = keys_open(d)) != 0)
		return rc;
	n = pread(keys_fd, key, CONTACT_KEY_BYTES, (off_t)id * CONTACT_KEY_BYTES);
	if (n == -1)
		return errno;
	if (n != CONTACT_KEY_BYTES || sodium_memcmp(key, zero, CONTACT_KEY_BYTES) == 0) {
		sodium_memzero(key, CONTACT_KEY_BYTES);
		return MDB_NOTFOUND;
	}
	return 0;
}

static int
key_write(uint32_t id, const uint8_t key[CONTACT_KEY_BYTES])
{
	if (pwrite(keys_fd, key, CONTACT_KEY_BYTES, (off_t)id * CONTACT_KEY_BYTES) !=
	    CONTACT_KEY_BYTES)
		return errno ? errno : EIO;
	return fdatasync(keys_fd) == -1 ? errno : 0;
}

/* Overwrites the slot with zeros, in place, and waits for the disk. */
static int
key_wipe(struct daemon *d, uint32_t id)
{
	static const uint8_t	zero[CONTACT_KEY_BYTES];
	struct stat		st;
	int			rc;

	if ((rc = keys_open(d)) != 0)
		return rc;
	if (fstat(keys_fd, &st) == -1)
		return errno;
	if (st.st_size < (off_t)id * CONTACT_KEY_BYTES + CONTACT_KEY_BYTES)
		return 0;	/* never written */
	return key_write(id, zero);
}

static void
contact_ad(uint32_t id, uint8_t ad[24])
{
	memcpy(ad, "dorpsstem contact v1", 20);
	be32(ad + 20, id);
}

/* Seals text under the initiative's key (made now if it has none) into rec. */
static int
contact_seal(struct daemon *d, uint32_t id, const char *text, struct contact_rec *rec)
{
	uint8_t			key[CONTACT_KEY_BYTES], ad[24];
	unsigned long long	clen;
	size_t			mlen = strlen(text);
	int			rc;

	memset(rec, 0, sizeof(*rec));
	if ((rc = key_get(d, id, key)) == MDB_NOTFOUND) {
		crypto_aead_xchacha20poly1305_ietf_keygen(key);
		rc = key_write(id, key);
	}
	if (rc != 0) {
		sodium_memzero(key, sizeof(key));
		return rc;
	}
	rec->magic = CONTACT_REC_MAGIC;
	rec->id = id;
	rec->state = CONTACT_SEALED;
	rec->by = "";
	rec->sealed.len = (uint32_t)(CONTACT_NONCE_BYTES + mlen +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES);
	if ((rec->sealed.p = malloc(rec->sealed.len)) == NULL) {
		sodium_memzero(key, sizeof(key));
		return ENOMEM;
	}
	randombytes_buf(rec->sealed.p, CONTACT_NONCE_BYTES);
	contact_ad(id, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(rec->sealed.p + CONTACT_NONCE_BYTES, &clen,
	    (const uint8_t *)text, mlen, ad, sizeof(ad), NULL, rec->sealed.p, key);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* Stores the details of initiative id, sealed. */
static int
contact_store(struct daemon *d, MDB_txn *txn, uint32_t id, const char *text)
{
	struct contact_rec	rec;
	int			rc;

	if ((rc = contact_seal(d, id, text, &rec)) != 0)
		return rc;
	rc = store_put_id(txn, d->store.contacts, id, &schema_contact_rec, &rec);
	free(rec.sealed.p);
	return rc;
}

/* Reads initiative id's record: 0 with rec filled (a record written before sealing
 * comes back as CONTACT_SEALED with its text in *legacy), MDB_NOTFOUND, or an error. */
static int
contact_load(MDB_txn *txn, struct daemon *d, uint32_t id, struct contact_rec *rec,
    char **legacy)
{
	struct contact	ct;
	MDB_val		k, v;
	uint8_t		kb[4];
	int		rc;

	memset(rec, 0, sizeof(*rec));
	*legacy = NULL;
	be32(kb, id);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	if ((rc = mdb_get(txn, d->store.contacts, &k, &v)) != 0)
		return rc;
	if (wire_decode_all(v.mv_data, v.mv_size, &schema_contact_rec, rec, NULL) == 0 &&
	    rec->magic == CONTACT_REC_MAGIC && rec->id == id)
		return 0;
	wire_free(&schema_contact_rec, rec);
	memset(rec, 0, sizeof(*rec));
	memset(&ct, 0, sizeof(ct));
	if (wire_decode_all(v.mv_data, v.mv_size, &schema_contact, &ct, NULL) != 0) {
		log_warnx("corrupt contact record of initiative %u in the store", id);
		return MDB_CORRUPTED;
	}
	rec->magic = CONTACT_REC_MAGIC;
	rec->id = id;
	rec->state = CONTACT_SEALED;
	*legacy = ct.contact;
	return 0;
}

static void
contact_rec_free(struct contact_rec *rec, char *legacy)
{
	if (legacy != NULL) {
		sodium_memzero(legacy, strlen(legacy));
		free(legacy);
	}
	wire_free(&schema_contact_rec, rec);
}

static void
day_string(int64_t t, char out[32])
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 32, "%lld", (long long)t);
}

int
initiative_submit(struct daemon *d, MDB_txn *txn, const struct application *app,
    const struct actor *who, struct done *done, struct verdict *v)
{
	const struct money_line	*l = app->lines.items, *cf = app->cofunding.items;
	struct initiative	 in;
	uint64_t		 sum = 0;
	uint32_t		 i;
	int			 rc;

	if (app->lines.n == 0)
		return verdict_refuse(v, ERRC_INVALID, "lines", "an application needs at least "
		    "one budget line");
	for (i = 0; i < app->lines.n; i++) {
		if (l[i].what[0] == '\0' || l[i].amount == 0)
			return verdict_refuse(v, ERRC_INVALID, "lines", "budget line %u needs a "
			    "description and an amount above zero", i + 1);
		if (l[i].amount > MONEY_MAX_CENTS - sum)
			return verdict_refuse(v, ERRC_INVALID, "lines", "the budget lines add up "
			    "to more than any budget");
		sum += l[i].amount;
	}
	for (i = 0; i < app->cofunding.n; i++)
		if (cf[i].what[0] == '\0' || cf[i].amount == 0)
			return verdict_refuse(v, ERRC_INVALID, "cofunding", "co-funding %u needs "
			    "a source and an amount above zero", i + 1);
	/* The initiative as initiative-add makes it: same checks, same event (whose body
	 * is this application, as signed). Its cost is the sum of the budget lines. */
	memset(&in, 0, sizeof(in));
	in.round = app->round;
	in.title = app->title;
	in.summary = app->summary;
	in.cost = sum;
	in.proposer = app->proposer;
	in.category = app->category;
	if ((rc = initiative_add(d, txn, &in, who, done, v)) != 0)
		return rc;
	return store_put_id(txn, d->store.applications, done->id, &schema_application, app);
}

int
contact_set(struct daemon *d, MDB_txn *txn, const struct contact *req, struct done *done,
    struct verdict *v)
{
	struct initiative	in;
	int			rc;

	if ((rc = store_get_id(txn, d->store.initiatives, req->id, &schema_initiative, &in)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no initiative %u", req->id);
	if (rc != 0)
		return rc;
	wire_free(&schema_initiative, &in);
	if ((rc = contact_store(d, txn, req->id, req->contact)) != 0)
		return rc;
	done->id = req->id;
	done->event = 0;	/* no ledger event: contact details are never published */
	return 0;
}

int
contact_get(struct daemon *d, MDB_txn *txn, uint32_t id, struct contact *out,
    struct verdict *v)
{
	struct contact_rec	 rec;
	uint8_t			 key[CONTACT_KEY_BYTES], ad[24];
	unsigned long long	 mlen;
	char			*legacy, day[32];
	int			 rc;

	memset(out, 0, sizeof(*out));
	out->id = id;
	rc = contact_load(txn, d, id, &rec, &legacy);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "initiative %u has no contact "
		    "details", id);
	if (rc != 0)
		return rc;
	if (legacy != NULL) {
		out->contact = legacy;
		wire_free(&schema_contact_rec, &rec);
		return 0;
	}
	if (rec.state == CONTACT_ERASED) {
		day_string(rec.erased, day);
		if (rec.by[0] == '\0')
			rc = verdict_refuse(v, ERRC_NOTFOUND, "id", "the contact details of "
			    "initiative %u were erased on %s, when their keeping time was over",
			    id, day);
		else
			rc = verdict_refuse(v, ERRC_NOTFOUND, "id", "the contact details of "
			    "initiative %u were erased on %s by organiser \"%s\"", id, day, rec.by);
		wire_free(&schema_contact_rec, &rec);
		return rc;
	}
	if (rec.sealed.len < CONTACT_NONCE_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
		wire_free(&schema_contact_rec, &rec);
		log_warnx("corrupt contact record of initiative %u in the store", id);
		return MDB_CORRUPTED;
	}
	if ((rc = key_get(d, id, key)) != 0 || (out->contact = malloc(rec.sealed.len)) == NULL) {
		wire_free(&schema_contact_rec, &rec);
		sodium_memzero(key, sizeof(key));
		if (rc == MDB_NOTFOUND)	/* wiped, and the crash came before the commit */
			return verdict_refuse(v, ERRC_NOTFOUND, "id", "initiative %u has no "
			    "contact details", id);
		return rc ? rc : ENOMEM;
	}
	contact_ad(id, ad);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((uint8_t *)out->contact, &mlen, NULL,
	    rec.sealed.p + CONTACT_NONCE_BYTES, rec.sealed.len - CONTACT_NONCE_BYTES, ad,
	    sizeof(ad), rec.sealed.p, key) != 0) {
		sodium_memzero(key, sizeof(key));
		wire_free(&schema_contact_rec, &rec);
		free(out->contact);
		out->contact = NULL;
		log_warnx("contact details of initiative %u do not open with their key", id);
		return MDB_CORRUPTED;
	}
	sodium_memzero(key, sizeof(key));
	out->contact[mlen] = '\0';
	wire_free(&schema_contact_rec, &rec);
	return 0;
}

/* Erases initiative id's contact details for good: the key's slot is overwritten first
 * (before the commit; a crash in between leaves sealed bytes no key opens, and a new
 * request finishes the erasure), then the record becomes the note of the erasure. by is
 * the organiser's name, "" when `contact keep` ran out. Everything else is left alone. */
int
contact_forget(struct daemon *d, MDB_txn *txn, uint32_t id, const char *by,
    struct done *done, struct verdict *v)
{
	struct contact_rec	 rec;
	struct initiative	 in;
	char			*legacy, day[32];
	int			 rc;

	if ((rc = store_get_id(txn, d->store.initiatives, id, &schema_initiative, &in)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "there is no initiative %u", id);
	if (rc != 0)
		return rc;
	wire_free(&schema_initiative, &in);
	rc = contact_load(txn, d, id, &rec, &legacy);
	if (rc == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "id", "initiative %u has no contact "
		    "details", id);
	if (rc != 0)
		return rc;
	if (rec.state == CONTACT_ERASED) {
		day_string(rec.erased, day);
		rc = verdict_refuse(v, ERRC_STATE, "id", "the contact details of initiative %u "
		    "were already erased on %s", id, day);
		contact_rec_free(&rec, legacy);
		return rc;
	}
	if (legacy != NULL)
		log_warnx("initiative %u: its contact details were stored before they were "
		    "sealed; the record is replaced, but LMDB may keep the old bytes in a free "
		    "page of data.mdb until it reuses the page", id);
	contact_rec_free(&rec, legacy);
	if ((rc = key_wipe(d, id)) != 0)
		return rc;
	memset(&rec, 0, sizeof(rec));
	rec.magic = CONTACT_REC_MAGIC;
	rec.id = id;
	rec.state = CONTACT_ERASED;
	rec.erased = now_seconds();
	rec.by = (char *)(uintptr_t)(by ? by : "");
	if ((rc = store_put_id(txn, d->store.contacts, id, &schema_contact_rec, &rec)) != 0)
		return rc;
	done->id = id;
	done->event = 0;	/* no ledger event: nothing about the details is published */
	return 0;
}

/* ---- `contact keep DAYS`: erased by themselves when the keeping time is over ----------
 *
 * The privacy page promises the details are kept while the plan runs and no longer:
 * at most `contact keep` days (default 365) after the initiative's round closed (or was
 * cancelled). A pass over the contacts runs at start-up and every hour. */

struct keep_scan {
	struct daemon	*d;
	MDB_txn		*txn;
	int64_t		 now;
	uint32_t	*due;
	size_t		 n, cap;
};

static int
keep_round_over(struct daemon *d, MDB_txn *txn, uint32_t initiative, int64_t now)
{
	struct initiative	in;
	struct round		r;
	int64_t			end;
	int			over = 0;

	if (store_get_id(txn, d->store.initiatives, initiative, &schema_initiative, &in) != 0)
		return 0;
	if (store_get_id(txn, d->store.rounds, in.round, &schema_round, &r) == 0) {
		end = r.closed;
		if (end == 0 && r.state == ROUND_CANCELLED)
			end = r.opened ? r.opened : r.created;
		over = end > 0 && (r.state == ROUND_CLOSED || r.state == ROUND_TALLIED ||
		    r.state == ROUND_CANCELLED) &&
		    now - end >= (int64_t)d->conf.contact_keep * 86400;
		wire_free(&schema_round, &r);
	}
	wire_free(&schema_initiative, &in);
	return over;
}

static int
keep_visit(MDB_txn *txn, struct keep_scan *ks)
{
	MDB_cursor	*cur;
	MDB_val		 k, v;
	uint32_t	*p, id;
	int		 rc;

	if ((rc = mdb_cursor_open(txn, ks->d->store.contacts, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		struct contact_rec rec;

		if (k.mv_size != 4)
			continue;
		id = (uint32_t)((const uint8_t *)k.mv_data)[0] << 24 |
		    (uint32_t)((const uint8_t *)k.mv_data)[1] << 16 |
		    (uint32_t)((const uint8_t *)k.mv_data)[2] << 8 |
		    (uint32_t)((const uint8_t *)k.mv_data)[3];
		memset(&rec, 0, sizeof(rec));
		if (wire_decode_all(v.mv_data, v.mv_size, &schema_contact_rec, &rec, NULL) == 0 &&
		    rec.magic == CONTACT_REC_MAGIC && rec.state == CONTACT_ERASED) {
			wire_free(&schema_contact_rec, &rec);
			continue;
		}
		wire_free(&schema_contact_rec, &rec);
		if (!keep_round_over(ks->d, txn, id, ks->now))
			continue;
		if (ks->n == ks->cap) {
			ks->cap = ks->cap ? ks->cap * 2 : 16;
			if ((p = realloc(ks->due, ks->cap * sizeof(*p))) == NULL) {
				rc = ENOMEM;
				break;
			}
			ks->due = p;
		}
		ks->due[ks->n++] = id;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct keep_one {
	struct daemon	*d;
	uint32_t	 id;
	struct done	 done;
	struct verdict	 v;
};

static int
keep_erase_txn(MDB_txn *txn, void *arg)
{
	struct keep_one *ko = arg;

	memset(&ko->v, 0, sizeof(ko->v));
	return contact_forget(ko->d, txn, ko->id, "", &ko->done, &ko->v);
}

void
contact_keep_pass(struct daemon *d)
{
	struct keep_scan	 ks;
	struct keep_one		 ko;
	MDB_txn			*txn;
	size_t			 i;
	int			 rc;

	memset(&ks, 0, sizeof(ks));
	ks.d = d;
	ks.now = now_seconds();
	if ((rc = store_read(&d->store, &txn)) != 0) {
		log_warnx("contact keep: cannot read the store: %s", store_strerror(rc));
		return;
	}
	rc = keep_visit(txn, &ks);
	mdb_txn_abort(txn);
	if (rc != 0)
		log_warnx("contact keep: cannot read the contacts: %s", store_strerror(rc));
	for (i = 0; i < ks.n; i++) {
		memset(&ko, 0, sizeof(ko));
		ko.d = d;
		ko.id = ks.due[i];
		if ((rc = store_write(&d->store, keep_erase_txn, &ko)) == 0)
			log_info("contact details of initiative %u erased: kept %u days after "
			    "its round closed (contact keep)", ko.id, d->conf.contact_keep);
		else if (rc != -1)
			log_warnx("contact keep: initiative %u: %s", ko.id, store_strerror(rc));
	}
	free(ks.due);
}

static struct event *ev_keep;

static void
on_keep(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	contact_keep_pass(arg);
}

void
contact_keep_start(struct daemon *d)
{
	struct timeval hour = { 3600, 0 };

	contact_keep_pass(d);
	if ((ev_keep = event_new(d->base, -1, EV_PERSIST, on_keep, d)) == NULL ||
	    event_add(ev_keep, &hour) != 0)
		log_warnx("contact keep: cannot start its hourly timer");
}

void
contact_keep_stop(void)
{
	if (ev_keep != NULL) {
		event_free(ev_keep);
		ev_keep = NULL;
	}
}

/* ---- the public submission: a resident's aanvraag from the future web site ------------ */

struct pending_count {
	uint32_t	round, n;
};

static int
pending_one(void *rec, void *arg)
{
	struct initiative	*in = rec;
	struct pending_count	*pc = arg;

	if (in->round == pc->round && in->status == INIT_SUBMITTED)
		pc->n++;
	return 0;
}

/* PUBLIC_SUBMIT: unauthenticated. Makes a submitted initiative in a draft round, no
 * more than PUBLIC_PENDING_MAX pending in the round; the event is the daemon's own
 * (public-submit, signed by the daemon key: it signs only that it received this), whose
 * body is the application without the contact details. Only an organiser's admit or
 * decision can put it on the ballot. Returns the follow-up code, stored as its hash. */
int
public_submit(struct daemon *d, MDB_txn *txn, const struct public_submission *ps,
    struct submitted *out, struct verdict *v)
{
	struct application	 app;
	struct round		 r;
	struct pending_count	 pc;
	struct initiative	 tmp;
	struct actor		 who;
	struct wbuf		 body;
	uint8_t			 raw[10], hash[HASH_BYTES];
	static const char	 alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	size_t			 i, k;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_get_id(txn, d->store.rounds, ps->round, &schema_round, &r)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no round %u",
		    ps->round);
	if (rc != 0)
		return rc;
	rc = r.state;
	wire_free(&schema_round, &r);
	if (rc != ROUND_DRAFT)
		return verdict_refuse(v, ERRC_STATE, "round", "round %u takes no submissions: "
		    "it is no longer in preparation", ps->round);
	pc.round = ps->round;
	pc.n = 0;
	if ((rc = store_each(txn, d->store.initiatives, &schema_initiative, &tmp, pending_one,
	    &pc)) != 0)
		return rc;
	if (pc.n >= PUBLIC_PENDING_MAX)
		return verdict_refuse(v, ERRC_LIMIT, "round", "round %u has %u submissions "
		    "waiting for a decision: try again later", ps->round, pc.n);
	if (ps->contact[0] == '\0')
		return verdict_refuse(v, ERRC_INVALID, "contact", "a submission needs contact "
		    "details");
	memset(&app, 0, sizeof(app));
	app.round = ps->round;
	app.title = ps->title;
	app.summary = ps->summary;
	app.proposer = ps->proposer;
	app.category = ps->category;
	app.lines = ps->lines;
	app.cofunding = ps->cofunding;
	app.volunteers = ps->volunteers;
	app.planned = ps->planned;
	/* The daemon's event: its body the application as it would have been signed. */
	wbuf_init(&body);
	wire_encode(&body, &schema_application, &app);
	memset(&who, 0, sizeof(who));
	who.type = EVENT_PUBLIC_SUBMIT;
	who.body = body.p;
	who.bodylen = body.len;
	rc = initiative_submit(d, txn, &app, &who, &out->done, v);
	wbuf_free(&body);
	if (rc != 0)
		return rc;
	if ((rc = contact_store(d, txn, out->done.id, ps->contact)) != 0)
		return rc;
	/* The follow-up code: 16 symbols of Crockford base32, kept only as its hash. */
	randombytes_buf(raw, sizeof(raw));
	for (i = 0, k = 0; i < 16; i++) {
		unsigned bit = (unsigned)i * 5, byte = bit / 8, sh = bit % 8;
		unsigned w = (unsigned)raw[byte] << 8 | (byte + 1 < sizeof(raw) ? raw[byte + 1] : 0);
		out->code[k++] = alpha[(w >> (11 - sh)) & 31];
		if (i % 4 == 3 && i < 15)
			out->code[k++] = '-';
	}
	out->code[k] = '\0';
	sodium_memzero(raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), (const uint8_t *)out->code, k, NULL, 0);
	return store_put(txn, d->store.followups, hash, sizeof(hash), &schema_ref,
	    &(struct ref){ out->done.id });
}
