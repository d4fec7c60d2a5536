"""The HTTP adapter: DynamoDB's endpoint over a real socket, for any SDK or the AWS CLI.

Every POST carries one operation, named by its ``X-Amz-Target`` header, and is
answered by `protocol.handle` exactly as the botocore hook answers it. The
region comes from the SigV4 credential scope of the ``Authorization`` header;
unsigned requests go to the server's default region. Signatures are not
checked: any credentials, or none, are accepted.
"""

from __future__ import annotations

import contextlib
import re
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.wire.protocol import handle

# SigV4's credential scope names the region: Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/")
# DynamoDB refuses request bodies over 16 MB; so do we, before reading them.
MAX_BODY = 16 * 1024 * 1024


class DynamoDBHandler(BaseHTTPRequestHandler):
    """One connection: POST requests carry DynamoDB operations; GET answers a health check."""

    server: DynamoDBServer
    protocol_version = "HTTP/1.1"  # keep-alive, as SDK connection pools expect
    # Headers and body go out in two writes; without TCP_NODELAY the second
    # waits for the client's delayed ACK, some 40 ms per request.
    disable_nagle_algorithm = True
    server_version = "fakedynamo"
    sys_version = ""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self._read_body()
        if body is None:
            return
        region = region_of(self.headers.get("Authorization"), self.server.default_region)
        status, headers, payload = handle(
            self.server.engine,
            self.headers.get("X-Amz-Target"),
            body,
            region,
            content_type=self.headers.get("Content-Type"),
        )
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802
        # What DynamoDB's own endpoint answers to a GET: a plain-text health line.
        self._send_text(200, f"healthy: dynamodb.{self.server.default_region}.amazonaws.com ")

    def _read_body(self) -> bytes | None:
        """The request body, or None after answering a request whose body cannot be read."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        raw_length = self.headers.get("Content-Length")
        try:
            length = int(raw_length) if raw_length else 0
        except ValueError:
            length = -1
        if length < 0:
            self._refuse(400, "Bad Content-Length")
            return None
        if length > MAX_BODY:
            self._refuse(413, "Request body too large")
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self._refuse(400, "Bad chunk")
                return None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                self._refuse(413, "Request body too large")
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)  # the CRLF after each chunk

    def _refuse(self, status: int, text: str) -> None:
        self.close_connection = True  # the rest of the body is still on the wire
        self._send_text(status, text, close=True)

    def _send_text(self, status: int, text: str, close: bool = False) -> None:
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)


class DynamoDBServer(ThreadingHTTPServer):
    """A threaded HTTP server answering DynamoDB's API from one engine."""

    daemon_threads = True  # open keep-alive connections must not delay shutdown
    # SDK connection pools open many connections at once; the default backlog of 5
    # makes a burst wait on SYN retransmission (about a second).
    request_queue_size = 128

    def __init__(
        self,
        engine: Engine,
        host: str = "127.0.0.1",
        port: int = 8000,
        default_region: str = DEFAULT_REGION,
        verbose: bool = False,
    ) -> None:
        self.engine = engine
        self.default_region = default_region
        self.verbose = verbose
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), DynamoDBHandler)

    @property
    def endpoint(self) -> str:
        """The URL clients pass as endpoint_url."""
        host, port = self.server_address[:2]
        if isinstance(host, bytes):
            host = host.decode()
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that drops its connection is routine; anything else is a bug worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError) and not self.verbose:
            return
        super().handle_error(request, client_address)


def region_of(authorization: str | None, default: str = DEFAULT_REGION) -> str:
    """The region named by a SigV4 Authorization header, or `default` for an unsigned request."""
    match = _SCOPE_REGION.search(authorization) if authorization else None
    return match.group(1) if match else default


@contextlib.contextmanager
def running_server(
    engine: Engine | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    default_region: str = DEFAULT_REGION,
) -> Iterator[DynamoDBServer]:
    """Serve `engine` (a new one by default) on a background thread; yield the server.

    ``server.endpoint`` is the URL to pass as endpoint_url; ``server.engine``
    the state behind it. The server stops when the block exits.
    """
    server = DynamoDBServer(engine or Engine(), host, port, default_region)
    # A short poll interval: shutdown() waits for serve_forever to notice it.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fakedynamo-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
