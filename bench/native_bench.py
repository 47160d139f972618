#!/usr/bin/env python3
"""Native figures: the paper workload in Infoplane's CLI against the PyTorch
reference, and the cost of one nHSIC snapshot in the CLI.

    python3 bench/native_bench.py --infoplane target/release/infoplane \
        --python bench/.venv/bin/python --out bench/results/native.json

1. Workload (alternating, --repeats times each, median):
     infoplane run --preset paper-spiral --mode e2e --epochs 1000 \
         --snapshot-every 50 --quiet --out <tmp>
     python bench/pytorch_reference.py --epochs 1000 --snapshot-every 50
   PyTorch runs twice per round: with torch.set_num_threads(nproc) (as
   asked) and with 1 thread, which is faster for a network this small.
   "process" time is the wall time of the whole process as a user sees it
   (start-up, imports, writing outputs); "internal" time is what each tool
   reports for data + model + training + snapshots.

2. Snapshot cost by difference, for m in --hsic-sizes: the same short run
   (--epochs E on the paper preset with 1500 samples, so that m = 1024 fits
   in the 1050 training samples; E = 41 at m = 256, scaled by (256/m)² within
   6..161) once with a snapshot every epoch and once
   with snapshots only at the start and the end:
     cost per snapshot = (t_every - t_ends) / (E - 1).
   A snapshot is the training loss and accuracies (forward passes over the
   training and test sets) plus nHSIC(X;Z) and nHSIC(Y;Z) for the 5 hidden
   layers (width 6) and the logits (width 2) on m samples.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
EPOCHS_LINE = re.compile(r"(\d+) epochs in ([0-9.]+) s")
SUMMARY_LINE = re.compile(r"loss ([0-9.]+) train ([0-9.]+) test ([0-9.]+)")


def timed(command):
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    secs = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return secs, done.stdout


def run_infoplane(binary, extra, out_dir):
    command = [binary, "run", "--preset", "paper-spiral", "--mode", "e2e", "--quiet",
               "--out", out_dir] + extra
    secs, stdout = timed(command)
    internal = EPOCHS_LINE.search(stdout)
    summary = SUMMARY_LINE.search(stdout)
    return {
        "command": " ".join(command),
        "process_secs": secs,
        "internal_secs": float(internal.group(2)) if internal else None,
        "final_train_loss": float(summary.group(1)) if summary else None,
        "final_train_accuracy": float(summary.group(2)) if summary else None,
        "final_test_accuracy": float(summary.group(3)) if summary else None,
        "stdout": stdout.strip(),
    }


def run_pytorch(python, epochs, snapshot_every, threads):
    command = [python, os.path.join(BENCH_DIR, "pytorch_reference.py"), "--epochs", str(epochs),
               "--snapshot-every", str(snapshot_every), "--threads", str(threads)]
    secs, stdout = timed(command)
    report = json.loads(stdout)
    report["command"] = " ".join(command)
    report["process_secs"] = secs
    report["internal_secs"] = report["wall_secs"]
    return report


def summarise(runs):
    keys = ["process_secs", "internal_secs"]
    out = {f"median_{k}": statistics.median(r[k] for r in runs if r.get(k) is not None)
           for k in keys}
    out["runs"] = runs
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--infoplane", required=True)
    parser.add_argument("--python", required=True, help="a Python with torch and numpy")
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--snapshot-every", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--hsic-sizes", default="128,256,512,1024")
    parser.add_argument("--hsic-epochs", type=int, default=41)
    parser.add_argument("--skip", default="", help="comma list of: workload,snapshots")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    cores = os.cpu_count()
    scratch = tempfile.mkdtemp(prefix="infoplane-bench-")
    result = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "cores": cores}

    try:
        if "workload" not in skip:
            extra = ["--epochs", str(args.epochs), "--snapshot-every", str(args.snapshot_every)]
            rounds = {"infoplane": [], f"pytorch_{cores}_threads": [], "pytorch_1_thread": []}
            for round_index in range(args.repeats):
                rounds["infoplane"].append(run_infoplane(args.infoplane, extra, os.path.join(scratch, "w")))
                rounds[f"pytorch_{cores}_threads"].append(
                    run_pytorch(args.python, args.epochs, args.snapshot_every, cores))
                rounds["pytorch_1_thread"].append(
                    run_pytorch(args.python, args.epochs, args.snapshot_every, 1))
                print(f"native round {round_index + 1}: " + ", ".join(
                    f"{k} {v[-1]['process_secs']:.2f} s" for k, v in rounds.items()), file=sys.stderr)
            result["workload"] = {k: summarise(v) for k, v in rounds.items()}

        if "snapshots" not in skip:
            costs = {}
            for m in [int(s) for s in args.hsic_sizes.split(",")]:
                # The solve grows as m³: fewer extra snapshots for large m.
                e = min(161, max(6, round(args.hsic_epochs * (256 / m) ** 2)))
                base = ["--samples", "1500", "--hsic-samples", str(m), "--epochs", str(e)]
                every = run_infoplane(args.infoplane, base + ["--snapshot-every", "1"],
                                      os.path.join(scratch, f"every{m}"))
                ends = run_infoplane(args.infoplane, base + ["--snapshot-every", str(10 * e)],
                                     os.path.join(scratch, f"ends{m}"))
                key = "internal_secs" if every["internal_secs"] is not None else "process_secs"
                per_snapshot_ms = (every[key] - ends[key]) / (e - 1) * 1000
                costs[str(m)] = {
                    "snapshot_ms": per_snapshot_ms,
                    "epochs": e,
                    "timing": key,
                    "every_epoch": every,
                    "ends_only": ends,
                }
                print(f"native snapshot m={m}: {per_snapshot_ms:.1f} ms", file=sys.stderr)
            result["snapshot_cost"] = costs
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
