#!/usr/bin/env python3
"""Prints docs/scheduling.md's baseline table from scenarios/baselines/*.json, in the suite's order.

usage (from the repository root): python3 tests/tools/baseline-table.py
"""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
suite = (root / "scenarios" / "regression" / "suite.yaml").read_text()
order = {}
for name in re.findall(r"([\w.-]+)\.yaml", suite):
    order.setdefault(name, len(order))


def key(path):
    scenario = path.stem.split(".")[0]
    return (order.get(scenario, len(order)), path.stem)


print("| Case | TTFT p50 | TTFT p99 | TPOT p50 | TPOT p99 | Throughput | Goodput | Attainment | Dropped |")
print("|------|---------:|---------:|---------:|---------:|-----------:|--------:|-----------:|--------:|")
for path in sorted((root / "scenarios" / "baselines").glob("*.json"), key=key):
    b = json.loads(path.read_text())
    lat = b["latency_ms"]
    print(f"| {path.stem} | {lat['ttft']['p50']:.0f} | {lat['ttft']['p99']:.0f} | {lat['tpot']['p50']:.1f} | "
          f"{lat['tpot']['p99']:.1f} | {b['throughput']['output_tokens_per_s']:.0f} | {b['goodput_rps']:.2f} | "
          f"{b['slo_attainment']:.3f} | {b['requests']['dropped']} |")
