/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_pabulib.c — the pabulib reader on arbitrary bytes.  Whatever it reads without a
 * fatal problem must also convert to a tally instance, tally under a cheap rule and an
 * Equal Shares run, and survive a write; nothing may crash, leak or trip a sanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pabulib.h"
#include "tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *rules[] = { "greedy", "equalshares", "phragmen" };
	struct pabulib *pb;
	struct tally_instance inst;
	char err[256];

	if (size > 1 << 20)
		return 0;
	if (pabulib_parse((const char *)data, size, &pb) != 0)
		return 0;
	if (pb->nfatal > pb->nproblems_total)
		abort();	/* the counts are inconsistent */
	if (pabulib_instance(pb, &inst, err, sizeof(err)) == 0) {
		/* Keep the rounds the fuzzer makes cheap enough to tally every time. */
		if (inst.nballots <= 2000 && inst.nprojects <= 200) {
			for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
				struct tally_options opt;
				struct tally_outcome out;

				tally_options_init(&opt);
				if (tally_rule_parse(&opt, rules[i]) != 0)
					abort();
				if (tally_run(&inst, &opt, &out, err, sizeof(err)) == 0) {
					if (out.spent > inst.budget || out.spent < 0)
						abort();	/* no rule overspends */
					tally_outcome_free(&out);
				}
			}
		}
		pabulib_instance_free(&inst);
	}
	{
		FILE *f = fopen("/dev/null", "w");
		if (f != NULL) {
			if (pabulib_write(f, pb) != 0)
				abort();
			fclose(f);
		}
	}
	pabulib_free(pb);
	return 0;
}
