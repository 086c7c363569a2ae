#!/usr/bin/env bash
# Lints the OpenAPI document the contract tests saved, with the linters pinned in package.json.
# Installs Node.js from the OS packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed; installing Node.js from the OS packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nodejs npm >&2
fi
if [ ! -x node_modules/.bin/spectral ] || [ ! -x node_modules/.bin/redocly ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1
node_modules/.bin/spectral lint artifacts/openapi/leanmote-v1.json --fail-severity warn
rc=0
out=$(node_modules/.bin/redocly lint artifacts/openapi/leanmote-v1.json 2>&1) || rc=$?
grep -vE 'Node\.js|[╔╚║]|^\s*$' <<<"$out" || true
exit "$rc"
