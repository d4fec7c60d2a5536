"""Bulk operations (2026): StartBulkPutItems, DescribeBulkOperation, ListBulkOperations, CancelBulkOperation.

StartBulkPutItems reads every object under the input bucket and prefix of
the object store (`fakedynamo.objectstore`), DYNAMODB_JSON lines or ION,
compressed GZIP, ZSTD (with the zstandard package) or NONE, and writes each
record's item to an existing table as PutItem would. A record is
``{"Item": {...}}``, optionally with a ConditionExpression and its
ExpressionAttributeNames/Values (inferred: the API's CONDITION_CHECK_FAILURE
output implies conditional records). A record that is not an item, or an
item PutItem refuses, is a failure (FailedItemCount, status
COMPLETED_WITH_ERRORS); a false condition is not. With OutputType ERROR or
CONDITION_CHECK_FAILURE those records are written as JSON lines under the
output bucket and prefix (layout inferred, see `_write_output`).

The model shapes are botocore 1.44's (the installed botocore may predate
them, so this module checks its own required members). Timing: with no
"export" status delay the operation runs at once and is COMPLETED when it
answers; with one it is IN_PROGRESS until the clock passes the delay, and
its items are written then (at `Engine.advance` or the next bulk-operation
request), so CancelBulkOperation before that writes nothing: CANCELLING,
then CANCELLED.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from fakedynamo import ion
from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.objectstore import ObjectStoreError
from fakedynamo.operations import OPERATIONS, operation
from fakedynamo.operations.backups import delay, find_table
from fakedynamo.operations.exports import started_with
from fakedynamo.operations.imports import decompress
from fakedynamo.region import Region
from fakedynamo.values import item_size

if TYPE_CHECKING:
    from fakedynamo.engine import Engine

INPUT_FORMATS = ("DYNAMODB_JSON", "ION")
COMPRESSION_TYPES = ("GZIP", "ZSTD", "NONE")
OUTPUT_TYPES = ("ERROR", "CONDITION_CHECK_FAILURE")
PERFORMANCE_TIERS = ("STANDARD", "ACCELERATED")
MIN_WRITE_REQUEST_UNITS = 1024
MAX_LIST_RESULTS = 25
TERMINAL = ("COMPLETED", "COMPLETED_WITH_ERRORS", "CANCELLED", "FAILED")


@dataclass
class BulkOperation:
    number: int  # order of starting, for listing newest first
    description: dict[str, Any]
    request: dict[str, Any]
    ready_at: float
    status: str = "IN_PROGRESS"
    cancelled_at: float | None = None
    results: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        description = copy.deepcopy(self.description)
        description["BulkOperationStatus"] = self.status
        description.update(copy.deepcopy(self.results))
        return description


# =====================================================================================
# StartBulkPutItems
# =====================================================================================


@operation("StartBulkPutItems")
def start_bulk_put_items(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    _check_request(request)
    run_due(region.engine)
    token = request.get("ClientToken")
    conflict = DynamoDBError(
        "IdempotentParameterMismatchException",
        "The request uses the same client token as a previous, but non-identical request.",  # inferred wording
    )
    existing = started_with(region.bulk_operations.values(), request, conflict)
    if existing is not None:
        return {"BulkOperationDescription": existing.describe()}
    table = find_table(region, request["TableName"])
    if table is None:
        raise DynamoDBError("ResourceNotFoundException", f"Requested resource not found: Table: {request['TableName']} not found")
    now = region.now()
    number = len(region.bulk_operations) + 1
    operation_id = f"{int(now * 1000):014d}-{region.engine.new_uuid()[:8]}"
    description: dict[str, Any] = {
        "BulkOperationArn": f"{table.arn}/bulk-operation/{operation_id}",  # inferred ARN form
        "TableDetails": [{"TableName": table.name, "TableId": table.table_id}],
        "ClientToken": token or region.engine.new_uuid(),
        "InputS3Configuration": copy.deepcopy(request["InputS3Configuration"]),
        "OutputS3Configuration": copy.deepcopy(request["OutputS3Configuration"]),
        "StartTime": now,
        "PerformanceTier": request.get("PerformanceTier", "STANDARD"),
    }
    if "MaxWriteRequestUnits" in request:
        description["MaxWriteRequestUnits"] = request["MaxWriteRequestUnits"]
    entry = BulkOperation(number, description, copy.deepcopy(request), now + delay(region, "export"))
    entry.results = {"ProcessedItemCount": 0, "FailedItemCount": 0, "ProcessedInputBytes": 0}
    region.bulk_operations[description["BulkOperationArn"]] = entry
    answer = entry.describe()
    if entry.ready_at <= now:
        _run(region, entry)
    return {"BulkOperationDescription": answer}


def _check_request(request: dict[str, Any]) -> None:
    """The model's constraints (botocore 1.44), which the installed botocore may not know."""
    missing = [m for m in ("InputS3Configuration", "OutputS3Configuration", "TableName") if request.get(m) is None]
    if missing:
        names = {"InputS3Configuration": "inputS3Configuration", "OutputS3Configuration": "outputS3Configuration", "TableName": "tableName"}
        listed = "; ".join(f"Value null at '{names[m]}' failed to satisfy constraint: Member must not be null" for m in missing)
        count = len(missing)
        raise validation(f"{count} validation error{'s' if count > 1 else ''} detected: {listed}")
    source, output = request["InputS3Configuration"], request["OutputS3Configuration"]
    if not isinstance(source, dict) or not source.get("S3Bucket") or source.get("InputFormat") not in INPUT_FORMATS:
        raise validation("1 validation error detected: Value at 'InputS3Configuration' failed to satisfy constraint: "
                         "S3Bucket and an InputFormat of [DYNAMODB_JSON, ION] are required")  # inferred wording
    if source.get("InputCompressionType", "NONE") not in COMPRESSION_TYPES:
        raise validation("1 validation error detected: Value at 'InputS3Configuration.InputCompressionType' failed to "
                         "satisfy constraint: Member must satisfy enum value set: [GZIP, ZSTD, NONE]")
    types = output.get("OutputType") if isinstance(output, dict) else None
    if not isinstance(types, list) or any(t not in OUTPUT_TYPES for t in types):
        raise validation("1 validation error detected: Value at 'OutputS3Configuration.OutputType' failed to satisfy "
                         "constraint: Member must not be null and must satisfy enum value set: [ERROR, CONDITION_CHECK_FAILURE]")
    units = request.get("MaxWriteRequestUnits")
    if units is not None and (not isinstance(units, int) or units < MIN_WRITE_REQUEST_UNITS):
        raise validation("1 validation error detected: Value at 'MaxWriteRequestUnits' failed to satisfy constraint: "
                         f"Member must have value greater than or equal to {MIN_WRITE_REQUEST_UNITS}")
    if request.get("PerformanceTier", "STANDARD") not in PERFORMANCE_TIERS:
        raise validation("1 validation error detected: Value at 'PerformanceTier' failed to satisfy constraint: "
                         "Member must satisfy enum value set: [STANDARD, ACCELERATED]")


