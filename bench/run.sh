#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, in one run, on loopback, against one Payara Micro node that
# this script starts and stops:
#
#   refresh  our full refresh (a forced run) vs. one pass of the seed plan's four materialized
#            views on the same data; an incremental night (5 % of the active organizations
#            changed); cached reads while a forced refresh runs vs. without, saturated (wrk) and at
#            a fixed rate of half the saturated rate (open loop, bench/load/fixed-rate.mjs: p99
#            during vs. without), that load kept on until the refresh ends (its duration under
#            load), the refresh's state and phase sampled every second
#   cache    for dashboard-metrics, the first page of product-metrics and cogs-analysis: a cached
#            GET vs. the same data computed from the source tables (?source=live), vs. a static
#            file of the same bytes from the same server; a 304 revalidation; hit ratio; a JFR
#            profile of the cached dashboard GET in a run of its own, summarized by
#            bench/load/profile-summary.mjs next to the results file (<results>-profile.md)
#   push     (bench/run.sh push, a run of its own) 1,000 WebSocket clients on two nodes, a forced
#            refresh: latency from each change to each client, events lost and duplicated, memory
#            per 1,000 sessions; see bench/push/run-push.sh for its settings
#   client   (bench/run.sh client, a run of its own) a scripted user session in headless
#            Chromium on the dashboard with its caching client vs. the same dashboard fetching on
#            every view: API requests, bytes, 304s, time to the key figures; see
#            bench/client/run-client.sh for its settings
#
# Every measurement of refresh and cache records the load generator's and the node's CPU (CPU s
# per wall s); the run records the node's HTTP worker pool (its domain.xml) and its JVM's
# arguments and flags.
#
#   bench/run.sh                     measure, print the table, keep the results file as
#                                    bench/results/<date>.tsv and render docs/benchmarks.md from it
#   bench/run.sh --no-doc            measure and print only
#   bench/run.sh report FILE         print the table of a results file (no node, no database;
#                                    a file of the first version renders with "–" for what it lacks)
#   bench/run.sh report --doc FILE   the same into docs/benchmarks.md, keeping FILE as above
#   bench/run.sh push [--no-doc]     the push benchmark; its result (JSON and TSV) goes to
#                                    .run/bench-push/results/ and, kept as
#                                    bench/results/push/<date>.json, into docs/benchmarks.md
#   bench/run.sh push report [--doc] FILE.json   the push table of a result (into the page)
#   bench/run.sh client [--no-doc]   the client benchmark; its result (JSON and TSV) goes to
#                                    .run/bench-client/results/ and, kept as
#                                    bench/results/client/<date>.json, into docs/benchmarks.md
#   bench/run.sh client report [--doc] FILE.json the client table of a result (into the page)
#
# Every run writes its figures to .run/bench/results/<UTC time>.tsv (one "key<TAB>value" a line,
# described in bench/report.sh); the table is rendered from that file, never written directly.
# Database: PGHOST (localhost), PGPORT (5432), PGUSER (postgres), PGPASSWORD; BENCH_DB (pc_bench)
# is generated at scale bench (seed 42) when missing or empty and reused afterwards. The run
# changes 5 % of the active organizations' data and puts it back before it ends.
# Node: BENCH_PORT (8090), BENCH_HZ_PORT (6920, its data grid port), BENCH_MAX_LOAD (100, passed
# as REFRESH_MAX_LOAD so that a refresh does not defer to CPU or database load, which a shared
# machine's other builds make; it still defers to the node's readers above
# refresh.defer.request-rate), BENCH_REFRESH_TIMEOUT (PT10M, passed as REFRESH_TIMEOUT: a run
# that defers to readers that never stop proceeds once only the time to finish is left of its
# window, so the refresh under load lasts about this long; the shipped window is PT30M). Load: BENCH_SECONDS (15 per measurement), BENCH_THREADS (2),
# BENCH_CONNECTIONS (16), BENCH_WARMUP_SECONDS (20), BENCH_RATE_CONNECTIONS (64, the fixed-rate
# load's keep-alive connections), BENCH_REFRESH_WAIT (2400: seconds the refresh under load may take
# before the run reports it unfinished). Installs wrk, jq, xmllint, Node.js and npm with apt-get
# when missing, and the fixed-rate generator's npm package (undici) with npm ci in bench/load.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
trap 'echo "bench/run.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PROGRAM=bench/run.sh
# shellcheck source=scripts/local-node.sh
. scripts/local-node.sh
# shellcheck source=bench/report.sh
. bench/report.sh
# shellcheck source=bench/push/run-push.sh
. bench/push/run-push.sh
# shellcheck source=bench/client/run-client.sh
. bench/client/run-client.sh
# shellcheck source=bench/load/run-load.sh
. bench/load/run-load.sh

