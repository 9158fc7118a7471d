# shellcheck shell=bash
# bench/run.sh push: the push benchmark of docs/benchmarks.md ("Push"). Sourced by bench/run.sh
# (after scripts/local-node.sh and its own helpers: say, install_missing, require_postgres, q,
# api, wait_until_idle, machine).
#
# Two Payara Micro nodes of this checkout in one data grid of their own on loopback (HTTP
# BENCH_PUSH_PORTS, default 8080,8081; data grid BENCH_PUSH_HZ_PORTS, default 6930,6931), over
# the demo data (50 organizations, 45 active) in database BENCH_PUSH_DB (pc_push, created and
# filled by the run command's preparation when missing). bench/push/push-bench.mjs then connects
# BENCH_PUSH_CLIENTS (1000) WebSocket clients, split evenly over both nodes, round-robin over the
# organizations with their viewer tokens, starts one forced refresh on the first node and counts;
# it stops by itself after BENCH_PUSH_TIMEOUT seconds (300). Node.js 18+ and npm (the npm `ws`
# package, installed with npm ci into bench/push/node_modules).

PUSH_DB=${BENCH_PUSH_DB:-pc_push}
IFS=, read -r PUSH_PORT_A PUSH_PORT_B <<<"${BENCH_PUSH_PORTS:-8080,8081}"
IFS=, read -r PUSH_HZ_A PUSH_HZ_B <<<"${BENCH_PUSH_HZ_PORTS:-6930,6931}"
PUSH_CLIENTS=${BENCH_PUSH_CLIENTS:-1000}
PUSH_TIMEOUT=${BENCH_PUSH_TIMEOUT:-300}
PUSH_REFRESH_NODE=${BENCH_PUSH_REFRESH_NODE:-0}
PUSH_RUN_DIR=.run/bench-push
PUSH_DOC_BEGIN='<!-- bench/run.sh push: begin -->'
PUSH_DOC_END='<!-- bench/run.sh push: end -->'
PUSH_QUOTED_DIR=bench/results/push
PUSH_PIDS=()

push_install_client() {
  local lock=bench/push/package-lock.json installed=bench/push/node_modules/.package-lock.json
  if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    say "installing the benchmark's WebSocket client (npm ci in bench/push) ..."
    (cd bench/push && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bench/push failed."
  fi
}

# Starts one node of the pair; its log and working folder are under PUSH_RUN_DIR/NAME, its
# token key is the pair's (PUSH_RUN_DIR/keys).
push_start_node() { # NAME PORT DATA_GRID_PORT
  local name=$1 port=$2 hz=$3 dir=$PUSH_RUN_DIR/$1
  port_in_use "$port" && fail "port $port is in use (another node?); stop it or set BENCH_PUSH_PORTS."
  port_in_use "$hz" && fail "port $hz is in use; set BENCH_PUSH_HZ_PORTS to two free ports."
  mkdir -p "$dir"
  ln -sfn ../keys "$dir/keys"
  say "starting node $name on port $port (data grid port $hz) ..."
  start_node "$name" "$port" "$dir" "127.0.0.1:$PUSH_HZ_A,127.0.0.1:$PUSH_HZ_B" -- --startport "$hz"
  PUSH_PIDS+=("$NODE_PID")
  # start_node keeps one node; the pair is stopped by push_stop_nodes.
  NODE_PID=""
}

push_stop_nodes() {
  local pid
  for pid in "${PUSH_PIDS[@]}"; do
    NODE_PID=$pid
    stop_node
  done
  PUSH_PIDS=()
}

push_cleanup() {
  local status=$?
  [ "$status" -eq 0 ] || echo "bench/run.sh push: stopped with status $status" >&2
  [ ${#PUSH_PIDS[@]} -eq 0 ] || say "stopping the nodes ..."
  push_stop_nodes
  exit "$status"
}

measure_push() {
  # bench/run.sh's helpers (api, wait_until_idle, q, machine) read these.
  # shellcheck disable=SC2034
  RUN_DIR=$PUSH_RUN_DIR DB=$PUSH_DB BASE=http://127.0.0.1:$PUSH_PORT_A
  mkdir -p "$RUN_DIR/results"
  install_missing jq:jq psql:postgresql-client curl:curl node:nodejs npm:npm
  require_java
  require_postgres
  build_if_needed
  push_install_client
  local stamp
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
  trap push_cleanup EXIT
  trap 'echo "bench/run.sh push: interrupted (SIGINT)" >&2; exit 130' INT
  trap 'echo "bench/run.sh push: terminated (SIGTERM)" >&2; exit 143' TERM

  prepare_bench_database

  push_start_node push-a "$PUSH_PORT_A" "$PUSH_HZ_A"
  push_start_node push-b "$PUSH_PORT_B" "$PUSH_HZ_B"
  say "waiting for a catch-up refresh, if any ..."
  wait_until_idle

  # 1,000 client sockets and a few more: more than a default soft limit of 1024 descriptors.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  local status=0
  timeout $((PUSH_TIMEOUT + 60)) node bench/push/push-bench.mjs \
    --nodes "http://127.0.0.1:$PUSH_PORT_A,http://127.0.0.1:$PUSH_PORT_B" \
    --pids "$(IFS=,; echo "${PUSH_PIDS[*]}")" \
    --tokens "$RUN_DIR/tokens.json" --database "$DB" \
    --clients "$PUSH_CLIENTS" --timeout "$PUSH_TIMEOUT" --refresh-node "$PUSH_REFRESH_NODE" \
    --machine "$(machine)" --command "$COMMAND" \
    --out "$RUN_DIR/results/$stamp" || status=$?
  say "stopping the nodes ..."
  push_stop_nodes
  finish_result "$RUN_DIR/results/$stamp.json" "$status" bench/push/push-bench.mjs write_push_doc
}

# write_push_doc FILE.json: keeps FILE (and its .tsv) as bench/results/push/<run date>.* in place
# of the earlier ones and renders it into docs/benchmarks.md between the push markers.
write_push_doc() {
  local source=$1
  [ "$(jq -r .status "$source")" != error ] || fail "$source is the result of a run that stopped."
  keep_and_render "$source" "$PUSH_QUOTED_DIR" "$PUSH_DOC_BEGIN" "$PUSH_DOC_END" bench/push/push-bench.mjs
}
