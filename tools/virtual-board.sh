#!/usr/bin/env bash
# The virtual board in one command: installs the Debian tools it needs, builds, starts the board (real firmware,
# ENC28J60 model, TAP in its own network namespace: host side 192.0.2.1/24, board 192.0.2.2), shows ping and curl
# against it from the namespace, and leaves it running. Ctrl-C stops it and deletes the namespace.
# Extra arguments go to the board, e.g.:  tools/virtual-board.sh --pcap /tmp/board.pcap --drop 0.01 --revision B4
# With --dhcp the firmware gets its address by DHCP as the real board does: this script then runs dnsmasq
# (192.0.2.100-150, 2-minute leases) inside the namespace and waits for the lease before ping/curl.
# Root is needed only to run the board (namespace + TAP): a normal user builds as themself and the script then
# re-runs itself with sudo for that part; as root (CI, containers without sudo) nothing asks for sudo.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."
exe=artifacts/vboard/bin/NanoStack.VirtualBoard/release/nanostack-vboard

if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "virtual-board: error: the board needs root (it creates a network namespace and a TAP device) and sudo is not installed: run this script as root" >&2
  exit 1
fi
if [ "${1:-}" = --already-built ]; then
  shift   # the sudo re-run below: deps and build were done as the user
else
  bash tools/install-deps.sh   # asks sudo itself only when a package is missing
  echo "building the virtual board..."
  if ! out=$(dotnet build emulator/VirtualBoard/NanoStack.VirtualBoard.csproj -c Release --artifacts-path artifacts/vboard -v q -nologo 2>&1); then
    echo "$out" | grep -E "error|Error" | sort -u >&2
    echo "virtual-board: error: the build failed (above)" >&2
    exit 1
  fi
fi
if [ "$(id -u)" != 0 ]; then
  echo "virtual-board: the board needs root (network namespace + TAP): running it with sudo"
  exec sudo "$self" --already-built "$@"
fi

nsfile=$(mktemp)
"$exe" --netns-file "$nsfile" "$@" &
pid=$!
dnsmasq_pid=""
avahi_pid=""
ns=""
work=$(mktemp -d)
# Stops the helpers started for --dhcp (dnsmasq, avahi + the namespace's nsswitch.conf).
helpers_down() {
  if [ -n "$dnsmasq_pid" ]; then kill $dnsmasq_pid 2>/dev/null || true; fi
  if [ -n "$avahi_pid" ]; then
    kill $avahi_pid 2>/dev/null || true
    sleep 0.2
    # The namespace's teardown may have SIGKILLed it first: then its pid file and socket are left behind.
    pgrep -x avahi-daemon >/dev/null 2>&1 || rm -f /run/avahi-daemon/pid /run/avahi-daemon/socket
  fi
  if [ -n "$ns" ]; then rm -f "/etc/netns/$ns/nsswitch.conf"; rmdir "/etc/netns/$ns" 2>/dev/null || true; fi
}
trap 'helpers_down; kill -TERM $pid 2>/dev/null || true; wait $pid || true; rm -rf "$nsfile" "$work"; exit 0' INT TERM
for _ in $(seq 1 300); do
  [ -s "$nsfile" ] && break
  if ! kill -0 $pid 2>/dev/null; then
    # --help (exit 0) and bad options (exit 2, the board said why in one line) need no word from us.
    rc=0; wait $pid || rc=$?
    [ $rc = 0 ] || [ $rc = 2 ] || echo "virtual-board: the virtual board did not start (exit $rc)" >&2
    rm -f "$nsfile"; rm -rf "$work"
    exit $rc
  fi
  sleep 0.1
done
ns=$(cat "$nsfile")
if [ -z "$ns" ]; then
  echo "virtual-board: error: the board was not up within 30 s; stopping it" >&2
  kill -TERM $pid 2>/dev/null || true; wait $pid || true
  rm -f "$nsfile"; rm -rf "$work"
  exit 1
