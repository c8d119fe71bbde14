"""Summarizes benchmarks/load/target/results.tsv into a table and benchmarks/RESULTS.md."""
import datetime
import os
import platform
import statistics
import subprocess
import sys

results, seconds, connections, agent_version = sys.argv[1:5]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
by_variant = {}
by_round = {}
for variant, rnd, rps, p50, p99, cpu, startup, rss, warmed, errors in rows:
    entry = dict(rps=float(rps), p50=float(p50), p99=float(p99), cpu=float(cpu), startup=int(startup),
                 rss=int(rss), errors=int(errors), warmed=int(warmed))
    by_variant.setdefault(variant, []).append(entry)
    by_round.setdefault(rnd, {})[variant] = entry

def median(variant, key):
    return statistics.median(entry[key] for entry in by_variant[variant])

def ratio(variant):
    values = [r[variant]["rps"] / r["bare"]["rps"] for r in by_round.values() if variant in r and "bare" in r]
    return statistics.median(values) if values else float("nan")

names = {"bare": "bare (no telemetry)", "ours": "openframe-telemetry (everything on)",
         "boot": "Spring Boot built-in (actuator, Prometheus, OTel tracing 1.0)",
         "agent": f"OpenTelemetry Java agent {agent_version}"}
order = [v for v in ["bare", "ours", "boot", "agent"] if v in by_variant]
header = "| variant | req/s | vs bare (same-round median) | p50 ms | p99 ms | CPU µs/req | startup ms | RSS MB | non-2xx |"
lines = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for v in order:
    lines.append(f"| {names[v]} | {median(v, 'rps'):.0f} | {ratio(v):.2f} | {median(v, 'p50'):.2f} | "
                 f"{median(v, 'p99'):.2f} | {median(v, 'cpu'):.1f} | {median(v, 'startup'):.0f} | "
                 f"{median(v, 'rss'):.0f} | {sum(e['errors'] for e in by_variant[v])} |")
table = "\n".join(lines)
print(table)

def sh(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"

cpu_model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
memory = sh("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")
java = sh("java -version 2>&1 | head -1")
rounds = len(by_round)
results_md = os.path.join("benchmarks", "RESULTS.md")
# The hand-written history below the marker survives each new run.
HISTORY = "\n## History\n"
history = ""
if os.path.exists(results_md):
    previous = open(results_md).read()
    if HISTORY in previous:
        history = previous[previous.index(HISTORY):]
with open(results_md, "w") as out:
    out.write(f"""# Load test results

Written by `benchmarks/load/run.sh {seconds}` on {datetime.date.today().isoformat()}.

- Machine: {sh('nproc')} cores ({cpu_model}), {memory}, {platform.system()} {platform.release()}
- JDK: {java}; every app with `-Xms256m -Xmx256m`, pinned to core 0 (`taskset -c 0`)
- Load: wrk, 1 thread, {connections} connections, pinned to core 1 (with the OTLP receiver), {seconds} s
  measured per run after a warm-up of at least 60 s that stops once two 10 s steps in a row gain
  under 3 % throughput with the JIT compiler threads under 2 % busy (the `warm-up s` column)
- Endpoint: `GET /items/1` on H2, the sample app's own code in every variant
- Versions: Spring Boot 4.1.2, OpenTelemetry SDK 1.62.0 (Boot-managed), OpenTelemetry Java agent {agent_version}
- {rounds} rounds, variants interleaved (order rotated each round); figures are medians over rounds,
  ratios are medians of same-round ratios

{table}

Extra cost against bare, from the medians above:

| variant | CPU µs/req | startup ms | RSS MB |
| --- | ---: | ---: | ---: |
""")
    for v in order:
        if v == "bare":
            continue
        out.write(f"| {names[v]} | {median(v, 'cpu') - median('bare', 'cpu'):+.1f} | "
                  f"{median(v, 'startup') - median('bare', 'startup'):+.0f} | "
                  f"{median(v, 'rss') - median('bare', 'rss'):+.0f} |\n")
    out.write("\nEvery run, in the order run:\n\n| round | variant | req/s | CPU µs/req | startup ms | RSS MB | warm-up s |\n")
    out.write("| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n")
    for variant, rnd, *_ in rows:
        e = by_round[rnd][variant]
        out.write(f"| {rnd} | {variant} | {e['rps']:.0f} | {e['cpu']:.1f} | {e['startup']} | {e['rss']} | {e['warmed']} |\n")
    out.write(history)
print(f"ratio ours/bare={ratio('ours'):.2f} boot/bare={ratio('boot'):.2f} agent/bare={ratio('agent'):.2f}")
