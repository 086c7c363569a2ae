#!/usr/bin/env bash
# SCIM benchmark (issue 4 item 8, scim.md §13): starts the API on 127.0.0.1 over a fresh database with Production
# settings, creates an organization and a SCIM token, then runs bench/Leanmote.ScimBench: an Entra-style initial
# sync (filter-then-create per user, then groups with members) followed by mixed SCIM traffic. Bounded in time.
#   BENCH_USERS (10000) BENCH_GROUPS (500) BENCH_CONCURRENCY (16) BENCH_SECONDS (30)
#   BENCH_SCIM_RPM: the per-token limit for the run (default 1000000 — the product default of 3000/min would
#   make the benchmark measure the limiter, not the server; see docs/benchmarks.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
config="${CONFIGURATION:-Release}"
api="src/Leanmote.Api/bin/$config/net10.0/Leanmote.Api.dll"
client="bench/Leanmote.ScimBench/bin/$config/net10.0/Leanmote.ScimBench.dll"
cluster="${LEANMOTE_TEST_DATABASE_URL:-Host=127.0.0.1;Port=55432;Username=postgres}"
database="${BENCH_SCIM_DATABASE:-leanmote_scim_bench}"
port="${BENCH_SCIM_PORT:-5093}"
out="artifacts/bench"; mkdir -p "$out"

dotnet build src/Leanmote.Api -c "$config" --nologo -v q >/dev/null
dotnet build bench/Leanmote.ScimBench -c "$config" --nologo -v q >/dev/null

psql_url() { python3 -c "import sys;p=dict(kv.split('=',1) for kv in sys.argv[1].split(';') if kv);print(f\"host={p.get('Host')} port={p.get('Port','5432')} user={p.get('Username')} dbname={sys.argv[2]}\")" "$cluster" "$1"; }
psql "$(psql_url postgres)" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"

export LEANMOTE_DATABASE_URL="$cluster;Database=$database" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
  LEANMOTE_TOKEN_SALT="${LEANMOTE_TOKEN_SALT:-bench-only-salt}" Leanmote__Scim__RequestsPerMinute="${BENCH_SCIM_RPM:-1000000}"
dotnet "$api" migrate 2>/dev/null
psql "$(psql_url "$database")" -qc "INSERT INTO organizations (name, slug) VALUES ('SCIM bench', 'scim-bench')"
token=$(dotnet "$api" create-scim-token --organization scim-bench --description bench 2>/dev/null)

dotnet "$api" serve --urls "http://127.0.0.1:$port" > "$out/scim-server.log" 2>&1 &
api_pid=$!
trap 'kill $api_pid 2>/dev/null || true; wait $api_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/scim/v2/ServiceProviderConfig" >/dev/null && break; sleep 0.5; done

timeout 900 dotnet "$client" "http://127.0.0.1:$port/scim/v2" "$token" \
  --users "${BENCH_USERS:-10000}" --groups "${BENCH_GROUPS:-500}" \
  --concurrency "${BENCH_CONCURRENCY:-16}" --seconds "${BENCH_SECONDS:-30}" | tee "$out/scim-results.txt"
