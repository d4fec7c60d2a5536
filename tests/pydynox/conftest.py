"""Fixtures for the pydynox tests: a fresh fakedynamo per test, one client for the session.

pydynox itself never imports fakedynamo; only these tests do. The client is
shared (botocore clients are costly to build) and is answered by whichever
fake is active, so each test still starts from an empty database.

Tests of operations the engine may not implement yet carry
``@pytest.mark.engine_ops("Query", ...)``: they are skipped, with a reason
saying so, while the engine answers UnknownOperationException for one of them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest

from fakedynamo import DynamoDBError, Engine, MockDynamoDB, mock_dynamodb
from pydynox import DynamoDBClient, Model, clear_default_client, set_default_client

REGION = "us-east-1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "engine_ops(*names): DynamoDB operations the test needs fakedynamo to implement")


@functools.cache
def engine_implements(operation: str) -> bool:
    """False while fakedynamo answers `operation` with UnknownOperationException."""
    try:
        Engine().execute(operation, {})
    except DynamoDBError as error:
        return error.code != "UnknownOperationException"
    return True


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("engine_ops"):
        missing = [name for name in marker.args if not engine_implements(name)]
        if missing:
            pytest.skip(f"fakedynamo does not implement {', '.join(missing)} yet (UnknownOperationException)")


def all_models(base: type = Model) -> Iterator[type]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from all_models(subclass)


def forget_model_clients() -> None:
    """Models cache the client they first used; tests start without that cache."""
    for model in all_models():
        model._client_instance = None
        model.reset_metrics()


@pytest.fixture(scope="session")
def shared_client() -> DynamoDBClient:
    return DynamoDBClient(region=REGION)


@pytest.fixture
def db() -> Iterator[MockDynamoDB]:
    """A fresh, empty fakedynamo for the test."""
    with mock_dynamodb() as fake:
        yield fake


@pytest.fixture
def client(db: MockDynamoDB, shared_client: DynamoDBClient) -> Iterator[DynamoDBClient]:
    """The default client, talking to this test's fresh fakedynamo."""
    forget_model_clients()
    shared_client.reset_metrics()
    set_default_client(shared_client)
    yield shared_client
    clear_default_client()
    forget_model_clients()


def make_table(client: DynamoDBClient, name: str, sort_key: bool = False, **options: Any) -> None:
    client.sync_create_table(name, partition_key=("pk", "S"), sort_key=("sk", "S") if sort_key else None, **options)


@pytest.fixture(params=["sync", "async"])
def twin(request: pytest.FixtureRequest) -> Any:
    """Call an I/O method by its base name, as ``sync_<name>`` or by awaiting ``<name>`` in a new event loop.

    ``twin(target, "put_item", ...)`` runs the same test against both twins.
    """
    import asyncio

    if request.param == "sync":

        def call(target: Any, method: str, /, *args: Any, **kwargs: Any) -> Any:
            return getattr(target, f"sync_{method}")(*args, **kwargs)

        return call

    async def run(target: Any, method: str, /, *args: Any, **kwargs: Any) -> Any:
        return await getattr(target, method)(*args, **kwargs)

    def call_async(target: Any, method: str, /, *args: Any, **kwargs: Any) -> Any:
        return asyncio.run(run(target, method, *args, **kwargs))

    return call_async
