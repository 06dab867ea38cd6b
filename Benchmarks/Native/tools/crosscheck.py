#!/usr/bin/env python3
"""Cross-check `bench run` against the standalone driver, kernel by kernel.

Both load the same libbenchnative.so. On a shared host the memory- and
branch-heavy kernels switch between speeds for stretches of time (seconds), so
the two sides are paired in time: for each kernel, in a shuffled order, a
one-process `bench run` of that kernel and then driver runs of it with the same
loop count, back to back; REPEATS such pairs per kernel. The medians of each
side's per-pair medians are compared. A kernel agrees when they differ by at
most 3 % or 0.3 cycle(tsc), whichever is larger.

usage: crosscheck.py [--repeats N] [--filter GLOB] [--samples N]   (from the repo root)
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile

LINE = re.compile(r"^Type:(\S+) Per elem: ([0-9.]+) cycles\(tsc\) ([0-9.]+) ns .*\(invoke count:(\d+) tsc_interval:(\d+)\)$")


def harness(root, filt, out, extra=()):
    env = dict(os.environ, BENCH_NO_BUILD="1")
    subprocess.run([os.path.join(root, "bench"), "run", "--quick", "--filter", filt, "--out", out, *extra],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
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
    ap.add_argument("--samples", type=int, default=20, help="samples per side, kernel and repeat")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    driver_path = os.path.join(root, "Harness/Bench.Cli/bin/Release/net10.0/bench-driver")
    subprocess.run([os.path.join(root, "bench"), "list"], check=True, stdout=subprocess.DEVNULL)  # build if stale
    h_runs, d_runs = {}, {}
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        listed = subprocess.run([os.path.join(root, "bench"), "list", "--filter", args.filter], check=True,
                                capture_output=True, text=True).stdout
        ids = [line.split()[0] for line in listed.splitlines() if line.strip()]
        kernels = list(harness(root, args.filter, os.path.join(tmp, "all.json"), ["--launches", "1", "--samples", "5"]).items())
        for r in range(args.repeats):
            rng.shuffle(kernels)
            for kid, (loops, _) in kernels:
                h = harness(root, kid, os.path.join(tmp, "one.json"), ["--launches", "1", "--samples", str(args.samples)])
                h_runs.setdefault(kid, []).append(h[kid][1])
                d_runs.setdefault(kid, []).append(driver(driver_path, kid, h[kid][0], args.samples))
            print(f"repeat {r + 1}/{args.repeats} done", file=sys.stderr)
    order = [k for k, _ in sorted(kernels, key=lambda kv: ids.index(kv[0]))]
    bad = 0
    print(f"{'benchmark':58} {'harness':>8} {'driver':>8} {'diff':>7} {'diff%':>6}  ok")
    for kid in sorted(h_runs, key=order.index):
        h, d = statistics.median(h_runs[kid]), statistics.median(d_runs[kid])
        diff = h - d
        ok = abs(diff) <= max(0.03 * d, 0.3)
        bad += not ok
        print(f"{kid:58} {h:8.3f} {d:8.3f} {diff:+7.3f} {100 * diff / d:+5.1f}%  {'yes' if ok else 'NO'}")
    print(f"{len(h_runs) - bad} of {len(h_runs)} agree within 3 % or 0.3 cycle")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
