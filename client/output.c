/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * output.c — how replies are shown: output_text for people (aligned tables, euros in Dutch
 * notation, local times) and output_json for scripts (every record through the schema
 * walker in proto/json.c, so JSON always has every field the protocol has).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"
#include "money.h"
#include "roundnr.h"

size_t
text_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)	/* count code points, not bytes */
			n++;
	return n;
}

char *
time_format(char *buf, size_t n, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	buf[0] = '\0';
	if (t != 0 && localtime_r(&tt, &tm) != NULL)
		strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

/* ---- tables ------------------------------------------------------------------------ */

void
table_init(struct table *t, size_t ncol, const char *align)
{
	memset(t, 0, sizeof(*t));
	t->ncol = ncol;
	t->align = align;
}

/* Adds one row of ncol strings. */
void
table_row(struct table *t, ...)
{
	va_list	  ap;
	char	**cell;
	size_t	  i;

	if (t->oom)
		return;
	if (t->nrow == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		if ((cell = reallocarray(t->cell, t->cap, t->ncol * sizeof(char *))) == NULL) {
			t->oom = 1;
			return;
		}
		t->cell = cell;
	}
	va_start(ap, t);
	for (i = 0; i < t->ncol; i++)
		if ((t->cell[t->nrow * t->ncol + i] = strdup(va_arg(ap, const char *))) == NULL)
			t->oom = 1;
	va_end(ap);
	t->nrow++;
}

void
table_print(FILE *f, struct table *t, const char *indent)
{
	size_t	 w[16] = { 0 }, r, i, cw, pad;
	char	*s;

	if (t->oom) {
		fprintf(f, "%s%s\n", indent, _("(out of memory)"));
		return;
	}
	for (r = 0; r < t->nrow; r++)
		for (i = 0; i < t->ncol && i < 16; i++)
			if ((cw = text_width(t->cell[r * t->ncol + i])) > w[i])
				w[i] = cw;
	for (r = 0; r < t->nrow; r++) {
		fputs(indent, f);
		/* Padding is written only when text follows, so lines have no trailing blanks. */
		for (pad = 0, i = 0; i < t->ncol && i < 16; i++) {
			s = t->cell[r * t->ncol + i];
			cw = text_width(s);
			if (t->align[i] == 'r')
				pad += w[i] - cw;
			if (*s) {
				fprintf(f, "%*s%s", (int)pad, "", s);
				pad = 0;
			}
			if (t->align[i] != 'r')
				pad += w[i] - cw;
			pad += 2;
		}
		putc('\n', f);
	}
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

/* ---- text -------------------------------------------------------------------------- */

static const char *
village_name(const struct village_list *vl, uint32_t id)
{
	const struct village	*v;
	uint32_t		 i;

	for (i = 0; vl != NULL && i < vl->items.n; i++) {
		v = (const struct village *)vl->items.items + i;
		if (v->id == id)
			return v->name;
	}
	return "?";
}

static void
text_status(FILE *f, const struct status *s, const struct conn *c)
{
	char	hex[2 * KEY_BYTES + 1], t[32];

	hex_encode(s->daemon_key, KEY_BYTES, hex);
	/* TRANSLATORS: the labels of `dorpsstem status` line up; keep the values in one column. */
	fprintf(f, _("daemon       %s (protocol %u, store schema %" PRIu32 ")\n"), s->software,
	    s->version, s->schema);
	if (c != NULL && c->peer != NULL)
		fprintf(f, _("connected    %s%s\n"), c->peer, c->ssl ? " (TLS)" : "");
	fprintf(f, _("started      %s\n"), time_format(t, sizeof(t), s->started));
	fprintf(f, _("daemon key   %s\n"), hex);
	fprintf(f, _("TLS          %s\n"), *s->tls_fingerprint ? s->tls_fingerprint :
	    _("no TLS listener"));
	fprintf(f, _("villages     %" PRIu32 "\n"), s->villages);
	fprintf(f, _("rounds       %" PRIu32 "\n"), s->rounds);
	fprintf(f, _("connections  %" PRIu32 "\n"), s->connections);
}

static void
text_villages(FILE *f, const struct village_list *vl)
{
	const struct village	*v;
	struct table		 t;
	char			 id[16], when[32];
	uint32_t		 i;

	if (vl->items.n == 0) {
		fputs(_("no villages yet (add one with: dorpsstem village add NAME)\n"), f);
		return;
	}
	table_init(&t, 3, "rll");
	table_row(&t, _("ID"), _("NAME"), _("CREATED"));
	for (i = 0; i < vl->items.n; i++) {
		v = (const struct village *)vl->items.items + i;
		snprintf(id, sizeof(id), "%" PRIu32, v->id);
		table_row(&t, id, v->name, time_format(when, sizeof(when), v->created));
	}
	table_print(f, &t, "");
	table_free(&t);
}

static void
text_rounds(FILE *f, const struct round_list *rl, const struct village_list *vl)
{
	const struct round	*r;
	struct table		 t;
	char			 id[16], budget[MONEY_BUF], opens[32], closes[32];
	uint32_t		 i;

	if (rl->items.n == 0) {
		fputs(_("no rounds\n"), f);
		return;
	}
	table_init(&t, 9, "rlrllllll");
	table_row(&t, _("ID"), _("STATE"), _("BUDGET"), _("BALLOT"), _("RULE"), _("OPENS"),
	    _("CLOSES"), _("VILLAGE"), _("NAME"));
	for (i = 0; i < rl->items.n; i++) {
		r = (const struct round *)rl->items.items + i;
		snprintf(id, sizeof(id), "%" PRIu32, r->id);
		time_format(opens, sizeof(opens), r->opens);
		time_format(closes, sizeof(closes), r->closes);
		table_row(&t, id, _(round_state_name(r->state)),
		    money_format(budget, sizeof(budget), r->budget), _(ballot_type_name(r->ballot)),
		    r->rule, *opens ? opens : "-", *closes ? closes : "-",
		    village_name(vl, r->village), r->name);
	}
	table_print(f, &t, "");
	table_free(&t);
}

/* "choose 1 to 3", "choose at most 3", … for the choice limits of a ballot; rank: the
 * ranks of an ordinal ballot. */
static void
choice_limits(char *buf, size_t n, int rank, uint32_t min, uint32_t max)
{
	if (min && max && min == max)
		snprintf(buf, n, rank ? _("rank exactly %" PRIu32) : _("choose exactly %" PRIu32),
		    min);
	else if (min && max)
		snprintf(buf, n, rank ? _("rank %" PRIu32 " to %" PRIu32) :
		    _("choose %" PRIu32 " to %" PRIu32), min, max);
	else if (max)
		snprintf(buf, n, rank ? _("rank at most %" PRIu32) : _("choose at most %" PRIu32),
		    max);
	else if (min)
		snprintf(buf, n, rank ? _("rank at least %" PRIu32) :
		    _("choose at least %" PRIu32), min);
	else
		snprintf(buf, n, "%s", rank ? _("rank any number") : _("choose any number"));
}

static void
ballot_describe(char *buf, size_t n, const struct round *r)
{
	char	lim[96], m[MONEY_BUF];

	switch (r->ballot) {
	case BALLOT_APPROVAL:
		choice_limits(lim, sizeof(lim), 0, r->min_choices, r->max_choices);
		snprintf(buf, n, _("approval (%s)"), lim);
		break;
	case BALLOT_KNAPSACK:
		choice_limits(lim, sizeof(lim), 0, r->min_choices, r->max_choices);
		if (r->min_choices || r->max_choices)
			snprintf(buf, n, _("knapsack (chosen costs up to %s; %s)"),
			    money_format(m, sizeof(m), r->limit), lim);
		else
			snprintf(buf, n, _("knapsack (chosen costs up to %s)"),
			    money_format(m, sizeof(m), r->limit));
		break;
	case BALLOT_CUMULATIVE:
		if (r->max_points)
			snprintf(buf, n, ngettext("cumulative (%" PRIu32 " point, at most %" PRIu32
			    " per initiative)", "cumulative (%" PRIu32 " points, at most %" PRIu32
			    " per initiative)", r->points), r->points, r->max_points);
		else
			snprintf(buf, n, ngettext("cumulative (%" PRIu32 " point)",
			    "cumulative (%" PRIu32 " points)", r->points), r->points);
		break;
	case BALLOT_ORDINAL:
		choice_limits(lim, sizeof(lim), 1, r->min_choices, r->max_choices);
		snprintf(buf, n, _("ordinal (%s)"), lim);
		break;
	default:
		snprintf(buf, n, _("unknown ballot type %u"), r->ballot);
	}
}

static void
initiative_table(FILE *f, const struct wire_list *l, int detail)
{
	const struct initiative	*in;
	struct table		 t;
	char			 id[16], cost[MONEY_BUF];
	uint32_t		 i;

	if (detail) {
		table_init(&t, 7, "rlrllll");
		/* TRANSLATORS: the initiative's number in its round (1, 2, …). */
		table_row(&t, _("NR"), _("STATUS"), _("COST"), _("TITLE"), _("PROPOSER"),
		    _("CATEGORY"), _("REASON"));
	} else {
		table_init(&t, 4, "rlrl");
		table_row(&t, _("NR"), _("STATUS"), _("COST"), _("TITLE"));
	}
	for (i = 0; i < l->n; i++) {
		in = (const struct initiative *)l->items + i;
		/* The round's own number (roundnr.h), never the daemon-wide id. */
		snprintf(id, sizeof(id), "%" PRIu32, initiative_nr(l->items, l->n, in->round,
		    in->id));
		money_format(cost, sizeof(cost), in->cost);
		if (detail)
			table_row(&t, id, _(initiative_status_name(in->status)), cost, in->title,
			    in->proposer, in->category, in->reason);
		else
			table_row(&t, id, _(initiative_status_name(in->status)), cost, in->title);
	}
	table_print(f, &t, detail ? "" : "  ");
	table_free(&t);
}

static void
text_round_info(FILE *f, const struct round_info *ri)
{
	const struct round	*r = &ri->round;
	const struct initiative	*in;
	char			 buf[256], m[MONEY_BUF], m2[MONEY_BUF], hex[65];
	uint64_t		 admitted = 0;
	uint32_t		 i, nadmitted = 0;

	/* TRANSLATORS: `round show` — the labels line up; keep the values in one column. */
	fprintf(f, _("round %" PRIu32 ": %s\n"), r->id, r->name);
	fprintf(f, _("  village      %s (%" PRIu32 ")\n"), ri->village_name, r->village);
	fprintf(f, _("  state        %s\n"), _(round_state_name(r->state)));
	fprintf(f, _("  budget       %s\n"), money_format(m, sizeof(m), r->budget));
	ballot_describe(buf, sizeof(buf), r);
	fprintf(f, _("  ballot       %s\n"), buf);
	fprintf(f, _("  rule         %s\n"), r->rule);
	fprintf(f, _("  tie-break    %s\n"), r->tie_break);
	fprintf(f, _("  opens        %s\n"), r->opens ? time_format(buf, sizeof(buf), r->opens) :
	    _("by command"));
	fprintf(f, _("  closes       %s\n"), r->closes ? time_format(buf, sizeof(buf),
	    r->closes) : _("by command"));
	fprintf(f, _("  created      %s\n"), time_format(buf, sizeof(buf), r->created));
	if (r->opened)
		fprintf(f, _("  opened       %s\n"), time_format(buf, sizeof(buf), r->opened));
	if (r->closed)
		fprintf(f, _("  closed       %s\n"), time_format(buf, sizeof(buf), r->closed));
	if (r->state != ROUND_DRAFT && !sodium_is_zero(r->seed, sizeof(r->seed))) {
		hex_encode(r->seed, 32, hex);
		fprintf(f, _("  seed         %s\n"), hex);
	}
	fprintf(f, _("  events       %" PRIu64 "\n"), ri->events);
	if (ri->registered)
		fprintf(f, _("  credentials  %" PRIu32 " registered: %" PRIu32 " used, %" PRIu32
		    " revoked, %" PRIu32 " unused\n"), ri->registered, ri->used, ri->revoked,
		    ri->registered - ri->used - ri->revoked);
	if (r->state != ROUND_DRAFT) {
		fprintf(f, _("  ballots      %" PRIu64), ri->ballots);
		for (i = 0; i < ri->kiosks.n; i++) {
			const struct kiosk_count *kc =
			    (const struct kiosk_count *)ri->kiosks.items + i;
			fprintf(f, "%s%s %" PRIu64, i ? ", " : " (", kc->name ? kc->name : "?",
			    kc->ballots);
		}
		fprintf(f, "%s\n", ri->kiosks.n ? ")" : "");
	}
	for (i = 0; i < ri->initiatives.n; i++) {
		in = (const struct initiative *)ri->initiatives.items + i;
		if (in->status == INIT_ADMITTED) {
			nadmitted++;
			admitted += in->cost;
		}
	}
	if (ri->initiatives.n == 0) {
		fputs(_("no initiatives yet\n"), f);
		return;
	}
	fprintf(f, ngettext("initiatives: %" PRIu32 ", of which %" PRIu32 " admitted costing %s "
	    "(budget %s)\n", "initiatives: %" PRIu32 ", of which %" PRIu32 " admitted costing %s "
	    "(budget %s)\n", ri->initiatives.n), ri->initiatives.n, nadmitted,
	    money_format(m, sizeof(m), admitted), money_format(m2, sizeof(m2), r->budget));
	initiative_table(f, &ri->initiatives, 0);
}

static void
text_initiatives(FILE *f, const struct initiative_list *il)
{
	if (il->items.n == 0) {
		fputs(_("no initiatives\n"), f);
		return;
	}
	initiative_table(f, &il->items, 1);
}

static void
text_done(FILE *f, const char *what, const char *verb, const struct done *d)
{
	/* TRANSLATORS: "round 3 opened": what (already translated), its id, the verb. */
	fprintf(f, _("%s %" PRIu32 " %s\n"), what, d->id, verb);
}

static void
text_keygen(FILE *f, const char *path, const uint8_t pk[KEY_BYTES])
{
	char hex[2 * KEY_BYTES + 1];

	hex_encode(pk, KEY_BYTES, hex);
	fprintf(f, _("public key   %s\n"), hex);
	fprintf(f, _("secret key   %s (keep it private: it signs organiser commands)\n"), path);
	fprintf(f, _("public file  %s.pub\n"), path);
	fprintf(f, _("to let it sign, add to dorpsstemd.conf:  organiser \"NAME\" key %s\n"),
	    hex);
}

const struct output output_text = {
	text_status, text_villages, text_rounds, text_round_info, text_initiatives, text_done,
	text_keygen
};

/* ---- JSON: one object per reply, on one line (amounts in cents, see docs/cli.md) ----- */

static void
json_status(FILE *f, const struct status *s, const struct conn *c)
{
	(void)c;
	json_record(f, &schema_status, s);
	putc('\n', f);
}

static void
json_villages(FILE *f, const struct village_list *vl)
{
	json_record(f, &schema_village_list, vl);
	putc('\n', f);
}

static void
json_rounds(FILE *f, const struct round_list *rl, const struct village_list *vl)
{
	(void)vl;
	json_record(f, &schema_round_list, rl);
	putc('\n', f);
}

/* A list of initiatives as a JSON array: each the INITIATIVE record's fields and then
 * "nr", its number in its round (roundnr.h), so scripts get both the number a person
 * sees and the protocol's id. */
void
json_initiative_array(FILE *f, const struct wire_list *l)
{
	const struct initiative	*in;
	char			*buf = NULL;
	size_t			 len = 0;
	uint32_t		 i;
	FILE			*m;

	putc('[', f);
	for (i = 0; i < l->n; i++) {
		in = (const struct initiative *)l->items + i;
		if (i)
			putc(',', f);
		if ((m = open_memstream(&buf, &len)) == NULL)
			break;
		json_record(m, &schema_initiative, in);
		fclose(m);
		/* json_record writes one object: drop its closing brace to add the number. */
		if (len > 0 && buf[len - 1] == '}')
			buf[--len] = '\0';
		fprintf(f, "%s,\"nr\":%" PRIu32 "}", buf, initiative_nr(l->items, l->n,
		    in->round, in->id));
		free(buf);
		buf = NULL;
	}
	putc(']', f);
}

/* The ROUND_INFO record's fields in schema order, the initiatives with their "nr". */
static void
json_round_info(FILE *f, const struct round_info *ri)
{
	uint32_t	 i;

	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*m;

	/* The round is embedded in ROUND_INFO: its fields come first, unnested. */
	if ((m = open_memstream(&buf, &len)) == NULL)
		return;
	json_record(m, &schema_round, &ri->round);
	fclose(m);
	if (len > 0 && buf[len - 1] == '}')
		buf[--len] = '\0';
	fputs(buf, f);
	free(buf);
	fputs(",\"village_name\":", f);
	json_string(f, ri->village_name ? ri->village_name : "");
	fprintf(f, ",\"events\":%" PRIu64 ",\"initiatives\":", ri->events);
	json_initiative_array(f, &ri->initiatives);
	fprintf(f, ",\"registered\":%" PRIu32 ",\"used\":%" PRIu32 ",\"revoked\":%" PRIu32
	    ",\"ballots\":%" PRIu64 ",\"kiosks\":[", ri->registered, ri->used, ri->revoked,
	    ri->ballots);
	for (i = 0; i < ri->kiosks.n; i++) {
		if (i)
			putc(',', f);
		json_record(f, &schema_kiosk_count, (const struct kiosk_count *)ri->kiosks.items + i);
	}
	fputs("]}\n", f);
}

static void
json_initiatives(FILE *f, const struct initiative_list *il)
{
	fputs("{\"items\":", f);
	json_initiative_array(f, &il->items);
	fputs("}\n", f);
}

static void
json_done(FILE *f, const char *what, const char *verb, const struct done *d)
{
	(void)what;
	(void)verb;
	json_record(f, &schema_done, d);
	putc('\n', f);
}

static void
json_keygen(FILE *f, const char *path, const uint8_t pk[KEY_BYTES])
{
	char *pub;

	fputs("{\"public_key\":", f);
	json_hex(f, pk, KEY_BYTES);
	fputs(",\"secret_file\":", f);
	json_string(f, path);
	if (asprintf(&pub, "%s.pub", path) != -1) {
		fputs(",\"public_file\":", f);
		json_string(f, pub);
		free(pub);
	}
	fputs("}\n", f);
}

const struct output output_json = {
	json_status, json_villages, json_rounds, json_round_info, json_initiatives, json_done,
	json_keygen
};
