#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, in one run, on loopback, against one Payara Micro node that
# this script starts and stops:
#
#   refresh  our full refresh (a forced run) vs. one pass of the seed plan's four materialized
#            views on the same data; an incremental night (5 % of the active organizations
#            changed); cached reads while a refresh runs vs. without
#   cache    a cached GET vs. the same data computed from the source tables (?source=live), vs. a
#            static file of the same size from the same server; a 304 revalidation; hit ratio
#
#   bench/run.sh             measure, print the table, write the figures into docs/benchmarks.md
#   bench/run.sh --no-doc    measure and print only
#
# Database: PGHOST (localhost), PGPORT (5432), PGUSER (postgres), PGPASSWORD; BENCH_DB (pc_bench)
# is generated at scale bench (seed 42) when missing or empty and reused afterwards. The run
# changes 5 % of the active organizations' data and puts it back before it ends.
# Node: BENCH_PORT (8090), BENCH_HZ_PORT (6920, its data grid port), BENCH_MAX_LOAD (100, passed
# as REFRESH_MAX_LOAD so that a refresh does not wait for the host's load: the benchmark's own
# load generator would hold it back). Load: BENCH_SECONDS (15 per measurement), BENCH_THREADS (2),
# BENCH_CONNECTIONS (16), BENCH_WARMUP_SECONDS (20). Installs wrk and jq with apt-get when missing.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
trap 'echo "bench/run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

WRITE_DOC=yes
case "${1:-}" in
  "") ;;
  --no-doc) WRITE_DOC=no ;;
  -h | --help)
    sed -n '2,/^set /{/^set /d;p}' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "bench/run.sh: unknown option '$1' (try --help)" >&2
    exit 2
    ;;
esac

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${BENCH_DB:-pc_bench}
PORT=${BENCH_PORT:-8090}
HZ_PORT=${BENCH_HZ_PORT:-6920}
MAX_LOAD=${BENCH_MAX_LOAD:-100}
SECONDS_EACH=${BENCH_SECONDS:-15}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
CHANGE_SHARE=0.05

RUN_DIR=.run/bench
BASE=http://127.0.0.1:$PORT
WAR=web/target/procurement-cache.war
MICRO=web/target/payara/payara-micro.jar
DEMO_CP="demo/target/procurement-cache-demo.jar:demo/target/lib/*"
DOC=docs/benchmarks.md
STATIC_APP=bench-static
COMMAND="bench/run.sh${1:+ $1}"

NODE_PID=""
VOIDED="$RUN_DIR/voided-invoices.txt"
RESULTS="$RUN_DIR/results.md"

fail() {
  echo "bench/run.sh: $*" >&2
  exit 1
}

say() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*"
}

# ------------------------------------------------------------------------------------------------
# Preconditions

install_missing() {
  local missing=() tool package
  for tool in wrk:wrk jq:jq psql:postgresql-client curl:curl; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null || fail "please install: ${missing[*]} (no apt-get here)."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing ${missing[*]} ..."
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } ||
    fail "could not install ${missing[*]}; install them and run again."
  for package in "${missing[@]}"; do
    [ "$package" = postgresql-client ] && package=psql
    command -v "$package" >/dev/null || fail "$package is still missing after apt-get install."
  done
}

require_java() {
  command -v java >/dev/null || fail "Java 17 or newer is needed (java is not on the PATH)."
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is needed (found ${major:-unknown})."
}

