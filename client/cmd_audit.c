/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_audit.c — the audit commands (docs/audit.md):
 *   audit bundle ROUND -o DIR     the public bundle of a tallied round, as plain files
 *   audit ledger ROUND -o FILE    the whole ledger with times (organiser-signed requests)
 *   audit verify DIR …            offline: every check (client/verify.c)
 *   audit receipt DIR RECEIPT     offline: is this ballot in the bundle?
 *   round checkpoint ROUND [--new] the latest signed checkpoint, to keep (--new: an
 *                                 organiser asks the daemon to sign one now)
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "ballot.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"
#include "result.h"
#include "verify.h"

/* ---- fetching ---------------------------------------------------------------------------- */

struct events {
	struct event	*v;
	size_t		 n;
};

static void
events_free(struct events *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		wire_free(&schema_event, &e->v[i]);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* Every event of a round's ledger after seq 0: public ones (EVENT_LIST), or all of them
 * with organiser-signed LEDGER_LIST requests. */
static int
fetch_events(struct cli *c, uint32_t round, uint16_t type, struct events *out)
{
	struct event_page_req	 q;
	struct event_page	 pg;
	struct event		*p;

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	q.round = round;
	for (;;) {
		if (cli_request(c, type, &q, &pg) == -1)
			goto fail;
		if (pg.events.n == 0) {
			wire_free(&schema_event_page, &pg);
			break;
		}
		if ((p = reallocarray(out->v, out->n + pg.events.n, sizeof(*p))) == NULL) {
			wire_free(&schema_event_page, &pg);
			cli_fail(_("out of memory"));
			goto fail;
		}
		out->v = p;
		memcpy(out->v + out->n, pg.events.items, pg.events.n * sizeof(*p));
		out->n += pg.events.n;
		free(pg.events.items);		/* the elements moved into out */
		q.after = out->v[out->n - 1].seq;
		if (!pg.more)
			break;
	}
	return 0;
fail:
	events_free(out);
	return -1;
}

int
round_events(struct cli *c, uint32_t round, struct event **v, size_t *n)
{
	struct events e;

	if (fetch_events(c, round, MSG_EVENT_LIST, &e) == -1)
		return -1;
	*v = e.v;
	*n = e.n;
	return 0;
}

void
round_events_free(struct event *v, size_t n)
{
	struct events e = { v, n };

	events_free(&e);
}

int
ledger_head_public(struct cli *c, uint32_t round, uint64_t *seq, uint8_t head[HASH_BYTES])
{
	struct events	e;

	if (fetch_events(c, round, MSG_EVENT_LIST, &e) == -1)
		return -1;
	*seq = 0;
	memset(head, 0, HASH_BYTES);
	if (e.n > 0) {
		*seq = e.v[e.n - 1].seq;
		if (record_hash(&schema_event, &e.v[e.n - 1], head) != 0) {
			events_free(&e);
			return cli_fail(_("out of memory")), -1;
		}
	}
	events_free(&e);
	return 0;
}

static int
fetch_credentials(struct cli *c, uint32_t round, struct credential **out, size_t *n)
{
	struct credential_page_req	 q;
	struct credential_page		 pg;
	struct credential		*all = NULL, *p;
	size_t				 have = 0;

	memset(&q, 0, sizeof(q));
	q.round = round;
	for (;;) {
		if (cli_request(c, MSG_CREDENTIAL_LIST, &q, &pg) == -1)
			goto fail;
		if (pg.credentials.n == 0) {
			wire_free(&schema_credential_page, &pg);
			break;
		}
		if ((p = reallocarray(all, have + pg.credentials.n, sizeof(*p))) == NULL) {
			wire_free(&schema_credential_page, &pg);
			cli_fail(_("out of memory"));
			goto fail;
		}
		all = p;
		memcpy(all + have, pg.credentials.items, pg.credentials.n * sizeof(*p));
		have += pg.credentials.n;
		free(pg.credentials.items);
		memcpy(q.after, all[have - 1].key, KEY_BYTES);
		if (!pg.more)
			break;
	}
	*out = all;
	*n = have;
	return 0;
fail:
	free(all);
	return -1;
}

/* ---- writing ------------------------------------------------------------------------------ */

static FILE *
create_in(const char *dir, const char *name)
{
	char	path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wx")) == NULL)
		cli_fail("%s: %s", path, strerror(errno));
	return f;
}

static int
finish(FILE *f, const char *dir, const char *name)
{
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
		fclose(f);
		return cli_fail(_("%s/%s: cannot write: %s"), dir, name, strerror(errno)), -1;
	}
	if (fclose(f) != 0)
		return cli_fail(_("%s/%s: cannot write: %s"), dir, name, strerror(errno)), -1;
	return 0;
}

