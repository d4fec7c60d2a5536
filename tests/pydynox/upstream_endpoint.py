"""One local HTTP endpoint for DynamoDB, S3 and KMS, as LocalStack gives pydynox 1.8's integration suite.

Upstream's suite passes one ``endpoint_url`` to every client it makes, whatever
the service. Here that endpoint is a small front on 127.0.0.1 that forwards
each request as it came: DynamoDB ones (``X-Amz-Target: DynamoDB_...``) to
fakedynamo served over a socket (`serve_dynamodb`), the rest (S3, KMS) to
moto's server. Clients pointed anywhere else really fail to connect.
"""

from __future__ import annotations

import contextlib
import http.client
import threading
from collections.abc import Iterator
from typing import Any
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from fakedynamo import ServedDynamoDB, serve_dynamodb

# Hop-by-hop framing the front redoes itself, so it is not copied from one side to the other.
_FRAMING = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


class _Front(BaseHTTPRequestHandler):
    server: _FrontServer
    protocol_version = "HTTP/1.1"  # keep-alive, as SDK connection pools expect
    # Headers and body go out in separate writes: without TCP_NODELAY the body waits for a delayed ACK (~40 ms).
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self._backends: dict[tuple[str, int], http.client.HTTPConnection] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass  # quiet: pytest's output is the log

    def _forward(self) -> None:
        body = self._body()
        dynamodb = self.headers.get("X-Amz-Target", "").startswith("DynamoDB")  # DynamoDB_20120810.PutItem
        backend = self.server.dynamodb if dynamodb else self.server.others
        headers = {name: value for name, value in self.headers.items() if name.lower() not in _FRAMING}
        if body or self.command in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        answer, payload = self._ask(backend, body, headers)
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in _FRAMING:
                self.send_header(name, value)
        # A HEAD answer announces the length of the body it does not carry.
        length = answer.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length or str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _ask(self, backend: tuple[str, int], body: bytes, headers: dict[str, str]) -> tuple[Any, bytes]:
        """The backend's answer and body, on a connection kept for this client's connection."""
        try:
            return self._exchange(backend, body, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            self._backends.pop(backend).close()  # the backend closed it while idle: once more, on a new one
            return self._exchange(backend, body, headers)

    def _exchange(self, backend: tuple[str, int], body: bytes, headers: dict[str, str]) -> tuple[Any, bytes]:
        connection = self._backends.get(backend)
        if connection is None:
            connection = self._backends[backend] = http.client.HTTPConnection(*backend, timeout=120)
        connection.request(self.command, self.path, body, headers)
        answer = connection.getresponse()
        return answer, answer.read()

    def finish(self) -> None:
        super().finish()
        for connection in self._backends.values():
            connection.close()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after the chunk
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815 - http.server's names


class _FrontServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, dynamodb: tuple[str, int], others: tuple[str, int]) -> None:
        super().__init__(("127.0.0.1", 0), _Front)
        self.dynamodb = dynamodb
        self.others = others


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


@contextlib.contextmanager
def local_aws() -> Iterator[tuple[str, ServedDynamoDB]]:
    """Serve DynamoDB (fakedynamo), S3 and KMS (moto) behind one endpoint; yield (its URL, the fakedynamo server)."""
    from moto.server import ThreadedMotoServer  # moto[server]: S3 and KMS over HTTP

    moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    try:
        with serve_dynamodb() as dynamodb:
            front = _FrontServer(_address(dynamodb.endpoint_url), moto_server.get_host_and_port())
            thread = threading.Thread(target=front.serve_forever, args=(0.05,), name="local-aws-front", daemon=True)
            thread.start()
            try:
                yield f"http://127.0.0.1:{front.server_address[1]}", dynamodb
            finally:
                front.shutdown()
                front.server_close()
                thread.join()
    finally:
        moto_server.stop()
