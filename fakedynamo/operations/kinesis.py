"""Kinesis Data Streams destinations: Enable/Disable/Describe/UpdateKinesisStreamingDestination.

DynamoDB never checks the Kinesis stream while answering: Enable answers
ENABLING for any well-formed ARN and the destination then becomes ACTIVE, or
ENABLE_FAILED with a description saying why (ack-api-quirks DDB-TABLE-318).
There is no Kinesis here, so a stream ARN of this region and account counts as
an ACTIVE stream; any other ARN fails as DynamoDB reports it. As with tables,
the transition shows in the answer and the next Describe shows the result.
Change records are not delivered anywhere.
"""

from __future__ import annotations

import re
from typing import Any

from fakedynamo.errors import resource_in_use, validation
from fakedynamo.operations import operation
from fakedynamo.region import Region
from fakedynamo.storage import Table

EXTRA = "kinesis_destinations"  # Table.extras key: stream ARN -> destination dict
MILLISECOND = "MILLISECOND"
_STREAM_ARN = re.compile(r"arn:aws:kinesis:([a-z0-9-]+):(\d{12}):stream/[A-Za-z0-9_.-]{1,128}")
_NO_PERMISSION = "User does not have a permission to use kinesis stream"
_OTHER_REGION = "The kinesis Arn used to enable kinesis replication belongs to a stream which is not in the current region"


def _destinations(table: Table) -> dict[str, dict[str, Any]]:
    return table.extras.setdefault(EXTRA, {})


def _failure(region: Region, arn: str) -> str | None:
    """Why enabling `arn` fails asynchronously, or None when it succeeds."""
    match = _STREAM_ARN.fullmatch(arn)
    if match is None or match.group(2) != region.account_id:
        return _NO_PERMISSION
    if match.group(1) != region.name:
        return _OTHER_REGION
    return None


def _answer(table: Table, arn: str, status: str, key: str, precision: str | None) -> dict[str, Any]:
    response: dict[str, Any] = {"TableName": table.name, "StreamArn": arn, "DestinationStatus": status}
    if precision is not None:
        response[key] = {"ApproximateCreationDateTimePrecision": precision}
    return response


def _active_destination(region: Region, request: dict[str, Any]) -> tuple[Table, str, dict[str, Any]]:
    """The table, stream ARN and ACTIVE destination a Disable or Update request names."""
    table = region.table(request["TableName"])
    arn = request["StreamArn"]
    current = _destinations(table).get(arn)
    if current is None or current["DestinationStatus"] != "ACTIVE":
        raise validation(f"Table {table.name} is not streaming to the Kinesis stream {arn}")  # inferred wording
    return table, arn, current


@operation("EnableKinesisStreamingDestination")
def enable_kinesis_streaming_destination(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    arn = request["StreamArn"]
    destinations = _destinations(table)
    current = destinations.get(arn)
    if current is not None and current["DestinationStatus"] == "ACTIVE":
        # inferred wording
        raise resource_in_use(f"Table {table.name} is already streaming to the Kinesis stream {arn}")
    config = request.get("EnableKinesisStreamingConfiguration") or {}
    precision = config.get("ApproximateCreationDateTimePrecision")
    failure = _failure(region, arn)
    destination: dict[str, Any] = {"StreamArn": arn, "DestinationStatus": "ENABLE_FAILED" if failure else "ACTIVE"}
    if failure:
        destination["DestinationStatusDescription"] = failure
    destination["ApproximateCreationDateTimePrecision"] = precision or MILLISECOND
    destinations[arn] = destination
    return _answer(table, arn, "ENABLING", "EnableKinesisStreamingConfiguration", precision)


@operation("DisableKinesisStreamingDestination")
def disable_kinesis_streaming_destination(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, arn, current = _active_destination(region, request)
    current["DestinationStatus"] = "DISABLED"
    current.pop("DestinationStatusDescription", None)
    config = request.get("EnableKinesisStreamingConfiguration") or {}
    return _answer(
        table, arn, "DISABLING", "EnableKinesisStreamingConfiguration", config.get("ApproximateCreationDateTimePrecision")
    )


@operation("DescribeKinesisStreamingDestination")
def describe_kinesis_streaming_destination(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = region.table(request["TableName"])
    return {
        "TableName": table.name,
        "KinesisDataStreamDestinations": [dict(d) for d in table.extras.get(EXTRA, {}).values()],
    }


@operation("UpdateKinesisStreamingDestination")
def update_kinesis_streaming_destination(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table, arn, current = _active_destination(region, request)
    config = request.get("UpdateKinesisStreamingConfiguration") or {}
    precision = config.get("ApproximateCreationDateTimePrecision")
    if precision is None:
        raise validation("UpdateKinesisStreamingConfiguration must be specified")  # inferred wording
    if precision == current["ApproximateCreationDateTimePrecision"]:
        # inferred wording
        raise validation(f"ApproximateCreationDateTimePrecision is already {precision} for the Kinesis stream {arn}")
    current["ApproximateCreationDateTimePrecision"] = precision
    return _answer(table, arn, "UPDATING", "UpdateKinesisStreamingConfiguration", precision)
