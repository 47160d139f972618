#!/usr/bin/env bash
# Installs everything building, serving and testing Infoplane needs, and
# checks what it cannot install. Idempotent: when everything is present it
# only checks versions (a few seconds). Prints each thing it installs.
#
#   apt:   chromium, chromium-driver (headless browser tests), gcc + libc6-dev
#          (C build scripts of dependencies), python3 (the page test's static
#          server) — only when missing
#   rustup: components rustfmt, clippy; target wasm32-unknown-unknown
#   cargo: wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version,
#          trunk 0.21.14 (0.22 needs a newer rustc than 1.95)
#   cargo fetch: the crates of Cargo.lock for the host and wasm32, so that trunk's
#          offline build (Trunk.toml) finds them
#   opt-in: wasm-opt from npm binaryen@132 in .tools/, when INFOPLANE_WASM_OPT=1
#          or when index.html does not turn wasm-opt off (data-wasm-opt="0")
#
# Never installs Debian's binaryen: its wasm-opt 108 corrupts our module.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$INFOPLANE_ROOT"

TRUNK_VERSION=0.21.14
BINARYEN_NPM_VERSION=132

say() { printf 'setup: %s\n' "$*"; }
installing() { printf 'setup: INSTALLING %s\n' "$*"; }

# --- Rust toolchain ---------------------------------------------------------

command -v cargo >/dev/null ||
    die "cargo not found. Install Rust 1.95+ with rustup (https://rustup.rs), then rerun."
command -v rustup >/dev/null ||
    die "rustup not found. The wasm32 target and rustfmt/clippy are added with rustup (https://rustup.rs)."

rustc_version="$(rustc --version | awk '{print $2}')"
rust_minor="$(printf '%s' "$rustc_version" | cut -d. -f2)"
if [[ "$(printf '%s' "$rustc_version" | cut -d. -f1)" -ne 1 || "$rust_minor" -lt 95 ]]; then
    die "rustc $rustc_version is too old; Cargo.toml needs 1.95 or newer (rustup update stable)."
fi
say "rustc $rustc_version ok"

installed_components="$(rustup component list --installed)"
for component in rustfmt clippy; do
    if grep -q "^$component" <<<"$installed_components"; then
        say "$component ok"
    else
        installing "rustup component $component"
        rustup component add "$component" ||
            die "could not add the rustup component $component"
    fi
done

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "target wasm32-unknown-unknown ok"
else
    installing "rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown ||
        die "could not add the rustup target wasm32-unknown-unknown"
fi

# --- System packages (apt) ----------------------------------------------------

apt_missing=()
command -v cc >/dev/null || apt_missing+=(gcc libc6-dev)
# The page test serves dist/ with `python3 -m http.server`.
command -v python3 >/dev/null || apt_missing+=(python3)
[[ -x /usr/bin/chromium ]] || apt_missing+=(chromium)
[[ -n "$(chromedriver_path)" ]] || apt_missing+=(chromium-driver)

