-- wrk reporter for bench/run.sh: one machine-readable line after wrk's own summary.
--   WRK requests seconds requests_per_s p50_ms p90_ms p99_ms max_ms bytes_per_response
--       non_2xx_3xx socket_errors
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format("WRK %d %.3f %.1f %.3f %.3f %.3f %.3f %.1f %d %d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests > 0 and summary.bytes / summary.requests or 0,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
