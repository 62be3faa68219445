#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Voting as a village does it, through the real daemon and client: codes and cards,
# credentials, kiosks, open, votes (scripted kiosk), every refusal the voter can meet,
# turnout, close. Races, replays and kill -9 under load are in crash.sh.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
"$DORPSSTEM" keygen -o "$T/kiosk2.key" >/dev/null
"$DORPSSTEM" keygen -o "$T/stranger.key" >/dev/null
"$DORPSSTEM" keygen -o "$T/late.key" >/dev/null
vote() { "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$@"; }

ds village add Kantens >/dev/null
ds village add Warffum >/dev/null
R=$(ds -j round create Kantens "Dorpsbudget" --budget 10000 --ballot knapsack --rule greedy | jid)
I1=$(ds -j initiative add "$R" --title "Repair Café" --cost 4000 | jid)
I2=$(ds -j initiative add "$R" --title "AED" --cost 3000 | jid)
I3=$(ds -j initiative add "$R" --title "Speeltuin" --cost 3500 | jid)
I4=$(ds -j initiative add "$R" --title "Nieuw dak" --cost 6000 | jid)
for i in "$I1" "$I2" "$I3"; do ds initiative admit "$i" >/dev/null; done
ds initiative reject "$I4" --reason "Geen offerte" >/dev/null

check "codes are generated offline onto cards" "$DORPSSTEM" codes generate "$R" -n 12 \
    --cards "$T/cards.html" --credentials "$T/creds.txt" --village Kantens --round-name Dorpsbudget
mapfile -t C < <(codes "$T/cards.html")
check "the cards hold 12 distinct codes" test "${#C[@]}" = 12
check "credentials are registered" ds credentials register "$R" "$T/creds.txt"
expect_fail "registering the same credentials again is refused" "registered already" \
    ds credentials register "$R" "$T/creds.txt"
expect_fail "credentials of another round are refused" "holds credentials for round" \
    ds credentials register 99 "$T/creds.txt"
K=$(ds -j kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis | jid)
check "a kiosk is enrolled" test -n "$K"
K2=$(ds -j kiosk enroll Warffum "$T/kiosk2.key.pub" --name "Warffum kerk" | jid)
expect_fail "the same kiosk key twice is refused" "enrolled already" \
    ds kiosk enroll Kantens "$T/kiosk.key.pub" --name tweede
check "kiosk list shows both" test "$(ds -j kiosk list | grep -o '"name"' | wc -l)" = 2
# A spare kiosk: opening a round fixes the village's kiosks, so spares are enrolled before.
K3=$(ds -j kiosk enroll Kantens "$T/stranger.key.pub" --name bibliotheek | jid)

expect_fail "voting before the round opens is refused" "nog niet geopend" \
    vote "$R" --code "${C[0]}" --choose "$I1"
check "the round opens with credentials and a kiosk" ds round open "$R"

out=$(vote "$R" --code "${C[0]}" --choose "$I1,$I2" --receipt-file "$T/receipt.txt")
check "a vote is cast and the receipt code shown" grep -qE 'Stembewijs: [0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$' <<<"$out"
check "the receipt file carries the ballot hash and the daemon's signature" \
    grep -qE '^signature [0-9a-f]{128}$' "$T/receipt.txt"
check "a code typed in lower case with spaces works" vote "$R" --code "$(tr 'A-Z-' 'a-z ' <<<"${C[1]}")" --choose "$I3"
check "the code can come from standard input" sh -c "echo '${C[2]}' | '$DORPSSTEM' -s '$SOCK' -k '$T/kiosk.key' vote $R --code - --choose $I2"
expect_fail "the same code twice is refused" "al gestemd" vote "$R" --code "${C[0]}" --choose "$I3"
typo=${C[3]:0:20}$( [ "${C[3]:20:1}" = A ] && echo B || echo A )
expect_fail "a typo is caught by the check symbol before sending" "klopt niet|controle|kijk" \
    vote "$R" --code "$typo" --choose "$I1"
"$DORPSSTEM" codes generate "$R" -n 1 --cards "$T/other.html" --credentials "$T/other.txt" \
    --village Kantens --round-name X >/dev/null
expect_fail "a code that was never registered is refused" "hoort niet bij" \
    vote "$R" --code "$(codes "$T/other.html" | head -1)" --choose "$I1"
