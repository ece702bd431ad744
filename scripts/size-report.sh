#!/usr/bin/env bash
# Sizes of the built app (dist/): raw and gzip -9 bytes of the wasm, JS and CSS, and the total
# a first visit downloads. Run after `trunk build --release` (scripts/run.sh --build does both).
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
if [[ ! -f "$dist/index.html" ]]; then
    echo "no $dist/index.html: build first (bash scripts/run.sh --build)" >&2
    exit 1
fi
printf '\n==> Sizes of %s (bytes)\n' "$dist"
printf '%-44s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0
while IFS= read -r f; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
    printf '%-44s %10d %10d\n' "${f#"$dist"/}" "$raw" "$gz"
done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort)
printf '%-44s %10d %10d\n' total "$total_raw" "$total_gz"