require_postgres() {
  psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>"$RUN_DIR/psql.err" ||
    fail "PostgreSQL at $PGHOST:$PGPORT (user $PGUSER) does not accept connections: $(head -n 1 "$RUN_DIR/psql.err"). Start it (e.g. pg_ctlcluster 15 main start) or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

build_if_needed() {
  local changed=""
  if [ -f "$WAR" ] && [ -f "$MICRO" ] && [ -f demo/target/procurement-cache-demo.jar ]; then
    changed=$(find pom.xml ./*/pom.xml ejb/src web/src demo/src sql -type f -newer "$WAR" -print -quit)
  else
    changed=yes
  fi
  if [ -n "$changed" ]; then
    say "building (first run, or sources changed) ..."
    ./mvnw -q -B -DskipTests -Dspotless.check.skip -pl web,demo -am package ||
      fail "the build failed; run ./mvnw -pl web,demo -am package to see why."
  fi
  [ -f "$WAR" ] && [ -f "$MICRO" ] || fail "the build did not produce $WAR and $MICRO."
}

q() {
  psql -d "$DB" -X -Atq -v ON_ERROR_STOP=1 "$@"
}

prepare_database() {
  local exists organizations=0
  exists=$(psql -d postgres -X -Atqc "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [ -n "$exists" ]; then
    organizations=$(q -c "SELECT count(*) FROM organizations" 2>/dev/null || echo 0)
  fi
  if [ "$organizations" -eq 0 ]; then
    say "generating the bench data into $DB (about a minute) ..."
    DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USER=$PGUSER ./run.sh generate --scale bench --seed 42 ||
      fail "generating the bench data failed (see above)."
  else
    say "reusing $DB ($organizations organizations)"
  fi
  # A run that died before putting its change back leaves the list of invoices it voided.
  restore_changed_invoices
}

# ------------------------------------------------------------------------------------------------
# The node

start_node() {
  port_in_use "$PORT" && fail "port $PORT is in use (another node?); stop it or set BENCH_PORT."
  port_in_use "$HZ_PORT" && fail "port $HZ_PORT is in use; set BENCH_HZ_PORT to a free port."
  mkdir -p "$RUN_DIR/$STATIC_APP/WEB-INF"
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USER=$PGUSER
  if [ -n "${PGPASSWORD:-}" ]; then export DB_PASSWORD=$PGPASSWORD; else unset DB_PASSWORD; fi
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$PWD/$RUN_DIR/keys/public.pem"
  export REFRESH_MAX_LOAD=$MAX_LOAD
  java -cp "$DEMO_CP" com.procurementcache.demo.boundary.DemoEnvironment tokens --run-dir "$RUN_DIR" >/dev/null ||
    fail "could not issue tokens for $DB."
  ADMIN=$(jq -r .admin "$RUN_DIR/tokens.json")

  say "starting the node on port $PORT (log: $RUN_DIR/node.log) ..."
  # The static floor is a second, exploded web application next to the product: no file of the
  # benchmark goes into the product's WAR.
  NODE_ROOT="$RUN_DIR/micro" server-config/micro/start-node.sh bench "$PORT" "127.0.0.1:$HZ_PORT" \
    -- --startport "$HZ_PORT" --deploy "$RUN_DIR/$STATIC_APP" >"$RUN_DIR/node.log" 2>&1 &
  NODE_PID=$!
  local started=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" = 200 ]; do
    kill -0 "$NODE_PID" 2>/dev/null || { tail -n 30 "$RUN_DIR/node.log" >&2; fail "the node stopped while starting; see $RUN_DIR/node.log."; }
    [ $((SECONDS - started)) -lt 300 ] || fail "the node was not ready after 300 s; see $RUN_DIR/node.log."
    sleep 1
  done
  NODE_READY_S=$((SECONDS - started))
  say "node ready after $NODE_READY_S s"
}

stop_node() {
  [ -n "$NODE_PID" ] || return 0
  if kill -0 "$NODE_PID" 2>/dev/null; then
    say "stopping the node ..."
    kill -TERM "$NODE_PID" 2>/dev/null || true
    local i
    for i in $(seq 60); do
      kill -0 "$NODE_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$NODE_PID" 2>/dev/null || true
  fi
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=""
}

cleanup() {
  local status=$?
  [ "$status" -eq 0 ] || echo "bench/run.sh: stopped with status $status" >&2
  stop_node
  restore_changed_invoices || true
  exit "$status"
}

api() { # METHOD PATH [curl options...]
  local method=$1 path=$2
  shift 2
  curl -sS -X "$method" -H "Authorization: Bearer $ADMIN" "$@" "$BASE$path"
}

refresh_state() {
  api GET /api/v1/refresh/status | jq -r .state
}

# A new installation's node starts a catch-up refresh by itself within a watch interval (15 s)
# of its start; on a database that had runs it may start one too, or record a missed night.
wait_until_idle() {
  local since=$SECONDS
  while true; do
    local state running
    state=$(refresh_state)
    running=$(api GET '/api/v1/refresh/runs?limit=5' | jq '[.[] | select(.status == "running")] | length')
    if [ "$state" != updating ] && [ "$running" -eq 0 ] && [ $((SECONDS - since)) -ge 20 ]; then
      return
    fi
    [ $((SECONDS - since)) -lt 900 ] || fail "a refresh was still running after 15 minutes."
    sleep 2
  done
}

start_run() { # FORCE -> run id
  local headers location
  headers=$(api POST /api/v1/refresh/runs -H 'Content-Type: application/json' \
    -d "{\"force\": $1}" -o "$RUN_DIR/start-run.json" -D - | tr -d '\r')
  location=$(sed -n 's/^[Ll]ocation: *//p' <<<"$headers")
  [ -n "$location" ] || fail "POST /api/v1/refresh/runs did not start a run: $(head -n 1 <<<"$headers") $(cat "$RUN_DIR/start-run.json")"
  echo "${location##*/}"
}

wait_run() { # ID -> the run report (JSON)
  local report
  while true; do
    report=$(api GET "/api/v1/refresh/runs/$1")
    [ "$(jq -r .run.status <<<"$report")" = running ] || break
    sleep 1
  done
  echo "$report"
}

epoch() {
  date -u -d "$1" +%s.%N
}

run_seconds() { # REPORT -> endedAt - startedAt
  local report=$1
  awk -v a="$(epoch "$(jq -r .run.startedAt <<<"$report")")" \
    -v b="$(epoch "$(jq -r .run.endedAt <<<"$report")")" 'BEGIN { printf "%.1f", b - a }'
}

# ------------------------------------------------------------------------------------------------
# Measurements

ratio() { # A B [DECIMALS]
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f", d, a / b }'
}

wrk_run() { # NAME URL [wrk options...] -> variables NAME_rps, NAME_p50, ...
  local name=$1 url=$2 out line
  shift 2
  printf -v "${name}_load" %s "$(cut -d' ' -f1 /proc/loadavg)"
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s bench/wrk-report.lua "$@" "$url")
  echo "$out" >"$RUN_DIR/wrk-$name.txt"
  line=$(grep '^WRK ' <<<"$out") || fail "wrk gave no report for $name; see $RUN_DIR/wrk-$name.txt."
  read -r _ requests _ rps p50 p90 p99 max bytes non2xx sockerr <<<"$line"
  printf -v "${name}_requests" %s "$requests"
  printf -v "${name}_rps" %s "$rps"
  printf -v "${name}_p50" %s "$p50"
  printf -v "${name}_p90" %s "$p90"
  printf -v "${name}_p99" %s "$p99"
  printf -v "${name}_max" %s "$max"
  printf -v "${name}_bytes" %s "$bytes"
  printf -v "${name}_errors" %s "$((non2xx + sockerr))"
  say "$(printf '%-13s %9s req/s  p50 %7s ms  p90 %7s ms  p99 %7s ms  (%s requests, %s errors)' \
    "$name" "$rps" "$p50" "$p90" "$p99" "$requests" "$((non2xx + sockerr))")"
}

measure_materialized_views() {
  say "seed baseline: loading sql/baseline/materialized-views.sql (creates and fills the views) ..."
  local t0 t1
  t0=$(date +%s.%N)
  q -f sql/baseline/materialized-views.sql 2>&1 | grep -v 'does not exist, skipping' || true
  t1=$(date +%s.%N)
  mv_create_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  say "seed baseline: one pass of REFRESH MATERIALIZED VIEW CONCURRENTLY over the four views ..."
  local view
  mv_views=""
  t0=$(date +%s.%N)
  for view in mv_dashboard_metrics_org mv_product_metrics_org mv_cogs_analysis_org mv_supplier_metrics_org; do
    local v0 v1
    v0=$(date +%s.%N)
    q -c "REFRESH MATERIALIZED VIEW CONCURRENTLY $view"
    v1=$(date +%s.%N)
    mv_views+="${mv_views:+, }\`$view\` $(awk -v a="$v0" -v b="$v1" 'BEGIN { printf "%.1f", b - a }') s"
  done
  t1=$(date +%s.%N)
  mv_pass_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  say "seed baseline: one pass $mv_pass_s s ($mv_views)"
}

measure_full_refresh() {
  say "full refresh: a forced run over every active organization ..."
  local report
  report=$(wait_run "$(start_run true)")
  full_s=$(run_seconds "$report")
  full_refreshed=$(jq -r '.run.outcomes.refreshed' <<<"$report")
  full_outcomes=$(jq -r '.run.outcomes | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$report")
  full_status=$(jq -r .run.status <<<"$report")
  full_org_per_s=$(ratio "$full_refreshed" "$full_s" 1)
  say "full refresh: $full_s s, $full_org_per_s organizations/s ($full_status: $full_outcomes)"
}

restore_changed_invoices() {
  [ -s "$VOIDED" ] || return 0
  # The invoices were paid before the run voided them.
  q -c "UPDATE invoices SET status = 'paid', updated_at = now() WHERE id IN ($(sed "s/.*/'&'/" "$VOIDED" | paste -sd,))" >/dev/null
  rm -f "$VOIDED"
}

measure_incremental_night() {
  say "incremental night: changing ${CHANGE_SHARE} of the active organizations' data ..."
  # One statement: for each chosen organization (a fixed sample: by the hash of its id), its
  # latest paid invoice is voided, as the procurement platform would write it.
  q >"$VOIDED" <<SQL
WITH active AS (
    SELECT id FROM organizations WHERE status = 'active'
), chosen AS (
    SELECT id FROM active ORDER BY md5(id::text)
    LIMIT (SELECT ceil(count(*) * $CHANGE_SHARE) FROM active)
), picked AS (
    SELECT DISTINCT ON (i.organization_id) i.id
    FROM invoices i JOIN chosen c ON c.id = i.organization_id
    WHERE i.status = 'paid'
    ORDER BY i.organization_id, i.invoice_date DESC, i.id
)
UPDATE invoices SET status = 'void', updated_at = now()
FROM picked WHERE invoices.id = picked.id
RETURNING invoices.id;
SQL
  changed_orgs=$(wc -l <"$VOIDED" | tr -d ' ')
  active_orgs=$(q -c "SELECT count(*) FROM organizations WHERE status = 'active'")
  say "incremental night: $changed_orgs of $active_orgs active organizations changed; a run without force ..."
  local report
  report=$(wait_run "$(start_run false)")
  incr_s=$(run_seconds "$report")
  incr_refreshed=$(jq -r '.run.outcomes.refreshed' <<<"$report")
  incr_skipped=$(jq -r '.run.outcomes["skipped-fresh"]' <<<"$report")
  incr_outcomes=$(jq -r '.run.outcomes | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$report")
  incr_status=$(jq -r .run.status <<<"$report")
  say "incremental night: $incr_s s ($incr_status: $incr_outcomes)"
  restore_changed_invoices
}

choose_organization() {
  # A typical organization: the active one with the median number of invoice lines.
  read -r ORG ORG_LINES < <(q -F ' ' -c "
    WITH sizes AS (
        SELECT o.id, count(l.id) AS lines
        FROM organizations o LEFT JOIN invoice_lines l ON l.organization_id = o.id
        WHERE o.status = 'active' GROUP BY o.id)
    SELECT id, lines FROM sizes ORDER BY lines, id
    OFFSET (SELECT count(*) / 2 FROM sizes) LIMIT 1")
  DASHBOARD="$BASE/api/v1/organizations/$ORG/dashboard-metrics"
  say "organization $ORG ($ORG_LINES invoice lines, the median)"
}

hit_counts() { # -> "hits misses" of dashboard-metrics, summed over the cluster (one node here)
  api GET /api/v1/cache/stats |
    jq -r '.dataTypes[] | select(.dataType == "dashboard-metrics") | "\(.hits) \(.misses)"'
}

measure_cache() {
  say "cache: first requests ..."
  local i status
  for i in 1 2 3 4 5; do
    status=$(api GET "/api/v1/organizations/$ORG/dashboard-metrics" -o "$RUN_DIR/dashboard.json" -w '%{http_code}')
  done
  [ "$status" = 200 ] || fail "GET dashboard-metrics answered $status; see $RUN_DIR/dashboard.json."
  curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" "$DASHBOARD?source=live" -w '%{http_code}' |
    grep -q 200 || fail "GET dashboard-metrics?source=live did not answer 200 (does this build have it?)."
  # The floor: the very bytes of the cached answer's body, as a static file of the same server.
  cp "$RUN_DIR/dashboard.json" "$RUN_DIR/$STATIC_APP/dashboard-metrics.json"
  STATIC="$BASE/$STATIC_APP/dashboard-metrics.json"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$STATIC")" = 200 ] || fail "the static file $STATIC is not served."
  CONFIGURATION="$BASE/api/v1/configuration"

  # The JIT needs tens of seconds of load on 2 cores before a path runs at its speed: without
  # this, the first measurement reads a third lower than the same one minutes later.
  say "cache: warming up every path under load (${WARMUP_SECONDS} s for the cached GET) ..."
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -H "Authorization: Bearer $ADMIN" "$DASHBOARD" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ADMIN" "$DASHBOARD?source=live" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$STATIC" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ADMIN" "$CONFIGURATION" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$DASHBOARD" >/dev/null

  local before after
  before=$(hit_counts)
  wrk_run cached "$DASHBOARD" -H "Authorization: Bearer $ADMIN"
  after=$(hit_counts)
  read -r h0 m0 <<<"$before"
  read -r h1 m1 <<<"$after"
  hit_ratio=$(ratio "$((h1 - h0))" "$((h1 - h0 + m1 - m0))" 4)
  hit_ratio_total=$(ratio "$h1" "$((h1 + m1))" 4)
  say "cache: hit ratio during the cached run $hit_ratio ($((h1 - h0)) hits, $((m1 - m0)) misses); since start $hit_ratio_total"

  wrk_run live "$DASHBOARD?source=live" -H "Authorization: Bearer $ADMIN"
  wrk_run static "$STATIC" -H "Authorization: Bearer $ADMIN"
  # Where the time goes: the cheapest authenticated answer of the API (an in-memory map), and the
  # cached URL without a token (401: the same stack without verifying a signature).
  wrk_run authfloor "$CONFIGURATION" -H "Authorization: Bearer $ADMIN"
  authfloor_body=$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $ADMIN" "$CONFIGURATION")
  wrk_run unauthorized "$DASHBOARD"

  local etag
  etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $ADMIN" "$DASHBOARD" | tr -d '\r' |
    sed -n 's/^[Ee][Tt]ag: *//p')
  [ -n "$etag" ] || fail "the cached answer has no ETag."
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $etag" "$DASHBOARD")" = 304 ] ||
    fail "If-None-Match with the ETag did not get 304."
  wrk_run revalidated "$DASHBOARD" -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $etag"
  read -r full_body full_headers < <(curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" \
    -w '%{size_download} %{size_header}\n' "$DASHBOARD")
  read -r nm_body nm_headers < <(curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" \
    -H "If-None-Match: $etag" -w '%{size_download} %{size_header}\n' "$DASHBOARD")
  full_bytes=$((full_body + full_headers))
  nm_bytes=$((nm_body + nm_headers))
  static_body=$(stat -c %s "$RUN_DIR/$STATIC_APP/dashboard-metrics.json")
}

measure_reads_during_refresh() {
  say "reads during a refresh: first without one ..."
  wrk_run idle "$DASHBOARD" -H "Authorization: Bearer $ADMIN"
  local run
  run=$(start_run true)
  local t0=$SECONDS
  wrk_run during "$DASHBOARD" -H "Authorization: Bearer $ADMIN"
  local progress
  progress=$(api GET /api/v1/refresh/status | jq -r '"\(.state) \(.organizationsDone // "?")/\(.organizationsTotal // "?")"')
  during_progress=$progress
  say "reads during a refresh: refresh $progress when the load ended; waiting for it to finish ..."
  local report
  report=$(wait_run "$run")
  loaded_s=$(run_seconds "$report")
  loaded_outcomes=$(jq -r '.run.outcomes | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$report")
  say "reads during a refresh: that refresh took $loaded_s s ($loaded_outcomes)"
}

# ------------------------------------------------------------------------------------------------
# Report

machine() {
  local ram cpu
  ram=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
  echo "$(nproc) cores${cpu:+ ($cpu)}, $ram RAM, PostgreSQL $(q -c 'SHOW server_version' | cut -d' ' -f1) on the same host, $(java -version 2>&1 | head -n 1 | sed 's/"//g')"
}

goal() { # VALUE OP LIMIT
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    if (v == "n/a") { print "n/a"; exit }
    ok = (op == ">=") ? v >= l : v <= l
    print ok ? "met" : "missed" }'
}

write_results() {
  local today load_start=$1 load_end=$2 data
  today=$(date -u +%Y-%m-%d)
  data=$(q -F ' ' -c "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM organizations WHERE status = 'active'), (SELECT count(*) FROM invoices), (SELECT count(*) FROM invoice_lines)")
  read -r n_orgs n_active n_invoices n_lines <<<"$data"
  local mv_loop_h ours_vs_mv incr_vs_full during_vs_idle cached_vs_live cached_vs_static bytes_ratio
  mv_loop_h=$(awk -v p="$mv_pass_s" -v n="$n_active" 'BEGIN { printf "%.1f", p * n / 3600 }')
  ours_vs_mv=$(ratio "$full_s" "$mv_pass_s")
  incr_vs_full=$(ratio "$incr_s" "$full_s" 3)
  during_vs_idle=$(ratio "$during_rps" "$idle_rps")
  cached_vs_live=$(ratio "$cached_rps" "$live_rps" 1)
  cached_vs_static=$(ratio "$cached_rps" "$static_rps")
  bytes_ratio=$(ratio "$nm_bytes" "$full_bytes" 3)

  cat >"$RESULTS" <<EOF
<!-- Written by bench/run.sh; a new run replaces everything between these markers. -->

Measured on $today with \`$COMMAND\` (${SECONDS_EACH} s per measurement,
\`wrk -t$THREADS -c$CONNECTIONS --latency\` over loopback) against one Payara Micro node the command
starts on port $PORT, with the bench data ($n_orgs organizations, $n_active active, $n_invoices
invoices, $n_lines invoice lines; database \`$DB\`).

Machine: $(machine).

Load average (1 min): $load_start at the start, $load_end at the end; the column "load before" gives
it just before each measurement, the benchmark's own node and wrk included (they alone make
about 2–3). The host is shared with other builds, so the figures carry their noise. The node ran
with \`REFRESH_MAX_LOAD=$MAX_LOAD\`: a refresh does not wait for the host's load, so the durations
are work, not waits. Node start to ready: $NODE_READY_S s.

### Refresh

| what | figure |
| --- | --- |
| our full refresh (forced run, every nightly data type, validation, publication) | **$full_s s**, $full_org_per_s organizations/s ($full_outcomes) |
| seed plan: one pass of \`REFRESH MATERIALIZED VIEW CONCURRENTLY\` over the four views | **$mv_pass_s s** ($mv_views) |
| seed plan: creating the four views (\`materialized-views.sql\`) | $mv_create_s s |
| seed plan as written: its function refreshes all four views once per organization | ≈ $mv_pass_s s × $n_active = **$mv_loop_h h** (estimated, not run) |
| incremental night: $changed_orgs of $n_active active organizations changed, run without force | **$incr_s s** ($incr_outcomes) |
| a forced full refresh while cached reads hammer the node | $loaded_s s ($loaded_outcomes) |

| ratio | value |
| --- | --- |
| ours ÷ one materialized-view pass (time) | $ours_vs_mv |
| incremental ÷ full (time) | $incr_vs_full |

### Cached reads while a refresh runs

\`GET /api/v1/organizations/{id}/dashboard-metrics\` with an admin token, for organization
\`$ORG\` (the active one with the median number of invoice lines, $ORG_LINES):
${SECONDS_EACH} s without a refresh, then ${SECONDS_EACH} s right after a forced full refresh started
(when the load ended the refresh stood at $during_progress organizations). The refresh evicts each
organization's entries as it commits it, so a read after that recomputes once.

| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | load before |
| --- | --- | --- | --- | --- | --- | --- | --- |
| without a refresh | $idle_rps | $idle_p50 | $idle_p90 | $idle_p99 | $idle_max | $idle_errors | $idle_load |
| during a refresh | $during_rps | $during_p50 | $during_p90 | $during_p99 | $during_max | $during_errors | $during_load |

Ratio during ÷ without (throughput): **$during_vs_idle**.

### Cache and API

Same node, same organization, after a warm-up.

| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | bytes/response | errors | load before |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| (a) cached GET, 200 | $cached_rps | $cached_p50 | $cached_p90 | $cached_p99 | $cached_max | $cached_bytes | $cached_errors | $cached_load |
| (b) computed from the source tables (\`?source=live\`) | $live_rps | $live_p50 | $live_p90 | $live_p99 | $live_max | $live_bytes | $live_errors | $live_load |
| (c) static file of the same bytes ($static_body B), same server | $static_rps | $static_p50 | $static_p90 | $static_p99 | $static_max | $static_bytes | $static_errors | $static_load |
| (d) revalidation, \`If-None-Match\` → 304 | $revalidated_rps | $revalidated_p50 | $revalidated_p90 | $revalidated_p99 | $revalidated_max | $revalidated_bytes | $revalidated_errors | $revalidated_load |
| (e) authenticated floor: \`GET /api/v1/configuration\` (admin, an in-memory map, $authfloor_body B) | $authfloor_rps | $authfloor_p50 | $authfloor_p90 | $authfloor_p99 | $authfloor_max | $authfloor_bytes | $authfloor_errors | $authfloor_load |
| (f) the URL of (a) without a token: 401 problem (counted as errors) | $unauthorized_rps | $unauthorized_p50 | $unauthorized_p90 | $unauthorized_p99 | $unauthorized_max | $unauthorized_bytes | $unauthorized_errors | $unauthorized_load |

| ratio | value | goal |
| --- | --- | --- |
| cached ÷ computed from source (throughput) | **$cached_vs_live** | ≥ 20: $(goal "$cached_vs_live" ">=" 20) |
| cached ÷ static floor (throughput) | **$cached_vs_static** | ≥ 0.7: $(goal "$cached_vs_static" ">=" 0.7) |
| cached ÷ authenticated floor (e) (throughput) | $(ratio "$cached_rps" "$authfloor_rps") | |
| 401 without a token (f) ÷ static floor (throughput) | $(ratio "$unauthorized_rps" "$static_rps") | |
| 304 bytes ÷ full 200 bytes (headers + body, curl: $nm_headers + $nm_body vs. $full_headers + $full_body) | **$bytes_ratio** | |
| cache hit ratio of the dashboard-metrics requests after the warm-up (\`/api/v1/cache/stats\`, during (a)) | **$hit_ratio** (since the node started: $hit_ratio_total) | |
EOF
}

update_doc() {
  local begin='<!-- bench/run.sh: begin -->' end='<!-- bench/run.sh: end -->'
  grep -qF "$begin" "$DOC" && grep -qF "$end" "$DOC" ||
    fail "$DOC lacks the markers $begin / $end; the figures are in $RESULTS."
  awk -v begin="$begin" -v end="$end" -v results="$RESULTS" '
    $0 == begin { print; while ((getline line < results) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0 }
    !skipping { print }' "$DOC" >"$DOC.new"
  mv "$DOC.new" "$DOC"
  say "wrote the figures into $DOC"
}

main() {
  mkdir -p "$RUN_DIR"
  install_missing
  require_java
  require_postgres
  build_if_needed
  trap cleanup EXIT
  trap 'echo "bench/run.sh: interrupted (SIGINT)" >&2; exit 130' INT
  trap 'echo "bench/run.sh: terminated (SIGTERM)" >&2; exit 143' TERM
  trap 'echo "bench/run.sh: hung up (SIGHUP)" >&2; exit 129' HUP
  local load_start
  load_start=$(cut -d' ' -f1 /proc/loadavg)
  local started=$SECONDS
  prepare_database
  choose_organization
  measure_materialized_views
  start_node
  say "waiting for the node's own catch-up refresh, if any ..."
  wait_until_idle
  measure_full_refresh
  measure_incremental_night
  measure_cache
  measure_reads_during_refresh
  stop_node
  write_results "$load_start" "$(cut -d' ' -f1 /proc/loadavg)"
  say "done in $((SECONDS - started)) s"
  echo
  sed -n '/^### /,$p' "$RESULTS"
  [ "$WRITE_DOC" = no ] || update_doc
}

main
