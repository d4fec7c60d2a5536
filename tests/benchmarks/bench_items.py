"""PutItem and GetItem through a boto3 client: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_items [--rounds N] [--calls N] [--no-moto] [--json PATH]

Contenders, all boto3 clients of one session with the same configuration:

- ``fakedynamo``: inside ``mock_dynamodb()``. While a mock is active
  fakedynamo skips request signing.
- ``floor, unsigned``: botocore's own floor for what fakedynamo does. A
  client whose before-send hook returns a canned response carrying the very
  bytes and headers fakedynamo answered with, so botocore parses the same
  thing, and which does not sign (``signature_version=UNSIGNED``), as
  fakedynamo's clients do not. fakedynamo minus this floor is the cost of
  fakedynamo itself: hook, JSON, engine, storage, encoding.
- ``floor, signed``: the same canned client, signing with SigV4 as botocore
  normally does. What a call costs a test that stubs responses itself.
- ``moto``: inside moto's ``mock_aws()``, when moto is installed
  (``pip install -e ".[bench]"``).

Every call is timed on its own with ``time.perf_counter_ns``. The contenders
take turns in rounds, in a shuffled order, after a warm-up, so drift of the
machine affects all alike. The report gives the median and 90th percentile per
call in microseconds, the ratios, and the cost of entering and leaving
``mock_dynamodb()``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from typing import Any, Callable

import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

import fakedynamo
from fakedynamo import mock_dynamodb
from fakedynamo.wire import botocore as hook

REGION = "us-east-1"
TABLE = "bench"
CREDENTIALS = {"aws_access_key_id": "AKIDBENCHMARK", "aws_secret_access_key": "benchmark-secret"}
KEY = {"pk": {"S": "user#00042"}, "sk": {"S": "profile"}}
ITEM = {
    **KEY,
    "name": {"S": "Ada Lovelace"},
    "email": {"S": "ada@example.com"},
    "age": {"N": "36"},
    "score": {"N": "1234.5"},
    "active": {"BOOL": True},
    "tags": {"SS": ["math", "poetry"]},
    "address": {"M": {"city": {"S": "London"}, "zip": {"S": "W1"}}},
    "logins": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]},
}
TARGET_RATIO = 1.3  # fakedynamo at most 1.3x botocore's floor (median)

Call = Callable[[], Any]


def create_table_request() -> dict[str, Any]:
    return {
        "TableName": TABLE,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


def operations(client: Any) -> dict[str, Call]:
    def put_item() -> Any:
        return client.put_item(TableName=TABLE, Item=ITEM)

    def get_item() -> Any:
        return client.get_item(TableName=TABLE, Key=KEY)

    return {"put_item": put_item, "get_item": get_item}


class Contender:
    """One way of answering the client: a name, its calls, and what to do around a batch of them."""

    def __init__(self, name: str, client: Any, enter: Call | None = None, leave: Call | None = None) -> None:
        self.name = name
        self.client = client
        self.calls = operations(client)
        self.enter = enter or (lambda: None)
        self.leave = leave or (lambda: None)
        self.samples: dict[str, list[int]] = {operation: [] for operation in self.calls}

    def run(self, operation: str, count: int, record: bool) -> None:
        call = self.calls[operation]
        samples = self.samples[operation]
        clock = time.perf_counter_ns
        self.enter()
        try:
            for _ in range(count):
                start = clock()
                call()
                elapsed = clock() - start
                if record:
                    samples.append(elapsed)
        finally:
            self.leave()


def strip_other_mocks(client: Any) -> Any:
    """Leave the client only its own way of being answered: no fakedynamo, no moto handlers."""
    hook.detach(client)
    stubber = _moto_stubber()
    if stubber is not None:
        client.meta.events.unregister("before-send", stubber)
    return client


def _moto_stubber() -> Any:
    module = sys.modules.get("moto.core.models")
    return getattr(module, "botocore_stubber", None)


def capture_responses(client: Any, db: Any) -> dict[str, tuple[int, dict[str, str], bytes]]:
    """The status, headers and body fakedynamo answers each benchmarked operation with."""
    captured: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def keep(response_dict: Any, event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[1]
        captured[operation] = (response_dict["status_code"], dict(response_dict["headers"].items()), response_dict["body"])

    client.meta.events.register("before-parse.dynamodb", keep, unique_id="bench-capture")
    with db:
        for call in operations(client).values():
            call()
    client.meta.events.unregister("before-parse.dynamodb", unique_id="bench-capture")
    return {"put_item": captured["PutItem"], "get_item": captured["GetItem"]}


def canned_client(session: Any, config: Config, responses: dict[str, Any]) -> Any:
    """A client answered by its own before-send hook with fakedynamo's bytes: botocore's floor."""
    client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    by_target = {f"DynamoDB_20120810.{name}": responses[key] for name, key in (("PutItem", "put_item"), ("GetItem", "get_item"))}

    def canned(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = by_target[request.headers["X-Amz-Target"].decode()]
        return AWSResponse(request.url, status, headers, hook._Body(body))

    client.meta.events.register("before-send.dynamodb", canned)
    return client


def percentile(samples: list[int], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1000


def median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def enter_leave_cost(repeat: int) -> dict[str, float]:
    """Median and p90, in µs, of a fresh `with mock_dynamodb(): pass` and of re-entering one handle."""
    fresh: list[int] = []
    reused: list[int] = []
    handle = mock_dynamodb()
    clock = time.perf_counter_ns
    for _ in range(repeat):
        start = clock()
        with mock_dynamodb():
            pass
        fresh.append(clock() - start)
        start = clock()
        with handle:
            pass
        reused.append(clock() - start)
    return {
        "fresh_median_us": median_us(fresh),
        "fresh_p90_us": percentile(fresh, 0.9),
        "reenter_median_us": median_us(reused),
        "reenter_p90_us": percentile(reused, 0.9),
    }


def build_contenders(use_moto: bool) -> list[Contender]:
    mock_aws = None
    if use_moto:
        try:
            from moto import mock_aws
        except ImportError:
            print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)

    # One session for every client; created after moto's import so that all share its handler list.
    session = boto3.session.Session()
    config = Config()
    contenders: list[Contender] = []

    db = mock_dynamodb()
    fake_client = strip_other_mocks(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
    fakedynamo.attach(fake_client)
    with db:
        fake_client.create_table(**create_table_request())
    responses = capture_responses(fake_client, db)
    contenders.append(Contender("fakedynamo", fake_client, db.start, db.stop))

    unsigned = Config(signature_version=UNSIGNED)
    contenders.append(Contender("floor, unsigned", canned_client(session, unsigned, responses)))
    contenders.append(Contender("floor, signed", canned_client(session, config, responses)))

    if mock_aws is not None:
        moto = mock_aws()
        moto.start()
        moto_client = hook.detach(session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS))
        moto_client.create_table(**create_table_request())
        moto.stop(remove_data=False)
        contenders.append(
            Contender("moto", moto_client, lambda: moto.start(reset=False), lambda: moto.stop(remove_data=False))
        )

    # Every contender answers alike, or the comparison means nothing.
    for contender in contenders:
        contender.enter()
        try:
            contender.calls["put_item"]()
            got = contender.calls["get_item"]()
        finally:
            contender.leave()
        assert got["Item"] == ITEM, (contender.name, got)
    return contenders


def run(rounds: int, calls: int, use_moto: bool) -> dict[str, Any]:
    contenders = build_contenders(use_moto)
    order = random.Random(20120810)
    gc.collect()
    gc.freeze()  # the long-lived setup objects need no more scanning
    for round_number in range(rounds + 1):
        record = round_number > 0  # round 0 warms up
        batch = [(contender, operation) for contender in contenders for operation in contender.calls]
        order.shuffle(batch)
        for contender, operation in batch:
            gc.collect()
            contender.run(operation, calls if record else max(50, calls // 2), record)

    results: dict[str, Any] = {"rounds": rounds, "calls_per_round": calls, "operations": {}}
    for operation in ("put_item", "get_item"):
        rows = {
            contender.name: {
                "median_us": median_us(contender.samples[operation]),
                "p90_us": percentile(contender.samples[operation], 0.9),
                "samples": len(contender.samples[operation]),
            }
            for contender in contenders
        }
        results["operations"][operation] = rows
    results["enter_leave"] = enter_leave_cost(5000)
    return results


def report(results: dict[str, Any]) -> bool:
    """Print the results; return whether fakedynamo met its target against the unsigned floor."""
    import platform

    import botocore

    print(f"fakedynamo {fakedynamo.__version__}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
          f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    print(f"{results['rounds']} rounds x {results['calls_per_round']} calls per contender and operation, "
          "each call timed alone, after a warm-up round\n")
    met = True
    for operation, rows in results["operations"].items():
        print(f"{operation:<10} {'median µs':>10} {'p90 µs':>10}")
        for name, row in rows.items():
            print(f"  {name:<18}{row['median_us']:>9.1f} {row['p90_us']:>10.1f}")
        fake = rows["fakedynamo"]["median_us"]
        unsigned = rows["floor, unsigned"]["median_us"]
        signed = rows["floor, signed"]["median_us"]
        ratio = fake / unsigned
        met = met and ratio <= TARGET_RATIO
        print(f"  fakedynamo / floor, unsigned = {ratio:.2f}  (target <= {TARGET_RATIO}: "
              f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}; fakedynamo's own cost ~{fake - unsigned:.1f} µs/call)")
        print(f"  fakedynamo / floor, signed   = {fake / signed:.2f}  (signing costs botocore ~{signed - unsigned:.1f} µs/call; "
              "fakedynamo skips it while active)")
        if "moto" in rows:
            print(f"  moto / fakedynamo            = {rows['moto']['median_us'] / fake:.1f}")
        print()
    cost = results["enter_leave"]
    print(f"enter + leave `with mock_dynamodb(): pass` (new fake each time): median {cost['fresh_median_us']:.1f} µs, "
          f"p90 {cost['fresh_p90_us']:.1f} µs")
    print(f"enter + leave again the same handle:                        median {cost['reenter_median_us']:.1f} µs, "
          f"p90 {cost['reenter_p90_us']:.1f} µs")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_items", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds per contender and operation (default 10)")
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
