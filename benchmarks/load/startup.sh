#!/usr/bin/env bash
# Start-up only: each variant started again and again, interleaved, without load; time to the
# first answered GET /items/1, classes loaded then (jcmd PerfCounter.print) and RSS. Variants as
# run.sh's (common.sh's start_app); floor separates what actuator and Micrometer cost from what
# the starter's own parts add.
#
#   benchmarks/load/startup.sh [rounds]       (5 by default; about 2 minutes a round)
#   env: APP (sample | minimal), VARIANTS ("bare floor ours boot agent otelstarter"), SKIP_BUILD (unset)
#
# Prints every start, then per variant the medians and the median of same-round differences
# from bare.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
variants=(${VARIANTS:-bare floor ours boot agent otelstarter})
out=benchmarks/load/target
mkdir -p "$out"
. benchmarks/load/common.sh
require_tools
results="$out/startup.tsv"
: > "$results"

prepare_apps

for round in $(seq "$rounds"); do
  for variant in $(round_order "$round"); do
    port=$(free_port)
    log="$out/startup-$variant.log"
    launch_app "$variant" "$port" "$log"
    classes=$(jcmd "$pid" PerfCounter.print 2>/dev/null | awk -F= '/^java.cls.loadedClasses=/ {print $2}')
    rss=$(rss_kb "$pid")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%s\t%s\t%s\t%s\t%s\n' "$variant" "$round" "$startup_ms" "${classes:-0}" $(( rss / 1024 )) >> "$results"
    printf 'round %s %-11s startup %6s ms  classes %6s  rss %4s MB\n' "$round" "$variant" "$startup_ms" "${classes:-0}" $(( rss / 1024 ))
  done
done

python3 - "$results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    variant, rnd, ms, classes, rss = line.split()
    runs[variant][rnd] = (int(ms), int(classes), int(rss))
print(f"{'variant':12} {'startup ms':>10} {'vs bare':>8} {'classes':>8} {'RSS MB':>7}")
for variant, by_round in runs.items():
    ms = statistics.median(v[0] for v in by_round.values())
    extra = ""
    if "bare" in runs and variant != "bare":
        diffs = [v[0] - runs["bare"][r][0] for r, v in by_round.items() if r in runs["bare"]]
        extra = f"{statistics.median(diffs):+.0f}"
    print(f"{variant:12} {ms:10.0f} {extra:>8} {statistics.median(v[1] for v in by_round.values()):8.0f} "
          f"{statistics.median(v[2] for v in by_round.values()):7.0f}")
PY
