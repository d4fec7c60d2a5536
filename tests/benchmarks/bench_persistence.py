"""What durability (``--data-dir``) costs per write, measured on the engine itself, without HTTP.

    python -m tests.benchmarks.bench_persistence [--writes 5000]

Runs the same PutItem and conditional UpdateItem requests through
`Engine.execute` in memory, with `fakedynamo.persistence` attached
(``synchronous=NORMAL``: survives ``kill -9``) and with ``fsync=True``
(survives a power cut), and prints the median wall time and the CPU time per
write of each, and the difference to memory: the cost per write of each
durability level. The HTTP view of the same (``bench_server``) adds the
server's ~0.5 ms per request to every mode alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from typing import Any

from fakedynamo.engine import Engine
from fakedynamo.persistence import attach

TABLE = {
    "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
}


def writes(count: int) -> list[tuple[str, dict[str, Any]]]:
    calls = []
    for i in range(count):
        key = {"pk": {"S": f"k{i % 100}"}}
        if i < 100 or i % 2:
            calls.append(("PutItem", {"TableName": "bench", "Item": {**key, "n": {"N": "0"}, "v": {"S": "x" * 100}}}))
        else:
            calls.append(("UpdateItem", {
                "TableName": "bench", "Key": key, "UpdateExpression": "ADD n :one",
                "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":one": {"N": "1"}},
            }))
    return calls


def measure(mode: str, count: int) -> tuple[float, float]:
    """Median wall microseconds and mean CPU microseconds per write."""
    with tempfile.TemporaryDirectory() as directory:
        engine = Engine()
        persistence = None if mode == "memory" else attach(engine, directory, fsync=mode == "durable-fsync")
        try:
            engine.execute("CreateTable", TABLE)
            calls = writes(count)
            for operation, request in calls[: count // 10]:  # warm-up
                engine.execute(operation, request)
            samples = []
            cpu = time.process_time()
            for operation, request in calls:
                began = time.perf_counter_ns()
                engine.execute(operation, request)
                samples.append(time.perf_counter_ns() - began)
            cpu = time.process_time() - cpu
            return statistics.median(samples) / 1000, cpu / len(calls) * 1e6
        finally:
            if persistence is not None:
                persistence.close(checkpoint=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=5000)
    args = parser.parse_args(argv)
    results = {mode: measure(mode, args.writes) for mode in ("memory", "durable", "durable-fsync")}
    print(f"{'mode':<15}{'median us':>10}{'CPU us':>10}{'cost/write us':>24}")
    base_wall, base_cpu = results["memory"]
    for mode, (wall, cpu) in results.items():
        cost = "" if mode == "memory" else f"{wall - base_wall:+.0f} (CPU {cpu - base_cpu:+.0f})"
        print(f"{mode:<15}{wall:>10.0f}{cpu:>10.0f}{cost:>24}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
