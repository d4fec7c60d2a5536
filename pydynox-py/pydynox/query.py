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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydynox._asyncio import run_blocking
from pydynox._convert import item_from_dynamo, item_to_dynamo

if TYPE_CHECKING:
    from pydynox.client import DynamoDBClient

T = TypeVar("T")

__all__ = ["AsyncQueryResult", "AsyncScanResult", "QueryResult", "ScanResult"]


class _Pages(Generic[T]):
    """The state both sync and async results share: request, buffered page, position."""

    __slots__ = (
        "_client",
        "_method",
        "_request",
        "_limit",
        "_convert",
        "_buffer",
        "_position",
        "_yielded",
        "_last_key",
        "_fetched",
        "_decode_key",
    )

    def __init__(
        self,
        client: DynamoDBClient,
        method: str,
        request: dict[str, Any],
        limit: int | None = None,
        last_evaluated_key: dict[str, Any] | None = None,
        convert: Callable[[dict[str, Any]], T] = item_from_dynamo,  # type: ignore[assignment]
        decode_key: Callable[[dict[str, Any]], dict[str, Any]] = item_from_dynamo,
    ) -> None:
        self._client = client
        self._method = method
        self._request = request
        self._limit = limit
        # Turns one wire-form item into what the iteration yields.
        self._convert = convert
        # Turns the wire-form LastEvaluatedKey into `last_evaluated_key` (models: DecimalAttributes exactly).
        self._decode_key = decode_key
        self._buffer: list[dict[str, Any]] = []
        self._position = 0
        self._yielded = 0
        self._fetched = False
        # The wire form of the key the next page starts after.
        self._last_key: dict[str, Any] | None = item_to_dynamo(last_evaluated_key) if last_evaluated_key else None

    @property
    def last_evaluated_key(self) -> dict[str, Any] | None:
        """The LastEvaluatedKey of the last page fetched (native values), or None."""
        if not self._fetched or self._last_key is None:
            return None
        return self._decode_key(self._last_key)

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

    def _page_request(self) -> dict[str, Any]:
        if self._last_key is None:
            return self._request
        return {**self._request, "ExclusiveStartKey": self._last_key}

    def _store(self, response: dict[str, Any], _duration_ms: float) -> None:
        self._buffer = response.get("Items") or []
        self._position = 0
        self._last_key = response.get("LastEvaluatedKey")
        self._fetched = True


class _SyncPages(_Pages[T]):
    __slots__ = ()

    def __iter__(self) -> _SyncPages[T]:
        return self

    def __next__(self) -> T:
        while True:
            found, value = self._take()
            if found:
                return value  # type: ignore[no-any-return]
            if not value:
                raise StopIteration
            self._store(*self._client._send(self._method, self._page_request()))

    def first(self) -> T | None:
        """The next item, or None when there is none."""
        return next(self, None)


class _AsyncPages(_Pages[T]):
    __slots__ = ()

    def __aiter__(self) -> _AsyncPages[T]:
        return self

    async def __anext__(self) -> T:
        while True:
            found, value = self._take()
            if found:
                return value  # type: ignore[no-any-return]
            if not value:
                raise StopAsyncIteration
            self._store(*await run_blocking(self._client._send, self._method, self._page_request()))

    async def first(self) -> T | None:
        """The next item, or None when there is none."""
        try:
            return await self.__anext__()
        except StopAsyncIteration:
            return None


class QueryResult(_SyncPages[dict[str, Any]]):
    """Items of a client-level query, as native dicts."""

    __slots__ = ()


class ScanResult(_SyncPages[dict[str, Any]]):
    """Items of a client-level scan, as native dicts."""

    __slots__ = ()


class AsyncQueryResult(_AsyncPages[dict[str, Any]]):
    """Items of a client-level query, as native dicts (``async for``)."""

    __slots__ = ()

    async def to_list(self) -> list[dict[str, Any]]:
        """Every remaining item."""
        return [item async for item in self]


class AsyncScanResult(_AsyncPages[dict[str, Any]]):
    """Items of a client-level scan, as native dicts (``async for``)."""

    __slots__ = ()

    async def to_list(self) -> list[dict[str, Any]]:
        """Every remaining item."""
        return [item async for item in self]
