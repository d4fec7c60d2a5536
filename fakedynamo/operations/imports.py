"""Imports from the object store: ImportTable, DescribeImport, ListImports.

ImportTable makes a new table from TableCreationParameters (CreateTable's
rules and messages) and loads every object under S3BucketSource's bucket and
key prefix, in key order, as DynamoDB does: DYNAMODB_JSON (``{"Item":{...}}``
per line, what a full export writes), ION (`fakedynamo.ion`) or CSV (a header
row, or InputFormatOptions.Csv.HeaderList; every value a string except the
key attributes, typed by their AttributeDefinitions), compressed GZIP, ZSTD
(when the zstandard package is installed) or NONE.

Each item is written as PutItem would write it; a line that is not an item,
or an item PutItem would refuse, counts in ErrorCount and is skipped (AWS
logs it to CloudWatch). A source the store cannot read (no such bucket,
nothing under the prefix) fails the import: ImportStatus FAILED and no table
left behind. Status: ImportTable answers IN_PROGRESS; DescribeImport says
COMPLETED (or FAILED) once the "export" status delay has passed (default 0).
"""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
from dataclasses import dataclass
from typing import Any, Iterator

from fakedynamo import ion
from fakedynamo.errors import DynamoDBError, resource_in_use
from fakedynamo.objectstore import ObjectStoreError
from fakedynamo.operations import OPERATIONS, operation
from fakedynamo.operations.backups import delay
from fakedynamo.operations.create_table import check_create_table, create_table
from fakedynamo.operations.exports import page_of, started_with
from fakedynamo.region import Region


@dataclass
class Import:
    description: dict[str, Any]
    ready_at: float
    request: dict[str, Any]
    results: dict[str, Any]
    failed: bool

    def describe(self, now: float) -> dict[str, Any]:
        description = copy.deepcopy(self.description)
        if now < self.ready_at:
            description["ImportStatus"] = "IN_PROGRESS"
            return description
        description.update(self.results)
        description["ImportStatus"] = "FAILED" if self.failed else "COMPLETED"
        description["EndTime"] = self.ready_at
        return description


