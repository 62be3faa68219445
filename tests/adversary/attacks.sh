#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The daemon as the adversary (issue 9). A compromised daemon writes its own store with its
# own key, past its own checks (tests/integration/adversary.c), and `dorpsstem audit verify`
# must catch every attack by name; the honest cases next to them must pass; and the live
# daemon refuses the live versions (late kiosk, late credential, cross-village organiser).
# Each scenario runs a real round through the real daemon: set-up, open, votes at a kiosk,
# close, count, bundle.
. "$TOP/tests/integration/lib.sh"
ADV="$ITEST/adversary"
jev() { sed -n 's/.*"event": *\([0-9]*\).*/\1/p' | head -1; }
for k in kiosk k2 k3 fake late rogue w org2; do "$DORPSSTEM" keygen -o "$T/$k.key" >/dev/null; done
WPUB=$(grep -v '^#' "$T/w.key.pub" | head -1)
ORG2PUB=$(grep -v '^#' "$T/org2.key.pub" | head -1)
echo "organiser \"Warffum\" key $WPUB village Warffum" >>"$T/d.conf"

# A fresh daemon: new data directory, villages Kantens (1) and Warffum (2), one kiosk.
fresh() {
	[ -n "$DPID" ] && stop_daemon
	rm -rf "$T/data" "$T"/cards*.html "$T"/creds*.txt
	start_daemon
	ds village add Kantens >/dev/null && ds village add Warffum >/dev/null &&
	    ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null || nok "set-up"
}
# adv ARGS…: the compromised daemon at work (stopped meanwhile: it owns the store).
adv() {
	stop_daemon
	"$ADV" "$T/data" "$@" >"$T/adv.out" 2>"$T/adv.err" || { nok "adversary $*"; cat "$T/adv.err"; }
	start_daemon
}
# prep: a draft round R in Kantens with initiatives I[0..2] admitted, I[3] submitted, and
# four codes C[0..3] registered.
prep() {
	R=$(ds -j round create Kantens "Ronde $RANDOM" --budget 10000 --ballot approval --rule greedy | jid)
	I=()
	for t in "Bankje:1000" "AED:3000" "Speeltuin:6000" "Dak:2000"; do
		I+=("$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" | jid)")
	done
	for i in "${I[@]:0:3}"; do ds initiative admit "$i" >/dev/null; done
	"$DORPSSTEM" codes generate "$R" -n 4 --cards "$T/cards$R.html" --credentials "$T/creds$R.txt" \
	    --village Kantens --round-name Ronde --until morgen >/dev/null
	ds credentials register "$R" "$T/creds$R.txt" >/dev/null || nok "register codes"
	mapfile -t C < <(codes "$T/cards$R.html")
}
vote() {	# vote KIOSKKEY CODE CHOICES (ids from I; --choose takes the round's numbers)
	local ch="" x k
	for x in ${3//,/ }; do
		for k in "${!I[@]}"; do [ "${I[$k]}" = "$x" ] && ch+="${ch:+,}$((k + 1))"; done
	done
	"$DORPSSTEM" -s "$SOCK" -k "$1" vote "$R" --code "$2" --choose "$ch" >"$T/vote.out" 2>&1
}
# finish DIR: close (unless closed), wait for the count, write the bundle and the ledger.
finish_round() {
	local i
	[ "$(ds -j round show "$R" | sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p' | head -1)" = voting ] &&
	    ds round close "$R" >/dev/null
	for i in $(seq 1 50); do
		ds -j round show "$R" | grep -q '"state": *"tallied"' && break
		sleep 0.1
	done
	rm -rf "$1"
	ds audit bundle "$R" -o "$1" >/dev/null || nok "bundle of round $R"
	ds audit ledger "$R" -o "$1.ledger" >/dev/null || nok "ledger of round $R"
}
# keep DIR ARGS…: with ADV_VECTOR_OUT set, the bundle (and its ledger when ARGS name it)
# goes there as a test vector, NAME/ + NAME.args (tests/adversary/vectors.sh).
keep() {
	[ -n "${ADV_VECTOR_OUT:-}" ] || return 0
	local dir=$1 name; name=$(basename "$1"); shift
	mkdir -p "$ADV_VECTOR_OUT"; rm -rf "${ADV_VECTOR_OUT:?}/$name"
	cp -r "$dir" "$ADV_VECTOR_OUT/$name"
	local a out=()
	for a in "$@"; do
		case "$a" in
		"$dir.ledger") cp "$dir.ledger" "$ADV_VECTOR_OUT/$name.ledger.txt"; out+=("$name.ledger.txt") ;;
		"$T/pinned-organisers.txt") cp "$a" "$ADV_VECTOR_OUT/pinned-organisers.txt"; out+=(pinned-organisers.txt) ;;
		"$T/kept.txt") cp "$a" "$ADV_VECTOR_OUT/$name.kept.txt"; out+=("$name.kept.txt") ;;
		*) out+=("$a") ;;
		esac
	done
	echo "${out[*]}" >"$ADV_VECTOR_OUT/$name.args"
}
# caught DESC DIR PATTERN [verify options…]: audit verify fails (exit 1) and names it.
caught() {
	local desc=$1 dir=$2 pat=$3; shift 3
	[ -d "${ADV_VECTOR_OUT:-/nonexistent}/$(basename "$dir")" ] || keep "$dir" "$@"
	"$DORPSSTEM" audit verify "$dir" "$@" >"$T/v.out"; local rc=$?
	if [ "$rc" = 1 ] && grep -qE -- "$pat" "$T/v.out"; then
		ok "$desc"; echo "#   $(grep -E -- "$pat" "$T/v.out" | head -1)"
	else nok "$desc (exit $rc)"; grep -E 'FAILED|correct' "$T/v.out" | sed 's/^/#   /' | head -8; fi
}
passes() {
	local desc=$1 dir=$2; shift 2
	[ -d "${ADV_VECTOR_OUT:-/nonexistent}/$(basename "$dir")" ] || keep "$dir" "$@"
	"$DORPSSTEM" audit verify "$dir" "$@" >"$T/v.out"; local rc=$?
	if [ "$rc" = 0 ]; then ok "$desc"; else nok "$desc (exit $rc)"; grep FAILED "$T/v.out" | sed 's/^/#   /' | head -8; fi
}

