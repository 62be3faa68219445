/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cards.c — printable voting cards: A4 sheets of CARDS_PER_PAGE cards (2 × 3, 105 × 99 mm)
 * with dashed cut lines, as a self-contained HTML page (print CSS, @page A4) or as a
 * hand-written PDF 1.4 with the standard Helvetica and Courier fonts in WinAnsiEncoding.
 * Body text is 12 pt (older readers); each card has its code as a QR code too
 * (libqrencode), which a USB scanner at the kiosk types in one go.
 *
 * The codes pass through here on their way to the file, so every buffer that holds file
 * text is sodium_malloc'ed (sodium_free wipes it) and written with write(2) — no stdio
 * buffer ever sees a code.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qrencode.h>
#include <sodium.h>

#include "code.h"
#include "dorpsstem.h"

#define CARDS_PER_PAGE	6
#define CARDS_COLS	2
#define OUT_CAP		(64u * 1024u)	/* write buffer */
#define PAGE_CAP	(256u * 1024u)	/* one PDF page's content stream (QR codes) */

/* What the card says, in plain Dutch (a card goes to every household). */
#define INSTRUCTION	"Typ de code in op de stemcomputer, of houd het vierkantje onder " \
			"de scanner."
#define PRIVACY		"Niemand ziet wat u stemt. Houd de code voor uzelf en bewaar de " \
			"kaart tot de uitslag."

struct cards {
	int		 fd, pdf;
	uint32_t	 round, count;
	char		*village, *round_name, *when;	/* PDF: WinAnsi bytes, else UTF-8 */
	char		*site, *help, *fp;		/* the same; "" when not given */
	uint8_t		*out;
	size_t		 outlen;
	uint64_t	 off;		/* bytes written to fd so far */
	int		 failed;	/* errno of a failed write, or ENOSPC-like */
	/* PDF */
	uint8_t		*page;
	size_t		 pagelen;
	uint32_t	 onpage, pages, npages, nobj;
	uint64_t	*objoff;
	double		 qr_x, qr_y, qr_m;	/* the QR code being drawn: top left, module */
};

/* ---- output ------------------------------------------------------------------------ */

static void
out_flush(struct cards *c)
{
	size_t	done = 0;
	ssize_t	n;

	while (!c->failed && done < c->outlen) {
		n = write(c->fd, c->out + done, c->outlen - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			c->failed = n == -1 ? errno : EIO;
		else
			done += (size_t)n;
	}
	sodium_memzero(c->out, c->outlen);
	c->outlen = 0;
}

static void
out_raw(struct cards *c, const void *p, size_t n)
{
	const uint8_t	*b = p;
	size_t		 k;

	c->off += n;
	while (n > 0) {
		if (c->outlen == OUT_CAP)
			out_flush(c);
		k = OUT_CAP - c->outlen < n ? OUT_CAP - c->outlen : n;
		memcpy(c->out + c->outlen, b, k);
		c->outlen += k;
		b += k;
		n -= k;
	}
}

static void
out_str(struct cards *c, const char *s)
{
	out_raw(c, s, strlen(s));
}

/* For text without codes only (vsnprintf has buffers of its own). */
static void __attribute__((format(printf, 2, 3)))
out_fmt(struct cards *c, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		c->failed = EOVERFLOW;
	else
		out_raw(c, buf, (size_t)n);
}

/* ---- the QR code -------------------------------------------------------------------- */

/* The code as printed (with dashes) as a QR code, which is what a scanner then types; its
 * modules are the code, so the caller wipes them with qr_free. libqrencode's own working
 * buffers are freed unwiped (its API has no hook for that); the process ends right after
 * the cards are written. NULL if out of memory. */
static QRcode *
qr_make(const char *text)
{
	return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

static void
qr_free(QRcode *q)
{
	if (q == NULL)
		return;
	sodium_memzero(q->data, (size_t)q->width * (size_t)q->width);
	QRcode_free(q);
}

/* Calls run(c, x, y, len) for each horizontal run of dark modules, rows from the top. */
static void
qr_runs(struct cards *c, const QRcode *q, void (*run)(struct cards *, int, int, int))
{
	int x, y, x0;

	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; ) {
			if (!(q->data[y * q->width + x] & 1)) {
				x++;
				continue;
			}
			for (x0 = x; x < q->width && (q->data[y * q->width + x] & 1); x++)
				;
			run(c, x0, y, x - x0);
		}
}

/* ---- HTML -------------------------------------------------------------------------- */

static void
svg_run(struct cards *c, int x, int y, int len)
{
	char	buf[64];
	int	n;

	/* +4: the quiet zone. Through out_raw: these numbers are the code. */
	n = snprintf(buf, sizeof(buf), "M%d %dh%dv1h-%dz", x + 4, y + 4, len, len);
	out_raw(c, buf, (size_t)n);
	sodium_memzero(buf, sizeof(buf));
}

static void
html_text(struct cards *c, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': out_str(c, "&amp;"); break;
		case '<': out_str(c, "&lt;"); break;
		case '>': out_str(c, "&gt;"); break;
		case '"': out_str(c, "&quot;"); break;
		case '\'': out_str(c, "&#39;"); break;
		default: out_raw(c, s, 1);
		}
}

