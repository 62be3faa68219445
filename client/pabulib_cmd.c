/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pabulib_cmd.c — `dorpsstem pabulib tally|check FILE.pb|DIR…`: the offline tally of pabulib
 * files with any of our rules, and pabulib's validation.  One file: plain output of tally
 * starts with a line "Funded: ids" (scripts read that line), then the explanation; -j the
 * JSON of the outcome with tally_seconds (in-process, parsing excluded) and parse_seconds.
 * Several files or a directory: a batch in one process — one summary line per file (text,
 * CSV or JSON lines), a progress bar on a terminal, a total at the end; a file that cannot
 * be read or tallied is reported and the batch goes on (exit status 1).
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pabulib.h"
#include "i18n.h"
#include "pabulib_cmd.h"
#include "tally.h"

/* Option names, rule names and FILE/DIR stay English in the translation. */
static const char *const pabulib_usage = N_(
"usage: dorpsstem [-j] pabulib tally FILE.pb [--rule R] [--utility U] [--tie-break T]\n"
"           [--add1-stop S] [--complete greedy] [--threshold N] [--seed HEX]\n"
"       dorpsstem [-j] pabulib tally FILE|DIR... [options above] [--format text|csv|json]\n"
"       dorpsstem [-j] pabulib check FILE.pb\n"
"       dorpsstem [-j] pabulib check FILE|DIR... [--format text|csv|json]\n"
"\n"
"tally    run a rule on a pabulib file; the first line of output is \"Funded: \" and the\n"
"         funded ids (natural order, comma-separated), then why each initiative is (not)\n"
"         funded; -j prints JSON instead (with tally_seconds and parse_seconds)\n"
"check    validate the file as pabulib's checker does; each problem as FILE:LINE: message,\n"
"         exit status 1 if there is any\n"
"batch    with several files or a directory (its .pb files, subdirectories included):\n"
"         one summary line per file (rule, official outcome reproduced or not, funded\n"
"         set, time), then a total; --format csv or json (JSON lines; also -j); a progress\n"
"         bar on a terminal; a file that cannot be read is reported and the batch goes on;\n"
"         exit status 1 if any file could not be tallied (check: had any problem)\n"
"\n"
"--rule R        greedy, greedy-no-skip, greedy-threshold, greedy-custom, greedy-exclusive,\n"
"                equalshares, equalshares/add1, equalshares/add1-comparison,\n"
"                equalshares-comparison, phragmen (default: the file's META rule)\n"
"--utility U     cost (default) or cardinality, for approval ballots\n"
"--tie-break T   cost-votes (default: lower cost, more votes, then a seeded lot) or lexico\n"
"                (smallest id as a string, pabutools' default)\n"
"--add1-stop S   fits (default: raise the voter budget while the outcome fits, as pabulib's\n"
"                checker) or exhaustive (stop at the first exhaustive outcome, as pabutools)\n"
"--complete greedy  after equal shares, fund what still fits by votes\n"
"--threshold N   minimum score for any greedy rule (default: META\n"
"                min_project_score_threshold, used with the file's own greedy rule and with\n"
"                greedy-threshold)\n"
"--seed HEX      the 32-byte public seed of the lot, 64 hex digits (default: all zero)\n");

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

struct cli {
	const char	 *rule, *utility, *tiebreak, *add1, *complete, *threshold, *seed;
	const char	 *format;
	const char	**paths;
	size_t		  npaths;
};