# ---- the round's own ledger: one daemon, one round per attack --------------------------------
fresh
prep; ds round open "$R" >/dev/null
vote "$T/kiosk.key" "${C[0]}" "${I[0]}"; vote "$T/kiosk.key" "${C[1]}" "${I[1]}"
finish_round "$T/good-honest"
passes "an honest round verifies, with its ledger" "$T/good-honest" --ledger "$T/good-honest.ledger"
FP=$(sed -n 's/^OK: root of trust: fingerprint \([0-9A-Z-]*\).*/\1/p' "$T/v.out")
check "round show prints the same fingerprint as the verifier" sh -c "'$DORPSSTEM' -s '$SOCK' round show $R | grep -q '$FP'"
check "the result prints it too" sh -c "'$DORPSSTEM' --lang nl -s '$SOCK' result $R | grep -q 'Vingerafdruk van de stemming (organisatoren en dorpsstemd): $FP'"
"$DORPSSTEM" -s "$SOCK" codes generate "$R" -n 1 --cards "$T/fp-cards.html" --credentials "$T/fp-creds.txt" >/dev/null
check "code cards made with the daemon's names carry it, and say to keep the card private" sh -c \
    "grep -q 'vingerafdruk van de stemming: $FP' '$T/fp-cards.html' && grep -q 'Houd de code voor uzelf' '$T/fp-cards.html'"
