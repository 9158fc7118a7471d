# shellcheck shell=bash
# The campaign's scenarios (bench/campaign.sh): scenario_<name> MODE (quick or full). Each starts
# the nodes it needs; bench/campaign.sh stops them whatever happens. Sourced after lib.sh.

not_yet() { # SCENARIO WHY
  say "  not yet: $2"
  record "$1" status not-yet
}

# A number from the scenario's JSON result.
jqr() { jq -r "$1" "$2"; }

# Nights: many nights on real nodes, through both daylight-saving days of a year, with kill -9 of
# the node that runs, restarts and a schedule change between nights. A night is a date in
# refresh.zone, so real nights come once a day: the nodes are given a clock instead
# (clock.offset-file: the system clock moved by the offset in one file all three read) and the
# scenario moves it to a little before each night's fire time once the night before has ended.
# Time passes at its real rate in between, so leases, takeovers and retries are real.
# Two series of nights at the production defaults (refresh.zone Europe/Copenhagen, 0 2 * * *):
# one around the last Sunday of March 2027 (02:00 does not happen), one around the last Sunday of
# October 2027 (02:00 happens twice); the schedule changes to 30 2 * * * by a rolling restart
# within the first series. The nodes work on a database of their own (CAMPAIGN_DB_nights, the
# demo data set: 45 active organizations, so that a run takes seconds), made anew each time. The
# expected fire times are computed by Python's zoneinfo, not by the product. The running node is
# killed (kill -9) and started again on the March night and, by chance, in about one night in six.
scenario_nights() {
  local mode=$1 s=nights zone=Europe/Copenhagen copy=${CAMPAIGN_DB}_nights
  command -v python3 >/dev/null || fail "python3 is needed for the nights scenario (apt-get install python3)."
  local per_series=25 kill_percent=16 seed=${CAMPAIGN_SEED:-$RANDOM}
  [ "$mode" = quick ] && per_series=4 kill_percent=25
  RANDOM=$seed
  say "making $copy with the demo data set ..."
  psql -d postgres -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $copy" >/dev/null
  CAMPAIGN_DB=$copy
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$copy" DB_USER=$PGUSER
  if [ -n "${PGPASSWORD:-}" ]; then export DB_PASSWORD=$PGPASSWORD; else unset DB_PASSWORD; fi
  # prepare: the database, its migrations, the demo data set (seed 42) and the nodes' keys.
  demo_environment prepare --run-dir "$CAMPAIGN_DIR" >"$CAMPAIGN_DIR/nights-prepare.log" 2>&1 ||
    fail "preparing $copy failed: $(tail -n 3 "$CAMPAIGN_DIR/nights-prepare.log")"
  local clock=$PWD/$CAMPAIGN_DIR/clock-offset
  export CLOCK_OFFSET_FILE=$clock REFRESH_ZONE=$zone REFRESH_SCHEDULE='0 2 * * *' \
    REFRESH_WATCH_INTERVAL=PT2S REFRESH_LEASE_DURATION=PT10S REFRESH_HEARTBEAT_INTERVAL=PT3S \
    REFRESH_WAIT_IF_HIGH_LOAD=false
  # The series: the last Sunday of March 2027 is the 28th, of October the 31st; each series has
  # that night in its middle. The schedule changes after the first series' first third.
  local spring autumn change_after
  spring=$(python3 -c "import datetime as d; print(d.date(2027,3,28) - d.timedelta(days=$per_series // 2))")
  autumn=$(python3 -c "import datetime as d; print(d.date(2027,10,31) - d.timedelta(days=$per_series // 2))")
  change_after=$(python3 -c "import datetime as d; print(d.date.fromisoformat('$spring') + d.timedelta(days=$per_series // 3 - 1))")
  local nights=() night i
  for i in $(seq 0 $((per_series - 1))); do nights+=("$(date -u -d "$spring + $i day" +%F)"); done
  for i in $(seq 0 $((per_series - 1))); do nights+=("$(date -u -d "$autumn + $i day" +%F)"); done
  local before_first gap_night
  before_first=$(date -u -d "$spring - 1 day" +%F)
  gap_night=$(date -u -d "$autumn - 1 day" +%F)
  say "${#nights[@]} nights: $spring … +$((per_series - 1)), $autumn … +$((per_series - 1)) ($zone); schedule 0 2 * * *, 30 2 * * * after $change_after; kill -9 in about $kill_percent % of the nights (seed $seed)"
  # The nodes start at noon of the day before the first night: the first node catches that night up
  # (a database never refreshed catches up whatever the window).
  set_clock "$(fire_time "$zone" 12:00 "$before_first" first)"
  campaign_start_nodes
  say "waiting for the start's catch-up run ..."
  wait_until_idle
  local hhmm=02:00 fire second kills=0 late_max=0 early=0 killed_nights=() n run_id owner index status trigger started
  for night in "${nights[@]}"; do
    fire=$(fire_time "$zone" "$hhmm" "$night" first)
    set_clock $((fire - 3))
    local waited=$SECONDS
    until [ -n "$(q -c "SELECT 1 FROM refresh_runs WHERE scheduled_night = '$night'")" ]; do
      [ $((SECONDS - waited)) -lt 60 ] || break
      sleep 0.2
    done
    # The spring night, when 02:00 does not happen, always has a kill; the others by chance.
    if [ $((RANDOM % 100)) -lt "$kill_percent" ] || [ "$night" = 2027-03-28 ]; then
      waited=$SECONDS
      while true; do
        IFS='|' read -r run_id owner n <<<"$(q -c "SELECT id, lease_owner, organizations_done FROM refresh_runs WHERE scheduled_night = '$night' AND status = 'running'")"
        [ -n "${run_id:-}" ] && [ "${n:-0}" -ge 1 ] && break
        [ -z "$(q -c "SELECT 1 FROM refresh_runs WHERE scheduled_night = '$night' AND status NOT IN ('pending', 'running')")" ] || break
        [ $((SECONDS - waited)) -lt 60 ] || break
        sleep 0.1
      done
      index=$(node_index_of_pid "${owner%%@*}")
      if [ -n "${run_id:-}" ] && [ -n "$index" ]; then
        say "night $night: kill -9 of node c$index (lease owner) at $n organizations; starting it again"
        campaign_kill_node "$index"
        kills=$((kills + 1))
        killed_nights+=("$night")
        campaign_start_node "$index"
      fi
      run_id="" owner="" n=""
    fi
    waited=$SECONDS
    until [ "$(q -c "SELECT count(*) FROM refresh_runs WHERE status IN ('pending', 'running')")" -eq 0 ] &&
      [ -n "$(q -c "SELECT 1 FROM refresh_runs WHERE scheduled_night = '$night'")" ]; do
      [ $((SECONDS - waited)) -lt 300 ] || { say "  night $night: no ended run after 300 s"; break; }
      sleep 0.2
    done
    IFS='|' read -r status trigger started n <<<"$(q -c "SELECT status, trigger, extract(epoch FROM started_at)::bigint, fencing_token FROM refresh_runs WHERE scheduled_night = '$night'")"
    say "night $night: ${status:-no run} (${trigger:-}), fire $(date -u -d "@$fire" +%H:%MZ), fencing token ${n:-}"
    if [ -n "${started:-}" ]; then
      [ $((started - fire)) -gt "$late_max" ] && late_max=$((started - fire))
      [ "$started" -lt "$fire" ] && early=$((early + 1))
    fi
    second=$(fire_time "$zone" "$hhmm" "$night" second)
    if [ "$second" -gt "$fire" ]; then
      say "night $night: its fire time happens again at $(date -u -d "@$second" +%H:%MZ); watching it pass ..."
      set_clock $((second - 3))
      sleep 10
      n=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night = '$night'")
      record $s "repeatedFireTime.$night.runs" "$n"
      check $s "once-through-the-repeated-fire-time-of-$night" "$([ "$n" -eq 1 ] && echo 0 || echo 1)" \
        "$n run of $night after its fire time passed a second time"
    fi
    if [ "$night" = "$change_after" ]; then
      say "schedule change to 30 2 * * *: a rolling restart of the three nodes"
      export REFRESH_SCHEDULE='30 2 * * *'
      hhmm=02:30
      for i in 0 1 2; do
        NODE_PID=${NODE_PIDS[$i]}
        stop_node
        NODE_PIDS[$i]=""
        campaign_start_node "$i"
      done
    fi
  done
  campaign_stop_nodes
  check $s no-night-before-its-fire-time "$early" "$early runs started before their night's fire time (the spring night's 02:00 and 02:30 move to 03:00 and 03:30 summer time)"
  nights_findings "$s" "$zone" "$before_first" "$gap_night" "$kills" "${#nights[@]}" "$late_max" "${nights[@]}"
  say "  killed in the nights: ${killed_nights[*]:-none}"
}

