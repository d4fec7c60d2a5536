"""Client-side rate limiting: `FixedRate` and `AdaptiveRate` token buckets, fed by consumed capacity.

``DynamoDBClient(rate_limit=FixedRate(rcu=50))`` takes one token before each
read (one write unit before each write) and, when DynamoDB's answer reports
the capacity it consumed (``ReturnConsumedCapacity=TOTAL``), charges the rest,
so the rate is held in capacity units per second. `AdaptiveRate` starts at
half its maximum, drops 20% on each throttle and climbs 10% after 10 quiet
seconds. The clock is `time.monotonic`, and `sleep` is `time.sleep`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

__all__ = ["AdaptiveRate", "FixedRate", "RateLimitMetrics"]


@dataclass
class RateLimitMetrics:
    """What a limiter has let through: capacity consumed and throttles seen."""

    consumed_rcu: float = 0.0
    consumed_wcu: float = 0.0
    throttle_count: int = 0

    def reset(self) -> None:
        self.consumed_rcu = 0.0
        self.consumed_wcu = 0.0
        self.throttle_count = 0


class _Bucket:
    """`rate` tokens a second, holding at most `burst`; `take` waits until enough are there."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else rate)
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, amount: float) -> float:
        """Take `amount` tokens (going into debt if need be); the seconds the caller must wait first."""
        self._refill()
        self.tokens -= amount
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


class _Limiter:
    def __init__(self) -> None:
        self._metrics = RateLimitMetrics()
        self._lock = threading.Lock()
        self._read: _Bucket | None = None
        self._write: _Bucket | None = None

    consumed_rcu = property(lambda self: self._metrics.consumed_rcu)
    consumed_wcu = property(lambda self: self._metrics.consumed_wcu)
    throttle_count = property(lambda self: self._metrics.throttle_count)

    def _wait(self, bucket: _Bucket | None, units: float) -> None:
        if bucket is None or units <= 0:
            return
        with self._lock:
            delay = bucket.take(units)
        if delay > 0:
            time.sleep(delay)

    def _acquire_rcu(self, units: float = 1.0) -> None:
        self._wait(self._read, units)

    def _acquire_wcu(self, units: float = 1.0) -> None:
        self._wait(self._write, units)

    def _consumed(self, rcu: float, wcu: float, acquired_rcu: float = 1.0, acquired_wcu: float = 1.0) -> None:
        """Record what a call consumed and charge what the advance token did not cover."""
        with self._lock:
            self._metrics.consumed_rcu += rcu
            self._metrics.consumed_wcu += wcu
            if self._read is not None and rcu > acquired_rcu:
                self._read.tokens -= rcu - acquired_rcu
            if self._write is not None and wcu > acquired_wcu:
                self._write.tokens -= wcu - acquired_wcu

    def _on_throttle(self) -> None:
        with self._lock:
            self._metrics.throttle_count += 1


class FixedRate(_Limiter):
    """At most `rcu` read units and `wcu` write units a second (None: that side unlimited)."""

    def __init__(self, rcu: float | None = None, wcu: float | None = None, burst: float | None = None) -> None:
        super().__init__()
        self._rcu, self._wcu = rcu, wcu
        self._read = _Bucket(rcu, burst) if rcu else None
        self._write = _Bucket(wcu, burst) if wcu else None

    rcu = property(lambda self: self._rcu, doc="Read units a second (None: unlimited).")
    wcu = property(lambda self: self._wcu, doc="Write units a second (None: unlimited).")
    metrics = property(lambda self: self._metrics, doc="The `RateLimitMetrics` of this limiter.")

    def __repr__(self) -> str:
        return f"FixedRate(rcu={self.rcu}, wcu={self.wcu})"


class AdaptiveRate(_Limiter):
    """Starts at half of `max_rcu` / `max_wcu`; -20% on a throttle, +10% after 10 s without one."""

    DECREASE = 0.8
    INCREASE = 1.1
    QUIET_SECONDS = 10.0

    def __init__(self, max_rcu: float, max_wcu: float | None = None, min_rcu: float = 1, min_wcu: float = 1) -> None:
        super().__init__()
        self._max_rcu, self._max_wcu, self.min_rcu, self.min_wcu = max_rcu, max_wcu, min_rcu, min_wcu
        self._read = _Bucket(max(min_rcu, max_rcu / 2))
        self._write = _Bucket(max(min_wcu, max_wcu / 2)) if max_wcu else None
        self._last_throttle = time.monotonic()

    max_rcu = property(lambda self: self._max_rcu)
    max_wcu = property(lambda self: self._max_wcu)
    current_rcu = property(lambda self: self._read.rate)
    current_wcu = property(lambda self: self._write.rate if self._write else None)

    def _on_throttle(self) -> None:
        super()._on_throttle()
        with self._lock:
            self._last_throttle = time.monotonic()
            assert self._read is not None
            self._read.rate = max(self.min_rcu, self._read.rate * self.DECREASE)
            if self._write is not None:
                self._write.rate = max(self.min_wcu, self._write.rate * self.DECREASE)

    def _wait(self, bucket: _Bucket | None, units: float) -> None:
        now = time.monotonic()
        if now - self._last_throttle >= self.QUIET_SECONDS:
            with self._lock:
                self._last_throttle = now
                assert self._read is not None
                self._read.rate = min(self.max_rcu, self._read.rate * self.INCREASE)
                if self._write is not None and self.max_wcu:
                    self._write.rate = min(self.max_wcu, self._write.rate * self.INCREASE)
        super()._wait(bucket, units)

    def __repr__(self) -> str:
        return f"AdaptiveRate(max_rcu={self.max_rcu}, max_wcu={self.max_wcu})"
