# shellcheck shell=bash
# Shared helpers for scripts/setup.sh, test.sh, check.sh, serve.sh and .ci/run.
# Source it; do not run it. Every stage function is written so that it can run
# inside `if` (where `set -e` is off): each command's failure is returned
# explicitly.

INFOPLANE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFOPLANE_ROOT

# Tools installed by cargo and the optional project-local wasm-opt.
export PATH="$INFOPLANE_ROOT/.tools/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# wasm-bindgen-test-runner's default of 20 s is too short for SwiftShader.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# The version of package $1 in Cargo.lock (the first entry if there are
# several).
lock_version() {
    awk -v name="$1" '
        $0 == "name = \"" name "\"" { found = 1; next }
        found && /^version = / { gsub(/"/, "", $3); print $3; exit }
    ' "$INFOPLANE_ROOT/Cargo.lock"
}

# The chromedriver the browser tests and the page test use.
chromedriver_path() {
    if [[ -n "${CHROMEDRIVER:-}" ]]; then
        printf '%s\n' "$CHROMEDRIVER"
    elif [[ -x /usr/bin/chromedriver ]]; then
        printf '%s\n' /usr/bin/chromedriver
    else
        command -v chromedriver || true
    fi
}

# ---------------------------------------------------------------------------
# Stages: each runs one command, tees its output to a log and records
# pass/fail and seconds for the summary table. A failing stage does not stop
# the script; `finish` exits non-zero at the end.

STAGE_NAMES=()
STAGE_RESULTS=()
STAGE_SECS=()
STAGE_NOTES=()

# One log folder per top-level run; nested scripts (check.sh -> test.sh)
# inherit it so .ci/run can show every test summary at the end.
if [[ -z "${INFOPLANE_LOG_DIR:-}" ]]; then
    INFOPLANE_LOG_DIR="$INFOPLANE_ROOT/target/infoplane-logs/$(date +%Y%m%d-%H%M%S)-$$"
    export INFOPLANE_LOG_DIR
fi
mkdir -p "$INFOPLANE_LOG_DIR"

# record_stage NAME RESULT SECONDS [NOTE]
record_stage() {
    STAGE_NAMES+=("$1")
    STAGE_RESULTS+=("$2")
    STAGE_SECS+=("$3")
    STAGE_NOTES+=("${4:-}")
}

# run_stage NAME COMMAND [ARGS...]
run_stage() {
    local name="$1"
    shift
    local log_file start=$SECONDS rc=0
    # Numbered across nested scripts, so the logs sort in the order they ran.
    local n
    n="$(find "$INFOPLANE_LOG_DIR" -maxdepth 1 -name '*.log' | wc -l)"
    log_file="$INFOPLANE_LOG_DIR/$(printf '%02d' "$n")-$name.log"

    printf '\n==> [%s] %s\n' "$name" "$*"
    if "$@" 2>&1 | tee "$log_file"; then rc=0; else rc=$?; fi

    local secs=$((SECONDS - start))
    if [[ $rc -eq 0 ]]; then
        record_stage "$name" pass "$secs"
    else
        printf '==> [%s] FAILED (exit %d) after %ds\n' "$name" "$rc" "$secs"
        record_stage "$name" FAIL "$secs" "log: ${log_file#"$INFOPLANE_ROOT"/}"
    fi
    return "$rc"
}

# A stage that was deliberately not run; it shows in the table, never silently.
skip_stage() {
    printf '\n==> [%s] SKIPPED: %s\n' "$1" "$2"
    record_stage "$1" skip 0 "$2"
}

print_summary() {
    local title="$1" i total=0
    printf '\n%s\n' "$title"
    printf '%-16s %-6s %8s  %s\n' stage result seconds note
    printf '%-16s %-6s %8s  %s\n' ---------------- ------ -------- ----
    for i in "${!STAGE_NAMES[@]}"; do
        printf '%-16s %-6s %8s%s\n' "${STAGE_NAMES[$i]}" "${STAGE_RESULTS[$i]}" \
            "${STAGE_SECS[$i]}" "${STAGE_NOTES[$i]:+  ${STAGE_NOTES[$i]}}"
        total=$((total + STAGE_SECS[i]))
    done
    printf '%-16s %-6s %8s\n' total "" "$total"
}

# Cargo's "test result:" lines of every log in this run, per stage.
print_test_results() {
    local f lines
    printf '\nTest runner summaries (%s):\n' "$INFOPLANE_LOG_DIR"
    for f in "$INFOPLANE_LOG_DIR"/*.log; do
        [[ -e "$f" ]] || continue
        # A nested script's log repeats the logs of its own stages.
        [[ "$f" != *.sh.log ]] || continue
        lines="$(grep -E '^test result:|^error: (test failed|could not compile|[0-9]+ targets? failed)' "$f" || true)"
        [[ -n "$lines" ]] || continue
        printf '%s\n' "-- $(basename "$f" .log)"
        printf '%s\n' "$lines"
    done
}

# Exit status for the whole run: 1 if any stage failed.
any_failed() {
    local r
    for r in "${STAGE_RESULTS[@]}"; do
        [[ "$r" == FAIL ]] && return 0
    done
    return 1
}

finish() {
    print_summary "$1"
    if any_failed; then
        printf '\nRESULT: FAILED (logs in %s)\n' "$INFOPLANE_LOG_DIR"
        exit 1
    fi
    printf '\nRESULT: all stages passed\n'
}

# ---------------------------------------------------------------------------
# The stages themselves.

stage_setup() { run_stage setup "$INFOPLANE_ROOT/scripts/setup.sh"; }

stage_fmt() { run_stage fmt cargo fmt --all --check; }

stage_clippy_native() {
    run_stage clippy-native cargo clippy --all-targets -- -D warnings
}

stage_clippy_wasm() {
    run_stage clippy-wasm cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
}

# Test targets under tests/ that run natively: everything except the browser
# tests (web) and the page end-to-end test (page), which have their own
# stages. Auto-discovered targets only: tests/NAME.rs and tests/NAME/main.rs.
native_test_args() {
    local f name
    for f in "$INFOPLANE_ROOT"/tests/*.rs "$INFOPLANE_ROOT"/tests/*/main.rs; do
        [[ -e "$f" ]] || continue
        if [[ "$f" == */main.rs ]]; then
            name="$(basename "$(dirname "$f")")"
        else
            name="$(basename "$f" .rs)"
        fi
        case "$name" in web | page) continue ;; esac
        printf -- '--test\n%s\n' "$name"
    done
}

stage_native() {
    local -a args=()
    mapfile -t args < <(native_test_args)
    run_stage native cargo test --lib --bins --examples "${args[@]}"
    # `--doc` cannot be combined with the target flags above.
    run_stage native-doc cargo test --doc
}

# run_web_stage NAME WEBDRIVER_JSON EXPECT_WEBGPU
# INFOPLANE_EXPECT_WEBGPU lets tests/web.rs know (via option_env!) which of
# the two browser configurations it runs under.
run_web_stage() {
    run_stage "$1" env \
        CHROMEDRIVER="$(chromedriver_path)" \
        WASM_BINDGEN_TEST_TIMEOUT="$WASM_BINDGEN_TEST_TIMEOUT" \
        WASM_BINDGEN_TEST_WEBDRIVER_JSON="$INFOPLANE_ROOT/$2" \
        INFOPLANE_EXPECT_WEBGPU="$3" \
        cargo test --target wasm32-unknown-unknown --test web
}

stage_web() {
    if [[ ! -f "$INFOPLANE_ROOT/tests/web.rs" ]]; then
        if [[ "${INFOPLANE_ALLOW_MISSING_WEB_TEST:-0}" == 1 ]]; then
            skip_stage web-webgpu "tests/web.rs missing, allowed"
            skip_stage web-cpu "tests/web.rs missing, allowed"
            return 0
        fi
        run_stage web-webgpu missing_test_target web INFOPLANE_ALLOW_MISSING_WEB_TEST
        record_stage web-cpu FAIL 0 "not run: tests/web.rs missing"
        return 1
    fi
    run_web_stage web-webgpu webdriver.json 1
    run_web_stage web-cpu webdriver-nogpu.json 0
}

# The release page, which the page test serves from dist/ (as CI deploys it).
stage_release() { run_stage trunk-release trunk build --release; }

stage_page() {
    if [[ ! -f "$INFOPLANE_ROOT/tests/page.rs" ]]; then
        if [[ "${INFOPLANE_ALLOW_MISSING_PAGE_TEST:-0}" == 1 ]]; then
            skip_stage page "tests/page.rs missing, allowed"
            return 0
        fi
        run_stage page missing_test_target page INFOPLANE_ALLOW_MISSING_PAGE_TEST
        return 1
    fi
    run_stage page env CHROMEDRIVER="$(chromedriver_path)" \
        cargo test --test page -- --test-threads=1
}

missing_test_target() {
    printf 'error: tests/%s.rs does not exist, so the %s tests cannot run.\n' "$1" "$1" >&2
    printf 'Set %s=1 to report this stage as skipped instead of failed.\n' "$2" >&2
    return 1
}

# All test stages, in the README's order. Returns non-zero if setup failed
# (nothing else can run then).
run_test_stages() {
    stage_setup || return 1
    stage_native || true
    stage_web || true
    # After a failed build dist/ may hold an older page; never test that.
    if stage_release; then
        stage_page || true
    else
        record_stage page FAIL 0 "not run: trunk build --release failed"
    fi
}
