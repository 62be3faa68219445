#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The dorpsbudget year, three times over (issue 13): three villages (Kantens, Warffum,
# Usquert) × three years (2023, 2024, 2025) through the real daemon, its clock moved to
# 15 June of each year (a round counts in the year it closed). Each round: aanvragen
# typed in and from the web form (with contact details that must never come out),
# rejections by named voorwaarden (Usquert's changed in 2025), a withdrawal, a lost card,
# votes at the village's kiosk, the count; after it the accounts: due dates, payments,
# accounting lines with documents, an overspend refused and then decided, returned
# remainders, an initiative overdue and one not yet due.
#
# Checked: the overview figures exactly against goldens worked out by hand from this
# script (tests/golden/year/README says how each figure follows; the goldens are never
# copied from the program); every round's bundle verifies; documents come back from the
# daemon byte for byte (and not to another village's organiser, nor once changed on
# disk); "overdue" follows --date; the store altered behind the daemon's back
# (tests/integration/adversary.c, the daemon's own key) fails `audit verify` by name for
# a changed amount, a removed accounting line and an unsigned overspend decision (and the
# verifier written from the docs alone, tests/adversary/spec_verify.py, agrees); and no
# contact detail is in any bundle, export, result, list, overview output or log.
. "$(dirname "$0")/lib.sh"
G="$(cd "$(dirname "$0")/../golden/year" && pwd)"
: "${ITEST:?}"
export TZ=Europe/Amsterdam
# A second organiser, for Warffum only: it may not read Kantens' documents.
"$DORPSSTEM" keygen -o "$T/w.key" >/dev/null
echo "organiser \"Warffum\" key $(grep -v '^#' "$T/w.key.pub" | head -1) village Warffum" >>"$T/d.conf"
clock_shift
set_clock "2023-06-15 12:00"
start_daemon

for v in Kantens Warffum Usquert; do ds village add "$v" >/dev/null || nok "village add $v"; done
printf 'Voor en door inwoners.\nOpenbaar toegankelijk.\nMet een begroting.\n' >"$T/c1.txt"
printf 'Voor het hele dorp.\nGeen reclame of winst.\n' >"$T/c2.txt"
printf 'In Usquert.\nBinnen een jaar klaar.\n' >"$T/c3.txt"
for v in 1 2 3; do
	ds conditions set "$v" "$T/c$v.txt" >/dev/null || nok "conditions set $v"
	"$DORPSSTEM" keygen -o "$T/kiosk$v.key" >/dev/null
	ds kiosk enroll "$v" "$T/kiosk$v.key.pub" --name "dorpshuis $v" >/dev/null || nok "kiosk $v"
done

# Contact details: each must never come out again (checked at the end).
C1="speeltuin.geheim@example.org"
C2="06-11223344 jeudeboules-geheim"
C3="pannenkoek.geheim@example.net"
C4="Ommetjesweg 7 geheimadres"

# round_new VILLAGE NAME BUDGET CARDS and round_run ROUND VILLAGE CHOICE… come from lib.sh.
add() { ds initiative add "$1" --title "$2" --cost "$3" --category "$4" >/dev/null || nok "add $2"; }
# funded ROUND NR…: the result funds exactly these numbers.
funded() {
	local r=$1; shift
	ds -j result "$r" | python3 -c '
import json,sys; d=json.load(sys.stdin)
got=sorted(i["nr"] for i in d["result"]["items"] if i["funded"])
want=sorted(int(x) for x in sys.argv[1:])
if got!=want: print("#   funded", got, "want", want); sys.exit(1)' "$@"
}

# ---- 2023 ----------------------------------------------------------------------------------
K23=$(round_new 1 "Dorpsbudget Kantens 2023" 5000 3)
ds initiative submit "$K23" --title Speeltuin --proposer Speeltuincommissie --contact "$C1" \
    --category Spelen --line "Klimrek=2000" --line "Zand=500" >/dev/null || nok "submit Speeltuin"
