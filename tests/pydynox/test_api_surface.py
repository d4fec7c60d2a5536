"""The API's shape: async methods and their sync twins, signatures, import paths."""

from __future__ import annotations

import inspect

import pytest

from pydynox import DynamoDBClient, Model
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex
from tests.pydynox.conftest import engine_implements

ITERATOR_METHODS = {"query", "scan"}  # plain methods returning async iterators
# Plain methods that check their arguments at once and return the coroutine to await (as 1.8's do).
CHECKED_COROUTINES = {"create_vector_index"}


def twins(cls: type) -> list[str]:
    return sorted(
        name[len("sync_") :]
        for name in dir(cls)
        if name.startswith("sync_") and not name.startswith("sync__") and hasattr(cls, name[len("sync_") :])
    )


@pytest.mark.parametrize("cls", [DynamoDBClient, Model, GlobalSecondaryIndex, LocalSecondaryIndex])
def test_every_sync_twin_has_the_same_signature_as_its_async_method(cls: type) -> None:
    names = twins(cls)
    assert names
    for name in names:
        asynchronous = getattr(cls, name)
        blocking = getattr(cls, f"sync_{name}")
        # Same parameters, names, kinds and defaults; only the return types differ.
        assert inspect.signature(asynchronous).parameters == inspect.signature(blocking).parameters, name
        if name in ITERATOR_METHODS or name in CHECKED_COROUTINES:
            assert not inspect.iscoroutinefunction(asynchronous), name
        else:
            assert inspect.iscoroutinefunction(asynchronous), name
        assert not inspect.iscoroutinefunction(blocking), name


def test_expected_twins_exist() -> None:
    assert set(twins(DynamoDBClient)) >= {
        "put_item", "get_item", "delete_item", "update_item", "query", "scan", "count", "parallel_scan",
        "batch_write", "batch_get", "transact_write", "transact_get", "create_table", "table_exists",
        "delete_table", "wait_for_table_active",
    }  # fmt: skip
    assert set(twins(Model)) >= {
        "get", "save", "delete", "update", "update_by_key", "delete_by_key", "batch_get", "count",
        "parallel_scan", "query", "scan", "create_table", "table_exists", "delete_table",
    }  # fmt: skip
    assert not hasattr(Model, "async_get") and not hasattr(Model, "sync_extend_ttl")


def test_the_engine_probe_behind_the_skip_guard() -> None:
    assert engine_implements("PutItem")
    assert not engine_implements("NoSuchOperation")
