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
- nothing is copied or compared at write time: a change is appended as a
  plain tuple (time, old, new, identity); keys, projections and the skipping
  of writes that changed nothing (old == new: DynamoDB writes no stream record
  for them) happen when a consumer reads. Sequence numbers therefore have
  gaps where such writes were, as AWS's have gaps of their own.

A history outlives its subscriptions (a disabled stream is readable for 24
hours) and, once made, stays with its table; `trim_before` drops old changes
when every consumer is done with them.
"""

from __future__ import annotations

import copy
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
        # (time, old, new, identity) per write, the write of sequence number first_seq first.
        self.log: list[tuple[float, Item | None, Item | None, dict | None]] = []
        self.first_seq = 1  # grows when old changes are trimmed
        self.subscribers: set[str] = set()

    def __deepcopy__(self, memo: dict[int, Any]) -> ChangeHistory:
        """A fork's history (fakedynamo.fork): its own log and subscribers, the same changes.

        Changes are tuples of item dicts that storage never mutates, so they are
        shared, and a fork costs a list copy, never a copy of the items.
        """
        twin = ChangeHistory.__new__(ChangeHistory)
        memo[id(self)] = twin
        twin.__dict__.update(self.__dict__)
        twin.log = list(self.log)
        twin.subscribers = set(self.subscribers)
        twin.clock = copy.deepcopy(self.clock, memo)
        return twin

    # -- writing (storage calls this) --------------------------------------------

    def record(self, old: Item | None, new: Item | None, identity: dict | None = None) -> None:
        self.log.append((self.clock(), old, new, identity))

    # -- reading -----------------------------------------------------------------

    @property
    def next_seq(self) -> int:
        """The sequence number the next change will get."""
        return self.first_seq + len(self.log)

    def get(self, seq: int) -> Change | None:
        """The change numbered `seq`, or None (never made, trimmed, or a write that changed nothing)."""
        index = seq - self.first_seq
        if 0 <= index < len(self.log):
            return self._change(seq, self.log[index])
        return None

    def time_of(self, seq: int) -> float | None:
        index = seq - self.first_seq
        return self.log[index][0] if 0 <= index < len(self.log) else None

    def between(self, start: int, end: int | None = None, limit: int | None = None) -> Iterator[Change]:
        """Changes with start <= seq < end (end None: to the latest), oldest first, at most `limit`."""
        log, base = self.log, self.first_seq
        first = max(start - base, 0)
        last = len(log) if end is None else max(min(end - base, len(log)), 0)
        found = 0
        for index in range(first, last):
            change = self._change(base + index, log[index])
            if change is not None:
                yield change
                found += 1
                if found == limit:
                    return

    @property
    def changes(self) -> list[Change]:
        """Every change still held, oldest first."""
        return list(self.between(self.first_seq))

    def first_since(self, moment: float, start: int, end: int | None = None) -> int:
        """The first sequence number >= start (and < end) of a write made at or after `moment`; end/next_seq if none."""
        stop = self.next_seq if end is None else min(end, self.next_seq)
        lo, hi = max(start, self.first_seq), stop
        log, base = self.log, self.first_seq
        while lo < hi:  # writes are in time order: bisect on time
            mid = (lo + hi) // 2
            if log[mid - base][0] < moment:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def keys_of(self, change: Change) -> Item:
        image = change.new if change.new is not None else change.old
        assert image is not None
        return {name: image[name] for name in self.key_names}

    @staticmethod
    def _change(seq: int, entry: tuple[float, Item | None, Item | None, dict | None]) -> Change | None:
        time, old, new, identity = entry
        if old is not None and new is not None and old == new:
            return None  # DynamoDB writes no stream record for a write that changes nothing
        return Change(seq, time, old, new, identity)

    # -- housekeeping ------------------------------------------------------------

    def trim_before(self, seq: int) -> None:
        """Forget changes older than `seq` (every consumer has read past them)."""
        drop = min(seq - self.first_seq, len(self.log))
        if drop > 0:
            del self.log[:drop]
            self.first_seq += drop
