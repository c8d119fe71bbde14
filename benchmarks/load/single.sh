#!/usr/bin/env bash
# One variant of the sample app, alone, to see what a part of the starter costs: turn it off with
# an argument and compare CPU per request with a run that leaves it on. Same pinning as run.sh
# (app on core 0; wrk and the OTLP receiver on core 1); needs the jar run.sh builds.
#
#   benchmarks/load/single.sh LABEL [app arguments...]
#   env: WARMUP_SECONDS (90), SECONDS_PER_RUN (30), CONNECTIONS (16), APP_JVM_OPTIONS (extra JVM
#        options for the app, e.g. a JFR recording), APP_JAR (another jar, e.g. the bare app's)
#
# e.g. benchmarks/load/single.sh log-off --openframe.telemetry.http.log.enabled=false
# Prints CPU per request for the whole app, then per kind of thread.
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; shift
warmup=${WARMUP_SECONDS:-90}
measure=${SECONDS_PER_RUN:-30}
connections=${CONNECTIONS:-16}
out=benchmarks/load/target
mkdir -p "$out"
. benchmarks/load/common.sh
require_tools
jar=${APP_JAR:-$(ls sample-app/target/openframe-telemetry-sample-app-*.jar | grep -v original | head -1)}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

start_receiver "$out/single-receiver.port"
pids+=("$receiver_pid")
port=$(free_port)
log="$out/single-$label.log"
OTEL_EXPORTER_OTLP_ENDPOINT="$receiver" taskset -c 0 \
  java -Xms256m -Xmx256m ${APP_JVM_OPTIONS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 "$@" > "$log" 2>&1 &
app=$!
pids+=("$app")
await_app "$app" "$port" "$log"
taskset -c 1 wrk -t1 -c"$connections" -d"${warmup}s" "http://127.0.0.1:$port/items/1" > /dev/null
t0=$(cpu_ticks "$app")
thread_ticks "$app" > "$out/single-$label.threads0"
report=$(taskset -c 1 wrk -t1 -c"$connections" -d"${measure}s" "http://127.0.0.1:$port/items/1")
t1=$(cpu_ticks "$app")
thread_ticks "$app" > "$out/single-$label.threads1"
requests=$(echo "$report" | awk '/requests in/ {print $1}')
rps=$(echo "$report" | wrk_rps)
python3 -c "print('%-16s %10s req/s  %7.1f us CPU/req' % ('$label', '$rps', ($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / $requests))"
thread_cpu_report "$out/single-$label.threads0" "$out/single-$label.threads1" "$requests"
