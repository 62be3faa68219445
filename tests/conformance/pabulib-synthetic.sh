#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# tests/conformance/pabulib-synthetic.sh — what the wider pabulib collection holds (RULES.md,
# "What the wider pabulib collection also holds"), on small synthetic files in
# tests/data/pabulib/, through the real CLI, against outcomes worked out by hand below.
# Env (tests/run-tests): DORPSSTEM, TOP.  Prints ok / not ok lines.
set -u
S=${TOP:-.}/tests/data/pabulib
if [ ! -x "${DORPSSTEM:-}" ]; then
	echo "not ok - pabulib synthetic: no client at ${DORPSSTEM:-?}"
	exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { # NAME COMMAND... : ok if the command succeeds
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; fi
}
funded() { # FILE ARGS... → the ids after "Funded: " (first line), or ERROR
	"$DORPSSTEM" pabulib tally "$@" 2>/dev/null | sed -n '1s/^Funded: //p'
}
json() { "$DORPSSTEM" -j pabulib tally "$@" 2>/dev/null; }
is() { # NAME GOT WANT
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1: expected '$3' got '$2'"; fi
}
has() { # NAME TEXT NEEDLE
	if grep -qF -- "$3" <<<"$2"; then echo "ok - $1"; else echo "not ok - $1: no '$3' in: $(head -c 300 <<<"$2")"; fi
}
# The JSON object of one project in -j output: {"id":"X",...}
proj() { grep -o "{\"id\":\"$2\"[^}]*}" <<<"$1"; }

# --- a project listed twice in one vote (line 18: "1;B,B,C") ---
# Counted once: A 3 votes, B 2, C 1; budget 1000: A (600, 400 left), B (500) does not
# fit, C (300) fits -> A,C, the official outcome.  Counted twice, B (3 votes, cheaper)
# would come first: B,C.
is "duplicate id: counted once, greedy funds A,C" "$(funded "$S/dup_id.pb")" "A,C"
err=$("$DORPSSTEM" pabulib tally "$S/dup_id.pb" 2>&1 >/dev/null)
has "duplicate id: tally warns with the line" "$err" "dup_id.pb:18: vote lists project B twice; counted once"
out=$("$DORPSSTEM" pabulib check "$S/dup_id.pb" 2>&1); rc=$?
has "duplicate id: check reports it as the checker does" "$out" "dup_id.pb:18: vote lists project B twice"
is "duplicate id: check exits 1" "$rc" 1
has "duplicate id: B has 2 votes" "$(proj "$(json "$S/dup_id.pb")" B)" '"votes":2'

# --- withdrawn projects (sentinel cost 999999999) ---
# Votes A 5, W 4, B 3, C 2; budget 1000.  greedy-no-skip: A (600 left), W withdrawn (not a
# stop), B (300 left), C (500) does not fit: stop -> A,B.  Stopping at W would fund only A.
is "sentinel: greedy-no-skip skips W and funds A,B" "$(funded "$S/sentinel_greedy_no_skip.pb")" "A,B"
is "sentinel: greedy funds A,B" "$(funded "$S/sentinel_greedy.pb")" "A,B"
for r in greedy greedy_no_skip; do
	w=$(proj "$(json "$S/sentinel_$r.pb")" W)
	has "sentinel ($r): W is withdrawn" "$w" '"reason":"withdrawn"'
	has "sentinel ($r): explained ingetrokken / withdrawn" "$w" 'ingetrokken / withdrawn'
done
has "sentinel: C did not fit after B (300 left)" "$(proj "$(json "$S/sentinel_greedy_no_skip.pb")" C)" '"left_cents":30000'
is "sentinel: also never funded under equalshares/add1" \
    "$(json "$S/sentinel_greedy.pb" --rule equalshares/add1 | grep -o '{"id":"W"[^}]*"selected":[a-z]*')" \
    '{"id":"W","name":"","cost_cents":99999999900,"votes":4,"score":4,"selected":false'

