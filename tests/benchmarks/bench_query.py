"""Query, GetItem and Scan on tables of 1,000 to 100,000 items: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_query [--rounds N] [--calls N] [--no-moto] [--moto-max N] [--json PATH]

The calls measured, each on a table of 1,000, 10,000 and 100,000 items
(partition key ``pk``, string sort key ``sk``, ten items per partition):

- ``query``: a Query of one partition returning its 10 items;
- ``get_item``: a GetItem of one item;
- ``scan_filter`` (1,000 items only): a Scan of the whole table with a
  FilterExpression keeping one item in ten.

The contenders, the timing and the report's figures are
`tests.benchmarks.harness`'s: fakedynamo inside ``mock_dynamodb()``;
botocore's floor, unsigned and signed, answered by a before-send hook with
the very bytes fakedynamo answered; and moto when it is installed, on the
table sizes up to ``--moto-max`` (moto fills a table one request at a time).
fakedynamo's tables are filled through its storage directly (the items are
checked and sized exactly as PutItem would); the requests measured go the
whole way through botocore.

Targets: a 10-item Query at most 1.5x botocore's unsigned floor, and the
100,000-item table no more than 1.2x the 1,000-item one for Query and GetItem.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from fakedynamo.keys import key_of_item
from fakedynamo.values import check_item
from tests.benchmarks import harness
from tests.benchmarks.harness import Call, create_table_request

SIZES = (1_000, 10_000, 100_000)
PER_PARTITION = 10
QUERY_TARGET = 1.5  # fakedynamo's 10-item Query at most 1.5x botocore's unsigned floor
SCALING_TARGET = 1.2  # the 100k-item table at most 1.2x the 1k-item one


def table_name(size: int) -> str:
    return f"bench-{size // 1000}k"


def label(size: int) -> str:
    return f"{size // 1000}k"


def make_item(n: int) -> dict[str, Any]:
    return {
        "pk": {"S": f"user#{n // PER_PARTITION:05d}"},
        "sk": {"S": f"event#{n % PER_PARTITION:03d}"},
        "name": {"S": f"name {n}"},
        "score": {"N": str(n % 100)},
        "active": {"BOOL": n % 2 == 0},
        "tags": {"SS": ["a", "b"]},
    }


def probe_partition(size: int) -> str:
    """A partition in the middle of the table."""
    return f"user#{size // PER_PARTITION // 2:05d}"


def operations(client: Any, sizes: tuple[int, ...]) -> dict[str, Call]:
    calls: dict[str, Call] = {}
    for size in sizes:
        name, partition = table_name(size), probe_partition(size)

        def query(name: str = name, partition: str = partition) -> Any:
            return client.query(
                TableName=name,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": partition}},
            )

        def get_item(name: str = name, partition: str = partition) -> Any:
            return client.get_item(TableName=name, Key={"pk": {"S": partition}, "sk": {"S": "event#005"}})

        calls[f"query_{label(size)}"] = query
        calls[f"get_item_{label(size)}"] = get_item
    if SIZES[0] in sizes:
        first = table_name(SIZES[0])

        def scan_filter() -> Any:
            return client.scan(
                TableName=first, FilterExpression="score < :s", ExpressionAttributeValues={":s": {"N": "10"}}
            )

        calls["scan_filter_1k"] = scan_filter
    return calls


class TableSizes(harness.Benchmark):
    default_calls = 200
    warmup_minimum = 10
    fewer_calls_note = "Scan: a tenth"
    measure_enter_leave = False

    def __init__(self) -> None:
        self.fill_seconds: dict[str, float] = {}

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--moto-max", type=int, default=10_000, help="largest table moto fills (default 10000)")

    def calls(self, client: Any) -> dict[str, Call]:
        return operations(client, SIZES)

    def moto_calls(self, client: Any) -> dict[str, Call]:
        return operations(client, self.moto_sizes())

    def moto_sizes(self) -> tuple[int, ...]:
        return tuple(size for size in SIZES if size <= self.args.moto_max)

    def set_up_fake(self, client: Any, db: Any) -> None:
        for size in SIZES:
            client.create_table(**create_table_request(table_name(size)))
            started = time.perf_counter()
            # Through the storage, checked and sized as PutItem would: a request per item would take minutes.
            table = db.table(table_name(size))
            for n in range(size):
                item = make_item(n)
                table.put(key_of_item(table, item), item, check_item(item))
            self.fill_seconds[f"fakedynamo {label(size)}"] = time.perf_counter() - started

    def set_up_moto(self, client: Any) -> None:
        for size in self.moto_sizes():
            client.create_table(**create_table_request(table_name(size)))
            started = time.perf_counter()
            for start in range(0, size, 25):
                requests = [{"PutRequest": {"Item": make_item(n)}} for n in range(start, min(size, start + 25))]
                client.batch_write_item(RequestItems={table_name(size): requests})
            self.fill_seconds[f"moto {label(size)}"] = time.perf_counter() - started

    def check(self, operation: str, response: Any) -> None:
        if operation.startswith("query"):
            assert response["Count"] == PER_PARTITION, response["Count"]
        elif operation.startswith("get_item"):
            assert response["Item"]["sk"] == {"S": "event#005"}, response
        else:
            assert response["Count"] == SIZES[0] // 10 and response["ScannedCount"] == SIZES[0], response

    def calls_per_round(self, operation: str, calls: int) -> int:
        return calls if not operation.startswith("scan") else max(10, calls // 10)

    def target_for(self, operation: str) -> float | None:
        return QUERY_TARGET if operation.startswith("query") else None

    def extra_results(self) -> dict[str, Any]:
        return {"fill_seconds": self.fill_seconds}

    def report_preamble(self, results: dict[str, Any]) -> list[str]:
        fills = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in results["fill_seconds"].items())
        return [f"table fills: {fills}"]

    def report_verdicts(self, results: dict[str, Any]) -> bool:
        met = True
        small, large = label(SIZES[0]), label(SIZES[-1])
        for kind in ("query", "get_item"):
            first = results["operations"][f"{kind}_{small}"]["fakedynamo"]["median_us"]
            last = results["operations"][f"{kind}_{large}"]["fakedynamo"]["median_us"]
            scaling = last / first
            met = met and scaling <= SCALING_TARGET
            print(f"{kind}: {large} table / {small} table = {scaling:.2f}  ({harness.verdict(scaling, SCALING_TARGET)})")
        return met


if __name__ == "__main__":
    sys.exit(harness.main(TableSizes(), "tests.benchmarks.bench_query", __doc__))
