#!/usr/bin/env bash
# Metrics API benchmark (issue 9 item 8): the large demo data (loaded once, idempotent), the API on 127.0.0.1 with
# Production settings, then bench/Leanmote.MetricsBench: /dora-metrics, /team-collaboration, /team-activity for the
# whole organization over 30 and 366 days, the full payload over 366 days, each with and without include=evidence,
# 1 and 8 concurrent clients, next to a plain aggregate SQL floor measured in the same run. Bounded in time.
#   BENCH_ITERATIONS (20)  LEANMOTE_BENCH_DATABASE_URL (the cluster's leanmote_bench database)
#   BENCH_SKIP (0: route rows to leave out, to resume)  BENCH_LONG_CLIENTS (1,8: client counts of the 366-day cells)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
config="${CONFIGURATION:-Release}"
api="src/Leanmote.Api/bin/$config/net10.0/Leanmote.Api.dll"
client="bench/Leanmote.MetricsBench/bin/$config/net10.0/Leanmote.MetricsBench.dll"
db="${LEANMOTE_BENCH_DATABASE_URL:-Host=127.0.0.1;Port=55432;Username=postgres;Database=leanmote_bench}"
port="${BENCH_METRICS_PORT:-5094}"
out="artifacts/bench"; mkdir -p "$out"

dotnet build src/Leanmote.Api -c "$config" --nologo -v q >/dev/null
dotnet build bench/Leanmote.MetricsBench -c "$config" --nologo -v q >/dev/null

export LEANMOTE_DATABASE_URL="$db" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
  LEANMOTE_TOKEN_SALT="${LEANMOTE_TOKEN_SALT:-bench-only-salt}" \
  Leanmote__Access__RequestsPerMinute=1000000 Leanmote__Access__RequestsPerHour=1000000
echo "== loading the large demo data (once; idempotent)" >&2
dotnet "$api" seed-demo --size large 2>&1 | tail -n 1 >&2
token=$(dotnet "$api" create-token --email admin@acme.example 2>/dev/null)
q() { psql "$(python3 -c "import sys;p=dict(kv.split('=',1) for kv in sys.argv[1].split(';') if kv);print(f\"host={p.get('Host')} port={p.get('Port','5432')} user={p.get('Username')} dbname={p.get('Database')}\")" "$db")" -Atc "$1"; }
org=$(q "SELECT id FROM organizations WHERE slug = 'acme'")
echo "== rows: $(q "SELECT format('%s PRs, %s deployments, %s reviews, %s comments, %s commits, %s members', (SELECT count(*) FROM pull_requests WHERE organization_id = $org), (SELECT count(*) FROM deployments WHERE organization_id = $org), (SELECT count(*) FROM pull_request_reviews WHERE organization_id = $org), (SELECT count(*) FROM pull_request_comments WHERE organization_id = $org), (SELECT count(*) FROM commits WHERE organization_id = $org), (SELECT count(*) FROM organization_members WHERE organization_id = $org))")" >&2

dotnet "$api" serve --urls "http://127.0.0.1:$port" > "$out/metrics-server.log" 2>&1 &
api_pid=$!
trap 'kill $api_pid 2>/dev/null || true; wait $api_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break; sleep 0.5; done

timeout 1800 dotnet "$client" "http://127.0.0.1:$port" "$token" "$db" "$org" \
  --iterations "${BENCH_ITERATIONS:-20}" --skip "${BENCH_SKIP:-0}" --long-clients "${BENCH_LONG_CLIENTS:-1,8}" \
  --out "$out/metrics-results.md"
