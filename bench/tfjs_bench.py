#!/usr/bin/env python3
"""Runs the TensorFlow.js baseline page (bench/tfjs/) in headless Chromium,
once per backend, and writes one JSON object with a result per backend.

    python3 bench/tfjs_bench.py --out bench/results/tfjs.json \
        [--backends wasm,webgpu,cpu] [--secs 20] [--warmup 20]

Each backend runs in its own fresh browser, so kernels compiled for one do
not warm up another. bench/tfjs/copy_dist.sh must have filled vendor/.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Browser, Servers, WebDriverError  # noqa: E402

TFJS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tfjs")


def run_backend(servers, backend, args):
    query = f"?backend={backend}&warmup={args.warmup}&secs={args.secs}&max_secs={args.max_secs}"
    with Browser(servers.driver_port, gpu=True) as browser:
        started = time.monotonic()
        browser.get(servers.url("index.html" + query))
        timeout = args.max_secs * 2 + args.warmup * 10 + 120
        result = browser.wait_until("return window.benchResult || null", timeout, 0.5)
        result["driver_secs"] = time.monotonic() - started
        result["chromium_version"] = browser.browser_version
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--backends", default="wasm,webgpu,cpu")
    parser.add_argument("--secs", type=float, default=20)
    parser.add_argument("--max-secs", type=float, default=90)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    if not os.path.exists(os.path.join(TFJS_DIR, "vendor", "tf.min.js")):
        sys.exit("bench/tfjs/vendor/ is empty: run bench/tfjs/copy_dist.sh first")

    results = {}
    with Servers(TFJS_DIR) as servers:
        for backend in args.backends.split(","):
            try:
                results[backend] = run_backend(servers, backend, args)
            except WebDriverError as error:
                results[backend] = {"error": str(error)}
            print(f"tfjs {backend}: {json.dumps(results[backend])[:400]}", file=sys.stderr)

    with open(args.out, "w") as f:
        json.dump({"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "results": results}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
