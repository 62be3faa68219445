/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * privsep.c — acting as the daemon user for a while (issue 10). Started as root with
 * `user`, the daemon makes and opens everything in its data directory under the user's
 * effective ids (the saved uid stays root until drop_privileges in dorpsstemd.c), so the
 * files are the user's and a link the user could have planted leads nowhere it could not
 * go itself. In a file of its own so that listen.c and the unit tests link without main.
 */
#include <sys/types.h>

#include <errno.h>
#include <unistd.h>

#include "dorpsstemd.h"

int
privsep_enter(struct daemon *d, gid_t egid)
{
	if (geteuid() != 0 && getuid() != 0)
		return 0;
	if (egid == (gid_t)-1 && !d->privsep)
		return 0;
	if (egid == (gid_t)-1)
		egid = d->run_gid;
	if (setegid(egid) == -1) {
		log_warn("setegid %u", (unsigned)egid);
		return -1;
	}
	if (d->privsep && seteuid(d->run_uid) == -1) {
		log_warn("seteuid %u", (unsigned)d->run_uid);
		if (setegid(0) == -1)
			log_warn("setegid 0");
		return -1;
	}
	return 0;
}

int
privsep_group(struct daemon *d, gid_t egid)
{
	(void)d;
	if (geteuid() != 0 || egid == (gid_t)-1)
		return 0;
	if (setegid(egid) == -1) {
		log_warn("setegid %u", (unsigned)egid);
		return -1;
	}
	return 0;
}

void
privsep_leave(struct daemon *d)
{
	(void)d;
	if (getuid() != 0)
		return;
	if (seteuid(0) == -1 || setegid(0) == -1)
		fatal("cannot return to root after acting as the daemon user");
}
