"""One table's change history: every write, in order, with its old and new image.

Storage appends a `Change` for each write that changes an item (`Table.put`
and `Table.delete`), but only while some consumer is subscribed: a table
nobody reads the history of pays one attribute test per write. Consumers
(DynamoDB Streams, stream handlers; PITR and replication later) subscribe
by name and read the history by sequence number:

- sequence numbers are per table, start at 1 and grow by one per change, so
  ``history[seq]`` is O(1) and a consumer's position is just an int;
- a change keeps the stored item dicts (never mutated after they are stored,
  see `fakedynamo.storage`), the engine-clock time of the write and, for
  writes DynamoDB makes itself (TTL), the identity that made them;
- nothing is copied at write time: keys and projections are derived when a
  consumer reads.

A history outlives its subscriptions (a disabled stream is readable for 24
hours) and, once made, stays with its table; `trim_before` drops old changes
when every consumer is done with them.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

Item = dict[str, dict[str, Any]]

# The identity DynamoDB stamps on the deletions TTL makes (Developer Guide,
# "DynamoDB Streams and Time to Live").
TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


class Change:
    """One write: INSERT (no old image), REMOVE (no new image) or MODIFY."""

    __slots__ = ("seq", "time", "old", "new", "identity")

    def __init__(self, seq: int, time: float, old: Item | None, new: Item | None, identity: dict | None) -> None:
        self.seq = seq
        self.time = time
        self.old = old
        self.new = new
        self.identity = identity

    @property
    def event_name(self) -> str:
        if self.old is None:
            return "INSERT"
        return "REMOVE" if self.new is None else "MODIFY"

    def __repr__(self) -> str:
        return f"<Change {self.seq} {self.event_name} at {self.time}>"


class ChangeHistory:
    """The ordered changes of one table, read by sequence number."""

    def __init__(self, key_names: tuple[str, ...], clock: Callable[[], float]) -> None:
        self.key_names = key_names
        self.clock = clock
        self.changes: list[Change] = []
        self.first_seq = 1  # the sequence number of changes[0] (grows when trimmed)
        self.subscribers: set[str] = set()

    # -- writing (storage calls these) -------------------------------------------

    def record(self, old: Item | None, new: Item | None, identity: dict | None = None) -> None:
        if old is not None and new is not None and old == new:
            return  # DynamoDB writes no stream record for a write that changes nothing
        changes = self.changes
        changes.append(Change(self.first_seq + len(changes), self.clock(), old, new, identity))

    # -- reading -----------------------------------------------------------------

    @property
    def next_seq(self) -> int:
        """The sequence number the next change will get."""
        return self.first_seq + len(self.changes)

    @property
    def last_seq(self) -> int:
        """The sequence number of the latest change (first_seq - 1 when there is none)."""
        return self.next_seq - 1

    def get(self, seq: int) -> Change | None:
        index = seq - self.first_seq
        if 0 <= index < len(self.changes):
            return self.changes[index]
        return None

    def between(self, start: int, end: int | None = None) -> Iterator[Change]:
        """Changes with start <= seq < end (end None: to the latest), oldest first."""
        first = max(start - self.first_seq, 0)
        last = len(self.changes) if end is None else max(min(end - self.first_seq, len(self.changes)), 0)
        for index in range(first, last):
            yield self.changes[index]

    def first_since(self, moment: float, start: int, end: int | None = None) -> int:
        """The first sequence number >= start (and < end) of a change made at or after `moment`; end/next_seq if none."""
        stop = self.next_seq if end is None else min(end, self.next_seq)
        lo, hi = max(start, self.first_seq), stop
        changes, base = self.changes, self.first_seq
        while lo < hi:  # changes are in time order: bisect on time
            mid = (lo + hi) // 2
            if changes[mid - base].time < moment:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def keys_of(self, change: Change) -> Item:
        image = change.new if change.new is not None else change.old
        assert image is not None
        return {name: image[name] for name in self.key_names}

    # -- housekeeping ------------------------------------------------------------

    def trim_before(self, seq: int) -> None:
        """Forget changes older than `seq` (every consumer has read past them)."""
        drop = min(seq - self.first_seq, len(self.changes))
        if drop > 0:
            del self.changes[:drop]
            self.first_seq += drop
