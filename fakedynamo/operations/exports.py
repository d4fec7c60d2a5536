"""Exports to the object store: ExportTableToPointInTime, DescribeExport, ListExports.

An export needs point-in-time recovery on its table (it reads the PITR
window, `fakedynamo.operations.pitr`). It is written at once, as the table
was at ExportTime (full) or as the changes between ExportFromTime and
ExportToTime (incremental), to the engine's object store
(`fakedynamo.objectstore`) in the layout DynamoDB writes (Developer Guide,
"DynamoDB table export output format")::

    <prefix>/AWSDynamoDB/<ExportId>/_started
    <prefix>/AWSDynamoDB/<ExportId>/manifest-summary.json   (+ .checksum)
    <prefix>/AWSDynamoDB/<ExportId>/manifest-files.json     (+ .checksum)
    <prefix>/AWSDynamoDB/<ExportId>/data/<name>.json.gz     (full; .ion.gz for ION)
    <prefix>/AWSDynamoDB/data/<name>.json.gz                (incremental: the shared data folder)

Full-export lines are ``{"Item":{...}}``; incremental lines are
``{"Metadata":{"WriteTimestampMicros":{"N":...}},"Keys":{...},"NewImage":{...},"OldImage":{...}}``
(OldImage with NEW_AND_OLD_IMAGES only, NewImage absent for a deleted item).
ION files hold the same records as ``$ion_1_0 {Item:{...}}`` lines
(`fakedynamo.ion`). The fake's table is one partition, so one data file.

Status on the engine clock: ExportTableToPointInTime answers IN_PROGRESS;
DescribeExport says COMPLETED once the "export" status delay has passed
(default 0: at once). An object store that refuses the write (a missing
bucket of a user's S3 client) makes the export FAILED.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from fakedynamo import ion
from fakedynamo.errors import DynamoDBError, validation
from fakedynamo.objectstore import ObjectStoreError
from fakedynamo.operations import operation
from fakedynamo.operations.backups import delay, find_table, table_not_found
from fakedynamo.operations.pitr import items_at
from fakedynamo.region import Region
from fakedynamo.storage import Table

MANIFEST_VERSION = "2020-06-30"
MIN_INCREMENTAL_SECONDS = 15 * 60  # an incremental export covers 15 minutes to 24 hours
MAX_INCREMENTAL_SECONDS = 24 * 3600


@dataclass
class Export:
    description: dict[str, Any]
    ready_at: float
    request: dict[str, Any]
    failure: tuple[str, str] | None = None
    results: dict[str, Any] = field(default_factory=dict)  # EndTime, ItemCount, BilledSizeBytes, ExportManifest

    def describe(self, now: float) -> dict[str, Any]:
        description = dict(self.description)
        if now < self.ready_at:
            description["ExportStatus"] = "IN_PROGRESS"
        elif self.failure is not None:
            description["ExportStatus"] = "FAILED"
            description["FailureCode"], description["FailureMessage"] = self.failure
            description["EndTime"] = self.ready_at
        else:
            description["ExportStatus"] = "COMPLETED"
            description.update(self.results)
            description["EndTime"] = max(self.ready_at, description["StartTime"])
        return description


@operation("ExportTableToPointInTime")
def export_table_to_point_in_time(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    table = find_table(region, request["TableArn"])
    if table is None:
        raise table_not_found(request["TableArn"])
    token = request.get("ClientToken")
    # inferred wording
    conflict = DynamoDBError("ExportConflictException", "There was a conflict when writing to the specified S3 bucket.")
    existing = started_with(region.exports.values(), request, conflict)
    if existing is not None:
        return {"ExportDescription": _as_started(existing.describe(region.now()))}
    if table.pitr is None:
        raise DynamoDBError(
            "PointInTimeRecoveryUnavailableException",
            f"Point in time recovery is not enabled for table '{table.name}'",  # as RestoreTableToPointInTime
        )
    now = region.now()
    kind = request.get("ExportType", "FULL_EXPORT")
    incremental = request.get("IncrementalExportSpecification")
    if kind == "FULL_EXPORT":
        moment = request.get("ExportTime", now)
        _check_export_time(table, moment, now)
    else:
        moment = _check_incremental(table, request, incremental, now)
    export_id = f"{int(now * 1000):014d}-{region.engine.new_uuid()[:8]}"
    arn = f"{table.arn}/export/{export_id}"
    description: dict[str, Any] = {
        "ExportArn": arn,
        "ExportStatus": "IN_PROGRESS",
        "StartTime": now,
        "TableArn": table.arn,
        "TableId": table.table_id,
        "ExportTime": moment,
        "ClientToken": token or region.engine.new_uuid(),
        "S3Bucket": request["S3Bucket"],
        "S3SseAlgorithm": request.get("S3SseAlgorithm", "AES256"),
        "ExportFormat": request.get("ExportFormat", "DYNAMODB_JSON"),
        "ExportType": kind,
    }
    for member in ("S3BucketOwner", "S3Prefix", "S3SseKmsKeyId"):
        if member in request:
            description[member] = request[member]
    if kind == "INCREMENTAL_EXPORT":
        spec = dict(incremental or {})
        spec.setdefault("ExportViewType", "NEW_AND_OLD_IMAGES")
        description["IncrementalExportSpecification"] = spec
    export = Export(description, now + delay(region, "export"), dict(request))
    _write(region, table, export, export_id)
    region.exports[arn] = export
    return {"ExportDescription": _as_started(export.describe(now))}


def started_with(jobs: Any, request: dict[str, Any], conflict: DynamoDBError) -> Any:
    """The job (export, import, bulk operation) an earlier request with this ClientToken started, or None.

    The same token with other parameters is `conflict`; AWS's SDKs fill the
    token in, so a retried call answers the job it started.
    """
    token = request.get("ClientToken")
    if token is None:
        return None
    for job in jobs:
        if job.description.get("ClientToken") == token:
            if job.request != request:
                raise conflict
            return job
    return None


def _as_started(description: dict[str, Any]) -> dict[str, Any]:
    """What ExportTableToPointInTime answers: the export IN_PROGRESS, without its results."""
    for member in ("EndTime", "ItemCount", "BilledSizeBytes", "ExportManifest", "FailureCode", "FailureMessage"):
        description.pop(member, None)
    description["ExportStatus"] = "IN_PROGRESS"
    return description


def _check_export_time(table: Table, moment: float, now: float) -> None:
    assert table.pitr is not None
    earliest = table.pitr.earliest(now)
    if moment < int(earliest) or moment > now:
        # inferred wording
        raise DynamoDBError("InvalidExportTimeException", "The specified ExportTime is outside of the point in time recovery window.")


def _check_incremental(table: Table, request: dict[str, Any], spec: dict[str, Any] | None, now: float) -> float:
    # inferred wordings throughout: AWS's messages for these are not captured
    if spec is None or "ExportFromTime" not in spec or "ExportToTime" not in spec:
        raise validation("IncrementalExportSpecification with ExportFromTime and ExportToTime is required for INCREMENTAL_EXPORT")
    if "ExportTime" in request:
        raise validation("ExportTime cannot be specified for INCREMENTAL_EXPORT")
    start, end = spec["ExportFromTime"], spec["ExportToTime"]
    if end <= start:
        raise validation("ExportToTime must be after ExportFromTime")
    if end - start < MIN_INCREMENTAL_SECONDS or end - start > MAX_INCREMENTAL_SECONDS:
        raise validation("The incremental export period must be between 15 minutes and 24 hours")
    _check_export_time(table, start, now)
    _check_export_time(table, end, now)
    return end


# -- writing the files ----------------------------------------------------------------


def _write(region: Region, table: Table, export: Export, export_id: str) -> None:
    d = export.description
    store = region.engine.object_store
    bucket, prefix = d["S3Bucket"], d.get("S3Prefix", "")
    base = f"{prefix.rstrip('/')}/AWSDynamoDB/" if prefix else "AWSDynamoDB/"
    folder = f"{base}{export_id}/"
    ion_format = d["ExportFormat"] == "ION"
    extension = "ion.gz" if ion_format else "json.gz"
    if d["ExportType"] == "FULL_EXPORT":
        records = [{"Item": item} for item, _ in items_at(table, d["ExportTime"])]
        data_key = f"{folder}data/{region.engine.new_uuid().replace('-', '')[:26]}.{extension}"
    else:
        records = _incremental_records(table, d["IncrementalExportSpecification"])
        data_key = f"{base}data/{region.engine.new_uuid().replace('-', '')[:26]}.{extension}"
    lines = [_ion_line(r) if ion_format else json.dumps(r, separators=(",", ":"), ensure_ascii=False) for r in records]
    body = gzip.compress(("".join(line + "\n" for line in lines)).encode(), mtime=0)
    digest = hashlib.md5(body)
    files_manifest = json.dumps(
        {
            "itemCount": len(records),
            "md5Checksum": base64.b64encode(digest.digest()).decode(),
            "etag": digest.hexdigest(),
            "dataFileS3Key": data_key,
        },
        separators=(",", ":"),
    ) + "\n"
    billed = len(body)
    summary: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "exportArn": d["ExportArn"],
        "startTime": _iso(d["StartTime"]),
        "endTime": _iso(export.ready_at),
        "tableArn": d["TableArn"],
        "tableId": d["TableId"],
        "exportTime": _iso(d["ExportTime"]),
        "s3Bucket": bucket,
        "s3Prefix": d.get("S3Prefix"),
        "s3SseAlgorithm": d["S3SseAlgorithm"],
        "s3SseKmsKeyId": d.get("S3SseKmsKeyId"),
        "manifestFilesS3Key": f"{folder}manifest-files.json",
        "billedSizeBytes": billed,
        "itemCount": len(records),
        "outputFormat": d["ExportFormat"],
    }
    if d["ExportType"] == "INCREMENTAL_EXPORT":
        spec = d["IncrementalExportSpecification"]
        # inferred member names for the incremental summary's own fields
        summary.update(
            exportType="INCREMENTAL_EXPORT",
            exportFromTime=_iso(spec["ExportFromTime"]),
            exportToTime=_iso(spec["ExportToTime"]),
            outputView=spec["ExportViewType"],
        )
    summary_text = json.dumps(summary, separators=(",", ":"))
    try:
        store.put(bucket, f"{folder}_started", b"")
        store.put(bucket, data_key, body)
        store.put(bucket, f"{folder}manifest-files.json", files_manifest.encode())
        store.put(bucket, f"{folder}manifest-files.checksum", hashlib.md5(files_manifest.encode()).hexdigest().encode())
        store.put(bucket, f"{folder}manifest-summary.json", summary_text.encode())
        store.put(bucket, f"{folder}manifest-summary.checksum", hashlib.md5(summary_text.encode()).hexdigest().encode())
    except ObjectStoreError as error:
        export.failure = (_failure_code(error.code), error.message)
        return
    export.results = {
        "ExportManifest": f"{folder}manifest-summary.json",
        "ItemCount": len(records),
        "BilledSizeBytes": billed,
    }


def _failure_code(s3_code: str) -> str:
    return "S3NoSuchBucket" if s3_code == "NoSuchBucket" else s3_code  # inferred codes


def _incremental_records(table: Table, spec: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = spec["ExportFromTime"], spec["ExportToTime"]
    both = spec["ExportViewType"] == "NEW_AND_OLD_IMAGES"
    history = table.pitr.history  # type: ignore[union-attr]
    last_write: dict[Any, tuple[float, dict[str, Any]]] = {}
    for written, old, new, _identity in history.log:
        if start < written <= end:
            image = new if new is not None else old
            assert image is not None
            last_write[table.key_of(image)] = (written, {name: image[name] for name in table.key_names})
    if not last_write:
        return []
    before = {table.key_of(item): item for item, _ in items_at(table, start)}
    after = {table.key_of(item): item for item, _ in items_at(table, end)}
    records = []
    for key, (written, keys) in last_write.items():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue  # changed and changed back within the period: nothing to export
        record: dict[str, Any] = {"Metadata": {"WriteTimestampMicros": {"N": str(int(round(written * 1_000_000)))}}}
        record["Keys"] = keys
        if new is not None:
            record["NewImage"] = new
        if both and old is not None:
            record["OldImage"] = old
        records.append(record)
    return records


def _ion_line(record: dict[str, Any]) -> str:
    members = []
    for name, value in record.items():
        if name == "Metadata":
            micros = value["WriteTimestampMicros"]["N"]
            members.append(f"Metadata:{{WriteTimestampMicros:{micros}}}")
        else:
            members.append(f"{name}:{ion.dumps_item(value)}")
    return "$ion_1_0 {" + ",".join(members) + "}"


def _iso(moment: float) -> str:
    stamp = datetime.datetime.fromtimestamp(moment, datetime.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


# =====================================================================================
# DescribeExport, ListExports
# =====================================================================================


@operation("DescribeExport")
def describe_export(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    export = region.exports.get(request["ExportArn"])
    if export is None:
        raise DynamoDBError("ExportNotFoundException", f"Export not found: {request['ExportArn']}")  # inferred wording
    return {"ExportDescription": export.describe(region.now())}


@operation("ListExports")
def list_exports(region: Region, request: dict[str, Any]) -> dict[str, Any]:
    arn = request.get("TableArn")
    now = region.now()
    chosen = [e for e in region.exports.values() if arn is None or e.description["TableArn"] == arn]
    return page_of(
        chosen,
        request.get("NextToken"),
        request.get("MaxResults", 25),
        lambda e: e.description["ExportArn"],
        lambda e: {
            "ExportArn": e.description["ExportArn"],
            "ExportStatus": e.describe(now)["ExportStatus"],
            "ExportType": e.description["ExportType"],
        },
        "ExportSummaries",
    )


def page_of(entries: list, token: str | None, size: int, arn_of: Any, summary_of: Any, member: str) -> dict[str, Any]:
    """One page of `entries` (oldest first); NextToken names the last one listed."""
    start = 0
    if token is not None:
        arns = [arn_of(e) for e in entries]
        try:
            start = arns.index(base64.urlsafe_b64decode(token.encode()).decode()) + 1
        except (ValueError, UnicodeDecodeError):
            raise validation("Invalid NextToken") from None  # inferred wording
    page = entries[start : start + size]
    response: dict[str, Any] = {member: [summary_of(e) for e in page]}
    if start + size < len(entries):
        response["NextToken"] = base64.urlsafe_b64encode(arn_of(page[-1]).encode()).decode()
    return response
