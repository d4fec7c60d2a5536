"""The pytest plugin, registered through the ``pytest11`` entry point.

Its fixtures, each giving a test a fresh, empty fake DynamoDB:

- ``fakedynamo``: every botocore DynamoDB client (boto3 client and resource,
  PynamoDB, ...) and every aiobotocore one (aioboto3 client, resource,
  Table) talks to it in-process for the length of the test, sync or
  ``async def`` (the active mock is process-wide, so the event loop the test
  runs on sees it). The value is the `MockDynamoDB` handle, for inspecting
  or resetting what the test stored.
- ``fakedynamo_server``: the fake served over HTTP on 127.0.0.1, for clients
  with their own HTTP stack (the real pydynox, other SDKs, subprocesses).
  The value is a `ServedDynamoDB`: ``endpoint_url``, ``botocore_kwargs()``,
  ``pydynox_kwargs()`` and ``db`` for inspection. One server runs for the
  whole session; each test starts from empty tables.
- ``fakedynamo_pydynox``: ``fakedynamo_server``, with the installed pydynox
  (the real one or pydynox-py) pointed at it as its default client for the
  test; the value is that client.

``pytest --fakedynamo-hostile`` runs the suite with every adversarial mode
on in the ``fakedynamo`` fixture (pages of one item, unprocessed batches, stale
eventually consistent reads; see `fakedynamo.hostile`).

Loading the plugin imports fakedynamo, which is what makes clients that test
modules create at import time answerable by the ``fakedynamo`` fixture.
"""

from __future__ import annotations

import importlib
from typing import Any, Iterator

import pytest

from fakedynamo.mock import MockDynamoDB, mock_dynamodb
from fakedynamo.served import ServedDynamoDB, serve_dynamodb


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fakedynamo-hostile", action="store_true",
                     help="fakedynamo fixture: every adversarial mode on (short pages, unprocessed batches, stale reads)")


@pytest.fixture
def fakedynamo(request: pytest.FixtureRequest) -> Iterator[MockDynamoDB]:
    """A new, empty fake DynamoDB answering every botocore and aiobotocore DynamoDB client during the test."""
    with mock_dynamodb() as db:
        if request.config.getoption("--fakedynamo-hostile", default=False):
            db.hostile()
        yield db


@pytest.fixture(scope="session")
def _fakedynamo_session_server() -> Iterator[ServedDynamoDB]:
    # Started once: a server costs a socket and a thread, resetting its state costs nothing.
    with serve_dynamodb() as server:
        yield server


@pytest.fixture
def fakedynamo_server(_fakedynamo_session_server: ServedDynamoDB) -> Iterator[ServedDynamoDB]:
    """A fake DynamoDB served over HTTP on 127.0.0.1, empty at the start of the test."""
    _fakedynamo_session_server.reset()
    yield _fakedynamo_session_server


@pytest.fixture
def fakedynamo_pydynox(fakedynamo_server: ServedDynamoDB) -> Iterator[Any]:
    """A pydynox ``DynamoDBClient`` on `fakedynamo_server`, the default client of every model during the test."""
    # Imported here, not at the top: fakedynamo does not depend on pydynox, and
    # this serves whichever pydynox is installed (the real one or pydynox-py).
    pydynox = importlib.import_module("pydynox")
    config = importlib.import_module("pydynox.config")
    previous = config.get_default_client()
    client = pydynox.DynamoDBClient(**fakedynamo_server.pydynox_kwargs())
    config.set_default_client(client)
    try:
        yield client
    finally:
        if previous is None:
            config.clear_default_client()
        else:
            config.set_default_client(previous)
