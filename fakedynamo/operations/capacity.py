"""A table's and an index's capacity: billing modes, provisioned throughput, on-demand caps, warm throughput.

The rules a requested capacity must meet (ValidationException, in DynamoDB's
words) and the arithmetic of warm throughput, which only ever goes up, and of
on-demand caps, which -1 removes. The account's quotas and the daily budget of
decreases are capacity_limits.py's.
"""

from __future__ import annotations

from fakedynamo.errors import DynamoDBError, invalid_parameter, validation
from fakedynamo.storage import Throughput

PROVISIONED = "PROVISIONED"
PAY_PER_REQUEST = "PAY_PER_REQUEST"

MAX_CAPACITY_BOUND = 1_000_000_000_000  # beyond it a capacity is "out of bounds"
# An on-demand table's (and index's) warm throughput before anything raises it.
ON_DEMAND_WARM_THROUGHPUT = (12000, 4000)
ON_DEMAND_INITIAL_THROUGHPUT_URL = (
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "on-demand-capacity-mode.html#on-demand-capacity-mode-initial"
)

READ, WRITE = "ReadCapacityUnits", "WriteCapacityUnits"
ON_DEMAND_MEMBERS = ("MaxReadRequestUnits", "MaxWriteRequestUnits")
WARM_MEMBERS = ("ReadUnitsPerSecond", "WriteUnitsPerSecond")

NO_THROUGHPUT_ON_DEMAND = (
    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
)


def index_throughput_on_demand(index: str) -> str:
    return f"ProvisionedThroughput should not be specified for index: {index} when BillingMode is PAY_PER_REQUEST"


def check_billing_mode(mode: str, throughput: dict | None) -> None:
    if mode == PAY_PER_REQUEST and throughput is not None:
        raise invalid_parameter(NO_THROUGHPUT_ON_DEMAND)
    if mode == PROVISIONED and throughput is None:
        raise invalid_parameter(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
        )
    if throughput is not None:
        check_capacity_bounds(throughput)


def check_capacity_bounds(throughput: dict) -> None:
    for member in (READ, WRITE):
        if throughput[member] > MAX_CAPACITY_BOUND:
            raise validation(f"Given value {throughput[member]} for {member} is out of bounds")


def check_on_demand_at_create(on_demand: dict, mode: str, index: str | None) -> None:
    present = [member for member in ON_DEMAND_MEMBERS if member in on_demand]
    if not present:
        return
    if mode == PROVISIONED:
        where = "" if index is None else f" for index: {index}"
        raise invalid_parameter(
            f"{present[0]} for OnDemandThroughput{where} cannot be specified when table BillingMode is PROVISIONED."
        )
    for member in present:
        if on_demand[member] < 1:
            raise _on_demand_out_of_range(member, index)


def _on_demand_out_of_range(member: str, index: str | None) -> DynamoDBError:
    where = "table" if index is None else f"index : {index}"
    return invalid_parameter(f"Requested {member} for OnDemandThroughput for {where} is outside of valid range")


def check_warm_at_create(warm: dict, mode: str, throughput: dict | None, index: str | None) -> None:
    where = "table" if index is None else f"index {index}"
    for member, floor_member, on_demand_floor in zip(WARM_MEMBERS, (READ, WRITE), ON_DEMAND_WARM_THROUGHPUT):
        if member not in warm:
            continue
        if mode == PAY_PER_REQUEST and warm[member] < on_demand_floor:
            raise invalid_parameter(
                f"Requested {member} for WarmThroughput for {where} is lower than initial throughput for OnDemand. "
                f"See: {ON_DEMAND_INITIAL_THROUGHPUT_URL}"
            )
        if mode == PROVISIONED and throughput is not None and warm[member] < throughput[floor_member]:
            raise invalid_parameter(
                f"Requested {member} for WarmThroughput for {where} is lower than {floor_member} "
                "of ProvisionedThroughput"
            )


def on_demand_members(on_demand: dict) -> dict[str, int]:
    return {member: on_demand[member] for member in ON_DEMAND_MEMBERS if member in on_demand}


def raised_warm(warm: tuple[int, int], requested: dict) -> tuple[int, int]:
    """A warm throughput raised to what `requested` asks for; it never goes down."""
    read = max(warm[0], requested.get("ReadUnitsPerSecond", 0))
    write = max(warm[1], requested.get("WriteUnitsPerSecond", 0))
    return (read, write)


def check_throughput_changes(current: Throughput, requested: dict, what: str, noun: str) -> None:
    """Refuse an update that leaves provisioned throughput as it is."""
    if (requested[READ], requested[WRITE]) != (current.read, current.write):
        return
    raise validation(
        f"The provisioned throughput for {what} will not change. The requested value equals the current value. "
        f"Current ReadCapacityUnits provisioned for the {noun}: {current.read}. Requested ReadCapacityUnits: "
        f"{requested[READ]}. Current WriteCapacityUnits provisioned for the {noun}: {current.write}. Requested "
        f"WriteCapacityUnits: {requested[WRITE]}. Refer to the Amazon DynamoDB Developer Guide for current limits "
        "and how to request higher limits."
    )


def check_on_demand_update(on_demand: dict, mode: str, index: str | None) -> None:
    present = [member for member in ON_DEMAND_MEMBERS if member in on_demand]
    if not present:
        return
    if mode == PROVISIONED:
        where = "" if index is None else f" for index : {index}"
        raise invalid_parameter(
            f"{present[0]} for OnDemandThroughput{where} cannot be specified when the table BillingMode is PROVISIONED"
        )
    for member in present:
        # -1 removes a cap; 0 and anything below -1 are out of range.
        if on_demand[member] == 0 or on_demand[member] < -1:
            raise _on_demand_out_of_range(member, index)


def merged_on_demand(current: dict[str, int], requested: dict) -> dict[str, int]:
    merged = dict(current)
    for member in ON_DEMAND_MEMBERS:
        if member in requested:
            if requested[member] == -1:
                merged.pop(member, None)
            else:
                merged[member] = requested[member]
    return {member: merged[member] for member in ON_DEMAND_MEMBERS if member in merged}


def check_warm_not_lowered(requested: dict, current: tuple[int, int], where: str) -> None:
    for member, value in zip(WARM_MEMBERS, current):
        if requested.get(member, value) < value:
            raise invalid_parameter(
                f"Requested {member} for WarmThroughput for {where} is lower than current WarmThroughput, "
                "decreasing WarmThroughput is not supported"
            )


def warm_members(warm: tuple[int, int]) -> dict[str, int]:
    return dict(zip(WARM_MEMBERS, warm))


def warm_for(throughput: dict) -> dict[str, int]:
    """The warm throughput provisioned capacity guarantees."""
    return warm_members((throughput[READ], throughput[WRITE]))
