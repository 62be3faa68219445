/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * overview.c — the jaaroverzicht's figures and how they are written: text for the
 * terminal (aligned columns and bars), CSV for a Dutch spreadsheet, JSON, and an HTML page
 * with inline SVG charts that prints on A4. No daemon here: cmd_overview.c fetches,
 * tests/bench/overview.c feeds synthetic data. overview.h says what each figure means.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "msg.h"
#include "overview.h"

#define DASH		"\xe2\x80\x94"	/* — : not known */

#define BAR_W		30

/* ---- cells ------------------------------------------------------------------------------ */

static char *
cell_pct(char *buf, size_t n, int64_t bp)
{
	if (bp < 0)
		snprintf(buf, n, DASH);
	else
		/* TRANSLATORS: a percentage with two decimals; Dutch writes a decimal comma. */
		snprintf(buf, n, _("%" PRId64 ".%02" PRId64 " %%"), bp / 100, bp % 100);
	return buf;
}

static char *
cell_count(char *buf, size_t n, uint64_t v)
{
	snprintf(buf, n, "%" PRIu64, v);
	return buf;
}

/* "€ 20.000 (6)" */
static char *
cell_ca(char *buf, size_t n, const struct ov_count *c)
{
	char m[MONEY_BUF];

	snprintf(buf, n, "%s (%" PRIu32 ")", money_format(m, sizeof(m), c->amount), c->n);
	return buf;
}

static char *
cell_ind(char *buf, size_t n, const struct ov_row *r, size_t i)
{
	int64_t v = ov_ind_value(r, i);

	if (v < 0 && ov_indicators[i].kind != OV_BP)
		snprintf(buf, n, DASH);
	else if (ov_indicators[i].kind == OV_MONEY)
		money_format(buf, n, (uint64_t)v);
	else if (ov_indicators[i].kind == OV_BP)
		cell_pct(buf, n, v);
	else
		cell_count(buf, n, (uint64_t)v);
	return buf;
}

static const char *
spending_note(void)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), _("A row with a round whose books do not add up (see audit "
	    "verify) leaves these columns empty (%s)."), DASH);
	return buf;
}

static const char *
cat_name(const char *s)
{
	return *s ? s : _("(none)");
}

static const char *
cond_text(const struct ov_input *in, const struct ov_fail *f)
{
	size_t i;

	for (i = 0; i < in->nconds; i++)
		if (in->conds[i].village == f->village && in->conds[i].version == f->version &&
		    f->nr >= 1 && f->nr <= in->conds[i].n)
			return in->conds[i].text[f->nr - 1];
	return "";
}

static const char *
village_of(const struct ov_input *in, uint32_t id)
{
	size_t i;

	for (i = 0; i < in->nvillages; i++)
		if (in->villages[i].id == id)
			return in->villages[i].name;
	return "?";
}

/* ---- text --------------------------------------------------------------------------------- */



static void
text_bar(FILE *f, uint64_t v, uint64_t max)
{
	static const char *part[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
	    "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89" };
	uint64_t	e, i;

	if (v > max)
		v = max;	/* a bar never runs past its column */
	e = max > 0 ? (uint64_t)(((unsigned __int128)v * BAR_W * 8 + max / 2) / max) : 0;

	for (i = 0; i < e / 8; i++)
		fputs("\xe2\x96\x88", f);
	fputs(part[e % 8], f);
	for (i = e / 8 + (e % 8 != 0); i < BAR_W; i++)
		putc(' ', f);
}

