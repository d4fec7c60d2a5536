"""Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups, RestoreTableToPointInTime.

PITR is built on the table's change history (`fakedynamo.history`): enabling
it subscribes the consumer ``<table ARN>/pitr``, so from then on every write
is recorded with its engine-clock time, old and new image. The table as it
was at a moment T (within the window) is the table as it is now with every
change made after T undone, newest first; nothing is copied while PITR is on.

The window: EarliestRestorableDateTime is the later of when PITR was enabled
and now minus RecoveryPeriodInDays (default 35); LatestRestorableDateTime is
now. AWS keeps the latest restorable time about five minutes behind now; the
fake does not, so a test can write, note the time, write again and restore
to the noted second without waiting (a deliberate difference, documented in
docs/fakedynamo-operations.md). Disabling PITR forgets the window.
"""

from __future__ import annotations

from typing import Any

from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.history import ChangeHistory
from fakedynamo.operations import operation
from fakedynamo.operations.backups import (
    Snapshot,
    delay,
    find_table,
    restore,
    table_already_exists,
    table_definition,
    table_not_found,
)
from fakedynamo.region import Region
from fakedynamo.storage import Item, Table
from fakedynamo.streams import EngineTime
from fakedynamo.values import item_size

DEFAULT_RECOVERY_PERIOD_DAYS = 35
DAY = 86400.0


class Recovery:
    """PITR of one table while enabled: since when, for how long, and the history it reads."""

    def __init__(self, table: Table, history: ChangeHistory, enabled_at: float, period_days: int) -> None:
        self.consumer = f"{table.arn}/pitr"
        self.history = history
        self.enabled_at = enabled_at
        self.period_days = period_days

    def earliest(self, now: float) -> float:
        return max(self.enabled_at, now - self.period_days * DAY)

    def description(self, now: float) -> dict[str, Any]:
        return {
            "PointInTimeRecoveryStatus": "ENABLED",
            "RecoveryPeriodInDays": self.period_days,
            "EarliestRestorableDateTime": _seconds(self.earliest(now)),
            "LatestRestorableDateTime": _seconds(now),
        }


def _seconds(moment: float) -> float:
    return int(moment * 1000) / 1000  # reported to the millisecond, as AWS's timestamps are


# =====================================================================================
# UpdateContinuousBackups, DescribeContinuousBackups
# =====================================================================================


@operation("UpdateContinuousBackups")
def update_continuous_backups(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = find_table(region, request["TableName"])
    if table is None:
        raise table_not_found(request["TableName"])
    spec = request["PointInTimeRecoverySpecification"]
    enabled = spec["PointInTimeRecoveryEnabled"]
    period = spec.get("RecoveryPeriodInDays")
    if not enabled and period is not None:
        # inferred wording: a recovery period only means something with PITR on
        raise validation("RecoveryPeriodInDays can only be set when PointInTimeRecoveryEnabled is true")
    now = region.now()
    if enabled:
        if table.pitr is None:
            history = table.subscribe(f"{table.arn}/pitr", EngineTime(region.engine))  # time via Engine.now, as streams
            table.pitr = Recovery(table, history, now, period or DEFAULT_RECOVERY_PERIOD_DAYS)
        elif period is not None:
            table.pitr.period_days = period
    elif table.pitr is not None:
        table.unsubscribe(table.pitr.consumer)
        table.pitr = None
    return {"ContinuousBackupsDescription": continuous_backups(table, now)}


@operation("DescribeContinuousBackups")
def describe_continuous_backups(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = find_table(region, request["TableName"])
    if table is None:
        raise table_not_found(request["TableName"])
    return {"ContinuousBackupsDescription": continuous_backups(table, region.now())}


def continuous_backups(table: Table, now: float) -> dict[str, Any]:
    # On-demand backups are always available, so ContinuousBackupsStatus is always ENABLED.
    pitr = {"PointInTimeRecoveryStatus": "DISABLED"} if table.pitr is None else table.pitr.description(now)
    return {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": pitr}


# =====================================================================================
# RestoreTableToPointInTime
# =====================================================================================


@operation("RestoreTableToPointInTime")
def restore_table_to_point_in_time(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn, name = request.get("SourceTableArn"), request.get("SourceTableName")
    if arn is None and name is None:
        raise validation("Either SourceTableArn or SourceTableName must be specified")  # inferred wording
    if arn is not None and name is not None:
        raise validation("Only one of SourceTableArn or SourceTableName can be specified")  # inferred wording
    source_name: str = name or arn or ""
    table = find_table(region, source_name)
    if table is None:
        raise DynamoDBError("SourceTableNotFoundException", f"Source table not found: {source_name}")  # moto's wording
    target = request["TargetTableName"]
    if target in region.tables:
        raise table_already_exists(target)
    if table.pitr is None:
        raise DynamoDBError(
            "PointInTimeRecoveryUnavailableException",
            f"Point in time recovery is not enabled for table '{table.name}'",  # moto's wording
        )
    now = region.now()
    latest = request.get("UseLatestRestorableTime", False)
    moment = request.get("RestoreDateTime")
    if latest and moment is not None:
        # inferred wording
        raise validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified")
    if moment is None:
        if not latest:
            raise validation("Either RestoreDateTime or UseLatestRestorableTime must be specified")  # inferred wording
        moment = now
    check_restorable(table, moment, now)
    snapshot = Snapshot(table_definition(table), items_at(table, moment))
    summary = {"SourceTableArn": table.arn, "RestoreDateTime": float(moment)}
    return restore(region, target, snapshot, request, summary, now + delay(region, "backup"))


def check_restorable(table: Table, moment: float, now: float) -> None:
    """Refuse a moment outside the table's PITR window (InvalidRestoreTimeException)."""
    assert table.pitr is not None
    earliest = table.pitr.earliest(now)
    # PITR restores to the second: a moment within the second PITR was enabled in is restorable.
    if moment < int(earliest) or moment > now:
        raise DynamoDBError(
            "InvalidRestoreTimeException",
            f"Restore time must be between {_seconds(earliest)} and {_seconds(now)}",  # inferred wording
        )


def items_at(table: Table, moment: float) -> list[tuple[Item, int]]:
    """(item, size) of every item `table` held at `moment`, which must lie in its PITR window."""
    items, sizes = table.read_maps()
    state: dict[Any, Item] = dict(items)
    changed: set[Any] = set()
    history = table.pitr.history if table.pitr is not None else table.history
    if history is not None:
        for entry in reversed(history.log):  # newest first: undo what was written after `moment`
            written, old, new, _identity = entry
            if written <= moment:
                break
            image = new if new is not None else old
            assert image is not None
            key = table.key_of(image)
            changed.add(key)
            if old is None:
                state.pop(key, None)
            else:
                state[key] = old
    return [(item, item_size(item) if key in changed else sizes[key]) for key, item in state.items()]
