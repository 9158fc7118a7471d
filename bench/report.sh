# shellcheck shell=bash
# The benchmark's figures as docs/benchmarks.md shows them, rendered from a results file of
# bench/run.sh. Sourced by bench/run.sh (after scripts/local-node.sh, for fail).
#
# A results file holds one "key<TAB>value" a line, in the order measured; lines starting with #
# are comments. Keys: run.* (when, how, on what), data.* (the bench data's size), baseline.*,
# refresh.{full,incremental,under_load}.* (durations, outcomes in the run report's order),
# reads.* (the organization read), wrk.<case>.* (one line of bench/wrk-report.lua per case, plus
# gen_cpu and node_cpu: wrk's and the node's CPU seconds per wall second, 1.00 = one core busy),
# bytes.* and cache.* (sizes of answers, hit ratios; the dashboard's without a prefix, the heavy
# types' under products. and cogs.), rate.<case>.* (one fixed-rate load of bench/load/fixed-rate.mjs:
# target and achieved rate, latency percentiles from the intended send times, the generator's send
# lag, errors, gen_cpu, node_cpu), refresh.<window>.* (the refresh's states and phases sampled
# during a window of reads), node.* (the HTTP worker pool from the node's domain.xml, its threads
# alive after the cached run, the JVM's arguments and flags) and profile.* (the JFR profile of the
# cached GET: samples, shares by library, top frames; its summary file is profile.summary, kept
# beside the results file). run.format is 2 for results with all of these; a file without it (the
# first version of the command) renders with "–" for what it lacks. Ratios and goals are computed
# here, from the measured figures, not stored.

DOC=docs/benchmarks.md
DOC_BEGIN='<!-- bench/run.sh: begin -->'
DOC_END='<!-- bench/run.sh: end -->'
# Where the results the doc quotes are kept (committed); other runs stay in .run/bench/results/.
QUOTED_RESULTS_DIR=bench/results

declare -A FIGURE=()
FIGURES_FILE=""

# A missing figure's mark passes through the arithmetic below, so that render_report finds it;
# so does "–", a figure an older results file was not meant to have.
missing_in() { # VALUE ...
  case "$*" in
    *'<missing '*) printf '%s' "$*" ;;
    *–*) printf '–' ;;
    *) return 1 ;;
  esac
}

ratio() { # A B [DECIMALS]
  missing_in "$1" "$2" && return
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f", d, a / b }'
}

goal() { # VALUE OP LIMIT
  missing_in "$1" && return
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    if (v !~ /^[0-9.]+$/) { print "n/a"; exit }
    ok = (op == ">=") ? v >= l : v <= l
    print ok ? "met" : "missed" }'
}

load_figures() { # FILE
  [ -f "$1" ] || fail "there is no results file $1."
  FIGURES_FILE=$1
  FIGURE=()
  local key value
  while IFS=$'\t' read -r key value || [ -n "$key" ]; do
    case $key in '' | '#'*) continue ;; esac
    FIGURE[$key]=$value
  done <"$1"
}

# The figure of KEY; a missing one leaves a mark that render_report refuses.
f() {
  if [ -n "${FIGURE[$1]+set}" ]; then
    printf %s "${FIGURE[$1]}"
  else
    printf '<missing %s>' "$1"
  fi
}

# A figure of results format 2: as f for such a file, "–" for an older one.
f2() {
  if [ "${FIGURE[run.format]:-1}" -ge 2 ]; then f "$1"; else printf '–'; fi
}