if [[ ${#apt_missing[@]} -gt 0 ]]; then
    command -v apt-get >/dev/null ||
        die "missing ${apt_missing[*]} and apt-get is not available; install them with your package manager."
    sudo_cmd=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null ||
            die "missing ${apt_missing[*]}; run as root: apt-get update && apt-get install -y ${apt_missing[*]}"
        sudo_cmd=(sudo -n)
    fi
    installing "apt packages: ${apt_missing[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
        die "apt-get update failed"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_missing[@]}" ||
        die "apt-get install ${apt_missing[*]} failed"
fi
command -v cc >/dev/null || die "no C compiler (cc) after installing gcc"
command -v python3 >/dev/null || die "python3 not found after installing it"

[[ -x /usr/bin/chromium ]] || die "chromium is not at /usr/bin/chromium (webdriver.json expects it there)"
chromedriver="$(chromedriver_path)"
[[ -n "$chromedriver" ]] ||
    die "chromedriver not found (apt package chromium-driver, or set CHROMEDRIVER=/path/to/chromedriver)"
[[ -x "$chromedriver" ]] ||
    die "chromedriver $chromedriver (from CHROMEDRIVER) is not an executable file"

# chromedriver only drives the Chromium of the same major version.
chromium_version="$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n1 || true)"
driver_version="$("$chromedriver" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n1 || true)"
[[ -n "$chromium_version" ]] || die "/usr/bin/chromium --version failed; is chromium installed correctly?"
[[ -n "$driver_version" ]] || die "$chromedriver --version failed"
if [[ "${chromium_version%%.*}" != "${driver_version%%.*}" ]]; then
    die "chromium $chromium_version and chromedriver $driver_version ($chromedriver) differ in major version; install matching versions (apt-get install chromium chromium-driver)"
fi
say "chromium $chromium_version, chromedriver $driver_version ok"

# --- Crates -------------------------------------------------------------------

# Host and wasm32 crates, so that the wasm-only ones are there for trunk's
# --offline. Prints nothing and takes about a second when all are present.
host="$(rustc -vV | sed -n 's/^host: //p')"
cargo fetch --quiet --target "$host" --target wasm32-unknown-unknown ||
    die "cargo fetch failed (no network to crates.io?)"
say "crates fetched"

# --- wasm-bindgen-cli at Cargo.lock's version ---------------------------------

wb_version="$(lock_version wasm-bindgen)"
[[ -n "$wb_version" ]] || die "no wasm-bindgen entry in Cargo.lock"

trunk_wb="$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' Trunk.toml 2>/dev/null || true)"
if [[ -n "$trunk_wb" && "$trunk_wb" != "$wb_version" ]]; then
    die "Trunk.toml [tools] wasm_bindgen = \"$trunk_wb\" but Cargo.lock has wasm-bindgen $wb_version; make them equal"
fi

tool_version() { # the second word of `$1 --version`, or nothing
    command -v "$1" >/dev/null || return 0
    "$1" --version 2>/dev/null | awk 'NR == 1 {print $2}'
}

if [[ "$(tool_version wasm-bindgen)" == "$wb_version" &&
    "$(tool_version wasm-bindgen-test-runner)" == "$wb_version" ]]; then
    say "wasm-bindgen-cli $wb_version ok"
else
    # Not --locked: the crate's lock file pins a yanked webpki-roots.
    installing "wasm-bindgen-cli $wb_version (cargo install, about 7 minutes)"
    cargo install wasm-bindgen-cli --version "=$wb_version" ||
        die "cargo install wasm-bindgen-cli --version =$wb_version failed"
    found="$(tool_version wasm-bindgen)"
    [[ "$found" == "$wb_version" ]] ||
        die "installed wasm-bindgen-cli $wb_version but $(command -v wasm-bindgen) is version ${found:-unknown}; remove it or fix PATH"
fi

# --- trunk --------------------------------------------------------------------

if [[ "$(tool_version trunk)" == "$TRUNK_VERSION" ]]; then
    say "trunk $TRUNK_VERSION ok"
else
    installing "trunk $TRUNK_VERSION (cargo install, about 12 minutes)"
    cargo install trunk --version "=$TRUNK_VERSION" --locked ||
        die "cargo install trunk --version =$TRUNK_VERSION --locked failed"
    found="$(tool_version trunk)"
    [[ "$found" == "$TRUNK_VERSION" ]] ||
        die "installed trunk $TRUNK_VERSION but $(command -v trunk) is version ${found:-unknown}; remove it or fix PATH"
fi

# --- optional: wasm-opt from npm binaryen ---------------------------------------

wasm_opt_version() { # e.g. 132, or nothing
    command -v wasm-opt >/dev/null || return 0
    wasm-opt --version 2>/dev/null | awk 'NR == 1 {print $3}'
}

# True when index.html's rust link leaves wasm-opt on (no data-wasm-opt="0"):
# then a release build needs wasm-opt 132 and would fail without it.
index_wants_wasm_opt() {
    local link
    link="$(grep -o '<link[^>]*rel="rust"[^>]*>' index.html 2>/dev/null || true)"
    [[ -n "$link" && "$link" != *'data-wasm-opt="0"'* ]]
}

want_wasm_opt="${INFOPLANE_WASM_OPT:-0}"
if [[ "$want_wasm_opt" != 1 ]] && index_wants_wasm_opt; then
    say "index.html turns wasm-opt on, so wasm-opt $BINARYEN_NPM_VERSION is needed"
    want_wasm_opt=1
fi

if [[ "$want_wasm_opt" == 1 ]]; then
    if [[ "$(wasm_opt_version)" == "$BINARYEN_NPM_VERSION" ]]; then
        say "wasm-opt $BINARYEN_NPM_VERSION ok ($(command -v wasm-opt))"
    else
        command -v npm >/dev/null ||
            die "wasm-opt $BINARYEN_NPM_VERSION needs npm (apt-get install npm) to install binaryen@$BINARYEN_NPM_VERSION"
        installing "wasm-opt from npm binaryen@$BINARYEN_NPM_VERSION into .tools/"
        npm install --prefix .tools/binaryen --no-audit --no-fund --silent \
            "binaryen@$BINARYEN_NPM_VERSION" ||
            die "npm install binaryen@$BINARYEN_NPM_VERSION failed"
        mkdir -p .tools/bin
        ln -sf ../binaryen/node_modules/.bin/wasm-opt .tools/bin/wasm-opt
        found="$(wasm_opt_version)"
        [[ "$found" == "$BINARYEN_NPM_VERSION" ]] ||
            die "wasm-opt on PATH is version ${found:-unknown}, not $BINARYEN_NPM_VERSION"
    fi
else
    found="$(wasm_opt_version)"
    if [[ -n "$found" && "$found" != "$BINARYEN_NPM_VERSION" ]]; then
        say "note: $(command -v wasm-opt) is version $found; trunk will not use it (Trunk.toml asks for version_$BINARYEN_NPM_VERSION)"
    fi
fi

say "everything present"
