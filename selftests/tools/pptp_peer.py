#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Test peer for the pptp data path: plays the client end of one PPTP
call's enhanced GRE (RFC 2637 4.1), with its own MPPE (RFC 3078/3079;
weak cryptography, tested because legacy clients use it).

usage: pptp_peer.py LOCAL GW CALL PEER_CALL SRC DST STATE CMD [ARG]
                    [--mppe BITS stateful|stateless SEND_KEY RECV_KEY]

  CALL is the gateway's call id (what we put in the key field), PEER_CALL
  ours (what the gateway puts in its packets). STATE is a file that keeps
  our next sequence number between runs. Keys are hex, the client's view:
  SEND_KEY is the gateway's receive key.

  ping N      N ICMP echo requests SRC -> DST; prints "replies K flushed F"
              (F: replies whose MPPE header had the flushed bit)
  drop N      like ping N, but the MPPE packet of the 2nd request is
              never sent (a loss): prints "replies K resets R"
  resetreq    a CCP Reset-Request, then one echo request: "replies K
              flushed F"
  dup         requests with sequence numbers s, s (again), s+2, s+1:
              prints "replies K"
  lcp N       N LCP Echo-Requests (roamd's, through the raw socket)
  ackwait     one LCP Echo-Request, then wait for the gateway's ack-only
              packet: prints "ack-only S" (the acked number) or "no-ack"
  expect P    print "ready", wait for a frame of PPP protocol P (hex) from
              the gateway: prints "frame proto P seq S"
  malformed   GRE with bad flags (3 kinds), a lying length, no key, short
              headers
"""
import hashlib
import select
import socket
import struct
import sys
import time

GRE_PPP = 0x880B


class RC4:
    def __init__(self, key):
        s = list(range(256))
        j = 0
        for i in range(256):
            j = (j + s[i] + key[i % len(key)]) & 0xFF
            s[i], s[j] = s[j], s[i]
        self.s, self.i, self.j = s, 0, 0

    def crypt(self, data):
        s, i, j = self.s, self.i, self.j
        out = bytearray(len(data))
        for n, b in enumerate(data):
            i = (i + 1) & 0xFF
            j = (j + s[i]) & 0xFF
            s[i], s[j] = s[j], s[i]
            out[n] = b ^ s[(s[i] + s[j]) & 0xFF]
        self.i, self.j = i, j
        return bytes(out)


class MPPE:
    """One direction of MPPE, the key schedule of RFC 3078 section 7."""

    def __init__(self, bits, stateless, start):
        self.bits, self.stateless = bits, stateless
        self.keylen = 16 if bits == 128 else 8
        self.start = start[:self.keylen]
        self.key = self.salt(self.sha(self.start))
        self.rc4 = RC4(self.key)
        self.ccount = 0xFFF
        self.flush_next = False

    def sha(self, cur):
        h = hashlib.sha1(self.start + b"\0" * 40 + cur + b"\xf2" * 40)
        return h.digest()[:self.keylen]

    def salt(self, k):
        if self.bits == 40:
            return b"\xd1\x26\x9e" + k[3:]
        if self.bits == 56:
            return b"\xd1" + k[1:]
        return k

    def change_key(self):
        interim = self.sha(self.key)
        self.key = self.salt(RC4(interim).crypt(interim))
        self.rc4 = RC4(self.key)

    def encrypt(self, data):
        self.ccount = (self.ccount + 1) & 0xFFF
        bits = 0x10
        if self.stateless or (self.ccount & 0xFF) == 0xFF or self.flush_next:
            self.change_key()
            bits |= 0x80
            self.flush_next = False
        hdr = struct.pack("!H", (bits << 8) | self.ccount)
        return hdr + self.rc4.crypt(data)

    def decrypt(self, frame):
        """In-order packets only (the test's gateway never loses any)."""
        word, = struct.unpack("!H", frame[:2])
        flushed, ccount = word & 0x8000, word & 0xFFF
        if self.stateless:
            while self.ccount != ccount:
                self.change_key()
                self.ccount = (self.ccount + 1) & 0xFFF
        else:
            self.ccount = (self.ccount + 1) & 0xFFF
            if self.ccount != ccount:
                return None, flushed
            if flushed:
                self.change_key()
        return self.rc4.crypt(frame[2:]), flushed


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def icmp_echo(src, dst, ident, seq):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"pptp" * 8
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), seq, 0, 64,
                      1, 0, socket.inet_aton(src), socket.inet_aton(dst))
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + icmp


