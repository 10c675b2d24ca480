"""Medians, ratios and the Markdown table; BENCHMARKS.md's latest section and short history."""
import re
import statistics


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else 0.0


def summarise_row(row, runs):
    rps = [r["rps"] for r in runs]
    return {
        "row": row,
        "runs": len(runs),
        "rps": median(rps),
        "rps_spread": (max(rps) - min(rps)) / median(rps) if runs and median(rps) else 0.0,
        "p50_us": median([r["p50_us"] for r in runs]),
        "p99_us": median([r["p99_us"] for r in runs]),
        "requests": sum(r["requests"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "gw_cpu_us": median([r.get("gw_cpu_us") for r in runs]) if row["target"] != "direct" else None,
        "be_cpu_us": median([r.get("be_cpu_us") for r in runs]),
        "gw_rss_mb": max((r.get("gw_rss_mb") or 0) for r in runs) if row["target"] != "direct" else None,
    }


def add_ratios(summaries):
    """Each gateway row against the direct call at the same connection count, and each tracing row
    against tracing-off with the same client, request and connection count."""
    by_key = {(s["row"]["target"], s["row"]["client"], s["row"]["shape"], s["row"]["conns"]): s for s in summaries}
    for s in summaries:
        r = s["row"]
        direct = by_key.get(("direct", "h2load", "grpc", r["conns"]))
        if r["target"] != "direct" and direct and direct["rps"]:
            s["vs_direct_rps"] = s["rps"] / direct["rps"]
            s["added_p50_us"] = s["p50_us"] - direct["p50_us"]
        off = by_key.get(("off", r["client"], r["shape"], r["conns"]))
        if r["target"] not in ("direct", "off") and off and off["rps"]:
            s["vs_off_rps"] = s["rps"] / off["rps"]
            s["vs_off_p50_us"] = s["p50_us"] - off["p50_us"]
    return summaries


def _f(v, fmt="{:.0f}", none="–"):
    return none if v is None else fmt.format(v)


def table(summaries):
    lines = [
        "| # | row | client | conns | req/s (spread) | p50 µs | p99 µs | vs direct: req/s, +p50 µs "
        "| vs tracing off: req/s, +p50 µs | gateway CPU µs/req | backend CPU µs/req | gateway RSS MB | errors |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, s in enumerate(summaries, 1):
        r = s["row"]
        vs_direct = (f"{s['vs_direct_rps']:.2f}×, +{s['added_p50_us']:.0f}" if "vs_direct_rps" in s else "–")
        vs_off = (f"{s['vs_off_rps']:.2f}×, {s['vs_off_p50_us']:+.0f}" if "vs_off_rps" in s else "–")
        lines.append(
            f"| {i} | {r['label']} | {r['client']} | {r['conns']} | {s['rps']:.0f} (±{100 * s['rps_spread'] / 2:.0f} %) "
            f"| {s['p50_us']:.0f} | {s['p99_us']:.0f} | {vs_direct} | {vs_off} | {_f(s['gw_cpu_us'])} "
            f"| {_f(s['be_cpu_us'])} | {_f(s['gw_rss_mb'])} | {s['errors']} |")
    return "\n".join(lines)


LATEST_START = "<!-- bench:latest:start -->"
LATEST_END = "<!-- bench:latest:end -->"
HISTORY_START = "<!-- bench:history:start -->"
HISTORY_END = "<!-- bench:history:end -->"
HISTORY_HEADER = ("| date (UTC) | commit | mode | direct c64 req/s | vgw HTTP/1.1 POST c64 req/s | added p50 µs, c1 h2c POST "
                  "| 100 % X-Ray: req/s vs off | gateway RSS MB | first request ms |\n"
                  "|---|---|---|---:|---:|---:|---:|---:|---:|")
HISTORY_KEEP = 5


def history_line(meta, summaries):
    def find(target, client, shape, conns):
        for s in summaries:
            r = s["row"]
            if (r["target"], r["client"], r["shape"], r["conns"]) == (target, client, shape, conns):
                return s
        return None
    direct = find("direct", "h2load", "grpc", 64)
    h1 = find("off", "wrk", "post", 64)
    h2c1 = find("off", "h2load", "post", 1)
    xray = find("xray100", "wrk", "post", 64)
    rss = max((s["gw_rss_mb"] or 0) for s in summaries if s["gw_rss_mb"] is not None) if summaries else 0
    return (f"| {meta['date']} | {meta['commit']} | {meta['mode']} | {_f(direct and direct['rps'])} | {_f(h1 and h1['rps'])} "
            f"| {_f(h2c1 and h2c1.get('added_p50_us'))} | {_f(xray and xray.get('vs_off_rps'), '{:.2f}×')} "
            f"| {rss:.0f} | {_f(meta.get('first_request_ms'))}"
            + (f" ({meta['first_request_archive_ms']:.0f} from the archive)" if meta.get("first_request_archive_ms") else "")
            + " |")


def update_benchmarks_md(path, latest_markdown, new_history_line):
    with open(path) as f:
        text = f.read()
    if LATEST_START not in text or HISTORY_START not in text:
        raise RuntimeError(f"{path} lacks the {LATEST_START} / {HISTORY_START} markers")
    text = re.sub(re.escape(LATEST_START) + ".*?" + re.escape(LATEST_END),
                  lambda m: LATEST_START + "\n" + latest_markdown.strip() + "\n" + LATEST_END, text, flags=re.S)
    m = re.search(re.escape(HISTORY_START) + "(.*?)" + re.escape(HISTORY_END), text, flags=re.S)
    old = [l for l in m.group(1).strip().splitlines() if l.startswith("| ") and not l.startswith("| date")
           and not l.startswith("|---")]
    rows = [new_history_line] + old[:HISTORY_KEEP - 1]
    text = text[:m.start()] + HISTORY_START + "\n" + HISTORY_HEADER + "\n" + "\n".join(rows) + "\n" + HISTORY_END \
        + text[m.end():]
    with open(path, "w") as f:
        f.write(text)


def targets(summaries, first_request_ms, tracing_measured, first_request_archive_ms=None):
    """Issue #9's targets against this run: chased, not asserted."""
    def find(target, client, shape, conns):
        return next((s for s in summaries if (s["row"]["target"], s["row"]["client"], s["row"]["shape"],
                                              s["row"]["conns"]) == (target, client, shape, conns)), None)

    def verdict(ok):
        return "met" if ok else "**missed**"
    lines = ["| target | this run | |", "|---|---|---|"]
    added = [(f"{c} {s}", find("off", c, s, 1)) for c in ("h2load", "wrk") for s in ("post", "get")]
    added = [(n, s["added_p50_us"]) for n, s in added if s and "added_p50_us" in s]
    if added:
        worst = max(v for _, v in added)
        lines.append("| added p50 over the direct call ≤ 100 µs at 1 connection | "
                     + ", ".join(f"{n.replace('h2load', 'h2c').replace('wrk', 'HTTP/1.1')} +{v:.0f} µs" for n, v in added)
                     + f" | {verdict(worst <= 100)} |")
    costs = []
    for t, label in (("xray100", "X-Ray"), ("zipkin100", "Zipkin")):
        s = find(t, "wrk", "post", 64)
        if s and "vs_off_rps" in s:
            costs.append((label, 1 - s["vs_off_rps"]))
    if costs:
        note = "" if tracing_measured else " (tracing not in this build: noise only)"
        lines.append("| 100 % tracing costs ≤ 10 % of throughput (HTTP/1.1 POST c64) | "
                     + ", ".join(f"{l} {100 * c:+.0f} %" for l, c in costs) + note
                     + f" | {verdict(max(c for _, c in costs) <= 0.10) if tracing_measured else 'not measurable yet'} |")
    rss = [s["gw_rss_mb"] for s in summaries if s["gw_rss_mb"] and s["row"]["target"] != "heap128"]
    capped = [s["gw_rss_mb"] for s in summaries if s["gw_rss_mb"] and s["row"]["target"] == "heap128"]
    if rss:
        lines.append(f"| RSS under load ≤ 256 MB | largest {max(rss):.0f} MB with JVM defaults | {verdict(max(rss) <= 256)} |")
    if capped:
        lines.append(f"| the same with `-Xmx128m` (docs/deployment.md) | largest {max(capped):.0f} MB | {verdict(max(capped) <= 256)} |")
    if first_request_ms:
        lines.append(f"| first request ≤ 1 s after `java -jar` | {first_request_ms:.0f} ms | {verdict(first_request_ms <= 1000)} |")
    if first_request_archive_ms:
        lines.append(f"| the same, from the build's class-data archive (`-XX:SharedArchiveFile=target/vgw.jsa`) "
                     f"| {first_request_archive_ms:.0f} ms | {verdict(first_request_archive_ms <= 1000)} |")
    return "\n".join(lines)
