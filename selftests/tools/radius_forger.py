#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A RADIUS server that answers every Access-Request with an Access-Accept
whose Response Authenticator is right (it knows the secret) but whose
Message-Authenticator is missing or wrong: what a Blast-RADIUS forger
(CVE-2024-3596) can produce.  A NAS must drop these answers.

usage: radius_forger.py ADDR PORT SECRET COUNT_FILE

Answers alternate: no Message-Authenticator, then a wrong one.  After
each answer it writes how many it sent to COUNT_FILE.  Runs until killed.
"""
import hashlib
import socket
import struct
import sys

MSG_AUTH = 80


def answer(req, secret, n):
    code, ident = req[0], req[1]
    if code != 1:
        return None
    req_auth = req[4:20]
    # Framed-IP-Address 10.10.0.99: would be honoured if accepted
    attrs = bytes([8, 6, 10, 10, 0, 99])
    if n % 2:
        # a Message-Authenticator of 16 octets that is not the HMAC
        attrs += bytes([MSG_AUTH, 18]) + bytes(range(16))
    length = 20 + len(attrs)
    head = struct.pack(">BBH", 2, ident, length)
    resp = hashlib.md5(head + req_auth + attrs + secret).digest()
    return head + resp + attrs


def main():
    addr, port, secret, count_file = sys.argv[1:5]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    n = 0
    while True:
        req, peer = s.recvfrom(4096)
        if len(req) < 20:
            continue
        pkt = answer(req, secret.encode(), n)
        if pkt is None:
            continue
        s.sendto(pkt, peer)
        n += 1
        with open(count_file, "w") as f:
            f.write("%d\n" % n)


if __name__ == "__main__":
    main()
