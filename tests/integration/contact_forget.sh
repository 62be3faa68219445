#!/bin/bash
# SPDX-License-Identifier: EUPL-1.2
# Erasing an aanvraag's contact details for good (issue 14): `initiative forget-contact`
# (contact-forget, organiser-signed) and `contact keep DAYS` (the daemon erases them by
# itself that long after the round closed). Through the real daemon: details handed in by
# `initiative submit` and by the web form /aanvraag; they are never in data.mdb in the
# clear (sealed under a key per initiative in contact.keys); after the erasure their key
# slot is zeros and no copy of the sealed record anywhere in data.mdb — free pages
# included — opens with any key in the data directory, while the one not erased still
# does (so the scan can find what it looks for); nothing in the data directory or the log
# holds them as text or hex; a second erasure is a clear error; an organiser of another
# village is refused; title, decision and votes stay, and the bundle still verifies.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skip - contact_forget (curl is not installed)"; exit 0; }
CC=${CC:-cc}
if ! "$CC" -shared -fPIC -O2 -o "$T/clockshift.so" "$(dirname "$0")/../preload/clockshift.c" 2>"$T/cc.err"; then
	nok "build the clock shift library"; sed 's/^/#   /' "$T/cc.err"; finish
fi
export DORPSSTEM_TEST_CLOCK="$T/clock"
echo 0 >"$T/clock"
ASAN_RT=$(ldd "$DORPSSTEMD" 2>/dev/null | awk '/libasan\.so/ { print $3; exit }')
"$DORPSSTEM" keygen -o "$T/other.key" >/dev/null
OTHERPUB=$(grep -v '^#' "$T/other.key.pub" | head -1)
WPORT=$(free_port)
W="http://127.0.0.1:$WPORT"
{
	printf 'listen web on 127.0.0.1 port %s\n' "$WPORT"
	printf 'organiser "Zeerijp" key %s village Zeerijp\n' "$OTHERPUB"
} >>"$T/d.conf"
start() { LD_PRELOAD="${ASAN_RT:+$ASAN_RT }$T/clockshift.so" start_daemon; }
start
for i in $(seq 1 100); do curl -s -o /dev/null "$W/" && break; sleep 0.05; done
"$DORPSSTEM" keygen -o "$T/kiosk.key" >/dev/null
ds village add Kantens >/dev/null
ds village add Zeerijp >/dev/null
ds kiosk enroll Kantens "$T/kiosk.key.pub" --name dorpshuis >/dev/null
R=$(ds -j round create Kantens "Ronde" --budget 10000 --ballot approval --rule greedy | jid)
R2=$(ds -j round create Kantens "Volgend jaar" --budget 10000 --ballot approval --rule greedy | jid)
C1="wil.van.dijk.privé@example.org 0596-314159"
C2="Hoofdstraat 12 Kantens tel 06-27182818"
C3="greetje.blijft@example.net 0596-161803"
C4="volgendjaar.lang@example.com 06-14142135"
ds initiative submit "$R" --title "Speeltuin" --proposer "Speeltuincommissie" --contact "$C1" \
    --line "Klimrek=2500" >/dev/null
curl -s -o "$T/page" -w '%{http_code}' --data-urlencode "ronde=$R" --data-urlencode "titel=Moestuin" \
    --data-urlencode "samenvatting=Een moestuin voor iedereen." --data-urlencode "indiener=Buurtbewoners" \
    --data-urlencode "post1=Zaad" --data-urlencode "bedrag1=250" --data-urlencode "contact=$C2" \
    --data-urlencode "akkoord=ja" "$W/aanvraag" >"$T/st"
check "the web form hands in an aanvraag (initiative $R/2)" grep -q "Uw plan is ontvangen" "$T/page"
curl -s -o "$T/privacy" "$W/privacy"
check "/privacy promises what contact keep does (365 days: a year after the close)" \
    grep -q "1 jaar na het sluiten van de stemronde worden ze vanzelf voorgoed gewist; eerder als u daarom vraagt" "$T/privacy"