check "the unpinned verdict says what it trusts" grep -q "correct, if the keys in organisers.txt and daemon.txt are the village's own: not pinned" "$T/v.out"
passes "pinned by --fingerprint" "$T/good-honest" --fingerprint "$FP"
"$DORPSSTEM" audit verify "$T/good-honest" --fingerprint "$FP" | tail -1 >"$T/verdict"
check "pinned, the verdict is plainly correct" grep -qx "bundle $T/good-honest is correct" "$T/verdict"
cp "$T/good-honest/organisers.txt" "$T/pinned-organisers.txt"
# Red team: the daemon takes a ballot after the organiser closed the round and rewrites the
# rest of its history with its own key (close and result statements re-signed): only the
# committee ledger's order shows it.
rm -rf "$T/bad-ballot-after-close"; cp -r "$T/good-honest" "$T/bad-ballot-after-close"
cp "$T/good-honest.ledger" "$T/bad-ballot-after-close.ledger"
python3 "$TOP/tests/adversary/forge.py" ballot-after-close "$T/data/daemon.key" \
    "$T/bad-ballot-after-close" "$T/bad-ballot-after-close.ledger" || nok "forge ballot-after-close"
caught "a ballot taken after the round closed, history re-signed by the daemon (with the ledger)" \
    "$T/bad-ballot-after-close" "^FAILED: ledger ballots: .*: record [0-9]+ \(line [0-9]+\): a ballot event after the round-close event \(seq [0-9]+\): the round was closed" \
    --ledger "$T/bad-ballot-after-close.ledger"
passes "… the rewritten bundle alone still verifies (the bundle has no ballot order)" "$T/bad-ballot-after-close"

prep
adv daemon credentials "$R" 3; mapfile -t F <"$T/adv.out"
ds round open "$R" >/dev/null
for f in "${F[@]}"; do vote "$T/kiosk.key" "$f" "${I[2]}" || nok "forged code votes"; done
vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-daemon-credentials"
caught "daemon-signed credentials-register (forged codes that voted)" "$T/bad-daemon-credentials" \
    "^FAILED: set-up signatures: events.txt: record [0-9]+ \(line [0-9]+\): field signer: a credentials-register event signed by the daemon key: only an organiser of the village may sign it"

prep
adv daemon admit "${I[3]}"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[3]}"
finish_round "$T/bad-daemon-admit"
caught "daemon-signed initiative-admit" "$T/bad-daemon-admit" "field signer: an initiative-admit event signed by the daemon key"

prep
adv daemon reject "${I[2]}"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-daemon-reject"
caught "daemon-signed initiative-reject" "$T/bad-daemon-reject" "field signer: an initiative-reject event signed by the daemon key"

prep
adv daemon round-set "$R" 5000000
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-daemon-round-set"
caught "daemon-signed round-set (budget raised)" "$T/bad-daemon-round-set" "field signer: a round-set event signed by the daemon key"

adv daemon round-create 1; R=$(cat "$T/adv.out")
I=(); for t in "Bankje:1000" "AED:3000"; do I+=("$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" | jid)"); done
for i in "${I[@]}"; do ds initiative admit "$i" >/dev/null; done
"$DORPSSTEM" codes generate "$R" -n 2 --cards "$T/cards$R.html" --credentials "$T/creds$R.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds$R.txt" >/dev/null; mapfile -t C < <(codes "$T/cards$R.html")
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-daemon-round-create"
caught "daemon-signed round-create" "$T/bad-daemon-round-create" "field signer: a round-create event signed by the daemon key"

prep
adv daemon open "$R"
vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-daemon-open"
caught "the daemon opens a round nobody scheduled" "$T/bad-daemon-open" \
    "^FAILED: round definition: events.txt: record [0-9]+ \(line [0-9]+\): field signer: the daemon opened the round at [0-9]+ on its own, but the organiser-signed opening time is 0 \(0: none\)"

# … and one scheduled for later, opened by the daemon before its time.
R=$(ds -j round create Kantens "Te vroeg $RANDOM" --budget 10000 --ballot approval --rule greedy \
    --opens +600 | jid)
