"""vgw's benchmark: the direct gRPC call, the gateway over HTTP/1.1 and h2c, tracing off / 1 % /
100 % to X-Ray / 100 % to Zipkin, gateway CPU and RSS, first request after java -jar, a JFR profile,
and the JMH microbenchmarks. Started by bench/run, which installs the tools and builds the jars.

Every server listens on 127.0.0.1 only; every load run is bounded in time; every process started
here is stopped by its pid at the end, also on Ctrl-C.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import load  # noqa: E402
import procs  # noqa: E402
import jfr_summary as jfr_profile  # noqa: E402
import report  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "target", "vgw.jar")
ARCHIVE = os.path.join(ROOT, "target", "vgw.jsa")  # the class-data archive `package` records

# The gateway configurations. The tracing keys are those of vgw's tracing (io.vgw.tracing); a build
# that does not know them ignores them, which the report detects (no span reaches the sinks).
SAMPLER_OFF = '{"type":"never"}'
SAMPLER_1PC = '{"type":"probability","probability":0.01}'
SAMPLER_ALL = '{"type":"always"}'


# The heap cap docs/deployment.md recommends: JVM defaults on a 24 GB machine let G1 grow the heap
# to gigabytes because it may, not because the gateway needs it.
HEAP_CAP = "-Xmx128m"


def gateway_configs(xray_port, zipkin_url):
    """key: (label, gateway flags[, extra JVM options])"""
    xray = f'[{{"type":"xray","daemonAddress":"127.0.0.1:{xray_port}"}}]'
    return {
        "off": ("tracing off", [f"--tracing.sampler={SAMPLER_OFF}"]),
        "heap128": (f"tracing off, {HEAP_CAP}", [f"--tracing.sampler={SAMPLER_OFF}"], [HEAP_CAP]),
        "p1": ("1 % sampled → X-Ray", [f"--tracing.sampler={SAMPLER_1PC}", f"--export.exporters={xray}"]),
        "xray100": ("100 % → X-Ray", [f"--tracing.sampler={SAMPLER_ALL}", f"--export.exporters={xray}"]),
        "zipkin100": ("100 % → Zipkin", [f"--tracing.sampler={SAMPLER_ALL}",
                                         f'--export.exporters=[{{"type":"zipkin","endpoint":"{zipkin_url}"}}]']),
    }


def cpu_ticks():
    """The machine's CPU time so far, from /proc/stat's first line: (total, steal) in ticks."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return [sum(fields[:8]), fields[7] if len(fields) > 7 else 0]  # user..steal; guest is inside user


def steal_percent(start, end):
    if not start or end[0] <= start[0]:
        return 0.0
    return 100.0 * (end[1] - start[1]) / (end[0] - start[0])


def export_line(key, counters):
    if not counters:
        return f"{key}: not available"
    per = ", ".join(f"{name} exported {c['exported']} / failed {c['failed']} / pending {c['pending']}"
                    for name, c in counters.get("exporters", {}).items())
    return f"{key}: pushed {counters['pushed']}, dropped {counters['dropped']}, queued {counters['queued']}; {per}"


