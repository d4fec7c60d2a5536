"""The engine's clock: a base time source plus an offset that tests move forward.

``now() = base() + offset``. The base is the user's ``clock=`` (a callable
returning epoch seconds, or a fixed instant) or ``time.time``; ``advance(s)``
adds ``s`` to the offset. So a fixed instant plus ``advance(60)`` reads one
minute later, and a user callable that moves on its own keeps moving, with
whatever the test advanced added on top. Time never goes backwards through
``advance`` (a negative step is refused); a user callable may still do so.

Pickled (the server's snapshots, `fakedynamo.persistence`), a clock keeps its
offset only: the base is a function of the running process, and a restored
clock reads the wall clock plus the offset.
"""

from __future__ import annotations

import math
import time
from typing import Callable


class Clock:
    """Epoch seconds: the base time source plus what `advance` added."""

    __slots__ = ("base", "offset")

    def __init__(self, base: Callable[[], float] | None = None) -> None:
        self.base: Callable[[], float] = base or time.time
        self.offset = 0.0

    def now(self) -> float:
        return self.base() + self.offset

    def __getstate__(self) -> dict[str, float]:
        return {"offset": self.offset}

    def __setstate__(self, state: dict[str, float]) -> None:
        self.base = time.time
        self.offset = state["offset"]

    def advance(self, seconds: float) -> float:
        """Move the clock `seconds` forward; return the new now."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the clock only moves forward by a finite amount, not {seconds!r}")
        self.offset += float(seconds)
        return self.now()
