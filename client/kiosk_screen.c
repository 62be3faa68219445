/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * kiosk_screen.c — drawing the kiosk's screens with ncursesw. Every frame is drawn whole
 * from the booth's state (ncurses sends only what changed), so a resize just redraws.
 * Texts come from kiosk_text.c; this file decides only where they go. High contrast:
 * bold text, a reversed bar at top and bottom, the cursor row reversed, errors in red.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "kiosk.h"
#include "money.h"

enum { P_BAR = 1, P_ERR, P_WARN, P_OK };

static int	screen_is_open;
static int	have_colour;

/* On a wide screen the rows stretch no wider than KIOSK_MAX_COLS: the screens are drawn in
 * a column of kcols columns centred at kx0 (the bars at top and bottom span the screen).
 * kcols is that column, real_cols() the terminal. */
#define KIOSK_MAX_COLS	100
static int	kcols = 80, kx0;

static int
real_cols(void)
{
	return COLS;
}

static attr_t
colour(int pair)
{
	return have_colour ? COLOR_PAIR(pair) : A_REVERSE;
}

/* ---- UTF-8 text that fits ---------------------------------------------------------- */

/* Bytes of s that fit in cols columns; *used gets their columns. */
static size_t
fit(const char *s, int cols, int *used)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		at = 0, n, len = strlen(s);
	int		w, u = 0;

	memset(&st, 0, sizeof(st));
	while (at < len) {
		n = mbrtowc(&wc, s + at, len - at, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		if (u + w > cols)
			break;
		u += w;
		at += n;
	}
	if (used)
		*used = u;
	return at;
}

static int
width(const char *s)
{
	int u;

	fit(s, 1 << 20, &u);
	return u;
}

/* s at (y, x), cut with "…" to at most w columns. */
static void
put(int y, int x, int w, attr_t a, const char *s)
{
	size_t	n;
	int	u;

	if (y < 0 || y >= LINES || w <= 0)
		return;
	attron(a);
	n = fit(s, w, &u);
	if (s[n] != '\0' && w > 1)
		n = fit(s, w - 1, &u);
	mvaddnstr(y, kx0 + x, s, (int)n);
	if (s[n] != '\0' && w > 1)
		addstr("…");
	attroff(a);
}

static void
center(int y, attr_t a, const char *s)
{
	int w = width(s);

	if (w > kcols - 2)
		w = kcols - 2;
	put(y, (kcols - w) / 2, kcols - 2, a, s);
}

/* Word-wrapped into lines of w columns from (y, x), at most maxl lines (the last one cut
 * with "…"); centred when x < 0. Returns the lines used. */
static int
wrap(int y, int x, int w, int maxl, attr_t a, const char *s)
{
	char	line[1024];
	size_t	n, brk, i;
	int	lines = 0, u;

	while (*s == ' ')
		s++;
	while (*s && lines < maxl) {
		n = fit(s, w, &u);
		if (s[n] != '\0' && lines + 1 < maxl) {
			for (brk = n; brk > 0 && s[brk] != ' '; brk--)
				;
			if (brk > 0)
				n = brk;
		}
		if (lines + 1 == maxl)
			n = strlen(s);	/* put() cuts the last line */
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		for (i = n; i > 0 && line[i - 1] == ' '; i--)
			line[i - 1] = '\0';
		if (x < 0)
			center(y + lines, a, line);
		else
			put(y + lines, x, w, a, line);
		lines++;
		s += n;
		while (*s == ' ')
			s++;
	}
	return lines;
}

static void __attribute__((format(printf, 3, 4)))
centerf(int y, attr_t a, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	center(y, a, buf);
}

static const char *
T(const struct booth *b, enum kiosk_text t)
{
	return kiosk_text(b->lang, t);
}

/* An amount the way the voter's language writes it: "€ 1.250,50" or "€1,250.50". */
static char *
M(const struct booth *b, char *buf, size_t n, uint64_t cents)
{
	return b->lang == LANG_EN ? money_format_en(buf, n, cents) :
	    money_format(buf, n, cents);
}

