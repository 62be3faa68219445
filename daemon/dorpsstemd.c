/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * dorpsstemd — the dorpsstem daemon: runs participatory-budgeting rounds.
 *
 *   dorpsstemd [-dnvF] [-f conf] [-D datadir]
 *
 * Start-up order: config → the `user` looked up (before anything is written) → data
 * directory checked → identity (keys, TLS certificate) → detach → store → event loop,
 * listeners → privilege drop → scheduler (which closes rounds whose close time passed
 * while the daemon was down) → serve.
 *
 * Privileges: started as root with `user`, everything in the data directory is made and
 * opened under the user's effective ids (privsep_enter), so the files are its own and a
 * link it could have planted there leads nowhere it could not go anyway; root only binds
 * the listeners and then drops for good. Files root made in older versions are handed
 * over through descriptors opened with O_NOFOLLOW (fchown), never by path. A data
 * directory that someone else owns or may write is refused. SIGTERM/SIGINT stop gracefully
 * (the current request finishes; every acknowledged change is already committed), SIGHUP
 * re-reads the config (organisers, limits, timeouts, log level).
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>
#include <sodium.h>

#include "dorpsstemd.h"
#include "key.h"
#include "version.h"
#include "web.h"

static void
usage(void)
{
	fprintf(stderr, "usage: dorpsstemd [-dnvFV] [-f conf] [-D datadir]\n"
	    "  -d          stay in the foreground and log to stderr\n"
	    "  -n          check the configuration and exit (-nv also prints it)\n"
	    "  -F          print the TLS certificate fingerprint and exit\n"
	    "  -f conf     configuration file (default %s)\n"
	    "  -D datadir  data directory (overrides the config's datadir)\n"
	    "  -V          print the version and exit (also --version)\n"
	    "  -W KEY      (internal) be the public web site process (daemon/web.c)\n",
	    CONFIG_DEFAULT_PATH);
	exit(1);
}

/* Loads the config; a missing file is an error, the default one too (docs/config.md). */
static int
load_config(const char *path, int named, const char *datadir, struct config *cf)
{
	int n;

	(void)named;
	n = config_load(path, cf, stderr);
	if (n == 0 && datadir) {
		free(cf->datadir);
		/* Absolute, like the config's: the daemon may chdir when it detaches. */
		if (datadir[0] == '/')
			cf->datadir = strdup(datadir);
		else {
			char cwd[4096];
			if (getcwd(cwd, sizeof(cwd)) == NULL ||
			    asprintf(&cf->datadir, "%s/%s", cwd, datadir) == -1)
				cf->datadir = NULL;
		}
		if (cf->datadir == NULL)
			err(1, "data directory");
	}
	return n;
}

static void
on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct daemon *d = arg;

	(void)what;
	log_info("signal %d: stopping", (int)sig);
	event_base_loopexit(d->base, NULL);
}

static void
on_reload(evutil_socket_t sig, short what, void *arg)
{
	struct daemon	*d = arg;
	struct config	 nc, tmp;
	FILE		*errs;
	char		*buf = NULL;
	size_t		 len = 0;

	(void)sig;
	(void)what;
	if ((errs = open_memstream(&buf, &len)) == NULL)
		return;
	if (load_config(d->conffile, 1, d->conf.datadir, &nc) != 0) {
		fclose(errs);
		log_warnx("SIGHUP: %s has errors; keeping the running configuration",
		    d->conffile);
		free(buf);
		config_free(&nc);
		return;
	}
	fclose(errs);
	free(buf);
	if (nc.nlistens != d->conf.nlistens || strcmp(nc.control_socket, d->conf.control_socket))
		log_warnx("SIGHUP: changes to listeners or the control socket need a restart");
	/* Keep what is bound to the running process; take the rest. */
	tmp = d->conf;
	d->conf = nc;
	d->conf.listens = tmp.listens;
	d->conf.nlistens = tmp.nlistens;
	tmp.listens = nc.listens;
	tmp.nlistens = nc.nlistens;
	{
		char *s = d->conf.control_socket;
		d->conf.control_socket = tmp.control_socket;
		tmp.control_socket = s;
	}
	config_free(&tmp);
	log_setlevel(d->conf.log_level);
	log_info("SIGHUP: configuration reloaded (%zu organisers)", d->conf.norganisers);
}

/* Every connection is a descriptor: raise the soft limit towards what the config allows,
 * as far as the hard limit lets us (the usual soft limit of 1024 would refuse kiosks). */
static void
raise_fd_limit(const struct config *cf)
{
	struct rlimit	rl;
	rlim_t		want = (rlim_t)cf->max_connections + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_warn("setrlimit");
	if (rl.rlim_cur < want)
		log_warnx("only %llu file descriptors allowed: fewer than max connections %u; "
		    "raise the hard limit (LimitNOFILE= in the service)",
		    (unsigned long long)rl.rlim_cur, cf->max_connections);
}

