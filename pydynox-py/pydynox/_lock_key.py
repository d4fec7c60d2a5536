"""What a lock accepts: durations, resource keys, and `LockKeyTemplate` (``"sync:{customer_id}"``).

A template is parsed once, when a function is decorated; `resolve` binds each
call's arguments to the function's parameters and builds the resource key.
With one placeholder the value is inserted as is; with several, each value is
framed by its UTF-8 byte length (``"{a}:{b}"`` with ``"x:y"``, ``"z"`` is
``"3:x:y:1:z"``) so that different argument tuples never share a key.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

__all__ = ["LockKeyTemplate", "check_duration", "check_key"]

MAX_SECONDS = 86_400.0
MIN_LEASE = 0.1
MAX_KEY_BYTES = 2048

# Parameter kinds as `inspect.Parameter.kind.value`: what 1.8's template receives from lock.py.
_POSITIONAL_ONLY = inspect.Parameter.POSITIONAL_ONLY.value
_POSITIONAL_OR_KEYWORD = inspect.Parameter.POSITIONAL_OR_KEYWORD.value
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL.value
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY.value
_VAR_KEYWORD = inspect.Parameter.VAR_KEYWORD.value
_NAMED = {_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD, _KEYWORD_ONLY}


def check_duration(value: float, name: str, zero_allowed: bool) -> float:
    """`value` in seconds, or ValueError unless finite and within [0 or 0.1, 86400]."""
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(f"{name} must be a number of seconds")
    minimum = 0.0 if zero_allowed else MIN_LEASE
    seconds = float(value)
    if not math.isfinite(seconds) or not minimum <= seconds <= MAX_SECONDS:
        raise ValueError(f"{name} must be finite and between {minimum:g} and {MAX_SECONDS:g} seconds")
    return seconds


def check_key(key: str) -> str:
    """`key`, or ValueError unless it has 1 to 2048 UTF-8 bytes."""
    if not isinstance(key, str):
        raise TypeError("Lock key must be a string")
    if not 1 <= len(key.encode("utf-8")) <= MAX_KEY_BYTES:
        raise ValueError("Lock key must contain between 1 and 2048 UTF-8 bytes")
    return key


def _parse(template: str) -> list[str | tuple[str]]:
    """Literal text as str, placeholders as 1-tuples of their name; ``{{``/``}}`` are literal braces."""
    parts: list[str | tuple[str]] = []
    literal: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if char in "{}" and template[index + 1 : index + 2] == char:
            literal.append(char)
            index += 2
            continue
        if char == "}":
            raise ValueError("Unmatched '}' in lock key")
        if char == "{":
            end = template.find("}", index + 1)
            if end < 0:
                raise ValueError("Unclosed lock key placeholder")
            parts.append("".join(literal))
            literal = []
            parts.append((template[index + 1 : end],))
            index = end + 1
            continue
        literal.append(char)
        index += 1
    parts.append("".join(literal))
    return parts


class LockKeyTemplate:
    """A resource key with ``{argument}`` placeholders, checked once and resolved for each call.

    `parameters` describes the function: ``(name, kind, has_default, default)``
    per parameter, `kind` being ``inspect.Parameter.kind.value``. Placeholders
    must name a parameter that is neither ``*args`` nor ``**kwargs``.
    """

    def __init__(
        self,
        template: str,
        parameters: list[tuple[str, int, bool, Any]],
        lease_duration: float,
        wait_timeout: float,
    ) -> None:
        check_duration(lease_duration, "lease_duration", zero_allowed=False)
        check_duration(wait_timeout, "wait_timeout", zero_allowed=True)
        self._parameters = [(name, kind, has_default, default) for name, kind, has_default, default in parameters]
        names = [name if kind in _NAMED else None for name, kind, _, _ in self._parameters]
        self._parts: list[str | int] = []
        for part in _parse(template):
            if isinstance(part, str):
                self._parts.append(part)
            elif part[0] in names:
                self._parts.append(names.index(part[0]))
            else:
                raise ValueError(f"Lock key placeholder '{part[0]}' must name a regular function argument")
        placeholders = sum(isinstance(part, int) for part in self._parts)
        if placeholders == 0:
            check_key("".join(str(part) for part in self._parts))
        self._framed = placeholders > 1

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """The value of each parameter for this call (as Python would bind it), TypeError if it cannot be called so."""
        missing = object()
        bound: list[Any] = [missing] * len(self._parameters)
        positional = [i for i, (_, kind, _, _) in enumerate(self._parameters)
                      if kind in (_POSITIONAL_ONLY, _POSITIONAL_OR_KEYWORD)]  # fmt: skip
        var_positional = any(kind == _VAR_POSITIONAL for _, kind, _, _ in self._parameters)
        var_keyword = any(kind == _VAR_KEYWORD for _, kind, _, _ in self._parameters)
        if len(args) > len(positional) and not var_positional:
            raise TypeError("Too many positional arguments")
        for index, value in zip(positional, args):
            bound[index] = value
        for name, value in kwargs.items():
            keyword = [i for i, (n, kind, _, _) in enumerate(self._parameters)
                       if n == name and kind in (_POSITIONAL_OR_KEYWORD, _KEYWORD_ONLY)]  # fmt: skip
            if not keyword:
                if not var_keyword:
                    raise TypeError(f"Unexpected keyword argument '{name}'")
            elif bound[keyword[0]] is not missing:
                raise TypeError(f"Multiple values for argument '{name}'")
            else:
                bound[keyword[0]] = value
        for index, (name, kind, has_default, default) in enumerate(self._parameters):
            if bound[index] is missing and kind in _NAMED:
                if not has_default:
                    raise TypeError(f"Missing required argument '{name}'")
                bound[index] = default
        return bound

    def resolve(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        """The resource key for a call with `args` and `kwargs`."""
        bound = self._bind(args, kwargs)
        pieces: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            value = bound[part]
            if not isinstance(value, str):
                raise TypeError(f"Lock key argument '{self._parameters[part][0]}' must be a string")
            if self._framed:
                pieces.append(f"{len(value.encode('utf-8'))}:")
            pieces.append(value)
        return check_key("".join(pieces))