static void
text_money_table(FILE *f, const struct ov_report *rep)
{
	struct table	 t;
	char		 b[6][64];
	size_t		 i;

	table_init(&t, 7, "lrrrrrr");
	table_row(&t, _("village"), _("rounds"), _("budget"), _("asked for"), _("admitted"),
	    _("rejected"), _("financed"));
	for (i = 0; i < rep->nrows; i++) {
		const struct ov_row *r = &rep->rows[i];
		table_row(&t, r->name, cell_count(b[0], 64, r->rounds),
		    money_format(b[1], 64, r->budget), cell_ca(b[2], 64, &r->requested),
		    cell_ca(b[3], 64, &r->admitted), cell_ca(b[4], 64, &r->rejected),
		    cell_ca(b[5], 64, &r->funded));
	}
	if (rep->only == 0) {
		const struct ov_row *r = &rep->total;
		table_row(&t, _("total"), cell_count(b[0], 64, r->rounds),
		    money_format(b[1], 64, r->budget), cell_ca(b[2], 64, &r->requested),
		    cell_ca(b[3], 64, &r->admitted), cell_ca(b[4], 64, &r->rejected),
		    cell_ca(b[5], 64, &r->funded));
	}
	table_print(f, &t, "  ");
	table_free(&t);
	if (rep->total.withdrawn.n)
		fprintf(f, ngettext("  Withdrawn by the proposers: %" PRIu32 " initiative (%s).\n",
		    "  Withdrawn by the proposers: %" PRIu32 " initiatives (%s).\n",
		    rep->total.withdrawn.n), rep->total.withdrawn.n,
		    money_format(b[0], 64, rep->total.withdrawn.amount));
}

static void
text_turnout_table(FILE *f, const struct ov_report *rep)
{
	struct table	 t;
	char		 b[5][64];
	size_t		 i;
	const struct ov_row *r;

	table_init(&t, 6, "lrrrrr");
	table_row(&t, _("village"), _("votes"), _("cards"), _("turnout"), _("inhabitants"),
	    _("per inhabitant"));
	for (i = 0; i <= rep->nrows; i++) {
		if (i == rep->nrows && rep->only)
			break;
		r = i < rep->nrows ? &rep->rows[i] : &rep->total;
		table_row(&t, i < rep->nrows ? r->name : _("total"),
		    cell_count(b[0], 64, r->ballots), cell_count(b[1], 64, r->cards),
		    cell_pct(b[2], 64, ov_bp(r->ballots, r->cards)),
		    r->inhabitants ? cell_count(b[3], 64, r->inhabitants) : DASH,
		    cell_pct(b[4], 64, r->inhabitants ? ov_bp(r->ballots_inh, r->inhabitants) : -1));
	}
	table_print(f, &t, "  ");
	table_free(&t);
}

static void
text_spending_table(FILE *f, const struct ov_report *rep)
{
	struct table	 t;
	char		 b[6][64];
	size_t		 i;
	const struct ov_row *r;

	table_init(&t, 7, "lrrrrrr");
	table_row(&t, _("village"), _("granted"), _("paid"), _("spent"), _("returned"),
	    _("outstanding"), _("overdue"));
	for (i = 0; i <= rep->nrows; i++) {
		if (i == rep->nrows && rep->only)
			break;
		r = i < rep->nrows ? &rep->rows[i] : &rep->total;
		if (r->spending.recorded)
			table_row(&t, i < rep->nrows ? r->name : _("total"),
			    money_format(b[0], 64, r->spending.granted),
			    money_format(b[1], 64, r->spending.paid),
			    money_format(b[2], 64, r->spending.spent),
			    money_format(b[3], 64, r->spending.returned),
			    money_format(b[4], 64, r->spending.outstanding),
			    cell_count(b[5], 64, r->spending.overdue));
		else
			table_row(&t, i < rep->nrows ? r->name : _("total"), DASH, DASH, DASH, DASH,
			    DASH, DASH);
	}
	table_print(f, &t, "  ");
	table_free(&t);
	if (!rep->total.spending.recorded)
		fprintf(f, "  %s\n", spending_note());
}

