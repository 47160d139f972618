#!/usr/bin/env python3
"""Measures the Infoplane page's release build (dist/, from
`trunk build --release`) in headless Chromium:

- wasm size, raw and gzip -9;
- time from navigation start to the first drawn frame of the information
  plane (median of cold starts, each in a fresh browser profile);
- for each backend, while training the paper preset at the largest speed:
  epochs per second (the page's #epoch counter), long tasks (> 50 ms, a
  PerformanceObserver for 'longtask') per minute, and animation frames per
  second;
- the time of one snapshot (forward pass on the evaluation set, read-back,
  nHSIC of the 6 layers of the paper network, accuracies) at m = 128, 256,
  512 and 1024: the page's `infoplane:snapshot` User Timing measure,
  median over a training window with a snapshot every epoch;
- epochs per second of the steps/s comparison network (2 -> 6x32 tanh -> 2,
  batch 64, spiral of 1000 samples, 700 training samples = 11 steps per
  epoch) with snapshots pushed out of the window, converted to steps/s.

    python3 bench/page_bench.py --dist dist --out bench/results/page.json \
        [--train-secs 60] [--cold-starts 3] [--backends cpu,gpu]
"""

import argparse
import glob
import gzip
import json
import math
import os
import statistics
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Browser, Servers, WebDriverError  # noqa: E402

# Settings of the paper preset (src/presets.rs), written out so that the
# comparison network differs from it only where it says so.
PAPER_CONFIG = {
    "data": {"kind": "spiral", "num_samples": 1000, "noise": 0.02, "train_frac": 0.7,
             "spiral_classes": 2, "spiral_turns": 2.0},
    "model": {"hidden_widths": [6] * 5, "activation": "tanh", "head": "linear"},
    "train": {"mode": "e2e", "optimizer": "adam", "learning_rate": 0.01, "batch_size": 0,
              "weight_decay": 0.0, "momentum": 0.9, "epochs": 3000, "epochs_per_stage": 500},
    "hsic": {"estimator": "paper", "bandwidth": "fixed", "sigma": 5.0, "epsilon": 1e-5,
             "eval_samples": 256, "snapshot_every": 50},
    "seed": 1,
}
# The TF.js baseline's network and batch; snapshots only at the start, so
# the count is training (and the page's per-frame bookkeeping) alone.
MLP32_CONFIG = json.loads(json.dumps(PAPER_CONFIG))
MLP32_CONFIG["model"]["hidden_widths"] = [32] * 6
MLP32_CONFIG["train"]["batch_size"] = 64
MLP32_CONFIG["hsic"]["snapshot_every"] = 1_000_000
MLP32_TRAIN_SAMPLES = 700
MLP32_STEPS_PER_EPOCH = math.ceil(MLP32_TRAIN_SAMPLES / 64)

MAX_SPEED = 50

# The snapshot-cost runs: the paper network with enough training samples for
# the largest evaluation set, a snapshot after every epoch.
SNAPSHOT_SIZES = [128, 256, 512, 1024]
SNAPSHOT_MEASURE = "infoplane:snapshot"  # src/web/app.rs, SNAPSHOT_MEASURE


def snapshot_config(eval_samples):
    config = json.loads(json.dumps(PAPER_CONFIG))
    config["data"]["num_samples"] = 2000
    config["hsic"]["eval_samples"] = eval_samples
    config["hsic"]["snapshot_every"] = 1
    return config

# Polls the info-plane canvas once per animation frame and records the
# performance.now() (ms since navigation start) of the first frame on which
# it has a pixel that is neither transparent nor white.
FIRST_FRAME_JS = """
const done = arguments[arguments.length - 1];
const startedMs = performance.now();
let checks = 0;
function drawn() {
  const canvas = document.getElementById('canvas-info-plane');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < px.length; i += 4 * 7) {
    if (px[i + 3] > 0 && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) return true;
  }
  return false;
}
function poll() {
  checks += 1;
  if (drawn()) {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm'))[0];
    done({
      first_frame_ms: performance.now(),
      polling_started_ms: startedMs,
      drawn_at_first_check: checks === 1,
      dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
      load_event_end_ms: nav ? nav.loadEventEnd : null,
      wasm_fetch_end_ms: wasm ? wasm.responseEnd : null,
      wasm_transfer_bytes: wasm ? wasm.transferSize : null,
    });
  } else if (performance.now() > 120000) {
    done({error: 'no drawn frame within 120 s', status: document.getElementById('status').textContent});
  } else {
    requestAnimationFrame(poll);
  }
}
requestAnimationFrame(poll);
"""

