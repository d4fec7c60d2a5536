"""Forking a seeded database: the cost must not grow with the data (copy on write).

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_fork [--items N] [--forks N]

Seeds one table (sort key, one GSI) with N items (100,000 by default) and an
identical empty one in another mock, then times `db.fork()` of each, many
times, and reports the medians and their ratio (target: within 2x). It also
reports what a fork defers: the first write to a table in a fork copies that
table's maps (never the items), once per table per fork.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from fakedynamo import mock_dynamodb

TARGET_RATIO = 2.0
TABLE = {
    "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "kind")],
    "GlobalSecondaryIndexes": [{"IndexName": "by_kind", "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
}


def seeded(items: int) -> Any:
    db = mock_dynamodb(id_seed=1)
    engine = db.engine
    engine.execute("CreateTable", TABLE)
    for start in range(0, items, 25):
        writes = [{"PutRequest": {"Item": {"pk": {"S": f"p{n // 10}"}, "sk": {"S": f"s{n % 10}"}, "kind": {"S": f"k{n % 7}"},
                                           "body": {"S": "x" * 40}}}} for n in range(start, min(items, start + 25))]
        engine.execute("BatchWriteItem", {"RequestItems": {"bench": writes}})
    assert db.item_count("bench") == items
    return db


def time_forks(db: Any, forks: int) -> list[float]:
    samples = []
    for _ in range(forks):
        started = time.perf_counter()
        db.fork()
        samples.append((time.perf_counter() - started) * 1e6)
    return samples


def first_write_us(db: Any) -> float:
    fork = db.fork()
    started = time.perf_counter()
    fork.engine.execute("PutItem", {"TableName": "bench", "Item": {"pk": {"S": "new"}, "sk": {"S": "1"}}})
    return (time.perf_counter() - started) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--forks", type=int, default=300)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    full = seeded(args.items)
    print(f"seeded {args.items} items in {time.perf_counter() - started:.1f} s")
    empty = seeded(0)
    time_forks(full, 20), time_forks(empty, 20)  # warm up
    # Interleaved rounds, so a busy machine slows both alike.
    full_samples: list[float] = []
    empty_samples: list[float] = []
    for _ in range(5):
        full_samples += time_forks(full, args.forks // 5)
        empty_samples += time_forks(empty, args.forks // 5)
    full_median, empty_median = statistics.median(full_samples), statistics.median(empty_samples)
    ratio = full_median / empty_median
    print(f"fork, {args.items} items: median {full_median:.1f} µs")
    print(f"fork, empty table:   median {empty_median:.1f} µs")
    print(f"ratio {ratio:.2f} (target <= {TARGET_RATIO}: {'met' if ratio <= TARGET_RATIO else 'MISSED'})")
    print(f"first write to the table in a fork (copies its maps, not its items): {first_write_us(full) / 1000:.1f} ms "
          f"({args.items} items), {first_write_us(empty):.1f} µs (empty)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
