"""Whole-state operations on an engine: reset, snapshot, load and restore, in DynamoDB JSON.

Used by the admin API (`fakedynamo.wire.admin`), the mock handle
(`MockDynamoDB.snapshot/restore/load`) and `serve --seed-file/--init-dir`.

The snapshot format is JSON Lines. A ``{"Table": {...}}`` line is a CreateTable
request with the table's ``Region`` (and its ``TimeToLiveSpecification`` and
``Tags`` when set); the ``{"Item": {...}}`` lines after it are its items, each
exactly a line of the data files AWS's ExportTableToPointInTime writes in
DYNAMODB_JSON format. So ``grep '"Item"'`` of a table's section is an AWS
export data file, and an AWS export data file (gzipped or not) loads into an
existing table with ``table=``. Streams, backups and other history are not
part of a snapshot: it holds what a table is and what it contains.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from typing import IO, Any, Iterable, Iterator, Union

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.errors import DynamoDBError

# A path, a file object (text or binary), raw bytes of a file, or {table name: [DynamoDB JSON items]}.
Source = Union[str, "os.PathLike[str]", IO[Any], bytes, dict[str, list[dict[str, Any]]]]


class LoadError(ValueError):
    """A snapshot or seed file that cannot be loaded; says which line and why."""


def reset(engine: Engine, region: str | None = None, table: str | None = None) -> dict[str, Any]:
    """Delete every table (in `region`, or just `table` there); return what was deleted."""
    with engine.lock:
        deleted: list[str] = []
        for name, stored in list(engine.regions.items()):
            if region is not None and name != region:
                continue
            if table is None:
                deleted += [f"{name}/{t}" for t in stored.tables]
                del engine.regions[name]
            elif table in stored.tables:
                del stored.tables[table]
                deleted.append(f"{name}/{table}")
        if table is not None and not deleted:
            raise KeyError(f"no table {table!r}" + (f" in {region}" if region else ""))
        _changed(engine)
        return {"deleted": deleted}


def snapshot_lines(engine: Engine, region: str | None = None, table: str | None = None) -> Iterator[str]:
    """The snapshot, line by line (each ending in a newline), taken under the engine lock."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with engine.lock:
        lines: list[str] = []
        for region_name in sorted(engine.regions):
            if region is not None and region_name != region:
                continue
            stored = engine.regions[region_name]
            for name in sorted(stored.tables):
                if table is not None and name != table:
                    continue
                lines.append(encode({"Table": _definition(engine, region_name, stored.tables[name])}) + "\n")
                lines.extend(encode({"Item": item}) + "\n" for item in stored.tables[name].scan_items())
    return iter(lines)


def snapshot(engine: Engine, target: str | os.PathLike[str] | IO[Any] | None = None, **scope: Any) -> str | None:
    """The snapshot as text, or written to `target` (a path or a file object) and None."""
    lines = snapshot_lines(engine, **scope)
    if target is None:
        return "".join(lines)
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8") as handle:
            handle.writelines(lines)
        return None
    text = "".join(lines)
    target.write(text if isinstance(target, io.TextIOBase) else text.encode("utf-8"))
    return None


def load(engine: Engine, source: Source, region: str = DEFAULT_REGION, table: str | None = None) -> dict[str, Any]:
    """Add the tables and items of `source` to the state (tables that exist keep theirs; items overwrite).

    Lines before any ``Table`` line go to `table` (which must exist), the way an
    AWS export data file loads. `region` is where tables without a ``Region`` go.
    """
    counts = {"tables_created": 0, "items": 0}
    current: tuple[str, str] | None = None
    if table is not None:
        if table not in _tables(engine, region):
            raise LoadError(f"no table {table!r} in {region}")
        current = (region, table)
    for number, record in _records(source, region):
        try:
            if "Table" in record:
                definition = dict(record["Table"])
                where = definition.pop("Region", region)
                ttl = definition.pop("TimeToLiveSpecification", None)
                tags = definition.pop("Tags", None)
                current = (where, definition["TableName"])
                if definition["TableName"] not in _tables(engine, where):
                    engine.execute("CreateTable", definition, where)
                    counts["tables_created"] += 1
                    if ttl:
                        engine.execute("UpdateTimeToLive", {"TableName": current[1], "TimeToLiveSpecification": ttl}, where)
                    if tags:
                        arn = engine.execute("DescribeTable", {"TableName": current[1]}, where)["Table"]["TableArn"]
                        engine.execute("TagResource", {"ResourceArn": arn, "Tags": tags}, where)
            elif "Use" in record:
                current = (region, record["Use"])
                if current[1] not in _tables(engine, region):
                    raise LoadError(f"no table {current[1]!r} in {region}")
            elif "Item" in record:
                if current is None:
                    raise LoadError("an Item before any Table line; name the table to load it into")
                engine.execute("PutItem", {"TableName": current[1], "Item": record["Item"]}, current[0])
                counts["items"] += 1
            else:
                raise LoadError("neither a Table nor an Item")
        except DynamoDBError as error:
            raise LoadError(f"line {number}: {error.code}: {error.message}") from None
        except (LoadError, KeyError, TypeError) as error:
            raise LoadError(f"line {number}: {error}") from None
    return counts


