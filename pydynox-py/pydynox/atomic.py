"""Atomic updates built from model attributes: ``User.count.add(1)``, ``User.tags.append(["x"])``.

Pass a list of them to ``obj.update(atomic=[...])``: they become one
UpdateExpression (``SET ... REMOVE ...``) rendered with the same placeholders
as conditions, so a condition can share the request. Values are raw (not run
through the attribute's ``serialize``), and the local instance is not changed.
"""

from __future__ import annotations

from typing import Any, Union

from pydynox.conditions import Operand, _Render

__all__ = [
    "AtomicAdd",
    "AtomicAppend",
    "AtomicIfNotExists",
    "AtomicOp",
    "AtomicPrepend",
    "AtomicRemove",
    "AtomicSet",
]


class _Atomic:
    """Base of the atomic operations: one SET action, or one REMOVE path."""

    __slots__ = ("operand", "value")
    is_remove = False

    def __init__(self, operand: Operand, value: Any = None) -> None:
        self.operand = operand
        self.value = value

    def _render(self, render: _Render) -> str:
        raise NotImplementedError

    def serialize(self, names: dict[str, str], values: dict[str, Any]) -> str:
        """This operation's clause (without SET/REMOVE); fills names and values like a condition."""
        return self._render(_Render(names, values))

    def __repr__(self) -> str:
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        return f"{type(self).__name__}({self.serialize(names, values)!r}, names={names!r}, values={values!r})"


class AtomicSet(_Atomic):
    """``attr = value``."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        return f"{self.operand._render_path(render)} = {render.value(self.value)}"


class AtomicAdd(_Atomic):
    """``attr = if_not_exists(attr, 0) + amount``: works on a missing attribute; negative amounts subtract."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        amount = render.value(self.value)
        return f"{path} = if_not_exists({path}, {render.value(0)}) + {amount}"


class AtomicRemove(_Atomic):
    """Remove the attribute."""

    __slots__ = ()
    is_remove = True

    def _render(self, render: _Render) -> str:
        return self.operand._render_path(render)


class AtomicAppend(_Atomic):
    """``attr = list_append(attr, items)``."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        return f"{path} = list_append({path}, {render.value(self.value)})"


class AtomicPrepend(_Atomic):
    """``attr = list_append(items, attr)``."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        return f"{path} = list_append({render.value(self.value)}, {path})"


class AtomicIfNotExists(_Atomic):
    """``attr = if_not_exists(attr, value)``: set only when missing."""

    __slots__ = ()

    def _render(self, render: _Render) -> str:
        path = self.operand._render_path(render)
        return f"{path} = if_not_exists({path}, {render.value(self.value)})"


AtomicOp = Union[AtomicSet, AtomicAdd, AtomicRemove, AtomicAppend, AtomicPrepend, AtomicIfNotExists]


class AtomicBuilders:
    """The builder methods model attributes offer (mixed into `Attribute`)."""

    __slots__ = ()

    def set(self, value: Any) -> AtomicSet:
        return AtomicSet(self, value)  # type: ignore[arg-type]

    def add(self, value: int | float) -> AtomicAdd:
        return AtomicAdd(self, value)  # type: ignore[arg-type]

    def remove(self) -> AtomicRemove:
        return AtomicRemove(self)  # type: ignore[arg-type]

    def append(self, items: list[Any]) -> AtomicAppend:
        return AtomicAppend(self, items)  # type: ignore[arg-type]

    def prepend(self, items: list[Any]) -> AtomicPrepend:
        return AtomicPrepend(self, items)  # type: ignore[arg-type]

    def if_not_exists(self, value: Any) -> AtomicIfNotExists:
        return AtomicIfNotExists(self, value)  # type: ignore[arg-type]