add "$K23" Bankjes 1000 Groen
add "$K23" "Privéfeest" 1500 Cultuur
ds initiative admit "$K23/1" >/dev/null && ds initiative admit "$K23/2" >/dev/null || nok "admit K23"
ds initiative reject "$K23/3" --reason "Niet voor het dorp" --unmet 1,2 >/dev/null || nok "reject K23/3"
round_run "$K23" 1 1,2 1 2
W23=$(round_new 2 "Dorpsbudget Warffum 2023" 3000 2)
add "$W23" AED 2000 Zorg
add "$W23" Reclamebord 500 ""
ds initiative admit "$W23/1" >/dev/null || nok "admit W23/1"
ds initiative reject "$W23/2" --reason "Reclame" --unmet 2 >/dev/null || nok "reject W23/2"
round_run "$W23" 2 1 1
U23=$(round_new 3 "Dorpsbudget Usquert 2023" 4000 4)
add "$U23" Dorpsfeest 1500 Cultuur
add "$U23" Bloemen 800 Groen
add "$U23" Fietspad 3500 Verkeer
ds initiative admit "$U23/1" >/dev/null && ds initiative admit "$U23/2" >/dev/null || nok "admit U23"
ds initiative reject "$U23/3" --reason "Niet in Usquert" --unmet 1 >/dev/null || nok "reject U23/3"
round_run "$U23" 3 1 1,2 2
check "2023: the counts fund Speeltuin and Bankjes, AED, Dorpsfeest and Bloemen" \
    eval "funded $K23 1 2 && funded $W23 1 && funded $U23 1 2"

# ---- 2024 ----------------------------------------------------------------------------------
set_clock "2024-06-15 12:00"
K24=$(round_new 1 "Dorpsbudget Kantens 2024" 6000 4)
add "$K24" Dorpshuisdak 4000 Gebouw
ds initiative submit "$K24" --title "Jeu de boules" --proposer "Jeu de boules-club" --contact "$C2" \
    --category Spelen --line "Baan=1200" --line "Ballen=300" >/dev/null || nok "submit Jeu de boules"
add "$K24" "Bankjes erbij" 900 Groen
add "$K24" Reclame 300 Overig
add "$K24" Kermis 2000 Cultuur
for nr in 1 2 3; do ds initiative admit "$K24/$nr" >/dev/null || nok "admit K24/$nr"; done
ds initiative reject "$K24/4" --reason "Reclame" --unmet 2,3 >/dev/null || nok "reject K24/4"
ds initiative withdraw "$K24/5" >/dev/null || nok "withdraw K24/5"
REVOKE=4 round_run "$K24" 1 1 1,2 2,3
W24=$(round_new 2 "Dorpsbudget Warffum 2024" 3000 3)
ds initiative submit "$W24" --public --title Pannenkoekfeest --proposer Buurtvereniging --contact "$C3" \
    --category Cultuur --line "Beslag=600" --line "Pannen=400" >/dev/null || nok "public submit Pannenkoekfeest"
add "$W24" Glasvezelkast 2500 Verkeer
ds initiative admit "$W24/1" >/dev/null && ds initiative admit "$W24/2" >/dev/null || nok "admit W24"
round_run "$W24" 2 1 1,2
U24=$(round_new 3 "Dorpsbudget Usquert 2024" 4000 2)
add "$U24" Speelveld 3000 Spelen
add "$U24" Zonnepanelen 3800 Energie
ds initiative admit "$U24/1" >/dev/null || nok "admit U24/1"
ds initiative reject "$U24/2" --reason "Te groot" --unmet 1,2 >/dev/null || nok "reject U24/2"
round_run "$U24" 3 1 1
check "2024: Dorpshuisdak and Jeu de boules (not Bankjes erbij), Pannenkoekfeest, Speelveld" \
    eval "funded $K24 1 2 && funded $W24 1 && funded $U24 1"

