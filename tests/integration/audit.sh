#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The audit trail end to end: a round through the real daemon (checkpoints by timer and on
# demand, a revoked card, ten votes with receipt files), the public bundle and the
# committee's ledger, `audit verify` all OK — then every kind of tampering, each caught
# with a precise message, and the receipt checks. Finally the stored test vectors
# (tests/audit/) verify with exactly the output in tests/audit/expected*.txt.
# AUDIT_VECTOR_OUT=DIR keeps this run's bundle, ledger and a receipt there (to make them).
. "$(dirname "$0")/lib.sh"
TAMPER="$ITEST/audit_tamper"
echo "checkpoint interval 1" >>"$T/d.conf"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds village add Warffum >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
"$DORPSSTEM" keygen -o "$T/other.key" >/dev/null
ds kiosk enroll Warffum "$T/other.key.pub" --name kerk >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget" --budget 10000 --ballot knapsack --rule equalshares/add1 | jid)
ids=()
for t in "Repair Café:4000" "AED:3000" "Speeltuin:6000" "Oma's Soep:1500" "Nieuw dak:9000"; do
	i=$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" | jid)
	ids+=("$i")
done
for i in "${ids[@]:0:4}"; do ds initiative admit "$i" >/dev/null; done
ds initiative reject "${ids[4]}" --reason "Geen offerte" >/dev/null
"$DORPSSTEM" codes generate "$R" -n 12 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Dorpsbudget --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
expect_fail "no checkpoint of a draft round" "checkpoints begin when it opens" ds round checkpoint "$R"
ds round open "$R" >/dev/null
mapfile -t C < <(codes "$T/cards.html")
ds credentials revoke "$R" "${C[11]}" >/dev/null
n=0
for code in "${C[@]:0:10}"; do
	n=$((n + 1))
	case $((n % 3)) in
	0) ch="${ids[0]},${ids[1]}" ;;
	1) ch="${ids[2]},${ids[3]}" ;;
	2) ch="${ids[1]},${ids[3]}" ;;
	esac
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose "$ch" \
	    --receipt-file "$T/receipt$n.txt" >"$T/vote$n.out" || nok "vote $n"
	if [ "$n" = 4 ]; then
		check "round checkpoint --new signs one on demand and keeps it" ds round checkpoint "$R" --new -o "$T/kept.txt"
		cp "$T/out" "$T/cp1.out"
		sleep 1.3	# and the timer makes the next one
	fi
done
check "the kept checkpoint counts the 4 ballots so far" grep -q " events, 4 ballots" "$T/cp1.out"
# Reading is open to all and writes nothing: the timer signs the one after the last vote.
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$DORPSSTEM" -s "$SOCK" -j round checkpoint "$R" >"$T/cp.json" 2>/dev/null
	grep -q '"ballots":10' "$T/cp.json" && break
	sleep 0.5
done
ds -j round checkpoint "$R" -o "$T/kept.txt" >"$T/cp.json"
check "the latest checkpoint counts 10 ballots" grep -q '"ballots":10' "$T/cp.json"
expect_fail "no bundle before the count" "tallied" ds audit bundle "$R" -o "$T/early"
check "the round closes and is counted" ds round close "$R"
check "audit bundle writes the public bundle" ds audit bundle "$R" -o "$T/b"
check "the bundle has every documented file" sh -c "cd '$T/b' && ls daemon.txt organisers.txt \
    round.txt initiatives.txt events.txt village-events.txt kiosks.txt credentials.txt \
    ballots.txt checkpoints.txt close.txt result.txt round.pb README.txt"
check "the bundle holds 10 ballots and 12 credentials" sh -c "test \$(grep -vc '^#' '$T/b/ballots.txt') = 10 && test \$(grep -vc '^#' '$T/b/credentials.txt') = 12"
check "the bundle has only the village's kiosks" test "$(grep -vc '^#' "$T/b/kiosks.txt")" = 1
check "the pabulib file is valid" "$DORPSSTEM" pabulib check "$T/b/round.pb"
expect_fail "a bundle goes into a new directory" "new directory" ds audit bundle "$R" -o "$T/b"
expect_fail "the committee ledger needs an organiser key" "organiser" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" audit ledger "$R" -o "$T/nope.txt"
check "audit ledger writes the whole chain (organiser-signed)" ds audit ledger "$R" -o "$T/ledger.txt"
check "the ledger has every ballot event" test "$(grep -c . "$T/ledger.txt")" -gt 30

