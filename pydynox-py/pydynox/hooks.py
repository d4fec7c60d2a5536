"""Lifecycle hooks: decorate plain (sync) model methods taking only ``self``.

Hooks of one type run in definition order, inherited ones first. An
exception in a ``before_*`` hook stops the operation.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

__all__ = [
    "HookType",
    "after_delete",
    "after_load",
    "after_save",
    "after_update",
    "before_delete",
    "before_save",
    "before_update",
]

F = TypeVar("F", bound=Callable[..., object])


class HookType(Enum):
    BEFORE_SAVE = "before_save"
    AFTER_SAVE = "after_save"
    BEFORE_DELETE = "before_delete"
    AFTER_DELETE = "after_delete"
    BEFORE_UPDATE = "before_update"
    AFTER_UPDATE = "after_update"
    AFTER_LOAD = "after_load"


def _tagger(hook_type: HookType) -> Callable[[F], F]:
    def tag(func: F) -> F:
        func._hook_type = hook_type  # type: ignore[attr-defined]
        return func

    tag.__name__ = hook_type.value
    tag.__doc__ = f"Run the decorated method as a {hook_type.value} hook."
    return tag


before_save = _tagger(HookType.BEFORE_SAVE)
after_save = _tagger(HookType.AFTER_SAVE)
before_delete = _tagger(HookType.BEFORE_DELETE)
after_delete = _tagger(HookType.AFTER_DELETE)
before_update = _tagger(HookType.BEFORE_UPDATE)
after_update = _tagger(HookType.AFTER_UPDATE)
after_load = _tagger(HookType.AFTER_LOAD)
