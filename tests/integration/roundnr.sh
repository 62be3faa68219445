#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# One number per initiative per round (issue 13): a second round's initiatives are 1..n
# there, though their daemon-wide ids go on from the first round's. Lists, admit/reject
# as ROUND/NR, vote --choose, the result (text, JSON, CSV, HTML) and the pabulib export's
# names show that number; JSON carries the number and the id; rejected ones keep theirs.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
vote() { "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$@"; }
ds village add Kantens >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null

# Round 1 takes ids 1..3, so round 2's initiatives are ids 4..7.
R1=$(ds -j round create Kantens "Eerste" --budget 100 --ballot approval --rule greedy | jid)
for t in A B C; do ds initiative add "$R1" --title "$t" --cost 10 >/dev/null; done
R2=$(ds -j round create Kantens "Tweede" --budget 10000 --ballot approval --rule greedy | jid)
out=$(ds initiative add "$R2" --title "Repair Café" --cost 4000)
check "initiative add names the new initiative ROUND/NR" test "$out" = "initiative $R2/1 added"
J=$(ds -j initiative add "$R2" --title "Nieuw dak" --cost 6000)
check "initiative add -j carries the id, the round and the number" python3 -c '
import json,sys; d=json.loads(sys.argv[1]); assert d["nr"]==2 and d["round"]==int(sys.argv[2]) and d["id"]==5, d' "$J" "$R2"
ds initiative add "$R2" --title "AED" --cost 3000 >/dev/null
ds initiative add "$R2" --title "Speeltuin" --cost 3500 >/dev/null

check "admit takes ROUND/NR" sh -c "test \"\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' initiative admit $R2/1)\" = 'initiative $R2/1 admitted'"
check "reject takes ROUND/NR" ds initiative reject "$R2/2" --reason "Geen offerte"
J=$(ds -j initiative admit "$R2/3")
check "admit -j carries the number and the id" python3 -c '
import json,sys; d=json.loads(sys.argv[1]); assert d["nr"]==3 and d["id"]==6, d' "$J"
check "a bare id still names an initiative (scripts)" ds initiative admit 7
expect_fail "a number the round does not have is refused" "has no initiative number 9" \
    ds initiative admit "$R2/9"
expect_fail "a malformed ROUND/NR is refused" "ROUND/NUMBER" ds initiative admit "$R2/x"
check "round 1 has its own numbers" sh -c "test \"\$('$DORPSSTEM' -s '$SOCK' -k '$T/org.key' initiative admit $R1/2)\" = 'initiative $R1/2 admitted'"
ds initiative list "$R2" >"$T/list.txt"
check "initiative list shows the round's numbers 1..4, not the ids" sh -c "
awk 'NR>1 {print \$1}' '$T/list.txt' | tr '\n' ' ' | grep -qx '1 2 3 4 '"
check "the rejected initiative keeps its number and its reason" grep -qE '^ *2 +rejected.*Geen offerte' "$T/list.txt"
ds -j initiative list "$R2" >"$T/list.json"
check "initiative list -j carries nr and id for each" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert [(i["nr"],i["id"]) for i in d["items"]]==[(1,4),(2,5),(3,6),(4,7)], d' "$T/list.json"
ds -j round show "$R2" >"$T/show.json"
check "round show -j carries nr and id, and is the same record otherwise" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert [(i["nr"],i["id"]) for i in d["initiatives"]]==[(1,4),(2,5),(3,6),(4,7)], d
assert d["name"]=="Tweede" and d["id"]==int(sys.argv[2]) and d["village_name"]=="Kantens" and d["kiosks"]==[]' "$T/show.json" "$R2"
check "round show lists the round's numbers" sh -c "'$DORPSSTEM' -s '$SOCK' round show $R2 | grep -qE '^ +4 +admitted .*Speeltuin'"

"$DORPSSTEM" codes generate "$R2" -n 6 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Tweede >/dev/null
ds credentials register "$R2" "$T/creds.txt" >/dev/null
ds round open "$R2" >/dev/null
mapfile -t C < <(codes "$T/cards.html")
check "vote --choose takes the round's numbers" vote "$R2" --code "${C[0]}" --choose 1,3
check "a second vote by number" vote "$R2" --code "${C[1]}" --choose 1,4
check "a third vote by number" vote "$R2" --code "${C[2]}" --choose 1
expect_fail "the rejected number is not on the ballot, said with its number" \
    "initiative $R2/2 is not on this ballot" vote "$R2" --code "${C[3]}" --choose 2
expect_fail "a number past the last is not on the ballot" "$R2/5 is not on this ballot" \
    vote "$R2" --code "${C[3]}" --choose 5
expect_fail "a number twice is refused with its number" "$R2/1 is chosen twice" \
    vote "$R2" --code "${C[3]}" --choose 1,1
ds round close "$R2" >/dev/null
ds result "$R2" >"$T/result.txt"
check "the result shows number 1 with 3 votes, not id 4" grep -qE '^ +1  Repair Café .* 3  ' "$T/result.txt"
check "the result shows number 4 (id 7) for Speeltuin" grep -qE '^ +4  Speeltuin' "$T/result.txt"
check "the result never shows id 6 or 7 as a number" sh -c "! grep -qE '^ +(6|7)  ' '$T/result.txt'"
ds -j result "$R2" >"$T/result.json"
check "result -j carries nr next to each initiative id" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))["result"]
assert [(i["initiative"],i["nr"]) for i in d["items"]]==[(4,1),(6,3),(7,4)], d["items"]' "$T/result.json"
ds result "$R2" --csv "$T/r.csv" --html "$T/r.html" >/dev/null
check "the CSV's first column is the round's number" sh -c "cut -d';' -f1 '$T/r.csv' | tail -n +2 | sort | tr '\n' ' ' | grep -qx '1 3 4 '"
check "the HTML's number cells are the round's numbers" sh -c "grep -o '<tr><td class=\"n\">[0-9]*' '$T/r.html' | sed 's/.*>//' | sort | tr '\n' ' ' | grep -qx '1 3 4 '"
ds pabulib export "$R2" -o "$T/r.pb" >/dev/null
check "the pabulib export's names carry the numbers" sh -c "grep -q ';1. Repair Café' '$T/r.pb' && grep -q ';4. Speeltuin' '$T/r.pb'"
check "its project ids stay the ids the recount's lot hashes" grep -qE '^7;' "$T/r.pb"
exit $FAILED
