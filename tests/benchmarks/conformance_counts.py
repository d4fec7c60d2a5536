"""A pytest plugin that counts conformance outcomes per transport and writes them as JSON.

    FAKEDYNAMO_COUNTS_JSON=out.json python -m pytest conformance -p tests.benchmarks.conformance_counts

Each test's transport is its ``endpoint`` parameter (``in-process``, ``http``,
or ``external`` when CONFORMANCE_ENDPOINT names another endpoint). A test
counts as passed, failed (a failure or an error in any phase) or skipped.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from typing import Any

_outcomes: dict[str, str] = {}
TRANSPORT = re.compile(r"\[(?:.*-)?(in-process|http|external)(?:-.*)?\]$")


def transport_of(nodeid: str) -> str:
    match = TRANSPORT.search(nodeid)
    return match.group(1) if match else "other"


def pytest_runtest_logreport(report: Any) -> None:
    previous = _outcomes.get(report.nodeid)
    if report.failed:
        _outcomes[report.nodeid] = "failed"
    elif report.skipped and previous != "failed":
        _outcomes[report.nodeid] = "skipped"
    elif report.when == "call" and report.passed and previous is None:
        _outcomes[report.nodeid] = "passed"


def pytest_sessionfinish(session: Any) -> None:
    path = os.environ.get("FAKEDYNAMO_COUNTS_JSON")
    if not path:
        return
    counts: dict[str, Counter[str]] = {}
    for nodeid, outcome in _outcomes.items():
        counts.setdefault(transport_of(nodeid), Counter())[outcome] += 1
    with open(path, "w", encoding="utf-8") as out:
        json.dump({name: dict(counter) for name, counter in sorted(counts.items())}, out, indent=2)