curl -s -o "$T/privacy" "$W/privacy?taal=en"
check "… in English too" grep -q "1 year after the round closes they are erased for good by themselves" "$T/privacy"
ds initiative submit "$R" --title "Bankje" --proposer "Oranjevereniging" --contact "$C3" --line "Bank=400" >/dev/null
ds initiative submit "$R2" --title "Jeu de boules" --proposer "Club" --contact "$C4" --line "Baan=900" >/dev/null
contact() { "$DORPSSTEM" -s "$SOCK" -k "$T/org.key" initiative contact "$1"; }
check "the organiser reads the details typed in (1)" test "$(contact "$R/1")" = "$C1"
check "… and those from the web form (2)" test "$(contact "$R/2")" = "$C2"

# scan MODE ID…: looks through the whole data directory as an attacker who copied it would:
# every copy of a sealed contact record anywhere in data.mdb (live or in a free page) is
# tried with every key in contact.keys. Prints "ID opens" for each initiative one opens.
scan() {
	python3 - "$T/data" "$@" <<'PY'
import ctypes, ctypes.util, struct, sys
d = sys.argv[1]; ids = [int(x) for x in sys.argv[2:]]
so = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
assert so.sodium_init() >= 0
mdb = open(d + "/data.mdb", "rb").read()
try:
    keys = open(d + "/contact.keys", "rb").read()
except FileNotFoundError:
    keys = b""
for i in ids:
    head = struct.pack(">II", 0xC0DE7AC7, i) + b"\x01"
    key = keys[32 * i:32 * i + 32]
    opened, copies, at = False, 0, mdb.find(head)
    while at != -1:
        n = struct.unpack(">I", mdb[at + 9:at + 13])[0]
        blob = mdb[at + 13:at + 13 + n]
        copies += 1
        if len(key) == 32 and key != bytes(32) and len(blob) > 40:
            m = ctypes.create_string_buffer(len(blob))
            mlen = ctypes.c_ulonglong(0)
            ad = b"dorpsstem contact v1" + struct.pack(">I", i)
            c = blob[24:]
            if so.crypto_aead_xchacha20poly1305_ietf_decrypt(m, ctypes.byref(mlen), None,
                    c, ctypes.c_ulonglong(len(c)), ad, ctypes.c_ulonglong(len(ad)),
                    blob[:24], key) == 0:
                opened = True
                print("%d opens %s" % (i, m.raw[:mlen.value].decode()))
        at = mdb.find(head, at + 1)
    print("%d copies %d" % (i, copies))
PY
}
scan 1 2 3 >"$T/scan0"
check "before: the scan finds the sealed records and opens them with their keys" sh -c "
grep -qxF '1 opens $C1' '$T/scan0' && grep -qxF '2 opens $C2' '$T/scan0' && grep -qxF '3 opens $C3' '$T/scan0'"
for c in "$C1" "$C2" "$C3" "$C4"; do
	part=${c%% *}
	check "\"$part…\" is never in data.mdb in the clear (sealed)" sh -c "! grep -qaF -e '$part' '$T/data/data.mdb'"
done
check "contact.keys is the daemon user's alone (mode 600)" test "$(stat -c %a "$T/data/contact.keys")" = 600

# ---- who may erase -------------------------------------------------------------------------
expect_fail "an organiser of another village may not erase them" "own villages|eigen dorpen" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/other.key" initiative forget-contact "$R/1"
check "… and they are still there" test "$(contact "$R/1")" = "$C1"
expect_fail "an unknown key may not erase them" "not an organiser key|geen organisatorsleutel|organis" \
    "$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" initiative forget-contact "$R/1"
expect_fail "an initiative that does not exist" "no initiative|niet gevonden|geen" \
    ds initiative forget-contact "$R/9"