# Starts counting long tasks and animation frames.
OBSERVE_JS = """
window.__bench = {longtasks: [], frames: 0};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__bench.longtasks.push(e.duration);
}).observe({type: 'longtask'});
const frame = () => { window.__bench.frames += 1; requestAnimationFrame(frame); };
requestAnimationFrame(frame);
return PerformanceObserver.supportedEntryTypes.includes('longtask');
"""

# Collects the page's snapshot measures.
OBSERVE_SNAPSHOTS_JS = """
window.__snapshots = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.name === arguments[0]) window.__snapshots.push(e.duration);
  }
}).observe({type: 'measure'});
"""

READ_JS = """
return {
  now_ms: performance.now(),
  epoch: Number(document.getElementById('epoch').textContent),
  longtasks: window.__bench ? window.__bench.longtasks.slice() : null,
  frames: window.__bench ? window.__bench.frames : null,
  backend_status: document.getElementById('backend-status').textContent,
  message: document.getElementById('message').textContent,
  status: document.getElementById('status').textContent,
  accuracy: document.getElementById('accuracy').textContent,
};
"""


def page_url(servers, state):
    fragment = "state=" + urllib.parse.quote(json.dumps(state, separators=(",", ":")), safe="")
    return servers.url("index.html") + "#" + fragment


def wasm_sizes(dist):
    files = sorted(glob.glob(os.path.join(dist, "*.wasm")))
    if not files:
        raise SystemExit(f"{dist} has no .wasm file: run `trunk build --release` first")
    out = []
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        out.append({
            "file": os.path.basename(path),
            "raw_bytes": len(raw),
            "gzip9_bytes": len(gzip.compress(raw, compresslevel=9)),
        })
    js = sorted(glob.glob(os.path.join(dist, "*.js")))
    js_bytes = sum(os.path.getsize(p) for p in js)
    return {"wasm": out, "js_raw_bytes": js_bytes}


def first_frame(servers, gpu):
    """One cold start in a fresh profile."""
    with Browser(servers.driver_port, gpu=gpu) as browser:
        browser.get(page_url(servers, {"backend": "cpu"}))
        return browser.async_script(FIRST_FRAME_JS)


def settled_backend(browser, timeout_secs):
    """Waits until the page has chosen its backend and rebuilt the session
    on it, then returns the backend sentence."""
    status = browser.wait_until(
        "const t = document.getElementById('backend-status').textContent;"
        "return (t.startsWith('Backend:') && !t.includes('checking')) ? t : null;",
        timeout_secs, 0.2,
    )
    # The switch to the chosen device rebuilds the session in a later frame.
    time.sleep(2.0)
    browser.wait_until(
        "return document.getElementById('status').textContent === '' ? 1 : null;",
        timeout_secs, 0.2,
    )
    return status


def training_window(servers, state, train_secs, gpu):
    """Presses Play and counts epochs, long tasks and frames for
    `train_secs`."""
    with Browser(servers.driver_port, gpu=gpu) as browser:
        browser.get(page_url(servers, state))
        backend_status = settled_backend(browser, 300)
        supported = browser.script(OBSERVE_JS)
        browser.click("#play")
        start = browser.script(READ_JS)
        time.sleep(train_secs)
        end = browser.script(READ_JS)
        browser.click("#play")
    elapsed_secs = (end["now_ms"] - start["now_ms"]) / 1000
    longtasks = end["longtasks"] or []
    # Tasks that were still running when the window opened are not counted:
    # the observer only reports tasks that ended after it started.
    return {
        "state": state,
        "backend_status": backend_status,
        "longtask_supported": supported,
        "elapsed_secs": elapsed_secs,
        "epoch_start": start["epoch"],
        "epoch_end": end["epoch"],
        "epochs_per_sec": (end["epoch"] - start["epoch"]) / elapsed_secs,
        "frames_per_sec": end["frames"] / elapsed_secs,
        "longtasks": len(longtasks),
        "longtasks_per_min": len(longtasks) / (elapsed_secs / 60),
        "longtask_ms_max": max(longtasks, default=0.0),
        "longtask_ms_median": statistics.median(longtasks) if longtasks else 0.0,
        "longtask_ms_total": sum(longtasks),
        "message": end["message"],
        "accuracy": end["accuracy"],
    }


