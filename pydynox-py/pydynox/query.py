"""Lazy, single-pass results of Query and Scan, page by page.

Pagination, for every result type (client- and model-level):

- the request's ``Limit`` is ``page_size`` if given, else ``limit``;
- iteration stops once ``limit`` items have been yielded (``limit`` counts
  across pages);
- the next page is fetched only when the current one is used up and
  DynamoDB returned a LastEvaluatedKey; pages that come back empty (a
  filter matched nothing) do not end the iteration;
- ``last_evaluated_key`` is the LastEvaluatedKey of the last page fetched,
  decoded, or None; pass it back as ``last_evaluated_key=`` to resume.

The client-level results take 1.8's arguments and read each page through
their client's ``sync_query_page``/``query_page`` (``sync_scan_page``/
``scan_page``), so any client with those methods can back them: a
`DynamoDBClient`, or the memory client of `pydynox.testing`. Model results
(`pydynox.model`) send their own requests (see `_RequestPages`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, item_to_dynamo

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

T = TypeVar("T")
Item = dict[str, Any]

__all__ = ["AsyncQueryResult", "AsyncScanResult", "QueryResult", "ScanResult"]


class _Pages(Generic[T]):
    """What every result shares: the limit, the buffered page, the position and the resume key.

    A subclass reads one page with ``_fetch(start)`` (sync) or ``_afetch(start)``
    (async), `start` being None or the key the page starts after, in the
    form its pages return it; ``_public_key`` turns that form into the native
    key ``last_evaluated_key`` shows.
    """

    __slots__ = ("_limit", "_buffer", "_position", "_yielded", "_start", "_last_key", "_fetched")

    def _start_paging(self, limit: int | None, start: Any) -> None:
        self._limit = limit
        self._buffer: list[Any] = []
        self._position = 0
        self._yielded = 0
        self._start = start
        self._last_key: Any = None
        self._fetched = False

    @property
    def last_evaluated_key(self) -> dict[str, Any] | None:
        """The LastEvaluatedKey of the last page fetched (native values), or None."""
        if not self._fetched or self._last_key is None:
            return None
        return self._public_key(self._last_key)

    def _public_key(self, key: Any) -> dict[str, Any]:
        return key  # type: ignore[no-any-return]

    def _convert(self, item: Any) -> T:
        return item  # type: ignore[no-any-return]

    def _take(self) -> tuple[bool, Any]:
        """(True, item) for the next buffered item; (False, True) to fetch a page; (False, False) at the end."""
        if self._limit is not None and self._yielded >= self._limit:
            return False, False
        if self._position < len(self._buffer):
            item = self._buffer[self._position]
            self._position += 1
            self._yielded += 1
            return True, self._convert(item)
        if self._fetched and self._last_key is None:
            return False, False
        return False, True

    def _next_start(self) -> Any:
        return self._last_key if self._fetched else self._start

    def _store(self, items: list[Any], last_key: Any) -> None:
        self._buffer = items or []
        self._position = 0
        self._last_key = last_key or None
        self._fetched = True


class _SyncIteration(_Pages[T]):
    """``for`` over the pages `_fetch` reads."""

    __slots__ = ()

    _fetch: Callable[[Any], tuple[list[Any], Any]]  # one page from `start`: (items, resume key)

    def __iter__(self) -> _SyncIteration[T]:
        return self

    def __next__(self) -> T:
        while True:
            found, value = self._take()
            if found:
                return value  # type: ignore[no-any-return]
            if not value:
                raise StopIteration
            self._store(*self._fetch(self._next_start()))

    def first(self) -> T | None:
        """The next item, or None when there is none."""
        return next(self, None)


class _AsyncIteration(_Pages[T]):
    """``async for`` over the pages `_afetch` reads."""

    __slots__ = ()

    _afetch: Callable[[Any], Awaitable[tuple[list[Any], Any]]]  # as `_fetch`, awaited

    def __aiter__(self) -> _AsyncIteration[T]:
        return self

    async def __anext__(self) -> T:
        while True:
            found, value = self._take()
            if found:
                return value  # type: ignore[no-any-return]
            if not value:
                raise StopAsyncIteration
            self._store(*await self._afetch(self._next_start()))

    async def first(self) -> T | None:
        """The next item, or None when there is none."""
        try:
            return await self.__anext__()
        except StopAsyncIteration:
            return None


# -- client-level results: 1.8's arguments, pages through the client --------------------------


class _ClientPages(_Pages[Item]):
    """The arguments of a client-level Query or Scan, and the page call they make."""

    __slots__ = ("_client", "_table", "_page_options", "_acquire_rcu", "_page_size")

    def _setup(
        self,
        client: Any,
        table: str,
        limit: int | None,
        page_size: int | None,
        last_evaluated_key: dict[str, Any] | None,
        acquire_rcu: Callable[[float], None] | None,
        options: dict[str, Any],
    ) -> None:
        self._start_paging(limit, last_evaluated_key)
        self._client = client
        self._table = table
        self._page_size = page_size
        self._acquire_rcu = acquire_rcu
        # The page call's keyword arguments, with DynamoDB's Limit: the page size, else the limit.
        self._page_options = {**options, "limit": page_size if page_size is not None else limit}

    def _before_page(self) -> None:
        if self._acquire_rcu is not None:
            self._acquire_rcu(float(self._page_size or self._limit or 1))


class _QueryPages(_ClientPages):
    __slots__ = ("_key_condition_expression",)

    def __init__(
        self,
        client: DynamoDBClient,
        table: str,
        key_condition_expression: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        scan_index_forward: bool | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        acquire_rcu: Callable[[float], None] | None = None,
        consistent_read: bool = False,
    ) -> None:
        self._key_condition_expression = key_condition_expression
        options = {
            "filter_expression": filter_expression,
            "projection_expression": projection_expression,
            "expression_attribute_names": expression_attribute_names,
            "expression_attribute_values": expression_attribute_values,
            "scan_index_forward": scan_index_forward,
            "index_name": index_name,
            "consistent_read": consistent_read,
        }
        self._setup(client, table, limit, page_size, last_evaluated_key, acquire_rcu, options)

    def _fetch(self, start: Any) -> tuple[list[Any], Any]:
        self._before_page()
        items, last, _ = self._client.sync_query_page(
            self._table, self._key_condition_expression, exclusive_start_key=start, **self._page_options
        )
        return items, last

    async def _afetch(self, start: Any) -> tuple[list[Any], Any]:
        self._before_page()
        page = await self._client.query_page(
            self._table, self._key_condition_expression, exclusive_start_key=start, **self._page_options
        )
        return page["items"], page["last_evaluated_key"]


class _ScanPages(_ClientPages):
    __slots__ = ()

    def __init__(
        self,
        client: DynamoDBClient,
        table: str,
        filter_expression: str | None = None,
        projection_expression: str | None = None,
        expression_attribute_names: dict[str, str] | None = None,
        expression_attribute_values: dict[str, Any] | None = None,
        limit: int | None = None,
        page_size: int | None = None,
        index_name: str | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        acquire_rcu: Callable[[float], None] | None = None,
        consistent_read: bool = False,
        segment: int | None = None,
        total_segments: int | None = None,
    ) -> None:
        options = {
            "filter_expression": filter_expression,
            "projection_expression": projection_expression,
            "expression_attribute_names": expression_attribute_names,
            "expression_attribute_values": expression_attribute_values,
            "index_name": index_name,
            "consistent_read": consistent_read,
            "segment": segment,
            "total_segments": total_segments,
        }
        self._setup(client, table, limit, page_size, last_evaluated_key, acquire_rcu, options)

    def _fetch(self, start: Any) -> tuple[list[Any], Any]:
        self._before_page()
        items, last, _ = self._client.sync_scan_page(self._table, exclusive_start_key=start, **self._page_options)
        return items, last

    async def _afetch(self, start: Any) -> tuple[list[Any], Any]:
        self._before_page()
        page = await self._client.scan_page(self._table, exclusive_start_key=start, **self._page_options)
        return page["items"], page["last_evaluated_key"]


class QueryResult(_QueryPages, _SyncIteration[Item]):
    """Items of a client-level query, as native dicts (``for``)."""

    __slots__ = ()


class ScanResult(_ScanPages, _SyncIteration[Item]):
    """Items of a client-level scan, as native dicts (``for``)."""

    __slots__ = ()


class AsyncQueryResult(_QueryPages, _AsyncIteration[Item]):
    """Items of a client-level query, as native dicts (``async for``)."""

    __slots__ = ()

    async def to_list(self) -> list[Item]:
        """Every remaining item."""
        return [item async for item in self]


class AsyncScanResult(_ScanPages, _AsyncIteration[Item]):
    """Items of a client-level scan, as native dicts (``async for``)."""

    __slots__ = ()

    async def to_list(self) -> list[Item]:
        """Every remaining item."""
        return [item async for item in self]


# -- prepared requests: wire-form pages through the client's send path ------------------------


class _RequestPages(_Pages[T]):
    """Pages of a prepared Query or Scan request (wire form), each item turned into a result by `convert`.

    What model and index results are built on: the request is DynamoDB's own,
    the items stay in wire form until `convert` (exact numbers survive), and
    the resume key stays in wire form between pages. A subclass whose request
    is worked out on first use sets ``_client``/``_request`` in ``_prepare``.
    """

    __slots__ = ("_client", "_method", "_request", "_converter")

    def _setup_request(
        self,
        client: DynamoDBClient | None,
        method: str,
        request: dict[str, Any] | None,
        limit: int | None,
        last_evaluated_key: dict[str, Any] | None,
        convert: Callable[[dict[str, Any]], T],
    ) -> None:
        self._start_paging(limit, item_to_dynamo(last_evaluated_key) if last_evaluated_key else None)
        self._client = client
        self._method = method
        self._request = request
        self._converter = convert

    def _convert(self, item: Any) -> T:
        return self._converter(item)

    def _public_key(self, key: Any) -> dict[str, Any]:
        return item_from_dynamo(key)

    def _prepare(self) -> None:
        """Work out ``_client`` and ``_request`` (those given to the constructor need nothing)."""

    def _page_request(self, start: Any) -> dict[str, Any]:
        if self._request is None:
            self._prepare()
        assert self._request is not None
        return self._request if start is None else {**self._request, "ExclusiveStartKey": start}

    def _fetch(self, start: Any) -> tuple[list[Any], Any]:
        request = self._page_request(start)
        response, _ = self._client._send(self._method, request)  # type: ignore[union-attr]
        return response.get("Items") or [], response.get("LastEvaluatedKey")

    async def _afetch(self, start: Any) -> tuple[list[Any], Any]:
        request = self._page_request(start)
        response, _ = await run_blocking(self._client._send, self._method, request)  # type: ignore[union-attr]
        return response.get("Items") or [], response.get("LastEvaluatedKey")


class _SyncRequestResult(_RequestPages[T], _SyncIteration[T]):
    """``for`` over a prepared request's items: ``_SyncRequestResult(client, "query", request, limit, start, convert)``."""

    __slots__ = ()

    def __init__(
        self,
        client: DynamoDBClient,
        method: str,
        request: dict[str, Any],
        limit: int | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        convert: Callable[[dict[str, Any]], T] = item_from_dynamo,  # type: ignore[assignment]
    ) -> None:
        self._setup_request(client, method, request, limit, last_evaluated_key, convert)


class _AsyncRequestResult(_RequestPages[T], _AsyncIteration[T]):
    """``async for`` over a prepared request's items; arguments as `_SyncRequestResult`'s."""

    __slots__ = ()

    def __init__(
        self,
        client: DynamoDBClient,
        method: str,
        request: dict[str, Any],
        limit: int | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        convert: Callable[[dict[str, Any]], T] = item_from_dynamo,  # type: ignore[assignment]
    ) -> None:
        self._setup_request(client, method, request, limit, last_evaluated_key, convert)