def restore(engine: Engine, source: Source, region: str = DEFAULT_REGION) -> dict[str, Any]:
    """Replace the whole state with `source`'s (reset, then load)."""
    records = list(_records(source, region))  # read it all first: a bad file must not leave the state empty
    with engine.lock:
        reset(engine)
        return load(engine, [record for _, record in records], region)  # type: ignore[arg-type]


def load_paths(engine: Engine, paths: Iterable[str], region: str = DEFAULT_REGION) -> dict[str, int]:
    """Load each file, and each ``*.jsonl``/``*.json``/``*.gz`` file of each directory, in name order."""
    total = {"tables_created": 0, "items": 0}
    for path in paths:
        files = [path]
        if os.path.isdir(path):
            files = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith((".jsonl", ".json", ".gz"))]
        for name in files:
            try:
                counts = load(engine, name, region)
            except LoadError as error:
                raise LoadError(f"{name}: {error}") from None
            for key in total:
                total[key] += counts[key]
    return total


# -- reading ----------------------------------------------------------------------------------


def _records(source: Any, region: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(source, list):  # records already read (restore)
        yield from enumerate(source, 1)
        return
    if isinstance(source, dict):
        for number, (name, items) in enumerate(source.items(), 1):
            yield number, {"Use": name}  # items for a table that exists
            for item in items:
                yield number, {"Item": item}
        return
    for number, line in enumerate(_lines(source), 1):
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise LoadError(f"line {number}: not JSON: {error}") from None
        if not isinstance(record, dict):
            raise LoadError(f"line {number}: not a JSON object")
        yield number, record


def _lines(source: Any) -> Iterator[str]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield from _lines(handle.read())
        return
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, str):
        source = source.encode("utf-8")
    if source[:2] == b"\x1f\x8b":  # gzip, as AWS writes export data files
        source = gzip.decompress(source)
    yield from source.decode("utf-8").splitlines()


def _tables(engine: Engine, region: str) -> dict[str, Any]:
    stored = engine.regions.get(region)
    return stored.tables if stored is not None else {}


def _definition(engine: Engine, region: str, table: Any) -> dict[str, Any]:
    """The CreateTable request that makes `table` again, with its Region, TTL and tags."""
    described = engine.execute("DescribeTable", {"TableName": table.name}, region)["Table"]
    definition: dict[str, Any] = {
        "Region": region,
        "TableName": described["TableName"],
        "KeySchema": described["KeySchema"],
        "AttributeDefinitions": described["AttributeDefinitions"],
    }
    on_demand = described.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST"
    definition["BillingMode"] = "PAY_PER_REQUEST" if on_demand else "PROVISIONED"
    if not on_demand:
        definition["ProvisionedThroughput"] = _throughput(described["ProvisionedThroughput"])
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        indexes = described.get(kind)
        if indexes:
            definition[kind] = [
                {
                    "IndexName": index["IndexName"], "KeySchema": index["KeySchema"], "Projection": index["Projection"],
                    **({"ProvisionedThroughput": _throughput(index["ProvisionedThroughput"])}
                       if kind == "GlobalSecondaryIndexes" and not on_demand else {}),
                }
                for index in indexes
            ]
    stream = described.get("StreamSpecification")
    if stream and stream.get("StreamEnabled"):
        definition["StreamSpecification"] = stream
    if table.ttl_attribute:
        definition["TimeToLiveSpecification"] = {"Enabled": True, "AttributeName": table.ttl_attribute}
    if table.tags:
        definition["Tags"] = [{"Key": k, "Value": v} for k, v in table.tags.items()]
    return definition


def _throughput(described: dict[str, Any]) -> dict[str, int]:
    return {"ReadCapacityUnits": described["ReadCapacityUnits"], "WriteCapacityUnits": described["WriteCapacityUnits"]}


def _changed(engine: Engine) -> None:
    """A change made outside Engine.execute: let persistence (when on) snapshot it."""
    persistence = getattr(engine, "persistence", None)
    if persistence is not None:
        persistence.checkpoint()
