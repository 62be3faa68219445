#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The aanvraag (issue 13): `initiative submit` with budget lines (the cost is their sum),
# co-funding, volunteers and planned period, in the round's ledger as an organiser-signed
# initiative-submit event that `audit verify` checks (a changed cost fails by name); the
# proposer's contact details are stored apart and are never in the bundle, the result,
# the exports, the ledger or the daemon's log — only an organiser's contact-get reads them.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
R=$(ds -j round create Kantens "Ronde" --budget 10000 --ballot approval --rule greedy | jid)
CONTACT1="jan.de.vries.geheim@example.org 0596-123456"
CONTACT2="Wierdaweg 7, Kantens (tel. 06-98765432)"
out=$(ds initiative submit "$R" --title "Speeltuin" --proposer "Speeltuincommissie" \
    --contact "$CONTACT1" --category spelen --line "Klimrek=2500" --line "Zand en tegels=750,50" \
    --line "Bord=99" --cofunding "Gemeente=1000" --volunteers 12 --planned "mei tot september")
check "submit prints the number and the sum of the lines" test "$out" = "initiative $R/1 submitted: € 3.349,50 in 3 budget lines"
J=$(ds -j initiative submit "$R" --title "Bankje" --proposer "Oranjevereniging" --contact "$CONTACT2" --line "Bank=400")
check "submit -j carries id, number and cost in cents" python3 -c '
import json,sys; d=json.loads(sys.argv[1]); assert d["nr"]==2 and d["cost"]==40000, d' "$J"
expect_fail "a line without an amount is refused" "description=amount" \
    ds initiative submit "$R" --title X --proposer P --contact C --line "Alleen tekst"
expect_fail "contact details are required" "are required" \
    ds initiative submit "$R" --title X --proposer P --line "A=1"
check "the initiative costs the sum of its lines" sh -c "'$DORPSSTEM' -s '$SOCK' initiative list $R | grep -qE '^ *1 +submitted +€ 3.349,50 +Speeltuin'"
ds initiative show "$R/1" >"$T/ishow.txt"
check "initiative show lists the budget lines, co-funding, volunteers and period" sh -c "
grep -qx '  budget line  Zand en tegels: € 750,50' '$T/ishow.txt' && grep -qx '  co-funding   Gemeente: € 1.000' '$T/ishow.txt' &&
grep -qx '  volunteers   12' '$T/ishow.txt' && grep -qx '  planned      mei tot september' '$T/ishow.txt'"
check "… and not the contact details" sh -c "! grep -q 'geheim' '$T/ishow.txt'"
check "the organiser reads the contact details" sh -c "test \"\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' initiative contact $R/1)\" = '$CONTACT1'"
expect_fail "contact details are not for an unsigned reader" "key|sleutel" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/none.key" initiative contact "$R/2"
# A resident's aanvraag as the web site will send it: unauthenticated, the daemon signs
# receipt (public-submit 0x0204), it stays submitted until an organiser decides.
CONTACT3="Moestuinbuurt, tel 0596-777888"
PUB=$("$DORPSSTEM" -s "$SOCK" -j initiative submit "$R" --public --title "Moestuin" \
    --proposer "Buurtbewoners" --contact "$CONTACT3" --line "Zaad=50" --line "Gereedschap=150")
check "a public submission gets the round's next number and a follow-up code" python3 -c '
import json,re,sys; d=json.loads(sys.argv[1])
assert d["nr"]==3 and d["cost"]==20000 and re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", d["code"]), d' "$PUB"
CODE=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["code"])' "$PUB")
check "it waits as submitted" sh -c "'$DORPSSTEM' -s '$SOCK' initiative list $R | grep -qE '^ *3 +submitted .*Moestuin'"
check "its contact details are for the organiser" sh -c "test \"\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' initiative contact $R/3)\" = '$CONTACT3'"
R2=$(ds -j round create Kantens "Volgend jaar" --budget 10000 --ballot approval --rule greedy | jid)
n=0
for i in $(seq 1 200); do
	"$DORPSSTEM" -s "$SOCK" initiative submit "$R2" --public --title "Plan $i" --proposer P \
	    --contact "c$i" --line "Iets=1" >/dev/null && n=$((n + 1))
