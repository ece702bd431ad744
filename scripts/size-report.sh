#!/usr/bin/env bash
# Sizes of the built app (dist/): raw and gzip -9 bytes of every file, then the two downloads
# that matter, checked against their budgets:
#   - first view: what the page itself loads before it can take a paste (index.html, the boot
#     script, the app's JS + wasm + its JS snippets, the stylesheet, register-sw.js);
#     budget 250 KB gzip (issue 4);
#   - checker: the Web Worker's module + wasm (the core and all rules), fetched once the page
#     is up and the first check is asked for; reported, no budget.
# Run after `trunk build --release` (scripts/run.sh --build does both).
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
budget=$((250 * 1024))
if [[ ! -f "$dist/index.html" ]]; then
    echo "no $dist/index.html: build first (bash scripts/run.sh --build)" >&2
    exit 1
fi
gz() { gzip -9 -c "$1" | wc -c; }
printf '\n==> Sizes of %s (bytes)\n' "$dist"
printf '%-52s %10s %10s\n' file raw gzip
while IFS= read -r f; do
    printf '%-52s %10d %10d\n' "${f#"$dist"/}" "$(stat -c %s "$f")" "$(gz "$f")"
done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' \) | sort)

sum() {
    local raw=0 zip=0 f
    for f in "$@"; do
        raw=$((raw + $(stat -c %s "$f"))); zip=$((zip + $(gz "$f")))
    done
    echo "$raw $zip"
}
# The first view: the page and what it references, and the app's snippets.
first=("$dist/index.html" "$dist/register-sw.js")
while IFS= read -r f; do first+=("$f"); done < <(
    find "$dist" -maxdepth 1 -type f \( -name 'boot-*.js' -o -name 'juesuan-web-*.js' -o -name 'juesuan-web-*_bg.wasm' -o -name 'styles-*.css' \)
    find "$dist/snippets" -type f -name '*.js' 2>/dev/null || true
)
read -r first_raw first_gz < <(sum "${first[@]}")
read -r worker_raw worker_gz < <(sum "$dist"/juesuan-worker*.js "$dist"/juesuan-worker_bg.wasm)
printf '\n%-52s %10d %10d\n' "first view (${#first[@]} files)" "$first_raw" "$first_gz"
printf '%-52s %10d %10d\n' "checker (worker module + wasm)" "$worker_raw" "$worker_gz"
printf 'first-view budget: %d gzip bytes; used %d%%\n' "$budget" $((first_gz * 100 / budget))
if ((first_gz > budget)); then
    echo "size-report: the first view is over its budget" >&2
    exit 1
fi
