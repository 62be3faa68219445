#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# tests/bench/web.sh — the web site under load while ballots come in (make bench-web).
#
#   1. the ingest benchmark alone: its ballots/s (B0);
#   2. the same with `listen web on` and wrk (one thread) hammering the round page
#      /ronde/1 (initiatives + live turnout, read from the store on every request) through
#      the whole timed phase: the web requests/s (goal >= 2000) and the ballots/s (B1);
#      goal B1 >= 0.9 * B0.
# The web process is one event loop: one core by construction. The machine is shared:
# figures vary from run to run; both phases run back to back in the same conditions.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
export DORPSSTEMD=${DORPSSTEMD:-$BUILD/dorpsstemd}
INGEST="$BUILD/bench/ingest"
ARGS=${WEB_BENCH_ARGS:--n 40000 -i 500 -c 128}
command -v wrk >/dev/null || { echo "web bench: wrk is not installed (make deps)"; exit 1; }
[ -x "$INGEST" ] || { echo "web bench: $INGEST missing (make bench builds it)"; exit 1; }
T=$(mktemp -d /tmp/dorpsstem-webbench.XXXXXX)
trap 'rm -rf "$T"' EXIT
rate() { sed -n 's/^ *throughput *\([0-9.]*\) ballots\/s.*/\1/p' "$1" | head -1; }

echo "=== 1. ingest alone ($ARGS)"
$INGEST $ARGS >"$T/alone" 2>&1 || { tail -20 "$T/alone"; exit 1; }
B0=$(rate "$T/alone"); SECS=$(sed -n 's/.* in \([0-9.]*\) s over .*/\1/p' "$T/alone" | head -1)
echo "    $B0 ballots/s (timed phase ${SECS}s)"

WPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "=== 2. ingest with the web site under wrk -t1 -c32 on /ronde/1"
INGEST_EXTRA_CONF="listen web on 127.0.0.1 port $WPORT" $INGEST $ARGS >"$T/both" 2>&1 &
IP=$!
# Start the load when the timed phase starts (the kiosk sessions are set up).
for i in $(seq 1 1200); do grep -q "kiosk sessions" "$T/both" && break; kill -0 $IP 2>/dev/null || break; sleep 0.1; done
D=$(python3 -c "import math; print(max(3, math.ceil(float('${SECS:-10}'))))")
wrk -t1 -c32 -d"${D}s" "http://127.0.0.1:$WPORT/ronde/1" >"$T/wrk" 2>&1
wait $IP || { tail -20 "$T/both"; exit 1; }
B1=$(rate "$T/both"); RPS=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$T/wrk")
NON2XX=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' "$T/wrk")
sed 's/^/    /' "$T/wrk"
python3 - "$B0" "$B1" "${RPS:-0}" "${NON2XX:-0}" <<'PY'
import sys
b0, b1, rps, bad = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
r = b1 / b0 if b0 else 0
print("  web round page   %10.0f req/s   target >= 2000   %5.2f of target  %s" % (rps, rps / 2000, "ok" if rps >= 2000 else "BELOW"))
print("  ingest alone     %10.0f ballots/s" % b0)
print("  ingest with web  %10.0f ballots/s   ratio %.3f   target >= 0.9   %s" % (b1, r, "ok" if r >= 0.9 else "BELOW"))
print("  non-2xx web answers: %d" % bad)
PY
