"""Pieces several test modules use: quiet inner pytest runs, and the no-leaked-mock guard."""

from __future__ import annotations

from typing import Iterator

import pytest

from fakedynamo.wire import botocore as hook

# Plugins an inner pytest run (pytester) does not need, left out to keep it quick.
QUIET = ("-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest", "-p", "no:benchmark")


@pytest.fixture(autouse=True)
def no_mock_leaks() -> Iterator[None]:
    """Every test starts and ends with no active mock (one that another module left is not ours to report)."""
    hook.active_engines.clear()
    yield
    leaked = list(hook.active_engines)
    hook.active_engines.clear()
    assert leaked == []
