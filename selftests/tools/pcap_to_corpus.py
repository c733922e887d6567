#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Cut captured client traffic into seed files for the fuzz targets.

    pcap_to_corpus.py OUTDIR CAPTURE.pcap...

The captures are those of `ROAM_CAPTURE=DIR sh selftests/check.sh` (the
gateway namespace of each test, all interfaces).  For each target a
folder OUTDIR/TARGET receives one file per distinct input, named by its
SHA-1 as libFuzzer names its own; `fuzz_TARGET -merge=1` then keeps the
ones that add coverage.

  codec targets (one datagram or stream):
    ike_msg    UDP 500 payloads; UDP 4500 payloads after the non-ESP marker
    l2tp_msg   UDP 1701 payloads (plaintext L2TP: the tests without IPsec)
    pptp_msg   each TCP 1723 direction of a connection, as one byte stream
    ppp_frame  PPP frames: out of GRE, and out of L2TP data messages
    gre        GRE packets as the raw socket reads them (no IP header)
    radius     UDP 1812, 1813 and 3799 payloads
  engine targets (their record scripts, see each fuzz_*.c header):
    ike        the datagrams one client sent, in order
    l2tp       the datagrams one client sent to UDP 1701, in order
    pptp       what one client sent on TCP 1723, in records of 255 bytes
    ppp        the PPP control frames one client sent, in order

Reads pcap (not pcapng) with link types Ethernet, raw IP, Linux cooked
(SLL and SLL2).  Only IPv4.  Python's standard library only.
"""

import hashlib
import os
import struct
import sys

LINK_ETH, LINK_RAW, LINK_SLL, LINK_SLL2 = 1, 101, 113, 276
PPP_CONTROL = {0xc021, 0x8021, 0x8057, 0x80fd, 0xc023, 0xc223}


def packets(path):
    """Yield (timestamp, IPv4 packet bytes) from a pcap file."""
    with open(path, 'rb') as f:
        head = f.read(24)
        if len(head) < 24:
            return
        magic = struct.unpack('<I', head[:4])[0]
        if magic in (0xa1b2c3d4, 0xa1b23c4d):
            end = '<'
        elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
            end = '>'
        else:
            raise SystemExit('%s: not a pcap file (pcapng? use dumpcap -P)' % path)
        link = struct.unpack(end + 'I', head[20:24])[0] & 0x0fffffff
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(end + 'IIII', rec)
            frame = f.read(incl)
            if len(frame) < incl:
                return
            ip = link_payload(link, frame)
            if ip is not None:
                yield sec + frac / 1e6, ip


def link_payload(link, frame):
    """The IPv4 packet inside a link-layer frame, or None."""
    if link == LINK_ETH:
        off, proto = 14, frame[12:14]
    elif link == LINK_RAW:
        off, proto = 0, b'\x08\x00'
    elif link == LINK_SLL:
        off, proto = 16, frame[14:16]
    elif link == LINK_SLL2:
        off, proto = 20, frame[0:2]
        # (SLL2 carries the interface index after the protocol)
    else:
        return None
    if proto != b'\x08\x00' or len(frame) <= off:
        return None
    return frame[off:]


def ipv4(pkt):
    """(src, dst, proto, payload) of an unfragmented IPv4 packet, or None."""
    if len(pkt) < 20 or pkt[0] >> 4 != 4:
        return None
    ihl = (pkt[0] & 15) * 4
    total = struct.unpack('>H', pkt[2:4])[0]
    frag = struct.unpack('>H', pkt[6:8])[0]
    if frag & 0x3fff or total < ihl or total > len(pkt):
        return None
    return pkt[12:16], pkt[16:20], pkt[9], pkt[ihl:total]


def gre_ppp(gre):
    """The PPP frame in an enhanced GRE packet (RFC 2637), or None."""
    if len(gre) < 8:
        return None
    flags, proto = struct.unpack('>HH', gre[:4])
    if proto != 0x880b or flags & 7 != 1:
        return None
    off = 8 + (4 if flags & 0x1000 else 0) + (4 if flags & 0x0080 else 0)
    return gre[off:] if len(gre) > off else None


def l2tp_data_ppp(msg):
    """The PPP frame in an L2TP data message, or None."""
    if len(msg) < 6:
        return None
    flags = struct.unpack('>H', msg[:2])[0]
    if flags & 0x8000 or flags & 15 != 2:
        return None
    off = 2 + (2 if flags & 0x4000 else 0) + 4 + (4 if flags & 0x0800 else 0)
    if flags & 0x0200:
        if len(msg) < off + 2:
            return None
        off += 2 + struct.unpack('>H', msg[off:off + 2])[0]
    return msg[off:] if len(msg) > off else None


def ppp_proto(frame):
    if frame[:2] == b'\xff\x03':
        frame = frame[2:]
    if not frame:
        return None
    if frame[0] & 1:
        return frame[0]
    return struct.unpack('>H', frame[:2])[0] if len(frame) >= 2 else None


def records(op, chunks):
    """The engine targets' records: opcode, length octet, bytes."""
    out = b''
    for c in chunks:
        while c:
            piece, c = c[:255], c[255:]
            out += bytes([op, len(piece)]) + piece
    return out