I=("$(ds -j initiative add "$R" --title Bankje --cost 1000 | jid)")
ds initiative admit "${I[0]}" >/dev/null
"$DORPSSTEM" codes generate "$R" -n 2 --cards "$T/cards$R.html" --credentials "$T/creds$R.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds$R.txt" >/dev/null; mapfile -t C < <(codes "$T/cards$R.html")
adv daemon open "$R"
vote "$T/kiosk.key" "${C[0]}" "${I[0]}" || nok "vote in the early round"
finish_round "$T/bad-daemon-open-early"
caught "the daemon opens a scheduled round before its signed time" "$T/bad-daemon-open-early" \
    "^FAILED: round definition: events.txt: record [0-9]+ \(line [0-9]+\): field signer: the daemon opened the round at [0-9]+ on its own, but the organiser-signed opening time is [1-9][0-9]+ \(0: none\)"

prep
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
adv daemon close "$R"
finish_round "$T/bad-daemon-close"
caught "the daemon closes a round nobody scheduled" "$T/bad-daemon-close" \
    "^FAILED: round definition: events.txt: the daemon closed the round at [0-9]+ on its own, but the organiser-signed closing time is 0 \(0: none\)"

prep
seq_admit=$(ds -j initiative admit "${I[3]}" | jev)
ds initiative reject "${I[3]}" --reason "Geen offerte" >/dev/null
adv replay "$R" "$seq_admit"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[3]}"
finish_round "$T/bad-replay"
caught "a replayed organiser request (an old admit after the reject)" "$T/bad-replay" \
    "^FAILED: request counters: events.txt: record [0-9]+ \(line [0-9]+\): field counter: [0-9]+ of organiser \"Test Organiser\" was used already \(events.txt record [0-9]+\): a replayed request"
caught "… also out of ledger order" "$T/bad-replay" "field counter: [0-9]+ is not above [0-9]+ of the same key's request at seq [0-9]+: a replayed or reordered request"

prep
adv org "$T/org.key" reject-as "${I[0]}" "${I[1]}"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-relabel"
caught "a signed 'reject ${I[0]}' filed as a rejection of ${I[1]}" "$T/bad-relabel" \
    "^FAILED: set-up signatures: events.txt: record [0-9]+ \(line [0-9]+\): field subject: ${I[1]}, but the signed body names id ${I[0]} \(relabelled\)"

OLD=$R
prep
adv replay-into "$OLD" 2 "$R"	# event 2 of every round here is an initiative-add
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
finish_round "$T/bad-moved"
caught "an initiative-add moved from round $OLD" "$T/bad-moved" \
    "field round: $R, but the signed body names round $OLD \(a request moved from another round\)"

prep
ds round open "$R" >/dev/null
expect_fail "live: the daemon refuses credentials after open" "registered only before it opens" \
    ds credentials register "$R" "$T/creds$R.txt"
adv force-state "$R" 0; adv org "$T/org.key" credentials "$R" 2; mapfile -t F <"$T/adv.out"; adv force-state "$R" 1
vote "$T/kiosk.key" "${F[0]}" "${I[0]}" || nok "late code votes"
finish_round "$T/bad-late-credential"
caught "credentials registered after open" "$T/bad-late-credential" \
    "^FAILED: credentials: events.txt: record [0-9]+ \(line [0-9]+\): credentials registered after the round opened"

prep
expect_fail "live: an organiser of Warffum may not act on Kantens" "may act only for its own villages" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" initiative admit "${I[3]}"
expect_fail "live: … nor enrol a kiosk in Kantens" "may act only for its own villages" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" kiosk enroll Kantens "$T/rogue.key.pub" --name nep
expect_fail "live: … nor read Kantens' committee ledger" "may act only for its own villages" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" audit ledger "$R" -o "$T/w-ledger.txt"
# Red team: every other request on a Kantens round or kiosk, likewise.
for req in "round open $R" "round cancel $R" "round close $R" "kiosk retire 1" \
    "credentials register $R $T/creds$R.txt" "initiative add $R --title Nep --cost 100" \
    "initiative reject ${I[3]} --reason nep" "initiative withdraw ${I[0]}"; do
	# shellcheck disable=SC2086
	expect_fail "live: … nor $req" "may act only for its own villages" \
	    "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" $req
