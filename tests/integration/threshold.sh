#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# A round with rule greedy-threshold (issue 11): `--rule greedy-threshold --threshold N` is
# the round's rule greedy-threshold:N, signed with the other settings; the count funds only
# initiatives with at least N votes; the result explains it with the number; the pabulib
# export carries META rule greedy-threshold and min_project_score_threshold N (so
# `pabulib tally` recounts it the same); the audit bundle verifies; round set changes N;
# malformed thresholds are refused by the client and by the daemon.
. "$(dirname "$0")/lib.sh"
start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
vote() { "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$@"; }
ds village add Warffum >/dev/null
ds kiosk enroll Warffum "$T/kiosk.key.pub" --name dorpshuis >/dev/null

expect_fail "greedy-threshold without --threshold is refused by the client" \
    "needs --threshold" ds round create Warffum X --budget 100 --ballot approval --rule greedy-threshold
expect_fail "--threshold with another rule is refused" "belongs to --rule greedy-threshold" \
    ds round create Warffum X --budget 100 --ballot approval --rule greedy --threshold 2
expect_fail "--threshold 0 is refused" "whole number from 1" \
    ds round create Warffum X --budget 100 --ballot approval --rule greedy-threshold --threshold 0
for bad in "greedy-threshold:" "greedy-threshold:02" "greedy-threshold:-1" \
    "greedy-threshold:1x" "greedy-threshold:1000000001"; do
	expect_fail "the daemon refuses the rule \"$bad\"" "unknown rule" \
	    ds round create Warffum X --budget 100 --ballot approval --rule "$bad"
done
check "nothing was created by the refusals" sh -c "test \"\$('$DORPSSTEM' -s '$SOCK' -j round list | grep -c '\"id\"')\" = 0"

R=$(ds -j round create Warffum "Drempel" --budget 10000 --ballot approval --rule greedy-threshold \
    --threshold 2 | jid)
check "round show names the rule with its threshold" sh -c \
    "'$DORPSSTEM' -s '$SOCK' round show $R | grep -qE 'rule +greedy-threshold:2'"
check "round set changes the threshold" ds round set "$R" --threshold 3
check "and keeps the rule" sh -c "'$DORPSSTEM' -s '$SOCK' -j round show $R | grep -q '\"rule\":\"greedy-threshold:3\"'"
for t in "Bankje bij de kerk:1000" "Jeu-de-boulesbaan:3000" "Bloembakken:500"; do
	ds initiative add "$R" --title "${t%%:*}" --cost "${t##*:}" >/dev/null
done
for n in 1 2 3; do ds initiative admit "$R/$n" >/dev/null; done
"$DORPSSTEM" codes generate "$R" -n 5 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Warffum --round-name Drempel >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
mapfile -t C < <(codes "$T/cards.html")
# Votes: Bankje 3 (reaches 3), Jeu-de-boules 4, Bloembakken 2 (below 3).
vote "$R" --code "${C[0]}" --choose 1,2,3 >/dev/null
vote "$R" --code "${C[1]}" --choose 1,2,3 >/dev/null
vote "$R" --code "${C[2]}" --choose 1,2 >/dev/null
vote "$R" --code "${C[3]}" --choose 2 >/dev/null
ds round close "$R" >/dev/null
ds -j result "$R" >"$T/result.json"
check "funded: the two with at least 3 votes; not the one with 2 (it would fit)" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))["result"]
f={i["nr"]:i["funded"] for i in d["items"]}
assert f=={1:1,2:1,3:0}, f
assert d["spent"]==400000, d["spent"]' "$T/result.json"
ds result "$R" >"$T/result.txt"
check "the result explains the rule with its number" grep -q "at least 3 votes" "$T/result.txt"
check "and why Bloembakken is not funded" grep -q "too few votes" "$T/result.txt"
ds pabulib export "$R" -o "$T/r.pb" >/dev/null
check "the export says rule greedy-threshold" grep -qE '^rule;greedy-threshold$' "$T/r.pb"
check "and min_project_score_threshold 3" grep -qE '^min_project_score_threshold;3$' "$T/r.pb"
"$DORPSSTEM" -j pabulib tally "$T/r.pb" >"$T/tally.json"
check "pabulib tally of the export funds the same" python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
sel=sorted(str(x) for x in d.get("selected", []))
items=json.load(open(sys.argv[2]))["result"]["items"]
want=sorted(str(i["initiative"]) for i in items if i["funded"])
assert sel==want, (sel, want)' "$T/tally.json" "$T/result.json"
ds audit bundle "$R" -o "$T/bundle" >/dev/null
check "the bundle of a greedy-threshold round verifies" "$DORPSSTEM" audit verify "$T/bundle"
# A publisher lowers the threshold in the bundle's round record (records are hex of the
# canonical encoding, docs/audit.md §2): the round-create event the organiser signed says
# 3, so verify names the field.
python3 - "$T/bundle/round.txt" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
a, b = b"greedy-threshold:3".hex(), b"greedy-threshold:2".hex()
assert a in s, "rule not found in round.txt"
open(p, "w").write(s.replace(a, b))
PY
"$DORPSSTEM" audit verify "$T/bundle" >"$T/verify.txt" 2>&1; rc=$?
check "a bundle whose round says threshold 2 fails verify (exit $rc), naming the rule and the signed event" \
    sh -c "test $rc != 0 && grep -q 'field rule: \"greedy-threshold:2\" here, \"greedy-threshold:3\" in the signed round-set event' '$T/verify.txt'"
finish