class Peer:
    def __init__(self, argv):
        (self.local, self.gw, call, peer_call, self.src, self.dst,
         self.state) = argv[:7]
        self.call, self.peer_call = int(call), int(peer_call)
        try:
            self.seq = int(open(self.state).read())
        except (OSError, ValueError):
            self.seq = 1
        self.tx = self.rx = None
        if "--mppe" in argv:
            i = argv.index("--mppe")
            bits, mode = int(argv[i + 1]), argv[i + 2] == "stateless"
            self.tx = MPPE(bits, mode, bytes.fromhex(argv[i + 3]))
            self.rx = MPPE(bits, mode, bytes.fromhex(argv[i + 4]))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                  socket.IPPROTO_GRE)
        self.sock.bind((self.local, 0))
        self.ident = 0x5050

    def save(self):
        with open(self.state, "w") as f:
            f.write(str(self.seq))

    def gre(self, payload, seq=None, flags=0x30, ver=0x01, length=None):
        if seq is None:
            seq, self.seq = self.seq, self.seq + 1
        if length is None:
            length = len(payload)
        hdr = struct.pack("!BBHHHI", flags, ver, GRE_PPP, length, self.call,
                          seq & 0xFFFFFFFF)
        return hdr + payload

    def send(self, raw):
        self.sock.sendto(raw, (self.gw, 0))

    def ppp(self, proto, info, encrypt=True):
        inner = struct.pack("!H", proto) + info
        if self.tx and encrypt and proto < 0x8000:
            return b"\xff\x03\x00\xfd" + self.tx.encrypt(inner)
        return b"\xff\x03" + inner

    def receive(self, timeout):
        """(gre flags, seq, ack, ppp proto, info, mppe flushed) or None."""
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return None
            pkt, addr = self.sock.recvfrom(4096)
            if addr[0] != self.gw:
                continue
            ip = pkt[:(pkt[0] & 0xF) * 4]
            g = pkt[len(ip):]
            f0, f1, proto, length, call = struct.unpack("!BBHHH", g[:8])
            if proto != GRE_PPP or call != self.peer_call:
                continue
            off, seq, ack = 8, None, None
            if f0 & 0x10:
                seq, = struct.unpack("!I", g[off:off + 4])
                off += 4
            if f1 & 0x80:
                ack, = struct.unpack("!I", g[off:off + 4])
                off += 4
            ppp = g[off:off + length]
            if ppp[:2] == b"\xff\x03":
                ppp = ppp[2:]
            if not ppp:
                return (f0, seq, ack, None, b"", False)
            pproto, = struct.unpack("!H", ppp[:2])
            info, flushed = ppp[2:], False
            if pproto == 0x00FD and self.rx:
                inner, flushed = self.rx.decrypt(info)
                if inner is None:
                    continue
                pproto, = struct.unpack("!H", inner[:2])
                info = inner[2:]
            if pproto == 0x80FD and info[:1] == b"\x0e" and self.tx:
                self.tx.flush_next = True
            return (f0, seq, ack, pproto, info, flushed)

    def echo(self, n, lose=None):
        """Send n echo requests; (replies, flushed replies, resets)."""
        replies = flushed = resets = 0
        for i in range(n):
            frame = self.ppp(0x21, icmp_echo(self.src, self.dst, self.ident, i))
            if i == lose:
                self.seq += 1	# the GRE packet lost on the way
                continue
            self.send(self.gre(frame))
            end = time.time() + 2
            while time.time() < end:
                r = self.receive(end - time.time())
                if r is None:
                    break
                if r[3] == 0x80FD and r[4][:1] == b"\x0e":
                    resets += 1
                    break	# the gateway lost sync: no reply coming
                if r[3] == 0x21 and r[4][20:21] == b"\x00":
                    replies += 1
                    flushed += 1 if r[5] else 0
                    break
        return replies, flushed, resets


