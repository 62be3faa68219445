#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Toekenning en verantwoording (issue 13): after the count every funded initiative is
# granted its cost (from the signed result); organiser-signed events in the round's ledger
# record the due date, payments, accounting lines with documents (kept by SHA-256 in the
# data directory), an overspend decision, and the close with the returned remainder. The
# daemon refuses what breaks the money rules; `spending list` shows the overdue; the bundle
# carries spending.txt and `audit verify` checks it, and fails by name on a changed amount,
# a removed accounting line and an overspend decision signed by the daemon or by nobody.
# Contact details are in none of it.
. "$(dirname "$0")/lib.sh"
FORGE="$(dirname "$0")/../adversary/spending_forge.py"
: "${ITEST:?}"
ds_id() { ds -j initiative list "$R" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][int(sys.argv[1])-1]["id"])' "$1"; }
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
"$DORPSSTEM" keygen -o "$T/other.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget" --budget 10000 --ballot approval --rule greedy | jid)
CONTACT1="speeltuin.geheim@example.org 0596-111222"
CONTACT2="Bankjesweg 3 geheimadres"
ds initiative submit "$R" --title Speeltuin --proposer Speeltuincommissie --contact "$CONTACT1" \
    --line "Klimrek=2500" --line "Zand=750" >/dev/null
ds initiative submit "$R" --title Bankje --proposer Oranjevereniging --contact "$CONTACT2" \
    --line "Bank=400" >/dev/null
ds initiative add "$R" --title Kunstwerk --cost 9000 --proposer Kunstkring >/dev/null
for nr in 1 2 3; do ds initiative admit "$R/$nr" >/dev/null; done
"$DORPSSTEM" codes generate "$R" -n 3 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Dorpsbudget --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
expect_fail "no payment before the result" "no result yet" \
    ds spending pay "$R/1" --amount 100 --date 2027-01-10
expect_fail "the daemon itself refuses accounts before the result" "is draft: grants, payments and accounts come after its result" \
    ds spending due "$R" --date 2027-12-31
ds round open "$R" >/dev/null
i=0
for code in $(codes "$T/cards.html"); do
	i=$((i + 1))
	if [ $i = 3 ]; then ch=3; else ch=1,2; fi
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose $ch >/dev/null
done
ds round close "$R" >/dev/null
ds -j result "$R" >"$T/result.json"
check "the count funds 1 and 2, not 3" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
f={i["nr"]:i["funded"] for i in d["result"]["items"]}; assert f=={1:1,2:1,3:0}, f' "$T/result.json"

# The grants come from the result: € 3.250 and € 400.
expect_fail "an unfunded initiative gets no payment" "not funded" \
    ds spending pay "$R/3" --amount 100 --date 2027-01-10
expect_fail "an amount of € 0 is refused" "more than" \
    ds spending pay "$R/1" --amount 0 --date 2027-01-10
expect_fail "a date that does not exist is refused" "YYYY-MM-DD" \
    ds spending pay "$R/1" --amount 100 --date 2027-02-30
expect_fail "a key that is no organiser's records nothing" "organiser|key" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/other.key" spending pay "$R/1" --amount 100 --date 2027-01-10
check "the due date is set (signed)" sh -c "'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' spending due $R --date 2021-06-30 | grep -q 'due on 2021-06-30'"
check "a payment within the grant" ds spending pay "$R/1" --amount 2000 --date 2027-01-10
check "a second one up to the grant" ds spending pay "$R/1" --amount 1250 --date 15-02-2027
expect_fail "a payment above the grant is refused without a decision" "overspend decision must come first" \
    ds spending pay "$R/1" --amount 100 --date 2027-03-01
expect_fail "… and the refusal reads in Dutch by default" "eerst moet een organisator besluiten tot overschrijding" \
    env DORPSSTEM_LANG=nl "$DORPSSTEM" -s "$SOCK" -k "$T/org.key" spending pay "$R/1" --amount 100 --date 2027-03-01
expect_fail "an overspend decision needs a reason" "reason" \
    ds spending overspend "$R/1" --amount 200
check "an organiser decides on an overspend of € 200" ds spending overspend "$R/1" --amount 200 --reason "Zand werd duurder"
check "now the payment above the grant is allowed" ds spending pay "$R/1" --amount 100 --date 2027-03-01
expect_fail "but not beyond the decision" "overspend decision must come first" \
    ds spending pay "$R/1" --amount 100.01 --date 2027-03-02
