"""DynamoDB Streams over the change history: streams, their shard, and their records.

A stream is a window on its table's change history (`fakedynamo.history`):
the changes with ``start_seq <= seq < end_seq``, where `start_seq` is the
history's next sequence number when the stream was enabled and `end_seq` is
set when the stream is disabled (or its table deleted). Enabling a stream
again makes a new stream, with a new label and ARN; the old one is DISABLED
and stays readable for 24 hours, as on AWS.

Each stream has one shard (DynamoDB splits shards every few hours and under
load; a test-sized stream never needs a second one). Sequence numbers are the
history's, written as 21 digits so they sort as strings and numbers alike.
Records are rendered from a change when they are read, in the stream's view
type; the same rendering feeds GetRecords and the in-process Lambda events
(`fakedynamo.handlers`).
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fakedynamo.history import Change, ChangeHistory
from fakedynamo.values import item_size

if TYPE_CHECKING:
    from fakedynamo.region import Region
    from fakedynamo.storage import Table

RETENTION_SECONDS = 24 * 3600  # stream records (and disabled streams) live 24 hours
ITERATOR_LIFETIME_SECONDS = 15 * 60  # "A shard iterator expires 15 minutes after it is returned"
_SEQUENCE_BASE = 10**20  # sequence numbers are 21 digits: "1" and the history's number, zero-padded


class Stream:
    """One stream of one table: its identity, its view type and its window on the history."""

    def __init__(self, table: Table, history: ChangeHistory, view_type: str, label: str, now: float, shard_id: str) -> None:
        self.arn = f"{table.arn}/stream/{label}"
        self.label = label
        self.table_name = table.name
        self.key_schema = [dict(e) for e in table.definition["KeySchema"]]
        self.view_type = view_type
        self.created_at = now
        self.shard_id = shard_id
        self.history = history
        self.start_seq = history.next_seq
        self.end_seq: int | None = None  # set when the stream is disabled
        self.disabled_at: float | None = None

    @property
    def enabled(self) -> bool:
        return self.end_seq is None

    @property
    def status(self) -> str:
        return "ENABLED" if self.end_seq is None else "DISABLED"

    def expired(self, now: float) -> bool:
        """Whether a disabled stream is past its 24 hours and gone."""
        return self.disabled_at is not None and now - self.disabled_at >= RETENTION_SECONDS

    def close(self, now: float) -> None:
        self.end_seq = self.history.next_seq
        self.disabled_at = now

    # -- positions ---------------------------------------------------------------

    @property
    def end(self) -> int:
        """One past the last sequence number the stream holds (now, or for good once closed)."""
        return self.history.next_seq if self.end_seq is None else self.end_seq

    def trim_horizon(self, now: float) -> int:
        """The oldest untrimmed position: the first change of the last 24 hours."""
        return self.history.first_since(now - RETENTION_SECONDS, self.start_seq, self.end)

    def trimmed(self, position: int, now: float) -> bool:
        """Whether the record at `position` existed but is older than the retention period."""
        if position >= self.end:
            return False
        if position < self.history.first_seq:
            return True  # forgotten by the history already
        written = self.history.time_of(position)
        return written is not None and written < now - RETENTION_SECONDS

    def changes(self, position: int, limit: int) -> list[Change]:
        return list(self.history.between(position, self.end, limit))

    # -- records -----------------------------------------------------------------

    def record(self, change: Change, region_name: str, for_lambda: bool = False) -> dict[str, Any]:
        """The stream record of `change` as GetRecords returns it, or as Lambda receives it.

        The two differ only in the identity's spelling: the Streams API's
        ``{"Type", "PrincipalId"}``, Lambda's ``{"type", "principalId"}``.
        """
        keys = self.history.keys_of(change)
        view = self.view_type
        dynamodb: dict[str, Any] = {
            # "rounded down to the closest second" (API Reference, StreamRecord)
            "ApproximateCreationDateTime": math.floor(change.time),
            "Keys": keys,
        }
        size = item_size(keys)
        if change.new is not None and (view == "NEW_IMAGE" or view == "NEW_AND_OLD_IMAGES"):
            dynamodb["NewImage"] = change.new
            size += item_size(change.new)
        if change.old is not None and (view == "OLD_IMAGE" or view == "NEW_AND_OLD_IMAGES"):
            dynamodb["OldImage"] = change.old
            size += item_size(change.old)
        dynamodb["SequenceNumber"] = sequence_number(change.seq)
        # Inferred: the size of the keys and images the record carries, measured as item sizes.
        dynamodb["SizeBytes"] = size
        dynamodb["StreamViewType"] = view
        record: dict[str, Any] = {
            "eventID": hashlib.md5(f"{self.arn}#{change.seq}".encode()).hexdigest(),
            "eventName": change.event_name,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": region_name,
            "dynamodb": dynamodb,
        }
        identity = change.identity
        if identity is not None:
            if for_lambda:
                record["userIdentity"] = dict(identity)
            else:
                record["userIdentity"] = {"Type": identity["type"], "PrincipalId": identity["principalId"]}
        return record


class EngineTime:
    """The engine's now, read through `Engine.now` at every call.

    Not the clock's own method: `Engine.now` is the seam that persistence
    hooks to record and replay time, so history times must come through it;
    and this pickles (as a reference to the engine) where a closure would not.
    """

    __slots__ = ("engine",)

    def __init__(self, engine: Any) -> None:
        self.engine = engine

    def __call__(self) -> float:
        return self.engine.now()

    def __reduce__(self) -> Any:
        return (EngineTime, (self.engine,))


def sequence_number(seq: int) -> str:
    return str(_SEQUENCE_BASE + seq)


def parse_sequence_number(text: str) -> int | None:
    """The history sequence number a stream sequence number names, or None if it names none of ours."""
    if not text.isdigit():
        return None
    value = int(text) - _SEQUENCE_BASE
    return value if value >= 0 else None


# -- enabling and disabling (the control plane calls these) ----------------------------


def enable(region: Region, table: Table, view_type: str) -> Stream:
    """Start a new stream on `table`; its label is the creation time, made unique among the table's streams."""
    engine = region.engine
    now = engine.now()
    label = _label(now)
    previous = table.stream_label
    if previous is not None and label <= previous:
        # Two streams enabled within one millisecond of the clock (a fixed clock):
        # the label moves a millisecond past the previous one so the ARN is new.
        label = _label(_parse_label(previous) + 0.001)
    shard_id = f"shardId-{int(now * 1000):020d}-{engine.new_uuid()[:8]}"
    history = table.subscribe(f"{table.arn}/stream/{label}", EngineTime(engine))
    stream = Stream(table, history, view_type, label, now, shard_id)
    region.streams[stream.arn] = stream
    table.stream_view_type = view_type
    table.stream_label = label
    return stream


def disable(region: Region, table: Table) -> None:
    """Close the table's enabled stream; its label and ARN stay the table's latest."""
    arn = table.stream_arn
    stream = region.streams.get(arn) if arn is not None else None
    if stream is not None and stream.enabled:
        stream.close(region.now())
        table.unsubscribe(stream.arn)
    table.stream_view_type = None


def table_deleted(region: Region, table: Table) -> None:
    """A deleted table's stream is disabled and stays readable for 24 hours."""
    if table.stream_view_type is not None:
        disable(region, table)


def visible(region: Region) -> list[Stream]:
    """The region's streams that still exist (enabled, or disabled less than 24 hours ago); forgets the others."""
    now = region.now()
    for arn in [arn for arn, stream in region.streams.items() if stream.expired(now)]:
        del region.streams[arn]
    return list(region.streams.values())


def _label(moment: float) -> str:
    when = datetime.fromtimestamp(moment, timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}"


def _parse_label(label: str) -> float:
    return datetime.strptime(label, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc).timestamp()
