#!/usr/bin/env bash
# The README's first command: build the product and run it — the browser app, served at
# http://127.0.0.1:8080 (Ctrl-C stops it). Installs what the build needs on a fresh machine
# (scripts/setup.sh: wasm target, Trunk, wasm-bindgen-cli, wasm-opt; crates and npm only).
#
#   bash scripts/run.sh            # build (release) and serve the app
#   bash scripts/run.sh --build    # only build it into dist/ (any static host can serve it)
#   PORT=9000 bash scripts/run.sh  # another port
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
port="${PORT:-8080}"

if [[ "${1:-}" == "--build" ]]; then
    printf '\n==> trunk build --release (→ dist/)\n'
    trunk build --release
    bash scripts/size-report.sh
    exit 0
fi

cat <<MSG

==> Building and serving the app: http://127.0.0.1:${port}/
    (first build ≈ 1 min; the page works offline after the first visit)
    The command-line checker: cargo run --release -- check tests/fixtures/samples/000.txt

MSG
exec trunk serve --release --address 127.0.0.1 --port "$port"
