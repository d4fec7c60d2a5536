"""`MemoryBackend`: pydynox against an in-memory DynamoDB, for tests.

While a backend is active:

- every botocore DynamoDB client in the process (pydynox's default client,
  clients of models with ``ModelConfig(client=...)``, boto3 clients and
  resources, PynamoDB) is answered by one fresh fakedynamo; nothing reaches
  AWS and no credentials or region are needed;
- pydynox's default client is a `MemoryClient` (`MemoryBackend.client`), and
  every model forgets the client it had cached, so models without a client of
  their own use it;
- a table appears when an item operation first touches it, created from the
  definition of the model that names it (keys, GSIs, LSIs), see
  `pydynox.testing._tables`; ``seed`` data is written before the block runs.
  Tables appear so only in the backend's region (``region``): a client in
  another region gets ResourceNotFoundException, as from DynamoDB.

Leaving it stops that fakedynamo, discards its data, restores the previous
default client and makes models forget the memory client again. Backends
nest; the innermost answers.

Built on fakedynamo's public API only: `fakedynamo.MockDynamoDB` (with its
``table_factory``), `fakedynamo.current_mock`, `fakedynamo.attach`,
`fakedynamo.DynamoDBError` and the handle's ``engine.execute``.
"""

from __future__ import annotations

import base64
import copy
import functools
import inspect
import json
import threading
import time as _time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import botocore.parsers
import botocore.serialize

import fakedynamo
from fakedynamo import DynamoDBError, MockDynamoDB
from pydynox import _convert, _session
from pydynox._convert import item_from_dynamo, to_dynamo
from pydynox._errors import translate
from pydynox._metrics import ModelMetrics, OperationMetrics
from pydynox._vector import VectorSearchResult
from pydynox.client import DynamoDBClient
from pydynox.config import clear_default_client, get_default_client, set_default_client
from pydynox.testing import _tables

__all__ = ["FakeMetrics", "FakeTotalMetrics", "MemoryBackend", "MemoryClient", "memory_backend"]

F = TypeVar("F", bound=Callable[..., Any])



class FakeMetrics(OperationMetrics):
    """`OperationMetrics` built by hand, with 1.8's fields and defaults (for tests that fake metrics)."""

    __slots__ = ("_count",)

    def __init__(
        self,
        duration_ms: float = 0.0,
        consumed_rcu: float = 0.0,
        consumed_wcu: float = 0.0,
        request_id: str = "memory-backend",
        scanned_count: int = 0,
        count: int = 0,
        items_count: int = 0,
        vector_search_bytes: float | None = None,
        vector_write_bytes: float | None = None,
    ) -> None:
        super().__init__(duration_ms)
        self._rcu, self._wcu, self._request_id = consumed_rcu, consumed_wcu, request_id
        self._scanned_count, self._items_count, self._count = scanned_count, items_count, count
        self._vector_search_bytes, self._vector_write_bytes = vector_search_bytes, vector_write_bytes

    count = property(lambda self: self._count)


# 1.8's name for the totals a memory client keeps; here it is the real class.
FakeTotalMetrics = ModelMetrics

Item = dict[str, Any]


# =====================================================================================
# The client
# =====================================================================================

# The botocore client every MemoryClient shares, by region: building one costs
# milliseconds, and a backend is entered once per test. Its service model,
# serializer and parser carry each request (see `_Transport`); it never sends
# anything itself, and its static placeholder credentials spare botocore any
# search for real ones.
_BOTO_CLIENTS: dict[str, Any] = {}
_BOTO_LOCK = threading.Lock()
_PLACEHOLDER_KEYS = {"access_key": "PYDYNOXMEMORYBACKEND", "secret_key": "pydynox-memory-backend"}


def _memory_region() -> str:
    """The region boto3 would pick here (environment, config file), else us-east-1."""
    try:
        with _session._sessions_lock:
            region = _session._session(None).get_config_variable("region")
    except Exception:  # noqa: BLE001 - a broken profile or config file: the default region
        region = None
    return region or _session.DEFAULT_REGION  # type: ignore[no-any-return]


def _shared_boto_client(region: str) -> Any:
    client = _BOTO_CLIENTS.get(region)
    if client is None:
        with _BOTO_LOCK:
            client = _BOTO_CLIENTS.get(region)
            if client is None:
                options = _session.ClientOptions(region=region, max_retries=1, **_PLACEHOLDER_KEYS)
                client = fakedynamo.attach(_session.create_client(options))
                client._pydynox_transport = _Transport(client)
                _BOTO_CLIENTS[region] = client
    return client


