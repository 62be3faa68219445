/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * spending.c — toekenning en verantwoording (issue 13; docs/audit.md §11). After a
 * round's result every funded initiative is granted its cost (the result statement says
 * so: no grant event). Organiser-signed events in the round's ledger then record the due
 * date, payments, accounting lines, overspend decisions and the close. Before appending
 * one, the daemon folds the round's ledger into the books (proto/spending.c, the same
 * code `audit verify` runs) and tries the request on them: what the books refuse, the
 * daemon refuses.
 *
 * Documents (receipts, invoices) come in their own signed DOCUMENT_PUT request, at most
 * DOCUMENT_MAX_BYTES, and are kept as DATADIR/documents/<SHA-256 hex>, mode 0600; an
 * accounting line names a document by that hash and is refused unless the daemon has it.
 * Documents are not in the ledger or the bundle (they may name people): the bundle
 * carries their hashes, and whoever is shown a document can check it against them.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit_daemon.h"
#include "dorpsstemd.h"
#include "key.h"
#include "spending.h"

/* The fields the books name in their refusals ("field amount: …"). */
static const char *const names[] = { "amount", "date", "initiative", "line", "what",
    "reason", "paid", "spent", "returned", "summary", "round", "body", "type" };

static int
refuse_why(struct verdict *v, int code, const char *why)
{
	char		 field[32];
	const char	*p = why, *c;
	size_t		 k;

	/* "field amount: …" from the books: the field goes into the verdict. */
	if (strncmp(p, "field ", 6) == 0 && (c = strchr(p + 6, ':')) != NULL &&
	    (k = (size_t)(c - p - 6)) < sizeof(field)) {
		memcpy(field, p + 6, k);
		field[k] = '\0';
		p = c + 1;
		while (*p == ' ')
			p++;
		verdict_refuse(v, code, NULL, "%s", p);
		/* verdict.field must outlive the request: one of the static names */
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(names[k], field) == 0)
				v->field = names[k];
		return -1;
	}
	return verdict_refuse(v, code, NULL, "%s", why);
}

static int
doc_path(struct daemon *d, const uint8_t hash[HASH_BYTES], char *buf, size_t n)
{
	char hex[2 * HASH_BYTES + 1];

	hex_encode(hash, HASH_BYTES, hex);
	return snprintf(buf, n, "%s/documents/%s", d->conf.datadir, hex) < (int)n ? 0 : -1;
}

/* The round's books from its ledger: aanvragen, the result, the spending events. */
static int
books_load(struct daemon *d, MDB_txn *txn, uint32_t round, struct spend_book *b,
    struct verdict *v)
{
	struct event	ev;
	uint64_t	seq, head;
	uint16_t	t;
	char		why[300];
	int		rc;

	spend_init(b, round);
	head = ledger_length(txn, &d->store, round);
	for (seq = 1; seq <= head; seq++) {
		if ((rc = ledger_type(txn, &d->store, round, seq, &t)) != 0)
			return rc;
		if (t != MSG_INITIATIVE_SUBMIT && t != EVENT_PUBLIC_SUBMIT && t != EVENT_RESULT &&
		    !spend_type(t))
			continue;
		if ((rc = ledger_get(txn, &d->store, round, seq, &ev)) != 0)
			return rc;
		rc = spend_event(b, &ev, why, sizeof(why));
		wire_free(&schema_event, &ev);
		if (rc != 0)	/* the ledger holds only what the books accepted */
			return verdict_refuse(v, ERRC_INTERNAL, NULL, "round %u's ledger event %llu "
			    "does not fit its books: %s", round, (unsigned long long)seq, why);
	}
	return 0;
}

