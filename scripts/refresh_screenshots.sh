#!/usr/bin/env bash
# Refresh the committed screenshots in docs/screenshots from the browser tests, when asked.
# The browser tests always write their screenshots to build/screenshots (ignored by git);
# this runs them and copies every image that docs/screenshots already holds, so the README's
# pictures change only when someone means them to.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test.sh tests/web -q "$@"
copied=0
for kept in docs/screenshots/*.png; do
  fresh="build/screenshots/$(basename "$kept")"
  if [ -f "$fresh" ]; then cp "$fresh" "$kept"; copied=$((copied + 1)); else echo "not made by the tests: $kept"; fi
done
echo "refreshed $copied screenshots in docs/screenshots (git diff --stat docs/screenshots shows which changed)"