done
check "… but may act on Warffum" "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" round create Warffum "Warffum 2027" --budget 5000 --ballot approval --rule greedy
adv org "$T/w.key" admit "${I[3]}"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[3]}"
finish_round "$T/bad-cross-village"
caught "an organiser of Warffum acting on Kantens" "$T/bad-cross-village" \
    "field signer: organiser \"Warffum\" may act only for village\(s\) 2, this initiative-admit event is for village 1"

prep
adv org "$T/rogue.key" admit "${I[3]}"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[3]}"
finish_round "$T/bad-rogue-organiser"
caught "an admit signed by a key that is no organiser" "$T/bad-rogue-organiser" "field signer: not a key in organisers.txt"
rm -rf "$T/bad-rogue-listed"; cp -r "$T/bad-rogue-organiser" "$T/bad-rogue-listed"
python3 - "$T/rogue.key.pub" "$T/bad-rogue-listed/organisers.txt" <<'PY'
import sys
key = [l for l in open(sys.argv[1]) if not l.startswith("#")][0].strip()
name = b"Nep".hex()
open(sys.argv[2], "a").write(key + "%04x" % 3 + name + "00000000" + "0" * 16 + "\n")
PY
keep "$T/bad-rogue-listed" --fingerprint "$FP"
passes "… listed in organisers.txt by the daemon, nothing pinned: it passes" "$T/bad-rogue-listed"
check "… and the verdict says it trusted organisers.txt" grep -q "not pinned" "$T/v.out"
caught "… with the fingerprint pinned: caught" "$T/bad-rogue-listed" \
    "^FAILED: root of trust: organisers.txt, daemon.txt: the organiser keys and the daemon key give fingerprint [0-9A-Z-]+, not the pinned $FP" --fingerprint "$FP"
caught "… with the organiser list pinned: caught" "$T/bad-rogue-listed" \
    "^FAILED: root of trust: organisers.txt: record 3 \(line [0-9]+\): organiser \"Nep\" \(key [0-9a-f]{16}…, with its scope and validity\) is not in the pinned list" --organisers "$T/pinned-organisers.txt"

# ---- honest cases on the same daemon ------------------------------------------------------
prep
ds round set "$R" --budget 12000 --name "Ronde gewijzigd" >/dev/null || nok "round set"
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
ds round checkpoint "$R" --new >/dev/null; ds round checkpoint "$R" -o "$T/kept.txt" >/dev/null; ds round checkpoint "$R" -o "$T/kept.txt" >/dev/null
check "two checkpoints kept without ledger growth are the same" test "$(grep -vc '^#' "$T/kept.txt")" = 2
finish_round "$T/good-round-set"
passes "a round changed with round set before open verifies" "$T/good-round-set" --ledger "$T/good-round-set.ledger"
passes "a repeated identical kept checkpoint is not an error" "$T/good-round-set" --checkpoints "$T/kept.txt"

