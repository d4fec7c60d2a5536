"""The account's capacity quotas and the daily budget of throughput decreases (LimitExceededException).

Also the bookkeeping the budget reads: each capacity change stamps the time
of the last increase or decrease and counts the decreases of the UTC day.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fakedynamo.errors import limit_exceeded
from fakedynamo.operations.capacity import ON_DEMAND_MEMBERS, PROVISIONED, READ, WARM_MEMBERS, WRITE
from fakedynamo.region import ACCOUNT_MAX_CAPACITY_UNITS, TABLE_MAX_CAPACITY_UNITS, Region
from fakedynamo.storage import Table, Throughput

DAILY_FREE_DECREASES = 4
DECREASE_INTERVAL_SECONDS = 3600


def check_table_capacity(region: Region, throughput: dict, index: str | None) -> None:
    for member in (READ, WRITE):
        value = throughput[member]
        if value <= TABLE_MAX_CAPACITY_UNITS:
            continue
        if index is None:
            what, scope = f"{member}, {value}", "per table maximum"
        else:
            what, scope = f"{member} for index {index}, {value}", "per index maximum"
        raise limit_exceeded(
            f"The requested {what}, is above the {scope} for the account in {region.name}. "
            f"Per table maximum: {TABLE_MAX_CAPACITY_UNITS}. Refer to the Amazon DynamoDB Developer Guide "
            "for current limits and how to request higher limits."
        )


def check_account_capacity(region: Region, requested: list[int], exclude: Table | None) -> None:
    reserved = [0, 0]
    for table in region.tables.values():
        if table is exclude or table.billing_mode != PROVISIONED:
            continue
        for throughput in (table.throughput, *(i.throughput for i in table.global_indexes)):
            if throughput is not None:
                reserved[0] += throughput.read
                reserved[1] += throughput.write
    for position, member in enumerate((READ, WRITE)):
        if reserved[position] + requested[position] > ACCOUNT_MAX_CAPACITY_UNITS:
            raise limit_exceeded(
                f"This request would have caused the {member} limit to be exceeded for the account in {region.name}. "
                f"Current {member} reserved by the account: {reserved[position]}. "
                f"Limit: {ACCOUNT_MAX_CAPACITY_UNITS}. Requested: {requested[position]}"
            )


def check_on_demand_limit(region: Region, on_demand: dict, index: str | None) -> None:
    where = "table" if index is None else f"index : {index}"
    _check_per_table_quota(region, on_demand, ON_DEMAND_MEMBERS, f"OnDemandThroughput for {where}")


def check_warm_limit(region: Region, warm: dict, index: str | None) -> None:
    where = "table" if index is None else f"index {index}"  # no colon here, as DynamoDB spells it
    _check_per_table_quota(region, warm, WARM_MEMBERS, f"WarmThroughput for {where}")


def _check_per_table_quota(region: Region, requested: dict, members: tuple[str, str], what: str) -> None:
    """Refuse a read or write rate above the account's per-table quota."""
    for member, quota in zip(members, ("TableMaxReadCapacityUnits", "TableMaxWriteCapacityUnits")):
        if requested.get(member, 0) > TABLE_MAX_CAPACITY_UNITS:
            raise limit_exceeded(
                f"Subscriber limit exceeded: Requested {member} for {what} exceeds "
                f"{quota} of the account in region {region.name}"
            )


# -- the daily budget of throughput decreases --------------------------------------------


def decreases_today(throughput: Throughput, now: float) -> list[float]:
    today = _utc(now).date()
    return [moment for moment in throughput.decreases if _utc(moment).date() == today]


def _utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, timezone.utc)


def _check_decrease_budget(throughput: Throughput, now: float) -> None:
    today = decreases_today(throughput, now)
    if len(today) < DAILY_FREE_DECREASES or throughput.last_decrease is None:
        return
    last = throughput.last_decrease
    if now - last >= DECREASE_INTERVAL_SECONDS:
        return
    midnight = datetime.combine(_utc(now).date() + timedelta(days=1), datetime.min.time(), timezone.utc)
    following = min(_utc(last + DECREASE_INTERVAL_SECONDS), midnight)
    raise limit_exceeded(
        "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. "
        f"After the first {DAILY_FREE_DECREASES} decreases, each subsequent decrease in the same UTC day can be "
        f"performed at most once every {DECREASE_INTERVAL_SECONDS} seconds. Number of decreases today: {len(today)}. "
        f"Last decrease at {_spelled_out(_utc(last))}. Next decrease can be made at {_spelled_out(following)}."
    )


def _spelled_out(moment: datetime) -> str:
    """A UTC time as DynamoDB spells it: 'Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time'."""
    hour = moment.hour % 12 or 12
    return (
        f"{moment:%A}, {moment:%B} {moment.day}, {moment.year} at "
        f"{hour}:{moment:%M:%S} {moment:%p} Coordinated Universal Time"
    )


def record_capacity_change(throughput: Throughput, read: int, write: int, now: float) -> None:
    if read < throughput.read or write < throughput.write:
        throughput.decreases = [*decreases_today(throughput, now), now]
        throughput.last_decrease = now
    if read > throughput.read or write > throughput.write:
        throughput.last_increase = now
    throughput.read, throughput.write = read, write


def check_budget_for(current: Throughput, requested: dict, now: float) -> None:
    if requested[READ] < current.read or requested[WRITE] < current.write:
        _check_decrease_budget(current, now)