static int
fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, _("dorpsstem pabulib: "));
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

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void
csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads and parses a file, timing it. */
static int
read_timed(const char *path, struct pabulib **pb, double *secs, char *err, size_t errlen)
{
	double t0 = now();
	int rc = pabulib_read_file(path, pb, err, errlen);

	*secs = now() - t0;
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

/* argv[0] is the subcommand; tally_opts: whether the tally options are accepted.
   Returns 0, 1 (error printed) or 2 (help printed). */
static int
parse_cli(int argc, char *argv[], int tally_opts, struct cli *c)
{
	memset(c, 0, sizeof(*c));
	if ((c->paths = calloc((size_t)argc + 1, sizeof(*c->paths))) == NULL)
		return fail(_("out of memory"), "", "");
	for (int i = 1; i < argc; i++) {
		const char *v = NULL;
		int bad = 0;

		if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
			c->paths[c->npaths++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(_(pabulib_usage), stdout);
			return 2;
		}
		if ((v = optval(argc, argv, &i, "--format", &bad)) != NULL)
			c->format = v;
		else if (!tally_opts)
			;
		else if ((v = optval(argc, argv, &i, "--rule", &bad)) != NULL)
			c->rule = v;
		else if ((v = optval(argc, argv, &i, "--utility", &bad)) != NULL)
			c->utility = v;
		else if ((v = optval(argc, argv, &i, "--tie-break", &bad)) != NULL)
			c->tiebreak = v;
		else if ((v = optval(argc, argv, &i, "--add1-stop", &bad)) != NULL)
			c->add1 = v;
		else if ((v = optval(argc, argv, &i, "--complete", &bad)) != NULL)
			c->complete = v;
		else if ((v = optval(argc, argv, &i, "--threshold", &bad)) != NULL)
			c->threshold = v;
		else if ((v = optval(argc, argv, &i, "--seed", &bad)) != NULL)
			c->seed = v;
		if (bad)
			return fail(_("option %s needs a value"), argv[i], "");
		if (v == NULL)
			return fail(_("unknown option %s; see dorpsstem pabulib --help"), argv[i], "");
	}
	if (c->npaths == 0)
		return fail(_("%s needs a FILE.pb or a directory; see dorpsstem pabulib --help"),
		    argv[0], "");
	if (c->format != NULL && strcmp(c->format, "text") != 0 &&
	    strcmp(c->format, "csv") != 0 && strcmp(c->format, "json") != 0)
		return fail(_("unknown format %s (text, csv or json)"), c->format, "");
	return 0;
}

/* The options every file shares (everything but META's rule and threshold). */
static int
base_options(const struct cli *c, struct tally_options *opt)
{
	tally_options_init(opt);
	if (c->rule != NULL && tally_rule_parse(opt, c->rule) == -1)
		return fail(_("unknown rule %s; the rules are %s"), c->rule, tally_rule_names);
	if (c->utility != NULL && tally_utility_parse(opt, c->utility) == -1)
		return fail(_("unknown utility %s (cost or cardinality)"), c->utility, "");
	if (c->tiebreak != NULL && tally_tiebreak_parse(opt, c->tiebreak) == -1)
		return fail(_("unknown tie-break %s (cost-votes or lexico)"), c->tiebreak, "");
	if (c->add1 != NULL && tally_add1_stop_parse(opt, c->add1) == -1)
		return fail(_("unknown add1 stop %s (fits or exhaustive)"), c->add1, "");
	if (c->complete != NULL) {
		if (strcmp(c->complete, "greedy") != 0)
			return fail(_("unknown completion %s (only greedy)"), c->complete, "");
		opt->complete_greedy = 1;
	}
	if (c->seed != NULL && tally_seed_parse(opt, c->seed) == -1)
		return fail(_("the seed must be 64 hex digits, not %s"), c->seed, "");
	if (c->threshold != NULL) {
		char *end;
		long long t = strtoll(c->threshold, &end, 10);
		if (*c->threshold == '\0' || *end != '\0')
			return fail(_("the threshold must be an integer, not %s"), c->threshold, "");
		opt->has_threshold = 1;
		opt->threshold = t;
	}
	return 0;
}

/*
 * One file's options: META gives the rule unless --rule; META's threshold applies to the
 * file's own greedy rule (every greedy variant, as the checker and the official outcomes
 * do) and to greedy-threshold, unless --threshold.  An explicit --rule greedy or
 * greedy-no-skip ignores META's threshold (pabutools' greedy has none).
 */
static int
file_options(const struct pabulib *pb, const struct cli *c, const struct tally_options *base,
    struct tally_options *opt, char *err, size_t errlen)
{
	struct tally_options meta = *base;

	*opt = *base;
	if (pabulib_options(pb, &meta, c->rule == NULL, err, errlen) == -1)
		return -1;
	if (c->rule == NULL) {
		opt->rule = meta.rule;
		opt->comparison = meta.comparison;
		opt->city_rule = meta.city_rule;
	}
	if (c->threshold == NULL && (c->rule == NULL || opt->rule == TALLY_RULE_GREEDY_THRESHOLD)) {
		opt->has_threshold = meta.has_threshold;
		opt->threshold = meta.threshold;
	}
	return 0;
}

/* -1: the file has no `selected` column; 1: our funded set is the official one; 0: not. */
static int
official_match(const struct pabulib *pb, const struct tally_outcome *out)
{
	int has = 0;

	for (size_t p = 0; p < pb->nprojects; p++)
		if (pb->projects[p].selected >= 0)
			has = 1;
	if (!has)
		return -1;
	for (size_t p = 0; p < pb->nprojects; p++)
		if ((pb->projects[p].selected == 1) != (out->projects[p].selected != 0))
			return 0;
	return 1;
}

static void
warn_repeats(const char *path, const struct pabulib *pb)
{
	for (size_t i = 0; i < pb->nproblems; i++)
		if (pb->problems[i].counted_once)
			fprintf(stderr, _("dorpsstem pabulib: warning: %s:%zu: %s; counted once\n"),
			    path, pb->problems[i].line, pb->problems[i].message);
}

static int
check_one(const char *path, int json)
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
			printf(_("%s: %zu more problems not shown\n"), path,
			    pb->nproblems_total - pb->nproblems);
		if (pb->nproblems_total == 0)
			printf(_("%s: ok (%s, %zu projects, %zu votes)\n"), path,
			    pabulib_vote_type_name(pb->vote_type), pb->nprojects, pb->nvotes);
	}
	int rc = pb->nproblems_total > 0;
	pabulib_free(pb);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("%s%s", "cannot write the output", "");
	return rc;
}