fi
ip=192.0.2.2
port=80
dhcp=0
prev=""
for a in "$@"; do
  case "$prev" in --ip) ip=$a ;; --http-port) port=$a ;; esac
  case "$a" in --ip=*|--ip:*) ip=${a#--ip?} ;; --http-port=*|--http-port:*) port=${a#--http-port?} ;; --dhcp) dhcp=1 ;; esac
  prev=$a
done
url() { if [ "$port" = 80 ]; then echo "http://$1/"; else echo "http://$1:$port/"; fi; }
# Hints for the user's own shell: sudo only if they came through it.
run="ip netns exec"; [ -n "${SUDO_USER:-}" ] && run="sudo ip netns exec"

if [ $dhcp = 1 ]; then
  : > "$work/leases"
  echo "+ ip netns exec $ns dnsmasq --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m ..."
  ip netns exec "$ns" ip route add 224.0.0.0/4 dev tap0 2>/dev/null || true
  ip netns exec "$ns" dnsmasq --keep-in-foreground --interface=tap0 --bind-interfaces --except-interface=lo \
    --dhcp-range=192.0.2.100,192.0.2.150,255.255.255.0,2m --dhcp-option=option:router,192.0.2.1 \
    --dhcp-option=option:dns-server,192.0.2.1 --no-resolv --no-hosts --dhcp-authoritative \
    --dhcp-leasefile="$work/leases" --pid-file= --log-facility="$work/dnsmasq.log" &
  dnsmasq_pid=$!
  disown $dnsmasq_pid 2>/dev/null || true
  for _ in $(seq 1 300); do
    [ -s "$work/leases" ] && break
    sleep 0.1
  done
  if [ -s "$work/leases" ]; then
    ip=$(awk '{print $3; exit}' "$work/leases"); echo "leased: $ip (and nanostack.local by mDNS)"
    # The board ARP-probes the address (RFC 5227, about 5 s) before it uses it.
    for _ in $(seq 1 20); do ip netns exec "$ns" ping -c 1 -W 1 "$ip" >/dev/null 2>&1 && break; done
  else echo "no lease within 30 s; the board uses its fallback $ip"; fi
  # As on a LAN with an mDNS resolver: avahi in the namespace (no D-Bus, publishing nothing) and, for that
  # namespace only, an nsswitch.conf asking libnss-mdns first (ip netns exec mounts /etc/netns/NS/* over /etc).
  if command -v avahi-daemon >/dev/null 2>&1 && ! pgrep -x avahi-daemon >/dev/null 2>&1; then
    mkdir -p "/etc/netns/$ns"
    sed 's/^hosts:.*/hosts: files mdns4_minimal [NOTFOUND=return] dns/' /etc/nsswitch.conf > "/etc/netns/$ns/nsswitch.conf"
    printf '[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=tap0\nenable-dbus=no\n[publish]\ndisable-publishing=yes\n' > "$work/avahi.conf"
    ip netns exec "$ns" avahi-daemon --no-drop-root --no-chroot -f "$work/avahi.conf" >"$work/avahi.log" 2>&1 &
    avahi_pid=$!
    disown $avahi_pid 2>/dev/null || true
    for _ in $(seq 1 50); do grep -q "startup complete" "$work/avahi.log" 2>/dev/null && break; sleep 0.1; done
    host=nanostack.local
    for _ in $(seq 1 10); do ip netns exec "$ns" getent hosts "$host" >/dev/null 2>&1 && break; sleep 0.5; done
    echo "+ ip netns exec $ns curl -s $(url "$host")api/led     # found by mDNS (avahi + libnss-mdns in the namespace)"
    ip netns exec "$ns" curl -sS -m 10 "$(url "$host")api/led" || true
  else
    echo "(nanostack.local: avahi-daemon missing or already running on this machine; resolve it with: dig -p 5353 @224.0.0.251)"
  fi
fi

echo
echo "+ ip netns exec $ns ping -c 3 $ip"
ip netns exec "$ns" ping -c 3 -W 2 "$ip" || true
echo
echo "+ ip netns exec $ns curl -s $(url "$ip")api/status"
ip netns exec "$ns" curl -sS -m 10 "$(url "$ip")api/status" || true
echo
echo "+ ip netns exec $ns curl -s -X POST -d toggle $(url "$ip")api/led"
ip netns exec "$ns" curl -sS -m 10 -X POST -d toggle "$(url "$ip")api/led" || true
echo
echo "The board is running. From another terminal:"
echo "  $run $ns curl $(url "$ip")"
echo "  $run $ns curl -o /dev/null $(url "$ip")bytes/10485760"
echo "  $run $ns bash        # a shell on the board's LAN"
echo "Ctrl-C stops the board and deletes the namespace."
wait $pid || true
helpers_down
rm -rf "$nsfile" "$work"
