#!/usr/bin/env bash
# Runs procurement-cache on this machine: one Payara Micro node on http://localhost:8080 over
# PostgreSQL, with demo data and local tokens.
#
#   ./run.sh                                  build if needed, prepare the database, start the node
#   ./run.sh generate --scale bench [--seed N]   fill an empty database with generated data
#
# Database: DB_URL, DB_USER, DB_PASSWORD (default jdbc:postgresql://localhost:5432/procurement_cache,
# user postgres, no password); the database is created when missing. PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")"

RUN_DIR=.run
PORT=${PORT:-8080}
WAR=web/target/procurement-cache.war
MICRO=web/target/payara/payara-micro.jar
DEMO_CP="demo/target/procurement-cache-demo.jar:demo/target/lib/*"

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

require_java() {
  command -v java >/dev/null || fail "Java 17 or newer is needed (java is not on the PATH)."
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is needed (found ${major:-unknown})."
}

build_if_needed() {
  local changed=""
  if [ -f "$WAR" ] && [ -f "$MICRO" ] && [ -f demo/target/procurement-cache-demo.jar ]; then
    changed=$(find pom.xml ./*/pom.xml ejb/src web/src demo/src sql -type f -newer "$WAR" -print -quit)
  else
    changed=yes
  fi
  if [ -n "$changed" ]; then
    echo "Building (first run, or sources changed) ..."
    ./mvnw -q -B -DskipTests -Dspotless.check.skip -pl web,demo -am package
  fi
}

demo_environment() {
  java -cp "$DEMO_CP" com.procurementcache.demo.boundary.DemoEnvironment "$@"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_node() {
  port_in_use "$PORT" && fail "port $PORT is already in use (another node?). Stop it or set PORT."
  # The connection pool reads DB_* when the node boots (server-config/micro/). It refuses an
  # empty password: with trust authentication the variable stays unset.
  export DB_URL=${DB_URL:-jdbc:postgresql://localhost:5432/procurement_cache}
  export DB_USER=${DB_USER:-postgres}
  [ -n "${DB_PASSWORD:-}" ] || unset DB_PASSWORD
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$PWD/$RUN_DIR/keys/public.pem"
  # On a laptop the node shares its cores with its own start-up, which would hold the first
  # refresh back for a minute or two (refresh.max-load is about the host's load per core).
  export REFRESH_MAX_LOAD=${REFRESH_MAX_LOAD:-4}

  mkdir -p "$RUN_DIR"
  local log="$RUN_DIR/node.log"
  NODE_ROOT="$RUN_DIR/micro" server-config/micro/start-node.sh local "$PORT" >"$log" 2>&1 &
  local pid=$!
  trap 'echo; echo "Stopping the node ..."; kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; echo "Stopped."; exit 0' INT TERM

  echo -n "Starting the node (log: $log) "
  local started=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/health/ready")" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo
      tail -n 40 "$log" >&2
      fail "the node stopped before it was ready; the log above and $log say why."
    fi
    if [ $((SECONDS - started)) -gt 300 ]; then
      echo
      curl -s "http://localhost:$PORT/health/ready" >&2 || true
      kill -TERM "$pid" 2>/dev/null
      fail "the node was not ready after 300 s; see $log."
    fi
    echo -n "."
    sleep 1
  done
  echo " ready after $((SECONDS - started)) s."
  cat <<INFO

procurement-cache runs on http://localhost:$PORT
  health     http://localhost:$PORT/health/ready   (also /health/live, /health)
  API        http://localhost:$PORT/openapi        (endpoints under /api/v1)
  tokens     $RUN_DIR/tokens.json: an admin token and a viewer token per organization
  try it     TOKEN=\$(sed -n 's/.*"admin": *"\\([^"]*\\)".*/\\1/p' $RUN_DIR/tokens.json)
             curl -H "Authorization: Bearer \$TOKEN" http://localhost:$PORT/api/v1/organizations
  log        $log

Ctrl-C stops the node.
INFO
  wait "$pid"
}

main() {
  require_java
  command -v curl >/dev/null || fail "curl is needed to wait for the node."
  build_if_needed
  case "${1:-}" in
    "")
      demo_environment prepare --run-dir "$RUN_DIR" || exit $?
      start_node
      ;;
    generate)
      shift
      demo_environment generate "$@"
      ;;
    -h | --help | help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      ;;
    *)
      fail "unknown command '$1' (try ./run.sh --help)"
      ;;
  esac
}

main "$@"
