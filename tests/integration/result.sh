#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Closing a round counts it: the daemon tallies the real ballots with the round's rule and
# stores the result (state tallied); `dorpsstem result` shows it; `pabulib export` writes
# what was counted, and an offline recount of that file gives the same funded set.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null

# run_round RULE BALLOT: a round of four initiatives and 24 votes in a fixed pattern.
run_round() {
	local rule=$1 ballot=$2 extra=${3:-} r i n=0 ch
	r=$(ds -j round create Kantens "Ronde $rule" --budget 10000 --ballot "$ballot" $extra --rule "$rule" | jid)
	for t in "Repair Café:4000" "AED:3000" "Speeltuin:6000" "Oma's Soep:1500"; do
		i=$(ds -j initiative add "$r" --title "${t%%:*}" --cost "${t##*:}" | jid)
		ds initiative admit "$i" >/dev/null
		ids+=("$i")
	done
	"$DORPSSTEM" codes generate "$r" -n 24 --cards "$T/cards$r.html" --credentials "$T/creds$r.txt" \
	    --village Kantens --round-name "Ronde" >/dev/null
	ds credentials register "$r" "$T/creds$r.txt" >/dev/null
	ds round open "$r" >/dev/null
	for code in $(codes "$T/cards$r.html"); do
		n=$((n + 1))
		# --choose takes the round's numbers 1..4 (the ids go on across rounds).
		case $((n % 6)) in
		0|1) ch="1,2" ;;
		2) ch="3" ;;
		3) ch="3,4" ;;
		4) ch="1,4" ;;
		5) ch="2,4" ;;
		esac
		"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$r" --code "$code" --choose "$ch" >/dev/null || return 1
	done
	echo "$r"
}

ids=()
R=$(run_round equalshares/add1 knapsack)
check "24 ballots were cast" test -n "$R"
expect_fail "the result is not there while voting" "result comes when it closes" ds result "$R"
check "the round closes" ds round close "$R"
check "closing counted the round: state tallied" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"tallied\"'"
ds --lang nl result "$R" >"$T/result.txt"
check "the result names the rule and the ballot count" grep -q "Regel equalshares/add1.* 24 stemmen" "$T/result.txt"
check "the result has a bar per initiative" test "$(grep -c '█' "$T/result.txt")" -ge 4
check "the result says why an initiative was not funded" grep -qE "niet|te weinig" "$T/result.txt"
ds -j result "$R" >"$T/result.json"
check "result -j is JSON with the funded initiatives and amounts" python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); r=d["result"]
assert r["ballots"]==24 and r["budget"]==1000000 and r["spent"]+r["unspent"]==1000000, r
assert sum(i["cost"] for i in r["items"] if i["funded"])==r["spent"]
assert d["explanation"].startswith("Rule")' "$T/result.json"
check "result --csv writes a table" sh -c "'$DORPSSTEM' -s '$SOCK' result $R --csv '$T/r.csv' >/dev/null && test \$(wc -l <'$T/r.csv') = 5"
check "result --csv is for a Dutch spreadsheet: BOM, ';', Dutch headers, euros with a decimal comma, ja/nee" python3 -c '
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbfnummer;titel;kosten;stemmen;steun;gefinancierd;volgorde;reden\r\n"), raw[:80]
rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
items = {i["initiative"]: i for i in json.load(open(sys.argv[2]))["result"]["items"]}
assert len(rows) == len(items) == 4, rows
for r in rows:
    i = items[int(r["nummer"])]
    e, c = r["kosten"].split(",")
    assert len(c) == 2 and int(e) * 100 + int(c) == i["cost"], (r, i)
    assert r["gefinancierd"] == ("ja" if i["funded"] else "nee"), (r, i)
    assert int(r["stemmen"]) == i["score"] and r["titel"] == i["title"], (r, i)
    assert r["reden"], r
' "$T/r.csv" "$T/result.json"
ds result "$R" --html "$T/uitslag.html" >/dev/null
check "result --html writes a page with a row and a bar per initiative" sh -c "test \$(grep -o 'class=\"bar\"' '$T/uitslag.html' | wc -l) = 4 && grep -q 'Oma&#39;s Soep\|Oma.s Soep' '$T/uitslag.html' && grep -q '</html>' '$T/uitslag.html'"
expect_fail "result --html never overwrites a file" "cannot write" ds result "$R" --html "$T/uitslag.html"
check "pabulib export writes the counted round" ds pabulib export "$R" -o "$T/r.pb"
check "the export is a valid pabulib file" "$DORPSSTEM" pabulib check "$T/r.pb"
check "the export has 24 votes and no times" sh -c "grep -q '^num_votes;24' '$T/r.pb' && ! grep -qi 'time' '$T/r.pb'"
want=$(python3 -c 'import json,sys; print(",".join(str(i["initiative"]) for i in json.load(open(sys.argv[1]))["result"]["items"] if i["funded"]))' "$T/result.json")
seed=$(sed -n 's/^tie_break_seed;//p' "$T/r.pb")
got=$("$DORPSSTEM" pabulib tally "$T/r.pb" --seed "$seed" | sed -n '1s/^Funded: //p')
check "an offline recount of the export funds the same initiatives ($want)" test "$got" = "$want"
expect_fail "exporting a round that is still voting is refused" "published only after it closes" \
    sh -c "R2=\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' -j round create Kantens Open --budget 100 --ballot approval --rule greedy | sed -n 's/.*\"id\": *\([0-9]*\).*/\1/p'); I=\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' -j initiative add \$R2 --title X --cost 10 | sed -n 's/.*\"id\": *\([0-9]*\).*/\1/p'); '$DORPSSTEM' -s '$SOCK' -k '$T/org.key' initiative admit \$I >/dev/null; '$DORPSSTEM' -s '$SOCK' -k '$T/org.key' round open \$R2 >/dev/null; '$DORPSSTEM' -s '$SOCK' pabulib export \$R2 -o '$T/open.pb'"

ids=()
G=$(run_round greedy approval "--max 2")
ds round close "$G" >/dev/null
check "a greedy round is counted too" sh -c "'$DORPSSTEM' -s '$SOCK' --lang nl result $G | grep -q 'Regel greedy'"
kill9_daemon
start_daemon
check "the stored result survives kill -9" sh -c "'$DORPSSTEM' -s '$SOCK' -j result $R | grep -q '\"ballots\":24'"
finish
