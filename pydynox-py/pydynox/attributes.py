"""Model attribute types: how a Python value is stored in DynamoDB and read back.

Class-level access (``User.age``) gives the `Attribute`, which builds
conditions (``User.age > 18``) and atomic updates (``User.age.add(1)``).
Nothing is validated: any value can be assigned; ``serialize`` shapes it for
DynamoDB on save and ``deserialize`` shapes it back on load.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from pydynox._convert import number
from pydynox.atomic import AtomicBuilders
from pydynox.conditions import Operand

if TYPE_CHECKING:
    from pydynox.generators import AutoGenerate

__all__ = [
    "Attribute",
    "BinaryAttribute",
    "BooleanAttribute",
    "DatetimeAttribute",
    "EnumAttribute",
    "ExpiresIn",
    "JSONAttribute",
    "ListAttribute",
    "MapAttribute",
    "NumberAttribute",
    "NumberSetAttribute",
    "StringAttribute",
    "StringSetAttribute",
    "TTLAttribute",
    "VersionAttribute",
]


T = TypeVar("T")  # the Python type of an attribute's value
_A = TypeVar("_A", bound="Attribute[Any]")
_MT = TypeVar("_MT")  # what a MapAttribute / JSONAttribute holds
_E = TypeVar("_E", bound=Enum)


class Attribute(Operand, AtomicBuilders, Generic[T]):
    """A declared model attribute. ``alias`` is the name in DynamoDB when it differs from the Python name.

    ``T`` is the Python type of its value: ``User.name`` is the attribute,
    ``user.name`` reads as ``T | None`` for type checkers (as upstream types it).
    """

    attr_type: ClassVar[str] = "S"
    # Whether the stored value is a JSON-able structure whose in-place changes are detected on save.
    typed_structure: ClassVar[bool] = False
    # Discriminated subclasses are not part of this implementation: no attribute is a discriminator.
    discriminator: ClassVar[bool] = False

    def __init__(
        self,
        partition_key: bool = False,
        sort_key: bool = False,
        default: T | AutoGenerate | None = None,
        required: bool = False,
        *,
        alias: str | None = None,
    ) -> None:
        self.partition_key = partition_key
        self.sort_key = sort_key
        self.default = default
        self.required = required
        self.alias = alias
        self.attr_name: str | None = None

    if TYPE_CHECKING:
        # Static only. At run time an Attribute is no descriptor: an instance's
        # value sits in its __dict__ and is read from there at full speed, while
        # the class attribute stays the Attribute. These tell type checkers so.
        @overload
        def __get__(self: _A, instance: None, owner: Any) -> _A: ...
        @overload
        def __get__(self, instance: Any, owner: Any) -> T | None: ...
        def __get__(self, instance: Any, owner: Any) -> Any: ...
        def __set__(self, instance: Any, value: T | None) -> None: ...

    @property
    def dynamo_name(self) -> str:
        """The attribute's name in DynamoDB (its alias, else its Python name)."""
        name = self.alias or self.attr_name
        if name is None:
            raise RuntimeError(f"{type(self).__name__} is not declared on a model")
        return name

    def _segments(self) -> tuple[str | int, ...]:
        return (self.dynamo_name,)

    def serialize(self, value: Any) -> Any:
        """The value to store (a native value, see `pydynox._convert`)."""
        return value

    def deserialize(self, value: Any) -> Any:
        """The Python value for a stored one."""
        return value

    def __repr__(self) -> str:
        flags = [flag for flag in ("partition_key", "sort_key", "required") if getattr(self, flag)]
        alias = f", alias={self.alias!r}" if self.alias else ""
        return f"{type(self).__name__}(name={self.attr_name!r}{alias}{''.join(', ' + flag for flag in flags)})"


class StringAttribute(Attribute[str]):
    attr_type = "S"


class NumberAttribute(Attribute[float]):
    attr_type = "N"


class BooleanAttribute(Attribute[bool]):
    attr_type = "BOOL"


class BinaryAttribute(Attribute[bytes]):
    attr_type = "B"


class ListAttribute(Attribute[list[Any]]):
    attr_type = "L"


class _Typed(Attribute[_MT]):
    """An attribute that may hold instances of a pydantic model or a dataclass."""

    def __init__(
        self,
        model_class: Any = None,
        *,
        partition_key: bool = False,
        sort_key: bool = False,
        default: Any = None,
        required: bool = False,
        alias: str | None = None,
    ) -> None:
        super().__init__(
            partition_key=partition_key, sort_key=sort_key, default=default, required=required, alias=alias
        )
        self.model_class = model_class
        self._adapter: Any = None

    @property
    def typed_structure(self) -> bool:  # type: ignore[override]
        return self.model_class is not None

    def _dump(self, value: Any, json_mode: bool) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        if hasattr(value, "model_dump"):
            return value.model_dump(mode="json") if json_mode else value.model_dump()
        return value

    def _load(self, data: Any) -> Any:
        cls = self.model_class
        if dataclasses.is_dataclass(cls):
            if not isinstance(data, dict):
                return data
            known = {field.name for field in dataclasses.fields(cls)}
            return cls(**{key: value for key, value in data.items() if key in known})
        if hasattr(cls, "model_validate"):
            return cls.model_validate(data)
        if self._adapter is None:
            from pydantic import TypeAdapter  # only for non-model pydantic types

            self._adapter = TypeAdapter(cls)
        return self._adapter.validate_python(data)


