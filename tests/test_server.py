"""Server mode: `python -m fakedynamo serve`, and the HTTP adapter through boto3 and raw HTTP."""

from __future__ import annotations

import http.client
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from fakedynamo import cli
from fakedynamo.engine import Engine
from fakedynamo.wire import http as wire_http
from fakedynamo.wire.http import running_server

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "not-a-secret"}
KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRIBUTES = [{"AttributeName": "pk", "AttributeType": "S"}]
TARGET = "DynamoDB_20120810."
JSON_10 = "application/x-amz-json-1.0"


def client_for(endpoint: str, region: str = "us-east-1") -> Any:
    config = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=5)
    return boto3.client("dynamodb", region_name=region, endpoint_url=endpoint, config=config, **CREDENTIALS)


def create_table(client: Any, name: str) -> dict[str, Any]:
    return client.create_table(
        TableName=name, KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST"
    )["TableDescription"]


@pytest.fixture
def server() -> Iterator[wire_http.DynamoDBServer]:
    with running_server() as running:
        yield running


def post(
    server: wire_http.DynamoDBServer, target: str | None, body: bytes, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        all_headers = {"Content-Type": JSON_10, **(headers or {})}
        if target is not None:
            all_headers["X-Amz-Target"] = target
        connection.request("POST", "/", body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# -- the command line ----------------------------------------------------------------------


class Served:
    """A `fakedynamo serve` child process and the endpoint it printed."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            [*command, "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        line = self._read_line(timeout=20)
        assert line.startswith("fakedynamo listening on http://127.0.0.1:"), line
        self.endpoint = line.rsplit(" ", 1)[1].strip()

    def _read_line(self, timeout: float) -> str:
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.process.kill()
                raise AssertionError("the server printed nothing")
        return self.process.stdout.readline()

    def stop(self, signum: int) -> tuple[int, float, str]:
        started = time.monotonic()
        self.process.send_signal(signum)
        try:
            stdout, stderr = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, time.monotonic() - started, stdout + stderr


def exercise(endpoint: str) -> None:
    east, west = client_for(endpoint, "us-east-1"), client_for(endpoint, "eu-west-1")
    create_table(east, "users")
    east.put_item(TableName="users", Item={"pk": {"S": "u1"}, "name": {"S": "Ada"}})
    assert east.get_item(TableName="users", Key={"pk": {"S": "u1"}})["Item"]["name"] == {"S": "Ada"}
    assert east.list_tables()["TableNames"] == ["users"]
    assert west.list_tables()["TableNames"] == []


@posix_only
def test_serve_answers_boto3_and_stops_on_sigterm() -> None:
    served = Served([sys.executable, "-m", "fakedynamo"])
    exercise(served.endpoint)
    code, took, output = served.stop(signal.SIGTERM)
    assert code == 0, output
    assert took < 3
    assert "fakedynamo stopped" in output
    assert "Traceback" not in output


@posix_only
def test_console_script_stops_on_sigint_with_an_open_connection() -> None:
    script = shutil.which("fakedynamo")
    served = Served([script] if script else [sys.executable, "-m", "fakedynamo"])
    client = client_for(served.endpoint)
    client.list_tables()  # leaves a keep-alive connection open in the client's pool
    code, took, output = served.stop(signal.SIGINT)
    assert code == 0, output
    assert took < 3
    assert "KeyboardInterrupt" not in output


def test_serve_reports_a_port_it_cannot_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_cli_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("fakedynamo ")
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2


# -- the HTTP adapter ------------------------------------------------------------------------


def test_regions_come_from_the_credential_scope(server: wire_http.DynamoDBServer) -> None:
    east = client_for(server.endpoint, "us-east-1")
    west = client_for(server.endpoint, "eu-west-1")
    assert create_table(east, "twin")["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/twin"
    assert west.list_tables()["TableNames"] == []
    assert create_table(west, "twin")["TableArn"] == "arn:aws:dynamodb:eu-west-1:123456789012:table/twin"
    west.put_item(TableName="twin", Item={"pk": {"S": "west"}})
    assert "Item" not in east.get_item(TableName="twin", Key={"pk": {"S": "west"}})
    assert sorted(server.engine.regions) == ["eu-west-1", "us-east-1"]


def test_errors_reach_boto3_as_aws_sends_them(server: wire_http.DynamoDBServer) -> None:
    client = client_for(server.endpoint)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.get_item(TableName="missing", Key={"pk": {"S": "a"}})
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_raw_unsigned_request(server: wire_http.DynamoDBServer) -> None:
    status, headers, body = post(server, TARGET + "ListTables", b"{}")
    assert status == 200
    assert json.loads(body) == {"TableNames": []}
    assert headers["Content-Type"] == "application/x-amz-json-1.0"
    assert headers["x-amz-crc32"] == str(zlib.crc32(body))
    assert headers["x-amzn-RequestId"]
    # Unsigned requests land in the server's default region.
    status, _, body = post(server, TARGET + "CreateTable", json.dumps({
        "TableName": "raw", "KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES,
        "BillingMode": "PAY_PER_REQUEST",
    }).encode())
    assert status == 200, body
    assert json.loads(body)["TableDescription"]["TableArn"].startswith("arn:aws:dynamodb:us-east-1:")


def test_raw_signed_request_uses_the_signed_region(server: wire_http.DynamoDBServer) -> None:
    body = json.dumps({"TableName": "signed", "KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES,
                       "BillingMode": "PAY_PER_REQUEST"})
    request = AWSRequest(method="POST", url=server.endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": TARGET + "CreateTable",
    })
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "dynamodb", "ap-northeast-1").add_auth(request)
    headers = {name: value for name, value in request.headers.items() if name not in ("Content-Type", "X-Amz-Target")}
    status, _, answer = post(server, TARGET + "CreateTable", body.encode(), headers)
    assert status == 200, answer
    assert json.loads(answer)["TableDescription"]["TableArn"] == "arn:aws:dynamodb:ap-northeast-1:123456789012:table/signed"
    assert wire_http.region_of(headers["Authorization"]) == "ap-northeast-1"


def test_malformed_requests_get_dynamodb_errors(server: wire_http.DynamoDBServer) -> None:
    status, _, body = post(server, TARGET + "NoSuchThing", b"{}")
    assert status == 400 and json.loads(body)["__type"].endswith("#UnknownOperationException")
    status, _, body = post(server, None, b"{}")
    assert status == 400 and json.loads(body)["__type"].endswith("#UnknownOperationException")
    status, _, body = post(server, TARGET + "ListTables", b"{not json")
    assert status == 400 and json.loads(body)["__type"].endswith("#SerializationException")


def test_unreadable_bodies_are_refused(server: wire_http.DynamoDBServer, monkeypatch: pytest.MonkeyPatch) -> None:
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as raw:
        raw.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")
    monkeypatch.setattr(wire_http, "MAX_BODY", 10)
    status, headers, _ = post(server, TARGET + "ListTables", b'{"Limit": 100000}')
    assert status == 413 and headers["Connection"] == "close"


def test_chunked_body(server: wire_http.DynamoDBServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request(
        "POST", "/", body=iter([b'{"Li', b'mit": 5}']),
        headers={"X-Amz-Target": TARGET + "ListTables", "Transfer-Encoding": "chunked", "Content-Type": JSON_10},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert (response.status, json.loads(response.read())) == (200, {"TableNames": []})
    connection.close()


def test_keep_alive_and_health_check(server: wire_http.DynamoDBServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    for _ in range(3):  # one connection, several requests
        connection.request("POST", "/", body=b"{}", headers={"X-Amz-Target": TARGET + "ListTables", "Content-Type": JSON_10})
        response = connection.getresponse()
        assert response.status == 200
        response.read()
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200 and response.read().startswith(b"healthy: dynamodb.us-east-1")
    connection.close()


def test_concurrent_clients(server: wire_http.DynamoDBServer) -> None:
    client = client_for(server.endpoint)
    create_table(client, "busy")

    def write(index: int) -> None:
        client.put_item(TableName="busy", Item={"pk": {"S": f"k{index}"}})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(64)))
    assert len(server.engine.region("us-east-1").tables["busy"]) == 64


def test_ipv6_loopback() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        running = running_server(Engine(), host="::1")
        server = running.__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback")
    try:
        assert server.endpoint.startswith("http://[::1]:")
        assert client_for(server.endpoint).list_tables()["TableNames"] == []
    finally:
        running.__exit__(None, None, None)


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli(server: wire_http.DynamoDBServer) -> None:
    create_table(client_for(server.endpoint, "eu-north-1"), "from-boto3")
    environment = {
        **os.environ, "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
    }
    result = subprocess.run(
        ["aws", "dynamodb", "list-tables", "--endpoint-url", server.endpoint, "--region", "eu-north-1", "--output", "json"],
        capture_output=True, text=True, env=environment, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["TableNames"] == ["from-boto3"]
