"""Condition, update and projection expressions through the clients people use.

The conformance tests (conformance/test_conditions.py, test_update_item.py,
test_projections.py, test_legacy_parameters.py) pin what DynamoDB answers to
a plain client. These check that the same expressions, built by the boto3
resource's ``Key``/``Attr`` builders and by PynamoDB's condition and update
APIs (which serialise with their own placeholders), reach the engine and come
back intact, in process and over the HTTP server.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError
from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    NumberSetAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.condition import size
from pynamodb.models import Model

import fakedynamo
from fakedynamo import Engine
from fakedynamo.wire.http import running_server

REGION = "us-east-1"
CONDITION_FAILED = {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"}


def create_table(client: Any, name: str) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )


# -- one server for the module; each test gets a fresh engine behind it ------------


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    with running_server(Engine()) as running:
        yield running


@pytest.fixture(params=["in-process", "http"])
def resource_table(request: Any) -> Iterator[Any]:
    """A boto3 resource Table, answered in process (mock_dynamodb) or over HTTP (running_server)."""
    if request.param == "in-process":
        with fakedynamo.mock_dynamodb():
            resource = boto3.resource("dynamodb", region_name=REGION)
            create_table(resource.meta.client, "things")
            yield resource.Table("things")
        return
    server = request.getfixturevalue("server")
    server.engine.reset()
    resource = boto3.resource(
        "dynamodb",
        endpoint_url=server.endpoint,
        region_name=REGION,
        aws_access_key_id="AKIDFAKE",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )
    create_table(resource.meta.client, "things")
    yield resource.Table("things")


ITEM = {
    "pk": "a",
    "sk": Decimal(1),
    "name": "Ada Lovelace",
    "age": Decimal(36),
    "tags": {"math", "poetry"},
    "lucky": {Decimal(3), Decimal(7)},
    "scores": [Decimal(1), Decimal(2), Decimal(3)],
    "address": {"city": "London", "zip": "W1"},
    "active": True,
}
KEY = {"pk": "a", "sk": 1}


def refused(call: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response


# -- boto3 resource: Attr conditions -------------------------------------------------


@pytest.mark.parametrize(
    "condition, expected",
    [
        (Attr("age").eq(36), True),
        (Attr("age").ne(36), False),
        (Attr("age").lt(40) & Attr("age").gte(36), True),
        (Attr("age").between(37, 99), False),
        (Attr("name").begins_with("Ada"), True),
        (Attr("name").contains("Love"), True),
        (Attr("tags").contains("math"), True),
        (Attr("scores").contains(4), False),
        (Attr("age").is_in([1, 36]), True),
        (Attr("address.city").eq("London"), True),
        (Attr("scores[1]").eq(2), True),
        (Attr("address.country").exists(), False),
        (Attr("address.country").not_exists(), True),
        (Attr("tags").attribute_type("SS"), True),
        (Attr("tags").size().eq(2), True),
        (Attr("name").size().gt(100), False),
        (Attr("age").eq("36"), False),  # another type is never equal
        (~Attr("active").eq(False), True),
        (Attr("age").eq(1) | Attr("age").eq(2) & Attr("active").eq(True), False),
        ((Attr("age").eq(1) | Attr("age").eq(36)) & Attr("active").eq(True), True),
    ],
)
def test_resource_conditions(resource_table, condition, expected):
    resource_table.put_item(Item=ITEM)
    try:
        resource_table.put_item(Item=ITEM, ConditionExpression=condition)
    except ClientError as error:
        assert error.response["Error"] == CONDITION_FAILED
        assert not expected
    else:
        assert expected


def test_resource_condition_failure_returns_the_old_item(resource_table):
    resource_table.put_item(Item=ITEM)
    response = refused(
        lambda: resource_table.delete_item(
            Key=KEY, ConditionExpression=Attr("age").gt(40), ReturnValuesOnConditionCheckFailure="ALL_OLD"
        )
    )
    assert response["Error"] == CONDITION_FAILED
    assert response["Item"]["name"] == {"S": "Ada Lovelace"}  # the low-level form: the resource does not convert errors
    assert resource_table.get_item(Key=KEY)["Item"] == ITEM


def test_resource_invalid_expression(resource_table):
    response = refused(lambda: resource_table.put_item(Item=ITEM, ConditionExpression="age = = :v"))
    assert response["Error"] == {
        "Code": "ValidationException",
        "Message": '1 validation error detected: Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"',
    }
    response = refused(lambda: resource_table.get_item(Key=KEY, ProjectionExpression="name, name"))
    assert response["Error"]["Message"].startswith("Invalid ProjectionExpression: Attribute name is a reserved keyword")


def test_deeply_nested_expressions_get_dynamodbs_answers(resource_table):
    # DynamoDB's answers from ScyllaDB's Alternator tests (test_limits.py, run against DynamoDB);
    # none may be a RecursionError, in process or in the server's threads.
    client = resource_table.meta.client
    resource_table.put_item(Item=ITEM)
    put = {"TableName": "things", "Item": {"pk": "a", "sk": 1}}  # the resource's client takes Python values
    prefix = "1 validation error detected: Invalid ConditionExpression: "

    def message(**request: Any) -> str:
        return refused(lambda: client.put_item(**put, **request))["Error"]["Message"]

    for depth in (250, 2045):
        assert message(ConditionExpression="(" * depth + "pk<sk" + ")" * depth) == (
            prefix + "The expression has redundant parentheses;"
        )
    assert message(ConditionExpression="NOT " * 1000 + "pk = pk") == (
        prefix + "The expression contains too many operators; operator count: 1001"
    )
    assert message(ConditionExpression="pk=pk" + " or (pk=pk" * 350 + ")" * 350).startswith(
        prefix + "The expression contains too many operators"
    )
    # 149 nested ORs are 299 operators: DynamoDB takes them.
    client.put_item(**put, ConditionExpression="sk<age" + " or (sk<age" * 149 + ")" * 149)
    assert message(ConditionExpression="(" * 4096)  # a plain syntax error
    # Inferred (no capture): past 400 levels, a syntax error at the token where nesting stopped.
    key = {"pk": "a", "sk": 1}
    update = refused(lambda: client.update_item(
        TableName="things", Key=key, UpdateExpression="SET age = " + "(" * 1000 + "age" + ")" * 1000))
    assert update["Error"]["Message"] == '1 validation error detected: Invalid UpdateExpression: Syntax error; token: "(", near: "((("'
    query = refused(lambda: client.query(
        TableName="things", KeyConditionExpression="(" * 250 + "pk = :v" + ")" * 250,
        ExpressionAttributeValues={":v": "a"}))
    assert query["Error"]["Message"] == "Invalid KeyConditionExpression: The expression has redundant parentheses;"
    statement = refused(lambda: client.execute_statement(
        Statement='SELECT * FROM "things" WHERE ' + "(" * 1000 + "pk = 'a'" + ")" * 1000))
    assert statement["Error"]["Code"] == "ValidationException"
    assert client.execute_statement(
        Statement='SELECT * FROM "things" WHERE ' + "(" * 250 + "pk = 'a'" + ")" * 250)["Items"]
    assert resource_table.get_item(Key=KEY)["Item"] == {"pk": "a", "sk": 1}  # the 149-deep condition held and the put replaced ITEM


# -- boto3 resource: update_item -----------------------------------------------------


def test_resource_update_item(resource_table):
    resource_table.put_item(Item=ITEM)
    response = resource_table.update_item(
        Key=KEY,
        UpdateExpression=(
            "SET age = age + :one, address.city = :city, scores = list_append(scores, :more), "
            "visits = if_not_exists(visits, :zero) + :one REMOVE active ADD tags :tag DELETE lucky :gone"
        ),
        ConditionExpression=Attr("age").eq(36) & Attr("address.city").begins_with("Lon"),
        ExpressionAttributeValues={
            ":one": 1, ":city": "Paris", ":more": [4], ":zero": 0, ":tag": {"chess"}, ":gone": {7},
        },
        ReturnValues="UPDATED_NEW",
    )
    assert response["Attributes"] == {
        "age": Decimal(37), "address": {"city": "Paris"}, "scores": [1, 2, 3, 4], "visits": 1,
        "tags": {"math", "poetry", "chess"}, "lucky": {3},
    }
    item = resource_table.get_item(Key=KEY, ConsistentRead=True)["Item"]
    assert "active" not in item and item["address"] == {"city": "Paris", "zip": "W1"}


def test_resource_update_return_values(resource_table):
    resource_table.put_item(Item=ITEM)
    old = resource_table.update_item(
        Key=KEY, UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":n": "Ada"}, ReturnValues="UPDATED_OLD",
    )
    assert old["Attributes"] == {"name": "Ada Lovelace"}
    new = resource_table.update_item(Key={"pk": "b", "sk": 2}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": 5}, ReturnValues="ALL_NEW")
    assert new["Attributes"] == {"pk": "b", "sk": 2, "n": 5}


def test_resource_failed_update_changes_nothing(resource_table):
    resource_table.put_item(Item=ITEM)
    for params in [
        {"UpdateExpression": "SET age = age + :one", "ConditionExpression": Attr("age").lt(0), "ExpressionAttributeValues": {":one": 1}},
        {"UpdateExpression": "SET age = #n + :one", "ExpressionAttributeNames": {"#n": "name"}, "ExpressionAttributeValues": {":one": 1}},
        {"UpdateExpression": "SET missing.x = :one, age = :one", "ExpressionAttributeValues": {":one": 1}},
        {"UpdateExpression": "SET pk = :one", "ExpressionAttributeValues": {":one": "b"}},
    ]:
        refused(lambda: resource_table.update_item(Key=KEY, **params))
    assert resource_table.get_item(Key=KEY, ConsistentRead=True)["Item"] == ITEM


def test_resource_projection(resource_table):
    resource_table.put_item(Item=ITEM)
    got = resource_table.get_item(
        Key=KEY, ProjectionExpression="#n, address.city, scores[2]", ExpressionAttributeNames={"#n": "name"}
    )["Item"]
    assert got == {"name": "Ada Lovelace", "address": {"city": "London"}, "scores": [3]}


def test_resource_key_condition_builds(resource_table):
    # Key(...) builds key conditions; as a ConditionExpression it means the same comparison
    resource_table.put_item(Item=ITEM)
    resource_table.put_item(Item=ITEM, ConditionExpression=Key("pk").eq("a") & Key("sk").between(0, 5))
    response = refused(lambda: resource_table.put_item(Item=ITEM, ConditionExpression=Key("sk").gt(1)))
    assert response["Error"] == CONDITION_FAILED


# -- PynamoDB ------------------------------------------------------------------------


class Address(MapAttribute):
    city = UnicodeAttribute()
    zip = UnicodeAttribute(null=True)


class Person(Model):
    class Meta:
        table_name = "pynamo-people"
        region = REGION
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = NumberAttribute(range_key=True)
    name = UnicodeAttribute(null=True)
    age = NumberAttribute(null=True)
    visits = NumberAttribute(null=True)
    tags = UnicodeSetAttribute(null=True)
    lucky = NumberSetAttribute(null=True)
    history = ListAttribute(of=UnicodeAttribute, null=True)
    address = Address(null=True)


@pytest.fixture
def pynamo() -> Iterator[fakedynamo.MockDynamoDB]:
    with fakedynamo.mock_dynamodb() as db:
        Person._connection = None  # a fresh connection for the fresh fake
        Person.create_table(wait=True)
        yield db
    Person._connection = None


def ada() -> Person:
    return Person(
        "a", 1, name="Ada", age=36, tags={"math"}, lucky={7}, history=["born"], address=Address(city="London", zip="W1")
    )


def test_pynamodb_save_with_conditions(pynamo):
    ada().save(condition=Person.pk.does_not_exist())
    with pytest.raises(PutError) as caught:
        ada().save(condition=Person.pk.does_not_exist())
    assert caught.value.cause_response_code == "ConditionalCheckFailedException"
    assert caught.value.cause_response_message == "The conditional request failed"
    # every condition the API builds, against the stored item
    for condition, expected in [
        (Person.age == 36, True),
        (Person.age > 40, False),
        (Person.age.between(30, 40) & Person.name.startswith("A"), True),
        (Person.name.is_in("Ada", "Grace"), True),
        (Person.tags.contains("math"), True),
        (Person.lucky.contains(8), False),
        (Person.address.city == "London", True),
        (Person.history[0] == "born", True),
        (Person.address.zip.exists(), True),
        (Person.visits.exists(), False),
        (Person.tags.is_type(), True),
        (size(Person.history) == 1, True),
        (~(Person.age == 36) | (Person.name == "Ada"), True),
        (Person.age != 36, False),
    ]:
        try:
            ada().save(condition=condition)
        except PutError as error:
            assert error.cause_response_code == "ConditionalCheckFailedException", condition
            assert not expected, condition
        else:
            assert expected, condition


def test_pynamodb_delete_with_conditions(pynamo):
    ada().save()
    with pytest.raises(DeleteError) as caught:
        ada().delete(condition=Person.age < 30)
    assert caught.value.cause_response_code == "ConditionalCheckFailedException"
    assert Person.get("a", 1).age == 36
    ada().delete(condition=(Person.age >= 30) & Person.address.city.exists())
    assert pynamo.items("pynamo-people") == []


def test_pynamodb_update_actions(pynamo):
    person = ada()
    person.save()
    person.update(
        actions=[
            Person.name.set("Ada Lovelace"),
            Person.age.set(Person.age + 1),
            Person.visits.set(Person.visits | 0),  # if_not_exists
            Person.tags.add({"poetry"}),
            Person.lucky.delete({7}),
            Person.history.set(Person.history.append(["married"])),
            Person.address.zip.remove(),
        ],
        condition=Person.age == 36,
    )
    assert (person.name, person.age, person.visits, person.tags) == ("Ada Lovelace", 37, 0, {"math", "poetry"})
    assert person.lucky is None  # DELETE emptied the set, which removes it
    assert person.history == ["born", "married"]
    person.update(
        actions=[Person.history.set(Person.history.prepend(["baptised"])), Person.visits.add(5), Person.age.set(Person.age - 1)]
    )
    stored = Person.get("a", 1, consistent_read=True)
    assert (stored.history, stored.visits, stored.age) == (["baptised", "born", "married"], 5, 36)
    assert stored.address.city == "London" and stored.address.zip is None


def test_pynamodb_update_condition_failure_changes_nothing(pynamo):
    person = ada()
    person.save()
    with pytest.raises(UpdateError) as caught:
        person.update(actions=[Person.age.set(99), Person.tags.remove()], condition=Person.name == "Grace")
    assert caught.value.cause_response_code == "ConditionalCheckFailedException"
    with pytest.raises(UpdateError) as caught:
        person.update(actions=[Person.age.set(Person.visits + 1)])  # visits is not there
    assert caught.value.cause_response_message == "The provided expression refers to an attribute that does not exist in the item"
    stored = Person.get("a", 1, consistent_read=True)
    assert (stored.age, stored.tags) == (36, {"math"})


def test_pynamodb_update_creates_the_item(pynamo):
    Person("new", 2).update(actions=[Person.visits.add(1), Person.history.set(["first"])])
    stored = Person.get("new", 2, consistent_read=True)
    assert (stored.visits, stored.history, stored.name) == (1, ["first"], None)
