#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# slab_read.py OUT [EXCLUDE]: flush every slab cache, then read
# /proc/slabinfo and /proc/meminfo; prints "SLAB PERCPU ALL" (bytes: SLAB
# leaves out the caches whose name matches the regular expression EXCLUDE,
# ALL does not) and writes one "CACHE BYTES" line per cache (active objects
# x object size) into OUT.
#
# SLUB counts the free objects of each CPU's active slab as in use, and
# the flush (writing 1 to /sys/kernel/slab/*/shrink) empties those. Any
# allocation between the flush and the reading takes a fresh slab whose
# every object then counts: a fork, an open(), the first read of a
# seq_file. So every file is opened, and both seq_files have their buffer,
# before the flush; nothing is allocated between the flush and the reading
# but the few bytes each sysfs write needs.
import glob
import os
import re
import sys

buf = bytearray(8 << 20)
view = memoryview(buf)


def read_all(fd):
    os.lseek(fd, 0, os.SEEK_SET)
    off = 0
    while True:
        n = os.readv(fd, [view[off:]])
        if n <= 0:
            break
        off += n
    return bytes(view[:off])


def main():
    shrink = []
    for path in sorted(glob.glob('/sys/kernel/slab/*/shrink')):
        try:
            shrink.append(os.open(path, os.O_WRONLY))
        except OSError:
            pass
    slabinfo = os.open('/proc/slabinfo', os.O_RDONLY)
    meminfo = os.open('/proc/meminfo', os.O_RDONLY)
    out = open(sys.argv[1], 'w')
    read_all(slabinfo)
    read_all(meminfo)
    one = b'1'
    for fd in shrink:
        try:
            os.write(fd, one)
        except OSError:
            pass
    slab = read_all(slabinfo)
    mem = read_all(meminfo)
    exclude = re.compile(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    total = 0
    kept = 0
    lines = []
    for line in slab.decode().splitlines()[2:]:
        f = line.split()
        b = int(f[1]) * int(f[3])
        total += b
        if not exclude or not exclude.search(f[0]):
            kept += b
        lines.append('%s %d\n' % (f[0], b))
    percpu = 0
    for line in mem.decode().splitlines():
        if line.startswith('Percpu:'):
            percpu = int(line.split()[1]) * 1024
    out.writelines(lines)
    out.close()
    print(kept, percpu, total)


main()
