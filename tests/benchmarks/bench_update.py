"""UpdateItem with an arithmetic SET and a condition: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_update [--rounds N] [--calls N] [--no-moto] [--json PATH]

The call measured is the counter increment most applications make::

    client.update_item(TableName=..., Key=...,
                       UpdateExpression="SET a = a + :one",
                       ConditionExpression="attribute_exists(pk) AND a >= :zero",
                       ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}})

The contenders, the timing and the report are bench_items' (imported from
it, not copied): fakedynamo inside ``mock_dynamodb()``; botocore's floor,
unsigned and signed, answered by a before-send hook with the very bytes
fakedynamo answered; and moto when it is installed. Only the operation and the
floor's canned response differ.
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
    KEY,
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

OPERATION = "update_item"
SEED = {**KEY, "a": {"N": "0"}, "name": {"S": "Ada Lovelace"}}


def update_operations(client: Any) -> dict[str, Call]:
    def update_item() -> Any:
        return client.update_item(
            TableName=TABLE,
            Key=KEY,
            UpdateExpression="SET a = a + :one",
            ConditionExpression="attribute_exists(pk) AND a >= :zero",
            ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
        )

    return {OPERATION: update_item}


class UpdateContender(Contender):
    """bench_items' Contender, timing update_item instead of put_item and get_item."""

    def __init__(self, name: str, client: Any, enter: Call | None = None, leave: Call | None = None) -> None:
        super().__init__(name, client, enter, leave)
        self.calls = update_operations(client)
        self.samples = {operation: [] for operation in self.calls}


def capture_response(client: Any, db: Any) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body fakedynamo answers the benchmarked update with."""
    captured: list[tuple[int, dict[str, str], bytes]] = []

    def keep(response_dict: Any, **_: Any) -> None:
        captured.append((response_dict["status_code"], dict(response_dict["headers"].items()), response_dict["body"]))

    client.meta.events.register("before-parse.dynamodb.UpdateItem", keep, unique_id="bench-update-capture")
    with db:
        update_operations(client)[OPERATION]()
    client.meta.events.unregister("before-parse.dynamodb.UpdateItem", unique_id="bench-update-capture")
    return captured[-1]


def canned_client(session: Any, config: Config, response: tuple[int, dict[str, str], bytes]) -> Any:
    """A client answered by its own before-send hook with fakedynamo's bytes: botocore's floor."""
    client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    status, headers, body = response

    def canned(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, status, headers, hook._Body(body))

    client.meta.events.register("before-send.dynamodb", canned)
    return client


def build_contenders(use_moto: bool) -> list[UpdateContender]:
    mock_aws = None
    if use_moto:
        try:
            from moto import mock_aws
        except ImportError:
            print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)

    session = boto3.session.Session()
    config = Config()
    contenders: list[UpdateContender] = []

    db = mock_dynamodb()
    fake_client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    attach(fake_client)
    with db:
        fake_client.create_table(**create_table_request())
        fake_client.put_item(TableName=TABLE, Item=SEED)
    response = capture_response(fake_client, db)
    contenders.append(UpdateContender("fakedynamo", fake_client, db.start, db.stop))

    contenders.append(UpdateContender("floor, unsigned", canned_client(session, Config(signature_version=UNSIGNED), response)))
    contenders.append(UpdateContender("floor, signed", canned_client(session, config, response)))

    if mock_aws is not None:
        moto = mock_aws()
        moto.start()
        moto_client = hook.detach(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
        moto_client.create_table(**create_table_request())
        moto_client.put_item(TableName=TABLE, Item=SEED)
        moto.stop(remove_data=False)
        contenders.append(
            UpdateContender("moto", moto_client, lambda: moto.start(reset=False), lambda: moto.stop(remove_data=False))
        )

    # Every contender answers alike, or the comparison means nothing.
    for contender in contenders:
        contender.enter()
        try:
            got = contender.calls[OPERATION]()
        finally:
            contender.leave()
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 200 and "Attributes" not in got, (contender.name, got)
    return contenders


def run(rounds: int, calls: int, use_moto: bool) -> dict[str, Any]:
    contenders = build_contenders(use_moto)
    order = random.Random(20120810)
    gc.collect()
    gc.freeze()
    for round_number in range(rounds + 1):
        record = round_number > 0  # round 0 warms up
        batch = list(contenders)
        order.shuffle(batch)
        for contender in batch:
            gc.collect()
            contender.run(OPERATION, calls if record else max(50, calls // 2), record)

    # The counter went up once per call on each stateful contender: the updates really ran.
    fake = contenders[0]
    with mock_dynamodb_session(fake):
        stored = fake.client.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["a"]["N"]
    assert int(stored) == 2 + rounds * calls + max(50, calls // 2), stored  # the capture and the check call once each

    rows = {
        contender.name: {
            "median_us": median_us(contender.samples[OPERATION]),
            "p90_us": percentile(contender.samples[OPERATION], 0.9),
            "samples": len(contender.samples[OPERATION]),
        }
        for contender in contenders
    }
    return {
        "rounds": rounds,
        "calls_per_round": calls,
        "operations": {OPERATION: rows},
        "enter_leave": enter_leave_cost(5000),
    }


class mock_dynamodb_session:
    """Enter and leave a contender's way of being answered around a block."""

    def __init__(self, contender: Contender) -> None:
        self.contender = contender

    def __enter__(self) -> None:
        self.contender.enter()

    def __exit__(self, *_: Any) -> None:
        self.contender.leave()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_update", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds per contender (default 10)")
    parser.add_argument("--calls", type=int, default=300, help="calls per round (default 300)")
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
