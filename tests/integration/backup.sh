#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# A hot backup and restore of the store, exactly as docs/handleiding.md §9 and dorpsstemd(8)
# describe it (mdb_copy -c of the data directory, plus the key files), taken while kiosks
# keep casting ballots: every ballot acknowledged before the backup began is in it, nothing
# that was never acknowledged is, and the restored daemon starts with the same keys, refuses
# codes that voted, takes new ballots and yields a bundle that verifies.
. "$(dirname "$0")/lib.sh"
if ! command -v mdb_copy >/dev/null; then
	nok "mdb_copy is missing (lmdb-utils; make deps installs it)"; finish
fi
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
"$DORPSSTEM" keygen -o "$T/kiosk2.key" >/dev/null
ds village add Kantens >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget" --budget 25.000 --ballot approval --max 2 --rule greedy | jid)
for t in "Repair Café" "AED" "Speeltuin"; do
	ds initiative admit "$(ds -j initiative add "$R" --title "$t" --cost 5.000 | jid)" >/dev/null
done
N=160
"$DORPSSTEM" codes generate "$R" -n $N --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Dorpsbudget >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
ds kiosk enroll Kantens "$T/kiosk2.key.pub" --name school >/dev/null
ds round open "$R" >/dev/null
mapfile -t C < <(codes "$T/cards.html")
check "$N codes for the round" test "${#C[@]}" = $N
FP=$("$DORPSSTEMD" -F -f "$T/d.conf" 2>/dev/null)
KEY=$(ds -j status | python3 -c 'import json,sys; print(json.load(sys.stdin)["daemon_key"])')

# Two kiosks vote with the first 150 codes; the last 10 stay for after the restore. A line
# "code receipt" is appended to acked.K once the daemon has acknowledged the ballot.
voter() {
	local k=$1 from=$2 to=$3 i out
	for ((i = from; i < to; i++)); do
		if out=$("$DORPSSTEM" -s "$SOCK" -k "$T/kiosk$k.key" -j vote "$R" --code "${C[$i]}" \
		    --choose 1,3 2>>"$T/vote.err"); then
			echo "${C[$i]} $(echo "$out" | sed -n 's/.*"code": *"\([^"]*\)".*/\1/p')" >>"$T/acked.$k"
		fi
	done
}
: >"$T/acked." ; : >"$T/acked.2"
voter "" 0 75 & V1=$!
voter 2 75 150 & V2=$!
# Take the backup while both are voting, once some ballots are in.
for i in $(seq 1 400); do
	[ "$(cat "$T/acked." "$T/acked.2" | wc -l)" -ge 40 ] && break
	sleep 0.05
done
cat "$T/acked." "$T/acked.2" >"$T/before"
B="$T/backup"
( umask 077; mkdir -p "$B" &&
  mdb_copy -c "$T/data" "$B" &&
  cp -p "$T/data/daemon.key" "$B" &&
  cp -p "$T/data/tls.key" "$T/data/tls.crt" "$B" ) 2>"$T/backup.err"
rc=$?
cat "$T/acked." "$T/acked.2" >"$T/during"
wait $V1 $V2
cat "$T/acked." "$T/acked.2" >"$T/all"
check "the backup (mdb_copy -c and the keys) was taken while ballots came in" test "$rc" = 0
nb=$(wc -l <"$T/before"); nd=$(wc -l <"$T/during"); na=$(wc -l <"$T/all")
check "ballots went on during and after the backup ($nb before, $nd when it ended, $na in all)" \
    test "$nb" -ge 40 -a "$na" -gt "$nd"
check "all 150 ballots were acknowledged" test "$na" = 150
check "the backup holds the store and the keys, private" sh -c "test -s '$B/data.mdb' -a -s '$B/daemon.key' -a -s '$B/tls.key' -a -s '$B/tls.crt' && test \$(stat -c %a '$B') = 700"
stop_daemon

# Restore as documented: a fresh data directory with the backup's files.
mv "$T/data" "$T/data.old"
mkdir -m 0700 "$T/data"
cp -p "$B/data.mdb" "$B"/*.key "$B/tls.crt" "$T/data/"
start_daemon
check "the restored daemon starts" ds status
check "it has the same TLS certificate (kiosks keep their pinned fingerprint)" \
    test "$("$DORPSSTEMD" -F -f "$T/d.conf" 2>/dev/null)" = "$FP"
check "it has the same daemon key" sh -c "test ${#KEY} = 64 && '$DORPSSTEM' -s '$SOCK' -j status | grep -q '\"daemon_key\":\"$KEY\"'"
check "the restored round is still voting" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"voting\"'"
# A code that voted before the backup cannot vote again; a fresh one can.
first=$(head -1 "$T/before" | cut -d' ' -f1)
expect_fail "a code acknowledged before the backup has voted in the restored store" "al gestemd" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$first" --choose 2
check "a new ballot is taken after the restore" "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "${C[155]}" --choose 2
check "the restored round closes and is counted" ds round close "$R"
check "the restored round's bundle is written" ds audit bundle "$R" -o "$T/bundle"
check "the restored round's bundle verifies (ledger chain, signatures, recount)" "$DORPSSTEM" audit verify "$T/bundle"
nbundle=$(ds -j audit bundle "$R" -o "$T/bundle2" | sed -n 's/.*"ballots": *\([0-9]*\).*/\1/p')
missing=0; found=0
while read -r code receipt; do
	if "$DORPSSTEM" audit receipt "$T/bundle" "$receipt" >/dev/null 2>&1; then
		found=$((found + 1))
	elif grep -q "^$code " "$T/before"; then
		missing=$((missing + 1)); echo "# acknowledged before the backup, missing: receipt $receipt"
	fi
done <"$T/all"
check "every ballot acknowledged before the backup began is in the restored store ($nb)" test "$missing" = 0
check "the restored store has only acknowledged ballots ($found of $na, plus the new one = $nbundle)" \
    test "$((found + 1))" = "$nbundle"
# At most those acknowledged when the copy ended, and the one each kiosk may have had in
# flight (committed before the copy's snapshot, its line not yet written).
check "and at least those acknowledged when the backup began, at most those when it ended" \
    test "$found" -ge "$nb" -a "$found" -le "$((nd + 2))"
finish
