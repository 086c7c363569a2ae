#!/usr/bin/env bash
# ./build.sh bench: HTTP benchmarks of the REST API on the large demo data, each next to a baseline run in the
# same invocation (a bare ASP.NET Core app returning the same bytes, no auth, no database).
# wrk on loopback, 32 connections, 2 threads; bounded in time. Results: artifacts/bench/results.md
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
config="${CONFIGURATION:-Release}"
duration="${BENCH_DURATION:-10s}"
api="src/Leanmote.Api/bin/$config/net10.0/Leanmote.Api.dll"
baseline="bench/Leanmote.Baseline/bin/$config/net10.0/Leanmote.Baseline.dll"
db="${LEANMOTE_BENCH_DATABASE_URL:-Host=127.0.0.1;Port=55432;Username=postgres;Database=leanmote_bench}"
api_port=5090; base_port=5091
out="artifacts/bench"; mkdir -p "$out/bodies"

command -v wrk >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
dotnet build bench/Leanmote.Baseline -c "$config" --nologo -v q >/dev/null

# Production settings (compact JSON logs), with a salt of its own for the bench database
export LEANMOTE_DATABASE_URL="$db" DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production LEANMOTE_TOKEN_SALT="${LEANMOTE_TOKEN_SALT:-bench-only-salt}"
echo "== loading the large demo data (once; idempotent)" >&2
/usr/bin/time -f "seed-demo wall time: %e s" dotnet "$api" seed-demo --size large 2>&1 | tail -n 2 >&2
token=$(dotnet "$api" create-token --email admin@acme.example 2>/dev/null)

q() { psql "$(python3 -c "import sys;p=dict(kv.split('=',1) for kv in sys.argv[1].split(';') if kv);print(f\"host={p.get('Host')} port={p.get('Port','5432')} user={p.get('Username')} dbname={p.get('Database')}\")" "$db")" -Atc "$1"; }
org=$(q "SELECT id FROM organizations WHERE slug = 'acme'")
team=$(q "SELECT team_id FROM team_members WHERE organization_id = $org GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1")
app=$(q "SELECT id FROM apps WHERE organization_id = $org AND provider = 'github' ORDER BY id LIMIT 1")
since=$(q "SELECT to_char((now() - interval '90 days')::date, 'YYYY-MM-DD')")

declare -a names paths
add() { names+=("$1"); paths+=("$2"); }
add org_get            "/v1/organizations/org_$org"
add team_members       "/v1/teams/team_$team/members"
add commits_page_1     "/v1/git/apps/app_$app/repositories/all/commits?per_page=100"
add commits_page_1000  "/v1/git/apps/app_$app/repositories/all/commits?per_page=100&page=1000"
add merged_prs         "/v1/git/apps/app_$app/repositories/all/pull-requests?state=merged&merged_at%5Bgte%5D=$since"
add team_tasks         "/v1/tasks?team_id=team_$team"

cleanup() { kill "${api_pid:-}" "${base_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
Leanmote__Access__RequestsPerHour=1000000000 Leanmote__Access__RequestsPerMinute=1000000000 \
  dotnet "$api" serve --urls "http://127.0.0.1:$api_port" >/dev/null 2>&1 & api_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$api_port/v1/health" >/dev/null && break; sleep 0.3; done

for i in "${!names[@]}"; do
  code=$(curl -s -o "$out/bodies/${names[$i]}.json" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port${paths[$i]}")
  [ "$code" = 200 ] || { echo "${paths[$i]} answered $code" >&2; cat "$out/bodies/${names[$i]}.json" >&2; exit 1; }
done
dotnet "$baseline" "$out/bodies" --urls "http://127.0.0.1:$base_port" >/dev/null 2>&1 & base_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$base_port/org_get" >/dev/null && break; sleep 0.3; done

ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
measure() {  # url [auth] -> "rps p50 p99"
  local args=(-t2 -c32 -d"$duration" --latency)
  [ -n "${2:-}" ] && args+=(-H "Authorization: Bearer $token")
  wrk -t2 -c32 -d3s ${2:+-H "Authorization: Bearer $token"} "$1" >/dev/null   # warm-up
  local r; r=$(wrk "${args[@]}" "$1")
  local non2xx; non2xx=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' <<<"$r" | grep -oE '[0-9]+$' || echo 0)
  [ "$non2xx" = 0 ] || { echo "$1: $non2xx non-2xx responses" >&2; exit 1; }
  echo "$(grep -oE 'Requests/sec: +[0-9.]+' <<<"$r" | grep -oE '[0-9.]+$') $(ms "$(awk '$1=="50%"{print $2}' <<<"$r")") $(ms "$(awk '$1=="99%"{print $2}' <<<"$r")")"
}

{
  echo "| endpoint | body bytes | Leanmote req/s | p50 ms | p99 ms | baseline req/s | baseline p50 ms | baseline p99 ms | req/s ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!names[@]}"; do
    read -r brps bp50 bp99 <<<"$(measure "http://127.0.0.1:$base_port/${names[$i]}")"
    read -r lrps lp50 lp99 <<<"$(measure "http://127.0.0.1:$api_port${paths[$i]}" auth)"
    bytes=$(stat -c %s "$out/bodies/${names[$i]}.json")
    ratio=$(awk -v a="$lrps" -v b="$brps" 'BEGIN { printf "%.2f", a / b }')
    echo "| \`${paths[$i]}\` | $bytes | $lrps | $lp50 | $lp99 | $brps | $bp50 | $bp99 | $ratio |"
  done
} | tee "$out/results.md"
echo "wrk -t2 -c32 -d$duration --latency on 127.0.0.1; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)" | tee -a "$out/results.md"
