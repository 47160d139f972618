#!/usr/bin/env bash
# Everything CI checks, in CI's order (.ci/run runs this script):
#
#   fmt, clippy (native, all targets), clippy (wasm32 library), then
#   scripts/test.sh: native tests, browser tests with and without WebGPU,
#   trunk build --release, page end to end.
#
# Runs every stage even after a failure; exits non-zero at the end if any
# failed.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$INFOPLANE_ROOT"

[[ $# -eq 0 ]] || die "scripts/check.sh takes no arguments"

if stage_setup; then
    stage_fmt || true
    stage_clippy_native || true
    stage_clippy_wasm || true
    # The README's test command itself (it also builds the release page),
    # not a copy of its stages.
    run_stage test.sh "$INFOPLANE_ROOT/scripts/test.sh" || true
fi

print_test_results
finish "scripts/check.sh summary"