@operation("ImportTable")
def import_table(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    token = request.get("ClientToken")
    # inferred wording
    conflict = DynamoDBError("ImportConflictException", "There was a conflict when importing from the specified S3 source.")
    existing = started_with(region.imports.values(), request, conflict)
    if existing is not None:
        return {"ImportTableDescription": _as_started(existing.describe(region.now()))}
    parameters = request["TableCreationParameters"]
    check_create_table(parameters)
    name = parameters["TableName"]
    if name in region.tables:
        raise resource_in_use(f"Table already exists: {name}")
    now = region.now()
    source = request["S3BucketSource"]
    objects, failure = _read_source(region, request)
    import_id = f"{int(now * 1000):014d}-{region.engine.new_uuid()[:8]}"
    table_arn = region.arn(f"table/{name}")
    results: dict[str, Any] = {"ProcessedSizeBytes": 0, "ProcessedItemCount": 0, "ImportedItemCount": 0, "ErrorCount": 0}
    table_id = ""
    if failure is None:
        create_table(region, copy.deepcopy(parameters))
        table = region.tables[name]
        table_id = table.table_id
        for body in objects:
            results["ProcessedSizeBytes"] += len(body)
            for item in _items(body, request, parameters):
                results["ProcessedItemCount"] += 1
                if item is None or not _put(region, name, item):
                    results["ErrorCount"] += 1
                else:
                    results["ImportedItemCount"] += 1
    else:
        results["FailureCode"], results["FailureMessage"] = failure
    description: dict[str, Any] = {
        "ImportArn": f"{table_arn}/import/{import_id}",
        "ImportStatus": "IN_PROGRESS",
        "TableArn": table_arn,
        "ClientToken": token or region.engine.new_uuid(),
        "S3BucketSource": dict(source),
        "CloudWatchLogGroupArn": region.arn("").replace(":dynamodb:", ":logs:") + "log-group:/aws-dynamodb/imports:*",
        "InputFormat": request["InputFormat"],
        "InputCompressionType": request.get("InputCompressionType", "NONE"),
        "TableCreationParameters": copy.deepcopy(parameters),
        "StartTime": now,
    }
    if table_id:
        description["TableId"] = table_id
    if "InputFormatOptions" in request:
        description["InputFormatOptions"] = copy.deepcopy(request["InputFormatOptions"])
    entry = Import(description, now + delay(region, "export"), copy.deepcopy(request), results, failure is not None)
    region.imports[description["ImportArn"]] = entry
    return {"ImportTableDescription": _as_started(entry.describe(now))}


def _as_started(description: dict[str, Any]) -> dict[str, Any]:
    description["ImportStatus"] = "IN_PROGRESS"
    for member in ("EndTime", "FailureCode", "FailureMessage"):
        description.pop(member, None)
    return description


def _read_source(region: Region, request: dict[str, Any]) -> tuple[list[bytes], tuple[str, str] | None]:
    """The source objects' bodies, decompressed; or the failure (code, message) of the import."""
    source = request["S3BucketSource"]
    store = region.engine.object_store
    bucket, prefix = source["S3Bucket"], source.get("S3KeyPrefix", "")
    compression = request.get("InputCompressionType", "NONE")
    try:
        keys = [key for key in store.keys(bucket, prefix) if not key.endswith("/")]
        bodies = [store.get(bucket, key) for key in keys]
    except ObjectStoreError as error:
        # inferred failure codes and wording
        return [], ("S3NoSuchBucket" if error.code == "NoSuchBucket" else error.code, error.message)
    if not keys:
        return [], ("ItemValidationError", f"No objects found under s3://{bucket}/{prefix}")  # inferred wording
    try:
        return [decompress(body, compression) for body in bodies], None
    except (OSError, EOFError, ImportError) as error:
        return [], ("InvalidCompression", f"The source could not be decompressed as {compression}: {error}")  # inferred


def decompress(body: bytes, compression: str) -> bytes:
    if compression == "GZIP":
        return gzip.decompress(body)
    if compression == "ZSTD":
        import zstandard  # optional; without it a ZSTD import fails

        return zstandard.ZstdDecompressor().decompressobj().decompress(body)
    return body


def _items(body: bytes, request: dict[str, Any], parameters: dict[str, Any]) -> Iterator[dict[str, Any] | None]:
    """Each record of one object as an item, or None for a record that is not one."""
    text = body.decode("utf-8", errors="replace")
    form = request["InputFormat"]
    if form == "DYNAMODB_JSON":
        for line in text.splitlines():
            if line.strip():
                yield _json_item(line)
    elif form == "ION":
        try:
            values = ion.read_values(text)
        except (ion.IonError, IndexError, ValueError):
            yield None
            return
        for value in values:
            try:
                yield {k: ion.to_attribute_value(v) for k, v in value["Item"].items()}
            except (TypeError, KeyError, AttributeError, ion.IonError):
                yield None
    else:
        yield from _csv_items(text, request.get("InputFormatOptions", {}).get("Csv", {}), parameters)


def _json_item(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    item = record.get("Item") if isinstance(record, dict) else None
    return item if isinstance(item, dict) else None


def _csv_items(text: str, options: dict[str, Any], parameters: dict[str, Any]) -> Iterator[dict[str, Any] | None]:
    reader = csv.reader(io.StringIO(text), delimiter=options.get("Delimiter", ","))
    header = options.get("HeaderList")
    types = {d["AttributeName"]: d["AttributeType"] for d in parameters["AttributeDefinitions"]}
    for row in reader:
        if header is None:
            header = row
            continue
        if not row:
            continue
        if len(row) > len(header):
            yield None
            continue
        # Empty cells are absent attributes; keys keep their defined types, the rest are strings.
        yield {name: {types.get(name, "S"): value} for name, value in zip(header, row) if value != ""}


def _put(region: Region, table: str, item: dict[str, Any]) -> bool:
    try:
        OPERATIONS["PutItem"](region, {"TableName": table, "Item": item})
    except (DynamoDBError, KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


# =====================================================================================
# DescribeImport, ListImports
# =====================================================================================


@operation("DescribeImport")
def describe_import(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    entry = region.imports.get(request["ImportArn"])
    if entry is None:
        raise DynamoDBError("ImportNotFoundException", f"Import not found: {request['ImportArn']}")  # inferred wording
    return {"ImportTableDescription": entry.describe(region.now())}


@operation("ListImports")
def list_imports(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn = request.get("TableArn")
    now = region.now()
    chosen = [e for e in region.imports.values() if arn is None or e.description["TableArn"] == arn]

    def summary(entry: Import) -> dict[str, Any]:
        described = entry.describe(now)
        keep = ("ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "CloudWatchLogGroupArn", "InputFormat", "StartTime", "EndTime")
        return {member: described[member] for member in keep if member in described}

    return page_of(chosen, request.get("NextToken"), request.get("PageSize", 25), lambda e: e.description["ImportArn"], summary, "ImportSummaryList")
