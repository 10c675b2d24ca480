"""The load generators: h2load (HTTP/2 prior knowledge: the gRPC and h2c rows) and wrk (HTTP/1.1
keep-alive). Each run returns the same record, so every row is reported the same way."""
import os
import re
import subprocess
from dataclasses import dataclass, field

ECHO_JSON = '{"message":"hello","count":3,"tags":["a","b"],"nested":{"note":"n"}}'
GET_PATH = "/v1/echo/42?message=hello&count=3&tags=a&tags=b&nested.note=n"
GRPC_PATH = "/vgw.demo.v1.EchoService/Echo"


@dataclass
class LoadResult:
    requests: int = 0       # completed with a 2xx
    errors: int = 0         # failed, errored, timed out, or not 2xx
    seconds: float = 0.0
    rps: float = 0.0
    p50_us: float = 0.0
    p99_us: float = 0.0
    raw: str = field(default="", repr=False)


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _len_delimited(number, data):
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _varint_field(number, value):
    return _varint(number << 3) + _varint(value)


def echo_request_frame():
    """The gRPC frame of vgw.demo.v1.EchoRequest {message:"hello" count:3 tags:["a","b"]
    nested{note:"n"}}: the same request as ECHO_JSON. Fields from src/main/proto/vgw/demo/v1/echo.proto:
    message = 2, count = 3, tags = 4, nested = 5 (Nested.note = 1)."""
    msg = (_len_delimited(2, b"hello") + _varint_field(3, 3) + _len_delimited(4, b"a")
           + _len_delimited(4, b"b") + _len_delimited(5, _len_delimited(1, b"n")))
    # gRPC length-prefixed message: compressed flag 0, 4-byte big-endian length
    return b"\x00" + len(msg).to_bytes(4, "big") + msg


def write_inputs(work):
    """Request bodies and wrk's POST script, in `work`; returns their paths."""
    paths = {
        "grpc": os.path.join(work, "echo.grpc"),
        "json": os.path.join(work, "echo.json"),
        "lua": os.path.join(work, "post.lua"),
    }
    with open(paths["grpc"], "wb") as f:
        f.write(echo_request_frame())
    with open(paths["json"], "w") as f:
        f.write(ECHO_JSON)
    with open(paths["lua"], "w") as f:
        f.write('wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = '{ECHO_JSON}'\n")
    return paths


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return float(sorted_values[k])


def h2load(url, conns, seconds, log_file, body=None, headers=(), prefix=()):
    """h2load over h2c (prior knowledge), one stream per connection at a time; latency percentiles
    from its per-request log (its summary has none)."""
    argv = list(prefix) + ["h2load", "-t1", f"-c{conns}", "-m1", f"-D{seconds}", f"--log-file={log_file}"]
    if body:
        argv += ["-d", body]
    for h in headers:
        argv += ["-H", h]
    argv.append(url)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    text = out.stdout + out.stderr
    r = LoadResult(raw=text)
    m = re.search(r"finished in ([\d.]+)(m?s), ([\d.]+) req/s", text)
    if m:
        r.seconds = float(m.group(1)) / (1000 if m.group(2) == "ms" else 1)
        r.rps = float(m.group(3))
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                  r"(\d+) errored, (\d+) timeout", text)
    non2xx = 0
    s = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text)
    if s:
        non2xx = int(s.group(2)) + int(s.group(3)) + int(s.group(4))
    if m:
        # h2load counts a 4xx/5xx answer as succeeded: a benchmark must not.
        r.requests = int(m.group(4)) - non2xx
        r.errors = int(m.group(5)) + int(m.group(6)) + int(m.group(7)) + non2xx
    else:
        r.errors = max(1, r.errors)
    if out.returncode != 0:
        r.errors = max(1, r.errors)
    lat = []
    try:
        with open(log_file) as f:
            for line in f:
                parts = line.split("\t")
                if len(parts) >= 3 and parts[1].startswith("2"):
                    lat.append(int(parts[2]))
    except OSError:
        pass
    lat.sort()
    r.p50_us = percentile(lat, 0.50)
    r.p99_us = percentile(lat, 0.99)
    return r


_UNITS = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}


def _us(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else 0.0


def wrk(url, conns, seconds, lua=None, prefix=()):
    """wrk over HTTP/1.1 keep-alive, one thread; its own latency distribution."""
    argv = list(prefix) + ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--latency"]
    if lua:
        argv += ["-s", lua]
    argv.append(url)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    text = out.stdout + out.stderr
    r = LoadResult(raw=text)
    m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", text)
    total = 0
    if m:
        total = int(m.group(1))
        r.seconds = float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        r.rps = float(m.group(1))
    bad = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        bad += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        bad += sum(int(g) for g in m.groups())
    r.requests = max(0, total - bad)
    r.errors = bad if out.returncode == 0 and total > 0 else max(1, bad)
    m = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    if m:
        r.p50_us = _us(m.group(1))
    m = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    if m:
        r.p99_us = _us(m.group(1))
    return r
