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
