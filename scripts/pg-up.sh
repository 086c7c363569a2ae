#!/usr/bin/env bash
# Starts the private development/test PostgreSQL cluster under .leanmote/pg (loopback only, port 55432).
# Installs PostgreSQL from the OS packages when it is missing. Safe to run repeatedly.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PGROOT="${LEANMOTE_PG_ROOT:-$root/.leanmote/pg}"
PGPORT="${LEANMOTE_PG_PORT:-55432}"

find_pgbin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! PGBIN="$(find_pgbin)"; then
  echo "PostgreSQL is not installed; installing it from the OS packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql >&2
  PGBIN="$(find_pgbin)"
fi

# initdb and postgres refuse to run as root: run them as the 'postgres' OS user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$PGROOT"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGROOT"
  # every parent directory must be traversable by 'postgres'
  d="$PGROOT"; while [ "$d" != "/" ]; do d="$(dirname "$d")"; chmod o+x "$d" 2>/dev/null || true; done
fi

if [ ! -s "$PGROOT/data/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
  echo "PostgreSQL already running on 127.0.0.1:$PGPORT" >&2
  exit 0
fi

opts="-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300"
if [ "${LEANMOTE_PG_FAST:-0}" = "1" ]; then
  # test clusters only: durability traded for speed
  opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/postgres.log" -w -t 60 -o "$opts" start >/dev/null
echo "PostgreSQL started on 127.0.0.1:$PGPORT (data: $PGROOT/data)" >&2
