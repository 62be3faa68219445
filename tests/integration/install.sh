#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# `make install DESTDIR=…`: what lands where, with which modes; the hardened unit (and
# `systemd-analyze verify`); an existing config is kept; and the installed tree started as
# it is — in private mount and network namespaces, with the user that sysusers.d creates
# and the directory tmpfiles.d makes, the daemon run as the unit runs it, from the installed
# config at its default path. Then `make uninstall`.
set -u
: "${DORPSSTEM:?}" "${DORPSSTEMD:?}" "${TOP:?}" "${BUILD:?}"
FAILED=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; FAILED=1; }
check() {
	local desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$desc"; else nok "$desc"; sed 's/^/#   /' "$T/out" "$T/err" | head -10; fi
}
T=$(mktemp -d /tmp/dorpsstem-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
D="$T/root"
MK() { make -s -C "$TOP" BUILD="$BUILD" "$@"; }

check "make install DESTDIR=… succeeds" MK install DESTDIR="$D"
P="$D/usr/local"
want="
0755 $P/sbin/dorpsstemd
0755 $P/bin/dorpsstem
0644 $P/share/man/man1/dorpsstem.1
0644 $P/share/man/man5/dorpsstemd.conf.5
0644 $P/share/man/man8/dorpsstemd.8
0644 $D/etc/dorpsstem/dorpsstemd.conf
0644 $P/share/doc/dorpsstem/examples/dorpsstemd.conf
0644 $P/share/doc/dorpsstem/handleiding.md
0644 $P/share/doc/dorpsstem/README.md
0644 $P/lib/systemd/system/dorpsstemd.service
0644 $P/lib/sysusers.d/dorpsstem.conf
0644 $P/lib/tmpfiles.d/dorpsstem.conf"
bad=""
while read -r mode f; do
	[ -n "$f" ] || continue
	[ -f "$f" ] && [ "$(stat -c %a "$f")" = "${mode#0}" ] || bad="$bad ${f#$D}"
done <<<"$want"
if [ -z "$bad" ]; then ok "binaries, man pages, config, unit, sysusers and tmpfiles entries installed with their modes"
else nok "missing or wrong mode:$bad"; fi
check "the installed programs say their version" sh -c "'$P/sbin/dorpsstemd' --version | grep -qx 'dorpsstemd [0-9.]*' && '$P/bin/dorpsstem' --version | grep -qx 'dorpsstem [0-9.]*'"
check "the installed man pages are the ones in docs/man" cmp -s "$P/share/man/man8/dorpsstemd.8" "$TOP/docs/man/dorpsstemd.8"

U="$P/lib/systemd/system/dorpsstemd.service"
miss=""
for l in "ExecStart=/usr/local/sbin/dorpsstemd -d -f /etc/dorpsstem/dorpsstemd.conf" \
    "ExecStartPre=/usr/local/sbin/dorpsstemd -n -f /etc/dorpsstem/dorpsstemd.conf" \
    "User=dorpsstem" "StateDirectory=dorpsstem" "NoNewPrivileges=yes" "ProtectSystem=strict" \
    "ProtectHome=yes" "PrivateTmp=yes" "PrivateDevices=yes" "CapabilityBoundingSet=" \
    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" "SystemCallFilter=@system-service" \
    "MemoryDenyWriteExecute=yes" "WantedBy=multi-user.target"; do
	grep -qxF -- "$l" "$U" || miss="$miss [$l]"
done
if [ -z "$miss" ]; then ok "the unit is hardened and runs the installed daemon with the installed config"
else nok "the unit lacks:$miss"; fi
check "sysusers.d makes the system user dorpsstem with home /var/lib/dorpsstem" \
    grep -qE '^u dorpsstem - ".*" /var/lib/dorpsstem$' "$P/lib/sysusers.d/dorpsstem.conf"
check "tmpfiles.d makes /var/lib/dorpsstem, 0700, owned by dorpsstem" \
    grep -qE '^d /var/lib/dorpsstem 0700 dorpsstem dorpsstem -$' "$P/lib/tmpfiles.d/dorpsstem.conf"
C="$D/etc/dorpsstem/dorpsstemd.conf"
check "the installed config passes dorpsstemd -n" "$DORPSSTEMD" -n -f "$C"
check "it keeps the data in /var/lib/dorpsstem and runs as dorpsstem" sh -c \
    "'$DORPSSTEMD' -nv -f '$C' 2>/dev/null | grep -qx 'datadir \"/var/lib/dorpsstem\"' && '$DORPSSTEMD' -nv -f '$C' 2>/dev/null | grep -qx 'user \"dorpsstem\"'"
check "it trusts no organiser key of the documented example" sh -c "! grep -q '^organiser' '$C' && grep -q '^# organiser' '$C'"

# The unit as systemd sees it, with the installed program and man pages in place.
if command -v systemd-analyze >/dev/null && unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount --bind '$P' /usr/local && systemd-analyze verify '$U'" >"$T/verify" 2>&1
	rc=$?
	if [ "$rc" = 0 ] && [ ! -s "$T/verify" ]; then ok "systemd-analyze verify: the unit is clean"
	else nok "systemd-analyze verify (exit $rc)"; sed 's/^/#   /' "$T/verify" | head; fi
else
	nok "systemd-analyze and unshare are needed (make deps installs systemd)"
fi

# Started as installed: private /etc (a copy with the sysusers user), /var/lib, /usr/local
# and network; tmpfiles makes the data directory; the daemon runs as the unit runs it
# (ExecStartPre, then ExecStart as User=dorpsstem) from the default config path.
mkdir -p "$T/etc" "$T/varlib"
cp -a /etc/. "$T/etc/" 2>/dev/null
cp -a "$D/etc/dorpsstem" "$T/etc/"
cat >"$T/run-installed" <<'SH'
set -eu
T=$1 P=$2
mount --bind "$T/etc" /etc
mount --bind "$T/varlib" /var/lib
mount --bind "$P" /usr/local
ip link set lo up
systemd-sysusers /usr/local/lib/sysusers.d/dorpsstem.conf
getent passwd dorpsstem | grep -q ':/var/lib/dorpsstem:' && echo "ok - sysusers created the user dorpsstem"
systemd-tmpfiles --create /usr/local/lib/tmpfiles.d/dorpsstem.conf
[ "$(stat -c '%U %a' /var/lib/dorpsstem)" = "dorpsstem 700" ] && echo "ok - tmpfiles made /var/lib/dorpsstem for dorpsstem, 0700"
pre=$(sed -n 's/^ExecStartPre=//p' /usr/local/lib/systemd/system/dorpsstemd.service)
start=$(sed -n 's/^ExecStart=//p' /usr/local/lib/systemd/system/dorpsstemd.service)
setpriv --reuid=dorpsstem --regid=dorpsstem --init-groups $pre && echo "ok - ExecStartPre (dorpsstemd -n) accepts the installed config"
setpriv --reuid=dorpsstem --regid=dorpsstem --init-groups $start 2>"$T/daemon.log" &
pid=$!
for i in $(seq 1 100); do
	/usr/local/bin/dorpsstem -s /var/lib/dorpsstem/dorpsstemd.sock status >/dev/null 2>&1 && break
	sleep 0.05
done
/usr/local/bin/dorpsstem -s /var/lib/dorpsstem/dorpsstemd.sock status >"$T/status" && echo "ok - the installed daemon starts and answers on /var/lib/dorpsstem/dorpsstemd.sock"
[ "$(stat -c %U /proc/$pid)" = dorpsstem ] && echo "ok - it runs as dorpsstem"
fp=$(setpriv --reuid=dorpsstem --regid=dorpsstem --init-groups /usr/local/sbin/dorpsstemd -F)
HOME=$T DORPSSTEM_HOME=$T/home /usr/local/bin/dorpsstem -H 127.0.0.1:7447 --fingerprint "$fp" status >/dev/null &&
    echo "ok - kiosks reach it over TLS on 127.0.0.1:7447, as the config says"
[ "$(stat -c '%U %a' /var/lib/dorpsstem/dorpsstemd.sock)" = "dorpsstem 660" ] && [ "$(stat -c %G /var/lib/dorpsstem/dorpsstemd.sock)" = dorpsstem ] &&
    echo "ok - the control socket is for group dorpsstem (mode 0660)"
reload=$(sed -n 's/^ExecReload=//p' /usr/local/lib/systemd/system/dorpsstemd.service)
reload=${reload//'${MAINPID}'/$pid}
eval "$reload"
for i in $(seq 1 50); do grep -q 'configuration reloaded' "$T/daemon.log" && break; sleep 0.05; done
grep -q 'SIGHUP: configuration reloaded' "$T/daemon.log" && echo "ok - ExecReload (systemctl reload) makes it re-read the config"
kill $pid; wait $pid && echo "ok - it stops cleanly on SIGTERM"
SH
if unshare -m -n true 2>/dev/null && command -v setpriv >/dev/null && command -v ip >/dev/null; then
	unshare -m -n bash "$T/run-installed" "$T" "$P" >"$T/installed.out" 2>&1
	cat "$T/installed.out" | grep -E '^(ok|not ok) - '
	n=$(grep -c '^ok - ' "$T/installed.out")
	if [ "$n" != 9 ]; then
		nok "the installed tree started as it is ($n of 9 steps)"
		grep -v '^ok - ' "$T/installed.out" | sed 's/^/#   /' | head -20
		[ -f "$T/daemon.log" ] && sed 's/^/#   daemon: /' "$T/daemon.log" | tail -10
	fi
else
	nok "starting the installed tree needs unshare, setpriv and ip (root; make deps)"
fi

# A changed config survives a second install and an uninstall; the rest goes.
echo "# changed by the administrator" >>"$C"
MK install DESTDIR="$D" >"$T/again" 2>&1
check "a second install keeps the changed config" sh -c "grep -q 'changed by the administrator' '$C' && grep -q keeping '$T/again'"
check "make uninstall succeeds" MK uninstall DESTDIR="$D"
check "uninstall leaves only the changed config" sh -c "test \"\$(find '$D' -type f)\" = '$C'"
rm -rf "$D"
MK install DESTDIR="$D" >/dev/null 2>&1
MK uninstall DESTDIR="$D" >/dev/null 2>&1
check "install then uninstall leaves no file" sh -c "test -z \"\$(find '$D' -type f)\""
check "LOCALSTATEDIR moves the data directory everywhere" sh -c "
    make -s -C '$TOP' BUILD='$BUILD' install DESTDIR='$T/r2' LOCALSTATEDIR=/srv >/dev/null &&
    grep -q '^datadir \"/srv/lib/dorpsstem\"' '$T/r2/etc/dorpsstem/dorpsstemd.conf' &&
    grep -q ' /srv/lib/dorpsstem' '$T/r2/usr/local/lib/tmpfiles.d/dorpsstem.conf'"
exit $FAILED
