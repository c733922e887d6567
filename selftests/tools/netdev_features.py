#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# netdev_features.py DEV: prints the offloads a device has on, one
# "name on|off" a line, read with the ethtool ioctl (ethtool itself is not
# a dependency of the tests). The names are ethtool's.

import ctypes
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
# ETHTOOL_G* commands of include/uapi/linux/ethtool.h
FEATURES = (
    ('tx-checksumming', 0x16),		# ETHTOOL_GTXCSUM
    ('scatter-gather', 0x18),		# ETHTOOL_GSG
    ('tcp-segmentation-offload', 0x1e),	# ETHTOOL_GTSO
    ('generic-segmentation-offload', 0x23),	# ETHTOOL_GGSO
    ('generic-receive-offload', 0x2b),	# ETHTOOL_GGRO
)


def get(sock, dev, cmd):
    value = ctypes.create_string_buffer(struct.pack('II', cmd, 0))
    # struct ifreq: the name, then ifr_data, in 40 bytes
    ifr = struct.pack('16sP16x', dev.encode(), ctypes.addressof(value))
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, ifr)
    return struct.unpack('II', value.raw[:8])[1]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: netdev_features.py DEV\n')
        return 2
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for name, cmd in FEATURES:
        print('%s %s' % (name, 'on' if get(sock, argv[1], cmd) else 'off'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
