"""Capacity metering and budgets: exact RCU/WCU per table and index, and assertions on them.

The meter reads the ConsumedCapacity DynamoDB reports (fakedynamo.capacity's
exact arithmetic, asked for in its INDEXES form whatever the caller asked
for), so its figures are the ones AWS would bill. Requests that fail report
no capacity and are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from fakedynamo.targets import is_read, table_name

TABLE = ""  # the part of a table's capacity charged to the table itself (not an index)


@dataclass(frozen=True)
class Consumed:
    """Read and write capacity units consumed."""

    rcu: float = 0.0
    wcu: float = 0.0

    def __sub__(self, other: Consumed) -> Consumed:
        return Consumed(self.rcu - other.rcu, self.wcu - other.wcu)


class Meter:
    """Capacity consumed since metering began: (region, table, index or TABLE) -> [read, write]."""

    def __init__(self) -> None:
        self._units: defaultdict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])

    def record(self, operation: str, request: dict[str, Any], region: str, capacity: Any) -> None:
        """Add the ConsumedCapacity (INDEXES form; one dict or a list) of one response."""
        read = is_read(operation, request)
        for entry in capacity if isinstance(capacity, list) else (capacity,):
            table = table_name(entry.get("TableName"))
            parts: list[tuple[str, dict[str, Any]]] = []
            if "Table" in entry:
                parts.append((TABLE, entry["Table"]))
            else:
                parts.append((TABLE, entry))
            for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
                parts.extend((entry.get(member) or {}).items())
            for part, units in parts:
                counts = self._units[(region, table, part)]
                if "ReadCapacityUnits" in units or "WriteCapacityUnits" in units:
                    counts[0] += units.get("ReadCapacityUnits", 0.0)
                    counts[1] += units.get("WriteCapacityUnits", 0.0)
                else:
                    counts[0 if read else 1] += units.get("CapacityUnits", 0.0)

    def consumed(self, table: str | None = None, index: str | None = None, region: str | None = None) -> Consumed:
        """Units consumed by `table` (all tables when None), its `index` only when given, in `region` (all when None)."""
        rcu = wcu = 0.0
        for (where, name, part), (read, write) in self._units.items():
            if region is not None and where != region:
                continue
            if table is not None and name != table:
                continue
            if index is not None and part != index:
                continue
            rcu += read
            wcu += write
        return Consumed(rcu, wcu)

    def by_table(self) -> dict[str, Consumed]:
        """Table (``region/table``, with ``/index`` for an index's share) -> units, for reports."""
        report = {}
        for (where, name, part), (read, write) in sorted(self._units.items()):
            report[f"{where}/{name}" + (f"/{part}" if part else "")] = Consumed(read, write)
        return report

    def reset(self) -> None:
        self._units.clear()


class BudgetExceeded(AssertionError):
    """A block consumed more capacity than its budget allowed."""


class Budget:
    """``with db.budget(table="t", max_rcu=10, max_wcu=5) as spent:``: fails the block if it costs more.

    On exit, raises `BudgetExceeded` (an AssertionError, so pytest reports it
    as a failed assertion) naming what was consumed and the limit. `spent.rcu`
    and `spent.wcu` give the block's figures, during and after it.
    """

    def __init__(self, meter: Meter, table: str | None = None, index: str | None = None, region: str | None = None,
                 max_rcu: float | None = None, max_wcu: float | None = None) -> None:
        self._meter = meter
        self._scope = (table, index, region)
        self.max_rcu = max_rcu
        self.max_wcu = max_wcu
        self._start = Consumed()
        self._end: Consumed | None = None

    def __enter__(self) -> Budget:
        self._start = self._meter.consumed(*self._scope)
        self._end = None
        return self

    def __exit__(self, kind: Any, *exc_info: Any) -> None:
        self._end = self._meter.consumed(*self._scope)
        if kind is not None:
            return  # the block's own failure says more
        spent = self.consumed
        over = []
        if self.max_rcu is not None and spent.rcu > self.max_rcu:
            over.append(f"{spent.rcu:g} RCU (budget {self.max_rcu:g})")
        if self.max_wcu is not None and spent.wcu > self.max_wcu:
            over.append(f"{spent.wcu:g} WCU (budget {self.max_wcu:g})")
        if over:
            raise BudgetExceeded(f"{self._what()} consumed {' and '.join(over)}")

    @property
    def consumed(self) -> Consumed:
        end = self._end if self._end is not None else self._meter.consumed(*self._scope)
        return end - self._start

    @property
    def rcu(self) -> float:
        return self.consumed.rcu

    @property
    def wcu(self) -> float:
        return self.consumed.wcu

    def _what(self) -> str:
        table, index, region = self._scope
        what = "every table" if table is None else f"table {table!r}"
        if index is not None:
            what += f" index {index!r}"
        return what + (f" in {region}" if region else "")
