#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The stored adversary vectors (tests/audit/adversary/, made by attacks.sh with
# ADV_VECTOR_OUT=DIR): each NAME/ is a bundle, NAME.args the verify options, NAME.expected
# the exact output of `dorpsstem audit verify NAME ARGS` run inside that directory. good-*
# must pass (exit 0), bad-* must fail (exit 1) — sample good and bad records for an
# independent verifier (docs/audit.md §8).
: "${DORPSSTEM:?}" "${TOP:?}"
V="$TOP/tests/audit/adversary"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
n=0
for args in "$V"/*.args; do
	[ -f "$args" ] || continue
	name=$(basename "$args" .args)
	want=1; case "$name" in good-*) want=0 ;; esac
	# shellcheck disable=SC2046
	(cd "$V" && "$DORPSSTEM" audit verify "$name" $(cat "$args")) >"$out" 2>&1; rc=$?
	if [ "$rc" != "$want" ]; then
		echo "not ok - vector $name: exit $rc, not $want"; sed 's/^/#   /' "$out" | grep FAILED | head -5
	elif ! diff -u "$V/$name.expected" "$out" >/dev/null; then
		echo "not ok - vector $name: output differs from $name.expected"
		diff -u "$V/$name.expected" "$out" | sed 's/^/#   /' | head -20
	else
		echo "ok - vector $name ($(grep -m1 '^FAILED' "$out" | cut -c1-100 || true))"
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || echo "not ok - no adversary vectors in $V"

# An independent verifier of the issue-9 checks, written from docs/ alone (spec_verify.py,
# Python): on every vector it must fail exactly the checks ours fails, of those it makes.
SPEC="$TOP/tests/adversary/spec_verify.py"
if ! python3 -c 'import cryptography' 2>/dev/null; then
	echo "skip - the spec-only verifier (python3 with cryptography missing)"
	exit 0
fi
names='root of trust|set-up signatures|ledger 0|request counters|round definition|credentials|ballot kiosks|ledger signatures|ledger ballots|spending'
for args in "$V"/*.args; do
	name=$(basename "$args" .args)
	# shellcheck disable=SC2046
	py=$(cd "$V" && python3 "$SPEC" "$name" $(cat "$args") | sed -n 's/^FAILED: \([^:]*\):.*/\1/p' | sort -u | tr '\n' ,)
	c=$(sed -n 's/^FAILED: \([^:]*\):.*/\1/p' "$V/$name.expected" | grep -E "^($names)\$" | sort -u | tr '\n' ,)
	if [ "$py" = "$c" ]; then echo "ok - the spec-only verifier agrees on $name (${c:-all OK})"
	else echo "not ok - the spec-only verifier on $name: fails [$py], ours [$c]"; fi
done
py=$(cd "$TOP/tests/audit" && python3 "$SPEC" bundle-ok --ledger ledger-ok.txt | sed -n 's/^fingerprint //p')
c=$(sed -n 's/^OK: root of trust: fingerprint \([0-9A-Z-]*\).*/\1/p' "$TOP/tests/audit/expected.txt")
if [ -n "$py" ] && [ "$py" = "$c" ]; then echo "ok - the spec-only verifier computes bundle-ok's fingerprint $c"
else echo "not ok - fingerprint of bundle-ok: spec-only $py, ours $c"; fi
