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
  ``pydynox_kwargs()`` and ``db`` for inspection. It serves from a child
  process (``python -m fakedynamo serve``), started once for the session:
  a server on a thread of the test process never answers a client that keeps
  the GIL while it waits (the real pydynox 1.8's ``sync_table_exists`` does),
  and one in a child process answers every client. Each test starts from
  empty tables. A test marked ``@pytest.mark.fakedynamo_in_process`` gets a
  server on a thread instead, whose ``db`` is a `MockDynamoDB`: the
  ``fakedynamo`` fixture's, when the test uses that too, so in-process
  botocore clients and HTTP clients share its tables.
- ``fakedynamo_pydynox``: ``fakedynamo_server``, with the installed pydynox
  (the real one or pydynox-py) pointed at it as its default client for the
  test; the value is that client. With the real (compiled) pydynox it
  refuses the ``fakedynamo_in_process`` mark, under which
  ``sync_table_exists`` would hang.

``pytest --fakedynamo-hostile`` runs the suite with every adversarial mode
on in the ``fakedynamo`` fixture (pages of one item, unprocessed batches, stale
eventually consistent reads; see `fakedynamo.hostile`).

Loading the plugin imports fakedynamo, which is what makes clients that test
modules create at import time answerable by the ``fakedynamo`` fixture.
"""

from __future__ import annotations

import importlib
import importlib.machinery
from typing import Any, Iterator

import pytest

from fakedynamo.mock import MockDynamoDB, mock_dynamodb
from fakedynamo.served import ServedDynamoDB, serve_dynamodb

IN_PROCESS_MARK = "fakedynamo_in_process"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fakedynamo-hostile", action="store_true",
                     help="fakedynamo fixture: every adversarial mode on (short pages, unprocessed batches, stale reads)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{IN_PROCESS_MARK}: fakedynamo_server serves from a thread of the test process (sharing the fakedynamo"
        " fixture's state when the test uses it) instead of a child process",
    )


@pytest.fixture
def fakedynamo(request: pytest.FixtureRequest) -> Iterator[MockDynamoDB]:
    """A new, empty fake DynamoDB answering every botocore and aiobotocore DynamoDB client during the test."""
    with mock_dynamodb() as db:
        if request.config.getoption("--fakedynamo-hostile", default=False):
            db.hostile()
        yield db


# Started once, when a test first asks: starting a server costs a process (or a thread),
# resetting its state between tests costs one admin request.
@pytest.fixture(scope="session")
def _fakedynamo_child_server() -> Iterator[ServedDynamoDB]:
    with serve_dynamodb(child_process=True) as server:
        yield server


@pytest.fixture(scope="session")
def _fakedynamo_thread_server() -> Iterator[ServedDynamoDB]:
    with serve_dynamodb() as server:
        yield server


@pytest.fixture
def fakedynamo_server(request: pytest.FixtureRequest) -> Iterator[ServedDynamoDB]:
    """A fake DynamoDB served over HTTP on 127.0.0.1, empty at the start of the test."""
    if request.node.get_closest_marker(IN_PROCESS_MARK) is None:
        server: ServedDynamoDB = request.getfixturevalue("_fakedynamo_child_server")
    elif "fakedynamo" in request.fixturenames:
        # The test's own mock, served for the test: it is already empty.
        with serve_dynamodb(request.getfixturevalue("fakedynamo")) as served:
            yield served
        return
    else:
        server = request.getfixturevalue("_fakedynamo_thread_server")
    server.reset()
    yield server


@pytest.fixture
def fakedynamo_pydynox(fakedynamo_server: ServedDynamoDB) -> Iterator[Any]:
    """A pydynox ``DynamoDBClient`` on `fakedynamo_server`, the default client of every model during the test."""
    # Imported here, not at the top: fakedynamo does not depend on pydynox, and
    # this serves whichever pydynox is installed (the real one or pydynox-py).
    pydynox = importlib.import_module("pydynox")
    config = importlib.import_module("pydynox.config")
    if not fakedynamo_server.child_process and _is_compiled_pydynox():
        pytest.fail(
            f"the real pydynox cannot be served from the test's own process ({IN_PROCESS_MARK}):"
            " its sync_table_exists keeps the GIL while it waits, so the server's thread never answers it."
            " Drop the mark; seed tables through fakedynamo_server.db or botocore_kwargs() instead.",
            pytrace=False,
        )
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


def _is_compiled_pydynox() -> bool:
    """Whether the installed pydynox is the real one, whose core is a compiled extension module."""
    try:
        core = importlib.import_module("pydynox.pydynox_core")
    except ImportError:
        return False
    origin = getattr(core, "__file__", None) or ""
    return origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