expect_fail "a knapsack ballot over the limit is refused" "past niet" \
    vote "$R" --code "${C[3]}" --choose "$I1,$I2,$I3"
expect_fail "a rejected initiative is not on the ballot" "staat niet op dit stembiljet|is not on this ballot" \
    vote "$R" --code "${C[3]}" --choose "$I4"
expect_fail "choosing one initiative twice is refused" "twee keer|chosen twice" \
    vote "$R" --code "${C[3]}" --choose "$I1,$I1"
check "a card is revoked by its code" ds credentials revoke "$R" "${C[4]}"
expect_fail "a revoked code is refused" "ingetrokken" vote "$R" --code "${C[4]}" --choose "$I1"
expect_fail "a used credential cannot be revoked" "voted already" ds credentials revoke "$R" "${C[0]}"
expect_fail "a kiosk that is not enrolled cannot vote" "niet aangemeld" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/late.key" vote "$R" --code "${C[5]}" --choose "$I1"
expect_fail "a kiosk of another village is refused" "ander dorp" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk2.key" vote "$R" --code "${C[5]}" --choose "$I1"
check "the refused votes did not use the code" vote "$R" --code "${C[5]}" --choose "$I3"

ds -j round show "$R" >"$T/show.json"
check "turnout: 4 ballots, 4 used, 1 revoked, 12 registered, by kiosk" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert (d["ballots"],d["used"],d["revoked"],d["registered"])==(4,4,1,12), d
assert d["kiosks"]==[{"kiosk":int(sys.argv[2]),"name":"dorpshuis","ballots":4}], d["kiosks"]' "$T/show.json" "$K"
check "no choices are visible while voting" bash -c '! grep -qF "\"choices\"" "$1"' _ "$T/show.json"
check "round show prints the turnout" sh -c "'$DORPSSTEM' -s '$SOCK' round show $R | grep -q 'ballots      4 (dorpshuis 4)'"

check "a kiosk is retired" ds kiosk retire "$K"
expect_fail "a retired kiosk cannot vote" "buiten gebruik" vote "$R" --code "${C[6]}" --choose "$I1"
expect_fail "no new kiosk while the village votes (opening fixed its kiosks)" "its kiosks were fixed" \
    ds kiosk enroll Kantens "$T/late.key.pub" --name laat
check "the spare kiosk takes over" "$DORPSSTEM" -s "$SOCK" -k "$T/stranger.key" vote "$R" --code "${C[6]}" --choose "$I1"
check "the round closes" ds round close "$R"
expect_fail "voting after close is refused" "gesloten" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/stranger.key" vote "$R" --code "${C[7]}" --choose "$I1"

# Other ballot types: the rules are checked by the kiosk and again by the daemon.
R2=$(ds -j round create Kantens "Punten" --budget 5000 --ballot cumulative --points 5 --max-points 3 --rule equalshares | jid)
J1=$(ds -j initiative add "$R2" --title "Bankje" --cost 500 | jid)
J2=$(ds -j initiative add "$R2" --title "Bloembak" --cost 300 | jid)
ds initiative admit "$J1" >/dev/null; ds initiative admit "$J2" >/dev/null
"$DORPSSTEM" codes generate "$R2" -n 3 --cards "$T/c2.html" --credentials "$T/c2.txt" --village Kantens --round-name Punten >/dev/null
ds credentials register "$R2" "$T/c2.txt" >/dev/null
ds round open "$R2" >/dev/null
mapfile -t P < <(codes "$T/c2.html")
# --choose takes the round's numbers: J1, J2 are 1 and 2 in this second round.
J1=1 J2=2
pv() { "$DORPSSTEM" -s "$SOCK" -k "$T/stranger.key" vote "$@"; }
expect_fail "cumulative: more points than there are is refused" "punten verdelen" \
    pv "$R2" --code "${P[0]}" --choose "$J1,$J2" --points 3,3
expect_fail "cumulative: more than the maximum on one initiative is refused" "Hoogstens 3" \
    pv "$R2" --code "${P[0]}" --choose "$J1" --points 4
expect_fail "cumulative: points are required" "needs --points" pv "$R2" --code "${P[0]}" --choose "$J1"
check "cumulative: a valid distribution is accepted" pv "$R2" --code "${P[0]}" --choose "$J1,$J2" --points 3,2
finish
