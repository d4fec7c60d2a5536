"""`serve_dynamodb`: the fake as a real HTTP endpoint on a background thread, for clients botocore does not carry.

`mock_dynamodb()` answers botocore clients in-process. Clients with their own
HTTP stack (the real pydynox's Rust core, a JavaScript or Go SDK run by the
test, a subprocess) need an endpoint instead: this serves one on 127.0.0.1
for the length of a block, and hands out what a client needs to reach it::

    with serve_dynamodb() as server:
        client = pydynox.DynamoDBClient(**server.pydynox_kwargs())
        boto = boto3.client("dynamodb", **server.botocore_kwargs())

Pass a `MockDynamoDB` to serve its state, so that in-process botocore clients
and the served clients see the same tables. Nothing here sets environment
variables: not every SDK reads ``AWS_ENDPOINT_URL_DYNAMODB`` (the real
pydynox 1.8 does; one that does not would go to AWS), so a client is pointed
at the server explicitly or not at all.

The server runs on a thread, so it answers only clients that release the GIL
while they wait: the real pydynox 1.8's ``sync_table_exists`` does not, and
hangs against it (run ``fakedynamo serve`` in another process for that).
"""

from __future__ import annotations

import contextlib
from typing import Any

from fakedynamo.engine import DEFAULT_REGION
from fakedynamo.mock import MockDynamoDB, mock_dynamodb
from fakedynamo.wire.botocore import FAKE_ACCESS_KEY as ACCESS_KEY
from fakedynamo.wire.botocore import FAKE_SECRET_KEY as SECRET_KEY
from fakedynamo.wire.http import DynamoDBServer, running_server

# ACCESS_KEY/SECRET_KEY: any credentials are accepted; SDKs just need some to sign with.


class ServedDynamoDB:
    """A fake DynamoDB served over HTTP while active.

    Use it as a context manager or with `start()`/`stop()`. `db` is the
    `MockDynamoDB` whose state is served: inspect it (``server.db.items("t")``)
    or activate it too, for in-process clients on the same state.
    """

    def __init__(
        self,
        db: MockDynamoDB | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.db = db if db is not None else mock_dynamodb()
        self.region = region
        self._address = (host, port)
        self._running: contextlib.ExitStack | None = None
        self._server: DynamoDBServer | None = None

    def __repr__(self) -> str:
        where = self.endpoint_url if self._server is not None else "stopped"
        return f"<ServedDynamoDB {where} region={self.region}>"

    # -- running ----------------------------------------------------------

    def start(self) -> ServedDynamoDB:
        """Listen and serve on a background thread until `stop()`."""
        if self._server is not None:
            raise RuntimeError("this fakedynamo server is already running")
        running = contextlib.ExitStack()
        host, port = self._address
        self._server = running.enter_context(running_server(self.db.engine, host, port, self.region))
        self._running = running
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; the state stays in `db`."""
        if self._running is None:
            raise RuntimeError("this fakedynamo server is not running")
        running, self._running, self._server = self._running, None, None
        running.close()

    def __enter__(self) -> ServedDynamoDB:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        """The URL to give clients as their endpoint, e.g. ``http://127.0.0.1:53211``."""
        if self._server is None:
            raise RuntimeError("this fakedynamo server is not running")
        return self._server.endpoint

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
) -> ServedDynamoDB:
    """A fake DynamoDB to serve over HTTP on a background thread (``with serve_dynamodb() as server:``).

    `db` is the state to serve (a new, empty `mock_dynamodb()` by default);
    `port` 0 takes any free port; `region` is the region of unsigned requests
    and the one the `*_kwargs()` helpers name.
    """
    return ServedDynamoDB(db=db, host=host, port=port, region=region)