/* Writes one record file of n records of schema s (contiguous array). */
static int
write_records(const char *dir, const char *name, const char *kind, const char *comment,
    const struct wire_schema *s, const void *recs, size_t n)
{
	FILE	*f;
	size_t	 i;

	if ((f = create_in(dir, name)) == NULL)
		return -1;
	recfile_header(f, kind, comment);
	for (i = 0; i < n; i++)
		if (recfile_put(f, s, (const char *)recs + i * s->size) != 0) {
			fclose(f);
			return cli_fail(_("out of memory")), -1;
		}
	return finish(f, dir, name);
}

static const char readme[] =
    "dorpsstem audit bundle\n"
    "\n"
    "These files let anyone check the count of one round without trusting the daemon:\n"
    "    dorpsstem audit verify DIR\n"
    "Each .txt file holds one record per line as lowercase hex of its canonical\n"
    "encoding (docs/protocol.md), after a first line naming its kind and comment lines.\n"
    "docs/audit.md describes every file, record, hash and signature, and the checks.\n"
    "\n"
    "  daemon.txt          the daemon's public key (signs statements and receipts)\n"
    "  organisers.txt      the organiser keys (sign every change to the round)\n"
    "  round.txt           the round: budget, ballot, limits, rule, tie-break, seed\n"
    "  initiatives.txt     every initiative with its status\n"
    "  events.txt          the signed set-up events of the round (create, initiatives,\n"
    "                      credentials, open, close)\n"
    "  village-events.txt  ledger 0: the signed events of villages and kiosks\n"
    "  kiosks.txt          the village's kiosks and their keys\n"
    "  credentials.txt     every registered credential: registered, used or revoked\n"
    "  ballots.txt         every ballot, sorted by ballot hash, without any time\n"
    "  checkpoints.txt     the daemon's signed checkpoints taken while voting\n"
    "  close.txt           the close statement: ballot count and hash over the ballots\n"
    "  result.txt          the signed result\n"
    "  spending.txt        the signed grants' accounts after the result: due date,\n"
    "                      payments, accounting lines (documents by SHA-256), overspend\n"
    "                      decisions, closings\n"
    "  round.pb            the round as a pabulib file (pabulib.org), for other tools\n";

/* Ledger 0 in full (every village's and kiosk's events): the verifier checks its chain
 * and the head the round opened on (docs/audit.md §4). */
static int
village_events(const struct events *all, uint32_t village, struct events *out)
{
	size_t i;

	(void)village;
	memset(out, 0, sizeof(*out));
	if ((out->v = calloc(all->n + 1, sizeof(*out->v))) == NULL)
		return -1;
	for (i = 0; i < all->n; i++)
		out->v[out->n++] = all->v[i];	/* shallow: all still owns the bodies */
	return 0;
}