int
spending_record(struct daemon *d, MDB_txn *txn, uint16_t type, const void *rec,
    const struct actor *who, struct done *done, struct verdict *v)
{
	struct spend_book	 b;
	struct initiative	 in;
	struct round		 r;
	struct stat		 st;
	char			 why[300], path[4096];
	static const uint8_t	 zero[HASH_BYTES];
	uint32_t		 round, subject;
	int64_t			 now = (int64_t)time(NULL);
	int			 rc;

	if (type == MSG_SPENDING_DUE) {
		round = subject = ((const struct spending_due *)rec)->round;
	} else {
		switch (type) {
		case MSG_SPENDING_PAY:
			subject = ((const struct spending_pay *)rec)->initiative;
			break;
		case MSG_SPENDING_ADD:
			subject = ((const struct spending_add *)rec)->initiative;
			break;
		case MSG_SPENDING_OVERSPEND:
			subject = ((const struct spending_overspend *)rec)->initiative;
			break;
		default:
			subject = ((const struct spending_close *)rec)->initiative;
			break;
		}
		if ((rc = store_get_id(txn, d->store.initiatives, subject, &schema_initiative,
		    &in)) == MDB_NOTFOUND)
			return verdict_refuse(v, ERRC_NOTFOUND, "initiative", "there is no "
			    "initiative %u", subject);
		if (rc != 0)
			return rc;
		round = in.round;
		wire_free(&schema_initiative, &in);
	}
	if ((rc = store_get_id(txn, d->store.rounds, round, &schema_round, &r)) == MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no round %u", round);
	if (rc != 0)
		return rc;
	rc = r.state;
	wire_free(&schema_round, &r);
	if (rc != ROUND_TALLIED)
		return verdict_refuse(v, ERRC_STATE, "round", "round %u is %s: grants, payments "
		    "and accounts come after its result", round, round_state_name((unsigned)rc));
	if (type == MSG_SPENDING_ADD) {
		const struct spending_add *a = rec;
		if (memcmp(a->document, zero, HASH_BYTES) != 0 &&
		    (doc_path(d, a->document, path, sizeof(path)) != 0 || stat(path, &st) != 0))
			return verdict_refuse(v, ERRC_NOTFOUND, "document", "the daemon has no "
			    "document with that SHA-256: send it first (document-put)");
	}
	if ((rc = books_load(d, txn, round, &b, v)) != 0) {
		spend_free(&b);
		return rc;
	}
	if (spend_apply(&b, type, who->body, who->bodylen, ledger_length(txn, &d->store,
	    round) + 1, now, why, sizeof(why)) != 0) {
		spend_free(&b);
		return refuse_why(v, strstr(why, "closed") || strstr(why, "not funded") ?
		    ERRC_STATE : ERRC_INVALID, why);
	}
	spend_free(&b);
	done->id = subject;
	return ledger_append(txn, &d->store, round, who, subject, now, &done->event);
}

int
document_put(struct daemon *d, MDB_txn *txn, const struct document_put *req,
    struct done *done, struct verdict *v)
{
	struct round	 r;
	uint8_t		 hash[HASH_BYTES];
	char		 dir[4096], path[4096], tmp[4200];
	int		 fd, rc;
	size_t		 off;
	ssize_t		 k;

	if ((rc = store_get_id(txn, d->store.rounds, req->round, &schema_round, &r)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no round %u",
		    req->round);
	if (rc != 0)
		return rc;
	rc = r.state;
	wire_free(&schema_round, &r);
	if (rc != ROUND_TALLIED)
		return verdict_refuse(v, ERRC_STATE, "round", "round %u is %s: documents belong "
		    "to the accounts after its result", req->round, round_state_name((unsigned)rc));
	if (req->data.len == 0)
		return verdict_refuse(v, ERRC_INVALID, "data", "the document is empty");
	crypto_hash_sha256(hash, req->data.p, req->data.len);
	if (snprintf(dir, sizeof(dir), "%s/documents", d->conf.datadir) >= (int)sizeof(dir) ||
	    doc_path(d, hash, path, sizeof(path)) != 0)
		return verdict_refuse(v, ERRC_INTERNAL, NULL, "the data directory's name is too "
		    "long");
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return verdict_refuse(v, ERRC_STORAGE, NULL, "cannot make the documents "
		    "directory: %s", strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600)) == -1)
		return verdict_refuse(v, ERRC_STORAGE, NULL, "cannot store the document: %s",
		    strerror(errno));
	for (off = 0; off < req->data.len; off += (size_t)k)
		if ((k = write(fd, req->data.p + off, req->data.len - off)) <= 0) {
			rc = errno;
			close(fd);
			unlink(tmp);
			return verdict_refuse(v, ERRC_STORAGE, NULL, "cannot store the document: %s",
			    strerror(rc));
		}
	if (fsync(fd) == -1 || close(fd) == -1 || rename(tmp, path) == -1) {
		rc = errno;
		unlink(tmp);
		return verdict_refuse(v, ERRC_STORAGE, NULL, "cannot store the document: %s",
		    strerror(rc));
	}
	done->id = req->round;
	done->event = 0;	/* no ledger event: the accounting line names the hash */
	return 0;
}

