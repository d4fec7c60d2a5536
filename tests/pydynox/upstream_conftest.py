"""The fixtures pydynox 1.8's integration suite gets in place of its LocalStack conftest.

`run_upstream_integration` writes a conftest that imports everything here. The
fixtures are upstream's (``localstack_endpoint``, ``dynamodb_endpoint``,
``table``, ``dynamo``, ``s3_bucket``, ``kms_key_id``, ...), answered in one of
two modes, named by ``PYDYNOX18_SUITE_MODE``:

- ``http`` (the default): as upstream runs, over sockets. One local endpoint
  (`tests.pydynox.one_endpoint`, in a process of its own as LocalStack is)
  serves DynamoDB (fakedynamo) and S3/KMS (moto's server), and the endpoint
  fixtures name it; a client pointed elsewhere really fails to connect.
  Requests to any non-local host are refused, so nothing reaches AWS.
- ``inprocess``: fakedynamo's `mock_dynamodb()` and moto's `mock_aws()` answer
  in-process and the endpoint fixtures are None. Faster, but the mock answers
  every DynamoDB client whatever its endpoint, so the tests of connection
  failures cannot pass. The modules in `SERVED_MODULES` get the same fakedynamo
  served over HTTP instead (their endpoint fixtures are module-scoped).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

# What the written conftest imports with ``*``: the hook and every fixture, the private ones too.
__all__ = [
    "pytest_report_header",
    "localstack_endpoint",
    "dynamodb_endpoint",
    "_fakes",
    "_session_client",
    "_create_table",
    "table",
    "dynamo",
    "s3_bucket",
    "kms_key_id",
]

MODES = ("http", "inprocess")
MODE = os.environ.get("PYDYNOX18_SUITE_MODE", "http")
if MODE not in MODES:
    raise RuntimeError(f"PYDYNOX18_SUITE_MODE must be one of {MODES}, not {MODE!r}")

# Clients that name no credentials or region find these (as under LocalStack's usual setup),
# instead of searching config files and the instance metadata service.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_EC2_METADATA_DISABLED="true",
)

from pydynox import DynamoDBClient  # noqa: E402

_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# moto's in-process stub runs for every botocore request (all before-send handlers
# are called): told to pass DynamoDB through, it leaves those to fakedynamo.
_MOTO_CONFIG: Any = {
    "core": {
        "mock_credentials": True,
        "passthrough": {"urls": [], "services": ["dynamodb", "dynamodbstreams"]},
        "reset_boto3_session": True,
        "service_whitelist": None,
    }
}


class RemoteRequestRefused(RuntimeError):
    """The suite tried to reach a host other than this machine."""


def _refuse_remote(request: Any, **_: Any) -> None:
    host = urlsplit(request.url).hostname or ""
    if host not in _LOCAL_HOSTS:
        raise RemoteRequestRefused(f"the upstream suite tried to reach {request.url}: only local endpoints are served")


# In-process mode: modules whose tests reach DynamoDB from child processes or through an HTTP
# proxy of their own need a real endpoint, so they get the session's fakedynamo served over HTTP.
SERVED_MODULES = frozenset({"test_distributed_lock.py"})


@dataclass(frozen=True)
class Fakes:
    """What answers this session: the one endpoint (http mode), or the in-process fakedynamo."""

    endpoint: str | None = None
    dynamodb: Any = None  # fakedynamo's MockDynamoDB, in-process mode


@contextlib.contextmanager
def _answering() -> Iterator[Fakes]:
    """The fakes for this mode, active for the length of the block."""
    if MODE == "http":
        from botocore.handlers import BUILTIN_HANDLERS

        guard = ("before-send", _refuse_remote)
        BUILTIN_HANDLERS.append(guard)  # every botocore session made from now on carries it
        try:
            with _served_endpoint() as endpoint:
                yield Fakes(endpoint=endpoint)
        finally:
            BUILTIN_HANDLERS.remove(guard)
        return
    from moto import mock_aws

    from fakedynamo import mock_dynamodb

    with mock_aws(config=_MOTO_CONFIG), mock_dynamodb() as dynamodb:
        yield Fakes(dynamodb=dynamodb)


@contextlib.contextmanager
def _served_endpoint() -> Iterator[str]:
    """`tests.pydynox.one_endpoint` in a child process; yields its URL.

    Not a thread of this process: the real pydynox 1.8 (`run_real_pydynox_suite`)
    holds the GIL while it waits in ``sync_table_exists``, so no thread here could answer.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.pydynox.one_endpoint"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        url = server.stdout.readline().strip()
        if not url:
            raise RuntimeError("tests.pydynox.one_endpoint exited before serving (is moto[server] installed?)")
        yield url
    finally:
        server.stdin.close()  # the server stops when its stdin closes
        server.wait(timeout=30)


def pytest_report_header() -> str:
    return f"pydynox 1.8 suite mode: {MODE}"


@pytest.fixture(scope="session", autouse=True)
def _fakes() -> Iterator[Fakes]:
    """Active for every test, as upstream's LocalStack container is."""
    with _answering() as fakes:
        yield fakes


@pytest.fixture(scope="module")
def localstack_endpoint(request: pytest.FixtureRequest, _fakes: Fakes) -> Iterator[str | None]:
    dynamodb = _fakes.dynamodb
    if dynamodb is None or request.path.name not in SERVED_MODULES:
        yield _fakes.endpoint
        return
    from fakedynamo import serve_dynamodb

    dynamodb.stop()  # paused: in-process, it would answer even a client pointed at a test's own proxy
    try:
        with serve_dynamodb(dynamodb) as server:
            yield server.endpoint_url
    finally:
        dynamodb.start()


@pytest.fixture(scope="module")
def dynamodb_endpoint(localstack_endpoint: str | None) -> str | None:
    return localstack_endpoint


def _client(endpoint: str | None) -> DynamoDBClient:
    return DynamoDBClient(region="us-east-1", endpoint_url=endpoint, access_key="testing", secret_key="testing")


@pytest.fixture(scope="session")
def _session_client(_fakes: Fakes) -> DynamoDBClient:
    return _client(_fakes.endpoint)


@pytest.fixture(scope="session")
def _create_table(_fakes: Fakes, _session_client: DynamoDBClient) -> DynamoDBClient:
    # In-process, answered by the mock even while a served module has paused it.
    with _fakes.dynamodb if _fakes.dynamodb is not None else contextlib.nullcontext():
        if not _session_client.sync_table_exists("test_table"):
            _session_client.sync_create_table("test_table", partition_key=("pk", "S"), sort_key=("sk", "S"), wait=True)
    return _session_client


@pytest.fixture
def table(_create_table: DynamoDBClient, localstack_endpoint: str | None) -> DynamoDBClient:
    return _client(localstack_endpoint)


@pytest.fixture
def dynamo(table: DynamoDBClient) -> DynamoDBClient:
    return table


def _boto(service: str, endpoint: str | None) -> Any:
    import boto3

    return boto3.client(
        service,
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture(scope="session")
def s3_bucket(_fakes: Fakes) -> str:
    _boto("s3", _fakes.endpoint).create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture(scope="session")
def kms_key_id(_fakes: Fakes) -> str:
    key = _boto("kms", _fakes.endpoint).create_key(Description="pydynox integration tests", KeyUsage="ENCRYPT_DECRYPT")
    return str(key["KeyMetadata"]["KeyId"])