/* ---- a large font for the receipt code -------------------------------------------- */

struct glyph {
	char		 c;
	const char	*rows;	/* 5 rows of 5 */
};

static const struct glyph font[] = {
	{ '0', " ### #  ### # ###  # ### " }, { '1', "  #   ##    #    #   ### " },
	{ '2', "####     # ### #    #####" }, { '3', "####     # ###     ##### " },
	{ '4', "#   ##   ######    #    #" }, { '5', "######    ####     ##### " },
	{ '6', " ### #    #### #   # ### " }, { '7', "#####    #   #   #    #  " },
	{ '8', " ### #   # ### #   # ### " }, { '9', " ### #   # ####    # ### " },
	{ 'A', " ### #   #######   ##   #" }, { 'B', "#### #   ##### #   ##### " },
	{ 'C', " #####    #    #     ####" }, { 'D', "#### #   ##   ##   ##### " },
	{ 'E', "######    #### #    #####" }, { 'F', "######    #### #    #    " },
	{ 'G', " #####    #  ###   # ### " }, { 'H', "#   ##   #######   ##   #" },
	{ 'J', "  ###    #    ##   # ### " }, { 'K', "#   ##  # ###  #  # #   #" },
	{ 'M', "#   ### ### # ##   ##   #" }, { 'N', "#   ###  ## # ##  ###   #" },
	{ 'P', "#### #   ##### #    #    " }, { 'Q', " ### #   ## # ##  #  ## #" },
	{ 'R', "#### #   ##### #  # #   #" }, { 'S', " #####     ###     ##### " },
	{ 'T', "#####  #    #    #    #  " }, { 'V', "#   ##   ##   # # #   #  " },
	{ 'W', "#   ##   ## # ### ###   #" }, { 'X', "#   # # #   #   # # #   #" },
	{ 'Y', "#   # # #   #    #    #  " }, { 'Z', "#####   #   #   #   #####" },
	{ '-', "           ###           " },
};

static const char *
glyph_rows(char c)
{
	size_t i;

	for (i = 0; i < sizeof(font) / sizeof(font[0]); i++)
		if (font[i].c == c)
			return font[i].rows;
	return NULL;
}

/* 5 lines high; 1 if drawn, 0 if it does not fit (the caller writes it plainly). */
static int
big_text(int y, const char *s, attr_t a)
{
	const char	*g;
	int		 n = (int)strlen(s), w = n * 6 - 1, x0, r, k, i, len;

	if (w > kcols - 2 || y + 5 > LINES - 2)
		return 0;
	x0 = (kcols - w) / 2;
	attron(a);
	for (i = 0; i < n; i++) {
		if ((g = glyph_rows(s[i])) == NULL)
			continue;
		len = (int)strlen(g);
		for (r = 0; r < 5; r++)
			for (k = 0; k < 5; k++)
				if (r * 5 + k < len && g[r * 5 + k] == '#')
					mvaddstr(y + r, kx0 + x0 + i * 6 + k, "█");
	}
	attroff(a);
	return 1;
}

/* ---- the parts every screen has ------------------------------------------------------ */

static void
bar(int y, const char *left, const char *right)
{
	int i, rw = right ? width(right) : 0;

	attron(colour(P_BAR) | A_BOLD);
	for (i = 0; i < real_cols(); i++)
		mvaddch(y, i, ' ');
	attroff(colour(P_BAR) | A_BOLD);
	if (left)
		put(y, 1, kcols - rw - 4, colour(P_BAR) | A_BOLD, left);
	if (right)
		put(y, kcols - rw - 1, rw, colour(P_BAR) | A_BOLD, right);
}

