# shellcheck shell=bash
# The benchmark's figures as docs/benchmarks.md shows them, rendered from a results file of
# bench/run.sh. Sourced by bench/run.sh (after scripts/local-node.sh, for fail).
#
# A results file holds one "key<TAB>value" a line, in the order measured; lines starting with #
# are comments. Keys: run.* (when, how, on what), data.* (the bench data's size), baseline.*,
# refresh.{full,incremental,under_load}.* (durations, outcomes in the run report's order),
# reads.* (the organization read), wrk.<case>.* (one line of bench/wrk-report.lua per case),
# bytes.* and cache.* (sizes of answers, hit ratios). Ratios and goals are computed here, from
# the measured figures, not stored.

DOC=docs/benchmarks.md
DOC_BEGIN='<!-- bench/run.sh: begin -->'
DOC_END='<!-- bench/run.sh: end -->'
# Where the results the doc quotes are kept (committed); other runs stay in .run/bench/results/.
QUOTED_RESULTS_DIR=bench/results

declare -A FIGURE=()
FIGURES_FILE=""

# A missing figure's mark passes through the arithmetic below, so that render_report finds it.
missing_in() { # VALUE ...
  case "$*" in *'<missing '*) printf '%s' "$*" ;; *) return 1 ;; esac
}

ratio() { # A B [DECIMALS]
  missing_in "$1" "$2" && return
  awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "n/a"; else printf "%.*f", d, a / b }'
}

goal() { # VALUE OP LIMIT
  missing_in "$1" && return
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    if (v == "n/a") { print "n/a"; exit }
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
  echo "| $2 | $(f "$c.rps") | $(f "$c.p50_ms") | $(f "$c.p90_ms") | $(f "$c.p99_ms") | $(f "$c.max_ms") |$bytes $(f "$c.errors") | $(f "$c.load_before") |"
}