def snapshot_window(servers, eval_samples, backend, secs):
    """Trains with a snapshot every epoch for `secs` and returns the
    snapshot measures' statistics."""
    state = {"config": snapshot_config(eval_samples), "backend": backend, "speed": 1}
    with Browser(servers.driver_port, gpu=True) as browser:
        browser.get(page_url(servers, state))
        backend_status = settled_backend(browser, 300)
        browser.script(OBSERVE_SNAPSHOTS_JS, SNAPSHOT_MEASURE)
        browser.click("#play")
        time.sleep(secs)
        browser.click("#play")
        time.sleep(0.5)
        durations = browser.script("return window.__snapshots.slice();")
    if not durations:
        raise WebDriverError(f"no {SNAPSHOT_MEASURE} measure in {secs} s ({backend_status})")
    return {
        "eval_samples": eval_samples,
        "backend": backend,
        "backend_status": backend_status,
        "snapshots": len(durations),
        "median_ms": statistics.median(durations),
        "min_ms": min(durations),
        "max_ms": max(durations),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--out", required=True)
    parser.add_argument("--train-secs", type=float, default=60)
    parser.add_argument("--mlp32-secs", type=float, default=30)
    parser.add_argument("--cold-starts", type=int, default=3)
    parser.add_argument("--backends", default="cpu,gpu")
    parser.add_argument("--snapshot-secs", type=float, default=20)
    parser.add_argument("--skip", default="",
                        help="comma list of: first-frame,paper,mlp32,snapshot")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    result = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "sizes": wasm_sizes(args.dist)}
    with Servers(os.path.abspath(args.dist)) as servers:
        if "first-frame" not in skip:
            starts = []
            for _ in range(args.cold_starts):
                try:
                    starts.append(first_frame(servers, gpu=True))
                except WebDriverError as error:
                    starts.append({"error": str(error)})
                print(f"page first frame: {starts[-1]}", file=sys.stderr)
            times = [s["first_frame_ms"] for s in starts if "first_frame_ms" in s]
            result["first_frame"] = {
                "runs": starts,
                "median_ms": statistics.median(times) if times else None,
            }

        for backend in args.backends.split(","):
            if "paper" not in skip:
                state = {"backend": backend, "speed": MAX_SPEED}
                try:
                    window = training_window(servers, state, args.train_secs, gpu=True)
                except WebDriverError as error:
                    window = {"error": str(error)}
                result[f"paper_{backend}"] = window
                print(f"page paper {backend}: {window}", file=sys.stderr)
            if "mlp32" not in skip:
                state = {"config": MLP32_CONFIG, "backend": backend, "speed": MAX_SPEED}
                try:
                    window = training_window(servers, state, args.mlp32_secs, gpu=True)
                    window["steps_per_epoch"] = MLP32_STEPS_PER_EPOCH
                    window["steps_per_sec"] = window["epochs_per_sec"] * MLP32_STEPS_PER_EPOCH
                except WebDriverError as error:
                    window = {"error": str(error)}
                result[f"mlp32_{backend}"] = window
                print(f"page mlp32 {backend}: {window}", file=sys.stderr)
            if "snapshot" not in skip:
                windows = []
                for m in SNAPSHOT_SIZES:
                    try:
                        window = snapshot_window(servers, m, backend, args.snapshot_secs)
                    except WebDriverError as error:
                        window = {"eval_samples": m, "error": str(error)}
                    windows.append(window)
                    print(f"page snapshot {backend} m={m}: {window}", file=sys.stderr)
                result[f"snapshot_{backend}"] = windows

    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
