/* SPDX-License-Identifier: EUPL-1.2 */
/* test_pabulib.c — the .pb reader, validator and writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pabulib.h"
#include "tally.h"

static struct pabulib *
parse(const char *text)
{
	struct pabulib *pb;

	assert_int_equal(pabulib_parse(text, strlen(text), &pb), 0);
	assert_non_null(pb);
	return pb;
}

/* The problem recorded for a line, or NULL. */
static const struct pabulib_problem *
problem_at(const struct pabulib *pb, size_t line, const char *needle)
{
	for (size_t i = 0; i < pb->nproblems; i++)
		if (pb->problems[i].line == line && strstr(pb->problems[i].message, needle))
			return &pb->problems[i];
	return NULL;
}

/* BOM, CRLF, quoting with ; "" and a line break, None, decimal costs with . and ,. */
static void
test_read_format(void **state)
{
	static const char text[] =
	    "\xef\xbb\xbfMETA\r\n"
	    "key;value\r\n"
	    "num_projects;3\r\n"
	    "num_votes;2\r\n"
	    " budget ; 1000.5 \r\n"
	    "vote_type;approval\r\n"
	    "rule;greedy\r\n"
	    "currency;PLN\r\n"
	    "\r\n"
	    "PROJECTS\r\n"
	    "project_id;cost;votes;name;selected\r\n"
	    "2024/A/1;250,25;2;\"Park; \"\"groen\"\"\nen blauw\";1\r\n"
	    "P2;100;1;None;0\r\n"
	    "x;0.5;0;;None\r\n"
	    "VOTES\r\n"
	    "voter_id;vote\r\n"
	    "v1;2024/A/1,P2\r\n"
	    "v2;2024/A/1\r\n";
	struct pabulib *pb;

	(void)state;
	pb = parse(text);
	assert_int_equal(pb->nproblems_total, 0);
	assert_int_equal(pb->budget, 100050);
	assert_int_equal(pb->vote_type, PABULIB_VOTE_APPROVAL);
	assert_int_equal(pb->nprojects, 3);
	assert_string_equal(pb->projects[0].id, "2024/A/1");
	assert_int_equal(pb->projects[0].cost, 25025);
	assert_string_equal(pb->projects[0].name, "Park; \"groen\"\nen blauw");
	assert_int_equal(pb->projects[0].selected, 1);
	assert_null(pb->projects[1].name);
	assert_int_equal(pb->projects[2].cost, 50);
	assert_int_equal(pb->projects[2].selected, -1);
	assert_int_equal(pb->nvotes, 2);
	assert_int_equal(pb->votes[0].n, 2);
	assert_int_equal(pb->votes[0].projects[1], 1);
	assert_int_equal(pb->votes[1].line, 19);	/* the quoted break counts as a line */
	assert_string_equal(pabulib_meta_get(pb, "currency"), "PLN");
	assert_string_equal(pabulib_meta_get(pb, "budget"), "1000.5");
	pabulib_free(pb);
}

