"""Applying a projection (a list of resolved document paths) to an item.

The result keeps the item's nesting: ``a.b`` yields ``{"a": {"M": {"b": ...}}}``
and list indexes keep only the chosen elements, in index order (``a[1], a[3]``
yields a two-element list). Paths that do not resolve are left out. The same
function gives UpdateItem's UPDATED_OLD and UPDATED_NEW: the updated paths
projected from the item before and after the update.
"""

from __future__ import annotations

from typing import Any, Iterable

from fakedynamo.expressions.evaluate import get_path

Item = dict[str, dict[str, Any]]


def project(item: Item | None, paths: Iterable[tuple[Any, ...]]) -> Item:
    if not item:
        return {}
    paths = list(paths)
    if all(len(parts) == 1 for parts in paths):
        return {parts[0]: item[parts[0]] for parts in paths if parts[0] in item}
    # A tree of the chosen parts: leaf values, or dicts of child parts.
    tree: dict[Any, Any] = {}
    for parts in paths:
        value = get_path(item, parts)
        if value is None:
            continue
        level = tree
        for part in parts[:-1]:
            level = level.setdefault(part, {})
            if not isinstance(level, dict):  # a shorter path already took the whole value
                break
        else:
            level[parts[-1]] = _Leaf(value)
    return {name: _build(node) for name, node in tree.items()}


class _Leaf:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _build(node: Any) -> Any:
    if isinstance(node, _Leaf):
        return node.value
    if node and isinstance(next(iter(node)), int):
        return {"L": [_build(node[index]) for index in sorted(node)]}
    return {"M": {key: _build(child) for key, child in node.items()}}
