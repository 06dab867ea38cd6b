#!/usr/bin/env python3
"""Cross-check `bench run` against the standalone driver, kernel by kernel.

Both load the same libbenchnative.so. The host's speed drifts over seconds, so
the two are alternated REPEATS times (harness run, then driver runs of every
kernel with the harness's loop count), and the median of the per-run medians of
each side is compared. A kernel agrees when the two differ by at most 3 % or
0.3 cycle(tsc), whichever is larger.

usage: crosscheck.py [--repeats N] [--filter GLOB] [--samples N]   (from the repo root)
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

LINE = re.compile(r"^Type:(\S+) Per elem: ([0-9.]+) cycles\(tsc\) ([0-9.]+) ns .*\(invoke count:(\d+) tsc_interval:(\d+)\)$")


def harness(root, filt, out):
    subprocess.run([os.path.join(root, "bench"), "run", "--quick", "--filter", filt, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        doc = json.load(f)
    return {b["id"]: (b["loops"], statistics.median(b["metrics"]["cycles"]["samples"]))
            for b in doc["benchmarks"] if b["status"] == "ok"}


def driver(driver_path, kernel_id, loops, samples):
    out = subprocess.run([driver_path, "--filter", kernel_id, "--loops", str(loops), "--warmup", "1",
                          "--repeat", str(samples)], check=True, capture_output=True, text=True).stdout
    cycles = [float(m.group(2)) for m in map(LINE.match, out.splitlines()) if m]
    if len(cycles) != samples:
        sys.exit(f"driver printed {len(cycles)} lines for {kernel_id}, expected {samples}:\n{out}")
    return statistics.median(cycles)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--filter", default="native/*")
    ap.add_argument("--samples", type=int, default=40, help="driver runs per kernel and repeat (the quick profile keeps 40)")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    driver_path = os.path.join(root, "Harness/Bench.Cli/bin/Release/net10.0/bench-driver")
    h_runs, d_runs = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):
            h = harness(root, args.filter, os.path.join(tmp, f"r{r}.json"))
            for kid, (loops, med) in h.items():
                h_runs.setdefault(kid, []).append(med)
                d_runs.setdefault(kid, []).append(driver(driver_path, kid, loops, args.samples))
            print(f"repeat {r + 1}/{args.repeats} done", file=sys.stderr)
    bad = 0
    print(f"{'benchmark':58} {'harness':>8} {'driver':>8} {'diff':>7} {'diff%':>6}  ok")
    for kid in h_runs:
        h, d = statistics.median(h_runs[kid]), statistics.median(d_runs[kid])
        diff = h - d
        ok = abs(diff) <= max(0.03 * d, 0.3)
        bad += not ok
        print(f"{kid:58} {h:8.3f} {d:8.3f} {diff:+7.3f} {100 * diff / d:+5.1f}%  {'yes' if ok else 'NO'}")
    print(f"{len(h_runs) - bad} of {len(h_runs)} agree within 3 % or 0.3 cycle")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