static void
header(const struct booth *b, int step, enum kiosk_text what)
{
	char	left[512], right[128], st[64];

	if (b->have_ri)
		snprintf(left, sizeof(left), "%s — %s", b->ri.round.name, b->village_name);
	else
		snprintf(left, sizeof(left), "%s", b->village_name);
	right[0] = '\0';
	if (step > 0) {
		snprintf(st, sizeof(st), T(b, KT_STEP), step, 4);
		snprintf(right, sizeof(right), "%s: %s", st, T(b, what));
	}
	bar(0, left, *right ? right : NULL);
}

static void
footer(const struct booth *b, const char *hints)
{
	int left = booth_idle_left(b);

	bar(LINES - 1, hints, NULL);
	if (left >= 0 && left <= b->warn) {
		char buf[512];

		snprintf(buf, sizeof(buf), T(b, KT_IDLE_WARN), left > 0 ? left : 0);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "  %s", T(b, KT_IDLE_KEY));
		move(LINES - 2, 0);
		clrtoeol();
		if (width(buf) <= kcols - 2)
			center(LINES - 2, colour(P_WARN) | A_BOLD, buf);
		else {
			/* Too long for one line (80 columns): the question, then the key. */
			move(LINES - 3, 0);
			clrtoeol();
			snprintf(buf, sizeof(buf), T(b, KT_IDLE_WARN), left > 0 ? left : 0);
			center(LINES - 3, colour(P_WARN) | A_BOLD, buf);
			center(LINES - 2, colour(P_WARN) | A_BOLD, T(b, KT_IDLE_KEY));
		}
	} else if (b->esc_hint)
		center(LINES - 2, A_BOLD, T(b, KT_RESTART_HINT));
}

/* The voter's note (a refusal in red, a hint plainly) on line y. */
static void
note_line(const struct booth *b, int y)
{
	if (b->v.note[0])
		wrap(y, -1, kcols - 4, 2, b->v.note_error ? colour(P_ERR) | A_BOLD : A_BOLD,
		    b->v.note);
}

static char *
when_text(const struct booth *b, int64_t t, char *date, size_t dn, char *hm, size_t hn)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	date[0] = hm[0] = '\0';
	if (localtime_r(&tt, &tm) == NULL)
		return date;
	if (b->lang == LANG_EN)
		snprintf(date, dn, "%s %d %s %d", kiosk_weekday(b->lang, tm.tm_wday), tm.tm_mday,
		    kiosk_month(b->lang, tm.tm_mon), tm.tm_year + 1900);
	else
		snprintf(date, dn, "%s %d %s %d", kiosk_weekday(b->lang, tm.tm_wday), tm.tm_mday,
		    kiosk_month(b->lang, tm.tm_mon), tm.tm_year + 1900);
	snprintf(hm, hn, "%02d:%02d", tm.tm_hour, tm.tm_min);
	return date;
}

/* ---- the screens ----------------------------------------------------------------------- */

static void
draw_welcome(const struct booth *b)
{
	const struct round	*r = &b->ri.round;
	char			 date[96], hm[16], money[MONEY_BUF];
	int			 y = LINES / 2 - 6;

	header(b, 0, 0);
	if (y < 2)
		y = 2;
	center(y, A_BOLD, T(b, KT_WELCOME));
	centerf(y + 2, A_BOLD, T(b, KT_ROUND_OF), r->name, b->village_name);
	if (r->closes) {
		when_text(b, r->closes, date, sizeof(date), hm, sizeof(hm));
		centerf(y + 4, A_NORMAL, T(b, KT_CLOSES), date, hm);
	} else
		center(y + 4, A_NORMAL, T(b, KT_CLOSES_NOTIME));
	centerf(y + 5, A_NORMAL, T(b, KT_BUDGET), M(b, money, sizeof(money), r->budget),
	    (unsigned)b->nitems);
	centerf(y + 8, A_BOLD | A_REVERSE, "  %s  ", T(b, KT_TYPE_CODE));
	center(y + 10, A_NORMAL, T(b, KT_WELCOME_HINT));
	footer(b, T(b, KT_LANG_KEY));
}

