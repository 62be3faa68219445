/* SPDX-License-Identifier: EUPL-1.2 */
/* money.h — euro amounts: integer cents in, Dutch-formatted euros out. */
#ifndef MONEY_H
#define MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses what an organiser types, the Dutch way first: "25.000", "25.000,00", "€ 25.000,-",
 * "25000 euro", "1250,50", "€25.000", "1.250,50", also "1250.50" and "1,250.50".  A dot
 * followed by exactly three digits groups thousands; a lone comma followed by three digits
 * ("1,250") is refused as ambiguous.  Returns 0 and the amount in cents, or -1 with a
 * sentence in *why that quotes what was typed (valid until the thread's next call). */
int	money_parse(const char *s, uint64_t *cents, const char **why);

/* "€ 1.250,50"; whole euros as "€ 1.250". buf needs MONEY_BUF bytes. */
#define MONEY_BUF	40
char	*money_format(char *buf, size_t n, uint64_t cents);

/* The same amount the English way, "€1,250.50" and "€1,250": for readers who chose
 * English (the kiosk's and the web site's language switch). */
char	*money_format_en(char *buf, size_t n, uint64_t cents);

/* "1250,50" and "25000,00": euros with a decimal comma and no grouping, what a Dutch
 * spreadsheet reads as a number (CSV). */
char	*money_format_csv(char *buf, size_t n, uint64_t cents);

#endif
