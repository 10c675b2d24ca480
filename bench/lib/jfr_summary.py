"""Summarises a JFR recording of the gateway under load: where the CPU goes, by owner.

Each sample is charged to the leaf-most frame that "owns" work (a vgw class, the JsonFormat parser
or printer, a codec, socket I/O...), skipping generic frames (JDK, protobuf runtime, Gson, Netty
buffers), so that DynamicMessage.setField called by the JsonFormat parser counts as JSON parsing,
and Gson called by vgw's StrictJson counts as StrictJson. Threads waiting in epoll or parked are
idle, not cost, and are left out.
"""
import collections
import json
import subprocess

# (prefix of "package/Class", label), first match wins; order matters where prefixes nest.
OWNERS = [
    ("com/google/protobuf/util/JsonFormat$ParserImpl", "protobuf JsonFormat parser (JSON → message)"),
    ("com/google/protobuf/util/JsonFormat$PrinterImpl", "protobuf JsonFormat printer (message → JSON)"),
    ("io/vgw/", None),  # labelled by class below
    ("io/opencensus/", "OpenCensus"),
    ("com/amazonaws/xray/", "X-Ray SDK"),
    ("io/vertx/grpc/", "vertx-grpc (backend call, framing)"),
    ("io/netty/handler/codec/http2/", "Netty HTTP/2 codec"),
    ("io/netty/handler/codec/http/", "Netty HTTP/1.1 codec"),
    ("io/vertx/ext/web/", "vertx-web (router, BodyHandler)"),
    ("io/vertx/core/http/", "Vert.x HTTP server and client"),
    ("io/vertx/core/", "Vert.x core (contexts, futures, timers)"),
    ("sun/nio/ch/", "socket I/O (read/write syscalls)"),
    ("io/netty/channel/epoll/", "socket I/O (read/write syscalls)"),
    ("io/netty/channel/", "Netty pipeline and event loop"),
]

IDLE_LEAVES = ("EPoll.wait", "epollWait", "Unsafe.park", "Object.wait", "Thread.sleep", "SelectorImpl.select",
               "EPollSelectorImpl.doSelect", "Native.epollWait")


def _frame_name(f):
    return f["method"]["type"]["name"] + "." + f["method"]["name"]


def _owner(name):
    for prefix, label in OWNERS:
        if name.startswith(prefix):
            if label is None:
                cls = name.rsplit(".", 1)[0].rsplit("/", 1)[-1].split("$")[0]
                return "vgw " + cls
            return label
    return None


def _events(jfr, path, kinds):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "256", "--events", ",".join(kinds), path],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError("jfr print failed: " + out.stderr[-500:])
    return json.loads(out.stdout)["recording"]["events"]


