/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test_i18n.c — client/i18n.c: which language the flag and the environment choose, and
 * the daemon's refusals in Dutch (by sentence, by pattern with its values, else the error
 * code's sentence with the daemon's words). The Dutch cases read the catalogue the build
 * made ($BUILD/locale); without it (BUILD unset) they are skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "key.h"
#include "msg.h"

static const char *const lang_vars[] = {
	"DORPSSTEM_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"
};

static void
clear_env(void)
{
	size_t i;

	for (i = 0; i < sizeof(lang_vars) / sizeof(lang_vars[0]); i++)
		unsetenv(lang_vars[i]);
}

static void
test_choose(void **state)
{
	(void)state;
	clear_env();
	assert_int_equal(i18n_choose(NULL), I18N_NL);		/* nothing set: Dutch */
	assert_int_equal(i18n_choose("en"), I18N_EN);
	assert_int_equal(i18n_choose("nl"), I18N_NL);
	assert_int_equal(i18n_choose("de"), -1);
	assert_int_equal(i18n_choose(""), -1);
	setenv("LANG", "C.UTF-8", 1);
	assert_int_equal(i18n_choose(NULL), I18N_NL);
	setenv("LANG", "en_GB.UTF-8", 1);
	assert_int_equal(i18n_choose(NULL), I18N_EN);
	setenv("LC_MESSAGES", "nl_NL.UTF-8", 1);		/* before LANG */
	assert_int_equal(i18n_choose(NULL), I18N_NL);
	setenv("LC_ALL", "en_US.UTF-8", 1);			/* before LC_MESSAGES */
	assert_int_equal(i18n_choose(NULL), I18N_EN);
	setenv("LANGUAGE", "nl:en", 1);				/* before LC_ALL */
	assert_int_equal(i18n_choose(NULL), I18N_NL);
	setenv("LANGUAGE", "", 1);				/* empty: not set */
	assert_int_equal(i18n_choose(NULL), I18N_EN);
	setenv("DORPSSTEM_LANG", "nl", 1);			/* before them all */
	assert_int_equal(i18n_choose(NULL), I18N_NL);
	assert_int_equal(i18n_choose("en"), I18N_EN);		/* the flag first */
	setenv("DORPSSTEM_LANG", "fr", 1);
	assert_int_equal(i18n_choose(NULL), -1);
	clear_env();
}

static void
test_english_untouched(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(i18n_init(I18N_EN), 0);
	assert_int_equal(i18n_lang(), I18N_EN);
	assert_string_equal(i18n_daemon_error(ERRC_NOTFOUND, "there is no round 7", buf,
	    sizeof(buf)), "there is no round 7");
	assert_string_equal(_("no rounds\n"), "no rounds\n");
}

