#!/usr/bin/env bash
# Runs every test project of the host build (unit, guard, property, fuzz, chip model, live TAP tests) and
# ends with one line "N passed, N failed" summed over all of them. Exit status is non-zero on any failure.
# The live tests (tests/IntegrationTests: TAP devices in network namespaces) need root; run by a normal user the
# script says so first, runs everything else and skips them, and the last line says they were skipped.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter ...]
set -uo pipefail
cd "$(dirname "$0")"
results="$(pwd)/TestResults"
live=tests/IntegrationTests/NanoStack.IntegrationTests.csproj
skip_live=0
if [ "$(id -u)" != 0 ]; then
  skip_live=1
  echo "test.sh: not root: skipping the live tests ($live): they create TAP devices in network namespaces, which needs root."
  echo "test.sh: everything else runs now. The live tests afterwards, on this build (or run ./test.sh as root):"
  echo "test.sh:   sudo env \"PATH=\$PATH\" dotnet test $live -c Release --no-build"
fi
rm -rf "$results"
dotnet build nanoStack.Host.slnx -c Release -nologo -v quiet "-p:WarningLevel=0" || { echo "0 passed, 1 failed"; exit 1; }
# The device build on Linux (issue 10): every .nfproj against the real nanoFramework mscorlib, one .pe budget line
# per assembly. Printed for the log; GuardTests (HostTests) asserts the same and counts it.
dotnet tools/NfGuard/bin/Release/net10.0/NfGuard.dll --device | grep -E "^(pe-budget|device build)" || true
# One test project at a time: the live tests time pings and downloads on a 2-core machine, and must not
# share it with the fuzzers and simulations of the other projects.
status=0
# Code style (issue 12): the whitespace rules of .editorconfig, counted as one test in the last line.
format_failed=0
if ! dotnet format whitespace nanoStack.Host.slnx --verify-no-changes -v q; then
  echo "test.sh: files above are off .editorconfig's whitespace style; 'dotnet format whitespace nanoStack.Host.slnx' fixes them"
  format_failed=1
  status=1
fi
for project in tests/*/*.csproj; do
  if [ $skip_live = 1 ] && [ "$project" = "$live" ]; then continue; fi
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx" --results-directory "$results" \
    --blame-hang-timeout 15m "$@" || status=1
done
python3 - "$results" "$status" "$skip_live" "$format_failed" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find(".//{*}Counters")
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
if sys.argv[4] == "1":
    failed += 1  # the style check (dotnet format whitespace --verify-no-changes)
else:
    passed += 1
if not files or (int(sys.argv[2]) != 0 and failed == 0):
    failed += 1  # a test host crashed or nothing ran: count it, never report green
skipped = ", live tests skipped (not root; see the first lines)" if sys.argv[3] == "1" else ""
print(f"{passed} passed, {failed} failed{skipped}")
sys.exit(1 if failed else 0)
PY
