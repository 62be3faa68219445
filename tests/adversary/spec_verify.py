#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""spec_verify.py — an independent verifier of the issue-9 checks, written from
docs/audit.md (§1 signer table and labels, §3.3 frozen open, §4.1 fingerprint) and
docs/protocol.md §2 (encoding) only, not from the C code. It reads a bundle (and the
committee ledger when given; and, from audit.md §11 and protocol.md §5.3, the accounts
after the result in spending.txt when it is there) and prints one line per check it
implements: "OK: NAME" or
"FAILED: NAME: why". tests/adversary/vectors.sh runs it on every stored vector and wants
the same verdict as `dorpsstem audit verify` on the checks both make.

    spec_verify.py DIR [--ledger FILE] [--fingerprint F] [--organisers FILE]
"""
import hashlib
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class Rd:
    def __init__(self, b):
        self.b, self.i = b, 0

    def take(self, n):
        if self.i + n > len(self.b):
            raise ValueError("short record")
        v = self.b[self.i:self.i + n]
        self.i += n
        return v

    def u8(self): return self.take(1)[0]
    def u16(self): return struct.unpack(">H", self.take(2))[0]
    def u32(self): return struct.unpack(">I", self.take(4))[0]
    def u64(self): return struct.unpack(">Q", self.take(8))[0]
    def i64(self): return struct.unpack(">q", self.take(8))[0]
    def s(self): return self.take(self.u16()).decode()
    def blob(self): return self.take(self.u32())

    def end(self):
        if self.i != len(self.b):
            raise ValueError("trailing bytes")


def records(path, kind):
    with open(path) as f:
        lines = f.read().split("\n")
    if lines[0] != "# dorpsstem audit %s v1" % kind:
        raise ValueError("%s: not a %s file" % (path, kind))
    return [bytes.fromhex(l) for l in lines[1:] if l and not l.startswith("#")]


def event(raw):
    r = Rd(raw)
    e = dict(round=r.u32(), seq=r.u64(), time=r.i64(), type=r.u16(), prev=r.take(32),
             signer=r.take(32), counter=r.u64(), sig=r.take(64), body=r.blob(), subject=r.u32())
    r.end()
    e["raw"] = raw
    e["hash"] = hashlib.blake2b(raw, digest_size=32).digest()
    return e


def organiser(raw):
    r = Rd(raw)
    o = dict(key=r.take(32), name=r.s())
    o["villages"] = [r.u32() for _ in range(r.u32())]
    o["until"] = r.i64()
    r.end()
    o["raw"] = raw
    return o


def round_create(r):
    return dict(village=r.u32(), name=r.s(), ballot=r.u8(), budget=r.u64(), min=r.u32(),
                max=r.u32(), limit=r.u64(), points=r.u32(), max_points=r.u32(), rule=r.s(),
                tie_break=r.s(), opens=r.i64(), closes=r.i64())


# The signer table (audit.md §1): type -> (name, ledger 0?, signer kind)
TABLE = {
    0x0110: ("village-add", True, "org"), 0x0150: ("kiosk-enroll", True, "org"),
    0x0151: ("kiosk-retire", True, "org"), 0x0120: ("round-create", False, "org"),
    0x0124: ("round-set", False, "org"), 0x0121: ("round-open", False, "sched"),
    0x0122: ("round-close", False, "sched"), 0x0123: ("round-cancel", False, "org"),
    0x0130: ("initiative-add", False, "org"), 0x0131: ("initiative-admit", False, "org"),
    0x0132: ("initiative-reject", False, "org"), 0x0133: ("initiative-withdraw", False, "org"),
    0x0140: ("credentials-register", False, "org"), 0x0141: ("credential-revoke", False, "org"),
    0x0050: ("ballot", False, "ballot"), 0x0202: ("checkpoint", False, "daemon"),
    0x0203: ("close statement", False, "daemon"), 0x0201: ("result statement", False, "daemon"),
    # issue 13: voorwaarden, the aanvraag, decisions; the daemon's receipt of a public
    # submission is the one daemon-signed set-up event (audit.md §1)
    0x0111: ("conditions-set", True, "org"), 0x0134: ("initiative-submit", False, "org"),
    0x0135: ("initiative-decide", False, "org"), 0x0204: ("public-submit", False, "setup-daemon"),
    # issue 13, toekenning en verantwoording: after the result, spending.txt (audit.md §11)
    0x0170: ("spending-due", False, "org"), 0x0171: ("spending-pay", False, "org"),
    0x0172: ("spending-add", False, "org"), 0x0173: ("spending-overspend", False, "org"),
    0x0174: ("spending-close", False, "org"),
}
SPENDING = range(0x0170, 0x0175)


def labels(e):
    """(round the body names or None, subject it fixes or None) — audit.md §1's table."""
    r, t = Rd(e["body"]), e["type"]
    if t in (0x0131, 0x0133, 0x0151):
        return None, r.u32()
    if t in (0x0122, 0x0123, 0x0121, 0x0124):
        i = r.u32()
        return i, i
    if t == 0x0120:
        return None, e["round"]
    if t == 0x0130:
        return r.u32(), None
    if t == 0x0132:
        return None, r.u32()
    if t == 0x0140:
        rd = r.u32()
        return rd, r.u32()
    if t == 0x0141:
        rd = r.u32()
        return rd, rd
    if t == 0x0050:
        rd = r.u32()
        return rd, r.u32()
    if t in (0x0202, 0x0203, 0x0201):
        rd = r.u32()
        return rd, rd
    if t in (0x0134, 0x0204):
        return r.u32(), None
    if t in (0x0135, 0x0111):      # decision: body id; conditions-set: body village
        return None, r.u32()
    if t == 0x0170:                # spending-due: body round
        rd = r.u32()
        return rd, rd
    if t in SPENDING:              # the others: body initiative
        return None, r.u32()
    return None, None