# ---- 2025 ----------------------------------------------------------------------------------
set_clock "2025-06-15 12:00"
printf 'In Usquert.\nBinnen een jaar klaar.\nDuurzaam.\n' >"$T/c3b.txt"
ds conditions set 3 "$T/c3b.txt" >/dev/null || nok "conditions set 3, version 2"
K25=$(round_new 1 "Dorpsbudget Kantens 2025" 5000 3)
add "$K25" Kerstmarkt 1200 Cultuur
add "$K25" Boomgaard 2500 Groen
add "$K25" Hondenveld 2000 Groen
ds initiative admit "$K25/1" >/dev/null && ds initiative admit "$K25/2" >/dev/null || nok "admit K25"
ds initiative reject "$K25/3" --reason "Alleen voor honden" --unmet 1 >/dev/null || nok "reject K25/3"
round_run "$K25" 1 1,2 2 1
W25=$(round_new 2 "Dorpsbudget Warffum 2025" 4000 2)
add "$W25" IJsbaan 3500 Sport
add "$W25" Reclamezuil 1000 Overig
ds initiative admit "$W25/1" >/dev/null || nok "admit W25/1"
ds initiative reject "$W25/2" --reason "Reclame" --unmet 1,2 >/dev/null || nok "reject W25/2"
round_run "$W25" 2 1
U25=$(round_new 3 "Dorpsbudget Usquert 2025" 5000 3)
ds initiative submit "$U25" --title Dorpsommetje --proposer "Werkgroep Ommetje" --contact "$C4" \
    --category Groen --line "Bordjes=1500" --line "Paaltjes=500" >/dev/null || nok "submit Dorpsommetje"
add "$U25" Windmolen 4500 Energie
add "$U25" Bingo 500 Cultuur
ds initiative admit "$U25/1" >/dev/null && ds initiative admit "$U25/3" >/dev/null || nok "admit U25"
ds initiative reject "$U25/2" --reason "Niet duurzaam genoeg" --unmet 3 >/dev/null || nok "reject U25/2"
round_run "$U25" 3 1,3 1 3
check "2025: Kerstmarkt and Boomgaard, IJsbaan, Dorpsommetje and Bingo" \
    eval "funded $K25 1 2 && funded $W25 1 && funded $U25 1 3"
set_clock now

# ---- the accounts --------------------------------------------------------------------------
doc() { printf '%s\n' "$2" >"$T/$1"; sha256sum "$T/$1" | cut -c1-64; }
# Kantens 2023: both paid, accounted for with documents, closed (€ 50 back from Speeltuin).
ds spending due "$K23" --date 2024-06-30 >/dev/null || nok "due K23"
ds spending pay "$K23/1" --amount 2500 --date 2023-07-01 >/dev/null || nok "pay K23/1"
H1=$(doc klimrek.txt "Factuur 2023-101: klimrek, geleverd en geplaatst, EUR 2000")
H2=$(doc zand.txt "Bon 77: speelzand, EUR 450")
ds spending add "$K23/1" --amount 2000 --date 2023-08-01 --what Klimrek --line 1 --document "$T/klimrek.txt" >/dev/null || nok "add K23/1 klimrek"
ds spending add "$K23/1" --amount 450 --date 2023-08-15 --what Zand --line 2 --document "$T/zand.txt" >/dev/null || nok "add K23/1 zand"
check "Speeltuin closes with € 50 returned" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' spending close $K23/1 --returned 50 --summary 'De speeltuin is open' --participants 60 |
grep -q 'paid € 2.500, spent € 2.450, returned € 50'"
ds spending pay "$K23/2" --amount 1000 --date 2023-07-01 >/dev/null || nok "pay K23/2"
H3=$(doc bankjes.txt "Factuur B-12: drie bankjes, EUR 1000")
ds spending add "$K23/2" --amount 1000 --date 2023-09-01 --what "Drie bankjes" --document "$T/bankjes.txt" >/dev/null || nok "add K23/2"
ds spending close "$K23/2" --returned 0 --summary "Geplaatst" >/dev/null || nok "close K23/2"
# Warffum 2023: the AED cost € 200 more; refused until an organiser decides, then paid.
ds spending due "$W23" --date 2024-06-30 >/dev/null || nok "due W23"
ds spending pay "$W23/1" --amount 2000 --date 2023-07-01 >/dev/null || nok "pay W23/1"
expect_fail "a payment above the AED's grant is refused without a decision" "overspend decision must come first" \
    ds spending pay "$W23/1" --amount 200 --date 2023-10-01