/* Issue 12: the user must exist before any key or file is written. */
static void
privsep_lookup(struct daemon *d)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return;
	if (d->conf.user == NULL) {
		log_warnx("WARNING: running as root: no `user` in %s. Every request is handled "
		    "with full privileges; add `user _dorpsstem` (see docs/config.md).",
		    d->conffile);
		if (!d->debug)
			fprintf(stderr, "dorpsstemd: WARNING: running as root without `user` "
			    "(docs/config.md)\n");
		return;
	}
	errno = 0;
	if ((pw = getpwnam(d->conf.user)) == NULL)
		errx(1, "user %s does not exist (the `user` line of %s); create it, e.g. "
		    "`useradd --system --no-create-home %s`, or fix the name. Nothing was "
		    "written.", d->conf.user, d->conffile, d->conf.user);
	if (pw->pw_uid == 0)
		errx(1, "user %s is root: pick an unprivileged user for `user`", d->conf.user);
	d->privsep = 1;
	d->run_uid = pw->pw_uid;
	d->run_gid = pw->pw_gid;
}

/* Hands a file root made (older versions) to the daemon user, by descriptor: a link or
 * a file with several names (a hard link to something else) is refused. */
static void
privsep_adopt(struct daemon *d, int dirfd, const char *name)
{
	struct stat	st;
	int		fd;

	if ((fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return;
		if (errno == ELOOP)
			errx(1, "%s/%s is a symbolic link: refusing to start (someone may have "
			    "planted it; remove it)", d->conf.datadir, name);
		err(1, "%s/%s", d->conf.datadir, name);
	}
	if (fstat(fd, &st) == -1)
		err(1, "%s/%s", d->conf.datadir, name);
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1)
		errx(1, "%s/%s is not a plain file with one name: refusing to start",
		    d->conf.datadir, name);
	if (st.st_uid != d->run_uid && fchown(fd, d->run_uid, d->run_gid) == -1)
		err(1, "chown %s/%s", d->conf.datadir, name);
	close(fd);
}

/* The data directory: made if missing; refused if someone other than root or the daemon
 * user owns it or others may write it. As root with `user`, it and root-made files in it
 * become the user's. */
