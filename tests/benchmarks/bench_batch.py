"""BatchWriteItem of 25 items and TransactWriteItems of two puts: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_batch [--rounds N] [--calls N] [--no-moto] [--json PATH]

The calls measured::

    client.batch_write_item(RequestItems={TABLE: [25 PutRequests of bench_items' ITEM shape]})
    client.transact_write_items(TransactItems=[a Put, and a Put with a ConditionExpression])

The contenders, the timing and the report are bench_items' (imported from
it, not copied): fakedynamo inside ``mock_dynamodb()``; botocore's floor,
unsigned and signed, answered by a before-send hook with the very bytes
fakedynamo answered; and moto when it is installed. Only the operations and
the floor's canned responses differ.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
from typing import Any

import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from fakedynamo import attach, mock_dynamodb
from fakedynamo.wire import botocore as hook
from tests.benchmarks.bench_items import (
    CREDENTIALS,
    ITEM,
    REGION,
    TABLE,
    Call,
    Contender,
    create_table_request,
    enter_leave_cost,
    median_us,
    percentile,
    report,
    strip_other_mocks,
)

BATCH = "batch_write_item"
TRANSACT = "transact_write_items"
TARGETS = {"BatchWriteItem": BATCH, "TransactWriteItems": TRANSACT}

BATCH_ITEMS = [{**ITEM, "sk": {"S": f"batch#{i:02}"}} for i in range(25)]
TRANSACT_ITEMS = [
    {"Put": {"TableName": TABLE, "Item": {**ITEM, "sk": {"S": "order"}}}},
    {
        "Put": {
            "TableName": TABLE,
            "Item": {**ITEM, "sk": {"S": "audit"}, "event": {"S": "placed"}},
            "ConditionExpression": "attribute_not_exists(sk) OR event = :placed",
            "ExpressionAttributeValues": {":placed": {"S": "placed"}},
        }
    },
]


def batch_operations(client: Any) -> dict[str, Call]:
    def batch_write_item() -> Any:
        return client.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item}} for item in BATCH_ITEMS]})

    def transact_write_items() -> Any:
        return client.transact_write_items(TransactItems=TRANSACT_ITEMS)

    return {BATCH: batch_write_item, TRANSACT: transact_write_items}


class BatchContender(Contender):
    """bench_items' Contender, timing the batch and transaction writes."""

    def __init__(self, name: str, client: Any, enter: Call | None = None, leave: Call | None = None) -> None:
        super().__init__(name, client, enter, leave)
        self.calls = batch_operations(client)
        self.samples = {operation: [] for operation in self.calls}


def capture_responses(client: Any, db: Any) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """The status, headers and body fakedynamo answers each benchmarked operation with."""
    captured: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def keep(response_dict: Any, event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[1]
        captured[TARGETS[operation]] = (
            response_dict["status_code"],
            dict(response_dict["headers"].items()),
            response_dict["body"],
        )

    client.meta.events.register("before-parse.dynamodb", keep, unique_id="bench-batch-capture")
    with db:
        for call in batch_operations(client).values():
            call()
    client.meta.events.unregister("before-parse.dynamodb", unique_id="bench-batch-capture")
    return captured


def canned_client(session: Any, config: Config, responses: dict[str, Any]) -> Any:
    """A client answered by its own before-send hook with fakedynamo's bytes: botocore's floor."""
    client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    by_target = {f"DynamoDB_20120810.{name}": responses[key] for name, key in TARGETS.items()}

    def canned(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = by_target[request.headers["X-Amz-Target"].decode()]
        return AWSResponse(request.url, status, headers, hook._Body(body))

    client.meta.events.register("before-send.dynamodb", canned)
    return client


def build_contenders(use_moto: bool) -> list[BatchContender]:
    mock_aws = None
    if use_moto:
        try:
            from moto import mock_aws
        except ImportError:
            print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)

    session = boto3.session.Session()
    config = Config()
    contenders: list[BatchContender] = []

    db = mock_dynamodb()
    fake_client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    attach(fake_client)
    with db:
        fake_client.create_table(**create_table_request())
    responses = capture_responses(fake_client, db)
    contenders.append(BatchContender("fakedynamo", fake_client, db.start, db.stop))

    contenders.append(BatchContender("floor, unsigned", canned_client(session, Config(signature_version=UNSIGNED), responses)))
    contenders.append(BatchContender("floor, signed", canned_client(session, config, responses)))

    if mock_aws is not None:
        moto = mock_aws()
        moto.start()
        moto_client = hook.detach(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
        moto_client.create_table(**create_table_request())
        moto.stop(remove_data=False)
        contenders.append(
            BatchContender("moto", moto_client, lambda: moto.start(reset=False), lambda: moto.stop(remove_data=False))
        )

    # Every contender answers alike, or the comparison means nothing.
    for contender in contenders:
        contender.enter()
        try:
            batch = contender.calls[BATCH]()
            transaction = contender.calls[TRANSACT]()
        finally:
            contender.leave()
        assert batch["UnprocessedItems"] == {}, (contender.name, batch)
        assert transaction["ResponseMetadata"]["HTTPStatusCode"] == 200, (contender.name, transaction)
    return contenders


def run(rounds: int, calls: int, use_moto: bool) -> dict[str, Any]:
    contenders = build_contenders(use_moto)
    order = random.Random(20120810)
    gc.collect()
    gc.freeze()
    for round_number in range(rounds + 1):
        record = round_number > 0  # round 0 warms up
        batch = [(contender, operation) for contender in contenders for operation in contender.calls]
        order.shuffle(batch)
        for contender, operation in batch:
            gc.collect()
            contender.run(operation, calls if record else max(50, calls // 2), record)

    # The writes really ran on fakedynamo: every batch item and both transaction items are there.
    fake = contenders[0]
    fake.enter()
    try:
        count = fake.client.scan(TableName=TABLE, Select="COUNT")["Count"]
    finally:
        fake.leave()
    assert count == len(BATCH_ITEMS) + len(TRANSACT_ITEMS), count

    operations = {}
    for operation in (BATCH, TRANSACT):
        operations[operation] = {
            contender.name: {
                "median_us": median_us(contender.samples[operation]),
                "p90_us": percentile(contender.samples[operation], 0.9),
                "samples": len(contender.samples[operation]),
            }
            for contender in contenders
        }
    return {"rounds": rounds, "calls_per_round": calls, "operations": operations, "enter_leave": enter_leave_cost(2000)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_batch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds per contender and operation (default 10)")
    parser.add_argument("--calls", type=int, default=200, help="calls per round (default 200)")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out even if it is installed")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    args = parser.parse_args(argv)
    results = run(args.rounds, args.calls, not args.no_moto)
    met = report(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
