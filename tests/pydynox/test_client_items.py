"""DynamoDBClient item operations on native values, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pydynox import DynamoDBClient
from pydynox._metrics import ModelMetrics
from pydynox.exceptions import ConditionalCheckFailedException, ResourceNotFoundException, ValidationException
from pydynox.pydynox_core import OperationMetrics
from tests.pydynox.conftest import make_table

USER = {
    "pk": "USER#1",
    "sk": "PROFILE",
    "name": "Ada",
    "age": 36,
    "score": 1.5,
    "tags": {"a", "b"},
    "meta": {"city": "London", "langs": ["en", "fr"]},
    "blob": b"\x01",
    "ok": True,
    "none": None,
}
KEY = {"pk": "USER#1", "sk": "PROFILE"}


@pytest.fixture
def users(client: DynamoDBClient) -> DynamoDBClient:
    make_table(client, "users", sort_key=True)
    return client


def test_put_then_get_round_trips_native_values(users: DynamoDBClient, twin: Any) -> None:
    metrics = twin(users, "put_item", "users", USER)
    assert isinstance(metrics, OperationMetrics)
    assert metrics.consumed_wcu == 1.0 and metrics.consumed_rcu is None and metrics.duration_ms > 0
    assert metrics.request_id
    assert twin(users, "get_item", "users", KEY) == USER


def test_get_missing_is_none_and_consistent_read_and_projection(users: DynamoDBClient, twin: Any) -> None:
    assert twin(users, "get_item", "users", {"pk": "nobody", "sk": "x"}) is None
    users.sync_put_item("users", USER)
    item = twin(users, "get_item", "users", KEY, consistent_read=True, projection=["name", "meta.city"])
    assert item == {"name": "Ada", "meta": {"city": "London"}}
    assert users.get_last_metrics().consumed_rcu == 1.0  # type: ignore[union-attr]


def test_put_condition_failure_carries_the_old_item_when_asked(users: DynamoDBClient, twin: Any) -> None:
    users.sync_put_item("users", USER)
    with pytest.raises(ConditionalCheckFailedException) as caught:
        twin(users, "put_item", "users", KEY, condition_expression="attribute_not_exists(pk)")
    assert caught.value.item is None
    assert str(caught.value) == "The condition expression evaluated to false"
    with pytest.raises(ConditionalCheckFailedException) as caught:
        twin(
            users,
            "put_item",
            "users",
            KEY,
            condition_expression="#n = :v",
            expression_attribute_names={"#n": "name"},
            expression_attribute_values={":v": "Bob"},
            return_values_on_condition_check_failure=True,
        )
    assert caught.value.item == USER


def test_put_and_delete_return_old_item(users: DynamoDBClient, twin: Any) -> None:
    assert twin(users, "put_item", "users", USER, return_values="ALL_OLD") is None
    assert twin(users, "put_item", "users", {**KEY, "v": 2}, return_values="ALL_OLD") == USER
    assert isinstance(twin(users, "put_item", "users", {**KEY, "v": 3}, return_values="NONE"), OperationMetrics)
    assert twin(users, "delete_item", "users", KEY, return_values="ALL_OLD") == {**KEY, "v": 3}
    assert twin(users, "delete_item", "users", KEY, return_values="ALL_OLD") is None


def test_invalid_return_values_raise_value_error(users: DynamoDBClient) -> None:
    with pytest.raises(ValueError):
        users.sync_put_item("users", USER, return_values="ALL_NEW")
    with pytest.raises(ValueError):
        users.sync_update_item("users", KEY, updates={"a": 1}, return_values="EVERYTHING")


def test_delete_with_condition(users: DynamoDBClient, twin: Any) -> None:
    users.sync_put_item("users", USER)
    assert isinstance(twin(users, "delete_item", "users", {"pk": "missing", "sk": "x"}), OperationMetrics)
    with pytest.raises(ConditionalCheckFailedException) as caught:
        twin(
            users,
            "delete_item",
            "users",
            KEY,
            condition_expression="age > :a",
            expression_attribute_values={":a": 50},
            return_values_on_condition_check_failure=True,
        )
    assert caught.value.item == USER
    twin(users, "delete_item", "users", KEY, condition_expression="age < :a", expression_attribute_values={":a": 50})
    assert users.sync_get_item("users", KEY) is None


def test_update_with_updates_dict_and_return_values(users: DynamoDBClient, twin: Any) -> None:
    users.sync_put_item("users", {**KEY, "name": "Alice", "age": 25, "status": "active"})
    assert twin(users, "update_item", "users", KEY, updates={"name": "Bob", "age": 30}, return_values="ALL_NEW") == {
        **KEY,
        "name": "Bob",
        "age": 30,
        "status": "active",
    }
    assert twin(users, "update_item", "users", KEY, updates={"age": 35}, return_values="UPDATED_NEW") == {"age": 35}
    assert twin(users, "update_item", "users", KEY, updates={"age": 40}, return_values="UPDATED_OLD") == {"age": 35}
    old = twin(users, "update_item", "users", KEY, updates={"name": None}, return_values="ALL_OLD")
    assert old["name"] == "Bob"
    assert users.sync_get_item("users", KEY)["name"] is None  # type: ignore[index]  # None is written as NULL


def test_update_expression_with_condition_and_own_placeholders(users: DynamoDBClient, twin: Any) -> None:
    users.sync_put_item("users", {**KEY, "count": 1})
    twin(
        users,
        "update_item",
        "users",
        KEY,
        update_expression="SET #c = #c + :one",
        condition_expression="#c < :max",
        expression_attribute_names={"#c": "count"},
        expression_attribute_values={":one": 1, ":max": 5},
    )
    assert users.sync_get_item("users", KEY)["count"] == 2  # type: ignore[index]
    # updates= and the caller's own condition placeholders share one request
    twin(
        users,
        "update_item",
        "users",
        KEY,
        updates={"count": 10},
        condition_expression="#c = :two",
        expression_attribute_names={"#c": "count"},
        expression_attribute_values={":two": 2},
    )
    assert users.sync_get_item("users", KEY)["count"] == 10  # type: ignore[index]
    with pytest.raises(ConditionalCheckFailedException) as caught:
        twin(
            users,
            "update_item",
            "users",
            KEY,
            updates={"count": 0},
            condition_expression="#c = :two",
            expression_attribute_names={"#c": "count"},
            expression_attribute_values={":two": 2},
            return_values_on_condition_check_failure=True,
        )
    assert caught.value.item == {**KEY, "count": 10}


def test_update_needs_updates_or_expression(users: DynamoDBClient) -> None:
    with pytest.raises(ValueError, match="Either 'updates' or 'update_expression' must be provided"):
        users.sync_update_item("users", KEY)


def test_errors_are_mapped(users: DynamoDBClient, twin: Any) -> None:
    with pytest.raises(ResourceNotFoundException, match="Table 'nope' not found"):
        twin(users, "get_item", "nope", KEY)
    with pytest.raises(ValidationException):
        twin(users, "get_item", "users", {"pk": "only-half-the-key"})
    with pytest.raises(TypeError, match="Unsupported type"):
        twin(users, "put_item", "users", {**KEY, "bad": (1, 2)})
    with pytest.raises(ValueError, match="empty sets"):
        twin(users, "put_item", "users", {**KEY, "bad": set()})


@pytest.mark.engine_ops("Scan")
def test_client_metrics_cover_item_operations_only(users: DynamoDBClient) -> None:
    users.reset_metrics()
    assert users.get_last_metrics() is None
    users.sync_put_item("users", USER)
    users.sync_get_item("users", KEY)
    users.sync_update_item("users", KEY, updates={"age": 1})
    users.sync_delete_item("users", KEY)
    total = users.get_total_metrics()
    assert isinstance(total, ModelMetrics)
    assert (total.put_count, total.get_count, total.update_count, total.delete_count) == (1, 1, 1, 1)
    assert total.operation_count == 4 and total.total_wcu == 3.0 and total.total_rcu == 0.5
    assert total.total_duration_ms > 0
    list(users.sync_scan("users"))
    assert users.get_total_metrics().operation_count == 4
    users.reset_metrics()
    assert users.get_total_metrics().operation_count == 0


def test_operation_metrics_shape() -> None:
    metrics = OperationMetrics(duration_ms=7.234)
    assert metrics.duration_ms == 7.234 and metrics.consumed_rcu is None and metrics.items_count is None
    assert repr(metrics) == "OperationMetrics(duration_ms=7.23)"
    assert repr(OperationMetrics._of(1.0, wcu=1.0)) == "OperationMetrics(duration_ms=1.00, wcu=1.0)"
    with pytest.raises(AttributeError):
        metrics.duration_ms = 1  # type: ignore[misc]


def test_ping_and_region(client: DynamoDBClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.ping() is True
    assert DynamoDBClient(region="eu-west-1").get_region() == "eu-west-1"
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert DynamoDBClient().get_region() == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    assert DynamoDBClient().get_region() == "ap-south-1"
    monkeypatch.setenv("AWS_REGION", "sa-east-1")
    assert DynamoDBClient().get_region() == "sa-east-1"


def test_requests_go_to_the_clients_region(db: Any) -> None:
    eu = DynamoDBClient(region="eu-west-1")
    make_table(eu, "regional")
    assert eu.sync_table_exists("regional")
    assert not DynamoDBClient(region="us-west-2").sync_table_exists("regional")
    assert db.table_names(region="eu-west-1") == ["regional"]


@pytest.mark.asyncio
async def test_async_item_methods_are_coroutines(users: DynamoDBClient) -> None:
    assert asyncio.iscoroutinefunction(DynamoDBClient.put_item)
    await users.put_item("users", USER)
    assert await users.get_item("users", KEY) == USER
    await users.update_item("users", KEY, updates={"age": 37})
    await users.delete_item("users", KEY)
    assert await users.get_item("users", KEY) is None
