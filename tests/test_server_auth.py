"""The HTTP server's authentication modes, CORS and the answers to methods other than POST.

DynamoDB's answers (codes, messages, headers) as dynalite's test/connection.js
pinned them against DynamoDB.
"""

from __future__ import annotations

import http.client
import json
import zlib
from typing import Any, Iterator

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from fakedynamo.engine import Engine
from fakedynamo.wire.http import running_server

LIST_TABLES = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"}


def send(server: Any, method: str = "POST", body: bytes = b"", headers: dict[str, str] | None = None, path: str = "/") -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture
def server() -> Iterator[Any]:
    with running_server(Engine(seed=1)) as running:
        yield running


@pytest.fixture
def strict() -> Iterator[Any]:
    with running_server(Engine(seed=1), auth_mode="aws") as running:
        yield running


@pytest.fixture
def verifying() -> Iterator[Any]:
    with running_server(Engine(seed=1), auth_mode="verify", credentials={"AKIDGOOD": "secret"}) as running:
        yield running


def client(server: Any, key: str = "AKIDGOOD", secret: str = "secret") -> Any:
    return boto3.client(
        "dynamodb",
        endpoint_url=server.endpoint,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": 1}),
    )


def error_body(payload: bytes) -> dict[str, Any]:
    return json.loads(payload)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS"])
def test_other_methods_are_unknown_operations(server: Any, method: str) -> None:
    status, headers, body = send(server, method)
    assert (status, body) == (404, b"<UnknownOperationException/>\n")
    assert headers["x-amz-crc32"] == "3552371480" and headers["content-length"] == "29"
    assert len(headers["x-amzn-requestid"]) == 52


def test_get_is_still_the_health_line(server: Any) -> None:
    status, _, body = send(server, "GET")
    assert status == 200 and body.startswith(b"healthy: dynamodb.")


def test_cors_preflight(server: Any) -> None:
    status, headers, body = send(
        server,
        "OPTIONS",
        headers={"Origin": "http://app.example", "Access-Control-Request-Headers": "a, b, c", "Access-Control-Request-Method": "d"},
    )
    assert (status, body) == (200, b"")
    assert headers["access-control-allow-origin"] == "*"
    assert headers["access-control-allow-headers"] == "a, b, c"
    assert headers["access-control-allow-methods"] == "d"
    assert headers["access-control-max-age"] == "172800"
    assert headers["content-length"] == "0"


def test_cors_on_answers(server: Any) -> None:
    status, headers, body = send(server, body=b"{}", headers={**LIST_TABLES, "Origin": "http://app.example"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    status, headers, body = send(server, headers={"Origin": "x"})
    assert error_body(body) == {"__type": "com.amazon.coral.service#UnknownOperationException"}
    assert headers["access-control-allow-origin"] == "*"


def test_admin_api_grants_no_cors(server: Any) -> None:
    status, headers, _ = send(server, "OPTIONS", path="/_fakedynamo/tables", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in headers


def test_open_mode_serves_unsigned_requests(server: Any) -> None:
    status, _, body = send(server, body=b"{}", headers=LIST_TABLES)
    assert (status, json.loads(body)) == (200, {"TableNames": []})


def test_open_mode_serves_a_partial_authorization_header(server: Any) -> None:
    status, _, body = send(server, body=b"{}", headers={**LIST_TABLES, "Authorization": "AWS4-"})
    assert status == 200


def test_aws_mode_refuses_a_malformed_sigv4_header(strict: Any) -> None:
    status, headers, body = send(strict, body=b"{}", headers={**LIST_TABLES, "Authorization": "AWS4-"})
    assert status == 400
    assert error_body(body) == {
        "__type": "com.amazon.coral.service#IncompleteSignatureException",
        "message": "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
        "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence "
        "of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-",
    }


@pytest.mark.parametrize("authorization", [None, "AWS4"])
def test_aws_mode_requires_authentication(strict: Any, authorization: str | None) -> None:
    headers = dict(LIST_TABLES)
    if authorization is not None:
        headers["Authorization"] = authorization
    status, response_headers, body = send(strict, body=b"{}", headers=headers)
    assert status == 400
    assert error_body(body) == {
        "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
        "message": "Request is missing Authentication Token",
    }
    assert response_headers["x-amz-crc32"] == str(zlib.crc32(body))


def test_aws_mode_checks_the_target_first(strict: Any) -> None:
    status, _, body = send(strict, body=b"{}", headers={"Content-Type": "application/x-amz-json-1.0"})
    assert error_body(body) == {"__type": "com.amazon.coral.service#UnknownOperationException"}


def test_aws_mode_serves_sdk_requests(strict: Any) -> None:
    assert client(strict, "anything", "at-all").list_tables()["TableNames"] == []


def test_verify_mode_accepts_a_good_signature(verifying: Any) -> None:
    dynamodb = client(verifying)
    dynamodb.create_table(
        TableName="signed",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName="signed", Item={"pk": {"S": "ünïcode"}})
    assert dynamodb.list_tables()["TableNames"] == ["signed"]


def test_verify_mode_refuses_unknown_keys_and_bad_signatures(verifying: Any) -> None:
    with pytest.raises(ClientError) as caught:
        client(verifying, key="AKIDOTHER").list_tables()
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("UnrecognizedClientException", "The security token included in the request is invalid.")
    with pytest.raises(ClientError) as caught:
        client(verifying, secret="wrong").list_tables()
    error = caught.value.response["Error"]
    assert error["Code"] == "InvalidSignatureException"
    assert error["Message"].startswith("The request signature we calculated does not match the signature you provided.")
    status, _, body = send(verifying, body=b"{}", headers=LIST_TABLES)
    assert error_body(body)["__type"].endswith("#MissingAuthenticationTokenException")


def test_verify_mode_needs_credentials() -> None:
    with pytest.raises(ValueError):
        with running_server(Engine(), auth_mode="verify"):
            pass
