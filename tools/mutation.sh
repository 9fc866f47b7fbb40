#!/usr/bin/env bash
# Mutation testing (issue 18): Stryker.NET over the portable unit tests (tests/UnitTests, the same files nanoCLR
# runs), one source folder per run, and one score line per folder at the end. Not part of ./test.sh: a folder
# takes minutes (stack/Wire about 7 on 2 cores). Settings shared by every run are in stryker-config.json.
# Usage: tools/mutation.sh [folder...]      e.g. tools/mutation.sh stack/Wire drivers
#   default folders: stack/Wire stack/Iface stack/Sockets/Tcp drivers
#   MUTATION_CONCURRENCY (default 2) test sessions; MUTATION_BREAK=N exits 1 if a folder scores below N %.
#   MUTATION_FILES='Interface*.cs ArpCache.cs' mutates only those files of the folder (a re-run after new tests).
# Each run holds /tmp/nanostack-stryker.lock (one Stryker at a time on the shared build machine) at nice 10 and
# writes StrykerOutput/<folder>/reports/
# mutation-report.{html,json}; survivors are listed in StrykerOutput/<folder>/survivors.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
folders=("$@")
[ ${#folders[@]} -eq 0 ] && folders=(stack/Wire stack/Iface stack/Sockets/Tcp drivers)
dotnet tool restore > /dev/null || exit 1
summary=()
status=0
for folder in "${folders[@]}"; do
  folder=${folder%/}
  case "$folder" in
    stack)    project=NanoStack.csproj;           glob='**/*.cs' ;;
    stack/*)  project=NanoStack.csproj;           glob="**/${folder#stack/}/**/*.cs" ;;
    drivers*) project=NanoStack.Enc28j60.csproj;  glob='**/*.cs' ;;
    http*)    project=NanoStack.Http.csproj;      glob='**/*.cs' ;;
    *) echo "unknown folder $folder (stack/..., drivers, http)"; exit 2 ;;
  esac
  mutate=(--mutate "$glob")
  if [ -n "${MUTATION_FILES:-}" ]; then
    mutate=()
    read -ra files <<< "$MUTATION_FILES"   # read does not expand the globs against the working directory
    for f in "${files[@]}"; do mutate+=(--mutate "${glob%\*.cs}$f"); done
  fi
  out="$root/StrykerOutput/${folder//\//-}${MUTATION_FILES:+-part}"
  rm -rf "$out"; mkdir -p "$root/StrykerOutput"
  start=$(date +%s)
  ( cd tests/UnitTests && flock /tmp/nanostack-stryker.lock nice -n 10 dotnet stryker --config-file "$root/stryker-config.json" \
      --project "$project" "${mutate[@]}" --mutate '!**/Properties/**' --concurrency "${MUTATION_CONCURRENCY:-2}" \
      --output "$out" --skip-version-check ) > "$out.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  report="$out/reports/mutation-report.json"
  if [ $rc -ne 0 ] || [ ! -f "$report" ]; then
    echo "$folder: stryker failed (exit $rc), see $out.log"; status=1; continue
  fi
  line=$(python3 - "$report" "$folder" "$secs" "$out/survivors.txt" "${MUTATION_BREAK:-0}" <<'PY'
import json, sys
report, folder, secs, survivors, floor = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
d = json.load(open(report))
n = {}
listed = []
for path, f in sorted(d["files"].items()):
    src = f["source"].splitlines()
    for m in f["mutants"]:
        s = m["status"]
        n[s] = n.get(s, 0) + 1
        if s in ("Survived", "NoCoverage"):
            line = m["location"]["start"]["line"]
            code = src[line - 1].strip() if line <= len(src) else ""
            listed.append("%s:%d  %s  %s: %s   | %s" % (path.split(folder + "/", 1)[-1] if folder + "/" in path else path,
                          line, s, m["mutatorName"], m.get("replacement", "").replace("\n", " ")[:80], code[:100]))
open(survivors, "w").write("\n".join(listed) + "\n")
detected = n.get("Killed", 0) + n.get("Timeout", 0)
valid = detected + n.get("Survived", 0) + n.get("NoCoverage", 0)
score = 100.0 * detected / valid if valid else 100.0
print("%-20s %6.2f %%  killed %d  timeout %d  survived %d  no-coverage %d  (compile-error %d, ignored %d)  %ss%s" % (
    folder, score, n.get("Killed", 0), n.get("Timeout", 0), n.get("Survived", 0), n.get("NoCoverage", 0),
    n.get("CompileError", 0), n.get("Ignored", 0), secs, "  BELOW %g %%" % floor if score < floor else ""))
sys.exit(1 if score < floor else 0)
PY
)
  [ $? -ne 0 ] && status=1
  echo "$line"
  summary+=("$line")
done
echo "--- mutation score per folder (killed + timeout) / (killed + timeout + survived + no coverage)"
for line in "${summary[@]}"; do echo "$line"; done
exit $status