void
ov_write_text(FILE *f, const struct ov_report *rep)
{
	const struct ov_input	*in = rep->in;
	struct table		 t;
	char			 b[4][64];
	uint64_t		 max;
	size_t			 i, w, cw;

	if (rep->only)
		fprintf(f, _("Annual overview %d: %s\n"), rep->year, rep->total.name);
	else
		fprintf(f, ngettext("Annual overview %d: the whole municipality (%zu village)\n",
		    "Annual overview %d: the whole municipality (%zu villages)\n", rep->nrows),
		    rep->year, rep->nrows);
	fprintf(f, "%s\n", _("A round counts in the year in which it closed."));

	fprintf(f, "\n%s\n", _("Money and initiatives (amount, and how many)"));
	text_money_table(f, rep);

	if (rep->only == 0 && rep->nrows > 0) {
		fprintf(f, "\n%s\n", _("Funded per village"));
		for (max = 0, i = 0; i < rep->nrows; i++)
			if (rep->rows[i].funded.amount > max)
				max = rep->rows[i].funded.amount;
		for (w = 0, i = 0; i < rep->nrows; i++)
			if ((cw = text_width(rep->rows[i].name)) > w)
				w = cw;
		for (i = 0; i < rep->nrows; i++) {
			fprintf(f, "  %s%*s  ", rep->rows[i].name,
			    (int)(w - text_width(rep->rows[i].name)), "");
			text_bar(f, rep->rows[i].funded.amount, max);
			fprintf(f, "  %s\n", money_format(b[0], 64, rep->rows[i].funded.amount));
		}
	}

	fprintf(f, "\n%s\n", _("Turnout"));
	text_turnout_table(f, rep);

	fprintf(f, "\n%s\n", _("Spending (toekenning en verantwoording)"));
	text_spending_table(f, rep);

	fprintf(f, "\n%s\n", _("Conditions not met most often (rejected initiatives)"));
	if (rep->total.nfails == 0)
		fprintf(f, "  %s\n", _("none: no initiative was rejected on a condition"));
	for (i = 0; i < rep->total.nfails && i < OV_TOP_FAILS; i++) {
		const struct ov_fail *fl = &rep->total.fails[i];
		/* TRANSLATORS: village, condition number, version, the condition. */
		fprintf(f, "  %" PRIu32 "\xc3\x97  ", fl->count);	/* 2× */
		fprintf(f, _("%s, condition %" PRIu32 " (version %" PRIu32 "): %s\n"),
		    village_of(in, fl->village), fl->nr, fl->version, cond_text(in, fl));
	}

	fprintf(f, "\n%s\n", _("Initiatives by category (amount, and how many)"));
	table_init(&t, 4, "lrrr");
	table_row(&t, _("kind"), _("asked for"), _("admitted"), _("financed"));
	for (i = 0; i < rep->total.ncats; i++) {
		const struct ov_cat *c = &rep->total.cats[i];
		table_row(&t, cat_name(c->name), cell_ca(b[0], 64, &c->requested),
		    cell_ca(b[1], 64, &c->admitted), cell_ca(b[2], 64, &c->funded));
	}
	if (rep->total.ncats)
		table_print(f, &t, "  ");
	else
		fprintf(f, "  %s\n", _("no initiatives"));
	table_free(&t);

	fprintf(f, "\n%s\n", _("Indicators: last year and this year"));
	table_init(&t, 3, "lrr");
	snprintf(b[0], 64, _("achieved %d"), rep->year - 1);
	snprintf(b[1], 64, _("achieved %d"), rep->year);
	table_row(&t, _("indicator"), b[0], b[1]);
	for (i = 0; i < ov_nindicators; i++)
		table_row(&t, _(ov_indicators[i].label), cell_ind(b[2], 64, &rep->prev, i),
		    cell_ind(b[3], 64, &rep->total, i));
	table_print(f, &t, "  ");
	table_free(&t);

	fprintf(f, "\n%s\n", _("Turnout over the years (ballots per card issued)"));
	for (i = 0; i < rep->nyears; i++) {
		const struct ov_row *y = &rep->years[i];
		int64_t bp = ov_bp(y->ballots, y->cards);
		fprintf(f, "  %d  ", y->year);
		text_bar(f, bp > 0 ? (uint64_t)bp : 0, 10000);
		fprintf(f, "  %s\n", cell_pct(b[0], 64, bp));
	}
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void
csv_text(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void
csv_pct(FILE *f, int64_t bp)
{
	if (bp >= 0)
		fprintf(f, "%" PRId64 ",%02" PRId64, bp / 100, bp % 100);
}

static void
csv_money(FILE *f, uint64_t v)
{
	char m[MONEY_BUF];

	fputs(money_format_csv(m, sizeof(m), v), f);
}

static void
csv_row(FILE *f, const struct ov_row *r, const char *name)
{
	const struct ov_count	*c[5] = { &r->requested, &r->admitted, &r->rejected,
	    &r->withdrawn, &r->funded };
	size_t			 i;

	fprintf(f, "%d;", r->year);
	csv_text(f, name);
	fprintf(f, ";%" PRIu32 ";", r->rounds);
	csv_money(f, r->budget);
	for (i = 0; i < 5; i++) {
		fprintf(f, ";%" PRIu32 ";", c[i]->n);
		csv_money(f, c[i]->amount);
	}
	fprintf(f, ";%" PRIu64 ";%" PRIu64 ";", r->ballots, r->cards);
	csv_pct(f, ov_bp(r->ballots, r->cards));
	putc(';', f);
	if (r->inhabitants)
		fprintf(f, "%" PRIu64, r->inhabitants);
	putc(';', f);
	if (r->inhabitants)
		csv_pct(f, ov_bp(r->ballots_inh, r->inhabitants));
	/* Spending: empty cells until it is recorded (a spreadsheet reads "" as no value). */
	if (r->spending.recorded) {
		uint64_t v[5] = { r->spending.granted, r->spending.paid, r->spending.spent,
		    r->spending.returned, r->spending.outstanding };
		for (i = 0; i < 5; i++) {
			putc(';', f);
			csv_money(f, v[i]);
		}
		fprintf(f, ";%" PRIu32, r->spending.overdue);
	} else
		fputs(";;;;;;", f);
	fputs("\r\n", f);
}

void
ov_write_csv(FILE *f, const struct ov_report *rep)
{
	struct ov_row	row;
	size_t		i;
	int		y;

	/* The header is Dutch, as in `result --csv`: the spreadsheet is for the gemeente. */
	fputs("\xef\xbb\xbf" "jaar;dorp;rondes;budget;aangevraagd_aantal;aangevraagd_bedrag;"
	    "toegelaten_aantal;toegelaten_bedrag;afgewezen_aantal;afgewezen_bedrag;"
	    "ingetrokken_aantal;ingetrokken_bedrag;gefinancierd_aantal;gefinancierd_bedrag;"
	    "stemmen;kaarten;opkomst_kaarten;inwoners;opkomst_inwoners;toegekend;betaald;"
	    "besteed;terugbetaald;openstaand;te_laat\r\n", f);
	/* Last year first, then this year: per village, then the total (all villages). */
	for (y = rep->year - 1; y <= rep->year; y++) {
		for (i = 0; i < rep->nrows; i++) {
			if (y == rep->year) {
				csv_row(f, &rep->rows[i], rep->rows[i].name);
				continue;
			}
			if (ov_row_fill(rep->in, &row, rep->rows[i].village, rep->rows[i].name, y,
			    0) == 0)
				csv_row(f, &row, row.name);
			ov_row_free(&row);
		}
		if (rep->only == 0)
			csv_row(f, y == rep->year ? &rep->total : &rep->prev, "totaal");
	}
}

/* ---- JSON -------------------------------------------------------------------------------- */

static void
json_bp(FILE *f, int64_t bp)
{
	if (bp < 0)
		fputs("null", f);
	else
		fprintf(f, "%" PRId64, bp);
}

static void
json_count(FILE *f, const char *key, const struct ov_count *c)
{
	fprintf(f, ",\"%s\":{\"count\":%" PRIu32 ",\"amount\":%" PRIu64 "}", key, c->n,
	    c->amount);
}

static void
json_row(FILE *f, const struct ov_row *r)
{
	static const char *sk[] = { "granted", "paid", "spent", "returned", "outstanding" };
	uint64_t	sv[5] = { r->spending.granted, r->spending.paid, r->spending.spent,
	    r->spending.returned, r->spending.outstanding };
	size_t		i;

	fputs("{\"village\":", f);
	if (r->village)
		fprintf(f, "%" PRIu32, r->village);
	else
		fputs("null", f);
	fputs(",\"name\":", f);
	json_string(f, r->name);
	fprintf(f, ",\"year\":%d,\"rounds\":%" PRIu32 ",\"budget\":%" PRIu64, r->year, r->rounds,
	    r->budget);
	json_count(f, "requested", &r->requested);
	json_count(f, "admitted", &r->admitted);
	json_count(f, "rejected", &r->rejected);
	json_count(f, "withdrawn", &r->withdrawn);
	json_count(f, "funded", &r->funded);
	fprintf(f, ",\"ballots\":%" PRIu64 ",\"cards\":%" PRIu64 ",\"turnout_cards_bp\":",
	    r->ballots, r->cards);
	json_bp(f, ov_bp(r->ballots, r->cards));
	fputs(",\"inhabitants\":", f);
	if (r->inhabitants)
		fprintf(f, "%" PRIu64, r->inhabitants);
	else
		fputs("null", f);
	fputs(",\"turnout_inhabitants_bp\":", f);
	json_bp(f, r->inhabitants ? ov_bp(r->ballots_inh, r->inhabitants) : -1);
	fprintf(f, ",\"spending\":{\"recorded\":%s", r->spending.recorded ? "true" : "false");
	for (i = 0; i < 5; i++) {
		fprintf(f, ",\"%s\":", sk[i]);
		if (r->spending.recorded)
			fprintf(f, "%" PRIu64, sv[i]);
		else
			fputs("null", f);
	}
	fputs(",\"overdue\":", f);
	if (r->spending.recorded)
		fprintf(f, "%" PRIu32, r->spending.overdue);
	else
		fputs("null", f);
	fputs("}}", f);
}

void
ov_write_json(FILE *f, const struct ov_report *rep)
{
	const struct ov_input	*in = rep->in;
	size_t			 i;

	fprintf(f, "{\"year\":%d,\"village\":", rep->year);
	if (rep->only)
		fprintf(f, "%" PRIu32, rep->only);
	else
		fputs("null", f);
	fputs(",\"villages\":[", f);
	for (i = 0; i < rep->nrows; i++) {
		if (i)
			putc(',', f);
		json_row(f, &rep->rows[i]);
	}
	fputs("],\"total\":", f);
	json_row(f, &rep->total);
	fputs(",\"previous\":", f);
	json_row(f, &rep->prev);
	fputs(",\"failed_conditions\":[", f);
	for (i = 0; i < rep->total.nfails; i++) {
		const struct ov_fail *fl = &rep->total.fails[i];
		fprintf(f, "%s{\"village\":%" PRIu32 ",\"version\":%" PRIu32 ",\"nr\":%" PRIu32
		    ",\"count\":%" PRIu32 ",\"text\":", i ? "," : "", fl->village, fl->version,
		    fl->nr, fl->count);
		json_string(f, cond_text(in, fl));
		putc('}', f);
	}
	fputs("],\"categories\":[", f);
	for (i = 0; i < rep->total.ncats; i++) {
		const struct ov_cat *c = &rep->total.cats[i];
		fputs(i ? ",{\"category\":" : "{\"category\":", f);
		json_string(f, c->name);
		json_count(f, "requested", &c->requested);
		json_count(f, "admitted", &c->admitted);
		json_count(f, "funded", &c->funded);
		putc('}', f);
	}
	fputs("],\"indicators\":[", f);
	for (i = 0; i < ov_nindicators; i++) {
		int64_t p = ov_ind_value(&rep->prev, i), t = ov_ind_value(&rep->total, i);
		fprintf(f, "%s{\"name\":\"%s\",\"previous\":", i ? "," : "", ov_indicators[i].key);
		json_bp(f, p);
		fputs(",\"current\":", f);
		json_bp(f, t);
		putc('}', f);
	}
	fputs("],\"turnout_by_year\":[", f);
	for (i = 0; i < rep->nyears; i++) {
		const struct ov_row *y = &rep->years[i];
		fprintf(f, "%s{\"year\":%d,\"ballots\":%" PRIu64 ",\"cards\":%" PRIu64
		    ",\"turnout_cards_bp\":", i ? "," : "", y->year, y->ballots, y->cards);
		json_bp(f, ov_bp(y->ballots, y->cards));
		fputs(",\"turnout_inhabitants_bp\":", f);
		json_bp(f, y->inhabitants ? ov_bp(y->ballots_inh, y->inhabitants) : -1);
		putc('}', f);
	}
	fprintf(f, "],\"spending_recorded\":%s}\n", rep->total.spending.recorded ? "true" :
	    "false");
}

/* ---- HTML -------------------------------------------------------------------------------- */

/* Text into HTML or SVG (also inside attribute values): every markup character escaped. */
static void
h(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f);
		}
	}
}

