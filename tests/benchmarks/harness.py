"""The measuring machinery the bench_* modules share; each of them says only what it times.

A benchmark is a `Benchmark` subclass: the calls it times (``calls``), the
tables and items they need (``set_up``), how to tell that a contender answered
right (``check``) and its target. `main` does the rest:

- builds the contenders, boto3 clients of one session:

  - ``fakedynamo``: inside ``mock_dynamodb()``. While a mock is active
    fakedynamo skips request signing.
  - ``floor, unsigned``: botocore's own floor for what fakedynamo does. A
    client whose before-send hook returns a canned response carrying the very
    bytes and headers fakedynamo answered the same call with, so botocore
    parses the same thing, and which does not sign
    (``signature_version=UNSIGNED``), as fakedynamo's clients do not.
    fakedynamo minus this floor is the cost of fakedynamo itself: hook, JSON,
    engine, storage, encoding.
  - ``floor, signed``: the same canned client, signing with SigV4 as botocore
    normally does. What a call costs a test that stubs responses itself.
  - ``moto``: inside moto's ``mock_aws()``, when moto is installed
    (``pip install -e ".[bench]"``).

- checks that every contender answers every call alike;
- times every call on its own with ``time.perf_counter_ns``, the contenders
  and operations taking turns in rounds, in a shuffled order, after a warm-up
  round, so drift of the machine affects all alike;
- prints the median and 90th percentile per call in microseconds, the ratios
  against the floors and moto, the targets met or missed, and (unless the
  benchmark opts out) the cost of entering and leaving ``mock_dynamodb()``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

import fakedynamo
from fakedynamo import mock_dynamodb
from fakedynamo.wire import botocore as hook

REGION = "us-east-1"
TABLE = "bench"
CREDENTIALS = {"aws_access_key_id": "AKIDBENCHMARK", "aws_secret_access_key": "benchmark-secret"}
SEED = 20120810  # the shuffles are the same from run to run

Call = Callable[[], Any]
Response = tuple[int, dict[str, str], bytes]  # status, headers, body


def create_table_request(table: str = TABLE) -> dict[str, Any]:
    """The table every benchmark uses: string partition key ``pk``, string sort key ``sk``, on demand."""
    return {
        "TableName": table,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


class Benchmark:
    """What one benchmark times. Subclasses give `calls` and override whichever other hooks they need."""

    default_calls = 300  # timed calls per round, contender and operation
    target: float | None = None  # fakedynamo's median at most this many times the unsigned floor's
    warmup_minimum = 50  # calls per operation in the warm-up round, at least
    fewer_calls_note = ""  # said in --help and the report when `calls_per_round` cuts some operations down
    measure_enter_leave = True  # also time entering and leaving mock_dynamodb()
    args: argparse.Namespace  # the parsed command line, set by `main`

    def calls(self, client: Any) -> dict[str, Call]:
        """The timed calls through `client`, by operation name, in the order the check makes them."""
        raise NotImplementedError

    def set_up(self, client: Any) -> None:
        """Create the tables and items the calls need, through a client inside the contender's mock."""

    def set_up_fake(self, client: Any, db: Any) -> None:
        """`set_up` for fakedynamo, with its mock `db` active."""
        self.set_up(client)

    def set_up_moto(self, client: Any) -> None:
        """`set_up` for moto, with its mock active."""
        self.set_up(client)

    def moto_calls(self, client: Any) -> dict[str, Call]:
        """The calls moto is timed on: all of them unless a benchmark spares moto some."""
        return self.calls(client)

    def check(self, operation: str, response: Any) -> None:
        """Assert that `response` to the first call of `operation` is what fakedynamo's would be."""

    def calls_per_round(self, operation: str, calls: int) -> int:
        """Timed calls per round for `operation`: --calls unless it is too slow for that many."""
        return calls

    def warmup_calls(self, count: int) -> int:
        """Calls in the warm-up round for an operation timed `count` times per round."""
        return max(self.warmup_minimum, count // 2)

    def target_for(self, operation: str) -> float | None:
        """The ratio to the unsigned floor `operation` must stay under; None: reported, not judged."""
        return self.target

    def verify(self, fake: Contender, rounds: int, calls: int) -> None:
        """After the rounds: assert that fakedynamo's calls really did their work."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Options of this benchmark beyond --rounds, --calls, --no-moto and --json."""

    def extra_results(self) -> dict[str, Any]:
        """Further numbers for the results (and the JSON), gathered during set-up."""
        return {}

    def report_preamble(self, results: dict[str, Any]) -> list[str]:
        """Lines printed under the report's header."""
        return []

    def report_verdicts(self, results: dict[str, Any]) -> bool:
        """Print verdicts beyond the per-operation ratios; return whether their targets were met."""
        return True


class Contender:
    """One way of answering the client: its calls, what to do around a run of them, and their timings."""

    def __init__(self, name: str, client: Any, calls: dict[str, Call], enter: Call | None = None, leave: Call | None = None) -> None:
        self.name = name
        self.client = client
        self.calls = calls
        self.enter = enter or (lambda: None)
        self.leave = leave or (lambda: None)
        self.samples: dict[str, list[int]] = {operation: [] for operation in calls}

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        self.enter()
        try:
            yield
        finally:
            self.leave()

    def run(self, operation: str, count: int, record: bool) -> None:
        call = self.calls[operation]
        samples = self.samples[operation]
        clock = time.perf_counter_ns
        with self.active():
            for _ in range(count):
                start = clock()
                call()
                elapsed = clock() - start
                if record:
                    samples.append(elapsed)


# -- the contenders -----------------------------------------------------------


def bare_client(session: Any, config: Config) -> Any:
    """A DynamoDB client of `session` with no way of being answered yet: fakedynamo's and moto's handlers removed."""
    client = session.client("dynamodb", region_name=REGION, config=config, **CREDENTIALS)
    hook.detach(client)
    moto_stubber = getattr(sys.modules.get("moto.core.models"), "botocore_stubber", None)
    if moto_stubber is not None:
        client.meta.events.unregister("before-send", moto_stubber)
    return client


def capture_responses(client: Any, db: Any, calls: dict[str, Call]) -> dict[str, Response]:
    """The status, headers and body fakedynamo answers each call with, by operation name."""
    captured: list[Response] = []

    def keep(response_dict: Any, **_: Any) -> None:
        captured.append((response_dict["status_code"], dict(response_dict["headers"].items()), response_dict["body"]))

    client.meta.events.register("before-parse.dynamodb", keep, unique_id="bench-capture")
    responses = {}
    with db:
        for operation, call in calls.items():
            call()
            responses[operation] = captured[-1]
    client.meta.events.unregister("before-parse.dynamodb", unique_id="bench-capture")
    return responses


def floor_contender(name: str, session: Any, config: Config, bench: Benchmark, responses: dict[str, Response]) -> Contender:
    """botocore's floor: a client answered by its own before-send hook with fakedynamo's bytes for the same call."""
    client = bare_client(session, config)
    next_response: list[Response] = []  # the one the call under way gets

    def canned(request: Any, **_: Any) -> AWSResponse:
        status, headers, body = next_response[0]
        return AWSResponse(request.url, status, headers, hook._Body(body))

    client.meta.events.register("before-send.dynamodb", canned)

    # Keyed by operation name rather than by request target, as one benchmark
    # makes the same kind of request on several tables.
    def answered_with(call: Call, response: Response) -> Call:
        def call_answered() -> Any:
            next_response[:] = [response]
            return call()

        return call_answered

    calls = {operation: answered_with(call, responses[operation]) for operation, call in bench.calls(client).items()}
    return Contender(name, client, calls)


def import_mock_aws() -> Any:
    try:
        from moto import mock_aws
    except ImportError:
        print("moto is not installed: pip install -e '.[bench]' to compare with it", file=sys.stderr)
        return None
    return mock_aws


def build_contenders(bench: Benchmark, use_moto: bool) -> list[Contender]:
    mock_aws = import_mock_aws() if use_moto else None
    # One session for every client; created after moto's import so that all share its handler list.
    session = boto3.session.Session()

    db = mock_dynamodb()
    fake_client = bare_client(session, Config())
    fakedynamo.attach(fake_client)
    with db:
        bench.set_up_fake(fake_client, db)
    fake_calls = bench.calls(fake_client)
    responses = capture_responses(fake_client, db, fake_calls)
    contenders = [
        Contender("fakedynamo", fake_client, fake_calls, db.start, db.stop),
        floor_contender("floor, unsigned", session, Config(signature_version=UNSIGNED), bench, responses),
        floor_contender("floor, signed", session, Config(), bench, responses),
    ]

    if mock_aws is not None:
        moto = mock_aws()
        moto.start()
        moto_client = hook.detach(session.client("dynamodb", region_name=REGION, config=Config(), **CREDENTIALS))
        bench.set_up_moto(moto_client)
        moto.stop(remove_data=False)
        contenders.append(
            Contender(
                "moto",
                moto_client,
                bench.moto_calls(moto_client),
                lambda: moto.start(reset=False),
                lambda: moto.stop(remove_data=False),
            )
        )

    # Every contender answers alike, or the comparison means nothing.
    for contender in contenders:
        with contender.active():
            for operation, call in contender.calls.items():
                try:
                    bench.check(operation, call())
                except AssertionError as error:
                    raise AssertionError(f"{contender.name} answered {operation} differently: {error}") from error
    return contenders


# -- timing -------------------------------------------------------------------


def percentile(samples: list[int], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1000


def median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def run_rounds(bench: Benchmark, contenders: list[Contender], rounds: int, calls: int) -> None:
    order = random.Random(SEED)
    gc.collect()
    gc.freeze()  # the long-lived setup objects need no more scanning
    for round_number in range(rounds + 1):
        record = round_number > 0  # round 0 warms up
        batch = [(contender, operation) for contender in contenders for operation in contender.calls]
        order.shuffle(batch)
        for contender, operation in batch:
            gc.collect()
            count = bench.calls_per_round(operation, calls)
            contender.run(operation, count if record else bench.warmup_calls(count), record)


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


def run(bench: Benchmark, rounds: int, calls: int, use_moto: bool) -> dict[str, Any]:
    contenders = build_contenders(bench, use_moto)
    run_rounds(bench, contenders, rounds, calls)
    fake = contenders[0]
    bench.verify(fake, rounds, calls)

    operations = {
        operation: {
            contender.name: {
                "median_us": median_us(contender.samples[operation]),
                "p90_us": percentile(contender.samples[operation], 0.9),
                "samples": len(contender.samples[operation]),
            }
            for contender in contenders
            if contender.samples.get(operation)  # moto may be spared some
        }
        for operation in fake.calls
    }
    results: dict[str, Any] = {"rounds": rounds, "calls_per_round": calls, **bench.extra_results(), "operations": operations}
    if bench.measure_enter_leave:
        results["enter_leave"] = enter_leave_cost(5000)
    return results


# -- the report and the command line ------------------------------------------


def verdict(value: float, target: float) -> str:
    return f"target <= {target}: {'met' if value <= target else 'MISSED'}"


def report(bench: Benchmark, results: dict[str, Any]) -> bool:
    """Print the results; return whether fakedynamo met its targets."""
    print(f"fakedynamo {fakedynamo.__version__}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
          f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
    note = f" ({bench.fewer_calls_note})" if bench.fewer_calls_note else ""
    print(f"{results['rounds']} rounds x {results['calls_per_round']} calls{note} per contender and operation, "
          "each call timed alone, after a warm-up round")
    for line in bench.report_preamble(results):
        print(line)
    print()
    met = True
    for operation, rows in results["operations"].items():
        print(f"{operation:<20} {'median µs':>9} {'p90 µs':>10}")
        for name, row in rows.items():
            print(f"  {name:<18}{row['median_us']:>10.1f} {row['p90_us']:>10.1f}")
        fake = rows["fakedynamo"]["median_us"]
        unsigned = rows["floor, unsigned"]["median_us"]
        signed = rows["floor, signed"]["median_us"]
        ratio = fake / unsigned
        own_cost = f"fakedynamo's own cost ~{fake - unsigned:.1f} µs/call"
        target = bench.target_for(operation)
        if target is None:
            print(f"  fakedynamo / floor, unsigned = {ratio:.2f}  ({own_cost})")
        else:
            met = met and ratio <= target
            print(f"  fakedynamo / floor, unsigned = {ratio:.2f}  ({verdict(ratio, target)}; {own_cost})")
        print(f"  fakedynamo / floor, signed   = {fake / signed:.2f}  (signing costs botocore ~{signed - unsigned:.1f} µs/call; "
              "fakedynamo skips it while active)")
        if "moto" in rows:
            print(f"  moto / fakedynamo            = {rows['moto']['median_us'] / fake:.1f}")
        print()
    if "enter_leave" in results:
        cost = results["enter_leave"]
        print(f"enter + leave `with mock_dynamodb(): pass` (new fake each time): median {cost['fresh_median_us']:.1f} µs, "
              f"p90 {cost['fresh_p90_us']:.1f} µs")
        print(f"enter + leave again the same handle:                        median {cost['reenter_median_us']:.1f} µs, "
              f"p90 {cost['reenter_p90_us']:.1f} µs")
    return bench.report_verdicts(results) and met


def main(bench: Benchmark, module: str, doc: str, argv: list[str] | None = None) -> int:
    """Run `bench` from the command line ``python -m <module>``; exit status 1 if a target was missed."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n\n")[0])
    note = f"; {bench.fewer_calls_note}" if bench.fewer_calls_note else ""
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds per contender and operation (default 10)")
    parser.add_argument("--calls", type=int, default=bench.default_calls,
                        help=f"calls per round (default {bench.default_calls}{note})")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out even if it is installed")
    bench.add_arguments(parser)
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON to PATH")
    bench.args = parser.parse_args(argv)
    results = run(bench, bench.args.rounds, bench.args.calls, not bench.args.no_moto)
    met = report(bench, results)
    if bench.args.json:
        with open(bench.args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)
    return 0 if met else 1