static void
draw_code(const struct booth *b)
{
	char	shown[96];
	size_t	i, at = 0;
	int	y = LINES / 2 - 5;

	header(b, 1, KT_STEP_CODE);
	if (y < 2)
		y = 2;
	center(y, A_BOLD, T(b, KT_CODE_TITLE));
	for (i = 0; i < CODE_NORM_LEN; i++) {
		if (i > 0 && i % 4 == 0)
			at += (size_t)snprintf(shown + at, sizeof(shown) - at, " - ");
		at += (size_t)snprintf(shown + at, sizeof(shown) - at, "%c%s",
		    i < b->v.ntyped ? b->v.typed[i] : '_',
		    i + 1 < CODE_NORM_LEN && (i + 1) % 4 != 0 ? " " : "");
	}
	center(y + 3, A_BOLD, shown);
	center(y + 6, A_NORMAL, T(b, KT_CODE_HELP));
	center(y + 7, A_NORMAL, T(b, KT_CODE_HELP2));
	note_line(b, y + 9);
	footer(b, T(b, KT_CODE_FOOTER));
}

/* Adds " " and a text from the table with one number to buf. */
static void
rule_add(const struct booth *b, char *buf, size_t n, enum kiosk_text t, unsigned v)
{
	size_t at = strlen(buf);

	if (at + 1 < n) {
		buf[at++] = ' ';
		snprintf(buf + at, n - at, T(b, t), v);
	}
}

/* The rules of this ballot in one or two sentences. */
static void
rules_text(const struct booth *b, char *buf, size_t n)
{
	const struct round	*r = &b->ri.round;
	char			 money[MONEY_BUF];

	switch (r->ballot) {
	case BALLOT_KNAPSACK:
		snprintf(buf, n, T(b, KT_RULE_KNAPSACK),
		    M(b, money, sizeof(money), booth_limit(b)));
		break;
	case BALLOT_CUMULATIVE:
		snprintf(buf, n, T(b, KT_RULE_CUMULATIVE), r->points);
		if (r->max_points)
			rule_add(b, buf, n, KT_RULE_MAXPTS, r->max_points);
		return;
	case BALLOT_ORDINAL:
		snprintf(buf, n, "%s", T(b, KT_RULE_ORDINAL));
		break;
	default:
		snprintf(buf, n, "%s", T(b, KT_RULE_APPROVAL));
	}
	if (r->min_choices > 1)
		rule_add(b, buf, n, KT_RULE_MIN, r->min_choices);
	if (r->max_choices)
		rule_add(b, buf, n, KT_RULE_MAX, r->max_choices);
}

/* The running total under the list. */
static void
total_text(const struct booth *b, char *buf, size_t n)
{
	const struct round	*r = &b->ri.round;
	char			 a[MONEY_BUF], c[MONEY_BUF], left[128];
	uint64_t		 t = booth_total_cost(b), lim = booth_limit(b);
	uint32_t		 p = booth_points(b);

	switch (r->ballot) {
	case BALLOT_KNAPSACK:
		snprintf(buf, n, T(b, KT_TOTAL_KNAPSACK), M(b, a, sizeof(a), t),
		    M(b, c, sizeof(c), lim));
		snprintf(left, sizeof(left), T(b, KT_LEFT),
		    M(b, a, sizeof(a), lim > t ? lim - t : 0));
		snprintf(buf + strlen(buf), n - strlen(buf), "     %s", left);
		break;
	case BALLOT_CUMULATIVE:
		snprintf(buf, n, T(b, KT_TOTAL_POINTS), p, r->points, r->points > p ?
		    r->points - p : 0);
		break;
	default:
		snprintf(buf, n, T(b, KT_TOTAL_COUNT), booth_count(b));
	}
}