# Ordinal and cumulative rounds, and a result the lot decides.
prep_type() {	# prep_type BALLOT-OPTIONS…: three admitted initiatives, four codes
	R=$(ds -j round create Kantens "Ronde $RANDOM" --budget 10000 "$@" | jid)
	I=()
	for t in "Bankje:4000" "AED:4000" "Speeltuin:6000"; do
		I+=("$(ds -j initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" | jid)")
	done
	for i in "${I[@]}"; do ds initiative admit "$i" >/dev/null; done
	"$DORPSSTEM" codes generate "$R" -n 4 --cards "$T/cards$R.html" --credentials "$T/creds$R.txt" \
	    --village Kantens --round-name Ronde --until morgen >/dev/null
	ds credentials register "$R" "$T/creds$R.txt" >/dev/null || nok "register codes"
	mapfile -t C < <(codes "$T/cards$R.html")
	ds round open "$R" >/dev/null
}
prep_type --ballot ordinal --rule greedy --max 3
vote "$T/kiosk.key" "${C[0]}" "${I[2]},${I[0]},${I[1]}" || nok "ordinal vote"
vote "$T/kiosk.key" "${C[1]}" "${I[0]},${I[2]}" || nok "ordinal vote"
vote "$T/kiosk.key" "${C[2]}" "${I[1]}" || nok "ordinal vote"
finish_round "$T/good-ordinal"
passes "an ordinal round (Borda k = max 3) verifies" "$T/good-ordinal" --ledger "$T/good-ordinal.ledger"
prep_type --ballot cumulative --points 5 --max-points 3 --rule equalshares
# --choose takes the round's numbers: I[0], I[1], I[2] are 1, 2, 3.
"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "${C[0]}" --choose 1,3 --points 2,3 >/dev/null || nok "cumulative vote"
"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "${C[1]}" --choose 2 --points 3 >/dev/null || nok "cumulative vote"
finish_round "$T/good-cumulative"
passes "a cumulative round verifies" "$T/good-cumulative" --ledger "$T/good-cumulative.ledger"
prep_type --ballot approval --rule greedy
# Bankje and AED: the same cost, one vote each, room for one: the lot decides.
vote "$T/kiosk.key" "${C[0]}" "${I[0]}"; vote "$T/kiosk.key" "${C[1]}" "${I[1]}"
vote "$T/kiosk.key" "${C[2]}" "${I[2]}"; vote "$T/kiosk.key" "${C[3]}" "${I[2]}"
finish_round "$T/good-lot"
passes "a result decided by the lot verifies" "$T/good-lot" --ledger "$T/good-lot.ledger"

# A scheduled round: the daemon signs its open and close, at the times the organiser signed.
R=$(ds -j round create Kantens "Gepland $RANDOM" --budget 10000 --ballot approval --rule greedy \
    --opens +3 --closes +6 | jid)
I=("$(ds -j initiative add "$R" --title Bankje --cost 1000 | jid)")
ds initiative admit "${I[0]}" >/dev/null
"$DORPSSTEM" codes generate "$R" -n 2 --cards "$T/cards$R.html" --credentials "$T/creds$R.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds$R.txt" >/dev/null; mapfile -t C < <(codes "$T/cards$R.html")
for i in $(seq 1 60); do ds -j round show "$R" | grep -q '"state": *"voting"' && break; sleep 0.1; done
vote "$T/kiosk.key" "${C[0]}" "${I[0]}" || nok "vote in the scheduled round"
for i in $(seq 1 80); do ds -j round show "$R" | grep -q '"state": *"tallied"' && break; sleep 0.1; done
finish_round "$T/good-scheduled"
passes "a scheduled round (open and close signed by the daemon at the signed times) verifies" \
    "$T/good-scheduled" --ledger "$T/good-scheduled.ledger"
DK=$(grep -v '^#' "$T/good-scheduled/daemon.txt")
check "… its open and close are daemon-signed" test "$(grep -v '^#' "$T/good-scheduled/events.txt" | \
    awk -v dk="$DK" 'substr($0, 41, 4) ~ /^012[12]$/ && substr($0, 109, 64) == dk' | wc -l)" = 2

# Near local midnight: the pabulib dates are the Dutch civil date (docs/audit.md §6). The
# daemon's clock cannot be set, so the stored opened/closed times are placed at
# 2026-03-01 23:30 UTC (00:30 in Kantens) and 2026-03-02 22:59 UTC (23:59) before the
# bundle is made; the verifier rebuilds round.pb from round.txt.
prep; ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
ds round close "$R" >/dev/null
for i in $(seq 1 50); do ds -j round show "$R" | grep -q '"state": *"tallied"' && break; sleep 0.1; done
adv times "$R" 1772407800 1772492340
finish_round "$T/good-near-midnight"
check "the round opened at 23:30 UTC has date_begin the next day" grep -qx "date_begin;02.03.2026" "$T/good-near-midnight/round.pb"
check "… and closed at 22:59 UTC, the same day" grep -qx "date_end;02.03.2026" "$T/good-near-midnight/round.pb"
passes "a round near local midnight verifies" "$T/good-near-midnight" --ledger "$T/good-near-midnight.ledger"

