"""The testing powers of the mock handle: ``db.faults``, ``db.hostile()``, ``db.throttling()``,
``db.consumed()`` / ``db.budget()`` and ``db.fork()`` (mixed into `MockDynamoDB`)."""

from __future__ import annotations

from typing import Any

from fakedynamo.budget import Budget, Consumed, Meter
from fakedynamo.faults import FaultRules
from fakedynamo.fork import fork_engine
from fakedynamo.hostile import HostileModes
from fakedynamo.powers import powers_of
from fakedynamo.throttle import BURST_SECONDS, Throttle

# What `db.hostile()` with no arguments switches on: pages of one item, stale reads for one second.
STALE_SECONDS = 1.0


class TestingPowers:
    engine: Any
    _options: dict[str, Any]

    @property
    def faults(self) -> FaultRules:
        """The scripted fault rules: ``db.faults.add("ProvisionedThroughputExceededException", table="t", times=2)``."""
        return powers_of(self.engine).faults

    def hostile(
        self,
        page_size: int | None | bool = True,
        unprocessed: bool = True,
        stale_seconds: float | None | bool = True,
    ) -> HostileModes:
        """Switch the adversarial modes (`fakedynamo.hostile`); with no arguments, all of them.

        ``page_size=N``: Query/Scan pages end after at most N items (True: 1);
        ``unprocessed``: batches leave their second half unprocessed;
        ``stale_seconds=S``: eventually consistent reads see the previous
        version for S engine-clock seconds after a write (True: 1). Pass
        False (or None) to leave one off; `db.calm()` switches them all off.
        """
        modes = powers_of(self.engine).hostile
        with self.engine.lock:
            modes.page_size = 1 if page_size is True else (int(page_size) if page_size else None)
            modes.unprocessed = bool(unprocessed)
            modes.stale_seconds = (
                STALE_SECONDS if stale_seconds is True else (float(stale_seconds) if stale_seconds else None)
            )
            if modes.stale_seconds is None:
                modes._previous.clear()
        return modes

    def calm(self) -> None:
        """Switch every adversarial mode off and drop every fault rule."""
        powers = self.engine.powers
        if powers is not None:
            self.hostile(False, False, False)
            powers.faults.clear()

    def throttling(self, on: bool = True, burst_seconds: float = BURST_SECONDS) -> None:
        """Throttle from the exact capacity accounting (`fakedynamo.throttle`); off by default."""
        powers = powers_of(self.engine)
        with self.engine.lock:
            powers.throttle = Throttle(burst_seconds) if on else None

    # -- capacity ---------------------------------------------------------------------

    def track_capacity(self) -> Meter:
        """Start metering consumed capacity (idempotent); `consumed()` and `budget()` read it."""
        powers = powers_of(self.engine)
        with self.engine.lock:
            if powers.meter is None:
                powers.meter = Meter()
            return powers.meter

    def consumed(self, table: str | None = None, index: str | None = None, region: str | None = None) -> Consumed:
        """Capacity units consumed since metering began (`track_capacity()`, or the first call of this)."""
        meter = self.track_capacity()
        with self.engine.lock:
            return meter.consumed(table, index, region)

    def budget(
        self,
        table: str | None = None,
        max_rcu: float | None = None,
        max_wcu: float | None = None,
        *,
        index: str | None = None,
        region: str | None = None,
    ) -> Budget:
        """``with db.budget(table="t", max_rcu=2):``: fail (AssertionError) if the block consumes more."""
        return Budget(self.track_capacity(), table, index, region, max_rcu, max_wcu)

    # -- forks --------------------------------------------------------------------------

    def fork(self) -> Any:
        """A new, inactive mock holding a copy-on-write fork of this one's data, in O(tables).

        Writes on either side stay there. Fault rules, modes and metering are
        not carried over. Use it as you use the original: ``with db.fork() as f:``.
        """
        from fakedynamo.mock import _handles

        twin = type(self).__new__(type(self))
        twin._options = dict(self._options)
        twin.engine = fork_engine(self.engine)
        _handles[twin.engine] = twin  # type: ignore[assignment]
        return twin
