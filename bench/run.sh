#!/usr/bin/env bash
# The benchmark harness: builds what it needs, runs every benchmark and
# writes bench/results/*.json and bench/results/summary.md.
#
#   bench/run.sh                  everything (about 25 minutes after builds)
#   bench/run.sh native hsic      only some parts: native hsic tfjs page
#   BENCH_QUICK=1 bench/run.sh    shorter windows and fewer repeats (a smoke
#                                 test; its numbers are not for BENCHMARKS.md)
#   BENCH_SKIP_BUILD=1            use the existing target/release and dist/
#
# Needs: what scripts/setup.sh installs (Rust, trunk, wasm-bindgen,
# chromium, chromedriver), python3 with venv, node + npm. Installs into
# bench/ only: a Python venv with torch + numpy (bench/requirements.txt,
# ~4 GB: PyPI's torch wheel brings the CUDA libraries, unused here) and the
# pinned TensorFlow.js packages (bench/tfjs/package-lock.json).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
RESULTS="$BENCH/results"
export PATH="$ROOT/.tools/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
cd "$ROOT"

log() { printf '==> bench: %s\n' "$*" >&2; }
die() { printf 'error: bench: %s\n' "$*" >&2; exit 1; }

parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(native hsic tfjs page)
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

quick="${BENCH_QUICK:-0}"
if [[ "$quick" == 1 ]]; then
    repeats=1 train_secs=15 mlp32_secs=10 tfjs_secs=5 cold_starts=1 snapshot_secs=5
else
    repeats=3 train_secs=60 mlp32_secs=30 tfjs_secs=20 cold_starts=3 snapshot_secs=20
fi
mkdir -p "$RESULTS"

# --- environment ----------------------------------------------------------------

python="$BENCH/.venv/bin/python"
if wants native || wants hsic; then
    if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
        log "creating bench/.venv with $(tr '\n' ' ' <"$BENCH/requirements.txt")(large download)"
        python3 -m venv "$BENCH/.venv"
        "$BENCH/.venv/bin/pip" install --quiet -r "$BENCH/requirements.txt" ||
            die "pip install -r bench/requirements.txt failed"
    fi
fi
if wants tfjs; then
    command -v npm >/dev/null || die "npm not found (apt-get install nodejs npm)"
    "$BENCH/tfjs/copy_dist.sh"
fi

# --- builds -----------------------------------------------------------------------

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    if wants native || wants hsic; then
        log "cargo build --release --bin infoplane"
        cargo build --release --bin infoplane
    fi
    if wants hsic; then
        log "cargo build --release --example bench_hsic"
        cargo build --release --example bench_hsic
    fi
    if wants page; then
        log "trunk build --release"
        trunk build --release
    fi
fi

# --- versions and machine -----------------------------------------------------------

lock_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$ROOT/Cargo.lock"
}
tfjs_version="$(node -p 'require("./bench/tfjs/package-lock.json").packages["node_modules/@tensorflow/tfjs"].version' 2>/dev/null || echo unknown)"
torch_version="$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo unknown)"
python3 - "$RESULTS/env.json" <<PY
import json, os, platform, sys, time
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
json.dump({
    "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    "nproc": os.cpu_count(),
    "cpu_model": cpu,
    "load_average_at_start": os.getloadavg(),
    "kernel": platform.release(),
    "rustc": "$(rustc --version)",
    "burn": "$(lock_version burn)",
    "trunk": "$(trunk --version 2>/dev/null || echo unknown)",
    "chromium": "$(/usr/bin/chromium --version 2>/dev/null || echo unknown)",
    "torch": "$torch_version",
    "tfjs": "$tfjs_version",
    "node": "$(node --version 2>/dev/null || echo unknown)",
    "quick": "$quick" == "1",
}, open(sys.argv[1], "w"), indent=2)
PY

# --- runs -----------------------------------------------------------------------------

if wants native; then
    log "native: infoplane CLI vs PyTorch (alternating, $repeats each) and snapshot cost"
    python3 "$BENCH/native_bench.py" --infoplane "$ROOT/target/release/infoplane" \
        --python "$python" --repeats "$repeats" --out "$RESULTS/native.json"
fi

if wants hsic; then
    log "nHSIC: one measure() of 6 layers of width 6 at m = 128..1024"
    # examples/bench_hsic.rs prints "m,median_ms,min_ms" rows (7 timed calls
    # after a warm-up).
    "$ROOT/target/release/examples/bench_hsic" >"$RESULTS/hsic_infoplane.csv"
    python3 - "$RESULTS/hsic_infoplane.csv" "$RESULTS/hsic_infoplane.json" <<'PY'
import csv, json, sys
rows = [{"m": int(r["m"]), "layers": 6, "width": 6, "repeats": 7,
         "measure_ms_median": float(r["median_ms"]), "measure_ms_min": float(r["min_ms"])}
        for r in csv.DictReader(open(sys.argv[1]))]
json.dump({"backend": "cpu (burn ndarray + faer)", "command": "cargo run --release --example bench_hsic",
           "results": rows}, open(sys.argv[2], "w"), indent=2)
PY
    "$python" "$BENCH/pytorch_reference.py" --time-hsic 128,256,512,1024 --threads 1 \
        >"$RESULTS/hsic_pytorch.json"
fi

if wants tfjs; then
    log "TensorFlow.js steps/s (wasm, webgpu, cpu)"
    python3 "$BENCH/tfjs_bench.py" --secs "$tfjs_secs" --out "$RESULTS/tfjs.json"
fi

if wants page; then
    log "page: size, first frame, epochs/s, long tasks, snapshot cost"
    python3 "$BENCH/page_bench.py" --dist "$ROOT/dist" --train-secs "$train_secs" \
        --mlp32-secs "$mlp32_secs" --snapshot-secs "$snapshot_secs" --cold-starts "$cold_starts" \
        --out "$RESULTS/page.json"
fi

python3 - "$RESULTS/env.json" <<'PY'
import json, os, sys
env = json.load(open(sys.argv[1]))
env["load_average_at_end"] = os.getloadavg()
json.dump(env, open(sys.argv[1], "w"), indent=2)
PY
python3 "$BENCH/report.py" "$RESULTS" >"$RESULTS/summary.md"
log "wrote $RESULTS/summary.md"
cat "$RESULTS/summary.md"
