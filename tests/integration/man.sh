#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The man pages (docs/man/*): clean under `mandoc -Tlint` (any warning fails), and they say
# what the programs do: every command and option of `dorpsstem help`, every option of
# dorpsstemd's usage, every keyword of docs/config.md, the backup procedure.
set -u
: "${DORPSSTEM:?}" "${DORPSSTEMD:?}" "${TOP:?}"
FAILED=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; FAILED=1; }
if ! command -v mandoc >/dev/null; then
	nok "mandoc is missing (make deps installs it)"; exit 1
fi
T=$(mktemp -d /tmp/dorpsstem-man.XXXXXX)
trap 'rm -rf "$T"' EXIT
M="$TOP/docs/man"
for p in dorpsstem.1 dorpsstemd.8 dorpsstemd.conf.5; do
	if [ ! -f "$M/$p" ]; then nok "$p exists"; continue; fi
	if mandoc -Tlint -Wwarning "$M/$p" >"$T/lint" 2>&1 && [ ! -s "$T/lint" ]; then
		ok "mandoc -Tlint: $p has no warning"
	else
		nok "mandoc -Tlint: $p"; sed 's/^/#   /' "$T/lint" | head -10
	fi
	if head -5 "$M/$p" | grep -q '^\.Dd ' && grep -q '^\.Sh NAME' "$M/$p" && grep -q '^\.Nm ' "$M/$p"; then
		ok "$p is mdoc"
	else
		nok "$p is mdoc (.Dd, .Sh NAME, .Nm)"
	fi
	mandoc -Tascii "$M/$p" | col -bx >"$T/$p.txt"
done

# dorpsstem(1): every command, and every option its --help lists.
miss=""
while read -r w s _; do
	case "$s" in [a-z]*) c="$w $s" ;; *) c="$w" ;; esac
	grep -q "$c" "$T/dorpsstem.1.txt" || miss="$miss [$c]"
	for o in $("$DORPSSTEM" $c --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "$o" "$T/dorpsstem.1.txt" || miss="$miss [$c $o]"
	done
done < <("$DORPSSTEM" help | sed -n 's/^  \([a-z]\)/\1/p' | grep -v '^pabulib tally|check')
n=$("$DORPSSTEM" help | grep -c '^  [a-z]')
if [ -z "$miss" ] && [ "$n" -gt 30 ]; then ok "dorpsstem(1) has all $n commands of dorpsstem help and their options"
else nok "dorpsstem(1) lacks:$miss"; fi

# dorpsstemd(8): every option of the usage message.
miss=""
for o in $("$DORPSSTEMD" -h 2>&1 | sed -n 's/^  \(-[A-Za-z]\).*/\1/p'); do
	grep -qE -- "^ +$o( |,|$)" "$T/dorpsstemd.8.txt" || miss="$miss $o"
done
if [ -z "$miss" ]; then ok "dorpsstemd(8) describes every option of its usage"; else nok "dorpsstemd(8) lacks$miss"; fi
for w in "mdb_copy -c" "daemon.key" "tls.key" "SIGHUP" "/etc/dorpsstem/dorpsstemd.conf"; do
	if grep -q -- "$w" "$T/dorpsstemd.8.txt"; then ok "dorpsstemd(8) mentions $w"; else nok "dorpsstemd(8) mentions $w"; fi
done

# dorpsstemd.conf(5): every keyword of docs/config.md's table.
miss=""
while read -r kw; do
	grep -q "$kw" "$T/dorpsstemd.conf.5.txt" || miss="$miss [$kw]"
done < <(sed -n 's/^| `\([a-z][a-z -]*[a-z]\)\( [A-Z].*\)\{0,1\}` |.*/\1/p' "$TOP/docs/config.md" | sed 's/ \[port$//')
n=$(sed -n 's/^| `\([a-z][a-z -]*[a-z]\)\( [A-Z].*\)\{0,1\}` |.*/\1/p' "$TOP/docs/config.md" | wc -l)
if [ -z "$miss" ] && [ "$n" -ge 12 ]; then ok "dorpsstemd.conf(5) has all $n keywords of docs/config.md"
else nok "dorpsstemd.conf(5) lacks ($n keywords):$miss"; fi
exit $FAILED
