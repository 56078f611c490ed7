#!/usr/bin/env bash
# Member benchmark: loads N members (default 1,000,000) into a fresh embedded database, then
# measures member lookup by phone through the API (8 clients; three runs, the median run's p99
# is the figure) against pgbench doing the same lookup in SQL, a three-condition segment count
# through the API, and a bulk grant of points to all of them as one job.
# Usage: bench/members.sh [N] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SECONDS_RUN=${2:-30}
CLIENTS=8
PORT=18080
PGPORT=15432
FIRST=1000001
source bench/lib.sh

LAST=$((FIRST + N - 1))
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 <<SQL
insert into member.member (id, name, birthday, gender, roles, join_channel, join_venue, created_at, updated_at)
overriding system value
select g, 'bench' || g, date '1960-01-01' + (g % 15000),
       case g % 2 when 0 then 'FEMALE' else 'MALE' end,
       case when g % 20 = 0 then '{MEMBER,VIP}'::text[] else '{MEMBER}'::text[] end,
       'pos', 'SH-00' || (g % 9), now() - (g % 1000) * interval '1 day', now()
  from generate_series($FIRST, $LAST) g;
insert into member.identity (type, scope, value, member_id, added_at)
select 'PHONE', '', '+86188' || lpad(g::text, 8, '0'), g, now() from generate_series($FIRST, $LAST) g;
insert into member.identity (type, scope, value, member_id, added_at)
select 'EMAIL', '', 'm' || g || '@example.com', g, now() from generate_series($FIRST, $LAST, 3) g;
insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
select g, (select id from member.tag where code = 'coffee'), 'IMPORT', 'bench', now()
  from generate_series($FIRST, $LAST) g where g % 10 < 3;
insert into member.member_tag (member_id, tag_id, source, added_by, added_at)
select g, (select id from member.tag where code = 'active'), 'IMPORT', 'bench', now()
  from generate_series($FIRST, $LAST) g where g % 10 >= 5;
select setval(pg_get_serial_sequence('member.member', 'id'), $LAST);
vacuum analyze;
checkpoint;
SQL
load=$(echo "$(date +%s.%N) - $start" | bc)

cat > "$out/lookup.sql" <<SQL
\set n random($FIRST, $LAST)
select member_id from member.identity where type = 'PHONE' and scope = '' and value = '+86188' || lpad(:n::text, 8, '0');
SQL
pg=$(pgbench -n -c $CLIENTS -j 2 -T "$SECONDS_RUN" -f "$out/lookup.sql" 2>/dev/null)
pg_tps=$(echo "$pg" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
pg_lat=$(echo "$pg" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')

export FIRST COUNT=$N
wrk -t2 -c$CLIENTS -d120s -s bench/lookup.lua "http://localhost:$PORT/api/v1/members/lookup" >/dev/null
# three measured runs: on a shared 2-core machine one 30 s window can land on a noisy stretch
# (the HTTP floor below varies as much), so the target is judged on the median run's p99
runs=""
for _ in 1 2 3; do
  runs+=$(wrk -t2 -c$CLIENTS -d"${SECONDS_RUN}s" -s bench/lookup.lua \
    "http://localhost:$PORT/api/v1/members/lookup" | grep '^api lookup')$'\n'
done
api=$(median_by_p99 "$runs")
api_tps=$(echo "$api" | sed -n 's/.* tps=\([0-9.]*\).*/\1/p')
floor=$(wrk -t2 -c$CLIENTS -d"${SECONDS_RUN}s" -s bench/floor.lua "http://localhost:$PORT/actuator/health/liveness" | grep "^http floor")

definition='{"definition":{"and":[{"attribute":"tag","operator":"has","value":"coffee"},{"attribute":"birthday_month","operator":"in","value":[5,6]},{"not":{"attribute":"role","operator":"has","value":"VIP"}}]}}'
times=()
for _ in $(seq 1 10); do
  t=$(curl -s -o "$out/count.json" -w '%{time_total}' -u admin:admin123 \
    -H 'Content-Type: application/json' -d "$definition" "http://localhost:$PORT/api/v1/segments/preview")
  times+=("$t")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
count=$(cat "$out/count.json")

# bulk grant (PTS-3): points to every member of a 1M-member segment as one durable job
curl -sf -u admin:admin123 -H 'Content-Type: application/json' "http://localhost:$PORT/api/v1/segments" \
  -d '{"code":"bench-all","name":"bench","definition":{"attribute":"role","operator":"has","value":"MEMBER"}}' >/dev/null
start=$(date +%s.%N)
grant=$(curl -sf -u admin:admin123 -H 'Content-Type: application/json' -H "Idempotency-Key: bench-grant-$$" \
  "http://localhost:$PORT/api/v1/points/grants" \
  -d '{"segment":"bench-all","points":10,"reason":"bench","externalId":"bench-grant"}' \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
state=QUEUED
while [ "$state" = QUEUED ] || [ "$state" = RUNNING ]; do
  sleep 1
  job=$(curl -sf -u admin:admin123 "http://localhost:$PORT/api/v1/points/grants/$grant")
  state=$(echo "$job" | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p')
done
grant_s=$(echo "$(date +%s.%N) - $start" | bc)
granted=$(echo "$job" | sed -n 's/.*"granted":\([0-9]*\).*/\1/p')
entries=$(psql -tAc "select count(*) from loyalty.points_entry where cause_type = 'GRANT'")

summary=$(cat <<TXT
Loopline member benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores
members loaded: $N in ${load%.*} s (generate_series, server-side)
pgbench lookup by phone (SQL only): clients=$CLIENTS tps=$pg_tps latency avg=${pg_lat} ms
API (wrk, clients=$CLIENTS, three ${SECONDS_RUN} s runs after a 120 s warm-up):
$(echo -n "$runs" | sed 's/^/  /')
  median run (by p99): $api
$floor (clients=$CLIENTS)
API lookup/pgbench ratio=$(echo "scale=2; $api_tps / $pg_tps" | bc)
segment count (tag has coffee AND birthday month in 5,6 AND NOT role VIP): answer $count
  10 runs: min=$(echo "$sorted" | head -1)s median=$(echo "$sorted" | sed -n 5p)s max=$(echo "$sorted" | tail -1)s
bulk grant of 10 points to segment bench-all: $state, $granted members in ${grant_s%.*} s
  ($(echo "scale=0; $granted / $grant_s" | bc) members/s; ledger entries written: $entries)
TXT
)
echo "$summary" | tee "$out/members-$(date +%Y%m%d-%H%M%S).txt"