class _Transport:
    """The memory client's way to the fake: botocore's validation, serializer and parser around `Engine.execute`.

    A request goes through exactly the steps that shape what DynamoDB sees and
    what the caller gets back: botocore validates and serializes the
    parameters, the engine of the active fake answers the JSON request, and
    botocore parses the JSON answer (and raises the modeled error class) as it
    parses DynamoDB's. What it skips is what a fake has no use for and what
    costs most per call: endpoint resolution, the User-Agent, signing, the
    event chain and the HTTP layer. Other clients (boto3, a `DynamoDBClient`
    of the user's own) go the whole way, through fakedynamo's botocore hook.
    """

    def __init__(self, client: Any) -> None:
        self._service = client.meta.service_model
        self._methods = client.meta.method_to_api_mapping
        self._exceptions = client.exceptions
        self.region = client.meta.region_name
        self._serializer = botocore.serialize.create_serializer(self._service.protocol, include_validation=True)
        self._parser = botocore.parsers.create_parser(self._service.protocol)
        self._operations: dict[str, Any] = {}

    def _operation(self, method: str) -> Any:
        operation = self._operations.get(method)
        if operation is None:
            operation = self._operations[method] = self._service.operation_model(self._methods[method])
        return operation

    def call(self, mock: MockDynamoDB, method: str, params: dict[str, Any]) -> dict[str, Any]:
        operation = self._operation(method)
        body = self._serializer.serialize_to_request(params, operation)["body"]
        engine = mock.engine
        try:
            answer = engine.execute(operation.name, json.loads(body), self.region)
            status = 200
        except DynamoDBError as error:
            answer, status = error.body(), error.status
        http = {
            "status_code": status,
            "headers": {"x-amzn-requestid": engine.request_id(), "content-type": "application/x-amz-json-1.0"},
            "body": json.dumps(answer, separators=(",", ":")).encode("utf-8"),
        }
        parsed: dict[str, Any] = self._parser.parse(http, operation.output_shape)
        if status >= 300:
            # As botocore's endpoint does: a second pass for the modeled error's own
            # fields (CancellationReasons, the Item of a failed condition, ...).
            code = parsed.get("Error", {}).get("Code")
            shape = self._service.shape_for_error_code(code) if code else None
            if shape is not None:
                parsed.update(self._parser.parse(http, shape))
            raise self._exceptions.from_code(code)(parsed, operation.name)
        return parsed


