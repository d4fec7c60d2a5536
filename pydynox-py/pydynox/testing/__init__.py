"""Test pydynox code without DynamoDB: `MemoryBackend` and the pytest fixtures.

Nothing here is imported by ``import pydynox``; production code (a Lambda
cold start) never pays for it. Importing it imports fakedynamo, the
in-memory DynamoDB the backend runs on.

- ``MemoryBackend(seed=None, strict=True)``: a context manager and a
  decorator that answers every DynamoDB call in the process from memory;
- ``pydynox.testing.memory``: also ``memory_backend()``, ``MemoryClient``;
- ``pydynox.testing.pytest_plugin``: the fixtures ``pydynox_memory_backend``,
  ``pydynox_memory_backend_factory``, ``pydynox_memory_backend_seeded`` and
  ``pydynox_seed``, registered with pytest by the package's ``pytest11``
  entry point (nothing to import, no conftest.py).
"""

from pydynox.testing.memory import MemoryBackend

__all__ = ["MemoryBackend"]