# ---- the erasure ----------------------------------------------------------------------------
ds -j initiative list "$R" >"$T/list0.json"
ds initiative show "$R/1" >"$T/show0.txt"
ev0=$(ds -j round show "$R" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
out=$(ds initiative forget-contact "$R/1")
check "forget-contact erases the details typed in" test "$out" = "contact details of initiative $R/1 erased for good"
J=$(ds -j initiative forget-contact "$R/2")
check "… and those from the web form (-j)" python3 -c '
import json,sys; d=json.loads(sys.argv[1]); assert d["nr"]==2 and d["erased"] is True, d' "$J"
expect_fail "a second erasure is a clear error" "already erased on [0-9]{4}-[0-9]{2}-[0-9]{2}" \
    ds initiative forget-contact "$R/1"
expect_fail "reading them back says when and by whom they were erased" \
    "erased on [0-9]{4}-[0-9]{2}-[0-9]{2} by organiser \"Test Organiser\"" contact "$R/1"
check "the one not erased is still there" test "$(contact "$R/3")" = "$C3"
check "the erasure is in the log: which initiative, by whom, no details" \
    grep -qE "contact-forget 1 by organiser \"Test Organiser\"" "$T/daemon.log"
ds -j initiative list "$R" >"$T/list1.json"
ds initiative show "$R/1" >"$T/show1.txt"
check "the initiatives are untouched: titles, proposers, costs, statuses" cmp -s "$T/list0.json" "$T/list1.json"
check "… and the aanvraag itself" cmp -s "$T/show0.txt" "$T/show1.txt"
check "no event was added to the round's ledger" test \
    "$(ds -j round show "$R" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')" = "$ev0"
scan 1 2 3 >"$T/scan1"
check "after: their key slots are zeros and no copy in data.mdb opens (1, 2)" sh -c "
! grep -q '^1 opens' '$T/scan1' && ! grep -q '^2 opens' '$T/scan1' && grep -q '^1 copies [1-9]' '$T/scan1'"
check "… while the one kept still opens (the scan works)" grep -qxF "3 opens $C3" "$T/scan1"
check "contact.keys: the erased slots are overwritten with zeros, the kept one is not" python3 -c '
import sys; k=open(sys.argv[1],"rb").read()
assert k[32:64]==bytes(32) and k[64:96]==bytes(32) and k[96:128]!=bytes(32)' "$T/data/contact.keys"

# ---- the round goes on: decisions, votes, result, bundle ------------------------------------
for n in 1 2 3; do ds initiative admit "$R/$n" >/dev/null; done
"$DORPSSTEM" codes generate "$R" -n 3 --cards "$T/cards.html" --credentials "$T/creds.txt" \
    --village Kantens --round-name Ronde --until morgen >/dev/null
ds credentials register "$R" "$T/creds.txt" >/dev/null
ds round open "$R" >/dev/null
for code in $(codes "$T/cards.html"); do
	"$DORPSSTEM" -s "$SOCK" -k "$T/kiosk.key" vote "$R" --code "$code" --choose 1,2 >/dev/null
done
ds round close "$R" >/dev/null
for i in $(seq 1 50); do ds result "$R" >"$T/result.txt" 2>/dev/null && break; sleep 0.1; done
check "the erased initiatives are counted with their votes" sh -c "
grep -qE 'Speeltuin' '$T/result.txt' && grep -qE 'Moestuin' '$T/result.txt'"
ds audit bundle "$R" -o "$T/b" >/dev/null
"$DORPSSTEM" audit verify "$T/b" >"$T/verify.out" 2>&1
check "the bundle still verifies" grep -q "is correct" "$T/verify.out"

# ---- contact keep: erased by the daemon when the keeping time is over -------------------------
stop_daemon
echo $((364 * 86400)) >"$T/clock"
start
check "364 days after the close (contact keep 365): still kept" test "$(contact "$R/3")" = "$C3"
stop_daemon
echo $((366 * 86400)) >"$T/clock"
start
expect_fail "366 days after: erased by the daemon, and it says so" \
    "erased on [0-9-]+, when their keeping time was over" contact "$R/3"
check "… a round not yet closed keeps its proposers' details" test "$(contact "$R2/1")" = "$C4"
check "… and the log says which initiative, not the details" \
    grep -qE "contact details of initiative 3 erased: kept 365 days after its round closed" "$T/daemon.log"
scan 3 >"$T/scan2"
check "… its key slot is wiped: no copy opens" sh -c "! grep -q '^3 opens' '$T/scan2'"
stop_daemon

# ---- nothing anywhere ------------------------------------------------------------------------
for c in "$C1" "$C2" "$C3"; do
	hex=$(printf '%s' "$c" | od -An -tx1 | tr -d ' \n')
	part=${c%% *}
	check "\"$part…\" is in no file of the data directory (data.mdb included), the bundle or the log" sh -c "
	! grep -rqaiF -e '$part' -e '$hex' '$T/data' '$T/b' '$T/daemon.log'"
done
finish
