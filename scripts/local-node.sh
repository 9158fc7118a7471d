# shellcheck shell=bash
# One Payara Micro node of this checkout on this machine: the Java check, the build, starting the
# node and waiting until it is ready, stopping it. Sourced by ./run.sh and bench/run.sh from the
# repository's root, after they set PROGRAM (their name in messages).

WAR=web/target/procurement-cache.war
MICRO=web/target/payara/payara-micro.jar
DEMO_CP="demo/target/procurement-cache-demo.jar:demo/target/lib/*"
# The node start_node started and its start-up time (from launch to ready), in seconds.
NODE_PID=""
NODE_READY_S=""

fail() {
  echo "$PROGRAM: $*" >&2
  exit 1
}

require_java() {
  command -v java >/dev/null || fail "Java 17 or newer is needed (java is not on the PATH)."
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || fail "Java 17 or newer is needed (found ${major:-unknown})."
}

# Builds the WAR, Payara Micro and the demo jar when one is missing or a source is newer than the WAR.
build_if_needed() {
  local changed=""
  if [ -f "$WAR" ] && [ -f "$MICRO" ] && [ -f demo/target/procurement-cache-demo.jar ]; then
    changed=$(find pom.xml ./*/pom.xml localdb/src ejb/src web/src demo/src sql -type f -newer "$WAR" -print -quit)
  else
    changed=yes
  fi
  if [ -n "$changed" ]; then
    echo "Building (first run, or sources changed) ..."
    ./mvnw -q -B -DskipTests -Dspotless.check.skip -pl web,demo -am package ||
      fail "the build failed; run ./mvnw -pl web,demo -am package to see why."
  fi
  if [ ! -f "$WAR" ] || [ ! -f "$MICRO" ]; then
    fail "the build did not produce $WAR and $MICRO."
  fi
}

# The local environment's command line (demo/): prepare, generate, tokens.
demo_environment() {
  java -cp "$DEMO_CP" com.procurementcache.demo.boundary.DemoEnvironment "$@"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Remote JMX for a node of RUN_DIR, when JMX_PORT is set (off otherwise): without
# JMX_PASSWORD_FILE and JMX_ACCESS_FILE of the operator's own, makes RUN_DIR/jmx with a user
# monitor (read-only) and a user operator (read-write), each with a random password, and exports
# their files for start-node.sh. The JVM replaces the passwords in the password file by their
# hashes at the first login, so the clear ones are kept in RUN_DIR/jmx/credentials; every file
# there is its owner's only.
prepare_jmx() {
  local run_dir=$1
  [ -n "${JMX_PORT:-}" ] || return 0
  port_in_use "$JMX_PORT" && fail "JMX_PORT $JMX_PORT is already in use. Choose another or unset it."
  if [ -n "${JMX_PASSWORD_FILE:-}" ] || [ -n "${JMX_ACCESS_FILE:-}" ]; then
    export JMX_PORT JMX_PASSWORD_FILE JMX_ACCESS_FILE
    return 0
  fi
  local dir="$PWD/$run_dir/jmx"
  if [ ! -f "$dir/credentials" ]; then
    (
      umask 077
      mkdir -p "$dir"
      local user password
      for user in monitor operator; do
        password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
        echo "$user $password" >>"$dir/jmxremote.password"
        echo "$user $password" >>"$dir/credentials"
      done
      printf 'monitor readonly\noperator readwrite\n' >"$dir/jmxremote.access"
    )
  fi
  export JMX_PORT JMX_PASSWORD_FILE="$dir/jmxremote.password" JMX_ACCESS_FILE="$dir/jmxremote.access"
}

# Where the users of a node's remote JMX are, for the run command's hints.
jmx_users_note() {
  if [ "${JMX_PASSWORD_FILE:-}" = "$PWD/$1/jmx/jmxremote.password" ]; then
    echo "$1/jmx/credentials (monitor: read-only, operator: read-write)"
  else
    echo "as in $JMX_ACCESS_FILE and $JMX_PASSWORD_FILE"
  fi
}

# start_node NAME PORT RUN_DIR [MEMBERS] [-- MICRO_OPTION ...]
# Starts server-config/micro/start-node.sh in the background (working folder RUN_DIR/micro, log
# RUN_DIR/node.log, token key RUN_DIR/keys/public.pem) and returns once /health/ready answers 200,
# with NODE_PID and NODE_READY_S set. Fails, and stops the node, when it dies first or is not ready
# within 300 s. Needs DB_URL and DB_USER; an empty DB_PASSWORD is unset, since the connection pool
# (which reads DB_* when the node boots) refuses an empty password. With JMX_PORT set, the node
# gets remote JMX (prepare_jmx).
start_node() {
  local name=$1 port=$2 run_dir=$3
  shift 3
  prepare_jmx "$run_dir"
  export DB_URL DB_USER
  [ -n "${DB_PASSWORD:-}" ] || unset DB_PASSWORD
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$PWD/$run_dir/keys/public.pem"
  mkdir -p "$run_dir"
  local log="$run_dir/node.log"
  NODE_ROOT="$run_dir/micro" server-config/micro/start-node.sh "$name" "$port" "$@" >"$log" 2>&1 &
  NODE_PID=$!

  echo -n "Starting the node (log: $log) "
  local started=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; do
    if ! kill -0 "$NODE_PID" 2>/dev/null; then
      echo
      tail -n 40 "$log" >&2
      NODE_PID=""
      fail "the node stopped before it was ready; the log above and $log say why."
    fi
    if [ $((SECONDS - started)) -gt 300 ]; then
      echo
      curl -s "http://127.0.0.1:$port/health/ready" >&2 || true
      stop_node
      fail "the node was not ready after 300 s; see $log."
    fi
    echo -n "."
    sleep 1
  done
  NODE_READY_S=$((SECONDS - started))
  echo " ready after $NODE_READY_S s."
}

# Stops the node start_node started: SIGTERM (a clean stop releases its refresh runs at once),
# SIGKILL after 30 s.
stop_node() {
  [ -n "$NODE_PID" ] || return 0
  if kill -0 "$NODE_PID" 2>/dev/null; then
    kill -TERM "$NODE_PID" 2>/dev/null || true
    for _ in $(seq 60); do
      kill -0 "$NODE_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$NODE_PID" 2>/dev/null || true
  fi
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=""
}

# The embedded PostgreSQL (localdb/) for a machine without one: started by start_local_database,
# stopped by stop_local_database; LOCAL_DB_PID is its launcher.
LOCAL_DB_PID=""

# start_local_database RUN_DIR PORT
# Starts a real PostgreSQL from the embedded binaries on 127.0.0.1:PORT, its data kept in
# RUN_DIR/postgres (a hard kill of the previous run is taken over), the launcher's output in
# RUN_DIR/local-database.log; returns once it accepts connections, with DB_URL and DB_USER set.
start_local_database() {
  local run_dir=$1 port=$2 log="$1/local-database.log"
  mkdir -p "$run_dir"
  echo "No DB_URL is set and no PostgreSQL answers on localhost:5432:"
  echo -n "starting an embedded PostgreSQL on 127.0.0.1:$port, data in $run_dir/postgres (log: $log) "
  java -cp "$DEMO_CP" com.procurementcache.localdb.boundary.LocalDatabase \
    serve "$run_dir/postgres" "$port" >"$log" 2>&1 &
  LOCAL_DB_PID=$!
  local started=$SECONDS
  until grep -q '^PostgreSQL ready' "$log" 2>/dev/null; do
    if ! kill -0 "$LOCAL_DB_PID" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
      echo
      tail -n 20 "$log" >&2
      stop_local_database
      fail "the embedded PostgreSQL did not start; see $log and $run_dir/postgres/postgres.log."
    fi
    echo -n "."
    sleep 1
  done
  echo " ready."
  export DB_URL="jdbc:postgresql://127.0.0.1:$port/procurement_cache" DB_USER=postgres
  unset DB_PASSWORD
}

# Stops the embedded PostgreSQL start_local_database started (its launcher stops it on SIGTERM).
stop_local_database() {
  [ -n "$LOCAL_DB_PID" ] || return 0
  kill -TERM "$LOCAL_DB_PID" 2>/dev/null || true
  wait "$LOCAL_DB_PID" 2>/dev/null || true
  LOCAL_DB_PID=""
}
