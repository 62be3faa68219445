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
#include "json.h"
#include "key.h"
#include "money.h"
#include "result.h"
#include "tally.h"

#define BAR_WIDTH	24

/* Why an initiative was or was not funded, in words for villagers (Dutch). */
static const char *
reason_text(const struct result_item *it, char *buf, size_t n)
{
	char m[MONEY_BUF];

	switch (it->reason) {
	case TALLY_REASON_FUNDED:
		return "gefinancierd";
	case TALLY_REASON_FUNDED_COMPLETION:
		return "gefinancierd (aanvulling)";
	case TALLY_REASON_NOT_FIT:
		snprintf(buf, n, "past niet meer (nog %s over)",
		    money_format(m, sizeof(m), it->left > 0 ? (uint64_t)it->left : 0));
		return buf;
	case TALLY_REASON_BELOW_THRESHOLD:
		return "te weinig stemmen (drempel)";
	case TALLY_REASON_STOPPED:
		return "niet meer aan de beurt";
	case TALLY_REASON_UNAFFORDABLE:
		return "te weinig steun om het samen te betalen";
	case TALLY_REASON_NO_SUPPORT:
		return "geen stemmen";
	case TALLY_REASON_OVER_BUDGET:
		return "duurder dan het hele budget";
	}
	return "?";
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

static void
result_text(FILE *f, const struct round_info *ri, const struct result *res)
{
	const struct result_item	*it;
	char				 m1[MONEY_BUF], m2[MONEY_BUF], m3[MONEY_BUF], why[128];
	char				 title[41];
	int64_t				 max = 0;
	uint32_t			 i, nfunded = 0;
	size_t				 w, k;

	for (i = 0; i < res->items.n; i++) {
		it = (const struct result_item *)res->items.items + i;
		if (it->score > max)
			max = it->score;
		nfunded += it->funded;
	}
	fprintf(f, "Uitslag van ronde %" PRIu32 ": %s (%s)\n", ri->round.id, ri->round.name,
	    ri->village_name);
	fprintf(f, "Regel %s, gelijkspel: %s. %" PRIu64 " %s.\n", res->rule, res->tie_break,
	    res->ballots, res->ballots == 1 ? "stem" : "stemmen");
	fprintf(f, "Budget %s, besteed %s, over %s. %" PRIu32 " van de %" PRIu32
	    " initiatieven gefinancierd.\n\n", money_format(m1, sizeof(m1), res->budget),
	    money_format(m2, sizeof(m2), res->spent), money_format(m3, sizeof(m3), res->unspent),
	    nfunded, res->items.n);
	fprintf(f, "%5s  %-40s %12s  %-*s %7s  %s\n", "nr", "initiatief", "kosten", BAR_WIDTH,
	    "stemmen", "", "");
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
		fprintf(f, "%5" PRIu32 "  %s%*s %*s%s  ", it->initiative, title,
		    (int)(40 - (text_width(title) < 40 ? text_width(title) : 40)), "",
		    (int)(12 - (text_width(m1) < 12 ? text_width(m1) : 12)), "", m1);
		bar(f, it->score, max);
		fprintf(f, " %7" PRId64 "  %s %s\n", it->score, it->funded ? "\xe2\x9c\x94" : "-",
		    reason_text(it, why, sizeof(why)));
	}
	if (res->explanation.len) {
		fputs("\n", f);
		fwrite(res->explanation.p, 1, res->explanation.len, f);
	}
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
		fprintf(f, "%" PRIu32 ";\"", it->initiative);
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
		fprintf(f, "<tr><td class=\"n\">%" PRIu32 "</td><td>", it->initiative);
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
	if (res->explanation.len) {
		char *text = strndup((const char *)res->explanation.p, res->explanation.len);
		fputs("<h2>Toelichting</h2>\n<pre>", f);
		html_text(f, text ? text : "");
		fputs("</pre>\n", f);
		free(text);
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
		return cli_fail("round %s: %s", pos[0], why);
	if (cli_request(c, MSG_RESULT_GET, &ref, &res) == -1)
		return 1;
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1) {
		wire_free(&schema_result, &res);
		return 1;
	}
	if (c->json) {
		struct wire_blob expl = res.explanation;
		/* The explanation as text, not as the hex a blob would give. */
		res.explanation.len = 0;
		fputs("{\"result\":", stdout);
		json_record(stdout, &schema_result, &res);
		fputs(",\"explanation\":", stdout);
		{
			char *text = strndup((const char *)expl.p, expl.len);
			json_string(stdout, text ? text : "");
			free(text);
		}
		fputs("}\n", stdout);
		res.explanation = expl;
	} else
		result_text(stdout, &ri, &res);
	rc = 0;
	if (o[0].val && write_csv(o[0].val, &res) == -1)
		rc = cli_fail("%s: cannot write: %s", o[0].val, strerror(errno));
	if (o[1].val && write_html(o[1].val, &ri, &res) == -1)
		rc = cli_fail("%s: cannot write: %s", o[1].val, strerror(errno));
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
			cli_fail("out of memory");
			goto fail;
		}
		all = p;
		memcpy(all + have, pg.ballots.items, pg.ballots.n * sizeof(*all));
		have += pg.ballots.n;
		free(pg.ballots.items);		/* the elements moved into all */
		/* The next page starts after the last hash of this one. */
		if (ballot_hash(&all[have - 1], hash) != 0) {
			cli_fail("out of memory");
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
		return cli_fail("round %s: %s", pos[0], why);
	if (o[0].val == NULL)
		return cli_fail("pabulib export needs -o FILE.pb");
	if (cli_request(c, MSG_ROUND_SHOW, &ref, &ri) == -1)
		return 1;
	if (fetch_ballots(c, ref.id, &bs, &nb) == -1)
		goto out;
	if (round_pabulib(&ri.round, ri.village_name, ri.initiatives.items, ri.initiatives.n,
	    bs, nb, &pb, err, sizeof(err)) == -1) {
		cli_fail("%s", err);
		goto out;
	}
	if ((fd = open(o[0].val, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) == -1 ||
	    (f = fdopen(fd, "w")) == NULL) {
		cli_fail("%s: %s", o[0].val, strerror(errno));
		goto out;
	}
	if (pabulib_write(f, pb) != 0 || fclose(f) != 0) {
		cli_fail("%s: cannot write the file", o[0].val);
		unlink(o[0].val);
		goto out;
	}
	if (c->json)
		printf("{\"round\":%" PRIu32 ",\"file\":", ref.id), json_string(stdout, o[0].val),
		    printf(",\"ballots\":%zu}\n", nb);
	else
		printf("round %" PRIu32 " written to %s: %zu ballots\n", ref.id, o[0].val, nb);
	rc = 0;
out:
	pabulib_free(pb);
	for (i = 0; i < nb; i++)
		wire_free(&schema_ballot, &bs[i]);
	free(bs);
	wire_free(&schema_round_info, &ri);
	return rc;
}
