"""Client-side rate limiting: `FixedRate` and `AdaptiveRate` token buckets.

``DynamoDBClient(rate_limit=FixedRate(rcu=50))`` takes capacity from the
limiter before each operation, waiting while its bucket is short. As in 1.8
it takes an estimate, not what DynamoDB later reports: 1 unit per item
operation and per PartiQL statement, one per key (or item) of a batch, and
``Limit`` units (or 1) per query or scan page; transactions, counts and
parallel scans take nothing. ``consumed_rcu`` / ``consumed_wcu`` add up what
was taken. `AdaptiveRate` starts at half its maximum, drops 20% on each
throttle and, checked at most once a second, climbs 10% when nothing was
throttled in the last 10 seconds. The clock is `time.monotonic`, and waiting
is `time.sleep`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

__all__ = ["AdaptiveRate", "FixedRate", "RateLimitMetrics"]


@dataclass
class RateLimitMetrics:
    """What a limiter has handed out (capacity units) and the throttles it was told of."""

    consumed_rcu: float = 0.0
    consumed_wcu: float = 0.0
    throttle_count: int = 0

    def reset(self) -> None:
        self.consumed_rcu = 0.0
        self.consumed_wcu = 0.0
        self.throttle_count = 0


class _Bucket:
    """`rate` tokens a second, holding at most `burst` (full at the start)."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        if rate <= 0:
            raise ValueError(f"a rate must be positive, not {rate}")
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else rate)
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def take(self, amount: float) -> float:
        """Take `amount` tokens and return 0, or return the seconds to wait before trying again.

        More than a full bucket is taken from a full bucket (leaving a debt the
        next callers wait out) instead of waiting forever.
        """
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        needed = min(amount, self.burst)
        if self.tokens >= needed:
            self.tokens -= amount
            return 0.0
        return max((needed - self.tokens) / self.rate, 0.001)


class _Limiter:
    """The part both limiters share: the two buckets, their metrics and the waiting."""

    def __init__(self, read: _Bucket | None, write: _Bucket | None) -> None:
        self._read = read
        self._write = write
        self._metrics = RateLimitMetrics()
        self._lock = threading.Lock()

    @property
    def consumed_rcu(self) -> float:
        return self._metrics.consumed_rcu

    @property
    def consumed_wcu(self) -> float:
        return self._metrics.consumed_wcu

    @property
    def throttle_count(self) -> int:
        return self._metrics.throttle_count

    def _take(self, bucket: _Bucket | None, units: float) -> None:
        while bucket is not None:
            with self._lock:
                delay = bucket.take(units)
            if not delay:
                return
            time.sleep(delay)

    def _acquire_rcu(self, rcu: float = 1.0) -> None:
        """Wait for `rcu` read units and count them as consumed."""
        self._take(self._read, rcu)
        with self._lock:
            self._metrics.consumed_rcu += rcu

    def _acquire_wcu(self, wcu: float = 1.0) -> None:
        """Wait for `wcu` write units and count them as consumed."""
        self._take(self._write, wcu)
        with self._lock:
            self._metrics.consumed_wcu += wcu

    def _on_throttle(self) -> None:
        """DynamoDB throttled an operation."""
        with self._lock:
            self._metrics.throttle_count += 1


class FixedRate(_Limiter):
    """At most `rcu` read units and `wcu` write units a second (None: that side unlimited); `burst` defaults to the rate."""

    def __init__(self, rcu: float | None = None, wcu: float | None = None, burst: float | None = None) -> None:
        super().__init__(
            _Bucket(rcu, burst) if rcu is not None else None, _Bucket(wcu, burst) if wcu is not None else None
        )

    @property
    def rcu(self) -> float | None:
        """Read units a second (None: unlimited)."""
        return self._read.rate if self._read is not None else None

    @property
    def wcu(self) -> float | None:
        """Write units a second (None: unlimited)."""
        return self._write.rate if self._write is not None else None

    @property
    def metrics(self) -> RateLimitMetrics:
        """A copy of this limiter's metrics as they are now."""
        with self._lock:
            return RateLimitMetrics(self._metrics.consumed_rcu, self._metrics.consumed_wcu, self._metrics.throttle_count)

    def __repr__(self) -> str:
        return f"FixedRate(rcu={self.rcu}, wcu={self.wcu})"


class AdaptiveRate(_Limiter):
    """Starts at half of `max_rcu` / `max_wcu`; -20% on a throttle (not below the minimum), +10% after 10 quiet seconds."""

    DECREASE = 0.8
    INCREASE = 1.1
    QUIET_SECONDS = 10.0
    CHECK_SECONDS = 1.0

    def __init__(
        self, max_rcu: float, max_wcu: float | None = None, min_rcu: float | None = 1, min_wcu: float | None = 1
    ) -> None:
        # Each bucket holds up to the maximum rate's worth of units (its burst).
        super().__init__(_Bucket(max_rcu * 0.5, max_rcu), _Bucket(max_wcu * 0.5, max_wcu) if max_wcu else None)
        self._max_rcu, self._max_wcu = float(max_rcu), max_wcu
        # None is taken as the default, as 1.8 does.
        self.min_rcu = float(1 if min_rcu is None else min_rcu)
        self.min_wcu = float(1 if min_wcu is None else min_wcu)
        self._last_throttle: float | None = None
        self._last_check = time.monotonic()

    @property
    def max_rcu(self) -> float:
        return self._max_rcu

    @property
    def max_wcu(self) -> float | None:
        return self._max_wcu

    @property
    def current_rcu(self) -> float:
        """The read rate now."""
        assert self._read is not None
        return self._read.rate

    @property
    def current_wcu(self) -> float | None:
        """The write rate now (None without `max_wcu`)."""
        return self._write.rate if self._write is not None else None

    def _on_throttle(self) -> None:
        with self._lock:
            self._metrics.throttle_count += 1
            self._last_throttle = time.monotonic()
            self._scale(self.DECREASE)

    def _scale(self, factor: float) -> None:
        """Multiply both rates by `factor`, kept between their minimum and maximum."""
        assert self._read is not None
        self._read.rate = min(self._max_rcu, max(self.min_rcu, self._read.rate * factor))
        if self._write is not None and self._max_wcu:
            self._write.rate = min(self._max_wcu, max(self.min_wcu, self._write.rate * factor))

    def _take(self, bucket: _Bucket | None, units: float) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_check >= self.CHECK_SECONDS:
                self._last_check = now
                if self._last_throttle is None or now - self._last_throttle >= self.QUIET_SECONDS:
                    self._scale(self.INCREASE)
        super()._take(bucket, units)

    def __repr__(self) -> str:
        return f"AdaptiveRate(max_rcu={self.max_rcu}, max_wcu={self.max_wcu})"
