/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * money.c — amounts are integer cents everywhere; this is the only place that turns them
 * into text and back.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "money.h"
#include "msg.h"

/* The refusal names what was typed, so it lives in a per-thread buffer. */
static _Thread_local char why_buf[256];

/* Copies at most 40 bytes of s into d for quoting in a message: control bytes become '?',
 * and a cut never splits a UTF-8 character. */
static void
quote_input(char *d, size_t n, const char *s, const char *end)
{
	size_t	i = 0, max = n - 4 < 40 ? n - 4 : 40;

	while (s < end && i < max) {
		unsigned char c = (unsigned char)*s;
		size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;

		if (c < 0x20 || c == 0x7f)
			c = '?', len = 1;
		if (i + len > max || (size_t)(end - s) < len)
			break;
		if (len == 1)
			d[i++] = (char)c;
		else
			memcpy(d + i, s, len), i += len;
		s += len;
	}
	if (s < end)
		memcpy(d + i, "...", 3), i += 3;
	d[i] = '\0';
}

static int
refuse(const char **why, const char *s, const char *fmt, const char *a, const char *b)
{
	char q[48];

	quote_input(q, sizeof(q), s, s + strlen(s));
	snprintf(why_buf, sizeof(why_buf), "\"%s\": ", q);
	snprintf(why_buf + strlen(why_buf), sizeof(why_buf) - strlen(why_buf), fmt,
	    a ? a : "", b ? b : "");
	*why = why_buf;
	return -1;
}

static int
is_space(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	if (strncmp(p, "\xc2\xa0", 2) == 0)		/* no-break space */
		return 2;
	if (strncmp(p, "\xe2\x80\xaf", 3) == 0)		/* narrow no-break space */
		return 3;
	return 0;
}

/* A currency word at p: "€", "EUR", "euro" (any case). Returns its length or 0. */
static size_t
currency(const char *p, const char *end)
{
	if (end - p >= 3 && strncmp(p, "\xe2\x82\xac", 3) == 0)
		return 3;
	if (end - p >= 4 && strncasecmp(p, "euro", 4) == 0)
		return 4;
	if (end - p >= 3 && strncasecmp(p, "eur", 3) == 0)
		return 3;
	return 0;
}