printf 'Factuur 2027-17\nKlimrek, geleverd en geplaatst\n' >"$T/factuur.txt"
SHA=$(sha256sum "$T/factuur.txt" | cut -c1-64)
ds spending add "$R/1" --amount 2600 --date 2027-03-10 --what "Klimrek geplaatst" --line 1 \
    --document "$T/factuur.txt" >"$T/add.out"
check "an accounting line with a document names its SHA-256" grep -q "SHA-256 $SHA" "$T/add.out"
check "the document is kept in the data directory by its SHA-256" cmp "$T/factuur.txt" "$T/data/documents/$SHA"
check "… readable only by the daemon (mode 0600)" test "$(stat -c %a "$T/data/documents/$SHA")" = 600
check "a line without a document" ds spending add "$R/1" --amount 700 --date 2027-03-12 --what "Zand" --line 2
expect_fail "a budget line the aanvraag does not have is refused" "has 2 budget lines" \
    ds spending add "$R/1" --amount 10 --date 2027-03-12 --what "Iets" --line 3
head -c 786432 /dev/urandom >"$T/max.bin"
check "a document of exactly 768 KiB goes through (one frame)" ds spending add "$R/2" --amount 0,01 \
    --date 2027-02-02 --what "Scan" --document "$T/max.bin"
check "… and is kept whole" cmp "$T/max.bin" "$T/data/documents/$(sha256sum "$T/max.bin" | cut -c1-64)"
check "… and comes back whole with spending document (one reply frame)" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' spending document $(sha256sum "$T/max.bin" | cut -c1-64) --out '$T/max.back' &&
cmp '$T/max.bin' '$T/max.back'"
head -c 800000 /dev/zero >"$T/big.bin"
expect_fail "a document above 768 KiB is refused" "768 KiB" \
    ds spending add "$R/1" --amount 10 --date 2027-03-12 --what "Groot" --document "$T/big.bin"
expect_fail "returned must be paid − spent" "leaves € 50 to return" \
    ds spending close "$R/1" --returned 10 --summary "Klaar"
ds spending close "$R/1" --returned 50 --summary "De speeltuin is open" \
    --achieved "Klimrek en zandbak" --participants 40 >"$T/close.out"
check "the close signs paid, spent and the returned remainder" grep -q "paid € 3.350, spent € 3.300, returned € 50" "$T/close.out"
expect_fail "nothing after the close" "closed" \
    ds spending add "$R/1" --amount 5 --date 2027-04-01 --what "Nog iets"
check "Bankje is paid" ds spending pay "$R/2" --amount 400 --date 2027-01-20
check "and spends part of it" ds spending add "$R/2" --amount 150 --date 2027-02-01 --what "Bank (eerste)"
ds spending list Kantens >"$T/list.txt"
check "spending list: granted, paid, spent, returned, state per initiative" sh -c "
grep -qE '^  $R/1 +Speeltuin +€ 3.250 +€ 3.350 +€ 3.300 +€ 50  closed\$' '$T/list.txt' &&
grep -qE '^  $R/2 +Bankje +€ 400 +€ 400 +€ 150,01 +€ 0  overdue\$' '$T/list.txt' &&
grep -q 'accounts due 2021-06-30' '$T/list.txt'"
check "the overdue list names Bankje only" sh -c "
sed -n '/^Overdue/,\$p' '$T/list.txt' | grep -q '$R/2 Bankje (due 2021-06-30)' &&
! sed -n '/^Overdue/,\$p' '$T/list.txt' | grep -q Speeltuin"
env DORPSSTEM_LANG=nl "$DORPSSTEM" -s "$SOCK" spending list Kantens >"$T/list-nl.txt"
check "spending list speaks Dutch by default: toegekend, te laat" sh -c "
grep -q 'verantwoording uiterlijk 30-06-2021' '$T/list-nl.txt' && grep -qE ' toegekend +betaald +besteed +terugbetaald +stand\$' '$T/list-nl.txt' &&
grep -qE '^  $R/2 +Bankje .* te laat\$' '$T/list-nl.txt' && grep -q '^Te laat op [0-9-]* (de uiterste datum is voorbij' '$T/list-nl.txt'"
ds -j spending list >"$T/list.json"
check "spending list -j carries cents, numbers and the overdue" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
a={i["nr"]:i for i in d["initiatives"]}
assert a[1]["granted"]==325000 and a[1]["paid"]==335000 and a[1]["spent"]==330000 and a[1]["returned"]==5000 and a[1]["overspend"]==20000 and a[1]["state"]=="closed", a
assert [o["nr"] for o in d["overdue"]]==[2], d["overdue"]' "$T/list.json"
ds spending show "$R/1" >"$T/show.txt"
check "spending show lists payments, lines, the document, the decision and the close" sh -c "
grep -q 'granted € 3.250' '$T/show.txt' && grep -c 'payment' '$T/show.txt' | grep -qx 3 &&
grep -q 'Klimrek geplaatst (budget line 1)' '$T/show.txt' && grep -q 'document SHA-256 $SHA' '$T/show.txt' &&
grep -q 'overspend allowed *€ 200  Zand werd duurder' '$T/show.txt' && grep -q 'returned € 50; De speeltuin is open' '$T/show.txt' &&
grep -q 'participants: 40' '$T/show.txt'"
ds -j spending show "$R/1" >"$T/show.json"

