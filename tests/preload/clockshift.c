/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * clockshift.c — for tests only, never installed: an LD_PRELOAD library that moves the
 * daemon's clock. time() returns the real time plus the number of seconds written in the
 * file $DORPSSTEM_TEST_CLOCK (read on every call, so a test can move the clock while the
 * daemon runs; no file or no number: no shift). tests/integration/overview.sh builds it
 * with `cc -shared` and runs rounds "in" earlier years with it, since a round belongs to
 * the year it closed in. The daemon reads its clock only through time() (now_seconds in
 * daemon/ledger.c); the client is not preloaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

time_t
time(time_t *t)
{
	struct timespec	 ts;
	const char	*path = getenv("DORPSSTEM_TEST_CLOCK");
	long long	 shift = 0;
	time_t		 now;
	FILE		*f;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (path != NULL && (f = fopen(path, "re")) != NULL) {
		if (fscanf(f, "%lld", &shift) != 1)
			shift = 0;
		fclose(f);
	}
	now = ts.tv_sec + (time_t)shift;
	if (t != NULL)
		*t = now;
	return now;
}
