# Shared by the benchmarks: builds the jar, starts Loopline on a fresh embedded database in the
# background (stopped and deleted on exit) and points psql/pgbench at that database.
# Expects PORT and PGPORT; sets out, log, data, app.
out=bench/out
mkdir -p "$out"
data=$(mktemp -d)
log="$out/app.log"

for tool in psql pgbench wrk bc curl java; do
  command -v $tool >/dev/null || {
    echo "needs $tool (Debian: apt-get install postgresql-client postgresql-contrib wrk bc curl)"
    exit 1; }
done

./mvnw -B -ntp -q -DskipTests package
jar=$(ls target/loopline-*.jar | grep -v original | head -1)

# a 1 GB buffer cache, as for a brand with a million members (their rows and indexes: ~660 MB)
java -Xms2g -Xmx2g -Xmn1200m -XX:+UseParallelGC -jar "$jar" --server.port=$PORT --loopline.db.data-dir="$data" \
  --loopline.db.port=$PGPORT --loopline.db.pool-size=16 --loopline.db.shared-buffers-mb=1024 --loopline.demo-data=true \
  --loopline.api.rate-limit-per-minute=100000000 --logging.level.root=WARN "$@" > "$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done
curl -sf "http://localhost:$PORT/actuator/health/readiness" >/dev/null || { cat "$log"; exit 1; }
sleep 3  # demo data
export PGHOST=localhost PGPORT PGUSER=postgres PGDATABASE=postgres

# member_ids FIRST COUNT: public ids of a range of members, for the wrk scripts
member_ids() {
  java -cp target/classes bench/PublicIds.java "$1" "$2" > "$out/member-ids.txt"
}

# median_by_p99 LINES: of wrk summary lines (one per run, each with p99=...ms), the median run's
median_by_p99() {
  echo -n "$1" | awk '{p=$0; sub(/.*p99=/, "", p); sub(/ms.*/, "", p); print p, $0}' | sort -n \
    | awk '{l[NR]=$0} END {print l[int((NR+1)/2)]}' | cut -d' ' -f2-
}
