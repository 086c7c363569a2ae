#!/usr/bin/env bash
# Leanmote build entry point: ./build.sh <run|test|build|migrate|db-up|db-stop|bench> [cake arguments]
# Restores the pinned tools from the manifest, then runs the matching task of build.cake.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-test}"
[ $# -gt 0 ] && shift
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake --target="$target" "$@"