/*
 * DOCUMENT_GET: a document back by its SHA-256, for an organiser of the round's village
 * (a signed read, no ledger event). Only a document that an accounting line of this
 * round names is handed out, so a key bound to one village cannot read another village's
 * receipts by naming one of its own rounds; and only if the bytes on disk still have that
 * SHA-256 (a file changed in the data directory is refused, not passed on). out->data is
 * allocated: wire_free(&schema_document_put, out) after sending.
 */
int
document_get(struct daemon *d, MDB_txn *txn, const struct document_get *req,
    struct document_put *out, struct verdict *v)
{
	struct round	 r;
	struct event	 ev;
	struct stat	 st;
	uint8_t		 hash[HASH_BYTES];
	char		 path[4096];
	uint64_t	 seq, head;
	uint16_t	 t;
	size_t		 off;
	ssize_t		 k;
	int		 fd, rc, named = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = store_get_id(txn, d->store.rounds, req->round, &schema_round, &r)) ==
	    MDB_NOTFOUND)
		return verdict_refuse(v, ERRC_NOTFOUND, "round", "there is no round %u",
		    req->round);
	if (rc != 0)
		return rc;
	rc = r.state;
	wire_free(&schema_round, &r);
	if (rc != ROUND_TALLIED)
		return verdict_refuse(v, ERRC_STATE, "round", "round %u is %s: documents belong "
		    "to the accounts after its result", req->round, round_state_name((unsigned)rc));
	head = ledger_length(txn, &d->store, req->round);
	for (seq = 1; seq <= head && !named; seq++) {
		if ((rc = ledger_type(txn, &d->store, req->round, seq, &t)) != 0)
			return rc;
		if (t != MSG_SPENDING_ADD)
			continue;
		if ((rc = ledger_get(txn, &d->store, req->round, seq, &ev)) != 0)
			return rc;
		/* the body's last 32 bytes are the document field (docs/protocol.md §5.3) */
		named = ev.body.len >= HASH_BYTES && memcmp(ev.body.p + ev.body.len - HASH_BYTES,
		    req->document, HASH_BYTES) == 0;
		wire_free(&schema_event, &ev);
	}
	if (!named)
		return verdict_refuse(v, ERRC_NOTFOUND, "document", "no accounting line of round "
		    "%u names a document with that SHA-256", req->round);
	if (doc_path(d, req->document, path, sizeof(path)) != 0)
		return verdict_refuse(v, ERRC_INTERNAL, NULL, "the data directory's name is too "
		    "long");
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return verdict_refuse(v, errno == ENOENT ? ERRC_NOTFOUND : ERRC_STORAGE,
		    "document", "the daemon cannot read the document: %s", strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > DOCUMENT_MAX_BYTES ||
	    (out->data.p = malloc((size_t)st.st_size)) == NULL) {
		close(fd);
		return verdict_refuse(v, ERRC_STORAGE, "document", "the stored document is not "
		    "a file of 1 byte to %u KiB", DOCUMENT_MAX_BYTES / 1024);
	}
	for (off = 0; off < (size_t)st.st_size; off += (size_t)k)
		if ((k = read(fd, out->data.p + off, (size_t)st.st_size - off)) <= 0) {
			close(fd);
			wire_free(&schema_document_put, out);
			return verdict_refuse(v, ERRC_STORAGE, "document", "cannot read the stored "
			    "document");
		}
	close(fd);
	out->data.len = (uint32_t)st.st_size;
	out->round = req->round;
	crypto_hash_sha256(hash, out->data.p, out->data.len);
	if (memcmp(hash, req->document, HASH_BYTES) != 0) {
		wire_free(&schema_document_put, out);
		return verdict_refuse(v, ERRC_STORAGE, "document", "the stored document no "
		    "longer has that SHA-256: the file in the data directory was changed");
	}
	return 0;
}