int
cmd_audit_bundle(struct cli *c, int argc, char *argv[])
{
	struct cli_opt			 o[] = { { "-o", 1, NULL } };
	struct ref			 ref;
	struct round_info		 ri;
	struct organiser_list		 ol;
	struct kiosk_list		 kl;
	struct round_filter		 rf;
	struct events			 rev, zev, vev, setup, spend;
	struct checkpoint		*cps = NULL;
	struct close_statement		 cs;
	struct result_statement		 rs;
	struct credential		*creds = NULL;
	struct ballot			*bs = NULL;
	struct pabulib			*pb = NULL;
	struct credential_key		 dk;
	char				*pos[CLI_MAXPOS], err[ERR_LEN], comment[256];
	const char			*dir, *why;
	size_t				 npos, ncreds = 0, nb = 0, ncps = 0, i;
	int				 rc = 1, have = 0, have_cs = 0, have_rs = 0;
	FILE				*f;

	memset(&rev, 0, sizeof(rev));
	memset(&zev, 0, sizeof(zev));
	memset(&vev, 0, sizeof(vev));
	memset(&setup, 0, sizeof(setup));
	memset(&spend, 0, sizeof(spend));
	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if ((dir = o[0].val) == NULL)
		return cli_fail(_("audit bundle needs -o DIR (a directory that does not exist yet)"));
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return 1;
	have |= 1;
	if (ri.round.state != ROUND_TALLIED) {
		cli_fail(_("round %" PRIu32 " is %s: its bundle is made once it is counted (tallied)"),
		    ref.id, _(round_state_name(ri.round.state)));
		goto out;
	}
	if (cli_request(c, MSG_ORGANISER_LIST, &(char){ 0 }, &ol) == -1)
		goto out;
	have |= 2;
	rf.village = ri.round.village;
	if (cli_request(c, MSG_KIOSK_LIST, &rf, &kl) == -1)
		goto out;
	have |= 4;
	if (fetch_events(c, ref.id, MSG_EVENT_LIST, &rev) == -1 ||
	    fetch_events(c, 0, MSG_EVENT_LIST, &zev) == -1 ||
	    fetch_credentials(c, ref.id, &creds, &ncreds) == -1 ||
	    fetch_ballots(c, ref.id, &bs, &nb) == -1)
		goto out;
	if (village_events(&zev, ri.round.village, &vev) == -1 ||
	    (setup.v = calloc(rev.n + 1, sizeof(*setup.v))) == NULL ||
	    (spend.v = calloc(rev.n + 1, sizeof(*spend.v))) == NULL ||
	    (cps = calloc(rev.n + 1, sizeof(*cps))) == NULL) {
		cli_fail(_("out of memory"));
		goto out;
	}
	/* The round's public events: statements go to their own files, the rest is set-up. */
	for (i = 0; i < rev.n; i++) {
		const struct event *ev = &rev.v[i];
		int bad = 0;
		if (ev->type == EVENT_CHECKPOINT)
			bad = wire_decode_all(ev->body.p, ev->body.len, &schema_checkpoint,
			    &cps[ncps++], NULL);
		else if (ev->type == EVENT_CLOSE && !have_cs)
			bad = wire_decode_all(ev->body.p, ev->body.len, &schema_close_statement,
			    &cs, NULL), have_cs = !bad;
		else if (ev->type == EVENT_RESULT && !have_rs)
			bad = wire_decode_all(ev->body.p, ev->body.len, &schema_result_statement,
			    &rs, NULL), have_rs = !bad;
		else if (have_rs)	/* after the result: the accounts (spending.txt) */
			spend.v[spend.n++] = *ev;
		else
			setup.v[setup.n++] = *ev;
		if (bad) {
			cli_fail(_("event %" PRIu64 " of round %" PRIu32 " has a body that does not "
			    "decode"), ev->seq, ref.id);
			goto out;
		}
	}
	if (!have_cs || !have_rs) {
		cli_fail(have_cs ? _("round %" PRIu32 " has no result statement in its ledger") :
		    _("round %" PRIu32 " has no close statement in its ledger"), ref.id);
		goto out;
	}
	if (round_pabulib(&ri.round, ri.village_name, ri.initiatives.items, ri.initiatives.n,
	    bs, nb, &pb, err, sizeof(err)) == -1) {
		cli_fail("%s", err);
		goto out;
	}
	if (mkdir(dir, 0755) == -1) {
		cli_fail("%s: %s%s", dir, strerror(errno), errno == EEXIST ? _(" (a bundle goes "
		    "into a new directory)") : "");
		goto out;
	}
	memcpy(dk.key, c->conn.daemon_key, KEY_BYTES);
	snprintf(comment, sizeof(comment), "round %" PRIu32 " \"%s\" of %s", ref.id,
	    ri.round.name, ri.village_name ? ri.village_name : "?");
	if (write_records(dir, BF_DAEMON, "daemon-key", "the daemon's Ed25519 public key",
	    &schema_credential_key, &dk, 1) == -1 ||
	    write_records(dir, BF_ORGANISERS, "organisers", "ORGANISER records",
	    &schema_organiser, ol.items.items, ol.items.n) == -1 ||
	    write_records(dir, BF_ROUND, "round", comment, &schema_round, &ri.round, 1) == -1 ||
	    write_records(dir, BF_INITIATIVES, "initiatives", "INITIATIVE records, ascending id",
	    &schema_initiative, ri.initiatives.items, ri.initiatives.n) == -1 ||
	    write_records(dir, BF_EVENTS, "round-events", "EVENT records: the round's signed "
	    "set-up events, ascending seq", &schema_event, setup.v, setup.n) == -1 ||
	    write_records(dir, BF_VEVENTS, "village-events", "EVENT records of ledger 0: the "
	    "village and its kiosks", &schema_event, vev.v, vev.n) == -1 ||
	    write_records(dir, BF_KIOSKS, "kiosks", "KIOSK records of the round's village",
	    &schema_kiosk, kl.items.items, kl.items.n) == -1 ||
	    write_records(dir, BF_CREDENTIALS, "credentials", "CREDENTIAL records, ascending "
	    "key, without times", &schema_credential, creds, ncreds) == -1 ||
	    write_records(dir, BF_BALLOTS, "ballots", "BALLOT records, ascending ballot hash, "
	    "without times", &schema_ballot, bs, nb) == -1 ||
	    write_records(dir, BF_CHECKPOINTS, "checkpoints", "CHECKPOINT statements, in "
	    "ledger order", &schema_checkpoint, cps, ncps) == -1 ||
	    write_records(dir, BF_CLOSE, "close", "the CLOSE-STATEMENT",
	    &schema_close_statement, &cs, 1) == -1 ||
	    write_records(dir, BF_RESULT, "result", "the RESULT-STATEMENT",
	    &schema_result_statement, &rs, 1) == -1 ||
	    write_records(dir, BF_SPENDING, "spending", "EVENT records after the result: "
	    "the accounts of the grants, ascending seq, chained", &schema_event, spend.v,
	    spend.n) == -1)
		goto out;
	if ((f = create_in(dir, BF_PABULIB)) == NULL)
		goto out;
	if (pabulib_write(f, pb) != 0) {
		fclose(f);
		cli_fail(_("%s/%s: cannot write"), dir, BF_PABULIB);
		goto out;
	}
	if (finish(f, dir, BF_PABULIB) == -1 || (f = create_in(dir, BF_README)) == NULL)
		goto out;
	fputs(readme, f);
	if (finish(f, dir, BF_README) == -1)
		goto out;
	if (c->json) {
		printf("{\"round\":%" PRIu32 ",\"dir\":", ref.id);
		json_string(stdout, dir);
		printf(",\"ballots\":%zu,\"credentials\":%zu,\"checkpoints\":%zu}\n", nb, ncreds,
		    ncps);
	} else
		/* TRANSLATORS: each %zu %s is a count and its noun ("1 ballot", "3 ballots"). */
		printf(_("round %" PRIu32 ": bundle written to %s: %zu %s, %zu %s, %zu %s\n"),
		    ref.id, dir, nb, ngettext("ballot", "ballots", nb), ncreds,
		    ngettext("credential", "credentials", ncreds), ncps,
		    ngettext("checkpoint", "checkpoints", ncps));
	rc = 0;
out:
	if (have_cs)
		wire_free(&schema_close_statement, &cs);
	if (have_rs)
		wire_free(&schema_result_statement, &rs);
	for (i = 0; i < ncps; i++)
		wire_free(&schema_checkpoint, &cps[i]);
	free(cps);
	free(setup.v);		/* shallow copies of rev's events */
	free(spend.v);
	free(vev.v);		/* and of zev's */
	events_free(&rev);
	events_free(&zev);
	for (i = 0; i < ncreds; i++)
		wire_free(&schema_credential, &creds[i]);
	free(creds);
	for (i = 0; i < nb; i++)
		wire_free(&schema_ballot, &bs[i]);
	free(bs);
	pabulib_free(pb);
	if (have & 4)
		wire_free(&schema_kiosk_list, &kl);
	if (have & 2)
		wire_free(&schema_organiser_list, &ol);
	if (have & 1)
		wire_free(&schema_round_info, &ri);
	return rc;
}