# set_clock EPOCH_SECONDS: the nodes' clock (clock.offset-file) reads that instant now; written to
# another file and renamed over the old one, so that no node reads half of it.
set_clock() {
  local offset
  offset=$(awk -v target="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "PT%.3fS", target - now }')
  printf '%s\n' "$offset" >"$CLOCK_OFFSET_FILE.new"
  mv -f "$CLOCK_OFFSET_FILE.new" "$CLOCK_OFFSET_FILE"
}

# fire_time ZONE HH:MM DATE first|second: the instant (epoch seconds) of that wall-clock time on
# that date in that zone: its first occurrence (a time in a spring-forward gap moves forward by the
# gap), or its second one (the same as the first unless the time happens twice).
fire_time() {
  python3 - "$@" <<'EOF'
import datetime, sys, zoneinfo
zone, hhmm, date, which = sys.argv[1:]
hour, minute = map(int, hhmm.split(":"))
local = datetime.datetime.combine(datetime.date.fromisoformat(date), datetime.time(hour, minute))
first = local.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=0).timestamp()
second = local.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=1).timestamp()
print(int(first if which == "first" else max(first, second)))
EOF
}

# What the nights left in the ledger, against what the scenario did.
nights_findings() {
  local s=$1 zone=$2 before_first=$3 gap_night=$4 kills=$5 count=$6 late_max=$7
  shift 7
  local list
  list=$(printf "'%s'," "$@")
  list=${list%,}
  local runs duplicates other missed missed_nights not_completed not_on_time active not_once takeovers outcomes_missing
  runs=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night IN ($list) AND status <> 'missed'")
  duplicates=$(q -c "SELECT count(*) FROM (SELECT scheduled_night FROM refresh_runs WHERE scheduled_night IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d")
  other=$(q -c "SELECT count(*) FROM refresh_runs WHERE status <> 'missed' AND (scheduled_night IS NULL OR scheduled_night NOT IN ($list, '$before_first'))")
  missed_nights=$(q -c "SELECT coalesce(string_agg(scheduled_night::text, ',' ORDER BY scheduled_night), '') FROM refresh_runs WHERE status = 'missed'")
  missed=$(q -c "SELECT count(*) FROM refresh_runs WHERE status = 'missed' AND scheduled_night IN ($list)")
  not_completed=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night IN ($list) AND status <> 'completed'")
  not_on_time=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night IN ($list) AND trigger <> 'schedule'")
  takeovers=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night IN ($list) AND fencing_token > 1")
  active=$(q -c "SELECT count(*) FROM organizations WHERE status = 'active'")
  # Per night: every active organization has exactly one outcome, and it is 'refreshed'.
  not_once=$(q -c "SELECT count(*) FROM refresh_runs r CROSS JOIN organizations g
    LEFT JOIN LATERAL (SELECT count(*) AS n, bool_and(o.outcome = 'refreshed') AS ok FROM refresh_outcomes o
                       WHERE o.run_id = r.id AND o.organization_id = g.id) x ON true
    WHERE r.scheduled_night IN ($list) AND g.status = 'active' AND (x.n <> 1 OR NOT x.ok)")
  outcomes_missing=$(q -c "SELECT count(*) FROM refresh_runs r WHERE r.scheduled_night IN ($list)
    AND r.organizations_total <> (SELECT count(*) FROM refresh_outcomes o WHERE o.run_id = r.id)")
  record $s nights "$count"
  record $s zone "$zone"
  record $s kills "$kills"
  record $s takenOver "$takeovers"
  record $s runs "$runs"
  record $s duplicateRuns "$duplicates"
  record $s otherRuns "$other"
  record $s missedOfTheNights "$missed"
  record $s missedNights "$missed_nights"
  record $s notCompleted "$not_completed"
  record $s notOnTime "$not_on_time"
  record $s latestStartAfterFireS "$late_max"
  record $s activeOrganizations "$active"
  record $s organizationNightsNotRefreshedOnce "$not_once"
  check $s one-run-a-night "$([ "$runs" -eq "$count" ] && [ "$duplicates" -eq 0 ] && echo 0 || echo 1)" \
    "$runs runs for $count nights, $duplicates nights with more than one"
  check $s no-missed-night "$missed" "$missed of the $count nights recorded as missed"
  check $s only-the-gap-recorded-missed "$([ "$missed_nights" = "$gap_night" ] && echo 0 || echo 1)" \
    "recorded as missed: ${missed_nights:-none} (expected: $gap_night, the night before the second series, which the clock's jump over it left unrun)"
  check $s no-other-runs "$other" "$other runs beyond the nights and the start's catch-up of $before_first"
  check $s every-night-on-time-and-completed "$([ "$not_completed" -eq 0 ] && [ "$not_on_time" -eq 0 ] && echo 0 || echo 1)" \
    "$not_completed not completed, $not_on_time not started by the schedule; latest start ${late_max} s after its fire time"
  check $s every-active-organization-once-a-night "$([ "$not_once" -eq 0 ] && [ "$outcomes_missing" -eq 0 ] && echo 0 || echo 1)" \
    "$active active organizations × $count nights: $not_once without exactly one 'refreshed' outcome; $outcomes_missing runs whose outcomes do not add up"
  check $s kills-taken-over "$([ "$takeovers" -ge "$kills" ] && echo 0 || echo 1)" \
    "$kills kills, $takeovers runs finished under a later fencing token"
}

# PostgreSQL down: three nodes; readers of cached keys, a subscriber per node and a forced run of
# named organizations; PostgreSQL stopped for 30 s (20 s in quick mode) with CAMPAIGN_PG_STOP and
# started again with CAMPAIGN_PG_START (default: pg_ctlcluster of the cluster on PGPORT).
scenario_postgres_down() {
  local mode=$1 out=$CAMPAIGN_DIR/postgres-down.json outage=30 size=300 cluster
  [ "$mode" = quick ] && { outage=20; size=150; }
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v port="$PGPORT" '$3 == port { print $1 " " $2; exit }')
  local stop=${CAMPAIGN_PG_STOP:-pg_ctlcluster $cluster stop} start=${CAMPAIGN_PG_START:-pg_ctlcluster $cluster start}
  [ -n "$cluster" ] || [ -n "${CAMPAIGN_PG_STOP:-}" ] || fail "no PostgreSQL cluster on port $PGPORT to stop; set CAMPAIGN_PG_STOP and CAMPAIGN_PG_START."
  export REFRESH_WAIT_IF_HIGH_LOAD=false
  campaign_start_idle_nodes
  local status=0
  timeout 900 node bench/campaign/postgres-down.mjs \
    --nodes "$(node_url 0),$(node_url 1),$(node_url 2)" --tokens "$CAMPAIGN_DIR/tokens.json" --db "$CAMPAIGN_DB" \
    --out "$out" --outage "$outage" --organizations "$size" --stop "$stop" --start "$start" || status=$?
  pg_isready -q -h "$PGHOST" -p "$PGPORT" || $start >/dev/null 2>&1 || true
  [ "$status" -eq 0 ] || { check postgres-down completed 1 "the client stopped ($status): $(jqr .error "$out")"; return; }
  local s=postgres-down key
  printf '%s\t%s\tno\n' "$(jqr .runId "$out")" "$(jqr .organizations "$out")" >>"$CAMPAIGN_RESULTS.audit"
  for key in organizations outageSeconds cachedReads cachedReadsFailed cachedReadSlowestMs misses misses503Problem \
    missSlowestMs runStatus runEndedSecondsAfterRestart outcomes expectedEventsPerSubscriber eventsMissing \
    eventsDuplicated resyncs reconnects halfWritten; do
    record $s "$key" "$(jqr ".$key" "$out")"
  done
  record $s readyAgainSeconds "$(jqr '.readyAgainSeconds | map(tostring) | join(",")' "$out")"
  record $s byOutcome "$(jqr '.byOutcome | tostring' "$out")"
  check $s cached-keys-answer "$(jqr .cachedReadsFailed "$out")" \
    "$(jqr .cachedReads "$out") cached reads, $(jqr .cachedReadsFailed "$out") failed, slowest $(jqr .cachedReadSlowestMs "$out") ms"
  check $s misses-fail-fast "$(jqr 'if .misses503Problem == .misses and .missSlowestMs <= 15000 then 0 else 1 end' "$out")" \
    "$(jqr .misses503Problem "$out") of $(jqr .misses "$out") misses a 503 problem (others: $(jqr '.missOtherAnswers | join(",")' "$out")), slowest $(jqr .missSlowestMs "$out") ms"
  check $s readiness-down-during-outage "$(jqr 'if (.readinessDownDuringOutage | min) > 0 then 0 else 1 end' "$out")" \
    "DOWN in $(jqr '.readinessDownDuringOutage | map(tostring) | join(",")' "$out") of $(jqr '.readinessProbesDuringOutage | map(tostring) | join(",")' "$out") probes per node"
  check $s ready-again-by-itself "$(jqr 'if (.readyAgainSeconds | all(. != null and . <= 90)) then 0 else 1 end' "$out")" \
    "every node ready $(jqr '.readyAgainSeconds | map(tostring) | join(", ")' "$out") s after PostgreSQL returned"
  check $s run-ended-with-every-outcome "$(jqr 'if (.runStatus | test("^completed")) and .outcomes == .organizations then 0 else 1 end' "$out")" \
    "$(jqr .runStatus "$out"), $(jqr .outcomes "$out") outcomes of $(jqr .organizations "$out") ($(jqr '.byOutcome | tostring' "$out")), $(jqr .runEndedSecondsAfterRestart "$out") s after PostgreSQL returned"
  check $s misses-answer-after "$(jqr 'if (.missesAfter | all(. == 200)) then 0 else 1 end' "$out")" \
    "misses after the outage: $(jqr '.missesAfter | map(tostring) | join(",")' "$out")"
  check $s listener-caught-up "$(jqr .eventsMissing "$out")" \
    "$(jqr .subscribers "$out") subscribers × $(jqr .expectedEventsPerSubscriber "$out") events, $(jqr .eventsMissing "$out") missing, $(jqr .eventsDuplicated "$out") duplicated"
  check $s nothing-half-written "$(jqr .halfWritten "$out")" "$(jqr .halfWritten "$out") answers off their organization's snapshot"
}

# Webhook receiver down, then slow: the campaign's receiver (bench/campaign/receiver.mjs) on
# loopback; nodes with short webhook timeouts and backoff so that the scenario fits in minutes.
scenario_webhook() {
  local mode=$1 out=$CAMPAIGN_DIR/webhook.json runs=3
  [ "$mode" = quick ] && runs=1
  local hook_port=${CAMPAIGN_RECEIVER_PORT:-8191} control_port=$((${CAMPAIGN_RECEIVER_PORT:-8191} + 1))
  port_in_use "$hook_port" && fail "port $hook_port is in use; set CAMPAIGN_RECEIVER_PORT."
  node bench/campaign/receiver.mjs --port "$hook_port" --control-port "$control_port" --slow-ms 3000 \
    >"$CAMPAIGN_DIR/receiver.log" 2>&1 &
  CAMPAIGN_HELPER_PIDS+=("$!")
  export REFRESH_WAIT_IF_HIGH_LOAD=false WEBHOOK_URL=http://127.0.0.1:$hook_port/hook \
    WEBHOOK_CONNECT_TIMEOUT=PT1S WEBHOOK_TIMEOUT=PT2S WEBHOOK_BACKOFF_INITIAL=PT2S \
    WEBHOOK_BACKOFF_MAX=PT4S WEBHOOK_POLL_INTERVAL=PT2S WEBHOOK_MAX_ATTEMPTS=100
  campaign_start_idle_nodes
  local status=0
  timeout 900 node bench/campaign/webhook.mjs \
    --nodes "$(node_url 0),$(node_url 1),$(node_url 2)" --pids "$(IFS=,; echo "${NODE_PIDS[*]}")" \
    --tokens "$CAMPAIGN_DIR/tokens.json" --db "$CAMPAIGN_DB" --control "http://127.0.0.1:$control_port" \
    --out "$out" --runs "$runs" || status=$?
  [ "$status" -eq 0 ] || { check webhook completed 1 "the client stopped ($status): $(jqr .error "$out")"; return; }
  local s=webhook key
  jq -r '.runs[] | [.runId, .organizations, "yes"] | @tsv' "$out" >>"$CAMPAIGN_RESULTS.audit"
  for key in medianSeconds.up medianSeconds.down medianSeconds.slow delayDownSeconds delaySlowSeconds messages \
    undelivered deliveredAfterReceiverBackSeconds attemptRows failedAttemptRows deliveredAttemptRows \
    attemptsWithoutRow attemptNumberGaps requestsReceived upMessagesDeliveredAtFirstAttempt killedNodeAttemptsUnderWay otherMessagesMeanwhile; do
    record $s "$key" "$(jqr ".$key" "$out")"
  done
  check $s refresh-not-delayed "$(jqr 'if .delayDownSeconds <= 1 and .delaySlowSeconds <= 1 then 0 else 1 end' "$out")" \
    "median run $(jqr .medianSeconds.up "$out") s up, $(jqr .medianSeconds.down "$out") s down, $(jqr .medianSeconds.slow "$out") s slow"
  check $s one-message-per-run "$(jqr .runsWithoutOneMessage "$out")" "$(jqr .messages "$out") messages for $(jqr '.runs | length' "$out") runs"
  check $s every-message-delivered "$(jqr '.undelivered + .neverReachedReceiverUp' "$out")" \
    "$(jqr .undelivered "$out") undelivered, $(jqr .neverReachedReceiverUp "$out") never answered by the receiver, all within $(jqr .deliveredAfterReceiverBackSeconds "$out") s of its return"
  # Every request that reached the receiver is counted in its delivery's attempts. An attempt under
  # way on the killed node is counted but has no row in webhook_delivery_attempts (its number is
  # skipped): recorded as attemptsWithoutRow, said in docs/reliability.md.
  check $s ledger-counts-each-attempt "$(jqr '.requestsNotCounted' "$out")" \
    "$(jqr .attemptRows "$out") attempt rows ($(jqr .failedAttemptRows "$out") failed), $(jqr .requestsReceived "$out") requests at the receiver, none beyond a delivery's attempts; $(jqr .attemptsWithoutRow "$out") counted attempts without a row"
  check $s up-delivered-at-first-attempt "$(jqr 'if .upMessagesDeliveredAtFirstAttempt == ([.runs[] | select(.phase == "up")] | length) then 0 else 1 end' "$out")" \
    "$(jqr .upMessagesDeliveredAtFirstAttempt "$out") of the receiver-up runs' messages"
  check $s kill-during-an-attempt "$(jqr 'if .killedNodeAttemptsUnderWay > 0 then 0 else 1 end' "$out")" \
    "the killed node had $(jqr .killedNodeAttemptsUnderWay "$out") attempt under way"
}

# Slow and many WebSocket clients: three nodes; 900 reading subscribers (one active organization
# each) and a forced run of every active organization as the baseline; then 100 clients that
# subscribe to every active organization, read until each subscription is confirmed and stop
# reading, and the same run again.
scenario_slow_clients() {
  local mode=$1 out=$CAMPAIGN_DIR/slow-clients.json clients=1000
  [ "$mode" = quick ] && clients=300
  export REFRESH_WAIT_IF_HIGH_LOAD=false
  campaign_start_idle_nodes
  local status=0
  timeout 900 node bench/campaign/slow-clients.mjs \
    --nodes "$(node_url 0),$(node_url 1),$(node_url 2)" --pids "$(IFS=,; echo "${NODE_PIDS[*]}")" \
    --tokens "$CAMPAIGN_DIR/tokens.json" --db "$CAMPAIGN_DB" --out "$out" --clients "$clients" --slow 0.1 || status=$?
  [ "$status" -eq 0 ] || { check slow-clients completed 1 "the client stopped ($status): $(jqr .error "$out")"; return; }
  local s=slow-clients key
  jq -r '.baseline.runId, .withSlow.runId' "$out" | while read -r run; do
    printf '%s\t%s\tno\n' "$run" "$(jqr .organizationsInRun "$out")" >>"$CAMPAIGN_RESULTS.audit"
  done
  for key in clients readers nonReaders subscriptionBurstSeconds p99Ratio nonReadersClosedSlowConsumer nonReadersWithResync nonReadersOpen \
    slowConsumerCloses readersStillOpen; do
    record $s "$key" "$(jqr ".$key" "$out")"
  done
  for key in events expected missing p50Ms p99Ms maxMs; do
    record $s "baseline.$key" "$(jqr ".baseline.$key" "$out")"
    record $s "withSlow.$key" "$(jqr ".withSlow.$key" "$out")"
  done
  record $s rssMiB "$(jqr '.rssMiB | tostring' "$out")"
  check $s readers-lose-nothing "$(jqr '.baseline.missing + .withSlow.missing' "$out")" \
    "$(jqr .readers "$out") readers: $(jqr .withSlow.events "$out") events of $(jqr .withSlow.expected "$out") with the non-reading clients, $(jqr .withSlow.missing "$out") missing"
  check $s readers-p99-within-goal "$(jqr 'if .withSlow.p99Ms <= 100 or .p99Ratio <= 1.2 then 0 else 1 end' "$out")" \
    "p99 $(jqr .withSlow.p99Ms "$out") ms with, $(jqr .baseline.p99Ms "$out") ms without the non-reading clients (ratio $(jqr '.p99Ratio * 100 | round / 100' "$out"); goal p99 <= 100 ms, or no worse than 1.2x the baseline)"
  # The node's close frame (1008) waits behind the frames the client never read, so the client may
  # see the connection end without it (1006): the nodes' own counter says why they closed it.
  check $s non-readers-cut-off "$(jqr 'if .slowConsumerCloses == .nonReaders and .nonReadersOpen == 0 then 0 else 1 end' "$out")" \
    "the nodes closed $(jqr .slowConsumerCloses "$out") of $(jqr .nonReaders "$out") as slow consumers (push_slow_consumer_closes_total), $(jqr .nonReadersOpen "$out") still open; the clients saw $(jqr .nonReadersClosedSlowConsumer "$out") × 1008 and $(jqr '.nonReadersClosedOtherwise | length' "$out") × another code"
  check $s readers-stay-connected "$(jqr 'if .readersStillOpen == .readers then 0 else 1 end' "$out")" \
    "$(jqr .readersStillOpen "$out") of $(jqr .readers "$out") readers still connected"
  say "  node RSS (MiB) at start / with readers / with non-readers: $(jqr '.rssMiB | [.start, .readers, .withNonReaders] | map(map(tostring) | join(",")) | join(" / ")' "$out")"
}

# Audit: the runs the scenarios of this campaign started (CAMPAIGN_RESULTS.audit: run id,
# organizations, whether a webhook message is due) against the audit trail: the run ended, one
# outcome per organization, its message delivered; and every run created since the campaign
# began has ended with as many outcomes as organizations.
scenario_audit() {
  local s=audit expected=$CAMPAIGN_RESULTS.audit since
  if [ ! -s "$expected" ]; then
    not_yet $s "no scenario of this campaign started a run (run it after kill-mid-refresh and webhook)"
    return
  fi
  since=$(jq -r .startedAt "$CAMPAIGN_DIR/campaign.json")
  local runs=0 missing=0 unfinished=0 outcome_gaps=0 undelivered=0 run organizations webhook
  while IFS=$'\t' read -r run organizations webhook; do
    runs=$((runs + 1))
    local row
    row=$(q -c "SELECT status FROM refresh_runs WHERE id = '$run'")
    if [ -z "$row" ]; then missing=$((missing + 1)); continue; fi
    case "$row" in pending | running) unfinished=$((unfinished + 1)) ;; esac
    [ "$(q -c "SELECT count(*) FROM refresh_outcomes WHERE run_id = '$run'")" -eq "$organizations" ] ||
      outcome_gaps=$((outcome_gaps + 1))
    if [ "$webhook" = yes ]; then
      [ "$(q -c "SELECT count(*) FROM webhook_deliveries WHERE run_id = '$run' AND status = 'delivered'")" -eq 1 ] ||
        undelivered=$((undelivered + 1))
    fi
  done <"$expected"
  local all open short
  all=$(q -c "SELECT count(*) FROM refresh_runs WHERE created_at >= '$since'")
  open=$(q -c "SELECT count(*) FROM refresh_runs WHERE created_at >= '$since' AND status IN ('pending', 'running')")
  short=$(q -c "SELECT count(*) FROM refresh_runs r WHERE created_at >= '$since' AND status <> 'missed'
    AND (SELECT count(*) FROM refresh_outcomes o WHERE o.run_id = r.id) <> r.organizations_total")
  record $s runsStartedByScenarios "$runs"
  record $s runsSinceCampaignStart "$all"
  record $s missing "$missing"
  record $s unfinished "$unfinished"
  record $s outcomeGaps "$outcome_gaps"
  record $s undelivered "$undelivered"
  check $s every-run-in-the-trail "$((missing + unfinished))" "$runs runs the scenarios started: $missing missing, $unfinished not ended"
  check $s one-outcome-per-organization "$outcome_gaps" "$outcome_gaps runs whose outcomes are not one per organization"
  check $s every-message-delivered "$undelivered" "$undelivered runs whose message is not delivered"
  check $s every-run-since-start-accounted "$((open + short))" \
    "$all runs since the campaign began (catch-up runs too): $open not ended, $short with outcomes other than their organizations"
}

# Kill mid-refresh: three nodes; a forced run (full, or in quick mode one of named organizations);
# its node killed with SIGKILL once it has committed some organizations.
scenario_kill_mid_refresh() {
  local mode=$1 out=$CAMPAIGN_DIR/kill-mid-refresh.json size=()
  # The checker reads on every node, the running one too: a run that defers to its node's readers
  # (refresh.defer.request-rate) would wait for its window's end; here it runs at full speed.
  export REFRESH_WAIT_IF_HIGH_LOAD=false
  campaign_start_idle_nodes
  if [ "$mode" = quick ]; then size=(--organizations 200 --kill-after 40); else size=(--kill-after 150); fi
  local status=0
  timeout 900 node bench/campaign/kill-mid-refresh.mjs \
    --nodes "$(node_url 0),$(node_url 1),$(node_url 2)" --pids "$(IFS=,; echo "${NODE_PIDS[*]}")" \
    --tokens "$CAMPAIGN_DIR/tokens.json" --db "$CAMPAIGN_DB" --out "$out" "${size[@]}" || status=$?
  [ "$status" -eq 0 ] || { check kill-mid-refresh completed 1 "the client stopped ($status): $(jqr .error "$out")"; return; }
  local s=kill-mid-refresh key
  printf '%s\t%s\tno\n' "$(jqr .runId "$out")" "$(jqr .organizations "$out")" >>"$CAMPAIGN_RESULTS.audit"
  for key in organizations runSeconds takeoverSeconds firstCommitAfterKillSeconds organizationsDone outcomes \
    refreshed subscribers followed expectedEventsPerSubscriber eventsMissing eventsDuplicated resyncs reconnects; do
    record $s "$key" "$(jqr ".$key" "$out")"
  done
  for key in rounds reads mixed regressions roundsAcrossACommit versionChanges errors staleAfterRun; do
    record $s "checker.$key" "$(jqr ".checker.$key" "$out")"
  done
  check $s run-completed "$([ "$(jqr .status "$out")" = completed ] && echo 0 || echo 1)" \
    "$(jqr .status "$out"), $(jqr .outcomes "$out") outcomes of $(jqr .organizations "$out") organizations"
  # The checker must have seen the run's new versions arrive, or it checked nothing.
  check $s checker-saw-new-versions "$(jqr 'if .checker.versionChanges > 0 then 0 else 1 end' "$out")" \
    "$(jqr .checker.versionChanges "$out") answers changed version while it read"
  check $s no-mixed-versions "$(jqr '.checker.mixed + .checker.regressions' "$out")" \
    "$(jqr .checker.rounds "$out") rounds, $(jqr .checker.mixed "$out") mixed, $(jqr .checker.regressions "$out") going back"
  check $s no-errors-on-living-nodes "$(jqr .checker.errors "$out")" "$(jqr .checker.errors "$out") errors"
  check $s takeover-within-60s "$(jqr 'if .firstCommitAfterKillSeconds != null and .firstCommitAfterKillSeconds <= 60 then 0 else 1 end' "$out")" \
    "lease moved after $(jqr .takeoverSeconds "$out") s, first organization committed after $(jqr .firstCommitAfterKillSeconds "$out") s"
  check $s every-event-delivered "$(jqr .eventsMissing "$out")" \
    "$(jqr .subscribers "$out") subscribers × $(jqr .expectedEventsPerSubscriber "$out") events, $(jqr .eventsMissing "$out") missing, $(jqr .eventsDuplicated "$out") duplicated"
  check $s current-after-run "$(jqr .checker.staleAfterRun "$out")" "every living node answers the snapshot's version"
}

# A data-grid member lost: three nodes; reads on two of them; the third killed with SIGKILL. The
# nodes' local layer of answers (cache.local.max-bytes) is off unless CAMPAIGN_LOCAL_MAX_BYTES is
# set: with it, every warm read is answered from the reading node's own memory and the grid is
# not asked at all.
scenario_grid_member_lost() {
  local mode=$1 out=$CAMPAIGN_DIR/grid-member-lost.json seconds=60
  [ "$mode" = quick ] && seconds=30
  export CACHE_LOCAL_MAX_BYTES=${CAMPAIGN_LOCAL_MAX_BYTES:-0}
  campaign_start_idle_nodes
  local status=0
  timeout 600 node bench/campaign/read-load.mjs \
    --nodes "$(node_url 0),$(node_url 1)" --tokens "$CAMPAIGN_DIR/tokens.json" --out "$out" \
    --kill-pid "${NODE_PIDS[2]}" --seconds "$seconds" --kill-at $((seconds / 3)) || status=$?
  [ "$status" -eq 0 ] || { check grid-member-lost completed 1 "the client stopped ($status): $(jqr .error "$out")"; return; }
  local s=grid-member-lost key
  record $s localLayerBytes "$CACHE_LOCAL_MAX_BYTES"
  for key in answers connections seconds killAt ratePerSecondBefore lowestSecondAfter ratePerSecondAfterRecovery \
    recoveredAfterSeconds hitRatioBefore hitRatioFirst10sAfter hitRatioRest errors timeouts slowestMs; do
    record $s "$key" "$(jqr ".$key" "$out")"
  done
  check $s no-request-hangs "$(jqr .timeouts "$out")" "$(jqr .timeouts "$out") over $(jqr .timeoutMs "$out") ms, slowest $(jqr .slowestMs "$out") ms"
  check $s no-errors "$(jqr .errors "$out")" "$(jqr .errors "$out") answers other than 200"
  check $s survivors-keep-serving "$(jqr 'if .lowestSecondAfter > 0 then 0 else 1 end' "$out")" \
    "$(jqr .ratePerSecondBefore "$out")/s before, lowest second after $(jqr .lowestSecondAfter "$out")"
  check $s recovers "$(jqr 'if .recoveredAfterSeconds != null then 0 else 1 end' "$out")" \
    "back to 90 % after $(jqr .recoveredAfterSeconds "$out") s"
}
