#!/usr/bin/env python3
"""Turn a ClusterSim run's requests.csv into a SYNTHETIC vLLM benchmark_serving.py --save-result JSON.

Usage: synthetic-measurement.py RUN_FOLDER/requests.csv OUT.json --concurrency C [--sigma 0.02] [--seed N]

Each completed request's TTFT and decode time (E2E - TTFT) are multiplied by independent log-normal noise
exp(N(0, sigma^2)); the file holds the keys ClusterSim's vLLM reader needs (duration, completed, output_throughput,
max_concurrency, num_prompts, request_rate "inf") and the per-request arrays (input_lens, output_lens, ttfts,
latencies, start_times, errors). It is how the worked example of docs/calibration.md was made: a ground truth with
known parameters, not a measurement. The same construction is written in C# in
tests/ClusterSim.Tests/Calibration/SyntheticMeasurements.cs.
"""
import argparse
import csv
import json
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("requests_csv")
    parser.add_argument("out")
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--sigma", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    noise = random.Random(args.seed)

    rows = []
    with open(args.requests_csv, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "completed":
                continue
            ttft = float(row["ttft_ms"]) * noise.lognormvariate(0, args.sigma)
            decode = (float(row["e2e_ms"]) - float(row["ttft_ms"])) * noise.lognormvariate(0, args.sigma)
            rows.append((float(row["arrival_s"]), int(row["input_tokens"]), int(row["output_tokens"]), ttft / 1e3, (ttft + decode) / 1e3))

    start = min(r[0] for r in rows)
    duration = max(r[0] + r[4] for r in rows) - start
    output = sum(r[2] for r in rows)
    result = {
        "synthetic": "SYNTHETIC: simulated by ClusterSim with known parameters plus %g log-normal noise; not a measurement" % args.sigma,
        "request_rate": "inf",
        "max_concurrency": args.concurrency,
        "num_prompts": len(rows),
        "duration": round(duration, 9),
        "completed": len(rows),
        "total_input_tokens": sum(r[1] for r in rows),
        "total_output_tokens": output,
        "output_throughput": output / duration,
        "input_lens": [r[1] for r in rows],
        "output_lens": [r[2] for r in rows],
        "ttfts": [round(r[3], 9) for r in rows],
        "latencies": [round(r[4], 9) for r in rows],
        "start_times": [round(r[0], 9) for r in rows],
        "errors": ["" for _ in rows],
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
        f.write("\n")


if __name__ == "__main__":
    main()