static void
test_validation(void **state)
{
	static const char text[] =
	    "META\n"				/* 1 */
	    "key;value\n"
	    "num_projects;2\n"
	    "num_votes;5\n"			/* 4: 4 votes follow */
	    "budget;100\n"
	    "vote_type;cumulative\n"
	    "max_length;2\n"
	    "max_sum_points;5\n"
	    "max_points;4\n"
	    "PROJECTS\n"			/* 10 */
	    "project_id;cost;votes\n"
	    "a;10;3\n"				/* 12: 2 valid votes list it */
	    "b;20;1\n"
	    "VOTES\n"
	    "voter_id;vote;points\n"		/* 15 */
	    "1;a,b;3,3\n"			/* 16: sum 6 > 5 */
	    "2;a,a;1,1\n"			/* 17: a twice (counted once) */
	    "3;a,c;1,1\n"			/* 18: unknown c (fatal) */
	    "4;a;5\n";				/* 19: 5 > max_points */
	struct pabulib *pb;
	struct tally_instance inst;
	char err[256];

	(void)state;
	pb = parse(text);
	assert_non_null(problem_at(pb, 4, "num_votes is 5"));
	assert_non_null(problem_at(pb, 16, "max_sum_points"));
	assert_false(problem_at(pb, 17, "twice")->fatal);
	assert_true(problem_at(pb, 17, "twice")->counted_once);
	assert_true(problem_at(pb, 18, "unknown project \"c\"")->fatal);
	assert_false(problem_at(pb, 18, "unknown project \"c\"")->counted_once);
	assert_non_null(problem_at(pb, 19, "max_points"));
	assert_int_equal(pb->nfatal, 1);
	assert_int_equal(pabulib_instance(pb, &inst, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 18"));
	pabulib_free(pb);
}

/* A project repeated in one vote counts once (its first entry, with its points), with a
   problem the checker reports; the sentinel cost 999999999 marks a withdrawn project. */
static void
test_repeated_id_and_sentinel(void **state)
{
	static const char text[] =
	    "META\n"				/* 1 */
	    "key;value\n"
	    "num_projects;3\n"
	    "num_votes;2\n"
	    "budget;1000\n"
	    "vote_type;scoring\n"
	    "PROJECTS\n"			/* 7 */
	    "project_id;cost;votes\n"
	    "x;100;2\n"
	    "y;999999999;1\n"			/* 10: withdrawn */
	    "z;999999999.5;1\n"			/* 11: not the sentinel */
	    "VOTES\n"
	    "voter_id;vote;points\n"
	    "1;x,y,x,z;3,2,1,1\n"		/* 14: x twice: 3 points count */
	    "2;x;4\n";
	struct pabulib *pb;
	struct tally_instance inst;
	char err[256];

	(void)state;
	pb = parse(text);
	assert_int_equal(pb->nfatal, 0);
	assert_int_equal(pb->nproblems, 1);
	assert_true(problem_at(pb, 14, "vote lists project x twice")->counted_once);
	assert_int_equal(pb->votes[0].n, 3);
	assert_int_equal(pb->votes[0].projects[0], 0);
	assert_int_equal(pb->votes[0].projects[1], 1);
	assert_int_equal(pb->votes[0].projects[2], 2);
	assert_int_equal(pb->votes[0].points[0], 3);
	assert_int_equal(pb->votes[0].points[1], 2);
	assert_int_equal(pb->votes[0].points[2], 1);
	assert_false(pb->projects[0].withdrawn);
	assert_true(pb->projects[1].withdrawn);
	assert_false(pb->projects[2].withdrawn);
	assert_int_equal(pabulib_instance(pb, &inst, err, sizeof(err)), 0);
	assert_true(inst.projects[1].withdrawn);
	assert_false(inst.projects[0].withdrawn);
	pabulib_instance_free(&inst);
	pabulib_free(pb);
}

static void
test_structure_errors(void **state)
{
	struct pabulib *pb;

	(void)state;
	pb = parse("");
	assert_true(pb->nfatal >= 3);	/* no META, PROJECTS, VOTES */
	pabulib_free(pb);
	pb = parse("PROJECTS\nproject_id;cost\n");
	assert_true(pb->nfatal > 0);
	pabulib_free(pb);
	pb = parse("META\nkey;value\nbudget;abc\nvote_type;approval\nPROJECTS\nproject_id\n"
	    "a\nVOTES\nvoter_id;vote\n1;a\n");
	assert_non_null(problem_at(pb, 3, "budget"));
	assert_non_null(problem_at(pb, 6, "no cost column"));
	pabulib_free(pb);
	pb = parse("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\n"
	    "project_id;cost\na;1.005\na;2\nVOTES\nvoter_id;vote\n1;\"a\n");
	assert_non_null(problem_at(pb, 7, "not a valid amount"));
	assert_non_null(problem_at(pb, 8, "appears twice"));
	assert_non_null(problem_at(pb, 11, "not closed"));
	pabulib_free(pb);
}

static void
test_money_parse(void **state)
{
	int64_t c;

	(void)state;
	assert_int_equal(pabulib_money_parse("1250", &c), 0);
	assert_int_equal(c, 125000);
	assert_int_equal(pabulib_money_parse("1250.5", &c), 0);
	assert_int_equal(c, 125050);
	assert_int_equal(pabulib_money_parse("0,07", &c), 0);
	assert_int_equal(c, 7);
	assert_int_equal(pabulib_money_parse("10.500", &c), 0);
	assert_int_equal(c, 1050);
	assert_int_equal(pabulib_money_parse("10.505", &c), -1);
	assert_int_equal(pabulib_money_parse("-1", &c), -1);
	assert_int_equal(pabulib_money_parse("", &c), -1);
	assert_int_equal(pabulib_money_parse(".", &c), -1);
	assert_int_equal(pabulib_money_parse("1e5", &c), -1);
	assert_int_equal(pabulib_money_parse("99999999999999999999", &c), -1);
}

/* Built, written, read back: the same round, and the same tally. */
static void
test_write_roundtrip(void **state)
{
	struct pabulib *pb = pabulib_new(), *back;
	uint32_t v[2];
	int64_t pts[2];
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(pb);
	assert_int_equal(pabulib_meta_set(pb, "description", "Kantens; \"dorpshuis\""), 0);
	assert_int_equal(pabulib_meta_set(pb, "vote_type", "cumulative"), 0);
	assert_int_equal(pabulib_meta_set(pb, "budget", "1250.50"), 0);
	assert_int_equal(pabulib_meta_set(pb, "max_sum_points", "5"), 0);
	assert_int_equal(pabulib_project_add(pb, "10", 50000, "Bankjes"), 0);
	assert_int_equal(pabulib_project_add(pb, "9", 75050, "Speeltuin;\nnieuw"), 1);
	assert_int_equal(pabulib_project_add(pb, "9", 1, NULL), -1);	/* duplicate */
	v[0] = 1; v[1] = 0; pts[0] = 3; pts[1] = 2;
	assert_int_equal(pabulib_vote_add(pb, "k1", v, pts, 2), 0);
	v[0] = 0; pts[0] = 5;
	assert_int_equal(pabulib_vote_add(pb, NULL, v, pts, 1), 0);
	v[1] = 0;
	assert_int_equal(pabulib_vote_add(pb, "k3", v, pts, 2), -1);	/* twice */
	v[0] = 7;
	assert_int_equal(pabulib_vote_add(pb, "k3", v, pts, 1), -1);	/* unknown */
	f = open_memstream(&text, &len);
	assert_int_equal(pabulib_write(f, pb), 0);
	fclose(f);
	back = parse(text);
	assert_int_equal(back->nproblems_total, 0);
	assert_int_equal(back->budget, 125050);
	assert_int_equal(back->vote_type, PABULIB_VOTE_CUMULATIVE);
	assert_int_equal(back->nprojects, 2);
	assert_string_equal(back->projects[1].name, "Speeltuin;\nnieuw");
	assert_int_equal(back->projects[1].cost, 75050);
	assert_int_equal(back->projects[0].votes, 2);
	assert_int_equal(back->nvotes, 2);
	assert_string_equal(back->votes[1].voter_id, "2");
	assert_int_equal(back->votes[0].points[0], 3);
	assert_string_equal(pabulib_meta_get(back, "description"), "Kantens; \"dorpshuis\"");
	assert_string_equal(pabulib_meta_get(back, "num_votes"), "2");
	/* Writing what was read gives the same bytes. */
	{
		char *again = NULL;
		size_t alen = 0;
		f = open_memstream(&again, &alen);
		assert_int_equal(pabulib_write(f, back), 0);
		fclose(f);
		assert_string_equal(again, text);
		free(again);
	}
	free(text);
	pabulib_free(back);
	pabulib_free(pb);
}

/* A file to an outcome: META gives the rule and threshold. */
static void
test_instance_and_options(void **state)
{
	static const char text[] =
	    "META\nkey;value\nbudget;100\nvote_type;approval\nrule;greedy-threshold\n"
	    "min_project_score_threshold;2\ncurrency;EUR\n"
	    "PROJECTS\nproject_id;cost\na;60\nb;30\nc;10\n"
	    "VOTES\nvoter_id;vote\n1;a,b,c\n2;a,b\n3;a\n";
	struct pabulib *pb = parse(text);
	struct tally_instance inst;
	struct tally_options o;
	struct tally_outcome out;
	char err[256];

	(void)state;
	assert_int_equal(pabulib_instance(pb, &inst, err, sizeof(err)), 0);
	tally_options_init(&o);
	assert_int_equal(pabulib_options(pb, &o, 1, err, sizeof(err)), 0);
	assert_int_equal(o.rule, TALLY_RULE_GREEDY_THRESHOLD);
	assert_int_equal(o.threshold, 2);
	assert_int_equal(tally_run(&inst, &o, &out, err, sizeof(err)), 0);
	assert_int_equal(out.projects[0].selected, 1);
	assert_int_equal(out.projects[1].selected, 1);
	assert_int_equal(out.projects[2].selected, 0);	/* 1 vote < 2 */
	assert_int_equal(out.projects[2].reason, TALLY_REASON_BELOW_THRESHOLD);
	tally_outcome_free(&out);
	pabulib_instance_free(&inst);
	pabulib_free(pb);

	pb = parse("META\nkey;value\nbudget;1\nvote_type;approval\nrule;unknown\n"
	    "PROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n");
	assert_int_equal(pabulib_options(pb, &o, 1, err, sizeof(err)), -1);
	assert_int_equal(pabulib_options(pb, &o, 0, err, sizeof(err)), 0);
	pabulib_free(pb);
}

/* Arbitrary bytes and mangled files never crash (the fuzz target does more). */
static void
test_garbage(void **state)
{
	static const char base[] =
	    "META\nkey;value\nbudget;100\nvote_type;ordinal\nmax_length;3\n"
	    "PROJECTS\nproject_id;cost;name\na;60;\"x\"\nb;30;y\n"
	    "VOTES\nvoter_id;vote;points\n1;a,b;2,1\n2;b;1\n";
	char buf[sizeof(base)];
	uint32_t seed = 12345;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		struct pabulib *pb;
		size_t len = sizeof(base) - 1;

		memcpy(buf, base, sizeof(base));
		for (int j = 0; j < 1 + i % 8; j++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] = "\";,\n\r\0aN9-."[(seed >> 20) % 12];
		}
		if (i % 5 == 0)
			len = (seed >> 4) % len;
		assert_int_equal(pabulib_parse(buf, len, &pb), 0);
		if (pb->nfatal == 0) {
			struct tally_instance inst;
			struct tally_options o;
			struct tally_outcome out;
			char err[256];
			if (pabulib_instance(pb, &inst, err, sizeof(err)) == 0) {
				tally_options_init(&o);
				assert_int_equal(tally_rule_parse(&o, "equalshares/add1"), 0);
				if (tally_run(&inst, &o, &out, err, sizeof(err)) == 0)
					tally_outcome_free(&out);
				pabulib_instance_free(&inst);
			}
		}
		pabulib_free(pb);
	}
}

