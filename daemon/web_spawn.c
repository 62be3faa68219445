/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * web_spawn.c — dorpsstemd's side of the public web site: start `dorpsstemd -W` as its own
 * process (fork + exec of /proc/self/exe, every descriptor above stderr closed, so neither
 * the daemon's keys nor its sockets reach it), restart it when it dies (at most once every
 * 2 seconds), stop it with the daemon. The child learns the daemon's PUBLIC key on its
 * command line (for the round fingerprint); it never sees the secret key.
 *
 * The one way from the web site into the daemon: a socketpair made for each start. The
 * child gets its end as descriptor WEB_CHANNEL_FD (3), the daemon treats its own end as a
 * control connection that may send hello and public-submit and nothing else
 * (conn_accept_web), so an aanvraag reaches the organisers without the web user needing
 * any access to the control socket, the data directory or a key.
 *
 * The child runs `web nice` (default 10) steps below the daemon's CPU priority, so on a
 * machine where page views and ballot intake compete for the cores the ballots win
 * (docs/bench.md, bench-web).
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "dorpsstemd.h"
#include "key.h"
#include "web.h"

static pid_t		 web_pid = -1;
static struct event	*ev_chld, *ev_again;
static struct daemon	*web_d;
static int		 web_debug;

static void
web_start(void)
{
	char	 hex[2 * KEY_BYTES + 1];
	char	*argv[10];
	int	 i = 0, fd, sv[2];
	pid_t	 pid;

	hex_encode(web_d->id.pk, KEY_BYTES, hex);
	argv[i++] = "dorpsstemd";
	argv[i++] = "-W";
	argv[i++] = hex;
	argv[i++] = "-f";
	argv[i++] = web_d->conffile;
	argv[i++] = "-D";
	argv[i++] = web_d->conf.datadir;
	if (web_debug)
		argv[i++] = "-d";
	argv[i] = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("web: socketpair");
		sv[0] = sv[1] = -1;
	}
	if ((pid = fork()) == -1) {
		log_warn("web: fork");
		if (sv[0] != -1) {
			close(sv[0]);
			close(sv[1]);
		}
		return;
	}
	if (pid == 0) {
		/* Nothing of the daemon's but stdin/out/err and the web channel crosses the
		 * exec: the channel becomes descriptor 3 (without close-on-exec). */
		if (sv[1] == WEB_CHANNEL_FD)
			(void)fcntl(sv[1], F_SETFD, 0);
		else if (sv[1] != -1 && dup2(sv[1], WEB_CHANNEL_FD) == -1)
			_exit(127);
		for (fd = sv[1] == -1 ? WEB_CHANNEL_FD : WEB_CHANNEL_FD + 1; fd < 1024; fd++)
			close(fd);
		signal(SIGPIPE, SIG_DFL);
		/* Residents' page views yield the CPU to ballot intake: the site runs `web
		 * nice` steps below the daemon (it cannot raise itself back: that needs
		 * CAP_SYS_NICE, which it drops with root). On error it runs at the daemon's. */
		errno = 0;
		if (web_d->conf.web_nice > 0 && nice((int)web_d->conf.web_nice) == -1 &&
		    errno != 0) {
			ssize_t n = write(STDERR_FILENO, "dorpsstemd: web: nice failed\n", 29);
			(void)n;
		}
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	web_pid = pid;
	if (sv[0] != -1) {
		close(sv[1]);
		conn_accept_web(web_d, sv[0]);
	}
	log_info("web site started (process %d)", (int)pid);
}

static void
on_again(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	web_start();
}

static void
on_chld(evutil_socket_t sig, short what, void *arg)
{
	struct timeval	two = { 2, 0 };
	pid_t		pid;
	int		status;

	(void)sig;
	(void)what;
	(void)arg;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != web_pid)
			continue;
		web_pid = -1;
		if (WIFEXITED(status))
			log_warnx("web site process exited with %d; restarting it",
			    WEXITSTATUS(status));
		else
			log_warnx("web site process killed by signal %d; restarting it",
			    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		evtimer_add(ev_again, &two);
	}
}

void
web_spawn(struct daemon *d, int debug)
{
	if (d->conf.web_host == NULL)
		return;
	web_d = d;
	web_debug = debug;
	ev_chld = evsignal_new(d->base, SIGCHLD, on_chld, NULL);
	ev_again = evtimer_new(d->base, on_again, NULL);
	if (ev_chld == NULL || ev_again == NULL || evsignal_add(ev_chld, NULL) != 0)
		fatalx("web: cannot set up the child signal");
	web_start();
}

void
web_stop(void)
{
	int status;

	if (ev_chld != NULL) {
		event_free(ev_chld);
		event_free(ev_again);
		ev_chld = ev_again = NULL;
	}
	if (web_pid > 0) {
		kill(web_pid, SIGTERM);
		while (waitpid(web_pid, &status, 0) == -1 && errno == EINTR)
			;
		web_pid = -1;
	}
}
