/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * listen.c — where connections come from: the UNIX control socket in the data directory
 * (mode 0660, peer credentials checked) and the TLS listeners of the config.
 *
 * A TLS port is not a libevent evconnlistener (which accepts everything the kernel has
 * queued in one callback: a flood that reconnects at once put hundreds of accepts and
 * TLS set-ups between two ballots of a kiosk). Its own event, at PRIO_STRANGER, accepts at
 * most `max unauthenticated-per-turn` connections per loop turn; the rest wait in the
 * kernel's queue until honest work is done.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "dorpsstemd.h"

static gid_t control_gid = (gid_t)-1;

/* The TLS ports (accept_tls_ready); paused for a moment when descriptors run out. */
static struct event	**tls_ev;
static size_t		  ntls_ev;
static struct event	 *tls_resume;

void
listen_peer_key(const struct sockaddr *sa, uint8_t key[16])
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)(const void *)sa;
	const struct sockaddr_in6	*sin6 = (const struct sockaddr_in6 *)(const void *)sa;

	memset(key, 0, 16);
	if (sa->sa_family == AF_INET6 && !IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		memcpy(key, &sin6->sin6_addr, 8);	/* the /64: one site or host */
		return;
	}
	key[10] = key[11] = 0xff;
	if (sa->sa_family == AF_INET)
		memcpy(key + 12, &sin->sin_addr, 4);
	else if (sa->sa_family == AF_INET6)
		memcpy(key + 12, (const uint8_t *)&sin6->sin6_addr + 12, 4);
}

/* Supplementary groups count: first the process's own list (/proc, what the peer runs
 * with), else the user's groups from the group database. */
int
listen_in_group(uid_t uid, gid_t primary, pid_t pid, gid_t gid)
{
	struct passwd	*pw;
	gid_t		 groups[256];
	char		 path[64], line[4096], *p, *end;
	FILE		*f;
	unsigned long	 g;
	int		 n = (int)(sizeof(groups) / sizeof(groups[0])), i, found = -1;

	if (primary == gid)
		return 1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (pid > 0 && (f = fopen(path, "re")) != NULL) {
		while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
			if (strncmp(line, "Groups:", 7) != 0)
				continue;
			found = 0;
			for (p = line + 7;; p = end) {
				errno = 0;
				g = strtoul(p, &end, 10);
				if (end == p || errno != 0)
					break;
				if ((gid_t)g == gid)
					found = 1;
			}
		}
		fclose(f);
		if (found != -1)
			return found;
	}
	if ((pw = getpwuid(uid)) == NULL)
		return 0;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
		n = (int)(sizeof(groups) / sizeof(groups[0]));
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

static void
listen_add(struct daemon *d, struct evconnlistener *l)
{
	struct evconnlistener **p;

	p = reallocarray(d->listeners, d->nlisteners + 1, sizeof(*p));
	if (p == NULL)
		fatal("reallocarray");
	d->listeners = p;
	d->listeners[d->nlisteners++] = l;
}

static void
accept_local(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
    void *arg)
{
	struct daemon	*d = arg;
	struct ucred	 cred;
	socklen_t	 clen = sizeof(cred);
	char		 peer[64];

	(void)l;
	(void)sa;
	(void)len;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == -1) {
		log_warn("control socket: peer credentials");
		close(fd);
		return;
	}
	/* The socket's mode already limits who can connect; check again, as bgpd does. */
	if (cred.uid != 0 && cred.uid != geteuid() && (control_gid == (gid_t)-1 ||
	    !listen_in_group(cred.uid, cred.gid, cred.pid, control_gid))) {
		log_warnx("control socket: refused uid %u gid %u", (unsigned)cred.uid,
		    (unsigned)cred.gid);
		close(fd);
		return;
	}
	snprintf(peer, sizeof(peer), "local uid %u pid %d", (unsigned)cred.uid, (int)cred.pid);
	conn_accept(d, fd, peer, 1, NULL, NULL);
}