def verify_sig(pk, sig, msg):
    try:
        Ed25519PublicKey.from_public_bytes(pk).verify(sig, msg)
        return True
    except (InvalidSignature, ValueError):
        return False


def fingerprint(dk, orgs, village):
    chosen = sorted([o for o in orgs if not o["villages"] or village in o["villages"]],
                    key=lambda o: o["key"])
    m = b"dorpsstem/v1/fingerprint\0" + struct.pack(">I", village) + dk + \
        struct.pack(">I", len(chosen)) + b"".join(o["raw"] for o in chosen)
    h = int.from_bytes(hashlib.blake2b(m, digest_size=32).digest()[:10], "big")
    s = "".join(ALPHABET[(h >> (75 - 5 * i)) & 31] for i in range(16))
    return "-".join(s[i:i + 4] for i in range(0, 16, 4))


def spend(d, evs, rid, one, fail):
    """audit.md §11: spending.txt after the result, chained, each event signed as the signer
    table says, and the books: grants from result.txt, budget lines from the aanvragen."""
    C = "spending"
    r = Rd(records(d + "/result.txt", "result")[0])
    r.u32(), r.take(32), r.s(), r.s(), r.take(32), r.u64(), r.u64(), r.u64(), r.u64()
    granted = {}
    for _ in range(r.u32()):
        ini, cost, _score, funded, _order = r.u32(), r.u64(), r.i64(), r.u8(), r.u32()
        if funded:
            granted[ini] = cost
    c = Rd(records(d + "/close.txt", "close")[0])
    c.u32()
    close_events = c.u64()
    lines = {}
    for e in evs:
        if e["type"] in (0x0134, 0x0204):
            a = Rd(e["body"])
            a.u32(), a.s(), a.s(), a.s(), a.s()
            n = a.u32()
            lines[e["subject"]] = n
    acc = {i: dict(paid=0, spent=0, over=0, closed=False) for i in granted}
    sp = [event(x) for x in records(d + "/spending.txt", "spending")]
    prev = None
    for k, e in enumerate(sp):
        if e["type"] not in SPENDING:
            fail(C, "not a spending event")
            continue
        one(e, rid, False, C)
        if k == 0 and e["seq"] < close_events + 3:
            fail(C, "before the result")
        if k and (e["seq"] != sp[k - 1]["seq"] + 1 or e["prev"] != prev):
            fail(C, "the accounts are not here in full and in order")
        prev = e["hash"]
        b, t = Rd(e["body"]), e["type"]
        if t == 0x0170:
            b.u32()
            continue
        ini = b.u32()
        a = acc.get(ini)
        if a is None:
            fail(C, "initiative %d was not funded" % ini)
            continue
        if a["closed"]:
            fail(C, "after the close")
            continue
        if t in (0x0171, 0x0172, 0x0173):
            amount = b.u64()
            if amount == 0:
                fail(C, "amount 0")
        if t == 0x0171:
            if a["paid"] + amount > granted[ini] + a["over"]:
                fail(C, "paid above the grant and the overspend decisions")
            a["paid"] += amount
        elif t == 0x0172:
            b.u32()
            b.s()
            line = b.u32()
            if line > lines.get(ini, 0):
                fail(C, "no such budget line")
            a["spent"] += amount
        elif t == 0x0173:
            a["over"] += amount
        elif t == 0x0174:
            paid, spent, ret = b.u64(), b.u64(), b.u64()
            if paid != a["paid"] or spent != a["spent"]:
                fail(C, "the signed close's totals are not the sums of the events")
            elif spent > paid or ret != paid - spent:
                fail(C, "returned is not paid - spent")
            a["closed"] = True


