-- wrk script: a random member's points balance. Reads member ids from bench/out/member-ids.txt.
local ids = {}
for line in io.lines("bench/out/member-ids.txt") do ids[#ids + 1] = line end
local seeded = false
wrk.headers["Authorization"] = "Basic YWRtaW46YWRtaW4xMjM="

request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(10), 16)); seeded = true end
  return wrk.format("GET", "/api/v1/members/" .. ids[math.random(1, #ids)] .. "/points/balance")
end

done = function(summary, latency, requests)
  io.write(string.format("balance api: requests=%d errors=%d tps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