static void
datadir_prepare(struct daemon *d)
{
	static const char *files[] = { "daemon.key", "daemon.key.pub", "tls.key", "tls.crt",
	    "data.mdb", "lock.mdb", "contact.keys" };
	const char	*dir = d->conf.datadir;
	struct stat	 st;
	uid_t		 me = geteuid();
	size_t		 i;
	int		 fd;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		err(1, "%s", dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		err(1, "%s", dir);
	if (fstat(fd, &st) == -1)
		err(1, "%s", dir);
	if (st.st_uid != 0 && st.st_uid != me && !(d->privsep && st.st_uid == d->run_uid))
		errx(1, "data directory %s is owned by uid %u, neither root nor the daemon's "
		    "user: refusing to use it", dir, (unsigned)st.st_uid);
	if (st.st_mode & 022)
		errx(1, "data directory %s may be written by group or others (mode %03o): "
		    "refusing to use it (chmod 700 it)", dir, (unsigned)(st.st_mode & 0777));
	if (d->privsep) {
		if ((st.st_uid != d->run_uid || st.st_gid != d->run_gid) &&
		    fchown(fd, d->run_uid, d->run_gid) == -1)
			err(1, "chown %s", dir);
		if ((st.st_mode & 0777) != 0700 && fchmod(fd, 0700) == -1)
			err(1, "chmod %s", dir);
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			privsep_adopt(d, fd, files[i]);
	}
	close(fd);
}

static void
drop_privileges(struct daemon *d)
{
	if (!d->privsep)
		return;
	if (setgroups(1, &d->run_gid) == -1 ||
	    setresgid(d->run_gid, d->run_gid, d->run_gid) == -1 ||
	    setresuid(d->run_uid, d->run_uid, d->run_uid) == -1)
		fatal("cannot drop privileges to %s", d->conf.user);
	if (setuid(0) != -1 || seteuid(0) != -1)
		fatalx("privileges could be regained after dropping them");
	log_info("running as %s", d->conf.user);
}

int
main(int argc, char *argv[])
{
	struct daemon	 d;
	struct event	*ev_term, *ev_int, *ev_hup;
	const char	*datadir = NULL;
	int		 ch, debug = 0, noaction = 0, verbose = 0, fingerprint = 0, named = 0;
	int		 rc;
	const char	*webkey = NULL;

	memset(&d, 0, sizeof(d));
	TAILQ_INIT(&d.conns);
	TAILQ_INIT(&d.unauth);
	d.conffile = CONFIG_DEFAULT_PATH;
	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		argv[1] = (char *)"-V";
	while ((ch = getopt(argc, argv, "dnvVFf:D:W:")) != -1) {
		switch (ch) {
		case 'd': debug = 1; break;
		case 'n': noaction = 1; break;
		case 'v': verbose = 1; break;
		case 'F': fingerprint = 1; break;
		case 'f': d.conffile = optarg; named = 1; break;
		case 'D': datadir = optarg; break;
		case 'V': printf("dorpsstemd %s\n", DORPSSTEM_VERSION); exit(0);
		case 'W': webkey = optarg; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (sodium_init() < 0)
		errx(1, "libsodium failed to initialise");
	if (load_config(d.conffile, named, datadir, &d.conf) != 0) {
		if (noaction)
			exit(1);
		errx(1, "%s: configuration has errors", d.conffile);
	}
	if (webkey != NULL)
		web_main(&d.conf, webkey, debug);	/* the web site's own process */
	if (noaction) {
		if (verbose)
			config_print(stdout, &d.conf);
		fprintf(stderr, "configuration OK\n");
		config_free(&d.conf);
		exit(0);
	}
	d.debug = debug;
	log_init(debug || fingerprint, d.conf.log_level);
	privsep_lookup(&d);
	datadir_prepare(&d);
	if (privsep_enter(&d, (gid_t)-1) == -1)
		errx(1, "cannot act as user %s", d.conf.user);
	if (fingerprint) {
		if (identity_load(&d.id, d.conf.datadir, 1) == -1)
			errx(1, "cannot load or create the TLS certificate in %s", d.conf.datadir);
		printf("%s\n", d.id.fingerprint);
		identity_free(&d.id);
		config_free(&d.conf);
		exit(0);
	}
	if (identity_load(&d.id, d.conf.datadir, d.conf.nlistens > 0) == -1)
		errx(1, "cannot load or create the daemon's keys in %s", d.conf.datadir);
	ledger_set_identity(&d.id);
	if ((d.sockpath = config_control_path(&d.conf)) == NULL)
		err(1, "control socket path");
	signal(SIGPIPE, SIG_IGN);
	if (!debug && daemon(1, 0) == -1)
		err(1, "daemon");
	log_init(debug, d.conf.log_level);

	if ((rc = store_open(&d.store, d.conf.datadir, d.conf.map_size)) != 0)
		fatalx("cannot open the store in %s: %s", d.conf.datadir, store_strerror(rc));
	privsep_leave(&d);	/* root again, only to bind the listeners */
	/* Ballot verifiers and the writer (ballot.c) wake the loop from their threads. */
	if (evthread_use_pthreads() != 0)
		fatalx("cannot make libevent thread-aware");
	{
		/* Honest work first (dorpsstemd.h PRIO_*): strangers' events get a bounded
		 * share of each loop turn. */
		struct event_config *ec;

		if ((ec = event_config_new()) == NULL || event_config_set_max_dispatch_interval(
		    ec, NULL, (int)d.conf.unauth_per_turn, PRIO_FLUSH) != 0 ||
		    (d.base = event_base_new_with_config(ec)) == NULL ||
		    event_base_priority_init(d.base, PRIO_COUNT) != 0)
			fatalx("cannot create the event loop");
		event_config_free(ec);
	}
	if (ballot_init(&d) != 0)
		fatalx("cannot set up ballot intake");
	ev_term = evsignal_new(d.base, SIGTERM, on_stop, &d);
	ev_int = evsignal_new(d.base, SIGINT, on_stop, &d);
	ev_hup = evsignal_new(d.base, SIGHUP, on_reload, &d);
	if (!ev_term || !ev_int || !ev_hup || evsignal_add(ev_term, NULL) ||
	    evsignal_add(ev_int, NULL) || evsignal_add(ev_hup, NULL))
		fatalx("cannot set up signals");
	raise_fd_limit(&d.conf);
	if (listen_start(&d) == -1)
		fatalx("cannot listen; stopping");
	web_spawn(&d, debug);		/* before the drop: it binds and drops by itself */
	drop_privileges(&d);
	d.started = now_seconds();
	sched_init(&d);
	contact_keep_start(&d);		/* contact details past `contact keep` (issue 14) */
	{
		char hex[2 * KEY_BYTES + 1];
		hex_encode(d.id.pk, KEY_BYTES, hex);
		log_info("%s started: data %s, daemon key %s%s%s", DORPSSTEMD_SOFTWARE,
		    d.conf.datadir, hex, d.id.tls ? ", TLS " : "",
		    d.id.tls ? d.id.fingerprint : "");
	}
	event_base_dispatch(d.base);

	web_stop();
	conn_close_all(&d);
	ballot_free(&d);
	listen_stop(&d);
	sched_free(&d);
	contact_keep_stop();
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_hup);
	event_base_free(d.base);
	store_close(&d.store);
	identity_free(&d.id);
	free(d.sockpath);
	config_free(&d.conf);
	log_info("stopped");
	return 0;
}
