/* money.h — euro amounts: integer cents in, Dutch-formatted euros out. */
#ifndef MONEY_H
#define MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses what an organiser types: "25000", "1250.50", "1250,5", "1.250,50", "€ 1.250".
 * A lone separator followed by exactly three digits ("1.250") is refused as ambiguous.
 * Returns 0 and the amount in cents, or -1 with a sentence in *why. */
int	money_parse(const char *s, uint64_t *cents, const char **why);

/* "€ 1.250,50"; whole euros as "€ 1.250". buf needs MONEY_BUF bytes. */
#define MONEY_BUF	40
char	*money_format(char *buf, size_t n, uint64_t cents);

#endif
