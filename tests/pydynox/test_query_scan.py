"""Query and scan, model- and client-level: key conditions, filters, limit vs page size, pagination."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import MapAttribute, NumberAttribute, StringAttribute
from pydynox.exceptions import ValidationException
from pydynox.model import AsyncModelQueryResult, AsyncModelScanResult, ModelQueryResult, ModelScanResult
from pydynox.query import AsyncQueryResult, AsyncScanResult, QueryResult, ScanResult
from tests.pydynox.conftest import make_table

pytestmark = pytest.mark.engine_ops("Query", "Scan")


class Order(Model):
    model_config = ModelConfig(table="orders")
    pk = StringAttribute(partition_key=True)
    sk = StringAttribute(sort_key=True)
    status = StringAttribute(alias="st")
    total = NumberAttribute()
    address = MapAttribute()


@pytest.fixture
def orders(client: DynamoDBClient) -> DynamoDBClient:
    make_table(client, "orders", sort_key=True)
    for number in range(10):
        client.sync_put_item(
            "orders",
            {
                "pk": "C1",
                "sk": f"O#{number:02d}",
                "st": "open" if number % 2 else "done",
                "total": number * 10,
                "address": {"city": f"c{number}", "zip": "z"},
            },
        )
    client.sync_put_item("orders", {"pk": "C2", "sk": "O#00", "st": "open", "total": 1})
    return client


def keys(results: Any) -> list[str]:
    return [item.sk if isinstance(item, Model) else item["sk"] for item in results]


def test_query_partition_in_sort_order_and_reverse(orders: DynamoDBClient) -> None:
    result = Order.sync_query("C1")
    assert isinstance(result, ModelQueryResult)
    items = list(result)
    assert all(isinstance(item, Order) for item in items)
    assert keys(items) == [f"O#{n:02d}" for n in range(10)]
    assert keys(Order.sync_query(partition_key="C1", scan_index_forward=False))[:2] == ["O#09", "O#08"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Order.sk == "O#03", ["O#03"]),
        (Order.sk < "O#02", ["O#00", "O#01"]),
        (Order.sk <= "O#01", ["O#00", "O#01"]),
        (Order.sk > "O#08", ["O#09"]),
        (Order.sk >= "O#08", ["O#08", "O#09"]),
        (Order.sk.between("O#04", "O#06"), ["O#04", "O#05", "O#06"]),
        (Order.sk.begins_with("O#0"), [f"O#{n:02d}" for n in range(10)]),
    ],
)
def test_sort_key_conditions(orders: DynamoDBClient, condition: Any, expected: list[str]) -> None:
    assert keys(Order.sync_query("C1", sort_key_condition=condition)) == expected


def test_filters_share_placeholders_with_the_key_condition(orders: DynamoDBClient) -> None:
    found = Order.sync_query(
        "C1", sort_key_condition=Order.sk >= "O#05", filter_condition=(Order.status == "open") & (Order.total > 50)
    )
    assert keys(found) == ["O#07", "O#09"]
    assert keys(Order.sync_query("C1", filter_condition=Order.address["city"] == "c3")) == ["O#03"]


def test_limit_counts_items_and_page_size_sets_request_limit(orders: DynamoDBClient) -> None:
    assert len(list(Order.sync_query("C1", limit=3))) == 3
    assert len(list(Order.sync_query("C1", page_size=3))) == 10
    assert len(list(Order.sync_query("C1", limit=7, page_size=3))) == 7
    # With a filter, pages that match nothing do not end the iteration.
    assert keys(Order.sync_query("C1", page_size=2, filter_condition=Order.total == 90)) == ["O#09"]


def test_resuming_from_last_evaluated_key(orders: DynamoDBClient) -> None:
    first = Order.sync_query("C1", limit=4, page_size=4)
    assert first.last_evaluated_key is None  # nothing fetched yet
    assert keys(first) == ["O#00", "O#01", "O#02", "O#03"]
    assert first.last_evaluated_key == {"pk": "C1", "sk": "O#03"}
    second = Order.sync_query("C1", limit=4, page_size=4, last_evaluated_key=first.last_evaluated_key)
    assert keys(second) == ["O#04", "O#05", "O#06", "O#07"]
    rest = Order.sync_query("C1", last_evaluated_key=second.last_evaluated_key)
    assert keys(rest) == ["O#08", "O#09"] and rest.last_evaluated_key is None


def test_results_are_lazy_single_pass_and_have_first(orders: DynamoDBClient, db: Any) -> None:
    result = Order.sync_query("C1")
    assert iter(result) is result
    assert result.first().sk == "O#00"
    assert next(result).sk == "O#01"
    assert Order.sync_query("nobody").first() is None


def test_as_dict_fields_and_consistent_read(orders: DynamoDBClient) -> None:
    raw = list(Order.sync_query("C2", as_dict=True))
    assert raw == [{"pk": "C2", "sk": "O#00", "st": "open", "total": 1}]
    projected = Order.sync_query("C1", fields=["sk", "status", "address.city"], consistent_read=True).first()
    assert (projected.sk, projected.status, projected.address, projected.pk, projected.total) == (
        "O#00",
        "done",
        {"city": "c0"},
        None,
        None,
    )


def test_query_needs_a_partition_key(orders: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match="partition_key is required"):
        Order.sync_query()
    with pytest.raises(ValidationException):  # DynamoDB refuses a key condition on a non-key attribute
        list(Order.sync_query("C1", sort_key_condition=Order.total > 1))


def test_scan_count_and_parallel_scan(orders: DynamoDBClient, twin: Any) -> None:
    result = Order.sync_scan()
    assert isinstance(result, ModelScanResult)
    assert len(list(result)) == 11
    assert keys(Order.sync_scan(filter_condition=Order.pk == "C2")) == ["O#00"]
    assert len(list(Order.sync_scan(limit=5, page_size=2))) == 5
    assert len(list(Order.sync_scan(page_size=3, filter_condition=Order.total > 80))) == 1
    segments = [keys(Order.sync_scan(segment=s, total_segments=3)) for s in range(3)]
    assert sorted(sum(segments, [])) == sorted(keys(Order.sync_scan()))

    count, metrics = twin(Order, "count")
    assert count == 11 and metrics.items_count == 11 and metrics.consumed_rcu is not None
    assert twin(Order, "count", filter_condition=Order.status == "open")[0] == 6

    items, metrics = twin(Order, "parallel_scan", 4)
    assert len(items) == 11 and all(isinstance(item, Order) for item in items)
    assert metrics.items_count == metrics.scanned_count == 11 and metrics.consumed_rcu is None
    dicts, _ = twin(Order, "parallel_scan", 2, filter_condition=Order.total >= 80, as_dict=True)
    assert sorted(item["sk"] for item in dicts) == ["O#08", "O#09"]
    with pytest.raises(ValueError):
        twin(Order, "parallel_scan", 0)


@pytest.mark.asyncio
async def test_async_model_query_and_scan(orders: DynamoDBClient) -> None:
    assert not inspect.iscoroutinefunction(Order.query) and not inspect.iscoroutinefunction(Order.scan)
    result = Order.query("C1", limit=3)
    assert isinstance(result, AsyncModelQueryResult) and result.__aiter__() is result
    assert keys([item async for item in result]) == ["O#00", "O#01", "O#02"]
    assert result.last_evaluated_key == {"pk": "C1", "sk": "O#02"}
    first = await Order.query("C1", scan_index_forward=False).first()
    assert first.sk == "O#09"
    assert await Order.query("nobody").first() is None
    scan = Order.scan(filter_condition=Order.total >= 80, page_size=4)
    assert isinstance(scan, AsyncModelScanResult)
    assert sorted(keys([item async for item in scan])) == ["O#08", "O#09"]
    count, _ = await Order.count()
    items, _ = await Order.parallel_scan(3)
    assert count == len(items) == 11


def test_client_query_and_scan(orders: DynamoDBClient) -> None:
    result = orders.sync_query(
        "orders",
        "#p = :p AND begins_with(#s, :s)",
        filter_expression="#t > :t",
        expression_attribute_names={"#p": "pk", "#s": "sk", "#t": "total"},
        expression_attribute_values={":p": "C1", ":s": "O#", ":t": 60},
        page_size=2,
    )
    assert isinstance(result, QueryResult)
    assert keys(result) == ["O#07", "O#08", "O#09"]
    limited = orders.sync_query(
        "orders",
        "pk = :p",
        expression_attribute_values={":p": "C1"},
        limit=2,
        scan_index_forward=False,
        projection_expression="sk",
        consistent_read=True,
    )
    assert list(limited) == [{"sk": "O#09"}, {"sk": "O#08"}]
    assert limited.last_evaluated_key == {"pk": "C1", "sk": "O#08"}
    scan = orders.sync_scan("orders", filter_expression="st = :s", expression_attribute_values={":s": "open"})
    assert isinstance(scan, ScanResult) and len(list(scan)) == 6
    assert orders.sync_count("orders")[0] == 11
    assert orders.sync_count("orders", filter_expression="st = :s", expression_attribute_values={":s": "done"})[0] == 5
    items, metrics = orders.sync_parallel_scan(
        "orders", 3, filter_expression="pk = :p", expression_attribute_values={":p": "C2"}
    )
    assert items == [{"pk": "C2", "sk": "O#00", "st": "open", "total": 1}] and metrics.items_count == 1


@pytest.mark.asyncio
async def test_client_async_results_and_to_list(orders: DynamoDBClient) -> None:
    result = orders.query("orders", "pk = :p", expression_attribute_values={":p": "C1"}, limit=4, page_size=3)
    assert isinstance(result, AsyncQueryResult)
    assert keys(await result.to_list()) == ["O#00", "O#01", "O#02", "O#03"]
    scan = orders.scan("orders", page_size=4)
    assert isinstance(scan, AsyncScanResult)
    assert (await scan.first())["pk"] in ("C1", "C2")
    assert len(await scan.to_list()) == 10
    count, _ = await orders.count("orders")
    items, _ = await orders.parallel_scan("orders", 2)
    assert count == len(items) == 11
    resumed = orders.scan("orders", limit=5, page_size=5)
    await resumed.to_list()
    rest = await orders.scan("orders", last_evaluated_key=resumed.last_evaluated_key).to_list()
    assert len(rest) == 6


def test_awaiting_a_query_is_a_type_error(orders: DynamoDBClient) -> None:
    async def misuse() -> None:
        await Order.query("C1")  # type: ignore[misc]

    with pytest.raises(TypeError):
        asyncio.run(misuse())
