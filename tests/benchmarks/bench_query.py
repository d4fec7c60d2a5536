"""Query, GetItem and Scan on tables of 1,000 to 100,000 items: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_query [--rounds N] [--calls N] [--no-moto] [--moto-max N] [--json PATH]

The calls measured, each on a table of 1,000, 10,000 and 100,000 items
(partition key ``pk``, string sort key ``sk``, ten items per partition):

- ``query``: a Query of one partition returning its 10 items;
- ``get_item``: a GetItem of one item;
- ``scan_filter`` (1,000 items only): a Scan of the whole table with a
  FilterExpression keeping one item in ten.

The contenders, the timing and the report's figures are bench_items'
(imported from it, not copied): fakedynamo inside ``mock_dynamodb()``;
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
import gc
import json
import random
import sys
import time
from typing import Any

import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

import fakedynamo
from fakedynamo import attach, mock_dynamodb
from fakedynamo.keys import key_of_item
from fakedynamo.values import check_item
from fakedynamo.wire import botocore as hook
from tests.benchmarks.bench_items import (
    CREDENTIALS,
    REGION,
    Call,
    Contender,
    median_us,
    percentile,
    strip_other_mocks,
)

SIZES = (1_000, 10_000, 100_000)
PER_PARTITION = 10
QUERY_TARGET = 1.5  # fakedynamo's 10-item Query at most 1.5x botocore's unsigned floor
SCALING_TARGET = 1.2  # the 100k-item table at most 1.2x the 1k-item one


def table_name(size: int) -> str:
    return f"bench-{size // 1000}k"


def label(size: int) -> str:
    return f"{size // 1000}k"


def create_table_request(size: int) -> dict[str, Any]:
    return {
        "TableName": table_name(size),
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


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


def operations(client: Any, sizes: tuple[int, ...], scan: bool = True) -> dict[str, Call]:
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
    if scan:
        first = table_name(SIZES[0])

        def scan_filter() -> Any:
            return client.scan(
                TableName=first, FilterExpression="score < :s", ExpressionAttributeValues={":s": {"N": "10"}}
            )

        calls["scan_filter_1k"] = scan_filter
    return calls


class QueryContender(Contender):
    """bench_items' Contender, timing the calls given instead of put_item and get_item."""

    def __init__(self, name: str, client: Any, calls: dict[str, Call], enter: Call | None = None, leave: Call | None = None) -> None:
        super().__init__(name, client, enter, leave)
        self.calls = calls
        self.samples = {operation: [] for operation in calls}


def fill_fake(db: Any, size: int) -> None:
    """Fill a fakedynamo table through its storage: checked and sized as PutItem would."""
    table = db.table(table_name(size))
    for n in range(size):
        item = make_item(n)
        table.put(key_of_item(table, item), item, check_item(item))


def fill_moto(client: Any, size: int) -> None:
    for start in range(0, size, 25):
        requests = [{"PutRequest": {"Item": make_item(n)}} for n in range(start, min(size, start + 25))]
        client.batch_write_item(RequestItems={table_name(size): requests})


def capture_responses(client: Any, db: Any, calls: dict[str, Call]) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """The status, headers and body fakedynamo answers each call with."""
    captured: list[tuple[int, dict[str, str], bytes]] = []

    def keep(response_dict: Any, **_: Any) -> None:
        captured.append((response_dict["status_code"], dict(response_dict["headers"].items()), response_dict["body"]))

    client.meta.events.register("before-parse.dynamodb", keep, unique_id="bench-query-capture")
    responses = {}
    with db:
        for name, call in calls.items():
            call()
            responses[name] = captured[-1]
    client.meta.events.unregister("before-parse.dynamodb", unique_id="bench-query-capture")
    return responses