static void
mark_text(const struct booth *b, size_t i, char *buf, size_t n)
{
	uint32_t	v = b->v.value[i];
	char		t[32];

	if (v == 0)
		snprintf(buf, n, b->ri.round.ballot == BALLOT_CUMULATIVE ? "[    ]" : "[   ]");
	else if (b->ri.round.ballot == BALLOT_ORDINAL) {
		snprintf(t, sizeof(t), T(b, KT_RANK), v);
		snprintf(buf, n, "[%3s]", t);
	} else if (b->ri.round.ballot == BALLOT_CUMULATIVE) {
		snprintf(t, sizeof(t), T(b, KT_POINTS_ABBR), v);
		snprintf(buf, n, "[%s]", t);
	} else
		snprintf(buf, n, "[ X ]");
}

static int
list_top(void)
{
	return 4;
}

size_t
screen_list_rows(void)
{
	int rows = (LINES - 1 - 4 - list_top() - 1) / 2;	/* 2 lines per item */

	return rows < 1 ? 1 : (size_t)rows;
}

static void
draw_choose(const struct booth *b)
{
	char	buf[1024], mark[32], money[MONEY_BUF], num[24];
	size_t	rows = screen_list_rows(), top, i;
	int	y, cw = 12, fits, sel, tw;
	attr_t	a;

	header(b, 2, KT_STEP_CHOOSE);
	rules_text(b, buf, sizeof(buf));
	wrap(1, 2, kcols - 4, 2, A_BOLD, buf);
	top = b->v.cursor >= rows ? b->v.cursor - rows + 1 : 0;
	if (b->v.cursor == b->nitems && top > 0 && rows > 1)
		top = b->nitems - rows + 1;
	y = list_top();
	if (top > 0)
		put(y - 1, kcols - 10, 9, A_BOLD, "▲ …");
	for (i = top; i < b->nitems && i < top + rows; i++, y += 2) {
		const struct initiative *in = b->items[i];

		sel = b->v.cursor == i;
		fits = booth_fits(b, i);
		a = (sel ? A_REVERSE : A_NORMAL) | A_BOLD;
		if (!fits && !sel)
			a = A_DIM;
		mark_text(b, i, mark, sizeof(mark));
		snprintf(num, sizeof(num), "%2u", (unsigned)booth_nr(b, i));
		M(b, money, sizeof(money), in->cost);
		if (sel) {
			attron(A_REVERSE);
			mvhline(y, kx0 + 1, ' ', kcols - 2);
			attroff(A_REVERSE);
		}
		put(y, 2, 6, a | (b->v.value[i] && !sel ? colour(P_OK) : 0), mark);
		put(y, 9, 3, a, num);
		tw = kcols - 14 - cw - (fits ? 0 : width(T(b, KT_NOFIT)) + 3) - 2;
		put(y, 13, tw, a, in->title);
		if (!fits)
			put(y, kcols - cw - width(T(b, KT_NOFIT)) - 5, width(T(b, KT_NOFIT)) + 2, a,
			    T(b, KT_NOFIT));
		put(y, kcols - 2 - width(money), width(money), a, money);
		put(y + 1, 13, kcols - 15, fits ? A_NORMAL : A_DIM, in->summary);
	}
	if (i < b->nitems)
		put(y - 1, kcols - 10, 9, A_BOLD, "▼ …");
	if (i == b->nitems && y < LINES - 4) {
		a = A_BOLD | (b->v.cursor == b->nitems ? A_REVERSE : 0);
		put(y, 9, kcols - 11, a, T(b, KT_CONTINUE_ROW));
	}
	total_text(b, buf, sizeof(buf));
	move(LINES - 4, 0);
	clrtoeol();
	put(LINES - 4, 2, kcols - 4, A_BOLD, buf);
	note_line(b, LINES - 3);
	footer(b, T(b, b->ri.round.ballot == BALLOT_CUMULATIVE ? KT_CHOOSE_FOOTER_POINTS :
	    b->nitems && booth_nr(b, b->nitems - 1) > 9 ? KT_CHOOSE_FOOTER_JUMP :
	    KT_CHOOSE_FOOTER_TOGGLE));
}