/* A name cut to at most n characters (UTF-8 aware) for a chart label, escaped. */
static void
h_cut(FILE *f, const char *s, size_t n)
{
	char	buf[256];
	size_t	k, chars = 0;

	for (k = 0; s[k] && k < sizeof(buf) - 4; k++) {
		if (((unsigned char)s[k] & 0xc0) != 0x80 && chars++ == n)
			break;
		buf[k] = s[k];
	}
	if (s[k] && k + 3 < sizeof(buf))
		memcpy(buf + k, "\xe2\x80\xa6", 3), k += 3;	/* … */
	buf[k] = '\0';
	h(f, buf);
}

static void
td(FILE *f, const char *cls, const char *s)
{
	fprintf(f, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	h(f, s);
	fputs("</td>", f);
}

static void
th(FILE *f, const char *s)
{
	fputs("<th>", f);
	h(f, s);
	fputs("</th>", f);
}

static void
html_heading(FILE *f, const char *tag, const char *s)
{
	fprintf(f, "<%s>", tag);
	h(f, s);
	fprintf(f, "</%s>\n", tag);
}

/* Funded per village: horizontal bars, at most 40 villages per chart (so that each
 * chart fits on an A4 page). */
static void
svg_funded(FILE *f, const struct ov_report *rep)
{
	char		m[MONEY_BUF];
	uint64_t	max = 0;
	size_t		i, k, n;
	int		y;

	for (i = 0; i < rep->nrows; i++)
		if (rep->rows[i].funded.amount > max)
			max = rep->rows[i].funded.amount;
	for (i = 0; i < rep->nrows; i += 40) {
		n = rep->nrows - i < 40 ? rep->nrows - i : 40;
		fprintf(f, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
		    "height=\"%zu\" viewBox=\"0 0 640 %zu\" role=\"img\"><title>", 20 * n + 10,
		    20 * n + 10);
		h(f, _("Funded per village"));
		fputs("</title>\n", f);
		for (k = 0; k < n; k++) {
			const struct ov_row *r = &rep->rows[i + k];
			uint64_t w = max ? (uint64_t)((unsigned __int128)r->funded.amount * 360 /
			    max) : 0;
			y = (int)(20 * k + 5);
			fprintf(f, "<text x=\"150\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">",
			    y + 13);
			h_cut(f, r->name, 22);
			fprintf(f, "</text><rect x=\"160\" y=\"%d\" width=\"%" PRIu64 "\" height=\"15\" "
			    "fill=\"#2b6cb0\"/><text x=\"%" PRIu64 "\" y=\"%d\" font-size=\"12\">", y,
			    w, 166 + w, y + 13);
			h(f, money_format(m, sizeof(m), r->funded.amount));
			fputs("</text>\n", f);
		}
		fputs("</svg></figure>\n", f);
	}
}

/* Turnout over the years: a bar per year (ballots per card), with its percentage. */
static void
svg_turnout(FILE *f, const struct ov_report *rep)
{
	char	p[64];
	size_t	i, n = rep->nyears;
	int	bw = n > 0 ? (int)(560 / n) : 560, x, hgt;

	if (bw > 80)
		bw = 80;
	fputs("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"240\" "
	    "viewBox=\"0 0 640 240\" role=\"img\"><title>", f);
	h(f, _("Turnout over the years (ballots per card issued)"));
	fputs("</title>\n<line x1=\"40\" y1=\"210\" x2=\"630\" y2=\"210\" stroke=\"#333\"/>"
	    "<text x=\"35\" y=\"214\" text-anchor=\"end\" font-size=\"11\">0%</text>"
	    "<line x1=\"40\" y1=\"30\" x2=\"630\" y2=\"30\" stroke=\"#ccc\"/>"
	    "<text x=\"35\" y=\"34\" text-anchor=\"end\" font-size=\"11\">100%</text>\n", f);
	for (i = 0; i < n; i++) {
		const struct ov_row *y = &rep->years[i];
		int64_t bp = ov_bp(y->ballots, y->cards);
		x = 50 + (int)i * bw;
		hgt = bp > 0 ? (int)((bp > 10000 ? 10000 : bp) * 180 / 10000) : 0;
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#2f855a\"/>",
		    x, 210 - hgt, bw - 8, hgt);
		fprintf(f, "<text x=\"%d\" y=\"226\" text-anchor=\"middle\" font-size=\"11\">%d"
		    "</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">",
		    x + (bw - 8) / 2, y->year, x + (bw - 8) / 2, 205 - hgt);
		h(f, cell_pct(p, sizeof(p), bp));
		fputs("</text>\n", f);
	}
	fputs("</svg></figure>\n", f);
}

