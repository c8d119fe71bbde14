"""Reads what benchmarks/faults/run.sh measures; one subcommand per source, one line of output.

  probe.py wrk FILE          -> requests rps p50_ms p99_ms failed non2xx  (wrk --latency output)
  probe.py prom URL          -> exported failed dropped requests  (trace items, /items/{id} requests)
  probe.py health URL        -> state of the 'telemetry' contributor's traces (or 'none')
  probe.py heap PID URL      -> heap used after a full GC, MB (jcmd GC.run, then jvm_gc_live_data_size_bytes)
  probe.py jsonlog FILE      -> lines bad; exits 1 when a line is not one JSON object or has a 'forged' field
  probe.py series URL MARKER -> series marked  (sample lines of a Prometheus scrape; those containing MARKER)
"""
import json
import re
import subprocess
import sys
import time
import urllib.request


def wrk(path):
    text = open(path).read()
    def ms(label):
        match = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
        if not match:
            return float("nan")
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    failed = sum(int(n) for n in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    print(requests, round(rps), "%.2f" % ms("50%"), "%.2f" % ms("99%"), failed, int(non2xx.group(1)) if non2xx else 0)


def wrk_errors(path):
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", open(path).read())
    print(*(errors.groups() if errors else (0, 0, 0, 0)))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def prom(url):
    items = {"exported": 0, "failed": 0, "dropped": 0}
    requests = 0
    for line in fetch(url).splitlines():
        if line.startswith("telemetry_export_items_total{") and 'signal="traces"' in line:
            outcome = re.search(r'outcome="(\w+)"', line).group(1)
            items[outcome] = int(float(line.rsplit(" ", 1)[1]))
        elif line.startswith("http_server_request_duration_seconds_count{") and 'http_route="/items/{id}"' in line:
            requests += int(float(line.rsplit(" ", 1)[1]))
    print(items["exported"], items["failed"], items["dropped"], requests)


def health(url):
    try:
        body = json.loads(fetch(url))
    except Exception as error:  # a 503 or no answer is a state to report too
        print("unreachable(%s)" % type(error).__name__)
        return
    traces = body.get("components", {}).get("telemetry", {}).get("details", {}).get("traces", {})
    print(body.get("status", "?") + "/" + traces.get("state", "none"))


def series(url, marker):
    samples = [line for line in fetch(url).splitlines() if line and not line.startswith("#")]
    print(len(samples), sum(1 for line in samples if marker in line))


def heap(pid, url):
    # A full GC, then the old generation's size after it as the JVM reports it on the GC's
    # notification (Micrometer's jvm.gc.live.data.size). GC.heap_info would also count what the
    # requests under load allocate again between the GC and the reading (tens of MB a second).
    subprocess.run(["jcmd", pid, "GC.run"], check=True, capture_output=True)
    time.sleep(0.5)
    for line in fetch(url).splitlines():
        if line.startswith("jvm_gc_live_data_size_bytes"):
            print(round(float(line.rsplit(" ", 1)[1]) / 1048576))
            return
    print("nan")


def has_forged(node):
    if isinstance(node, dict):
        return "forged" in node or any(has_forged(value) for value in node.values())
    if isinstance(node, list):
        return any(has_forged(value) for value in node)
    return False


def jsonlog(path):
    lines = bad = 0
    with open(path, "rb") as log:
        for raw in log:
            lines += 1
            try:
                node = json.loads(raw.decode("utf-8"))
                ok = isinstance(node, dict) and not has_forged(node)
            except ValueError:
                ok = False
            if not ok:
                bad += 1
                if bad <= 3:
                    print("  not one clean JSON object: %r" % raw[:200], file=sys.stderr)
    print(lines, bad)
    sys.exit(1 if bad else 0)


{"wrk": wrk, "wrk-errors": wrk_errors, "prom": prom, "health": health, "heap": heap, "jsonlog": jsonlog,
 "series": series}[sys.argv[1]](
    *sys.argv[2:])
