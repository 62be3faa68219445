#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The whole organiser flow through the real daemon and client: over the UNIX socket, then
# over TLS with fingerprint pinning; config reload on SIGHUP; refusals in the wrong state.
. "$(dirname "$0")/lib.sh"
start_daemon

check "the secret key file is mode 0600" test "$(stat -c %a "$T/org.key")" = 600
check "status answers on the local socket" ds status
check "a village is added" ds village add Kantens
expect_fail "the same village twice is refused" "exists" ds village add kantens
expect_fail "a village of digits only is refused" "digits" ds village add 1234
R=$(ds -j round create Kantens "Dorpsbudget Kantens 2027" --budget 25000 --ballot knapsack \
    --rule equalshares/add1 | jid)
check "a round is created in the village by name" test -n "$R"
I1=$(ds -j initiative add "$R" --title "Repair Café" --cost 3500 --summary "Samen repareren" \
    --proposer "Stichting Dorpshuis" --category ontmoeten | jid)
I2=$(ds -j initiative add "$R" --title "AED bij het dorpshuis" --cost 1250,50 | jid)
I3=$(ds -j initiative add "$R" --title "Oma's Soep — één pan" --cost 1800 | jid)
I4=$(ds -j initiative add "$R" --title "Jeu de boules-baan" --cost 2000 | jid)
check "four initiatives are added" test -n "$I1" -a -n "$I2" -a -n "$I3" -a -n "$I4"
expect_fail "a cost above the budget is refused" "above the round's budget" \
    ds initiative add "$R" --title "Nieuw dorpshuis" --cost 30000
expect_fail "an ambiguous amount is refused, quoting what was typed" '"1,250": ambiguous' \
    ds initiative add "$R" --title "Bankje" --cost 1,250
expect_fail "a negative amount is refused" "negative" \
    ds initiative add "$R" --title "Bankje" --cost -5
check "round set changes the budget and the name of a draft round" ds round set "$R" --budget 30000 --name "Dorpsbudget 2027"
check "… and a knapsack limit that was the budget follows it" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"limit\":3000000'"
expect_fail "round set refuses a budget below an initiative's cost" "costs more than the new budget" \
    ds round set "$R" --budget 2000
expect_fail "round set refuses settings of another ballot type" "apply only to cumulative" \
    ds round set "$R" --points 5
check "round set back to € 25.000, written the Dutch way" ds round set "$R" --budget "€ 25.000,-" --name "Dorpsbudget Kantens 2027"
check "… which is 2500000 cents" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"budget\":2500000'"
check "initiative $I1 is admitted" ds initiative admit "$I1"
check "initiative $I2 is admitted" ds initiative admit "$I2"
check "initiative $I3 is admitted" ds initiative admit "$I3"
expect_fail "admitting twice is refused" "already" ds initiative admit "$I1"
check "initiative $I4 is rejected with a reason" ds initiative reject "$I4" --reason "Valt buiten de voorwaarden"
expect_fail "a rejection without a reason is refused" "reason" ds initiative reject "$I4"
ds round show "$R" >"$T/show"
check "round show gives the budget in Dutch euros" grep -q "€ 25.000" "$T/show"
check "round show gives a cost with cents in Dutch style" grep -q "€ 1.250,50" "$T/show"
check "round show keeps UTF-8 titles" grep -q "Oma's Soep — één pan" "$T/show"
check "initiative list gives the rejection reason" sh -c "'$DORPSSTEM' -s '$SOCK' initiative list $R | grep -q 'Valt buiten de voorwaarden'"
ds -j round show "$R" >"$T/show.json"
check "round show -j is valid JSON with state draft" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); assert d["state"] in ("draft",0), d["state"]
assert d["budget"]==2500000 and len(d["initiatives"])==4' "$T/show.json"
check "initiative list shows the four" test "$(ds -j initiative list "$R" | grep -o '"title"' | wc -l)" = 4

