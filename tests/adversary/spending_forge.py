#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""spending_forge.py — a compromised daemon (or anyone passing a bundle on) changing the
accounts of a finished round in its bundle (issue 13, docs/audit.md §11). Works on
spending.txt in place, from the formats of docs/audit.md §3 only.

    spending_forge.py amount BUNDLE
        the first payment's amount raised by € 1 (the organiser's signature is not redone)
    spending_forge.py remove-line BUNDLE
        the first accounting line left out, the seq and prev of the rest rewritten (what a
        daemon can do: seq and prev are not under the organiser's signature)
    spending_forge.py cut-line BUNDLE
        the first accounting line left out, nothing rewritten
    spending_forge.py daemon-overspend DAEMONKEYFILE BUNDLE
        an overspend decision signed by the daemon key, inserted before the first payment,
        the chain rewritten
    spending_forge.py unsigned-overspend BUNDLE
        the same, signed by nobody: an organiser's key as signer, a zero signature
"""
import hashlib
import struct
import sys

T_PAY, T_ADD, T_OVERSPEND = 0x0171, 0x0172, 0x0173


def h(b):
    return hashlib.blake2b(b, digest_size=32).digest()


def dec(raw):
    round_, seq, time_, type_ = struct.unpack(">IQqH", raw[:22])
    blen, = struct.unpack(">I", raw[158:162])
    return dict(round=round_, seq=seq, time=time_, type=type_, prev=raw[22:54],
                signer=raw[54:86], counter=struct.unpack(">Q", raw[86:94])[0],
                sig=raw[94:158], body=raw[162:162 + blen],
                subject=struct.unpack(">I", raw[162 + blen:166 + blen])[0])


def enc(e):
    return (struct.pack(">IQqH", e["round"], e["seq"], e["time"], e["type"]) + e["prev"] +
            e["signer"] + struct.pack(">Q", e["counter"]) + e["sig"] +
            struct.pack(">I", len(e["body"])) + e["body"] + struct.pack(">I", e["subject"]))


def rechain(evs, first_seq, prev):
    for k, e in enumerate(evs):
        e["seq"], e["prev"] = first_seq + k, prev
        prev = h(enc(e))


def overspend_body(initiative, cents, reason):
    r = reason.encode()
    return struct.pack(">IQH", initiative, cents, len(r)) + r


def main(argv):
    op = argv[1]
    keyfile = argv[2] if op == "daemon-overspend" else None
    bundle = argv[-1]
    path = bundle + "/spending.txt"
    lines = open(path).read().split("\n")
    head = [l for l in lines if l.startswith("#")]
    evs = [dec(bytes.fromhex(l)) for l in lines if l and not l.startswith("#")]
    first_seq, first_prev = evs[0]["seq"], evs[0]["prev"]
    if op == "amount":
        e = next(e for e in evs if e["type"] == T_PAY)
        amount, = struct.unpack(">Q", e["body"][4:12])
        e["body"] = e["body"][:4] + struct.pack(">Q", amount + 100) + e["body"][12:]
    elif op in ("remove-line", "cut-line"):
        evs.remove(next(e for e in evs if e["type"] == T_ADD))
        if op == "remove-line":
            rechain(evs, first_seq, first_prev)
    elif op in ("daemon-overspend", "unsigned-overspend"):
        j = next(k for k, e in enumerate(evs) if e["type"] == T_PAY)
        pay = evs[j]
        e = dict(pay)
        e["type"] = T_OVERSPEND
        e["body"] = overspend_body(pay["subject"], 1000000, "niemand besloot dit")
        e["counter"] = 0
        e["sig"] = bytes(64)
        if op == "daemon-overspend":
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            line = [l for l in open(keyfile) if l.startswith("dorpsstem-secret-v1 ")][0]
            sec = bytes.fromhex(line.split()[1])
            sk = Ed25519PrivateKey.from_private_bytes(sec[:32])
            e["signer"] = sec[32:]
            e["sig"] = sk.sign(b"dorpsstem/v1/event\0" + enc(e))
        evs.insert(j, e)
        rechain(evs, first_seq, first_prev)
        if op == "daemon-overspend":      # the daemon re-signs its own event after rechaining
            e["sig"] = bytes(64)
            e["sig"] = sk.sign(b"dorpsstem/v1/event\0" + enc(e))
            rechain(evs, first_seq, first_prev)
    else:
        sys.exit("unknown operation " + op)
    open(path, "w").write("\n".join(head + [enc(e).hex() for e in evs]) + "\n")


if __name__ == "__main__":
    main(sys.argv)
