"""pydynox's cost over raw boto3: Model.sync_save, Model.sync_get and a 10-item sync_query.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_pydynox [--rounds N] [--calls N] [--json PATH]

Both contenders talk to the same fakedynamo (one ``mock_dynamodb()``, in
process) and write the same item, byte for byte:

- ``boto3``: a plain boto3 client, the calls a user would write by hand
  (``put_item(TableName=..., Item=...)``, ``get_item``, ``query`` of one
  partition), with items in DynamoDB's wire form;
- ``pydynox``: a model with the same attributes: ``obj.sync_save()`` (a
  PutItem with ReturnConsumedCapacity, metrics, hooks and tracking),
  ``Model.sync_get(...)`` (GetItem, decoding, a model instance),
  ``list(Model.sync_query(pk))`` (Query, ten model instances).

The ORM's target: at most 25% over boto3 for save and get (median). The
query row is reported for information: pydynox decodes ten items into model
instances there, which boto3 leaves to the caller. A third column,
``boto3+rcc``, makes boto3's save and get with ``ReturnConsumedCapacity=TOTAL``
as pydynox does for its metrics: pydynox over that column is the cost of the
ORM's own Python code. Calls are timed one by one
with ``time.perf_counter_ns``, in shuffled rounds after a warm-up, using the
measuring helpers of `tests.benchmarks.bench_items`.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3

import fakedynamo
from fakedynamo import mock_dynamodb
from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import (
    Attribute,
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    StringAttribute,
)
from tests.benchmarks.bench_items import ITEM, KEY, REGION, TABLE, create_table_request, median_us, percentile

TARGET_RATIO = 1.25  # pydynox at most 25% over boto3 for save and get (median)
QUERY_PARTITION = "query#1"
QUERY_ITEMS = 10

Call = Callable[[], Any]


class BenchItem(Model):
    """The same attributes as bench_items.ITEM."""

    model_config = ModelConfig(table=TABLE)

    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    name = StringAttribute()
    email = StringAttribute()
    age = NumberAttribute()
    score = NumberAttribute()
    active = BooleanAttribute()
    tags = Attribute()  # a Python set, stored as a real string set like ITEM's
    address = MapAttribute()
    logins = ListAttribute()


def native_item() -> BenchItem:
    return BenchItem(
        pk=KEY["pk"]["S"],
        sk=KEY["sk"]["S"],
        name="Ada Lovelace",
        email="ada@example.com",
        age=36,
        score=1234.5,
        active=True,
        tags={"math", "poetry"},
        address={"city": "London", "zip": "W1"},
        logins=[1, 2, 3],
    )


def contenders(raw: Any, client: DynamoDBClient) -> dict[str, dict[str, Call]]:
    BenchItem.model_config.client = client
    BenchItem._client_instance = None
    instance = native_item()
    key = {"pk": KEY["pk"]["S"], "sk": KEY["sk"]["S"]}
    query_values = {":pk": {"S": QUERY_PARTITION}}

    return {
        "boto3": {
            "save": lambda: raw.put_item(TableName=TABLE, Item=ITEM),
            "get": lambda: raw.get_item(TableName=TABLE, Key=KEY),
            "query": lambda: raw.query(
                TableName=TABLE, KeyConditionExpression="pk = :pk", ExpressionAttributeValues=query_values
            )["Items"],
        },
        "boto3+rcc": {
            "save": lambda: raw.put_item(TableName=TABLE, Item=ITEM, ReturnConsumedCapacity="TOTAL"),
            "get": lambda: raw.get_item(TableName=TABLE, Key=KEY, ReturnConsumedCapacity="TOTAL"),
        },
        "pydynox": {
            "save": instance.sync_save,
            "get": lambda: BenchItem.sync_get(**key),
            "query": lambda: list(BenchItem.sync_query(QUERY_PARTITION)),
        },
    }


def setup(raw: Any) -> None:
    raw.create_table(**create_table_request())
    for number in range(QUERY_ITEMS):
        raw.put_item(TableName=TABLE, Item={**ITEM, "pk": {"S": QUERY_PARTITION}, "sk": {"S": f"item#{number:02d}"}})


def _sets_sorted(item: dict[str, Any]) -> dict[str, Any]:
    """A wire item with its string sets in sorted order (a Python set's order varies between runs)."""
    return {name: {"SS": sorted(value["SS"])} if "SS" in value else value for name, value in item.items()}


def check(raw: Any, calls: dict[str, dict[str, Call]]) -> None:
    """Both contenders store and read the same thing, or the comparison means nothing."""
    raw.delete_item(TableName=TABLE, Key=KEY)
    calls["pydynox"]["save"]()
    stored = raw.get_item(TableName=TABLE, Key=KEY)["Item"]
    assert _sets_sorted(stored) == _sets_sorted(ITEM), "pydynox stored a different item"
    loaded = calls["pydynox"]["get"]()
    assert loaded.to_dict() == native_item().to_dict()
    assert len(calls["pydynox"]["query"]()) == len(calls["boto3"]["query"]()) == QUERY_ITEMS


def run(rounds: int, calls_per_round: int) -> dict[str, Any]:
    samples: dict[tuple[str, str], list[int]] = {}
    with mock_dynamodb():
        raw = boto3.client("dynamodb", region_name=REGION)
        client = DynamoDBClient(region=REGION)
        setup(raw)
        calls = contenders(raw, client)
        query_available = True
        try:
            check(raw, calls)
        except raw.exceptions.ClientError as error:  # pragma: no cover - only before Query existed
            if error.response["Error"]["Code"] != "UnknownOperationException":
                raise
            query_available = False
        operations = ["save", "get"] + (["query"] if query_available else [])
        batch = [(name, operation) for name in calls for operation in operations if operation in calls[name]]
        order = random.Random(20120810)
        clock = time.perf_counter_ns
        gc.collect()
        gc.freeze()
        for round_number in range(rounds + 1):
            order.shuffle(batch)
            for name, operation in batch:
                call = calls[name][operation]
                kept = samples.setdefault((name, operation), [])
                gc.collect()
                for _ in range(calls_per_round if round_number else max(50, calls_per_round // 2)):
                    start = clock()
                    call()
                    elapsed = clock() - start
                    if round_number:  # round 0 warms up
                        kept.append(elapsed)
        gc.unfreeze()
    results: dict[str, Any] = {
        "rounds": rounds,
        "calls_per_round": calls_per_round,
        "operations": {},
        "query_available": query_available,
    }
    for operation in operations:
        rows = {
            name: {
                "median_us": median_us(samples[(name, operation)]),
                "p90_us": percentile(samples[(name, operation)], 0.9),
            }
            for name in ("boto3", "boto3+rcc", "pydynox")
            if (name, operation) in samples
        }
        rows["ratio"] = rows["pydynox"]["median_us"] / rows["boto3"]["median_us"]
        if "boto3+rcc" in rows:
            rows["ratio_rcc"] = rows["pydynox"]["median_us"] / rows["boto3+rcc"]["median_us"]
        results["operations"][operation] = rows
    return results


def report(results: dict[str, Any]) -> bool:
    import platform

    import botocore

    print(
        f"fakedynamo {fakedynamo.__version__}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
        f"Python {platform.python_version()}"
    )
    print(
        f"{results['rounds']} rounds x {results['calls_per_round']} calls per contender and operation, "
        "each call timed alone, after a warm-up round\n"
    )
    print(f"{'median µs':<18}{'boto3':>9}{'boto3+rcc':>11}{'pydynox':>9}{'ratio':>7}   target (pydynox / boto3)")
    met = True
    for operation, rows in results["operations"].items():
        ratio = rows["ratio"]
        if operation == "query":
            verdict = f"(info: pydynox builds {QUERY_ITEMS} model instances)"
        else:
            ok = ratio <= TARGET_RATIO
            met = met and ok
            verdict = f"<= {TARGET_RATIO}: {'met' if ok else 'MISSED'}; pydynox / boto3+rcc = {rows['ratio_rcc']:.2f}"
        label = {"save": "Model.sync_save", "get": "Model.sync_get", "query": f"sync_query ({QUERY_ITEMS})"}[operation]
        rcc = f"{rows['boto3+rcc']['median_us']:>11.1f}" if "boto3+rcc" in rows else f"{'-':>11}"
        boto3_us, pydynox_us = rows["boto3"]["median_us"], rows["pydynox"]["median_us"]
        print(f"{label:<18}{boto3_us:>9.1f}{rcc}{pydynox_us:>9.1f}{ratio:>7.2f}   {verdict}")
    if not results["query_available"]:
        print("sync_query: skipped, fakedynamo does not implement Query yet")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bench_pydynox", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds (default 10)")
    parser.add_argument("--calls", type=int, default=200, help="calls per round, contender and operation (default 200)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    results = run(args.rounds, args.calls)
    met = report(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
