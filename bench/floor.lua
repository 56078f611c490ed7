-- wrk script: the floor of this machine and HTTP stack, timing an answer that does no work
-- (the liveness probe), to read the API latencies against.
done = function(summary, latency, requests)
  io.write(string.format("http floor (liveness probe): tps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
