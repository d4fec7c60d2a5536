"""Time to live that expires: delete the items whose TTL has passed, as DynamoDB's background process does.

DynamoDB's rules (Developer Guide, "Time to Live"; API Reference,
UpdateTimeToLive):

- an item expires when its TTL attribute, a Number of epoch seconds, is less
  than the current time; a TTL attribute of any other type (a string, a
  number set, ...) is ignored and the item never expires;
- items whose TTL is more than five years in the past are not deleted;
- expired items are deleted "within a few days": until then they still show up
  in reads, queries and scans. Here the delay is the engine's `ttl_delay`
  (default 0): an item is deleted by the first sweep once
  ``now > expiry + ttl_delay``;
- each deletion removes the item from its indexes like any delete and writes a
  REMOVE stream record whose ``userIdentity`` is DynamoDB's service principal.

Sweeps run when the clock is moved (`Engine.advance`, which a test or the
server's admin API calls), never on their own, so a test decides when items
disappear; ``advance(0)`` sweeps without moving the clock.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from fakedynamo.history import TTL_IDENTITY

if TYPE_CHECKING:
    from fakedynamo.engine import Engine
    from fakedynamo.storage import Table

# "More than five years in the past"; the documentation gives no finer
# definition, so 5 x 365 days (inferred).
FIVE_YEARS_SECONDS = 5 * 365 * 24 * 3600


def sweep(engine: Engine) -> int:
    """Delete every item of every TTL-enabled table that has expired by now; return how many."""
    now = engine.now()
    deleted = 0
    for region in list(engine.regions.values()):
        for table in list(region.tables.values()):
            if table.ttl_attribute is not None:
                deleted += sweep_table(table, now, engine.ttl_delay)
    return deleted


def sweep_table(table: Table, now: float, delay: float = 0.0) -> int:
    """Delete the items of `table` that expired more than `delay` seconds before `now`."""
    attribute = table.ttl_attribute
    if attribute is None:
        return 0
    cutoff = now - delay
    oldest = now - FIVE_YEARS_SECONDS
    due = []
    for item in table.scan_items():
        expiry = expiry_of(item, attribute)
        if expiry is not None and oldest <= expiry < cutoff:
            due.append(table.key_of(item))
    for key in due:
        table.delete(key, identity=TTL_IDENTITY)
    return len(due)


def expiry_of(item: dict, attribute: str) -> float | None:
    """The epoch seconds in the item's TTL attribute, or None if it has no Number there."""
    value = item.get(attribute)
    if value is None:
        return None
    number = value.get("N")
    if number is None:
        return None
    try:
        return float(Decimal(number))
    except (InvalidOperation, OverflowError):
        return None
