"""The HTTP adapter: DynamoDB's endpoint over a real socket, for any SDK or the AWS CLI.

Every POST carries one operation, named by its ``X-Amz-Target`` header, and is
answered by `protocol.handle` exactly as the botocore hook answers it. The
region comes from the SigV4 credential scope of the ``Authorization`` header;
unsigned requests go to the server's default region. Authentication follows
the server's `auth` mode (fakedynamo.wire.auth): by default any credentials,
or none, are accepted; ``aws`` requires them as DynamoDB does, ``verify``
checks SigV4 signatures against the configured keys.

The other methods answer as DynamoDB's endpoint does (dynalite's
test/connection.js): GET a health line, PUT and DELETE (and OPTIONS without
an Origin) 404 ``<UnknownOperationException/>``; OPTIONS with an Origin is a
CORS preflight, allowed for any origin, and every answer to a request with an
Origin allows it, so browser SDKs work. The admin API under /_fakedynamo
grants no CORS.

The server is meant for a developer's machine or a team's test network, so a
misbehaving client must not hurt it: request bodies are framed strictly
(RFC 9112) and capped, every connection has an idle and a per-request time
limit, and the number of connections served at once is bounded.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import socket
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.errors import DynamoDBError
from fakedynamo.wire import admin, auth
from fakedynamo.wire.protocol import UNKNOWN_OPERATION_XML, handle
from fakedynamo.wire.requestlog import RequestLog

logger = logging.getLogger("fakedynamo")

# SigV4's credential scope names the region: Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/")
# The form of every AWS region: botocore's partitions.json gives each partition's
# regionRegex (us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1, eusc-de-east-1);
# this is their union, widened (inferred) to the regions and partitions AWS may add.
_REGION_FORM = re.compile(r"[a-z]{2,4}(?:-[a-z]+){1,3}-[0-9]{1,2}")
# Not AWS regions, but what DynamoDB Local setups conventionally sign with: served as
# ordinary regions, so that a project moving from DynamoDB Local keeps working.
_LOCAL_REGIONS = frozenset({"localhost", "local", "ddblocal"})
# DynamoDB refuses request bodies over 16 MB; so do we, before reading them.
MAX_BODY = 16 * 1024 * 1024
# How long a keep-alive connection may sit idle, and how long one request may take to arrive.
IDLE_TIMEOUT = 60.0
# Connections served at once (one thread each); a team's SDK pools need a few hundred.
MAX_CONNECTIONS = 1024

# A chunk-size line (RFC 9112 7.1): hex digits, optional chunk extensions, CRLF.
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r\n")
_MAX_TRAILERS = 64 * 1024  # bytes of trailer fields read after the last chunk
# After refusing a body, read and drop what the client is still sending for this
# long (and this much), so that it gets to read our answer instead of a reset.
_LINGER_SECONDS = 2.0
_LINGER_BYTES = 2 * MAX_BODY

# What every answer to a request with an Origin carries (dynalite's index.js). Exposing
# the response headers lets browser SDKs read them (inferred: not in the captures).
_CORS_ANSWER = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "x-amzn-RequestId, x-amzn-ErrorType, x-amz-crc32",
}

_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n"
    b"Connection: close\r\n\r\nToo many connections\n"
)


class _Unreadable(Exception):
    """A request body that cannot be read: answer `status` and close, or just close for None."""

    def __init__(self, status: int | None = None, text: str = "") -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class _Gone(_Unreadable):
    """The client closed the connection before its body was complete: nothing to answer."""


class _DeadlineReader(io.RawIOBase):
    """The socket's bytes until the handler's deadline.

    The socket timeout bounds each wait for data; the deadline bounds a whole
    request, so a client that trickles a byte at a time (slowloris) is dropped too.
    """

    def __init__(self, connection: socket.socket, handler: DynamoDBHandler) -> None:
        self._connection = connection
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if time.monotonic() > self._handler.deadline:
            raise TimeoutError("the request took too long to arrive")
        return self._connection.recv_into(buffer)


class DynamoDBHandler(BaseHTTPRequestHandler):
    """One connection: POST requests carry DynamoDB operations; GET answers a health check."""

    server: DynamoDBServer
    protocol_version = "HTTP/1.1"  # keep-alive, as SDK connection pools expect
    # Headers and body go out in two writes; without TCP_NODELAY the second
    # waits for the client's delayed ACK, some 40 ms per request.
    disable_nagle_algorithm = True
    server_version = "fakedynamo"
    sys_version = ""
    deadline = 0.0  # monotonic time by which the request being read must have arrived

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # every read and write on the socket
        super().setup()
        self.rfile.close()  # the plain socket file setup() made; the socket stays open
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))

    def handle_one_request(self) -> None:
        # The wait for the request line, then (parse_request) headers and body, each get the budget.
        self.deadline = time.monotonic() + self.timeout
        super().handle_one_request()

    def parse_request(self) -> bool:
        self.deadline = time.monotonic() + self.timeout
        return super().parse_request()

    def handle_expect_100(self) -> bool:
        # Refuse a body we will not read before the client sends it.
        try:
            self._framing()
        except _Unreadable as refusal:
            self._refuse(refusal)
            return False
        return super().handle_expect_100()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        started = time.perf_counter()
        try:
            body = self._read_body()
        except _Unreadable as refusal:
            self._refuse(refusal)
            return
        if self.path.startswith(admin.PREFIX):
            self._send(*admin.handle(self.server, "POST", self.path, body, self.headers))
            return
        authorization = self.headers.get("Authorization")
        region = region_of(authorization, self.server.default_region)
        engine: Any = self.server.engine
        if region is None:  # no state for a name that is not a region: refuse as DynamoDB does
            engine, region = _BadScope(engine, authorization or ""), self.server.default_region
        observed = self.server.request_log.observe(engine)
        refusal = auth.check(self.server.auth, "POST", self.path, self.headers, body, self.server.credentials)
        status, headers, payload = handle(
            observed,
            self.headers.get("X-Amz-Target"),
            body,
            region,
            content_type=self.headers.get("Content-Type"),
            refusal=refusal,
        )
        if "Origin" in self.headers:
            headers = {**headers, **_CORS_ANSWER}
        if observed.operation is None:  # refused before the engine saw it: name what the client asked for
            observed.operation = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2] or None
        # Recorded before answering, so that a client that reads the log next finds its request there.
        self.server.request_log.record(observed, region, status, started, self.client_address[0], payload)
        self._send(status, headers, payload)

    def do_GET(self) -> None:  # noqa: N802
        try:
            self._read_body()  # a body left unread would be taken for the next request
        except _Unreadable as refusal:
            self._refuse(refusal)
            return
        if self.path.startswith(admin.PREFIX):
            self._send(*admin.handle(self.server, "GET", self.path, b""))
            return
        if self.path == "/" and "text/html" in self.headers.get("Accept", ""):
            # A browser at the endpoint's root: show it the console.
            self._send(302, {"Location": admin.PREFIX + "/", "Content-Length": "0"}, b"")
            return
        # What DynamoDB's own endpoint answers to a GET: a plain-text health line.
        self._send_text(200, f"healthy: dynamodb.{self.server.default_region}.amazonaws.com ")

    def do_OPTIONS(self) -> None:  # noqa: N802
        """A CORS preflight when the request has an Origin; otherwise DynamoDB's 404."""
        body = self._body_or_refuse()
        if body is None:
            return
        if self.path.startswith(admin.PREFIX):
            self._send(*admin.handle(self.server, "OPTIONS", self.path, body, self.headers))
            return
        if "Origin" not in self.headers:
            self._send_unknown_operation()
            return
        headers = {"x-amzn-RequestId": self.server.engine.request_id(), "Access-Control-Allow-Origin": "*"}
        if self.headers.get("Access-Control-Request-Headers"):
            headers["Access-Control-Allow-Headers"] = self.headers["Access-Control-Request-Headers"]
        if self.headers.get("Access-Control-Request-Method"):
            headers["Access-Control-Allow-Methods"] = self.headers["Access-Control-Request-Method"]
        headers["Access-Control-Max-Age"] = "172800"
        self._send(200, headers, b"")

    def do_PUT(self) -> None:  # noqa: N802
        self._other_method("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._other_method("DELETE")

    def _other_method(self, method: str) -> None:
        body = self._body_or_refuse()
        if body is None:
            return
        if self.path.startswith(admin.PREFIX):
            self._send(*admin.handle(self.server, method, self.path, body, self.headers))
            return
        self._send_unknown_operation()

    def _body_or_refuse(self) -> bytes | None:
        try:
            return self._read_body()  # a body left unread would be taken for the next request
        except _Unreadable as refusal:
            self._refuse(refusal)
            return None

    def _send_unknown_operation(self) -> None:
        """What DynamoDB answers a request no protocol claims: 404 and a one-line XML body."""
        headers = {"x-amzn-RequestId": self.server.engine.request_id(), "x-amz-crc32": str(zlib.crc32(UNKNOWN_OPERATION_XML))}
        if "Origin" in self.headers:
            headers.update(_CORS_ANSWER)
        self._send(404, headers, UNKNOWN_OPERATION_XML)

    def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    # -- the request body (RFC 9112 section 6) ---------------------------------------------

    def _framing(self) -> int | None:
        """The body's Content-Length, None for a chunked body; _Unreadable for a request we refuse."""
        headers = self.headers
        codings = headers.get_all("Transfer-Encoding")
        lengths = headers.get_all("Content-Length")
        if codings:
            # Both framings at once is how requests are smuggled past a proxy (RFC 9112 6.1).
            if lengths:
                raise _Unreadable(400, "Both Transfer-Encoding and Content-Length")
            names = [name.strip().lower() for value in codings for name in value.split(",")]
            if names == ["chunked"]:
                return None
            if names[-1] != "chunked":
                raise _Unreadable(400, "Transfer-Encoding must end with chunked")
            raise _Unreadable(501, "Only the chunked transfer coding is supported")
        if not lengths:
            return 0
        if len(lengths) > 1:
            raise _Unreadable(400, "More than one Content-Length")
        raw = lengths[0].strip()
        if not (raw.isascii() and raw.isdigit()):
            raise _Unreadable(400, "Bad Content-Length")
        length = int(raw)
        if length > MAX_BODY:
            raise _Unreadable(413, "Request body too large")
        return length

    def _read_body(self) -> bytes:
        length = self._framing()
        if length is None:
            return self._read_chunked()
        if not length:
            return b""
        body = self.rfile.read(length)
        if len(body) != length:
            raise _Gone()
        return body

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                raise _Gone() if len(line) < 1024 else _Unreadable(400, "Bad chunk size")
            match = _CHUNK_SIZE.fullmatch(line)
            if match is None:
                raise _Unreadable(400, "Bad chunk size")
            size = int(match.group(1), 16)
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                raise _Unreadable(413, "Request body too large")
            chunk = self.rfile.read(size)
            if len(chunk) != size:
                raise _Gone()
            chunks.append(chunk)
            end = self.rfile.read(2)
            if end != b"\r\n":
                raise _Gone() if len(end) < 2 else _Unreadable(400, "Chunk data not followed by CRLF")
        trailers = 0
        while True:  # trailer fields, read and ignored, up to the blank line
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                raise _Gone() if len(line) < 1024 else _Unreadable(400, "Trailer line too long")
            if line == b"\r\n":
                return b"".join(chunks)
            trailers += len(line)
            if trailers > _MAX_TRAILERS:
                raise _Unreadable(400, "Trailers too large")

    def _refuse(self, refusal: _Unreadable) -> None:
        self.close_connection = True  # the rest of the body is still on the wire
        if refusal.status is None:
            return
        self._send_text(refusal.status, refusal.text, close=True)
        self._linger()

    def _linger(self) -> None:
        """Half-close, then drop what the client still sends for a moment, so it reads our answer."""
        connection = self.connection
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_WR)
            drained = 0
            stop = time.monotonic() + _LINGER_SECONDS
            while drained < _LINGER_BYTES:
                left = stop - time.monotonic()
                if left <= 0:
                    break
                connection.settimeout(left)
                data = connection.recv(65536)
                if not data:
                    break
                drained += len(data)

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
            logger.info("%s %s", self.client_address[0], format % args)

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # DynamoDB requests are logged by the request log; log what it does not see.
        if self.server.verbose and not (self.command == "POST" and not self.path.startswith(admin.PREFIX)):
            logger.info("%s %s %s -> %s", self.client_address[0], self.command, self.path, code)


