"""What a request costs over HTTP, in memory and with ``--data-dir`` (durable), and so what durability costs per write.

    python -m tests.benchmarks.bench_server [--calls 2000] [--modes memory,durable,durable-fsync]

Each mode starts ``python -m fakedynamo serve --port 0`` in a subprocess and
times, from one keep-alive connection (``http.client``, no SDK, so the numbers
are the server's), PutItem, UpdateItem (a conditional counter increment) and
GetItem, one call at a time, after a warm-up, and reads the server's CPU time
per timed call (steadier than wall time on a shared machine; /proc counts in
10 ms ticks, so use a few thousand calls). Modes:

- ``memory``: the default, nothing on disk;
- ``durable``: ``--data-dir``, SQLite in WAL mode with ``synchronous=NORMAL``:
  an acknowledged write survives ``kill -9`` of the server;
- ``durable-fsync``: ``--data-dir --fsync``: ``synchronous=FULL``, every
  acknowledged write also survives a power cut (one fsync per write).

The report gives the median and 90th percentile per call, and for writes the
extra cost per write of each durable mode over memory.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

HEADERS = {"Content-Type": "application/x-amz-json-1.0"}
TABLE = "bench"
MODES = {"memory": [], "durable": ["--data-dir", "{dir}"], "durable-fsync": ["--data-dir", "{dir}", "--fsync"]}


def start(mode: str, directory: str) -> tuple[subprocess.Popen[str], str, int]:
    args = [a.format(dir=directory) for a in MODES[mode]]
    process = subprocess.Popen(
        [sys.executable, "-m", "fakedynamo", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = process.stdout.readline()  # type: ignore[union-attr]
    if "listening on" not in line:
        process.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    host, port = line.rsplit("//", 1)[1].strip().rsplit(":", 1)
    return process, host, int(port)


def call(connection: http.client.HTTPConnection, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    connection.request("POST", "/", json.dumps(request), {**HEADERS, "X-Amz-Target": f"DynamoDB_20120810.{operation}"})
    response = connection.getresponse()
    body = json.loads(response.read() or b"{}")
    if response.status != 200:
        raise RuntimeError(f"{operation}: {response.status} {body}")
    return body


def requests(i: int) -> dict[str, tuple[str, dict[str, Any]]]:
    key = {"pk": {"S": f"k{i % 100}"}}
    return {
        "PutItem": ("PutItem", {"TableName": TABLE, "Item": {**key, "v": {"S": "x" * 100}, "n": {"N": "0"}}}),
        "UpdateItem": ("UpdateItem", {
            "TableName": TABLE, "Key": key, "UpdateExpression": "ADD n :one",
            "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":one": {"N": "1"}},
        }),
        "GetItem": ("GetItem", {"TableName": TABLE, "Key": key}),
    }


def measure(mode: str, calls: int) -> dict[str, list[int]]:
    with tempfile.TemporaryDirectory() as directory:
        process, host, port = start(mode, os.path.join(directory, "data"))
        try:
            connection = http.client.HTTPConnection(host, port)
            call(connection, "CreateTable", {
                "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            })
            samples: dict[str, list[int]] = {name: [] for name in requests(0)}
            cpu_before = 0
            for i in range(calls + calls // 10):
                if i == calls // 10:
                    cpu_before = _cpu_ns(process.pid)
                for name, (operation, request) in requests(i).items():
                    began = time.perf_counter_ns()
                    call(connection, operation, request)
                    if i >= calls // 10:  # the first tenth warms up
                        samples[name].append(time.perf_counter_ns() - began)
            connection.close()
            samples["server CPU/call"] = [(_cpu_ns(process.pid) - cpu_before) // (calls * len(requests(0)))]
            return samples
        finally:
            process.terminate()
            process.wait(10)


def _cpu_ns(pid: int) -> int:
    """The server's CPU time (user + system) so far, from /proc: steadier than wall time on a busy machine."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for mode in args.modes.split(","):
        samples = measure(mode, args.calls)
        results[mode] = {
            name: (statistics.median(s) / 1000, statistics.quantiles(s, n=10)[-1] / 1000 if len(s) > 1 else s[0] / 1000)
            for name, s in samples.items()
        }
    if args.json:
        print(json.dumps({mode: {name: m for name, (m, _) in r.items()} for mode, r in results.items()}))
        return 0
    print(f"{'mode':<15}{'operation':<12}{'median us':>10}{'p90 us':>10}")
    for mode, rows in results.items():
        for name, (median, p90) in rows.items():
            print(f"{mode:<15}{name:<12}{median:>10.0f}{p90:>10.0f}")
    if "memory" in results:
        base = results["memory"]
        for mode in results:
            if mode == "memory":
                continue
            extra = [results[mode][w][0] - base[w][0] for w in ("PutItem", "UpdateItem")]
            print(f"{mode}: durability costs {statistics.mean(extra):.0f} us per write (median, over memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