OTHER="$T/other.key"
"$DORPSSTEM" keygen -o "$OTHER" >/dev/null
expect_fail "a key that is not an organiser's is refused" "not an organiser" \
    "$DORPSSTEM" -s "$SOCK" -k "$OTHER" round open "$R"
OPUB=$(grep -v '^#' "$OTHER.pub" | head -1)
echo "organiser \"Second Organiser\" key $OPUB" >>"$T/d.conf"
kill -HUP "$DPID"; sleep 0.3
check "after SIGHUP the second organiser may act" "$DORPSSTEM" -s "$SOCK" -k "$OTHER" village add Warffum
check "the daemon logged the reload" grep -q "configuration reloaded" "$T/daemon.log"

check "the round opens" ds round open "$R"
expect_fail "opening twice is refused" "only a draft round can open" ds round open "$R"
expect_fail "an open round's settings are frozen" "only in a draft round" ds round set "$R" --budget 26000
expect_fail "adding an initiative to an open round is refused" "draft" \
    ds initiative add "$R" --title "Te laat" --cost 100
expect_fail "admitting in an open round is refused" "draft" ds initiative admit "$I4"
check "round show says voting" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"voting\"'"
check "the round closes" ds round close "$R"
expect_fail "a closed round cannot be cancelled" "no longer be cancelled" ds round cancel "$R"
R2=$(ds -j round create Warffum "Wijkbudget Warffum" --budget 10000 --ballot approval --max 3 \
    --rule greedy | jid)
check "a draft round can be cancelled" ds round cancel "$R2"
R4=$(ds -j round create Warffum Leeg --budget 100 --ballot approval --rule greedy | jid)
expect_fail "a round with no admitted initiative does not open" "no admitted" ds round open "$R4"

# TLS: pinning like ssh's known_hosts.
FP=$("$DORPSSTEMD" -F -f "$T/d.conf" 2>/dev/null)
check "dorpsstemd -F prints a SHA256 fingerprint" grep -qE '^SHA256:[0-9a-f]{64}$' <<<"$FP"
expect_fail "TLS to an unknown daemon without --fingerprint is refused" "fingerprint" \
    "$DORPSSTEM" -H "127.0.0.1:$PORT" status </dev/null
expect_fail "a wrong fingerprint is refused" "fingerprint" \
    "$DORPSSTEM" -H "127.0.0.1:$PORT" --fingerprint "SHA256:$(printf '0%.0s' $(seq 64))" status
check "TLS with the right fingerprint works" "$DORPSSTEM" -H "127.0.0.1:$PORT" --fingerprint "$FP" status
check "the fingerprint is remembered" "$DORPSSTEM" -H "127.0.0.1:$PORT" status
check "status over TLS shows the same fingerprint" sh -c "'$DORPSSTEM' -H 127.0.0.1:$PORT status | grep -q '$FP'"
dt() { "$DORPSSTEM" -H "127.0.0.1:$PORT" -k "$T/org.key" "$@"; }
check "over TLS: a village is added" dt village add Uithuizen
R3=$(dt -j round create Uithuizen "Dorpsbudget Uithuizen" --budget 5000 --ballot cumulative \
    --points 10 --max-points 5 --rule equalshares | jid)
check "over TLS: a cumulative round is created" test -n "$R3"
I5=$(dt -j initiative add "$R3" --title "Bloembakken" --cost 750 | jid)
check "over TLS: an initiative is added and admitted" dt initiative admit "$I5"
check "over TLS: the round opens" dt round open "$R3"
check "over TLS: the round closes" dt round close "$R3"
check "over TLS: round list shows all rounds" test "$(dt -j round list | grep -o '"name"' | wc -l)" -ge 4
check "the daemon is still running" kill -0 "$DPID"
check "the daemon stops cleanly on SIGTERM" stop_daemon
check "the control socket is removed on stop" test ! -e "$SOCK"
finish