# prepare_bench_database: the node's database settings from PG* and BENCH_*, the database with
# the demo data (created when missing) and its tokens in RUN_DIR; ADMIN is the admin token.
prepare_bench_database() {
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USER=$PGUSER
  if [ -n "${PGPASSWORD:-}" ]; then export DB_PASSWORD=$PGPASSWORD; else unset DB_PASSWORD; fi
  export REFRESH_MAX_LOAD=$MAX_LOAD
  say "preparing $DB (created with the demo data when missing) and tokens ..."
  demo_environment prepare --run-dir "$RUN_DIR" >"$RUN_DIR/prepare.log" 2>&1 ||
    fail "preparing $DB failed: $(tail -n 3 "$RUN_DIR/prepare.log")"
  # shellcheck disable=SC2034 # api reads it
  ADMIN=$(jq -r .admin "$RUN_DIR/tokens.json")
}

usage() {
  sed -n '2,/^set /{/^set /d;p}' "$0" | sed 's/^# \{0,1\}//'
}

COMMAND="bench/run.sh${1:+ $1}"
MODE=measure
WRITE_DOC=yes
case "${1:-}" in
  "") ;;
  --no-doc) WRITE_DOC=no ;;
  report)
    MODE=report
    shift
    if [ "${1:-}" = --doc ]; then shift; else WRITE_DOC=no; fi
    [ $# -eq 1 ] || { echo "usage: bench/run.sh report [--doc] FILE" >&2; exit 2; }
    REPORT_FILE=$1
    ;;
  push)
    MODE=push
    shift
    case "${1:-}" in
      "") ;;
      --no-doc) WRITE_DOC=no ;;
      report)
        MODE=push-report
        shift
        if [ "${1:-}" = --doc ]; then shift; else WRITE_DOC=no; fi
        [ $# -eq 1 ] || { echo "usage: bench/run.sh push report [--doc] FILE.json" >&2; exit 2; }
        REPORT_FILE=$1
        ;;
      *)
        echo "bench/run.sh push: unknown option '$1' (try --help)" >&2
        exit 2
        ;;
    esac
    ;;
  client)
    MODE=client
    shift
    case "${1:-}" in
      "") ;;
      --no-doc) WRITE_DOC=no ;;
      report)
        MODE=client-report
        shift
        if [ "${1:-}" = --doc ]; then shift; else WRITE_DOC=no; fi
        [ $# -eq 1 ] || { echo "usage: bench/run.sh client report [--doc] FILE.json" >&2; exit 2; }
        REPORT_FILE=$1
        ;;
      *)
        echo "bench/run.sh client: unknown option '$1' (try --help)" >&2
        exit 2
        ;;
    esac
    ;;
  -h | --help)
    usage
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
REFRESH_TIMEOUT=${BENCH_REFRESH_TIMEOUT:-PT10M}
SECONDS_EACH=${BENCH_SECONDS:-15}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
CHANGE_SHARE=0.05

RUN_DIR=.run/bench
BASE=http://127.0.0.1:$PORT
STATIC_APP=bench-static

VOIDED="$RUN_DIR/voided-invoices.txt"
# This run's results file (set in measure).
RESULTS=""

say() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*"
}

record() { # KEY VALUE: one figure into the results file
  printf '%s\t%s\n' "$1" "$2" >>"$RESULTS"
}

