#!/usr/bin/env bash
# Runs the same verbs with two builds of the CLI and compares every file they write, byte for byte: run folders of
# six scenarios (requests.csv, timeseries.csv, report.html; summary.json without its wall-clock fields), Parquet
# output, a two-point sweep, `trace report|summarize|requests`, `compare`, `validate`, `analyze` (text and --json),
# --help and a bad-input error. Made to check that a Native AOT or ReadyToRun publish writes what the JIT build
# writes (docs/performance.md, "Startup"). Both builds read the catalog of this checkout.
#   tests/tools/compare-builds.sh "dotnet src/ClusterSim.Cli/bin/Release/net10.0/clustersim.dll" OUT/clustersim /tmp/cmp
# usage: compare-builds.sh REFERENCE_COMMAND CANDIDATE_COMMAND WORKDIR   (prints DIFF lines; exit 1 if any)
set -uo pipefail
ref=$1; new=$2; work=$3
repo=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"; mkdir -p "$work"
export CLUSTERSIM_Console__Progress=never CLUSTERSIM_Catalog__ScenariosDirectory="$repo/scenarios"
short="--set simulation.duration=30s --set simulation.warmup=5s"
for side in ref new; do
  cli=$ref; [ "$side" = new ] && cli=$new
  d=$work/$side; mkdir -p "$d"
  $cli run benchmarks/llama-2-70b-a100-tp4-vidur --out "$d/run-vidur" --force >/dev/null 2>&1 || echo "$side: run vidur failed"
  for s in default llama-3-70b-h100-tp8 afd-vs-ep experts-eplb-drift deepseek-v3-h800-disaggregated; do
    $cli run "$s" $short --out "$d/run-$s" --force >/dev/null 2>&1 || echo "$side: run $s failed"
  done
  $cli run benchmarks/llama-2-70b-a100-tp4-vidur --set outputs.format=parquet --out "$d/run-parquet" --force >/dev/null 2>&1 || echo "$side: parquet failed"
  $cli sweep benchmarks/llama-2-70b-a100-tp4-vidur --set workload.requests=40 --set workload.rate_per_s=1,2 --out "$d/sweep" >/dev/null 2>&1 || echo "$side: sweep failed"
  $cli analyze --model deepseek-v3 --hardware h200 --json > "$d/analyze.json" 2>&1
  $cli analyze --model llama-3-70b --hardware h100 --batch 1 --batch 64 > "$d/analyze.txt" 2>&1
  $cli validate default > "$d/validate.txt" 2>&1
  $cli trace summarize "$d/run-default" > "$d/summarize.txt" 2>&1
  $cli trace requests "$d/run-default" --where "ttft_ms > 100" --top 5 > "$d/requests.txt" 2>&1
  cp -r "$d/run-default" "$d/report-from-files"; rm "$d/report-from-files/report.html"
  $cli trace report "$d/report-from-files" >/dev/null 2>&1 || echo "$side: trace report failed"
  $cli compare "$d/run-default" "$d/run-default" 2>&1 | sed "s|$d|<dir>|g" > "$d/compare.txt"
  $cli run no-such-scenario > "$d/bad-input.txt" 2>&1
  $cli --help > "$d/help.txt" 2>&1
  $cli run --help > "$d/run-help.txt" 2>&1
done
without_wall_clock() {
  python3 -c "
import json, sys
summary = json.load(open(sys.argv[1]))
for key in ('wall_seconds', 'events_per_wall_second', 'simulated_seconds_per_wall_second', 'peak_working_set_bytes'):
    summary.get('simulation', {}).pop(key, None)
print(json.dumps(summary, sort_keys=True))" "$1"
}
status=0; files=0
cd "$work"
for f in $(cd ref && find . -type f | sort); do
  case $f in *log.clef|*/trace.json) continue;; esac
  files=$((files + 1))
  if [[ $f == *summary.json ]]; then
    cmp -s <(without_wall_clock "ref/$f") <(without_wall_clock "new/$f") || { echo "DIFF $f"; status=1; }
  else
    cmp -s "ref/$f" "new/$f" || { echo "DIFF $f"; status=1; }
  fi
done
echo "$files files compared"
exit $status
