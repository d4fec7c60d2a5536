"""The HTTP adapter: DynamoDB's endpoint over a real socket, for any SDK or the AWS CLI."""

from __future__ import annotations

import contextlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.wire.protocol import handle

# SigV4's credential scope names the region: Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/")
_MAX_BODY = 16 * 1024 * 1024


class DynamoDBHandler(BaseHTTPRequestHandler):
    """One connection: POST requests carry DynamoDB operations; GET answers a health check."""

    server: DynamoDBServer
    protocol_version = "HTTP/1.1"  # keep-alive, as SDK connection pools expect
    server_version = "fakedynamo"
    sys_version = ""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, _MAX_BODY)) if length else b""
        match = _SCOPE_REGION.search(self.headers.get("Authorization") or "")
        region = match.group(1) if match else self.server.default_region
        status, headers, payload = handle(self.server.engine, self.headers.get("X-Amz-Target"), body, region)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802
        payload = f"healthy: dynamodb.{self.server.default_region}.amazonaws.com ".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)


class DynamoDBServer(ThreadingHTTPServer):
    daemon_threads = True

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
        super().__init__((host, port), DynamoDBHandler)

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@contextlib.contextmanager
def running_server(engine: Engine | None = None, host: str = "127.0.0.1", port: int = 0) -> Iterator[DynamoDBServer]:
    """Serve `engine` (a new one by default) on a background thread; yield the server."""
    server = DynamoDBServer(engine or Engine(), host, port)
    thread = threading.Thread(target=server.serve_forever, name="fakedynamo-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
