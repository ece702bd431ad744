#!/usr/bin/env bash
# The README's test command: installs what the tests need (skipping what is already there) and
# runs every check CI runs. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==> %s\n' "$*"; }

section "Toolchain"
if ! command -v rustup >/dev/null 2>&1; then
    echo "rustup not found: install Rust 1.95 with rustup (https://rustup.rs) first." >&2
    exit 1
fi
for component in rustfmt clippy; do
    if rustup component list --installed | grep -q "^${component}"; then
        echo "${component}: installed"
    else
        rustup component add "${component}"
    fi
done
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown: installed"
else
    rustup target add wasm32-unknown-unknown
fi
rustc --version
cargo --version

section "Format: cargo fmt --all -- --check"
cargo fmt --all -- --check

section "Lint: cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

section "The core builds for the browser without the CLI (wasm32-unknown-unknown)"
cargo build --lib --target wasm32-unknown-unknown --no-default-features

section "Tests: unit, CLI, properties, doctests (cargo test)"
cargo test

# ---- The browser app (www/): its pure logic natively, the JS API in headless Chromium, the
# ---- built site driven by Playwright as a person would use it.
section "Browser tools (scripts/setup.sh --test: Trunk, wasm-bindgen-cli, wasm-opt, Chromium, Playwright)"
bash scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

section "Web crate: clippy (native and wasm32, app and worker; the core is linted above) and native tests"
cargo clippy -p juesuan-web --no-deps --all-targets -- -D warnings
cargo clippy -p juesuan-web --no-deps --all-targets --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p juesuan-web --no-deps --all-targets --features worker --target wasm32-unknown-unknown -- -D warnings
cargo test -p juesuan-web

section "JS API in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p juesuan-web --features worker --target wasm32-unknown-unknown

section "Build the site: trunk build --release (offline; post_build hook: CSP, SRI, service worker)"
trunk build --release
bash scripts/size-report.sh

section "End to end in Chromium (node --test e2e/; screenshots in target/e2e/)"
node --test e2e/

section "All checks passed"