class _BadScope:
    """Stands in for the engine when the credential scope names no valid region.

    `handle` checks content type, JSON and target first, then asks the engine;
    DynamoDB checks the signature at that point too (dynalite's index.js, from
    captures of DynamoDB's answers), so the refusal goes where execution would.
    """

    def __init__(self, engine: Engine, authorization: str) -> None:
        self._engine = engine
        match = _SCOPE_REGION.search(authorization)
        self._region = match.group(1) if match else ""

    def execute(self, operation: str, request: dict[str, Any], region: str) -> dict[str, Any]:
        # DynamoDB's text, trailing space included (dynalite's index.js, aws-sdk issue threads).
        raise DynamoDBError(
            "InvalidSignatureException", f"Credential should be scoped to a valid region, not '{self._region}'. "
        )

    def request_id(self) -> str:
        return self._engine.request_id()


class DynamoDBServer(ThreadingHTTPServer):
    """A threaded HTTP server answering DynamoDB's API from one engine.

    `idle_timeout` (seconds) is how long a connection may wait for a request,
    and how long each request may take to arrive, before it is dropped;
    `max_connections` bounds the connections served at once: one more is
    answered 503 (which SDKs retry) and closed.
    """

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
        idle_timeout: float = IDLE_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
        log_format: str = "text",
        auth_mode: str = auth.OPEN,
        credentials: dict[str, str] | None = None,
    ) -> None:
        if idle_timeout <= 0 or max_connections < 1:
            raise ValueError("idle_timeout and max_connections must be positive")
        if auth_mode not in auth.MODES:
            raise ValueError(f"auth_mode must be one of {', '.join(auth.MODES)}")
        if auth_mode == auth.VERIFY and not credentials:
            raise ValueError("auth_mode 'verify' needs credentials: {access key id: secret access key}")
        self.auth = auth_mode
        self.credentials = dict(credentials or {})
        self.engine = engine
        self.default_region = default_region
        self.verbose = verbose
        self.request_log = RequestLog(verbose, log_format)
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections
        self._slots = threading.BoundedSemaphore(max_connections)
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

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.setblocking(False)  # a fresh socket's send buffer is empty; never wait here
                request.send(_BUSY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that drops or stalls its connection is routine; anything else is a bug of ours,
        # logged with its traceback (on stderr when logging is not configured).
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            if self.verbose:
                logger.info("connection from %s ended: %r", client_address, error)
            return
        logger.error("fakedynamo failed serving %s", client_address, exc_info=True)


def region_of(authorization: str | None, default: str = DEFAULT_REGION) -> str | None:
    """The region named by a SigV4 Authorization header, `default` for an unsigned request.

    None when the credential scope names something that is not a region.
    """
    match = _SCOPE_REGION.search(authorization) if authorization else None
    if match is None:
        return default
    region = match.group(1)
    return region if _REGION_FORM.fullmatch(region) or region in _LOCAL_REGIONS else None


@contextlib.contextmanager
def running_server(
    engine: Engine | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    default_region: str = DEFAULT_REGION,
    idle_timeout: float = IDLE_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    auth_mode: str = auth.OPEN,
    credentials: dict[str, str] | None = None,
) -> Iterator[DynamoDBServer]:
    """Serve `engine` (a new one by default) on a background thread; yield the server.

    ``server.endpoint`` is the URL to pass as endpoint_url; ``server.engine``
    the state behind it. The server stops when the block exits.
    """
    server = DynamoDBServer(
        engine or Engine(),
        host,
        port,
        default_region,
        idle_timeout=idle_timeout,
        max_connections=max_connections,
        auth_mode=auth_mode,
        credentials=credentials,
    )
    # A short poll interval: shutdown() waits for serve_forever to notice it.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fakedynamo-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
