/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd_result.c — what a round decided: `dorpsstem result` (the stored, signed result as a
 * table with a bar per initiative, or JSON, or CSV) and `dorpsstem pabulib export` (the
 * closed round as a pabulib file, built from the published ballots by the same code the
 * daemon counted with, proto/result.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ballot.h"
#include "dorpsstem.h"
#include "i18n.h"
#include "json.h"
#include "key.h"
#include "money.h"
#include "roundnr.h"
#include "result.h"
#include "tally.h"

#define BAR_WIDTH	24

/* The round whose result is printed: its initiatives give the numbers a person sees
 * (roundnr.h); set by cmd_result before any output. */
static const struct round_info *numbering;

/* The round's own number of initiative id (the id itself only if it is not listed). */
static uint32_t
shown_nr(uint32_t id)
{
	uint32_t nr = numbering ? initiative_nr(numbering->initiatives.items,
	    numbering->initiatives.n, numbering->round.id, id) : 0;

	return nr ? nr : id;
}

/* Why an initiative was or was not funded, in a few words for the table (and the CSV
 * and HTML). cmd_result() has first turned "its supporters had too little" into "did not
 * fit" where the initiative cost more than all that was left (see plain_reasons). */
static const char *
reason_text(const struct result_item *it, char *buf, size_t n)
{
	char m[MONEY_BUF];

	switch (it->reason) {
	case TALLY_REASON_FUNDED:
		return _("funded");
	case TALLY_REASON_FUNDED_COMPLETION:
		return _("funded (from what was left over)");
	case TALLY_REASON_NOT_FIT:
		snprintf(buf, n, _("did not fit: %s left"),
		    money_format(m, sizeof(m), it->left > 0 ? (uint64_t)it->left : 0));
		return buf;
	case TALLY_REASON_BELOW_THRESHOLD:
		return _("too few votes (below the threshold)");
	case TALLY_REASON_STOPPED:
		return _("not reached: the sharing-out stopped before it");
	case TALLY_REASON_UNAFFORDABLE:
		return _("too little support to pay for it together");
	case TALLY_REASON_NO_SUPPORT:
		return _("no votes");
	case TALLY_REASON_OVER_BUDGET:
		return _("costs more than the whole budget");
	}
	return "?";
}

static int
rule_is(const struct result *res, const char *prefix)
{
	return strncmp(res->rule, prefix, strlen(prefix)) == 0;
}

/*
 * Equal Shares says "unaffordable" for every initiative its supporters could not pay, also
 * when it cost more than all the money left at the end: nobody could have paid that. The
 * villager's reason is then that it no longer fitted, with what was left. Only the text,
 * CSV and HTML get this; the JSON keeps the stored record as it is.
 */
static void
plain_reasons(struct result *res)
{
	struct result_item	*it;
	uint32_t		 i;

	for (i = 0; i < res->items.n; i++) {
		it = (struct result_item *)res->items.items + i;
		if (it->reason == TALLY_REASON_UNAFFORDABLE && it->cost > res->unspent) {
			it->reason = TALLY_REASON_NOT_FIT;
			it->left = (int64_t)res->unspent;
		}
	}
}

/* The initiatives in the order the explanation tells them: funded ones in the order they
 * were chosen, then the rest by votes. */
static int
explain_cmp(const void *a, const void *b)
{
	const struct result_item *x = *(const struct result_item *const *)a;
	const struct result_item *y = *(const struct result_item *const *)b;

	if (x->funded != y->funded)
		return x->funded ? -1 : 1;
	if (x->funded && x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->initiative < y->initiative ? -1 : x->initiative > y->initiative;
}

/* The explanation under the result, in the reader's language, for a villager: how the rule
 * shares out the dorpsbudget, then per initiative why it is or is not funded. Built from
 * the stored result's numbers; the daemon's own explanation (proto/tally.c, English, with
 * "round" for an Equal Shares iteration) stays in the JSON. An iteration is called a step
 * here, never a round: the round is the vote. */
static void	wrap_text(FILE *, const char *, size_t);
static void	explain_lines(FILE *, const struct result *, int);

static void
explain_plain(FILE *f, const struct result *res, int points, size_t width)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*m;

	/* Written whole, then wrapped to the terminal's usual width. */
	if ((m = open_memstream(&text, &len)) == NULL)
		return;
	explain_lines(m, res, points);
	if (fclose(m) == 0)
		wrap_text(f, text, width);
	free(text);
}

/* Prints text with its lines broken at spaces to at most width columns; a broken
 * per-initiative line goes on under its title, so the number stays alone in its column. */
static void
wrap_text(FILE *f, const char *text, size_t width)
{
	const char	*line, *end, *p, *brk;
	size_t		 indent, col, w;

	for (line = text; *line; line = *end ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		/* Per-initiative lines begin "    3  " (the number in five columns). */
		indent = line[0] == ' ' ? 7 : 0;
		p = line;
		col = 0;
		for (;;) {
			/* The longest run of whole words that fits. */
			brk = NULL;
			for (w = col, end = p; *end && *end != '\n'; end++) {
				if (((unsigned char)*end & 0xc0) != 0x80)
					w++;
				/* Never between "€" and its amount. */
				if (*end == ' ' && w > col + 1 && !(end - p >= 3 &&
				    memcmp(end - 3, "\xe2\x82\xac", 3) == 0))
					brk = end;
				if (w > width && brk != NULL)
					break;
			}
			if (*end == '\0' || *end == '\n' || brk == NULL) {
				fwrite(p, 1, (size_t)(end - p), f);
				fputc('\n', f);
				break;
			}
			fwrite(p, 1, (size_t)(brk - p), f);
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			p = brk + 1;
		}
	}
}

static void
explain_lines(FILE *f, const struct result *res, int points)
{
	const struct result_item	**order;
	const struct result_item	 *it;
	char				  m1[MONEY_BUF], m2[MONEY_BUF];
	uint32_t			  i;

	fputs(_("How the dorpsbudget was shared out\n"), f);
	if (rule_is(res, "equalshares")) {
		fprintf(f, _("Equal shares: every voter gets an equal part of the dorpsbudget to "
		    "spend, here %s each. Step by step, the initiative that costs its voters the "
		    "least each is chosen, and its voters pay for it together from their part. An "
		    "initiative whose voters together no longer have enough left is not funded, "
		    "even with many votes.\n"), money_format(m1, sizeof(m1),
		    res->voter_budget > 0 ? (uint64_t)res->voter_budget : 0));
		if (res->add1_steps > 0)
			fprintf(f, ngettext("The part per voter was raised %" PRIu32 " time by a "
			    "little, so that as little money as possible is left unused.\n",
			    "The part per voter was raised %" PRIu32 " times by a little, so that "
			    "as little money as possible is left unused.\n", res->add1_steps),
			    res->add1_steps);
		if (res->compared)
			fprintf(f, _("Then this outcome was compared with \"most votes first\": "
			    "%" PRIu64 " voters prefer equal shares, %" PRIu64 " prefer most votes "
			    "first, so %s counts.\n"), res->prefer_mes, res->prefer_greedy,
			    res->greedy_won ? _("most votes first") : _("equal shares"));
	} else if (rule_is(res, "phragmen")) {
		fputs(_("Phragmén: step by step the initiative is chosen whose cost can be spread "
		    "most evenly over the voters who want it, until the dorpsbudget does not "
		    "stretch further.\n"), f);
	} else if (rule_is(res, "greedy-no-skip")) {
		fputs(_("Most votes first: the initiative with the most votes is funded first, "
		    "then the next, until one no longer fits in what is left; there it stops.\n"),
		    f);
	} else if (rule_is(res, "greedy-threshold")) {
		uint64_t th = 0;

		if (round_rule_parse(res->rule, NULL, NULL, &th) == 0 && th > 0)
			fprintf(f, ngettext("Most votes first, among the initiatives with at least "
			    "%" PRIu64 " vote: each is funded in turn if it still fits in what is "
			    "left.\n", "Most votes first, among the initiatives with at least "
			    "%" PRIu64 " votes: each is funded in turn if it still fits in what is "
			    "left.\n", th), th);
		else
			fputs(_("Most votes first, among the initiatives with enough votes (the "
			    "threshold): each is funded in turn if it still fits in what is left.\n"),
			    f);
	} else {
		fputs(_("Most votes first: the initiative with the most votes is funded first, "
		    "then the next, and so on; one that no longer fits in what is left is passed "
		    "over and the next gets its turn.\n"), f);
	}
	if ((order = calloc(res->items.n + 1, sizeof(*order))) == NULL)
		return;
	for (i = 0; i < res->items.n; i++)
		order[i] = (const struct result_item *)res->items.items + i;
	qsort(order, res->items.n, sizeof(*order), explain_cmp);
	fputc('\n', f);
	for (i = 0; i < res->items.n; i++) {
		it = order[i];
		fprintf(f, "%5" PRIu32 "  %s: ", shown_nr(it->initiative), it->title);
		money_format(m1, sizeof(m1), it->left > 0 ? (uint64_t)it->left : 0);
		switch (it->reason) {
		case TALLY_REASON_FUNDED:
			if (rule_is(res, "equalshares") && points)
				fprintf(f, ngettext("chosen in step %" PRIu32 " of the computation; "
				    "its %" PRIu64 " voter paid at most %s per point.\n", "chosen in "
				    "step %" PRIu32 " of the computation; its %" PRIu64 " voters paid at "
				    "most %s per point.\n", it->paid_full + it->paid_all), it->order,
				    it->paid_full + it->paid_all, money_format(m2, sizeof(m2),
				    it->price > 0 ? (uint64_t)it->price : 0));
			else if (rule_is(res, "equalshares"))
				fprintf(f, ngettext("chosen in step %" PRIu32 " of the computation; "
				    "its %" PRIu64 " voter paid at most %s.\n", "chosen in step %"
				    PRIu32 " of the computation; its %" PRIu64 " voters paid at most "
				    "%s each.\n", it->paid_full + it->paid_all), it->order,
				    it->paid_full + it->paid_all, money_format(m2, sizeof(m2),
				    it->price > 0 ? (uint64_t)it->price : 0));
			else if (rule_is(res, "phragmen"))
				fprintf(f, _("chosen in step %" PRIu32 " of the computation.\n"),
				    it->order);
			else
				fprintf(f, _("funded as number %" PRIu32 "; after it %s was left.\n"),
				    it->order, m1);
			break;
		case TALLY_REASON_FUNDED_COMPLETION:
			fprintf(f, _("funded afterwards from the money that was left over; after it "
			    "%s was left.\n"), m1);
			break;
		case TALLY_REASON_NOT_FIT:
			/* Equal Shares has no turns: what was left is what was left at the end. */
			if (rule_is(res, "equalshares"))
				fprintf(f, _("not funded: it costs %s and in the end only %s was "
				    "left.\n"), money_format(m2, sizeof(m2), it->cost), m1);
			else
				fprintf(f, _("not funded: it costs %s and when its turn came only %s "
				    "was left.\n"), money_format(m2, sizeof(m2), it->cost), m1);
			break;
		case TALLY_REASON_BELOW_THRESHOLD:
			fputs(_("not funded: too few votes to reach the threshold.\n"), f);
			break;
		case TALLY_REASON_STOPPED:
			fprintf(f, _("not funded: the sharing-out stopped at an initiative that did "
			    "not fit, before this one had its turn (%s was left).\n"), m1);
			break;
		case TALLY_REASON_UNAFFORDABLE:
			fprintf(f, _("not funded: it would fit in the %s left, but the people who "
			    "voted for it had too little of their part left to pay %s together.\n"),
			    money_format(m1, sizeof(m1), res->unspent), money_format(m2, sizeof(m2),
			    it->cost));
			break;
		case TALLY_REASON_NO_SUPPORT:
			fputs(_("not funded: nobody voted for it.\n"), f);
			break;
		case TALLY_REASON_OVER_BUDGET:
			fputs(_("not funded: it costs more than the whole dorpsbudget.\n"), f);
			break;
		default:
			fputs("?\n", f);
		}
	}
	free(order);
}

static void
bar(FILE *f, int64_t v, int64_t max)
{
	int eighths = max > 0 && v > 0 ? (int)((v * BAR_WIDTH * 8 + max / 2) / max) : 0, i;
	static const char *part[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
	    "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89" };

	for (i = 0; i < eighths / 8; i++)
		fputs("\xe2\x96\x88", f);	/* █ */
	fputs(part[eighths % 8], f);
	for (i = eighths / 8 + (eighths % 8 != 0); i < BAR_WIDTH; i++)
		putc(' ', f);
}

static size_t
min_w(size_t a, size_t b)
{
	return a < b ? a : b;
}

static void
result_text(FILE *f, const struct round_info *ri, const struct result *res)
{
	const struct result_item	*it;
	char				 m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], why[128];
	char				 title[41];
	const char			*h_nr, *h_in, *h_co, *h_vo;
	int64_t				 max = 0;
	uint32_t			 i, nfunded = 0;
	size_t				 w, k;

	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		if (it->score > max)
			max = it->score;
		nfunded += it->funded;
	}
	fprintf(f, _("Result of round %" PRIu32 ": %s (%s)\n"), ri->round.id, ri->round.name,
	    ri->village_name);
	fprintf(f, ngettext("Rule %s, tie-break: %s. %" PRIu64 " ballot.\n",
	    "Rule %s, tie-break: %s. %" PRIu64 " ballots.\n", res->ballots), res->rule,
	    res->tie_break, res->ballots);
	fprintf(f, ngettext("Budget %s, spent %s, left over %s. %" PRIu32 " of the %" PRIu32
	    " initiative funded.\n\n", "Budget %s, spent %s, left over %s. %" PRIu32 " of the %"
	    PRIu32 " initiatives funded.\n\n", res->items.n), money_format(m1, sizeof(m1),
	    res->budget), money_format(m2, sizeof(m2), res->spent), money_format(m3, sizeof(m3),
	    res->unspent), nfunded, res->items.n);
	/* Column heads padded by screen columns, like the rows. */
	h_nr = _("no.");
	h_in = _("initiative");
	h_co = _("cost");
	h_vo = _("votes");
	fprintf(f, "%*s%s  %s%*s %*s%s  %s\n", (int)(5 - min_w(text_width(h_nr), 5)), "", h_nr,
	    h_in, (int)(40 - min_w(text_width(h_in), 40)), "",
	    (int)(12 - min_w(text_width(h_co), 12)), "", h_co, h_vo);
	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		/* Titles cut to 40 columns on a character boundary. */
		for (k = 0, w = 0; it->title[k] && k < sizeof(title) - 5; k++) {
			if (((unsigned char)it->title[k] & 0xc0) != 0x80 && ++w > 40)
				break;
			title[k] = it->title[k];
		}
		title[k] = '\0';
		money_format(m1, sizeof(m1), it->cost);
		/* Pad by screen columns: "€" is three bytes but one column. */
		fprintf(f, "%5" PRIu32 "  %s%*s %*s%s  ", shown_nr(it->initiative), title,
		    (int)(40 - min_w(text_width(title), 40)), "",
		    (int)(12 - min_w(text_width(m1), 12)), "", m1);
		bar(f, it->score, max);
		fprintf(f, " %7" PRId64 "  %s %s\n", it->score, it->funded ? "\xe2\x9c\x94" : "-",
		    reason_text(it, why, sizeof(why)));
	}
	fputs("\n", f);
	explain_plain(f, res, ri->round.ballot == BALLOT_CUMULATIVE, 88);
}