# --- META threshold with greedy-no-skip (all Gdynia files) ---
# Threshold 3: A (5), C (4) take part, B (2), D (1) do not: A, C (300 left) -> A,C.
is "threshold with greedy-no-skip: A,C" "$(funded "$S/threshold_no_skip.pb")" "A,C"
has "threshold with greedy-no-skip: B below it" "$(proj "$(json "$S/threshold_no_skip.pb")" B)" '"reason":"below-threshold"'
# An explicit --rule greedy-no-skip is pabutools' rule, without META's threshold: all fit.
is "explicit --rule greedy-no-skip ignores META's threshold" \
    "$(funded "$S/threshold_no_skip.pb" --rule greedy-no-skip)" "A,B,C,D"
is "explicit --rule greedy with --threshold 3" \
    "$(funded "$S/threshold_no_skip.pb" --rule greedy --threshold 3)" "A,C"

# --- META rule families, one instance: budget 100, v1 A,B; v2 A; v3 A,C; v4 B ---
# Votes A 3, B 2, C 1.  Greedy: A (40 left), B (0 left), C does not fit -> A,B.
for r in greedy_custom greedy_exclusive; do
	is "META rule ${r//_/-}: tallied as greedy, A,B" "$(funded "$S/rule_$r.pb")" "A,B"
	has "META rule ${r//_/-}: with a note" "$(json "$S/rule_$r.pb")" '"note":"tallied as greedy'
done
has "META rule greedy-custom: text note" "$("$DORPSSTEM" pabulib tally "$S/rule_greedy_custom.pb")" \
    "Note: tallied as greedy (the checker does the same); the city had extra conditions"
# greedy-threshold, threshold 2: C (1 vote) does not take part -> A,B.
is "META rule greedy-threshold: A,B" "$(funded "$S/rule_greedy_threshold.pb")" "A,B"
has "META rule greedy-threshold: C below it" "$(proj "$(json "$S/rule_greedy_threshold.pb")" C)" '"reason":"below-threshold"'
# Equal Shares: b = 25 each.  A: 3 supporters pay 20 (rho 1/3); B: 2 pay 20 (rho 1/2);
# C: v3 has 25 < 30.  Fund A; then B's supporters have 5 + 25 = 30 < 40, C's 5: stop -> A.
is "META rule equalshares: A" "$(funded "$S/rule_equalshares.pb")" "A"
# add1 (raise b = 25 + k euro): after A, B's supporters hold 30 + 2k: B from k = 5 on
# (spent 100); C's supporter v3 holds 5 + k: C from k = 25 on, which overshoots (130).
# Checker stop: the last that fits is k = 24 (b = 49).  Exhaustive stop: k = 5 (nothing
# is left, C cannot fit).
a=$(json "$S/rule_equalshares_add1.pb")
has "META rule equalshares/add1: A,B" "$a" '"selected":["A","B"]'
has "META rule equalshares/add1: 24 raises, 49 per voter" "$a" '"voter_budget_cents":4900,"add1_steps":24'
a=$(json "$S/rule_equalshares_add1.pb" --add1-stop exhaustive)
has "equalshares/add1, exhaustive stop: 5 raises" "$a" '"voter_budget_cents":3000,"add1_steps":5'
# -comparison: greedy gives A,B as well: every voter is indifferent, a tie keeps MES.
a=$(json "$S/rule_equalshares_add1_comparison.pb")
has "META rule equalshares/add1-comparison: A,B, equal shares kept" "$a" \
    '"comparison":{"prefer_equalshares":0,"prefer_greedy":0,"kept":"equalshares"}'
out=$("$DORPSSTEM" pabulib tally "$S/rule_unknown.pb" 2>&1); rc=$?
is "META rule unknown: refused" "$rc" 1
has "META rule unknown: the sentence names the rules" "$out" \
    'the file'"'"'s rule is "unknown", which says nothing we can run; give one with --rule: greedy, greedy-no-skip,'
