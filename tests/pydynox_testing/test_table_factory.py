"""fakedynamo's `table_factory`: the extension point MemoryBackend creates model tables through.

Plain boto3 against `mock_dynamodb(table_factory=...)`: pydynox is not involved.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fakedynamo import Engine, MockDynamoDB, mock_dynamodb

REGION = "eu-west-1"
KEYED_BY_PK = {
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


class Recorder:
    """A factory that defines tables whose name starts with "auto" and records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, dict[str, Any]]] = []

    def __call__(self, name: str, region: str, operation: str, request: dict[str, Any]) -> dict[str, Any] | None:
        self.calls.append((name, region, operation, request))
        return dict(KEYED_BY_PK) if name.startswith("auto") else None


@pytest.fixture
def factory() -> Recorder:
    return Recorder()


@pytest.fixture
def client(factory: Recorder) -> Any:
    with mock_dynamodb(table_factory=factory):
        yield boto3.client("dynamodb", region_name=REGION)


def test_an_item_operation_creates_the_table_the_factory_defines(client: Any, factory: Recorder) -> None:
    client.put_item(TableName="auto-users", Item={"pk": {"S": "u1"}})

    assert client.get_item(TableName="auto-users", Key={"pk": {"S": "u1"}})["Item"] == {"pk": {"S": "u1"}}
    assert factory.calls == [("auto-users", REGION, "PutItem", factory.calls[0][3])]
    assert factory.calls[0][3]["Item"] == {"pk": {"S": "u1"}}
    table = client.describe_table(TableName="auto-users")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == KEYED_BY_PK["KeySchema"]


def test_none_means_resource_not_found(client: Any, factory: Recorder) -> None:
    with pytest.raises(ClientError) as caught:
        client.get_item(TableName="manual", Key={"pk": {"S": "u1"}})
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert [call[0] for call in factory.calls] == ["manual"]


def test_the_control_plane_never_asks(client: Any, factory: Recorder) -> None:
    for call in (
        lambda: client.describe_table(TableName="auto-a"),
        lambda: client.delete_table(TableName="auto-a"),
        lambda: client.describe_time_to_live(TableName="auto-a"),
    ):
        with pytest.raises(ClientError) as caught:
            call()
        assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert client.list_tables()["TableNames"] == []
    # CreateTable of a name the factory knows is an ordinary CreateTable...
    client.create_table(TableName="auto-a", **KEYED_BY_PK)
    # ...and of an existing table, DynamoDB's ResourceInUseException.
    with pytest.raises(ClientError) as caught:
        client.create_table(TableName="auto-a", **KEYED_BY_PK)
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    assert factory.calls == []


def test_existing_tables_never_ask(client: Any, factory: Recorder) -> None:
    client.create_table(TableName="auto-b", **KEYED_BY_PK)
    client.put_item(TableName="auto-b", Item={"pk": {"S": "u1"}})
    assert factory.calls == []


def test_queries_scans_batches_transactions_and_partiql_ask(client: Any, factory: Recorder) -> None:
    client.query(
        TableName="auto-q",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "x"}},
    )
    client.scan(TableName="auto-s")
    client.batch_write_item(RequestItems={"auto-bw": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]})
    client.batch_get_item(RequestItems={"auto-bg": {"Keys": [{"pk": {"S": "a"}}]}})
    client.transact_write_items(TransactItems=[{"Put": {"TableName": "auto-tw", "Item": {"pk": {"S": "a"}}}}])
    client.transact_get_items(TransactItems=[{"Get": {"TableName": "auto-tg", "Key": {"pk": {"S": "a"}}}}])
    client.execute_statement(Statement='SELECT * FROM "auto-p"')
    assert [(call[0], call[2]) for call in factory.calls] == [
        ("auto-q", "Query"),
        ("auto-s", "Scan"),
        ("auto-bw", "BatchWriteItem"),
        ("auto-bg", "BatchGetItem"),
        ("auto-tw", "TransactWriteItems"),
        ("auto-tg", "TransactGetItems"),
        ("auto-p", "ExecuteStatement"),
    ]
    assert sorted(client.list_tables()["TableNames"]) == sorted(call[0] for call in factory.calls)
    assert client.get_item(TableName="auto-tw", Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}


def test_an_invalid_definition_is_a_validation_error(factory: Recorder) -> None:
    definition = {
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    engine = Engine(table_factory=lambda *_: definition)
    with pytest.raises(Exception) as caught:
        engine.execute("GetItem", {"TableName": "auto-i", "Key": {"pk": {"S": "a"}}})
    assert getattr(caught.value, "code", None) == "ValidationException"
    assert "not defined in AttributeDefinitions" in str(caught.value)
    assert "us-east-1" not in engine.regions  # the failed request stored nothing


def test_decorated_functions_keep_the_factory(factory: Recorder) -> None:
    @mock_dynamodb(table_factory=factory)
    def run() -> list[str]:
        client = boto3.client("dynamodb", region_name=REGION)
        client.put_item(TableName="auto-d", Item={"pk": {"S": "a"}})
        return client.list_tables()["TableNames"]

    assert run() == ["auto-d"]
    assert run() == ["auto-d"]  # a fresh fake per call, the same factory
    assert len(factory.calls) == 2


def test_the_factory_is_an_engine_attribute() -> None:
    mock = MockDynamoDB()
    assert mock.engine.table_factory is None
    mock.engine.table_factory = Recorder()
    with mock:
        client = boto3.client("dynamodb", region_name=REGION)
        client.put_item(TableName="auto-e", Item={"pk": {"S": "a"}})
    assert mock.table_names() == ["auto-e"]
