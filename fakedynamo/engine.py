"""The engine: dispatches DynamoDB requests by operation name to the region they address."""

from __future__ import annotations

import itertools
import random
import threading
import uuid
from typing import Any, Callable

from fakedynamo import ttl_sweeper
from fakedynamo.clock import Clock
from fakedynamo.errors import DynamoDBError
from fakedynamo.objectstore import as_object_store
from fakedynamo.operations import OPERATIONS, bulk, load_all
from fakedynamo.shapes import check_request
from fakedynamo.region import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, Region
from fakedynamo.storage import Table


load_all()

# ``table_factory(table_name, region, operation, request)``: the CreateTable
# request (TableName may be left out) for a table an item operation addresses
# but that does not exist, or None to answer ResourceNotFoundException as usual.
TableFactory = Callable[[str, str, str, dict[str, Any]], dict[str, Any] | None]


class Engine:
    """An in-memory DynamoDB: every region of one account, behind one lock.

    `clock` returns the current time in epoch seconds and `seed` fixes the ids
    the engine makes up (table ids, request ids), so that a test that fails
    fails the same way twice. `advance(seconds)` moves the engine's clock
    forward (see `fakedynamo.clock`: now = clock() + what was advanced) and
    runs what came due: TTL deletions (`ttl_delay` seconds after an item's
    expiry, see `fakedynamo.ttl_sweeper`), status transitions and stream
    handlers. Everything time-based reads `now()`. `status_delays` (seconds,
    or a dict of "create", "update", "delete", "index") makes control-plane
    changes last that long on the clock (`fakedynamo.transitions`); by
    default they are instant. `object_store` is where exports, imports and
    bulk operations read and write: in memory by default, or an S3 client
    (`fakedynamo.objectstore`).

    `table_factory` (see `TableFactory`), when set, is asked for a definition
    whenever an item operation (reads, writes, queries, scans, batches,
    transactions, PartiQL) addresses a table that does not exist; the table it
    describes is created, as CreateTable would create it, and the operation
    goes on. Control-plane operations (CreateTable, DescribeTable,
    DeleteTable, ...) never consult it. The factory runs under the engine
    lock and must not call back into the engine.
    """

    def __init__(
        self,
        account_id: str = DEFAULT_ACCOUNT_ID,
        clock: Callable[[], float] | None = None,
        seed: int | None = None,
        table_factory: TableFactory | None = None,
        ttl_delay: float = 0.0,
        status_delays: float | dict[str, float] | None = None,
        object_store: Any = None,
    ) -> None:
        self.account_id = account_id
        # Where exports, imports and bulk operations read and write (fakedynamo.objectstore).
        self.object_store = as_object_store(object_store)
        self.table_factory = table_factory
        # The request being executed, for table_factory: (operation, request).
        self._executing: tuple[str, dict[str, Any]] = ("", {})
        self.clock = Clock(clock)
        self.ttl_delay = ttl_delay
        # Opt-in machinery, None until used: stream handlers (fakedynamo.handlers)
        # and timed status transitions (fakedynamo.transitions).
        self.stream_handlers: Any = None
        self.transitions: Any = None
        if status_delays is not None:
            from fakedynamo.transitions import configure

            configure(self, status_delays)
        self.lock = threading.RLock()
        self.regions: dict[str, Region] = {}
        self._random = random.Random(seed)
        self._request_numbers = itertools.count(1)
        self._request_prefix = "".join(self._random.choices(_REQUEST_ID_ALPHABET, k=40))
        # Fault rules, hostile modes, throttling and capacity metering (fakedynamo.powers):
        # None until a test asks for one, so the plain request path pays one attribute check.
        self.powers: Any = None

    def region(self, name: str = DEFAULT_REGION) -> Region:
        """The region called `name`, kept from now on (requests keep a region only once it holds state)."""
        region = self.regions.get(name)
        if region is None:
            region = self.regions.setdefault(name, Region(self, name))
        return region

    # -- time -------------------------------------------------------------------

    def now(self) -> float:
        """The engine's time in epoch seconds."""
        return self.clock.now()

    def advance(self, seconds: float) -> float:
        """Move the clock `seconds` forward, run what came due; return the new now."""
        with self.lock:
            now = self.clock.advance(seconds)
            self.run_due()
        if self.stream_handlers is not None:
            self.stream_handlers.after_request()
        return now

    def run_due(self) -> None:
        """Run the timed work due by now: finished status transitions, TTL deletions, bulk operations."""
        with self.lock:
            if self.transitions is not None:
                self.transitions.settle(self)
            ttl_sweeper.sweep(self)
            bulk.run_due(self)  # bulk operations whose status delay has passed write their items

    # -- requests -----------------------------------------------------------------

    def execute(
        self, operation: str, request: dict[str, Any], region: str = DEFAULT_REGION
    ) -> dict[str, Any]:
        """Run one DynamoDB request and return the response body, or raise DynamoDBError."""
        response = self._execute(operation, request, region)
        if self.stream_handlers is not None:
            self.stream_handlers.after_request()  # handlers that deliver after each write
        return response

    def _execute(self, operation: str, request: dict[str, Any], region: str) -> dict[str, Any]:
        handler = OPERATIONS.get(operation)
        if handler is None:
            raise unsupported()
        check_request(operation, request)
        if self.powers is not None:
            return self.powers.execute(self, handler, operation, request, region)
        return self.run(operation, handler, request, region)

    def run(
        self, operation: str, handler: Callable[[Region, dict[str, Any]], dict[str, Any]], request: dict[str, Any], region: str
    ) -> dict[str, Any]:
        """Run a checked request's `handler` against `region`'s state, under the lock."""
        with self.lock:
            self._executing = (operation, request)
            stored = self.regions.get(region)
            if stored is not None:
                return handler(stored, request)
            # A region is kept once something is stored in it, so that reads and
            # failed writes naming any number of regions leave nothing behind.
            fresh = Region(self, region)
            try:
                return handler(fresh, request)
            finally:
                if fresh.holds_state():
                    self.regions[region] = fresh

    def create_missing_table(self, region: Region, name: str) -> Table | None:
        """The table `table_factory` defines for `name`, now created in `region`; None without one.

        Called (under the lock) by item operations that address a missing table.
        """
        factory = self.table_factory
        if factory is None or name.startswith("arn:"):
            return None
        operation, request = self._executing
        definition = factory(name, region.name, operation, request)
        if definition is None:
            return None
        definition = {**definition, "TableName": name}
        check_request("CreateTable", definition)
        OPERATIONS["CreateTable"](region, definition)
        return region.tables[name]

    def reset(self) -> None:
        """Forget every table in every region."""
        with self.lock:
            self.regions.clear()
            if self.stream_handlers is not None:
                self.stream_handlers.subscriptions.clear()  # their streams went with the tables
            if self.transitions is not None:
                self.transitions.reset()

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def request_id(self) -> str:
        # A counter after a random prefix: unique, 52 characters like AWS's, and cheap.
        return f"{self._request_prefix}{next(self._request_numbers):012d}"


def unsupported() -> DynamoDBError:
    """What DynamoDB answers a signed request for an operation the endpoint does not offer.

    Real DynamoDB said it for ListBackups in a region that lacked it (boto/boto3#1542)
    and for a Scan in a GovCloud console path (aws/aws-toolkit-jetbrains#2956). The
    wire layer's own refusals of a malformed target carry no message (dynalite's
    test/connection.js). The member's spelling "message" is inferred.
    """
    return DynamoDBError("UnknownOperationException", "Unknown operation exception")


_REQUEST_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
