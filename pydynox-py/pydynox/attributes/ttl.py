"""Expiry times: `TTLAttribute` and the `ExpiresIn` helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pydynox.attributes.base import Attribute

__all__ = ["ExpiresIn", "TTLAttribute"]


class TTLAttribute(Attribute[datetime]):
    """An expiry time: a datetime on the model, epoch seconds (``N``) in DynamoDB."""

    attr_type = "N"

    def serialize(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return int(value.timestamp())
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value)
        return value

    def deserialize(self, value: Any) -> Any:
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            return datetime.fromtimestamp(float(value), timezone.utc)
        return value


class ExpiresIn:
    """Expiry times from now (UTC), for `TTLAttribute` values."""

    @staticmethod
    def seconds(n: float) -> datetime:
        return datetime.now(timezone.utc) + timedelta(seconds=n)

    @staticmethod
    def minutes(n: float) -> datetime:
        return datetime.now(timezone.utc) + timedelta(minutes=n)

    @staticmethod
    def hours(n: float) -> datetime:
        return datetime.now(timezone.utc) + timedelta(hours=n)

    @staticmethod
    def days(n: float) -> datetime:
        return datetime.now(timezone.utc) + timedelta(days=n)

    @staticmethod
    def weeks(n: float) -> datetime:
        return datetime.now(timezone.utc) + timedelta(weeks=n)
