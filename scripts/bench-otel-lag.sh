#!/usr/bin/env bash
# OTLP normalization lag and memory under sustained load (otel.md §7.2 step 4, §11), on loopback.
# Two phases in one invocation, same load (Claude-Code-shaped protobuf log batches of 512 records at
# OTEL_LAG_RATE records/s plus one 200-point metric batch per second, for OTEL_LAG_SECONDS):
#   1. baseline: the request path alone (Otel:Normalizer:Enabled=false) — accepted rate, latency, API RSS;
#   2. the same with the normalizer running — plus lag p50/p95/max (normalized_at - received_at) and drain time.
# Results: artifacts/bench/otel-lag.md
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
config="${CONFIGURATION:-Release}"
rate="${OTEL_LAG_RATE:-10000}"
seconds="${OTEL_LAG_SECONDS:-60}"
port="${OTEL_LAG_PORT:-5095}"
dbname="leanmote_bench_otel_lag"
db="Host=127.0.0.1;Port=55432;Username=postgres;Database=$dbname"
api="src/Leanmote.Api/bin/$config/net10.0/Leanmote.Api.dll"
gen="bench/Leanmote.OtelLag/bin/$config/net10.0/Leanmote.OtelLag.dll"
out="artifacts/bench"; mkdir -p "$out"

dotnet build src/Leanmote.Api -c "$config" --nologo -v q >/dev/null
dotnet build bench/Leanmote.OtelLag -c "$config" --nologo -v q >/dev/null

psql -h 127.0.0.1 -p 55432 -U postgres -qAtc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -p 55432 -U postgres -qAtc "CREATE DATABASE $dbname" >/dev/null
q() { psql -h 127.0.0.1 -p 55432 -U postgres -d "$dbname" -qAtc "$1"; }

export LEANMOTE_DATABASE_URL="$db" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production LEANMOTE_TOKEN_SALT=bench-only-salt
# the load is one organization and one token: lift the per-token and per-organization ingest limits (§4) for it
export Otel__TokenRequestsPerSecond=100000 Otel__TokenBurst=100000 Otel__OrganizationBytesPerMinute=100000000000
export Serilog__MinimumLevel__Default=Warning
dotnet "$api" migrate >/dev/null
org=$(q "INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id" | head -n1)
user=$(q "INSERT INTO users (name, email) VALUES ('Bench Admin', 'admin@bench.example') RETURNING id" | head -n1)
q "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($org, $user, 'admin')" >/dev/null
rest=$(dotnet "$api" create-token --email admin@bench.example 2>/dev/null | tail -n1)

api_pid=""
start_api() {
  Otel__Normalizer__Enabled="$1" dotnet "$api" --urls "http://127.0.0.1:$port" >"$out/otel-lag-api-$1.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "API did not start" >&2; exit 1
}
stop_api() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true; api_pid=""; }
trap stop_api EXIT

{
  echo "| phase | target records/s | accepted log records/s | accepted metric points/s | p50 ms | p99 ms | statuses | API max RSS MiB | normalization |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$out/otel-lag.md"

start_api false
ingest=$(curl -fs -X POST "http://127.0.0.1:$port/v1/organizations/org_$org/ingest-tokens" -H "Authorization: Bearer $rest" \
  -H 'Content-Type: application/json' -d '{"name":"lag bench"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["data"]["token"])')
dotnet "$gen" "http://127.0.0.1:$port" "$ingest" "$api_pid" "$db" "$rate" "$seconds" "baseline: request path only (normalizer off)" >>"$out/otel-lag.md"
stop_api
q "TRUNCATE otel_raw_payloads, otel_payload_digests" >/dev/null

start_api true
dotnet "$gen" "http://127.0.0.1:$port" "$ingest" "$api_pid" "$db" "$rate" "$seconds" "with the normalizer" drain >>"$out/otel-lag.md"
stop_api
echo "facts: $(q "SELECT count(*) FROM ai_events") ai_events, $(q "SELECT count(*) FROM otel_log_records") log records, $(q "SELECT count(*) FROM otel_metric_points") metric points" >>"$out/otel-lag.md"
cat "$out/otel-lag.md"
