"""Logging, tracing, rate limiting and hot partitions, as pydynox 1.8 does them (checked against 1.8 itself).

What each operation logs, traces and charges was compared with the real 1.8.0
against the same fakedynamo served over HTTP; these tests pin that down.
"""

from __future__ import annotations

import asyncio
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from fakedynamo import MockDynamoDB
from pydynox import (
    DynamoDBClient,
    Model,
    ModelConfig,
    disable_tracing,
    enable_tracing,
    set_correlation_id,
    set_logger,
)
from pydynox import _observe
from pydynox import rate_limit as rate_limit_module
from pydynox._internal._logging import get_logger
from pydynox.attributes import StringAttribute, VectorAttribute
from pydynox.diagnostics import HotPartitionDetector
from pydynox.exceptions import ConditionalCheckFailedException, ProvisionedThroughputExceededException
from pydynox.indexes import VectorIndex
from pydynox.rate_limit import AdaptiveRate, FixedRate
from tests.pydynox.conftest import REGION, make_table


@pytest.fixture(autouse=True)
def _never_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    """No call counts as slow (a loaded machine would add WARNING lines); the slow-call test opts back in."""
    monkeypatch.setattr(_observe, "SLOW_MS", float("inf"))


def fill(client: DynamoDBClient, table: str, count: int) -> None:
    make_table(client, table, sort_key=True)
    client.sync_batch_write(table, put_items=[{"pk": "p", "sk": str(n)} for n in range(count)])