# The bundle: spending.txt after the result, checked by audit verify.
ds audit bundle "$R" -o "$T/b" >/dev/null
ds audit ledger "$R" -o "$T/ledger.txt" >/dev/null
"$DORPSSTEM" audit verify "$T/b" >"$T/v.out" 2>&1; rc=$?
check "the bundle with the accounts verifies" sh -c "test $rc = 0 && grep -q 'is correct' '$T/v.out'"
check "… with the spending check's sums" grep -qx "OK: spending: 11 events; 2 funded: granted € 3.650, paid € 3.750, spent € 3.450,01, returned € 50; 1 closed" "$T/v.out"
"$DORPSSTEM" audit verify "$T/b" --ledger "$T/ledger.txt" >"$T/vl.out" 2>&1; rc=$?
check "… and with the committee ledger" sh -c "test $rc = 0 && grep -q 'OK: ledger statements' '$T/vl.out'"
check "the bundle names the document by its hash, not its contents" sh -c "
grep -q '$SHA' '$T/b/spending.txt' && ! grep -rq \"\$(printf 'Factuur 2027' | od -An -tx1 | tr -d ' \n')\" '$T/b'"
check "events.txt holds no spending events (type 0x017x)" sh -c "
test \"\$(grep -v '^#' '$T/b/events.txt' | cut -c41-43 | grep -c '^017')\" = 0"

# Tampering, each by name.
tamper() {	# NAME OP [ARGS]: copy the bundle, forge it, verify
	local name=$1; shift
	rm -rf "$T/$name"; cp -r "$T/b" "$T/$name"
	python3 "$FORGE" "$@" "$T/$name" || nok "forging $name"
	"$DORPSSTEM" audit verify "$T/$name" >"$T/$name.out" 2>&1
	echo $? >"$T/$name.rc"
}
tamper amount amount
check "a changed payment amount fails (exit 1)" test "$(cat "$T/amount.rc")" = 1
check "… by name: the organiser's signature on the payment" grep -qE "^FAILED: spending: spending.txt: record 2 \(line [0-9]+\): field sig: the organiser's request signature does not verify" "$T/amount.out"
tamper cut cut-line
check "a removed accounting line fails (exit 1)" test "$(cat "$T/cut.rc")" = 1
check "… by name: the chain of the accounts" grep -qE "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field seq: not the event after record [0-9]+: the accounts must be here in full" "$T/cut.out"
tamper removed remove-line
check "a removed accounting line, the chain rewritten, fails (exit 1)" test "$(cat "$T/removed.rc")" = 1
check "… by name: the signed close's spent" grep -qE "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field spent: the signed close says € 3.300, the accounting lines add up to € 700: a line is missing or was changed" "$T/removed.out"
check "… and nothing else of the round fails" sh -c "test \"\$(grep -c '^FAILED' '$T/removed.out')\" = 1"
tamper dover daemon-overspend "$T/data/daemon.key"
check "a daemon-signed overspend decision fails (exit 1)" test "$(cat "$T/dover.rc")" = 1
check "… by name: only an organiser of the village may sign it" grep -qE "^FAILED: spending: spending.txt: record 2 \(line [0-9]+\): field signer: a spending-overspend event signed by the daemon key: only an organiser of the village may sign it" "$T/dover.out"
tamper uover unsigned-overspend
check "an unsigned overspend decision fails (exit 1)" test "$(cat "$T/uover.rc")" = 1
check "… by name: no organiser's signature" grep -qE "^FAILED: spending: spending.txt: record 2 \(line [0-9]+\): field sig: the organiser's request signature does not verify" "$T/uover.out"

