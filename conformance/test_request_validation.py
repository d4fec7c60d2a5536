"""The checks AWS's service framework makes before DynamoDB's own logic, through boto3.

botocore validates parameters client-side by default; these tests turn that
off (``parameter_validation=False``) so that malformed requests reach the
endpoint, the way a request from another SDK, an old client or a hand-built
HTTP call does.

Every expected message is one real DynamoDB returned. Sources: the
paritysuite/dynamodb-conformance suite (registry/splits.json, captures/*.json,
tests/tier3, captured 2026-06 to 2026-10-09) unless a test says otherwise.
DynamoDB is rewording these messages region by region; where a capture shows
regions disagreeing, the fake must answer the newest wording (what eu-west-2
answers) and a real endpoint may answer any wording captured for it: see
`assert_message`.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conformance.conftest import IN_PROCESS
from conformance.helpers import unique_name

ENUM_RCC = "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
ENUM_RICM = "Member must satisfy enum value set: [SIZE, NONE]"
ENUM_RV_OLDER = "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
RV_SENTENCE = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]"
TABLE_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
NOT_NULL = "Member must not be null"
KEY = {"pk": {"S": "a"}}
KEY_SCHEMA = [{"AttributeName": "pk", "KeyType": "HASH"}]
ATTRIBUTES = [{"AttributeName": "pk", "AttributeType": "S"}]


def one(violation: str) -> str:
    return f"1 validation error detected: {violation}"


def at(value: str | None, path: str, rule: str) -> str:
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {rule}"


def newer(path: str, rule: str) -> str:
    return f"Value at '{path}' failed to satisfy constraint: {rule}"


@pytest.fixture
def absent() -> str:
    """A table name that exists nowhere: every answer here comes before the table is looked up."""
    return unique_name("absent")


def refusal(call: Callable[[], Any]) -> tuple[str, str]:
    """DynamoDB's error code and message for `call`; skip if the endpoint lacks the operation."""
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    if error.get("Code") == "UnknownOperationException":
        pytest.skip("the endpoint does not implement this operation")
    return error["Code"], error.get("Message", "")


def assert_message(call: Callable[[], Any], newest: str, *older: str, code: str = "ValidationException") -> None:
    """The newest captured wording from the fake; any captured wording from a real endpoint."""
    got_code, message = refusal(call)
    assert got_code == code, message
    if IN_PROCESS:
        assert message == newest
    else:
        assert message in (newest, *older)


# -- SerializationException ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "NUMBER_VALUE cannot be converted to String"),
        (5.5, "DECIMAL_VALUE cannot be converted to String"),
        (True, "TRUE_VALUE cannot be converted to String"),
        (False, "FALSE_VALUE cannot be converted to String"),
    ],
)
def test_a_number_or_boolean_where_a_string_belongs(unchecked_client: Any, value: Any, message: str) -> None:
    # Message texts: nubo-db/dynoxide's serialization checks, captured against DynamoDB.
    # (Not TableName: botocore resolves the endpoint from it and wants a string.)
    assert refusal(lambda: unchecked_client.list_tables(ExclusiveStartTableName=value)) == ("SerializationException", message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "STRING_VALUE cannot be converted to Integer"),
        (True, "TRUE_VALUE cannot be converted to Integer"),
    ],
)
def test_a_string_or_boolean_where_an_integer_belongs(unchecked_client: Any, value: Any, message: str) -> None:
    assert refusal(lambda: unchecked_client.list_tables(Limit=value)) == ("SerializationException", message)


def test_a_string_where_a_boolean_belongs(unchecked_client: Any, absent: str) -> None:
    assert refusal(lambda: unchecked_client.get_item(TableName=absent, Key=KEY, ConsistentRead="true")) == (
        "SerializationException",
        "Unexpected token received from parser",
    )


def test_a_number_where_a_boolean_belongs(unchecked_client: Any, absent: str) -> None:
    assert refusal(lambda: unchecked_client.get_item(TableName=absent, Key=KEY, ConsistentRead=1)) == (
        "SerializationException",
        "NUMBER_VALUE cannot be converted to Boolean",
    )


def test_a_wrong_type_inside_an_attribute_value(unchecked_client: Any, absent: str) -> None:
    assert refusal(lambda: unchecked_client.put_item(TableName=absent, Item={"pk": {"S": 5}})) == (
        "SerializationException",
        "NUMBER_VALUE cannot be converted to String",
    )


def test_a_wrong_type_comes_before_every_constraint(unchecked_client: Any) -> None:
    assert refusal(lambda: unchecked_client.get_item(TableName="", Key=KEY, ConsistentRead=1)) == (
        "SerializationException",
        "NUMBER_VALUE cannot be converted to Boolean",
    )


