#!/usr/bin/env bash
# Load test: the same GET /items/{id} endpoint in every variant (see start_app in common.sh: bare,
# floor, ours, ours-nolog, boot, agent, otelstarter), each as its own process pinned to core 0,
# driven by wrk pinned to core 1, interleaved over several rounds. APP picks the application:
# the sample app on H2, or the minimal one over an in-memory map. See benchmarks/README.md.
#
#   benchmarks/load/run.sh [seconds-per-run]
#   env: APP (sample | minimal), ROUNDS (3), WARMUP_MIN_SECONDS (60), WARMUP_MAX_SECONDS (300),
#        WARMUP_STEP_SECONDS (10), CONNECTIONS (16),
#        VARIANTS ("bare floor ours ours-nolog boot agent otelstarter"), SKIP_BUILD (unset)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-30}
rounds=${ROUNDS:-3}
warmup_min=${WARMUP_MIN_SECONDS:-60}
warmup_max=${WARMUP_MAX_SECONDS:-300}
warmup_step=${WARMUP_STEP_SECONDS:-10}
connections=${CONNECTIONS:-16}
variants=(${VARIANTS:-bare floor ours ours-nolog boot agent otelstarter})
out=benchmarks/load/target
mkdir -p "$out"
. benchmarks/load/common.sh
app=${APP:-sample}
results="$out/results-$app.tsv"
: > "$results"

require_tools

prepare_apps
clk_tck=$(getconf CLK_TCK)

for round in $(seq "$rounds"); do
  for variant in $(round_order "$round"); do
    port=$(free_port)
    log="$out/$app-$variant-round$round.log"
    launch_app "$variant" "$port" "$log"
    start_scraper "$variant" "$port"
    # Warm up at least the minimum, then until the JIT has settled: two steps in a row in which
    # the compiler threads used under 2 % of the step and throughput rose less than 3 % (with
    # the app on one core, compilation competes with requests for minutes), or the cap.
    best=0; warmed=0; flat=0
    while [ "$warmed" -lt "$warmup_max" ]; do
      jit0=$(jit_ticks "$pid")
      rps=$(taskset -c 1 wrk -t1 -c"$connections" -d"${warmup_step}s" "http://127.0.0.1:$port/items/1" | wrk_rps)
      jit=$(( $(jit_ticks "$pid") - jit0 ))
      warmed=$(( warmed + warmup_step ))
      settled=$(python3 -c "print(1 if $rps <= $best * 1.03 and $jit <= 0.02 * $warmup_step * $clk_tck else 0)")
      if [ "$settled" = 1 ]; then flat=$(( flat + 1 )); else flat=0; fi
      best=$(python3 -c "print(max($rps, $best))")
      if [ "$warmed" -ge "$warmup_min" ] && [ "$flat" -ge 2 ]; then break; fi
    done
    cpu0=$(cpu_ticks "$pid")
    report=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/items/1")
    cpu1=$(cpu_ticks "$pid")
    rss=$(rss_kb "$pid")
    kill "$pid" $scraper_pid; wait "$pid" 2>/dev/null || true
    python3 - "$variant" "$round" "$startup_ms" "$cpu0" "$cpu1" "$clk_tck" "$rss" "$warmed" "$report" >> "$results" <<'PY'
import re, sys
variant, rnd, startup, cpu0, cpu1, tck, rss, warmed, report = sys.argv[1:]
def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
requests = int(re.search(r"(\d+) requests in", report).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", report).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", report).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
cpu_us = (int(cpu1) - int(cpu0)) * 1e6 / int(tck) / max(requests, 1)
print("\t".join(str(x) for x in [variant, rnd, f"{rps:.1f}", f"{p50:.3f}", f"{p99:.3f}", f"{cpu_us:.1f}",
      startup, int(rss) // 1024, warmed, errors.group(1) if errors else 0]))
PY
    tail -1 "$results" | awk -F'\t' '{printf "round %s %-11s %9s req/s  p50 %6s ms  p99 %7s ms  cpu %6s us/req  startup %s ms  rss %s MB  (warm-up %s s)\n", $2, $1, $3, $4, $5, $6, $7, $8, $9}'
  done
done

python3 benchmarks/load/summarize.py "$results" "$app" "$seconds" "$connections" "$agent_version"