/* The RESULT record as JSON with "nr" (the round's number) after each item's
 * "initiative" (the id): every item object starts {"initiative":ID,"title": in schema
 * order, and a string cannot hold that unescaped. */
static void
result_json_nr(FILE *f, const struct result *res)
{
	char	*buf = NULL, *p, *q, pat[64];
	size_t	 len = 0;
	FILE	*m;

	if ((m = open_memstream(&buf, &len)) == NULL) {
		json_record(f, &schema_result, res);
		return;
	}
	json_record(m, &schema_result, res);
	fclose(m);
	for (p = buf; (q = strstr(p, "{\"initiative\":")) != NULL; p = q) {
		unsigned long id;
		char *end;

		q += strlen("{\"initiative\":");
		id = strtoul(q, &end, 10);
		if (strncmp(end, ",\"title\":", 9) != 0)
			continue;
		fwrite(p, 1, (size_t)(end - p), f);
		snprintf(pat, sizeof(pat), ",\"nr\":%" PRIu32, shown_nr((uint32_t)id));
		fputs(pat, f);
		q = end;
	}
	fputs(p, f);
	free(buf);
}


/* CSV for a Dutch spreadsheet: UTF-8 with a byte-order mark (else Excel garbles "Café"),
 * ';' between fields, Dutch headers, euros with a decimal comma, "ja"/"nee". */