is "META rule unknown: --rule greedy runs" "$(funded "$S/rule_unknown.pb" --rule greedy)" "A,B"

# --- a HUF-sized budget: the same voters, amounts times 10^6 forint ---
# add1 by one forint: B from k = 5,000,000 on, C overshoots from k = 25,000,000 on.
a=$(json "$S/huf_add1.pb")
has "HUF add1 (checker stop): 24,999,999 raises" "$a" '"voter_budget_cents":4999999900,"add1_steps":24999999'
a=$(json "$S/huf_add1.pb" --add1-stop exhaustive)
has "HUF add1 (exhaustive stop): 5,000,000 raises" "$a" '"voter_budget_cents":3000000000,"add1_steps":5000000'

# --- timing in -j ---
a=$(json "$S/rule_equalshares.pb")
check "-j carries tally_seconds and parse_seconds" \
    grep -qE '"tally_seconds":[0-9]+\.[0-9]{6},"parse_seconds":[0-9]+\.[0-9]{6}' <<<"$a"

# --- batch mode ---
"$DORPSSTEM" pabulib tally "$S" >"$T/b.txt" 2>"$T/b.err"; rc=$?
is "batch tally: exit 1 (one file refused)" "$rc" 1
is "batch tally: one line per file and a total" "$(wc -l <"$T/b.txt")" 13
has "batch tally: the total" "$(tail -1 "$T/b.txt")" "total: 12 files, 11 tallied, 1 not; official outcome reproduced in 4 of 4 files that have one; 1 with checker problems"
has "batch tally: the refused file is reported" "$(cat "$T/b.txt")" "rule_unknown.pb: not tallied: the file's rule is \"unknown\""
has "batch tally: a summary line" "$(grep dup_id "$T/b.txt")" "dup_id.pb: greedy; official outcome reproduced; funded 2 (A,C); tally "
check "batch tally: no progress bar when stderr is not a terminal" test ! -s "$T/b.err"
if command -v script >/dev/null 2>&1; then
	script -qc "'$DORPSSTEM' pabulib tally '$S'" /dev/null >"$T/tty.txt" 2>&1 </dev/null
	has "batch tally: a progress bar on a terminal" "$(cat "$T/tty.txt")" "] 11/12 threshold_no_skip.pb"
	has "batch tally: the bar is cleared before each line" "$(cat "$T/tty.txt")" \
	    "$(printf '\r\033[K')$S/dup_id.pb: greedy;"
else
	echo "skip - batch tally progress bar (no script(1) to give it a terminal)"
fi
"$DORPSSTEM" pabulib tally "$S/dup_id.pb" "$S/nope.pb" "$S/rule_equalshares.pb" --format csv >"$T/c.csv" 2>/dev/null; rc=$?
is "batch tally CSV: an unreadable file does not stop the batch" "$(wc -l <"$T/c.csv")" 5
has "batch tally CSV: header" "$(head -1 "$T/c.csv")" "file,status,rule,official,funded,spent_cents,budget_cents,tally_seconds,parse_seconds,problems,selected,message"
has "batch tally CSV: the unreadable file" "$(grep nope "$T/c.csv")" ",error,"
is "batch tally CSV: exit 1" "$rc" 1
"$DORPSSTEM" -j pabulib tally "$S" >"$T/j.txt" 2>/dev/null
is "batch tally JSON lines: 12 + total" "$(grep -c '^{' "$T/j.txt")" 13
has "batch tally JSON: equalshares line" "$(grep rule_equalshares.pb "$T/j.txt")" '"status":"ok","rule":"equalshares","official":null,"funded":1'
"$DORPSSTEM" pabulib check "$S" >"$T/k.txt" 2>/dev/null; rc=$?
is "batch check: exit 1 (dup_id has a checker problem)" "$rc" 1
has "batch check: total" "$(tail -1 "$T/k.txt")" "total: 12 files, 12 read, 0 not; 1 with problems"
exit 0
