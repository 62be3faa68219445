#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""forge.py — a compromised daemon rewriting a finished round's history with its own key
(red team of issue 9). It changes a bundle and its committee ledger in place and re-signs
everything the daemon signs (daemon events, checkpoints, close and result statements), so
that only the checks that rest on signatures other than the daemon's can catch it. Formats
from docs/audit.md §3 only.

    forge.py ballot-after-close DAEMONKEYFILE BUNDLE LEDGER
        the round's last ballot event is moved to after the close statement: a ballot the
        daemon took after the organiser closed the round (the close statement counts it)
"""
import hashlib
import struct
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

T_BALLOT, T_CLOSE, T_CHECKPOINT, T_CLOSE_STMT, T_RESULT = 0x0050, 0x0122, 0x0202, 0x0203, 0x0201


def h(b):
    return hashlib.blake2b(b, digest_size=32).digest()


def read(path):
    lines = open(path).read().split("\n")
    return lines


def recs(lines):
    return [i for i, l in enumerate(lines) if l and not l.startswith("#")]


def dec_event(raw):
    round_, seq, time_, type_ = struct.unpack(">IQqH", raw[:22])
    prev, signer = raw[22:54], raw[54:86]
    counter, = struct.unpack(">Q", raw[86:94])
    sig = raw[94:158]
    blen, = struct.unpack(">I", raw[158:162])
    body = raw[162:162 + blen]
    subject, = struct.unpack(">I", raw[162 + blen:166 + blen])
    return dict(round=round_, seq=seq, time=time_, type=type_, prev=prev, signer=signer,
                counter=counter, sig=sig, body=body, subject=subject)


def enc_event(e, sig=None):
    return (struct.pack(">IQqH", e["round"], e["seq"], e["time"], e["type"]) + e["prev"] +
            e["signer"] + struct.pack(">Q", e["counter"]) + (e["sig"] if sig is None else sig) +
            struct.pack(">I", len(e["body"])) + e["body"] + struct.pack(">I", e["subject"]))


def main(argv):
    op, keyfile, bundle, ledger = argv[1:5]
    line = [l for l in open(keyfile) if l.startswith("dorpsstem-secret-v1 ")][0]
    sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(line.split()[1])[:32])
    dk = bytes.fromhex(line.split()[1])[32:]

    def sign_stmt(domain, enc_wo_sig):
        return enc_wo_sig + sk.sign(domain + b"\0" + enc_wo_sig)

    L = read(ledger)
    idx = recs(L)
    evs = [dec_event(bytes.fromhex(L[i])) for i in idx]
    if op != "ballot-after-close":
        sys.exit("unknown operation " + op)
    j = max(k for k, e in enumerate(evs) if e["type"] == T_BALLOT)
    s = [k for k, e in enumerate(evs) if e["type"] == T_CLOSE_STMT][0]
    moved = evs.pop(j)
    evs.insert(s, moved)          # after the close statement (which moved up by one)
    # Re-chain from j on, re-signing the daemon's statements and events.
    prev = h(enc_event(evs[j - 1])) if j > 0 else bytes(32)
    nb = sum(1 for e in evs[:j] if e["type"] == T_BALLOT)
    close_raw = close_stmt = result_stmt = None
    for k in range(j, len(evs)):
        e = evs[k]
        e["seq"], e["prev"] = k + 1, prev
        if e["type"] == T_CHECKPOINT:
            cp = e["body"]
            e["body"] = sign_stmt(b"dorpsstem/v1/checkpoint", cp[:4] + struct.pack(">Q", k) + prev +
                                  struct.pack(">Q", nb) + cp[52:60])
        elif e["type"] == T_CLOSE_STMT:
            cs = e["body"]
            close_stmt = sign_stmt(b"dorpsstem/v1/close", cs[:4] + struct.pack(">Q", k) + prev +
                                   cs[44:-64])
            e["body"] = close_stmt
        elif e["type"] == T_RESULT:
            rs = e["body"]
            result_stmt = sign_stmt(b"dorpsstem/v1/result", rs[:4] + h(close_stmt) + rs[36:-64])
            e["body"] = result_stmt
        if e["signer"] == dk and e["type"] != T_BALLOT:
            e["sig"] = sk.sign(b"dorpsstem/v1/event\0" + enc_event(e, bytes(64)))
        raw = enc_event(e)
        if e["type"] == T_CLOSE:
            close_raw = raw
        nb += e["type"] == T_BALLOT
        prev = h(raw)
    for i, e in zip(idx, evs):
        L[i] = enc_event(e).hex()
    open(ledger, "w").write("\n".join(L))
    # The bundle: the close event (new seq and prev), the close and result statements.
    E = read(bundle + "/events.txt")
    for i in recs(E):
        if dec_event(bytes.fromhex(E[i]))["type"] == T_CLOSE:
            E[i] = close_raw.hex()
    open(bundle + "/events.txt", "w").write("\n".join(E))
    for f, st in (("close.txt", close_stmt), ("result.txt", result_stmt)):
        F = read(bundle + "/" + f)
        F[recs(F)[0]] = st.hex()
        open(bundle + "/" + f, "w").write("\n".join(F))


if __name__ == "__main__":
    main(sys.argv)