check "an organiser decides on an overspend of € 200" ds spending overspend "$W23/1" --amount 200 --reason "De AED-kast werd duurder"
check "… and the € 200 is paid" ds spending pay "$W23/1" --amount 200 --date 2023-10-02
H4=$(doc aed.txt "Factuur AED-9: AED met buitenkast, EUR 2200")
ds spending add "$W23/1" --amount 2200 --date 2023-10-05 --what "AED en kast" --document "$T/aed.txt" >/dev/null || nok "add W23/1"
ds spending close "$W23/1" --returned 0 --summary "De AED hangt" >/dev/null || nok "close W23/1"
# Usquert 2023: nothing recorded (no due date: outstanding, never overdue).
# Kantens 2024: the roof closed with € 200 back; Jeu de boules paid in part, past its date.
ds spending due "$K24" --date 2025-03-31 >/dev/null || nok "due K24"
ds spending pay "$K24/1" --amount 4000 --date 2024-07-01 >/dev/null || nok "pay K24/1"
H5=$(doc dak.txt "Factuur D-2024-3: dakpannen en arbeid, EUR 3800")
ds spending add "$K24/1" --amount 3800 --date 2024-09-01 --what "Dakpannen en arbeid" --document "$T/dak.txt" >/dev/null || nok "add K24/1"
ds spending close "$K24/1" --returned 200 --summary "Het dak is dicht" >/dev/null || nok "close K24/1"
ds spending pay "$K24/2" --amount 1000 --date 2024-07-01 >/dev/null || nok "pay K24/2"
ds spending add "$K24/2" --amount 600 --date 2024-08-01 --what "Baan aangelegd" --line 1 >/dev/null || nok "add K24/2"
# Warffum 2024: paid, spent, closed. Usquert 2024: half paid, due only in 2099.
ds spending due "$W24" --date 2025-06-30 >/dev/null || nok "due W24"
ds spending pay "$W24/1" --amount 1000 --date 2024-07-01 >/dev/null || nok "pay W24/1"
ds spending add "$W24/1" --amount 1000 --date 2024-08-01 --what "Beslag en pannen" >/dev/null || nok "add W24/1"
ds spending close "$W24/1" --returned 0 --summary "Feest geweest" --participants 120 >/dev/null || nok "close W24/1"
ds spending due "$U24" --date 2099-12-31 >/dev/null || nok "due U24"
ds spending pay "$U24/1" --amount 1500 --date 2024-07-01 >/dev/null || nok "pay U24/1"
# Warffum 2025: IJsbaan closed with € 200 back. Kantens and Usquert 2025: nothing yet.
ds spending due "$W25" --date 2025-11-30 >/dev/null || nok "due W25"
ds spending pay "$W25/1" --amount 3500 --date 2025-07-01 >/dev/null || nok "pay W25/1"
H6=$(doc ijs.txt "Factuur IJ-1: baan en huur, EUR 3300")
ds spending add "$W25/1" --amount 3300 --date 2025-12-20 --what "Baan en huur" --document "$T/ijs.txt" >/dev/null || nok "add W25/1"
ds spending close "$W25/1" --returned 200 --summary "Er is geschaatst" >/dev/null || nok "close W25/1"