static void
accept_tls(struct daemon *d, evutil_socket_t fd, struct sockaddr *sa, socklen_t len)
{
	char		 host[INET6_ADDRSTRLEN], peer[80];
	uint8_t		 key[16];

	if (getnameinfo(sa, (socklen_t)len, host, sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof(host), "?");
	snprintf(peer, sizeof(peer), "%s", host);
	listen_peer_key(sa, key);
	if (conn_count_peer(d, key) >= d->conf.max_per_peer) {
		log_warnx("%s: refused: %u connections from this address%s already", peer,
		    d->conf.max_per_peer, sa->sa_family == AF_INET6 ? "'s /64" : "");
		close(fd);
		return;
	}
	conn_accept(d, fd, peer, 0, d->id.tls, key);
}

static void
accept_tls_resume(evutil_socket_t fd, short what, void *arg)
{
	size_t i;

	(void)fd;
	(void)what;
	(void)arg;
	for (i = 0; i < ntls_ev; i++)
		event_add(tls_ev[i], NULL);
}

/* A TLS port has connections queued: take a bounded number (level-triggered, the event
 * fires again next turn for the rest). */
static void
accept_tls_ready(evutil_socket_t lfd, short what, void *arg)
{
	struct daemon		*d = arg;
	struct sockaddr_storage	 ss;
	struct timeval		 tv = { 0, 250000 };
	socklen_t		 len;
	unsigned		 i;
	size_t			 k;
	int			 fd;

	(void)what;
	for (i = 0; i < d->conf.unauth_per_turn; i++) {
		len = sizeof(ss);
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			accept_tls(d, fd, (struct sockaddr *)&ss, len);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		/* EMFILE and friends: log, rest a quarter second (a level-triggered event
		 * would fire every turn), go on. */
		log_warn("accept");
		if (tls_resume != NULL) {
			for (k = 0; k < ntls_ev; k++)
				event_del(tls_ev[k]);
			evtimer_add(tls_resume, &tv);
		}
		return;
	}
}

static void
accept_error(struct evconnlistener *l, void *arg)
{
	(void)l;
	(void)arg;
	/* EMFILE and friends: log and go on; the listener stays armed. */
	log_warn("accept");
}

/* 1 if the socket's directory is root's and nobody else may write it. */
static int
sock_dir_root_only(const char *path)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 rc;

	if ((dir = strdup(path)) == NULL)
		return 0;
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	rc = lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
	    (st.st_mode & 022) == 0;
	free(dir);
	return rc;
}

static int
listen_unix(struct daemon *d)
{
	struct sockaddr_un	 sun;
	struct evconnlistener	*l;
	struct group		*gr;
	mode_t			 old;
	int			 fd, rootdir;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(d->sockpath) >= sizeof(sun.sun_path)) {
		log_warnx("control socket path too long: %s", d->sockpath);
		return -1;
	}
	strcpy(sun.sun_path, d->sockpath);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("socket");
		return -1;
	}
	/* A socket file left by a dead daemon is removed; a live daemon is not disturbed. */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		log_warnx("another dorpsstemd is running on %s", d->sockpath);
		close(fd);
		return -1;
	}
	close(fd);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1) {
		log_warn("socket");
		return -1;
	}
	if (d->conf.control_group) {
		if ((gr = getgrnam(d->conf.control_group)) == NULL)
			log_warnx("control group %s does not exist", d->conf.control_group);
		else
			control_gid = gr->gr_gid;
	}
	/*
	 * Where root alone controls the socket's directory (/run, say), root makes the socket
	 * and hands it to the daemon user by path: nobody else can swap a link in there.
	 * Elsewhere (the data directory, the daemon user's) it is made by the user that will
	 * own it: as root with `user`, under that user's uid and the control group (or the
	 * user's group) as effective ids, so no chown or chmod follows a link someone planted,
	 * and the daemon user can use its own socket. The umask gives the mode at bind: 0660
	 * with a control group (its members may administer), else 0600. unlink removes a
	 * link, never its target.
	 */
	rootdir = sock_dir_root_only(d->sockpath);
	if ((rootdir ? privsep_group(d, control_gid) : privsep_enter(d, control_gid)) == -1) {
		close(fd);
		return -1;
	}
	if (unlink(d->sockpath) == -1 && errno != ENOENT) {
		log_warn("unlink %s", d->sockpath);
		privsep_leave(d);
		close(fd);
		return -1;
	}
	old = umask(d->conf.control_group ? 0117 : 0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_warn("bind %s", d->sockpath);
		privsep_leave(d);
		close(fd);
		return -1;
	}
	umask(old);
	privsep_leave(d);
	if (rootdir && d->privsep && chown(d->sockpath, d->run_uid, (gid_t)-1) == -1)
		log_warn("chown %s", d->sockpath);
	/* Not root: no privilege to abuse, so the group is set by path as before. */
	if (geteuid() != 0 && control_gid != (gid_t)-1 &&
	    chown(d->sockpath, (uid_t)-1, control_gid) == -1)
		log_warn("chown %s", d->sockpath);
	if (listen(fd, 128) == -1) {
		log_warn("listen %s", d->sockpath);
		close(fd);
		return -1;
	}
	if ((l = evconnlistener_new(d->base, accept_local, d, LEV_OPT_CLOSE_ON_FREE, 0, fd)) ==
	    NULL) {
		close(fd);
		return -1;
	}
	evconnlistener_set_error_cb(l, accept_error);
	listen_add(d, l);
	log_info("control socket %s", d->sockpath);
	return 0;
}

