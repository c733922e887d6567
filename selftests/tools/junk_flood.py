#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Unauthenticated junk at a concentrator, as anyone on the Internet can
send it: IKE on UDP 500 and 4500 (garbage, and ISAKMP headers with cookies
of no SA), L2TP on UDP 1701 (garbage, and control messages for tunnels
that do not exist) and GRE (garbage, and enhanced GRE for calls that do
not exist).

usage: junk_flood.py GW RATE SECONDS

Sends about RATE datagrams a second (as many as it can, up to that) for
SECONDS, in turn of the kinds above, then prints "sent N rate R" and one
"KIND N" line per kind.
"""
import os
import random
import socket
import struct
import sys
import time


def ike_garbage(rnd):
    return rnd.randbytes(rnd.randrange(1, 120))


def ike_no_sa(rnd):
    # ISAKMP header: both cookies set (no SA of ours), Informational
    body = rnd.randbytes(rnd.randrange(0, 64))
    return (rnd.randbytes(16) + bytes([8, 0x10, 5, 1]) +
            rnd.randbytes(4) + struct.pack("!I", 28 + len(body)) + body)


def natt_junk(rnd):
    # the non-ESP marker, then IKE that is not ours
    return b"\0\0\0\0" + (ike_no_sa(rnd) if rnd.random() < 0.5 else
                          ike_garbage(rnd))


def l2tp_junk(rnd):
    if rnd.random() < 0.5:
        return rnd.randbytes(rnd.randrange(1, 80))
    # control message (T, L, S, version 2) for a random tunnel: a ZLB
    return struct.pack("!HHHHHH", 0xC802, 12, rnd.randrange(1, 65536), 0,
                       rnd.randrange(65536), rnd.randrange(65536))


def gre_junk(rnd):
    if rnd.random() < 0.5:
        return rnd.randbytes(rnd.randrange(1, 60))
    # enhanced GRE (key and sequence), PPP, for a random call
    payload = b"\xff\x03\xc0\x21" + rnd.randbytes(8)
    return struct.pack("!HHHHI", 0x3001, 0x880B, len(payload),
                       rnd.randrange(65536), rnd.randrange(1 << 32)) + payload


def main():
    gw, rate, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    rnd = random.Random(int.from_bytes(os.urandom(8), "big"))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setblocking(False)
    gre = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
    gre.setblocking(False)
    # Made in advance (a few hundred of each), so that sending is all
    # the loop does: fast enough under emulation.
    pool = [
        ("ike500", udp, 500, [ike_garbage(rnd) if i % 2 else ike_no_sa(rnd)
                              for i in range(256)]),
        ("ike4500", udp, 4500, [natt_junk(rnd) for _ in range(256)]),
        ("l2tp", udp, 1701, [l2tp_junk(rnd) for _ in range(256)]),
        ("gre", gre, 0, [gre_junk(rnd) for _ in range(256)]),
    ]
    sent = dict((k[0], 0) for k in pool)
    t0 = time.monotonic()
    n = 0
    while True:
        now = time.monotonic() - t0
        if now >= secs:
            break
        # as many as the rate allows by now, in small bursts
        due = min(int(now * rate) - n, 64)
        if due <= 0:
            time.sleep(0.002)
            continue
        for _ in range(due):
            name, sock, port, msgs = pool[n % 4]
            try:
                sock.sendto(msgs[(n >> 2) & 255], (gw, port))
                sent[name] += 1
            except OSError:
                pass
            n += 1
    total = sum(sent.values())
    print("sent %d rate %d" % (total, total / secs))
    for k, v in sent.items():
        print("%s %d" % (k, v))


if __name__ == "__main__":
    main()
