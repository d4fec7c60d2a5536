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
  ``pydynox_seed``.

Whatever a test leaves active (a factory backend entered without ``with``)
is left when the fixture is torn down. ``python -m pytest -p no:pydynox``
switches the plugin off.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pydynox.testing.memory import MemoryBackend, active_backends, leave_backends_entered_after

__all__ = [
    "pydynox_memory_backend",
    "pydynox_memory_backend_factory",
    "pydynox_memory_backend_seeded",
    "pydynox_seed",
    "pydynox_streams",
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
