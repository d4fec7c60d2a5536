"""The names upstream's native module exports that user code imports.

Upstream pydynox has a Rust extension here; this implementation is pure
Python, and this module re-exports the same exception classes (the very
objects of `pydynox.exceptions`) and `OperationMetrics`.
"""

from __future__ import annotations

from pydynox._metrics import OperationMetrics
from pydynox.exceptions import (
    AccessDeniedException,
    ConditionalCheckFailedException,
    ConnectionException,
    CredentialsException,
    EncryptionException,
    ItemTooLargeException,
    ProvisionedThroughputExceededException,
    PydynoxException,
    ResourceInUseException,
    ResourceNotFoundException,
    SerializationException,
    TransactionCanceledException,
    ValidationException,
)

__all__ = [
    "AccessDeniedException",
    "ConditionalCheckFailedException",
    "ConnectionException",
    "CredentialsException",
    "EncryptionException",
    "ItemTooLargeException",
    "OperationMetrics",
    "ProvisionedThroughputExceededException",
    "PydynoxException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "SerializationException",
    "TransactionCanceledException",
    "ValidationException",
]
