"""Evaluating bound condition trees against items, with DynamoDB's semantics.

Items and values are in wire form (``{"S": "x"}``). A bound tree (names
substituted, ``:values`` replaced by `Const`) is turned once into nested
closures, so evaluating it against each item of a Query or Scan does no
tree walking and no parsing.

Semantics, as the Developer Guide and DynamoDB behave:

- a path that does not resolve (missing attribute, missing key, index past
  the end, or descending into a non-container) is *missing*;
- ``=`` is true when both sides are present, of the same type, and equal
  (numbers by value, sets regardless of order, lists and maps deeply);
- ``<>`` is the negation of ``=`` (so true when either side is missing);
- ``<``, ``<=``, ``>``, ``>=`` and BETWEEN compare only S (by code point,
  which is UTF-8 byte order), N (by value) and B (by bytes) of the same type;
  anything else, or a missing side, is false;
- IN is ``=`` against any of the listed operands;
- ``contains`` finds a substring (S), a byte string (B), a member (SS, NS,
  BS) or an equal element (L); ``begins_with`` works on S and B;
- ``size`` is the length of S (in UTF-8 bytes) or B (in bytes) and the
  element count of sets, lists and maps; on other types it is missing.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any, Callable

from fakedynamo.expressions.ast import And, Between, Compare, Const, Func, In, Not, Or, Path

Item = dict[str, dict[str, Any]]
Operand = Callable[[Item], Any]
Predicate = Callable[[Item], bool]


# -- values -----------------------------------------------------------------------


def to_bytes(raw: Any) -> bytes:
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw)
    return base64.b64decode(raw)


def type_of(value: dict[str, Any]) -> str:
    for key in value:
        return key
    raise ValueError("empty attribute value")


def values_equal(a: dict[str, Any], b: dict[str, Any]) -> bool:
    (ta, ra), = a.items()
    (tb, rb), = b.items()
    if ta != tb:
        return False
    if ra == rb:
        return True
    if ta == "N":
        return Decimal(ra) == Decimal(rb)
    if ta == "B":
        return to_bytes(ra) == to_bytes(rb)
    if ta == "SS":
        return set(ra) == set(rb)
    if ta == "NS":
        return {Decimal(x) for x in ra} == {Decimal(x) for x in rb}
    if ta == "BS":
        return {to_bytes(x) for x in ra} == {to_bytes(x) for x in rb}
    if ta == "L":
        return len(ra) == len(rb) and all(values_equal(x, y) for x, y in zip(ra, rb))
    if ta == "M":
        return ra.keys() == rb.keys() and all(values_equal(v, rb[k]) for k, v in ra.items())
    return False  # S, BOOL, NULL: equal only if raw values are


def ordering_key(value: dict[str, Any]) -> tuple[str, Any] | None:
    """(type, comparable) for S, N and B values; None for types that have no order."""
    (type_, raw), = value.items()
    if type_ == "S":
        return ("S", raw)
    if type_ == "N":
        return ("N", Decimal(raw))
    if type_ == "B":
        return ("B", to_bytes(raw))
    return None


def compare(op: str, a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if op == "=":
        return a is not None and b is not None and values_equal(a, b)
    if op == "<>":
        return a is None or b is None or not values_equal(a, b)
    if a is None or b is None:
        return False
    ka, kb = ordering_key(a), ordering_key(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return False
    x, y = ka[1], kb[1]
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def between(a: Any, low: Any, high: Any) -> bool:
    if a is None or low is None or high is None:
        return False
    ka, kl, kh = ordering_key(a), ordering_key(low), ordering_key(high)
    if ka is None or kl is None or kh is None or not (ka[0] == kl[0] == kh[0]):
        return False
    return kl[1] <= ka[1] <= kh[1]


def contains(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    (ta, ra), = a.items()
    (tb, rb), = b.items()
    if ta == "S":
        return tb == "S" and rb in ra
    if ta == "SS":
        return tb == "S" and rb in ra
    if ta == "L":
        return any(values_equal(x, b) for x in ra)
    if ta == "NS":
        if tb != "N":
            return False
        if rb in ra:
            return True
        target = Decimal(rb)
        return any(Decimal(x) == target for x in ra)
    if ta == "B":
        return tb == "B" and to_bytes(rb) in to_bytes(ra)
    if ta == "BS":
        if tb != "B":
            return False
        target = to_bytes(rb)
        return any(to_bytes(x) == target for x in ra)
    return False


def begins_with(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    (ta, ra), = a.items()
    (tb, rb), = b.items()
    if ta != tb:
        return False
    if ta == "S":
        return ra.startswith(rb)
    if ta == "B":
        return to_bytes(ra).startswith(to_bytes(rb))
    return False


def size_of(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    (type_, raw), = value.items()
    if type_ == "S":
        return {"N": str(len(raw.encode("utf-8")))}
    if type_ == "B":
        return {"N": str(len(to_bytes(raw)))}
    if type_ in ("SS", "NS", "BS", "L", "M"):
        return {"N": str(len(raw))}
    return None


def get_path(item: Item | None, parts: tuple[Any, ...]) -> Any:
    """The value at a resolved document path, or None if it is missing."""
    if item is None:
        return None
    value = item.get(parts[0])
    for part in parts[1:]:
        if value is None:
            return None
        if isinstance(part, int):
            items = value.get("L")
            if items is None or part >= len(items):
                return None
            value = items[part]
        else:
            members = value.get("M")
            if members is None:
                return None
            value = members.get(part)
    return value


# -- closures -------------------------------------------------------------------------


def compile_operand(node: Any) -> Operand:
    if isinstance(node, Const):
        value = node.value
        return lambda item: value
    if isinstance(node, Path):
        parts = node.parts
        if len(parts) == 1:
            name = parts[0]
            return lambda item: item.get(name)
        return lambda item: get_path(item, parts)
    if isinstance(node, Func) and node.name == "size":
        inner = compile_operand(node.args[0])
        return lambda item: size_of(inner(item))
    raise TypeError(f"not an operand: {node!r}")


def _compile_compare(node: Compare) -> Predicate:
    op, left, right = node.op, node.left, node.right
    if isinstance(left, Const) and isinstance(right, Path):
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        left, right, op = right, left, flipped
    if op == "=" and isinstance(left, Path) and len(left.parts) == 1 and isinstance(right, Const):
        name, value = left.parts[0], right.value
        (type_, raw), = value.items()
        if type_ in ("S", "BOOL", "NULL"):
            def equal_scalar(item: Item) -> bool:
                found = item.get(name)
                return found is not None and found.get(type_) == raw
            return equal_scalar
        if type_ == "N":
            number = Decimal(raw)

            def equal_number(item: Item) -> bool:
                found = item.get(name)
                if found is None:
                    return False
                text = found.get("N")
                return text is not None and (text == raw or Decimal(text) == number)
            return equal_number
    lf, rf = compile_operand(left), compile_operand(right)
    if op in ("<", "<=", ">", ">=") and isinstance(right, Const):
        key = ordering_key(right.value)
        if key is None:
            return lambda item: False
        kind, bound = key

        def ordered(item: Item) -> bool:
            found = lf(item)
            if found is None:
                return False
            found_key = ordering_key(found)
            if found_key is None or found_key[0] != kind:
                return False
            x = found_key[1]
            if op == "<":
                return x < bound
            if op == "<=":
                return x <= bound
            if op == ">":
                return x > bound
            return x >= bound
        return ordered
    return lambda item: compare(op, lf(item), rf(item))


def compile_condition(node: Any) -> Predicate:
    """A predicate over items for a bound condition tree."""
    if isinstance(node, And):
        left, right = compile_condition(node.left), compile_condition(node.right)
        return lambda item: left(item) and right(item)
    if isinstance(node, Or):
        left, right = compile_condition(node.left), compile_condition(node.right)
        return lambda item: left(item) or right(item)
    if isinstance(node, Not):
        inner = compile_condition(node.operand)
        return lambda item: not inner(item)
    if isinstance(node, Compare):
        return _compile_compare(node)
    if isinstance(node, Between):
        of, lo, hi = compile_operand(node.operand), compile_operand(node.low), compile_operand(node.high)
        return lambda item: between(of(item), lo(item), hi(item))
    if isinstance(node, In):
        of = compile_operand(node.operand)
        choices = [compile_operand(choice) for choice in node.items]

        def is_in(item: Item) -> bool:
            found = of(item)
            if found is None:
                return False
            for choice in choices:
                candidate = choice(item)
                if candidate is not None and values_equal(found, candidate):
                    return True
            return False
        return is_in
    if isinstance(node, Func):
        return _compile_function(node)
    raise TypeError(f"not a condition: {node!r}")


def _compile_function(node: Func) -> Predicate:
    name, args = node.name, node.args
    if name in ("attribute_exists", "attribute_not_exists"):
        parts = args[0].parts
        exists = name == "attribute_exists"
        if len(parts) == 1:
            key = parts[0]
            if exists:
                return lambda item: key in item
            return lambda item: key not in item
        if exists:
            return lambda item: get_path(item, parts) is not None
        return lambda item: get_path(item, parts) is None
    if name == "attribute_type":
        of = compile_operand(args[0])
        wanted = args[1].value["S"]

        def has_type(item: Item) -> bool:
            found = of(item)
            return found is not None and type_of(found) == wanted
        return has_type
    first, second = compile_operand(args[0]), compile_operand(args[1])
    if name == "begins_with":
        return lambda item: begins_with(first(item), second(item))
    if name == "contains":
        return lambda item: contains(first(item), second(item))
    raise TypeError(f"not a condition function: {name}")