/* A real round, when the data is there: Assen 2024's official equal-shares outcome. */
static void
test_real_file(void **state)
{
	const char *dir = getenv("PABULIB_DIR");
	char path[1024], err[256];
	struct pabulib *pb;
	struct tally_instance inst;
	struct tally_options o;
	struct tally_outcome out;

	(void)state;
	if (dir == NULL)
		dir = "../shared/data/pabulib";
	snprintf(path, sizeof(path), "%s/Netherlands_Assen_2024.pb", dir);
	if (pabulib_read_file(path, &pb, err, sizeof(err)) != 0) {
		print_message("skip - Assen 2024 (no pabulib data)\n");
		skip();
	}
	assert_int_equal(pb->nproblems_total, 0);
	assert_int_equal(pabulib_instance(pb, &inst, err, sizeof(err)), 0);
	tally_options_init(&o);
	assert_int_equal(pabulib_options(pb, &o, 1, err, sizeof(err)), 0);
	assert_int_equal(tally_run(&inst, &o, &out, err, sizeof(err)), 0);
	for (size_t p = 0; p < pb->nprojects; p++)
		assert_int_equal(out.projects[p].selected, pb->projects[p].selected == 1);
	tally_outcome_free(&out);
	pabulib_instance_free(&inst);
	pabulib_free(pb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_format),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_repeated_id_and_sentinel),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_write_roundtrip),
		cmocka_unit_test(test_instance_and_options),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_real_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
