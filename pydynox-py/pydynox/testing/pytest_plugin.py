"""pydynox's pytest fixtures, registered through the ``pytest11`` entry point ``pydynox``.

Installing the package is enough: the fixtures need no import and no
conftest.py. Each is function-scoped and a plain (sync) fixture, so it serves
sync and async tests alike, and each test starts from empty tables:

- ``pydynox_memory_backend``: an active `MemoryBackend` with no data;
- ``pydynox_memory_backend_factory``: the `MemoryBackend` class, for
  ``with pydynox_memory_backend_factory(seed={...}):`` inside the test;
- ``pydynox_seed``: ``{}``; override it (conftest.py, a test module or a
  class) to give ``pydynox_memory_backend_seeded`` its data;
- ``pydynox_memory_backend_seeded``: an active `MemoryBackend` seeded with
  ``pydynox_seed``;
- ``pydynox_session_seed`` (session-scoped): ``{}``; override it to give
  ``pydynox_seeded_database`` its data;
- ``pydynox_seeded_database`` (session-scoped): a `fakedynamo.MockDynamoDB`
  seeded once per session (override it to seed another way);
- ``pydynox_memory_backend_forked``: an active `MemoryBackend` answering from
  a copy-on-write fork of ``pydynox_seeded_database``: seed once, fork per test.

Whatever a test leaves active (a factory backend entered without ``with``)
is left when the fixture is torn down. ``python -m pytest -p no:pydynox``
switches the plugin off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakedynamo import MockDynamoDB
from pydynox.testing.memory import MemoryBackend, active_backends, leave_backends_entered_after

__all__ = [
    "pydynox_memory_backend",
    "pydynox_memory_backend_factory",
    "pydynox_memory_backend_forked",
    "pydynox_memory_backend_seeded",
    "pydynox_seed",
    "pydynox_streams",
    "pydynox_seeded_database",
    "pydynox_session_seed",
]


@pytest.fixture
def pydynox_memory_backend() -> Iterator[MemoryBackend]:
    """An in-memory DynamoDB for the test: empty tables, created when first used."""
    depth = len(active_backends())
    try:
        with MemoryBackend() as backend:
            yield backend
    finally:
        leave_backends_entered_after(depth)


@pytest.fixture
def pydynox_memory_backend_factory() -> Iterator[type[MemoryBackend]]:
    """The MemoryBackend class: ``with pydynox_memory_backend_factory(seed={...}):`` in the test."""
    depth = len(active_backends())
    try:
        yield MemoryBackend
    finally:
        leave_backends_entered_after(depth)


@pytest.fixture
def pydynox_seed() -> dict[str, list[dict[str, Any]]]:
    """Seed data for ``pydynox_memory_backend_seeded``: override this fixture to give some."""
    return {}


@pytest.fixture
def pydynox_memory_backend_seeded(pydynox_seed: dict[str, list[dict[str, Any]]]) -> Iterator[MemoryBackend]:
    """An in-memory DynamoDB for the test, holding the ``pydynox_seed`` data."""
    depth = len(active_backends())
    try:
        with MemoryBackend(seed=pydynox_seed) as backend:
            yield backend
    finally:
        leave_backends_entered_after(depth)


@pytest.fixture
def pydynox_streams(pydynox_memory_backend: MemoryBackend) -> Any:
    """A `pydynox.testing.streams.StreamTap` over ``pydynox_memory_backend``: stream records, handlers, the clock."""
    from pydynox.testing.streams import StreamTap

    return StreamTap(pydynox_memory_backend)


@pytest.fixture(scope="session")
def pydynox_session_seed() -> dict[str, list[dict[str, Any]]]:
    """Seed data for ``pydynox_seeded_database``, written once per session: override this fixture to give some."""
    return {}


@pytest.fixture(scope="session")
def pydynox_seeded_database(pydynox_session_seed: dict[str, list[dict[str, Any]]]) -> MockDynamoDB:
    """A fake DynamoDB holding ``pydynox_session_seed``, seeded once per session; tests get forks of it."""
    depth = len(active_backends())
    try:
        with MemoryBackend(seed=pydynox_session_seed) as backend:
            return backend.mock.fork()
    finally:
        leave_backends_entered_after(depth)


@pytest.fixture
def pydynox_memory_backend_forked(pydynox_seeded_database: MockDynamoDB) -> Iterator[MemoryBackend]:
    """An in-memory DynamoDB for the test: a copy-on-write fork of the session's seeded database."""
    depth = len(active_backends())
    try:
        with MemoryBackend(base=pydynox_seeded_database) as backend:
            yield backend
    finally:
        leave_backends_entered_after(depth)
