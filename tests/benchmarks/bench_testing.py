"""What one typical pydynox test costs on the memory backend, beside the same test on moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_testing [--rounds N] [--tests N] [--no-moto] [--json PATH]

A "typical test" is what a ``pydynox_memory_backend`` test does from its
fixture's setup to its teardown: enter a fresh in-memory DynamoDB, save an
order, get it back, query its customer's orders (three items), leave. Every
contender does that same work, in the same order, and checks the answers:

- ``MemoryBackend, sync``: ``with MemoryBackend():`` (what the fixture does),
  then ``sync_save``, ``sync_get``, ``sync_query``. The table is created from
  the model on first use;
- ``MemoryBackend, async``: the same with ``await save()`` / ``get()`` and
  ``async for`` over ``query()``, in one ``asyncio.run`` per test, as
  pytest-asyncio gives each test its own event loop;
- ``moto, pydynox``: ``with mock_aws():`` then ``Order.sync_create_table()``
  (moto creates no table by itself) and the same sync calls, through a
  pydynox client (one client, reused from test to test, as a test suite would);
- ``moto, pydynox async``: the same with the async calls in one ``asyncio.run``;
- ``moto, boto3``: ``with mock_aws():`` then ``create_table``, ``put_item``,
  ``get_item``, ``query`` through one boto3 client;
- ``fakedynamo, boto3``: the boto3 test inside ``mock_dynamodb()``, for reference.

Whole tests are timed one by one with ``time.perf_counter_ns``, the
contenders taking turns in shuffled rounds after a warm-up round. The report
gives the median and 90th percentile per test, the ratio of each moto
contender's median to the memory backend's (sync to sync, async to async;
target: at least 10x), and the
fixture overhead: entering and leaving a ``MemoryBackend`` that touches no
table, directly and through the fixture's own generator function (target:
under 1 ms median), beside moto's ``mock_aws()`` and fakedynamo's
``mock_dynamodb()`` doing the same.

Uses the measuring helpers of `tests.benchmarks.harness` (or of
`tests.benchmarks.bench_items` in trees without it).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3
import botocore

from fakedynamo import mock_dynamodb
from fakedynamo.wire import botocore as hook
from pydynox import DynamoDBClient, Model, ModelConfig, clear_default_client, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.testing import MemoryBackend

try:
    from tests.benchmarks.harness import median_us, percentile
except ImportError:  # pragma: no cover - trees without the shared harness
    from tests.benchmarks.bench_items import median_us, percentile

REGION = "us-east-1"
TABLE = "bench-orders"
MOTO_TARGET = 10.0  # the memory backend's typical test at least this many times faster than moto's (median)
OVERHEAD_TARGET_US = 1000.0  # entering and leaving the backend, median
SEED = 20120810

Test = Callable[[], None]


class Order(Model):
    model_config = ModelConfig(table=TABLE)

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    status = StringAttribute()
    total = NumberAttribute()


# The two items already in the partition the test queries (written by "earlier steps" of the test).
OTHERS = [("USER#1", "ORDER#001", "shipped", 10), ("USER#1", "ORDER#002", "pending", 20)]


def table_request() -> dict[str, Any]:
    return {
        "TableName": TABLE,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


# -- the typical test, four ways ------------------------------------------------------------


def pydynox_body() -> None:
    for pk, sk, status, total in OTHERS:
        Order(pk=pk, sk=sk, status=status, total=total).sync_save()
    Order(pk="USER#1", sk="ORDER#003", status="pending", total=30).sync_save()
    found = Order.sync_get(pk="USER#1", sk="ORDER#003")
    assert found is not None and found.total == 30
    orders = list(Order.sync_query(partition_key="USER#1"))
    assert [order.sk for order in orders] == ["ORDER#001", "ORDER#002", "ORDER#003"]


async def pydynox_body_async() -> None:
    for pk, sk, status, total in OTHERS:
        await Order(pk=pk, sk=sk, status=status, total=total).save()
    await Order(pk="USER#1", sk="ORDER#003", status="pending", total=30).save()
    found = await Order.get(pk="USER#1", sk="ORDER#003")
    assert found is not None and found.total == 30
    orders = [order async for order in Order.query(partition_key="USER#1")]
    assert [order.sk for order in orders] == ["ORDER#001", "ORDER#002", "ORDER#003"]


def boto3_body(client: Any) -> None:
    client.create_table(**table_request())
    for pk, sk, status, total in OTHERS:
        client.put_item(
            TableName=TABLE,
            Item={"pk": {"S": pk}, "sk": {"S": sk}, "status": {"S": status}, "total": {"N": str(total)}},
        )
    client.put_item(
        TableName=TABLE,
        Item={"pk": {"S": "USER#1"}, "sk": {"S": "ORDER#003"}, "status": {"S": "pending"}, "total": {"N": "30"}},
    )
    found = client.get_item(TableName=TABLE, Key={"pk": {"S": "USER#1"}, "sk": {"S": "ORDER#003"}})["Item"]
    assert found["total"] == {"N": "30"}
    orders = client.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "USER#1"}},
    )["Items"]
    assert [order["sk"]["S"] for order in orders] == ["ORDER#001", "ORDER#002", "ORDER#003"]


def memory_sync() -> None:
    with MemoryBackend():
        pydynox_body()


def memory_async() -> None:
    with MemoryBackend():
        asyncio.run(pydynox_body_async())


def contenders(use_moto: bool) -> dict[str, Test]:
    tests: dict[str, Test] = {"MemoryBackend, sync": memory_sync, "MemoryBackend, async": memory_async}

    fake_client = boto3.client("dynamodb", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")

    def fakedynamo_boto3() -> None:
        with mock_dynamodb():
            boto3_body(fake_client)

    tests["fakedynamo, boto3"] = fakedynamo_boto3

    mock_aws = _mock_aws() if use_moto else None
    if mock_aws is not None:
        os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
        with mock_aws():
            # Made inside a moto mock, as a moto test would make them; reused by every test after.
            moto_client = hook.detach(boto3.client("dynamodb", region_name=REGION))
            moto_pydynox = DynamoDBClient(region=REGION)
            hook.detach(moto_pydynox._connect())

        def moto_boto3() -> None:
            with mock_aws():
                boto3_body(moto_client)

        def moto_with_pydynox() -> None:
            with mock_aws():
                set_default_client(moto_pydynox)
                try:
                    Order.sync_create_table()
                    pydynox_body()
                finally:
                    clear_default_client()
                    Order._client_instance = None

        async def create_then_body() -> None:
            await Order.create_table()
            await pydynox_body_async()

        def moto_with_pydynox_async() -> None:
            with mock_aws():
                set_default_client(moto_pydynox)
                try:
                    asyncio.run(create_then_body())
                finally:
                    clear_default_client()
                    Order._client_instance = None

        tests["moto, pydynox"] = moto_with_pydynox
        tests["moto, pydynox async"] = moto_with_pydynox_async
        tests["moto, boto3"] = moto_boto3
    return tests


def _mock_aws() -> Any:
    try:
        from moto import mock_aws
    except ImportError:
        print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)
        return None
    return mock_aws


# -- timing -------------------------------------------------------------------------------------


def time_tests(tests: dict[str, Test], rounds: int, per_round: int) -> dict[str, list[int]]:
    samples: dict[str, list[int]] = {name: [] for name in tests}
    order = random.Random(SEED)
    clock = time.perf_counter_ns
    for round_number in range(rounds + 1):  # round 0 warms up
        names = list(tests)
        order.shuffle(names)
        for name in names:
            test = tests[name]
            gc.collect()
            for _ in range(per_round):
                start = clock()
                test()
                elapsed = clock() - start
                if round_number:
                    samples[name].append(elapsed)
    return samples


def _fixture_body() -> Callable[[], Any]:
    """The function behind the ``pydynox_memory_backend`` fixture (a generator function)."""
    from pydynox.testing import pytest_plugin

    fixture = pytest_plugin.pydynox_memory_backend
    return getattr(fixture, "__wrapped__", fixture)  # type: ignore[no-any-return]


def overhead(repeat: int, use_moto: bool) -> dict[str, list[int]]:
    """Entering and leaving, touching no table: the fixture's own cost."""
    clock = time.perf_counter_ns
    fixture = _fixture_body()
    out: dict[str, list[int]] = {"MemoryBackend()": [], "fixture generator": [], "mock_dynamodb()": []}
    mock_aws = _mock_aws() if use_moto else None
    if mock_aws is not None:
        out["moto mock_aws()"] = []
    for index in range(repeat + repeat // 10):
        record = index >= repeat // 10  # the first tenth warms up
        start = clock()
        with MemoryBackend():
            pass
        elapsed = clock() - start
        if record:
            out["MemoryBackend()"].append(elapsed)
        start = clock()
        steps = fixture()  # what pytest does with the fixture: set up, then tear down
        next(steps)
        for _ in steps:
            pass
        elapsed = clock() - start
        if record:
            out["fixture generator"].append(elapsed)
        start = clock()
        with mock_dynamodb():
            pass
        elapsed = clock() - start
        if record:
            out["mock_dynamodb()"].append(elapsed)
        if mock_aws is not None and index % 10 == 0:
            start = clock()
            with mock_aws():
                pass
            elapsed = clock() - start
            if record:
                out["moto mock_aws()"].append(elapsed)
    return out


def summarise(samples: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    return {
        name: {"median_us": median_us(values), "p90_us": percentile(values, 0.9), "n": len(values)}
        for name, values in samples.items()
        if values
    }


def report(tests: dict[str, dict[str, float]], costs: dict[str, dict[str, float]]) -> bool:
    print(f"python {platform.python_version()}, botocore {botocore.__version__}, {platform.machine()}")
    print()
    print("one typical test (enter, 3 saves, get, query of 3, leave)")
    print(f"  {'contender':<24}{'median µs':>12}{'p90 µs':>12}{'tests':>8}")
    for name, row in tests.items():
        print(f"  {name:<24}{row['median_us']:>12.0f}{row['p90_us']:>12.0f}{row['n']:>8}")
    met = True
    base = tests["MemoryBackend, sync"]["median_us"]
    print()
    for name in ("moto, pydynox", "moto, boto3"):
        if name in tests:
            ratio = tests[name]["median_us"] / base
            ok = ratio >= MOTO_TARGET
            met &= ok
            print(f"  {name} / MemoryBackend, sync: {ratio:5.1f}x  (target >= {MOTO_TARGET:.0f}x: {'met' if ok else 'MISSED'})")
    if "moto, pydynox async" in tests:
        ratio = tests["moto, pydynox async"]["median_us"] / tests["MemoryBackend, async"]["median_us"]
        ok = ratio >= MOTO_TARGET
        met &= ok
        print(f"  moto, pydynox async / MemoryBackend, async: {ratio:5.1f}x  (target >= {MOTO_TARGET:.0f}x: {'met' if ok else 'MISSED'})")
    print()
    print("fixture overhead: enter and leave, no table touched")
    print(f"  {'':<24}{'median µs':>12}{'p90 µs':>12}{'runs':>8}")
    for name, row in costs.items():
        print(f"  {name:<24}{row['median_us']:>12.1f}{row['p90_us']:>12.1f}{row['n']:>8}")
    own = max(costs["MemoryBackend()"]["median_us"], costs["fixture generator"]["median_us"])
    ok = own < OVERHEAD_TARGET_US
    met &= ok
    print(f"  fixture overhead median {own:.1f} µs (target < {OVERHEAD_TARGET_US:.0f} µs: {'met' if ok else 'MISSED'})")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_testing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument("--tests", type=int, default=20, help="tests per contender and round (default 20)")
    parser.add_argument("--overhead", type=int, default=2000, help="enter/leave pairs timed (default 2000)")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out even if it is installed")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    use_moto = not args.no_moto
    tests = summarise(time_tests(contenders(use_moto), args.rounds, args.tests))
    costs = summarise(overhead(args.overhead, use_moto))
    met = report(tests, costs)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"typical_test": tests, "enter_leave": costs}, out, indent=2)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
