"""aiobotocore and aioboto3 clients inside mock_dynamodb(): answered in-process, never the network."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

pytest.importorskip("aiobotocore")

from aiobotocore.config import AioConfig  # noqa: E402
from aiobotocore.session import AioSession  # noqa: E402

import fakedynamo  # noqa: E402
from fakedynamo import mock_dynamodb  # noqa: E402
from fakedynamo.wire import aiobotocore as aio_hook  # noqa: E402
from fakedynamo.wire import botocore as hook  # noqa: E402
from tests import shared  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
needs_aioboto3 = pytest.mark.skipif(importlib.util.find_spec("aioboto3") is None, reason="aioboto3 is not installed")
NO_RETRIES = AioConfig(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=2)
KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
ATTRIBUTES = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}]
TABLE = {"KeySchema": KEY_SCHEMA, "AttributeDefinitions": ATTRIBUTES, "BillingMode": "PAY_PER_REQUEST"}


no_mock_leaks = shared.no_mock_leaks  # every test starts and ends with no active mock


@pytest.fixture
def real_looking_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials as on a developer's machine: a request that got out would be signed with them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7REALISH")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "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")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEREALISH")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, real_looking_credentials: None) -> list[str]:
    """Fail any connection, DNS look-up or asyncio connection; the list records attempts.

    Creating sockets stays allowed: the event loop makes a socket pair for itself.
    """
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append("connect")
        raise OSError("fakedynamo test: the network is forbidden")

    async def refuse_async(*args: Any, **kwargs: Any) -> Any:
        attempts.append("asyncio")
        raise OSError("fakedynamo test: the network is forbidden")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", refuse_async)
    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", refuse_async)
    monkeypatch.setattr(asyncio.BaseEventLoop, "sock_connect", refuse_async)
    return attempts


# One loader for every session, so each reads DynamoDB's models once (they cost ~0.3 s a session).
_LOADER: Any = None


def get_session() -> Any:
    """A new AioSession (its own credentials and config) sharing the loaded models."""
    global _LOADER
    session = AioSession()
    if _LOADER is None:
        _LOADER = session.get_component("data_loader")
    session.register_component("data_loader", _LOADER)
    return session


def aioboto3_session(**kwargs: Any) -> Any:
    import aioboto3

    return aioboto3.Session(botocore_session=get_session(), **kwargs)


async def create_table(client: Any, name: str, **extra: Any) -> None:
    await client.create_table(TableName=name, **TABLE, **extra)


def put_request(table: str, pk: str, sk: int, **attributes: str) -> dict[str, Any]:
    item = {"pk": {"S": pk}, "sk": {"N": str(sk)}, **{key: {"S": value} for key, value in attributes.items()}}
    return {"TableName": table, "Item": item}


# -- answered, with no credentials and no network -------------------------------------------


@needs_aioboto3
@pytest.mark.asyncio
async def test_aioboto3_client_shares_the_fake_with_boto3_and_never_touches_the_network(no_network: list[str]) -> None:
    with mock_dynamodb() as db:
        sync = boto3.client("dynamodb")
        sync.create_table(TableName="made-by-boto3", **TABLE)
        async with aioboto3_session().client("dynamodb") as client:
            # The fake's credentials, not the environment's; the region is the environment's.
            assert client._request_signer._credentials.access_key == hook.FAKE_ACCESS_KEY
            assert client.meta.region_name == "eu-west-1"
            assert (await client.list_tables())["TableNames"] == ["made-by-boto3"]
            await create_table(client, "made-by-aioboto3")
            await client.put_item(**put_request("made-by-aioboto3", "a", 1, name="Ada"))
        got = sync.get_item(TableName="made-by-aioboto3", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
        assert got["Item"]["name"] == {"S": "Ada"}
    assert db.table_names("eu-west-1") == ["made-by-aioboto3", "made-by-boto3"]
    assert no_network == []


@pytest.mark.asyncio
async def test_requests_are_unsigned_inside_the_mock(no_network: list[str]) -> None:
    seen: list[bool] = []
    with mock_dynamodb():
        async with get_session().create_client("dynamodb", config=NO_RETRIES) as client:
            client.meta.events.register("before-send.dynamodb", lambda request, **_: seen.append("Authorization" in request.headers))
            await client.list_tables()
    assert seen == [False]
    assert no_network == []


@pytest.mark.asyncio
async def test_a_positional_region_is_kept_and_explicit_credentials_are_not_replaced(no_network: list[str]) -> None:
    with mock_dynamodb() as db:
        async with get_session().create_client("dynamodb", "eu-west-2") as positional:
            await create_table(positional, "positional")
            assert positional._request_signer._credentials.access_key == hook.FAKE_ACCESS_KEY
        async with get_session().create_client(
            "dynamodb", aws_access_key_id="AKIDGIVEN", aws_secret_access_key="given"
        ) as explicit:
            assert explicit._request_signer._credentials.access_key == "AKIDGIVEN"
            assert (await explicit.list_tables())["TableNames"] == []  # eu-west-1, the environment's region
    assert db.table_names("eu-west-2") == ["positional"]
    assert no_network == []


@pytest.mark.asyncio
async def test_errors_are_client_errors_with_the_modeled_fields(no_network: list[str]) -> None:
    with mock_dynamodb():
        async with get_session().create_client("dynamodb", region_name="us-east-1") as client:
            await create_table(client, "users")
            await client.put_item(**put_request("users", "a", 1, name="Ada"))
            with pytest.raises(client.exceptions.ConditionalCheckFailedException) as caught:
                await client.put_item(
                    **put_request("users", "a", 1),
                    ConditionExpression="attribute_not_exists(pk)",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            assert isinstance(caught.value, ClientError)
            assert caught.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
            assert caught.value.response["Item"] == {"pk": {"S": "a"}, "sk": {"N": "1"}, "name": {"S": "Ada"}}
            assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            with pytest.raises(client.exceptions.ResourceNotFoundException):
                await client.get_item(TableName="nowhere", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert no_network == []


@pytest.mark.asyncio
async def test_paginators_iterate_asynchronously(no_network: list[str]) -> None:
    with mock_dynamodb():
        async with get_session().create_client("dynamodb", region_name="us-east-1") as client:
            await create_table(client, "pages")
            for index in range(25):
                await client.put_item(**put_request("pages", f"p{index % 3}", index))
            pages = [page async for page in client.get_paginator("scan").paginate(TableName="pages", Limit=10)]
            assert [page["Count"] for page in pages] == [10, 10, 5]
            queried = client.get_paginator("query").paginate(
                TableName="pages",
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": "p0"}},
                PaginationConfig={"PageSize": 2},
            )
            keys = [item["sk"]["N"] async for item in queried.search("Items")]
            assert keys == [str(index) for index in range(0, 25, 3)]
    assert no_network == []


@needs_aioboto3
@pytest.mark.asyncio
async def test_resource_table_query_and_batch_writer(no_network: list[str]) -> None:
    from boto3.dynamodb.conditions import Attr, Key

    with mock_dynamodb() as db:
        async with aioboto3_session().resource("dynamodb", region_name="us-east-1") as resource:
            table = await resource.create_table(TableName="orders", **TABLE)
            async with table.batch_writer() as batch:
                for index in range(40):  # more than one BatchWriteItem of 25
                    await batch.put_item(Item={"pk": "customer", "sk": index, "odd": index % 2 == 1})
            answer = await table.query(KeyConditionExpression=Key("pk").eq("customer") & Key("sk").between(10, 13))
            assert [item["sk"] for item in answer["Items"]] == [10, 11, 12, 13]
            filtered = await table.scan(FilterExpression=Attr("odd").eq(True) & Attr("sk").lt(6))
            assert sorted(item["sk"] for item in filtered["Items"]) == [1, 3, 5]
            await table.delete_item(Key={"pk": "customer", "sk": 0})
            assert "Item" not in await table.get_item(Key={"pk": "customer", "sk": 0})
    assert db.item_count("orders") == 39
    assert no_network == []


@pytest.mark.asyncio
async def test_streams_client_is_kept_off_the_network(no_network: list[str]) -> None:
    with mock_dynamodb():
        async with get_session().create_client("dynamodbstreams", config=NO_RETRIES) as streams:
            try:
                await streams.list_streams()
            except ClientError:
                pass  # whatever the engine answers, it is the engine that answers
    assert no_network == []


@pytest.mark.asyncio
async def test_clients_made_before_the_mock_are_answered_only_while_it_is_active() -> None:
    server = RecordingServer()
    try:
        async with get_session().create_client(
            "dynamodb", region_name="us-east-1", endpoint_url=server.url, config=NO_RETRIES,
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        ) as client:
            # Outside a mock the hook does nothing: the signed request reaches the server.
            assert (await client.list_tables())["TableNames"] == ["from-the-server"]
            with mock_dynamodb() as db:
                await create_table(client, "inside")
                assert (await client.list_tables())["TableNames"] == ["inside"]
            assert (await client.list_tables())["TableNames"] == ["from-the-server"]
    finally:
        server.close()
    assert db.table_names("us-east-1") == ["inside"]
    assert [(target, signed) for target, signed in server.requests] == [
        ("DynamoDB_20120810.ListTables", True),
        ("DynamoDB_20120810.ListTables", True),
    ]


@pytest.mark.asyncio
async def test_a_client_without_handlers_is_caught_by_the_endpoint_safety_net() -> None:
    server = RecordingServer()
    try:
        async with get_session().create_client(
            "dynamodb", region_name="ap-south-1", endpoint_url=server.url, config=NO_RETRIES,
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        ) as client:
            hook.detach(client)  # as a client made before fakedynamo was imported
            with mock_dynamodb() as db:
                await create_table(client, "late")
            assert (await client.list_tables())["TableNames"] == ["from-the-server"]
            fakedynamo.attach(client)  # the public attach knows an aiobotocore client
            with mock_dynamodb():
                assert (await client.list_tables())["TableNames"] == []
    finally:
        server.close()
    assert db.table_names("ap-south-1") == ["late"]  # the region came from the signature
    assert len(server.requests) == 1


@needs_aioboto3
@pytest.mark.asyncio
async def test_nested_mocks_answer_from_the_innermost(no_network: list[str]) -> None:
    async with aioboto3_session().client("dynamodb", region_name="us-east-1") as client:
        with mock_dynamodb() as outer:
            await create_table(client, "outer")
            with mock_dynamodb() as inner:
                assert (await client.list_tables())["TableNames"] == []
                await create_table(client, "inner")
            assert (await client.list_tables())["TableNames"] == ["outer"]
    assert outer.table_names() == ["outer"] and inner.table_names() == ["inner"]
    assert no_network == []


@pytest.mark.asyncio
async def test_the_fixture_answers_aiobotocore_in_an_async_test(fakedynamo: Any, no_network: list[str]) -> None:
    async with get_session().create_client("dynamodb") as client:
        await create_table(client, "fixture")
    assert fakedynamo.table_names() == ["fixture"]
    assert no_network == []


@pytest.mark.asyncio
async def test_concurrent_requests_on_one_loop(no_network: list[str]) -> None:
    with mock_dynamodb() as db:
        async with get_session().create_client("dynamodb") as client:
            await create_table(client, "many")
            await asyncio.gather(*(client.put_item(**put_request("many", "k", index)) for index in range(50)))
    assert db.item_count("many") == 50


def test_the_hook_is_installed_and_other_services_are_left_alone() -> None:
    from aiobotocore.client import AioClientCreator
    from aiobotocore.endpoint import AioEndpoint
    from aiobotocore.session import AioSession

    assert aio_hook.installed and aio_hook.why_not is None
    for method in (AioSession._create_client, AioClientCreator.create_client, AioEndpoint._send):
        assert getattr(method, "__fakedynamo__", False)

    async def sqs_outside_the_fake() -> None:
        with mock_dynamodb():
            async with get_session().create_client(
                "sqs", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{closed_port()}", config=NO_RETRIES,
                aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
            ) as sqs:
                assert sqs.meta.events._emitter._unique_id_handlers.keys().isdisjoint({hook._SEND_ID, hook._SIGNER_ID})
                await sqs.list_queues()

    with pytest.raises(Exception, match="(?i)connect"):
        asyncio.run(sqs_outside_the_fake())


@pytest.mark.asyncio
async def test_the_network_guard_bites_outside_a_mock(no_network: list[str]) -> None:
    async with get_session().create_client("dynamodb", config=NO_RETRIES) as client:
        with pytest.raises(Exception):
            await client.list_tables()
    assert no_network  # so the guard's silence inside a mock means something


# -- import order, in fresh interpreters ----------------------------------------------------


def run_python(source: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7REALISH",
           "AWS_SECRET_ACCESS_KEY": "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"}
    prelude = textwrap.dedent(
        """
        import asyncio, socket, sys
        def refuse(*args, **kwargs):
            raise SystemExit("the network was reached")
        async def refuse_async(*args, **kwargs):
            raise SystemExit("the network was reached")
        socket.socket.connect = refuse
        asyncio.BaseEventLoop.create_connection = refuse_async
        TABLE = dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        """
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(source)], env=env, capture_output=True, text=True, timeout=120
    )


def test_aiobotocore_imported_after_the_mock_started_is_answered() -> None:
    result = run_python(
        """
        import fakedynamo
        assert "aiobotocore" not in sys.modules, "importing fakedynamo imported aiobotocore"
        with fakedynamo.mock_dynamodb() as db:
            from aiobotocore.session import get_session
            async def main():
                async with get_session().create_client("dynamodb", region_name="sa-east-1") as client:
                    await client.create_table(TableName="late-import", **TABLE)
            asyncio.run(main())
        assert db.table_names("sa-east-1") == ["late-import"]
        assert not any(type(f).__name__ == "_InstallWhenImported" for f in sys.meta_path)
        print("ok")
        """
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_client_made_before_fakedynamo_was_imported_cannot_reach_aws() -> None:
    result = run_python(
        """
        from aiobotocore.session import get_session
        async def main():
            async with get_session().create_client("dynamodb", region_name="eu-north-1") as client:
                import fakedynamo
                with fakedynamo.mock_dynamodb() as db:
                    await client.create_table(TableName="early-client", **TABLE)
                    assert (await client.list_tables())["TableNames"] == ["early-client"]
                assert db.table_names("eu-north-1") == ["early-client"]
        asyncio.run(main())
        print("ok")
        """
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_an_aiobotocore_that_cannot_be_patched_is_refused_inside_a_mock() -> None:
    result = run_python(
        """
        import warnings
        import aiobotocore.endpoint, aiobotocore.session
        del aiobotocore.endpoint.AioEndpoint._send  # as if aiobotocore had renamed it
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import fakedynamo
        assert any("AioEndpoint._send" in str(w.message) for w in caught), caught
        from fakedynamo.wire.aiobotocore import AiobotocoreNotSupported
        from aiobotocore.session import get_session
        async def main():
            async with get_session().create_client("dynamodb", region_name="us-east-1") as client:
                with fakedynamo.mock_dynamodb():
                    try:
                        await client.list_tables()
                    except AiobotocoreNotSupported as error:
                        assert "AioEndpoint._send" in str(error)
                    else:
                        raise AssertionError("not refused")
        asyncio.run(main())
        print("ok")
        """
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


# -- helpers --------------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingServer:
    """A local stand-in for AWS that records (target, signed) and always answers ListTables."""

    def __init__(self) -> None:
        requests: list[tuple[str, bool]] = []
        self.requests = requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                requests.append((self.headers.get("X-Amz-Target", ""), "Authorization" in self.headers))
                body = json.dumps({"TableNames": ["from-the-server"]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
