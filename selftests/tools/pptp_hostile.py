#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""What a hostile host sends a PPTP server: used by roam_pptp_clients.sh.

usage: pptp_hostile.py gre SERVER CALL N
         N enhanced GRE packets (version 1, key = CALL, sequenced, an IPv4
         PPP frame inside) to SERVER from this host: a live call id from
         an address that is not the call's.  Prints "sent N".
       pptp_hostile.py ctl SERVER
         one TCP connection to SERVER:1723 for each malformed control
         message below; prints "CASE closed|open BYTES" for each, where
         "closed" means the server closed the connection (EOF or reset)
         within 10 s after we sent the message (and, for the cases that
         need it, ended our side).
"""
import os
import socket
import struct
import sys
import time

MAGIC = 0x1A2B3C4D
SCCRQ = 1
SCCRQ_LEN = 156


def header(length, ctype, magic=MAGIC, mtype=1):
    return struct.pack("!HHIHH", length, mtype, magic, ctype, 0)


def sccrq(length=SCCRQ_LEN, magic=MAGIC):
    body = struct.pack("!HHIIHH", 0x0100, 0, 1, 1, 0, 1)
    body += b"hostile".ljust(64, b"\0") + b"test".ljust(64, b"\0")
    return header(length, SCCRQ, magic) + body


# (name, bytes, end our side after sending)
CASES = [
    # the length field below the 12-byte header (PoPToP's overflow)
    ("short-length", header(8, SCCRQ), False),
    # a Start-Control-Connection-Request whose length is below its size
    ("sccrq-short", sccrq(length=100)[:100], False),
    ("bad-magic", sccrq(magic=0xDEADBEEF), False),
    ("unknown-type", header(16, 99) + b"\0" * 4, False),
    # not a control message at all (PPTP message type 2: management)
    ("management-type", header(SCCRQ_LEN, SCCRQ, mtype=2) + sccrq()[12:],
     False),
    # a whole message announced, part of it sent, then the end of stream
    ("truncated-stream", sccrq()[:40], True),
    # a length no PPTP message has: the stream must be cut, not buffered
    ("oversized-length", header(0xFFFF, SCCRQ) + b"\0" * 500, False),
    ("garbage", bytes((i * 37 + 11) & 0xFF for i in range(300)), False),
]


def closed_after(sock, timeout):
    """True when the peer ends the connection within timeout seconds."""
    deadline = time.monotonic() + timeout
    got = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False, got
        sock.settimeout(left)
        try:
            data = sock.recv(4096)
        except socket.timeout:
            return False, got
        except (ConnectionResetError, BrokenPipeError):
            return True, got
        if not data:
            return True, got
        got += len(data)


def ctl(server):
    for name, data, end in CASES:
        s = socket.create_connection((server, 1723), timeout=10)
        try:
            s.sendall(data)
            if end:
                s.shutdown(socket.SHUT_WR)
        except (ConnectionResetError, BrokenPipeError):
            print(f"{name} closed 0", flush=True)
            s.close()
            continue
        closed, got = closed_after(s, 10)
        print(f"{name} {'closed' if closed else 'open'} {got}", flush=True)
        s.close()


def gre(server, call, n):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
    # PPP protocol 0x0021 (IPv4) and the start of an IPv4 header
    ppp = struct.pack("!H", 0x0021) + bytes(20)
    for seq in range(n):
        # K and S set, version 1, protocol 0x880B, payload length, call id
        pkt = struct.pack("!BBHHHI", 0x30, 0x01, 0x880B, len(ppp), call,
                          1000 + seq) + ppp
        s.sendto(pkt, (server, 0))
    print(f"sent {n}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "gre":
        gre(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "ctl":
        ctl(sys.argv[2])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
