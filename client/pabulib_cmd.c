/*
 * pabulib_cmd.c — `dorpsstem pabulib tally|check FILE.pb`: the offline tally of a pabulib
 * file with any of our rules, and pabulib's validation.  Plain output of tally starts with
 * the funded ids on one line (scripts read that line), then the explanation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pabulib.h"
#include "pabulib_cmd.h"
#include "tally.h"

static const char pabulib_usage[] =
"usage: dorpsstem [-j] pabulib tally FILE.pb [--rule R] [--utility U] [--tie-break T]\n"
"           [--add1-stop S] [--complete greedy] [--threshold N] [--seed HEX]\n"
"       dorpsstem [-j] pabulib check FILE.pb\n"
"\n"
"tally    run a rule on a pabulib file; the first line of output is the funded ids\n"
"         (natural order, comma-separated), then why each initiative is (not) funded;\n"
"         -j prints JSON instead\n"
"check    validate the file as pabulib's checker does; each problem as FILE:LINE: message,\n"
"         exit status 1 if there is any\n"
"\n"
"--rule R        greedy, greedy-no-skip, greedy-threshold, equalshares, equalshares/add1,\n"
"                equalshares/add1-comparison, equalshares-comparison, phragmen\n"
"                (default: the file's META rule)\n"
"--utility U     cost (default) or cardinality, for approval ballots\n"
"--tie-break T   cost-votes (default: lower cost, more votes, then a seeded lot) or lexico\n"
"                (smallest id as a string, pabutools' default)\n"
"--add1-stop S   fits (default: raise the voter budget while the outcome fits, as pabulib's\n"
"                checker) or exhaustive (stop at the first exhaustive outcome, as pabutools)\n"
"--complete greedy  after equal shares, fund what still fits by votes\n"
"--threshold N   greedy-threshold's minimum score (default: META min_project_score_threshold)\n"
"--seed HEX      the 32-byte public seed of the lot, 64 hex digits (default: all zero)\n";

static int
fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "dorpsstem pabulib: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

static void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static int
cmd_check(const char *path, int json)
{
	struct pabulib *pb;
	char err[512];

	if (pabulib_read_file(path, &pb, err, sizeof(err)) == -1)
		return fail("%s%s", err, "");
	if (json) {
		printf("{\"file\":");
		json_string(stdout, path);
		printf(",\"ok\":%s,\"projects\":%zu,\"votes\":%zu,\"problems_total\":%zu,"
		    "\"problems\":[", pb->nproblems_total ? "false" : "true", pb->nprojects,
		    pb->nvotes, pb->nproblems_total);
		for (size_t i = 0; i < pb->nproblems; i++) {
			printf("%s{\"line\":%zu,\"fatal\":%s,\"message\":", i ? "," : "",
			    pb->problems[i].line, pb->problems[i].fatal ? "true" : "false");
			json_string(stdout, pb->problems[i].message);
			putchar('}');
		}
		printf("]}\n");
	} else {
		for (size_t i = 0; i < pb->nproblems; i++) {
			if (pb->problems[i].line > 0)
				printf("%s:%zu: %s\n", path, pb->problems[i].line,
				    pb->problems[i].message);
			else
				printf("%s: %s\n", path, pb->problems[i].message);
		}
		if (pb->nproblems_total > pb->nproblems)
			printf("%s: %zu more problems not shown\n", path,
			    pb->nproblems_total - pb->nproblems);
		if (pb->nproblems_total == 0)
			printf("%s: ok (%s, %zu projects, %zu votes)\n", path,
			    pabulib_vote_type_name(pb->vote_type), pb->nprojects, pb->nvotes);
	}
	int rc = pb->nproblems_total > 0;
	pabulib_free(pb);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("%s%s", "cannot write the output", "");
	return rc;
}

/* Matches "--name value" and "--name=value"; advances *i past what it used. */
static const char *
optval(int argc, char *argv[], int *i, const char *name, int *bad)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

