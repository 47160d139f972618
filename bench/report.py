#!/usr/bin/env python3
"""Turns bench/results/*.json into a markdown summary (stdout): the machine
and versions, every figure with the command that produced it, and each goal
with whether it holds. Missing result files are reported as "not run".

    python3 bench/report.py bench/results > bench/results/summary.md
"""

import json
import os
import sys


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def get(data, *keys):
    for key in keys:
        if data is None:
            return None
        data = data.get(key) if isinstance(data, dict) else None
    return data


def fmt(value, digits=1, unit=""):
    if value is None:
        return "not run"
    return f"{value:,.{digits}f}{unit}"


def verdict(holds):
    return {True: "**holds**", False: "**does not hold**", None: "not measured"}[holds]


def hsic_at(hsic, m):
    for row in get(hsic, "results") or []:
        if row["m"] == m:
            return row
    return None


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    env = load(results, "env.json") or {}
    native = load(results, "native.json")
    hsic = load(results, "hsic_infoplane.json")
    hsic_torch = load(results, "hsic_pytorch.json")
    tfjs = load(results, "tfjs.json")
    page = load(results, "page.json")
    out = []
    p = out.append

    p(f"# Benchmark results ({env.get('date', 'unknown date')})\n")
    if env.get("quick"):
        p("**Quick run (BENCH_QUICK=1): short windows, one repeat; not for BENCHMARKS.md.**\n")
    p("| | |\n|---|---|")
    p(f"| machine | {env.get('nproc')} cores, {env.get('cpu_model')} (Linux {env.get('kernel')}) |")
    load_start = env.get("load_average_at_start")
    load_end = env.get("load_average_at_end")
    if load_start:
        p(f"| load average (1/5/15 min) at start / end | "
          f"{' '.join(f'{x:.2f}' for x in load_start)} / "
          f"{' '.join(f'{x:.2f}' for x in load_end) if load_end else '?'} |")
    for key in ["rustc", "burn", "trunk", "chromium", "torch", "tfjs", "node"]:
        p(f"| {key} | {env.get(key)} |")
    p("")

    # --- figures -------------------------------------------------------------
    p("## Figures\n")
    p("| figure | value | produced by |\n|---|---|---|")
    workload = get(native, "workload") or {}
    cores = get(native, "cores")
    ip = workload.get("infoplane")
    torch_n = workload.get(f"pytorch_{cores}_threads")
    torch_1 = workload.get("pytorch_1_thread")
    if ip:
        cmd = ip["runs"][0]["command"]
        p(f"| Infoplane CLI, paper workload 1000 epochs, process wall (median of {len(ip['runs'])}) "
          f"| {fmt(ip['median_process_secs'], 2, ' s')} | `{cmd}` |")
        p(f"| … its own \"epochs in\" time (session + training + snapshots) "
          f"| {fmt(ip['median_internal_secs'], 2, ' s')} | same |")
        acc = ip["runs"][-1].get("final_test_accuracy")
        p(f"| … final test accuracy | {fmt(acc, 3)} | same |")
    for label, run in [(f"{cores} threads", torch_n), ("1 thread", torch_1)]:
        if run:
            r0 = run["runs"][0]
            p(f"| PyTorch {r0['torch_version']} CPU, {label}, process wall (median) "
              f"| {fmt(run['median_process_secs'], 2, ' s')} | `{r0['command']}` |")
            p(f"| … internal (after imports: data + model + training + snapshots) "
              f"| {fmt(run['median_internal_secs'], 2, ' s')} | same |")
            p(f"| … final test accuracy | {fmt(run['runs'][-1]['final_test_accuracy'], 3)} | same |")
    for m, row in (get(native, "snapshot_cost") or {}).items():
        p(f"| Infoplane CLI: one snapshot (metrics + nHSIC of 5 hidden layers + logits), m = {m} "
          f"| {fmt(row['snapshot_ms'], 1, ' ms')} | difference of `{row['every_epoch']['command']}` "
          f"and the same with `--snapshot-every {10 * row['epochs']}`, "
          f"÷ (epochs − 1) |")
    for row in get(hsic, "results") or []:
        p(f"| Infoplane `HsicAnalyzer::measure`, 6 layers × width 6, m = {row['m']} (median of {row['repeats']}) "
          f"| {fmt(row['measure_ms_median'], 1, ' ms')} (min {fmt(row['measure_ms_min'], 1, ' ms')}) "
          f"| `cargo run --release --example bench_hsic` |")
    for row in get(hsic_torch, "results") or []:
        p(f"| PyTorch float64 estimator, same shapes, m = {row['m']}, {hsic_torch['threads']} thread "
          f"| {fmt(row['measure_ms_median'], 1, ' ms')} | `bench/pytorch_reference.py --time-hsic 128,256,512,1024 --threads 1` |")
    for backend, r in (get(tfjs, "results") or {}).items():
        if "error" in r:
            p(f"| TF.js {backend}: steps/s | error: {r['error'][:120]} | `bench/tfjs_bench.py` |")
            continue
        p(f"| TF.js {r['tfjs_version']} `{r['backend']}` steps/s, 2→6×32 tanh→2, batch 64 "
          f"({r['steps']} steps, {r['warmup_steps']} warm-up excluded, `await loss.data()` each step) "
          f"| {fmt(r['steps_per_sec'], 1)} (median step {fmt(r['step_ms_median'], 2, ' ms')}) "
          f"| `bench/tfjs_bench.py` → `bench/tfjs/index.html?backend={backend}` |")
    if page:
        for w in get(page, "sizes", "wasm") or []:
            p(f"| page wasm `{w['file']}` raw / gzip -9 | {w['raw_bytes'] / 1e6:.2f} MB / "
              f"{w['gzip9_bytes'] / 1e6:.2f} MB | `trunk build --release`, `dist/*.wasm` |")
        ff = get(page, "first_frame")
        if ff:
            p(f"| page: navigation → first drawn info-plane frame (median of {len(ff['runs'])} cold starts) "
              f"| {fmt(ff['median_ms'], 0, ' ms')} | `bench/page_bench.py` (rAF poll of `#canvas-info-plane` pixels) |")
        for backend in ["cpu", "gpu"]:
            w = page.get(f"paper_{backend}")
            if w and "error" not in w:
                p(f"| page paper preset, backend {backend}: epochs/s at speed 50 "
                  f"| {fmt(w['epochs_per_sec'], 1)} ({fmt(w['frames_per_sec'], 0)} frames/s; "
                  f"{w['backend_status']}) | `bench/page_bench.py`, `#epoch` over {w['elapsed_secs']:.0f} s |")
                p(f"| … long tasks (> 50 ms) per minute while training "
                  f"| {fmt(w['longtasks_per_min'], 1)} (max {fmt(w['longtask_ms_max'], 0, ' ms')}, "
                  f"median {fmt(w['longtask_ms_median'], 0, ' ms')}) | PerformanceObserver 'longtask' |")
            elif w:
                p(f"| page paper preset, backend {backend} | error: {w['error'][:160]} | `bench/page_bench.py` |")
            w = page.get(f"mlp32_{backend}")
            if w and "error" not in w:
                p(f"| page 2→6×32 tanh→2, batch 64, backend {backend}: steps/s "
                  f"| {fmt(w['steps_per_sec'], 1)} (= {fmt(w['epochs_per_sec'], 2)} epochs/s × "
                  f"{w['steps_per_epoch']} steps/epoch; {fmt(w['frames_per_sec'], 0)} frames/s) "
                  f"| `bench/page_bench.py`, `#epoch` over {w['elapsed_secs']:.0f} s |")
            elif w:
                p(f"| page 2→6×32, backend {backend} | error: {w['error'][:160]} | `bench/page_bench.py` |")
            for w in page.get(f"snapshot_{backend}") or []:
                if "error" in w:
                    p(f"| page snapshot, backend {backend}, m = {w['eval_samples']} "
                      f"| error: {w['error'][:160]} | `bench/page_bench.py` |")
                    continue
                p(f"| page snapshot (6 layers of the paper network), backend {backend}, m = {w['eval_samples']} "
                  f"| {fmt(w['median_ms'], 1, ' ms')} (median of {w['snapshots']}; min {fmt(w['min_ms'], 1, ' ms')}) "
                  f"| `bench/page_bench.py`, User Timing `infoplane:snapshot` |")
    p("")

    # --- goals ---------------------------------------------------------------------
    p("## Goals\n")
    p("| goal | measured | verdict |\n|---|---|---|")
    tf_wasm = get(tfjs, "results", "wasm", "steps_per_sec")
    tf_gpu = get(tfjs, "results", "webgpu", "steps_per_sec")
    ip_cpu = get(page, "mlp32_cpu", "steps_per_sec")
    ip_gpu = get(page, "mlp32_gpu", "steps_per_sec")
    ratio = lambda a, b: a / b if a is not None and b else None  # noqa: E731
    r = ratio(ip_cpu, tf_wasm)
    p(f"| Infoplane ≥ 2× TF.js steps/s, CPU-wasm | {fmt(ip_cpu)} vs {fmt(tf_wasm)} steps/s = {fmt(r, 2, '×')} "
      f"| {verdict(None if r is None else r >= 2)} |")
    r = ratio(ip_gpu, tf_gpu)
    p(f"| Infoplane ≥ 1× TF.js steps/s, WebGPU | {fmt(ip_gpu)} vs {fmt(tf_gpu)} steps/s = {fmt(r, 2, '×')} "
      f"| {verdict(None if r is None else r >= 1)} |")
    if ip and torch_n:
        r = ip["median_process_secs"] / torch_n["median_process_secs"]
        best = min(torch_n["median_process_secs"], torch_1["median_process_secs"] if torch_1 else 1e9)
        p(f"| native workload ≤ 1× PyTorch time | {fmt(ip['median_process_secs'], 2, ' s')} vs "
          f"{fmt(torch_n['median_process_secs'], 2, ' s')} ({cores} threads) = {fmt(r, 2, '×')}; "
          f"vs the faster PyTorch setting {fmt(ip['median_process_secs'] / best, 2, '×')} "
          f"| {verdict(r <= 1)} |")
    else:
        p(f"| native workload ≤ 1× PyTorch time | not run | {verdict(None)} |")
    row = hsic_at(hsic, 256)
    if row:
        v = row["measure_ms_median"]
        p(f"| nHSIC 6 layers, m = 256 < 20 ms natively | {fmt(v, 1, ' ms')} | {verdict(v < 20)} |")
    else:
        snap = get(native, "snapshot_cost", "256", "snapshot_ms")
        p(f"| nHSIC 6 layers, m = 256 < 20 ms natively | whole snapshot {fmt(snap, 1, ' ms')} "
          f"(upper bound; no `measure()` timing) | {verdict(None if snap is None else (True if snap < 20 else None))} |")
    lts = [get(page, f"paper_{b}", "longtasks_per_min") for b in ["cpu", "gpu"]]
    lts_known = [x for x in lts if x is not None]
    p(f"| zero long tasks per minute while training | CPU {fmt(lts[0])}, WebGPU {fmt(lts[1])} per minute "
      f"| {verdict(None if not lts_known else all(x == 0 for x in lts_known))} |")
    gz = sum(w["gzip9_bytes"] for w in get(page, "sizes", "wasm") or []) or None
    p(f"| wasm ≤ 3 MB gzip | {fmt(gz / 1e6 if gz else None, 2, ' MB')} "
      f"| {verdict(None if gz is None else gz <= 3e6)} |")
    ff = get(page, "first_frame", "median_ms")
    p(f"| first frame ≤ 2 s | {fmt(ff, 0, ' ms')} | {verdict(None if ff is None else ff <= 2000)} |")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