# The independent verifier written from the docs alone (tests/adversary/spec_verify.py)
# agrees: the honest bundle passes every check it makes, each tampered one fails spending.
SPEC="$(dirname "$0")/../adversary/spec_verify.py"
python3 "$SPEC" "$T/b" --ledger "$T/ledger.txt" >"$T/spec.out" 2>&1
check "the spec-only verifier passes the honest bundle, spending included" sh -c "
grep -qx 'OK: spending' '$T/spec.out' && ! grep -q '^FAILED' '$T/spec.out'"
for name in amount cut removed dover uover; do
	python3 "$SPEC" "$T/$name" >"$T/spec-$name.out" 2>&1
	check "the spec-only verifier fails the spending check of '$name' too" grep -q '^FAILED: spending: ' "$T/spec-$name.out"
done

# The daemon as the adversary (tests/integration/adversary.c): it files an overspend
# decision of its own, so its books let a payment above the grant through; the bundle
# the live daemon then publishes fails by name.
ID2=$(ds_id 2)
stop_daemon
"$ITEST/adversary" "$T/data" daemon overspend "$ID2" 100000 >"$T/adv.out" 2>&1 || nok "adversary overspend: $(cat "$T/adv.out")"
start_daemon
check "the compromised daemon's own overspend lets a payment above the grant through" \
    ds spending pay "$R/2" --amount 500 --date 2027-04-01
ds audit bundle "$R" -o "$T/adv" >/dev/null
"$DORPSSTEM" audit verify "$T/adv" >"$T/adv.verify" 2>&1; rc=$?
check "… and its bundle fails (exit 1)" test "$rc" = 1
check "… by name: the daemon signed the overspend decision" grep -qE "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field signer: a spending-overspend event signed by the daemon key: only an organiser of the village may sign it" "$T/adv.verify"

# Contact details: in no bundle, list, show, ledger or log.
for c in "$CONTACT1" "$CONTACT2"; do
	hex=$(printf '%s' "$c" | od -An -tx1 | tr -d ' \n')
	part=${c%% *}
	check "contact \"$part…\" is in no bundle, spending list or show, ledger or log" sh -c "
	! grep -rqiF -e '$part' -e '$hex' '$T/b' '$T/list.txt' '$T/list.json' '$T/show.txt' '$T/show.json' '$T/ledger.txt' '$T/daemon.log'"
done
check "the test can see what it looks for (the proposer is in the bundle, as hex)" \
    grep -rqiF "$(printf '%s' Speeltuincommissie | od -An -tx1 | tr -d ' \n')" "$T/b"
# SPENDING_VECTOR_OUT=DIR keeps the bundles as adversary vectors (tests/audit/adversary/,
# checked by tests/adversary/vectors.sh): NAME/, NAME.args and NAME.expected.
if [ -n "${SPENDING_VECTOR_OUT:-}" ]; then
	keepv() {	# keepv FROM NAME [ARGS…]
		local from=$1 name=$2; shift 2
		rm -rf "${SPENDING_VECTOR_OUT:?}/$name"; cp -r "$from" "$SPENDING_VECTOR_OUT/$name"
		echo "$*" >"$SPENDING_VECTOR_OUT/$name.args"
		# shellcheck disable=SC2068
		(cd "$SPENDING_VECTOR_OUT" && "$DORPSSTEM" audit verify "$name" $@) >"$SPENDING_VECTOR_OUT/$name.expected" 2>&1
	}
	cp "$T/ledger.txt" "$SPENDING_VECTOR_OUT/good-spending.ledger.txt"
	keepv "$T/b" good-spending --ledger good-spending.ledger.txt
	keepv "$T/amount" bad-spending-amount
	keepv "$T/cut" bad-spending-cut-line
	keepv "$T/removed" bad-spending-removed-line
	keepv "$T/dover" bad-spending-daemon-overspend
	keepv "$T/uover" bad-spending-unsigned-overspend
	keepv "$T/adv" bad-spending-live-overspend
fi
finish
