#!/usr/bin/env bash
# Runs every Tributary benchmark figure RUNS times (default 3) and writes bench/RESULTS.md (min / median / max).
# Usage: bench/run.sh            (about 15-20 minutes; needs ~10 GB free disk under BENCH_DIR)
# Env:   RUNS=3  BENCH_DIR=<scratch dir, default bench/target/scratch: must be a real disk, not tmpfs, or fsync is free>
#        HTTP_SECONDS=10  HTTP_WARMUP=3  STREAMS=1000000  SKIP_BUILD=1
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bin/find-jdk"
java="$JAVA_HOME/bin/java"
cd "$root"

runs=${RUNS:-3}
http_seconds=${HTTP_SECONDS:-10}
http_warmup=${HTTP_WARMUP:-3}
streams=${STREAMS:-1000000}
started=$(date +%s)

[ -n "${SKIP_BUILD:-}" ] || ./build -q -DskipTests package
bench_jar="$root/bench/target/benchmarks.jar"
node_jar="$root/server/target/tributary.jar"
work="$root/bench/target/run"
rm -rf "$work" && mkdir -p "$work"
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

# start_process <log file> <command…>: starts it in the background, waits for its "listening on http://host:port"
# line and for /health/ready; sets $pid and $port.
start_process() {
  local out=$1; shift
  "$@" >"$out" 2>&1 &
  pid=$!; pids+=("$pid")
  local line="" i
  for i in $(seq 1 1200); do
    line=$(grep -m1 -o 'listening on http://[^ ,]*' "$out" || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || { log "process exited before listening; see $out"; tail -20 "$out" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { log "no 'listening on' line within 120 s; see $out"; return 1; }
  port=${line##*:}
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

note "## Conditions"
note ""
note "- commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' + uncommitted changes'); $runs runs per figure."
note "- data on $(df -T "$scratch" | awk 'NR==2 {print $2 " (" $1 ")"}'); load generator, no-op server and node share the same $(nproc) cores."
note "- JMH: 1 fork per run, 1 × 3 s warm-up, 3 × 2 s measurement; HTTP: ${http_warmup} s warm-up, ${http_seconds} s measurement, 1 KB JSON events, bus of 4 partitions."

for run in $(seq 1 "$runs"); do
  log "run $run/$runs: JMH (in-process append and stream append)"
  "$java" -jar "$bench_jar" -rf json -rff "$work/jmh-$run.json" -jvmArgsAppend "-Djava.io.tmpdir=$scratch" \
      'dev.tributary.bench.(AppendBenchmark|StreamAppendBenchmark)' >"$work/jmh-$run.log" 2>&1 \
      || { log "JMH failed; see $work/jmh-$run.log"; tail -20 "$work/jmh-$run.log" >&2; exit 1; }

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
  stop_process "$noop_pid"
  stop_process "$node_pid"
  rm -rf "$scratch/http-$run"
done

log "start time and idle memory on an empty data dir"
for run in $(seq 1 "$runs"); do
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

note "- the whole script took $(( ($(date +%s) - started) / 60 )) min."
tool ResultsReport --work "$work" --notes "$notes" --out "$root/bench/RESULTS.md"
log "done: bench/RESULTS.md"
