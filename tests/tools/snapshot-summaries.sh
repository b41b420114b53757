#!/usr/bin/env bash
# Builds a checkout in Release and writes, for every shipped scenario (top level, validation/, regression/), its
# summary.json without the wall-clock "simulation" block (keys sorted, the checkout's path replaced by <root>) and the
# md5 of its requests.csv. Two snapshots compared with `diff -r` show whether a change moved any simulated number:
#   tests/tools/snapshot-summaries.sh . /tmp/after && git stash && tests/tools/snapshot-summaries.sh . /tmp/before
#   diff -r /tmp/before /tmp/after
# usage: snapshot-summaries.sh CHECKOUT OUTDIR
set -uo pipefail
repo=$(cd "$1" && pwd); out=$2; mkdir -p "$out"
bin=$(mktemp -d); run=$(mktemp -d)
trap 'rm -rf "$bin" "$run"' EXIT
dotnet build "$repo/src/ClusterSim.Cli" -c Release -o "$bin" -nologo -v q >/dev/null 2>&1 || { echo "build failed"; exit 1; }
cd "$repo"
for s in scenarios/*.yaml scenarios/validation/*.yaml scenarios/regression/*.yaml; do
  case $s in *suite.yaml) continue;; esac
  name=$(echo "$s" | sed 's|scenarios/||; s|/|_|g; s|\.yaml$||')
  rm -rf "$run/out"
  dotnet "$bin/clustersim.dll" run "$s" --out "$run/out" --force >/dev/null 2>"$run/err"
  rc=$?
  if [ -f "$run/out/summary.json" ]; then
    python3 - "$repo" "$run/out/summary.json" > "$out/$name.json" <<'PY'
import json, sys
root = sys.argv[1]
summary = json.load(open(sys.argv[2]))
summary.pop("simulation", None)
print(json.dumps(summary, indent=1, sort_keys=True).replace(root, "<root>"))
PY
    md5sum "$run/out/requests.csv" | cut -d' ' -f1 > "$out/$name.requests.md5"
  fi
  echo "$name rc=$rc"
done