# The Markdown of the figures in the loaded results file.
render_figures() {
  local full_s pass_s active full_bytes nm_bytes
  full_s=$(f refresh.full.seconds)
  pass_s=$(f baseline.pass_seconds)
  active=$(f data.active_organizations)
  full_bytes=$(plus "$(f bytes.full_headers)" "$(f bytes.full_body)")
  nm_bytes=$(plus "$(f bytes.not_modified_headers)" "$(f bytes.not_modified_body)")
  local cached=wrk.cached.rps static=wrk.static.rps
  cat <<EOF
<!-- Rendered by bench/run.sh report from $FIGURES_FILE; a new run replaces everything between these markers. -->

Measured on $(f run.date) with \`$(f run.command)\` ($(f run.seconds_each) s per measurement,
\`wrk -t$(f run.threads) -c$(f run.connections) --latency\` over loopback) against one Payara Micro node the command
starts on port $(f run.port), with the bench data ($(f data.organizations) organizations, $active active, $(f data.invoices)
invoices, $(f data.invoice_lines) invoice lines; database \`$(f run.database)\`).

Machine: $(f run.machine).

Load average (1 min): $(f run.load_start) at the start, $(f run.load_end) at the end; the column "load before" gives
it just before each measurement, the benchmark's own node and wrk included (they alone make
about 2–3). The host is shared with other builds, so the figures carry their noise. The node ran
with \`REFRESH_MAX_LOAD=$(f run.refresh_max_load)\`: a refresh does not defer to CPU or database load, so the
durations without readers are work, not waits; it still defers to the node's readers. Node start to ready: $(f run.node_ready_s) s.

### Refresh

| what | figure |
| --- | --- |
| our full refresh (forced run, every nightly data type, validation, publication) | **$full_s s**, $(ratio "$(f refresh.full.outcome.refreshed)" "$full_s" 1) organizations/s ($(listing refresh.full.outcome)) |
| seed plan: one pass of \`REFRESH MATERIALIZED VIEW CONCURRENTLY\` over the four views | **$pass_s s** ($(listing baseline.view " s" '`')) |
| seed plan: creating the four views (\`materialized-views.sql\`) | $(f baseline.create_seconds) s |
| seed plan as written: its function refreshes all four views once per organization | ≈ $pass_s s × $active = **$(missing_in "$pass_s" "$active" || awk -v p="$pass_s" -v n="$active" 'BEGIN { printf "%.1f", p * n / 3600 }') h** (estimated, not run) |
| incremental night: $(f refresh.incremental.changed_organizations) of $active active organizations changed, run without force | **$(f refresh.incremental.seconds) s** ($(listing refresh.incremental.outcome)) |
| a forced full refresh while cached reads hammer the node | $(f refresh.under_load.seconds) s ($(listing refresh.under_load.outcome)) |

| ratio | value |
| --- | --- |
| ours ÷ one materialized-view pass (time) | $(ratio "$full_s" "$pass_s") |
| incremental ÷ full (time) | $(ratio "$(f refresh.incremental.seconds)" "$full_s" 3) |

### Cached reads while a refresh runs

\`GET /api/v1/organizations/{id}/dashboard-metrics\` with an admin token, for organization
\`$(f reads.organization)\` (the active one with the median number of invoice lines, $(f reads.organization_lines)):
$(f run.seconds_each) s without a refresh, then $(f run.seconds_each) s right after a forced full refresh started
(when the load ended the refresh stood at $(f refresh.under_load.progress) organizations). The refresh evicts each
organization's entries as it commits it, so a read after that recomputes once.

| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | load before |
| --- | --- | --- | --- | --- | --- | --- | --- |
$(wrk_row idle "without a refresh")
$(wrk_row during "during a refresh")

Ratio during ÷ without (throughput): **$(ratio "$(f wrk.during.rps)" "$(f wrk.idle.rps)")**.

### Cache and API

Same node, same organization, after a warm-up.

| case | requests/s | p50 ms | p90 ms | p99 ms | max ms | bytes/response | errors | load before |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
$(wrk_row cached "(a) cached GET, 200" bytes)
$(wrk_row live "(b) computed from the source tables (\`?source=live\`)" bytes)
$(wrk_row static "(c) static file of the same bytes ($(f bytes.static_body) B), same server" bytes)
$(wrk_row revalidated "(d) revalidation, \`If-None-Match\` → 304" bytes)
$(wrk_row authfloor "(e) authenticated floor: \`GET /api/v1/configuration\` (admin, an in-memory map, $(f bytes.authfloor_body) B)" bytes)
$(wrk_row unauthorized "(f) the URL of (a) without a token: 401 problem (counted as errors)" bytes)

| ratio | value | goal |
| --- | --- | --- |
| cached ÷ computed from source (throughput) | **$(ratio "$(f "$cached")" "$(f wrk.live.rps)" 1)** | ≥ 20: $(goal "$(ratio "$(f "$cached")" "$(f wrk.live.rps)" 1)" ">=" 20) |
| cached ÷ static floor (throughput) | **$(ratio "$(f "$cached")" "$(f "$static")")** | ≥ 0.7: $(goal "$(ratio "$(f "$cached")" "$(f "$static")")" ">=" 0.7) |
| cached ÷ authenticated floor (e) (throughput) | $(ratio "$(f "$cached")" "$(f wrk.authfloor.rps)") | |
| 401 without a token (f) ÷ static floor (throughput) | $(ratio "$(f wrk.unauthorized.rps)" "$(f "$static")") | |
| 304 bytes ÷ full 200 bytes (headers + body, curl: $(f bytes.not_modified_headers) + $(f bytes.not_modified_body) vs. $(f bytes.full_headers) + $(f bytes.full_body)) | **$(ratio "$nm_bytes" "$full_bytes" 3)** | |
| cache hit ratio of the dashboard-metrics requests after the warm-up (\`/api/v1/cache/stats\`, during (a)) | **$(f cache.hit_ratio)** (since the node started: $(f cache.hit_ratio_since_start)) | |
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
    find "$QUOTED_RESULTS_DIR" -maxdepth 1 -name '*.tsv' -delete
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
