"""Lambda event filtering: does a stream record match a filter pattern?

The syntax is Lambda's ("Control which events Lambda sends to your function",
the same as EventBridge patterns): a pattern is a JSON object whose leaves
are lists of acceptable values; a record matches when every field of the
pattern matches. A value in a leaf list is one of:

- a string, number, boolean or null: equality (numbers compare as numbers);
- ``{"prefix": s}``, ``{"suffix": s}``, ``{"equals-ignore-case": s}``,
  ``{"wildcard": "a*b"}``;
- ``{"anything-but": v}`` (a value, a list of values, or ``{"prefix": s}`` /
  ``{"suffix": s}``);
- ``{"numeric": [">", 0, "<=", 5]}`` (only for JSON numbers: DynamoDB's ``N``
  values are strings in stream records, so they match as strings);
- ``{"exists": true|false}`` (on leaves only, as EventBridge: an object
  there counts as absent).

``{"$or": [pattern, ...]}`` inside an object matches when any alternative
does. Where the record holds a list (a string set, ...), a leaf matches when
any element does. A record matches a list of patterns (an event source
mapping's FilterCriteria) when it matches any of them.
"""

from __future__ import annotations

import fnmatch
import json
import operator
from typing import Any

_MISSING = object()

_NUMERIC_OPS = {"<": operator.lt, "<=": operator.le, "=": operator.eq, ">": operator.gt, ">=": operator.ge}


def parse_patterns(filters: Any) -> list[dict]:
    """Patterns given as dicts, JSON strings, or FilterCriteria's ``{"Filters": [{"Pattern": ...}]}``."""
    if filters is None:
        return []
    if isinstance(filters, dict) and "Filters" in filters:
        filters = [f["Pattern"] for f in filters["Filters"]]
    if isinstance(filters, (dict, str)):
        filters = [filters]
    patterns = []
    for pattern in filters:
        if isinstance(pattern, str):
            pattern = json.loads(pattern)
        if not isinstance(pattern, dict):
            raise ValueError(f"a filter pattern is a JSON object, not {pattern!r}")
        patterns.append(pattern)
    return patterns


def matches_any(patterns: list[dict], record: dict) -> bool:
    """Whether `record` passes the filters: no filters, or any pattern matches."""
    return not patterns or any(matches(pattern, record) for pattern in patterns)


def matches(pattern: dict, value: Any) -> bool:
    """Whether the object `value` matches the object `pattern`."""
    for field, expected in pattern.items():
        if field == "$or":
            if not any(matches(alternative, value) for alternative in expected):
                return False
            continue
        actual = value.get(field, _MISSING) if isinstance(value, dict) else _MISSING
        if isinstance(expected, dict):
            # A missing object matches only a pattern of absent leaves ({"exists": false}).
            if not matches(expected, actual if isinstance(actual, dict) else {}):
                return False
        elif isinstance(expected, list):
            if not _leaf(expected, actual):
                return False
        else:
            raise ValueError(f"filter values are lists or objects, not {expected!r} (at {field!r})")
    return True


def _leaf(rules: list, actual: Any) -> bool:
    candidates = actual if isinstance(actual, list) else [actual]
    for rule in rules:
        if isinstance(rule, dict) and "exists" in rule:
            # Exists matching works on leaves only: an object there does not "exist".
            present = actual is not _MISSING and not isinstance(actual, dict)
            if present == bool(rule["exists"]):
                return True
            continue
        if actual is _MISSING:
            continue
        if any(_rule(rule, candidate) for candidate in candidates):
            return True
    return False


def _rule(rule: Any, value: Any) -> bool:
    if not isinstance(rule, dict):
        return _equal(rule, value)
    (kind, argument), = rule.items()
    if kind == "prefix":
        return isinstance(value, str) and value.startswith(argument)
    if kind == "suffix":
        return isinstance(value, str) and value.endswith(argument)
    if kind == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == argument.lower()
    if kind == "wildcard":
        return isinstance(value, str) and fnmatch.fnmatchcase(value, argument)
    if kind == "anything-but":
        if isinstance(argument, dict):
            return not _rule(argument, value)
        excluded = argument if isinstance(argument, list) else [argument]
        return not any(_equal(e, value) for e in excluded)
    if kind == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        pairs = zip(argument[0::2], argument[1::2])
        return all(_NUMERIC_OPS[op](value, bound) for op, bound in pairs)
    raise ValueError(f"unknown filter rule {kind!r}")


def _equal(expected: Any, value: Any) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return expected is value
    if isinstance(expected, (int, float)) and isinstance(value, (int, float)):
        return expected == value
    return type(expected) is type(value) and expected == value
