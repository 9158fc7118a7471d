#!/usr/bin/env bash
# How fast a freshly started node's cached GET warms up, per set of JVM options: for each
# argument (a NODE_JVM_OPTIONS value; "" for the JVM's defaults), start the run command's node,
# then measure with wrk (-t2 -c16, 10 s each) the cached dashboard-metrics of the first active
# organization six times in a row, a static file, and the same data computed from the source.
# Prints one TSV row per argument. Needs the demo database (./run.sh once) and wrk.
#
#   bench/warm-up.sh "-XX:+UseG1GC" "-XX:+UseParallelGC" "-XX:+UseG1GC" "-XX:+UseParallelGC"
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
BASE=http://localhost:8080
LOG=.run/warm-up.log
mkdir -p .run

rps() { wrk -t2 -c16 -d10s "$@" 2>/dev/null | awk '/Requests\/sec/ {printf "%.0f", $2}'; }

stop() {
  [ -n "${pid:-}" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}
trap stop EXIT

printf 'options\tcached 1..6 (req/s)\tstatic\tlive\tcached 2 / live\n'
for options in "$@"; do
  NODE_JVM_OPTIONS="$options" setsid ./run.sh >"$LOG" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    curl -sf -o /dev/null "$BASE/health/ready" && break
    sleep 1
  done
  admin=$(sed -n 's/.*"admin": *"\([^"]*\)".*/\1/p' .run/tokens.json)
  org=$(curl -s -H "Authorization: Bearer $admin" "$BASE/api/v1/organizations" |
    jq -r '[.[] | select(.status == "active")][0].id')
  viewer=$(jq -r --arg id "$org" '.organizations[] | select(.id == $id) | .viewerToken' .run/tokens.json)
  url="$BASE/api/v1/organizations/$org/dashboard-metrics"
  curl -s -o /dev/null -H "Authorization: Bearer $viewer" "$url"
  cached=()
  for _ in 1 2 3 4 5 6; do cached+=("$(rps -H "Authorization: Bearer $viewer" "$url")"); done
  static=$(rps "$BASE/dashboard/dashboard.css")
  live=$(rps -H "Authorization: Bearer $admin" "$url?source=live")
  printf '%s\t%s\t%s\t%s\t%s\n' "${options:-(defaults)}" "${cached[*]}" "$static" "$live" \
    "$(awk -v a="${cached[1]}" -v b="$live" 'BEGIN{printf "%.1f", a/b}')"
  stop
done