static void
draw_detail(const struct booth *b)
{
	const struct initiative	*in = b->items[b->v.cursor];
	char			 buf[512], money[MONEY_BUF];
	int			 y = 2, lw = 18;

	header(b, 2, KT_STEP_CHOOSE);
	snprintf(buf, sizeof(buf), "%zu.  %s", b->v.cursor + 1, in->title);
	y += wrap(y, 2, kcols - 4, 2, A_BOLD, buf) + 1;
	put(y, 2, lw, A_NORMAL, T(b, KT_DETAIL_COST));
	put(y++, 2 + lw, kcols - lw - 4, A_BOLD, M(b, money, sizeof(money), in->cost));
	if (*in->proposer) {
		put(y, 2, lw, A_NORMAL, T(b, KT_DETAIL_PROPOSER));
		put(y++, 2 + lw, kcols - lw - 4, A_BOLD, in->proposer);
	}
	if (*in->category) {
		put(y, 2, lw, A_NORMAL, T(b, KT_DETAIL_CATEGORY));
		put(y++, 2 + lw, kcols - lw - 4, A_BOLD, in->category);
	}
	y++;
	y += wrap(y, 2, kcols - 4, LINES - y - 7, A_NORMAL, in->summary) + 1;
	if (b->v.value[b->v.cursor]) {
		mark_text(b, b->v.cursor, buf, sizeof(buf));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "  %s",
		    T(b, KT_DETAIL_CHOSEN));
		put(LINES - 5, 2, kcols - 4, colour(P_OK) | A_BOLD, buf);
	} else
		put(LINES - 5, 2, kcols - 4, A_NORMAL, T(b, KT_DETAIL_NOTCHOSEN));
	total_text(b, buf, sizeof(buf));
	put(LINES - 4, 2, kcols - 4, A_BOLD, buf);
	note_line(b, LINES - 3);
	footer(b, T(b, KT_DETAIL_FOOTER));
}

static void
draw_review(const struct booth *b)
{
	const struct round	*r = &b->ri.round;
	char			 buf[512], money[MONEY_BUF], mark[32];
	size_t			 i, k, order[4096], n = 0;
	int			 y = 3, maxy = LINES - 7;

	header(b, 3, KT_STEP_REVIEW);
	center(2, A_BOLD, T(b, KT_REVIEW_TITLE));
	/* Ordinal: in the order of preference; else in list order. */
	for (i = 0; i < b->v.nvalue && n < 4096; i++)
		if (b->v.value[i])
			order[n++] = i;
	if (r->ballot == BALLOT_ORDINAL)
		for (i = 1; i < n; i++)
			for (k = i; k > 0 && b->v.value[order[k]] < b->v.value[order[k - 1]]; k--) {
				size_t t = order[k];
				order[k] = order[k - 1];
				order[k - 1] = t;
			}
	y = 4;
	for (i = 0; i < n && y < maxy; i++, y++) {
		const struct initiative *in = b->items[order[i]];

		if (i + 1 < n && y + 1 == maxy) {
			put(y++, 8, kcols - 10, A_BOLD, "…");
			break;
		}
		mark_text(b, order[i], mark, sizeof(mark));
		M(b, money, sizeof(money), in->cost);
		put(y, 2, 6, colour(P_OK) | A_BOLD, mark);
		snprintf(buf, sizeof(buf), "%2u", (unsigned)booth_nr(b, order[i]));
		put(y, 9, 3, A_BOLD, buf);
		put(y, 13, kcols - 16 - width(money), A_BOLD, in->title);
		put(y, kcols - 2 - width(money), width(money), A_BOLD, money);
	}
	y++;
	/* A total only where it is a rule of the ballot: money on a knapsack ballot, points
	 * on a cumulative one (on an approval ballot what the plans cost together does not
	 * matter to the voter). */
	buf[0] = '\0';
	if (r->ballot == BALLOT_CUMULATIVE)
		snprintf(buf, sizeof(buf), T(b, KT_REVIEW_POINTS), booth_points(b));
	else if (r->ballot == BALLOT_KNAPSACK)
		snprintf(buf, sizeof(buf), T(b, KT_REVIEW_TOTAL),
		    M(b, money, sizeof(money), booth_total_cost(b)));
	if (buf[0])
		put(y < LINES - 5 ? y : LINES - 5, kcols - 2 - width(buf), width(buf), A_BOLD,
		    buf);
	centerf(LINES - 3, A_BOLD | A_REVERSE, "  %s  ", T(b, KT_REVIEW_QUESTION));
	footer(b, T(b, KT_REVIEW_FOOTER));
}

