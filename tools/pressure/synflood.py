#!/usr/bin/env python3
"""SYN flood for the virtual board, from inside its namespace: N SYNs to 192.0.2.2:80 from spoofed sources
192.0.2.100-250 (151 addresses, each SYN from its own port), sent as fast as scapy goes (about 1 s for 2000).
Usage: synflood.py COUNT BOARD_MAC [IFACE]. Only for the test-made namespace (192.0.2.0/24)."""
import sys, time
from scapy.all import Ether, IP, TCP, sendp, conf

conf.verb = 0
n, mac = int(sys.argv[1]), sys.argv[2]
iface = sys.argv[3] if len(sys.argv) > 3 else "tap0"
n = min(n, 100000)
pkts = [Ether(dst=mac) / IP(src="192.0.2.%d" % (100 + i % 151), dst="192.0.2.2")
        / TCP(sport=1024 + i % 60000, dport=80, flags="S", seq=(i * 7919) & 0xFFFFFFFF, window=64240, options=[("MSS", 1460)])
        for i in range(n)]
start = time.time()
sendp(pkts, iface=iface, verbose=0)
print("sent %d SYNs in %.2f s" % (n, time.time() - start))
