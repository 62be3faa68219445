#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Small things an organiser or administrator meets first (issue 12): keygen into folders
# that do not exist yet, --version, `GROUP --help`, dorpsstemd -n without a config file,
# singular counts ("1 code", "1 checkpoint"), kiosks listed with their village's name.
. "$(dirname "$0")/lib.sh"

check "keygen -o makes the missing folders (the handleiding's first command)" \
    "$DORPSSTEM" keygen -o "$T/cfg/.config/dorpsstem/organiser.key"
check "… private: 0700 folders, a 0600 key" sh -c "test \$(stat -c %a '$T/cfg/.config') = 700 -a \$(stat -c %a '$T/cfg/.config/dorpsstem') = 700 -a \$(stat -c %a '$T/cfg/.config/dorpsstem/organiser.key') = 600"
chmod 0755 "$T/cfg/.config"
"$DORPSSTEM" keygen -o "$T/cfg/.config/other.key" >/dev/null
check "… and leaves an existing folder as it was" test "$(stat -c %a "$T/cfg/.config")" = 755
: >"$T/afile"
expect_fail "keygen under a file that is not a folder fails with a reason" "afile" \
    "$DORPSSTEM" keygen -o "$T/afile/x.key"

check "dorpsstem --version" sh -c "'$DORPSSTEM' --version | grep -qx 'dorpsstem [0-9][0-9.]*'"
check "dorpsstemd --version and -V" sh -c "'$DORPSSTEMD' --version | grep -qx 'dorpsstemd [0-9][0-9.]*' && '$DORPSSTEMD' -V | grep -qx 'dorpsstemd [0-9][0-9.]*'"
bad=""
for g in village round initiative credentials kiosk codes audit; do
	"$DORPSSTEM" $g --help >"$T/h" 2>"$T/he" && grep -q "$g " "$T/h" && [ ! -s "$T/he" ] || bad="$bad $g"
done
if [ -z "$bad" ]; then ok "GROUP --help lists the group on stdout and exits 0 (every group)"; else nok "GROUP --help:$bad"; fi
expect_fail "a group without a subcommand is still an error" "usage" "$DORPSSTEM" round

# The default config path, /etc/dorpsstem/dorpsstemd.conf, made empty in a private mount
# namespace if this machine has one.
if [ -e /etc/dorpsstem/dorpsstemd.conf ]; then
	mkdir "$T/emptyetc"
	unshare -m sh -c "mount --bind '$T/emptyetc' /etc/dorpsstem && '$DORPSSTEMD' -n" >"$T/out" 2>"$T/err"
else
	"$DORPSSTEMD" -n >"$T/out" 2>"$T/err"
fi
rc=$?
if [ "$rc" = 1 ] && grep -q '/etc/dorpsstem/dorpsstemd.conf: cannot open' "$T/err" && ! grep -q 'configuration OK' "$T/err"; then
	ok "dorpsstemd -n without /etc/dorpsstem/dorpsstemd.conf fails and says so"
else
	nok "dorpsstemd -n without a config file (exit $rc)"; sed 's/^/#   /' "$T/err"
fi

start_daemon
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add "Kantens" >/dev/null
ds village add "Zandeweer" >/dev/null
ds kiosk enroll Zandeweer "$T/kiosk.key.pub" --name dorpshuis >/dev/null
ds kiosk list >"$T/kl"
check "kiosk list names the village" grep -qE '^ +1  Zandeweer +active ' "$T/kl"
check "kiosk list -j keeps the village id" sh -c "'$DORPSSTEM' -s '$SOCK' -j kiosk list | grep -q '\"village\":2'"
R=$(ds -j round create Zandeweer "Klein" --budget "€ 500,-" --ballot approval --rule greedy | jid)
ds initiative admit "$(ds -j initiative add "$R" --title Bankje --cost "250 euro" | jid)" >/dev/null
"$DORPSSTEM" codes generate "$R" -n 1 --cards "$T/c.html" --credentials "$T/c.cred" \
    --village Zandeweer --round-name Klein >"$T/gen"
check "codes generate -n 1 says \"1 code\"" grep -q "^1 code for round $R:" "$T/gen"
ds credentials register "$R" "$T/c.cred" >/dev/null
ds round open "$R" >/dev/null
"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$(codes "$T/c.html")" --choose 1 >/dev/null
ds round checkpoint "$R" --new >/dev/null
ds round close "$R" >/dev/null
ds audit bundle "$R" -o "$T/bundle" >"$T/b"
check "audit bundle says \"1 ballot, 1 credential, 1 checkpoint\"" grep -q ": 1 ballot, 1 credential, 1 checkpoint$" "$T/b"
finish
