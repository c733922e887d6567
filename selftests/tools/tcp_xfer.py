#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# One TCP transfer whose content can be checked at both ends:
#
#   tcp_xfer.py recv PORT OUT      accept one connection on PORT, read to
#                                  the end, write "BYTES SHA256" into OUT
#   tcp_xfer.py send ADDR PORT N   connect (retrying while the receiver
#                                  starts, up to 20 s), send N bytes of a
#                                  fixed pseudo-random stream, print
#                                  "BYTES SHA256"
#
# The data is not compressible and not periodic, so a segment delivered
# twice, lost, reordered or with a wrong payload changes the digest.
# Every wait is bounded: the receiver gives up after 60 s without data.

import hashlib
import socket
import sys
import time

CHUNK = 64 * 1024


def stream(n):
    # SHA-256 in counter mode: cheap, deterministic, incompressible.
    i = 0
    while n > 0:
        block = b''.join(hashlib.sha256(b'roam%d.%d' % (i, j)).digest()
                         for j in range(CHUNK // 32))
        i += 1
        yield block[:n]
        n -= len(block)


def recv(port, out):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('0.0.0.0', port))
    srv.listen(1)
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(60)
    digest, total = hashlib.sha256(), 0
    while True:
        data = conn.recv(CHUNK)
        if not data:
            break
        digest.update(data)
        total += len(data)
    conn.close()
    with open(out, 'w') as f:
        f.write('%d %s\n' % (total, digest.hexdigest()))


def send(addr, port, n):
    deadline = time.monotonic() + 20
    while True:
        try:
            conn = socket.create_connection((addr, port), timeout=10)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    conn.settimeout(60)
    digest, total = hashlib.sha256(), 0
    for block in stream(n):
        conn.sendall(block)
        digest.update(block)
        total += len(block)
    conn.shutdown(socket.SHUT_WR)
    # the receiver closes once it has read everything
    conn.recv(1)
    conn.close()
    print('%d %s' % (total, digest.hexdigest()))


def main(argv):
    if len(argv) == 4 and argv[1] == 'recv':
        recv(int(argv[2]), argv[3])
    elif len(argv) == 5 and argv[1] == 'send':
        send(argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.stderr.write('usage: tcp_xfer.py recv PORT OUT | '
                         'send ADDR PORT BYTES\n')
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
