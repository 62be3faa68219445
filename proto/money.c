/*
 * money.c — amounts are integer cents everywhere; this is the only place that turns them
 * into text and back.
 */
#include <stdio.h>
#include <string.h>

#include "money.h"
#include "msg.h"

int
money_parse(const char *s, uint64_t *cents, const char **why)
{
	const char	*p = s, *q, *dec = NULL, *end;
	char		 grp = 0;
	size_t		 ndot = 0, ncomma = 0, run = 0, groups = 0;
	uint64_t	 v = 0;
	int		 euro = 0;

	*why = "not an amount in euros (like 1250 or 1250,50)";
	if (strncmp(p, "\xe2\x82\xac", 3) == 0) {	/* a leading "€" */
		p += 3;
		euro = 1;
	}
	while (*p == ' ')
		p++;
	if (*p == '-') {
		*why = "amount must not be negative";
		return -1;
	}
	for (q = p; *q; q++) {
		if (*q == '.')
			ndot++;
		else if (*q == ',')
			ncomma++;
		else if (*q < '0' || *q > '9')
			return -1;
	}
	end = q;
	/* Which separator is decimal: with both kinds, the last one; with one kind once,
	 * that one unless exactly three digits follow (Dutch "1.250" is 1250, English 1.25). */
	if (ndot && ncomma) {
		dec = strrchr(p, '.') > strrchr(p, ',') ? strrchr(p, '.') : strrchr(p, ',');
		grp = *dec == '.' ? ',' : '.';
		if ((*dec == '.' ? ndot : ncomma) != 1)
			return -1;
	} else if (ndot + ncomma == 1) {
		dec = ndot ? strchr(p, '.') : strchr(p, ',');
		/* "€ 1.250" is how money_format writes 1250 euros: Dutch, so the dot groups. */
		if (end - dec - 1 == 3 && euro && ndot) {
			grp = '.';
			dec = NULL;
		} else if (end - dec - 1 == 3) {
			*why = "ambiguous amount: write 1250 or 1250,00 rather than 1.250";
			return -1;
		}
	} else if (ndot + ncomma > 1)
		grp = ndot ? '.' : ',';
	if (dec && (end - dec - 1 < 1 || end - dec - 1 > 2)) {
		*why = "amounts have one or two decimals (cents) after the separator";
		return -1;
	}
	/* Whole euros, with optional grouping separators: first group 1–3 digits, then 3s. */
	for (q = p; q < (dec ? dec : end); q++) {
		if (*q == grp && grp) {
			if (run == 0 || run > 3 || (groups > 0 && run != 3))
				return -1;
			groups++;
			run = 0;
			continue;
		}
		if (*q < '0' || *q > '9')
			return -1;
		if (v > MONEY_MAX_CENTS / 1000)
			goto toolarge;
		v = v * 10 + (uint64_t)(*q - '0');
		run++;
	}
	if (run == 0 || (groups > 0 && run != 3))
		return -1;
	v *= 100;
	if (dec) {
		v += (uint64_t)(dec[1] - '0') * 10;
		if (end - dec - 1 == 2)
			v += (uint64_t)(dec[2] - '0');
	}
	if (v > MONEY_MAX_CENTS)
		goto toolarge;
	*cents = v;
	*why = NULL;
	return 0;
toolarge:
	*why = "amount is too large";
	return -1;
}

char *
money_format(char *buf, size_t n, uint64_t cents)
{
	char		 digits[32], grouped[48];
	uint64_t	 euros = cents / 100;
	size_t		 len, i, j = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)euros);
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[j++] = '.';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	if (cents % 100)
		snprintf(buf, n, "\xe2\x82\xac %s,%02u", grouped, (unsigned)(cents % 100));
	else
		snprintf(buf, n, "\xe2\x82\xac %s", grouped);
	return buf;
}
