#!/usr/bin/env bash
# Runs every Tributary benchmark figure RUNS times (default 3) and writes bench/RESULTS.md (min / median / max).
# Usage: bench/run.sh            (about 60 minutes; needs ~10 GB free disk under BENCH_DIR; pgstore needs PostgreSQL)
# Env:   RUNS=3  BENCH_DIR=<scratch dir, default bench/target/scratch: must be a real disk, not tmpfs, or fsync is free>
#        HTTP_SECONDS=10  HTTP_WARMUP=15  STREAMS=1000000  SKIP_BUILD=1  JMH_OPTS='-wi 0 -i 1' (appended to JMH's options)
#        DELIVERY_SECONDS=8  DELIVERY_WARMUP=15  NODE_WARMUP=60  DRAIN_EVENTS=300000  FANOUT_EVENTS=100000
#        SCALE_BUSES=2500 (buses of 4 partitions in the scale figures)
#        PG_URL=jdbc:postgresql://localhost:5432/test (user postgres, trust auth)  PGSTORE_WARMUP=30  PGSTORE_SECONDS=15
#        GROUP_EVENTS=500000 (the consumer group's backlog)  GROUP_STREAM_EVENTS=100000 (… with ordering stream)
#        PROJECTION_EVENTS=1000000  PROJECTION_STREAMS=10000 (a Java projection's catch-up, SQLite and PostgreSQL state)
#        FIGURES='jmh http delivery start scale gateway store pgstore group projection' (the groups to run)
#        REPORT=bench/RESULTS.md (where the report goes)
#        JMH_INCLUDE=<regex of the JMH benchmarks to run, default all five>
#        RUN_DIR=bench/target/run (raw output of every step; emptied first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/find-jdk"
. "$root/bin/jvm-options"
java="$JAVA_HOME/bin/java"
cd "$root"

