#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Rounds open and close by their schedule, also across a restart: a round whose closing
# time passed while the daemon was down is closed when it starts.
. "$(dirname "$0")/lib.sh"
state() { "$DORPSSTEM" -s "$SOCK" -j round show "$1" | sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p' | head -1; }
wait_state() {	# wait_state ROUND STATE SECONDS
	local i
	for i in $(seq 1 $(($3 * 10))); do [ "$(state "$1")" = "$2" ] && return 0; sleep 0.1; done
	echo "round $1 is $(state "$1"), not $2" >&2; return 1
}
start_daemon
ds village add Kantens >/dev/null
R=$(ds -j round create Kantens "Geplande ronde" --budget 1000 --ballot approval --rule greedy \
    --opens +2 --closes +4 | jid)
I=$(ds -j initiative add "$R" --title "Bankje" --cost 500 | jid)
ds initiative admit "$I" >/dev/null
check "the scheduled round starts as draft" test "$(state "$R")" = draft
check "the round opens by its schedule" wait_state "$R" voting 5
check "the round closes by its schedule (and is counted)" wait_state "$R" tallied 5
check "the log says so" grep -q "round $R closed by its schedule" "$T/daemon.log"

R2=$(ds -j round create Kantens "Sluit terwijl de daemon uit staat" --budget 1000 --ballot approval \
    --rule greedy --closes +2 | jid)
I=$(ds -j initiative add "$R2" --title "Bloembak" --cost 100 | jid)
ds initiative admit "$I" >/dev/null
ds round open "$R2" >/dev/null
kill9_daemon
sleep 3
start_daemon
check "a close time that passed while the daemon was down closes the round on start" \
    wait_state "$R2" tallied 2

R3=$(ds -j round create Kantens "Geen initiatieven" --budget 1000 --ballot approval --rule greedy \
    --opens +1 | jid)
sleep 2
check "a scheduled open with nothing admitted leaves the round in draft" test "$(state "$R3")" = draft
check "and the refusal is logged" grep -q "round $R3: scheduled change refused" "$T/daemon.log"
I=$(ds -j initiative add "$R3" --title "Bankje" --cost 100 | jid)
ds initiative admit "$I" >/dev/null
check "once an initiative is admitted the schedule opens it" wait_state "$R3" voting 3
finish
