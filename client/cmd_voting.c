/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_voting.c — the voting commands: registering and revoking credentials, enrolling and
 * retiring kiosks, and `dorpsstem vote`, the scripted kiosk (tests, and the model for the
 * real kiosk: derive the key from the code, build, check, sign, send, show the receipt,
 * wipe the code and the keys).
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ballot.h"
#include "code.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"
#include "money.h"
#include "roundnr.h"

/* ---- credentials ------------------------------------------------------------------- */

int
cmd_credentials_register(struct cli *c, int argc, char *argv[])
{
	struct credential_batch	 b;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	const char		*why;
	uint8_t			*keys = NULL;
	uint32_t		 round, fround, n, at, chunk, i, done = 0;
	size_t			 npos;
	int			 rc = 1;

	if (cli_args(argc, argv, NULL, 0, pos, 2, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (credentials_read(pos[1], &fround, &keys, &n, &why) == -1)
		return cli_fail("%s: %s%s%s", pos[1], why, errno ? ": " : "",
		    errno ? strerror(errno) : "");
	if (fround != round) {
		free(keys);
		return cli_fail(_("%s holds credentials for round %u, not round %u"), pos[1],
		    fround, round);
	}
	memset(&b, 0, sizeof(b));
	b.round = round;
	/* A request carries at most CREDENTIALS_PER_REQUEST keys; each batch is one event. */
	for (at = 0; at < n; at += chunk) {
		chunk = n - at < CREDENTIALS_PER_REQUEST ? n - at : CREDENTIALS_PER_REQUEST;
		b.keys.n = chunk;
		if ((b.keys.items = calloc(chunk, sizeof(struct credential_key))) == NULL) {
			cli_fail(_("out of memory"));
			goto out;
		}
		for (i = 0; i < chunk; i++)
			memcpy(((struct credential_key *)b.keys.items)[i].key,
			    keys + (size_t)(at + i) * KEY_BYTES, KEY_BYTES);
		if (cli_request(c, MSG_CREDENTIALS_REGISTER, &b, &d) == -1) {
			free(b.keys.items);
			if (done)
				fprintf(stderr, ngettext("dorpsstem: %u of the %u credential "
				    "was registered before that\n", "dorpsstem: %u of the %u "
				    "credentials were registered before that\n", n), done, n);
			goto out;
		}
		free(b.keys.items);
		done += chunk;
	}
	if (c->json)
		printf("{\"round\":%u,\"registered\":%u}\n", round, done);
	else
		printf(ngettext("%u credential registered for round %u\n",
		    "%u credentials registered for round %u\n", done), done, round);
	rc = 0;
out:
	free(keys);
	return rc;
}

int
cmd_credentials_revoke(struct cli *c, int argc, char *argv[])
{
	struct credential	 cr;
	struct done		 d;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], norm[CODE_NORM_LEN + 1];
	const char		*why;
	uint8_t			 sk[64];
	size_t			 npos;
	int			 rc;

	if (cli_args(argc, argv, NULL, 0, pos, 2, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	memset(&cr, 0, sizeof(cr));
	if (parse_id(pos[0], &cr.round, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	/* The credential as 64 hex digits, or the card's code itself (then derived here). */
	if (hex_decode(pos[1], cr.key, KEY_BYTES) != 0) {
		if ((rc = code_normalise(pos[1], norm)) != CODE_OK)
			return cli_fail(_("give the credential as 64 hex digits, or the card's voting "
			    "code (%s)"), rc == CODE_ECHECK ? _("that code's check symbol does not "
			    "match") : _("not a voting code either"));
		code_derive(cr.round, norm, cr.key, sk);
		sodium_memzero(sk, sizeof(sk));
		sodium_memzero(norm, sizeof(norm));
	}
	if (cli_request(c, MSG_CREDENTIAL_REVOKE, &cr, &d) == -1)
		return 1;
	if (c->json)
		printf("{\"round\":%u,\"revoked\":true,\"event\":%llu}\n", cr.round,
		    (unsigned long long)d.event);
	else
		printf(_("credential revoked in round %u\n"), cr.round);
	return 0;
}

/* ---- kiosks -------------------------------------------------------------------------- */

int
cmd_kiosk_enroll(struct cli *c, int argc, char *argv[])
{
	struct cli_opt	 o[] = { { "--name", 1, NULL } };
	struct kiosk	 k;
	struct done	 d;
	char		*pos[CLI_MAXPOS], err[ERR_LEN];
	const char	*why;
	size_t		 npos;

	memset(&k, 0, sizeof(k));
	if (cli_args(argc, argv, o, 1, pos, 2, 2, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (o[0].val == NULL || *o[0].val == '\0')
		return cli_fail(_("--name is required: where the kiosk stands, like \"dorpshuis\""));
	if (!utf8_valid(o[0].val, strlen(o[0].val)) || strlen(o[0].val) > NAME_MAX_BYTES)
		return cli_fail(_("--name must be UTF-8 text of at most %d bytes"), NAME_MAX_BYTES);
	if (key_read_public(pos[1], k.key, &why) == -1)
		return cli_fail("%s: %s", pos[1], why);
	if (village_resolve(c, pos[0], &k.village, NULL) == -1)
		return 1;
	k.name = o[0].val;
	if (cli_request(c, MSG_KIOSK_ENROLL, &k, &d) == -1)
		return 1;
	c->out->done(stdout, _("kiosk"), _("enrolled"), &d);
	return 0;
}

/* Village id's name from vl (NULL: no list), else the id written into buf. */
static const char *
village_of(const struct village_list *vl, uint32_t id, char *buf, size_t n)
{
	uint32_t i;

	for (i = 0; vl != NULL && i < vl->items.n; i++)
		if (((const struct village *)vl->items.items)[i].id == id)
			return ((const struct village *)vl->items.items)[i].name;
	snprintf(buf, n, "%u", id);
	return buf;
}

int
cmd_kiosk_list(struct cli *c, int argc, char *argv[])
{
	struct round_filter	 f = { 0 };
	struct kiosk_list	 kl;
	const struct kiosk	*k;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], when[32], hex[17];
	size_t			 npos;
	uint32_t		 i;

	if (cli_args(argc, argv, NULL, 0, pos, 0, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (npos == 1 && village_resolve(c, pos[0], &f.village, NULL) == -1)
		return 1;
	if (cli_request(c, MSG_KIOSK_LIST, &f, &kl) == -1)
		return 1;
	if (c->json) {
		json_record(stdout, &schema_kiosk_list, &kl);
		putchar('\n');
	} else {
		/* The village by name (its id if the list cannot be had), columns padded by
		 * screen width: names and translated words need not be ASCII. */
		struct village_list	 vl;
		int			 have_vl = cli_request(c, MSG_VILLAGE_LIST, &(char){ 0 },
					     &vl) == 0;
		const char		*vn;
		char			 vid[12];
		size_t			 wv = text_width(_("VILLAGE")), ws = text_width(_("STATE"));

		for (i = 0; i < kl.items.n; i++) {
			k = (const struct kiosk *)kl.items.items + i;
			vn = village_of(have_vl ? &vl : NULL, k->village, vid, sizeof(vid));
			if (text_width(vn) > wv)
				wv = text_width(vn);
			if (text_width(_(kiosk_state_name(k->state))) > ws)
				ws = text_width(_(kiosk_state_name(k->state)));
		}
		printf("%4s  %s%*s  %s%*s  %-16s  %-16s  %s\n", _("ID"), _("VILLAGE"),
		    (int)(wv - text_width(_("VILLAGE"))), "", _("STATE"),
		    (int)(ws - text_width(_("STATE"))), "", _("KEY"), _("ENROLLED"), _("NAME"));
		for (i = 0; i < kl.items.n; i++) {
			const char *st;

			k = (const struct kiosk *)kl.items.items + i;
			st = _(kiosk_state_name(k->state));
			vn = village_of(have_vl ? &vl : NULL, k->village, vid, sizeof(vid));
			hex_encode(k->key, 8, hex);
			printf("%4u  %s%*s  %s%*s  %-16s  %-16s  %s\n", k->id, vn,
			    (int)(wv - text_width(vn)), "", st, (int)(ws - text_width(st)), "",
			    hex, time_format(when, sizeof(when), k->enrolled), k->name);
		}
		if (have_vl)
			wire_free(&schema_village_list, &vl);
		if (kl.items.n == 0)
			fputs(_("no kiosks enrolled\n"), stdout);
	}
	wire_free(&schema_kiosk_list, &kl);
	return 0;
}

int
cmd_kiosk_retire(struct cli *c, int argc, char *argv[])
{
	struct ref	r;
	struct done	d;

	if (one_id(c, argc, argv, _("kiosk"), &r.id) == -1)
		return 1;
	if (cli_request(c, MSG_KIOSK_RETIRE, &r, &d) == -1)
		return 1;
	if (d.id == 0)
		d.id = r.id;
	c->out->done(stdout, _("kiosk"), _("retired"), &d);
	return 0;
}

/* ---- the scripted kiosk ------------------------------------------------------------------ */

/* Proves the kiosk key on this connection: KIOSK_CHALLENGE, then KIOSK_LOGIN. */
int
kiosk_login(struct cli *c, const uint8_t kiosk_sk[64], struct kiosk *k)
{
	struct challenge	ch;
	struct kiosk_login	kl;

	if (cli_request(c, MSG_KIOSK_CHALLENGE, &(char){ 0 }, &ch) == -1)
		return -1;
	memcpy(kl.key, kiosk_sk + 32, KEY_BYTES);
	kiosk_login_sign(c->conn.daemon_key, ch.nonce, kiosk_sk, kl.sig);
	return cli_request(c, MSG_KIOSK_LOGIN, &kl, k);
}

/* Splits "3,1,7" into numbers. */
static int
number_list(const char *s, uint32_t **out, size_t *n, const char *what, int allow_zero)
{
	const char	*p = s, *why;
	char		 item[16];
	uint32_t	*v = NULL, *nv;
	size_t		 len, k = 0;

	while (*p) {
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(item)) {
			free(v);
			return cli_fail(_("%s: \"%s\" is not a comma-separated list of numbers"), what,
			    s), -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if ((nv = reallocarray(v, k + 1, sizeof(*v))) == NULL) {
			free(v);
			return cli_fail(_("out of memory")), -1;
		}
		v = nv;
		if ((allow_zero ? parse_count(item, &v[k], &why) : parse_id(item, &v[k], &why)) ==
		    -1) {
			free(v);
			return cli_fail("%s %s: %s", what, item, why), -1;
		}
		k++;
		p += len;
		if (*p == ',')
			p++;
	}
	*out = v;
	*n = k;
	return 0;
}

static int
choice_cmp(const void *a, const void *b)
{
	const struct choice *x = a, *y = b;

	return x->initiative < y->initiative ? -1 : x->initiative > y->initiative;
}

/* Admitted initiatives of the round, ascending id (what ballot_check wants). */
static int
rules_from_round(const struct round_info *ri, struct ballot_rules *br, uint32_t **ids,
    uint64_t **costs)
{
	const struct initiative	*in;
	uint32_t		 i;
	size_t			 n = 0;

	*ids = calloc(ri->initiatives.n + 1, sizeof(**ids));
	*costs = calloc(ri->initiatives.n + 1, sizeof(**costs));
	if (*ids == NULL || *costs == NULL)
		return -1;
	for (i = 0; i < ri->initiatives.n; i++) {
		in = (const struct initiative *)ri->initiatives.items + i;
		if (in->status != INIT_ADMITTED)
			continue;
		(*ids)[n] = in->id;
		(*costs)[n++] = in->cost;
	}
	br->round = &ri->round;
	br->ids = *ids;
	br->costs = *costs;
	br->n = n;
	return 0;
}

static int
write_receipt(const char *path, const struct receipt *r, const uint8_t daemon_key[KEY_BYTES])
{
	char	 hash[2 * HASH_BYTES + 1], sig[2 * SIG_BYTES + 1], dk[2 * KEY_BYTES + 1];
	FILE	*f;
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	hex_encode(r->hash, HASH_BYTES, hash);
	hex_encode(r->sig, SIG_BYTES, sig);
	hex_encode(daemon_key, KEY_BYTES, dk);
	fprintf(f, "# dorpsstem stembewijs (receipt) v1\nround %u\nreceipt %s\nballot %s\n"
	    "daemon %s\nsignature %s\n", r->round, r->code, hash, dk, sig);
	return fclose(f) == 0 ? 0 : -1;
}

int
cmd_vote(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--code", 1, NULL }, { "--choose", 1, NULL },
	    { "--points", 1, NULL }, { "--receipt-file", 1, NULL } };
	struct ref		 ref;
	struct round_info	 ri;
	struct ballot_rules	 br;
	struct ballot		 b;
	struct receipt		 rcpt;
	struct kiosk		 k;
	struct choice		*ch = NULL;
	char			*pos[CLI_MAXPOS], err[ERR_LEN], why[256];
	char			 norm[CODE_NORM_LEN + 1], line[128];
	const char		*kpath = c->keyfile, *w;
	uint8_t			 voter_sk[64], kiosk_sk[64];
	uint32_t		*ids = NULL, *pts = NULL, *aids = NULL;
	uint64_t		*acosts = NULL;
	size_t			 npos, nids = 0, npts = 0, i;
	int			 rc = 1, have_ri = 0, have_k = 0, cr;

	memset(&b, 0, sizeof(b));
	sodium_memzero(voter_sk, sizeof(voter_sk));
	sodium_memzero(kiosk_sk, sizeof(kiosk_sk));
	if (cli_args(argc, argv, o, 4, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &w) == -1)
		return cli_fail(_("round %s: %s"), pos[0], w);
	if (o[0].val == NULL || o[1].val == NULL)
		return cli_fail(_("--code and --choose are required"));
	if (kpath == NULL && (kpath = getenv("DORPSSTEM_KIOSK_KEY")) == NULL)
		return cli_fail(_("vote needs the kiosk's key: -k FILE (or $DORPSSTEM_KIOSK_KEY)"));
	/* "--code -" reads the code from standard input: keeps it out of ps. */
	if (strcmp(o[0].val, "-") == 0) {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return cli_fail(_("no code on standard input"));
		line[strcspn(line, "\r\n")] = '\0';
		cr = code_normalise(line, norm);
		sodium_memzero(line, sizeof(line));
	} else
		cr = code_normalise(o[0].val, norm);
	if (cr != CODE_OK)
		return cli_fail("%s", code_strerror(cr));
	if (number_list(o[1].val, &ids, &nids, "--choose", 0) == -1)
		goto out;
	if (o[2].val && number_list(o[2].val, &pts, &npts, "--points", 1) == -1)
		goto out;
	if (key_read_secret(kpath, kiosk_sk, &w) == -1) {
		cli_fail("%s: %s", kpath, w);
		goto out;
	}
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		goto out;
	have_ri = 1;
	if (ri.round.ballot == BALLOT_CUMULATIVE && npts != nids) {
		cli_fail(_("a cumulative ballot needs --points with one number per --choose"));
		goto out;
	}
	if (ri.round.ballot != BALLOT_CUMULATIVE && npts) {
		cli_fail(_("--points is for cumulative ballots only"));
		goto out;
	}
	if ((ch = calloc(nids + 1, sizeof(*ch))) == NULL) {
		cli_fail(_("out of memory"));
		goto out;
	}
	/* --choose names initiatives by their round's numbers (roundnr.h), as the kiosk and
	 * the result show them; the ballot carries the ids. */
	for (i = 0; i < nids; i++) {
		const struct initiative *ins = ri.initiatives.items;
		uint32_t id = initiative_id_of_nr(ins, ri.initiatives.n, ref.id, ids[i]), j;

		for (j = 0; j < ri.initiatives.n && id && ins[j].id != id; j++)
			;
		if (id == 0 || ins[j].status != INIT_ADMITTED) {
			cli_fail(_("initiative %" PRIu32 "/%" PRIu32 " is not on this ballot"), ref.id,
			    ids[i]);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (ids[j] == id) {	/* the earlier ones are ids already */
				cli_fail(_("initiative %" PRIu32 "/%" PRIu32 " is chosen twice"),
				    ref.id, ids[i]);
				goto out;
			}
		ids[i] = id;
	}
	/* --choose order is the preference order for ordinal ballots (rank 1 first). */
	for (i = 0; i < nids; i++) {
		ch[i].initiative = ids[i];
		ch[i].value = ri.round.ballot == BALLOT_CUMULATIVE ? pts[i] :
		    ri.round.ballot == BALLOT_ORDINAL ? (uint32_t)(i + 1) : 1;
	}
	qsort(ch, nids, sizeof(*ch), choice_cmp);
	/* Check here first, as a kiosk does: the voter hears at once what is wrong. */
	if (rules_from_round(&ri, &br, &aids, &acosts) == -1) {
		cli_fail(_("out of memory"));
		goto out;
	}
	if (ballot_check(&br, ch, nids, why, sizeof(why)) == -1) {
		cli_fail("%s", why);
		goto out;
	}
	if (kiosk_login(c, kiosk_sk, &k) == -1)
		goto out;
	have_k = 1;
	code_derive(ref.id, norm, b.credential, voter_sk);
	sodium_memzero(norm, sizeof(norm));
	b.round = ref.id;
	b.kiosk = k.id;
	b.choices.items = ch;
	b.choices.n = (uint32_t)nids;
	randombytes_buf(b.nonce, sizeof(b.nonce));
	if (ballot_sign(&b, voter_sk, kiosk_sk) == -1) {
		cli_fail(_("out of memory"));
		goto out;
	}
	sodium_memzero(voter_sk, sizeof(voter_sk));
	sodium_memzero(kiosk_sk, sizeof(kiosk_sk));
	if (cli_request(c, MSG_BALLOT_CAST, &b, &rcpt) == -1)
		goto out;
	if (receipt_verify(rcpt.round, rcpt.hash, c->conn.daemon_key, rcpt.sig) != 0) {
		cli_fail(_("the daemon's receipt signature does not verify"));
		wire_free(&schema_receipt, &rcpt);
		goto out;
	}
	rc = 0;
	if (o[3].val && write_receipt(o[3].val, &rcpt, c->conn.daemon_key) == -1)
		rc = cli_fail(_("%s: cannot write the receipt: %s (the vote itself was cast)"),
		    o[3].val, strerror(errno));
	if (c->json) {
		json_record(stdout, &schema_receipt, &rcpt);
		putchar('\n');
	} else
		printf("Uw stem is uitgebracht. Stembewijs: %s\n", rcpt.code);
	wire_free(&schema_receipt, &rcpt);
out:
	sodium_memzero(norm, sizeof(norm));
	sodium_memzero(voter_sk, sizeof(voter_sk));
	sodium_memzero(kiosk_sk, sizeof(kiosk_sk));
	if (have_ri)
		wire_free(&schema_round_info, &ri);
	if (have_k)
		wire_free(&schema_kiosk, &k);
	free(ch);
	free(ids);
	free(pts);
	free(aids);
	free(acosts);
	return rc;
}