static void
draw_sending(const struct booth *b)
{
	header(b, 3, KT_STEP_REVIEW);
	if (!b->connected)
		wrap(LINES / 2 - 1, -1, kcols - 8, 3, A_BOLD, T(b, KT_SENDING_RETRY));
	else if (b->v.attempts > 0 && b->v.send == SEND_UNSURE)
		wrap(LINES / 2 - 1, -1, kcols - 8, 3, A_BOLD, T(b, KT_SENDING_CHECK));
	else
		center(LINES / 2 - 1, A_BOLD, T(b, KT_SENDING));
	footer(b, "");
}

static void
draw_thanks(const struct booth *b)
{
	int y = 2;

	header(b, 4, KT_STEP_THANKS);
	center(y, A_BOLD, T(b, KT_THANKS));
	center(y + 2, A_NORMAL, T(b, KT_RECEIPT));
	if (big_text(y + 4, b->v.receipt, A_BOLD))
		y += 10;
	else
		y += 4;
	centerf(y, A_BOLD | A_REVERSE, "  %s  ", b->v.receipt);
	if (b->site[0]) {
		char how[512];

		snprintf(how, sizeof(how), T(b, KT_RECEIPT_HOW_SITE), b->site);
		wrap(y + 2, -1, kcols - 8 > 70 ? 70 : kcols - 8, 3, A_NORMAL, how);
	} else
		wrap(y + 2, -1, kcols - 8 > 70 ? 70 : kcols - 8, 3, A_NORMAL, T(b, KT_RECEIPT_HOW));
	footer(b, T(b, KT_THANKS_FOOTER));
}

static void
draw_verdict(const struct booth *b)
{
	int y = LINES / 2 - 3;

	header(b, 0, 0);
	wrap(y, -1, kcols - 8, 2, colour(P_ERR) | A_BOLD, T(b, b->v.verdict));
	if (b->scr == SCR_CLOSED || b->v.verdict == KT_REFUSED_OTHER)
		center(y + 3, A_BOLD, T(b, KT_NOT_CAST));
	if (b->v.verdict_detail[0])
		wrap(y + 5, -1, kcols - 8, 2, A_NORMAL, b->v.verdict_detail);
	else if (b->v.verdict == KT_REFUSED_USED)
		wrap(y + 3, -1, kcols - 8, 2, A_BOLD, T(b, KT_REFUSED_USED_HINT));
	if (b->scr == SCR_CLOSED && b->site[0])
		centerf(y + 7, A_BOLD, T(b, KT_CLOSED_SITE), b->site);
	footer(b, T(b, b->scr == SCR_CLOSED ? KT_CLOSED_FOOTER : KT_REFUSED_FOOTER));
}

static void
draw_connecting(const struct booth *b)
{
	int left = (int)(b->next_try - booth_now() + 0.999);

	header(b, 0, 0);
	wrap(LINES / 2 - 2, -1, kcols - 8, 2, A_BOLD,
	    T(b, b->not_enrolled ? KT_NOT_ENROLLED : KT_UNREACHABLE));
	if (left > 0)
		centerf(LINES / 2 + 1, A_NORMAL, T(b, KT_UNREACHABLE_RETRY), left);
	footer(b, "");
}

static void
draw_noround(const struct booth *b)
{
	header(b, 0, 0);
	centerf(LINES / 2 - 1, A_BOLD, T(b, KT_NOROUND), b->village_name);
	center(LINES / 2 + 1, A_NORMAL, T(b, KT_NOROUND_HINT));
	footer(b, T(b, KT_LANG_KEY));
}

