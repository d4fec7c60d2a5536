"""Applying a bound update to an item, exactly as UpdateItem does.

Every operand is read from the item as it was before the update (so
``SET a = b, b = a`` swaps), and list indexes name elements of the original
lists (``REMOVE l[0], l[1]`` removes the first two). The actions are checked
first, in the order written, and only then applied, so a failing update
changes nothing. The input item is never mutated: the result shares every
value the update did not touch.

Rules:

- SET creates or replaces; a nested path needs its parent to exist and be a
  map (for a name) or a list (for an index), else "The document path provided
  in the update expression is invalid for update"; an index past the end of a
  list appends, in index order;
- ``+``/``-`` need numbers, ``list_append`` lists, else "An operand in the
  update expression has an incorrect data type"; an operand path that does
  not exist fails with "The provided expression refers to an attribute that
  does not exist in the item" (``if_not_exists`` is the way around that);
- REMOVE drops an attribute, map key or list element (later elements shift);
  removing something absent is a no-op;
- ADD adds to a number (a missing one counts as 0) or unions a set of the
  same type; DELETE subtracts from a set of the same type, and removes the
  attribute when the set becomes empty;
- a sum or difference that needs more than 38 significant digits is refused
  with DynamoDB's (odd) "Number overflow" message, as real DynamoDB does;
- a key attribute may not be the target of any action.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from fakedynamo.errors import validation
from fakedynamo.expressions import messages as m
from fakedynamo.expressions import numbers
from fakedynamo.expressions.ast import AddAction, Arith, Const, DeleteAction, Func, Path, RemoveAction, SetAction
from fakedynamo.expressions.evaluate import get_path, to_bytes, type_of

Item = dict[str, dict[str, Any]]
SET_TYPES = ("SS", "NS", "BS")


class BoundUpdate:
    """An update's resolved actions, in the order written.

    `legacy` marks one made from AttributeUpdates, whose type errors read
    "Type mismatch for attribute to update" and whose ADD also appends lists.
    """

    __slots__ = ("actions", "legacy")

    def __init__(self, actions: Iterable[Any], legacy: bool = False) -> None:
        self.actions = tuple(actions)
        self.legacy = legacy

    @property
    def paths(self) -> list[tuple[Any, ...]]:
        return [action.path.parts for action in self.actions]

    def __repr__(self) -> str:
        return f"BoundUpdate({list(self.actions)!r})"


def check_key_updates(update: BoundUpdate, key_names: Iterable[str]) -> None:
    keys = set(key_names)
    for action in update.actions:
        name = action.path.parts[0]
        if name in keys:
            raise validation(m.key_attribute_update(name))


def apply_update(update: BoundUpdate, item: Item | None, key_names: Iterable[str] = ()) -> tuple[Item, "UpdatedPaths"]:
    """The item after the update, and the document paths it wrote or removed."""
    check_key_updates(update, key_names)
    old: Item = item or {}
    mismatch = m.LEGACY_TYPE_MISMATCH if update.legacy else m.INCORRECT_DATA_TYPE

    # 1. Every SET operand, against the original item, in order.
    planned: list[list[Any]] = []
    for action in update.actions:
        parts = action.path.parts
        if isinstance(action, SetAction):
            planned.append(["set", _evaluate(action.value, old), parts, None])
        elif isinstance(action, RemoveAction):
            planned.append(["remove", None, parts, None])
        elif isinstance(action, AddAction):
            planned.append(["add", action.value.value, parts, None])
        elif isinstance(action, DeleteAction):
            planned.append(["delete", action.value.value, parts, None])
        else:
            raise TypeError(f"not an update action: {action!r}")

    # 2. Every target path and operand type, in order.
    for kind, payload, parts, _ in planned:
        if len(parts) > 1:
            parent = get_path(old, parts[:-1])
            container = "L" if isinstance(parts[-1], int) else "M"
            if parent is None or container not in parent:
                raise validation(m.INVALID_UPDATE_PATH)
        if kind in ("add", "delete"):
            existing = get_path(old, parts)
            if existing is not None:
                wanted = type_of(payload)
                if type_of(existing) != wanted:
                    raise validation(mismatch)

    # 3. Apply, copying only the containers on the way to a change.
    tree: dict[Any, Any] = {}
    for entry in planned:
        parts = entry[2]
        level = tree
        for part in parts[:-1]:
            node = level.get(part)
            if node is None:
                node = level[part] = [{}, None]
            level = node[0]
        level[parts[-1]] = [{}, entry]
    new_item = _apply_map(old, tree)
    updated = UpdatedPaths(entry[2] for entry in planned)
    # DynamoDB reads every path back as written: an element appended past the
    # end of a list is not at the index written, so it is not returned, and a
    # removed list element's index now holds its successor, which is.
    updated.new = list(updated)
    return new_item, updated


class UpdatedPaths(list):  # type: ignore[type-arg]
    """The paths an update wrote or removed, as written (for UPDATED_OLD).

    `new` lists the paths to read back from the new item (for UPDATED_NEW): the
    same paths as written, read from the item after the update.
    """

    new: list[tuple[Any, ...]]


# -- operands ------------------------------------------------------------------------


def _evaluate(node: Any, item: Item) -> dict[str, Any]:
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Path):
        value = get_path(item, node.parts)
        if value is None:
            raise validation(m.MISSING_OPERAND)
        return value
    if isinstance(node, Func):
        if node.name == "if_not_exists":
            value = get_path(item, node.args[0].parts)
            return value if value is not None else _evaluate(node.args[1], item)
        if node.name == "list_append":
            first = _evaluate(node.args[0], item)
            second = _evaluate(node.args[1], item)
            if "L" not in first or "L" not in second:
                raise validation(m.INCORRECT_DATA_TYPE)
            return {"L": first["L"] + second["L"]}
    if isinstance(node, Arith):
        left = _evaluate(node.left, item)
        right = _evaluate(node.right, item)
        if "N" not in left or "N" not in right:
            raise validation(m.INCORRECT_DATA_TYPE)
        return {"N": numbers.add(left["N"], right["N"], subtract=node.op == "-")}
    raise TypeError(f"not an update operand: {node!r}")


# -- application -------------------------------------------------------------------------


def _apply_map(members: dict[str, Any], level: dict[Any, Any]) -> dict[str, Any]:
    out = dict(members)
    for key, (children, entry) in level.items():
        if entry is None:
            out[key] = _apply_child(members[key], children)
            continue
        kind = entry[0]
        if kind == "remove":
            out.pop(key, None)
            continue
        result = _combine(kind, members.get(key), entry[1])
        if result is None:
            out.pop(key, None)
        else:
            out[key] = result
    return out


def _apply_child(value: dict[str, Any], level: dict[Any, Any]) -> dict[str, Any]:
    if "M" in value:
        return {"M": _apply_map(value["M"], level)}
    return {"L": _apply_list(value["L"], level)}


def _apply_list(items: list[Any], level: dict[Any, Any]) -> list[Any]:
    count = len(items)
    removed: set[int] = set()
    replaced: dict[int, Any] = {}
    appended: list[tuple[int, Any]] = []
    for index, (children, entry) in level.items():
        if entry is None:
            if index < count:
                replaced[index] = _apply_child(items[index], children)
            continue
        kind = entry[0]
        if kind == "remove":
            if index < count:
                removed.add(index)
            continue
        if index < count:
            result = _combine(kind, items[index], entry[1])
            if result is None:
                removed.add(index)
            else:
                replaced[index] = result
        else:
            result = _combine(kind, None, entry[1])
            if result is not None:
                appended.append((index, result))
    out = [replaced.get(i, value) for i, value in enumerate(items) if i not in removed]
    for _, value in sorted(appended, key=lambda a: a[0]):
        out.append(value)
    return out


def _combine(kind: str, existing: dict[str, Any] | None, payload: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "set":
        return payload
    (type_, raw), = payload.items()
    if kind == "add":
        if type_ == "N":
            base = existing["N"] if existing is not None else "0"
            return {"N": numbers.add(base, raw)}
        if type_ == "L":  # AttributeUpdates ADD appends to a list
            return {"L": (existing["L"] if existing is not None else []) + list(raw)}
        current = existing[type_] if existing is not None else []
        return {type_: _set_union(type_, current, raw)}
    # delete
    if existing is None:
        return None
    remaining = _set_difference(type_, existing[type_], raw)
    return {type_: remaining} if remaining else None


def _member_key(type_: str, member: Any) -> Any:
    if type_ == "NS":
        return Decimal(member)
    if type_ == "BS":
        return to_bytes(member)
    return member


def _set_union(type_: str, current: list[Any], extra: list[Any]) -> list[Any]:
    members = {_member_key(type_, x): x for x in current}
    for x in extra:
        members.setdefault(_member_key(type_, x), x)
    return [members[key] for key in sorted(members)]


def _set_difference(type_: str, current: list[Any], removed: list[Any]) -> list[Any]:
    gone = {_member_key(type_, x) for x in removed}
    return [x for x in current if _member_key(type_, x) not in gone]
