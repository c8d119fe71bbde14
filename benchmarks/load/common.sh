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
