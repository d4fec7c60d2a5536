"""PutItem, GetItem and DeleteItem through every way in: the boto3 resource, PynamoDB, HTTP.

The conformance tests (conformance/test_items.py) pin what DynamoDB answers
through a plain client; these check that the same flows hold through the
higher-level clients and the HTTP server, and pin fakedynamo's own promises
(nothing changes on a refused request, stored items are never shared with a
later request, the fast path stays fast).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

import boto3
import pytest
from boto3.dynamodb.conditions import Attr
from botocore.config import Config
from botocore.exceptions import ClientError
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.models import Model

import fakedynamo
from fakedynamo import DynamoDBError, Engine
from fakedynamo.storage import SecondaryIndex, Table
from fakedynamo.wire.http import running_server

REGION = "us-east-1"


def create_table(client: Any, name: str, sort: bool = False) -> None:
    schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort:
        schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "N"})
    client.create_table(
        TableName=name, KeySchema=schema, AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST"
    )


# -- boto3 resource -------------------------------------------------------------


@pytest.fixture
def resource_table() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb():
        resource = boto3.resource("dynamodb", region_name=REGION)
        create_table(resource.meta.client, "things", sort=True)
        yield resource.Table("things")


def test_resource_put_get_delete(resource_table):
    item = {"pk": "a", "sk": Decimal(1), "name": "first", "tags": {"x", "y"}, "doc": {"n": [Decimal("1.5"), None]}}
    assert "Attributes" not in resource_table.put_item(Item=item)
    got = resource_table.get_item(Key={"pk": "a", "sk": 1})["Item"]
    assert got == item
    old = resource_table.put_item(Item={"pk": "a", "sk": 1, "name": "second"}, ReturnValues="ALL_OLD")
    assert old["Attributes"] == item
    deleted = resource_table.delete_item(Key={"pk": "a", "sk": 1}, ReturnValues="ALL_OLD")
    assert deleted["Attributes"] == {"pk": "a", "sk": Decimal(1), "name": "second"}
    assert "Item" not in resource_table.get_item(Key={"pk": "a", "sk": 1}, ConsistentRead=True)


def test_resource_errors_surface_as_client_errors(resource_table):
    with pytest.raises(ClientError) as caught:
        resource_table.put_item(Item={"pk": "a"})
    assert caught.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "One or more parameter values were invalid: Missing the key sk in the item",
    }
    with pytest.raises(ClientError) as caught:
        resource_table.get_item(Key={"pk": "a"})
    assert caught.value.response["Error"]["Message"] == "The provided key element does not match the schema"
    with pytest.raises(ClientError) as caught:
        resource_table.delete_item(Key={"pk": "a", "sk": 1}, ReturnValues="ALL_NEW")
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
    )


def test_a_lone_surrogate_is_refused_and_the_table_stays_readable(resource_table):
    client = resource_table.meta.client
    for item in ({"pk": "a", "sk": 1, "x": "\ud800"}, {"pk": "\udc00", "sk": 1}):
        with pytest.raises(ClientError) as caught:
            resource_table.put_item(Item=item)
        assert caught.value.response["Error"]["Code"] == "SerializationException"
    with pytest.raises(ClientError) as caught:
        resource_table.delete_item(Key={"pk": "\ud800", "sk": 1}, ReturnValues="ALL_OLD")
    assert caught.value.response["Error"]["Code"] == "SerializationException"
    with pytest.raises(ClientError) as caught:
        client.scan(TableName="th\ud800ngs")
    assert caught.value.response["Error"]["Code"] == "SerializationException"
    assert resource_table.scan()["Count"] == 0


def test_resource_consumed_capacity(resource_table):
    response = resource_table.put_item(Item={"pk": "c", "sk": 1}, ReturnConsumedCapacity="TOTAL")
    assert response["ConsumedCapacity"] == {"TableName": "things", "CapacityUnits": 1.0}
    response = resource_table.get_item(Key={"pk": "c", "sk": 1}, ReturnConsumedCapacity="INDEXES")
    assert response["ConsumedCapacity"] == {"TableName": "things", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}


def test_resource_condition_refuses_a_second_create(resource_table):
    resource_table.put_item(Item={"pk": "w", "sk": 1}, ConditionExpression=Attr("pk").not_exists())
    with pytest.raises(ClientError) as caught:
        resource_table.put_item(Item={"pk": "w", "sk": 1}, ConditionExpression=Attr("pk").not_exists())
    assert caught.value.response["Error"] == {
        "Code": "ConditionalCheckFailedException",
        "Message": "The conditional request failed",
    }


# -- PynamoDB -------------------------------------------------------------------


class Thing(Model):
    class Meta:
        table_name = "pynamo-things"
        region = REGION
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = NumberAttribute(range_key=True)
    name = UnicodeAttribute(null=True)


@pytest.fixture
def pynamo() -> Iterator[fakedynamo.MockDynamoDB]:
    with fakedynamo.mock_dynamodb() as db:
        Thing._connection = None  # a fresh connection for the fresh fake
        Thing.create_table(wait=True)
        yield db
    Thing._connection = None


def test_pynamodb_save_get_refresh_delete(pynamo):
    thing = Thing("a", 1, name="first")
    thing.save()
    assert Thing.get("a", 1).name == "first"

    stale = Thing.get("a", 1)
    Thing("a", 1, name="second").save()
    stale.refresh(consistent_read=True)
    assert stale.name == "second"

    stale.delete()
    with pytest.raises(DoesNotExist):
        Thing.get("a", 1)
    assert pynamo.items("pynamo-things") == []


def test_pynamodb_put_error_carries_dynamodb_message(pynamo):
    class Broken(Model):
        class Meta:
            table_name = "pynamo-things"
            region = REGION

        pk = NumberAttribute(hash_key=True)  # the table says S
        sk = NumberAttribute(range_key=True)

    with pytest.raises(PutError) as caught:
        Broken(1, 1).save()
    assert caught.value.cause_response_message == (
        "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"
    )


# -- HTTP -----------------------------------------------------------------------


@pytest.fixture
def http_client() -> Iterator[Any]:
    with running_server(Engine()) as server:
        client = boto3.client(
            "dynamodb",
            endpoint_url=server.endpoint,
            region_name=REGION,
            aws_access_key_id="AKIDFAKE",
            aws_secret_access_key="secret",
            config=Config(retries={"max_attempts": 1, "mode": "standard"}),
        )
        yield client


def test_http_put_get_delete(http_client):
    create_table(http_client, "web")
    http_client.put_item(TableName="web", Item={"pk": {"S": "a"}, "b": {"B": b"\x00\xff"}, "n": {"N": "7"}})
    got = http_client.get_item(TableName="web", Key={"pk": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert got["Item"] == {"pk": {"S": "a"}, "b": {"B": b"\x00\xff"}, "n": {"N": "7"}}
    assert got["ConsumedCapacity"] == {"TableName": "web", "CapacityUnits": 0.5}
    deleted = http_client.delete_item(TableName="web", Key={"pk": {"S": "a"}}, ReturnValues="ALL_OLD")
    assert deleted["Attributes"]["n"] == {"N": "7"}
    assert "Item" not in http_client.get_item(TableName="web", Key={"pk": {"S": "a"}})


def test_http_errors(http_client):
    create_table(http_client, "web")
    with pytest.raises(ClientError) as caught:
        http_client.put_item(TableName="web", Item={"pk": {"S": ""}})
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert caught.value.response["Error"]["Message"] == (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk"
    )
    with pytest.raises(ClientError) as caught:
        http_client.get_item(TableName="nowhere", Key={"pk": {"S": "a"}})
    assert caught.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": "Requested resource not found"}


# -- the engine directly: indexes, capacity, envelopes, state -------------------


@pytest.fixture
def engine() -> Engine:
    return Engine()


def add_table(engine: Engine, name: str = "tbl", indexes: bool = False) -> Table:
    """A table made by hand, so these tests do not depend on CreateTable's index support."""
    table = Table(name, "pk", "S", "sk", "S")
    if indexes:
        arn = f"arn:aws:dynamodb:us-east-1:123456789012:table/{name}/index/"
        gsi = SecondaryIndex(
            "gsi",
            True,
            [{"AttributeName": "gpk", "KeyType": "HASH"}, {"AttributeName": "gsk", "KeyType": "RANGE"}],
            {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["inc"]},
            arn + "gsi",
        )
        agsi = SecondaryIndex(
            "agsi", True, [{"AttributeName": "apk", "KeyType": "HASH"}], {"ProjectionType": "ALL"}, arn + "agsi"
        )
        lsi = SecondaryIndex(
            "lsi",
            False,
            [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}],
            {"ProjectionType": "KEYS_ONLY"},
            arn + "lsi",
        )
        types = {"pk": "S", "sk": "S", "gpk": "S", "gsk": "N", "apk": "B", "lsk": "N"}
        table.set_schema(types, [gsi, agsi], [lsi])
    engine.region().tables[name] = table
    return table