static int
cmd_tally(int argc, char *argv[], int json)
{
	struct tally_options opt;
	struct tally_instance inst;
	struct tally_outcome out;
	struct pabulib *pb;
	const char *path = NULL, *rule = NULL, *utility = NULL, *tiebreak = NULL;
	const char *add1 = NULL, *complete = NULL, *threshold = NULL, *seed = NULL;
	char err[512];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *v;
		int bad = 0;

		if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
			if (path != NULL)
				return fail("tally takes one file, not %s and %s", path, argv[i]);
			path = argv[i];
			continue;
		}
		if ((v = optval(argc, argv, &i, "--rule", &bad)) != NULL)
			rule = v;
		else if ((v = optval(argc, argv, &i, "--utility", &bad)) != NULL)
			utility = v;
		else if ((v = optval(argc, argv, &i, "--tie-break", &bad)) != NULL)
			tiebreak = v;
		else if ((v = optval(argc, argv, &i, "--add1-stop", &bad)) != NULL)
			add1 = v;
		else if ((v = optval(argc, argv, &i, "--complete", &bad)) != NULL)
			complete = v;
		else if ((v = optval(argc, argv, &i, "--threshold", &bad)) != NULL)
			threshold = v;
		else if ((v = optval(argc, argv, &i, "--seed", &bad)) != NULL)
			seed = v;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(pabulib_usage, stdout);
			return 0;
		}
		if (bad)
			return fail("option %s needs a value%s", argv[i], "");
		if (v == NULL)
			return fail("unknown option %s; see dorpsstem pabulib --help%s", argv[i], "");
	}
	if (path == NULL)
		return fail("tally needs a FILE.pb; see dorpsstem pabulib --help%s%s", "", "");

	tally_options_init(&opt);
	if (rule != NULL && tally_rule_parse(&opt, rule) == -1)
		return fail("unknown rule %s%s", rule, "");
	if (utility != NULL && tally_utility_parse(&opt, utility) == -1)
		return fail("unknown utility %s (cost or cardinality)%s", utility, "");
	if (tiebreak != NULL && tally_tiebreak_parse(&opt, tiebreak) == -1)
		return fail("unknown tie-break %s (cost-votes or lexico)%s", tiebreak, "");
	if (add1 != NULL && tally_add1_stop_parse(&opt, add1) == -1)
		return fail("unknown add1 stop %s (fits or exhaustive)%s", add1, "");
	if (complete != NULL) {
		if (strcmp(complete, "greedy") != 0)
			return fail("unknown completion %s (only greedy)%s", complete, "");
		opt.complete_greedy = 1;
	}
	if (seed != NULL && tally_seed_parse(&opt, seed) == -1)
		return fail("the seed must be 64 hex digits, not %s%s", seed, "");

	if (pabulib_read_file(path, &pb, err, sizeof(err)) == -1)
		return fail("%s%s", err, "");
	{
		/* META gives the rule (unless --rule) and the threshold (unless --threshold). */
		struct tally_options meta = opt;
		if (pabulib_options(pb, &meta, rule == NULL, err, sizeof(err)) == -1) {
			pabulib_free(pb);
			return fail("%s: %s", path, err);
		}
		if (rule == NULL) {
			opt.rule = meta.rule;
			opt.comparison = meta.comparison;
		}
		opt.has_threshold = meta.has_threshold;
		opt.threshold = meta.threshold;
	}
	if (threshold != NULL) {
		char *end;
		long long t = strtoll(threshold, &end, 10);
		if (*threshold == '\0' || *end != '\0') {
			pabulib_free(pb);
			return fail("the threshold must be an integer, not %s%s", threshold, "");
		}
		opt.has_threshold = 1;
		opt.threshold = t;
	}
	if (pabulib_instance(pb, &inst, err, sizeof(err)) == -1) {
		pabulib_free(pb);
		return fail("%s: %s", path, err);
	}
	if (pb->nproblems_total > 0)
		fprintf(stderr, "dorpsstem pabulib: warning: %s has %zu problems pabulib's checker "
		    "reports (see dorpsstem pabulib check)\n", path, pb->nproblems_total);
	if (tally_run(&inst, &opt, &out, err, sizeof(err)) == -1) {
		pabulib_instance_free(&inst);
		pabulib_free(pb);
		return fail("%s: %s", path, err);
	}
	if (json)
		rc = tally_print_json(stdout, &inst, &out);
	else {
		rc = tally_print_selected(stdout, &inst, &out);
		if (rc == 0)
			rc = tally_print_text(stdout, &inst, &out);
	}
	tally_outcome_free(&out);
	pabulib_instance_free(&inst);
	pabulib_free(pb);
	if (rc == -1 || fflush(stdout) != 0 || ferror(stdout))
		return fail("%s%s", "cannot write the output", "");
	return 0;
}

int
pabulib_main(int argc, char *argv[], int json)
{
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		fputs(pabulib_usage, argc < 1 ? stderr : stdout);
		return argc < 1;
	}
	if (strcmp(argv[0], "tally") == 0)
		return cmd_tally(argc, argv, json);
	if (strcmp(argv[0], "check") == 0) {
		if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			fputs(pabulib_usage, stdout);
			return 0;
		}
		if (argc != 2)
			return fail("check takes exactly one FILE.pb%s%s", "", "");
		return cmd_check(argv[1], json);
	}
	return fail("unknown pabulib command %s; see dorpsstem pabulib --help%s", argv[0], "");
}
