/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * roundnr.c — the round's own numbering of its initiatives (see roundnr.h).
 */
#include <string.h>

#include "roundnr.h"

uint32_t
initiative_nr(const struct initiative *ins, size_t n, uint32_t round, uint32_t id)
{
	uint32_t	nr = 0;
	size_t		i;
	int		found = 0;

	for (i = 0; i < n; i++) {
		if (ins[i].round != round)
			continue;
		if (ins[i].id == id)
			found = 1;
		if (ins[i].id <= id)
			nr++;
	}
	return found ? nr : 0;
}

uint32_t
initiative_id_of_nr(const struct initiative *ins, size_t n, uint32_t round, uint32_t nr)
{
	size_t	i;

	if (nr == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (ins[i].round == round && initiative_nr(ins, n, round, ins[i].id) == nr)
			return ins[i].id;
	return 0;
}

static int
parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t	v = 0;
	size_t		i;

	if (len == 0 || len > 10 || s[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
roundnr_parse(const char *s, uint32_t *round, uint32_t *nr)
{
	const char	*slash = strchr(s, '/');

	if (slash == NULL)
		return 0;
	if (parse_u32(s, (size_t)(slash - s), round) == -1 ||
	    parse_u32(slash + 1, strlen(slash + 1), nr) == -1)
		return -1;
	return 1;
}
