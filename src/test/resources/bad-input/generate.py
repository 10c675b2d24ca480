#!/usr/bin/env python3
"""Writes cases.jsonl: malformed requests for BadInputCorpusTest, one JSON object a line.

Each case: name, method, path (raw, as sent), headers ([name, value] pairs, duplicates allowed),
body (text) or bodyBase64 (bytes) or bigBody (a {"message":"mmm…"} body of that many m's), status (the answer we want), and backend (whether the backend
may see the request: false for every rejected one). Run it again after changing it; the test reads
only cases.jsonl.
"""
import base64, json

cases = []
JSON = [["Content-Type", "application/json"]]


def add(name, method="GET", path="/v1/echo/x", headers=None, body=None, raw=None, status=400, backend=False):
    c = {"name": name, "method": method, "path": path, "headers": headers or [], "status": status, "backend": backend}
    if raw is not None:
        c["bodyBase64"] = base64.b64encode(raw).decode()
    elif body is not None:
        c["body"] = body
    cases.append(c)


# Broken and truncated JSON: every prefix of a valid body.
valid = '{"message":"hi","count":2,"tags":["a","b"],"nested":{"note":"n","flag":true}}'
for i in range(1, len(valid) - 1, 2):
    prefix = valid[:i]
    add(f"truncated JSON at {i}", "POST", "/v1/echo", JSON, prefix)
for junk in ['{"message":}', '{"message" "x"}', "{'message':'x'}", '{"message":"x",}', '{,}', '{"a":1}}',
             'not json', '{"message":"x"', '"', '{"message":"\\x"}', '{"message":"\\u12"}', '{"count":01}',
             '{"count":+1}', '{"count":.5}', '{"count":1.}', '{"count":0x10}', '{"count":NaN}',
             '{"count":Infinity}', '{"message":"x" "tags":[]}', '[]]']:
    add(f"broken JSON {junk!r}", "POST", "/v1/echo", JSON, junk)

# Wrong types, field by field.
wrong = {
    "count": ['"abc"', "true", "[]", "{}", "1.5", '"1.5"', "1e40", "2147483648", "-2147483649", '""'],
    "message": ["{}", "[[]]", '{"a":1}'],
    "tags": ['{"a":1}', "[{}]", "[[1]]", "[[]]"],
    "nested": ['"x"', "1", "[]", "true", '{"flag":"maybe"}', '{"flag":2}', '{"note":{}}'],
    "big": ['"x"', "1.5", '"9223372036854775808"', "9223372036854775808", '"1e3x"', "[]"],
    "kind": ["{}", "[]", "1.5"],
}
for field, values in wrong.items():
    for v in values:
        add(f"wrong type {field}={v}", "POST", "/v1/echo", JSON, '{"%s":%s}' % (field, v))

# Deep nesting (limit 64) and a body over the size limit (4 MiB).
add("deep nesting objects", "POST", "/v1/echo", JSON, '{"nested":' * 70 + "{}" + "}" * 70)
add("deep nesting arrays", "POST", "/v1/echo", JSON, '{"tags":' + "[" * 100 + "]" * 100 + "}")
add("deep nesting in string is fine but bad field", "POST", "/v1/echo", JSON, '{"count":"' + "[" * 100 + '"}')
cases.append({"name": "body over the size limit", "method": "POST", "path": "/v1/echo", "headers": JSON,
              "bigBody": 4 * 1024 * 1024 + 10, "status": 413, "backend": False})

# Invalid UTF-8 and NUL bytes.
for name, raw in [("invalid UTF-8 continuation", b'{"message":"\x80"}'), ("invalid UTF-8 lead byte", b'{"message":"\xff"}'),
                  ("overlong UTF-8", b'{"message":"\xc0\xaf"}'), ("truncated UTF-8", b'{"message":"\xe2\x82"}'),
                  ("UTF-16 surrogate in UTF-8", b'{"message":"\xed\xa0\x80"}'),
                  ("NUL byte outside string", b'{"message":"x"}\x00'), ("NUL byte alone", b"\x00"),
                  ("NUL before JSON", b'\x00{"message":"x"}'), ("raw control char in string", b'{"message":"a\x01b"}'),
                  ("raw newline in string", b'{"message":"a\nb"}')]:
    add(name, "POST", "/v1/echo", JSON, raw=raw)

# Bad percent escapes and path tricks.
for p in ["/v1/echo/%", "/v1/echo/%G1", "/v1/echo/%zz", "/v1/echo/a%2", "/v1/echo/%e2%82", "/v1/echo/%c0%af",
          "/v1/echo/%ff", "/v1/echo/%ed%a0%80", "/v1/echo/%%", "/v1/echo/%u0041"]:
    add(f"bad escape {p}", "GET", p)
for p in ["/v1/echo/..", "/v1/echo/.", "/v1/echo/%2e%2e", "/v1/echo/%2E", "/v1/slow/..%2f..%2fetc", "/v1/echo/%2e%2e%2fadmin"]:
    add(f"dot-segment variable {p}", "GET", p)
