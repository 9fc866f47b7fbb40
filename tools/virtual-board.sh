#!/usr/bin/env bash
# The virtual board in one command: installs the Debian tools it needs, builds, starts the board (real firmware,
# ENC28J60 model, TAP in its own network namespace: host side 192.0.2.1/24, board 192.0.2.2), shows ping and curl
# against it from the namespace, and leaves it running. Ctrl-C stops it and deletes the namespace.
# Extra arguments go to the board, e.g.:  tools/virtual-board.sh --pcap /tmp/board.pcap --drop 0.01 --revision B4
# With --dhcp the firmware gets its address by DHCP as the real board does: this script then runs dnsmasq
# (192.0.2.100-150, 2-minute leases) inside the namespace and waits for the lease before ping/curl.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then exec sudo -E "$0" "$@"; fi

bash tools/install-deps.sh
echo "building the virtual board..."
dotnet build emulator/VirtualBoard/NanoStack.VirtualBoard.csproj -c Release --artifacts-path artifacts/vboard -v q -nologo >/dev/null
exe=artifacts/vboard/bin/NanoStack.VirtualBoard/release/nanostack-vboard

nsfile=$(mktemp)
"$exe" --netns-file "$nsfile" "$@" &
pid=$!
dnsmasq_pid=""
work=$(mktemp -d)
trap 'if [ -n "$dnsmasq_pid" ]; then kill $dnsmasq_pid 2>/dev/null || true; fi; kill -TERM $pid 2>/dev/null || true; wait $pid || true; rm -rf "$nsfile" "$work"; exit 0' INT TERM
for _ in $(seq 1 300); do
  [ -s "$nsfile" ] && break
  kill -0 $pid 2>/dev/null || { echo "the virtual board did not start" >&2; exit 1; }
  sleep 0.1
done
ns=$(cat "$nsfile")
ip=192.0.2.2
dhcp=0
prev=""; for a in "$@"; do [ "$prev" = "--ip" ] && ip=$a; [ "$a" = "--dhcp" ] && dhcp=1; prev=$a; done

if [ $dhcp = 1 ]; then
  : > "$work/leases"
  echo "+ ip netns exec $ns dnsmasq --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m ..."
  ip netns exec "$ns" ip route add 224.0.0.0/4 dev tap0 2>/dev/null || true
  ip netns exec "$ns" dnsmasq --keep-in-foreground --interface=tap0 --bind-interfaces --except-interface=lo \
    --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m --dhcp-option=option:router,192.0.2.1 \
    --dhcp-option=option:dns-server,192.0.2.1 --no-resolv --no-hosts --dhcp-authoritative \
    --dhcp-leasefile="$work/leases" --pid-file= --log-facility="$work/dnsmasq.log" &
  dnsmasq_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$work/leases" ] && break
    sleep 0.1
  done
  if [ -s "$work/leases" ]; then
    ip=$(awk '{print $3; exit}' "$work/leases"); echo "leased: $ip (and nanostack.local by mDNS)"
    # The board ARP-probes the address (RFC 5227, about 5 s) before it uses it.
    for _ in $(seq 1 20); do ip netns exec "$ns" ping -c 1 -W 1 "$ip" >/dev/null 2>&1 && break; done
  else echo "no lease within 30 s; the board uses its fallback $ip"; fi
fi

echo
echo "+ ip netns exec $ns ping -c 3 $ip"
ip netns exec "$ns" ping -c 3 -W 2 "$ip" || true
echo
echo "+ ip netns exec $ns curl -s http://$ip/api/status"
ip netns exec "$ns" curl -sS -m 10 "http://$ip/api/status" || true
echo
echo "+ ip netns exec $ns curl -s -X POST -d toggle http://$ip/api/led"
ip netns exec "$ns" curl -sS -m 10 -X POST -d toggle "http://$ip/api/led" || true
echo
echo "The board is running. From another terminal:"
echo "  sudo ip netns exec $ns curl http://$ip/"
echo "  sudo ip netns exec $ns curl -o /dev/null http://$ip/bytes/10485760"
echo "  sudo ip netns exec $ns bash        # a shell on the board's LAN"
echo "Ctrl-C stops the board and deletes the namespace."
wait $pid || true
if [ -n "$dnsmasq_pid" ]; then kill $dnsmasq_pid 2>/dev/null || true; fi
rm -rf "$nsfile" "$work"