def main(argv):
    d = argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    out = {}

    def fail(check, why):
        out.setdefault(check, []).append(why)

    dk = records(d + "/daemon.txt", "daemon-key")[0]
    orgs = [organiser(x) for x in records(d + "/organisers.txt", "organisers")]
    rraw = records(d + "/round.txt", "round")[0]
    rr = Rd(rraw)
    rid, village = rr.u32(), rr.u32()
    seed = rraw[-32:]   # ROUND's last field (§3.1)
    evs = [event(x) for x in records(d + "/events.txt", "round-events")]
    vevs = [event(x) for x in records(d + "/village-events.txt", "village-events")]
    ballots = []
    for raw in records(d + "/ballots.txt", "ballots"):
        b = Rd(raw)
        ballots.append(dict(round=b.u32(), kiosk=b.u32()))

    # root of trust (§4.1)
    if len({o["key"] for o in orgs}) != len(orgs):
        fail("root of trust", "an organiser key listed twice")
    fp = fingerprint(dk, orgs, village)
    if "--fingerprint" in opts and opts["--fingerprint"].replace("-", "").upper() != fp.replace("-", ""):
        fail("root of trust", "fingerprint %s, not the pinned %s" % (fp, opts["--fingerprint"]))
    if "--organisers" in opts:
        pin = {organiser(x)["raw"] for x in records(opts["--organisers"], "organisers")}
        if pin != {o["raw"] for o in orgs}:
            fail("root of trust", "organisers.txt is not the pinned list")

    byk = {o["key"]: o for o in orgs}
    enroll_village = {}
    for e in vevs:
        if e["type"] == 0x0150:
            r = Rd(e["body"])
            enroll_village[e["subject"]] = r.u32()

    def event_village(e):
        if e["round"]:
            return village
        if e["type"] in (0x0110, 0x0111):
            return e["subject"]
        if e["type"] == 0x0150:
            return Rd(e["body"]).u32()
        if e["type"] == 0x0151:
            return enroll_village.get(Rd(e["body"]).u32(), 0)
        return 0

    def one(e, ledger_round, hidden, check):
        t = TABLE.get(e["type"])
        if t is None or e["round"] != ledger_round or t[1] != (e["round"] == 0):
            return fail(check, "type or ledger")
        by_daemon = e["signer"] == dk
        if t[2] == "org" and by_daemon:
            return fail(check, "%s signed by the daemon key" % t[0])
        if t[2] in ("daemon", "ballot", "setup-daemon") and not by_daemon:
            return fail(check, "%s not by the daemon" % t[0])
        if not hidden and t[2] in ("daemon", "ballot"):
            return fail(check, "%s does not belong here" % t[0])
        if not by_daemon:
            o = byk.get(e["signer"])
            if o is None:
                return fail(check, "signer not in organisers.txt")
            if o["until"] and e["time"] >= o["until"]:
                fail(check, "key retired")
            v = event_village(e)
            if o["villages"] and (e["type"] == 0x0110 or (v and v not in o["villages"])):
                fail(check, "organiser %s out of scope" % o["name"])
            msg = b"dorpsstem/v1/request\0" + dk + struct.pack(">HQ", e["type"], e["counter"]) + e["body"]
            if not verify_sig(e["signer"], e["sig"], msg):
                return fail(check, "organiser signature")
        elif t[2] != "ballot":
            z = bytearray(e["raw"])
            at = 4 + 8 + 8 + 2 + 32 + 32 + 8
            z[at:at + 64] = bytes(64)
            if not verify_sig(dk, e["sig"], b"dorpsstem/v1/event\0" + bytes(z)):
                return fail(check, "daemon signature")
        brd, bsub = labels(e)
        if brd is not None and brd != e["round"]:
            return fail(check, "round %d, body names %d (moved)" % (e["round"], brd))
        if bsub is not None and bsub != e["subject"]:
            return fail(check, "subject %d, body names %d (relabelled)" % (e["subject"], bsub))

    for lst, rd in ((evs, rid), (vevs, 0)):
        last = {0x0110: 0, 0x0150: 0, 0x0130: 0}
        for i, e in enumerate(lst):
            one(e, rd, False, "set-up signatures")
            if i and e["seq"] <= lst[i - 1]["seq"]:
                fail("set-up signatures", "seq order")
            if e["type"] in last:
                if e["subject"] <= last[e["type"]]:
                    fail("set-up signatures", "ids do not ascend")
                last[e["type"]] = e["subject"]

    prev = bytes(32)
    for i, e in enumerate(vevs):
        if e["seq"] != i + 1 or e["prev"] != prev:
            fail("ledger 0", "not ledger 0 in full")
            break
        prev = e["hash"]

    # spending.txt goes on from events.txt: one round ledger (audit.md §1, §11)
    spevs = [event(x) for x in records(d + "/spending.txt", "spending")] \
        if os.path.exists(d + "/spending.txt") else []
    seen = {}
    for lst in (evs + spevs, vevs):
        lastc = {}
        for e in lst:
            if e["signer"] == dk:
                continue
            k = (e["signer"], e["counter"])
            if k in seen:
                fail("request counters", "counter used again (replay)")
            seen[k] = True
            if e["signer"] in lastc and e["counter"] < lastc[e["signer"]]:
                fail("request counters", "counter not above the key's last")
            lastc[e["signer"]] = e["counter"]

    # round definition: settings, open/close, the frozen open (§3.3)
    sett, opened = None, None
    for i, e in enumerate(evs):
        if e["type"] == 0x0120:
            sett = round_create(Rd(e["body"]))
        elif e["type"] == 0x0124:
            if opened is not None:
                fail("round definition", "round-set after open")
            r = Rd(e["body"])
            r.u32()
            sett = round_create(r)
        elif e["type"] == 0x0121 and opened is None:
            opened = (i, e)
        elif e["type"] == 0x0123:
            fail("round definition", "the round was cancelled")
    open_seq, open_vseq = 0, 0
    if sett is None or opened is None:
        fail("round definition", "no create or open")
    else:
        i, e = opened
        r = Rd(e["body"])
        _, n, head, vn, vhead = r.u32(), r.u64(), r.take(32), r.u64(), r.take(32)
        open_seq, open_vseq = e["seq"], vn
        if e["signer"] == dk and (sett["opens"] == 0 or e["time"] < sett["opens"]):
            fail("round definition", "the daemon opened the round on its own")
        p = bytes(32)
        for k in range(i):
            if evs[k]["seq"] != k + 1 or evs[k]["prev"] != p:
                fail("round definition", "events before the open not chained")
                break
            p = evs[k]["hash"]
        if n != e["seq"] - 1 or p != head or e["prev"] != head:
            fail("round definition", "head before the open")
        vh = vevs[vn - 1]["hash"] if 0 < vn <= len(vevs) else bytes(32)
        if vn > len(vevs) or vh != vhead:
            fail("round definition", "village head")
        # the lot's seed follows from the open event (§10)
        if hashlib.blake2b(b"dorpsstem/v1/seed\0" + e["hash"], digest_size=32).digest() != seed:
            fail("round definition", "the seed is not the one the open event fixes")
        for c in evs:
            if c["type"] == 0x0122 and c["signer"] == dk and (sett["closes"] == 0 or c["time"] < sett["closes"]):
                fail("round definition", "the daemon closed the round on its own")
            if c["type"] == 0x0122:
                r = Rd(c["body"])
                r.u32()
                cn, ch = r.u64(), r.take(32)
                h = vevs[cn - 1]["hash"] if 0 < cn <= len(vevs) else bytes(32)
                if cn > len(vevs) or h != ch:
                    fail("round definition", "the close's ledger-0 head is not in the bundle")
        for c in evs:
            if c["type"] == 0x0140 and c["seq"] > open_seq:
                fail("credentials", "registered after the round opened")

    # ballot kiosks (§3.3)
    kio = {}
    for e in vevs:
        if e["type"] == 0x0150 and Rd(e["body"]).u32() == village:
            kio[e["subject"]] = dict(seq=e["seq"], retired=0, rtime=0)
    for e in vevs:
        if e["type"] == 0x0151:
            k = Rd(e["body"]).u32()
            if k in kio:
                kio[k]["retired"], kio[k]["rtime"] = e["seq"], e["time"]
    for b in ballots:
        k = kio.get(b["kiosk"])
        if k is None:
            fail("ballot kiosks", "kiosk not enrolled")
        elif open_seq and k["seq"] > open_vseq:
            fail("ballot kiosks", "kiosk enrolled after the round opened")
        elif open_seq and k["retired"] and k["retired"] <= open_vseq:
            fail("ballot kiosks", "kiosk retired before the round opened")

    # the accounts after the result (audit.md §11), when spending.txt is there
    have_spend = os.path.exists(d + "/spending.txt")
    if have_spend:
        spend(d, evs, rid, one, fail)

    if "--ledger" in opts:
        led = [event(x) for x in records(opts["--ledger"], "ledger")]
        for i, e in enumerate(led):
            one(e, rid, True, "ledger signatures")
        lopen = next((e["seq"] for e in led if e["type"] == 0x0121), None)
        lclose = next((e["seq"] for e in led if e["type"] == 0x0122), None)
        for e in led:
            if e["type"] == 0x0050:
                if lopen is None or e["seq"] < lopen:
                    fail("ledger ballots", "ballot before the open")
                elif lclose is None or e["seq"] > lclose:
                    fail("ledger ballots", "ballot after the close")
                k = kio.get(e["subject"])
                if k and k["retired"] and e["time"] > k["rtime"]:
                    fail("ledger ballots", "ballot after the kiosk was retired")
                if sett and sett["closes"] and e["time"] > sett["closes"]:
                    fail("ledger ballots", "ballot after the signed closing time")

    for check in ("root of trust", "set-up signatures", "ledger 0", "request counters",
                  "round definition", "credentials", "ballot kiosks", "ledger signatures",
                  "ledger ballots") + (("spending",) if have_spend else ()):
        if check in out:
            print("FAILED: %s: %s" % (check, out[check][0]))
        else:
            print("OK: %s" % check)
    print("fingerprint %s" % fp)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
