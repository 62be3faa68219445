#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# tests/integration/config.sh — the golden configuration files through the real daemon.
#
# For every tests/golden/config/good-*.conf: `dorpsstemd -nv -f FILE` exits 0, says
# "configuration OK" on stderr and prints exactly good-*.out on stdout; `-n` alone prints
# nothing on stdout.  For every bad-*.conf: `dorpsstemd -n -f FILE` exits 1 and its stderr
# holds exactly the "FILE:..." lines of bad-*.err (other lines, such as a closing summary,
# are allowed).  Runs in the golden directory so messages carry the relative path.
# Prints "ok - ", "not ok - " or "skip - " per check (protocol: tests/run-tests).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DORPSSTEMD=${DORPSSTEMD:-$TOP/build/dorpsstemd}
cd "$TOP/tests/golden/config" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$DORPSSTEMD" ]; then
	for f in good-*.conf bad-*.conf; do
		echo "skip - config $f (no daemon binary at $DORPSSTEMD)"
	done
	exit 0
fi

n=0
for f in good-*.conf; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	want=${f%.conf}.out
	"$DORPSSTEMD" -nv -f "$f" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
	if [ "$rc" != 0 ]; then
		echo "not ok - config $f: dorpsstemd -nv exited $rc"; sed 's/^/#   /' "$tmp/err"
	elif ! grep -qx 'configuration OK' "$tmp/err"; then
		echo "not ok - config $f: no \"configuration OK\" on stderr"; sed 's/^/#   /' "$tmp/err"
	elif ! diff -u "$want" "$tmp/out" >"$tmp/diff"; then
		echo "not ok - config $f: -nv output differs from $want"; sed 's/^/#   /' "$tmp/diff"
	else
		"$DORPSSTEMD" -n -f "$f" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
		if [ "$rc" != 0 ] || [ -s "$tmp/out" ]; then
			echo "not ok - config $f: dorpsstemd -n exited $rc or printed on stdout"
		else
			echo "ok - config $f"
		fi
	fi
done

for f in bad-*.conf; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	want=${f%.conf}.err
	"$DORPSSTEMD" -n -f "$f" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
	# Only the lines about this file (dots in the name escaped).
	grep -E "^${f//./\\.}:" "$tmp/err" >"$tmp/msgs"
	if [ "$rc" != 1 ]; then
		echo "not ok - config $f: dorpsstemd -n exited $rc, expected 1"; sed 's/^/#   /' "$tmp/err"
	elif ! diff -u "$want" "$tmp/msgs" >"$tmp/diff"; then
		echo "not ok - config $f: messages differ from $want"; sed 's/^/#   /' "$tmp/diff"
	else
		echo "ok - config $f"
	fi
done

# A file that cannot be opened is an error too, named in the message.
"$DORPSSTEMD" -n -f no-such-file.conf >/dev/null 2>"$tmp/err" </dev/null; rc=$?
if [ "$rc" = 1 ] && grep -qx 'no-such-file.conf: cannot open: No such file or directory' "$tmp/err"; then
	echo "ok - config missing file"
else
	echo "not ok - config missing file: exit $rc"; sed 's/^/#   /' "$tmp/err"
fi

# The documented example must pass the daemon's own check.
if "$DORPSSTEMD" -n -f "$TOP/conf/dorpsstemd.conf" >/dev/null 2>"$tmp/err" </dev/null; then
	echo "ok - config conf/dorpsstemd.conf"
else
	echo "not ok - config conf/dorpsstemd.conf"; sed 's/^/#   /' "$tmp/err"
fi

if [ "$n" -lt 15 ]; then
	echo "not ok - config: only $n golden files found"
fi
