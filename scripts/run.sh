#!/usr/bin/env bash
# The README's first command: build the product and run it. For now the product is the
# command-line checker, run on a sample disclosure.
set -euo pipefail
cd "$(dirname "$0")/.."

sample=tests/fixtures/samples/000.txt
juesuan="${CARGO_TARGET_DIR:-target}/release/juesuan"

printf '==> Building the juesuan CLI (release)\n'
cargo build --release --bin juesuan

printf '\n==> %s check %s\n' "$juesuan" "$sample"
# Findings make the exit code 1; here we only want to show them.
"$juesuan" check "$sample" || true

cat <<MSG

To check other files:
  $juesuan check FILE...                 # text, one line per finding
  $juesuan check --format json FILE...   # JSON Lines, one object per file
  $juesuan check - < FILE                # standard input
  $juesuan --help
MSG
