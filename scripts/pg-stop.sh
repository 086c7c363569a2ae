#!/usr/bin/env bash
# Stops the private PostgreSQL cluster started by scripts/pg-up.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PGROOT="${LEANMOTE_PG_ROOT:-$root/.leanmote/pg}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r | head -n1)"
if [ -z "$PGBIN" ] || [ ! -s "$PGROOT/data/PG_VERSION" ]; then echo "no local cluster" >&2; exit 0; fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null
  echo "PostgreSQL stopped" >&2
else
  echo "PostgreSQL was not running" >&2
fi