def test_unknown_members_are_ignored(client: Any, unchecked_client: Any, table: str) -> None:
    # botocore serialises only the members its model has, so add one to the body it built.
    unchecked_client.meta.events.register("before-call.dynamodb.PutItem", _add_unknown_members)
    unchecked_client.put_item(TableName=table, Item={"pk": {"S": "unknown-member"}})
    assert client.get_item(TableName=table, Key={"pk": {"S": "unknown-member"}})["Item"] == {"pk": {"S": "unknown-member"}}


def _add_unknown_members(params: dict[str, Any], **_: Any) -> None:
    body = json.loads(params["body"])
    body["NoSuchMember"] = {"nested": [1, "two"]}
    body["tablename"] = 5  # member names are case-sensitive
    params["body"] = json.dumps(body).encode()


# -- required members ----------------------------------------------------------------------------


def test_a_missing_table_name(unchecked_client: Any) -> None:
    assert refusal(lambda: unchecked_client.put_item(Item=KEY)) == (
        "ValidationException",
        one(at(None, "tableName", NOT_NULL)),
    )


def test_create_table_without_a_table_name(unchecked_client: Any) -> None:
    # nubo-db/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts.
    assert refusal(
        lambda: unchecked_client.create_table(KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST")
    ) == ("ValidationException", "The parameter 'TableName' is required but was not present in the request")


def test_a_missing_member_reports_every_violation_in_the_older_form(unchecked_client: Any) -> None:
    # UpdateItem without a Key: the other violations join it, member by member
    # (eu-west-2 and us-east-1 agree, 2026-10-09).
    update = {"UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": {"S": "x"}}}
    assert refusal(lambda: unchecked_client.update_item(TableName="", **update)) == (
        "ValidationException",
        "2 validation errors detected: "
        + at("", "tableName", "Member must have length greater than or equal to 1")
        + "; "
        + at(None, "key", NOT_NULL),
    )
    assert refusal(
        lambda: unchecked_client.update_item(TableName="", ReturnConsumedCapacity="INVALID", ReturnValues="INVALID", **update)
    ) == (
        "ValidationException",
        "4 validation errors detected: "
        + at("INVALID", "returnConsumedCapacity", ENUM_RCC)
        + "; "
        + at("", "tableName", "Member must have length greater than or equal to 1")
        + "; "
        + at("INVALID", "returnValues", ENUM_RV_OLDER)
        + "; "
        + at(None, "key", NOT_NULL),
    )


# -- table names -----------------------------------------------------------------------------------


def test_an_empty_table_name_is_reported_alone_in_the_newer_form(unchecked_client: Any) -> None:
    expected = one(newer("TableName", "Member must have length greater than or equal to 1"))
    older = (
        "2 validation errors detected: "
        + at("INVALID", "returnValues", ENUM_RV_OLDER)
        + "; "
        + at("", "tableName", "Member must have length greater than or equal to 1")
    )
    assert_message(lambda: unchecked_client.put_item(TableName="", Item={}, ReturnValues="INVALID"), expected, older)
    assert_message(lambda: unchecked_client.delete_item(TableName="", Key={}), expected)
    assert_message(lambda: unchecked_client.update_item(TableName="", Key={}), expected)


def test_table_names_break_dynamodbs_own_rules_in_the_older_form(unchecked_client: Any) -> None:
    long_name = "a" * 256
    assert refusal(lambda: unchecked_client.put_item(TableName=long_name, Item=KEY)) == (
        "ValidationException",
        one(at(long_name, "tableName", "Member must have length less than or equal to 255")),
    )
    assert refusal(lambda: unchecked_client.put_item(TableName="bad table!@#", Item=KEY)) == (
        "ValidationException",
        one(at("bad table!@#", "tableName", TABLE_PATTERN)),
    )
    assert refusal(
        lambda: unchecked_client.create_table(
            TableName="ab", KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTES, BillingMode="PAY_PER_REQUEST"
        )
    ) == ("ValidationException", one(at("ab", "tableName", "Member must have length greater than or equal to 3")))


# -- enums -------------------------------------------------------------------------------------------


def test_put_item_reports_three_bad_enums_together(unchecked_client: Any, absent: str) -> None:
    assert_message(
        lambda: unchecked_client.put_item(
            TableName=absent,
            Item=KEY,
            ReturnConsumedCapacity="INVALID",
            ReturnItemCollectionMetrics="INVALID",
            ReturnValues="INVALID",
        ),
        "3 validation errors detected: "
        + at("INVALID", "returnConsumedCapacity", ENUM_RCC)
        + "; "
        + RV_SENTENCE
        + "; "
        + at("INVALID", "returnItemCollectionMetrics", ENUM_RICM),
    )