# ---- overdue: judged on the day given ------------------------------------------------------
ds spending list Kantens --date 2025-03-31 >"$T/l0331.txt"
check "on the due date itself Jeu de boules is not overdue" sh -c "
grep -qE '^  $K24/2 +Jeu de boules +€ 1.500 +€ 1.000 +€ 600 +€ 0  open\$' '$T/l0331.txt' &&
grep -qx 'No accounts overdue on 2025-03-31.' '$T/l0331.txt'"
ds spending list Kantens --date 2025-04-01 >"$T/l0401.txt"
check "the day after, it is, and the list says on which day" sh -c "
grep -qE '^  $K24/2 +Jeu de boules +€ 1.500 +€ 1.000 +€ 600 +€ 0  overdue\$' '$T/l0401.txt' &&
grep -qx 'Overdue on 2025-04-01 (the due date has passed, the accounts are not closed):' '$T/l0401.txt' &&
grep -qx '  $K24/2 Jeu de boules (due 2025-03-31)' '$T/l0401.txt' &&
! grep -q 'Speeltuin (due' '$T/l0401.txt'"
ds -j spending list --date 2100-01-01 >"$T/l2100.json"
check "spending list -j --date: the day, and Speelveld overdue only after 2099-12-31" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d["date"]=="2100-01-01", d["date"]
od=sorted((o["round"],o["nr"]) for o in d["overdue"])
assert od==[(int(sys.argv[2]),2),(int(sys.argv[3]),1)], od' "$T/l2100.json" "$K24" "$U24"
check "spending show --date judges the same way" sh -c "
'$DORPSSTEM' -s '$SOCK' spending show $U24/1 --date 2099-12-31 | grep -q ' — open\$' &&
'$DORPSSTEM' -s '$SOCK' spending show $U24/1 --date 2100-01-01 | grep -q ' — overdue\$'"
check "… and so does its -j: state and the day judged on" sh -c "
'$DORPSSTEM' -s '$SOCK' -j spending show $U24/1 --date 2100-01-01 | grep -q '\"state\":\"overdue\",\"date\":\"2100-01-01\"'"
expect_fail "a --date that is no day is refused" "YYYY-MM-DD" ds spending list --date 2025-02-29
env DORPSSTEM_LANG=nl "$DORPSSTEM" -s "$SOCK" spending list Kantens --date 2025-04-01 >"$T/l-nl.txt"
check "… and in Dutch by default, with dates as the Dutch write them" sh -c "
grep -q '^Te laat op 01-04-2025 (de uiterste datum is voorbij' '$T/l-nl.txt' &&
grep -qx '  $K24/2 Jeu de boules (uiterlijk 31-03-2025)' '$T/l-nl.txt' &&
grep -qx 'Ronde $K24 \"Dorpsbudget Kantens 2024\": verantwoording uiterlijk 31-03-2025' '$T/l-nl.txt'"
check "a round without a due date says so (not \"due -\")" sh -c "
grep -qx 'Round $K25 \"Dorpsbudget Kantens 2025\": no due date for the accounts yet' '$T/l0401.txt' &&
grep -qx 'Ronde $K25 \"Dorpsbudget Kantens 2025\": nog geen uiterste datum voor de verantwoording' '$T/l-nl.txt'"

# ---- documents back ------------------------------------------------------------------------
check "spending show names the documents by SHA-256" sh -c "
'$DORPSSTEM' -s '$SOCK' spending show $K23/1 | grep -q 'document SHA-256 $H1' &&
'$DORPSSTEM' -s '$SOCK' spending show $K23/1 | grep -q 'document SHA-256 $H2'"
check "spending document HASH --out FILE fetches it" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' spending document $H1 --out '$T/got1.txt' |
grep -q 'document of round $K23, [0-9]* bytes, SHA-256 $H1 (checked): written to'"
check "… byte for byte, mode 0600" sh -c "cmp '$T/klimrek.txt' '$T/got1.txt' && test \$(stat -c %a '$T/got1.txt') = 600"
check "… and to stdout without --out" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/org.key' spending document $H6 | cmp - '$T/ijs.txt'"
expect_fail "an existing file is never overwritten" "cannot write" ds spending document "$H2" --out "$T/got1.txt"
check "… and stays as it was" cmp "$T/klimrek.txt" "$T/got1.txt"
expect_fail "Warffum's organiser cannot read a Kantens document" "may act only for its own villages" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/w.key" spending document "$H1" --out "$T/w1.txt"
check "Warffum's organiser reads Warffum's" sh -c "
'$DORPSSTEM' -s '$SOCK' -k '$T/w.key' spending document $H4 --out '$T/w4.txt' && cmp '$T/aed.txt' '$T/w4.txt'"
expect_fail "without an organiser key nothing comes back" "organiser|key" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk1.key" spending document "$H1" --out "$T/k1.txt"
expect_fail "a hash no accounting line names" "no accounting line" \
    ds spending document "$(printf x | sha256sum | cut -c1-64)" --out "$T/none.txt"
