"""`serve_dynamodb()` and the server fixtures: the fake over a real socket, for clients botocore does not carry."""

from __future__ import annotations

import boto3
import pytest

from tests.shared import QUIET

from fakedynamo import ServedDynamoDB, mock_dynamodb, serve_dynamodb

pytest_plugins = ["pytester"]



def make_table(client: object, name: str) -> None:
    client.create_table(  # type: ignore[attr-defined]
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def test_a_boto3_client_reaches_the_served_fake_over_http() -> None:
    with serve_dynamodb() as server:
        assert server.endpoint_url.startswith("http://127.0.0.1:")
        client = boto3.client("dynamodb", **server.botocore_kwargs())
        make_table(client, "users")
        client.put_item(TableName="users", Item={"pk": {"S": "u1"}})
        assert server.db.items("users") == [{"pk": {"S": "u1"}}]
        # Not the in-process hook: the served db was never activated.
        assert not server.db.active


def test_served_and_in_process_clients_share_one_state() -> None:
    with mock_dynamodb() as db, serve_dynamodb(db) as server:
        in_process = boto3.client("dynamodb", region_name="us-east-1")
        make_table(in_process, "shared")
        over_http = boto3.client("dynamodb", **server.botocore_kwargs())
        over_http.put_item(TableName="shared", Item={"pk": {"S": "x"}})
        assert in_process.get_item(TableName="shared", Key={"pk": {"S": "x"}})["Item"] == {"pk": {"S": "x"}}


def test_the_region_of_the_kwargs_is_the_servers() -> None:
    with serve_dynamodb(region="eu-west-1") as server:
        assert server.botocore_kwargs()["region_name"] == "eu-west-1"
        assert server.pydynox_kwargs()["region"] == "eu-west-1"
        make_table(boto3.client("dynamodb", **server.botocore_kwargs()), "things")
        assert server.db.regions() == ["eu-west-1"]


def test_start_stop_and_state_after_stop() -> None:
    server = serve_dynamodb()
    with pytest.raises(RuntimeError):
        server.endpoint_url
    with pytest.raises(RuntimeError):
        server.stop()
    server.start()
    try:
        with pytest.raises(RuntimeError):
            server.start()
        make_table(boto3.client("dynamodb", **server.botocore_kwargs()), "kept")
    finally:
        server.stop()
    assert server.db.table_names() == ["kept"]
    assert "stopped" in repr(server)
    server.reset()
    assert server.db.table_names() == []


def test_the_server_fixture_gives_each_test_empty_tables(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_served='''
import boto3


def make(server):
    client = boto3.client("dynamodb", **server.botocore_kwargs())
    client.create_table(
        TableName="things",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def test_one(fakedynamo_server):
    make(fakedynamo_server).put_item(TableName="things", Item={"pk": {"S": "1"}})
    assert fakedynamo_server.db.item_count("things") == 1


def test_two_starts_empty(fakedynamo_server):
    assert fakedynamo_server.db.table_names() == []
    make(fakedynamo_server)
'''
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=2)


def test_the_pydynox_fixture_points_the_default_client_at_the_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_models='''
import pytest
from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.config import get_default_client
from pydynox.exceptions import ConditionalCheckFailedException


class User(Model):
    model_config = ModelConfig(table="users")
    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    age = NumberAttribute(default=0)


def test_sync(fakedynamo_pydynox, fakedynamo_server):
    assert get_default_client() is fakedynamo_pydynox
    User.sync_create_table(wait=True)
    User(pk="u1", name="Ada").sync_save()
    assert User.sync_get(pk="u1").name == "Ada"
    with pytest.raises(ConditionalCheckFailedException):
        User(pk="u1", name="Bob").sync_save(condition=User.pk.not_exists())
    assert fakedynamo_server.db.items("users") == [{"pk": {"S": "u1"}, "name": {"S": "Ada"}, "age": {"N": "0"}}]


@pytest.mark.asyncio
async def test_async(fakedynamo_pydynox):
    await User.create_table(wait=True)
    await User(pk="u2", name="Grace").save()
    assert (await User.get(pk="u2")).name == "Grace"


def test_the_default_client_is_restored_after():
    assert get_default_client() is None
'''
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.runpytest(*QUIET).assert_outcomes(passed=3)


def test_served_is_exported() -> None:
    assert isinstance(serve_dynamodb(), ServedDynamoDB)
