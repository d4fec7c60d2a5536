"""The statement objects the PartiQL parser builds and the operations run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# A document path: a tuple of str (attribute names) and int (list indexes).
Path = tuple


@dataclass
class Param:
    index: int


@dataclass
class Literal:
    value: dict[str, Any]  # an AttributeValue


@dataclass
class PathRef:
    path: Path
    at: str = ""  # "line:column:length" of its first token, as DynamoDB points at it


@dataclass
class Call:
    name: str  # lower case
    args: list[Any]
    at: str = ""  # "line:column:length" of the function name


@dataclass
class Compare:
    op: str
    left: Any
    right: Any


@dataclass
class Between:
    operand: Any
    low: Any
    high: Any


@dataclass
class In:
    operand: Any
    values: list[Any]


@dataclass
class Missing:
    path: Path
    negated: bool


@dataclass
class IsNull:
    operand: Any
    negated: bool


@dataclass
class IsType:
    operand: Any
    type: str | None  # DynamoDB's type name (S, N, B, BOOL, NULL, L, M, ...); None for a PartiQL type it lacks
    negated: bool


# PartiQL's type names in ``x IS <type>``, as DynamoDB's data types.
TYPE_NAMES = {
    "STRING": "S", "NUMBER": "N", "BINARY": "B", "BLOB": "B", "BOOL": "BOOL", "BOOLEAN": "BOOL",
    "LIST": "L", "MAP": "M", "STRUCT": "M", "TUPLE": "M",
}


@dataclass
class Logic:
    op: str  # AND, OR
    left: Any
    right: Any


@dataclass
class Not:
    operand: Any


@dataclass
class Arith:
    op: str  # + or -
    left: Any
    right: Any


@dataclass
class Target:
    table: str
    index: str | None = None


@dataclass
class Select:
    target: Target
    projection: list[Path] | None  # None for *
    where: Any = None
    order: list[tuple[Path, bool]] = field(default_factory=list)  # (path, descending)
    params: int = 0
    column_call: str = ""  # "line:column:length" of a function called in the SELECT list, which DynamoDB refuses


@dataclass
class Insert:
    target: Target
    item: Any  # a map value (Literal or a dict of name -> value nodes)
    params: int = 0


@dataclass
class Update:
    target: Target
    sets: list[tuple[Path, Any]]
    removes: list[Path]
    where: Any = None
    returning: str | None = None  # e.g. "ALL NEW", "MODIFIED OLD"
    params: int = 0
    actions: list[tuple[str, Path, Any]] = field(default_factory=list)  # in statement order


@dataclass
class Delete:
    target: Target
    where: Any = None
    returning: str | None = None
    params: int = 0


@dataclass
class MapValue:
    entries: list[tuple[str, Any]]


@dataclass
class ListValue:
    items: list[Any]


@dataclass
class SetValue:
    items: list[Any]



@dataclass
class Exists:
    """``EXISTS(SELECT ...)``: a condition check in ExecuteTransaction."""

    select: Select
    params: int = 0

    @property
    def target(self) -> Target:
        return self.select.target


@dataclass
class Star:
    """The ``*`` of ``COUNT(*)``."""
