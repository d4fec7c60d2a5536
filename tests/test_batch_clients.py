"""Batches and transactions through the higher-level clients: boto3's resource and PynamoDB.

The conformance tests (conformance/test_batch.py, test_transactions.py) pin
what DynamoDB answers through a plain client; these check that the flows the
libraries build on top of it work end to end: the resource's batch writer
(buffering, de-duplication by key, retrying UnprocessedItems), its
batch_get_item with Python values, PynamoDB's Model.batch_write and
Model.batch_get, and PynamoDB's TransactWrite / TransactGet with conditions
and the cancellation reasons it parses from DynamoDB's answer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

import boto3
import pytest
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import TransactGetError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactGet, TransactWrite

import fakedynamo

REGION = "us-east-1"


def create_table(client: Any, name: str, sort: bool = True) -> None:
    schema = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort:
        schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "N"})
    client.create_table(TableName=name, KeySchema=schema, AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST")


# -- boto3 resource -------------------------------------------------------------------


@pytest.fixture
def resource() -> Iterator[Any]:
    with fakedynamo.mock_dynamodb():
        resource = boto3.resource("dynamodb", region_name=REGION)
        create_table(resource.meta.client, "things")
        create_table(resource.meta.client, "others", sort=False)
        yield resource


def test_batch_writer_flushes_in_batches_of_25(resource):
    table = resource.Table("things")
    with table.batch_writer() as writer:
        for i in range(60):
            writer.put_item(Item={"pk": "p", "sk": i, "doc": {"n": Decimal(i), "tags": {"a", "b"}}})
        writer.delete_item(Key={"pk": "p", "sk": 0})
    items = table.query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": "p"})["Items"]
    assert [item["sk"] for item in items] == list(range(1, 60))
    assert items[0]["doc"] == {"n": Decimal(1), "tags": {"a", "b"}}


def test_batch_writer_overwrite_by_pkeys_keeps_the_last_request_for_a_key(resource):
    table = resource.Table("things")
    with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as writer:
        writer.put_item(Item={"pk": "k", "sk": 1, "v": "first"})
        writer.put_item(Item={"pk": "k", "sk": 1, "v": "second"})
        writer.put_item(Item={"pk": "k", "sk": 2, "v": "doomed"})
        writer.delete_item(Key={"pk": "k", "sk": 2})
    assert table.get_item(Key={"pk": "k", "sk": 1})["Item"]["v"] == "second"
    assert "Item" not in table.get_item(Key={"pk": "k", "sk": 2})


def test_batch_writer_without_dedup_refuses_a_repeated_key(resource):
    table = resource.Table("things")
    with pytest.raises(Exception) as caught:
        with table.batch_writer() as writer:
            writer.put_item(Item={"pk": "k", "sk": 1})
            writer.put_item(Item={"pk": "k", "sk": 1})
    assert "Provided list of item keys contains duplicates" in str(caught.value)


def test_resource_batch_get_item_across_tables(resource):
    things, others = resource.Table("things"), resource.Table("others")
    things.put_item(Item={"pk": "a", "sk": 1, "n": Decimal("1.5"), "m": {"x": "y"}})
    others.put_item(Item={"pk": "b", "v": "w"})
    response = resource.batch_get_item(
        RequestItems={
            "things": {"Keys": [{"pk": "a", "sk": 1}, {"pk": "a", "sk": 2}], "ProjectionExpression": "n, m.x"},
            "others": {"Keys": [{"pk": "b"}], "ConsistentRead": True},
        }
    )
    assert response["Responses"]["things"] == [{"n": Decimal("1.5"), "m": {"x": "y"}}]
    assert response["Responses"]["others"] == [{"pk": "b", "v": "w"}]
    assert response["UnprocessedKeys"] == {}


def test_resource_transact_write_through_its_client(resource):
    client = resource.meta.client  # the resource's client speaks Python values (not condition objects here)
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "others", "Item": {"pk": "x", "n": 1}, "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": {"TableName": "things", "Key": {"pk": "x", "sk": 1}, "UpdateExpression": "SET s = :s", "ExpressionAttributeValues": {":s": {"a"}}}},
        ]
    )
    assert resource.Table("things").get_item(Key={"pk": "x", "sk": 1})["Item"]["s"] == {"a"}
    with pytest.raises(client.exceptions.TransactionCanceledException) as caught:
        client.transact_write_items(
            TransactItems=[{"Put": {"TableName": "others", "Item": {"pk": "x"}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]
        )
    reasons = caught.value.response["CancellationReasons"]  # errors are not deserialised by the resource
    assert reasons == [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed", "Item": {"pk": {"S": "x"}, "n": {"N": "1"}}}]


# -- PynamoDB -------------------------------------------------------------------------


class Account(Model):
    class Meta:
        table_name = "pynamo-accounts"
        region = REGION
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = NumberAttribute(range_key=True)
    owner = UnicodeAttribute(null=True)
    balance = NumberAttribute(default=0)


class Ledger(Model):
    class Meta:
        table_name = "pynamo-ledger"
        region = REGION
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = NumberAttribute(range_key=True)
    amount = NumberAttribute(null=True)


@pytest.fixture
def pynamo() -> Iterator[Connection]:
    with fakedynamo.mock_dynamodb():
        for model in (Account, Ledger):
            model._connection = None
            model.create_table(wait=True)
        yield Connection(region=REGION)
    Account._connection = Ledger._connection = None


def test_pynamodb_batch_write_and_batch_get(pynamo):
    with Account.batch_write() as batch:
        for i in range(40):
            batch.save(Account("acct", i, owner=f"owner-{i}", balance=i * 10))
    with Account.batch_write() as batch:
        batch.delete(Account("acct", 0))
    keys = [("acct", i) for i in range(45)]
    got = sorted(Account.batch_get(keys), key=lambda a: a.sk)
    assert [a.sk for a in got] == list(range(1, 40))
    assert got[0].owner == "owner-1" and got[-1].balance == 390
    some = list(Account.batch_get([("acct", 5), ("acct", 6)], attributes_to_get=["pk", "sk", "owner"]))
    assert {a.owner for a in some} == {"owner-5", "owner-6"} and all(a.balance == 0 for a in some)


def test_pynamodb_transact_write_all_or_nothing(pynamo):
    Account("alice", 1, balance=100).save()
    Account("bob", 1, balance=0).save()
    with TransactWrite(connection=pynamo) as transaction:
        transaction.update(
            Account("alice", 1), actions=[Account.balance.add(-30)], condition=Account.balance >= 30
        )
        transaction.update(Account("bob", 1), actions=[Account.balance.add(30)])
        transaction.save(Ledger("t1", 1, amount=30), condition=Ledger.pk.does_not_exist())
    assert Account.get("alice", 1).balance == 70 and Account.get("bob", 1).balance == 30

    with pytest.raises(TransactWriteError) as caught:
        with TransactWrite(connection=pynamo) as transaction:
            transaction.update(
                Account("alice", 1), actions=[Account.balance.add(-500)], condition=Account.balance >= 500
            )
            transaction.update(Account("bob", 1), actions=[Account.balance.add(500)])
            transaction.save(Ledger("t1", 1, amount=500), condition=Ledger.pk.does_not_exist())
    error = caught.value
    assert error.cause_response_code == "TransactionCanceledException"
    # PynamoDB sends condition checks, deletes, puts, then updates: the ledger entry comes first.
    assert error.cause_response_message == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[ConditionalCheckFailed, ConditionalCheckFailed, None]"
    )
    reasons = error.cancellation_reasons
    assert reasons[2] is None
    assert reasons[0].code == "ConditionalCheckFailed" and reasons[0].message == "The conditional request failed"
    assert reasons[1].code == "ConditionalCheckFailed"
    assert Account.get("alice", 1).balance == 70 and Account.get("bob", 1).balance == 30


def test_pynamodb_transact_write_condition_check_returns_the_old_item(pynamo):
    Account("carol", 1, owner="carol", balance=5).save()
    with pytest.raises(TransactWriteError) as caught:
        with TransactWrite(connection=pynamo) as transaction:
            transaction.condition_check(Account, "carol", 1, condition=Account.balance > 10)
            transaction.delete(Ledger("anything", 1))
    reasons = caught.value.cancellation_reasons
    assert reasons[0].code == "ConditionalCheckFailed" and reasons[1] is None


def test_pynamodb_transact_write_validation_error_reason(pynamo):
    client = boto3.client("dynamodb", region_name=REGION)
    client.put_item(TableName="pynamo-accounts", Item={"pk": {"S": "dave"}, "sk": {"N": "1"}, "balance": {"S": "lots"}})
    with pytest.raises(TransactWriteError) as caught:
        with TransactWrite(connection=pynamo) as transaction:
            transaction.update(Account("dave", 1), actions=[Account.balance.set(Account.balance + 1)])
    reason = caught.value.cancellation_reasons[0]
    assert reason.code == "ValidationError"
    assert reason.message == "An operand in the update expression has an incorrect data type"


def test_pynamodb_transact_write_idempotent_token(pynamo):
    Account("erin", 1, balance=0).save()
    for _ in range(3):
        with TransactWrite(connection=pynamo, client_request_token="erin-deposit-1") as transaction:
            transaction.update(Account("erin", 1), actions=[Account.balance.add(10)])
    assert Account.get("erin", 1).balance == 10


def test_a_client_request_token_lives_ten_minutes():
    now = [1_000_000.0]
    with fakedynamo.mock_dynamodb(clock=lambda: now[0]):
        client = boto3.client("dynamodb", region_name=REGION)
        create_table(client, "tokens", sort=False)
        add = [{"Update": {"TableName": "tokens", "Key": {"pk": {"S": "n"}}, "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]

        def count() -> str:
            return client.get_item(TableName="tokens", Key={"pk": {"S": "n"}})["Item"]["n"]["N"]

        client.transact_write_items(TransactItems=add, ClientRequestToken="t-1")
        now[0] += 599
        client.transact_write_items(TransactItems=add, ClientRequestToken="t-1")
        assert count() == "1"
        now[0] += 2  # ten minutes after the first call: the token is new again
        client.transact_write_items(TransactItems=add, ClientRequestToken="t-1")
        assert count() == "2"
        client.execute_statement(Statement="INSERT INTO \"tokens\" VALUE {'pk': 'x'}")
        for _ in range(2):
            client.execute_transaction(
                TransactStatements=[{"Statement": "UPDATE \"tokens\" SET n = n + 1 WHERE pk = 'n'"}], ClientRequestToken="t-2"
            )
        assert count() == "3"


def test_pynamodb_transact_get(pynamo):
    Account("frank", 1, owner="frank", balance=3).save()
    Ledger("frank", 1, amount=7).save()
    with TransactGet(connection=pynamo) as transaction:
        account = transaction.get(Account, "frank", 1)
        entry = transaction.get(Ledger, "frank", 1)
        missing = transaction.get(Ledger, "nobody", 1)
    assert account.get().balance == 3 and entry.get().amount == 7
    with pytest.raises(Ledger.DoesNotExist):
        missing.get()


def test_pynamodb_transact_get_error(pynamo):
    class WrongKey(Model):
        class Meta:
            table_name = "pynamo-ledger"
            region = REGION

        pk = NumberAttribute(hash_key=True)  # the table says S
        sk = NumberAttribute(range_key=True)

    with pytest.raises(TransactGetError) as caught:
        with TransactGet(connection=pynamo) as transaction:
            transaction.get(WrongKey, 1, 1)
    assert caught.value.cancellation_reasons[0].code == "ValidationError"
    assert caught.value.cancellation_reasons[0].message == "The provided key element does not match the schema"