# The entries under PREFIX. in the file's order, as "name value, name value"; SUFFIX follows each
# value and QUOTE surrounds each name.
listing() { # PREFIX [SUFFIX] [QUOTE]
  local listed
  listed=$(awk -F'\t' -v p="$1." -v s="${2:-}" -v q="${3:-}" '
    index($1, p) == 1 { out = out (out == "" ? "" : ", ") q substr($1, length(p) + 1) q " " $2 s }
    END { print out }' "$FIGURES_FILE")
  printf %s "${listed:-<missing $1.*>}"
}

plus() { # A B
  missing_in "$1" "$2" || echo $(($1 + $2))
}

wrk_row() { # CASE LABEL [bytes]: one row of a load table
  local c=wrk.$1 bytes=""
  [ "${3:-}" = bytes ] && bytes=" $(f "$c.bytes") |"
  echo "| $2 | $(f "$c.rps") | $(f "$c.p50_ms") | $(f "$c.p90_ms") | $(f "$c.p99_ms") | $(f "$c.max_ms") |$bytes $(f "$c.errors") | $(f "$c.load_before") | $(f2 "$c.gen_cpu") | $(f2 "$c.node_cpu") |"
}

rate_row() { # CASE LABEL: one row of the fixed-rate table
  local c=rate.$1
  echo "| $2 | $(f "$c.target_rps") | $(f "$c.achieved_rps") | $(f "$c.p50_ms") | $(f "$c.p90_ms") | $(f "$c.p99_ms") | $(f "$c.max_ms") | $(f "$c.send_lag_p99_ms") | $(f "$c.errors") | $(f "$c.gen_cpu") | $(f "$c.node_cpu") |"
}

phases_of() { # WINDOW: what the refresh's status said during a window of reads
  local w=refresh.$1
  echo "states sampled: $(f "$w.states"); phase first \"$(f "$w.phase_first")\", last \"$(f "$w.phase_last")\"; share of samples waiting: $(f "$w.waiting_share")"
}

goal_row() { # LABEL A B OP LIMIT [DECIMALS]: a ratio A ÷ B against its goal
  local r
  r=$(ratio "$2" "$3" "${6:-2}")
  local shown=≥
  [ "$4" = ">=" ] || shown=≤
  echo "| $1 | **$r** | $shown $5: $(goal "$r" "$4" "$5") |"
}

LOAD_HEAD='| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | load before | wrk CPU | node CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
LOAD_HEAD_BYTES='| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | bytes/response | errors | load before | wrk CPU | node CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
NOT_MEASURED='Not measured by the run of this results file (an earlier version of the command).'

format2() { [ "${FIGURE[run.format]:-1}" -ge 2 ]; }

# The Markdown of the figures in the loaded results file.
render_figures() {
  render_intro
  render_goals
  render_refresh
  render_during
  render_cache
  render_heavy
  render_profile
}

render_intro() {
  cat <<EOF
<!-- Rendered by bench/run.sh report from $FIGURES_FILE; a new run replaces everything between these markers. -->

Measured on $(f run.date) with \`$(f run.command)\` ($(f run.seconds_each) s per measurement,
\`wrk -t$(f run.threads) -c$(f run.connections) --latency\` over loopback) against one Payara Micro node the command
starts on port $(f run.port), with the bench data ($(f data.organizations) organizations, $(f data.active_organizations) active, $(f data.invoices)
invoices, $(f data.invoice_lines) invoice lines; database \`$(f run.database)\`).

Machine: $(f run.machine).

$(render_node)

Load average (1 min): $(f run.load_start) at the start, $(f run.load_end) at the end; the column "load before" gives
it just before each measurement, the benchmark's own node and wrk included (they alone make
about 2–3). "wrk CPU" and "node CPU" are the CPU seconds per wall second of the load generator and
of the node during the measurement (1.00 = one of the 2 cores busy). The host is shared with other
builds, so the figures carry their noise. The node ran with \`REFRESH_MAX_LOAD=$(f run.refresh_max_load)\`: a refresh does
not defer to CPU or database load, only to the node's readers$(refresh_window). Node start to ready: $(f run.node_ready_s) s.
EOF
}

refresh_window() { # the refresh window the node ran with, when the run recorded it
  [ -n "${FIGURE[run.refresh_timeout]+set}" ] || return 0
  local timeout
  timeout=$(f run.refresh_timeout)
  printf ', and with `REFRESH_TIMEOUT=%s`: a run under readers that never stop proceeds once only the time it needs is left of that window' "$timeout"
}

render_node() {
  if ! format2; then
    echo "The node's HTTP worker pool and JVM flags: not recorded by the run of this results file."
    return
  fi
  cat <<EOF
The node: HTTP worker pool (Grizzly, the listener's \`$(f node.http_listener_pool)\` in the node's \`domain.xml\`) min
$(f node.http_pool_min), max $(f node.http_pool_max) threads, queue $(f node.http_pool_queue) (empty: unbounded); $(f node.http_threads_after_cached) worker threads alive after the saturated
cached run. JVM arguments: \`$(f node.jvm_args)\` (none: Payara Micro's defaults); flags in force
(\`jcmd VM.flags\`): \`$(f node.jvm_flags)\`.
EOF
}

render_goals() {
  local full=refresh.under_load.seconds within
  within=$(awk -v s="$(f "$full")" 'BEGIN { if (s !~ /^[0-9.]+$/) print "n/a"; else print (s <= 7200 ? "met" : "missed") }')
  cat <<EOF

### Goals

All from this one run.

| ratio | value | goal |
| --- | --- | --- |
$(goal_row "cached ÷ computed from the source, dashboard-metrics (throughput)" "$(f wrk.cached.rps)" "$(f wrk.live.rps)" ">=" 20 1)
$(goal_row "cached ÷ computed from the source, product-metrics first page" "$(f2 wrk.products.cached.rps)" "$(f2 wrk.products.live.rps)" ">=" 50 1)
$(goal_row "cached ÷ computed from the source, cogs-analysis" "$(f2 wrk.cogs.cached.rps)" "$(f2 wrk.cogs.live.rps)" ">=" 50 1)
$(goal_row "cached ÷ static file of the same bytes, same server, dashboard-metrics" "$(f wrk.cached.rps)" "$(f wrk.static.rps)" ">=" 0.5)
$(goal_row "… product-metrics first page" "$(f2 wrk.products.cached.rps)" "$(f2 wrk.products.static.rps)" ">=" 0.5)
$(goal_row "… cogs-analysis" "$(f2 wrk.cogs.cached.rps)" "$(f2 wrk.cogs.static.rps)" ">=" 0.5)
$(goal_row "304 revalidation ÷ static file, dashboard-metrics" "$(f wrk.revalidated.rps)" "$(f wrk.static.rps)" ">=" 0.6)
$(goal_row "… product-metrics first page" "$(f2 wrk.products.revalidated.rps)" "$(f2 wrk.products.static.rps)" ">=" 0.6)
$(goal_row "… cogs-analysis" "$(f2 wrk.cogs.revalidated.rps)" "$(f2 wrk.cogs.static.rps)" ">=" 0.6)
$(goal_row "cached reads while a full refresh runs ÷ without (saturated, throughput)" "$(f wrk.during.rps)" "$(f wrk.idle.rps)" ">=" 0.95)
$(goal_row "at a fixed rate of half the capacity ($(f2 rate.target_rps)/s): p99 during a refresh ÷ p99 without" "$(f2 rate.during.p99_ms)" "$(f2 rate.steady.p99_ms)" "<=" 1.2)
| full refresh of the bench data while reads load the node (s) | **$(f "$full")** | ≤ 7200: $within |
EOF
}

render_refresh() {
  local full_s pass_s active
  full_s=$(f refresh.full.seconds)
  pass_s=$(f baseline.pass_seconds)
  active=$(f data.active_organizations)
  cat <<EOF

### Refresh

| what | figure |
| --- | --- |
| our full refresh (forced run, every nightly data type, validation, publication) | **$full_s s**, $(ratio "$(f refresh.full.outcome.refreshed)" "$full_s" 1) organizations/s ($(listing refresh.full.outcome)) |
| seed plan: one pass of \`REFRESH MATERIALIZED VIEW CONCURRENTLY\` over the four views | **$pass_s s** ($(listing baseline.view " s" '`')) |
| seed plan: creating the four views (\`materialized-views.sql\`) | $(f baseline.create_seconds) s |
| seed plan as written: its function refreshes all four views once per organization | ≈ $pass_s s × $active = **$(missing_in "$pass_s" "$active" || awk -v p="$pass_s" -v n="$active" 'BEGIN { printf "%.1f", p * n / 3600 }') h** (estimated, not run) |
| incremental night: $(f refresh.incremental.changed_organizations) of $active active organizations changed, run without force | **$(f refresh.incremental.seconds) s** ($(listing refresh.incremental.outcome)) |
| a forced full refresh while cached reads load the node | $(f refresh.under_load.seconds) s ($(listing refresh.under_load.outcome)) |

| ratio | value |
| --- | --- |
| ours ÷ one materialized-view pass (time) | $(ratio "$full_s" "$pass_s") |
| incremental ÷ full (time) | $(ratio "$(f refresh.incremental.seconds)" "$full_s" 3) |
EOF
}

render_during() {
  cat <<EOF

### Cached reads while a refresh runs

\`GET /api/v1/organizations/{id}/dashboard-metrics\` with an admin token, for organization
\`$(f reads.organization)\` (the active one with the median number of invoice lines, $(f reads.organization_lines)).
Saturated: wrk for $(f run.seconds_each) s without a refresh; after a forced full refresh started, the fixed-rate
load below, then wrk again (when it ended the refresh stood at $(f refresh.under_load.progress) organizations).
The refresh evicts each organization's entries as it commits it, so a read after that recomputes once.

$LOAD_HEAD
$(wrk_row idle "without a refresh")
$(wrk_row during "during a refresh")

Ratio during ÷ without (throughput): **$(ratio "$(f wrk.during.rps)" "$(f wrk.idle.rps)")**. The refresh during the saturated run:
$(if format2; then phases_of wrk_during; else echo "not sampled."; fi)
EOF
  if ! format2; then
    printf '\nAt a fixed rate: %s\n' "$NOT_MEASURED"
    return
  fi
  cat <<EOF

At a fixed rate (open loop, \`bench/load/fixed-rate.mjs\`, $(f rate.target_rps) requests/s = half the saturated rate
above, over up to $(f run.rate_connections) keep-alive connections): each request is due at its time whatever the
answers before it do, and its latency counts from that intended time, so a stall shows as latency
instead of slowing the load. "send lag p99": how late the generator itself sent (it keeps up when
that is small); "achieved": answers per second. Without a refresh, then right after the forced
refresh started, then on until that refresh ended.

| case | target/s | achieved/s | p50 ms | p90 ms | p99 ms | max ms | send lag p99 ms | errors | generator CPU | node CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(rate_row steady "without a refresh ($(f rate.steady.seconds) s)")
$(rate_row during "during a refresh, from its start ($(f rate.during.seconds) s)")
$(rate_row rest "on until the refresh ended ($(f rate.rest.seconds) s)")

Ratio p99 during ÷ without: **$(ratio "$(f rate.during.p99_ms)" "$(f rate.steady.p99_ms)")**. The refresh during the fixed-rate run:
$(phases_of rate_during); until it ended: $(phases_of rest).
EOF
}

render_cache() {
  local full_bytes nm_bytes
  full_bytes=$(plus "$(f bytes.full_headers)" "$(f bytes.full_body)")
  nm_bytes=$(plus "$(f bytes.not_modified_headers)" "$(f bytes.not_modified_body)")
  cat <<EOF

### Cache and API

Same node, same organization, after a warm-up.

$LOAD_HEAD_BYTES
$(wrk_row cached "(a) cached GET, 200" bytes)
$(wrk_row live "(b) computed from the source tables (\`?source=live\`)" bytes)
$(wrk_row static "(c) static file of the same bytes ($(f bytes.static_body) B), same server" bytes)
$(wrk_row revalidated "(d) revalidation, \`If-None-Match\` → 304" bytes)
$(wrk_row authfloor "(e) authenticated floor: \`GET /api/v1/configuration\` (admin, an in-memory map, $(f bytes.authfloor_body) B)" bytes)
$(wrk_row unauthorized "(f) the URL of (a) without a token: 401 problem (counted as errors)" bytes)

| ratio | value |
| --- | --- |
| cached ÷ computed from source (throughput) | **$(ratio "$(f wrk.cached.rps)" "$(f wrk.live.rps)" 1)** |
| cached ÷ static floor (throughput) | **$(ratio "$(f wrk.cached.rps)" "$(f wrk.static.rps)")** |
| 304 ÷ static floor (throughput) | $(ratio "$(f wrk.revalidated.rps)" "$(f wrk.static.rps)") |
| cached ÷ authenticated floor (e) (throughput) | $(ratio "$(f wrk.cached.rps)" "$(f wrk.authfloor.rps)") |
| 401 without a token (f) ÷ static floor (throughput) | $(ratio "$(f wrk.unauthorized.rps)" "$(f wrk.static.rps)") |
| 304 bytes ÷ full 200 bytes (headers + body, curl: $(f bytes.not_modified_headers) + $(f bytes.not_modified_body) vs. $(f bytes.full_headers) + $(f bytes.full_body)) | **$(ratio "$nm_bytes" "$full_bytes" 3)** |
| cache hit ratio of the dashboard-metrics requests after the warm-up (\`/api/v1/cache/stats\`, during (a)) | **$(f cache.hit_ratio)** (since the node started: $(f cache.hit_ratio_since_start)) |
EOF
}

heavy_rows() { # PREFIX TYPE
  local p=$1
  cat <<EOF
$(wrk_row "${p}cached" "$2: cached GET, 200 ($(f "bytes.${p}full_body") B body)" bytes)
$(wrk_row "${p}live" "$2: computed from the source tables (\`?source=live\`)" bytes)
$(wrk_row "${p}static" "$2: static file of the same bytes, same server" bytes)
$(wrk_row "${p}revalidated" "$2: revalidation, \`If-None-Match\` → 304" bytes)
EOF
}

render_heavy() {
  printf '\n### The heavy types\n\n'
  if ! format2; then
    echo "$NOT_MEASURED"
    return
  fi
  cat <<EOF
The first page of \`product-metrics\` (the default page: size, sort) and \`cogs-analysis\` of the same
organization, each measured like (a)–(d) above after 5 s of warm-up per path.

$LOAD_HEAD_BYTES
$(heavy_rows products. product-metrics)
$(heavy_rows cogs. cogs-analysis)

Hit ratio during the cached runs: product-metrics $(f cache.products.hit_ratio), cogs-analysis $(f cache.cogs.hit_ratio).
EOF
}

render_profile() {
  printf '\n### Profile of the cached GET\n\n'
  if ! format2; then
    echo "$NOT_MEASURED"
    return
  fi
  local library shares=""
  for library in ours jersey grizzly hazelcast jwt/jose payara/glassfish jdk other; do
    [ -z "${FIGURE[profile.attributed.$library]+set}" ] ||
      shares+="${shares:+, }$library $(awk -v s="${FIGURE[profile.attributed.$library]}" 'BEGIN { printf "%.1f %%", s * 100 }')"
  done
  cat <<EOF
A JFR recording (\`settings=profile\`) of the node during a run of (a) of its own
($(f wrk.profiled.rps) requests/s with the recording on), $(f profile.samples) execution samples; the summary is
[\`bench/results/$(f profile.summary)\`](../bench/results/$(f profile.summary)) (kept beside the results file). Samples by the first frame from the top that is
not the JDK's: $shares. Top frames (self): $(f profile.self.1); $(f profile.self.2);
$(f profile.self.3); $(f profile.self.4); $(f profile.self.5).
EOF
}

# render_report FILE: the figures of FILE as Markdown; fails when a figure the page shows is missing.
render_report() {
  load_figures "$1"
  local rendered missing
  rendered=$(render_figures)
  missing=$(grep -o '<missing [^>]*>' <<<"$rendered" | sort -u | paste -sd' ' -) || true
  [ -z "$missing" ] || fail "$1 lacks figures the page shows: $missing"
  printf '%s\n' "$rendered"
}

# write_doc FILE: keeps FILE as the quoted results (bench/results/<run date>.tsv, in place of the
# previous ones) and renders it into docs/benchmarks.md between the markers.
write_doc() {
  local source=$1 date quoted rendered
  render_report "$source" >/dev/null # an incomplete file replaces nothing
  date=$(f run.date)
  quoted="$QUOTED_RESULTS_DIR/$date.tsv"
  if [ "$(realpath -m "$source")" != "$(realpath -m "$quoted")" ]; then
    local copy
    copy=$(mktemp)
    cp "$source" "$copy"
    chmod 644 "$copy"
    mkdir -p "$QUOTED_RESULTS_DIR"
    find "$QUOTED_RESULTS_DIR" -maxdepth 1 \( -name '*.tsv' -o -name '*-profile.md' \) -delete
    # The profile's summary is kept beside it, under the same date.
    local summary=${source%.tsv}-profile.md
    if [ -n "${FIGURE[profile.summary]+set}" ] && [ -f "$summary" ]; then
      cp "$summary" "$QUOTED_RESULTS_DIR/$date-profile.md"
      chmod 644 "$QUOTED_RESULTS_DIR/$date-profile.md"
      sed -i "s/^profile\.summary\t.*/profile.summary\t$date-profile.md/" "$copy"
    fi
    mv "$copy" "$quoted"
  fi
  if ! grep -qF "$DOC_BEGIN" "$DOC" || ! grep -qF "$DOC_END" "$DOC"; then
    fail "$DOC lacks the markers $DOC_BEGIN / $DOC_END; the figures are in $quoted."
  fi
  rendered=$(mktemp)
  render_report "$quoted" >"$rendered"
  replace_between "$DOC_BEGIN" "$DOC_END" "$rendered"
  echo "wrote the figures of $quoted into $DOC"
}

# replace_between BEGIN END FILE: puts FILE's lines between the lines BEGIN and END of
# docs/benchmarks.md in place of what stood there; removes FILE.
replace_between() {
  awk -v begin="$1" -v end="$2" -v rendered="$3" '
    $0 == begin { print; while ((getline line < rendered) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0 }
    !skipping { print }' "$DOC" >"$DOC.new"
  rm -f "$3"
  mv "$DOC.new" "$DOC"
}

# keep_and_render FILE.json QUOTED_DIR BEGIN END RENDERER: keeps FILE (and its .tsv) as
# QUOTED_DIR/<run date>.* in place of the earlier ones, and writes what `node RENDERER report
# <kept file>` prints into docs/benchmarks.md between the lines BEGIN and END.
keep_and_render() {
  local source=$1 quoted_dir=$2 begin=$3 end=$4 renderer=$5 date quoted rendered
  if ! grep -qF "$begin" "$DOC" || ! grep -qF "$end" "$DOC"; then
    fail "$DOC lacks the markers $begin / $end."
  fi
  date=$(jq -r .run.date "$source")
  quoted=$quoted_dir/$date.json
  if [ "$(realpath -m "$source")" != "$(realpath -m "$quoted")" ]; then
    mkdir -p "$quoted_dir"
    find "$quoted_dir" -maxdepth 1 \( -name '*.json' -o -name '*.tsv' \) -delete
    cp "$source" "$quoted"
    [ ! -f "${source%.json}.tsv" ] || cp "${source%.json}.tsv" "${quoted%.json}.tsv"
  fi
  rendered=$(mktemp)
  node "$renderer" report "$quoted" >"$rendered"
  replace_between "$begin" "$end" "$rendered"
  echo "wrote the figures of $quoted into $DOC"
}

# finish_result FILE.json STATUS RENDERER WRITER: after a Node benchmark's run (its exit STATUS):
# fails when it left no usable result, prints its table (`node RENDERER report`), has WRITER keep it
# and render the page unless --no-doc, and fails when one of its checks did not hold.
finish_result() {
  local result=$1 status=$2 renderer=$3 writer=$4
  [ -f "$result" ] || fail "the benchmark wrote no result (status $status)."
  [ "$(jq -r .status "$result")" != error ] ||
    fail "the benchmark stopped: $(jq -r .error "$result") (result: $result)."
  echo
  node "$renderer" report "$result"
  [ "$WRITE_DOC" = no ] || "$writer" "$result"
  [ "$status" -eq 0 ] || fail "a check failed (status $status): see the table above and $result."
}
