"""Summarizes a load-test run (benchmarks/load/target/results-APP.tsv) into its application's
section of benchmarks/RESULTS.md; the other application's section and the hand-written history
survive. Prints the table and, last, the same-round throughput ratios against bare."""
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

results, app, seconds, connections, agent_version = sys.argv[1:6]
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


def same_round(variant, key, compare):
    """Per round (in round order), compare(variant's figure, bare's figure)."""
    return [compare(r[variant][key], r["bare"][key]) for _, r in sorted(by_round.items(), key=lambda kv: int(kv[0]))
            if variant in r and "bare" in r]


def ratios(variant):
    return same_round(variant, "rps", lambda v, b: v / b)


def ratio(variant):
    values = ratios(variant) if variant in by_variant else []
    return statistics.median(values) if values else float("nan")


def extra(variant, key):
    return statistics.median(same_round(variant, key, lambda v, b: v - b))


def best(variant, key):
    return min(entry[key] for entry in by_variant[variant])


names = {"bare": "bare (no telemetry)",
         "floor": "actuator + Prometheus registry only (the floor)",
         "ours": "openframe-telemetry, defaults (log line, two spans, metrics scraped and pushed)",
         "ours-nolog": "openframe-telemetry, no log line",
         "boot": "Spring Boot 4.1 built-in (actuator, Prometheus, OTel tracing at 1.0, OTLP)",
         "agent": f"OpenTelemetry Java agent {agent_version}",
         "otelstarter": "OpenTelemetry Spring Boot starter 2.31.1"}
order = [v for v in names if v in by_variant]
apps = {"sample": "the sample app: `GET /items/1` through a `@Repository` on H2 (JdbcClient)",
        "minimal": "the minimal app: `GET /items/1` through a `@Repository` over an in-memory map, no database"}

lines = ["| variant | throughput vs bare, per round | median | extra CPU µs/req | extra CPU, best rounds | extra start-up ms | extra RSS MB | req/s | p99 ms | non-2xx |",
         "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for v in order:
    per_round = " ".join(f"{x:.2f}" for x in ratios(v))
    if v == "bare":
        lines.append(f"| {names[v]} | {per_round} | 1.00 | {median(v, 'cpu'):.1f} (itself) | {best(v, 'cpu'):.1f} (itself) | "
                     f"{median(v, 'startup'):.0f} (itself) | {median(v, 'rss'):.0f} (itself) | "
                     f"{median(v, 'rps'):.0f} | {median(v, 'p99'):.2f} | {sum(e['errors'] for e in by_variant[v])} |")
        continue
    lines.append(f"| {names[v]} | {per_round} | {ratio(v):.2f} | {extra(v, 'cpu'):+.1f} | "
                 f"{best(v, 'cpu') - best('bare', 'cpu'):+.1f} | {extra(v, 'startup'):+.0f} | "
                 f"{extra(v, 'rss'):+.0f} | {median(v, 'rps'):.0f} | {median(v, 'p99'):.2f} | "
                 f"{sum(e['errors'] for e in by_variant[v])} |")
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
runs_table = ["| round | variant | req/s | CPU µs/req | start-up ms | RSS MB | warm-up s |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
for variant, rnd, *_ in rows:
    e = by_round[rnd][variant]
    runs_table.append(f"| {rnd} | {variant} | {e['rps']:.0f} | {e['cpu']:.1f} | {e['startup']} | {e['rss']} | {e['warmed']} |")
runs_text = "\n".join(runs_table)
section = f"""## Application: {app}

Written by `APP={app} benchmarks/load/run.sh {seconds}` on {datetime.date.today().isoformat()}: {apps[app]}.
{len(by_round)} rounds, variants interleaved (order rotated each round). Extra CPU, start-up
(launch to first response) and RSS are medians of same-round differences against bare; ratios
are same-round throughput ratios. The machine's drift only ever adds CPU time, so "best rounds"
compares each variant's lowest CPU per request with bare's lowest, whichever rounds they came from.

{table}

Every run, in the order run:

{runs_text}

"""

results_md = os.path.join("benchmarks", "RESULTS.md")
previous = open(results_md).read() if os.path.exists(results_md) else ""
sections = {m.group(1): m.group(0) for m in re.finditer(r"(?ms)^## Application: (\w+)\n.*?(?=^## |\Z)", previous)}
sections[app] = section
history = previous[previous.index("\n## History\n") + 1:] if "\n## History\n" in previous else ""
with open(results_md, "w") as out:
    out.write(f"""# Load test results

Written by `benchmarks/load/run.sh`, one section per application (`APP=minimal|sample`).

- Machine: {sh('nproc')} cores ({cpu_model}), {memory}, {platform.system()} {platform.release()}
- JDK: {java}; every app with `-Xms256m -Xmx256m`, pinned to core 0 (`taskset -c 0`)
- Load: wrk, 1 thread, {connections} connections, pinned to core 1 (with the OTLP receiver that every
  exporting variant sends to, and a `curl` of `/actuator/prometheus` every 15 s for the variants
  that serve it), {seconds} s measured per run after an adaptive warm-up (at least
  `WARMUP_MIN_SECONDS`, until two 10 s steps in a row gain under 3 % throughput with the JIT
  compiler threads under 2 % busy: the `warm-up s` column)
- Versions: Spring Boot 4.1.2, OpenTelemetry SDK 1.62.0 (Boot-managed; the OpenTelemetry starter
  variant brings its own 1.65.0), OpenTelemetry Java agent {agent_version}, OpenTelemetry Spring Boot starter 2.31.1

""")
    for name in ("minimal", "sample"):
        if name in sections:
            out.write(sections[name].rstrip("\n") + "\n\n")
    out.write(history)
print(f"ratio ours/bare={ratio('ours'):.2f} boot/bare={ratio('boot'):.2f} agent/bare={ratio('agent'):.2f} "
      f"otelstarter/bare={ratio('otelstarter'):.2f} floor/bare={ratio('floor'):.2f}")
