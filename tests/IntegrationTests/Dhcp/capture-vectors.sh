#!/usr/bin/env bash
# Captures the real DHCP, DNS and mDNS packets the portable unit tests in tests/UnitTests/{Dhcp,Dns,Mdns}
# are built from. Everything happens inside two network namespaces this script creates (192.0.2.0/24 only,
# joined by one veth pair) and deletes on exit:
#   srv: dnsmasq (DHCP 2-minute leases + DNS for board.test) on 192.0.2.1, tshark capturing
#   cli: a scapy DHCP client (DISCOVER/REQUEST as our DhcpClient sends them), dig for DNS and mDNS queries
# Output: one line per captured frame, "<n> <hex of the whole Ethernet frame>", in $1 (default ./vectors.txt).
# Needs root, dnsmasq-base, tshark, dnsutils, python3-scapy.
set -euo pipefail
out="$(realpath -m "${1:-vectors.txt}")"
tag="dh$$"
srv="nsdhcp-srv-$tag"; cli="nsdhcp-cli-$tag"
work="$(mktemp -d)"
cleanup() {
  set +e
  [ -f "$work/dnsmasq.pid" ] && kill "$(cat "$work/dnsmasq.pid")" 2>/dev/null
  [ -n "${tspid:-}" ] && kill "$tspid" 2>/dev/null && wait "$tspid" 2>/dev/null
  ip netns del "$srv" 2>/dev/null; ip netns del "$cli" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$srv"; ip netns add "$cli"
ip -n "$srv" link add vsrv type veth peer name vcli netns "$cli"
ip -n "$srv" addr add 192.0.2.1/24 dev vsrv
ip -n "$srv" link set vsrv up; ip -n "$srv" link set lo up
ip -n "$cli" link set vcli address 02:00:00:00:00:01
ip -n "$cli" link set vcli up; ip -n "$cli" link set lo up
ip netns exec "$srv" timeout 60 tshark -q -i vsrv -w "$work/cap.pcap" >/dev/null 2>&1 & tspid=$!
sleep 3
ip netns exec "$srv" dnsmasq --interface=vsrv --bind-interfaces --except-interface=lo \
  --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m --dhcp-option=option:router,192.0.2.1 \
  --dhcp-option=option:dns-server,192.0.2.1 --host-record=board.test,192.0.2.53 --cname=www.board.test,board.test \
  --no-resolv --no-hosts --dhcp-leasefile="$work/leases" --pid-file="$work/dnsmasq.pid" --log-facility="$work/log" \
  --dhcp-authoritative
sleep 1
ip netns exec "$cli" timeout 30 /usr/bin/python3 - <<'PY'
from scapy.all import *
conf.checkIPaddr = False
mac = "02:00:00:00:00:01"; hw = bytes.fromhex("020000000001")
opts = [("client_id", b"\x01" + hw), ("hostname", b"nanostack"), ("param_req_list", [1, 3, 6, 51, 54, 58, 59])]
def pkt(xid, o):
    return (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255") /
            UDP(sport=68, dport=67) / BOOTP(chaddr=hw + b"\0" * 10, xid=xid, flags=0) / DHCP(options=o + ["end"]))
offer = srp1(pkt(0x4e414e4f, [("message-type", "discover")] + opts), iface="vcli", timeout=5, verbose=0)
yi = offer[BOOTP].yiaddr
sid = [v for (k, v) in [x for x in offer[DHCP].options if isinstance(x, tuple)] if k == "server_id"][0]
ack = srp1(pkt(0x4e414e4f, [("message-type", "request"), ("requested_addr", yi), ("server_id", sid)] + opts),
           iface="vcli", timeout=5, verbose=0)
# A REQUEST for an address the server cannot give us draws a NAK.
srp1(pkt(0x4e414e50, [("message-type", "request"), ("requested_addr", "192.0.2.99")] + opts), iface="vcli", timeout=5, verbose=0)
PY
ip -n "$cli" addr add 192.0.2.2/24 dev vcli
ip -n "$cli" route add 224.0.0.0/4 dev vcli
sleep 1
ip netns exec "$cli" dig +tries=1 +time=2 @192.0.2.1 board.test A >/dev/null || true
ip netns exec "$cli" dig +tries=1 +time=2 @192.0.2.1 www.board.test A >/dev/null || true
ip netns exec "$cli" dig +tries=1 +time=2 @192.0.2.1 missing.board.test A >/dev/null || true
ip netns exec "$cli" dig +tries=1 +time=1 -p 5353 @224.0.0.251 nanostack.local A >/dev/null || true
ip netns exec "$cli" dig +tries=1 +time=1 -p 5353 @224.0.0.251 _http._tcp.local PTR >/dev/null || true
ip netns exec "$cli" dig +tries=1 +time=1 -p 5353 @224.0.0.251 _services._dns-sd._udp.local PTR >/dev/null || true
sleep 2
kill "$tspid"; wait "$tspid" 2>/dev/null || true; tspid=
cat "$work/leases" >&2 || true
/usr/bin/python3 - "$work/cap.pcap" "$out" <<'PY'
import sys
from scapy.all import rdpcap, raw
with open(sys.argv[2], "w") as f:
    for i, p in enumerate(rdpcap(sys.argv[1])):
        f.write("%d %s %s\n" % (i, raw(p).hex(), p.summary()))
PY
