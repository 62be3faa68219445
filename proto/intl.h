/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * proto/intl.h — marking proto/'s person-read messages for gettext (po/README).
 * proto/ is linked into the client and the daemon. The client binds the "dorpsstem"
 * catalogue (client/i18n.c) and then _() gives its Dutch; the daemon never binds it, so
 * there _() hands the English back unchanged and its logs stay English. Include this only
 * from proto/ sources, never from a header (client/i18n.h defines the same names; the
 * different file name keeps -Iproto from shadowing client/i18n.h).
 */
#ifndef PROTO_INTL_H
#define PROTO_INTL_H

#include <libintl.h>
#include <string.h>

#define PROTO_I18N_DOMAIN	"dorpsstem"

/* s translated when the program has made the dorpsstem catalogue its domain. */
static inline const char *proto_gettext(const char *) __attribute__((format_arg(1)));
static inline const char *
proto_gettext(const char *s)
{
	const char *d = textdomain(NULL);

	return d != NULL && strcmp(d, PROTO_I18N_DOMAIN) == 0 ? gettext(s) : s;
}

#undef _
#undef N_
#define _(s)	proto_gettext(s)
#define N_(s)	(s)

#endif
