"""Values generated on save for attributes whose default is an `AutoGenerate` strategy."""

from __future__ import annotations

import os
import time
import uuid
from datetime import datetime, timezone
from enum import Enum
from typing import Any

__all__ = ["AutoGenerate", "generate_value", "is_auto_generate"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KSUID_EPOCH = 1_400_000_000


class AutoGenerate(Enum):
    """How to fill an attribute that is still None when the item is saved."""

    UUID4 = "uuid4"
    ULID = "ulid"
    KSUID = "ksuid"
    EPOCH = "epoch"
    EPOCH_MS = "epoch_ms"
    ISO8601 = "iso8601"


def _ulid() -> str:
    """26 Crockford base32 characters: 48 bits of milliseconds, then 80 random bits."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def _ksuid() -> str:
    """27 base62 characters: 32 bits of seconds since 2014-05-13, then 128 random bits."""
    value = int.from_bytes((int(time.time()) - _KSUID_EPOCH).to_bytes(4, "big") + os.urandom(16), "big")
    chars = []
    for _ in range(27):
        value, digit = divmod(value, 62)
        chars.append(_BASE62[digit])
    return "".join(reversed(chars))


def generate_value(strategy: AutoGenerate) -> Any:
    """A fresh value for `strategy`."""
    if strategy is AutoGenerate.UUID4:
        return str(uuid.uuid4())
    if strategy is AutoGenerate.ULID:
        return _ulid()
    if strategy is AutoGenerate.KSUID:
        return _ksuid()
    if strategy is AutoGenerate.EPOCH:
        return int(time.time())
    if strategy is AutoGenerate.EPOCH_MS:
        return time.time_ns() // 1_000_000
    if strategy is AutoGenerate.ISO8601:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise ValueError(f"Unknown AutoGenerate strategy: {strategy!r}")


def is_auto_generate(value: Any) -> bool:
    """Whether `value` (an attribute's default) is an `AutoGenerate` strategy."""
    return isinstance(value, AutoGenerate)