expect_fail "a hash that is no hash" "64 hexadecimal digits" ds spending document abc --out "$T/none.txt"
cp "$T/data/documents/$H3" "$T/h3.keep"
printf 'Factuur B-12: drie bankjes, EUR 9000\n' >"$T/data/documents/$H3"
expect_fail "a document changed on the daemon's disk is refused, not passed on" "no longer has that SHA-256" \
    ds spending document "$H3" --out "$T/changed.txt"
check "… and nothing is written" test ! -e "$T/changed.txt"
cp "$T/h3.keep" "$T/data/documents/$H3"

# ---- the jaaroverzicht, checked against the hand-worked goldens ----------------------------
cat >"$T/inw.csv" <<'INW'
# dorp;jaar;inwoners
Kantens;2023;1200
Warffum;2023;800
Usquert;2024;500
Kantens;2025;1250
INW
json_same() {	# json_same GOT WANT: equal as JSON values; the differences named
	python3 -c '
import json,sys
got=json.load(open(sys.argv[1])); want=json.load(open(sys.argv[2]))
if got!=want:
    for k in want:
        if got.get(k)!=want[k]: print("#   differs:",k,json.dumps(got.get(k)),"want",json.dumps(want[k]))
    for k in got:
        if k not in want: print("#   extra:",k)
    sys.exit(1)' "$1" "$2"
}
for y in 2024 2025; do
	check "overview --all --year $y writes text, CSV and HTML" \
	    ds overview --all --year "$y" --inhabitants "$T/inw.csv" --csv "$T/all-$y.csv" --html "$T/all-$y.html"
	cp "$T/out" "$T/all-$y.txt"
	check "the CSV of $y: the hand-worked figures (golden all-$y.csv)" sh -c "
	tail -c +4 '$T/all-$y.csv' | tr -d '\r' | diff '$G/all-$y.csv' -"
	ds -j overview --all --year "$y" --inhabitants "$T/inw.csv" >"$T/all-$y.json" || nok "overview -j $y"
done
check "the JSON of 2025: the hand-worked figures (golden all-2025.json)" json_same "$T/all-2025.json" "$G/all-2025.json"
ds -j overview Usquert --year 2025 --inhabitants "$T/inw.csv" >"$T/u-2025.json" || nok "overview Usquert"
check "Usquert alone in 2025 (golden usquert-2025.json)" json_same "$T/u-2025.json" "$G/usquert-2025.json"
check "the text shows the books: granted, paid, spent, returned, outstanding, overdue" sh -c "
grep -qE '^  total +€ 9.500 +€ 7.500 +€ 5.400 +€ 200 +€ 2.000 +1\$' '$T/all-2024.txt' &&
grep -qE '^  Kantens +€ 5.500 +€ 5.000 +€ 4.400 +€ 200 +€ 500 +1\$' '$T/all-2024.txt' || { cat '$T/all-2024.txt' | sed 's/^/#   /'; exit 1; }"
# overview --date D: overdue judged on D, as spending list does.
if ds -j overview Kantens --year 2024 --date 2025-03-31 >"$T/k-0331.json" 2>"$T/k-0331.err"; then
	ds -j overview Kantens --year 2024 --date 2025-04-01 >"$T/k-0401.json" || nok "overview --date 2025-04-01"
	check "overview --date: Jeu de boules is overdue from 2025-04-01 on, not on the due date" python3 -c '
