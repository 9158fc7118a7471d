# shellcheck shell=bash
# bench/run.sh's measurements of the node itself: the fixed-rate (open-loop) load of
# bench/load/fixed-rate.mjs, the CPU the load generators and the node use, the JFR profile of the
# cached GET, and the facts of the node (its HTTP worker pool, its JVM's flags). Sourced by
# bench/run.sh after its own helpers (say, record, figure, fail, api); reads NODE_PID, RUN_DIR,
# RESULTS, ADMIN, SECONDS_EACH.
#
# Settings: BENCH_RATE_CONNECTIONS (64, the fixed-rate generator's keep-alive connections),
# BENCH_REFRESH_WAIT (2400 s: how long the refresh under load may take before the run stops
# waiting for it and reports it unfinished; refresh.timeout is 30 min).

RATE_CONNECTIONS=${BENCH_RATE_CONNECTIONS:-64}
REFRESH_WAIT=${BENCH_REFRESH_WAIT:-2400}
CLK_TCK=$(getconf CLK_TCK)
# Background processes this run started (the open-ended load, the status sampler): stopped by
# stop_background, by their process ids.
BACKGROUND_PIDS=()

load_install_generator() {
  local lock=bench/load/package-lock.json installed=bench/load/node_modules/.package-lock.json
  if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    say "installing the fixed-rate load generator (npm ci in bench/load) ..."
    (cd bench/load && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bench/load failed."
  fi
}

node_cpu_ticks() { # -> user + system clock ticks of the node so far
  awk '{ print $14 + $15 }' "/proc/$NODE_PID/stat"
}

# cores_used CPU_SECONDS WALL_SECONDS -> CPU seconds per wall second (1.00 = one core busy)
cores_used() {
  awk -v c="$1" -v w="$2" 'BEGIN { if (w <= 0) print "n/a"; else printf "%.2f", c / w }'
}

# record_node_cpu NAME TICKS_BEFORE WALL_SECONDS: the node's CPU over a measurement, in cores.
record_node_cpu() {
  local ticks
  ticks=$(($(node_cpu_ticks) - $2))
  record "$1.node_cpu" "$(cores_used "$(awk -v t="$ticks" -v h="$CLK_TCK" 'BEGIN { print t / h }')" "$3")"
}

# rate_run NAME URL RATE [SECONDS] [header ...]: a fixed-rate load of RATE requests/s for SECONDS
# (default SECONDS_EACH), each header given as "Name: value"; figures rate.NAME.*.
rate_run() {
  local name=$1 url=$2 rate=$3 seconds=${4:-$SECONDS_EACH} header args=() out line ticks
  shift 4 || shift $#
  for header in "$@"; do args+=(--header "$header"); done
  ticks=$(node_cpu_ticks)
  out=$(node bench/load/fixed-rate.mjs --url "$url" --rate "$rate" --seconds "$seconds" \
    --connections "$RATE_CONNECTIONS" --out "$RUN_DIR/rate-$name.json" "${args[@]}")
  record_rate "$name" "$out" "$ticks"
}

# record_rate NAME OUTPUT NODE_TICKS_BEFORE: the figures of one fixed-rate load from its RATE line.
record_rate() {
  local name=$1 line
  line=$(grep '^RATE ' <<<"$2") || fail "the fixed-rate load $name gave no report; see $RUN_DIR/rate-$name.json."
  local target achieved sent completed errors unfinished p50 p90 p99 max lag99 cpu wall
  read -r _ target achieved sent completed errors unfinished p50 p90 p99 max lag99 cpu wall <<<"$line"
  record "rate.$name.target_rps" "$target"
  record "rate.$name.achieved_rps" "$achieved"
  record "rate.$name.sent" "$sent"
  record "rate.$name.completed" "$completed"
  record "rate.$name.errors" "$((errors + unfinished))"
  record "rate.$name.p50_ms" "$p50"
  record "rate.$name.p90_ms" "$p90"
  record "rate.$name.p99_ms" "$p99"
  record "rate.$name.max_ms" "$max"
  record "rate.$name.send_lag_p99_ms" "$lag99"
  record "rate.$name.seconds" "$wall"
  record "rate.$name.gen_cpu" "$(cores_used "$cpu" "$wall")"
  record_node_cpu "rate.$name" "$3" "$wall"
  say "$(printf '%-13s %9s req/s of %s  p50 %7s ms  p99 %7s ms  send lag p99 %s ms  (%s errors; generator %s cores, node %s)' \
    "$name" "$achieved" "$target" "$p50" "$p99" "$lag99" "$((errors + unfinished))" \
    "$(figure "rate.$name.gen_cpu")" "$(figure "rate.$name.node_cpu")")"
}

# start_open_load NAME URL RATE [header ...]: the fixed-rate load in the background until
# stop_open_load; RATE_PID is its process.
start_open_load() {
  local name=$1 url=$2 rate=$3 header args=()
  shift 3
  for header in "$@"; do args+=(--header "$header"); done
  OPEN_LOAD_TICKS=$(node_cpu_ticks)
  node bench/load/fixed-rate.mjs --url "$url" --rate "$rate" --seconds 0 \
    --connections "$RATE_CONNECTIONS" --out "$RUN_DIR/rate-$name.json" "${args[@]}" \
    >"$RUN_DIR/rate-$name.out" &
  RATE_PID=$!
  OPEN_LOAD_NAME=$name
  BACKGROUND_PIDS+=("$RATE_PID")
}

stop_open_load() {
  kill -TERM "$RATE_PID" 2>/dev/null || true
  wait "$RATE_PID" || true
  record_rate "$OPEN_LOAD_NAME" "$(cat "$RUN_DIR/rate-$OPEN_LOAD_NAME.out")" "$OPEN_LOAD_TICKS"
}

# The refresh's status once a second into STATUS_LOG ("epoch<TAB>state<TAB>phase"), in the
# background until stop_background.
start_status_sampler() {
  STATUS_LOG=$RUN_DIR/refresh-status.tsv
  : >"$STATUS_LOG"
  (
    while true; do
      api GET /api/v1/refresh/status --max-time 2 2>/dev/null |
        jq -r --arg t "$(date +%s.%N)" '[$t, .state, (.phase // "")] | @tsv' >>"$STATUS_LOG" || true
      sleep 1
    done
  ) &
  BACKGROUND_PIDS+=("$!")
}

# record_phases NAME T0 T1: what the status said between T0 and T1 (epoch seconds): the states
# seen, the first and last phase, and the share of samples whose phase says the refresh waits.
record_phases() {
  local name=$1 t0=$2 t1=$3
  local states first last waiting
  states=$(awk -F'\t' -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { n[$2]++ }
    END { for (s in n) out = out (out == "" ? "" : ", ") s " " n[s]; print out }' "$STATUS_LOG")
  first=$(awk -F'\t' -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { print $3; exit }' "$STATUS_LOG")
  last=$(awk -F'\t' -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { p = $3 } END { print p }' "$STATUS_LOG")
  waiting=$(awk -F'\t' -v a="$t0" -v b="$t1" '$1 >= a && $1 <= b { n++; if (tolower($3) ~ /wait|defer/) w++ }
    END { if (n == 0) print "n/a"; else printf "%.2f", w / n }' "$STATUS_LOG")
  record "$name.states" "${states:-none sampled}"
  record "$name.phase_first" "${first:-none}"
  record "$name.phase_last" "${last:-none}"
  record "$name.waiting_share" "$waiting"
}

stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  BACKGROUND_PIDS=()
}

# record_node_facts: the node's HTTP worker pool as configured (its domain.xml, after the
# post-boot commands) and its JVM: the arguments it was started with and the flags in force.
record_node_facts() {
  local domain=$RUN_DIR/micro/config/domain.xml pool='//thread-pool[@name="http-thread-pool"]'
  [ -f "$domain" ] || fail "the node wrote no $domain."
  record node.http_pool_min "$(xmllint --xpath "string($pool/@min-thread-pool-size)" "$domain")"
  record node.http_pool_max "$(xmllint --xpath "string($pool/@max-thread-pool-size)" "$domain")"
  record node.http_pool_queue "$(xmllint --xpath "string($pool/@max-queue-size)" "$domain")"
  record node.http_listener_pool "$(xmllint --xpath 'string(//network-listener[@name="http-listener"]/@thread-pool)' "$domain")"
  record node.jvm_args "$(jcmd "$NODE_PID" VM.command_line | sed -n 's/^jvm_args: *//p')"
  record node.jvm_flags "$(jcmd "$NODE_PID" VM.flags | sed -n '/^-/p' | tr '\n' ' ' | sed 's/ $//')"
}

# record_http_threads NAME: the HTTP worker threads alive now (named after the pool).
record_http_threads() {
  record "node.http_threads_$1" "$(jcmd "$NODE_PID" Thread.print | grep -c '^"http-thread-pool::' || true)"
}

# profile_run NAME URL [wrk options ...]: wrk_run NAME with a JFR recording (settings=profile) of
# the node for its duration; the recording stays in RUN_DIR, its summary goes next to the results
# file (<results>-profile.md) and its main shares into the results (profile.*).
profile_run() {
  local name=$1 jfr=$PWD/$RUN_DIR/$1.jfr summary=${RESULTS%.tsv}-profile.md
  rm -f "$jfr"
  # Deeper stacks than the default 64 frames: a request through Payara is deeper than that.
  jcmd "$NODE_PID" JFR.configure stackdepth=256 >/dev/null 2>&1 || true
  # The first recording in a JVM starts Flight Recorder itself (seconds of class loading and
  # set-up on 2 cores): a short throwaway one first, so that the measured one profiles requests.
  jcmd "$NODE_PID" JFR.start name="$name-warm-up" settings=profile duration=2s >/dev/null ||
    fail "jcmd JFR.start failed on the node."
  local since=$SECONDS
  while jcmd "$NODE_PID" JFR.check name="$name-warm-up" 2>/dev/null | grep -q '(running)'; do
    [ $((SECONDS - since)) -lt 60 ] || fail "the throwaway JFR recording did not end within 60 s."
    sleep 1
  done
  jcmd "$NODE_PID" JFR.start name="$name" settings=profile duration="${SECONDS_EACH}s" filename="$jfr" >/dev/null ||
    fail "jcmd JFR.start failed on the node."
  wrk_run "$@"
  since=$SECONDS
  until [ -s "$jfr" ] && ! jcmd "$NODE_PID" JFR.check name="$name" 2>/dev/null | grep -q '(running)'; do
    [ $((SECONDS - since)) -lt 60 ] || fail "the JFR recording $jfr was not written within 60 s."
    sleep 1
  done
  jfr print --json --events jdk.ExecutionSample --stack-depth 256 "$jfr" >"$RUN_DIR/$name-samples.json"
  local key value
  while IFS=$'\t' read -r key value; do
    record "$key" "$value"
  done < <(node bench/load/profile-summary.mjs --json "$RUN_DIR/$name-samples.json" --out "$summary" \
    --title "JFR profile of the cached GET (wrk, $(figure "wrk.$name.rps") requests/s), $(date -u +%Y-%m-%d)")
  rm -f "$RUN_DIR/$name-samples.json"
  record profile.summary "$(basename "$summary")"
  say "profile: $(figure profile.samples) samples; attributed: ours $(figure profile.attributed.ours), jersey $(figure profile.attributed.jersey), payara/glassfish $(figure profile.attributed.payara/glassfish); summary $summary"
}