for p in ["/v1/echo/../../etc/passwd", "/v1/../v1/echo/x/..", "/v1/echo/x/../../..", "/v1//echo/x", "//v1/echo/x"]:
    add(f"path traversal {p}", "GET", p, status=404)

# Query parameters.
for q, what in [("count=x", "bad int"), ("count=1&count=2", "scalar twice"), ("kind=NOPE", "bad enum"),
                ("nested.flag=maybe", "bad bool"), ("big=1.5", "bad int64"), ("count=2147483648", "int32 overflow"),
                ("big=99999999999999999999", "int64 overflow"), ("count=", "empty int"), ("nested.flag=1&nested.flag=0", "bool twice"),
                ("nested=x", "message from scalar"), ("message=a&message=b", "string twice"), ("count=%", "bad escape in query"),
("kind=1.5", "fraction enum"), ("metadata[a]=b", "map on request without map")]:
    add(f"query {what}", "GET", "/v1/echo/x?" + q, status=400 if what != "map on request without map" else 200,
        backend=what == "map on request without map")

# Valid after all: the JSON mapping reads "1e3" as the integer 1000 (the corpus also says what passes).
add("query exponent that is an integer", "GET", "/v1/echo/x?count=1e3", status=200, backend=True)

# Grpc-Timeout.
for t in ["", "1", "S", "123456789S", "-1S", "1.5S", "1x", "1 S", "S1", "１S", "0x1S", "1SS", "99999999999H9"]:
    add(f"bad Grpc-Timeout {t!r}", "GET", "/v1/echo/x", [["Grpc-Timeout", t]])

# Binary metadata.
for v in ["%%%", "a", "abc=d", "!!!!", "====", "YQ=a", "Y Q"]:
    add(f"bad base64 -Bin {v!r}", "GET", "/v1/echo/x", [["Grpc-Metadata-Key-Bin", v]])

# Headers: oversize, too many, duplicates that cannot be merged.
add("one oversize header", "GET", "/v1/echo/x", [["X-Big", "a" * 9000]], status=431)
add("many headers", "GET", "/v1/echo/x", [[f"X-H{i}", "v"] for i in range(150)], status=431)
add("duplicate Content-Length", "POST", "/v1/echo", JSON + [["Content-Length", "2"], ["Content-Length", "3"]], "{}")
add("two Grpc-Timeout values", "GET", "/v1/echo/x", [["Grpc-Timeout", "1S"], ["Grpc-Timeout", "2S"]])
add("header name with space", "GET", "/v1/echo/x", [["Bad Header", "v"]])
add("URL over the limit", "GET", "/v1/echo/" + "a" * 5000, status=414)

# Content types.
for ct in ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
           "application/octet-stream", "image/png", "text/html", "application/grpc", "application/protobuf", "x"]:
    add(f"content type {ct}", "POST", "/v1/echo", [["Content-Type", ct]], '{"message":"x"}', status=415)

# Unknown paths and wrong methods.
for p in ["/", "/v1", "/v1/echo/x/y", "/v2/echo", "/v1/ech", "/V1/ECHO", "/v1/echo/x%2Fy/z", "/favicon.ico", "/v1/echo/"]:
    add(f"unknown path {p}", "GET", p, status=404)
for m, p in [("PUT", "/v1/echo"), ("DELETE", "/v1/echo"), ("PATCH", "/v1/echo/x"), ("POST", "/v1/echo/x"), ("GET", "/v1/echo"),
             ("DELETE", "/v1/fail")]:
    add(f"wrong method {m} {p}", m, p, JSON if m in ("PUT", "PATCH", "POST") else [], "{}" if m in ("PUT", "PATCH", "POST") else None, status=405)

# Trace headers from strangers: ignored, never an error (answered 200, and the backend is called).
for h, v in [("traceparent", "00-xyz"), ("traceparent", "ff-" + "0" * 32 + "-" + "0" * 16 + "-01"),
             ("traceparent", "00-" + "0" * 32 + "-0000000000000001-01"), ("traceparent", "0" * 2000),
             ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz"), ("tracestate", "=" * 600),
             ("b3", "not-a-b3"), ("b3", "1-2-3-4-5"), ("X-B3-TraceId", "zz"), ("X-B3-SpanId", "1" * 40),
             ("X-B3-Sampled", "maybe"), ("X-Amzn-Trace-Id", "Root=1-xyz"), ("X-Amzn-Trace-Id", "Root=;Parent=;Sampled=9"),
             ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + "f" * 40),
             ("grpc-trace-bin", "!!!"), ("X-Amzn-Trace-Id", "\\u0000Root=1")]:
    add(f"malformed trace header {h}", "GET", "/v1/echo/x", [[h, v]], status=200, backend=True)

with open("cases.jsonl", "w") as f:
    for c in cases:
        f.write(json.dumps(c) + "\n")
print(len(cases), "cases")
