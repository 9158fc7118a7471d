#!/usr/bin/env bash
# The fault campaign of docs/reliability.md, on real processes on loopback: three Payara Micro
# nodes of this checkout in a data grid of their own, the real PostgreSQL, a webhook receiver,
# HTTP and WebSocket clients. Each scenario prints what it did and what it found.
#
#   bench/campaign.sh [--quick|--full] [SCENARIO ...]
#
#   --full   (default) every scenario below, each on three freshly started nodes
#   --quick  the subset for CI: kill-mid-refresh on a run of named organizations, postgres-down, audit
#
# Scenarios (docs/reliability.md says what each shows and what it could not):
#   nights            50 nights on a clock the nodes are given (both DST days of 2027, a schedule
#                     change), kill -9 of the running node in some of them, restarts
#   kill-mid-refresh  kill -9 of the node that runs a forced full refresh, readers and subscribers
#   postgres-down     PostgreSQL stopped for 30 s under reads, subscribers and a refresh
#   grid-member-lost  kill -9 of one of three data-grid members under read load
#   webhook           the webhook receiver down, then slow, then back, and a node kill
#   slow-clients      1,000 WebSocket subscribers, 10 % never reading, through two refreshes
#   audit             the runs the scenarios started, their outcomes and messages, in the audit trail
#
# Three nodes fill a 2-core machine. CAMPAIGN_LOCK=FILE makes each scenario that starts nodes hold
# flock FILE for its whole run (flock -o, so that no node inherits the lock) and release it before
# the next, so that other heavy jobs sharing that lock don't overlap a scenario; unset, no lock.
# Don't run the command itself under that lock. Figures go to
# .run/campaign/results/<UTC time>.tsv (scenario.key<TAB>value).
#
# Database: PGHOST (localhost), PGPORT (5432), PGUSER (postgres), PGPASSWORD; CAMPAIGN_DB
# (procurement_cache_campaign) is filled with the bench data set (seed 42, ≈1,000 organizations,
# ≈5M invoice lines, about a minute) when empty and reused afterwards. Nodes: CAMPAIGN_PORTS
# (8181,8182,8183), CAMPAIGN_HZ_PORTS (6970,6971,6972). Needs Java 17+, Node.js 20+, npm, psql,
# jq, curl; the clients' npm package (ws) is installed with npm ci in bench/campaign.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

PROGRAM=bench/campaign.sh
# shellcheck source=scripts/local-node.sh
. scripts/local-node.sh
# shellcheck source=bench/campaign/lib.sh
. bench/campaign/lib.sh
# shellcheck source=bench/campaign/scenarios.sh
. bench/campaign/scenarios.sh

ALL_SCENARIOS=(nights kill-mid-refresh postgres-down grid-member-lost webhook slow-clients audit)
QUICK_SCENARIOS=(kill-mid-refresh postgres-down audit)
# Scenarios that start no node and run no load take no lock.
LIGHT_SCENARIOS=(audit)
CAMPAIGN_LOCK=${CAMPAIGN_LOCK:-}
CAMPAIGN_FAILED=0

usage() { sed -n '2,/^set /{/^set /d;p}' "$0" | sed 's/^# \{0,1\}//'; }

# One scenario in this process (the lock is held by the caller): its nodes are stopped whatever happens.
run_one() {
  local mode=$1 scenario=$2
  trap 'campaign_stop_nodes' EXIT
  trap 'echo "$PROGRAM: interrupted" >&2; exit 130' INT TERM
  local started=$SECONDS
  say "== $scenario ($mode)"
  "scenario_${scenario//-/_}" "$mode"
  campaign_stop_nodes
  record "$scenario" seconds $((SECONDS - started))
  say "== $scenario: $((SECONDS - started)) s, $CAMPAIGN_FAILED failed check(s)"
  exit $((CAMPAIGN_FAILED > 0 ? 1 : 0))
}

main() {
  if [ "${1:-}" = --one ]; then
    shift
    CAMPAIGN_RESULTS=$3
    run_one "$1" "$2"
  fi
  local mode=full scenarios=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) mode=quick ;;
      --full) mode=full ;;
      -h | --help) usage; exit 0 ;;
      -*) echo "$PROGRAM: unknown option '$1' (try --help)" >&2; exit 2 ;;
      *)
        [[ " ${ALL_SCENARIOS[*]} " == *" $1 "* ]] || { echo "$PROGRAM: unknown scenario '$1' (try --help)" >&2; exit 2; }
        scenarios+=("$1")
        ;;
    esac
    shift
  done
  if [ ${#scenarios[@]} -eq 0 ]; then
    if [ "$mode" = quick ]; then scenarios=("${QUICK_SCENARIOS[@]}"); else scenarios=("${ALL_SCENARIOS[@]}"); fi
  fi

  require_java
  for tool in psql jq curl node npm; do
    command -v "$tool" >/dev/null || fail "$tool is needed (apt-get install postgresql-client jq curl nodejs npm)."
  done
  build_if_needed
  local lock=bench/campaign/package-lock.json installed=bench/campaign/node_modules/.package-lock.json
  if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    (cd bench/campaign && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in bench/campaign failed."
  fi
  mkdir -p "$CAMPAIGN_DIR/results"
  CAMPAIGN_RESULTS=$CAMPAIGN_DIR/results/$(date -u +%Y-%m-%dT%H%M%SZ).tsv
  : >"$CAMPAIGN_RESULTS"
  printf '{"startedAt": "%s", "mode": "%s"}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$mode" >"$CAMPAIGN_DIR/campaign.json"
  say "campaign ($mode): ${scenarios[*]}; figures in $CAMPAIGN_RESULTS"
  local started=$SECONDS scenario failed=()
  for scenario in "${scenarios[@]}"; do
    if [ -n "$CAMPAIGN_LOCK" ] && [[ " ${LIGHT_SCENARIOS[*]} " != *" $scenario "* ]]; then
      flock -o "$CAMPAIGN_LOCK" "$0" --one "$mode" "$scenario" "$CAMPAIGN_RESULTS" || failed+=("$scenario")
    else
      "$0" --one "$mode" "$scenario" "$CAMPAIGN_RESULTS" || failed+=("$scenario")
    fi
  done
  say "campaign ($mode) took $((SECONDS - started)) s; figures in $CAMPAIGN_RESULTS"
  column -t -s $'\t' "$CAMPAIGN_RESULTS" || cat "$CAMPAIGN_RESULTS"
  if [ ${#failed[@]} -gt 0 ]; then
    say "failed: ${failed[*]}"
    exit 1
  fi
  say "every scenario passed"
}

main "$@"
