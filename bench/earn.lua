-- wrk script: one purchase per request for a random member, each with its own order id and
-- Idempotency-Key. Reads member ids from bench/out/member-ids.txt.
local ids = {}
for line in io.lines("bench/out/member-ids.txt") do ids[#ids + 1] = line end
local counter = 0
local seeded = false
-- every run and thread needs its own order ids: a key reused with another body is refused (422)
local run = os.getenv("RUN") or tostring(os.time())
local threads = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic YWRtaW46YWRtaW4xMjM="

function setup(thread)
  threads = threads + 1
  thread:set("tag", run .. "-" .. threads)
end

request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(10), 16)); seeded = true end
  counter = counter + 1
  local order = tag .. "-" .. counter
  wrk.headers["Idempotency-Key"] = "earn-" .. order
  local member = ids[math.random(1, #ids)]
  return wrk.format(nil, nil, nil, string.format(
    '{"memberId":"%s","orderId":"%s","amountFen":%d,"channel":"pos","venue":"SH-001"}',
    member, order, math.random(1000, 100000)))
end

done = function(summary, latency, requests)
  io.write(string.format("earn api: requests=%d errors=%d tps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