runs=${RUNS:-3}
http_seconds=${HTTP_SECONDS:-10}
http_warmup=${HTTP_WARMUP:-15}
streams=${STREAMS:-1000000}
delivery_seconds=${DELIVERY_SECONDS:-8}
delivery_warmup=${DELIVERY_WARMUP:-15}
node_warmup=${NODE_WARMUP:-60}
drain_requests=$(( ${DRAIN_EVENTS:-300000} / 100 ))
fanout_requests=$(( ${FANOUT_EVENTS:-100000} / 100 ))
figures=" ${FIGURES:-jmh http delivery start scale gateway store pgstore group projection} "
scale_buses=${SCALE_BUSES:-2500}
pg_url=${PG_URL:-jdbc:postgresql://localhost:5432/test}
pgstore_warmup=${PGSTORE_WARMUP:-30}
pgstore_seconds=${PGSTORE_SECONDS:-15}
group_events=${GROUP_EVENTS:-500000}
group_stream_events=${GROUP_STREAM_EVENTS:-100000}
projection_events=${PROJECTION_EVENTS:-1000000}
projection_streams=${PROJECTION_STREAMS:-10000}
report=${REPORT:-$root/bench/RESULTS.md}
started=$(date +%s)

[ -n "${SKIP_BUILD:-}" ] || ./build -q -DskipTests package
work=${RUN_DIR:-$root/bench/target/run}
rm -rf "$work" && mkdir -p "$work"
# Measure copies, so that a rebuild in the tree during the run cannot swap the binaries under it.
cp "$root/bench/target/benchmarks.jar" "$root/server/target/tributary.jar" "$work/"
bench_jar="$work/benchmarks.jar"
node_jar="$work/tributary.jar"
results="$work/results.tsv"
notes="$work/notes.md"
scratch=${BENCH_DIR:-$root/bench/target/scratch}
rm -rf "$scratch" && mkdir -p "$scratch"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

log() { printf '%s  %s\n' "$(date +%T)" "$*" >&2; }
note() { printf '%s\n' "$*" >>"$notes"; }
tool() { "$java" -cp "$bench_jar" "dev.tributary.bench.$1" "${@:2}"; }
wants() { [[ $figures == *" $1 "* ]]; }

# start_process <log file> <command…>: starts it in the background, waits for its "listening on http://host:port"
# line and for /health/ready; sets $pid and $port.
start_process() {
  local out=$1; shift
  "$@" >"$out" 2>&1 &
  pid=$!; pids+=("$pid")
  local line="" i
  for i in $(seq 1 1200); do
    line=$(grep -m1 -o 'listening on http://[^ ,]*' "$out" 2>/dev/null || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || { log "process exited before listening; see $out"; tail -20 "$out" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { log "no 'listening on' line within 120 s; see $out"; return 1; }
  port=${line##*:}
  # a node's first start writes an admin key; the tools and the CLI read $TRIBUTARY_TOKEN
  local key
  key=$(sed -n 's/.*wrote it to \([^ ]*\) (readable.*/\1/p' "$out" | head -1)
  if [ -n "$key" ]; then export TRIBUTARY_TOKEN; TRIBUTARY_TOKEN=$(cat "$key"); fi
  for i in $(seq 1 1200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0
    sleep 0.1
  done
  log "not ready within 120 s; see $out"; return 1
}

stop_process() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# loadgen <label> <run> <args…>: runs the load generator, prints its RESULT line, echoes its throughput.
loadgen() {
  local label=$1 run=$2; shift 2
  local out="$work/$label-$run.log"
  tool LoadGenerator --warmup "$http_warmup" --duration "$http_seconds" --connections 64 \
      --results "$results" --run "$run" --label "$label" "$@" >"$out" 2>&1 || { log "load generator failed; see $out"; tail -5 "$out" >&2; return 1; }
  grep '^RESULT' "$out" >&2
  grep -q 'errors=0' "$out" || note "- $label run $run: the load generator saw errors ($(grep -m1 'first error' "$out" || true))"
  sed -n 's/^RESULT.* throughput=\([0-9.]*\).*/\1/p' "$out"
}

# record <run> <metric> <value>: one figure measured here rather than by a tool.
record() { printf '%d\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }

# scale_figures <run>: SCALE_BUSES buses of 4 partitions on one node (with ./tributary's JVM settings): idle memory,
# threads and files; ingest spread over all of them beside ingest into one bus; memory after the burst, idle.
scale_figures() {
  local run=$1 node_pid base created
  log "run $run/$runs: $scale_buses buses of 4 partitions on one node"
  start_process "$work/node-scale-$run.log" "$java" "${tributary_server_opts[@]}" -jar "$node_jar" server --port 0 \
      --data "$scratch/scale-$run"
  node_pid=$pid base="http://127.0.0.1:$port"
  created=$(tool ManyBuses --url "$base" --buses "$scale_buses" --partitions 4 | sed -n 's/^RESULT .*seconds=//p')
  record "$run" scale.create_s "$created"
  sleep 35 # idle: G1's periodic collection runs every 30 s
  record "$run" scale.idle.rss "$(rss_mib "$node_pid")"
  record "$run" scale.idle.threads "$(threads_of "$node_pid")"
  record "$run" scale.idle.fds "$(find "/proc/$node_pid/fd" -mindepth 1 | wc -l)"
  loadgen scale.ingest.one "$run" --url "$base/v1/buses/one/events" --create-bus one:4 --mode binary >/dev/null
  loadgen scale.ingest.spread "$run" --url "$base/v1/buses/many-{n}/events" --spread "$scale_buses" --mode binary \
      >/dev/null
  record "$run" scale.burst.rss "$(rss_mib "$node_pid")"
  record "$run" scale.burst.threads "$(threads_of "$node_pid")"
  sleep 65
  record "$run" scale.after.rss "$(rss_mib "$node_pid")"
  stop_process "$node_pid"
  rm -rf "$scratch/scale-$run"
}

# store_figures <run>: the event store's figures; so far what the global order costs at ingest: the same single events
# and batches into a bus that keeps one and a bus that does not, in turns, with the node's CPU time per event.
store_figures() {
  local run=$1 store_pid mode pair shape
  log "run $run/$runs: event store: ingest with and without the global order"
  start_process "$work/node-store-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/store-$run" \
      --durability fsync
  store_pid=$pid node_port=$port
  api POST /v1/buses '{"name":"ordered","partitions":4}' >/dev/null
  api POST /v1/buses '{"name":"unordered","partitions":4,"globalOrder":false}' >/dev/null
  # the JIT's first minute would otherwise count against whichever bus goes first
  loadgen store.warmup "$run" --url "http://127.0.0.1:$node_port/v1/buses/unordered/events" --mode batch --batch 100 \
      --warmup 0 --duration 30 >/dev/null
  local order=(global:ordered partition:unordered)
  (( run % 2 )) || order=(partition:unordered global:ordered)
  for mode in single batch; do
    shape=(--mode binary)
    [ "$mode" = batch ] && shape=(--mode batch --batch 100)
    for pair in "${order[@]}"; do
      loadgen "store.ingest.$mode.${pair%%:*}" "$run" --url "http://127.0.0.1:$node_port/v1/buses/${pair#*:}/events" \
          "${shape[@]}" --cpu-of "$store_pid" >/dev/null
    done
  done
  # the ordered bus now holds the events of the runs above: read it in its global order, again and again
  tool AllReadLoad --url "http://127.0.0.1:$node_port" --bus ordered --limit 1000 --warmup 3 --duration "$http_seconds" \
      --results "$results" --run "$run" --label store.all.http >"$work/store.all.http-$run.log" 2>&1 \
      || { log "AllReadLoad failed; see $work/store.all.http-$run.log"; return 1; }
  grep '^RESULT' "$work/store.all.http-$run.log" >&2
  stop_process "$store_pid"
  rm -rf "$scratch/store-$run"
}

# pgstore_figures <run>: appends of one 1 KB event with an exact expected version, 16 writers on 1,000 streams each:
# the embedded store, a node over HTTP and PostgreSQL (PG_URL, as Message DB and Marten use it), one after the other
# on fresh data, in an order that turns round every run. StoreAppendLoad starts and stops the node itself.
pgstore_figures() {
  local run=$1 sides=embedded,http,postgres out="$work/pgstore-$run.log"
  (( run % 2 )) || sides=postgres,http,embedded
  log "run $run/$runs: event store beside PostgreSQL ($sides)"
  tool StoreAppendLoad --jar "$node_jar" --dir "$scratch/pgstore-$run" --node-log "$work/node-pgstore-$run.log" \
      --sides "$sides" --warmup "$pgstore_warmup" --duration "$pgstore_seconds" --pg-url "$pg_url" \
      --results "$results" --run "$run" --label pgstore >"$out" 2>&1 \
      || { log "StoreAppendLoad failed; see $out"; tail -5 "$out" >&2; return 1; }
  grep '^RESULT' "$out" >&2
  if (( run == 1 )); then note "- pgstore: $(head -1 "$out")."; fi
  rm -rf "$scratch/pgstore-$run"
}

# group_drain <label> <run> <GroupLoad args…>: a new consumer group drains a bus's backlog: 4 consumers, each its
# own thread and connection, fetching 100 and acking them; prints the RESULT line.
group_drain() {
  local label=$1 run=$2 out="$work/$1-$2.log"
  shift 2
  tool GroupLoad "$@" --consumers 4 --max 100 --warmup 3 --results "$results" --run "$run" --label "$label" \
      >"$out" 2>&1 || { log "GroupLoad failed; see $out"; tail -5 "$out" >&2; return 1; }
  grep '^RESULT' "$out" >&2
}

# group_figures <run>: a consumer group over HTTP on one node: GROUP_EVENTS 1 KB events published in batches of 100
# to a bus with a global order, drained with ordering none; then GROUP_STREAM_EVENTS single events appended
# round-robin to 1,000 streams, drained with ordering stream (one event of each stream leased at a time).
group_figures() {
  local run=$1 group_pid base
  log "run $run/$runs: consumer group over HTTP: $group_events events, then $group_stream_events over 1,000 streams"
  start_process "$work/node-group-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/group-$run" \
      --durability fsync
  group_pid=$pid node_port=$port base="http://127.0.0.1:$port"
  api POST /v1/buses '{"name":"grouped","partitions":4,"globalOrder":true}' >/dev/null
  loadgen group.none.publish "$run" --url "$base/v1/buses/grouped/events" --mode batch --batch 100 \
      --count "$(( group_events / 100 ))" >/dev/null
  group_drain group.none "$run" --url "$base" --bus grouped --ordering none
  api POST /v1/buses '{"name":"streamed","partitions":4,"globalOrder":true}' >/dev/null
  loadgen group.stream.publish "$run" --url "$base/v1/buses/streamed/streams/order-{n}/events" --spread 1000 \
      --mode binary --count "$group_stream_events" >/dev/null
  group_drain group.stream "$run" --url "$base" --bus streamed --ordering stream
  stop_process "$group_pid"
  rm -rf "$scratch/group-$run"
}

# projection_figures <run>: a Java projection counting and summing per stream catches up with an embedded store of
# PROJECTION_EVENTS small events in PROJECTION_STREAMS streams, its state in SQLite and then in PostgreSQL (PG_URL),
# in an order that turns round every run; ProjectionLoad fills the store (not measured) and checks every count.
projection_figures() {
  local run=$1 sides=sqlite,postgres out="$work/projection-$run.log"
  (( run % 2 )) || sides=postgres,sqlite
  log "run $run/$runs: projection catch-up, $projection_events events in $projection_streams streams ($sides)"
  tool ProjectionLoad --events "$projection_events" --streams "$projection_streams" --dir "$scratch/projection-$run" \
      --sides "$sides" --pg-url "$pg_url" --results "$results" --run "$run" --label projection >"$out" 2>&1 \
      || { log "ProjectionLoad failed; see $out"; tail -5 "$out" >&2; return 1; }
  grep '^RESULT' "$out" >&2
  rm -rf "$scratch/projection-$run"
}

# gateway_figures <run>: what the gateway's stages cost, side by side in one run: single events with an API key
# beside a node with --auth none; batches of 100 realistic orders (1 KB) into a bus that enforces a schema of about
# ten properties (a nested object, enums, patterns) beside one that does not; GitHub-style 5 KB deliveries to a hook.
gateway_figures() {
  local run=$1 keyed_pid open_pid open_port base secret=bench-hook-secret schema grpc_port
  log "run $run/$runs: gateway: API key vs --auth none, schema enforcement, hook deliveries"
  start_process "$work/node-gw-none-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/gw-none-$run" \
      --auth none
  open_pid=$pid open_port=$port
  start_process "$work/node-gw-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/gw-$run"
  keyed_pid=$pid node_port=$port base="http://127.0.0.1:$port"
  # alternate which goes first, so that neither always meets a warmer machine
  if (( run % 2 )); then
    loadgen gateway.single.key "$run" --url "$base/v1/buses/gw/events" --create-bus gw:4 --mode binary >/dev/null
    TRIBUTARY_TOKEN= loadgen gateway.single.none "$run" --url "http://127.0.0.1:$open_port/v1/buses/gw/events" \
        --create-bus gw:4 --mode binary >/dev/null
  else
    TRIBUTARY_TOKEN= loadgen gateway.single.none "$run" --url "http://127.0.0.1:$open_port/v1/buses/gw/events" \
        --create-bus gw:4 --mode binary >/dev/null
    loadgen gateway.single.key "$run" --url "$base/v1/buses/gw/events" --create-bus gw:4 --mode binary >/dev/null
  fi
  stop_process "$open_pid"
  api POST /v1/buses '{"name":"plain","partitions":4}' >/dev/null
  api POST /v1/buses '{"name":"checked","partitions":4}' >/dev/null
  schema=$(tr -d '\n' <"$root/bench/src/main/resources/schemas/order.schema.json")
  api POST "/v1/schemas/dev.tributary.bench.sample/versions?bus=checked" "{\"schema\":$schema}" >/dev/null
  api PUT /v1/buses/checked/validation '{"mode":"enforce"}' >/dev/null
  # both with the node's CPU time per event, which the machine's noise moves less than the rates; in turns, as above
  local order=(plain:plain enforce:checked) label_bus
  (( run % 2 )) || order=(enforce:checked plain:plain)
  for label_bus in "${order[@]}"; do
    loadgen "gateway.batch.${label_bus%%:*}" "$run" --url "$base/v1/buses/${label_bus#*:}/events" --mode batch \
        --batch 100 --data order --cpu-of "$keyed_pid" >/dev/null
  done
  # the same 1 KB events in batches of 100, over HTTP and over gRPC's client stream (8 streams × 8 in flight)
  loadgen gateway.http.batch "$run" --url "$base/v1/buses/plain/events" --mode batch --batch 100 >/dev/null
  grpc_port=$(sed -n 's/^gRPC API on [^:]*:\([0-9]*\).*/\1/p' "$work/node-gw-$run.log" | head -1)
  tool GrpcLoad --target "127.0.0.1:$grpc_port" --bus plain --batch 100 --streams 8 --in-flight 8 --warmup "$http_warmup" \
      --duration "$http_seconds" --results "$results" --run "$run" --label gateway.grpc.stream \
      >"$work/gateway.grpc-$run.log" 2>&1 || { log "GrpcLoad failed; see $work/gateway.grpc-$run.log"; return 1; }
  grep '^RESULT' "$work/gateway.grpc-$run.log" >&2
  api POST /v1/buses '{"name":"hooks","partitions":4}' >/dev/null
  api POST /v1/hooks "{\"name\":\"gh\",\"bus\":\"hooks\",\"provider\":\"github\",\"secrets\":[\"$secret\"]}" >/dev/null
  loadgen gateway.hook "$run" --url "$base/v1/hooks/gh" --mode github --data github --event-bytes 5120 \
      --hook-secret "$secret" >/dev/null
  stop_process "$keyed_pid"
  rm -rf "$scratch/gw-$run" "$scratch/gw-none-$run"
}

# cli_start <run>: the median of 11 `tributary bus list` against an idle empty node, through ./tributary (its JVM
# settings and class-data sharing) and, beside it, a plain `java -jar` with the JVM's defaults.
cli_start() {
  local run=$1 node_pid url i t0 t1 wall=() plain=()
  start_process "$work/node-cli-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/cli-$run"
  node_pid=$pid url="http://127.0.0.1:$port"
  "$root/tributary" bus list --url "$url" >/dev/null # the first run after a build makes the class-data archive
  for i in $(seq 1 11); do
    t0=$(date +%s%N); "$root/tributary" bus list --url "$url" >/dev/null; t1=$(date +%s%N)
    wall+=($(( (t1 - t0) / 1000 )))
    t0=$(date +%s%N); "$java" -jar "$node_jar" bus list --url "$url" >/dev/null; t1=$(date +%s%N)
    plain+=($(( (t1 - t0) / 1000 )))
  done
  record "$run" cli.start.ms "$(printf '%s\n' "${wall[@]}" | sort -n | awk 'NR == 6 { printf "%.1f", $1 / 1000 }')"
  record "$run" cli.start.plain.ms "$(printf '%s\n' "${plain[@]}" | sort -n | awk 'NR == 6 { printf "%.1f", $1 / 1000 }')"
  stop_process "$node_pid"
  rm -rf "$scratch/cli-$run"
}

# api <method> <path> [JSON body]: a call to the delivery node's HTTP API that must succeed; prints the answer.
api() {
  local args=(-sS --fail-with-body -H "authorization: Bearer $TRIBUTARY_TOKEN" -X "$1" "http://127.0.0.1:$node_port$2")
  [ $# -ge 3 ] && args+=(-H 'content-type: application/json' --data-binary "$3")
  curl "${args[@]}" || { log "$1 $2 failed"; return 1; }
}

# api_each: sends the requests read from stdin, one "<method> <path> [JSON body without spaces]" per line, from one
# curl process over one keep-alive connection; fails unless every answer is 2xx. Logs how long they took and leaves
# that in $api_each_ms (when not run in a subshell).
api_each() {
  local method path body args=() codes t0 what=""
  while read -r method path body; do
    [ -n "$what" ] || what="$method ${path#/v1/}"
    [ ${#args[@]} -gt 0 ] && args+=(--next)
    args+=(-sS -o /dev/null -w '%{http_code}\n' -H "authorization: Bearer $TRIBUTARY_TOKEN" -X "$method"
        "http://127.0.0.1:$node_port$path")
    if [ -n "$body" ]; then args+=(-H 'content-type: application/json' --data-binary "$body"); fi
  done
  t0=$(date +%s%N)
  codes=$(curl "${args[@]}") || { log "curl failed: $codes"; return 1; }
  if grep -qv '^2' <<<"$codes"; then log "answers: $(sort <<<"$codes" | uniq -c | tr -s ' \n' ' ')"; return 1; fi
  api_each_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  log "$what … × $(wc -l <<<"$codes"): $api_each_ms ms"
}

# subscription <id> <bus> <startAt> [type]: the definition of a subscription delivering to the sink, max in-flight
# 64, no rate limit; with a type, one filter `exact` on it.
subscription() {
  local filters=""
  if [ -n "${4:-}" ]; then filters=",\"filters\":[{\"exact\":{\"type\":\"$4\"}}]"; fi
  printf '{"id":"%s","bus":"%s","sink":"%s","startAt":"%s","delivery":{"maxInFlight":64}%s}' "$1" "$2" "$sink_url" "$3" "$filters"
}

# typed <method> <id prefix> [<bus> <startAt> [<type prefix>]]: requests for 100 subscriptions <prefix>-00 … -99,
# the i-th `exact` on the type that 1 % of the load generator's events carry with --types 100
# (dev.tributary.bench.sample.t00 … t99), or on <type prefix><i>: POST creates them, DELETE deletes them, pause and
# resume do that.
typed() {
  local i
  for i in $(seq -w 0 99); do
    case $1 in
      POST) echo "POST /v1/subscriptions $(subscription "$2-$i" "$3" "$4" "${5:-dev.tributary.bench.sample.t}$i")" ;;
      DELETE) echo "DELETE /v1/subscriptions/$2-$i" ;;
      *) echo "POST /v1/subscriptions/$2-$i/$1" ;;
    esac
  done
}

# settle: waits until the sink has received nothing for a second (at most 2 minutes), so that a backlog left by one
# figure is not delivered during the next.
settle() {
  local before after i
  after=$(curl -sS "http://127.0.0.1:$sink_port/bench/stats")
  for i in $(seq 1 120); do
    before=$after; sleep 1; after=$(curl -sS "http://127.0.0.1:$sink_port/bench/stats")
    [ "$before" = "$after" ] && return 0
  done
  log "deliveries still arriving after 2 minutes"
}

# measure <label> <query>: opens a measurement window in the delivery sink (see DeliverySink).
measure() { curl -sS --fail-with-body -X POST "http://127.0.0.1:$sink_port/bench/measure?label=$1&$2" >/dev/null; }

# measured <run>: waits for the open window to end, prints its RESULT line, notes an incomplete one.
measured() {
  local line
  line=$(curl -sS --fail-with-body "http://127.0.0.1:$sink_port/bench/result") || { log "no result from the sink"; return 1; }
  printf '%s\n' "$line" >&2
  [[ $line == *complete=true* && $line == *warm=true* ]] || note "- run $1: $(sed 's/^RESULT //' <<<"$line")"
}

# paced <sink label> <load generator label> <url> <rate> <run>: single stamped events paced at <rate> to <url>, the
# latency of their arrival at the sink measured in a window that starts with the first delivery. The load generator
# is a new JVM each time: its warm-up must outlast its own JIT (with 4 s, C2 still took 44 % of its CPU, on the cores
# the node needs, inside the window). It publishes 2 s longer than the window lasts, so that the window's end still
# sees deliveries of events published at the rate. With the sink's own URL (no node in between) this is the floor
# that the load generator and the sink alone set on this machine.
paced() {
  local window=$1 label=$2 url=$3 rate=$4 run=$5
  measure "$window" "from=first&warmup=$delivery_warmup&duration=$delivery_seconds&timeout=$((delivery_warmup + delivery_seconds + 120))"
  loadgen "$label" "$run" --url "$url" --mode binary --rate "$rate" --stamp true \
      --warmup "$delivery_warmup" --duration "$((delivery_seconds + 2))" >/dev/null
  measured "$run"
  settle
}

# delivery_figures <run>: section 6, on one node with --allow-private-sinks and one DeliverySink.
delivery_figures() {
  local run=$1 base
  log "run $run/$runs: delivery, node + no-op delivery sink"
  start_process "$work/node-delivery-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/delivery-$run" \
      --durability fsync --allow-private-sinks true
  node_pid=$pid node_port=$port
  start_process "$work/sink-$run.log" "$java" -cp "$bench_jar" dev.tributary.bench.DeliverySink --results "$results" --run "$run"
  sink_pid=$pid sink_port=$port
  sink_url="http://127.0.0.1:$sink_port/deliveries"
  base="http://127.0.0.1:$node_port/v1/buses"

  # On 2 shared cores C2 needs 40-60 s to settle on the publish + delivery path (compiler threads compete with the
  # load they compile for); measured cold, the figures below would mostly measure the compiler. So the node first
  # publishes and delivers for a while, as JMH warms up before it measures.
  log "run $run/$runs: warming the node up: $node_warmup s of publishing and delivering at 3,000 events/s"
  api POST /v1/buses '{"name":"warmup","partitions":4}' >/dev/null
  api POST /v1/subscriptions "$(subscription warmup warmup latest)" >/dev/null
  tool LoadGenerator --warmup 0 --duration "$node_warmup" --connections 64 --url "$base/warmup/events" --mode binary \
      --rate 3000 >"$work/node-warmup-$run.log" 2>&1 || { log "warm-up failed; see $work/node-warmup-$run.log"; return 1; }
  api DELETE /v1/subscriptions/warmup >/dev/null
  settle

  log "run $run/$runs: ingest without subscriptions, with 100 that match nothing, then with 100 that deliver"
  loadgen delivery.ingest.none "$run" --url "$base/ingest/events" --create-bus ingest:4 --mode binary --types 100 >/dev/null
  typed POST idle ingest latest dev.tributary.bench.never.t | api_each
  loadgen delivery.ingest.idle "$run" --url "$base/ingest/events" --mode binary --types 100 >/dev/null
  typed DELETE idle | api_each
  typed POST ing ingest latest | api_each
  measure delivery.ingest.delivered "from=now&warmup=$http_warmup&duration=$http_seconds&timeout=$((http_warmup + http_seconds + 120))"
  loadgen delivery.ingest.subs "$run" --url "$base/ingest/events" --mode binary --types 100 >/dev/null
  measured "$run"
  typed DELETE ing | api_each
  settle

  log "run $run/$runs: draining $((drain_requests * 100)) events to 1 subscription"
  loadgen delivery.one.publish "$run" --url "$base/drain/events" --create-bus drain:4 --mode batch --batch 100 \
      --count "$drain_requests" >/dev/null
  measure delivery.one "expect=$((drain_requests * 100))&warmup=3&timeout=600"
  api POST /v1/subscriptions "$(subscription one drain earliest)" >/dev/null
  measured "$run"
  api DELETE /v1/subscriptions/one >/dev/null

  log "run $run/$runs: draining $((fanout_requests * 100)) events to 100 subscriptions with selective filters"
  # Made and paused before the backlog is published, resumed all at once: creating 100 takes seconds (each makes its
  # dead-letter bus), which would otherwise be counted in the drain.
  api POST /v1/buses '{"name":"fanout","partitions":4}' >/dev/null
  typed POST fan fanout earliest | api_each
  typed pause fan | api_each
  loadgen delivery.fanout.publish "$run" --url "$base/fanout/events" --mode batch --batch 100 \
      --types 100 --count "$fanout_requests" >/dev/null
  measure delivery.fanout "expect=$((fanout_requests * 100))&warmup=3&timeout=900"
  api_each < <(typed resume fan)
  note "- run $run: resuming the 100 fan-out subscriptions took $api_each_ms ms, inside their drain time."
  measured "$run"
  typed DELETE fan | api_each

  api POST /v1/buses '{"name":"latency","partitions":4}' >/dev/null
  api POST /v1/subscriptions "$(subscription latency latency latest)" >/dev/null
  for rate in 1000 5000 10000; do
    log "run $run/$runs: publish → sink latency at $rate events/s, through the node and (the floor) without it"
    paced "delivery.latency.r$rate" "delivery.publish.r$rate" "$base/latency/events" "$rate" "$run"
    paced "delivery.floor.r$rate" "delivery.floor.publish.r$rate" "$sink_url" "$rate" "$run"
  done
  stop_process "$sink_pid"
  stop_process "$node_pid"
  rm -rf "$scratch/delivery-$run"
}

note "## Conditions"
note ""
note "- commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes'); $runs runs per figure."
note "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)."
note "- data on $(df -T "$scratch" | awk 'NR==2 {print $2 " (" $1 ")"}'); load generator, no-op server and node share the same $(nproc) cores."
note "- JMH: 1 fork per run, 1 × 3 s warm-up, 3 × 2 s measurement (filters: 2 × 1 s, 3 × 1 s)${JMH_OPTS:+ (overridden: $JMH_OPTS)}; HTTP: ${http_warmup} s warm-up, ${http_seconds} s measurement, 1 KB JSON events, bus of 4 partitions."
note "- delivery: backlogs of $((drain_requests * 100)) events (1 subscription) and $((fanout_requests * 100)) events (100 subscriptions), 3 s warm-up from the first delivery; paced latency runs ${delivery_warmup} s warm-up, ${delivery_seconds} s measured, each also straight from the load generator to the sink (the floor); ingest with and without subscriptions as the HTTP figure; the delivery node first publishes and delivers for ${node_warmup} s (JIT warm-up)."
if wants pgstore; then
  note "- event store beside PostgreSQL: ${pgstore_warmup} s warm-up and ${pgstore_seconds} s measured per side, each side on fresh data (the node a new process), PostgreSQL at $pg_url, on the same cores."
fi
if wants projection; then
  note "- projection: $projection_events events of ~15 bytes in $projection_streams streams of an embedded store, caught up from position 0 by a projection counting and summing per stream (Jackson parses each event, states are JSON), batches of up to 500, state in SQLite (WAL, synchronous=NORMAL) and in PostgreSQL at $pg_url, in turns; the rate is from start() to caught up."
fi
if wants group; then
  note "- consumer group: a backlog of $group_events events (batches of 100) drained with ordering none, then $group_stream_events single events over 1,000 streams with ordering stream; the rate counts acks from 3 s after the first fetch to the last."
fi

for run in $(seq 1 "$runs"); do
  if wants jmh; then
    log "run $run/$runs: JMH (in-process append, stream append, filter evaluation)"
    # shellcheck disable=SC2086
    "$java" -jar "$bench_jar" ${JMH_OPTS:-} -rf json -rff "$work/jmh-$run.json" -jvmArgsAppend "-Djava.io.tmpdir=$scratch" \
        "${JMH_INCLUDE:-dev.tributary.bench.(AppendBenchmark|StreamAppendBenchmark|FilterBenchmark|SchemaBenchmark|AllReadBenchmark)}" >"$work/jmh-$run.log" 2>&1 \
        || { log "JMH failed; see $work/jmh-$run.log"; tail -20 "$work/jmh-$run.log" >&2; exit 1; }
  fi

  if wants http; then
    log "run $run/$runs: HTTP ingest, node vs no-op server"
    start_process "$work/node-http-$run.log" "$java" -jar "$node_jar" server --port 0 --data "$scratch/http-$run" --durability fsync
    node_pid=$pid node_port=$port
    start_process "$work/noop-$run.log" "$java" -cp "$bench_jar" dev.tributary.bench.NoopServer
    noop_pid=$pid noop_port=$port
    node_url="http://127.0.0.1:$node_port/v1/buses/bench/events"
    noop_url="http://127.0.0.1:$noop_port/v1/buses/bench/events"

    max=$(loadgen http.binary.node "$run" --url "$node_url" --create-bus bench:4 --mode binary)
    loadgen http.binary.noop "$run" --url "$noop_url" --mode binary >/dev/null
    loadgen http.batch.node "$run" --url "$node_url" --mode batch --batch 100 >/dev/null
    loadgen http.batch.noop "$run" --url "$noop_url" --mode batch --batch 100 >/dev/null
    half=$(awk -v m="$max" 'BEGIN { printf "%d", m / 2 }')
    log "run $run/$runs: p99 at half the max single-event rate ($half events/s)"
    loadgen http.halfrate "$run" --url "$node_url" --mode binary --rate "$half" >/dev/null
    loadgen http.halfrate.noop "$run" --url "$noop_url" --mode binary --rate "$half" >/dev/null
    stop_process "$noop_pid"
    stop_process "$node_pid"
    rm -rf "$scratch/http-$run"
  fi

  if wants delivery; then
    delivery_figures "$run"
  fi

  if wants scale; then
    scale_figures "$run"
  fi

  if wants gateway; then
    gateway_figures "$run"
  fi

  if wants store; then
    store_figures "$run"
  fi

  if wants pgstore; then
    pgstore_figures "$run"
  fi

  if wants group; then
    group_figures "$run"
  fi

  if wants projection; then
    projection_figures "$run"
  fi
done

if wants start; then
  log "start time and idle memory on an empty data dir; the CLI's start"
  for run in $(seq 1 "$runs"); do
    cli_start "$run"
    tool StartupProbe --jar "$node_jar" --data "$scratch/empty-$run" --idle 5 --log "$work/node-empty-$run.log" \
        --results "$results" --run "$run" --label start.empty >&2
    rm -rf "$scratch/empty-$run"
  done

  log "restart: filling a node's data dir with $streams streams (~1 KB each)"
  full="$scratch/full"
  tool StartupProbe --jar "$node_jar" --data "$full" --idle 0 --create-bus restart:4 --log "$work/node-create.log" >&2
  tool StreamFiller --bus-dir "$full/buses/restart" --bus restart --partitions 4 --streams "$streams" --event-bytes 1000 \
      --results "$results" --run 1 >"$work/fill.log" 2>&1 || { log "fill failed; see $work/fill.log"; tail -20 "$work/fill.log" >&2; exit 1; }
  grep '^RESULT' "$work/fill.log" >&2
  note "- restart data dir: $(du -sh "$full" | cut -f1) on disk after the fill ($(grep '^RESULT' "$work/fill.log" | sed 's/^RESULT //'))."
  # The first start after an in-process fill may rebuild derived state; it is reported here but not in the figure.
  first=$(tool StartupProbe --jar "$node_jar" --data "$full" --idle 0 --log "$work/node-restart-0.log" | sed -n 's/^RESULT //p')
  note "- first start after the in-process fill (not counted): $first."
  for run in $(seq 1 "$runs"); do
    log "restart $run/$runs"
    tool StartupProbe --jar "$node_jar" --data "$full" --idle 2 --log "$work/node-restart-$run.log" \
        --results "$results" --run "$run" --label restart --rss-label restart.rss >&2
  done
  rm -rf "$full"
fi

elapsed=$(( $(date +%s) - started ))
if grep -lq '^warning: .* runs on NIO' "$work"/*.log 2>/dev/null; then
  note "- **the load generator or a no-op server ran on NIO, not the native transport**: their figures cost more CPU than they should ($(grep -h -m1 '^warning: .* runs on NIO' "$work"/*.log | head -1))."
fi
note "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
note "- the whole script took $((elapsed / 60)) min $((elapsed % 60)) s."
tool ResultsReport --work "$work" --notes "$notes" --out "$report"
log "done: $report"