class MemoryClient(DynamoDBClient):
    """The `DynamoDBClient` of an active `MemoryBackend`: its default client while it is active.

    It is a real `DynamoDBClient`: every method works as against DynamoDB,
    answered by the backend's fakedynamo. A table no model defines is created
    for it on first use, keyed as seeds are (``pk``/``sk``, ...). Using it
    after its backend was left raises RuntimeError.
    """

    # Answered in-process, never blocking on I/O: pydynox's async methods call it
    # inline instead of hopping to their thread pool (see `pydynox._asyncio`).
    _inline_io = True

    def __init__(
        self,
        seed: dict[str, list[dict[str, Any]]] | None = None,
        strict: bool = True,
        *,
        _mock: MockDynamoDB | None = None,
        _region: str | None = None,
    ) -> None:
        super().__init__()
        self._mock = _mock
        self._region = _region
        self._standalone: MemoryBackend | None = None
        if _mock is None:
            # Made on its own (1.8's ``MemoryClient(seed, strict)``): it runs its own backend,
            # entered now and left when the client is garbage collected.
            self._standalone = MemoryBackend(seed, strict)
            activation = self._standalone._activate()
            self._mock, self._region = activation.mock, activation.region

    def __repr__(self) -> str:
        return f"MemoryClient(region={self.get_region()!r})"

    def _connect(self) -> Any:
        if self._boto is None:
            self._boto = _shared_boto_client(self._region or _memory_region())
        return self._boto

    def _send(self, method: str, request: dict[str, Any], *, observed: bool = True) -> tuple[dict[str, Any], float]:
        mock = fakedynamo.current_mock()
        if mock is None or (self._mock is not None and not self._mock.active):
            raise RuntimeError("A MemoryClient works only while its MemoryBackend is active; this one is no longer active")
        transport = (self._boto or self._connect())._pydynox_transport
        state = _tables._implicit
        before = getattr(state, "on", False)
        state.on = True
        start = _time.perf_counter()
        try:
            response = transport.call(mock, method, request)
        except Exception as error:
            mapped = translate(error, request.get("TableName"))
            if mapped is error:
                raise
            raise mapped from error
        finally:
            state.on = before
        return response, (_time.perf_counter() - start) * 1000.0

    def get_region(self) -> str:
        """The region the backend's tables live in (`MemoryBackend.region`)."""
        return self._connect().meta.region_name  # type: ignore[no-any-return]

    # -- upstream's test seams (informative): the client is its own low-level client --------

    @property
    def _client(self) -> MemoryClient:
        return self

    def _acquire_rcu(self, *_: Any) -> None:
        """No rate limiting in memory."""

    def _acquire_wcu(self, *_: Any) -> None:
        """No rate limiting in memory."""

    # -- 1.8's memory client: its signatures, answered by the fake ----------------------------
    #
    # pydynox 1.8's MemoryClient names some parameters differently from DynamoDBClient
    # (``table`` for ``table_name``, ``exclusive_start_key``), returns one page as a dict
    # from ``query``/``scan`` and answers ``table_exists`` synchronously. These keep its
    # signatures; what they do is what DynamoDB does, through the fake.

    def sync_query_page(  # type: ignore[override]
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        index_name: str | None = None,
        projection_expression: str | None = None,
    ) -> tuple[list[Item], Item | None, OperationMetrics]:
        """One Query page (``limit`` is DynamoDB's Limit): (items, last evaluated key, metrics)."""
        return DynamoDBClient.sync_query_page(
            self,
            table,
            key_condition_expression,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            exclusive_start_key=exclusive_start_key,
            scan_index_forward=scan_index_forward,
            index_name=index_name,
            consistent_read=consistent_read,
        )

    async def query_page(  # type: ignore[override]
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        index_name: str | None = None,
        projection_expression: str | None = None,
    ) -> dict[str, Any]:
        """One Query page as ``{"items", "last_evaluated_key", "metrics"}``."""
        return self._as_page(
            self.sync_query_page(
                table,
                key_condition_expression,
                filter_expression,
                expression_attribute_names,
                expression_attribute_values,
                limit,
                scan_index_forward,
                consistent_read,
                exclusive_start_key,
                index_name,
                projection_expression,
            )
        )

    def sync_scan_page(  # type: ignore[override]
        self,
        table: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        index_name: str | None = None,
        projection_expression: str | None = None,
    ) -> tuple[list[Item], Item | None, OperationMetrics]:
        """One Scan page (``limit`` is DynamoDB's Limit): (items, last evaluated key, metrics)."""
        return DynamoDBClient.sync_scan_page(
            self,
            table,
            filter_expression=filter_expression,
            projection_expression=projection_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            limit=limit,
            exclusive_start_key=exclusive_start_key,
            index_name=index_name,
            consistent_read=consistent_read,
            segment=segment,
            total_segments=total_segments,
        )

    async def scan_page(  # type: ignore[override]
        self,
        table: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        index_name: str | None = None,
        projection_expression: str | None = None,
    ) -> dict[str, Any]:
        """One Scan page as ``{"items", "last_evaluated_key", "metrics"}``."""
        return self._as_page(
            self.sync_scan_page(
                table,
                filter_expression,
                expression_attribute_names,
                expression_attribute_values,
                limit,
                consistent_read,
                exclusive_start_key,
                segment,
                total_segments,
                index_name,
                projection_expression,
            )
        )

    def query(  # type: ignore[override]
        self,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        scan_index_forward: bool = True,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        index_name: str | None = None,
    ) -> dict[str, Any]:
        """One Query page as 1.8's memory client returns it: ``items``, ``count``, ``scanned_count``,
        ``last_evaluated_key`` and ``metrics`` (``sync_query`` gives every page, lazily)."""
        return _page_dict(
            self.sync_query_page(
                table,
                key_condition_expression,
                filter_expression,
                expression_attribute_names,
                expression_attribute_values,
                limit,
                scan_index_forward,
                consistent_read,
                exclusive_start_key,
                index_name,
            )
        )

    def scan(  # type: ignore[override]
        self,
        table: str,
        filter_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        consistent_read: bool = False,
        exclusive_start_key: Item | None = None,
        segment: int | None = None,
        total_segments: int | None = None,
        index_name: str | None = None,
    ) -> dict[str, Any]:
        """One Scan page as a dict, like `query` (``sync_scan`` gives every page, lazily)."""
        return _page_dict(
            self.sync_scan_page(
                table,
                filter_expression,
                expression_attribute_names,
                expression_attribute_values,
                limit,
                consistent_read,
                exclusive_start_key,
                segment,
                total_segments,
                index_name,
            )
        )

    # -- tables ----------------------------------------------------------------------------

    def sync_create_table(self, table: str, **kwargs: Any) -> None:  # type: ignore[override]
        """CreateTable with `DynamoDBClient.sync_create_table`'s keyword arguments; the key defaults to a string ``pk``."""
        kwargs.setdefault("partition_key", ("pk", "S"))
        DynamoDBClient.sync_create_table(self, table, **kwargs)

    async def create_table(self, table: str, **kwargs: Any) -> None:  # type: ignore[override]
        """CreateTable; see `sync_create_table`."""
        self.sync_create_table(table, **kwargs)

    def sync_table_exists(self, table: str) -> bool:  # type: ignore[override]
        """Whether the table exists (DescribeTable)."""
        return DynamoDBClient.sync_table_exists(self, table)

    # 1.8's memory client answers this one synchronously, without a coroutine.
    table_exists = sync_table_exists  # type: ignore[assignment]

    def sync_delete_table(  # type: ignore[override]
        self, table: str, *, wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """DeleteTable; ``wait=True`` returns once it is gone."""
        DynamoDBClient.sync_delete_table(self, table, wait=wait, timeout_seconds=timeout_seconds)

    async def delete_table(  # type: ignore[override]
        self, table: str, *, wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """DeleteTable; see `sync_delete_table`."""
        self.sync_delete_table(table, wait=wait, timeout_seconds=timeout_seconds)

    def sync_wait_for_table_deleted(self, table: str, timeout_seconds: int | None = None) -> None:  # type: ignore[override]
        """Return once the table is gone; TimeoutError after `timeout_seconds`."""
        DynamoDBClient.sync_wait_for_table_deleted(self, table, timeout_seconds)

    async def wait_for_table_deleted(self, table: str, timeout_seconds: int | None = None) -> None:  # type: ignore[override]
        """Return once the table is gone; see `sync_wait_for_table_deleted`."""
        self.sync_wait_for_table_deleted(table, timeout_seconds)

    # -- vector indexes and search --------------------------------------------------------------

    def sync_create_vector_index(  # type: ignore[override]
        self, table: str, definition: dict[str, Any], wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """Add a vector index to an existing table (UpdateTable)."""
        DynamoDBClient.sync_create_vector_index(self, table, definition, wait=wait, timeout_seconds=timeout_seconds)

    async def create_vector_index(  # type: ignore[override]
        self, table: str, definition: dict[str, Any], wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """Add a vector index to an existing table; see `sync_create_vector_index`."""
        self.sync_create_vector_index(table, definition, wait, timeout_seconds)

    def sync_delete_vector_index(  # type: ignore[override]
        self, table: str, index_name: str, wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """Remove a vector index (UpdateTable)."""
        DynamoDBClient.sync_delete_vector_index(self, table, index_name, wait=wait, timeout_seconds=timeout_seconds)

    async def delete_vector_index(  # type: ignore[override]
        self, table: str, index_name: str, wait: bool = False, timeout_seconds: int | None = None
    ) -> None:
        """Remove a vector index; see `sync_delete_vector_index`."""
        self.sync_delete_vector_index(table, index_name, wait, timeout_seconds)

    def sync_search_vectors(  # type: ignore[override]
        self,
        table: str,
        index_name: str,
        vector: list[float],
        top_k: int = 10,
        search_condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        projection_expression: str | None = None,
    ) -> VectorSearchResult[Item]:
        """SearchVectors: the `top_k` nearest items, best first (exact search in the fake)."""
        return DynamoDBClient.sync_search_vectors(
            self,
            table,
            index_name,
            vector,
            top_k=top_k,
            search_condition_expression=search_condition_expression,
            expression_attribute_names=expression_attribute_names,
            expression_attribute_values=expression_attribute_values,
            projection_expression=projection_expression,
        )

    async def search_vectors(  # type: ignore[override]
        self,
        table: str,
        index_name: str,
        vector: list[float],
        top_k: int = 10,
        search_condition_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        projection_expression: str | None = None,
    ) -> VectorSearchResult[Item]:
        """SearchVectors; see `sync_search_vectors`."""
        return self.sync_search_vectors(
            table,
            index_name,
            vector,
            top_k,
            search_condition_expression,
            expression_attribute_names,
            expression_attribute_values,
            projection_expression,
        )


def _page_dict(page: tuple[list[Item], Item | None, OperationMetrics]) -> dict[str, Any]:
    """A page as 1.8's memory ``query``/``scan`` return it."""
    items, last, metrics = page
    return {
        "items": items,
        "count": len(items),
        "scanned_count": metrics.scanned_count,
        "last_evaluated_key": last,
        "metrics": metrics,
    }


# =====================================================================================
# The backend
# =====================================================================================


class _Activation:
    """One entry into a backend: its fake, its client, and what it replaced."""

    __slots__ = ("backend", "region", "mock", "client", "previous_default", "previous_hook", "hook")

    def __init__(self, backend: MemoryBackend, region: str, mock: MockDynamoDB, client: MemoryClient, hook: Any) -> None:
        self.backend = backend
        self.region = region
        self.mock = mock
        self.client = client
        self.previous_default = get_default_client()
        self.previous_hook = _convert.unsupported_value_hook
        self.hook = hook


# Every active activation of every backend, innermost last.
_ACTIVE: list[_Activation] = []
_ACTIVE_LOCK = threading.RLock()

# botocore clients known to carry fakedynamo's handlers (made after it was imported, or attached).
_ATTACHED: weakref.WeakSet[Any] = weakref.WeakSet()


class MemoryBackend:
    """An in-memory DynamoDB for pydynox: a context manager, and a decorator of functions.

    ``seed`` maps table names to lists of items (plain dicts, DynamoDB
    attribute names) written when the backend is entered. ``strict=True``
    refuses, with TypeError, values pydynox cannot send to DynamoDB (as
    production would); ``strict=False`` stores them in a close form instead
    (Decimal as a number, tuples as lists, dates and times as ISO strings,
    enums by value, anything else as ``str()``).

    ``region`` is where the backend's tables live: its client's region, the
    one region where tables are made on first use and seeds are written. A
    client in another region finds no such table (ResourceNotFoundException,
    as DynamoDB answers), so a region mistake fails instead of reading
    nothing. ``None`` (the default) takes the region boto3 would pick when the
    backend is entered (``AWS_REGION``, ``AWS_DEFAULT_REGION``, the config
    file), else ``us-east-1``.

    ``base`` (a `fakedynamo.MockDynamoDB` holding seeded data, such as the
    ``pydynox_seeded_database`` fixture's) makes each activation start from a
    copy-on-write fork of it: O(tables), whatever the data's size, and
    writes never reach `base` or another fork.
    """

    def __init__(
        self,
        seed: dict[str, list[dict[str, Any]]] | None = None,
        strict: bool = True,
        region: str | None = None,
        base: MockDynamoDB | None = None,
    ) -> None:
        self.seed = seed
        # Each activation answers from a copy-on-write fork of `base` (seed once, fork per test).
        self.base = base
        self.strict = strict
        self._region = region
        self._activations: list[_Activation] = []

    def __repr__(self) -> str:
        state = "active" if self._activations else "inactive"
        return f"<MemoryBackend {state} region={self.region!r} strict={self.strict} tables={list(self.tables)}>"

    @property
    def region(self) -> str:
        """The region of the backend's tables (while active, the one it was entered with)."""
        if self._activations:
            return self._activations[-1].region
        return self._region or _memory_region()

    # -- entering and leaving -------------------------------------------------------

    def __enter__(self) -> MemoryBackend:
        self._activate()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._activations:
            self._deactivate(self._activations[-1])

    def _activate(self) -> _Activation:
        region = self._region or _memory_region()
        mock = MockDynamoDB(table_factory=_tables.table_factory(region)) if self.base is None else self.base.fork()
        client = MemoryClient(_mock=mock, _region=region)
        with _ACTIVE_LOCK:
            activation = _Activation(self, region, mock, client, None if self.strict else _lenient_value)
            _attach_and_forget(activation.previous_default)
            mock.start()
            _convert.unsupported_value_hook = activation.hook
            set_default_client(client)
            self._activations.append(activation)
            _ACTIVE.append(activation)
        if self.seed:
            try:
                _load_seed(mock, client, self.seed)
            except BaseException:
                self._deactivate(activation)
                raise
        return activation

    def _deactivate(self, activation: _Activation) -> None:
        with _ACTIVE_LOCK:
            if activation not in self._activations:
                return
            self._activations.remove(activation)
            position = _ACTIVE.index(activation)
            del _ACTIVE[position]
            if activation.mock.active:
                activation.mock.stop()
            activation.mock.reset()
            if position == len(_ACTIVE):
                # The innermost: put back what it replaced.
                if activation.previous_default is None:
                    clear_default_client()
                else:
                    set_default_client(activation.previous_default)
                _convert.unsupported_value_hook = activation.previous_hook
            else:
                # Left out of order: the next one in replaces what this one replaced.
                following = _ACTIVE[position]
                following.previous_default = activation.previous_default
                following.previous_hook = activation.previous_hook
            _attach_and_forget(None)

    # -- decorating -------------------------------------------------------------------

    def __call__(self, func: F) -> F:
        """Run each call of `func` (a function or a coroutine function) inside this backend."""
        if inspect.isclass(func) or not callable(func):
            raise TypeError(
                f"MemoryBackend() decorates functions and coroutine functions, not {func!r}; "
                "for a test class, use the pydynox_memory_backend fixture (or enter a backend in setUp)"
            )
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                activation = self._activate()
                try:
                    return await func(*args, **kwargs)
                finally:
                    self._deactivate(activation)

            return run_async  # type: ignore[return-value]

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            activation = self._activate()
            try:
                return func(*args, **kwargs)
            finally:
                self._deactivate(activation)

        return run  # type: ignore[return-value]

    # -- inspecting -------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return bool(self._activations)

    @property
    def tables(self) -> Mapping[str, Mapping[str, Item]]:
        """Table name -> key string -> item, read live from the store; ``{}`` when inactive.

        The key string is ``"<pk>|<sk>"`` (``str(pk)`` for a table without a sort
        key, or when the sort key is empty); items are plain Python values under
        DynamoDB attribute names, copies of what is stored (read-only view).
        """
        if not self._activations:
            return {}
        return _TablesView(self._activations[-1].mock)

    @property
    def client(self) -> MemoryClient:
        """The active `MemoryClient` (pydynox's default client while the backend is active)."""
        if not self._activations:
            raise RuntimeError("MemoryBackend is not active: use it in a with block or as a fixture")
        return self._activations[-1].client

    @property
    def _client(self) -> MemoryClient | None:
        return self._activations[-1].client if self._activations else None

    @property
    def mock(self) -> MockDynamoDB:
        """The fakedynamo handle answering while the backend is active (``items()``, ``table_names()``...)."""
        if not self._activations:
            raise RuntimeError("MemoryBackend is not active: use it in a with block or as a fixture")
        return self._activations[-1].mock

    def clear(self) -> None:
        """Drop every table and its items; tables come back, empty, when next used."""
        if self._activations:
            self._activations[-1].mock.reset()


@contextmanager
def memory_backend(
    seed: dict[str, list[dict[str, Any]]] | None = None, strict: bool = True, region: str | None = None
) -> Iterator[MemoryBackend]:
    """``with memory_backend(seed=...) as backend:``, the same as ``with MemoryBackend(...)``."""
    with MemoryBackend(seed=seed, strict=strict, region=region) as backend:
        yield backend


def active_backends() -> list[MemoryBackend]:
    """The backends active now, innermost last (one per entry)."""
    with _ACTIVE_LOCK:
        return [activation.backend for activation in _ACTIVE]


def leave_backends_entered_after(count: int) -> None:
    """Leave every activation beyond the first `count`, innermost first (the fixtures' safety net)."""
    while True:
        with _ACTIVE_LOCK:
            if len(_ACTIVE) <= count:
                return
            activation = _ACTIVE[-1]
        activation.backend._deactivate(activation)


# =====================================================================================
# Helpers
# =====================================================================================


def _attach_and_forget(previous_default: Any) -> None:
    """Make models forget their cached client; connect clients made before fakedynamo was imported."""
    clients = [previous_default] if previous_default is not None else []
    for model in _tables.all_models():
        cached = model.__dict__.get("_client_instance")
        if cached is not None:
            clients.append(cached)
            model._client_instance = None
        configured = getattr(getattr(model, "model_config", None), "client", None)
        if configured is not None:
            clients.append(configured)
    for client in clients:
        boto = getattr(client, "_boto", None)
        if boto is not None and boto not in _ATTACHED:
            fakedynamo.attach(boto)
            _ATTACHED.add(boto)


def _lenient_value(value: Any) -> dict[str, Any]:
    """``strict=False``: a close DynamoDB form for a value pydynox would refuse."""
    if isinstance(value, Decimal):
        return {"N": str(value)}
    if isinstance(value, Enum):
        return to_dynamo(value.value)
    if isinstance(value, (datetime, date, time)):
        return {"S": value.isoformat()}
    if isinstance(value, (tuple, frozenset)) or (hasattr(value, "__iter__") and not isinstance(value, (str, bytes))):
        try:
            return {"L": [to_dynamo(element) for element in value]}
        except TypeError:
            pass
    return {"S": str(value)}


def _as_json(value: dict[str, Any]) -> dict[str, Any]:
    """An AttributeValue from `to_dynamo` as it travels in JSON (binary as base64)."""
    tag, inner = next(iter(value.items()))
    if tag == "B":
        return {"B": base64.b64encode(inner).decode("ascii")}
    if tag == "BS":
        return {"BS": [base64.b64encode(element).decode("ascii") for element in inner]}
    if tag == "L":
        return {"L": [_as_json(element) for element in inner]}
    if tag == "M":
        return {"M": {name: _as_json(element) for name, element in inner.items()}}
    return value


def _load_seed(mock: MockDynamoDB, client: MemoryClient, seed: dict[str, list[dict[str, Any]]]) -> None:
    """Create each seeded table (from its model, or keys inferred from the items) and write the items."""
    region = client.get_region()
    engine = mock.engine
    for table, items in seed.items():
        items = list(items or ())
        engine.execute("CreateTable", _tables.seed_definition(table, items), region)
        for item in items:
            if not isinstance(item, dict):
                raise TypeError(f"Seed items must be dicts, got {type(item).__name__} in table {table!r}")
            wire = {name: _as_json(to_dynamo(value)) for name, value in copy.deepcopy(item).items()}
            engine.execute("PutItem", {"TableName": table, "Item": wire}, region)


class _TablesView(Mapping[str, Mapping[str, Item]]):
    """The live tables of one fake: name -> `_TableView`."""

    __slots__ = ("_mock",)

    def __init__(self, mock: MockDynamoDB) -> None:
        self._mock = mock

    def __getitem__(self, name: str) -> Mapping[str, Item]:
        if name not in self._mock.table_names():
            raise KeyError(name)
        return _TableView(self._mock, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._mock.table_names())

    def __len__(self) -> int:
        return len(self._mock.table_names())

    def __contains__(self, name: object) -> bool:
        return name in self._mock.table_names()

    def __repr__(self) -> str:
        return repr({name: dict(self[name]) for name in self})


class _TableView(Mapping[str, Item]):
    """The live items of one table: key string -> item (plain Python values)."""

    __slots__ = ("_mock", "_name")

    def __init__(self, mock: MockDynamoDB, name: str) -> None:
        self._mock = mock
        self._name = name

    def _items(self) -> dict[str, Item]:
        mock, out = self._mock, {}
        for region in mock.regions():
            if self._name not in mock.table_names(region):
                continue
            table = mock.table(self._name, region)
            hash_key, range_key = table.hash_key, table.range_key
            for wire in mock.items(self._name, region):
                item = item_from_dynamo(wire)
                out[_key_string(item.get(hash_key), item.get(range_key) if range_key else None)] = item
        return out

    def __getitem__(self, key: str) -> Item:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        mock = self._mock
        return sum(mock.item_count(self._name, region) for region in mock.regions() if self._name in mock.table_names(region))

    def keys(self) -> Any:
        return self._items().keys()

    def values(self) -> Any:
        return self._items().values()

    def items(self) -> Any:
        return self._items().items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items() == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._items())


def _key_string(partition: Any, sort: Any) -> str:
    if partition and sort:
        return f"{partition}|{sort}"
    return str(partition)
