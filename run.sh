#!/usr/bin/env bash
# Runs procurement-cache on this machine: one Payara Micro node on http://localhost:8080 over
# PostgreSQL, with demo data and local tokens.
#
#   ./run.sh                                  build if needed, prepare the database, start the node
#   ./run.sh generate --scale bench [--seed N]   fill an empty database with generated data
#
# Database: DB_URL, DB_USER, DB_PASSWORD (default jdbc:postgresql://localhost:5432/procurement_cache,
# user postgres, no password); the database is created when missing. With DB_URL unset and no
# PostgreSQL answering on localhost:5432, an embedded PostgreSQL starts for the node on
# 127.0.0.1:LOCAL_DB_PORT (default 15432), data kept in .run/postgres, and stops with it.
# PORT (default 8080).
# JMX_PORT (unset: no remote JMX): remote JMX on 127.0.0.1:JMX_PORT with a password, users and
# passwords in .run/jmx/credentials (docs/operations.md, "Remote JMX").
set -euo pipefail
cd "$(dirname "$0")"

PROGRAM=run.sh
RUN_DIR=.run
PORT=${PORT:-8080}
LOCAL_DB_PORT=${LOCAL_DB_PORT:-15432}
# shellcheck source=scripts/local-node.sh
. scripts/local-node.sh

run_node() {
  port_in_use "$PORT" && fail "port $PORT is already in use (another node?). Stop it or set PORT."
  DB_URL=${DB_URL:-jdbc:postgresql://localhost:5432/procurement_cache}
  DB_USER=${DB_USER:-postgres}

  trap 'echo; echo "Stopping the node ..."; stop_node; stop_local_database; echo "Stopped."; exit 0' INT TERM
  start_node local "$PORT" "$RUN_DIR"
  echo
  echo "Sign in to the dashboard (one link per organization; also in $RUN_DIR/sign-in.txt):"
  sed 's/^/  /' "$RUN_DIR/sign-in.txt"
  cat <<INFO

procurement-cache runs on http://localhost:$PORT
  dashboard  http://localhost:$PORT/             (open a sign-in link above, or paste a token)
  health     http://localhost:$PORT/health/ready   (also /health/live, /health)
  API        http://localhost:$PORT/openapi        (endpoints under /api/v1)
  tokens     $RUN_DIR/tokens.json: an admin token and a viewer token per organization
  try it     TOKEN=\$(sed -n 's/.*"admin": *"\\([^"]*\\)".*/\\1/p' $RUN_DIR/tokens.json)
             curl -H "Authorization: Bearer \$TOKEN" http://localhost:$PORT/api/v1/organizations
  log        $RUN_DIR/node.log
INFO
  if [ -n "${JMX_PORT:-}" ]; then
    cat <<INFO
  JMX        jconsole 127.0.0.1:$JMX_PORT   (service:jmx:rmi:///jndi/rmi://127.0.0.1:$JMX_PORT/jmxrmi)
             users and passwords: $(jmx_users_note "$RUN_DIR")
INFO
  fi
  cat <<INFO

Ctrl-C stops the node.
INFO
  wait "$NODE_PID"
}

main() {
  require_java
  command -v curl >/dev/null || fail "curl is needed to wait for the node."
  build_if_needed
  case "${1:-}" in
    "")
      port_in_use "$PORT" && fail "port $PORT is already in use (another node?). Stop it or set PORT."
      if [ -z "${DB_URL:-}" ] && ! port_in_use 5432; then
        trap stop_local_database EXIT
        start_local_database "$RUN_DIR" "$LOCAL_DB_PORT"
      fi
      demo_environment prepare --run-dir "$RUN_DIR" --url "http://localhost:$PORT" || exit $?
      run_node
      ;;
    generate)
      shift
      demo_environment generate "$@"
      ;;
    -h | --help | help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      ;;
    *)
      fail "unknown command '$1' (try ./run.sh --help)"
      ;;
  esac
}

main "$@"