class Seeds:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = {}

    def add(self, target, data):
        if not data:
            return
        d = os.path.join(self.outdir, target)
        os.makedirs(d, exist_ok=True)
        name = os.path.join(d, hashlib.sha1(data).hexdigest())
        if not os.path.exists(name):
            with open(name, 'wb') as f:
                f.write(data)
            self.count[target] = self.count.get(target, 0) + 1


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    seeds = Seeds(sys.argv[1])
    for path in sys.argv[2:]:
        cut(path, seeds)
    for t in sorted(seeds.count):
        print('%-10s %d new seeds' % (t, seeds.count[t]))


def cut(path, seeds):
    ike_conv = {}       # client (addr, port) -> datagrams it sent
    l2tp_conv = {}
    ppp_conv = {}       # client addr -> PPP control frames it sent
    tcp = {}            # (src, sport, dst, dport) -> {seq: payload}
    seen = set()        # the same packet crosses several interfaces
    for _, pkt in packets(path):
        p = ipv4(pkt)
        if not p:
            continue
        src, dst, proto, body = p
        key = (src, dst, proto, body)
        if key in seen:
            continue
        seen.add(key)
        if proto == 47:
            seeds.add('gre', body)
            frame = gre_ppp(body)
            if frame:
                seeds.add('ppp_frame', frame)
                if ppp_proto(frame) in PPP_CONTROL:
                    ppp_conv.setdefault(src, []).append(frame)
            continue
        if proto == 6 and len(body) >= 20:
            sport, dport, seq = struct.unpack('>HHI', body[:8])
            off = (body[12] >> 4) * 4
            data = body[off:]
            if data and 1723 in (sport, dport):
                tcp.setdefault((src, sport, dst, dport), {})[seq] = data
            continue
        if proto != 17 or len(body) < 8:
            continue
        sport, dport = struct.unpack('>HH', body[:4])
        data = body[8:]
        ports = (sport, dport)
        if 500 in ports:
            seeds.add('ike_msg', data)
            if dport == 500:
                ike_conv.setdefault((src, sport), []).append(data)
        elif 4500 in ports:
            if len(data) > 4 and data[:4] == b'\0\0\0\0':
                seeds.add('ike_msg', data[4:])
                if dport == 4500:
                    ike_conv.setdefault((src, sport), []).append(data[4:])
        elif 1701 in ports:
            seeds.add('l2tp_msg', data)
            frame = l2tp_data_ppp(data)
            if frame:
                seeds.add('ppp_frame', frame)
                if dport == 1701 and ppp_proto(frame) in PPP_CONTROL:
                    ppp_conv.setdefault(src, []).append(frame)
            if dport == 1701 and len(data) >= 2 and data[0] & 0x80:
                l2tp_conv.setdefault((src, sport), []).append(data)
        elif set(ports) & {1812, 1813, 3799}:
            seeds.add('radius', data)

    for dgrams in ike_conv.values():
        # flags 2: the responder's cookie written into later datagrams;
        # 8: the remote-access groups configured (vpnc's Aggressive Mode)
        script = b''.join(struct.pack('>H', len(d)) + d for d in dgrams)
        for flags in (2, 2 | 8):
            seeds.add('ike', bytes([flags]) + script)
    for dgrams in l2tp_conv.values():
        # the first (SCCRQ) as it is, the rest with the LNS's own IDs
        out = records(0, dgrams[:1])
        for d in dgrams[1:]:
            if len(d) <= 255:
                out += records(2, [d])
        seeds.add('l2tp', out)
    for frames in ppp_conv.values():
        # the first configuration octet picks the authentication methods
        # (mod 5) and the MPPE policy (top bits): the client's frames
        # under each method, and with MPPE required
        script = records(0, [f for f in frames if len(f) <= 255])
        for conf in (0, 1, 2, 3, 4, 0x84):
            seeds.add('ppp', bytes([conf, 0]) + script)
    for (src, sport, dst, dport), segs in tcp.items():
        stream = b''.join(segs[s] for s in sorted(segs))
        seeds.add('pptp_msg', stream)
        if dport == 1723:
            seeds.add('pptp', records(0, [stream]))


if __name__ == '__main__':
    main()
