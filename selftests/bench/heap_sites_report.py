# SPDX-License-Identifier: GPL-2.0
"""Per-session heap by call site, from two heap_sites.so dumps.

Usage: heap_sites_report.py PROGRAM BEFORE AFTER N

Prints, largest first, the growth of the live bytes and allocations of
each call site between the dumps (the program's line that asked, then
the line that called it), divided by N, the sessions held; then the
sum, to set against the heap figure (mallinfo2) of the same run.
"""
import subprocess
import sys


def load(path):
    sites = {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if w[0] == "mallinfo":      # malloc's own: in use, free, mmapped
                sites["mallinfo"] = tuple(int(x) for x in w[1:])
                continue
            a1, a2, count, size = w
            sites[(a1, a2)] = (int(count), int(size))
    return sites


def resolve(prog, addrs):
    """addr2line of each offset: 'function file:line' (inlined: innermost)"""
    addrs = sorted(a for a in addrs if a not in ("0", "1", "lost"))
    names = {"0": "-", "1": "(outside the program)", "lost": "lost"}
    if not addrs:
        return names
    # a return address points after the call: look up the call itself
    out = subprocess.run(["addr2line", "-f", "-s", "-e", prog] +
                         ["%x" % (int(a, 16) - 1) for a in addrs],
                         capture_output=True, text=True).stdout.split("\n")
    for i, a in enumerate(addrs):
        names[a] = "%s %s" % (out[2 * i], out[2 * i + 1].split(" ")[0])
    return names


def main():
    prog, before, after, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    b, a = load(before), load(after)
    rows = []
    mi = (b.pop("mallinfo", None), a.pop("mallinfo", None))
    for key in set(a) | set(b):
        c0, s0 = b.get(key, (0, 0))
        c1, s1 = a.get(key, (0, 0))
        if key[0] == "lost":
            print("allocations not recorded (a table full): %d" % c1)
            continue
        if s1 != s0 or c1 != c0:
            rows.append((s1 - s0, c1 - c0, key))
    names = resolve(prog, {k[0] for _, _, k in rows} | {k[1] for _, _, k in rows})
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    print("%10s %8s %8s  %s" % ("B/session", "allocs/s", "B total", "site <- its caller"))
    for size, count, key in rows:
        if abs(size) < n:       # under 1 B a session
            continue
        print("%10.1f %8.2f %8d  %s <- %s" % (size / n, count / n, size,
                                              names[key[0]], names[key[1]]))
    print("%10.1f %8s %8d  all sites (N = %d)" % (total / n, "", total, n))
    if mi[0] and mi[1]:
        # mallinfo2 at the same instants: what no live allocation explains
        d = mi[1][0] - mi[0][0]
        print("%10.1f %8s %8d  malloc's bytes in use (mallinfo2 uordblks), same instants"
              % (d / n, "", d, ))
        print("%10.1f %8s %8d  in use for mallinfo2, in no live allocation seen here"
              % ((d - total) / n, "", d - total))
        print("%10.1f %8s %8d  malloc's free bytes (fordblks) grew by"
              % ((mi[1][1] - mi[0][1]) / n, "", mi[1][1] - mi[0][1]))


if __name__ == "__main__":
    main()