def main():
    argv = sys.argv[1:]
    p = Peer(argv)
    cmd = argv[7]
    arg = argv[8] if len(argv) > 8 and not argv[8].startswith("--") else None
    if cmd == "ping":
        r, f, _ = p.echo(int(arg))
        print("replies %d flushed %d" % (r, f))
    elif cmd == "drop":
        r, _, s = p.echo(int(arg), lose=1)
        print("replies %d resets %d" % (r, s))
    elif cmd == "resetreq":
        p.send(p.gre(p.ppp(0x80FD, b"\x0e\x07\x00\x04")))
        r, f, _ = p.echo(1)
        print("replies %d flushed %d" % (r, f))
    elif cmd == "dup":
        replies = 0
        s = p.seq
        for seq, i in ((s, 0), (s, 1), (s + 2, 2), (s + 1, 3)):
            frame = p.ppp(0x21, icmp_echo(p.src, p.dst, p.ident, i))
            p.send(p.gre(frame, seq=seq))
            r = p.receive(1)
            replies += 1 if r and r[3] == 0x21 else 0
        p.seq = s + 3
        print("replies %d" % replies)
    elif cmd == "reorder":
        # two echo requests swapped on the way: the one numbered s + 1
        # (ICMP sequence 1) arrives first; prints the order of the replies
        s = p.seq
        for seq, i in ((s + 1, 1), (s, 0)):
            frame = p.ppp(0x21, icmp_echo(p.src, p.dst, p.ident, i))
            p.send(p.gre(frame, seq=seq))
        order = []
        end = time.time() + 2
        while len(order) < 2 and time.time() < end:
            r = p.receive(end - time.time())
            if r and r[3] == 0x21 and r[4][20:21] == b"\x00":
                order.append(struct.unpack("!H", r[4][26:28])[0])
        p.seq = s + 2
        print("order " + " ".join(str(i) for i in order))
    elif cmd == "lcp":
        for i in range(int(arg)):
            p.send(p.gre(p.ppp(0xC021, bytes([9, i, 0, 8]) + b"\0" * 4)))
    elif cmd == "ackwait":
        seq = p.seq
        p.send(p.gre(p.ppp(0xC021, b"\x09\x01\x00\x08\0\0\0\0")))
        end = time.time() + 3
        out = "no-ack"
        while time.time() < end:
            r = p.receive(end - time.time())
            if r and r[3] is None and not (r[0] & 0x10) and r[2] == seq:
                out = "ack-only %d" % r[2]
                break
        print(out)
    elif cmd == "expect":
        want = int(arg, 16)
        print("ready", flush=True)
        # An upper bound, not a wait: the frame ends it. On the debug
        # kernel under emulation each of the test's next steps (two roam
        # commands) can take tens of seconds, so the bound is generous.
        end = time.time() + 300
        out = "no frame"
        while time.time() < end:
            r = p.receive(end - time.time())
            if r and r[3] == want:
                out = "frame proto %04x seq %s" % (want, r[1])
                break
        print(out)
    elif cmd == "malformed":
        echo = p.ppp(0x21, icmp_echo(p.src, p.dst, p.ident, 0), False)
        p.send(p.gre(echo, flags=0xB0))			# checksum bit
        p.send(p.gre(echo, length=len(echo) + 40))	# lying length
        p.send(p.gre(echo, flags=0x31))			# recursion control
        p.send(p.gre(echo, ver=0x09))	# flags in byte 2: the demux drops it
        p.send(p.gre(echo, flags=0x10))			# no key
        p.send(struct.pack("!BBHHH", 0x30, 0x01, GRE_PPP, 40, p.call))
        p.send(b"\x30\x01")				# 2 bytes
    p.save()


if __name__ == "__main__":
    main()