import json,sys
a=json.load(open(sys.argv[1]))["total"]["spending"]["overdue"]; b=json.load(open(sys.argv[2]))["total"]["spending"]["overdue"]
assert (a,b)==(0,1), (a,b)' "$T/k-0331.json" "$T/k-0401.json"
else
	nok "overview --date"; sed 's/^/#   /' "$T/k-0331.err"
fi
check "the HTML pages are well-formed" python3 -c '
import sys, xml.etree.ElementTree as ET
for p in sys.argv[1:]: ET.parse(p)' "$T/all-2024.html" "$T/all-2025.html"

# YEAR_KEEP=DIR keeps the overview outputs and the lists to look at.
if [ -n "${YEAR_KEEP:-}" ]; then
	cp "$T"/all-20* "$T/u-2025.json" "$T"/l0*.txt "$T/l-nl.txt" "$YEAR_KEEP"/
fi

# ---- every round's bundle verifies ---------------------------------------------------------
ROUNDS="$K23 $W23 $U23 $K24 $W24 $U24 $K25 $W25 $U25"
for r in $ROUNDS; do
	ds audit bundle "$r" -o "$T/b$r" >/dev/null || nok "bundle of round $r"
	"$DORPSSTEM" audit verify "$T/b$r" >"$T/v$r.out" 2>&1
	check "the bundle of round $r verifies, spending included" sh -c "
	grep -q 'is correct' '$T/v$r.out' && grep -q '^OK: spending' '$T/v$r.out' && ! grep -q '^FAILED' '$T/v$r.out'"
done
# The verifier written from the docs alone (tests/adversary/spec_verify.py) agrees.
SPEC="$(dirname "$0")/../adversary/spec_verify.py"
spec_all() {
	local r
	for r in $ROUNDS; do
		python3 "$SPEC" "$T/b$r" --ledger "$T/ledger-c$r.txt" >"$T/spec$r.out" 2>&1 || { echo "# round $r:"; grep -v '^OK' "$T/spec$r.out"; return 1; }
		grep -qx 'OK: spending' "$T/spec$r.out" && ! grep -q '^FAILED' "$T/spec$r.out" || { echo "# round $r"; return 1; }
	done
}
for r in $ROUNDS; do ds audit ledger "$r" -o "$T/ledger-c$r.txt" >/dev/null || nok "audit ledger $r"; done
check "the spec-only verifier passes all nine bundles, spending and committee ledger included" spec_all
check "Warffum 2023's spending check adds up the overspend" grep -qx \
    "OK: spending: 6 events; 1 funded: granted € 2.000, paid € 2.200, spent € 2.200, returned € 0; 1 closed" "$T/v$W23.out"
check "the bundles carry the documents' hashes, not the documents" sh -c "
grep -q '$H1' '$T/b$K23/spending.txt' && ! grep -rq \"\$(printf 'Factuur 2023-101' | od -An -tx1 | tr -d ' \n')\" '$T/b$K23'"

# ---- the store altered behind the daemon's back: audit verify fails by name ----------------
stop_daemon
cp -a "$T/data" "$T/data.good"
start_daemon
restore() { stop_daemon; rm -rf "$T/data"; cp -a "$T/data.good" "$T/data"; start_daemon; }
# seq_of ROUND/NR TYPE N: the ledger number of the N-th event of TYPE about the initiative.
seq_of() {
	ds -j spending show "$1" | python3 -c '
import json,sys; d=json.load(sys.stdin)
print([e["event"] for e in d["events"] if e["type"]==sys.argv[1]][int(sys.argv[2])-1])' "$2" "$3"
}
tampered() {	# tampered NAME ROUND: the live daemon's bundle, verified
	ds audit bundle "$2" -o "$T/t-$1" >/dev/null || nok "bundle after $1"
	"$DORPSSTEM" audit verify "$T/t-$1" >"$T/t-$1.out" 2>&1; echo $? >"$T/t-$1.rc"
}
# 1. The Zand line of Speeltuin: € 450 becomes € 45.
S=$(seq_of "$K23/1" spending-add 2)
adv amount "$K23" "$S" 4500
tampered amount "$K23"
check "a changed accounting amount fails (exit 1)" test "$(cat "$T/t-amount.rc")" = 1
check "… by name: that record's organiser signature" grep -qE \
    "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field sig: the organiser's request signature does not verify" "$T/t-amount.out"