static int
tally_one(const struct cli *c, const struct tally_options *base, int json)
{
	const char *path = c->paths[0];
	struct tally_options opt;
	struct tally_instance inst;
	struct tally_outcome out;
	struct pabulib *pb;
	char err[512];
	double parse_s;
	int rc;

	if (read_timed(path, &pb, &parse_s, err, sizeof(err)) == -1)
		return fail("%s%s", err, "");
	if (file_options(pb, c, base, &opt, err, sizeof(err)) == -1) {
		pabulib_free(pb);
		return fail("%s: %s", path, err);
	}
	if (pabulib_instance(pb, &inst, err, sizeof(err)) == -1) {
		pabulib_free(pb);
		return fail("%s: %s", path, err);
	}
	warn_repeats(path, pb);
	if (pb->nproblems_total > 0)
		fprintf(stderr, _("dorpsstem pabulib: warning: %s has %zu problems pabulib's checker "
		    "reports (see dorpsstem pabulib check)\n"), path, pb->nproblems_total);
	if (tally_run(&inst, &opt, &out, err, sizeof(err)) == -1) {
		pabulib_instance_free(&inst);
		pabulib_free(pb);
		return fail("%s: %s", path, err);
	}
	out.parse_seconds = parse_s;
	if (json)
		rc = tally_print_json(stdout, &inst, &out);
	else {
		fputs("Funded: ", stdout);
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

/* ---- batch ---- */

struct filelist {
	char	**v;
	size_t	  n, cap;
};

static int
list_add(struct filelist *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	if ((l->v[l->n] = strdup(path)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's .pb files, subdirectories included, in name order.  An unreadable
   directory is added as itself (the batch then reports it). */
static int
list_dir(struct filelist *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	size_t first = l->n;

	if (depth > 16 || (d = opendir(dir)) == NULL)
		return list_add(l, dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t nl = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		if (stat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (list_dir(l, path, depth + 1) == -1) {
				closedir(d);
				return -1;
			}
		} else if (nl > 3 && strcmp(e->d_name + nl - 3, ".pb") == 0 &&
		    list_add(l, path) == -1) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	qsort(l->v + first, l->n - first, sizeof(*l->v), str_cmp);
	return 0;
}

static void
list_free(struct filelist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

struct progress {
	int	on;
	size_t	n;
};

static void
progress_show(struct progress *pg, size_t i, const char *path)
{
	const char *base = strrchr(path, '/');
	int w = 30, filled;

	if (!pg->on)
		return;
	base = base ? base + 1 : path;
	filled = pg->n ? (int)((double)i * w / (double)pg->n) : w;
	fprintf(stderr, "\r\033[K[%.*s%*s] %zu/%zu %.40s", filled,
	    "##############################", w - filled, "", i, pg->n, base);
	fflush(stderr);
}

static void
progress_clear(struct progress *pg)
{
	if (pg->on) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

struct totals {
	size_t	files, done, failed, official, reproduced, problems;
	double	tally_s, parse_s;
};

static void
tally_row(const struct cli *c, const struct tally_options *base, enum fmt fmt,
    const char *path, struct totals *t)
{
	struct tally_options opt;
	struct tally_instance inst;
	struct tally_outcome out;
	struct pabulib *pb = NULL;
	char err[512], rule[64];
	double parse_s = 0;
	int off, have_inst = 0;

	t->files++;
	if (read_timed(path, &pb, &parse_s, err, sizeof(err)) == -1)
		goto bad;
	t->parse_s += parse_s;
	if (pb->nproblems_total > 0)
		t->problems++;
	if (file_options(pb, c, base, &opt, err, sizeof(err)) == -1)
		goto bad;
	if (pabulib_instance(pb, &inst, err, sizeof(err)) == -1)
		goto bad;
	have_inst = 1;
	if (tally_run(&inst, &opt, &out, err, sizeof(err)) == -1)
		goto bad;
	t->done++;
	t->tally_s += out.tally_seconds;
	off = official_match(pb, &out);
	if (off >= 0) {
		t->official++;
		t->reproduced += (size_t)off;
	}
	tally_rule_name(&opt, rule, sizeof(rule));
	{
		const char *offs = off < 0 ? "-" : off ? "reproduced" : "differs";
		char *ids = NULL;
		size_t idlen = 0;
		FILE *m = open_memstream(&ids, &idlen);

		if (m != NULL) {
			if (tally_print_selected(m, &inst, &out) == -1)
				fputc('\n', m);
			fclose(m);
		}
		if (ids != NULL && idlen > 0 && ids[idlen - 1] == '\n')
			ids[idlen - 1] = '\0';
		if (fmt == FMT_TEXT)
			/* TRANSLATORS: one file of a batch tally: file, rule, "reproduced",
			 * "differs" or "not in the file", number funded, their ids, seconds,
			 * seconds, then "" or "; checker problems". */
			printf(_("%s: %s; official outcome %s; funded %zu (%s); tally %.6f s, "
			    "parse %.6f s%s\n"), path, rule,
			    off < 0 ? _("not in the file") : off ? _("reproduced") : _("differs"),
			    out.nselected, ids ? ids : "", out.tally_seconds, parse_s,
			    pb->nproblems_total ? _("; checker problems") : "");
		else if (fmt == FMT_CSV) {
			csv_field(stdout, path);
			printf(",ok,%s,%s,%zu,%" PRId64 ",%" PRId64 ",%.6f,%.6f,%zu,", rule, offs,
			    out.nselected, out.spent, out.budget, out.tally_seconds, parse_s,
			    pb->nproblems_total);
			csv_field(stdout, ids ? ids : "");
			printf(",\n");
		} else {
			printf("{\"file\":");
			json_string(stdout, path);
			printf(",\"status\":\"ok\",\"rule\":\"%s\",\"official\":%s%s%s,\"funded\":%zu,"
			    "\"spent_cents\":%" PRId64 ",\"budget_cents\":%" PRId64
			    ",\"tally_seconds\":%.6f,\"parse_seconds\":%.6f,\"problems\":%zu,"
			    "\"selected\":[", rule, off < 0 ? "" : "\"", off < 0 ? "null" : offs,
			    off < 0 ? "" : "\"", out.nselected, out.spent, out.budget,
			    out.tally_seconds, parse_s, pb->nproblems_total);
			for (char *s = ids, *e; s != NULL && *s; s = e ? e + 1 : NULL) {
				e = strchr(s, ',');
				if (e)
					*e = '\0';
				printf("%s", s != ids ? "," : "");
				json_string(stdout, s);
			}
			printf("]}\n");
		}
		free(ids);
	}
	tally_outcome_free(&out);
	pabulib_instance_free(&inst);
	pabulib_free(pb);
	return;
bad:
	t->failed++;
	if (fmt == FMT_TEXT)
		printf(_("%s: not tallied: %s\n"), path, err);
	else if (fmt == FMT_CSV) {
		csv_field(stdout, path);
		printf(",error,,,,,,,%.6f,,,", parse_s);
		csv_field(stdout, err);
		putchar('\n');
	} else {
		printf("{\"file\":");
		json_string(stdout, path);
		printf(",\"status\":\"error\",\"message\":");
		json_string(stdout, err);
		printf("}\n");
	}
	if (have_inst)
		pabulib_instance_free(&inst);
	pabulib_free(pb);
}

static void
check_row(enum fmt fmt, const char *path, struct totals *t)
{
	struct pabulib *pb;
	char err[512];
	double parse_s;
	const struct pabulib_problem *first = NULL;

	t->files++;
	if (read_timed(path, &pb, &parse_s, err, sizeof(err)) == -1) {
		t->failed++;
		if (fmt == FMT_TEXT)
			printf(_("%s: not read: %s\n"), path, err);
		else if (fmt == FMT_CSV) {
			csv_field(stdout, path);
			printf(",error,,,,,,");
			csv_field(stdout, err);
			putchar('\n');
		} else {
			printf("{\"file\":");
			json_string(stdout, path);
			printf(",\"status\":\"error\",\"message\":");
			json_string(stdout, err);
			printf("}\n");
		}
		return;
	}
	t->done++;
	t->parse_s += parse_s;
	if (pb->nproblems_total > 0)
		t->problems++;
	if (pb->nproblems > 0)
		first = &pb->problems[0];
	if (fmt == FMT_TEXT) {
		if (pb->nproblems_total == 0)
			printf(_("%s: ok (%s, %zu projects, %zu votes); parse %.6f s\n"), path,
			    pabulib_vote_type_name(pb->vote_type), pb->nprojects, pb->nvotes,
			    parse_s);
		else
			printf(_("%s: %zu problems (%zu refuse a tally), first at line %zu: %s; "
			    "parse %.6f s\n"), path, pb->nproblems_total, pb->nfatal,
			    first ? first->line : 0, first ? first->message : "?", parse_s);
	} else if (fmt == FMT_CSV) {
		csv_field(stdout, path);
		printf(",%s,%s,%zu,%zu,%zu,%zu,%.6f,", pb->nproblems_total ? "problems" : "ok",
		    pabulib_vote_type_name(pb->vote_type), pb->nprojects, pb->nvotes,
		    pb->nproblems_total, pb->nfatal, parse_s);
		csv_field(stdout, first ? first->message : "");
		putchar('\n');
	} else {
		printf("{\"file\":");
		json_string(stdout, path);
		printf(",\"status\":\"%s\",\"vote_type\":\"%s\",\"projects\":%zu,\"votes\":%zu,"
		    "\"problems\":%zu,\"fatal\":%zu,\"parse_seconds\":%.6f,\"first_problem\":",
		    pb->nproblems_total ? "problems" : "ok", pabulib_vote_type_name(pb->vote_type),
		    pb->nprojects, pb->nvotes, pb->nproblems_total, pb->nfatal, parse_s);
		if (first) {
			printf("{\"line\":%zu,\"message\":", first->line);
			json_string(stdout, first->message);
			putchar('}');
		} else
			printf("null");
		printf("}\n");
	}
	pabulib_free(pb);
}

static int
batch(const struct cli *c, const struct tally_options *base, int is_tally, enum fmt fmt)
{
	struct filelist l = { NULL, 0, 0 };
	struct progress pg;
	struct totals t;
	double t0 = now(), wall;

	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < c->npaths; i++) {
		struct stat st;
		int rc = stat(c->paths[i], &st) == 0 && S_ISDIR(st.st_mode) ?
		    list_dir(&l, c->paths[i], 0) : list_add(&l, c->paths[i]);
		if (rc == -1) {
			list_free(&l);
			return fail(_("out of memory"), "", "");
		}
	}
	pg.on = isatty(STDERR_FILENO);
	pg.n = l.n;
	if (pg.on)	/* each line is written after the bar is cleared (fflush below) */
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (fmt == FMT_CSV)
		printf(is_tally ? "file,status,rule,official,funded,spent_cents,budget_cents,"
		    "tally_seconds,parse_seconds,problems,selected,message\n" :
		    "file,status,vote_type,projects,votes,problems,fatal,parse_seconds,"
		    "first_problem\n");
	for (size_t i = 0; i < l.n; i++) {
		progress_show(&pg, i, l.v[i]);
		if (is_tally)
			tally_row(c, base, fmt, l.v[i], &t);
		else
			check_row(fmt, l.v[i], &t);
		progress_clear(&pg);
		fflush(stdout);
	}
	wall = now() - t0;
	if (fmt == FMT_TEXT) {
		if (is_tally)
			printf(_("total: %zu files, %zu tallied, %zu not; official outcome reproduced "
			    "in %zu of %zu files that have one; %zu with checker problems; tally "
			    "%.3f s, parse %.3f s, whole run %.3f s\n"), t.files, t.done, t.failed,
			    t.reproduced, t.official, t.problems, t.tally_s, t.parse_s, wall);
		else
			printf(_("total: %zu files, %zu read, %zu not; %zu with problems; parse "
			    "%.3f s, whole run %.3f s\n"), t.files, t.done, t.failed, t.problems,
			    t.parse_s, wall);
	} else if (fmt == FMT_CSV) {
		if (is_tally)
			printf("total,%zu of %zu tallied,,%zu of %zu reproduced,,,,%.6f,%.6f,%zu,,"
			    "whole run %.3f s\n", t.done, t.files, t.reproduced, t.official,
			    t.tally_s, t.parse_s, t.problems, wall);
		else
			printf("total,%zu of %zu read,,,,%zu,,%.6f,whole run %.3f s\n", t.done,
			    t.files, t.problems, t.parse_s, wall);
	} else {
		printf("{\"total\":{\"files\":%zu,\"%s\":%zu,\"failed\":%zu,\"with_problems\":%zu,",
		    t.files, is_tally ? "tallied" : "read", t.done, t.failed, t.problems);
		if (is_tally)
			printf("\"official\":%zu,\"reproduced\":%zu,\"tally_seconds\":%.6f,",
			    t.official, t.reproduced, t.tally_s);
		printf("\"parse_seconds\":%.6f,\"seconds\":%.6f}}\n", t.parse_s, wall);
	}
	list_free(&l);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail("%s%s", "cannot write the output", "");
	if (t.failed > 0)
		return 1;
	return !is_tally && t.problems > 0;
}

static int
is_batch(const struct cli *c)
{
	struct stat st;

	if (c->npaths != 1)
		return 1;
	return stat(c->paths[0], &st) == 0 && S_ISDIR(st.st_mode);
}

int
pabulib_main(int argc, char *argv[], int json)
{
	struct cli c;
	struct tally_options base;
	enum fmt fmt = json ? FMT_JSON : FMT_TEXT;
	int rc, is_tally;

	tally_options_init(&base);

	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "help") == 0) {
		fputs(_(pabulib_usage), argc < 1 ? stderr : stdout);
		return argc < 1;
	}
	if (strcmp(argv[0], "tally") == 0)
		is_tally = 1;
	else if (strcmp(argv[0], "check") == 0)
		is_tally = 0;
	else
		return fail(_("unknown pabulib command %s; see dorpsstem pabulib --help"), argv[0], "");
	if ((rc = parse_cli(argc, argv, is_tally, &c)) != 0) {
		free(c.paths);
		return rc == 2 ? 0 : rc;
	}
	if (c.format != NULL)
		fmt = strcmp(c.format, "csv") == 0 ? FMT_CSV : strcmp(c.format, "json") == 0 ?
		    FMT_JSON : FMT_TEXT;
	/* JSON and CSV are for programs: the problems the reader found (proto/pabulib.c)
	 * go into them in English, whatever the language. */
	if (fmt != FMT_TEXT)
		(void)i18n_init(I18N_EN);
	if (is_tally && base_options(&c, &base) != 0)
		rc = 1;
	else if (is_batch(&c))
		rc = batch(&c, &base, is_tally, fmt);
	else if (c.format != NULL && fmt == FMT_CSV)
		rc = batch(&c, &base, is_tally, fmt);	/* one file, as a one-line batch */
	else if (is_tally)
		rc = tally_one(&c, &base, fmt == FMT_JSON);
	else
		rc = check_one(c.paths[0], fmt == FMT_JSON);
	free(c.paths);
	return rc;
}
