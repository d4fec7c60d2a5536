"""Copy-on-write forks of an engine's whole state, in time that does not grow with the data.

A fork gets new Region and Table objects whose item maps, sort-key lists,
scan order and index entries are *shared* with the original until either
side writes to that table: the first write copies that table's maps (C-level
dict copies) and from then on each side has its own. Items themselves are
never copied: storage never changes an item in place (every write stores a
new dict), so both sides can hold the same item dicts forever.

Table and region metadata (definitions, throughput, tags, settings) is small
and copied at fork time, so control-plane changes on one side never leak.

Used by `MockDynamoDB.fork()`, pydynox.testing's seed-once-fork-per-test
fixture and the admin API's checkpoints.
"""

from __future__ import annotations

import copy
import itertools
import threading
from typing import Any

from fakedynamo.clock import Clock
from fakedynamo.engine import _REQUEST_ID_ALPHABET, Engine
from fakedynamo.operations.global_tables import relink_forked
from fakedynamo.region import Region
from fakedynamo.storage import Table

# The attributes of a Table that hold its data; everything else is metadata, copied at fork time.
DATA = frozenset({"_items", "_sizes", "_partitions", "_order", "_index_stores", "_size_bytes", "_shared"})


def fork_engine(engine: Engine) -> Engine:
    """A new engine holding a copy-on-write fork of `engine`'s state.

    Not forked: fault rules and modes, stream handlers and pending status transitions.
    """
    if getattr(engine, "persistence", None) is not None:
        raise RuntimeError("a persisted engine cannot be forked (its journal is its own); fork an in-memory one")
    with engine.lock:
        forked = Engine.__new__(Engine)
        forked.__dict__.update(engine.__dict__)
        forked.lock = threading.RLock()
        forked.powers = None
        # Its own clock, at the same time: advancing a fork leaves the original where it was.
        forked.clock = Clock(engine.clock.base)
        forked.clock.offset = engine.clock.offset
        # Stream handlers and pending status transitions stay with the original.
        forked.stream_handlers = None
        forked.transitions = None
        forked._executing = ("", {})
        forked._random = copy.deepcopy(engine._random)
        # Fresh request ids from the fork's own generator: deterministic, and distinct from the original's.
        forked._request_prefix = "".join(forked._random.choices(_REQUEST_ID_ALPHABET, k=40))
        forked._request_numbers = itertools.count(1)
        forked.regions = fork_regions(engine, forked)
        return forked


def adopt(target: Engine, source: Engine) -> None:
    """Make `target`'s state a fork of `source`'s (the admin API's checkpoint restore)."""
    with source.lock:
        regions = fork_regions(source, target)
    with target.lock:
        target.regions = regions


def fork_regions(source: Engine, target: Engine) -> dict[str, Region]:
    """Forks of `source`'s regions, belonging to `target` (call under `source`'s lock)."""
    regions = {name: _fork_region(region, target) for name, region in source.regions.items()}
    relink_forked(regions)  # global tables: the fork's replicas replicate to each other
    return regions


def _fork_region(region: Region, engine: Engine) -> Region:
    forked = Region.__new__(Region)
    memo: dict[int, Any] = {id(region.engine): engine}
    tables = {name: _fork_table(table, memo) for name, table in region.tables.items()}
    memo.update({id(old): tables[name] for name, old in region.tables.items()})
    for name, value in region.__dict__.items():
        if name == "tables":
            forked.tables = tables
        else:
            setattr(forked, name, copy.deepcopy(value, memo))
    return forked


def _fork_table(table: Table, memo: dict[int, Any]) -> Table:
    # `memo` maps the original engine to the fork's: what refers to it (a change
    # history's clock) refers to the fork's engine in the copy.
    # Settle pending scan-order work first, so neither side re-sorts a structure it shares.
    table.partitions_in_order()
    for store in table._index_stores.values():
        store.partitions_in_order()
    table._shared = True
    forked = Table.__new__(Table)
    for name, value in table.__dict__.items():
        if name == "replicas":
            forked.replicas = None  # other regions' tables: relinked once every region is forked
            continue
        forked.__dict__[name] = value if name in DATA else copy.deepcopy(value, memo)
    return forked