# Nothing in the public bundle tells when anyone voted: credentials carry no time, ballots
# come in hash order, events are the set-up ones only.
check "credentials in the bundle have no times" python3 -c '
import sys
for l in open(sys.argv[1]):
    if l.startswith("#"): continue
    assert l.strip().endswith("0"*16), l'  "$T/b/credentials.txt"
check "no ballot events in the public events" sh -c "! grep -v '^#' '$T/b/events.txt' | cut -c41-44 | grep -q 0050"

"$DORPSSTEM" audit verify "$T/b" --ledger "$T/ledger.txt" --checkpoints "$T/kept.txt" >"$T/verify.out"
rc=$?
check "audit verify: everything OK (exit 0)" test "$rc" = 0
check "audit verify prints one line per check, 25 OK (spending: none yet)" test "$(grep -c '^OK: ' "$T/verify.out")" = 25
check "audit verify says the bundle is correct" grep -q "is correct" "$T/verify.out"
DK=$(grep -v '^#' "$T/b/daemon.txt")
check "a pinned daemon key is checked" sh -c "'$DORPSSTEM' audit verify '$T/b' --daemon-key $DK | grep -q '(pinned)'"
"$DORPSSTEM" audit verify "$T/b" --daemon-key "$(grep -v '^#' "$T/org.key.pub")" >"$T/dk.out"
check "a wrong pinned daemon key fails" sh -c "test $? = 1 && grep -q '^FAILED: daemon key: daemon.txt: record 1: field key: [0-9a-f]* is not the pinned daemon key' '$T/dk.out'"
check "one thread gives the same answer" "$DORPSSTEM" audit verify "$T/b" --threads 1

# tamper ACTION ARG PATTERN DESC: a fresh copy, changed, must fail with PATTERN.
tamper() {
	local action=$1 arg=$2 pat=$3 desc=$4
	rm -rf "$T/t"; cp -r "$T/b" "$T/t"
	"$TAMPER" "$action" "$T/t" $arg || { nok "$desc (tamper failed)"; return; }
	"$DORPSSTEM" audit verify "$T/t" >"$T/tv.out"; local rc=$?
	if [ "$rc" = 1 ] && grep -qE -- "$pat" "$T/tv.out"; then ok "$desc"
	else nok "$desc (exit $rc)"; grep FAILED "$T/tv.out" | sed 's/^/#   /' | head -5; fi
}
tamper ballot-byte 3 "^FAILED: ballot signatures: ballots.txt: record 3 \(line 5\): field voter_sig: the voter's signature does not verify" \
    "one byte changed in a ballot: its signature fails, record and field named"
tamper ballot-remove 5 "^FAILED: close statement: close.txt: record 1: field ballots: 10 signed at close, 9 in ballots.txt" \
    "a ballot removed: the close statement's count fails"
tamper ballot-remove 5 "^FAILED: ballot credentials: credentials.txt: record [0-9]+ \(line [0-9]+\): field state: used, but no ballot carries it" \
    "a ballot removed: its used credential has no ballot"
tamper ballot-dup 2 "^FAILED: ballot order: ballots.txt: record 3 \(line 5\): the same ballot as record 2 \(duplicated\)" \
    "a ballot duplicated: caught as a duplicate"
tamper ballot-dup 2 "^FAILED: ballot credentials: ballots.txt: record 3 \(line 5\): field credential: [0-9a-f]{16}… voted already in record 2" \
    "a ballot duplicated: its credential voted twice"
tamper ballot-forge "$T/kiosk.key" "^FAILED: ballot credentials: ballots.txt: record [0-9]+ \(line [0-9]+\): field credential: [0-9a-f]{16}… is not a registered credential" \
    "a ballot added with an unregistered key (and a real kiosk signature)"
