"""Processes the benchmark starts (backend, gateways, Zipkin), their /proc counters, and the sinks.

Everything listens on 127.0.0.1 only. Every process started here is stopped by its own pid.
"""
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    """A child process whose output goes to a log file; waits for a line that says it is ready."""

    started = []  # every Proc, so cleanup can stop them all by pid

    def __init__(self, name, argv, log_path, env=None, prefix=()):
        self.name = name
        self.log_path = log_path
        self.argv = list(prefix) + list(argv)
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.log = open(log_path, "wb")
        self.popen = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, env=full_env)
        self.pid = self.popen.pid
        Proc.started.append(self)

    def wait_for(self, pattern, timeout):
        """The first match of `pattern` in the log, waiting up to `timeout` seconds."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, "r", errors="replace") as f:
                m = rx.search(f.read())
            if m:
                return m
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.popen.returncode} before it was ready; "
                                   f"log: {self.log_path}\n{self.tail()}")
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not ready after {timeout}s; log: {self.log_path}\n{self.tail()}")

    def tail(self, n=20):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def cpu_seconds(self):
        """utime + stime of the whole process (all threads), from /proc/PID/stat."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # after the ")" of comm: field 3 is index 0, so utime (14) is 11 and stime (15) is 12
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def status_kb(self, key):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def rss_mb(self):
        return self.status_kb("VmRSS") / 1024

    def hwm_mb(self):
        return self.status_kb("VmHWM") / 1024

    def alive(self):
        return self.popen.poll() is None

    def stop(self, grace=15):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)  # a second SIGTERM to a JVM already stopping is harmless
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)
        self.log.close()


def stop_all(grace=15):
    """SIGTERM to every process first, then waits for all of them together (a JVM may take its
    whole shutdown timeout), SIGKILL for those still there after `grace` seconds."""
    for p in Proc.started:
        if p.popen.poll() is None:
            try:
                p.popen.send_signal(signal.SIGTERM)
            except OSError:
                pass
    deadline = time.monotonic() + grace
    for p in reversed(Proc.started):
        try:
            p.stop(grace=max(0.1, deadline - time.monotonic()))
        except Exception:  # stopping the rest matters more
            pass
    Proc.started.clear()


class RssSampler:
    """Samples a process's VmRSS every `interval` s while a load runs; keeps the largest."""

    def __init__(self, proc, interval=0.25):
        self.proc = proc
        self.interval = interval
        self.max_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.max_mb = max(self.max_mb, self.proc.rss_mb())
            except OSError:
                return
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.max_mb = max(self.max_mb, self.proc.rss_mb())


class UdpSink:
    """Stands in for the X-Ray daemon: receives UDP datagrams on 127.0.0.1 and counts them."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.datagrams = 0
        self.bytes = 0
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            self.datagrams += 1
            self.bytes += len(data)

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


def http_get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def http_post_json(url, body, timeout=5):
    req = urllib.request.Request(url, data=body.encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def wait_http_ok(url, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited; log: {proc.log_path}\n{proc.tail()}")
        try:
            status, _ = http_get(url, timeout=1)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.name} did not answer {url} within {timeout}s; log: {proc.log_path}")


def zipkin_spans(base_url):
    """Spans the Zipkin collector accepted so far (its /metrics counter)."""
    import json
    try:
        _, body = http_get(base_url + "/metrics", timeout=2)
        return int(json.loads(body).get("counter.zipkin_collector.spans.http", 0))
    except (OSError, ValueError):
        return -1