# ---- red team (docs/audit.md §8, "red team") ------------------------------------------------
# The lot drawn again: the daemon picked the tie-break seed itself, so after seeing the ballots
# it could redraw until the lot went its way. The seed now follows from the open event.
prep_type --ballot approval --rule greedy
vote "$T/kiosk.key" "${C[0]}" "${I[0]}"; vote "$T/kiosk.key" "${C[1]}" "${I[1]}"
adv seed "$R" "$(printf '5a%.0s' $(seq 1 32))"
finish_round "$T/bad-seed-redrawn"
caught "the tie-break seed drawn again by the daemon" "$T/bad-seed-redrawn" \
    "^FAILED: round definition: round.txt: record 1 \(line [0-9]+\): field seed: not the one the round-open event \(events.txt record [0-9]+\) fixes: the tie-break lot was drawn again"

# The organiser cancelled the round; the daemon went on as if not (state forced back to
# voting), took a ballot, closed and counted it.
prep; ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
ds round cancel "$R" >/dev/null || nok "round cancel"
adv force-state "$R" 1
vote "$T/kiosk.key" "${C[1]}" "${I[1]}" || nok "vote in the cancelled round"
finish_round "$T/bad-cancelled"
caught "a round the organiser cancelled, counted anyway" "$T/bad-cancelled" \
    "^FAILED: round definition: events.txt: record [0-9]+ \(line [0-9]+\): the round was cancelled \(a round-cancel event\): a cancelled round has no result"

# ---- ledger 0: kiosks --------------------------------------------------------------------
fresh
prep
adv daemon kiosk-enroll 1 nep "$T/fake.key.pub"
ds round open "$R" >/dev/null
for c in "${C[@]:0:3}"; do vote "$T/fake.key" "$c" "${I[2]}" || nok "vote at the forged kiosk"; done
finish_round "$T/bad-daemon-kiosk"
caught "daemon-signed kiosk-enroll (ballots through the daemon's own kiosk)" "$T/bad-daemon-kiosk" \
    "^FAILED: set-up signatures: village-events.txt: record [0-9]+ \(line [0-9]+\): field signer: a kiosk-enroll event signed by the daemon key: only an organiser of the village may sign it"

fresh
# Honest: a kiosk retired mid-round; its earlier ballots count.
ds kiosk enroll Kantens "$T/k2.key.pub" --name kerk >/dev/null
prep; ds round open "$R" >/dev/null
vote "$T/k2.key" "${C[0]}" "${I[0]}"
ds kiosk retire 2 >/dev/null || nok "retire kiosk 2"
expect_fail "live: the retired kiosk is refused" "buiten gebruik|retired" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/k2.key" vote "$R" --code "${C[1]}" --choose "${I[1]}"
vote "$T/kiosk.key" "${C[1]}" "${I[1]}"
expect_fail "live: no kiosk enrolment while the village votes" "its kiosks were fixed when it opened" \
    ds kiosk enroll Kantens "$T/late.key.pub" --name laat
finish_round "$T/good-retired-kiosk"
passes "a retired kiosk's earlier ballots verify, with the ledger" "$T/good-retired-kiosk" --ledger "$T/good-retired-kiosk.ledger"
# Attack: a ballot through kiosk 3 after its retirement, in the middle of the round.
ds kiosk enroll Kantens "$T/k3.key.pub" --name school >/dev/null
prep; ds round open "$R" >/dev/null
vote "$T/k3.key" "${C[0]}" "${I[0]}"
ds kiosk retire 3 >/dev/null
sleep 1.1
adv kiosk-state 3 0; vote "$T/k3.key" "${C[1]}" "${I[2]}" || nok "vote at the retired kiosk"; adv kiosk-state 3 1
finish_round "$T/bad-retired-mid-round"
caught "a ballot from a kiosk after it was retired mid-round (with the ledger)" "$T/bad-retired-mid-round" \
    "^FAILED: ledger ballots: $T/bad-retired-mid-round.ledger: record [0-9]+ \(line [0-9]+\): a ballot from kiosk 3 at [0-9]+, after it was retired at [0-9]+" --ledger "$T/bad-retired-mid-round.ledger"
