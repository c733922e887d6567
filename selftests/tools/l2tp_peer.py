#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Test peer for the l2tp data path: plays the client end of one L2TP
session over plain UDP port 1701, without a control connection.

usage: l2tp_peer.py LOCAL GW TID SID PTID PSID SRC DST {ping N|lcp N|spoof N}

  ping N   send N ICMP echo requests SRC -> DST as PPP/IPv4 in L2TP data
           messages (our ids TID/SID are the gateway's: we address its
           tunnel), print "replies K" for the echo replies that come back
           in data messages carrying PTID/PSID.
  lcp N    send N PPP LCP echo requests (left by the kernel to the socket)
  spoof N  send N echo requests from an address that is not SRC
"""
import select
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ipv4_icmp_echo(src, dst, ident, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"roam" * 8
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64,
                      1, 0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + icmp


def l2tp_data(tid, sid, ppp_proto, payload):
    return struct.pack("!HHH", 0x0002, tid, sid) + \
        struct.pack("!BBH", 0xFF, 0x03, ppp_proto) + payload


def parse_reply(pkt, ptid, psid):
    """The ICMP echo reply carried by a data message, or None."""
    if len(pkt) < 6:
        return None
    flags, tid, sid = struct.unpack("!HHH", pkt[:6])
    if flags & 0x8000 or (tid, sid) != (ptid, psid):
        return None
    ppp = pkt[6:]
    if ppp[:2] == b"\xff\x03":
        ppp = ppp[2:]
    if ppp[:2] != b"\x00\x21":
        return None
    ip = ppp[2:]
    ihl = (ip[0] & 0xF) * 4
    if len(ip) < ihl + 8 or ip[9] != 1 or ip[ihl] != 0:
        return None
    return struct.unpack("!H", ip[ihl + 6:ihl + 8])[0]


def main():
    local, gw = sys.argv[1], sys.argv[2]
    tid, sid, ptid, psid = (int(x) for x in sys.argv[3:7])
    src, dst, mode, count = sys.argv[7], sys.argv[8], sys.argv[9], int(sys.argv[10])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((local, 1701))
    replies = set()
    for seq in range(1, count + 1):
        if mode == "ping":
            frame = l2tp_data(tid, sid, 0x0021, ipv4_icmp_echo(src, dst, 0x5151, seq))
        elif mode == "spoof":
            frame = l2tp_data(tid, sid, 0x0021, ipv4_icmp_echo("10.123.45.67", dst, 0x5151, seq))
        elif mode == "lcp":
            frame = l2tp_data(tid, sid, 0xC021, struct.pack("!BBHI", 9, seq & 0xFF, 8, 0x12345678))
        else:
            sys.exit("unknown mode " + mode)
        sock.sendto(frame, (gw, 1701))
        deadline = time.time() + 0.5
        while mode == "ping" and seq not in replies and time.time() < deadline:
            r, _, _ = select.select([sock], [], [], max(0, deadline - time.time()))
            if not r:
                break
            pkt, _ = sock.recvfrom(4096)
            got = parse_reply(pkt, ptid, psid)
            if got is not None:
                replies.add(got)
    print("replies %d" % len(replies))


if __name__ == "__main__":
    main()
