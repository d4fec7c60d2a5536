"""`serve_dynamodb`: the fake as a real HTTP endpoint, for clients botocore does not carry.

`mock_dynamodb()` answers botocore clients in-process. Clients with their own
HTTP stack (the real pydynox's Rust core, a JavaScript or Go SDK run by the
test, a subprocess) need an endpoint instead: this serves one on 127.0.0.1
for the length of a block, and hands out what a client needs to reach it::

    with serve_dynamodb(child_process=True) as server:
        client = pydynox.DynamoDBClient(**server.pydynox_kwargs())
        boto = boto3.client("dynamodb", **server.botocore_kwargs())

Where it serves from:

- on a thread of this process (the default): `db` is the served
  `MockDynamoDB`, which can be shared with in-process botocore clients
  (``serve_dynamodb(db)``). A client that keeps Python's GIL while it waits
  for its answer never lets that thread answer: the real pydynox 1.8's
  ``sync_table_exists`` is one;
- in a child process (``child_process=True``: ``python -m fakedynamo
  serve``): any client gets its answers, and `db` is an `AdminClient`, the
  inspection and whole-state methods of `MockDynamoDB` over the admin API.
  The child stops with the block, and with this process if it ends first.

Nothing here sets environment variables: not every SDK reads
``AWS_ENDPOINT_URL_DYNAMODB`` (the real pydynox 1.8 does; one that does not
would go to AWS), so a client is pointed at the server explicitly or not at all.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable

from fakedynamo.child_server import ChildServer
from fakedynamo.engine import DEFAULT_REGION
from fakedynamo.mock import MockDynamoDB, mock_dynamodb
from fakedynamo.wire.admin_client import AdminClient
from fakedynamo.wire.botocore import FAKE_ACCESS_KEY as ACCESS_KEY
from fakedynamo.wire.botocore import FAKE_SECRET_KEY as SECRET_KEY
from fakedynamo.wire.http import running_server

# ACCESS_KEY/SECRET_KEY: any credentials are accepted; SDKs just need some to sign with.


class ServedDynamoDB:
    """A fake DynamoDB served over HTTP while active, from a thread or a child process.

    Use it as a context manager or with `start()`/`stop()`. `db` is the
    state served: the `MockDynamoDB` on a thread (inspect it, or activate it
    too for in-process clients on the same state), an `AdminClient` on a
    child process (the same inspection methods, over HTTP, while it runs).
    """

    def __init__(
        self,
        db: MockDynamoDB | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = DEFAULT_REGION,
        *,
        child_process: bool = False,
    ) -> None:
        if child_process and db is not None:
            raise ValueError("a child process serves a state of its own: db= is for serving on a thread")
        self.region = region
        self.child_process = child_process
        self._mock = None if child_process else (db if db is not None else mock_dynamodb())
        self._address = (host, port)
        self._endpoint: str | None = None
        self._admin: AdminClient | None = None
        self._child: ChildServer | None = None
        self._stop: Callable[[], None] | None = None

    def __repr__(self) -> str:
        where = self._endpoint or "stopped"
        kind = "child process" if self.child_process else "thread"
        return f"<ServedDynamoDB {where} on a {kind} region={self.region}>"

    # -- running ----------------------------------------------------------

    def start(self) -> ServedDynamoDB:
        """Listen and serve until `stop()`: returns once the server accepts connections."""
        if self._stop is not None:
            raise RuntimeError("this fakedynamo server is already running")
        host, port = self._address
        if self._mock is not None:
            running = contextlib.ExitStack()
            server = running.enter_context(running_server(self._mock.engine, host, port, self.region))
            self._endpoint, self._stop = server.endpoint, running.close
        else:
            child = ChildServer(host, port, self.region)
            self._endpoint = child.start()
            self._child, self._admin, self._stop = child, AdminClient(self._endpoint), child.stop
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; on a thread the state stays in `db`, a child process takes it along."""
        if self._stop is None:
            raise RuntimeError("this fakedynamo server is not running")
        stop, self._stop, self._endpoint, self._admin, self._child = self._stop, None, None, None, None
        stop()

    def __enter__(self) -> ServedDynamoDB:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        """The URL to give clients as their endpoint, e.g. ``http://127.0.0.1:53211``."""
        if self._endpoint is None:
            raise RuntimeError("this fakedynamo server is not running")
        return self._endpoint

    @property
    def db(self) -> MockDynamoDB | AdminClient:
        """The state served: a `MockDynamoDB` on a thread; on a child process, an `AdminClient` while it runs."""
        if self._mock is not None:
            return self._mock
        if self._admin is None:
            raise RuntimeError("this fakedynamo server is not running: its state went with its child process")
        return self._admin

    @property
    def pid(self) -> int | None:
        """The child process's id while it serves; None on a thread."""
        return self._child.pid if self._child is not None else None

    # -- what clients need -------------------------------------------------

    def botocore_kwargs(self) -> dict[str, str]:
        """Keyword arguments for ``boto3.client("dynamodb", ...)``, ``boto3.resource`` or aioboto3."""
        return {
            "endpoint_url": self.endpoint_url,
            "region_name": self.region,
            "aws_access_key_id": ACCESS_KEY,
            "aws_secret_access_key": SECRET_KEY,
        }

    def pydynox_kwargs(self) -> dict[str, str]:
        """Keyword arguments for ``pydynox.DynamoDBClient(...)``, the real pydynox's or pydynox-py's."""
        return {
            "endpoint_url": self.endpoint_url,
            "region": self.region,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        }

    def reset(self) -> None:
        """Delete every table in every region; the server keeps running."""
        self.db.reset()


def serve_dynamodb(
    db: MockDynamoDB | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    region: str = DEFAULT_REGION,
    *,
    child_process: bool = False,
) -> ServedDynamoDB:
    """A fake DynamoDB to serve over HTTP (``with serve_dynamodb() as server:``).

    `db` is the state to serve on a thread (a new, empty `mock_dynamodb()` by
    default); ``child_process=True`` serves a state of its own from
    ``python -m fakedynamo serve`` in a child process instead, which answers
    every client, those that hold the GIL while they wait too. `port` 0 takes
    any free port; `region` is the region of unsigned requests and the one
    the `*_kwargs()` helpers name.
    """
    return ServedDynamoDB(db=db, host=host, port=port, region=region, child_process=child_process)
