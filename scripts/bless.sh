#!/usr/bin/env bash
# Regenerate the golden files (tests/fixtures/**/*.expected) and insta snapshots after a reviewed
# change, then show what changed. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
BLESS=1 cargo test --test golden --test docs
INSTA_UPDATE=always cargo test --test parse_samples >/dev/null || true
git --no-pager diff --stat -- tests/fixtures tests/snapshots
