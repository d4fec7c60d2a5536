"""What a stream costs a write: PutItem with a NEW_AND_OLD_IMAGES stream against the same table without one.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_streams [--rounds N] [--calls N]

Two tables in one ``mock_dynamodb()``, alike but for the stream. Each call
writes a new value of a counter attribute, so every write changes the item
and, on the streamed table, appends a change to its history. The two tables
take turns by round, in a shuffled order, each call timed alone; the report
gives the medians and the ratio streamed / plain, through a boto3 client
(what a test pays) and straight into `Engine.execute` (the engine alone,
where the stream's share is largest). Target: at most 1.10 through boto3.
"""

from __future__ import annotations

import argparse
import copy
import gc
import random
import sys
import time
from typing import Any, Callable

import boto3

from fakedynamo import mock_dynamodb
from tests.benchmarks.bench_items import ITEM
from tests.benchmarks.harness import CREDENTIALS, REGION, SEED, create_table_request, median_us

TARGET_RATIO = 1.10
TABLES = {"plain": None, "streamed": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}}


def writer(put: Callable[[str, dict], Any], table: str) -> Callable[[], Any]:
    counter = iter(range(10**9))

    def write() -> Any:
        return put(table, {**ITEM, "n": {"N": str(next(counter))}})

    return write


def measure(calls: dict[str, Callable[[], Any]], rounds: int, per_round: int) -> dict[str, list[int]]:
    samples: dict[str, list[int]] = {name: [] for name in calls}
    shuffle = random.Random(SEED)
    for name in calls:  # warm-up
        for _ in range(per_round // 4):
            calls[name]()
    for _ in range(rounds):
        order = list(calls)
        shuffle.shuffle(order)
        for name in order:
            call, out = calls[name], samples[name]
            gc.disable()
            try:
                for _ in range(per_round):
                    start = time.perf_counter_ns()
                    call()
                    out.append(time.perf_counter_ns() - start)
            finally:
                gc.enable()
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args(argv)
    ok = True
    with mock_dynamodb() as db:
        client = boto3.client("dynamodb", region_name=REGION, **CREDENTIALS)
        for table, stream in TABLES.items():
            request = create_table_request(table)
            if stream:
                request["StreamSpecification"] = stream
            client.create_table(**request)

        def boto3_put(table: str, item: dict) -> Any:
            return client.put_item(TableName=table, Item=item)

        def engine_put(table: str, item: dict) -> Any:
            # The engine keeps the request's dicts: give it a fresh one, as the wire does.
            return db.engine.execute("PutItem", {"TableName": table, "Item": copy.deepcopy(item)}, REGION)

        for label, put in (("boto3 client", boto3_put), ("Engine.execute", engine_put)):
            samples = measure({table: writer(put, table) for table in TABLES}, args.rounds, args.calls)
            plain, streamed = median_us(samples["plain"]), median_us(samples["streamed"])
            ratio = streamed / plain
            print(f"put_item via {label:15} plain {plain:8.1f} µs   streamed {streamed:8.1f} µs   ratio {ratio:.3f}")
            if label == "boto3 client":
                met = ratio <= TARGET_RATIO
                ok = ok and met
                print(f"  streamed / plain = {ratio:.3f}  (target <= {TARGET_RATIO}: {'met' if met else 'MISSED'})")
        changes = len(db.table("streamed").history.changes)
        print(f"changes recorded on the streamed table: {changes}; on the plain one: {db.table('plain').history}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
