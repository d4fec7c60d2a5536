"""DynamoDB, S3 and KMS on one local endpoint, as LocalStack serves them: fakedynamo answers DynamoDB, moto the rest.

The real pydynox sends a model's S3 and KMS calls to the endpoint of its
DynamoDB client, so a test setup that serves DynamoDB alone cannot run them.
`one_endpoint()` starts fakedynamo's HTTP server, moto's threaded server and,
in front of both, a small forwarding proxy that sends each request on by its
``X-Amz-Target`` header (DynamoDB's JSON protocol names ``DynamoDB_20120810.*``
or ``DynamoDBStreams_20120810.*``; S3's REST and KMS's ``TrentService.*`` go
to moto). Both servers run over real sockets, so what the real pydynox's Rust
client sends and reads is exactly what it would send to and read from AWS.

Run it in a process of its own (``python -m tests.pydynox.one_endpoint``
prints the URL, then serves until its stdin closes): the real pydynox 1.8's
``sync_table_exists`` waits for its answer holding the GIL, so a server on a
thread of the client's process could never answer it.
"""

from __future__ import annotations

import contextlib
import http.client
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from fakedynamo import ServedDynamoDB, serve_dynamodb

DYNAMODB_TARGETS = ("DynamoDB_", "DynamoDBStreams_")
# Headers about one hop's connection, not the request: the proxy frames its own.
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect"}
)


@dataclass
class Endpoint:
    """What a test session needs: the shared URL, and the fakedynamo behind it for inspection."""

    url: str
    dynamodb: ServedDynamoDB


class _Proxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, dynamodb_url: str, other_url: str) -> None:
        super().__init__(("127.0.0.1", 0), _Forward)
        self.dynamodb = urlsplit(dynamodb_url).netloc
        self.other = urlsplit(other_url).netloc

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Forward(BaseHTTPRequestHandler):
    """One client connection; it keeps one upstream connection per server, as the client keeps its own alive."""

    server: _Proxy
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self._upstreams: dict[str, http.client.HTTPConnection] = {}

    def finish(self) -> None:
        for connection in self._upstreams.values():
            connection.close()
        super().finish()

    def _forward(self) -> None:
        body = self._body()
        target = self.headers.get("X-Amz-Target", "")
        upstream = self.server.dynamodb if target.startswith(DYNAMODB_TARGETS) else self.server.other
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length"}
        headers["Content-Length"] = str(len(body))
        response, payload = self._exchange(upstream, headers, body)
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() in _HOP_BY_HOP or (name.lower() == "content-length" and self.command != "HEAD"):
                continue
            self.send_header(name, value)
        if self.command != "HEAD":  # a HEAD answer keeps the length of the body it does not carry
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _forward

    def _exchange(
        self, upstream: str, headers: dict[str, str], body: bytes
    ) -> tuple[http.client.HTTPResponse, bytes]:
        for attempt in (1, 2):  # a kept-alive upstream connection may have been closed meanwhile: redial once
            connection = self._upstreams.get(upstream) or http.client.HTTPConnection(upstream, timeout=120)
            self._upstreams[upstream] = connection
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                return response, response.read()
            except (ConnectionError, http.client.BadStatusLine):
                connection.close()
                del self._upstreams[upstream]
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: a line per request would only bury the test output


@contextlib.contextmanager
def one_endpoint() -> Iterator[Endpoint]:
    """fakedynamo and moto's S3/KMS behind one URL on 127.0.0.1, for the length of the block."""
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    try:
        with serve_dynamodb() as dynamodb:
            proxy = _Proxy(dynamodb.endpoint_url, f"http://{host}:{port}")
            thread = threading.Thread(target=proxy.serve_forever, name="one-endpoint", daemon=True)
            thread.start()
            try:
                yield Endpoint(proxy.url, dynamodb)
            finally:
                proxy.shutdown()
                proxy.server_close()
                thread.join()
    finally:
        moto.stop()


def main() -> None:
    with one_endpoint() as endpoint:
        print(endpoint.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin, or exits


if __name__ == "__main__":
    main()
