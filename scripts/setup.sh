#!/usr/bin/env bash
# Install what building and testing the browser app needs, skipping what is already there.
# Safe to run again and again. Downloads only from the crates, npm and Debian registries (and
# rustup's own target download); Trunk is pinned and told never to fetch its own tools.
#
#   bash scripts/setup.sh          # build tools: wasm target, Trunk, wasm-bindgen-cli, wasm-opt
#   bash scripts/setup.sh --test   # and the browser-test tools: Chromium, ChromeDriver, Playwright
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pin in www/Cargo.toml
BINARYEN_VERSION=132.0.0       # npm binaryen → node_modules/.bin/wasm-opt (Trunk.toml: version_132)

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

say() { printf '  %s\n' "$*"; }
section() { printf '\n==> %s\n' "$*"; }

section "Rust toolchain for the browser"
if ! command -v rustup >/dev/null 2>&1; then
    echo "rustup not found: install Rust 1.95 with rustup (https://rustup.rs) first." >&2
    exit 1
fi
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown: installed"
else
    rustup target add wasm32-unknown-unknown
fi

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"

version_of() { "$1" --version 2>/dev/null | awk '{print $2}'; }

if [[ "$(version_of trunk)" == "$TRUNK_VERSION" ]]; then
    say "trunk $TRUNK_VERSION: installed"
else
    section "Installing trunk $TRUNK_VERSION from crates (≈4 min; thin build, it is only a tool)"
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [[ "$(version_of wasm-bindgen)" == "$WASM_BINDGEN_VERSION" ]] && command -v wasm-bindgen-test-runner >/dev/null; then
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installed"
else
    section "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates (≈2.5 min)"
    # Not --locked: its lockfile pins a webpki-roots version the registry no longer serves.
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
        cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

section "npm packages (binaryen's wasm-opt; playwright-core, which downloads no browser)"
if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: install Node.js 20 first." >&2
    exit 1
fi
npm_ok() {
    [[ -x node_modules/.bin/wasm-opt ]] \
        && node -e "process.exit(require('./node_modules/binaryen/package.json').version === '$BINARYEN_VERSION' ? 0 : 1)" 2>/dev/null \
        && [[ -f node_modules/playwright-core/package.json ]]
}
if npm_ok; then
    say "node_modules: installed"
else
    # package-lock.json pins the exact versions; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD for good measure.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
say "$(node_modules/.bin/wasm-opt --version)"

if $want_test; then
    section "Chromium and ChromeDriver (Debian) for the browser tests"
    # A CJK font, so that screenshots of the page show Chinese rather than empty boxes.
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver && -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]]; then
        say "chromium, chromedriver, fonts-wqy-microhei: installed"
    else
        if [[ $(id -u) -ne 0 ]]; then
            echo "/usr/bin/chromium is missing: run as root, or apt-get install chromium chromium-driver" >&2
            exit 1
        fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei
    fi
    say "$(/usr/bin/chromium --version 2>/dev/null | head -n1)"
fi

section "Crates for offline builds (Trunk runs cargo with --offline)"
cargo fetch --locked
