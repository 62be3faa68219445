/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * config.h — dorpsstemd's configuration file (syntax: docs/config.md, example:
 * conf/dorpsstemd.conf).
 *
 * The parser is line based, reports every problem it finds as "PATH:LINE: message" (up to
 * CONFIG_MAX_ERRORS), and is fuzzed (tests/fuzz/fuzz_config.c).  config_print writes the canonical form that `dorpsstemd -nv`
 * shows and that tests/golden/config/good-*.out hold.
 */
#ifndef DORPSSTEM_CONFIG_H
#define DORPSSTEM_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONFIG_DEFAULT_PATH	"/etc/dorpsstem/dorpsstemd.conf"

#define CONFIG_DEFAULT_DATADIR		"/var/lib/dorpsstem"
#define CONFIG_DEFAULT_CONTROL_SOCKET	"dorpsstemd.sock"
#define CONFIG_DEFAULT_PORT		"7447"
#define CONFIG_DEFAULT_MAX_CONNECTIONS	10000
#define CONFIG_DEFAULT_MAX_PER_PEER	256
#define CONFIG_DEFAULT_HELLO_TIMEOUT	10
#define CONFIG_DEFAULT_IDLE_TIMEOUT	300
#define CONFIG_DEFAULT_MAP_SIZE		(64ULL << 20)
#define CONFIG_DEFAULT_CHECKPOINT	60
#define CONFIG_DEFAULT_FRAME_TIMEOUT	10
#define CONFIG_DEFAULT_MAX_INPUT	(1024u * 1024u)
#define CONFIG_DEFAULT_MAX_OUTPUT	(4ULL << 20)
#define CONFIG_DEFAULT_UNAUTH_MEMORY	(32ULL << 20)
#define CONFIG_DEFAULT_BALLOTS_IN_FLIGHT 256
#define CONFIG_DEFAULT_KEY_SESSIONS	16
#define CONFIG_DEFAULT_CHECKPOINT_REQUEST 10
#define CONFIG_DEFAULT_UNAUTH_PER_TURN	16
#define CONFIG_DEFAULT_HANDSHAKES_PER_PEER 64
#define CONFIG_DEFAULT_WEB_NICE		10
#define CONFIG_DEFAULT_CONTACT_KEEP	365

#define CONFIG_KEY_SIZE		32	/* Ed25519 public key */
#define CONFIG_MAX_LINE		4096	/* bytes per line, without the newline */
#define CONFIG_MAX_NAME		255	/* bytes in an organiser name */
#define CONFIG_MAX_ERRORS	50	/* config_parse stops after this many */
#define CONFIG_MAX_FILE		(16 << 20) /* config_load refuses larger files */
#define CONFIG_MAX_LISTENS	64
#define CONFIG_MAX_ORGANISERS	1000

struct config_listen {
	char		*host;	/* "*" = all addresses, else a canonical IPv4/IPv6 literal */
	char		*port;	/* decimal, 1..65535 */
};

struct config_organiser {
	char		*name;	/* UTF-8, unique, 1..CONFIG_MAX_NAME bytes */
	uint8_t		 key[CONFIG_KEY_SIZE];	/* Ed25519 public key, unique */
	char		**villages;	/* "village V …": ids or names; none = every village */
	size_t		 nvillages;
	int64_t		 until;		/* "until DATE|SECONDS": retired from then; 0 = in use */
};