restore
# 2. The Klimrek line of Speeltuin taken out, the chain rewritten.
S=$(seq_of "$K23/1" spending-add 1)
adv drop "$K23" "$S"
check "with the line gone the daemon's own list no longer shows it" sh -c "
! '$DORPSSTEM' -s '$SOCK' spending show $K23/1 | grep -q Klimrek"
tampered removed "$K23"
check "a removed accounting line fails (exit 1)" test "$(cat "$T/t-removed.rc")" = 1
check "… by name: the signed close's spent" grep -qE \
    "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field spent: the signed close says € 2.450, the accounting lines add up to € 450: a line is missing or was changed" "$T/t-removed.out"
restore
# 3. An overspend decision for Speelveld filed as the organiser's, signed by nobody; the
# live daemon then lets a payment above the grant through.
ID=$(ds -j spending show "$U24/1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
expect_fail "before it, a payment above Speelveld's grant is refused" "overspend decision must come first" \
    ds spending pay "$U24/1" --amount 2500 --date 2025-01-10
adv nosig "$T/org.key.pub" overspend "$ID" 100000
check "the daemon fooled by its store takes the payment above the grant" \
    ds spending pay "$U24/1" --amount 2500 --date 2025-01-10
tampered unsigned "$U24"
check "an unsigned overspend decision fails (exit 1)" test "$(cat "$T/t-unsigned.rc")" = 1
check "… by name: no organiser signed it" grep -qE \
    "^FAILED: spending: spending.txt: record [0-9]+ \(line [0-9]+\): field sig: the organiser's request signature does not verify" "$T/t-unsigned.out"
restore
for name in amount removed unsigned; do
	python3 "$SPEC" "$T/t-$name" >"$T/spec-t-$name.out" 2>&1
	check "the spec-only verifier fails the spending check of '$name' too" grep -q '^FAILED: spending: ' "$T/spec-t-$name.out"
done
ds audit bundle "$U24" -o "$T/b-again" >/dev/null
check "the store put back, the bundle verifies again" "$DORPSSTEM" audit verify "$T/b-again"

# ---- contact details: never out ------------------------------------------------------------
for r in $ROUNDS; do
	ds result "$r" >"$T/result$r.txt" && ds -j result "$r" >"$T/result$r.json" || nok "result $r"
	ds pabulib export "$r" -o "$T/export$r.pb" >/dev/null || nok "pabulib export $r"
	ds audit ledger "$r" -o "$T/ledger$r.txt" >/dev/null || nok "audit ledger $r"
done
ds spending list >"$T/list.txt"; ds -j spending list >"$T/list.json"
for r in $ROUNDS; do ds initiative list "$r"; done >"$T/initiatives.txt"
for c in "$C1" "$C2" "$C3" "$C4"; do
	part=${c%% *}
	hex=$(printf '%s' "$part" | od -An -tx1 | tr -d ' \n')
	check "contact \"$part…\" is in no bundle, export, result, list, ledger, overview or log" sh -c "
	! grep -rqiF -e '$part' -e '$hex' '$T'/b[0-9]* '$T'/export* '$T'/result* '$T'/ledger* '$T/list.txt' \
	    '$T/list.json' '$T/initiatives.txt' '$T'/all-20* '$T/u-2025.json' '$T/daemon.log'"
done
check "the search can find what it looks for (a proposer, as hex in a bundle)" \
    grep -rqiF "$(printf '%s' Speeltuincommissie | od -An -tx1 | tr -d ' \n')" "$T/b$K23"
finish