def info_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The INFO messages of pydynox, durations left out."""
    return [
        re.sub(r"duration_ms=[\d.]+", "duration_ms=*", record.getMessage())
        for record in caplog.records
        if record.name == "pydynox" and record.levelno == logging.INFO
    ]


# -- logging ---------------------------------------------------------------------------------------


def test_item_operations_log_one_line_each_with_the_capacity_dynamodb_reports(
    client: DynamoDBClient, caplog: pytest.LogCaptureFixture
) -> None:
    make_table(client, "logged")
    caplog.set_level(logging.INFO, logger="pydynox")
    client.sync_put_item("logged", {"pk": "a", "blob": "x" * 1500})
    client.sync_get_item("logged", {"pk": "a"})
    client.sync_update_item("logged", {"pk": "a"}, updates={"n": 1})
    client.sync_delete_item("logged", {"pk": "a"})
    client.sync_batch_write("logged", put_items=[{"pk": "b"}])  # batches and transactions: no INFO line
    client.sync_batch_get("logged", [{"pk": "b"}])
    client.sync_transact_get([{"table": "logged", "key": {"pk": "b"}}])
    assert info_lines(caplog) == [
        "put_item table=logged duration_ms=* wcu=2.0",
        "get_item table=logged duration_ms=* rcu=0.5",
        "update_item table=logged duration_ms=* wcu=2.0",
        "delete_item table=logged duration_ms=* wcu=2.0",
    ]


def test_pages_counts_parallel_scans_and_statements_log_as_1_8(
    client: DynamoDBClient, caplog: pytest.LogCaptureFixture
) -> None:
    fill(client, "paged", 3)
    caplog.set_level(logging.INFO, logger="pydynox")
    items = client.sync_query(
        "paged", key_condition_expression="pk = :p", expression_attribute_values={":p": "p"}, page_size=2
    )
    assert len(list(items)) == 3
    assert client.sync_count("paged")[0] == 3
    assert len(asyncio.run(client.parallel_scan("paged", 2))[0]) == 3
    client.sync_execute_statement('SELECT * FROM "paged" WHERE pk = ?', ["p"])
    assert info_lines(caplog) == [
        "query table=paged duration_ms=* rcu=0.5 items=2",
        "query table=paged duration_ms=* rcu=0.5 items=1",
        "count table=paged duration_ms=* rcu=0.5",  # one line for every page of the count
        "parallel_scan table=paged duration_ms=*",
        'execute_statement table=SELECT * FROM "paged" WHERE pk = ? duration_ms=*',
    ]


def test_debug_lines_say_what_is_about_to_happen(client: DynamoDBClient, caplog: pytest.LogCaptureFixture) -> None:
    make_table(client, "debugged")
    caplog.set_level(logging.DEBUG, logger="pydynox")
    client.sync_put_item("debugged", {"pk": "a"})
    client.sync_get_item("debugged", {"pk": "a"})
    client.sync_batch_get("debugged", [{"pk": "a"}, {"pk": "b"}])
    debug = [record.getMessage() for record in caplog.records if record.levelno == logging.DEBUG]
    assert debug == [
        'put_item Saving item to "debugged" pk=a',
        "get_item Getting item from \"debugged\" key={'pk': 'a'}",
        'batch_get Batch getting from "debugged" (2 keys)',
    ]


def test_a_slow_operation_also_logs_a_warning(
    client: DynamoDBClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_table(client, "slow")
    monkeypatch.setattr(_observe, "SLOW_MS", -1.0)  # every call is "slow"
    with caplog.at_level(logging.WARNING, logger="pydynox"):
        client.sync_put_item("slow", {"pk": "a"})
    [warning] = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert re.fullmatch(r"put_item slow operation \([\d.]+ms\)", warning)


def test_the_correlation_id_reaches_records_of_async_operations(
    client: DynamoDBClient, caplog: pytest.LogCaptureFixture
) -> None:
    make_table(client, "correlated")
    caplog.set_level(logging.INFO, logger="pydynox")

    async def handler() -> None:
        set_correlation_id("req-42")  # set in the coroutine; the call runs on pydynox's thread pool
        await client.put_item("correlated", {"pk": "a"})

    asyncio.run(handler())
    assert [getattr(record, "correlation_id", None) for record in caplog.records] == ["req-42"]
    client.sync_put_item("correlated", {"pk": "b"})  # another context: no id
    assert not hasattr(caplog.records[-1], "correlation_id")


class KeywordLogger:
    """A logger that takes fields as keywords and refuses ``extra`` (as aws-lambda-powertools' may)."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, dict[str, Any]]] = []

    def info(self, msg: str, correlation_id: str | None = None) -> None:
        self.lines.append((msg, {"correlation_id": correlation_id}))

    debug = warning = error = info


@pytest.fixture
def keyword_logger() -> Iterator[KeywordLogger]:
    original = get_logger()
    logger = KeywordLogger()
    set_logger(logger)
    yield logger
    set_logger(original)
    set_correlation_id(None)


def test_a_logger_taking_fields_as_keywords_gets_them_so(client: DynamoDBClient, keyword_logger: KeywordLogger) -> None:
    make_table(client, "keywords")
    set_correlation_id("cid")
    client.sync_put_item("keywords", {"pk": "a"})
    infos = [fields for msg, fields in keyword_logger.lines if msg.startswith("put_item table=")]
    assert infos == [{"correlation_id": "cid"}]


# -- tracing -------------------------------------------------------------------------------------


@pytest.fixture
def spans() -> Iterator[Any]:
    """Tracing on, with an in-memory exporter (OpenTelemetry's SDK, a test dependency)."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    enable_tracing(tracer=provider.get_tracer("pydynox"))
    yield exporter, provider.get_tracer("app")
    disable_tracing()


def test_spans_follow_the_semantic_conventions_and_are_children_of_the_callers(
    client: DynamoDBClient, spans: Any
) -> None:
    exporter, app = spans
    make_table(client, "traced")

    async def handler() -> None:
        with app.start_as_current_span("handle_request"):
            await client.put_item("traced", {"pk": "a"})
            await client.get_item("traced", {"pk": "a"})

    asyncio.run(handler())
    put, get, parent = exporter.get_finished_spans()
    assert (put.name, get.name, parent.name) == ("PutItem traced", "GetItem traced", "handle_request")
    assert put.parent.span_id == get.parent.span_id == parent.context.span_id
    assert put.context.trace_id == parent.context.trace_id
    assert put.kind.name == "CLIENT"
    assert dict(put.attributes) == {
        "db.system.name": "aws.dynamodb",
        "db.operation.name": "PutItem",
        "db.collection.name": "traced",
        "db.namespace": REGION,
        "server.address": f"dynamodb.{REGION}.amazonaws.com",
        "aws.dynamodb.consumed_capacity.write": 1.0,
    }
    assert get.attributes["aws.dynamodb.consumed_capacity.read"] == 0.5


def test_a_failed_call_marks_its_span(client: DynamoDBClient, spans: Any) -> None:
    exporter, _ = spans
    make_table(client, "failing")
    client.sync_put_item("failing", {"pk": "a"})
    with pytest.raises(ConditionalCheckFailedException):
        client.sync_put_item("failing", {"pk": "a"}, condition_expression="attribute_not_exists(pk)")
    enable_tracing(tracer=exporter_tracer(exporter), record_exceptions=False)
    with pytest.raises(ConditionalCheckFailedException):
        client.sync_put_item("failing", {"pk": "a"}, condition_expression="attribute_not_exists(pk)")
    _, recorded, unrecorded = exporter.get_finished_spans()
    for span in (recorded, unrecorded):
        assert span.status.status_code.name == "ERROR"
        assert span.attributes["error.type"] == "ConditionalCheckFailedException"
    assert [event.name for event in recorded.events] == ["exception"] and not unrecorded.events


def exporter_tracer(exporter: Any) -> Any:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor

    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("pydynox")


def test_only_item_operations_pages_counts_and_parallel_scans_are_traced(client: DynamoDBClient, spans: Any) -> None:
    exporter, _ = spans
    fill(client, "scanned", 3)
    exporter.clear()
    client.sync_count("scanned")
    client.sync_parallel_scan("scanned", 3)
    list(client.sync_scan("scanned", page_size=2))
    client.sync_batch_get("scanned", [{"pk": "p", "sk": "0"}])
    client.sync_transact_get([{"table": "scanned", "key": {"pk": "p", "sk": "0"}}])
    client.sync_execute_statement('SELECT * FROM "scanned"')
    names = [(span.name, span.attributes.get("aws.dynamodb.consumed_capacity.read")) for span in exporter.get_finished_spans()]
    assert names == [("Scan scanned", 0.5), ("Scan scanned", None), ("Scan scanned", 0.5), ("Scan scanned", 0.5)]


@pytest.mark.engine_ops("SearchVectors")
def test_a_vector_search_has_a_span_naming_its_index(client: DynamoDBClient, spans: Any) -> None:
    class Note(Model):
        model_config = ModelConfig(table="notes")
        pk = StringAttribute(partition_key=True)
        embedding = VectorAttribute(dimensions=2)
        nearest = VectorIndex("nearest-index", "embedding")

    exporter, _ = spans
    Note.sync_create_table(wait=True)
    Note(pk="a", embedding=[1.0, 0.0]).sync_save()
    exporter.clear()
    Note.nearest.sync_search([1.0, 0.0])
    (span,) = exporter.get_finished_spans()
    attributes = dict(span.attributes)
    assert span.name == "SearchVectors notes" and attributes.pop("aws.request_id")
    assert attributes.pop("aws.dynamodb.vector_search_bytes") > 0  # what the engine bills a search
    assert attributes == {
        "db.system.name": "aws.dynamodb",
        "db.operation.name": "SearchVectors",
        "db.collection.name": "notes",
        "db.namespace": REGION,
        "server.address": f"dynamodb.{REGION}.amazonaws.com",
        "aws.dynamodb.vector_index": "nearest-index",
        "db.response.returned_rows": 1,
    }


def test_log_records_carry_the_trace_context_while_tracing(
    client: DynamoDBClient, spans: Any, caplog: pytest.LogCaptureFixture
) -> None:
    _, app = spans
    make_table(client, "contexts")
    caplog.set_level(logging.INFO, logger="pydynox")
    with app.start_as_current_span("request") as request:
        client.sync_put_item("contexts", {"pk": "a"})
    record = caplog.records[-1]
    assert record.trace_id == format(request.get_span_context().trace_id, "032x")  # type: ignore[attr-defined]
    assert record.span_id == format(request.get_span_context().span_id, "016x")  # type: ignore[attr-defined]
    disable_tracing()
    client.sync_put_item("contexts", {"pk": "b"})
    assert not hasattr(caplog.records[-1], "trace_id")


def test_without_tracing_opentelemetry_is_never_imported() -> None:
    code = (
        "import logging, sys\n"
        "from fakedynamo import mock_dynamodb\n"
        "from pydynox import DynamoDBClient\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "with mock_dynamodb():\n"
        "    client = DynamoDBClient(region='us-east-1')\n"
        "    client.sync_create_table('plain', partition_key=('pk', 'S'))\n"
        "    client.sync_put_item('plain', {'pk': 'a'})\n"
        "    client.sync_count('plain')\n"
        "assert not [name for name in sys.modules if name.startswith('opentelemetry')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# -- rate limiting -------------------------------------------------------------------------------


class FakeClock:
    """time.monotonic and time.sleep for the rate limiter: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(rate_limit_module.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(rate_limit_module.time, "sleep", fake.sleep)
    return fake


def test_the_limiter_counts_1_8s_estimates_not_the_reported_capacity(db: MockDynamoDB) -> None:
    limiter = FixedRate(rcu=1000, wcu=1000)
    client = DynamoDBClient(region=REGION, rate_limit=limiter)
    fill(client, "limited", 3)  # one batch of 3 items: 3 write units
    client.sync_put_item("limited", {"pk": "big", "sk": "0", "blob": "x" * 1500})  # 2 units reported, 1 counted
    client.sync_get_item("limited", {"pk": "big", "sk": "0"})  # 0.5 reported, 1 counted
    client.sync_batch_get("limited", [{"pk": "p", "sk": "0"}, {"pk": "p", "sk": "1"}])  # one per key
    assert (limiter.consumed_wcu, limiter.consumed_rcu) == (4.0, 3.0)
    query = {"key_condition_expression": "pk = :p", "expression_attribute_values": {":p": "p"}}
    list(client.sync_query("limited", **query, page_size=2))  # 2 pages of page_size units
    list(client.sync_query("limited", **query))  # 1 page, no Limit: 1 unit
    assert limiter.consumed_rcu == 3.0 + 4.0 + 1.0
    client.sync_count("limited")  # counts, parallel scans and transactions take nothing
    client.sync_parallel_scan("limited", 2)
    client.sync_transact_write([{"type": "put", "table": "limited", "item": {"pk": "t", "sk": "0"}}])
    client.sync_execute_statement('SELECT * FROM "limited" WHERE pk = ?', ["t"])  # 1 read unit, as any statement
    assert (limiter.consumed_wcu, limiter.consumed_rcu, limiter.throttle_count) == (4.0, 9.0, 0)


def test_a_resend_of_unprocessed_batch_entries_is_not_charged_again(db: MockDynamoDB) -> None:
    limiter = FixedRate(rcu=1000, wcu=1000)
    client = DynamoDBClient(region=REGION, rate_limit=limiter)
    make_table(client, "partial")
    db.faults.add(operation="BatchWriteItem", unprocessed=2, times=1)
    db.faults.add(operation="BatchGetItem", unprocessed=2, times=1)
    client.sync_batch_write("partial", put_items=[{"pk": str(n)} for n in range(3)])
    assert len(client.sync_batch_get("partial", [{"pk": str(n)} for n in range(3)])) == 3
    assert (limiter.consumed_wcu, limiter.consumed_rcu) == (3.0, 3.0)  # one per entry, as 1.8 takes them


def test_metrics_is_a_copy_of_the_figures_then(db: MockDynamoDB) -> None:
    limiter = FixedRate(rcu=100)
    before = limiter.metrics
    limiter._acquire_rcu(2.0)
    assert before.consumed_rcu == 0.0 and limiter.metrics.consumed_rcu == 2.0
    limiter.metrics.reset()  # resets the copy, as in 1.8
    assert limiter.consumed_rcu == 2.0 and (limiter.rcu, limiter.wcu) == (100.0, None)


def test_a_fixed_rate_waits_for_tokens_and_takes_an_oversized_request_from_a_full_bucket(clock: FakeClock) -> None:
    limiter = FixedRate(wcu=2)
    limiter._acquire_wcu()
    limiter._acquire_wcu()
    assert clock.slept == []
    limiter._acquire_wcu()  # the bucket is empty: half a second for one token at 2 a second
    assert clock.slept == [0.5]
    limiter._acquire_wcu(5.0)  # more than the burst (2): waits for a full bucket, then owes the rest
    assert clock.slept == [0.5, 1.0]
    limiter._acquire_wcu()
    assert clock.slept == [0.5, 1.0, 2.0] and limiter.consumed_wcu == 9.0


def test_an_adaptive_rate_climbs_only_after_quiet_seconds(clock: FakeClock) -> None:
    limiter = AdaptiveRate(max_rcu=100, max_wcu=10)
    assert (limiter.current_rcu, limiter.current_wcu) == (50.0, 5.0)
    limiter._acquire_rcu()  # checked at most once a second
    assert limiter.current_rcu == 50.0
    clock.now += 1
    limiter._acquire_rcu()  # never throttled: +10%
    assert limiter.current_rcu == pytest.approx(55.0) and limiter.current_wcu == pytest.approx(5.5)
    limiter._on_throttle()  # -20%
    assert limiter.current_rcu == pytest.approx(44.0) and limiter.throttle_count == 1
    clock.now += 5
    limiter._acquire_rcu()
    assert limiter.current_rcu == pytest.approx(44.0)  # throttled 5 s ago: no climb
    clock.now += 5
    limiter._acquire_rcu()
    assert limiter.current_rcu == pytest.approx(48.4)
    for _ in range(30):
        limiter._on_throttle()
    assert (limiter.current_rcu, limiter.current_wcu) == (1.0, 1.0)  # the minimums


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(_observe.time, "sleep", waits.append)
    return waits


def test_a_throttled_item_operation_is_retried_slower(db: MockDynamoDB, no_backoff: list[float]) -> None:
    limiter = AdaptiveRate(max_rcu=100, max_wcu=50)
    detector = HotPartitionDetector(writes_threshold=100, reads_threshold=100, window_seconds=60)
    client = DynamoDBClient(region=REGION, rate_limit=limiter, diagnostics=detector, max_retries=1)
    make_table(client, "busy")
    db.faults.add("ProvisionedThroughputExceededException", operation="PutItem", table="busy", times=2)
    client.sync_put_item("busy", {"pk": "a"})
    assert db.item_count("busy") == 1 and no_backoff == [0.1, 0.2]
    # Each attempt is charged and counted again; each throttle takes 20% off both rates.
    assert (limiter.throttle_count, limiter.consumed_wcu, detector.get_write_count("busy", "a")) == (2, 3.0, 3)
    assert (limiter.current_wcu, limiter.current_rcu) == (pytest.approx(16.0), pytest.approx(32.0))


def test_retries_give_up_after_ten_attempts(db: MockDynamoDB, no_backoff: list[float]) -> None:
    client = DynamoDBClient(region=REGION, rate_limit=FixedRate(wcu=1000), max_retries=1)
    make_table(client, "jammed")
    db.faults.add("ProvisionedThroughputExceededException", operation="BatchWriteItem", times=None)
    with pytest.raises(ProvisionedThroughputExceededException):
        client.sync_batch_write("jammed", put_items=[{"pk": "a"}])
    assert no_backoff == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0]
    assert client.rate_limit is not None and client.rate_limit.throttle_count == 10


def test_no_retry_without_a_limiter_nor_for_queries(db: MockDynamoDB, no_backoff: list[float]) -> None:
    plain = DynamoDBClient(region=REGION, max_retries=1)
    make_table(plain, "strict")
    db.faults.add("ProvisionedThroughputExceededException", operation="PutItem", times=1)
    with pytest.raises(ProvisionedThroughputExceededException):
        plain.sync_put_item("strict", {"pk": "a"})
    limiter = FixedRate(rcu=100)
    limited = DynamoDBClient(region=REGION, rate_limit=limiter, max_retries=1)
    db.faults.add("ProvisionedThroughputExceededException", operation="Query", times=1)
    with pytest.raises(ProvisionedThroughputExceededException):
        list(limited.sync_query("strict", key_condition_expression="pk = :p", expression_attribute_values={":p": "a"}))
    assert no_backoff == [] and limiter.throttle_count == 0


# -- hot partitions ------------------------------------------------------------------------------


def test_model_config_thresholds_reach_the_clients_detector(
    db: MockDynamoDB, caplog: pytest.LogCaptureFixture
) -> None:
    detector = HotPartitionDetector(writes_threshold=100, reads_threshold=100, window_seconds=60)
    client = DynamoDBClient(region=REGION, diagnostics=detector)
    make_table(client, "hot")

    class Hot(Model):
        model_config = ModelConfig(table="hot", client=client, hot_partition_writes=2)
        pk = StringAttribute(partition_key=True)

    with caplog.at_level(logging.WARNING, logger="pydynox.diagnostics"):
        Hot(pk="h").sync_save()
        assert caplog.records == []
        with pytest.raises(ConditionalCheckFailedException):  # a failed write counts too: it was sent
            Hot(pk="h").sync_save(condition=Hot.pk.not_exists())
    assert [record.getMessage() for record in caplog.records] == [
        'Hot partition detected - table="hot" pk="h" had 2 writes in 60s'
    ]
    caplog.clear()
    detector.clear()  # forgets the counts and the tables' thresholds, as 1.8 does
    with caplog.at_level(logging.WARNING, logger="pydynox.diagnostics"):
        for _ in range(3):
            Hot(pk="h").sync_save()
            Hot.sync_get(pk="h")
    assert caplog.records == [] and detector.get_write_count("hot", "h") == 3 == detector.get_read_count("hot", "h")