def rows():
    """The table's rows, in the order of a forward round."""
    out = [dict(target="direct", client="h2load", shape="grpc", conns=c, label="direct gRPC (backend alone)")
           for c in (1, 64)]
    for client, proto in (("wrk", "HTTP/1.1"), ("h2load", "h2c")):
        for shape, what in (("post", "POST /v1/echo"), ("get", "GET /v1/echo/{id}?…")):
            for c in (1, 64):
                out.append(dict(target="off", client=client, shape=shape, conns=c,
                                label=f"vgw {proto} {what}, tracing off"))
    for target, what in (("heap128", HEAP_CAP),):
        for c in (1, 64):
            out.append(dict(target=target, client="wrk", shape="post", conns=c,
                            label=f"vgw HTTP/1.1 POST /v1/echo, tracing off, {what}"))
    for target, what in (("p1", "1 % sampled → X-Ray"), ("xray100", "100 % → X-Ray"), ("zipkin100", "100 % → Zipkin")):
        for c in (1, 64):
            out.append(dict(target=target, client="wrk", shape="post", conns=c,
                            label=f"vgw HTTP/1.1 POST /v1/echo, {what}"))
    return out


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
        self.out = os.path.abspath(args.out or os.path.join(ROOT, "bench", "out", stamp))
        os.makedirs(self.out, exist_ok=True)
        self.work = os.path.join(self.out, "work")
        os.makedirs(self.work, exist_ok=True)
        self.inputs = load.write_inputs(self.work)
        self.gen_prefix = ["taskset", "-c", "0"] if args.pin else []
        self.server_prefix = ["taskset", "-c", "1"] if args.pin else []
        self.java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        self.gw_java_opts = os.environ.get("BENCH_GATEWAY_JAVA_OPTS", "").split()
        self.backend = None
        self.gateways = {}
        self.gw_ports = {}
        self.admin_ports = {}
        self.sink = None
        self.zipkin = None
        self.zipkin_url = None
        self.results = {}
        self.served = {}  # requests sent to each target, warm-ups included (spans per request)
        self.seq = 0
        self.t0 = time.monotonic()

    def log(self, msg):
        print(f"bench [{time.monotonic() - self.t0:5.0f}s] {msg}", flush=True)

    # ---------------------------------------------------------------- machine
    def meta(self):
        def sh(cmd):
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
                return out.stdout + out.stderr
            except OSError:
                return ""
        model = re.search(r"Model name:\s*(.+)", sh(["lscpu"]))
        java = sh([self.java, "-version"]).strip().splitlines()
        commit = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip() or "?"
        dirty = sh(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).strip()
        return {
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
            "commit": commit + ("+dirty" if dirty else ""),
            "mode": "quick" if self.quick else f"{self.args.runs}×{self.args.duration}s",
            "nproc": os.cpu_count(),
            "cpu": model.group(1).strip() if model else platform.processor(),
            "java": java[0] if java else "?",
            "kernel": platform.release(),
            "pinning": "taskset: load generator on CPU 0, backend and gateways on CPU 1" if self.args.pin
            else "none: load generator, backend and gateway share both cores (the OS schedules them)",
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "cpu_ticks_start": cpu_ticks(),
            "gateway_java_opts": " ".join(self.gw_java_opts) or "(none: JVM defaults, as java -jar)",
        }

    # ---------------------------------------------------------------- processes
    def start_backend(self):
        p = procs.Proc("backend", [self.java, "-cp", JAR, "io.vgw.demo.DemoBackendMain", "--port=0"],
                       os.path.join(self.work, "backend.log"), prefix=self.server_prefix)
        m = p.wait_for(r"listening on 127\.0\.0\.1:(\d+)", 90)
        self.backend = p
        self.backend_port = int(m.group(1))
        self.log(f"backend on 127.0.0.1:{self.backend_port} (pid {p.pid})")

    def start_zipkin(self):
        jars = sorted(glob.glob(os.path.join(ROOT, "target", "zipkin", "zipkin-server*.jar")))
        if not jars:
            raise RuntimeError("no Zipkin server jar in target/zipkin (bench/run fetches it)")
        port = procs.free_port()
        self.zipkin = procs.Proc(
            "zipkin",
            [self.java, "-Xmx384m", "-jar", jars[0], "--armeria.ports[0].ip=127.0.0.1",
             f"--armeria.ports[0].port={port}", "--armeria.ports[0].protocols[0]=http", f"--server.port={port}"],
            os.path.join(self.work, "zipkin.log"),
            env={"STORAGE_TYPE": "mem", "MEM_MAX_SPANS": "50000", "COLLECTOR_GRPC_ENABLED": "false",
                 "SELF_TRACING_ENABLED": "false"},
            prefix=self.gen_prefix)
        self.zipkin_base = f"http://127.0.0.1:{port}"
        self.zipkin_url = self.zipkin_base + "/api/v2/spans"

    def gateway_argv(self, flags, extra_jvm=(), admin_port=0, name="gateway"):
        # A fixed free port, as a deployment has: with --http.port=0 each of the gateway's verticle
        # instances binds a random port of its own (Vert.x shares only a fixed port), so all the load
        # would reach one instance and one event loop.
        # Deeper JFR stacks for the profile. And JFR started for one second at launch: the first
        # recording retransforms the JDK's socket and file classes for JFR's I/O events, which
        # throws away every compiled method that inlined them; started only at profile time (as
        # jcmd JFR.start did until 2026-12-02) it profiled a JVM back in the interpreter, at a fifth
        # of its req/s. Done before the warm-up, the JIT compiles the instrumented code once.
        jfr_init = f"-XX:StartFlightRecording:duration=1s,filename={os.path.join(self.work, name + '-jfr-init.jfr')}"
        return ([self.java] + self.gw_java_opts + ["-XX:FlightRecorderOptions:stackdepth=256", jfr_init] + list(extra_jvm) +
                ["-jar", JAR, "--http.host=127.0.0.1", f"--http.port={procs.free_port()}",
                 f"--backends=127.0.0.1:{self.backend_port}",
                 "--descriptors=classpath:vgw/demo.desc", f"--admin.port={admin_port}"] + flags)

    def start_gateways(self):
        configs = gateway_configs(self.sink.port, self.zipkin_url)
        self.configs = configs
        for key, (_, flags, *jvm) in configs.items():
            self.admin_ports[key] = procs.free_port()
            argv = self.gateway_argv(flags, extra_jvm=jvm[0] if jvm else (), admin_port=self.admin_ports[key],
                                     name=f"gateway-{key}")
            self.gateways[key] = procs.Proc(f"gateway[{key}]", argv,
                                            os.path.join(self.work, f"gateway-{key}.log"), prefix=self.server_prefix)
        for key, p in self.gateways.items():
            m = p.wait_for(r"listening on http://127\.0\.0\.1:(\d+)", 90)
            self.gw_ports[key] = int(m.group(1))
            jvm = configs[key][2] if len(configs[key]) > 2 else []
            self.log(f"gateway {key:9s} on 127.0.0.1:{self.gw_ports[key]} (pid {p.pid}): {' '.join(jvm + configs[key][1])}")

    # ---------------------------------------------------------------- checks
    def check_direct(self):
        """One gRPC call with nghttp: the frame must decode, the call must end with grpc-status 0 (h2load
        itself only sees the HTTP status, always 200 in gRPC)."""
        if not shutil.which("nghttp"):
            self.log("nghttp not found: the direct row's grpc-status is not checked")
            return
        out = subprocess.run(["nghttp", "-v", "-d", self.inputs["grpc"], "-H", "content-type: application/grpc",
                              "-H", "te: trailers", f"http://127.0.0.1:{self.backend_port}{load.GRPC_PATH}"],
                             capture_output=True, timeout=60)
        text = out.stdout.decode("latin-1")
        if "grpc-status: 0" not in text:
            raise RuntimeError("the direct gRPC call did not end with grpc-status 0:\n" + text[-2000:])

    def check_gateways(self):
        """POST and GET through each gateway answer 200 with the echo (a cold JVM on a busy machine can
        take seconds over its first request: generous timeouts)."""
        for key, port in self.gw_ports.items():
            for what, call in (("POST", lambda: procs.http_post_json(f"http://127.0.0.1:{port}/v1/echo", load.ECHO_JSON,
                                                                      timeout=60)),
                               ("GET", lambda: procs.http_get(f"http://127.0.0.1:{port}{load.GET_PATH}", timeout=60))):
                try:
                    status, body = call()
                except OSError as e:
                    raise RuntimeError(f"gateway {key}: {what} failed: {e}; log: {self.gateways[key].log_path}")
                if status != 200 or '"message":"hello"' not in body:
                    raise RuntimeError(f"gateway {key}: {what} answered {status}: {body[:300]}")

    # ---------------------------------------------------------------- load
    def url(self, row):
        if row["target"] == "direct":
            return f"http://127.0.0.1:{self.backend_port}{load.GRPC_PATH}"
        path = "/v1/echo" if row["shape"] == "post" else load.GET_PATH
        return f"http://127.0.0.1:{self.gw_ports[row['target']]}{path}"

    def fire(self, row, seconds):
        url = self.url(row)
        self.seq += 1
        if row["client"] == "wrk":
            r = load.wrk(url, row["conns"], seconds, lua=self.inputs["lua"] if row["shape"] == "post" else None,
                         prefix=self.gen_prefix)
        else:
            log_file = os.path.join(self.work, f"h2load-{self.seq}.tsv")
            if row["shape"] == "grpc":
                body, headers = self.inputs["grpc"], ("content-type: application/grpc", "te: trailers")
            elif row["shape"] == "post":
                body, headers = self.inputs["json"], ("content-type: application/json",)
            else:
                body, headers = None, ()
            r = load.h2load(url, row["conns"], seconds, log_file, body=body, headers=headers, prefix=self.gen_prefix)
            os.remove(log_file) if os.path.exists(log_file) else None
        self.served[row["target"]] = self.served.get(row["target"], 0) + r.requests
        with open(os.path.join(self.work, "load.log"), "a") as f:
            f.write(f"=== {self.seq} {self.row_key(row)} {seconds}s {url}\n{r.raw}\n")
        return r

    def measure(self, row):
        if self.args.warmup > 0:
            self.fire(row, self.args.warmup)
        gw = self.gateways.get(row["target"])
        be0 = self.backend.cpu_seconds()
        gw0 = gw.cpu_seconds() if gw else 0
        if gw:
            with procs.RssSampler(gw) as rss:
                r = self.fire(row, self.args.duration)
            rss_mb = rss.max_mb
        else:
            r = self.fire(row, self.args.duration)
            rss_mb = None
        be1 = self.backend.cpu_seconds()
        gw1 = gw.cpu_seconds() if gw else 0
        n = max(1, r.requests)
        return {"rps": r.rps, "p50_us": r.p50_us, "p99_us": r.p99_us, "requests": r.requests, "errors": r.errors,
                "seconds": r.seconds, "be_cpu_us": (be1 - be0) * 1e6 / n,
                "gw_cpu_us": (gw1 - gw0) * 1e6 / n if gw else None, "gw_rss_mb": rss_mb,
                "loadavg": open("/proc/loadavg").read().split()[0],
                "raw_tail": r.raw[-600:] if r.errors else ""}

    def warm_up(self, all_rows):
        """JIT warm-up of every (target, client, request) shape at 64 connections: runs of --warm
        seconds until the shape has served --warm-requests requests (C2 compiles the hot path after
        some ten thousand calls; a cold JVM on a busy machine serves few per second), at most 45 s."""
        seen = set()
        target = 200 if self.quick else self.args.warm_requests
        for row in all_rows:
            key = (row["target"], row["client"], row["shape"])
            if key in seen:
                continue
            seen.add(key)
            deadline = time.monotonic() + (30 if self.quick else 45)
            served, r = 0, None
            while served < target and time.monotonic() < deadline:
                r = self.fire(dict(row, conns=64), self.args.warm)
                served += r.requests
            self.log(f"warm-up {'/'.join(key)}: {served} requests, last {r.rps:.0f} req/s, {r.errors} errors")

    def rounds(self, all_rows):
        for i in range(self.args.runs):
            order = all_rows if i % 2 == 0 else list(reversed(all_rows))  # ABBA: drift hits every row alike
            self.log(f"round {i + 1}/{self.args.runs} ({'forward' if i % 2 == 0 else 'backward'}), "
                     f"load average {open('/proc/loadavg').read().split()[0]}")
            for row in order:
                res = self.measure(row)
                self.results.setdefault(self.row_key(row), []).append(res)
                self.log(f"  {row['label']:58s} c{row['conns']:<3d} {res['rps']:9.0f} req/s  p50 {res['p50_us']:7.0f} µs"
                         f"  p99 {res['p99_us']:7.0f} µs  errors {res['errors']}")

    @staticmethod
    def row_key(row):
        return f"{row['target']}/{row['client']}/{row['shape']}/c{row['conns']}"

    # ---------------------------------------------------------------- first request
    def first_request(self, times):
        """Wall time from starting `java -jar target/vgw.jar` (the embedded demo) to the first 200 of
        POST /v1/echo, as .ci/smoke-jar measures it: plain, and from the class-data archive the
        build records (`-Xshare:on`: refuses to start rather than silently run without it), in
        turns. Returns {"plain": [...], "archive": [...]} ("archive" empty without target/vgw.jsa)."""
        out = {"plain": [], "archive": []}
        kinds = ["plain", "archive"] if os.path.exists(ARCHIVE) else ["plain"]
        for i in range(times):
            for kind in kinds:
                out[kind].append(self.first_answer(f"first-request-{kind}-{i}.log",
                                                   ["-Xshare:on", f"-XX:SharedArchiveFile={ARCHIVE}"] if kind == "archive" else []))
        return out

    def first_answer(self, log_name, jvm_opts):
        """One start of the embedded demo, timed to its first answer."""
        log_path = os.path.join(self.work, log_name)
        t0 = time.monotonic()
        p = procs.Proc("first-request", [self.java] + jvm_opts + ["-jar", JAR, "--http.host=127.0.0.1", "--http.port=0",
                                         "--admin.port=0"], log_path, prefix=self.server_prefix)
        try:
            m = p.wait_for(r"listening on (http://127\.0\.0\.1:\d+)", 60)
            listening = time.monotonic() - t0
            status, body = procs.http_post_json(m.group(1) + "/v1/echo", '{"message":"first"}', timeout=30)
            answered = time.monotonic() - t0
            if status != 200 or '"first"' not in body:
                raise RuntimeError(f"first request answered {status}: {body[:200]}")
            return {"listening_ms": 1000 * listening, "first_answer_ms": 1000 * answered}
        finally:
            p.stop(grace=3)  # measured already; its orderly shutdown is not what is timed here
            procs.Proc.started.remove(p)

    # ---------------------------------------------------------------- profile
    def profile(self, key="off"):
        """A warm gateway (tracing off by default) under HTTP/1.1 POST at 64 connections, recorded by
        JFR (settings=profile) for --profile-seconds; CPU per request measured over the same run."""
        jcmd = os.path.join(os.path.dirname(os.path.realpath(shutil.which(self.java) or self.java)), "jcmd")
        jfr = os.path.join(os.path.dirname(jcmd), "jfr")
        if not (os.path.exists(jcmd) and os.path.exists(jfr)):
            self.log("no jcmd/jfr next to java: profile skipped")
            return None
        p = self.gateways[key]
        row = dict(target=key, client="wrk", shape="post", conns=64, label="profile")
        recording = os.path.join(self.out, "profile.jfr" if key == "off" else f"profile-{key}.jfr")
        subprocess.run([jcmd, str(p.pid), "JFR.start", "name=bench", "settings=profile"],
                       capture_output=True, timeout=60, check=True)
        cpu0 = p.cpu_seconds()
        r = self.fire(row, self.args.profile_seconds)
        cpu1 = p.cpu_seconds()
        subprocess.run([jcmd, str(p.pid), "JFR.stop", "name=bench", f"filename={recording}"],
                       capture_output=True, timeout=120, check=True)
        cpu_us = (cpu1 - cpu0) * 1e6 / max(1, r.requests)
        summary = jfr_profile.summarise(jfr, recording, r.requests, cpu_us)
        summary.update({"requests": r.requests, "rps": r.rps, "cpu_us_per_request": cpu_us, "recording": recording})
        self.log(f"profile: {r.rps:.0f} req/s, {cpu_us:.0f} µs CPU per request, {recording}")
        return summary

    # ---------------------------------------------------------------- JMH
    def jmh(self):
        cp_file = os.path.join(ROOT, "bench", "jmh", "target", "classpath.txt")
        classes = os.path.join(ROOT, "bench", "jmh", "target", "classes")
        if not os.path.exists(cp_file):
            raise RuntimeError("bench/jmh is not built (bench/run builds it)")
        cp = ":".join([classes, open(cp_file).read().strip(), JAR])
        result = os.path.join(self.out, "jmh.json")
        opts = (["-f", "0", "-wi", "0", "-i", "1", "-r", "100ms"] if self.quick
                else ["-f", "1", "-wi", "3", "-w", "1s", "-i", "5", "-r", "1s"])
        argv = [self.java, "-cp", cp, "org.openjdk.jmh.Main"] + opts + ["-rf", "json", "-rff", result]
        if self.args.jmh_filter:
            argv.append(self.args.jmh_filter)
        self.log("JMH: " + " ".join(opts))
        with open(os.path.join(self.work, "jmh.log"), "w") as logf:
            subprocess.run(argv, stdout=logf, stderr=subprocess.STDOUT, timeout=1800, check=True)
        out = []
        for b in json.load(open(result)):
            out.append({"benchmark": b["benchmark"].replace("io.vgw.bench.", "").replace("io.vgw.export.impl.", ""),
                        "params": ", ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items()),
                        "score": b["primaryMetric"]["score"], "error": b["primaryMetric"].get("scoreError"),
                        "unit": b["primaryMetric"]["scoreUnit"]})
        return out

    # ---------------------------------------------------------------- the run
    def run(self):
        meta = self.meta()
        self.log(f"output in {self.out}; {meta['nproc']} cores ({meta['cpu']}), {meta['java']}; pinning: {meta['pinning']}")
        summaries, spans, first, prof, micro = [], {}, [], None, []
        if not self.args.jmh_only:
            first = self.first_request(1 if self.quick else 3)
            meta["first_request_ms"] = report.median([f["first_answer_ms"] for f in first["plain"]])
            self.log(f"first request after java -jar: {meta['first_request_ms']:.0f} ms (median of {len(first['plain'])})")
            if first["archive"]:
                meta["first_request_archive_ms"] = report.median([f["first_answer_ms"] for f in first["archive"]])
                self.log(f"first request from the class-data archive: {meta['first_request_archive_ms']:.0f} ms")
            self.sink = procs.UdpSink()
            self.start_zipkin()
            self.start_backend()
            self.start_gateways()
            procs.wait_http_ok(self.zipkin_base + "/health", self.zipkin, 120)
            self.check_direct()
            self.check_gateways()
            idle_rss = {k: p.rss_mb() for k, p in self.gateways.items()}
            all_rows = rows()
            self.warm_up(all_rows)
            self.rounds(all_rows)
            # OpenCensus-style exporters batch on a timer: give the last batch time to land.
            time.sleep(1 if self.quick else 6)
            zipkin_spans = procs.zipkin_spans(self.zipkin_base)
            # the gateways' own account of their spans (GET /admin/export): what they dropped, what
            # their exporters sent or failed, to set against what the sinks received
            exported = {key: self.export_counters(key) for key in ("p1", "xray100", "zipkin100")}
            spans = {
                "gateway_export": exported,
                "xray_datagrams": self.sink.datagrams,
                "zipkin_spans": zipkin_spans,
                "requests": dict(self.served),
                "hwm_mb": {k: p.hwm_mb() for k, p in self.gateways.items()},
                "idle_rss_mb": idle_rss,
            }
            summaries = report.add_ratios([report.summarise_row(r, self.results[self.row_key(r)]) for r in all_rows])
            profiling = not self.quick and not self.args.no_profile
            if profiling:
                # Where 100 % tracing's cost goes (the X-Ray sink is this process: no other JVM competes).
                prof_tracing = self.profile("xray100")
            for key in [k for k in self.gateways if k != "off"]:  # not needed for the profile: free the cores
                self.gateways[key].popen.send_signal(signal.SIGTERM)
            if profiling:
                prof = self.profile()
                prof["tracing"] = prof_tracing
        if not self.args.no_jmh:
            micro = self.jmh()
        return self.write(meta, summaries, spans, first, prof, micro)

    def write(self, meta, summaries, spans, first, prof, micro):
        meta["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        meta["steal_pct"] = steal_percent(meta.get("cpu_ticks_start"), cpu_ticks())
        md = self.markdown(meta, summaries, spans, first, prof, micro)
        with open(os.path.join(self.out, "report.md"), "w") as f:
            f.write(md + "\n")
        with open(os.path.join(self.out, "results.json"), "w") as f:
            json.dump({"meta": meta, "rows": summaries, "runs": self.results, "spans": spans, "first_request": first,
                       "profile": prof, "jmh": micro}, f, indent=1, default=str)
        print(md)
        if self.args.record and summaries:
            report.update_benchmarks_md(os.path.join(ROOT, "BENCHMARKS.md"), md,
                                        report.history_line(meta, summaries))
            self.log("BENCHMARKS.md updated (latest table, history)")
        return self.verdict(summaries, micro)

    def export_counters(self, key):
        try:
            _, body = procs.http_get(f"http://127.0.0.1:{self.admin_ports[key]}/admin/export", timeout=5)
            return json.loads(body)
        except (OSError, ValueError) as e:
            self.log(f"gateway {key}: no export counters: {e}")
            return None

    def tracing_active(self, spans):
        served = spans.get("requests", {})
        return {
            "xray": spans.get("xray_datagrams", 0) > 0,
            "zipkin": spans.get("zipkin_spans", 0) > 0,
            "xray_per_request": spans.get("xray_datagrams", 0) / max(1, served.get("xray100", 0) + served.get("p1", 0)),
            "zipkin_per_request": max(0, spans.get("zipkin_spans", 0)) / max(1, served.get("zipkin100", 0)),
        }

    def markdown(self, meta, summaries, spans, first, prof, micro):
        m = [f"Run {meta['date']} UTC, commit `{meta['commit']}`, mode {meta['mode']} "
             f"(medians of {self.args.runs} interleaved runs of {self.args.duration} s, each after a "
             f"{self.args.warmup} s warm-up; rounds alternate forward and backward).",
             "",
             f"- Machine: {meta['nproc']} cores, {meta['cpu']}, Linux {meta['kernel']}; {meta['java']}; "
             f"load average {' '.join(meta['loadavg_start'])} at the start, {' '.join(meta['loadavg_end'])} at the end; "
             f"{meta['steal_pct']:.0f} % of the CPU time over the run was stolen by the hypervisor (`/proc/stat` steal): "
             "above a few %, every row is slowed by other tenants' load, unevenly.",
             f"- Pinning: {meta['pinning']}.",
             f"- Gateway JVM options: {meta['gateway_java_opts']}.",
             "- Clients: h2load (`-t1 -m1`, h2c prior knowledge) for the gRPC and h2c rows, wrk (`-t1`, keep-alive) for "
             "HTTP/1.1; c1 = 1 connection (latency), c64 = 64 connections (throughput). The same request everywhere: "
             "`EchoRequest{message:\"hello\" count:3 tags:[a,b] nested{note:n}}` as a gRPC frame, a JSON body, or path + query.",
             ""]
        if summaries:
            t = self.tracing_active(spans)
            m.append(report.targets(summaries, meta.get("first_request_ms"), t["xray"] or t["zipkin"],
                                    meta.get("first_request_archive_ms")))
            m.append("")
            m.append(report.table(summaries))
            m.append("")
            if not (t["xray"] or t["zipkin"]):
                m.append("**The tracing rows were measured before tracing existed**: this build accepted the "
                         "`--tracing.sampler` / `--export.exporters` flags and ignored them (0 spans reached the X-Ray "
                         "UDP sink and Zipkin), so they measure the same gateway as tracing off: their spread is the noise.")
            else:
                m.append(f"Spans received: X-Ray sink {spans['xray_datagrams']} datagrams "
                         f"({t['xray_per_request']:.2f} per request sent to the X-Ray gateways), Zipkin "
                         f"{spans['zipkin_spans']} spans ({t['zipkin_per_request']:.2f} per request).")
                m.append("")
                m.append("The gateways' own counts (`GET /admin/export` after the last round): " + "; ".join(
                    export_line(k, v) for k, v in spans.get("gateway_export", {}).items()) + ".")
            m.append("")
            m.append("Gateway memory: " + ", ".join(
                f"{k} idle {spans['idle_rss_mb'][k]:.0f} MB / peak {spans['hwm_mb'][k]:.0f} MB"
                for k in spans["hwm_mb"]) + " (VmRSS after start-up and warm-up checks / VmHWM at the end).")
        if first:
            def times(fs):
                return ", ".join(f"{f['first_answer_ms']:.0f} ms (listening at {f['listening_ms']:.0f} ms)" for f in fs)
            m.append("")
            m.append("First request after `java -jar target/vgw.jar` (embedded demo): "
                     + times(first["plain"]) + f"; median {meta['first_request_ms']:.0f} ms.")
            if first["archive"]:
                m.append("From the build's class-data archive (`java -XX:SharedArchiveFile=target/vgw.jsa -jar "
                         "target/vgw.jar`), in turns with those: " + times(first["archive"])
                         + f"; median {meta['first_request_archive_ms']:.0f} ms.")
        if prof:
            m += ["", f"### Profile (JFR, gateway tracing off, HTTP/1.1 POST c64, {self.args.profile_seconds} s: "
                      f"{prof['rps']:.0f} req/s, {prof['cpu_us_per_request']:.0f} µs CPU per request)", "",
                  jfr_profile.markdown(prof)]
            t = prof.get("tracing")
            if t:
                m += ["", f"### Profile (JFR, gateway 100 % → X-Ray, HTTP/1.1 POST c64, {self.args.profile_seconds} s, "
                          f"the other gateways still up: {t['rps']:.0f} req/s, {t['cpu_us_per_request']:.0f} µs CPU per request)", "",
                      jfr_profile.markdown(t)]
        if micro:
            m += ["", "### JMH (" + ("smoke: 1 iteration, no warm-up, not a measurement" if self.quick else
                                     "1 fork, 3 × 1 s warm-up, 5 × 1 s measurement") + ")", "",
                  "| benchmark | params | score | ± | unit |", "|---|---|---:|---:|---|"]
            for b in micro:
                err = b["error"]
                err = f"{err:.1f}" if isinstance(err, (int, float)) and err == err else "–"  # NaN with one iteration
                m.append(f"| {b['benchmark']} | {b['params']} | {b['score']:.1f} | {err} | {b['unit']} |")
        return "\n".join(m)

    def verdict(self, summaries, micro):
        """Quick mode's checks: every row served requests without an error; every JMH benchmark scored.
        Not speed: CI machines are too noisy for that."""
        passed, failed = 0, 0
        for s in summaries:
            ok = s["requests"] > 0 and s["errors"] == 0
            passed, failed = passed + ok, failed + (not ok)
            if not ok:
                runs = self.results[self.row_key(s["row"])]
                self.log(f"FAIL {s['row']['label']} c{s['row']['conns']}: {s['requests']} requests, {s['errors']} errors\n"
                         + "\n".join(r["raw_tail"] for r in runs if r["raw_tail"]))
        for b in micro:
            ok = b["score"] > 0
            passed, failed = passed + ok, failed + (not ok)
            if not ok:
                self.log(f"FAIL JMH {b['benchmark']} {b['params']}: no score")
        print(f"bench: {passed} passed, {failed} failed", flush=True)
        return 0 if failed == 0 else 1


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="CI smoke: 1 run of 2 s per row, JMH smoke; checks "
                                                          "that every row served requests without errors")
    ap.add_argument("--runs", type=int, default=3, help="interleaved runs per row (medians; default 3)")
    ap.add_argument("--duration", type=int, default=8, help="seconds per measured run (default 8)")
    ap.add_argument("--warmup", type=int, default=1, help="seconds of warm-up before each measured run (default 1)")
    ap.add_argument("--warm", type=int, default=5, help="seconds of JIT warm-up per request shape at start (default 5)")
    ap.add_argument("--warm-requests", type=int, default=20000,
                    help="requests per request shape the JIT warm-up aims for (default 20000)")
    ap.add_argument("--profile-seconds", type=int, default=15, help="seconds recorded by JFR (default 15)")
    ap.add_argument("--pin", action="store_true", help="taskset: load generator on CPU 0, Java servers on CPU 1")
    ap.add_argument("--no-jmh", action="store_true", help="skip the JMH microbenchmarks")
    ap.add_argument("--jmh-only", action="store_true", help="only the JMH microbenchmarks")
    ap.add_argument("--jmh-filter", help="JMH benchmark regexp (with --jmh-only, say)")
    ap.add_argument("--no-profile", action="store_true", help="skip the JFR profile")
    ap.add_argument("--record", action="store_true", help="write the table into BENCHMARKS.md (latest + history)")
    ap.add_argument("--out", help="output folder (default bench/out/<UTC time>)")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.duration, args.warmup, args.warm = 1, 2, 0, 2
    if args.runs < 1 or args.duration < 1:
        ap.error("--runs and --duration must be at least 1")

    def on_signal(signum, frame):
        procs.stop_all()
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    bench = Bench(args)
    try:
        return bench.run()
    except (RuntimeError, subprocess.SubprocessError, OSError) as e:
        print(f"bench: error: {e}", file=sys.stderr, flush=True)
        print("bench: 0 passed, 1 failed", flush=True)
        return 1
    finally:
        if bench.sink:
            bench.sink.close()
        procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