def summarise(jfr, path, requests, cpu_us_per_request, top=12):
    """A dict with the cost owners (share of busy samples and µs per request), the hottest leaf
    methods, the allocation per request and the GC pause share."""
    events = _events(jfr, path, ["jdk.ExecutionSample", "jdk.NativeMethodSample"])
    owners = collections.Counter()
    leaves = collections.Counter()
    inclusive = collections.Counter()
    busy = 0.0
    for e in events:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        names = [_frame_name(f) for f in frames]
        if any(idle in names[0] for idle in IDLE_LEAVES):
            continue
        # the profile settings sample Java code every 10 ms and native code every 20 ms
        weight = 2.0 if e["type"] == "jdk.NativeMethodSample" else 1.0
        busy += weight
        leaves[names[0]] += weight
        owner = next((o for o in (_owner(n) for n in names) if o), "other (JDK, JIT, unattributed)")
        owners[owner] += weight
        for n in set(names):
            if n.startswith("io/vgw/"):
                inclusive[n] += weight
    alloc = _events(jfr, path, ["jdk.ObjectAllocationSample"])
    alloc_bytes = sum(int(e["values"].get("weight", 0)) for e in alloc)
    alloc_sites = collections.Counter()
    for e in alloc:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        names = [_frame_name(f) for f in frames]
        owner = next((o for o in (_owner(n) for n in names) if o), "other")
        alloc_sites[owner] += int(e["values"].get("weight", 0))
    # Exact allocation: each thread's allocated-bytes counter, first and last reading of the recording.
    first, last = {}, {}
    for e in _events(jfr, path, ["jdk.ThreadAllocationStatistics"]):
        t = (e["values"].get("thread") or {}).get("javaThreadId")
        first.setdefault(t, int(e["values"].get("allocated", 0)))
        last[t] = int(e["values"].get("allocated", 0))
    exact = sum(last[t] - first[t] for t in last)
    sampled = sum(alloc_sites.values())
    pauses = _events(jfr, path, ["jdk.GCPhasePause"])
    pause_s = sum(_seconds(e["values"].get("duration", "0 s")) for e in pauses)

    def share(counter):
        return [{"what": k, "share": v / busy if busy else 0.0,
                 "us_per_request": cpu_us_per_request * v / busy if busy else 0.0}
                for k, v in counter.most_common(top)]

    return {
        "busy_samples": busy,
        "owners": share(owners),
        "leaves": share(leaves),
        "vgw_inclusive": share(inclusive),
        "alloc_bytes_per_request": (exact or alloc_bytes) / requests if requests else 0,
        # the samples say where; the threads' counters say how much
        "alloc_by_owner": [{"what": k, "share": v / sampled if sampled else 0,
                            "bytes_per_request": (exact or alloc_bytes) * v / sampled / requests if requests and sampled else 0}
                           for k, v in alloc_sites.most_common(8)],
        "alloc_top_stacks": _top_alloc_stacks(alloc),
        "alloc_samples": len(alloc),
        "gc_pause_seconds": pause_s,
        "gc_pauses": len(pauses),
    }


def _top_alloc_stacks(alloc, n=3, depth=6):
    stacks = collections.Counter()
    total = 0
    for e in alloc:
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        w = int(e["values"].get("weight", 0))
        total += w
        names = [_frame_name(f).rsplit("/", 1)[-1] for f in frames[:depth]]
        stacks[" ← ".join(names)] += w
    return [{"stack": k, "share": v / total if total else 0} for k, v in stacks.most_common(n)]


def _seconds(text):
    # jfr --json prints durations like "PT0.001234S" (ISO-8601)
    if isinstance(text, (int, float)):
        return float(text)
    t = str(text)
    if t.startswith("PT") and t.endswith("S"):
        try:
            return float(t[2:-1])
        except ValueError:
            return 0.0
    return 0.0


def markdown(summary):
    lines = ["| cost owner (leaf-most owning frame) | share of busy CPU samples | ≈ µs CPU per request |",
             "|---|---:|---:|"]
    for o in summary["owners"]:
        lines.append(f"| {o['what']} | {100 * o['share']:.1f} % | {o['us_per_request']:.0f} |")
    lines += ["", "| hottest leaf methods | share |", "|---|---:|"]
    for o in summary["leaves"][:10]:
        lines.append(f"| `{o['what'].replace('/', '.')}` | {100 * o['share']:.1f} % |")
    lines += ["", "| vgw methods on the stack (inclusive) | share |", "|---|---:|"]
    for o in summary["vgw_inclusive"][:10]:
        lines.append(f"| `{o['what'].replace('/', '.')}` | {100 * o['share']:.1f} % |")
    lines += ["", f"Allocation {summary['alloc_bytes_per_request'] / 1024:.1f} KB per request (the threads' "
              f"allocation counters); GC: {summary['gc_pauses']} pauses, {1000 * summary['gc_pause_seconds']:.0f} ms in all.",
              f" Where it is allocated comes from {summary['alloc_samples']} JFR allocation samples, a few"
              " hundred at most: a rough guide that moves between runs.",
              "", "| allocated by (sampled) | share | ≈ bytes per request |", "|---|---:|---:|"]
    for o in summary["alloc_by_owner"]:
        lines.append(f"| {o['what']} | {100 * o['share']:.1f} % | {o['bytes_per_request']:.0f} |")
    lines += ["", "| top allocation stacks (sampled) | share |", "|---|---:|"]
    for o in summary["alloc_top_stacks"]:
        lines.append(f"| `{o['stack']}` | {100 * o['share']:.1f} % |")
    return "\n".join(lines)
