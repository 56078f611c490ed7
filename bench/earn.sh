#!/usr/bin/env bash
# Earn benchmark (PTS-1/PTS-3), in one run on one embedded PostgreSQL (synchronous_commit on):
#  1. pgbench TPC-B (scale 10, 8 clients, 30 s): the one-statement-per-commit baseline;
#  2. the purchase API earning points (100,000 members, a purchase rule with tier multipliers,
#     a unique order and Idempotency-Key per request, 32 connections, 30 s after a 120 s warm-up,
#     then 16 connections): tps, p50, p99;
#  3. the balance read with 10,000,000 ledger entries loaded: p99 at 8 connections and for one
#     caller (three runs, the median by p99), next to the HTTP floor (the liveness probe, which
#     does no work) on one connection;
#  and last, the earn/pgbench ratio.
# Usage: bench/earn.sh [seconds] [connections]   (needs the jar's embedded database durable: on)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
CONNS=${2:-32}
N=100000
FIRST=2000001
LAST=$((FIRST + N - 1))
PORT=18081
PGPORT=15433
source bench/lib.sh

psql -q -v ON_ERROR_STOP=1 <<SQL
insert into member.member (id, name, roles, join_channel, join_venue, created_at, updated_at)
overriding system value
select g, 'earn' || g, '{MEMBER}'::text[], 'pos', 'SH-001', now(), now()
  from generate_series($FIRST, $LAST) g;
insert into loyalty.tier (code, name_zh, name_en, rank, qualify_points)
values ('BENCH_SILVER', '银卡', 'Silver', 901, 1000000000000), ('BENCH_GOLD', '金卡', 'Gold', 902, 1000000000000)
on conflict do nothing;
insert into loyalty.member_tier (member_id, tier_code, since)
select g, case when g % 5 = 0 then 'BENCH_GOLD' else 'BENCH_SILVER' end, now()
  from generate_series($FIRST, $LAST) g where g % 2 = 0;
vacuum analyze;
checkpoint;
SQL
curl -sf -u admin:admin123 -X PUT -H 'Content-Type: application/json' \
  "http://localhost:$PORT/api/v1/points/rules/bench-purchase" -d '{"code":"bench-purchase",
  "name":"bench","trigger":"PURCHASE","points":1,"perFen":100,"channels":["pos"],
  "tierMultipliers":{"BENCH_SILVER":120,"BENCH_GOLD":150},"caps":{"perDay":1000000},
  "active":true}' >/dev/null
member_ids $FIRST $N

pgbench -i -q -s 10 >/dev/null 2>&1
pg=$(pgbench -n -c 8 -j 2 -T "$SECONDS_RUN" 2>/dev/null)
pg_tps=$(echo "$pg" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
pg_lat=$(echo "$pg" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')

RUN=warm-$(date +%s) wrk -t2 -c$CONNS -d120s -s bench/earn.lua "http://localhost:$PORT/api/v1/points/purchases" >/dev/null
api=$(RUN=run-$(date +%s) wrk -t2 -c$CONNS -d"${SECONDS_RUN}s" --latency -s bench/earn.lua \
  "http://localhost:$PORT/api/v1/points/purchases" | grep '^earn api')
api_tps=$(echo "$api" | sed -n 's/.* tps=\([0-9.]*\).*/\1/p')
# the same at half the connections: less queueing, so the latency the write path itself costs
# (wrk needs a connection per thread)
HALF=$(( CONNS / 2 > 2 ? CONNS / 2 : 2 ))
api_half=$(RUN=half-$(date +%s) wrk -t2 -c$HALF -d"${SECONDS_RUN}s" --latency -s bench/earn.lua \
  "http://localhost:$PORT/api/v1/points/purchases" | grep '^earn api')
audit=$(curl -s -u admin:admin123 "http://localhost:$PORT/api/v1/points/audit" | head -c 200)

start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 <<SQL
insert into loyalty.points_entry (member_id, kind, points, cause_type, external_id, actor, at)
select g, case when k % 2 = 1 then 'EARN' else 'SPEND' end, case when k % 2 = 1 then 10 else -10 end,
       'BENCH', 'bench-' || k, 'bench', now() - (100 - k) * interval '1 day'
  from generate_series($FIRST, $LAST) g, generate_series(1, 100) k;
insert into loyalty.points_lot (member_id, entry_id, earned, remaining, expires_at)
select member_id, id, 10, 0, null from loyalty.points_entry where cause_type = 'BENCH' and kind = 'EARN';
vacuum analyze;
checkpoint;
SQL
load=$(echo "$(date +%s.%N) - $start" | bc)
entries=$(psql -tAc "select count(*) from loyalty.points_entry")
wrk -t2 -c8 -d20s -s bench/balance.lua "http://localhost:$PORT" >/dev/null
balance=$(wrk -t2 -c8 -d"${SECONDS_RUN}s" -s bench/balance.lua "http://localhost:$PORT" \
  | grep '^balance api')
# one caller: three runs, the median run's p99 is the figure (one window on this shared machine
# can land on a noisy stretch; the floor, warmed up as well, shows how noisy)
wrk -t1 -c1 -d10s -s bench/balance.lua "http://localhost:$PORT" >/dev/null
runs=""
for _ in 1 2 3; do
  runs+=$(wrk -t1 -c1 -d"${SECONDS_RUN}s" -s bench/balance.lua "http://localhost:$PORT" \
    | grep '^balance api')$'\n'
done
balance1=$(median_by_p99 "$runs")
wrk -t1 -c1 -d10s -s bench/floor.lua "http://localhost:$PORT/actuator/health/liveness" >/dev/null
floor1=$(wrk -t1 -c1 -d"${SECONDS_RUN}s" -s bench/floor.lua "http://localhost:$PORT/actuator/health/liveness" | grep "^http floor")

summary=$(cat <<TXT
Loopline earn benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, synchronous_commit=$(psql -tAc 'show synchronous_commit')
pgbench TPC-B scale 10, 8 clients, ${SECONDS_RUN} s: tps=$pg_tps latency avg=${pg_lat} ms
$api (connections=$CONNS, $N members, purchase rule with tier multipliers, after a 120 s warm-up)
$api_half (connections=$HALF)
ledger audit after the run: $audit
ledger entries loaded: $entries (load ${load%.*} s)
$balance (8 connections)
$(echo -n "$runs" | sed 's/^/  /')
$balance1 (1 connection, median run by p99)
$floor1 (1 connection)
earn/pgbench ratio=$(echo "scale=2; $api_tps / $pg_tps" | bc)
TXT
)
echo "$summary" | tee "$out/earn-$(date +%Y%m%d-%H%M%S).txt"
