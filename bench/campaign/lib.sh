# shellcheck shell=bash
# The campaign's helpers (bench/campaign.sh): the database, three Payara Micro nodes of this
# checkout in a data grid of their own on loopback, kill -9 and restart, the results file.
# Sourced after scripts/local-node.sh, from the repository's root.

CAMPAIGN_DB=${CAMPAIGN_DB:-procurement_cache_campaign}
CAMPAIGN_DIR=.run/campaign
# HTTP ports and data grid ports of the three nodes (never 8080; a grid range of their own).
IFS=, read -r -a CAMPAIGN_PORTS <<<"${CAMPAIGN_PORTS:-8181,8182,8183}"
IFS=, read -r -a CAMPAIGN_HZ_PORTS <<<"${CAMPAIGN_HZ_PORTS:-6970,6971,6972}"
CAMPAIGN_MEMBERS=$(printf '127.0.0.1:%s,' "${CAMPAIGN_HZ_PORTS[@]}")
CAMPAIGN_MEMBERS=${CAMPAIGN_MEMBERS%,}
export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
# The PIDs of the nodes this run started, by index (empty: not running).
NODE_PIDS=("" "" "")
# Other processes a scenario started (the webhook receiver), stopped with the nodes.
CAMPAIGN_HELPER_PIDS=()

say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

q() { psql -d "$CAMPAIGN_DB" -X -Atq -v ON_ERROR_STOP=1 "$@"; }

# record SCENARIO KEY VALUE: one figure into the run's results file (key<TAB>value a line).
record() { printf '%s.%s\t%s\n' "$1" "$2" "$3" >>"$CAMPAIGN_RESULTS"; }

# The campaign's database: the bench data set (≈1,000 organizations, ≈5M invoice lines), made once
# and reused; tokens and keys in CAMPAIGN_DIR. ADMIN is the admin token.
campaign_prepare_database() {
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$CAMPAIGN_DB" DB_USER=$PGUSER
  if [ -n "${PGPASSWORD:-}" ]; then export DB_PASSWORD=$PGPASSWORD; else unset DB_PASSWORD; fi
  local organizations=0
  if [ -n "$(psql -d postgres -X -Atqc "SELECT 1 FROM pg_database WHERE datname = '$CAMPAIGN_DB'")" ]; then
    organizations=$(q -c "SELECT count(*) FROM organizations" 2>/dev/null || echo 0)
  fi
  if [ "$organizations" -eq 0 ]; then
    say "generating the bench data set into $CAMPAIGN_DB (a few minutes, once) ..."
    demo_environment generate --scale bench --seed 42 >"$CAMPAIGN_DIR/generate.log" 2>&1 ||
      fail "generating $CAMPAIGN_DB failed: $(tail -n 3 "$CAMPAIGN_DIR/generate.log")"
  fi
  demo_environment prepare --run-dir "$CAMPAIGN_DIR" >"$CAMPAIGN_DIR/prepare.log" 2>&1 ||
    fail "preparing $CAMPAIGN_DB failed: $(tail -n 3 "$CAMPAIGN_DIR/prepare.log")"
  ADMIN=$(jq -r .admin "$CAMPAIGN_DIR/tokens.json")
  export ADMIN
}

node_url() { echo "http://127.0.0.1:${CAMPAIGN_PORTS[$1]}"; }

# campaign_start_node INDEX: starts node INDEX (c0, c1, c2) and waits until it is ready. The
# node's environment is this shell's (scenarios export REFRESH_*, WEBHOOK_* before).
campaign_start_node() {
  local i=$1 name=c$1 dir=$CAMPAIGN_DIR/c$1
  port_in_use "${CAMPAIGN_PORTS[$i]}" && fail "port ${CAMPAIGN_PORTS[$i]} is in use; set CAMPAIGN_PORTS."
  port_in_use "${CAMPAIGN_HZ_PORTS[$i]}" && fail "port ${CAMPAIGN_HZ_PORTS[$i]} is in use; set CAMPAIGN_HZ_PORTS."
  mkdir -p "$dir"
  ln -sfn ../keys "$dir/keys"
  if [ -f "$dir/node.log" ]; then mv "$dir/node.log" "$dir/node.log.$(date -u +%H%M%S)"; fi
  say "starting node $name on port ${CAMPAIGN_PORTS[$i]} (data grid port ${CAMPAIGN_HZ_PORTS[$i]}) ..."
  start_node "$name" "${CAMPAIGN_PORTS[$i]}" "$dir" "$CAMPAIGN_MEMBERS" -- --startport "${CAMPAIGN_HZ_PORTS[$i]}"
  NODE_PIDS[$i]=$NODE_PID
  NODE_PID=""
}

# The three nodes, one after the other (a node joins the grid of those already up).
campaign_start_nodes() {
  local i
  for i in 0 1 2; do campaign_start_node "$i"; done
}

# The campaign's database and its three nodes, once no run is under way (a new node may start a
# catch-up run by itself).
campaign_start_idle_nodes() {
  campaign_prepare_database
  campaign_start_nodes
  say "waiting for a catch-up run, if any ..."
  wait_until_idle
}

# campaign_kill_node INDEX: kill -9, and waits for the process to be gone.
campaign_kill_node() {
  local pid=${NODE_PIDS[$1]}
  [ -n "$pid" ] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  NODE_PIDS[$1]=""
}

# Index of the node whose PID is given (the PID part of a lease owner "PID@host/…"), or nothing.
node_index_of_pid() {
  local i
  for i in 0 1 2; do
    [ "${NODE_PIDS[$i]}" = "$1" ] && { echo "$i"; return; }
  done
}

# Stops every node this run started (one still starting too): SIGTERM, SIGKILL after 30 s (stop_node).
campaign_stop_nodes() {
  local i
  stop_node
  for i in 0 1 2; do
    [ -n "${NODE_PIDS[$i]}" ] || continue
    NODE_PID=${NODE_PIDS[$i]}
    stop_node
    NODE_PIDS[$i]=""
  done
  for i in "${CAMPAIGN_HELPER_PIDS[@]}"; do
    kill -TERM "$i" 2>/dev/null || true
    wait "$i" 2>/dev/null || true
  done
  CAMPAIGN_HELPER_PIDS=()
}

api() { # NODE_INDEX METHOD PATH [curl options...]
  local i=$1 method=$2 path=$3
  shift 3
  curl -sS -m 10 -X "$method" -H "Authorization: Bearer $ADMIN" "$@" "$(node_url "$i")$path"
}

# Waits until no run is under way (a new node may start a catch-up run by itself).
wait_until_idle() {
  local since=$SECONDS running
  while true; do
    running=$(q -c "SELECT count(*) FROM refresh_runs WHERE status IN ('pending', 'running')")
    [ "$running" -eq 0 ] && [ $((SECONDS - since)) -ge 5 ] && return
    [ $((SECONDS - since)) -lt 900 ] || fail "a refresh was still running after 15 minutes."
    sleep 2
  done
}

# check SCENARIO NAME OK [DETAIL]: prints and records one finding (OK: 0 passed, else failed).
check() {
  local scenario=$1 name=$2 ok=$3 detail=${4:-}
  if [ "$ok" -eq 0 ]; then
    say "  PASS $name${detail:+: $detail}"
    record "$scenario" "check.$name" pass
  else
    say "  FAIL $name${detail:+: $detail}"
    record "$scenario" "check.$name" fail
    CAMPAIGN_FAILED=$((CAMPAIGN_FAILED + 1))
  fi
}