tamper ballot-forge "$T/kiosk.key" "^FAILED: close statement: close.txt: record 1: field ballots_hash: not the hash of the ballots" \
    "a ballot added: the close hash fails"
tamper result-swap "" "^FAILED: result statement: result.txt: record 1: field sig: the daemon's signature does not verify" \
    "a result with an initiative swapped: the signature fails"
tamper result-swap "" "^FAILED: recount: result.txt: record 1: initiative [0-9]+ field funded: [01] here, [01] recounted" \
    "a result with an initiative swapped: the recount names the initiative"
tamper budget "" "^FAILED: round definition: round.txt: record 1 \(line 3\): field budget: 1000100 here, 1000000 in the signed round-create event \(events.txt record 1\)" \
    "a changed budget in the round definition"
tamper budget "" "^FAILED: pabulib file: round.pb: line [0-9]+: differs" \
    "a changed budget: the pabulib file no longer matches"
tamper credential-replace 4 "^FAILED: credentials: credentials.txt: record [0-9]+ \(line [0-9]+\): field key: [0-9a-f]{16}… was not registered by any signed credentials-register event" \
    "a credential file with one key replaced"

# The committee ledger: reordered or truncated, the chain breaks.
awk 'BEGIN{n=0} /^#/ {print; next} {n++; if (n==20) {hold=$0; next} print; if (n==21) print hold}' \
    "$T/ledger.txt" >"$T/reordered.txt"
"$DORPSSTEM" audit verify "$T/b" --ledger "$T/reordered.txt" >"$T/lv.out"
check "a reordered ledger fails, naming the record" sh -c "test $? = 1 && grep -q '^FAILED: ledger chain: $T/reordered.txt: record 20 (line 23): field seq: 21 where 20 belongs' '$T/lv.out'"
head -n -3 "$T/ledger.txt" >"$T/truncated.txt"
"$DORPSSTEM" audit verify "$T/b" --ledger "$T/truncated.txt" >"$T/lv.out"
check "a truncated ledger fails" sh -c "test $? = 1 && grep -q '^FAILED: ledger chain: $T/truncated.txt: the ledger does not end with the result statement (truncated?)' '$T/lv.out'"
check "a truncated ledger: the statements are missing from it" grep -q "^FAILED: ledger statements: result.txt: record 1: not the result statement" "$T/lv.out"
python3 - "$T/ledger.txt" "$T/flipped.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
recs = [i for i, l in enumerate(lines) if l and not l.startswith("#")]
i = recs[25]; l = lines[i]; c = "1" if l[300] == "0" else "0"
lines[i] = l[:300] + c + l[301:]
open(sys.argv[2], "w").write("\n".join(lines))
PY
"$DORPSSTEM" audit verify "$T/b" --ledger "$T/flipped.txt" >"$T/lv.out"
check "a changed event in the ledger breaks the chain after it" grep -q "^FAILED: ledger chain: .*record 27 (line 30): field prev: not the hash of event 26" "$T/lv.out"

# Kept checkpoints prove history: one made up for the same event count fails.
python3 - "$T/kept.txt" "$T/kept-bad.txt" <<'PY'
import sys
out = []
for l in open(sys.argv[1]).read().split("\n"):
    if l and not l.startswith("#"):
        l = l[:24] + ("0" if l[24] != "0" else "1") + l[25:]   # a byte of the head
    out.append(l)
open(sys.argv[2], "w").write("\n".join(out))
PY
"$DORPSSTEM" audit verify "$T/b" --checkpoints "$T/kept-bad.txt" >"$T/cv.out"
check "a kept checkpoint that was altered fails its signature" grep -q "^FAILED: checkpoints: $T/kept-bad.txt: record 1 (line 3): field sig" "$T/cv.out"