# ------------------------------------------------------------------------------------------------
# Preconditions

install_missing() { # [COMMAND:PACKAGE ...] (default: what the refresh and cache runs need)
  local missing=() tool
  [ $# -gt 0 ] || set -- wrk:wrk jq:jq psql:postgresql-client curl:curl
  for tool in "$@"; do
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
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null || fail "${tool%%:*} is still missing after apt-get install ${tool#*:}."
  done
}

require_postgres() {
  psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>"$RUN_DIR/psql.err" ||
    fail "PostgreSQL at $PGHOST:$PGPORT (user $PGUSER) does not accept connections: $(head -n 1 "$RUN_DIR/psql.err"). Start it (e.g. pg_ctlcluster 15 main start) or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
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
    DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USER=$PGUSER demo_environment generate --scale bench --seed 42 ||
      fail "generating the bench data failed (see above)."
  else
    say "reusing $DB ($organizations organizations)"
  fi
  # A run that died before putting its change back leaves the list of invoices it voided.
  restore_changed_invoices
}

# ------------------------------------------------------------------------------------------------
# The node

start_bench_node() {
  port_in_use "$PORT" && fail "port $PORT is in use (another node?); stop it or set BENCH_PORT."
  port_in_use "$HZ_PORT" && fail "port $HZ_PORT is in use; set BENCH_HZ_PORT to a free port."
  mkdir -p "$RUN_DIR/$STATIC_APP/WEB-INF"
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USER=$PGUSER
  if [ -n "${PGPASSWORD:-}" ]; then export DB_PASSWORD=$PGPASSWORD; else unset DB_PASSWORD; fi
  export REFRESH_MAX_LOAD=$MAX_LOAD REFRESH_TIMEOUT=$REFRESH_TIMEOUT
  demo_environment tokens --run-dir "$RUN_DIR" >/dev/null || fail "could not issue tokens for $DB."
  ADMIN=$(jq -r .admin "$RUN_DIR/tokens.json")

  say "starting the node on port $PORT ..."
  # The static floor is a second, exploded web application next to the product: no file of the
  # benchmark goes into the product's WAR.
  start_node bench "$PORT" "$RUN_DIR" "127.0.0.1:$HZ_PORT" \
    -- --startport "$HZ_PORT" --deploy "$RUN_DIR/$STATIC_APP"
  record run.node_ready_s "$NODE_READY_S"
  record_node_facts
}

cleanup() {
  local status=$?
  [ "$status" -eq 0 ] || echo "bench/run.sh: stopped with status $status" >&2
  [ -z "$NODE_PID" ] || say "stopping the node ..."
  stop_background
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

# Records a finished run: NAME.seconds, NAME.status and NAME.outcome.<outcome> in the report's
# order.
record_run() { # NAME REPORT
  local name=$1 report=$2 outcome count
  record "$name.seconds" "$(run_seconds "$report")"
  record "$name.status" "$(jq -r .run.status <<<"$report")"
  while IFS=$'\t' read -r outcome count; do
    record "$name.outcome.$outcome" "$count"
  done < <(jq -r '.run.outcomes | to_entries[] | "\(.key)\t\(.value)"' <<<"$report")
}

outcomes_of() { # REPORT -> "refreshed 900, skipped-fresh 0, ..." for the log
  jq -r '.run.outcomes | to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$1"
}

# ------------------------------------------------------------------------------------------------
# Measurements

wrk_run() { # NAME URL [wrk options...] -> figures wrk.NAME.*
  local name=$1 url=$2 out line load
  shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  local ticks wall user system TIMEFORMAT='%R %U %S'
  ticks=$(node_cpu_ticks)
  # bash's time: wrk's own CPU (user, system) over its wall time.
  { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s bench/wrk-report.lua "$@" "$url" \
    >"$RUN_DIR/wrk-$name.txt" 2>"$RUN_DIR/wrk-$name.err"; } 2>"$RUN_DIR/wrk-$name.time"
  out=$(cat "$RUN_DIR/wrk-$name.txt")
  read -r wall user system <"$RUN_DIR/wrk-$name.time"
  line=$(grep '^WRK ' <<<"$out") || fail "wrk gave no report for $name; see $RUN_DIR/wrk-$name.txt."
  local requests rps p50 p90 p99 max bytes non2xx sockerr
  read -r _ requests _ rps p50 p90 p99 max bytes non2xx sockerr <<<"$line"
  record "wrk.$name.load_before" "$load"
  record "wrk.$name.requests" "$requests"
  record "wrk.$name.rps" "$rps"
  record "wrk.$name.p50_ms" "$p50"
  record "wrk.$name.p90_ms" "$p90"
  record "wrk.$name.p99_ms" "$p99"
  record "wrk.$name.max_ms" "$max"
  record "wrk.$name.bytes" "$bytes"
  record "wrk.$name.errors" "$((non2xx + sockerr))"
  record "wrk.$name.gen_cpu" "$(cores_used "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" "$wall")"
  record_node_cpu "wrk.$name" "$ticks" "$wall"
  say "$(printf '%-13s %9s req/s  p50 %7s ms  p90 %7s ms  p99 %7s ms  (%s requests, %s errors; wrk %s cores, node %s)' \
    "$name" "$rps" "$p50" "$p90" "$p99" "$requests" "$((non2xx + sockerr))" \
    "$(figure "wrk.$name.gen_cpu")" "$(figure "wrk.$name.node_cpu")")"
}

seconds_between() { # T0 T1 (date +%s.%N) -> seconds, one decimal
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}

measure_materialized_views() {
  say "seed baseline: loading sql/baseline/materialized-views.sql (creates and fills the views) ..."
  local t0 t1
  t0=$(date +%s.%N)
  q -f sql/baseline/materialized-views.sql 2>&1 | grep -v 'does not exist, skipping' || true
  t1=$(date +%s.%N)
  record baseline.create_seconds "$(seconds_between "$t0" "$t1")"
  say "seed baseline: one pass of REFRESH MATERIALIZED VIEW CONCURRENTLY over the four views ..."
  local view v0 v1 views=() took=()
  t0=$(date +%s.%N)
  for view in mv_dashboard_metrics_org mv_product_metrics_org mv_cogs_analysis_org mv_supplier_metrics_org; do
    v0=$(date +%s.%N)
    q -c "REFRESH MATERIALIZED VIEW CONCURRENTLY $view"
    v1=$(date +%s.%N)
    views+=("$view")
    took+=("$(seconds_between "$v0" "$v1")")
  done
  t1=$(date +%s.%N)
  local i listed=""
  for i in "${!views[@]}"; do
    record "baseline.view.${views[i]}" "${took[i]}"
    listed+="${listed:+, }${views[i]} ${took[i]} s"
  done
  record baseline.pass_seconds "$(seconds_between "$t0" "$t1")"
  say "seed baseline: one pass $(figure baseline.pass_seconds) s ($listed)"
}

measure_full_refresh() {
  say "full refresh: a forced run over every active organization ..."
  local report seconds
  report=$(wait_run "$(start_run true)")
  record_run refresh.full "$report"
  seconds=$(figure refresh.full.seconds)
  say "full refresh: $seconds s, $(ratio "$(figure refresh.full.outcome.refreshed)" "$seconds" 1) organizations/s ($(figure refresh.full.status): $(outcomes_of "$report"))"
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
  local changed_orgs active_orgs report
  changed_orgs=$(wc -l <"$VOIDED" | tr -d ' ')
  active_orgs=$(q -c "SELECT count(*) FROM organizations WHERE status = 'active'")
  record refresh.incremental.changed_organizations "$changed_orgs"
  say "incremental night: $changed_orgs of $active_orgs active organizations changed; a run without force ..."
  report=$(wait_run "$(start_run false)")
  record_run refresh.incremental "$report"
  say "incremental night: $(figure refresh.incremental.seconds) s ($(figure refresh.incremental.status): $(outcomes_of "$report"))"
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
  record reads.organization "$ORG"
  record reads.organization_lines "$ORG_LINES"
  say "organization $ORG ($ORG_LINES invoice lines, the median)"
}

hit_counts() { # TYPE -> "hits misses" of TYPE, summed over the cluster (one node here)
  api GET /api/v1/cache/stats |
    jq -r --arg t "$1" '.dataTypes[] | select(.dataType == $t) | "\(.hits) \(.misses)"'
}

# measure_type TYPE PREFIX: TYPE's answer for the organization (the first page, for a paged type)
# cached, computed from the source tables, as a static file of the same bytes and revalidated
# (304); figures wrk.PREFIX{cached,live,static,revalidated}.*, cache.PREFIXhit_ratio and
# bytes.PREFIX*. PREFIX is empty for the dashboard (the keys of the first version of this command).
measure_type() {
  local type=$1 p=$2 path="/api/v1/organizations/$ORG/$1" status
  local url=$BASE$path body=$RUN_DIR/$STATIC_APP/$1.json static=$BASE/$STATIC_APP/$1.json
  say "$type: first requests ..."
  for _ in 1 2 3 4 5; do
    status=$(api GET "$path" -o "$RUN_DIR/$type.json" -w '%{http_code}')
  done
  [ "$status" = 200 ] || fail "GET $type answered $status; see $RUN_DIR/$type.json."
  curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" "$url?source=live" -w '%{http_code}' |
    grep -q 200 || fail "GET $type?source=live did not answer 200 (does this build have it?)."
  # The floor: the very bytes of the cached answer's body, as a static file of the same server.
  cp "$RUN_DIR/$type.json" "$body"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$static")" = 200 ] || fail "the static file $static is not served."

  say "$type: warming up its paths under load (5 s each) ..."
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ADMIN" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ADMIN" "$url?source=live" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$static" >/dev/null

  local before after h0 m0 h1 m1
  before=$(hit_counts "$type")
  wrk_run "${p}cached" "$url" -H "Authorization: Bearer $ADMIN"
  after=$(hit_counts "$type")
  read -r h0 m0 <<<"$before"
  read -r h1 m1 <<<"$after"
  record "cache.${p}hits" "$((h1 - h0))"
  record "cache.${p}misses" "$((m1 - m0))"
  record "cache.${p}hit_ratio" "$(ratio "$((h1 - h0))" "$((h1 - h0 + m1 - m0))" 4)"
  record "cache.${p}hits_since_start" "$h1"
  record "cache.${p}misses_since_start" "$m1"
  record "cache.${p}hit_ratio_since_start" "$(ratio "$h1" "$((h1 + m1))" 4)"
  say "$type: hit ratio during the cached run $(figure "cache.${p}hit_ratio") ($((h1 - h0)) hits, $((m1 - m0)) misses)"
  wrk_run "${p}live" "$url?source=live" -H "Authorization: Bearer $ADMIN"
  wrk_run "${p}static" "$static" -H "Authorization: Bearer $ADMIN"

  local etag size headers
  etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $ADMIN" "$url" | tr -d '\r' |
    sed -n 's/^[Ee][Tt]ag: *//p')
  [ -n "$etag" ] || fail "the cached $type answer has no ETag."
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $etag" "$url")" = 304 ] ||
    fail "If-None-Match with the ETag of $type did not get 304."
  wrk_run "${p}revalidated" "$url" -H "Authorization: Bearer $ADMIN" -H "If-None-Match: $etag"
  read -r size headers < <(curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" \
    -w '%{size_download} %{size_header}\n' "$url")
  record "bytes.${p}full_body" "$size"
  record "bytes.${p}full_headers" "$headers"
  read -r size headers < <(curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" \
    -H "If-None-Match: $etag" -w '%{size_download} %{size_header}\n' "$url")
  record "bytes.${p}not_modified_body" "$size"
  record "bytes.${p}not_modified_headers" "$headers"
  record "bytes.${p}static_body" "$(stat -c %s "$body")"
}

measure_cache() {
  local configuration="$BASE/api/v1/configuration"
  # The JIT needs tens of seconds of load on 2 cores before a path runs at its speed: without
  # this, the first measurement reads a third lower than the same one minutes later.
  say "cache: warming up the cached GET under load (${WARMUP_SECONDS} s) ..."
  api GET "/api/v1/organizations/$ORG/dashboard-metrics" -o /dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -H "Authorization: Bearer $ADMIN" "$DASHBOARD" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ADMIN" "$configuration" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$DASHBOARD" >/dev/null
  measure_type dashboard-metrics ""
  record_http_threads after_cached
  # Where the time goes: the cheapest authenticated answer of the API (an in-memory map), and the
  # cached URL without a token (401: the same stack without verifying a signature).
  wrk_run authfloor "$configuration" -H "Authorization: Bearer $ADMIN"
  record bytes.authfloor_body "$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $ADMIN" "$configuration")"
  wrk_run unauthorized "$DASHBOARD"
  # The profile has a run of its own, so that the recording's cost is in none of the ratios.
  say "cache: the cached GET again, with a JFR recording ..."
  profile_run profiled "$DASHBOARD" -H "Authorization: Bearer $ADMIN"
  measure_type product-metrics products.
  measure_type cogs-analysis cogs.
}

