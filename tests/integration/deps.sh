#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Plain `make` never installs: with a library missing (pkg-config made to see none) it
# stops with a message naming `make deps` and never calls apt-get; `conf/deps --install`
# on a machine that has everything calls apt-get neither. (apt-get is a recording fake.)
set -u
: "${TOP:?}"
FAILED=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; FAILED=1; }
T=$(mktemp -d /tmp/dorpsstem-deps.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/empty"
printf '#!/bin/sh\necho "$0 $*" >>"%s/apt-calls"\nexit 1\n' "$T" >"$T/bin/apt-get"
chmod +x "$T/bin/apt-get"
PATH="$T/bin:$PATH" PKG_CONFIG_LIBDIR="$T/empty" PKG_CONFIG_PATH= \
    make -C "$TOP" BUILD="$T/b" all >"$T/out" 2>&1
rc=$?
if [ "$rc" != 0 ] && grep -q "run 'make deps'" "$T/out" && grep -q 'libsodium-dev' "$T/out"; then
	ok "plain make with a missing library stops, naming the packages and make deps"
else
	nok "plain make with a missing library (exit $rc)"; sed 's/^/#   /' "$T/out" | tail -5
fi
if [ ! -e "$T/apt-calls" ]; then ok "… and never calls apt-get"; else nok "make called apt-get: $(cat "$T/apt-calls")"; fi
if PATH="$T/bin:$PATH" "$TOP/conf/deps" --install >"$T/out2" 2>&1 && [ ! -e "$T/apt-calls" ]; then
	ok "conf/deps --install with everything present installs nothing"
else
	nok "conf/deps --install wanted: $(cat "$T/out2") $(cat "$T/apt-calls" 2>/dev/null)"
fi
# Every tool the tests use is in the set-up's list.
miss=""
for t in python3 qpdf pdftotext tmux mdb_copy mandoc lintian dpkg-buildpackage dh fakeroot systemd-analyze systemd-sysusers ip col; do
	grep -q "\b$t:" "$TOP/conf/deps" || miss="$miss $t"
done
if [ -z "$miss" ]; then ok "conf/deps installs every tool the tests use"; else nok "conf/deps lacks:$miss"; fi
exit $FAILED
