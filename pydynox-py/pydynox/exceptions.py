"""pydynox's exceptions, and how DynamoDB's error codes map onto them.

Every class here is also exported by `pydynox.pydynox_core` (the same class
objects). Their ``__module__`` is ``"pydynox"``, as upstream's are.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AccessDeniedException",
    "ConditionalCheckFailedException",
    "ConnectionException",
    "CredentialsException",
    "EncryptionException",
    "IdempotentParameterMismatchException",
    "ItemTooLargeException",
    "LockLost",
    "LockNotAcquired",
    "LockReleaseError",
    "ProvisionedThroughputExceededException",
    "PydynoxException",
    "ResourceInUseException",
    "ResourceNotFoundException",
    "S3AttributeException",
    "SerializationException",
    "TransactionCanceledException",
    "ValidationException",
]


class PydynoxException(Exception):
    """Base class of every error pydynox raises for a failed DynamoDB call."""

    __module__ = "pydynox"


class ResourceNotFoundException(PydynoxException):
    """The table (or index) does not exist."""

    __module__ = "pydynox"


class ResourceInUseException(PydynoxException):
    """The table already exists, or is busy."""

    __module__ = "pydynox"


class ValidationException(PydynoxException):
    """DynamoDB rejected the request as invalid."""

    __module__ = "pydynox"


class ConditionalCheckFailedException(PydynoxException):
    """A condition expression was false.

    ``item`` holds the item as it was (a native dict) when the call asked for
    it with ``return_values_on_condition_check_failure=True``, else None.
    """

    __module__ = "pydynox"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Keyword: ``item`` (the item as it was, when ReturnValuesOnConditionCheckFailure asked for it).
        super().__init__(*args)
        self.item: dict[str, Any] | None = kwargs.get("item")


class TransactionCanceledException(PydynoxException):
    """A transaction was cancelled; ``str()`` is DynamoDB's message.

    ``cancellation_reasons`` (an addition to upstream's API) lists one entry
    per operation, in order: a dict with ``code``, ``message`` and ``item``
    (the old item when it was asked for and the condition failed), or None
    when DynamoDB gave no reason for that operation.
    """

    __module__ = "pydynox"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Keyword: ``cancellation_reasons``.
        super().__init__(*args)
        self.cancellation_reasons: list[dict[str, Any] | None] = kwargs.get("cancellation_reasons") or []


class ProvisionedThroughputExceededException(PydynoxException):
    """Throttled: the request rate is too high."""

    __module__ = "pydynox"


class AccessDeniedException(PydynoxException):
    """The credentials are not allowed to do this."""

    __module__ = "pydynox"


class CredentialsException(PydynoxException):
    """No credentials, or credentials AWS does not accept."""

    __module__ = "pydynox"


class SerializationException(PydynoxException):
    """Declared for compatibility; pydynox raises TypeError/ValueError for bad values."""

    __module__ = "pydynox"


class ConnectionException(PydynoxException):
    """The endpoint could not be reached, or did not answer in time."""

    __module__ = "pydynox"


class EncryptionException(PydynoxException):
    """KMS encryption or decryption failed, or an `EncryptedAttribute`'s mode forbids the direction."""

    __module__ = "pydynox"


class IdempotentParameterMismatchException(PydynoxException):
    """A transaction's ClientRequestToken was reused with different parameters."""

    __module__ = "pydynox"


class S3Exception(PydynoxException):
    """An S3 call failed for another reason than a missing bucket or object (those raise ResourceNotFoundException)."""

    __module__ = "pydynox"


class S3AttributeException(S3Exception):
    """1.8 declares it for `S3Attribute`; S3 failures raise its base, `S3Exception`."""

    __module__ = "pydynox"


class LockNotAcquired(PydynoxException):
    """`pydynox.lock`: the lock is held by someone else and waiting ran out."""

    __module__ = "pydynox"


class LockLost(PydynoxException):
    """`pydynox.lock`: the lease expired or was taken over while held."""

    __module__ = "pydynox"


class LockReleaseError(PydynoxException):
    """`pydynox.lock`: releasing failed (the lease was no longer ours)."""

    __module__ = "pydynox"


class ItemTooLargeException(Exception):
    """An item is bigger than the model's ``max_size`` (checked before any call).

    Not a `PydynoxException`, as upstream.
    """

    __module__ = "pydynox"

    def __init__(self, size: int, max_size: int, item_key: dict[str, Any] | None = None) -> None:
        super().__init__(f"Item size {size} bytes exceeds max_size {max_size} bytes")
        self.size = size
        self.max_size = max_size
        self.item_key = item_key