# wait_run_within ID SECONDS -> the run report once it has ended, or the report as it stands
# when SECONDS have passed (status still "running").
wait_run_within() {
  local report since=$SECONDS
  while true; do
    report=$(api GET "/api/v1/refresh/runs/$1")
    [ "$(jq -r .run.status <<<"$report")" = running ] || break
    [ $((SECONDS - since)) -lt "$2" ] || break
    sleep 1
  done
  echo "$report"
}

# Cached reads of the dashboard while a forced full refresh runs, and without one: saturated
# (wrk) and at a fixed rate of half the node's saturated capacity (open loop), the refresh's
# state and phase sampled every second; then the same fixed-rate load until the refresh has
# ended (at most REFRESH_WAIT seconds), for its duration while reads load the node.
measure_reads_during_refresh() {
  local auth="Authorization: Bearer $ADMIN" rate t0 t1 run progress report
  say "reads during a refresh: first without one, saturated ..."
  wrk_run idle "$DASHBOARD" -H "$auth"
  rate=$(awk -v r="$(figure wrk.idle.rps)" 'BEGIN { printf "%d", r / 2 }')
  record rate.target_rps "$rate"
  say "reads during a refresh: without one, at a fixed rate of half that ($rate requests/s) ..."
  rate_run steady "$DASHBOARD" "$rate" "$SECONDS_EACH" "$auth"

  start_status_sampler
  run=$(start_run true)
  say "reads during a refresh: a forced full refresh started (run $run); the fixed rate again ..."
  t0=$(date +%s.%N)
  rate_run during "$DASHBOARD" "$rate" "$SECONDS_EACH" "$auth"
  t1=$(date +%s.%N)
  record_phases refresh.rate_during "$t0" "$t1"
  say "reads during a refresh: saturated ..."
  wrk_run during "$DASHBOARD" -H "$auth"
  t0=$(date +%s.%N)
  record_phases refresh.wrk_during "$t1" "$t0"
  progress=$(api GET /api/v1/refresh/status | jq -r '"\(.state) \(.organizationsDone // "?")/\(.organizationsTotal // "?")"')
  record refresh.under_load.progress "$progress"
  say "reads during a refresh: refresh $progress; the fixed rate until it ends (at most $REFRESH_WAIT s) ..."
  start_open_load rest "$DASHBOARD" "$rate" "$auth"
  report=$(wait_run_within "$run" "$REFRESH_WAIT")
  stop_open_load
  t1=$(date +%s.%N)
  record_phases refresh.rest "$t0" "$t1"
  stop_background
  if [ "$(jq -r .run.status <<<"$report")" = running ]; then
    record refresh.under_load.seconds "unfinished after $REFRESH_WAIT"
    record refresh.under_load.status running
    say "reads during a refresh: the refresh had not ended after $REFRESH_WAIT s ($(api GET /api/v1/refresh/status | jq -r .phase))"
  else
    record_run refresh.under_load "$report"
    say "reads during a refresh: that refresh took $(figure refresh.under_load.seconds) s ($(outcomes_of "$report"))"
  fi
}

