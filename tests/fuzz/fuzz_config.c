/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_config.c — libFuzzer target for the configuration parser (daemon/config.c).
 *
 * Besides "no crash, no leak", it checks the round trip: a config that parses without
 * errors must print to text that parses again without errors and prints identically.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *
print_config(const struct config *cf, size_t *len)
{
	char *s = NULL;
	FILE *f;

	if ((f = open_memstream(&s, len)) == NULL)
		abort();
	config_print(f, cf);
	if (fclose(f) != 0)
		abort();
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct config cf, again;
	char *out1, *out2;
	size_t len1, len2;

	/* Messages go to /dev/null so their formatting is exercised too. */
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	if (config_parse("fuzz", (const char *)data, size, &cf, devnull) != 0) {
		config_free(&cf);
		return 0;
	}
	out1 = print_config(&cf, &len1);
	if (config_parse("printed", out1, len1, &again, stderr) != 0) {
		fprintf(stderr, "canonical form does not parse:\n%s", out1);
		abort();
	}
	out2 = print_config(&again, &len2);
	if (len1 != len2 || memcmp(out1, out2, len1) != 0) {
		fprintf(stderr, "round trip changed the config:\n%s---\n%s", out1, out2);
		abort();
	}
	free(out1);
	free(out2);
	config_free(&again);
	config_free(&cf);
	return 0;
}
