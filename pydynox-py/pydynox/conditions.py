"""Conditions built from model attributes, rendered to DynamoDB expressions.

``User.age >= 18``, ``User.email.exists()``, ``User.tags.contains("x")``,
combined with ``&``, ``|``, ``~`` (or `And`, `Or`, `Not`). Each node renders
itself with placeholders: ``cond.serialize(names, values)`` fills `names` as
``{attribute name: placeholder}`` (``#n0``, ``#n1``, one per distinct name)
and `values` as ``{placeholder: raw value}`` (``:v0``, ``:v1``, one per
use), and returns the expression text. Values are passed raw: they are not
run through the attribute's ``serialize``.
"""

from __future__ import annotations

from typing import Any, Union

__all__ = ["And", "Condition", "Not", "Or"]


class _Render:
    """Placeholder allocation for one expression: shared names, values with a prefix."""

    __slots__ = ("names", "values", "prefix")

    def __init__(self, names: dict[str, str], values: dict[str, Any], prefix: str = ":v") -> None:
        self.names = names
        self.values = values
        self.prefix = prefix

    def name(self, name: str) -> str:
        placeholder = self.names.get(name)
        if placeholder is None:
            placeholder = self.names[name] = f"#n{len(self.names)}"
        return placeholder

    def value(self, value: Any) -> str:
        if isinstance(value, Operand):
            return value._render_path(self)
        placeholder = f"{self.prefix}{len(self.values)}"
        self.values[placeholder] = value
        return placeholder


class Operand:
    """Something a condition can be about: a model attribute, or a path into one.

    Subclasses provide ``_segments()``: the DynamoDB names (str) and list
    indexes (int) of the path.
    """

    __slots__ = ()

    def _segments(self) -> tuple[str | int, ...]:
        raise NotImplementedError

    def _render_path(self, render: _Render) -> str:
        text = ""
        for segment in self._segments():
            if isinstance(segment, int):
                text += f"[{segment}]"
            else:
                placeholder = render.name(segment)
                text = f"{text}.{placeholder}" if text else placeholder
        return text

    def __getitem__(self, key: str | int) -> Path:
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            raise TypeError(f"A path segment is a map key (str) or a list index (int), got {type(key).__name__}")
        return Path((*self._segments(), key))

    # Comparisons build conditions, so these operands are unhashable.
    def __eq__(self, value: Any) -> ConditionComparison:  # type: ignore[override]
        return ConditionComparison(self, "=", value)

    def __ne__(self, value: Any) -> ConditionComparison:  # type: ignore[override]
        return ConditionComparison(self, "<>", value)

    def __lt__(self, value: Any) -> ConditionComparison:
        return ConditionComparison(self, "<", value)

    def __le__(self, value: Any) -> ConditionComparison:
        return ConditionComparison(self, "<=", value)

    def __gt__(self, value: Any) -> ConditionComparison:
        return ConditionComparison(self, ">", value)

    def __ge__(self, value: Any) -> ConditionComparison:
        return ConditionComparison(self, ">=", value)

    __hash__ = None  # type: ignore[assignment]

    def between(self, lower: Any, upper: Any) -> ConditionBetween:
        return ConditionBetween(self, lower, upper)

    def is_in(self, *values: Any) -> ConditionIn:
        if not values:
            raise ValueError("is_in() needs at least one value")
        return ConditionIn(self, values)

    def exists(self) -> ConditionExists:
        return ConditionExists(self)

    def not_exists(self) -> ConditionNotExists:
        return ConditionNotExists(self)

    def begins_with(self, prefix: Any) -> ConditionBeginsWith:
        return ConditionBeginsWith(self, prefix)

    def contains(self, value: Any) -> ConditionContains:
        return ConditionContains(self, value)


class Path(Operand):
    """A path into an attribute: ``User.address["city"]``, ``User.tags[0]``."""

    __slots__ = ("_path",)

    def __init__(self, segments: tuple[str | int, ...]) -> None:
        self._path = segments

    def _segments(self) -> tuple[str | int, ...]:
        return self._path

    def __repr__(self) -> str:
        return f"Path({self._path!r})"