# The last figure recorded under KEY in this run's results file.
figure() {
  awk -F'\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$RESULTS"
}

# ------------------------------------------------------------------------------------------------
# The run

machine() {
  local ram cpu
  ram=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
  echo "$(nproc) cores${cpu:+ ($cpu)}, $ram RAM, PostgreSQL $(q -c 'SHOW server_version' | cut -d' ' -f1) on the same host, $(java -version 2>&1 | head -n 1 | sed 's/"//g')"
}

record_data_size() {
  local organizations active invoices lines
  read -r organizations active invoices lines < <(q -F ' ' -c "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM organizations WHERE status = 'active'), (SELECT count(*) FROM invoices), (SELECT count(*) FROM invoice_lines)")
  record data.organizations "$organizations"
  record data.active_organizations "$active"
  record data.invoices "$invoices"
  record data.invoice_lines "$lines"
}

measure() {
  mkdir -p "$RUN_DIR/results"
  RESULTS="$RUN_DIR/results/$(date -u +%Y-%m-%dT%H%M%SZ).tsv"
  : >"$RESULTS"
  install_missing wrk:wrk jq:jq psql:postgresql-client curl:curl xmllint:libxml2-utils \
    node:nodejs npm:npm jcmd:openjdk-17-jdk-headless jfr:openjdk-17-jdk-headless
  require_java
  require_postgres
  build_if_needed
  load_install_generator
  trap cleanup EXIT
  trap 'echo "bench/run.sh: interrupted (SIGINT)" >&2; exit 130' INT
  trap 'echo "bench/run.sh: terminated (SIGTERM)" >&2; exit 143' TERM
  trap 'echo "bench/run.sh: hung up (SIGHUP)" >&2; exit 129' HUP
  record run.format 2
  record run.date "$(date -u +%Y-%m-%d)"
  record run.command "$COMMAND"
  record run.seconds_each "$SECONDS_EACH"
  record run.warmup_seconds "$WARMUP_SECONDS"
  record run.threads "$THREADS"
  record run.connections "$CONNECTIONS"
  record run.rate_connections "$RATE_CONNECTIONS"
  record run.port "$PORT"
  record run.database "$DB"
  record run.refresh_max_load "$MAX_LOAD"
  record run.refresh_timeout "$REFRESH_TIMEOUT"
  record run.load_start "$(cut -d' ' -f1 /proc/loadavg)"
  local started=$SECONDS
  prepare_database
  choose_organization
  measure_materialized_views
  start_bench_node
  say "waiting for the node's own catch-up refresh, if any ..."
  wait_until_idle
  measure_full_refresh
  measure_incremental_night
  measure_cache
  measure_reads_during_refresh
  say "stopping the node ..."
  stop_node
  record run.load_end "$(cut -d' ' -f1 /proc/loadavg)"
  record run.machine "$(machine)"
  record_data_size
  say "done in $((SECONDS - started)) s; the figures are in $RESULTS"
  echo
  render_report "$RESULTS" | sed -n '/^### /,$p'
  [ "$WRITE_DOC" = no ] || write_doc "$RESULTS"
}

case $MODE in
  report)
    if [ "$WRITE_DOC" = yes ]; then write_doc "$REPORT_FILE"; else render_report "$REPORT_FILE"; fi
    ;;
  push) measure_push ;;
  push-report)
    if [ "$WRITE_DOC" = yes ]; then write_push_doc "$REPORT_FILE"; else node bench/push/push-bench.mjs report "$REPORT_FILE"; fi
    ;;
  client) measure_client ;;
  client-report)
    if [ "$WRITE_DOC" = yes ]; then write_client_doc "$REPORT_FILE"; else node bench/client/client-bench.mjs report "$REPORT_FILE"; fi
    ;;
  *) measure ;;
esac