void
ov_write_html(FILE *f, const struct ov_report *rep)
{
	const struct ov_input	*in = rep->in;
	char			 b[8][128], title[512];
	size_t			 i;
	const struct ov_row	*r;

	if (rep->only)
		snprintf(title, sizeof(title), _("Annual overview %d: %s"), rep->year,
		    rep->total.name);
	else
		snprintf(title, sizeof(title), _("Annual overview %d: the whole municipality"),
		    rep->year);
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"/>\n"
	    "<title>", i18n_lang() == I18N_EN ? "en" : "nl");
	h(f, title);
	/* Print: A4 portrait, tables and charts not split over pages where avoidable. */
	fputs("</title>\n<style>"
	    "@page{size:A4 portrait;margin:15mm}"
	    "body{font-family:sans-serif;font-size:10pt;max-width:60em;margin:1em auto;"
	    "padding:0 1em;color:#111}"
	    "h1{font-size:16pt}h2{font-size:12pt;margin-top:1.5em}"
	    "table{border-collapse:collapse;width:100%;margin:.5em 0}"
	    "th,td{padding:.2em .4em;border-bottom:1px solid #ccc;text-align:left}"
	    "td.n{text-align:right;white-space:nowrap}th+th{text-align:right}"
	    "table.txt th{text-align:left}tr.total td{font-weight:bold}"
	    "figure{margin:.5em 0}svg{max-width:100%;height:auto}"
	    "p.note{font-style:italic}"
	    "@media print{body{max-width:none;margin:0;padding:0}"
	    "table,figure,tr{break-inside:avoid}thead{display:table-header-group}"
	    "h2{break-after:avoid}}"
	    "</style></head><body>\n", f);
	html_heading(f, "h1", title);
	fputs("<p>", f);
	h(f, _("A round counts in the year in which it closed."));
	fputs("</p>\n", f);

	html_heading(f, "h2", _("Money and initiatives (amount, and how many)"));
	fputs("<table><thead><tr>", f);
	th(f, _("village")), th(f, _("rounds")), th(f, _("budget")), th(f, _("asked for"));
	th(f, _("admitted")), th(f, _("rejected")), th(f, _("withdrawn")), th(f, _("financed"));
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i <= rep->nrows; i++) {
		if (i == rep->nrows && rep->only)
			break;
		r = i < rep->nrows ? &rep->rows[i] : &rep->total;
		fputs(i < rep->nrows ? "<tr>" : "<tr class=\"total\">", f);
		td(f, NULL, i < rep->nrows ? r->name : _("total"));
		td(f, "n", cell_count(b[0], 128, r->rounds));
		td(f, "n", money_format(b[1], 128, r->budget));
		td(f, "n", cell_ca(b[2], 128, &r->requested));
		td(f, "n", cell_ca(b[3], 128, &r->admitted));
		td(f, "n", cell_ca(b[4], 128, &r->rejected));
		td(f, "n", cell_ca(b[5], 128, &r->withdrawn));
		td(f, "n", cell_ca(b[6], 128, &r->funded));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (rep->only == 0 && rep->nrows > 0) {
		html_heading(f, "h2", _("Funded per village"));
		svg_funded(f, rep);
	}

	html_heading(f, "h2", _("Turnout"));
	fputs("<table><thead><tr>", f);
	th(f, _("village")), th(f, _("votes")), th(f, _("cards")), th(f, _("turnout"));
	th(f, _("inhabitants")), th(f, _("per inhabitant"));
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i <= rep->nrows; i++) {
		if (i == rep->nrows && rep->only)
			break;
		r = i < rep->nrows ? &rep->rows[i] : &rep->total;
		fputs(i < rep->nrows ? "<tr>" : "<tr class=\"total\">", f);
		td(f, NULL, i < rep->nrows ? r->name : _("total"));
		td(f, "n", cell_count(b[0], 128, r->ballots));
		td(f, "n", cell_count(b[1], 128, r->cards));
		td(f, "n", cell_pct(b[2], 128, ov_bp(r->ballots, r->cards)));
		td(f, "n", r->inhabitants ? cell_count(b[3], 128, r->inhabitants) : DASH);
		td(f, "n", cell_pct(b[4], 128, r->inhabitants ? ov_bp(r->ballots_inh,
		    r->inhabitants) : -1));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	html_heading(f, "h2", _("Turnout over the years (ballots per card issued)"));
	svg_turnout(f, rep);

	html_heading(f, "h2", _("Spending (toekenning en verantwoording)"));
	fputs("<table><thead><tr>", f);
	th(f, _("village")), th(f, _("granted")), th(f, _("paid")), th(f, _("spent"));
	th(f, _("returned")), th(f, _("outstanding")), th(f, _("overdue"));
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i <= rep->nrows; i++) {
		size_t k;
		if (i == rep->nrows && rep->only)
			break;
		r = i < rep->nrows ? &rep->rows[i] : &rep->total;
		fputs(i < rep->nrows ? "<tr>" : "<tr class=\"total\">", f);
		td(f, NULL, i < rep->nrows ? r->name : _("total"));
		if (r->spending.recorded) {
			td(f, "n", money_format(b[0], 128, r->spending.granted));
			td(f, "n", money_format(b[1], 128, r->spending.paid));
			td(f, "n", money_format(b[2], 128, r->spending.spent));
			td(f, "n", money_format(b[3], 128, r->spending.returned));
			td(f, "n", money_format(b[4], 128, r->spending.outstanding));
			td(f, "n", cell_count(b[5], 128, r->spending.overdue));
		} else
			for (k = 0; k < 6; k++)
				td(f, "n", DASH);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (!rep->total.spending.recorded) {
		fputs("<p class=\"note\">", f);
		h(f, spending_note());
		fputs("</p>\n", f);
	}

	html_heading(f, "h2", _("Conditions not met most often (rejected initiatives)"));
	if (rep->total.nfails == 0) {
		fputs("<p>", f);
		h(f, _("none: no initiative was rejected on a condition"));
		fputs("</p>\n", f);
	} else {
		fputs("<table class=\"txt\"><thead><tr>", f);
		th(f, _("times")), th(f, _("village")), th(f, _("condition no.")), th(f, _("text"));
		fputs("</tr></thead><tbody>\n", f);
		for (i = 0; i < rep->total.nfails && i < OV_TOP_FAILS; i++) {
			const struct ov_fail *fl = &rep->total.fails[i];
			fputs("<tr>", f);
			td(f, "n", cell_count(b[0], 128, fl->count));
			td(f, NULL, village_of(in, fl->village));
			snprintf(b[1], 128, _("%" PRIu32 " (version %" PRIu32 ")"), fl->nr,
			    fl->version);
			td(f, NULL, b[1]);
			td(f, NULL, cond_text(in, fl));
			fputs("</tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}

	html_heading(f, "h2", _("Initiatives by category (amount, and how many)"));
	fputs("<table><thead><tr>", f);
	th(f, _("kind")), th(f, _("asked for")), th(f, _("admitted")), th(f, _("financed"));
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i < rep->total.ncats; i++) {
		const struct ov_cat *c = &rep->total.cats[i];
		fputs("<tr>", f);
		td(f, NULL, cat_name(c->name));
		td(f, "n", cell_ca(b[0], 128, &c->requested));
		td(f, "n", cell_ca(b[1], 128, &c->admitted));
		td(f, "n", cell_ca(b[2], 128, &c->funded));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);

	html_heading(f, "h2", _("Indicators: last year and this year"));
	fputs("<table><thead><tr>", f);
	snprintf(b[0], 128, _("achieved %d"), rep->year - 1);
	snprintf(b[1], 128, _("achieved %d"), rep->year);
	th(f, _("indicator")), th(f, b[0]), th(f, b[1]);
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i < ov_nindicators; i++) {
		fputs("<tr>", f);
		td(f, NULL, _(ov_indicators[i].label));
		td(f, "n", cell_ind(b[2], 128, &rep->prev, i));
		td(f, "n", cell_ind(b[3], 128, &rep->total, i));
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n<p><small>dorpsstem &#8212; ", f);
	h(f, _("every result can be checked with its public audit bundle: dorpsstem audit "
	    "verify."));
	fputs("</small></p>\n</body></html>\n", f);
}