# -- running ---------------------------------------------------------------------------


def run_due(engine: Engine) -> None:
    """Run the bulk operations whose time has come, and finish cancellations (Engine.run_due calls this)."""
    pending = [
        (region, entry)
        for region in list(engine.regions.values())
        for entry in region.bulk_operations.values()
        if entry.status in ("IN_PROGRESS", "CANCELLING")
    ]
    if not pending:
        return  # read the clock only when something may be due: each reading is a journaled event
    now = engine.now()
    for region, entry in pending:
        if entry.status == "IN_PROGRESS" and entry.ready_at <= now:
            _run(region, entry)
        elif entry.status == "CANCELLING":
            entry.status = "CANCELLED"
            entry.results["EndTime"] = entry.cancelled_at


def _run(region: Region, entry: BulkOperation) -> None:
    source = entry.request["InputS3Configuration"]
    table_name = entry.description["TableDetails"][0]["TableName"]
    store = region.engine.object_store
    bucket, prefix = source["S3Bucket"], source.get("S3KeyPrefix", "")
    results = entry.results
    results["EndTime"] = max(entry.ready_at, entry.description["StartTime"])
    try:
        keys = [key for key in store.keys(bucket, prefix) if not key.endswith("/")]
        bodies = [store.get(bucket, key) for key in keys]
    except ObjectStoreError as error:
        entry.status = "FAILED"
        results["FailureCode"], results["FailureMessage"] = error.code, error.message  # S3's code, inferred
        return
    if table_name not in region.tables:
        entry.status = "FAILED"
        results["FailureCode"] = "ResourceNotFoundException"  # inferred: the table went away meanwhile
        results["FailureMessage"] = f"Requested resource not found: Table: {table_name} not found"
        return
    results["TotalInputBytes"] = sum(len(body) for body in bodies)
    errors: list[dict[str, Any]] = []
    condition_failures: list[dict[str, Any]] = []
    written = 0
    for body in bodies:
        results["ProcessedInputBytes"] += len(body)
        try:
            text = decompress(body, source.get("InputCompressionType", "NONE")).decode("utf-8", errors="replace")
        except (OSError, EOFError, ImportError) as error:
            results["FailedItemCount"] += 1
            errors.append({"ErrorCode": "InvalidCompression", "ErrorMessage": str(error)})  # inferred
            continue
        for raw, record in _records(text, source["InputFormat"]):
            results["ProcessedItemCount"] += 1
            outcome = _put(region, table_name, record)
            if outcome is None:
                written += item_size(record["Item"])  # type: ignore[index]
            elif outcome[0] == "ConditionalCheckFailedException":
                condition_failures.append({"Record": raw, "ErrorCode": outcome[0], "ErrorMessage": outcome[1]})
            else:
                results["FailedItemCount"] += 1
                errors.append({"Record": raw, "ErrorCode": outcome[0], "ErrorMessage": outcome[1]})
    table = region.tables[table_name]
    results["BulkOperationUsage"] = [
        {"TableName": table.arn, "BulkPutBytes": written, "Table": {"BulkPutBytes": written}}  # inferred: bytes written
    ]
    entry.status = "COMPLETED_WITH_ERRORS" if results["FailedItemCount"] else "COMPLETED"
    _write_output(region, entry, errors, condition_failures)