def canned_client(session: Any, config: Config, responses: dict[str, tuple[int, dict[str, str], bytes]]) -> Any:
    """A client answered by its own before-send hook with fakedynamo's bytes: botocore's floor."""
    client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    pending: list[tuple[int, dict[str, str], bytes]] = []

    def canned(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = pending[0]
        return AWSResponse(request.url, status, headers, hook._Body(body))

    client.meta.events.register("before-send.dynamodb", canned)
    calls = operations(client, SIZES)

    def answered(name: str) -> Call:
        call = calls[name]
        response = responses[name]

        def run() -> Any:
            pending[:] = [response]
            return call()

        return run

    return client, {name: answered(name) for name in calls}


def build_contenders(use_moto: bool, moto_max: int) -> tuple[list[QueryContender], dict[str, float]]:
    mock_aws = None
    if use_moto:
        try:
            from moto import mock_aws
        except ImportError:
            print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)

    session = boto3.session.Session()
    config = Config()
    contenders: list[QueryContender] = []
    fill_seconds: dict[str, float] = {}

    db = mock_dynamodb()
    fake_client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    attach(fake_client)
    with db:
        for size in SIZES:
            fake_client.create_table(**create_table_request(size))
            started = time.perf_counter()
            fill_fake(db, size)
            fill_seconds[f"fakedynamo {label(size)}"] = time.perf_counter() - started
    fake_calls = operations(fake_client, SIZES)
    responses = capture_responses(fake_client, db, fake_calls)
    contenders.append(QueryContender("fakedynamo", fake_client, fake_calls, db.start, db.stop))

    for name, floor_config in (("floor, unsigned", Config(signature_version=UNSIGNED)), ("floor, signed", config)):
        client, calls = canned_client(session, floor_config, responses)
        contenders.append(QueryContender(name, client, calls))

    if mock_aws is not None:
        moto = mock_aws()
        moto.start()
        moto_client = hook.detach(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
        moto_sizes = tuple(size for size in SIZES if size <= moto_max)
        for size in moto_sizes:
            moto_client.create_table(**create_table_request(size))
            started = time.perf_counter()
            fill_moto(moto_client, size)
            fill_seconds[f"moto {label(size)}"] = time.perf_counter() - started
        moto.stop(remove_data=False)
        contenders.append(
            QueryContender(
                "moto",
                moto_client,
                operations(moto_client, moto_sizes, scan=SIZES[0] in moto_sizes),
                lambda: moto.start(reset=False),
                lambda: moto.stop(remove_data=False),
            )
        )

    # Every contender answers alike, or the comparison means nothing.
    for contender in contenders:
        contender.enter()
        try:
            for name, call in contender.calls.items():
                got = call()
                if name.startswith("query"):
                    assert got["Count"] == PER_PARTITION, (contender.name, name, got["Count"])
                elif name.startswith("get_item"):
                    assert got["Item"]["sk"] == {"S": "event#005"}, (contender.name, name, got)
                else:
                    assert got["Count"] == SIZES[0] // 10 and got["ScannedCount"] == SIZES[0], (contender.name, got)
        finally:
            contender.leave()
    return contenders, fill_seconds


def run(rounds: int, calls: int, use_moto: bool, moto_max: int) -> dict[str, Any]:
    contenders, fill_seconds = build_contenders(use_moto, moto_max)
    order = random.Random(20120810)
    gc.collect()
    gc.freeze()  # the long-lived tables need no more scanning
    for round_number in range(rounds + 1):
        record = round_number > 0  # round 0 warms up
        batch = [(contender, operation) for contender in contenders for operation in contender.calls]
        order.shuffle(batch)
        for contender, operation in batch:
            gc.collect()
            count = calls if not operation.startswith("scan") else max(10, calls // 10)
            contender.run(operation, count if record else max(10, count // 2), record)

    operations_seen = list(contenders[0].calls)
    results: dict[str, Any] = {"rounds": rounds, "calls_per_round": calls, "fill_seconds": fill_seconds, "operations": {}}
    for operation in operations_seen:
        results["operations"][operation] = {
            contender.name: {
                "median_us": median_us(contender.samples[operation]),
                "p90_us": percentile(contender.samples[operation], 0.9),
                "samples": len(contender.samples[operation]),
            }
            for contender in contenders
            if contender.samples.get(operation)
        }
    return results


def report(results: dict[str, Any]) -> bool:
    """Print the results; return whether fakedynamo met its targets."""
    import platform

    import botocore

    print(f"fakedynamo {fakedynamo.__version__}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
          f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    print(f"{results['rounds']} rounds x {results['calls_per_round']} calls (Scan: a tenth) per contender and "
          "operation, each call timed alone, after a warm-up round")
    fills = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in results["fill_seconds"].items())
    print(f"table fills: {fills}\n")
    met = True
    operations = results["operations"]
    for operation, rows in operations.items():
        print(f"{operation:<16} {'median µs':>10} {'p90 µs':>10}")
        for name, row in rows.items():
            print(f"  {name:<18}{row['median_us']:>9.1f} {row['p90_us']:>10.1f}")
        fake = rows["fakedynamo"]["median_us"]
        unsigned = rows["floor, unsigned"]["median_us"]
        ratio = fake / unsigned
        line = f"  fakedynamo / floor, unsigned = {ratio:.2f}"
        if operation.startswith("query"):
            ok = ratio <= QUERY_TARGET
            met = met and ok
            line += f"  (target <= {QUERY_TARGET}: {'met' if ok else 'MISSED'})"
        print(line + f"; fakedynamo's own cost ~{fake - unsigned:.1f} µs/call")
        print(f"  fakedynamo / floor, signed   = {fake / rows['floor, signed']['median_us']:.2f}")
        if "moto" in rows:
            print(f"  moto / fakedynamo            = {rows['moto']['median_us'] / fake:.1f}")
        print()
    small, large = label(SIZES[0]), label(SIZES[-1])
    for kind in ("query", "get_item"):
        first = operations[f"{kind}_{small}"]["fakedynamo"]["median_us"]
        last = operations[f"{kind}_{large}"]["fakedynamo"]["median_us"]
        scaling = last / first
        ok = scaling <= SCALING_TARGET
        met = met and ok
        print(f"{kind}: {large} table / {small} table = {scaling:.2f}  (target <= {SCALING_TARGET}: {'met' if ok else 'MISSED'})")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_query", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds per contender and operation (default 10)")
    parser.add_argument("--calls", type=int, default=200, help="calls per round (default 200; Scan a tenth)")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out even if it is installed")
    parser.add_argument("--moto-max", type=int, default=10_000, help="largest table moto fills (default 10000)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    results = run(args.rounds, args.calls, not args.no_moto, args.moto_max)
    met = report(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
