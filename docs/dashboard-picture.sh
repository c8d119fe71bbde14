#!/usr/bin/env bash
# Regenerates docs/dashboard.png, the README's picture of the Grafana dashboard's key panels,
# from real data: the packaged sample app under a bounded curl load, scraped every second by a
# Prometheus started here, queried with the dashboard's own expressions by render_dashboard.py.
# A developer tool, not run by CI. Everything listens on 127.0.0.1 and is stopped at the end.
#
# Needs: the packaged app (./mvnw -pl sample-app -am package -DskipTests), Prometheus
# (apt-get install prometheus) and matplotlib for Debian's Python
# (apt-get install python3-matplotlib).
#
#   docs/dashboard-picture.sh [seconds of traffic, default 150]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-150}
python=${PYTHON:-/usr/bin/python3}
jar=$(ls sample-app/target/openframe-telemetry-sample-app-*.jar | grep -v original | head -1)
work=$(mktemp -d)
pids=()
# KEEP=1 keeps the app's and Prometheus' logs and data in $work for a look afterwards.
trap 'for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT INT TERM

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(free_port)
prometheus_port=$(free_port)
app="http://127.0.0.1:$app_port"

# Two standard Spring Boot properties, harmless once the starter does the same itself:
# adapter.operation.duration as a histogram with the starter's buckets, and exemplars only where
# OpenMetrics 1.0 allows them (Debian's Prometheus 2.42 rejects a scrape with one on a _count).
java -Xmx256m -jar "$jar" --server.port="$app_port" --server.address=127.0.0.1 \
  --management.metrics.distribution.slo.adapter.operation.duration=1ms,5ms,10ms,50ms,100ms,500ms,1s,5s,10s \
  '--management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]=false' \
  > "$work/app.log" 2>&1 &
pids+=($!)
for _ in $(seq 900); do curl -sf -o /dev/null "$app/actuator/health" && break; sleep 0.1; done
curl -sf -o /dev/null "$app/actuator/health" || { echo "the app did not start, see its log:"; tail -20 "$work/app.log"; exit 1; }

cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: items-service
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
        labels:
          service: items-service
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" --enable-feature=exemplar-storage \
  > "$work/prometheus.log" 2>&1 &
pids+=($!)

# Traffic in phases so the lines move: steady reads, then a burst with writes and misses, then
# steady again. Each curl call sends several requests over one connection.
burst() { # seconds, parallel loops, requests per call
  local end=$((SECONDS + $1)) loop loops=()
  for loop in $(seq "$2"); do
    (
      while [ $SECONDS -lt $end ]; do
        urls=()
        for _ in $(seq "$3"); do urls+=("$app/items/$((RANDOM % 3 + 1))"); done
        curl -s "${urls[@]}" "$app/items" "$app/items/$((RANDOM % 50 + 1))" "$app/items/2/async" > /dev/null
        curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"name\":\"item $((RANDOM % 40))\"}" "$app/items"
        sleep 0.2
      done
    ) &
    loops+=($!)
  done
  wait "${loops[@]}"
}
for _ in $(seq 100); do
  curl -s "http://127.0.0.1:$prometheus_port/api/v1/targets" | grep -q '"health":"up"' && break; sleep 0.2
done
curl -s "http://127.0.0.1:$prometheus_port/api/v1/targets" | grep -q '"health":"up"' \
  || { echo "Prometheus cannot scrape the app:"; curl -s "http://127.0.0.1:$prometheus_port/api/v1/targets"; exit 1; }
# A warm-up the picture leaves out: the first requests are slow while the JIT compiles.
echo "warm-up, then traffic for ${seconds}s against $app, Prometheus on 127.0.0.1:$prometheus_port"
burst 20 1 4
third=$((seconds / 3))
burst "$third" 1 4
burst "$third" 2 10
burst "$((seconds - 2 * third))" 1 4
sleep 3

"$python" docs/render_dashboard.py --prometheus "http://127.0.0.1:$prometheus_port" \
  --seconds "$seconds" --output docs/dashboard.png