struct config {
	char		*datadir;	/* absolute; default CONFIG_DEFAULT_DATADIR */
	char		*control_socket; /* relative paths are relative to datadir */
	char		*control_group;	/* NULL = only root and the daemon's user may connect */
	char		*user;		/* NULL = don't drop privileges; else setuid/setgid to
					 * it after binding when started as root */
	struct config_listen	*listens;	/* TLS listeners, file order; none = local only */
	size_t		 nlistens;
	struct config_organiser	*organisers;	/* file order */
	size_t		 norganisers;
	unsigned	 max_connections;	/* 1..1000000, default 10000 */
	unsigned	 max_per_peer;		/* per remote address, 1..1000000, default 256 */
	unsigned	 hello_timeout;		/* seconds, 1..86400, default 10 */
	unsigned	 idle_timeout;		/* seconds, 1..86400, default 300 */
	uint64_t	 map_size;		/* bytes, 1M..1T, default 64M; LMDB grows it */
	unsigned	 checkpoint_interval;	/* seconds, 1..86400, default 60 */
	int		 log_level;		/* LOG_ERR..LOG_DEBUG, default LOG_INFO */
	/* The network edge (docs/config.md "Limits"). */
	unsigned	 frame_timeout;		/* seconds a started frame may take, 1..86400 */
	unsigned	 max_input;		/* bytes of one frame a connection may buffer,
						 * 4096..1048576, default 1048576 */
	uint64_t	 max_output;		/* replies waiting to go out (and owed) per
						 * connection before reading stops, default 4M */
	unsigned	 max_unauthenticated;	/* connections not yet authenticated; below
						 * max connections; default 9/10 of it */
	uint64_t	 unauthenticated_memory; /* input all of those may hold, default 64M */
	unsigned	 ballots_in_flight;	/* per kiosk connection, 1..65536, default 256 */
	unsigned	 key_sessions;	/* sessions of one kiosk or organiser key, 1..65536,
						 * default 16; a new login replaces the oldest */
	unsigned	 checkpoint_request;	/* seconds between on-demand checkpoints of a
						 * round, 1..86400, default 10 */
	unsigned	 unauth_per_turn;	/* callbacks of unauthenticated connections
						 * (accepts, TLS handshakes, hello, login) per
						 * event-loop turn, 1..65536, default 16 */
	unsigned	 handshakes_per_peer;	/* TLS handshakes in progress per address
						 * (IPv6 /64), 1..65536, default 64; a new one
						 * replaces the peer's oldest */
	/* The public web site (daemon/web.c, docs/web.md); NULL = none. */
	char		*web_host;	/* "listen web on ADDR port N": canonical literal or "*" */
	char		*web_port;
	char		*web_user;	/* "web user NAME"; NULL = "nobody" when started as root */
	char		*web_proxy;	/* "web proxy ADDR": the one peer whose X-Forwarded-For
					 * is believed */
	char		*web_bundles;	/* "web bundles DIR": published audit bundles, DIR/ID/ */
	unsigned	 contact_keep;	/* "contact keep DAYS": a proposer's contact details are
					 * erased this long after the round closed (0..36500,
					 * default 365; submission.c) */
	unsigned	 web_nice;	/* "web nice N": the web process runs N nice steps below
					 * the daemon (0..19, default 10), so page views yield
					 * the CPU to ballot intake (web_spawn.c) */
};

/*
 * Fill cf with the defaults.  The strings are heap copies owned by cf (so a caller may
 * free() and replace any of them, e.g. for `dorpsstemd -D`); if memory runs out they are
 * left NULL and config_load/config_parse report it.
 */
void	config_defaults(struct config *cf);

/*
 * Initialise cf with the defaults, then parse the file at path into it.  Each problem goes
 * to errf (may be NULL) as "PATH:LINE: message" — one sentence, lowercase start — or
 * "PATH: cannot open: strerror".  Returns the number of errors (0 = ok); after
 * CONFIG_MAX_ERRORS it stops with "PATH: too many errors, giving up".  Whatever the result,
 * cf must be released with config_free.
 */
int	config_load(const char *path, struct config *cf, FILE *errf);

/* The same from a memory buffer (may contain NUL bytes); name is used in messages. */
int	config_parse(const char *name, const char *text, size_t len, struct config *cf,
	    FILE *errf);

/*
 * Write cf in canonical form: every setting, one per line, in a fixed order, defaults
 * included, listeners and organisers in file order.  The output parses back to an equal
 * config.
 */
void	config_print(FILE *out, const struct config *cf);

/* Free everything cf owns and zero it; safe on a zeroed or already freed config. */
void	config_free(struct config *cf);

/* The organiser with this public key, or NULL. */
const struct config_organiser *config_find_organiser(const struct config *cf,
	    const uint8_t key[CONFIG_KEY_SIZE]);

/*
 * The control socket's path: control_socket itself when absolute, else datadir/socket.
 * Returns a malloc'ed string, or NULL when out of memory.
 */
char	*config_control_path(const struct config *cf);

/* "err", "warning", "notice", "info", "debug" for LOG_ERR..LOG_DEBUG; NULL otherwise. */
const char *config_log_level_name(int level);

#endif /* DORPSSTEM_CONFIG_H */
