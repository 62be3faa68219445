/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * web.h — the village's public web site (docs/web.md).
 *
 *   web_spawn.c  in dorpsstemd: starts `dorpsstemd -W` as a child (fork + exec, so no key
 *                the daemon holds is in its memory), restarts it when it dies, stops it
 *   web.c        the child: binds `listen web on`, opens the store READ-ONLY, drops to
 *                `web user` (default nobody), serves the pages with evhttp
 *   web_css.c    the stylesheet, embedded in the binary
 */
#ifndef DORPSSTEM_WEB_H
#define DORPSSTEM_WEB_H

#include <stddef.h>

struct daemon;
struct config;

/* The web process's end of its channel to the daemon (web_spawn.c): a socketpair on which
 * it may send hello and public-submit only. */
#define WEB_CHANNEL_FD	3

/* In the daemon, after the listeners are bound and before privileges are dropped: starts
 * the web process when `listen web on` is configured. */
void	web_spawn(struct daemon *, int debug);
/* At shutdown: stops the web process. */
void	web_stop(void);

/* The `dorpsstemd -W DAEMONKEY` mode: never returns. conf is loaded already. */
void	web_main(struct config *, const char *daemon_key_hex, int debug)
	    __attribute__((noreturn));

/* web_css.c: the stylesheet (NUL-terminated) and its length. */
extern const char	web_css[];
size_t	web_css_len(void);

#endif
