# Shared by run.sh and single.sh: sourced, not run. Expects $out (the output directory).

# Starts the OTLP receiver that accepts everything, on core 1 with wrk so that it takes nothing
# from the app's core; sets $receiver_pid and $receiver (its base URL).
start_receiver() { # port-file
  rm -f "$1"
  taskset -c 1 java benchmarks/load/AcceptAllReceiver.java "$1" > "$out/receiver.log" 2>&1 &
  receiver_pid=$!
  for _ in $(seq 100); do [ -s "$1" ] && break; sleep 0.1; done
  receiver="http://127.0.0.1:$(cat "$1")"
}
# Stops with what to install when a tool the load scripts need is missing; they install nothing.
require_tools() {
  local tool
  for tool in wrk taskset curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: install it first (Debian: apt-get install -y wrk util-linux curl python3)"; exit 1; }
  done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks per thread, one "ticks<TAB>name" line each, for thread_cpu_report.
thread_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)" "$(cat "$task/comm" 2>/dev/null)"
  done
}
# CPU ticks of the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre").
jit_ticks() { thread_ticks "$1" | awk -F'\t' '$2 ~ /^C[12] Compiler/ {total += $1} END {print total + 0}'; }
# Where the CPU went between two thread_ticks snapshots, per thread kind (digits dropped from
# the names), in microseconds per request.
thread_cpu_report() { # before after requests
  python3 - "$1" "$2" "$3" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
def load(path):
    totals = collections.Counter()
    for line in open(path):
        ticks, _, name = line.rstrip("\n").partition("\t")
        totals[re.sub(r"[\d-]+$", "", re.sub(r"\d+", "#", name))] += int(ticks)
    return totals
before, after = load(sys.argv[1]), load(sys.argv[2])
requests, tck = int(sys.argv[3]), int(sys.argv[4])
for name, ticks in (after - before).most_common(12):
    print(f"  {ticks * 1e6 / tck / requests:7.1f} us/req  {name}")
PY
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
wrk_rps() { awk '/^Requests\/sec:/ {print $2}'; }
# Waits until the app answers GET /items/1; fails if it died first.
await_app() { # pid port log
  until curl -sf -o /dev/null "http://127.0.0.1:$2/items/1"; do
    kill -0 "$1" 2>/dev/null || { echo "the app died, see $3"; exit 1; }
    sleep 0.05
  done
}

agent_version=2.33.1

# The application every variant runs (APP=minimal|sample): each variant's jar holds both.
case "${APP:-sample}" in
  sample) app_main=dev.openframe.telemetry.sample.SampleApplication ;;
  minimal) app_main=dev.openframe.telemetry.load.minimal.MinimalApplication ;;
  *) echo "APP must be 'minimal' or 'sample' but was '${APP}'" >&2; exit 1 ;;
esac

# Gets the variants ready: builds their jars (unless SKIP_BUILD is set), fetches the agent from
# Maven Central the first time, sets $agent, starts the OTLP receiver, and kills everything
# started (the pids in $pids) when the script ends.
prepare_apps() {
  pids=()
  trap 'for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT INT TERM
  if [ -z "${SKIP_BUILD:-}" ]; then
    # The apps by name with -am, so that ours-app is packaged with this checkout's starter
    # ("-pl benchmarks/load -amd" left the starter out of the reactor and took ~/.m2's).
    ./mvnw -q -B package -DskipTests -am \
      -pl benchmarks/load/bare-app,benchmarks/load/floor-app,benchmarks/load/ours-app,benchmarks/load/boot-app,benchmarks/load/otelstarter-app
  fi
  agent="$out/opentelemetry-javaagent-$agent_version.jar"
  if [ ! -f "$agent" ]; then
    ./mvnw -q -B -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$agent_version \
      -DoutputDirectory="$out" -Dmdep.stripVersion=false
  fi
  start_receiver "$out/receiver.port"
  pids+=("$receiver_pid")
}

# The jar of a load-test module (bare-app, floor-app, ours-app, boot-app, otelstarter-app).
variant_jar() { ls benchmarks/load/"$1"/target/openframe-telemetry-load-"$1"-*.jar | grep -v original | head -1; }

