#!/usr/bin/env bash
# Installs the Debian tools the live tests and the virtual board use. Idempotent; needs root (CI is root).
set -uo pipefail
pkgs="iproute2 iputils-ping arping curl wget socat tshark dnsmasq-base python3-scapy nmap wrk dnsutils chromium"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get install -y -qq $missing >/dev/null 2>&1 || echo "warning: could not install:$missing" >&2
fi