def refusal(engine: Engine, operation: str, request: dict[str, Any]) -> tuple[str, str | None]:
    with pytest.raises(DynamoDBError) as caught:
        engine.execute(operation, request)
    return caught.value.code, caught.value.message


def key(pk: str = "a", sk: str = "1") -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def test_index_key_errors(engine):
    add_table(engine, indexes=True)
    put = lambda **extra: refusal(engine, "PutItem", {"TableName": "tbl", "Item": {**key(), **extra}})
    assert put(gpk={"N": "1"}) == (
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: gsi",
    )
    assert put(apk={"B": ""}) == (
        "ValidationException",
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
        "The AttributeValue for a key attribute cannot contain an empty binary value. IndexName: agsi, IndexKey: apk",
    )
    # Several wrong: the index whose name sorts first is reported.
    assert put(gpk={"S": ""}, apk={"S": "x"})[1].endswith("IndexName: agsi")  # type: ignore[union-attr]
    assert put(lsk={"NULL": True})[1].endswith("Actual: NULL IndexName: lsi")  # type: ignore[union-attr]
    assert engine.region().tables["tbl"].item_count == 0


def test_index_write_capacity(engine):
    add_table(engine, indexes=True)

    def put(**extra: Any) -> dict[str, Any]:
        request = {"TableName": "tbl", "Item": {**key(), **extra}, "ReturnConsumedCapacity": "INDEXES"}
        return engine.execute("PutItem", request)["ConsumedCapacity"]

    # Not in the GSI until both its key attributes are there.
    assert "GlobalSecondaryIndexes" not in put(gpk={"S": "g"})
    joined = put(gpk={"S": "g"}, gsk={"N": "1"}, inc={"S": "x" * 1500}, other={"S": "y" * 3000})
    assert joined["Table"] == {"CapacityUnits": 5.0}
    assert joined["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 2.0}}  # only what it projects
    # A change outside the projection costs the GSI nothing.
    changed = put(gpk={"S": "g"}, gsk={"N": "1"}, inc={"S": "x" * 1500}, other={"S": "z"})
    assert "GlobalSecondaryIndexes" not in changed and changed["CapacityUnits"] == 5.0
    # A change inside it, in place: the larger of before and after.
    shrunk = put(gpk={"S": "g"}, gsk={"N": "1"}, inc={"S": "x"})
    assert shrunk["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 2.0}}
    # The ALL GSI and the LSI.
    both = put(gpk={"S": "g"}, gsk={"N": "1"}, inc={"S": "x"}, apk={"B": "AAE="}, lsk={"N": "3"})
    assert both["GlobalSecondaryIndexes"] == {"agsi": {"CapacityUnits": 1.0}}
    assert both["LocalSecondaryIndexes"] == {"lsi": {"CapacityUnits": 1.0}}
    assert both["CapacityUnits"] == 3.0
    total = engine.execute("DeleteItem", {"TableName": "tbl", "Key": key(), "ReturnConsumedCapacity": "TOTAL"})
    assert total["ConsumedCapacity"] == {"TableName": "tbl", "CapacityUnits": 4.0}


def test_item_collection_metrics(engine):
    add_table(engine, indexes=True)
    request = {"TableName": "tbl", "Item": {**key(), "lsk": {"N": "1"}}, "ReturnItemCollectionMetrics": "SIZE"}
    metrics = engine.execute("PutItem", request)["ItemCollectionMetrics"]
    assert metrics == {"ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
    add_table(engine, "plain")
    request["TableName"] = "plain"
    assert "ItemCollectionMetrics" not in engine.execute("PutItem", request)


def test_value_errors_come_before_return_values_and_the_table(engine):
    bad = {"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "1e999"}}
    overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range"
    request = {"TableName": "absent", "Item": bad, "ReturnValues": "ALL_NEW"}
    assert refusal(engine, "PutItem", request) == ("ValidationException", "1 validation error detected: " + overflow)
    request = {"TableName": "absent", "Key": {"pk": {"N": "1e999"}}, "ReturnValues": "ALL_NEW"}
    assert refusal(engine, "DeleteItem", request) == ("ValidationException", "1 validation error detected: " + overflow)
    assert refusal(engine, "GetItem", {"TableName": "absent", "Key": {"pk": {"N": "1e999"}}}) == (
        "ValidationException",
        overflow,
    )


def test_return_values_come_before_the_item_size(engine):
    request = {"TableName": "absent", "Item": {"pk": {"S": "x" * 409600}}, "ReturnValues": "ALL_NEW"}
    assert refusal(engine, "PutItem", request)[1] == "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
    del request["ReturnValues"]
    assert refusal(engine, "PutItem", request) == ("ValidationException", "Item size has exceeded the maximum allowed size")


def test_tables_are_found_by_arn(engine):
    add_table(engine)
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/tbl"
    engine.execute("PutItem", {"TableName": arn, "Item": key()})
    assert engine.execute("GetItem", {"TableName": arn, "Key": key()})["Item"] == key()
    missing = "arn:aws:dynamodb:us-east-1:123456789012:table/nope"
    assert refusal(engine, "GetItem", {"TableName": missing, "Key": key()}) == (
        "ResourceNotFoundException",
        "Requested resource not found",
    )


def test_a_refused_write_changes_nothing(engine):
    table = add_table(engine, indexes=True)
    engine.execute("PutItem", {"TableName": "tbl", "Item": {**key(), "v": {"S": "kept"}}})
    before = (dict(table.get(("a", "1"))), table.item_count, table.size_bytes)
    for request in [
        {"TableName": "tbl", "Item": {**key(), "v": {"S": "new"}}, "ReturnValues": "UPDATED_NEW"},
        {"TableName": "tbl", "Item": {**key(), "v": {"S": "new"}, "gsk": {"S": "1"}}},
        {"TableName": "tbl", "Item": {**key(), "v": {"S": "x" * 409600}}},
    ]:
        refusal(engine, "PutItem", request)
    refusal(engine, "DeleteItem", {"TableName": "tbl", "Key": key(), "ReturnValues": "ALL_NEW"})
    refusal(engine, "DeleteItem", {"TableName": "tbl", "Key": {**key(), "x": {"S": "y"}}})
    assert (dict(table.get(("a", "1"))), table.item_count, table.size_bytes) == before


def test_stored_items_are_not_shared_with_later_requests(engine):
    table = add_table(engine)
    request = {"TableName": "tbl", "Item": {**key(), "v": {"S": "one"}}}
    engine.execute("PutItem", request)
    # The next request is a new dict (as decoded JSON always is); replacing the item leaves
    # the response of the earlier read untouched.
    first = engine.execute("GetItem", {"TableName": "tbl", "Key": key()})["Item"]
    engine.execute("PutItem", {"TableName": "tbl", "Item": {**key(), "v": {"S": "two"}}})
    assert first["v"] == {"S": "one"}
    assert table.get(("a", "1"))["v"] == {"S": "two"}


def test_projection_and_legacy_condition_act_on_the_engine(engine):
    add_table(engine)
    engine.execute("PutItem", {"TableName": "tbl", "Item": {**key(), "v": {"S": "one"}, "w": {"N": "2"}}})
    got = engine.execute("GetItem", {"TableName": "tbl", "Key": key(), "ProjectionExpression": "v"})
    assert got == {"Item": {"v": {"S": "one"}}}
    with pytest.raises(DynamoDBError) as caught:
        engine.execute("DeleteItem", {"TableName": "tbl", "Key": key(), "Expected": {"v": {"Value": {"S": "two"}}}})
    assert caught.value.code == "ConditionalCheckFailedException"
    engine.execute("DeleteItem", {"TableName": "tbl", "Key": key(), "Expected": {"v": {"Value": {"S": "one"}}}})
    assert engine.execute("GetItem", {"TableName": "tbl", "Key": key()}) == {}