def test_delete_item_reports_two_bad_enums_together(unchecked_client: Any, absent: str) -> None:
    assert_message(
        lambda: unchecked_client.delete_item(TableName=absent, Key=KEY, ReturnConsumedCapacity="INVALID", ReturnValues="INVALID"),
        "2 validation errors detected: " + at("INVALID", "returnConsumedCapacity", ENUM_RCC) + "; " + RV_SENTENCE,
    )


def test_update_item_stops_at_return_values(unchecked_client: Any, absent: str) -> None:
    assert_message(
        lambda: unchecked_client.update_item(TableName=absent, Key=KEY, ReturnValues="INVALID", ReturnConsumedCapacity="INVALID"),
        one(RV_SENTENCE),
        "2 validation errors detected: "
        + at("INVALID", "returnConsumedCapacity", ENUM_RCC)
        + "; "
        + at("INVALID", "returnValues", ENUM_RV_OLDER),
    )


def test_conditional_operator_in_the_newer_form(unchecked_client: Any, absent: str) -> None:
    # Bare, and ahead of an unknown Select (eu-west-2 and us-east-1, 2026-10-09).
    assert refusal(
        lambda: unchecked_client.query(
            TableName=absent,
            KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
            QueryFilter={"b": {"ComparisonOperator": "NULL"}, "c": {"ComparisonOperator": "NULL"}},
            ConditionalOperator="XOR",
            Select="BOGUS",
        )
    ) == ("ValidationException", "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]")


def test_an_enum_of_a_nested_structure(unchecked_client: Any) -> None:
    # nubo-db/dynamodb-conformance tests/tier3/error-messages/createTable.test.ts.
    assert refusal(
        lambda: unchecked_client.create_table(
            TableName=unique_name(),
            AttributeDefinitions=ATTRIBUTES,
            KeySchema=[{"AttributeName": "pk", "KeyType": "INVALID"}],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        )
    ) == (
        "ValidationException",
        one(at("INVALID", "keySchema.1.member.keyType", "Member must satisfy enum value set: [HASH, RANGE]")),
    )
    assert refusal(
        lambda: unchecked_client.create_table(
            TableName=unique_name(),
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "INVALID"}],
            KeySchema=KEY_SCHEMA,
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        )
    ) == (
        "ValidationException",
        one(at("INVALID", "attributeDefinitions.1.member.attributeType", "Member must satisfy enum value set: [B, N, S]")),
    )


def test_billing_mode_lists_its_values_in_dynamodbs_order(unchecked_client: Any) -> None:
    code, message = refusal(
        lambda: unchecked_client.create_table(
            TableName=unique_name(), AttributeDefinitions=ATTRIBUTES, KeySchema=KEY_SCHEMA, BillingMode="INVALID_MODE"
        )
    )
    assert code == "ValidationException"
    assert message == one(
        at("INVALID_MODE", "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")
    )


# -- lengths and ranges -------------------------------------------------------------------------------


