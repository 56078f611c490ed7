-- wrk script: member lookup by a random existing phone (+86188 followed by 8 digits).
-- Set FIRST and COUNT in the environment to the range of member ids that were loaded.
local first = tonumber(os.getenv("FIRST") or "1000001")
local count = tonumber(os.getenv("COUNT") or "1000000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic YWRtaW46YWRtaW4xMjM="

request = function()
  local id = first + math.random(0, count - 1)
  return wrk.format(nil, nil, nil,
    string.format('{"type":"PHONE","value":"+86188%08d"}', id))
end

done = function(summary, latency, requests)
  io.write(string.format("api lookup: requests=%d errors=%d tps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
