"""pydynox: a DynamoDB ORM with async-first models, on botocore.

A pure-Python implementation of the pydynox API: models, conditions, atomic
updates, query and scan, indexes, batches and transactions. Every I/O method
is a coroutine with a blocking ``sync_`` twin.
"""

from __future__ import annotations

from importlib import metadata as _metadata

from pydynox.batch_operations import BatchWriter, SyncBatchWriter
from pydynox.client import DynamoDBClient
from pydynox.conditions import Condition
from pydynox.config import ModelConfig, clear_default_client, get_default_client, set_default_client
from pydynox.generators import AutoGenerate
from pydynox.model import Model
from pydynox.transaction import SyncTransaction, Transaction

_VERSION: str | None = None


def _version() -> str:
    """The version of the installed distribution that ships this package (looked up once, on demand)."""
    global _VERSION
    if _VERSION is None:
        _VERSION = "0.0.0"
        try:
            _VERSION = _metadata.version("pydynox")
        except _metadata.PackageNotFoundError:
            # Shipped by another distribution (this repository's is "pydynox-py"): ask which.
            for name in _metadata.packages_distributions().get("pydynox") or ():
                try:
                    _VERSION = _metadata.version(name)
                    break
                except _metadata.PackageNotFoundError:
                    continue
    return _VERSION


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'pydynox' has no attribute {name!r}")


def version_info() -> tuple[int, ...]:
    """`__version__` as a tuple of its leading numbers, e.g. ``(0, 1, 0)``."""
    numbers = []
    for part in _version().split("."):
        digits = "".join(char for char in part if char.isdigit()) if part[:1].isdigit() else ""
        if not digits:
            break
        numbers.append(int(digits))
    return tuple(numbers)


__all__ = [
    "AutoGenerate",
    "BatchWriter",
    "Condition",
    "DynamoDBClient",
    "Model",
    "ModelConfig",
    "SyncBatchWriter",
    "SyncTransaction",
    "Transaction",
    "__version__",
    "clear_default_client",
    "get_default_client",
    "set_default_client",
    "version_info",
]