# Starts one variant of $APP on core 0 with 256 MB of heap, exporting to $receiver, and prints
# its pid. The variants:
#   bare         Web MVC only (and JDBC for the sample app)
#   floor        + actuator and the Prometheus registry: the part every option shares
#   ours         + openframe-telemetry with its defaults
#   ours-nolog   ours without the per-request log line (the peers' work only)
#   boot         Spring Boot's built-in: actuator, Prometheus, OpenTelemetry tracing at 1.0, OTLP
#   agent        bare with the OpenTelemetry Java agent
#   otelstarter  bare with the OpenTelemetry Spring Boot starter
start_app() { # variant port log
  local variant=$1 port=$2 log=$3
  local jvm_opts=(-Xms256m -Xmx256m -Dloader.main="$app_main")
  local args=(--server.port="$port" --server.address=127.0.0.1)
  local otlp=(env OTEL_EXPORTER_OTLP_ENDPOINT="$receiver" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
  # The sample's application.yml names the starter's ECS writer; the others get Spring Boot's.
  case "$variant" in ours|ours-nolog) ;; *) args+=(--logging.structured.format.console=ecs) ;; esac
  case "$variant" in
    bare) taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar bare-app)" "${args[@]}" > "$log" 2>&1 & ;;
    floor) taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar floor-app)" "${args[@]}" \
            --management.endpoints.web.exposure.include=health,prometheus > "$log" 2>&1 & ;;
    ours) "${otlp[@]}" taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar ours-app)" "${args[@]}" > "$log" 2>&1 & ;;
    ours-nolog) "${otlp[@]}" taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar ours-app)" "${args[@]}" \
            --openframe.telemetry.http.log.enabled=false > "$log" 2>&1 & ;;
    boot) taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar boot-app)" "${args[@]}" \
            --management.tracing.sampling.probability=1.0 \
            --management.opentelemetry.tracing.export.otlp.endpoint="$receiver/v1/traces" \
            --management.otlp.metrics.export.url="$receiver/v1/metrics" \
            --management.opentelemetry.logging.export.otlp.endpoint="$receiver/v1/logs" \
            --management.endpoints.web.exposure.include=health,prometheus > "$log" 2>&1 & ;;
    agent) "${otlp[@]}" OTEL_SERVICE_NAME=items-agent \
            taskset -c 0 java "${jvm_opts[@]}" -javaagent:"$agent" -jar "$(variant_jar bare-app)" "${args[@]}" > "$log" 2>&1 & ;;
    otelstarter) "${otlp[@]}" OTEL_SERVICE_NAME=items-otelstarter \
            taskset -c 0 java "${jvm_opts[@]}" -jar "$(variant_jar otelstarter-app)" "${args[@]}" > "$log" 2>&1 & ;;
    *) echo "unknown variant $variant" >&2; return 1 ;;
  esac
  echo $!
}

# Scrapes /actuator/prometheus every 15 s from core 1, as a Prometheus server would, for the
# variants that serve it; sets $scraper_pid (empty for the others).
start_scraper() { # variant port
  scraper_pid=""
  case "$1" in floor|ours|ours-nolog|boot) ;; *) return 0 ;; esac
  (while sleep 15; do taskset -c 1 curl -s -o /dev/null "http://127.0.0.1:$2/actuator/prometheus" || true; done) &
  scraper_pid=$!
  pids+=("$scraper_pid")
}

# The variants in this round's order: rotated each round so that drift does not always hit the
# same variant. Reads the array $variants.
round_order() { # round
  local shift=$(( ($1 - 1) % ${#variants[@]} ))
  echo "${variants[@]:$shift}" "${variants[@]:0:$shift}"
}

# Starts a variant and waits for its first answer; sets $pid (also added to $pids) and
# $startup_ms, the time from launch to that answer.
launch_app() { # variant port log
  local t0
  t0=$(date +%s%N)
  pid=$(start_app "$1" "$2" "$3")
  pids+=("$pid")
  await_app "$pid" "$2" "$3"
  startup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
