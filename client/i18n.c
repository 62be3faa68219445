/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * i18n.c — choosing the language and setting up gettext (i18n.h), and the daemon's
 * refusals in the reader's language.
 *
 * glibc's gettext ignores LANGUAGE while the LC_MESSAGES locale is "C", and a fresh Debian
 * has no nl_NL locale, only C.UTF-8 (which does honour LANGUAGE). So for Dutch we take the
 * user's LC_MESSAGES locale if it is a real one, else C.UTF-8, and set LANGUAGE=nl; the
 * catalogue's text is always handed out as UTF-8 whatever LC_CTYPE says. For English we
 * leave LC_MESSAGES at "C", where gettext returns every msgid unchanged. LC_CTYPE and the
 * other categories are not touched, so nothing else (number formats, the kiosk's curses)
 * changes with the language.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "msg.h"

#ifndef LOCALEDIR
#define LOCALEDIR	"/usr/local/share/locale"
#endif

static enum i18n_lang	cur_lang = I18N_EN;	/* before i18n_init: messages as written */
static char		cur_dir[PATH_MAX];

static int
lang_word(const char *s)
{
	if (strncmp(s, "en", 2) == 0)
		return I18N_EN;
	if (strncmp(s, "nl", 2) == 0)
		return I18N_NL;
	return -1;
}

int
i18n_choose(const char *flag)
{
	static const char *envs[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;
	size_t		 i;

	if (flag != NULL)
		return lang_word(flag);
	if ((v = getenv("DORPSSTEM_LANG")) != NULL && *v)
		return lang_word(v);
	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
		if ((v = getenv(envs[i])) != NULL && *v)
			return strncmp(v, "en", 2) == 0 ? I18N_EN : I18N_NL;
	return I18N_NL;
}

static int
has_catalogue(const char *dir)
{
	char		p[PATH_MAX];
	struct stat	st;

	if (snprintf(p, sizeof(p), "%s/nl/LC_MESSAGES/" I18N_DOMAIN ".mo", dir) >=
	    (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* DORPSSTEM_LOCALEDIR, else the build tree's locale/ next to the executable (so
 * build/dorpsstem finds build/locale), else the installed LOCALEDIR. */
static void
find_localedir(char *dir, size_t n)
{
	const char	*e;
	char		 exe[PATH_MAX], *slash;
	ssize_t		 len;

	if ((e = getenv("DORPSSTEM_LOCALEDIR")) != NULL && *e) {
		snprintf(dir, n, "%s", e);
		return;
	}
	if ((len = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (snprintf(dir, n, "%s/locale", exe) < (int)n && has_catalogue(dir))
				return;
		}
	}
	snprintf(dir, n, "%s", LOCALEDIR);
}

int
i18n_init(enum i18n_lang lang)
{
	const char *l;

	cur_lang = I18N_EN;
	cur_dir[0] = '\0';
	if (lang != I18N_NL) {
		/* In the C locale gettext hands every msgid back as it is. */
		(void)setlocale(LC_MESSAGES, "C");
		return 0;
	}
	l = setlocale(LC_MESSAGES, "");
	if (l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0)
		if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL &&
		    setlocale(LC_MESSAGES, "C.utf8") == NULL)
			return -1;
	if (setenv("LANGUAGE", "nl", 1) != 0)
		return -1;
	find_localedir(cur_dir, sizeof(cur_dir));
	if (bindtextdomain(I18N_DOMAIN, cur_dir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(I18N_DOMAIN) == NULL)
		return -1;
	cur_lang = I18N_NL;
	return 0;
}

enum i18n_lang
i18n_lang(void)
{
	return cur_lang;
}

const char *
i18n_localedir(void)
{
	return cur_dir;
}

/* ---- the daemon's refusals ------------------------------------------------------------ */

/* The sentences the daemon (daemon/...) sends with values in them, as printf formats; the
 * catalogue translates each. Values are taken back out of the daemon's sentence and put
 * into the translation in the same order. Dutch sentences (the voter's refusals) need no
 * entry. A sentence not listed here gets the error code's sentence (codes below). */
static const char *const patterns[] = {
	N_("there is no round %u"),
	/* spending (daemon/spending.c, proto/spending.c without its "field F: ") */
	N_("round %u is %s: grants, payments and accounts come after its result"),
	N_("round %u is %s: documents belong to the accounts after its result"),
	N_("the daemon has no document with that SHA-256: send it first (document-put)"),
	N_("the document is empty"),
	N_("round %u has no result yet: spending is recorded after the count"),
	N_("initiative %u was not funded in round %u: it has no grant"),
	N_("the accounts of initiative %u were closed (event %u): nothing is recorded after "
	    "the close"),
	N_("paying %s would bring the payments to %s, above the %s that the grant and the "
	    "overspend decisions allow: an organiser's overspend decision must come first"),
	N_("the aanvraag has %u budget lines, not %u"),
	N_("the initiative has no aanvraag with budget lines, so no line %u"),
	N_("must be more than € 0"),
	N_("an overspend decision needs a reason"),
	N_("an accounting line says what the money was spent on"),
	N_("a close needs a summary of what was done"),
	N_("%s spent is more than the %s paid: pay the rest first (above the grant only with "
	    "an overspend decision)"),
	N_("%s, but paid − spent is %s"),
	N_("%u is not a date (YYYYMMDD)"),
	N_("there is no initiative %u"),
	N_("there is no village %u"),
	N_("conditions need at least one sentence"),
	N_("condition %u is empty"),
	N_("village %u has conditions up to version %u: the next is %u, not %u"),
	N_("village %u has no conditions yet"),
	N_("year %u is out of range (%u to %u)"),
	N_("a village has 1 to %u inhabitants, not %u"),
	N_("village %u has no conditions version %u"),
	N_("village %u has conditions: decide condition by condition (initiative-decide)"),
	N_("the village's conditions in force are version %u, not %u"),
	N_("version %u has %u conditions: say for each whether it is met (%u given)"),
	N_("a decision admits, rejects or withdraws"),
	N_("a withdrawal judges no conditions"),
	N_("a rejection names the conditions not met"),
	N_("there is no such round"),
	N_("there is no such village"),
	N_("there is no such kiosk"),
	N_("round %u is %s: settings can change only in a draft round"),
	N_("round %u is %s: initiatives can be added only in a draft round"),
	N_("round %u is %s: initiatives can change only in a draft round"),
	N_("round %u is %s: only a draft round can open"),
	N_("round %u is %s: only a voting round can close"),
	N_("round %u is %s: it can no longer be cancelled"),
	N_("round %u is %s: it has no result"),
	N_("round %u is %s: the count has not finished (see the daemon's log)"),
	N_("round %u is %s: the result comes when it closes"),
	N_("round %u is %s: ballots are published only after it closes"),
	N_("round %u has no budget"),
	N_("round %u has no admitted initiative"),
	N_("round %u asks for at least %u choices but has only %u admitted initiatives"),
	N_("round %u's closing time has passed"),
	N_("village \"%s\" exists already"),
	N_("a village needs a name"),
	N_("the name must not start or end with a space"),
	N_("a village name cannot be only digits (those are ids)"),
	N_("a round needs a name"),
	N_("the budget must be more than € 0"),
	N_("ballot type must be approval, knapsack, cumulative or ordinal"),
	N_("unknown rule \"%s\" (greedy, greedy-no-skip, greedy-threshold:N, equalshares, "
	    "equalshares/add1, equalshares/add1-comparison, phragmen)"),
	N_("greedy-threshold needs the least number of votes: greedy-threshold:N, N from 1 "
	    "to %u"),
	N_("rule %s cannot count %s ballots"),
	N_("unknown tie-break \"%s\" (cost-votes or lexico)"),
	N_("the minimum number of choices is above the maximum"),
	N_("the knapsack limit %s is above the budget"),
	N_("a limit in euros applies to knapsack ballots only"),
	N_("a cumulative ballot needs the number of points to distribute"),
	N_("points per initiative cannot exceed the points to distribute"),
	N_("points apply to cumulative ballots only"),
	N_("times must be after 1970"),
	N_("the closing time is in the past"),
	N_("the round must open before it closes"),
	N_("a round stays in its village (create a new round instead)"),
	N_("initiative %u costs more than the new budget"),
	N_("an initiative needs a title"),
	N_("the cost must be more than € 0"),
	N_("the cost is above the round's budget of %s"),
	N_("initiative %u was withdrawn"),
	N_("initiative %u is %s already"),
	N_("a rejection needs a reason"),
	N_("credentials can change only while a round is in draft or voting"),
	N_("no credentials given"),
	N_("that credential is not registered for this round"),
	N_("that credential has voted already; a used credential cannot be revoked"),
	N_("that credential is revoked already"),
	N_("a kiosk needs a name (like \"dorpshuis\")"),
	N_("this key is enrolled already (a kiosk key serves one village; make a new key "
	    "with dorpsstem keygen)"),
	N_("that kiosk is retired already"),
	N_("this key is not an organiser key of this daemon"),
	N_("the request signature does not verify"),
	N_("cannot read the store: %s"),
	N_("the change could not be stored: %s"),
	N_("out of memory"),
	/* The trust work (round open/close on named ledger heads, organiser scope). */
	N_("a round-open request names the ledger heads it opens on (round, events, head, "
	    "village_events, village_head)"),
	N_("a round-close request names ledger 0's head it closes on (round, village_events, "
	    "village_head)"),
	N_("the request is for another round"),
	N_("round %u's ledger has %u events, the request names %u or another head: something "
	    "changed meanwhile; look again and open again"),
	N_("the kiosk and village ledger has %u events, the request names %u or another head: "
	    "a kiosk changed meanwhile; look again and open again"),
	N_("the kiosk and village ledger has %u events, the request names %u or another head: "
	    "a kiosk changed meanwhile; look again and close again"),
	N_("round %u of this village is voting: its kiosks were fixed when it opened; enrol the "
	    "kiosk after it closes"),
	N_("round %u is %s: credentials are registered only before it opens (opening fixes who "
	    "may vote)"),
	N_("organiser key \"%s\" was retired (until %u in the configuration): it signs nothing "
	    "any more"),
	N_("organiser \"%s\" acts only for the villages named in the configuration and cannot "
	    "add villages"),
	N_("organiser \"%s\" acts only for its villages: ledger 0 is daemon-wide"),
	N_("organiser \"%s\" may act only for its own villages, not for village %u"),
	/* The year (issue 13): voorwaarden and the aanvraag. */
	N_("an initiative that does not meet every condition cannot be admitted"),
	N_("an application needs at least one budget line"),
	N_("budget line %u needs a description and an amount above zero"),
	N_("the budget lines add up to more than any budget"),
	N_("co-funding %u needs a source and an amount above zero"),
	N_("initiative %u has no contact details"),
	N_("round %u takes no submissions: it is no longer in preparation"),
	N_("round %u has %u submissions waiting for a decision: try again later"),
	N_("a submission needs contact details"),
	/* Erasing them (issue 14). */
	N_("the contact details of initiative %u were erased on %s, when their keeping time "
	    "was over"),
	N_("the contact details of initiative %u were erased on %s by organiser \"%s\""),
	N_("the contact details of initiative %u were already erased on %s"),
};

/* Words the daemon puts into its sentences (round states, initiative statuses, ballot
 * types): translated when they stand alone as a value. */
static const char *const words[] = {
	N_("draft"), N_("voting"), N_("closed"), N_("tallied"), N_("cancelled"),
	N_("submitted"), N_("admitted"), N_("rejected"), N_("withdrawn"),
	N_("approval"), N_("knapsack"), N_("cumulative"), N_("ordinal"),
	N_("active"), N_("retired"), N_("registered"), N_("used"), N_("revoked"),
};

/* The error codes of docs/protocol.md §6, for sentences the catalogue does not have. */
static const char *
code_sentence(uint16_t code)
{
	switch (code) {
	case ERRC_PROTOCOL:	return _("the daemon did not understand the request");
	case ERRC_VERSION:	return _("the daemon speaks another protocol version");
	case ERRC_TYPE:		return _("the daemon does not know this request here");
	case ERRC_FIELD:	return _("a part of the request is not right");
	case ERRC_HELLO:	return _("the conversation with the daemon did not start well");
	case ERRC_AUTH:		return _("this key may not do that");
	case ERRC_SIGNATURE:	return _("the signature does not verify");
	case ERRC_REPLAY:	return _("this request was sent before");
	case ERRC_NOTFOUND:	return _("it does not exist");
	case ERRC_EXISTS:	return _("it exists already");
	case ERRC_STATE:	return _("not possible in the round's current state");
	case ERRC_INVALID:	return _("a value is not allowed");
	case ERRC_STORAGE:	return _("the daemon could not store it");
	case ERRC_INTERNAL:	return _("the daemon had an internal error");
	case ERRC_LIMIT:	return _("too much at once; try again in a moment");
	}
	return _("the daemon refused the request");
}

#define MAXARGS	4

/* Does msg read as pat (a printf format of %u, %s and %%)? Fills args[] with the values,
 * each as [start, end) of msg. */
static int
match(const char *pat, const char *msg, const char *args[][2], int na)
{
	const char *m;

	for (;;) {
		if (*pat == '\0')
			return *msg == '\0';
		if (pat[0] == '%' && pat[1] == 'u') {
			if (na == MAXARGS || *msg < '0' || *msg > '9')
				return 0;
			for (m = msg; *m >= '0' && *m <= '9'; m++)
				;
			args[na][0] = msg;
			args[na][1] = m;
			return match(pat + 2, m, args, na + 1);
		}
		if (pat[0] == '%' && pat[1] == 's') {
			if (na == MAXARGS)
				return 0;
			/* The shortest value that lets the rest match. */
			for (m = msg + 1; m <= msg + strlen(msg); m++) {
				args[na][0] = msg;
				args[na][1] = m;
				if (match(pat + 2, m, args, na + 1))
					return 1;
			}
			return 0;
		}
		if (pat[0] == '%' && pat[1] == '%')
			pat++;
		if (*pat != *msg)
			return 0;
		pat++;
		msg++;
	}
}

static int
nargs(const char *pat)
{
	int n = 0;

	for (; *pat; pat++)
		if (pat[0] == '%' && (pat[1] == 'u' || pat[1] == 's'))
			n++;
	return n;
}

/* Which values of pat are a state, status or ballot type the daemon put in ("round %u is
 * %s: …", "rule %s cannot count %s ballots"): those, and only those, are translated. */
static void
word_slots(const char *pat, int word[MAXARGS])
{
	const char	*p;
	int		 k = 0;

	for (p = pat; *p && k < MAXARGS; p++)
		if (p[0] == '%' && (p[1] == 'u' || p[1] == 's')) {
			word[k++] = p[1] == 's' && ((p - pat >= 3 && strncmp(p - 3, "is ", 3) == 0) ||
			    (p - pat >= 6 && strncmp(p - 6, "count ", 6) == 0));
			p++;
		}
}

/* fmt (the translation) with its %u and %s replaced by the values, in order. */
static void
fill(char *buf, size_t n, const char *fmt, const char *args[][2], const int word[], int na)
{
	char	 v[128];
	size_t	 o = 0, k, len;
	int	 a = 0;
	const char *s;

	for (; *fmt && o + 1 < n; fmt++) {
		if (fmt[0] == '%' && (fmt[1] == 'u' || fmt[1] == 's') && a < na) {
			len = (size_t)(args[a][1] - args[a][0]);
			if (len >= sizeof(v))
				len = sizeof(v) - 1;
			memcpy(v, args[a][0], len);
			v[len] = '\0';
			s = v;
			if (fmt[1] == 's' && word[a])
				for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
					if (strcmp(v, words[k]) == 0)
						s = _(words[k]);
			len = strlen(s);
			if (len > n - 1 - o)
				len = n - 1 - o;
			memcpy(buf + o, s, len);
			o += len;
			fmt++;
			a++;
		} else if (fmt[0] == '%' && fmt[1] == '%') {
			buf[o++] = '%';
			fmt++;
		} else
			buf[o++] = *fmt;
	}
	buf[o] = '\0';
}

const char *
i18n_daemon_error(uint16_t code, const char *msg, char *buf, size_t n)
{
	const char	*args[MAXARGS][2], *t;
	int		 word[MAXARGS] = { 0 };
	size_t		 i;

	if (cur_lang == I18N_EN)
		return msg;
	/* The voter's refusals (codes 40..45) are Dutch already. */
	if (code >= ERRC_NOT_OPEN && code <= ERRC_KIOSK)
		return msg;
	if ((t = gettext(msg)) != msg && strcmp(t, msg) != 0 && strchr(msg, '%') == NULL)
		return t;
	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (match(patterns[i], msg, args, 0)) {
			t = _(patterns[i]);
			if (nargs(t) != nargs(patterns[i]))
				break;
			word_slots(patterns[i], word);
			fill(buf, n, t, args, word, nargs(patterns[i]));
			return buf;
		}
	/* Not known: say what kind of refusal it is, and give the daemon's own words. */
	snprintf(buf, n, _("%s (the daemon says: %s)"), code_sentence(code), msg);
	return buf;
}
