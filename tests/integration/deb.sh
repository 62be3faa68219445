#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# The Debian package: `make deb` (dpkg-buildpackage -us -uc -b on a copy of the tree) builds
# a .deb whose contents, conffiles, dependencies and maintainer scripts are what an
# administrator needs (the user made by sysusers before the data directory, the unit
# enabled and started), lintian finds no error or warning, the unit verifies, and the
# package's sysusers and tmpfiles entries work on an unpacked root. Nothing is installed on
# this machine. Skipped only where the Debian tools are missing (make deps installs them).
set -u
: "${TOP:?}"
FAILED=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; FAILED=1; }
check() {
	local desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$desc"; else nok "$desc"; sed 's/^/#   /' "$T/out" "$T/err" | head -10; fi
}
for t in dpkg-buildpackage dh lintian fakeroot systemd-sysusers systemd-tmpfiles; do
	if ! command -v $t >/dev/null; then echo "skip - the Debian package (no $t; make deps installs it)"; exit 0; fi
done
T=$(mktemp -d /tmp/dorpsstem-deb.XXXXXX)
trap 'rm -rf "$T"' EXIT
V=$(sed -n 's/^#define DORPSSTEM_VERSION[^"]*"\(.*\)"/\1/p' "$TOP/proto/version.h")
check "debian/changelog is at version $V, the programs' version" \
    sh -c "head -1 '$TOP/debian/changelog' | grep -q '^dorpsstem ($V)'"
# The package's own unit tests ran in make check already.
DEB_BUILD_OPTIONS=nocheck make -s -C "$TOP" BUILD="$T/b" deb >"$T/build.log" 2>&1
rc=$?
DEB="$T/b/deb/dorpsstem_${V}_$(dpkg --print-architecture).deb"
if [ "$rc" = 0 ] && [ -f "$DEB" ]; then ok "make deb builds ${DEB##*/}"
else nok "make deb (exit $rc)"; tail -20 "$T/build.log" | sed 's/^/#   /'; exit 1; fi
check "the package build never ran the installer (conf/deps --install, apt-get)" sh -c "! grep -q 'apt-get\|deps: installing\|deps --install' '$T/build.log'"

dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' >"$T/files"
miss=""
for f in /usr/sbin/dorpsstemd /usr/bin/dorpsstem /etc/dorpsstem/dorpsstemd.conf \
    /lib/systemd/system/dorpsstemd.service /usr/lib/sysusers.d/dorpsstem.conf \
    /usr/lib/tmpfiles.d/dorpsstem.conf /usr/share/man/man1/dorpsstem.1.gz \
    /usr/share/man/man5/dorpsstemd.conf.5.gz /usr/share/man/man8/dorpsstemd.8.gz \
    /usr/share/doc/dorpsstem/copyright /usr/share/doc/dorpsstem/examples/dorpsstemd.conf; do
	grep -qxF "$f" "$T/files" || miss="$miss $f"
done
if [ -z "$miss" ]; then ok "the package has the programs, config, unit, sysusers, tmpfiles, man pages and copyright"
else nok "the package lacks:$miss"; fi
mkdir "$T/ctl" "$T/root"
dpkg-deb -e "$DEB" "$T/ctl"
dpkg-deb -x "$DEB" "$T/root"
check "the config is a conffile (dpkg keeps an administrator's changes)" grep -qx /etc/dorpsstem/dorpsstemd.conf "$T/ctl/conffiles"
check "it depends on something that provides systemd-sysusers" sh -c "dpkg-deb -f '$DEB' Depends | grep -q 'systemd | systemd-standalone-sysusers | systemd-sysusers'"
check "the copyright file is DEP-5 with the EUPL-1.2" sh -c "grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' '$T/root/usr/share/doc/dorpsstem/copyright' && grep -q '^License: EUPL-1.2' '$T/root/usr/share/doc/dorpsstem/copyright' && grep -q 'EUROPEAN UNION PUBLIC LICENCE v. 1.2' '$T/root/usr/share/doc/dorpsstem/copyright'"
pi="$T/ctl/postinst"
line() { grep -n -- "$1" "$pi" | head -1 | cut -d: -f1; }
a=$(line 'systemd-sysusers .* dorpsstem.conf'); b=$(line 'systemd-tmpfiles .*--create dorpsstem.conf')
c=$(line "deb-systemd-helper enable 'dorpsstemd.service'"); d=$(line "deb-systemd-invoke \$_dh_action 'dorpsstemd.service'")
check "postinst makes the user, then the data directory, then enables and starts the unit" \
    test -n "$a" -a -n "$b" -a -n "$c" -a -n "$d" -a "${a:-0}" -lt "${b:-0}" -a "${b:-0}" -lt "${d:-0}"
check "postrm purges the unit's state; prerm stops it" sh -c "grep -q \"deb-systemd-helper purge 'dorpsstemd.service'\" '$T/ctl/postrm' && grep -q \"deb-systemd-invoke stop 'dorpsstemd.service'\" '$T/ctl/prerm'"
check "the packaged programs run and say version $V" sh -c "'$T/root/usr/sbin/dorpsstemd' --version | grep -qx 'dorpsstemd $V' && '$T/root/usr/bin/dorpsstem' --version | grep -qx 'dorpsstem $V'"
check "the packaged unit runs /usr/sbin/dorpsstemd as dorpsstem" sh -c "grep -qx 'ExecStart=/usr/sbin/dorpsstemd -d -f /etc/dorpsstem/dorpsstemd.conf' '$T/root/lib/systemd/system/dorpsstemd.service' && grep -qx 'User=dorpsstem' '$T/root/lib/systemd/system/dorpsstemd.service'"
check "the packaged config passes dorpsstemd -n" "$T/root/usr/sbin/dorpsstemd" -n -f "$T/root/etc/dorpsstem/dorpsstemd.conf"

lintian --fail-on none "$T/b/deb/dorpsstem_${V}_$(dpkg --print-architecture).changes" >"$T/lintian" 2>&1
if grep -qE '^[EW]: ' "$T/lintian"; then nok "lintian: errors or warnings"; grep -E '^[EW]: ' "$T/lintian" | sed 's/^/#   /' | head
else ok "lintian: no error and no warning ($(grep -c '^[IPN]: ' "$T/lintian") notes)"; fi

# The unit as systemd sees it, with the package's program and man pages in place.
unshare -m sh -c "mount --bind '$T/root/usr/sbin' /usr/sbin && mount --bind '$T/root/usr/share/man' /usr/share/man && systemd-analyze verify '$T/root/lib/systemd/system/dorpsstemd.service'" >"$T/verify" 2>&1
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$T/verify" ]; then ok "systemd-analyze verify: the packaged unit is clean"
else nok "systemd-analyze verify (exit $rc)"; sed 's/^/#   /' "$T/verify" | head; fi

# What postinst does, on the unpacked root instead of this machine.
mkdir -p "$T/root/etc"
systemd-sysusers --root="$T/root" dorpsstem.conf >"$T/sysusers" 2>&1
check "the package's sysusers entry makes a system user dorpsstem, home /var/lib/dorpsstem, no login" \
    grep -qE '^dorpsstem:x:[0-9]+:[0-9]+:[^:]*:/var/lib/dorpsstem:/(usr/)?s?bin/nologin$' "$T/root/etc/passwd"
uid=$(awk -F: '$1 == "dorpsstem" {print $3}' "$T/root/etc/passwd")
check "… a system uid ($uid) and a group of the same name" sh -c "test '${uid:-9999}' -lt 1000 && grep -q '^dorpsstem:' '$T/root/etc/group'"
exit $FAILED