static int
write_csv(const char *path, const struct result *res)
{
	const struct result_item	*it;
	FILE				*f;
	uint32_t			 i;
	char				 why[128], m[MONEY_BUF];

	if ((f = fopen(path, "wx")) == NULL)
		return -1;
	fputs("\xef\xbb\xbf" "nummer;titel;kosten;stemmen;steun;gefinancierd;volgorde;reden\r\n",
	    f);
	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		fprintf(f, "%" PRIu32 ";\"", shown_nr(it->initiative));
		for (const char *p = it->title; *p; p++) {
			if (*p == '"')
				putc('"', f);
			putc(*p, f);
		}
		fprintf(f, "\";%s;%" PRId64 ";%" PRIu64 ";%s;%" PRIu32 ";\"%s\"\r\n",
		    money_format_csv(m, sizeof(m), it->cost), it->score, it->supporters,
		    it->funded ? "ja" : "nee", it->order, reason_text(it, why, sizeof(why)));
	}
	return fclose(f) == 0 ? 0 : -1;
}

static void
html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: putc(*s, f);
		}
	}
}

/* A page the village can publish: the table with bars, the totals and the explanation. */
static int
write_html(const char *path, const struct round_info *ri, const struct result *res)
{
	const struct result_item	*it;
	char				 m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], why[128];
	int64_t				 max = 1;
	uint32_t			 i;
	FILE				*f;

	if ((f = fopen(path, "wx")) == NULL)
		return -1;
	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		if (it->score > max)
			max = it->score;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\n<title>Uitslag: ",
	    f);
	html_text(f, ri->round.name);
	fputs("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;"
	    "padding:0 1em}table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;"
	    "text-align:left;border-bottom:1px solid #ddd}td.n{text-align:right;"
	    "white-space:nowrap}.bar{background:#2b6cb0;height:1em}.yes{color:#276749;"
	    "font-weight:bold}pre{white-space:pre-wrap;background:#f7f7f7;padding:1em}"
	    "</style></head><body>\n<h1>Uitslag: ", f);
	html_text(f, ri->round.name);
	fputs("</h1>\n<p>", f);
	html_text(f, ri->village_name ? ri->village_name : "");
	fprintf(f, " &mdash; regel %s, gelijkspel %s, %" PRIu64 " stemmen.</p>\n", res->rule,
	    res->tie_break, res->ballots);
	fprintf(f, "<p>Budget %s, besteed %s, over %s.</p>\n",
	    money_format(m1, sizeof(m1), res->budget), money_format(m2, sizeof(m2), res->spent),
	    money_format(m3, sizeof(m3), res->unspent));
	fputs("<table><tr><th>nr</th><th>initiatief</th><th>kosten</th><th>stemmen</th><th></th>"
	    "<th>uitslag</th></tr>\n", f);
	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		fprintf(f, "<tr><td class=\"n\">%" PRIu32 "</td><td>", shown_nr(it->initiative));
		html_text(f, it->title);
		fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%" PRId64 "</td>"
		    "<td style=\"width:30%%\"><div class=\"bar\" style=\"width:%d%%\"></div></td>"
		    "<td%s>%s", money_format(m1, sizeof(m1), it->cost), it->score,
		    (int)(it->score > 0 ? it->score * 100 / max : 0),
		    it->funded ? " class=\"yes\"" : "", it->funded ? "&#10004; " : "");
		html_text(f, reason_text(it, why, sizeof(why)));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	{
		/* The same plain explanation as the text, unwrapped (the browser wraps). */
		char	*text = NULL;
		size_t	 len = 0;
		FILE	*m = open_memstream(&text, &len);

		if (m != NULL) {
			explain_plain(m, res, ri->round.ballot == BALLOT_CUMULATIVE, SIZE_MAX);
			if (fclose(m) == 0) {
				fputs("<h2>Toelichting</h2>\n<pre>", f);
				html_text(f, text);
				fputs("</pre>\n", f);
			}
			free(text);
		}
	}
	fputs("<p><small>dorpsstem &mdash; controleer de uitslag met de openbare bundel: "
	    "<code>dorpsstem audit verify</code>.</small></p>\n</body></html>\n", f);
	return fclose(f) == 0 ? 0 : -1;
}