static int
dutch(void)
{
	const char	*b = getenv("BUILD");
	char		 dir[4096];

	if (b == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/locale", b);
	setenv("DORPSSTEM_LOCALEDIR", dir, 1);
	clear_env();
	/* Like a fresh Debian: no language variables, only the C and C.UTF-8 locales. */
	return i18n_init(I18N_NL);
}

static void
test_dutch_refusals(void **state)
{
	char buf[256];

	(void)state;
	if (dutch() != 0)
		skip();
	assert_int_equal(i18n_lang(), I18N_NL);
	/* A whole sentence. */
	assert_string_equal(i18n_daemon_error(ERRC_AUTH, "this key is not an organiser key of "
	    "this daemon", buf, sizeof(buf)), "deze sleutel is geen organisatorsleutel van "
	    "deze server");
	/* Patterns, their values carried over; state names translated as values. */
	assert_string_equal(i18n_daemon_error(ERRC_NOTFOUND, "there is no round 12", buf,
	    sizeof(buf)), "ronde 12 bestaat niet");
	assert_string_equal(i18n_daemon_error(ERRC_STATE, "round 3 is voting: only a draft "
	    "round can open", buf, sizeof(buf)), "ronde 3 is open voor stemmen: alleen een "
	    "ronde in voorbereiding kan open");
	assert_string_equal(i18n_daemon_error(ERRC_STATE, "round 4 asks for at least 5 choices "
	    "but has only 2 admitted initiatives", buf, sizeof(buf)), "ronde 4 vraagt minstens "
	    "5 keuzes, maar heeft maar 2 toegelaten initiatieven");
	assert_string_equal(i18n_daemon_error(ERRC_EXISTS, "village \"Kantens: Oost\" exists "
	    "already", buf, sizeof(buf)), "dorp \"Kantens: Oost\" bestaat al");
	/* A value is translated only where it is a state: a village may be called "draft". */
	assert_string_equal(i18n_daemon_error(ERRC_EXISTS, "village \"draft\" exists already",
	    buf, sizeof(buf)), "dorp \"draft\" bestaat al");
	assert_string_equal(i18n_daemon_error(ERRC_INVALID, "rule phragmen cannot count "
	    "knapsack ballots", buf, sizeof(buf)), "regel phragmen kan geen stemmen met "
	    "stemwijze binnen bedrag tellen");
	assert_string_equal(i18n_daemon_error(ERRC_STATE, "initiative 9 is admitted already",
	    buf, sizeof(buf)), "initiatief 9 is al toegelaten");
	assert_string_equal(i18n_daemon_error(ERRC_INVALID, "the cost is above the round's "
	    "budget of \xe2\x82\xac 10.000", buf, sizeof(buf)), "de kosten zijn hoger dan het "
	    "dorpsbudget van de ronde, \xe2\x82\xac 10.000");
	/* Sentences of the trust and year work, numbers the daemon prints as %llu too. */
	assert_string_equal(i18n_daemon_error(ERRC_STATE, "round 5's ledger has 12 events, the "
	    "request names 11 or another head: something changed meanwhile; look again and "
	    "open again", buf, sizeof(buf)), "het logboek van ronde 5 heeft 12 gebeurtenissen, "
	    "het verzoek noemt 11 of een andere stand: er is intussen iets veranderd; kijk "
	    "opnieuw en open opnieuw");
	assert_string_equal(i18n_daemon_error(ERRC_AUTH, "organiser \"Anke\" may act only for "
	    "its own villages, not for village 3", buf, sizeof(buf)), "organisator \"Anke\" mag "
	    "alleen voor de eigen dorpen werken, niet voor dorp 3");
	assert_string_equal(i18n_daemon_error(ERRC_INVALID, "unknown rule \"gredy\" (greedy, "
	    "greedy-no-skip, greedy-threshold:N, equalshares, equalshares/add1, "
	    "equalshares/add1-comparison, phragmen)", buf, sizeof(buf)), "onbekende regel "
	    "\"gredy\" (greedy, greedy-no-skip, greedy-threshold:N, equalshares, "
	    "equalshares/add1, equalshares/add1-comparison, phragmen)");
	/* Almost a pattern is not the pattern. */
	assert_string_equal(i18n_daemon_error(ERRC_NOTFOUND, "there is no round x", buf,
	    sizeof(buf)), "dat bestaat niet (de server zegt: there is no round x)");
	/* Unknown: the code's sentence, the daemon's words after it. */
	assert_string_equal(i18n_daemon_error(ERRC_INVALID, "a brand new complaint", buf,
	    sizeof(buf)), "een waarde is niet toegestaan (de server zegt: a brand new "
	    "complaint)");
	assert_string_equal(i18n_daemon_error(999, "odd", buf, sizeof(buf)),
	    "de server weigerde het verzoek (de server zegt: odd)");
	/* The voter's refusals are Dutch already. */
	assert_string_equal(i18n_daemon_error(ERRC_CODE_USED, "Met deze code is al gestemd.",
	    buf, sizeof(buf)), "Met deze code is al gestemd.");
	/* A small buffer cuts, never overflows. */
	assert_string_equal(i18n_daemon_error(ERRC_NOTFOUND, "there is no round 12", buf, 6),
	    "ronde");
	/* ngettext with Dutch plural forms. */
	assert_string_equal(ngettext("%u credential registered for round %u\n",
	    "%u credentials registered for round %u\n", 1), "%u kaartsleutel geregistreerd "
	    "voor ronde %u\n");
	assert_string_equal(ngettext("%u credential registered for round %u\n",
	    "%u credentials registered for round %u\n", 2), "%u kaartsleutels geregistreerd "
	    "voor ronde %u\n");
	assert_int_equal(i18n_init(I18N_EN), 0);
}

/* proto/intl.h: proto/'s sentences are Dutch in the client once the catalogue is bound, and
 * stay English in a program whose text domain is not ours (the daemon never binds it),
 * even with Dutch asked for in the environment. */
static void
test_proto_messages(void **state)
{
	const char	*why = NULL;
	uint8_t		 pk[32];

	(void)state;
	if (dutch() != 0)
		skip();
	assert_int_equal(key_read_public("/nonexistent/k.pub", pk, &why), -1);
	assert_string_equal(why, "kan het sleutelbestand niet openen");
	/* What the daemon is: LANGUAGE=nl and a real LC_MESSAGES, but no textdomain of ours. */
	assert_non_null(textdomain("messages"));
	assert_int_equal(key_read_public("/nonexistent/k.pub", pk, &why), -1);
	assert_string_equal(why, "cannot open key file");
	assert_int_equal(i18n_init(I18N_EN), 0);
	assert_int_equal(key_read_public("/nonexistent/k.pub", pk, &why), -1);
	assert_string_equal(why, "cannot open key file");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_english_untouched),
		cmocka_unit_test(test_dutch_refusals),
		cmocka_unit_test(test_proto_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