done
check "200 public submissions may wait in one round" test "$n" = 200
expect_fail "the next one is refused until organisers decide" "waiting for a decision" \
    "$DORPSSTEM" -s "$SOCK" initiative submit "$R2" --public --title "Plan 201" --proposer P \
    --contact c --line "Iets=1"
ds initiative admit "$R/1" >/dev/null
ds initiative admit "$R/2" >/dev/null
"$DORPSSTEM" codes generate "$R" -n 3 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
expect_fail "no public submission once the round is open" "no longer in preparation" \
    "$DORPSSTEM" -s "$SOCK" initiative submit "$R" --public --title "Laat" --proposer P \
    --contact c --line "Iets=1"
for code in $(codes "$T/cards.html"); do
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose 1,2 >/dev/null
done
ds round close "$R" >/dev/null
ds audit bundle "$R" -o "$T/b" >/dev/null
"$DORPSSTEM" audit verify "$T/b" >"$T/verify.out" 2>&1
check "the bundle with initiative-submit events verifies" grep -q "is correct" "$T/verify.out"
check "the bundle carries the two initiative-submit events (type 0x0134)" test \
    "$(grep -v '^#' "$T/b/events.txt" | cut -c41-44 | grep -c '^0134$')" = 2
check "and the daemon-signed public-submit event (type 0x0204)" test \
    "$(grep -v '^#' "$T/b/events.txt" | cut -c41-44 | grep -c '^0204$')" = 1
check "the follow-up code is not in the daemon's log" sh -c "! grep -qF '$CODE' '$T/daemon.log'"
ds result "$R" >"$T/result.txt"; ds -j result "$R" >"$T/result.json"
ds result "$R" --csv "$T/r.csv" --html "$T/r.html" >/dev/null
ds pabulib export "$R" -o "$T/r.pb" >/dev/null
ds -j round show "$R" >"$T/show.json"; ds -j initiative list "$R" >"$T/list.json"
ds audit ledger "$R" -o "$T/ledger.txt" >/dev/null
# Contact details never leave the contact database: not as text, not as hex in records.
for c in "$CONTACT1" "$CONTACT2" "$CONTACT3"; do
	hex=$(printf '%s' "$c" | od -An -tx1 | tr -d ' \n')
	part=${c%% *}
	check "contact \"$part…\" is in no bundle, result, export, list, ledger or log" sh -c "
	! grep -rqiF -e '$part' -e '$hex' '$T/b' '$T/result.txt' '$T/result.json' '$T/r.csv' '$T/r.html' '$T/r.pb' '$T/show.json' '$T/list.json' '$T/ledger.txt' '$T/daemon.log'"
done
# The same grep finds what is published: the proposer's name, in the records' hex.
phex=$(printf '%s' "Speeltuincommissie" | od -An -tx1 | tr -d ' \n')
check "the test can see what it looks for (the proposer is in the bundle, as hex)" grep -rqiF "$phex" "$T/b"
# Raise the submitted initiative's cost in initiatives.txt: it no longer matches its lines.
cp -r "$T/b" "$T/t"
python3 - "$T/t/initiatives.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split('\n')
old = (334950).to_bytes(8, 'big').hex()
new = (434950).to_bytes(8, 'big').hex()
k = [i for i, l in enumerate(lines) if old in l][0]
lines[k] = lines[k].replace(old, new, 1)
open(p, 'w').write('\n'.join(lines))
PY
"$DORPSSTEM" audit verify "$T/t" >"$T/tv.out" 2>&1; rc=$?
check "a changed cost fails verification (exit 1)" test "$rc" = 1
check "… by name: initiatives.txt field cost differs from the signed events" \
    grep -qE "^FAILED: .*initiatives.txt: record 1 .*field cost: differs from the signed events" "$T/tv.out"
finish