# Receipts.
code=$(sed -n 's/.*Stembewijs: //p' "$T/vote3.out")
check "audit receipt finds a voter's ballot by its code" sh -c "'$DORPSSTEM' audit receipt '$T/b' '$code' | grep -q '^OK: receipt $code'"
check "audit receipt accepts the code in lower case" "$DORPSSTEM" audit receipt "$T/b" "$(tr 'A-Z' 'a-z' <<<"$code")"
check "audit receipt --receipt-file checks the daemon's signature too" sh -c "'$DORPSSTEM' audit receipt '$T/b' --receipt-file '$T/receipt3.txt' | grep -q '^OK: receipt signature'"
typo="${code%?}$([ "${code: -1}" = 0 ] && echo 1 || echo 0)"
"$DORPSSTEM" audit receipt "$T/b" "$typo" >"$T/rc.out"
check "a receipt code with a wrong check symbol is a typo, not a missing ballot" sh -c "test $? = 1 && grep -q '^FAILED: receipt $typo: this code has a typo' '$T/rc.out'"
check "an old receipt code without the check symbol is still found" "$DORPSSTEM" audit receipt "$T/b" "${code%-?}"
"$DORPSSTEM" audit receipt "$T/b" 00000-00000 >"$T/rc.out"
check "an unknown receipt code is not found (exit 1)" sh -c "test $? = 1 && grep -q '^FAILED: receipt 00000-00000: no ballot with this receipt code' '$T/rc.out'"
rm -rf "$T/t"; cp -r "$T/b" "$T/t"
hash=$(sed -n 's/^ballot //p' "$T/receipt3.txt")
n=$(grep -v '^#' "$T/t/ballots.txt" | python3 -c '
import sys, hashlib
h = sys.argv[1]
for i, l in enumerate(sys.stdin, 1):
    if hashlib.blake2b(bytes.fromhex(l.strip()), digest_size=32).hexdigest() == h: print(i)' "$hash")
check "the receipt's ballot is found by its BLAKE2b hash (record $n)" test -n "$n"
"$TAMPER" ballot-remove "$T/t" "$n"
"$DORPSSTEM" audit receipt "$T/t" --receipt-file "$T/receipt3.txt" >"$T/rc.out"
check "a signed receipt for a missing ballot: exit 1 and proof" sh -c "test $? = 1 && grep -q 'NOT in the bundle, yet the daemon signed a receipt for it' '$T/rc.out'"
sed 's/^signature \(.\)/signature f/; s/^signature ff/signature 00/' "$T/receipt3.txt" >"$T/receipt-bad.txt"
"$DORPSSTEM" audit receipt "$T/b" --receipt-file "$T/receipt-bad.txt" >"$T/rc.out"
check "a receipt file with a bad signature proves nothing" sh -c "test $? = 1 && grep -q 'does not verify: this receipt proves nothing' '$T/rc.out'"

if [ -n "${AUDIT_VECTOR_OUT:-}" ]; then
	mkdir -p "$AUDIT_VECTOR_OUT"
	cp -r "$T/b" "$AUDIT_VECTOR_OUT/bundle-ok"
	cp "$T/ledger.txt" "$AUDIT_VECTOR_OUT/ledger-ok.txt"
	cp "$T/kept.txt" "$AUDIT_VECTOR_OUT/kept-checkpoints.txt"
	cp "$T/receipt3.txt" "$AUDIT_VECTOR_OUT/receipt-ok.txt"
fi

# The stored test vectors: a bundle made once by this script, and its exact verification.
V="$TOP/tests/audit"
if [ -d "$V/bundle-ok" ]; then
	(cd "$V" && "$DORPSSTEM" audit verify bundle-ok --ledger ledger-ok.txt \
	    --checkpoints kept-checkpoints.txt) >"$T/vec.out"
	check "the test vector bundle verifies OK" test $? = 0
	check "its verification output is exactly tests/audit/expected.txt" diff -u "$V/expected.txt" "$T/vec.out"
	(cd "$V" && "$DORPSSTEM" audit receipt bundle-ok --receipt-file receipt-ok.txt) >"$T/vec.out"
	check "its receipt vector checks out exactly as tests/audit/expected-receipt.txt" diff -u "$V/expected-receipt.txt" "$T/vec.out"
else
	echo "skip - test vectors (tests/audit/bundle-ok missing)"
fi
finish