static void
html_begin(struct cards *c)
{
	out_str(c, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<title>Stemkaarten — ");
	html_text(c, c->round_name);
	out_str(c, " — ");
	html_text(c, c->village);
	out_str(c, "</title>\n<style>\n"
	    "@page { size: A4 portrait; margin: 0; }\n"
	    "* { box-sizing: border-box; }\n"
	    "html, body { margin: 0; padding: 0; }\n"
	    "body { font-family: Helvetica, Arial, \"Liberation Sans\", sans-serif;"
	    " color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	    ".sheet { width: 210mm; height: 297mm; display: grid;"
	    " grid-template-columns: 105mm 105mm; grid-template-rows: repeat(3, 99mm);"
	    " overflow: hidden; break-after: page; page-break-after: always; }\n"
	    ".sheet:last-child { break-after: auto; page-break-after: auto; }\n"
	    ".card { position: relative; padding: 6mm 7mm 3mm 8mm; overflow: hidden;"
	    " border-right: 0.3mm dashed #999; border-bottom: 0.3mm dashed #999; }\n"
	    ".card:nth-child(2n) { border-right: none; }\n"
	    ".card:nth-child(n+5) { border-bottom: none; }\n"
	    ".qr { float: right; width: 24mm; height: 24mm; margin: -1mm -1mm 1mm 2mm; }\n"
	    ".village { font-weight: bold; font-size: 14pt; }\n"
	    ".round { font-size: 12pt; margin-top: 0.5mm; }\n"
	    ".label { font-size: 12pt; margin-top: 2mm; }\n"
	    ".code { clear: both; font-family: \"DejaVu Sans Mono\", \"Liberation Mono\","
	    " \"Courier New\", Courier, monospace; font-weight: bold; font-size: 17pt;"
	    " white-space: nowrap; margin: 0 0 1.5mm 0; }\n"
	    ".when, .how, .site, .help { font-size: 12pt; line-height: 1.15;"
	    " margin: 0 0 1mm 0; }\n"
	    ".number { font-size: 7.5pt; color: #333; margin-top: 1mm; }\n"
	    "@media screen { body { background: #bbb; }"
	    " .sheet { background: #fff; margin: 8mm auto; box-shadow: 0 0 4mm #777; } }\n"
	    "</style>\n</head>\n<body>\n");
}

static void
html_card(struct cards *c, uint32_t number, const char *norm)
{
	char	 text[CODE_TEXT_MAX];
	QRcode	*q;

	if (c->onpage == 0)
		out_str(c, "<div class=\"sheet\">\n");
	out_str(c, "<div class=\"card\">\n");
	code_format(norm, text);
	if ((q = qr_make(text)) == NULL)
		c->failed = ENOMEM;
	else {
		out_fmt(c, "<svg class=\"qr\" viewBox=\"0 0 %d %d\" role=\"img\" "
		    "aria-label=\"de stemcode als QR-code\"><path d=\"", q->width + 8,
		    q->width + 8);
		qr_runs(c, q, svg_run);
		out_str(c, "\"/></svg>\n");
		qr_free(q);
	}
	out_str(c, "<div class=\"village\">");
	html_text(c, c->village);
	out_str(c, "</div>\n<div class=\"round\">");
	html_text(c, c->round_name);
	out_str(c, "</div>\n<div class=\"label\">Uw stemcode:</div>\n<div class=\"code\">");
	out_str(c, text);
	sodium_memzero(text, sizeof(text));
	out_str(c, "</div>\n<p class=\"when\">");
	html_text(c, c->when);
	out_str(c, "</p>\n<p class=\"how\">" INSTRUCTION " " PRIVACY "</p>\n");
	if (*c->site) {
		out_str(c, "<p class=\"site\">Uitslag, en nagaan of uw stem is meegeteld: ");
		html_text(c, c->site);
		out_str(c, "</p>\n");
	}
	if (*c->help) {
		out_str(c, "<p class=\"help\">Vragen? ");
		html_text(c, c->help);
		out_str(c, "</p>\n");
	}
	out_fmt(c, "<div class=\"number\">Kaartnummer %u (voor de organisatie)", number);
	if (*c->fp) {
		out_str(c, " · vingerafdruk van de stemming: ");
		html_text(c, c->fp);
	}
	out_str(c, "</div>\n</div>\n");
	if (++c->onpage == CARDS_PER_PAGE) {
		out_str(c, "</div>\n");
		c->onpage = 0;
	}
}

static void
html_end(struct cards *c)
{
	if (c->onpage != 0)
		out_str(c, "</div>\n");
	out_str(c, "</body>\n</html>\n");
}

/* ---- PDF --------------------------------------------------------------------------- */

/*
 * A4 in points; each card is half the width and a quarter of the height (105 × 74.25 mm).
 * Objects: 1 catalog, 2 page tree, 3–5 fonts,
 * then a page and its content stream for each sheet. The page tree and catalog are
 * written last, when the pages are known; the xref table lists where each object starts.
 */
#define PDF_W		595.28
#define PDF_H		841.89
#define CARD_W		(PDF_W / CARDS_COLS)
#define CARD_H		(PDF_H / (CARDS_PER_PAGE / CARDS_COLS))
#define CARD_MX		22.0	/* left and right margin inside a card */
#define OBJ_FIRST_PAGE	6

enum pdf_font { F_REGULAR, F_BOLD, F_MONO };

/* Advance widths (1/1000 em) of Helvetica and Helvetica-Bold for 32..126, from the Adobe
 * font metrics; letters with accents have the width of their base letter. */
static const short helv_w[95] = {
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
};
static const short helvb_w[95] = {
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584
};
/* WinAnsi 0xC0..0xFF by base letter (for widths). */
static const char latin1_base[65] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYPsaaaaaaaceeeeiiiidnooooo-ouuuuypy";

static unsigned
char_width(enum pdf_font f, uint8_t ch)
{
	const short *w = f == F_BOLD ? helvb_w : helv_w;

	if (f == F_MONO)
		return 600;
	if (ch >= 0xc0)
		ch = (uint8_t)latin1_base[ch - 0xc0];
	if (ch >= 32 && ch <= 126)
		return (unsigned)w[ch - 32];
	return f == F_BOLD ? 611 : 556;
}

static double
text_width_pt(enum pdf_font f, double size, const char *s, size_t n)
{
	unsigned	w = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		w += char_width(f, (uint8_t)s[i]);
	return w * size / 1000.0;
}

/* The WinAnsiEncoding byte of a code point above U+007F, or 0 if it has none. */
static int
winansi(uint32_t cp)
{
	static const struct { uint16_t cp; uint8_t b; } extra[] = {
		{ 0x20ac, 0x80 }, { 0x201a, 0x82 }, { 0x0192, 0x83 }, { 0x201e, 0x84 },
		{ 0x2026, 0x85 }, { 0x2020, 0x86 }, { 0x2021, 0x87 }, { 0x02c6, 0x88 },
		{ 0x2030, 0x89 }, { 0x0160, 0x8a }, { 0x2039, 0x8b }, { 0x0152, 0x8c },
		{ 0x017d, 0x8e }, { 0x2018, 0x91 }, { 0x2019, 0x92 }, { 0x201c, 0x93 },
		{ 0x201d, 0x94 }, { 0x2022, 0x95 }, { 0x2013, 0x96 }, { 0x2014, 0x97 },
		{ 0x02dc, 0x98 }, { 0x2122, 0x99 }, { 0x0161, 0x9a }, { 0x203a, 0x9b },
		{ 0x0153, 0x9c }, { 0x017e, 0x9e }, { 0x0178, 0x9f },
	};
	size_t i;

	if (cp >= 0xa0 && cp <= 0xff)
		return (int)cp;
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (extra[i].cp == cp)
			return extra[i].b;
	return 0;
}

/* UTF-8 (already checked valid) → WinAnsi bytes, malloc'ed; NULL if a character has no
 * WinAnsi form (*bad then points at it). */
static char *
to_winansi(const char *s, const char **bad)
{
	const uint8_t	*p = (const uint8_t *)s;
	char		*out, *o;
	uint32_t	 cp;
	int		 b, k;

	if ((out = o = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	while (*p) {
		*bad = (const char *)p;
		if (*p < 0x80) {
			*o++ = (char)*p++;
			continue;
		}
		k = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : 1;
		cp = *p++ & (0x3fu >> k);
		while (k-- > 0 && *p)
			cp = (cp << 6) | (*p++ & 0x3fu);
		if ((b = winansi(cp)) == 0) {
			free(out);
			return NULL;
		}
		*o++ = (char)b;
	}
	*o = '\0';
	*bad = NULL;
	return out;
}

static void
page_raw(struct cards *c, const void *p, size_t n)
{
	if (c->pagelen + n > PAGE_CAP) {
		c->failed = EOVERFLOW;
		return;
	}
	memcpy(c->page + c->pagelen, p, n);
	c->pagelen += n;
}

static void __attribute__((format(printf, 2, 3)))
page_fmt(struct cards *c, const char *fmt, ...)
{
	char	buf[256];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		c->failed = EOVERFLOW;
	else
		page_raw(c, buf, (size_t)n);
}

/* One line of text at (x, y): a PDF string with ( ) \ escaped and bytes above 0x7e in
 * octal, so the file stays ASCII. */
static void
page_text(struct cards *c, enum pdf_font f, double size, double x, double y, const char *s,
    size_t n)
{
	char	oct[5];
	size_t	i;

	page_fmt(c, "BT /F%d %.1f Tf %.2f %.2f Td (", (int)f + 1, size, x, y);
	for (i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];

		if (ch == '(' || ch == ')' || ch == '\\') {
			oct[0] = '\\';
			oct[1] = (char)ch;
			page_raw(c, oct, 2);
		} else if (ch < 0x20 || ch > 0x7e) {
			snprintf(oct, sizeof(oct), "\\%03o", ch);
			page_raw(c, oct, 4);
		} else
			page_raw(c, &s[i], 1);
	}
	page_raw(c, ") Tj ET\n", 8);
}

/*
 * Breaks s into lines of at most width points at spaces; a word longer than a line is cut.
 * Fills starts/lens for up to max lines; returns the number of lines needed.
 */
static size_t
wrap(enum pdf_font f, double size, double width, const char *s, size_t *starts,
    size_t *lens, size_t max)
{
	size_t	len = strlen(s), pos = 0, n = 0, end, brk, k;

	while (pos < len) {
		while (s[pos] == ' ')
			pos++;
		if (pos >= len)
			break;
		brk = 0;
		for (end = pos; end < len; end++) {
			if (text_width_pt(f, size, s + pos, end - pos + 1) > width)
				break;
			if (s[end] == ' ')
				brk = end;
		}
		if (end < len && brk > pos)
			end = brk;
		else if (end == pos)
			end = pos + 1;
		for (k = end; k > pos && s[k - 1] == ' '; k--)
			;
		if (n < max) {
			starts[n] = pos;
			lens[n] = k - pos;
		}
		n++;
		pos = end;
	}
	return n;
}

/*
 * Writes s as a paragraph from the top y (baseline of its first line), at the largest
 * size from size down to 6 pt that fits in maxlines; returns the y below it.
 */
static double
page_para(struct cards *c, enum pdf_font f, double size, double x, double y,
    double width, size_t maxlines, const char *s)
{
	size_t	starts[8], lens[8], n, i;

	if (maxlines > 8)
		maxlines = 8;
	while ((n = wrap(f, size, width, s, starts, lens, maxlines)) > maxlines && size > 6)
		size -= 0.5;
	if (n > maxlines)
		n = maxlines;	/* still too long at 6 pt: the rest is left off */
	for (i = 0; i < n; i++) {
		page_text(c, f, size, x, y, s + starts[i], lens[i]);
		y -= size * 1.22;
	}
	return y;
}

static void
pdf_obj_begin(struct cards *c, uint32_t obj)
{
	c->objoff[obj] = c->off;
	out_fmt(c, "%u 0 obj\n", obj);
}

static void
pdf_begin(struct cards *c)
{
	static const char *const fonts[] = { "Helvetica", "Helvetica-Bold", "Courier-Bold" };
	uint32_t i;

	/* A comment with bytes above 0x7f tells tools the file is binary. */
	out_str(c, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < 3; i++) {
		pdf_obj_begin(c, 3 + i);
		out_fmt(c, "<< /Type /Font /Subtype /Type1 /BaseFont /%s "
		    "/Encoding /WinAnsiEncoding >>\nendobj\n", fonts[i]);
	}
}

static void
pdf_page_end(struct cards *c)
{
	uint32_t	obj = OBJ_FIRST_PAGE + 2 * c->pages;
	int		r;

	/* Cut lines: dashed grey, between the columns and between the rows. */
	page_fmt(c, "q 0.55 G 0.4 w [4 3] 0 d %.2f 0 m %.2f %.2f l S\n", CARD_W, CARD_W,
	    PDF_H);
	for (r = 1; r < CARDS_PER_PAGE / CARDS_COLS; r++)
		page_fmt(c, "0 %.2f m %.2f %.2f l S\n", r * CARD_H, PDF_W, r * CARD_H);
	page_fmt(c, "Q\n");

	pdf_obj_begin(c, obj);
	out_fmt(c, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
	    "/Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> "
	    "/Contents %u 0 R >>\nendobj\n", PDF_W, PDF_H, obj + 1);
	pdf_obj_begin(c, obj + 1);
	out_fmt(c, "<< /Length %zu >>\nstream\n", c->pagelen);
	out_raw(c, c->page, c->pagelen);
	out_str(c, "\nendstream\nendobj\n");
	sodium_memzero(c->page, c->pagelen);
	c->pagelen = 0;
	c->onpage = 0;
	c->pages++;
}

/* A QR run as a filled rectangle; the origin and module size come in c->qr_*. Through a
 * wiped buffer: these numbers are the code. */
static void
pdf_run(struct cards *c, int x, int y, int len)
{
	char	buf[96];
	int	n;

	n = snprintf(buf, sizeof(buf), "%.2f %.2f %.2f %.2f re\n", c->qr_x + (x + 4) * c->qr_m,
	    c->qr_y - (y + 5) * c->qr_m, len * c->qr_m, c->qr_m);
	page_raw(c, buf, (size_t)n);
	sodium_memzero(buf, sizeof(buf));
}

static void
pdf_card(struct cards *c, uint32_t number, const char *norm)
{
	char	 text[CODE_TEXT_MAX], num[160];
	double	 x0, top, y, w = CARD_W - 2 * CARD_MX, qs = 68.0;
	int	 col = (int)(c->onpage % CARDS_COLS), row = (int)(c->onpage / CARDS_COLS);
	QRcode	*q;

	x0 = col * CARD_W + CARD_MX;
	top = PDF_H - row * CARD_H;
	code_format(norm, text);
	/* The QR code in the top right corner, qs points square with its quiet zone. */
	if ((q = qr_make(text)) == NULL)
		c->failed = ENOMEM;
	else {
		c->qr_m = qs / (q->width + 8);
		c->qr_x = x0 + w - qs + 4;
		c->qr_y = top - 14;
		page_raw(c, "q 0 g\n", 6);
		qr_runs(c, q, pdf_run);
		page_raw(c, "f Q\n", 4);
		qr_free(q);
	}
	y = page_para(c, F_BOLD, 14, x0, top - 30, w - qs - 4, 1, c->village);
	y = page_para(c, F_REGULAR, 12, x0, y - 1, w - qs - 4, 2, c->round_name);
	page_text(c, F_REGULAR, 12, x0, y - 8, "Uw stemcode:", 12);
	y = top - 14 - qs < y - 8 ? top - 14 - qs : y - 8;
	page_text(c, F_MONO, 17, x0, y - 18, text, strlen(text));
	sodium_memzero(text, sizeof(text));
	y = page_para(c, F_REGULAR, 12, x0, y - 38, w, 3, c->when);
	y = page_para(c, F_REGULAR, 12, x0, y - 3, w, 5, INSTRUCTION " " PRIVACY);
	if (*c->site) {
		snprintf(num, sizeof(num), "Uitslag, en nagaan of uw stem is meegeteld: %s",
		    c->site);
		y = page_para(c, F_REGULAR, 12, x0, y - 3, w, 2, num);
	}
	if (*c->help) {
		snprintf(num, sizeof(num), "Vragen? %s", c->help);
		y = page_para(c, F_REGULAR, 12, x0, y - 3, w, 2, num);
	}
	snprintf(num, sizeof(num), "Kaartnummer %u (voor de organisatie)%s%s", number,
	    *c->fp ? " \267 vingerafdruk van de stemming: " : "", c->fp);
	page_para(c, F_REGULAR, 8, x0, top - CARD_H + 22, w, 2, num);
	if (++c->onpage == CARDS_PER_PAGE)
		pdf_page_end(c);
}

static void
pdf_end(struct cards *c)
{
	uint64_t	xref;
	uint32_t	i;

	if (c->onpage != 0)
		pdf_page_end(c);
	pdf_obj_begin(c, 2);
	out_str(c, "<< /Type /Pages /Kids [");
	for (i = 0; i < c->pages; i++)
		out_fmt(c, "%s%u 0 R", i ? " " : "", OBJ_FIRST_PAGE + 2 * i);
	out_fmt(c, "] /Count %u >>\nendobj\n", c->pages);
	pdf_obj_begin(c, 1);
	out_str(c, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	xref = c->off;
	out_fmt(c, "xref\n0 %u\n0000000000 65535 f \n", c->nobj);
	for (i = 1; i < c->nobj; i++)
		out_fmt(c, "%010llu 00000 n \n", (unsigned long long)c->objoff[i]);
	out_fmt(c, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%llu\n%%%%EOF\n", c->nobj,
	    (unsigned long long)xref);
}

/* ---- the interface ----------------------------------------------------------------- */

static void
cards_free(struct cards *c)
{
	if (c == NULL)
		return;
	free(c->village);
	free(c->round_name);
	free(c->when);
	free(c->site);
	free(c->help);
	free(c->fp);
	free(c->objoff);
	if (c->out)
		sodium_free(c->out);	/* wipes */
	if (c->page)
		sodium_free(c->page);
	free(c);
}

static char *
when_sentence(const struct card_text *t)
{
	const char	*where = t->where && *t->where ? t->where : "het dorpshuis";
	char		*s;
	int		 n;

	if (t->until && *t->until)
		n = asprintf(&s, "Stemmen kan tot en met %s, in %s.", t->until, where);
	else
		n = asprintf(&s, "Stemmen kan in %s.", where);
	return n == -1 ? NULL : s;
}

struct cards *
cards_open(int fd, int pdf, const struct card_text *t, char *err, size_t errlen)
{
	struct cards	*c;
	const char	*bad = NULL, *what = "";
	char		*when;

	if ((c = calloc(1, sizeof(*c))) == NULL || (when = when_sentence(t)) == NULL) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->fd = fd;
	c->pdf = pdf;
	c->round = t->round;
	c->count = t->count;
	if (pdf) {
		if ((c->village = to_winansi(t->village, &bad)) == NULL)
			what = "the village name";
		else if ((c->round_name = to_winansi(t->round_name, &bad)) == NULL)
			what = "the round's name";
		else if ((c->when = to_winansi(when, &bad)) == NULL)
			what = "--where or --until";
		else if ((c->site = to_winansi(t->site ? t->site : "", &bad)) == NULL)
			what = "--site";
		else if ((c->help = to_winansi(t->help ? t->help : "", &bad)) == NULL)
			what = "--help-line";
		else if ((c->fp = to_winansi(t->fingerprint ? t->fingerprint : "", &bad)) == NULL)
			what = "--fingerprint";
		free(when);
		if (bad != NULL) {
			snprintf(err, errlen, "%s has a character PDF cards cannot show (at "
			    "\"%.12s\"); write HTML cards instead (a FILE ending in .html)", what,
			    bad);
			cards_free(c);
			return NULL;
		}
	} else {
		c->village = strdup(t->village);
		c->round_name = strdup(t->round_name);
		c->when = when;
		c->site = strdup(t->site ? t->site : "");
		c->help = strdup(t->help ? t->help : "");
		c->fp = strdup(t->fingerprint ? t->fingerprint : "");
	}
	c->npages = (t->count + CARDS_PER_PAGE - 1) / CARDS_PER_PAGE;
	c->nobj = OBJ_FIRST_PAGE + 2 * c->npages;
	if (c->village == NULL || c->round_name == NULL || c->when == NULL ||
	    c->site == NULL || c->help == NULL || c->fp == NULL ||
	    (c->out = sodium_malloc(OUT_CAP)) == NULL ||
	    (pdf && (c->page = sodium_malloc(PAGE_CAP)) == NULL) ||
	    (pdf && (c->objoff = calloc(c->nobj, sizeof(*c->objoff))) == NULL)) {
		snprintf(err, errlen, "out of memory");
		cards_free(c);
		return NULL;
	}
	if (pdf)
		pdf_begin(c);
	else
		html_begin(c);
	return c;
}

void
cards_add(struct cards *c, uint32_t number, const char *norm)
{
	if (c->pdf)
		pdf_card(c, number, norm);
	else
		html_card(c, number, norm);
}

int
cards_close(struct cards *c, int ok, char *err, size_t errlen)
{
	int rc = 0;

	if (ok) {
		if (c->pdf)
			pdf_end(c);
		else
			html_end(c);
		out_flush(c);
		if (!c->failed && fsync(c->fd) == -1)
			c->failed = errno;
		if (c->failed) {
			snprintf(err, errlen, "%s", strerror(c->failed));
			rc = -1;
		}
	}
	cards_free(c);
	return rc;
}
