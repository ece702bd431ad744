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

section "All checks passed"
