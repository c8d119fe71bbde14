#!/usr/bin/env bash
# Runs the JMH benchmarks with the allocation profiler and prints ns/op and bytes/op.
#   benchmarks/jmh/run.sh [JMH arguments, e.g. a benchmark regex or -f 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One reactor build, so the classpath points at this checkout's modules, not at ~/.m2.
./mvnw -q -B package dependency:build-classpath -DskipTests -pl benchmarks/jmh -am \
  -Dmdep.outputFile=target/classpath.txt >/dev/null
classpath="benchmarks/jmh/target/classes:$(cat benchmarks/jmh/target/classpath.txt)"
result=benchmarks/jmh/target/jmh-result.json
java -cp "$classpath" org.openjdk.jmh.Main -prof gc -rf json -rff "$result" "$@"
python3 - "$result" <<'PY'
import json, sys
print(f"{'benchmark':60} {'ns/op':>10} {'B/op':>10}")
for run in json.load(open(sys.argv[1])):
    name = run["benchmark"].split(".", 4)[-1] + "".join(f" [{v}]" for v in run.get("params", {}).values())
    score = run["primaryMetric"]["score"]
    alloc = run["secondaryMetrics"].get("gc.alloc.rate.norm", {}).get("score", float("nan"))
    print(f"{name:60} {score:10.1f} {alloc:10.0f}")
PY