static void
draw_quit(const struct booth *b)
{
	char	stars[64];
	size_t	i;

	for (i = 0; i < b->quit_n && i + 1 < sizeof(stars); i++)
		stars[i] = '*';
	stars[i] = '\0';
	header(b, 0, 0);
	center(LINES / 2 - 4, A_BOLD, T(b, KT_QUIT_TITLE));
	center(LINES / 2 - 2, A_NORMAL, T(b, KT_QUIT_HELP));
	centerf(LINES / 2, A_BOLD | A_REVERSE, " %-20s ", stars);
	if (b->quit_wrong)
		center(LINES / 2 + 2, colour(P_ERR) | A_BOLD, T(b, KT_QUIT_WRONG));
	if (b->quit_return == SCR_SENDING)
		center(LINES / 2 + 4, A_BOLD, T(b, KT_QUIT_PENDING));
	footer(b, "");
}

void
screen_draw(const struct booth *b)
{
	char buf[256];

	if (!screen_is_open)
		return;
	erase();
	kcols = real_cols() > KIOSK_MAX_COLS ? KIOSK_MAX_COLS : real_cols();
	kx0 = (real_cols() - kcols) / 2;
	if (kcols < KIOSK_MIN_COLS || LINES < KIOSK_MIN_LINES) {
		snprintf(buf, sizeof(buf), T(b, KT_TOO_SMALL), KIOSK_MIN_COLS, KIOSK_MIN_LINES);
		wrap(LINES / 2, -1, kcols > 4 ? kcols - 2 : kcols, 3, A_BOLD, buf);
		refresh();
		return;
	}
	switch (b->scr) {
	case SCR_CONNECTING:	draw_connecting(b); break;
	case SCR_NOROUND:	draw_noround(b); break;
	case SCR_WELCOME:	draw_welcome(b); break;
	case SCR_CODE:		draw_code(b); break;
	case SCR_CHOOSE:	draw_choose(b); break;
	case SCR_DETAIL:	draw_detail(b); break;
	case SCR_REVIEW:	draw_review(b); break;
	case SCR_SENDING:	draw_sending(b); break;
	case SCR_THANKS:	draw_thanks(b); break;
	case SCR_REFUSED:
	case SCR_CLOSED:	draw_verdict(b); break;
	case SCR_QUIT:		draw_quit(b); break;
	}
	refresh();
}

/* ---- the terminal ----------------------------------------------------------------------- */

static SCREEN *scr;

int
screen_open(char *err, size_t errlen)
{
	const char *cs;

	/* The texts are UTF-8 ("€", "ë"): insist on a UTF-8 character type. */
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
		    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
			snprintf(err, errlen, "the kiosk needs a UTF-8 locale (C.UTF-8 is missing)");
			return -1;
		}
	}
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		snprintf(err, errlen, "cannot use this terminal (TERM=%s)",
		    getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	set_term(scr);
	raw();			/* Ctrl-C, Ctrl-Z, Ctrl-\ are keys here, not signals */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(60);
	curs_set(0);
	if (has_colors() && start_color() == OK) {
		have_colour = 1;
		init_pair(P_BAR, COLOR_WHITE, COLOR_BLUE);
		/* White on red: red text on black was about 4:1, below the 4.5:1 of WCAG AA. */
		init_pair(P_ERR, COLOR_WHITE, COLOR_RED);
		init_pair(P_WARN, COLOR_BLACK, COLOR_YELLOW);
		init_pair(P_OK, COLOR_GREEN, COLOR_BLACK);
	}
	screen_is_open = 1;
	return 0;
}

void
screen_close(void)
{
	if (!screen_is_open)
		return;
	screen_wipe();
	endwin();
	delscreen(scr);
	scr = NULL;
	screen_is_open = 0;
}

void
screen_wipe(void)
{
	if (!screen_is_open)
		return;
	clear();
	refresh();
}

int
screen_key(int ms)
{
	timeout(ms);
	return getch();
}
