# SPDX-License-Identifier: EUPL-1.2
# tests/integration/lib.sh — sourced by the integration scripts.
#
# Gives each script a private temporary directory ($T) with an organiser key, a config and
# a data directory; starts and stops the real dorpsstemd there; and removes everything on
# exit, also when a check fails or the script is interrupted.
#   start_daemon / stop_daemon / kill9_daemon     the daemon ($DPID), log in $T/daemon.log
#   ds ARGS…                                        the client on the private UNIX socket
#   ok / nok / check DESC CMD… / expect_fail DESC PATTERN CMD…
#   jid, codes FILE, clock_shift / set_clock, adv ARGS…, round_new, round_run   (below:
#   shared by several scripts)
set -u
: "${DORPSSTEM:?}" "${DORPSSTEMD:?}"
T=$(mktemp -d /tmp/dorpsstem-test.XXXXXX)
DPID=
FAILED=0
export DORPSSTEM_HOME="$T/home"
# English output unless a script asks for Dutch (--lang nl, or DORPSSTEM_LANG=nl).
export DORPSSTEM_LANG=${DORPSSTEM_LANG:-en}
mkdir -p "$DORPSSTEM_HOME"

cleanup() {
	if [ -n "$DPID" ]; then kill -9 "$DPID" 2>/dev/null; wait "$DPID" 2>/dev/null; fi
	if [ "$FAILED" != 0 ] && [ -f "$T/daemon.log" ]; then
		echo "# daemon log:"; sed 's/^/#   /' "$T/daemon.log" | tail -30
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; FAILED=1; }
check() {
	local desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$desc"; else nok "$desc"; sed 's/^/#   /' "$T/out" "$T/err" | head -10; fi
}
# expect_fail DESC PATTERN CMD…: CMD must exit 1 with PATTERN (grep -E) on stderr.
expect_fail() {
	local desc=$1 pat=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; local rc=$?
	if [ "$rc" = 1 ] && grep -qE -- "$pat" "$T/err"; then ok "$desc"
	else nok "$desc (exit $rc)"; sed 's/^/#   /' "$T/err" | head -5; fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 40000))
}

"$DORPSSTEM" keygen -o "$T/org.key" >/dev/null || { echo "not ok - keygen"; exit 1; }
ORGPUB=$(grep -v '^#' "$T/org.key.pub" | head -1)
PORT=$(free_port)
SOCK="$T/data/dorpsstemd.sock"
write_config() {
	cat >"$T/d.conf" <<CONF
datadir "$T/data"
listen on 127.0.0.1 port $PORT
organiser "Test Organiser" key $ORGPUB
timeout hello ${HELLO_TIMEOUT:-5}
log level debug
CONF
}
write_config

start_daemon() {
	${DAEMON_PRELOAD:+env LD_PRELOAD="$DAEMON_PRELOAD"} "$DORPSSTEMD" -d -f "$T/d.conf" "$@" 2>>"$T/daemon.log" &
	DPID=$!
	local i
	for i in $(seq 1 100); do
		if [ -S "$SOCK" ] && "$DORPSSTEM" -s "$SOCK" status >/dev/null 2>&1; then return 0; fi
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.05
	done
	nok "daemon did not start"; exit 1
}
stop_daemon() { [ -n "$DPID" ] && kill "$DPID" && wait "$DPID"; local rc=$?; DPID=; return $rc; }
kill9_daemon() { [ -n "$DPID" ] && kill -9 "$DPID"; wait "$DPID" 2>/dev/null; DPID=; }
ds() { "$DORPSSTEM" -s "$SOCK" -k "$T/org.key" "$@"; }
finish() { exit "$FAILED"; }

# ---- helpers shared by the scripts that need them -----------------------------------------
# jid: the "id" of a -j reply on stdin. codes FILE: the voting codes printed on a cards
# page, each once, in order.
jid() { sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1; }
codes() { grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]' "$1" | awk '!seen[$0]++'; }

# clock_shift: from now on start_daemon runs the daemon with its clock moved by
# tests/preload/clockshift.c (built here; the client keeps the real clock); set_clock
# "YYYY-MM-DD HH:MM" (UTC) moves it there, also while it runs; set_clock now undoes it.
# Under make sanitize the ASan runtime must come first in LD_PRELOAD, so it is put there.
clock_shift() {
	if ! "${CC:-cc}" -shared -fPIC -O2 -o "$T/clockshift.so" "$(dirname "${BASH_SOURCE[0]}")/../preload/clockshift.c" 2>"$T/cc.err"; then
		nok "build the clock shift library"; sed 's/^/#   /' "$T/cc.err"; exit 1
	fi
	export DORPSSTEM_TEST_CLOCK="$T/clock"
	local asan; asan=$(ldd "$DORPSSTEMD" 2>/dev/null | awk '/libasan\.so/ { print $3; exit }')
	DAEMON_PRELOAD="${asan:+$asan }$T/clockshift.so"
}
set_clock() {
	if [ "$1" = now ]; then echo 0 >"$T/clock"
	else echo $(( $(date -u -d "$1" +%s) - $(date -u +%s) )) >"$T/clock"; fi
}

# adv ARGS…: the compromised daemon (tests/integration/adversary.c) writes the store with
# the daemon's own key, behind its back; the daemon is stopped meanwhile and started again.
adv() {
	stop_daemon
	"$ITEST/adversary" "$T/data" "$@" >"$T/adv.out" 2>"$T/adv.err" || { nok "adversary $*"; sed 's/^/#   /' "$T/adv.err"; }
	start_daemon
}

# round_new VILLAGE NAME BUDGET CARDS: a draft approval round (greedy) with CARDS voting
# codes made ($T/cardsR.html, $T/credR.txt); prints its id.
round_new() {
	local r
	r=$(ds -j round create "$1" "$2" --budget "$3" --ballot approval --rule greedy | jid)
	"$DORPSSTEM" codes generate "$r" -n "$4" --cards "$T/cards$r.html" --credentials "$T/cred$r.txt" \
	    --village "v$1" --round-name "$2" --until morgen >/dev/null || nok "codes for round $r"
	echo "$r"
}
# round_run ROUND VILLAGE CHOICE…: register the codes, open, one ballot per CHOICE (the
# cards in order) at the kiosk $T/kioskVILLAGE.key, close. REVOKE=N: the N-th card is
# reported lost and revoked first (not a card issued).
round_run() {
	local r=$1 v=$2 i=1 ch; shift 2
	ds credentials register "$r" "$T/cred$r.txt" >/dev/null || nok "register round $r"
	if [ -n "${REVOKE:-}" ]; then
		ds credentials revoke "$r" "$(codes "$T/cards$r.html" | sed -n "${REVOKE}p")" >/dev/null || nok "revoke in round $r"
	fi
	ds round open "$r" >/dev/null || nok "open round $r"
	for ch in "$@"; do
		"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk$v.key" vote "$r" --code "$(codes "$T/cards$r.html" | sed -n "${i}p")" \
		    --choose "$ch" >/dev/null || nok "vote $ch in round $r"
		i=$((i + 1))
	done
	ds round close "$r" >/dev/null || nok "close round $r"
}