int
cmd_audit_ledger(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "-o", 1, NULL } };
	struct events	 ev;
	char		*pos[CLI_MAXPOS], err[ERR_LEN], comment[256];
	const char	*why;
	uint32_t	 round;
	size_t		 npos, i, nballots = 0;
	FILE		*f;
	int		 fd;

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (o[0].val == NULL)
		return cli_fail(_("audit ledger needs -o FILE"));
	if (fetch_events(c, round, MSG_LEDGER_LIST, &ev) == -1)
		return 1;
	if ((fd = open(o[0].val, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		events_free(&ev);
		return cli_fail("%s: %s", o[0].val, strerror(errno));
	}
	snprintf(comment, sizeof(comment), "round %" PRIu32 ": every EVENT in order, with "
	    "times.\nFor the audit committee: it shows when each ballot came; do not publish.",
	    round);
	recfile_header(f, "ledger", comment);
	for (i = 0; i < ev.n; i++) {
		nballots += ev.v[i].type == MSG_BALLOT_CAST;
		if (recfile_put(f, &schema_event, &ev.v[i]) != 0)
			break;
	}
	events_free(&ev);
	if (i < ev.n || fflush(f) != 0 || ferror(f) || fsync(fd) != 0 || fclose(f) != 0) {
		unlink(o[0].val);
		return cli_fail(_("%s: cannot write the ledger"), o[0].val);
	}
	if (c->json)
		printf("{\"round\":%" PRIu32 ",\"events\":%zu,\"ballots\":%zu}\n", round, i,
		    nballots);
	else
		printf(_("round %" PRIu32 ": %zu events (%zu ballots) written to %s\n"), round, i,
		    nballots, o[0].val);
	return 0;
}

static int
parse_key_arg(const char *s, uint8_t key[KEY_BYTES])
{
	const char *why;

	if (hex_decode(s, key, KEY_BYTES) == 0)
		return 0;
	if (key_read_public(s, key, &why) == 0)
		return 0;
	return cli_fail(_("--daemon-key %s: neither 64 hex digits nor a public key file (%s)"),
	    s, why), -1;
}

int
cmd_audit_verify(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--ledger", 1, NULL }, { "--checkpoints", 1, NULL },
	    { "--daemon-key", 1, NULL }, { "--threads", 1, NULL }, { "--fingerprint", 1, NULL },
	    { "--organisers", 1, NULL } };
	struct verify_opts	 vo;
	uint8_t			 dk[KEY_BYTES];
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	const char		*why;
	uint32_t		 threads = 0;
	size_t			 npos;
	int			 nfailed;

	if (cli_args(argc, argv, o, 6, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&vo, 0, sizeof(vo));
	vo.fingerprint = o[4].val;
	vo.organisers = o[5].val;
	vo.ledger = o[0].val;
	vo.checkpoints = o[1].val;
	if (o[2].val) {
		if (parse_key_arg(o[2].val, dk) == -1)
			return 1;
		vo.daemon_key = dk;
	}
	if (o[3].val && (parse_count(o[3].val, &threads, &why) == -1 || threads > 64))
		return cli_fail(_("--threads %s: %s"), o[3].val, threads > 64 ? _("at most 64") : why);
	vo.threads = (int)threads;
	if ((nfailed = audit_verify(pos[0], &vo, stdout)) < 0)
		return 1;
	if (nfailed == 0 && (vo.fingerprint || (vo.organisers && vo.daemon_key)))
		/* TRANSLATORS: the verdict of audit verify when every check passed. */
		printf(_("bundle %s is correct\n"), pos[0]);
	else if (nfailed == 0)
		printf(_("bundle %s is correct, if the keys in organisers.txt and daemon.txt are the "
		    "village's own: not pinned (--fingerprint F, or --organisers FILE with "
		    "--daemon-key KEY)\n"), pos[0]);
	else
		/* TRANSLATORS: the verdict of audit verify when checks failed. */
		printf(ngettext("bundle %s is NOT correct: %d check failed\n",
		    "bundle %s is NOT correct: %d checks failed\n", (unsigned long)nfailed), pos[0],
		    nfailed);
	return nfailed == 0 ? 0 : 1;
}

int
cmd_audit_receipt(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--receipt-file", 1, NULL } };
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	size_t		 npos;

	if (cli_args(argc, argv, o, 1, pos, 1, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (npos == 1 && o[0].val == NULL)
		return cli_fail(_("give the RECEIPT code, or --receipt-file FILE"));
	return audit_receipt(pos[0], npos == 2 ? pos[1] : NULL, o[0].val, stdout) == 0 ? 0 : 1;
}

int
cmd_round_checkpoint(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "-o", 1, NULL }, { "--new", 0, NULL } };
	struct ref		 ref;
	struct checkpoint	 cp;
	struct stat		 st;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], head[2 * HASH_BYTES + 1];
	char			 dk[2 * KEY_BYTES + 1], when[32];
	const char		*why;
	size_t			 npos;
	FILE			*f;
	int			 isnew;

	if (cli_args(argc, argv, o, 2, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	/* Reading the latest is open to anyone; asking for a fresh one is signed. */
	if (cli_request(c, o[1].val ? MSG_CHECKPOINT_MAKE : MSG_CHECKPOINT_GET, &ref, &cp) == -1)
		return 1;
	if (statement_verify(DOMAIN_CHECKPOINT, &schema_checkpoint, &cp,
	    c->conn.daemon_key) != 0)
		return cli_fail(_("the checkpoint's signature does not verify with the daemon's key"));
	if (o[0].val) {
		isnew = stat(o[0].val, &st) == -1;
		if ((f = fopen(o[0].val, "a")) == NULL)
			return cli_fail("%s: %s", o[0].val, strerror(errno));
		if (isnew)
			recfile_header(f, "checkpoints", "CHECKPOINT statements kept by "
			    "`dorpsstem round checkpoint`; check with audit verify --checkpoints");
		if (recfile_put(f, &schema_checkpoint, &cp) != 0 || fclose(f) != 0)
			return cli_fail(_("%s: cannot write"), o[0].val);
	}
	if (c->json) {
		json_record(stdout, &schema_checkpoint, &cp);
		putchar('\n');
		return 0;
	}
	hex_encode(cp.head, HASH_BYTES, head);
	hex_encode(c->conn.daemon_key, KEY_BYTES, dk);
	printf(_("checkpoint of round %" PRIu32 " at %s: %" PRIu64 " events, %" PRIu64
	    " ballots\nhead %s\nsigned by daemon key %s (verified)\n"), cp.round,
	    time_format(when, sizeof(when), cp.time), cp.events, cp.ballots, head, dk);
	if (o[0].val)
		printf(_("kept in %s\n"), o[0].val);
	return 0;
}
