"""The HTTP server against misbehaving clients (issue 10): every answer over a real socket on 127.0.0.1.

Body framing follows RFC 9112 (sections 6 and 7); DynamoDB's own answers
(413 for a body over 16 MB, InvalidSignatureException for a credential scope
that names no region) come from dynalite's test/connection.js and index.js.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
import time
from typing import Any, Iterator

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from fakedynamo import cli, mock_dynamodb
from fakedynamo.engine import Engine
from fakedynamo.wire import http as wire_http
from fakedynamo.wire.http import DynamoDBServer, running_server

TARGET = "DynamoDB_20120810."
LIST_TABLES = (
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
    b"X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
)


@pytest.fixture
def server() -> Iterator[DynamoDBServer]:
    with running_server(Engine(seed=1)) as running:
        yield running


def connect(server: DynamoDBServer, timeout: float = 5) -> socket.socket:
    return socket.create_connection(server.server_address[:2], timeout=timeout)


def answer(raw: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """The next response on `raw`: status, headers (lower-case names), body."""
    response = http.client.HTTPResponse(raw)
    response.begin()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def closed(raw: socket.socket, within: float = 5) -> bool:
    """Whether the server closes `raw` (after any answer it sends) within `within` seconds."""
    raw.settimeout(within)
    try:
        while raw.recv(65536):
            pass
    except ConnectionResetError:
        pass
    except TimeoutError:
        return False
    return True


def exchange(server: DynamoDBServer, data: bytes) -> tuple[int, dict[str, str], bytes, bool]:
    """Send raw bytes on a new connection: the answer, and whether the server then closed it."""
    with connect(server) as raw:
        raw.sendall(data)
        status, headers, body = answer(raw)
        return status, headers, body, closed(raw)


def chunked(*lines: bytes) -> bytes:
    return LIST_TABLES + b"Transfer-Encoding: chunked\r\n\r\n" + b"".join(lines)


# -- chunked bodies --------------------------------------------------------------------------


def test_a_well_formed_chunked_body_with_extensions_and_trailers(server: DynamoDBServer) -> None:
    status, _, body, _ = exchange(
        server, chunked(b"5;name=value\r\n", b'{"Lim\r\n', b"7\r\n", b'it": 5}\r\n', b"0\r\n", b"X-Trailer: 1\r\n", b"\r\n")
    )
    assert (status, json.loads(body)) == (200, {"TableNames": []})


@pytest.mark.parametrize(
    "size",
    [b"-1", b"-2", b"0x2", b"+2", b" ", b"2 2", b"g", b"2\n"],
    ids=["minus-one", "minus-two", "0x", "plus", "blank", "two-numbers", "not-hex", "bare-lf"],
)
def test_a_malformed_chunk_size_is_a_400_and_the_connection_closes(server: DynamoDBServer, size: bytes) -> None:
    line = size if size.endswith(b"\n") else size + b"\r\n"
    status, headers, _, was_closed = exchange(server, chunked(line, b"{}\r\n", b"0\r\n\r\n"))
    assert status == 400 and headers["connection"] == "close" and was_closed


def test_chunk_data_must_end_with_crlf(server: DynamoDBServer) -> None:
    status, _, _, was_closed = exchange(server, chunked(b"2\r\n", b"{}XX", b"0\r\n\r\n"))
    assert status == 400 and was_closed


def test_chunks_over_the_cap_are_answered_413(server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire_http, "MAX_BODY", 1000)
    with connect(server) as raw:
        raw.sendall(chunked())
        for _ in range(4):  # 2,400 bytes: the client is still sending when the cap is passed
            raw.sendall(b"258\r\n" + b" " * 600 + b"\r\n")
        status, headers, _ = answer(raw)
        assert (status, headers["connection"]) == (413, "close")
        assert closed(raw)


def test_endless_chunks_are_cut_at_the_cap_and_answered(server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire_http, "MAX_BODY", 100_000)
    with connect(server) as raw:
        raw.sendall(chunked())
        sent = 0
        try:  # like the fuzzer's -1: keep sending; the server stops reading near the cap
            while sent < 3_000_000:
                raw.sendall(b"ffff\r\n" + b" " * 0xFFFF + b"\r\n")
                sent += 0xFFFF
        except OSError:
            pass
        assert answer(raw)[0] == 413


# -- Content-Length, Transfer-Encoding and request smuggling ---------------------------------


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: 2\r\nContent-Length: 2\r\n",
        b"Content-Length: 2\r\nContent-Length: 3\r\n",
        b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
        b"Transfer-Encoding: chunked\r\nContent-Length: 2\r\n",
        b"Content-Length: 2, 2\r\n",
        b"Content-Length: +2\r\n",
        b"Content-Length: 0x2\r\n",
        b"Transfer-Encoding: gzip\r\n",
        b"Transfer-Encoding: chunked, gzip\r\n",
    ],
)
def test_ambiguous_framing_is_a_400_and_the_connection_closes(server: DynamoDBServer, framing: bytes) -> None:
    status, headers, _, was_closed = exchange(server, LIST_TABLES + framing + b"\r\n{}")
    assert status == 400 and headers["connection"] == "close" and was_closed


def test_a_transfer_coding_before_chunked_is_not_implemented(server: DynamoDBServer) -> None:
    status, _, _, was_closed = exchange(server, LIST_TABLES + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
    assert status == 501 and was_closed


def test_an_oversized_body_is_answered_413_not_cut_off(server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire_http, "MAX_BODY", 1000)
    with connect(server) as raw:
        raw.sendall(LIST_TABLES + b"Content-Length: 8000000\r\n\r\n")
        raw.sendall(b" " * 8_000_000)  # more than socket buffers hold: sent while the server drains it
        status, headers, _ = answer(raw)
        assert (status, headers["connection"]) == (413, "close")


def test_an_oversized_body_is_refused_before_100_continue(server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire_http, "MAX_BODY", 1000)
    with connect(server) as raw:
        raw.sendall(LIST_TABLES + b"Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n")
        assert answer(raw)[0] == 413


def test_a_get_with_a_body_does_not_smuggle_a_request(server: DynamoDBServer) -> None:
    smuggled = LIST_TABLES + b"Content-Length: 2\r\n\r\n{}"
    with connect(server) as raw:
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(smuggled) + smuggled)
        status, _, body = answer(raw)
        assert status == 200 and body.startswith(b"healthy")
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # the next request is the next one sent
        status, _, body = answer(raw)
        assert status == 200 and body.startswith(b"healthy")


def test_other_methods_with_a_body_are_answered_404_and_the_body_is_not_a_request(server: DynamoDBServer) -> None:
    smuggled = LIST_TABLES + b"Content-Length: 2\r\n\r\n{}"
    with connect(server) as raw:
        raw.sendall(b"PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(smuggled) + smuggled)
        status, _, body = answer(raw)
        assert (status, body) == (404, b"<UnknownOperationException/>\n")
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer(raw)[0] == 200


# -- misbehaving clients print no tracebacks -------------------------------------------------


def test_misbehaving_clients_leave_no_traceback(server: DynamoDBServer, capfd: pytest.CaptureFixture[str]) -> None:
    assert exchange(server, b"POST /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")[0] == 414
    assert exchange(server, LIST_TABLES + b"X-Long: " + b"a" * 70_000 + b"\r\n\r\n")[0] == 431
    assert exchange(server, LIST_TABLES + b"X-Many: 1\r\n" * 101 + b"\r\n")[0] == 431
    with connect(server) as raw:  # gone in the middle of a body
        raw.sendall(LIST_TABLES + b"Content-Length: 100\r\n\r\n{")
    with connect(server) as raw:  # gone in the middle of a chunk
        raw.sendall(chunked(b"10\r\n{"))
    with connect(server) as raw:  # reset in the middle of a body
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        raw.sendall(LIST_TABLES + b"Content-Length: 100\r\n\r\n{")
    time.sleep(0.3)  # let the server's threads finish with them
    assert server.engine.regions == {}
    assert "Traceback" not in capfd.readouterr().err


def test_a_bug_of_ours_is_logged_with_its_traceback(
    server: DynamoDBServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(wire_http, "region_of", broken)
    with caplog.at_level(logging.ERROR, logger="fakedynamo"), connect(server) as raw:
        raw.sendall(LIST_TABLES + b"Content-Length: 2\r\n\r\n{}")
        assert closed(raw)
    deadline = time.monotonic() + 5
    while not caplog.records and time.monotonic() < deadline:
        time.sleep(0.02)
    [record] = caplog.records
    assert record.exc_info and isinstance(record.exc_info[1], RuntimeError)


# -- timeouts and the connection bound -------------------------------------------------------


def test_stalled_connections_are_dropped_and_their_threads_freed() -> None:
    before = threading.active_count()
    with running_server(idle_timeout=0.5) as server:
        stalled = [connect(server) for _ in range(20)]
        for index, raw in enumerate(stalled):
            if index % 2:  # half send part of a request, then stall
                raw.sendall(LIST_TABLES + b"Content-Length: 10\r\n\r\n{")
        try:
            assert all(closed(raw, within=10) for raw in stalled)
        finally:
            for raw in stalled:
                raw.close()
        deadline = time.monotonic() + 10
        while threading.active_count() > before + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert threading.active_count() <= before + 1  # the server's own thread


def test_a_slowloris_client_is_dropped() -> None:
    with running_server(idle_timeout=0.5) as server, connect(server) as raw:
        started = time.monotonic()
        try:  # a byte every 0.1 s: never idle for the timeout, never done
            for byte in (LIST_TABLES * 100)[:200]:
                raw.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:
            pass
        assert closed(raw, within=10)
        assert time.monotonic() - started < 15


def test_a_keep_alive_connection_serves_requests_until_idle(server: DynamoDBServer) -> None:
    with running_server(idle_timeout=0.5) as server, connect(server) as raw:
        for _ in range(3):  # pauses shorter than the timeout keep it open
            raw.sendall(LIST_TABLES + b"Content-Length: 2\r\n\r\n{}")
            assert answer(raw)[0] == 200
            time.sleep(0.2)
        assert closed(raw, within=10)


def test_connections_over_the_bound_are_answered_503() -> None:
    with running_server(idle_timeout=5, max_connections=3) as server:
        held = [connect(server) for _ in range(3)]
        try:
            for raw in held:  # each is being served once it answers
                raw.sendall(LIST_TABLES + b"Content-Length: 2\r\n\r\n{}")
                assert answer(raw)[0] == 200
            with connect(server) as extra:
                assert answer(extra)[0] == 503
        finally:
            held.pop().close()
        deadline = time.monotonic() + 5
        while True:  # a freed slot serves the next connection
            with connect(server) as raw:
                raw.sendall(LIST_TABLES + b"Content-Length: 2\r\n\r\n{}")
                status = answer(raw)[0]
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert status == 200
        for raw in held:
            raw.close()


def test_an_sdk_pool_larger_than_the_requests_in_flight_works() -> None:
    with running_server(max_connections=64) as server:
        config = Config(max_pool_connections=20, retries={"total_max_attempts": 1})
        client = boto3.client(
            "dynamodb", region_name="us-east-1", endpoint_url=server.endpoint, config=config,
            aws_access_key_id="AKID", aws_secret_access_key="secret",
        )
        threads = [threading.Thread(target=client.list_tables) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert client.list_tables()["TableNames"] == []


def test_server_options_must_be_positive() -> None:
    with pytest.raises(ValueError):
        DynamoDBServer(Engine(), port=0, idle_timeout=0)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--max-connections", "0"])


# -- regions from the credential scope -------------------------------------------------------


def signed_post(server: DynamoDBServer, region: str, operation: str, request: dict[str, Any]) -> tuple[int, Any]:
    body = json.dumps(request)
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": TARGET + operation}
    signed = AWSRequest(method="POST", url=server.endpoint + "/", data=body, headers=headers)
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "dynamodb", region).add_auth(signed)
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=5)
    try:
        connection.request("POST", "/", body=body.encode(), headers=dict(signed.headers.items()))
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("region", ["us-east-1<script>", "locals", "aws-global", "US-EAST-1", "us-east-1-", "x" * 200])
def test_a_scope_that_names_no_region_is_refused_and_stores_nothing(server: DynamoDBServer, region: str) -> None:
    status, body = signed_post(server, region, "ListTables", {})
    assert status == 400
    assert body == {
        "__type": "com.amazon.coral.service#InvalidSignatureException",
        "message": f"Credential should be scoped to a valid region, not '{region}'. ",
    }
    assert server.engine.regions == {}


# The last three are DynamoDB Local's conventions, kept for projects that move from it.
@pytest.mark.parametrize(
    "region",
    ["ap-southeast-7", "us-gov-west-1", "cn-north-1", "eu-isoe-west-1", "eusc-de-east-1", "localhost", "local", "ddblocal"],
)
def test_every_region_form_is_served_and_reads_store_nothing(server: DynamoDBServer, region: str) -> None:
    assert signed_post(server, region, "ListTables", {}) == (200, {"TableNames": []})
    assert signed_post(server, region, "DescribeTable", {"TableName": "tbl"})[0] == 400
    assert server.engine.regions == {}
    status, body = signed_post(server, region, "CreateTable", {
        "TableName": "tbl", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST",
    })
    assert status == 200 and body["TableDescription"]["TableArn"].startswith(f"arn:aws:dynamodb:{region}:")
    assert list(server.engine.regions) == [region]


def test_reads_of_many_regions_leave_no_state_behind() -> None:
    engine = Engine()
    for index in range(200):
        engine.execute("ListTables", {}, f"xx-test-{index}")
        with pytest.raises(Exception):
            engine.execute("GetItem", {"TableName": "t", "Key": {"pk": {"S": "a"}}}, f"xx-test-{index}")
    assert engine.regions == {}


def test_mock_users_keep_any_region_they_name() -> None:
    with mock_dynamodb() as db:
        client = boto3.client("dynamodb", region_name="ap-southeast-7", aws_access_key_id="a", aws_secret_access_key="b")
        assert client.list_tables()["TableNames"] == []
        client.create_table(
            TableName="tbl", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )
        assert db.regions() == ["ap-southeast-7"] and db.table_names("ap-southeast-7") == ["tbl"]


# -- the command line ------------------------------------------------------------------------


class _Bound:
    endpoint = "http://example"

    def __init__(self, host: str) -> None:
        self.server_address = (host, 8000)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"])
def test_listening_beyond_loopback_warns(host: str) -> None:
    warning = cli.exposure_warning(_Bound(host))  # type: ignore[arg-type]
    assert warning and "WARNING" in warning and "no access control" in warning


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1"])
def test_loopback_does_not_warn(host: str) -> None:
    assert cli.exposure_warning(_Bound(host)) is None  # type: ignore[arg-type]