class _Condition:
    """Base of every condition node."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        raise NotImplementedError

    def serialize(self, names: dict[str, str], values: dict[str, Any]) -> str:
        """The expression text; fills `names` ({name: placeholder}) and `values` ({placeholder: value})."""
        return self._render(_Render(names, values))

    def __and__(self, other: Condition) -> ConditionAnd:
        return ConditionAnd(self, other)  # type: ignore[arg-type]

    def __or__(self, other: Condition) -> ConditionOr:
        return ConditionOr(self, other)  # type: ignore[arg-type]

    def __invert__(self) -> ConditionNot:
        return ConditionNot(self)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        text = self.serialize(names, values)
        return f"{type(self).__name__}({text!r}, names={names!r}, values={values!r})"


class ConditionComparison(_Condition):
    __slots__ = ("operand", "operator", "value")

    def __init__(self, operand: Operand, operator: str, value: Any) -> None:
        self.operand = operand
        self.operator = operator
        self.value = value

    def _render(self, render: _Render) -> str:
        return f"{self.operand._render_path(render)} {self.operator} {render.value(self.value)}"


class ConditionBetween(_Condition):
    __slots__ = ("operand", "low", "high")

    def __init__(self, operand: Operand, low: Any, high: Any) -> None:
        self.operand = operand
        self.low = low
        self.high = high

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        return f"{path} BETWEEN {render.value(self.low)} AND {render.value(self.high)}"


class ConditionIn(_Condition):
    __slots__ = ("operand", "values")

    def __init__(self, operand: Operand, values: tuple[Any, ...]) -> None:
        self.operand = operand
        self.values = values

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        return f"{path} IN ({', '.join(render.value(value) for value in self.values)})"


class ConditionExists(_Condition):
    __slots__ = ("operand",)

    def __init__(self, operand: Operand) -> None:
        self.operand = operand

    def _render(self, render: _Render) -> str:
        return f"attribute_exists({self.operand._render_path(render)})"


class ConditionNotExists(_Condition):
    __slots__ = ("operand",)

    def __init__(self, operand: Operand) -> None:
        self.operand = operand

    def _render(self, render: _Render) -> str:
        return f"attribute_not_exists({self.operand._render_path(render)})"


class ConditionBeginsWith(_Condition):
    __slots__ = ("operand", "prefix")

    def __init__(self, operand: Operand, prefix: Any) -> None:
        self.operand = operand
        self.prefix = prefix

    def _render(self, render: _Render) -> str:
        return f"begins_with({self.operand._render_path(render)}, {render.value(self.prefix)})"


class ConditionContains(_Condition):
    __slots__ = ("operand", "value")

    def __init__(self, operand: Operand, value: Any) -> None:
        self.operand = operand
        self.value = value

    def _render(self, render: _Render) -> str:
        return f"contains({self.operand._render_path(render)}, {render.value(self.value)})"


class ConditionAnd(_Condition):
    __slots__ = ("left", "right")

    def __init__(self, left: Condition, right: Condition) -> None:
        self.left = left
        self.right = right

    def _render(self, render: _Render) -> str:
        return f"({self.left._render(render)} AND {self.right._render(render)})"


class ConditionOr(_Condition):
    __slots__ = ("left", "right")

    def __init__(self, left: Condition, right: Condition) -> None:
        self.left = left
        self.right = right

    def _render(self, render: _Render) -> str:
        return f"({self.left._render(render)} OR {self.right._render(render)})"


class ConditionNot(_Condition):
    __slots__ = ("condition",)

    def __init__(self, condition: Condition) -> None:
        self.condition = condition

    def _render(self, render: _Render) -> str:
        return f"(NOT {self.condition._render(render)})"


Condition = Union[
    ConditionComparison,
    ConditionBetween,
    ConditionIn,
    ConditionExists,
    ConditionNotExists,
    ConditionBeginsWith,
    ConditionContains,
    ConditionAnd,
    ConditionOr,
    ConditionNot,
]


def And(*conditions: Condition) -> ConditionAnd:
    """All of the conditions: ``And(a, b, c)`` is ``((a AND b) AND c)``."""
    if len(conditions) < 2:
        raise ValueError("And() needs at least 2 conditions")
    combined = ConditionAnd(conditions[0], conditions[1])
    for condition in conditions[2:]:
        combined = ConditionAnd(combined, condition)
    return combined


def Or(*conditions: Condition) -> ConditionOr:
    """Any of the conditions: ``Or(a, b, c)`` is ``((a OR b) OR c)``."""
    if len(conditions) < 2:
        raise ValueError("Or() needs at least 2 conditions")
    combined = ConditionOr(conditions[0], conditions[1])
    for condition in conditions[2:]:
        combined = ConditionOr(combined, condition)
    return combined


def Not(condition: Condition) -> ConditionNot:
    """The negation of a condition."""
    return ConditionNot(condition)


def render(condition: Condition, names: dict[str, str], values: dict[str, Any], prefix: str = ":v") -> str:
    """Render with value placeholders ``<prefix>N`` (so a condition can share a request with other expressions)."""
    return condition._render(_Render(names, values, prefix))
