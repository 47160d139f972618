#!/usr/bin/env bash
# The test command: installs what is missing (scripts/setup.sh), then runs
# every test and prints a summary table.
#
#   native         cargo test --lib --bins --examples --test <each tests/*.rs but web, page>
#   native-doc     cargo test --doc
#   web-webgpu     cargo test --target wasm32-unknown-unknown --test web   (webdriver.json)
#   web-cpu        the same without WebGPU                                 (webdriver-nogpu.json)
#   trunk-release  trunk build --release                                   (dist/)
#   page           cargo test --test page -- --test-threads=1  (dist/ in Chromium)
#
# A failing stage does not stop the run; the script exits non-zero at the end
# if any stage failed. A missing tests/web.rs or tests/page.rs fails its stage
# unless INFOPLANE_ALLOW_MISSING_WEB_TEST=1 / INFOPLANE_ALLOW_MISSING_PAGE_TEST=1.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$INFOPLANE_ROOT"

[[ $# -eq 0 ]] || die "scripts/test.sh takes no arguments"

run_test_stages || true
print_test_results
finish "scripts/test.sh summary"
