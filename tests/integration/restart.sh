#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Everything survives kill -9 and a restart: villages, rounds, initiatives, states, the
# ledger, and replay protection.
. "$(dirname "$0")/lib.sh"
start_daemon
ds village add Kantens >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget" --budget 25000 --ballot approval --max 3 --rule greedy | jid)
for t in "Repair Café" "AED" "Speeltuin"; do
	I=$(ds -j initiative add "$R" --title "$t" --cost 5000 | jid)
	ds initiative admit "$I" >/dev/null
done
R2=$(ds -j round create Kantens "Tweede ronde" --budget 1000 --ballot approval --rule greedy | jid)
I=$(ds -j initiative add "$R2" --title "Bankje" --cost 500 | jid)
ds initiative admit "$I" >/dev/null
ds round open "$R2" >/dev/null
ds -j round show "$R" >"$T/before1"
ds -j round show "$R2" >"$T/before2"
ds -j village list >"$T/beforev"
kill9_daemon
check "the daemon was killed with -9" test -z "$DPID"
start_daemon
ds -j round show "$R" >"$T/after1"
ds -j round show "$R2" >"$T/after2"
ds -j village list >"$T/afterv"
check "a draft round is unchanged after kill -9 and restart" cmp -s "$T/before1" "$T/after1"
check "a voting round is unchanged after kill -9 and restart" cmp -s "$T/before2" "$T/after2"
check "villages are unchanged" cmp -s "$T/beforev" "$T/afterv"
check "the ledger kept its events (create, 3 adds, 3 admits)" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); assert d["events"]==7, d["events"]' "$T/after1"
check "the round still opens after restart" ds round open "$R"
check "and closes" ds round close "$R"
for i in 1 2 3; do kill9_daemon; start_daemon; done
check "three more kill -9 cycles keep the state" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"closed\"'"
check "stale reader slots do not stop a restart" ds status
finish
