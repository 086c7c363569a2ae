#!/usr/bin/env bash
# Makes sure Node.js and npm are on PATH (the OpenAPI linters and the OpenTelemetry JS exporter test need them):
# installs them from the OS packages when they are missing. Safe to run repeatedly.
set -euo pipefail
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "Node.js is not installed; installing it from the OS packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nodejs npm >&2
fi