int
money_parse(const char *s, uint64_t *cents, const char **why)
{
	const char	*p = s, *end = s + strlen(s), *q, *dec = NULL, *dash;
	char		 body[64], grp = 0, *b;
	size_t		 nd = 0, nc = 0, nsp = 0, run = 0, groups = 0, n, k, whole = 0;
	uint64_t	 v = 0;
	int		 sp;

	/* Surrounding blanks, then "€ 25.000", "EUR 25.000", "25.000 euro", "25.000 €". */
	while (p < end && (sp = is_space(p)))
		p += sp;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((n = currency(p, end)) != 0) {
		p += n;
		while (p < end && (sp = is_space(p)))
			p += sp;
	} else {
		for (k = 3; k <= 4; k++)
			if ((size_t)(end - p) > k && currency(end - k, end) == k &&
			    (end[-(long)k - 1] < 'a' || end[-(long)k - 1] > 'z') &&
			    (end[-(long)k - 1] < 'A' || end[-(long)k - 1] > 'Z')) {
				end -= k;
				while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
					end--;
				break;
			}
	}
	if (p < end && *p == '-')
		return refuse(why, s, "an amount must not be negative%s%s", NULL, NULL);
	/* "25.000,-" (also ",--", ",–", ",—"): whole euros. */
	for (dash = p; dash < end && *dash != ','; dash++)
		;
	if (dash < end && dash + 1 < end &&
	    (strncmp(dash, ",-", (size_t)(end - dash)) == 0 ||
	    strncmp(dash, ",--", (size_t)(end - dash)) == 0 ||
	    ((end - dash == 4) && (strncmp(dash, ",\xe2\x80\x93", 4) == 0 ||
	    strncmp(dash, ",\xe2\x80\x94", 4) == 0)))) {
		end = dash;
		whole = 1;
	}
	if (p == end)
		return refuse(why, s, "not an amount in euros (like 1250, 1.250,50 or "
		    "\xe2\x82\xac 25.000)%s%s", NULL, NULL);
	/* The number itself: digits, '.', ',' and blanks (blanks only group thousands). */
	for (b = body, q = p; q < end; ) {
		if (b - body >= (long)sizeof(body) - 1)
			return refuse(why, s, "amount is too large%s%s", NULL, NULL);
		if ((sp = is_space(q)) != 0) {
			nsp++;
			*b++ = ' ';
			q += sp;
			continue;
		}
		if (*q == '.')
			nd++;
		else if (*q == ',')
			nc++;
		else if (*q < '0' || *q > '9')
			return refuse(why, s, "not an amount in euros (like 1250, 1.250,50 or "
			    "\xe2\x82\xac 25.000)%s%s", NULL, NULL);
		*b++ = *q++;
	}
	*b = '\0';
	end = b;
	p = body;
	/* Which separator is the decimal one. */
	if (nd && nc) {
		/* Both: the last one ("1.250,50" Dutch, "1,250.50" English), once. */
		dec = strrchr(p, '.') > strrchr(p, ',') ? strrchr(p, '.') : strrchr(p, ',');
		grp = *dec == '.' ? ',' : '.';
		if ((*dec == '.' ? nd : nc) != 1)
			return refuse(why, s, "not an amount: two decimal separators%s%s", NULL, NULL);
	} else if (nd + nc == 1) {
		dec = nd ? strchr(p, '.') : strchr(p, ',');
		n = (size_t)(end - dec - 1);
		if (n == 3 && *dec == '.') {
			/* "25.000": the Dutch thousands dot (1.25 would be written 1,25). */
			grp = '.';
			dec = NULL;
		} else if (n == 3) {
			/* "1,250": Dutch cents cannot have three digits; in English it is 1250. */
			char alt[48];

			snprintf(alt, sizeof(alt), "%.*s.%s", (int)(dec - p), p, dec + 1);
			return refuse(why, s, "ambiguous: a comma starts the cents (at most two); "
			    "for thousands write %s or leave the comma out%s", alt, NULL);
		}
	} else if (nd + nc > 1)
		grp = nd ? '.' : ',';
	if (nsp) {
		if (grp)
			return refuse(why, s, "not an amount: thousands grouped in two ways%s%s",
			    NULL, NULL);
		grp = ' ';
	}
	if (dec && whole)
		return refuse(why, s, "not an amount: cents and \",-\" together%s%s", NULL, NULL);
	if (dec && (end - dec - 1 < 1 || end - dec - 1 > 2))
		return refuse(why, s, "amounts have one or two decimals (cents) after the "
		    "separator%s%s", NULL, NULL);
	/* Whole euros, with optional grouping: first group 1-3 digits, then groups of 3. */
	for (q = p; q < (dec ? dec : end); q++) {
		if (*q == grp && grp) {
			if (run == 0 || run > 3 || (groups > 0 && run != 3) ||
			    (groups == 0 && p[0] == '0'))
				return refuse(why, s, "not an amount: thousands are grouped by three, "
				    "like 1.250.000%s%s", NULL, NULL);
			groups++;
			run = 0;
			continue;
		}
		if (*q < '0' || *q > '9')
			return refuse(why, s, "not an amount in euros (like 1250, 1.250,50 or "
			    "\xe2\x82\xac 25.000)%s%s", NULL, NULL);
		if (v > MONEY_MAX_CENTS / 1000)
			return refuse(why, s, "amount is too large%s%s", NULL, NULL);
		v = v * 10 + (uint64_t)(*q - '0');
		run++;
	}
	if (run == 0)
		return refuse(why, s, "not an amount in euros (like 1250, 1.250,50 or "
		    "\xe2\x82\xac 25.000)%s%s", NULL, NULL);
	if (groups > 0 && run != 3)
		return refuse(why, s, "not an amount: thousands are grouped by three, like "
		    "1.250.000%s%s", NULL, NULL);
	v *= 100;
	if (dec) {
		v += (uint64_t)(dec[1] - '0') * 10;
		if (end - dec - 1 == 2)
			v += (uint64_t)(dec[2] - '0');
	}
	if (v > MONEY_MAX_CENTS)
		return refuse(why, s, "amount is too large (at most "
		    "\xe2\x82\xac 1.000.000.000.000)%s%s", NULL, NULL);
	*cents = v;
	*why = NULL;
	return 0;
}

/* Whole euros of cents with sep between groups of three digits. */
static void
group_euros(char out[48], uint64_t cents, char sep)
{
	char	digits[32];
	size_t	len, i, j = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(cents / 100));
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[j++] = sep;
		out[j++] = digits[i];
	}
	out[j] = '\0';
}

char *
money_format(char *buf, size_t n, uint64_t cents)
{
	char grouped[48];

	group_euros(grouped, cents, '.');
	if (cents % 100)
		snprintf(buf, n, "\xe2\x82\xac %s,%02u", grouped, (unsigned)(cents % 100));
	else
		snprintf(buf, n, "\xe2\x82\xac %s", grouped);
	return buf;
}

char *
money_format_en(char *buf, size_t n, uint64_t cents)
{
	char grouped[48];

	group_euros(grouped, cents, ',');
	if (cents % 100)
		snprintf(buf, n, "\xe2\x82\xac%s.%02u", grouped, (unsigned)(cents % 100));
	else
		snprintf(buf, n, "\xe2\x82\xac%s", grouped);
	return buf;
}

char *
money_format_csv(char *buf, size_t n, uint64_t cents)
{
	snprintf(buf, n, "%llu,%02u", (unsigned long long)(cents / 100),
	    (unsigned)(cents % 100));
	return buf;
}
