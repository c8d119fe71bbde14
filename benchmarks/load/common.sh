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
# CPU ticks of the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre").
jit_ticks() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) total=$(( total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0) )) ;;
    esac
  done
  echo "$total"
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
