#!/usr/bin/env bash
# Installs the Debian tools the live tests and the virtual board use. Idempotent: silent and exit 0 when all are
# present, without needing root. Otherwise it says what it installs and shows apt's progress, asks sudo when not
# root (a clear error when there is no sudo), waits at most LOCK_WAIT seconds (default 120) for another apt/dpkg
# to release its lock, and exits 1 naming every package it could not install. CI (.ci/run) calls it as root.
set -uo pipefail
pkgs="iproute2 iputils-ping arping curl wget socat tshark dnsmasq-base python3-scapy nmap wrk apache2-utils dnsutils chromium avahi-daemon libnss-mdns"
pkgs=${INSTALL_DEPS_PACKAGES:-$pkgs}   # another list, only to try this script's paths
lock_wait=${LOCK_WAIT:-120}

installed() { [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]; }
missing_of() { local m=""; for p in $1; do installed "$p" || m="$m $p"; done; echo "${m# }"; }

missing=$(missing_of "$pkgs")
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    echo "install-deps: installing needs root; asking sudo for: $missing"
    exec sudo env LOCK_WAIT="$lock_wait" INSTALL_DEPS_PACKAGES="$pkgs" bash "$0" "$@"
  fi
  echo "install-deps: error: missing $missing; installing needs root and sudo is not installed: run as root: bash $0" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
deadline=$(( $(date +%s) + lock_wait ))

# run_apt ARGS...: runs apt-get with its progress lines shown (indented); while another process holds an apt/dpkg lock
# ("Could not get lock ... held by process N"), waits and retries until the deadline. Returns apt-get's status.
run_apt() {
  local said=0 rc
  while :; do
    : >"$log"   # before tail starts, so it never shows the previous run's lines
    apt-get -o Dpkg::Use-Pty=0 "$@" >>"$log" 2>&1 &
    local pid=$!
    tail -n +1 -f --pid=$pid "$log" 2>/dev/null | grep --line-buffered -E '^(Get:|Unpacking |Setting up |E: )' \
      | grep --line-buffered -v -e 'Could not get lock' -e 'Unable to lock' -e 'Unable to acquire' | sed -u 's/^/  /'
    wait $pid; rc=$?
    grep -q "Could not get lock" "$log" || return $rc
    local holder; holder=$(grep -o "held by process [0-9]* ([^)]*)" "$log" | head -1)
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "install-deps: error: apt/dpkg is still locked after ${lock_wait} s (${holder:-another apt or dpkg}); nothing installed: $missing" >&2
      exit 1
    fi
    [ $said = 1 ] || echo "install-deps: waiting for apt/dpkg (locked, ${holder:-another process}), at most ${lock_wait} s..."
    said=1
    sleep 3
  done
}

echo "install-deps: installing $(echo $missing | wc -w) Debian package(s) for the live tests and the virtual board: $missing"
echo "install-deps: apt-get update"
run_apt update -q || echo "install-deps: apt-get update failed (above); trying with the package lists there are"
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
echo "install-deps: apt-get install (with their dependencies; chromium is the largest, a few minutes on a fresh machine)"
if ! run_apt install -y -q $missing && [ "$(echo $missing | wc -w)" -gt 1 ]; then
  # One bad package fails the whole transaction: install the others one by one so the error names the culprit.
  for p in $(missing_of "$missing"); do run_apt install -y -q "$p"; done
fi
failed=$(missing_of "$missing")
if [ -n "$failed" ]; then
  echo "install-deps: error: could not install: $failed (apt-get's last error: $(grep '^E: ' "$log" | tail -1))" >&2
  exit 1
fi
echo "install-deps: done: $missing"