static int
listen_tcp(struct daemon *d, const struct config_listen *cl)
{
	struct addrinfo		 hints, *res, *ai;
	struct event		*ev, **p;
	char			 host[INET6_ADDRSTRLEN], port[8];
	int			 rc, fd, on = 1, n = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(strcmp(cl->host, "*") == 0 ? NULL : cl->host, cl->port, &hints, &res);
	if (rc != 0) {
		log_warnx("listen on %s port %s: %s", cl->host, cl->port, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd == -1)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 || listen(fd, 511) == -1) {
			getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), port,
			    sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV);
			log_warn("listen on %s port %s", host, port);
			close(fd);
			continue;
		}
		if ((p = reallocarray(tls_ev, ntls_ev + 1, sizeof(*p))) == NULL)
			fatal("reallocarray");
		tls_ev = p;
		if ((ev = event_new(d->base, fd, EV_READ | EV_PERSIST, accept_tls_ready, d)) ==
		    NULL || event_priority_set(ev, PRIO_STRANGER) != 0 ||
		    event_add(ev, NULL) != 0) {
			if (ev)
				event_free(ev);
			close(fd);
			continue;
		}
		tls_ev[ntls_ev++] = ev;
		getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), port, sizeof(port),
		    NI_NUMERICHOST | NI_NUMERICSERV);
		log_info("listening on %s port %s (TLS)", host, port);
		n++;
	}
	freeaddrinfo(res);
	return n > 0 ? 0 : -1;
}

int
listen_start(struct daemon *d)
{
	size_t i;

	if (listen_unix(d) == -1)
		return -1;
	if (tls_resume == NULL && (tls_resume = evtimer_new(d->base, accept_tls_resume, NULL)) ==
	    NULL)
		return -1;
	for (i = 0; i < d->conf.nlistens; i++)
		if (listen_tcp(d, &d->conf.listens[i]) == -1)
			return -1;
	return 0;
}

void
listen_stop(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->nlisteners; i++)
		evconnlistener_free(d->listeners[i]);
	free(d->listeners);
	d->listeners = NULL;
	d->nlisteners = 0;
	for (i = 0; i < ntls_ev; i++) {
		close(event_get_fd(tls_ev[i]));
		event_free(tls_ev[i]);
	}
	free(tls_ev);
	tls_ev = NULL;
	ntls_ev = 0;
	if (tls_resume != NULL)
		event_free(tls_resume);
	tls_resume = NULL;
	if (d->sockpath)
		unlink(d->sockpath);
}
