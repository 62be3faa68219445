#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Voorwaarden (issue 13): a village's conditions, numbered and versioned, each version an
# organiser-signed conditions-set event in ledger 0 that `audit verify` checks with the
# rest of ledger 0 (signature, scope, subject = the village); a changed condition fails.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds village add Warffum >/dev/null

check "a village without conditions says so" sh -c "'$DORPSSTEM' -s '$SOCK' conditions show Kantens | grep -q 'has no conditions yet'"
cat >"$T/v1.txt" <<'TXT'
# Voorwaarden dorpsbudget Kantens
1. Het initiatief is voor en door inwoners van Kantens.

2. Het initiatief is openbaar toegankelijk.
3)   Er is een begroting met een offerte.   
TXT
check "conditions set takes a file of numbered sentences" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' conditions set Kantens '$T/v1.txt' | grep -qx 'conditions of village 1: version 1 with 3 conditions'"
ds conditions show Kantens >"$T/show1.txt"
printf '  1. Het initiatief is voor en door inwoners van Kantens.\n  2. Het initiatief is openbaar toegankelijk.\n  3. Er is een begroting met een offerte.\n' >"$T/want1.txt"
check "conditions show numbers them, without the file's own numbers and spaces" sh -c "
sed -n '2,4p' '$T/show1.txt' | diff - '$T/want1.txt'"
check "the heading names village and version" grep -q "^Conditions of village 1, version 1 (set " "$T/show1.txt"
printf 'Voor inwoners.\nOpenbaar.\nMet offerte.\nKlaar binnen een jaar.\n' >"$T/v2.txt"
check "a second version is version 2" sh -c "'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' -j conditions set Kantens '$T/v2.txt' | grep -q '\"version\":2,\"conditions\":4'"
check "show gives the latest version" sh -c "'$DORPSSTEM' -s '$SOCK' conditions show Kantens | grep -q '4. Klaar binnen een jaar.'"
check "show --version 1 gives the old text" sh -c "'$DORPSSTEM' -s '$SOCK' conditions show Kantens --version 1 | grep -q '3. Er is een begroting met een offerte.'"
ds -j conditions show Kantens >"$T/c.json"
check "show -j is the CONDITIONS record" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d["village"]==1 and d["version"]==2 and [i["text"] for i in d["items"]][3]=="Klaar binnen een jaar." and d["created"]>0, d' "$T/c.json"
expect_fail "a version that does not exist is refused" "no conditions version 7" \
    ds conditions show Kantens --version 7
check "villages have their own versions" sh -c "'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' conditions set Warffum '$T/v2.txt' | grep -q 'version 1 with 4'"
printf '# nothing\n\n' >"$T/empty.txt"
expect_fail "a file without conditions is refused" "no conditions in the file" \
    ds conditions set Kantens "$T/empty.txt"
expect_fail "conditions of a village that does not exist are refused" "no village" \
    ds conditions set 9 "$T/v2.txt"
expect_fail "setting needs the organiser's key" "key|sleutel" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/nokey" conditions set Kantens "$T/v2.txt"
# A round of Kantens after the conditions: its bundle carries ledger 0 with them and verifies.
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
R=$(ds -j round create Kantens "Ronde" --budget 1000 --ballot approval --rule greedy | jid)
ds initiative add "$R" --title "Bankje" --cost 100 >/dev/null
ds initiative add "$R" --title "Privétuin" --cost 200 >/dev/null
ds initiative add "$R" --title "Feest" --cost 300 >/dev/null
# Decisions condition by condition (version 2 of Kantens has four conditions).
check "admitting records every condition as met" ds initiative admit "$R/1"
expect_fail "a rejection must name the conditions not met" "--unmet is required" \
    ds initiative reject "$R/2" --reason "Niet openbaar"
expect_fail "a condition number past the last is refused" "numbered 1 to 4" \
    ds initiative reject "$R/2" --reason "Niet openbaar" --unmet 2,9
check "reject --unmet names the conditions not met" ds initiative reject "$R/2" --reason "Niet openbaar" --unmet 2,4
expect_fail "the plain admit by id is refused where there are conditions" "decide condition by condition" \
    ds initiative admit 3