class MapAttribute(_Typed[_MT]):
    """A map (DynamoDB ``M``): a plain dict, or a pydantic model / dataclass given as `model_class`."""

    attr_type = "M"

    if TYPE_CHECKING:
        # Static only: what the value is, from `model_class` (a plain dict without one).
        @overload
        def __init__(
            self: MapAttribute[dict[str, Any]],
            model_class: None = None,
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: dict[str, Any] | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        @overload
        def __init__(
            self,
            model_class: type[_MT],
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: _MT | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        def __init__(self, model_class: Any = None, **options: Any) -> None: ...

    def serialize(self, value: Any) -> Any:
        return self._dump(value, json_mode=False) if self.model_class is not None else value

    def deserialize(self, value: Any) -> Any:
        if self.model_class is None or value is None:
            return value
        return self._load(value)


class JSONAttribute(_Typed[_MT]):
    """Any JSON-able value, stored as a JSON string (``S``); typed with a pydantic type or dataclass."""

    attr_type = "S"

    if TYPE_CHECKING:
        # Static only: what the value is, from `model_class` (a dict or list without one).
        @overload
        def __init__(
            self: JSONAttribute[dict[str, Any] | list[Any]],
            model_class: None = None,
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: Any = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        @overload
        def __init__(
            self,
            model_class: type[_MT],
            *,
            partition_key: bool = False,
            sort_key: bool = False,
            default: _MT | None = None,
            required: bool = False,
            alias: str | None = None,
        ) -> None: ...
        def __init__(self, model_class: Any = None, **options: Any) -> None: ...

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        if self.model_class is not None:
            value = self._dump(value, json_mode=True)
        return json.dumps(value)

    def deserialize(self, value: Any) -> Any:
        if isinstance(value, str):
            value = json.loads(value)
        if self.model_class is None or value is None:
            return value
        return self._load(value)


class StringSetAttribute(Attribute[set[str]]):
    """A set of strings, stored (as upstream does) as a list; an empty set is stored as NULL."""

    attr_type = "SS"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        strings = sorted(str(element) for element in value)
        return strings or None

    def deserialize(self, value: Any) -> Any:
        return set(value) if value is not None else set()


def _set_number(element: Any) -> int | float:
    """A number set element (a number string as pydynox stores them, or a number): int when whole."""
    value = number(element) if isinstance(element, str) else element
    return int(value) if isinstance(value, float) and value.is_integer() else value


class NumberSetAttribute(Attribute[set[int | float]]):
    """A set of numbers, stored (as upstream does) as a list of number strings; empty is NULL."""

    attr_type = "NS"

    def serialize(self, value: Any) -> Any:
        if value is None:
            return None
        numbers = [str(element) for element in sorted(value)]
        return numbers or None

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return set()
        return {_set_number(element) for element in value}


class EnumAttribute(Attribute[_E]):
    """An Enum member, stored as ``str(member.value)``."""

    attr_type = "S"

    def __init__(
        self,
        enum_class: type[_E],
        partition_key: bool = False,
        sort_key: bool = False,
        default: _E | None = None,
        required: bool = False,
        *,
        alias: str | None = None,
    ) -> None:
        super().__init__(
            partition_key=partition_key, sort_key=sort_key, default=default, required=required, alias=alias
        )
        self.enum_class = enum_class

    def serialize(self, value: Any) -> Any:
        if isinstance(value, Enum):
            return str(value.value)
        return value if value is None else str(value)

    def deserialize(self, value: Any) -> Any:
        if value is None:
            return None
        try:
            return self.enum_class(value)
        except ValueError:
            for member in self.enum_class:
                if str(member.value) == value:
                    return member
            raise


class DatetimeAttribute(Attribute[datetime]):
    """A datetime, stored as ISO 8601 text; a naive datetime is taken as UTC."""

    attr_type = "S"

    def serialize(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.isoformat()
        return value

    def deserialize(self, value: Any) -> Any:
        if isinstance(value, str):
            return _parse_iso_datetime(value)
        return value


# RFC 3339 text that datetime.fromisoformat reads only from Python 3.11: a
# "Z" offset (JavaScript's toISOString) and fractions that are not 3 or 6
# digits long (Go writes up to 9). The match starts after the seconds field.
_SECONDS_TAIL = re.compile(r"(?<=:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)?$")


def _rfc3339_tail(match: re.Match[str]) -> str:
    fraction, offset = match.group(1) or "", match.group(2) or ""
    if fraction:
        fraction = "." + fraction[1:7].ljust(6, "0")
    return fraction + ("+00:00" if offset in ("Z", "z") else offset)


def _parse_iso_datetime(text: str) -> datetime:
    """Read ISO 8601 / RFC 3339 text alike on every supported Python."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        # Only Python 3.10 gets here with valid RFC 3339 text.
        normalised = _SECONDS_TAIL.sub(_rfc3339_tail, text, count=1)
        if normalised == text:
            raise
        return datetime.fromisoformat(normalised)


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


class VersionAttribute(Attribute[int]):
    """The optimistic-locking counter: set to 1 on the first save, +1 on each later one."""

    attr_type = "N"

    def __init__(self) -> None:
        super().__init__()

    def serialize(self, value: Any) -> Any:
        return value if value is None else int(value)

    def deserialize(self, value: Any) -> Any:
        return value if value is None else int(value)


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
