#!/usr/bin/env python3
"""Renders the key panels of the Grafana dashboard (RED per route, adapter p99) into a PNG.

The queries are the dashboard's own (sample-app/deploy/grafana/openframe-telemetry.json), with
the Grafana variables replaced as the sample app's tests do (every job, service and instance;
$__rate_interval a fixed range), evaluated by a real Prometheus over its HTTP API. Run by
docs/dashboard-picture.sh, which starts the app, Prometheus and the traffic; a developer tool,
not run by CI.

Needs matplotlib for Debian's Python: apt-get install python3-matplotlib (then run it with
/usr/bin/python3).

    /usr/bin/python3 docs/render_dashboard.py --prometheus http://127.0.0.1:9090 \\
        --seconds 600 --output docs/dashboard.png
"""
import argparse
import json
import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, PercentFormatter  # noqa: E402

DASHBOARD = Path(__file__).resolve().parent.parent / "sample-app/deploy/grafana/openframe-telemetry.json"
PANELS = (11, 12, 13, 21)  # request rate, 5xx ratio, latency per route; adapter p99
QUANTILE_STYLES = {"0.50": ":", "0.95": "--", "0.99": "-"}


def panels_by_id(dashboard):
    found = {}
    stack = list(dashboard["panels"])
    while stack:
        panel = stack.pop()
        found[panel["id"]] = panel
        stack.extend(panel.get("panels", []))
    return found


def for_prometheus(expression, rate_interval):
    """The same replacement as PromQl.forPrometheus in the sample app's tests."""
    expression = expression.replace("$__rate_interval", rate_interval).replace("$__interval", rate_interval)
    return re.sub(r"\$\{?(job|service|instance)\}?", ".*", expression)


def get(prometheus, path, **params):
    url = f"{prometheus}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise SystemExit(f"{url}: {body}")
    return body["data"]


def legend(template, labels):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda match: labels.get(match.group(1), ""), template).strip()


def unit_axis(axis, unit):
    if unit == "percentunit":
        axis.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    elif unit == "s":
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value * 1000:g} ms"))
    elif unit == "reqps":
        axis.set_ylabel("requests per second")
    elif unit == "ops":
        axis.set_ylabel("operations per second")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prometheus", required=True, help="base URL, such as http://127.0.0.1:9090")
    parser.add_argument("--seconds", type=int, default=600, help="time range, ending now")
    parser.add_argument("--rate-interval", default="15s", help="what $__rate_interval becomes")
    parser.add_argument("--step", default="2s")
    parser.add_argument("--output", default="docs/dashboard.png")
    args = parser.parse_args()

    panels = panels_by_id(json.loads(DASHBOARD.read_text()))
    end = time.time()
    start = end - args.seconds
    figure, axes = plt.subplots(2, 2, figsize=(13, 7.5), dpi=100)
    routes = {}
    for axis, panel_id in zip(axes.flat, PANELS):
        panel = panels[panel_id]
        unit = panel["fieldConfig"]["defaults"]["unit"]
        for target in panel["targets"]:
            expression = for_prometheus(target["expr"], args.rate_interval)
            quantile = re.match(r"histogram_quantile\((0\.\d+),", expression)
            style = QUANTILE_STYLES.get(quantile.group(1), "-") if quantile else "-"
            result = get(args.prometheus, "/api/v1/query_range", query=expression, start=start, end=end,
                         step=args.step)["result"]
            for series in sorted(result, key=lambda s: sorted(s["metric"].items())):
                name = legend(target.get("legendFormat", ""), series["metric"]) or expression
                # One colour per route or adapter operation across the panels' quantile lines.
                key = re.sub(r"^p\d+ ", "", name)
                color = routes.setdefault(key, f"C{len(routes) % 10}")
                times = [float(t) - end for t, _ in series["values"]]
                values = [float(v) for _, v in series["values"]]
                axis.plot(times, values, style, color=color, linewidth=1.4, label=name)
            if target.get("exemplar"):
                exemplars = get(args.prometheus, "/api/v1/query_exemplars", query=expression, start=start, end=end)
                points = [(float(e["timestamp"]) - end, float(e["value"]))
                          for group in exemplars for e in group["exemplars"]]
                if points:
                    axis.scatter([p[0] for p in points], [p[1] for p in points], s=9, color="0.35", zorder=3,
                                 label="exemplars (trace ids)")
        axis.set_title(panel["title"], fontsize=11, loc="left")
        unit_axis(axis, unit)
        defaults = panel["fieldConfig"]["defaults"]
        # As Grafana draws them: dashed threshold lines, and a soft maximum the data may exceed.
        if defaults.get("custom", {}).get("thresholdsStyle", {}).get("mode") == "dashed":
            for step in defaults["thresholds"]["steps"]:
                if step["value"] is not None:
                    axis.axhline(step["value"], color=step["color"], linestyle="--", linewidth=1)
        soft_max = defaults.get("custom", {}).get("axisSoftMax")
        axis.set_ylim(bottom=0, top=max(axis.get_ylim()[1], soft_max or 0))
        axis.set_xlim(-args.seconds, 0)
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f} s" if value else "now"))
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7, loc="upper right", ncol=3, framealpha=0.8)
    figure.suptitle("openframe-telemetry dashboard, key panels: the sample app under curl load, "
                    "Prometheus scraping every second", fontsize=12)
    figure.tight_layout()
    figure.savefig(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