expect_fail "the plain reject by id is refused where there are conditions" "decide condition by condition" \
    ds initiative reject 3 --reason x
ds initiative list "$R" >"$T/il.txt"
check "initiative list shows which conditions were not met, and the reason" \
    grep -qE "^ *2 +rejected .*conditions 2, 4 not met \(version 2\): Niet openbaar" "$T/il.txt"
check "Warffum's conditions do not apply to Kantens" sh -c "! grep -q 'version 1)' '$T/il.txt'"
check "initiative show gives the decision condition by condition" sh -c "'$DORPSSTEM' -s '$SOCK' initiative show $R/2 | grep -qx '  conditions   version 2: 1 met 2 NOT met 3 met 4 NOT met'"
check "round show names the conditions a draft round would take" sh -c "'$DORPSSTEM' -s '$SOCK' round show $R | grep -q '^conditions: version 2 of the village (the latest'"
"$DORPSSTEM" codes generate "$R" -n 2 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
check "a version set after the open does not change the round's" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' conditions set Kantens '$T/v1.txt' | grep -q 'version 3' &&
'$DORPSSTEM' -s '$SOCK' round show $R | grep -q '^conditions: version 2 of the village (in force when the round opened)'"
"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$(codes "$T/cards.html" | head -1)" --choose 1 >/dev/null
ds round close "$R" >/dev/null
ds audit bundle "$R" -o "$T/b" >/dev/null
check "the bundle's ledger 0 carries the conditions-set events (type 0x0111)" test \
    "$(grep -v '^#' "$T/b/village-events.txt" | cut -c41-44 | grep -c '^0111$')" = 4
"$DORPSSTEM" audit verify "$T/b" >"$T/verify.out" 2>&1
check "audit verify accepts the organiser-signed conditions-set events" grep -q "is correct" "$T/verify.out"
check "the bundle carries the two initiative-decide events (type 0x0135)" test \
    "$(grep -v '^#' "$T/b/events.txt" | cut -c41-44 | grep -c '^0135$')" = 2
# Flip condition 2 of the rejection to "met" in the bundle: the organiser did not sign that.
cp -r "$T/b" "$T/d"
python3 - "$T/d/events.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split('\n')
idx = [i for i, l in enumerate(lines) if l and not l.startswith('#') and l[40:44] == '0135'][1]
# the decide body: id u32, status u8 = 02, conditions u32 = 2, count u32 = 4, met 01 00 01 00
want = '02' + '00000002' + '00000004' + '01000100'
assert want in lines[idx], lines[idx]
lines[idx] = lines[idx].replace(want, '02' + '00000002' + '00000004' + '01010100', 1)
open(p, 'w').write('\n'.join(lines))
PY
"$DORPSSTEM" audit verify "$T/d" >"$T/dv.out" 2>&1; rc=$?
check "a changed per-condition decision fails verification" test "$rc" = 1
check "… by name: the initiative-decide event's signature" grep -qE "^FAILED: .*events.txt: record [0-9]+ .*field sig" "$T/dv.out"
# Change one letter of the first condition in the bundle: its signature no longer holds.
cp -r "$T/b" "$T/t"
line=$(grep -v '^#' "$T/t/village-events.txt" | cut -c41-44 | grep -n '^0111$' | head -1 | cut -d: -f1)
python3 - "$T/t/village-events.txt" "$line" <<'PY'
import sys
p, k = sys.argv[1], int(sys.argv[2])
lines = open(p).read().split('\n')
idx = [i for i, l in enumerate(lines) if l and not l.startswith('#')][k - 1]
want = 'inwoners'.encode().hex()
assert want in lines[idx]
lines[idx] = lines[idx].replace(want, 'Inwoners'.encode().hex(), 1)
open(p, 'w').write('\n'.join(lines))
PY
"$DORPSSTEM" audit verify "$T/t" >"$T/tv.out" 2>&1; rc=$?
check "a changed condition fails verification (exit 1)" test "$rc" = 1
check "… by name: the conditions-set event's signature" grep -qE "^FAILED: .*village-events.txt: record $line .*field sig" "$T/tv.out"
finish