def test_a_list_longer_than_allowed_is_echoed_java_style(unchecked_client: Any) -> None:
    key_schema = [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
        {"AttributeName": "extra", "KeyType": "RANGE"},
    ]
    attributes = [{"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "extra")]
    echoed = (
        "[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), "
        "KeySchemaElement(attributeName=extra, keyType=RANGE)]"
    )
    assert refusal(
        lambda: unchecked_client.create_table(
            TableName=unique_name(),
            AttributeDefinitions=attributes,
            KeySchema=key_schema,
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
        )
    ) == ("ValidationException", one(at(echoed, "keySchema", "Member must have length less than or equal to 2")))


def test_index_name_errors_list_the_global_index_first(unchecked_client: Any) -> None:
    # Whichever order the request lists them in (eu-west-2 and us-east-1, 2026-10-09).
    def too_short(name: str, member: str) -> str:
        return at(name, f"{member}.1.member.indexName", "Member must have length greater than or equal to 3")

    lsi = {
        "IndexName": "l1",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lr", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
    }
    gsi = {"IndexName": "g1", "KeySchema": [{"AttributeName": "gh", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
    assert refusal(
        lambda: unchecked_client.create_table(
            TableName=unique_name(),
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            LocalSecondaryIndexes=[lsi],
            GlobalSecondaryIndexes=[gsi],
        )
    ) == (
        "ValidationException",
        "2 validation errors detected: "
        + too_short("g1", "globalSecondaryIndexes")
        + "; "
        + too_short("l1", "localSecondaryIndexes"),
    )


def test_a_value_below_its_minimum(unchecked_client: Any, absent: str) -> None:
    assert_message(
        lambda: unchecked_client.scan(TableName=absent, Limit=0),
        one(newer("Limit", "Member must have value greater than or equal to 1")),
        one(at("0", "limit", "Member must have value greater than or equal to 1")),
    )
    assert_message(
        lambda: unchecked_client.scan(TableName=absent, Segment=-1, TotalSegments=2),
        one(newer("Segment", "Member must have value greater than or equal to 0")),
        one(at("-1", "segment", "Member must have value greater than or equal to 0")),
    )


def test_empty_request_items(unchecked_client: Any) -> None:
    expected = one(newer("RequestItems", "Member must have length greater than or equal to 1"))
    assert_message(
        lambda: unchecked_client.batch_get_item(RequestItems={}),
        expected,
        "The requestItems parameter is required for BatchGetItem",
    )
    assert_message(
        lambda: unchecked_client.batch_write_item(RequestItems={}),
        expected,
        "The requestItems parameter is required for BatchWriteItem",
    )


def test_batch_get_item_keys_lengths(unchecked_client: Any, absent: str) -> None:
    assert refusal(lambda: unchecked_client.batch_get_item(RequestItems={absent: {"Keys": []}})) == (
        "ValidationException",
        one(newer(f"RequestItems.{absent}.member.Keys", "Member must have length greater than or equal to 1")),
    )


def test_batch_get_item_reports_a_bad_table_name_with_the_enum(unchecked_client: Any) -> None:
    assert refusal(
        lambda: unchecked_client.batch_get_item(RequestItems={"bad!name": {"Keys": [KEY]}}, ReturnConsumedCapacity="BOGUS")
    ) == (
        "ValidationException",
        "2 validation errors detected: "
        + at(
            '{"bad!name":{"Keys":[{"pk":{"S":"a"}}]}}',
            "requestItems",
            "Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
            "Member must have length greater than or equal to 3, " + TABLE_PATTERN + "]",
        )
        + "; "
        + at("BOGUS", "returnConsumedCapacity", ENUM_RCC),
    )


def test_batch_write_item_reports_the_enums_before_its_map(unchecked_client: Any, absent: str) -> None:
    requests = [{"PutRequest": {"Item": KEY}}]
    assert refusal(lambda: unchecked_client.batch_write_item(RequestItems={"bad!name": requests}, ReturnConsumedCapacity="BOGUS")) == (
        "ValidationException",
        one(at("BOGUS", "returnConsumedCapacity", ENUM_RCC)),
    )
    assert refusal(
        lambda: unchecked_client.batch_write_item(
            RequestItems={absent: requests}, ReturnConsumedCapacity="BOGUS", ReturnItemCollectionMetrics="BOGUS2"
        )
    ) == (
        "ValidationException",
        "2 validation errors detected: "
        + at("BOGUS", "returnConsumedCapacity", ENUM_RCC)
        + "; "
        + at("BOGUS2", "returnItemCollectionMetrics", ENUM_RICM),
    )


def test_batch_write_item_with_an_empty_request_list(unchecked_client: Any, absent: str) -> None:
    assert refusal(lambda: unchecked_client.batch_write_item(RequestItems={absent: []})) == (
        "ValidationException",
        one(
            at(
                f"{{{absent}=[]}}",
                "requestItems",
                "Map value must satisfy constraint: [Member must have length less than or equal to 25, "
                "Member must have length greater than or equal to 1]",
            )
        ),
    )


def test_transact_write_items_lengths(unchecked_client: Any, absent: str) -> None:
    assert_message(
        lambda: unchecked_client.transact_write_items(TransactItems=[]),
        one(newer("TransactItems", "Member must have length greater than or equal to 1")),
        one(at("[]", "transactItems", "Member must have length greater than or equal to 1")),
    )
    token = "x" * 37
    put = [{"Put": {"TableName": absent, "Item": KEY}}]
    assert_message(
        lambda: unchecked_client.transact_write_items(TransactItems=put, ClientRequestToken=token, ReturnConsumedCapacity="BOGUS"),
        one(newer("ClientRequestToken", "Member must have length less than or equal to 36")),
        "2 validation errors detected: "
        + at(token, "clientRequestToken", "Member must have length less than or equal to 36")
        + "; "
        + at("BOGUS", "returnConsumedCapacity", ENUM_RCC),
    )


def test_transact_get_items_keeps_the_older_form(unchecked_client: Any) -> None:
    assert_message(
        lambda: unchecked_client.transact_get_items(TransactItems=[]),
        one(at("[]", "transactItems", "Member must have length greater than or equal to 1")),
        one(newer("TransactItems", "Member must have length greater than or equal to 1")),
    )


def test_a_failed_validation_writes_nothing(client: Any, unchecked_client: Any, table: str) -> None:
    assert refusal(lambda: unchecked_client.put_item(TableName=table, Item={"pk": {"S": "v"}}, ReturnConsumedCapacity="ALL"))[0] == (
        "ValidationException"
    )
    assert "Item" not in client.get_item(TableName=table, Key={"pk": {"S": "v"}}, ConsistentRead=True)
