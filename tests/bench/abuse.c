/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * abuse — the abuse figure of `make bench` (docs/bench.md): 50 TLS kiosks vote alone for
 * S seconds (default 10), then S seconds while 1,000 hostile connections are held
 * (tests/integration/abuse.c, mode flood, which this file compiles with ABUSE_BENCH).
 * Reports honest throughput during the attack ÷ throughput without it (goal ≥ 0.8), the
 * kiosks' p99 acknowledgement under attack (goal < 100 ms, the strict bound; make check
 * uses a looser one on a shared machine) and the daemon's RSS above idle (ceiling 64 MiB).
 *
 *   abuse [-s SECONDS] [-p P99_MS]
 */
#define ABUSE_BENCH 1
#include "../integration/abuse.c"