int
cmd_result(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "--csv", 1, NULL }, { "--html", 1, NULL } };
	struct ref		 ref;
	struct round_info	 ri;
	struct result		 res;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	const char		*why;
	size_t			 npos;
	int			 rc;

	if (cli_args(argc, argv, o, 2, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (cli_request(c, MSG_RESULT_GET, &ref, &res) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1) {
		wire_free(&schema_result, &res);
		return 1;
	}
	numbering = &ri;
	if (c->json) {
		struct wire_blob expl = res.explanation;
		/* The explanation as text, not as the hex a blob would give. */
		res.explanation.len = 0;
		fputs("{\"result\":", stdout);
		result_json_nr(stdout, &res);
		fputs(",\"explanation\":", stdout);
		{
			char *text = strndup((const char *)expl.p, expl.len);
			json_string(stdout, text ? text : "");
			free(text);
		}
		fputs("}\n", stdout);
		res.explanation = expl;
	} else {
		char fp[20];
		plain_reasons(&res);
		result_text(stdout, &ri, &res);
		/* What an auditor pins `audit verify --fingerprint` with (docs/audit.md §4.1). */
		if (round_fingerprint_of(c, ri.round.village, fp) == 0)
			printf(_("Fingerprint of the vote (organisers and dorpsstemd): %s\n"), fp);
	}
	plain_reasons(&res);	/* for the CSV and the page too (the JSON is written) */
	rc = 0;
	if (o[0].val && write_csv(o[0].val, &res) == -1)
		rc = cli_fail(_("%s: cannot write: %s"), o[0].val, strerror(errno));
	if (o[1].val && write_html(o[1].val, &ri, &res) == -1)
		rc = cli_fail(_("%s: cannot write: %s"), o[1].val, strerror(errno));
	numbering = NULL;
	wire_free(&schema_result, &res);
	wire_free(&schema_round_info, &ri);
	return rc;
}

/* Fetches every published ballot of a closed round, in hash order. */
int
fetch_ballots(struct cli *c, uint32_t round, struct ballot **out, size_t *n)
{
	struct ballot_page_req	 q;
	struct ballot_page	 pg;
	struct ballot		*all = NULL, *p;
	size_t			 have = 0;
	uint8_t			 hash[HASH_BYTES];

	memset(&q, 0, sizeof(q));
	q.round = round;
	for (;;) {
		if (cli_request(c, MSG_BALLOT_LIST, &q, &pg) == -1)
			goto fail;
		if (pg.ballots.n == 0) {
			wire_free(&schema_ballot_page, &pg);
			break;
		}
		if ((p = reallocarray(all, have + pg.ballots.n, sizeof(*all))) == NULL) {
			wire_free(&schema_ballot_page, &pg);
			cli_fail(_("out of memory"));
			goto fail;
		}
		all = p;
		memcpy(all + have, pg.ballots.items, pg.ballots.n * sizeof(*all));
		have += pg.ballots.n;
		free(pg.ballots.items);		/* the elements moved into all */
		/* The next page starts after the last hash of this one. */
		if (ballot_hash(&all[have - 1], hash) != 0) {
			cli_fail(_("out of memory"));
			goto fail;
		}
		memcpy(q.after, hash, HASH_BYTES);
		if (!pg.more)
			break;
	}
	*out = all;
	*n = have;
	return 0;
fail:
	while (have > 0)
		wire_free(&schema_ballot, &all[--have]);
	free(all);
	return -1;
}

int
cmd_pabulib_export(struct cli *c, int argc, char *argv[])
{
	struct cli_opt		 o[] = { { "-o", 1, NULL } };
	struct ref		 ref;
	struct round_info	 ri;
	struct ballot		*bs = NULL;
	struct pabulib		*pb = NULL;
	char			*pos[CLI_MAXPOS], err[ERR_LEN];
	const char		*why;
	size_t			 npos, nb = 0, i;
	FILE			*f;
	int			 rc = 1, fd;

	if (cli_args(argc, argv, o, 1, pos, 1, 1, &npos, err, sizeof(err)) == -1)
		return cli_argfail(c, err);
	if (parse_id(pos[0], &ref.id, &why) == -1)
		return cli_fail(_("round %s: %s"), pos[0], why);
	if (o[0].val == NULL)
		return cli_fail(_("pabulib export needs -o FILE.pb"));
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return 1;
	if (fetch_ballots(c, ref.id, &bs, &nb) == -1)
		goto out;
	if (round_pabulib(&ri.round, ri.village_name, ri.initiatives.items, ri.initiatives.n,
	    bs, nb, &pb, err, sizeof(err)) == -1) {
		cli_fail("%s", err);
		goto out;
	}
	/* The project names carry the round's numbers ("3. Speeltuin"): the project ids stay
	 * the initiative ids, which the recount's lot hashes (docs/tally.md), so that
	 * `pabulib tally` of this file gives the daemon's result. */
	for (i = 0; i < pb->nprojects; i++) {
		struct pabulib_project *pp = &pb->projects[i];
		uint32_t nr = initiative_nr(ri.initiatives.items, ri.initiatives.n, ref.id,
		    (uint32_t)strtoul(pp->id, NULL, 10));
		char *nm;

		if (nr && asprintf(&nm, "%" PRIu32 ". %s", nr, pp->name ? pp->name : "") != -1) {
			free(pp->name);
			pp->name = nm;
		}
	}
	if ((fd = open(o[0].val, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		cli_fail("%s: %s", o[0].val, strerror(errno));
		goto out;
	}
	if (pabulib_write(f, pb) != 0 || fclose(f) != 0) {
		cli_fail(_("%s: cannot write the file"), o[0].val);
		unlink(o[0].val);
		goto out;
	}
	if (c->json)
		printf("{\"round\":%" PRIu32 ",\"file\":", ref.id), json_string(stdout, o[0].val),
		    printf(",\"ballots\":%zu}\n", nb);
	else
		printf(ngettext("round %" PRIu32 " written to %s: %zu ballot\n",
		    "round %" PRIu32 " written to %s: %zu ballots\n", nb), ref.id, o[0].val, nb);
	rc = 0;
out:
	pabulib_free(pb);
	for (i = 0; i < nb; i++)
		wire_free(&schema_ballot, &bs[i]);
	free(bs);
	wire_free(&schema_round_info, &ri);
	return rc;
}
