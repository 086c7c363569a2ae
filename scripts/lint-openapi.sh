#!/usr/bin/env bash
# Lints the OpenAPI document the contract tests saved, with the linters pinned in package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node.sh
if [ ! -x node_modules/.bin/spectral ] || [ ! -x node_modules/.bin/redocly ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
node_modules/.bin/spectral lint artifacts/openapi/leanmote-v1.json --fail-severity warn
rc=0
out=$(node_modules/.bin/redocly lint artifacts/openapi/leanmote-v1.json 2>&1) || rc=$?
grep -vE 'Node\.js|[╔╚║]|^\s*$' <<<"$out" || true
exit "$rc"