# The daemon leaves the retirement off the end of ledger 0 in the bundle: the close names
# ledger 0's head, so the cut shows.
rm -rf "$T/bad-ledger0-cut"; cp -r "$T/bad-retired-mid-round" "$T/bad-ledger0-cut"
sed -i '$d' "$T/bad-ledger0-cut/village-events.txt"
caught "the kiosk's retirement left off the end of ledger 0" "$T/bad-ledger0-cut" \
    "^FAILED: round definition: events.txt: the round-close names ledger 0 event [0-9]+, which village-events.txt is not: kiosk events before the close were left out or changed"
"$DORPSSTEM" audit verify "$T/bad-retired-mid-round" >"$T/v.out"
check "… without the ledger the bundle says what it could not check" grep -q "^OK: ballot kiosks: 2 ballots from kiosks retired while voting: that they came before the retirement is checked with --ledger" "$T/v.out"
# Attack: a ballot from a kiosk retired before the round opened.
prep; ds round open "$R" >/dev/null
adv kiosk-state 3 0; vote "$T/k3.key" "${C[0]}" "${I[0]}" || nok "vote at the retired kiosk"; adv kiosk-state 3 1
finish_round "$T/bad-retired-before-open"
caught "a ballot from a kiosk retired before the round opened" "$T/bad-retired-before-open" \
    "^FAILED: ballot kiosks: ballots.txt: record [0-9]+ \(line [0-9]+\): field kiosk: kiosk 3 was retired before the round opened"
# Attack: a kiosk enrolled after open (organiser-signed, past the daemon's own refusal).
prep; ds round open "$R" >/dev/null
adv force-state "$R" 0; adv org "$T/org.key" kiosk-enroll 1 laat "$T/late.key.pub"; adv force-state "$R" 1
vote "$T/late.key" "${C[0]}" "${I[0]}" || nok "vote at the late kiosk"
finish_round "$T/bad-late-kiosk"
caught "a kiosk enrolled after the round opened" "$T/bad-late-kiosk" \
    "^FAILED: ballot kiosks: ballots.txt: record [0-9]+ \(line [0-9]+\): field kiosk: kiosk [0-9]+ was enrolled after the round opened"

# ---- organiser key rotation -----------------------------------------------------------------
fresh
prep; OLDR=$R
ds round open "$R" >/dev/null; vote "$T/kiosk.key" "${C[0]}" "${I[0]}"
# The old key is retired (it stays listed with its end), a new one takes over mid-round.
stop_daemon
NOW=$(( $(date +%s) + 1 ))
sed -i "s/^organiser \"Test Organiser\" key \([0-9a-f]*\)\$/organiser \"Test Organiser\" key \1 until $NOW\norganiser \"Nieuw\" key $ORG2PUB/" "$T/d.conf"
start_daemon
sleep 1.2
expect_fail "live: a retired organiser key signs nothing" "was retired" ds round close "$R"
"$DORPSSTEM" -s "$SOCK" -k "$T/org2.key" round close "$R" >/dev/null || nok "close with the new key"
finish_round() { local i; for i in $(seq 1 50); do "$DORPSSTEM" -s "$SOCK" -j round show "$R" | grep -q '"state": *"tallied"' && break; sleep 0.1; done
	rm -rf "$1"; "$DORPSSTEM" -s "$SOCK" -k "$T/org2.key" audit bundle "$R" -o "$1" >/dev/null || nok "bundle"
	"$DORPSSTEM" -s "$SOCK" -k "$T/org2.key" audit ledger "$R" -o "$1.ledger" >/dev/null || nok "ledger"; }
finish_round "$T/good-key-rotation"
passes "after key rotation a round begun with the old key verifies" "$T/good-key-rotation" --ledger "$T/good-key-rotation.ledger"
check "organisers.txt lists the retired key with its end" sh -c "grep -v '^#' '$T/good-key-rotation/organisers.txt' | grep -q '$(printf %016x "$NOW")\$'"
finish
