"""Adversarial modes: legal DynamoDB behaviour that code under test rarely meets, each a switch.

- `page_size`: every Query, Scan and ExecuteStatement page ends after at most
  N items (by lowering Limit, so LastEvaluatedKey / NextToken are exactly what
  DynamoDB gives a page that ends there);
- `unprocessed`: every BatchWriteItem / BatchGetItem of two or more entries
  leaves its second half unprocessed (one entry is always processed, so a
  caller that resends makes progress);
- `stale_seconds`: an eventually consistent GetItem or BatchGetItem returns
  the item as it was before its latest write until that many seconds have
  passed on the engine clock (ConsistentRead=true reads see the write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fakedynamo.targets import BATCHES, WRITES, addressed

PAGED = frozenset({"Query", "Scan", "ExecuteStatement"})


@dataclass
class HostileModes:
    page_size: int | None = None
    unprocessed: bool = False
    stale_seconds: float | None = None
    # (region, table, storage key) -> (item before the latest write or None, until when it is served)
    _previous: dict[tuple[str, str, Any], tuple[Any, float]] = field(default_factory=dict, repr=False)

    @property
    def on(self) -> bool:
        return self.page_size is not None or self.unprocessed or self.stale_seconds is not None

    def describe(self) -> dict[str, Any]:
        return {"page_size": self.page_size, "unprocessed": self.unprocessed, "stale_seconds": self.stale_seconds}

    # -- short pages -------------------------------------------------------------------

    def rewrite(self, operation: str, request: dict[str, Any]) -> dict[str, Any]:
        """The request with its Limit lowered to the page size, for the paged operations."""
        size = self.page_size
        if size is None or operation not in PAGED:
            return request
        if operation == "ExecuteStatement" and not str(request.get("Statement", "")).lstrip()[:6].upper() == "SELECT":
            return request
        limit = request.get("Limit")
        if isinstance(limit, int) and limit <= size:
            return request
        return {**request, "Limit": size}

    # -- unprocessed batches ---------------------------------------------------------------

    def leaves(self, operation: str, size: int) -> Any:
        """The `partial.Leave` predicate for a batch of `size` entries, or None to process it whole."""
        if not self.unprocessed or operation not in BATCHES or size < 2:
            return None
        first_left = (size + 1) // 2
        return lambda position, table, key: position >= first_left

    # -- stale reads ----------------------------------------------------------------------

    def before_write(self, region: Any, operation: str, request: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
        """(table, storage key, item now) of every item the write names, read before it runs."""
        if self.stale_seconds is None or operation not in WRITES or region is None:
            return []
        seen = []
        for name, item in addressed(operation, request):
            table = region.tables.get(name)
            if table is None or not item:
                continue
            try:
                key = table.key_of(item)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a malformed key: the operation refuses the request
            seen.append((table, key, table.get(key)))
        return seen

    def after_write(self, region_name: str, seen: list[tuple[Any, Any, Any]], now: float) -> None:
        """Remember the previous version of every item the write changed."""
        assert self.stale_seconds is not None
        until = now + self.stale_seconds
        for table, key, old in seen:
            if table.get(key) is not old:
                self._previous[(region_name, table.name, key)] = (old, until)

    def stale_read(self, region: Any, operation: str, request: dict[str, Any], response: dict[str, Any], now: float) -> None:
        """Replace what an eventually consistent read returned by the previous versions still being served."""
        if not self._previous or region is None:
            return
        if operation == "GetItem":
            if request.get("ConsistentRead"):
                return
            table = region.tables.get(request.get("TableName"))
            if table is None:
                return
            found = self._stale(region.name, table, request.get("Key"), now)
            if found is not None:
                previous = _project(found[0], request)
                response.pop("Item", None)
                if previous is not None:
                    response["Item"] = previous
        elif operation == "BatchGetItem":
            for name, spec in (request.get("RequestItems") or {}).items():
                table = region.tables.get(name)
                if table is None or spec.get("ConsistentRead"):
                    continue
                self._stale_batch(region.name, table, name, spec, response, now)

    def _stale(self, region_name: str, table: Any, key: Any, now: float) -> tuple[Any] | None:
        try:
            storage_key = table.key_of(key)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        entry = self._previous.get((region_name, table.name, storage_key))
        if entry is None:
            return None
        if now >= entry[1]:
            del self._previous[(region_name, table.name, storage_key)]
            return None
        return (entry[0],)

    def _stale_batch(self, region_name: str, table: Any, name: str, spec: dict[str, Any], response: dict[str, Any], now: float) -> None:
        returned = response.get("Responses", {}).get(name)
        if returned is None:
            return
        key_names = table.key_names
        for key in spec.get("Keys") or ():
            found = self._stale(region_name, table, key, now)
            if found is None:
                continue
            # Answers are matched to keys by their key attributes (a projection without them is left alone).
            kept = [item for item in returned if any(item.get(n) != key.get(n) for n in key_names)]
            if len(kept) == len(returned) and any(n not in item for item in returned for n in key_names):
                continue
            previous = _project(found[0], spec)
            returned[:] = kept + ([previous] if previous is not None else [])


def _project(item: Any, request: dict[str, Any]) -> Any:
    if item is None:
        return None
    from fakedynamo import expressions as ex
    from fakedynamo.operations.items import read_projection

    projection = read_projection(request)
    return item if projection is None else ex.project(item, projection)