def _records(text: str, form: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(raw record, record dict or None when it is not a record) for each record of one object."""
    if form == "DYNAMODB_JSON":
        for line in text.splitlines():
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                yield line, record if isinstance(record, dict) and isinstance(record.get("Item"), dict) else None
        return
    try:
        values = ion.read_values(text)
    except (ion.IonError, IndexError, ValueError):
        yield text, None
        return
    for value in values:
        try:
            yield str(value), {"Item": {k: ion.to_attribute_value(v) for k, v in value["Item"].items()}}
        except (TypeError, KeyError, AttributeError, ion.IonError):
            yield str(value), None


def _put(region: Region, table: str, record: dict[str, Any] | None) -> tuple[str, str] | None:
    """Write one record as PutItem would; None when written, else the error (code, message)."""
    if record is None:
        return ("ValidationException", "The record is not a DynamoDB item")  # inferred wording
    request = {"TableName": table, "Item": record["Item"]}
    for member in ("ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"):
        if member in record:
            request[member] = record[member]
    try:
        OPERATIONS["PutItem"](region, request)
    except DynamoDBError as error:
        return (error.code, error.message or "")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return ("ValidationException", str(error))
    return None


def _write_output(region: Region, entry: BulkOperation, errors: list[dict], condition_failures: list[dict]) -> None:
    """Write the requested outputs as JSON lines: <prefix>/<operation id>/<ERROR|CONDITION_CHECK_FAILURE>.json (inferred layout)."""
    output = entry.request["OutputS3Configuration"]
    bucket = output.get("S3Bucket")
    if not bucket:
        return
    prefix = output.get("S3KeyPrefix", "").rstrip("/")
    folder = (prefix + "/" if prefix else "") + entry.description["BulkOperationArn"].rsplit("/", 1)[1] + "/"
    for kind, records in (("ERROR", errors), ("CONDITION_CHECK_FAILURE", condition_failures)):
        if kind in output["OutputType"] and records:
            body = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records).encode()
            try:
                region.engine.object_store.put(bucket, f"{folder}{kind}.json", body)
            except ObjectStoreError:
                pass  # the output is best effort; the counts still tell


# =====================================================================================
# DescribeBulkOperation, ListBulkOperations, CancelBulkOperation
# =====================================================================================


@operation("DescribeBulkOperation")
def describe_bulk_operation(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    run_due(region.engine)
    return {"BulkOperationDescription": _operation(region, request).describe()}


@operation("ListBulkOperations")
def list_bulk_operations(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    run_due(region.engine)
    size = request.get("MaxResults", MAX_LIST_RESULTS)
    if not isinstance(size, int) or not 1 <= size <= MAX_LIST_RESULTS:
        raise validation("1 validation error detected: Value at 'MaxResults' failed to satisfy constraint: "
                         f"Member must have value between 1 and {MAX_LIST_RESULTS}")
    entries = sorted(region.bulk_operations.values(), key=lambda e: -e.number)  # newest first
    start = 0
    token = request.get("NextToken")
    if token is not None:
        try:
            start = int(token, 16)  # the token is the position, as 16 hex digits (the model's pattern)
        except (TypeError, ValueError):
            raise validation("Invalid NextToken") from None  # inferred wording
    page = entries[start : start + size]
    response: dict[str, Any] = {
        "BulkOperationsSummaryList": [
            {
                "BulkOperationArn": e.description["BulkOperationArn"],
                "BulkOperationStatus": e.status,
                "StartTime": e.description["StartTime"],
                **({"EndTime": e.results["EndTime"]} if "EndTime" in e.results else {}),
            }
            for e in page
        ]
    }
    if start + size < len(entries):
        response["NextToken"] = f"{start + size:016x}"
    return response


@operation("CancelBulkOperation")
def cancel_bulk_operation(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    run_due(region.engine)
    entry = _operation(region, request)
    if entry.status in TERMINAL:
        # inferred wording
        raise validation(f"Bulk operation cannot be cancelled in status {entry.status}: {entry.description['BulkOperationArn']}")
    entry.status = "CANCELLING"
    entry.cancelled_at = region.now()
    entry.results["FailureCode"] = "CancelledByUser"  # inferred code
    entry.results["FailureMessage"] = "The bulk operation was cancelled."
    return {"BulkOperationArn": entry.description["BulkOperationArn"], "BulkOperationStatus": "CANCELLING"}


def _operation(region: Region, request: dict[str, Any]) -> BulkOperation:
    arn = request.get("BulkOperationArn")
    if arn is None:
        raise validation("1 validation error detected: Value null at 'bulkOperationArn' failed to satisfy constraint: Member must not be null")
    entry = region.bulk_operations.get(arn)
    if entry is None:
        raise DynamoDBError("ResourceNotFoundException", f"Bulk operation not found: {arn}")  # inferred wording
    return entry
