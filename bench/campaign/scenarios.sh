# shellcheck shell=bash
# The campaign's scenarios (bench/campaign.sh): scenario_<name> MODE (quick or full). Each starts
# the nodes it needs; bench/campaign.sh stops them whatever happens. Sourced after lib.sh.

not_yet() { # SCENARIO WHY
  say "  not yet: $2"
  record "$1" status not-yet
}

# A number from the scenario's JSON result.
jqr() { jq -r "$1" "$2"; }

# Nights: a night is the date of its fire time in refresh.zone (RefreshSchedule.nightOf), so a
# frequent schedule gives one night per date, not one per fire. The scenario takes a date no run
# has had yet through the zone (Etc/GMT+12 … Etc/GMT-14 see two or three dates at any instant),
# lets the nodes fire every minute, and kills the running node with SIGKILL twice mid-night, each
# time starting it again; then it counts in the database. It works on a copy of the campaign's
# database (CAMPAIGN_DB_nights, made from it as a template, dropped at the end), so that each
# campaign finds a date without a run and the other scenarios' audit trail stays apart; the copy's
# earlier nights are deleted first.
scenario_nights() {
  local mode=$1 s=nights zone="" night="" n copy=${CAMPAIGN_DB}_nights
  campaign_prepare_database
  say "copying $CAMPAIGN_DB to $copy ..."
  psql -d postgres -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $copy" \
    -c "CREATE DATABASE $copy TEMPLATE $CAMPAIGN_DB STRATEGY FILE_COPY" >/dev/null
  CAMPAIGN_DB=$copy
  export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$copy"
  # The copy starts without nights (the other scenarios' starts catch up the nights of their
  # dates in the campaign's database), so every date the zones show is free.
  q -c "DELETE FROM refresh_runs WHERE scheduled_night IS NOT NULL"
  for n in +12 +11 +10 +9 +8 +7 +6 +5 +4 +3 +2 +1 0 -1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14; do
    local candidate
    candidate=$(TZ="Etc/GMT$n" date +%F)
    if [ -z "$(q -c "SELECT 1 FROM refresh_runs WHERE scheduled_night = '$candidate'")" ]; then
      zone="Etc/GMT$n" night=$candidate
      break
    fi
  done
  if [ -z "$zone" ]; then
    not_yet $s "every date the zones show now has its night in $CAMPAIGN_DB; run again after midnight UTC"
    return
  fi
  say "night $night: refresh.zone $zone, refresh.schedule every minute, refresh.min-age PT0S"
  export REFRESH_ZONE=$zone REFRESH_SCHEDULE='* * * * *' REFRESH_MIN_AGE=PT0S REFRESH_WAIT_IF_HIGH_LOAD=false
  local since
  since=$(q -c "SELECT now()")
  campaign_start_nodes
  local kills=2 kill at owner index run_id=""
  [ "$mode" = quick ] && kills=1
  for kill in $(seq "$kills"); do
    at=$((kill * 250))
    say "waiting for the night's run to reach $at organizations ..."
    local waited=$SECONDS
    while true; do
      IFS='|' read -r run_id owner n <<<"$(q -c "SELECT id, lease_owner, organizations_done FROM refresh_runs WHERE scheduled_night = '$night' AND status = 'running'")"
      [ -n "${run_id:-}" ] && [ "$n" -ge "$at" ] && break
      [ $((SECONDS - waited)) -lt 300 ] || { check $s night-ran 1 "no run of $night reached $at organizations in 300 s"; return; }
      sleep 0.5
    done
    index=$(node_index_of_pid "${owner%%@*}")
    [ -n "$index" ] || { check $s owner-known 1 "the lease owner $owner is none of the nodes"; return; }
    say "kill -9 of node c$index (lease owner $owner) at $n organizations; starting it again"
    campaign_kill_node "$index"
    campaign_start_node "$index"
  done
  local waited=$SECONDS
  until [ "$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night = '$night' AND status IN ('pending', 'running')")" -eq 0 ]; do
    [ $((SECONDS - waited)) -lt 600 ] || break
    sleep 2
  done
  say "the night's run ended; two more minutes of fires on three nodes ..."
  sleep 120
  local runs other missed active once refreshed status fencing
  runs=$(q -c "SELECT count(*) FROM refresh_runs WHERE scheduled_night = '$night'")
  other=$(q -c "SELECT count(*) FROM refresh_runs WHERE created_at >= '$since' AND scheduled_night IS DISTINCT FROM '$night'")
  missed=$(q -c "SELECT count(*) FROM refresh_runs WHERE created_at >= '$since' AND status = 'missed'")
  IFS='|' read -r run_id status fencing <<<"$(q -c "SELECT id, status, fencing_token FROM refresh_runs WHERE scheduled_night = '$night'")"
  active=$(q -c "SELECT count(*) FROM organizations WHERE status = 'active'")
  once=$(q -c "SELECT count(*) FROM (SELECT organization_id FROM refresh_outcomes WHERE run_id = '$run_id' GROUP BY 1 HAVING count(*) = 1) o")
  refreshed=$(q -c "SELECT count(*) FROM refresh_outcomes o JOIN organizations g ON g.id = o.organization_id WHERE o.run_id = '$run_id' AND o.outcome = 'refreshed' AND g.status = 'active'")
  record $s night "$night"
  record $s zone "$zone"
  record $s kills "$kills"
  record $s runs "$runs"
  record $s otherRuns "$other"
  record $s missed "$missed"
  record $s status "$status"
  record $s fencingToken "$fencing"
  record $s activeOrganizations "$active"
  record $s refreshedOnce "$once"
  check $s one-run-for-the-night "$([ "$runs" -eq 1 ] && [ "$other" -eq 0 ] && echo 0 || echo 1)" \
    "$runs run of $night, $other other runs during the scenario"
  check $s no-missed-night "$missed" "$missed recorded as missed"
  check $s run-completed "$([ "$status" = completed ] && echo 0 || echo 1)" "$status, fencing token $fencing after $kills kills"
  check $s every-active-organization-once "$([ "$once" -eq "$active" ] && [ "$refreshed" -eq "$active" ] && echo 0 || echo 1)" \
    "$refreshed of $active active organizations refreshed, $once with exactly one outcome"
  campaign_stop_nodes
  psql -d postgres -X -q -c "DROP DATABASE IF EXISTS $copy" >/dev/null || true
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

# Slow and many WebSocket clients: three nodes; 900 reading subscribers (one organization each, of
# a run of 200 named organizations) and a forced run as the baseline; then 100 clients that
# subscribe to every active organization and stop reading, and the same run again.
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
  for key in clients readers nonReaders p99Ratio nonReadersClosedSlowConsumer nonReadersWithResync nonReadersOpen \
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
