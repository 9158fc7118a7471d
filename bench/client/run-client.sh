# shellcheck shell=bash
# bench/run.sh client: the client benchmark of docs/benchmarks.md ("Client"). Sourced by
# bench/run.sh (after scripts/local-node.sh and its own helpers: say, install_missing,
# require_postgres, q, api, wait_until_idle, machine).
#
# One Payara Micro node of this checkout on BENCH_PORT (8090; data grid port BENCH_HZ_PORT, 6920)
# over the demo data (50 organizations, 45 active) in database BENCH_CLIENT_DB (pc_client, created
# and filled by the run command's preparation when missing). bench/client/client-bench.mjs then
# drives Debian's Chromium (/usr/bin/chromium, installed with apt-get when missing; never a
# browser download) through BENCH_CLIENT_ROUNDS (5) rounds of the scripted session, after
# BENCH_CLIENT_WARMUP (1) unmeasured ones; it stops by itself after BENCH_CLIENT_TIMEOUT seconds
# (900). Node.js 18+ and npm (the npm playwright-core package, installed with npm ci into
# bench/client/node_modules).

CLIENT_DB=${BENCH_CLIENT_DB:-pc_client}
CLIENT_ROUNDS=${BENCH_CLIENT_ROUNDS:-5}
CLIENT_WARMUP=${BENCH_CLIENT_WARMUP:-1}
CLIENT_TIMEOUT=${BENCH_CLIENT_TIMEOUT:-900}
CLIENT_RUN_DIR=.run/bench-client
CLIENT_DOC_BEGIN='<!-- bench/run.sh client: begin -->'
CLIENT_DOC_END='<!-- bench/run.sh client: end -->'
CLIENT_QUOTED_DIR=bench/results/client

client_install_driver() {
  local lock=bench/client/package-lock.json installed=bench/client/node_modules/.package-lock.json
  if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    say "installing the benchmark's browser driver (npm ci in bench/client; no browser download) ..."
    (cd bench/client && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bench/client failed."
  fi
}

client_cleanup() {
  local status=$?
  [ "$status" -eq 0 ] || echo "bench/run.sh client: stopped with status $status" >&2
  [ -z "$NODE_PID" ] || say "stopping the node ..."
  stop_node
  exit "$status"
}

# A typical organization: the active one with the median number of invoice lines.
client_choose_organization() {
  q -c "
    WITH sizes AS (
        SELECT o.id, count(l.id) AS lines
        FROM organizations o LEFT JOIN invoice_lines l ON l.organization_id = o.id
        WHERE o.status = 'active' GROUP BY o.id)
    SELECT id FROM sizes ORDER BY lines, id
    OFFSET (SELECT count(*) / 2 FROM sizes) LIMIT 1"
}

measure_client() {
  # bench/run.sh's helpers (api, wait_until_idle, q, machine) read these.
  # shellcheck disable=SC2034
  RUN_DIR=$CLIENT_RUN_DIR DB=$CLIENT_DB BASE=http://127.0.0.1:$PORT
  mkdir -p "$RUN_DIR/results"
  install_missing jq:jq psql:postgresql-client curl:curl node:nodejs npm:npm chromium:chromium
  require_java
  require_postgres
  build_if_needed
  client_install_driver
  local stamp organization
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
  trap client_cleanup EXIT
  trap 'echo "bench/run.sh client: interrupted (SIGINT)" >&2; exit 130' INT
  trap 'echo "bench/run.sh client: terminated (SIGTERM)" >&2; exit 143' TERM

  port_in_use "$PORT" && fail "port $PORT is in use (another node?); stop it or set BENCH_PORT."
  port_in_use "$HZ_PORT" && fail "port $HZ_PORT is in use; set BENCH_HZ_PORT to a free port."
  prepare_bench_database
  organization=$(client_choose_organization)
  [ -n "$organization" ] || fail "$DB has no active organization."

  say "starting the node on port $PORT ..."
  start_node bench-client "$PORT" "$RUN_DIR" "127.0.0.1:$HZ_PORT" -- --startport "$HZ_PORT"
  say "waiting for a catch-up refresh, if any ..."
  wait_until_idle

  # The command as run, with the settings that were not the defaults.
  local shown=$COMMAND setting
  for setting in BENCH_PORT BENCH_HZ_PORT BENCH_CLIENT_DB BENCH_CLIENT_ROUNDS BENCH_CLIENT_WARMUP; do
    [ -z "${!setting:-}" ] || shown="$setting=${!setting} $shown"
  done
  local status=0
  timeout $((CLIENT_TIMEOUT + 60)) node bench/client/client-bench.mjs \
    --base "$BASE" --tokens "$RUN_DIR/tokens.json" --organization "$organization" \
    --rounds "$CLIENT_ROUNDS" --warmup "$CLIENT_WARMUP" --timeout "$CLIENT_TIMEOUT" \
    --machine "$(machine)" --command "$shown" \
    --out "$RUN_DIR/results/$stamp" >"$RUN_DIR/results/$stamp.md" || status=$?
  say "stopping the node ..."
  stop_node
  finish_result "$RUN_DIR/results/$stamp.json" "$status" bench/client/client-bench.mjs write_client_doc
}

# write_client_doc FILE.json: keeps FILE (and its .tsv) as bench/results/client/<run date>.* in
# place of the earlier ones and renders it into docs/benchmarks.md between the client markers.
write_client_doc() {
  local source=$1
  [ "$(jq -r .status "$source")" = ok ] || fail "$source is not the result of a complete run with every check holding."
  keep_and_render "$source" "$CLIENT_QUOTED_DIR" "$CLIENT_DOC_BEGIN" "$CLIENT_DOC_END" bench/client/client-bench.mjs
}
