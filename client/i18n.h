/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * i18n.h — the client's messages through GNU gettext (po/README explains the catalogue).
 * The code holds the English sentences (the msgids); po/nl.po holds the Dutch.
 *
 *   _("text")            translated now
 *   N_("text")           marked only (tables); translate with _() where it is printed
 *   ngettext(one, many, n)   plural forms: "1 code", "2 codes"
 *
 * Dutch is the default: these are Dutch villages. English when asked: --lang en, or
 * DORPSSTEM_LANG=en, or the first set of LANGUAGE, LC_ALL, LC_MESSAGES, LANG begins
 * with "en". JSON output (-j) is never translated.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#define I18N_DOMAIN	"dorpsstem"

#define _(s)	gettext(s)
#define N_(s)	(s)

enum i18n_lang { I18N_NL = 0, I18N_EN = 1 };

/* Which language the flag (NULL: none), DORPSSTEM_LANG and the environment ask for.
 * -1 if flag or DORPSSTEM_LANG names a language we do not have. */
int	i18n_choose(const char *flag);
/* Sets up gettext for lang: Dutch finds the catalogue (DORPSSTEM_LOCALEDIR, else the
 * build tree's locale/ next to the executable, else LOCALEDIR) and works with only the
 * C.UTF-8 locale present; English leaves every message as written. 0, or -1 when Dutch
 * was asked for but cannot be had (the messages then stay English). */
int	i18n_init(enum i18n_lang lang);
/* The language i18n_init set up. */
enum i18n_lang i18n_lang(void);
/* The catalogue directory i18n_init chose ("" in English). */
const char *i18n_localedir(void);

/* A refusal from the daemon, in the reader's language: the sentence itself when the
 * catalogue has it, else a known pattern ("there is no round %u") with its values, else
 * the stable error code's sentence with the daemon's own words after it. Returns buf or
 * msg. */
const char *i18n_daemon_error(uint16_t code, const char *msg, char *buf, size_t n);

#endif
