"""Which error DynamoDB reports when a request holds a value nested past its limits
and something else is wrong as well.

Source: paritysuite/dynamodb-conformance tests/tier3/validation-ordering/
deepRequests.test.ts and transactions.test.ts, and error-messages/
transactWriteItems.test.ts (eu-west-2 and us-east-1, 2026-10-08/09; the Scan
and transaction cases in ten regions). Every table here is absent: each answer
comes before the table is looked up. Where regions split, fakedynamo gives
eu-west-2's answer (the newest validation) and a real endpoint may give either.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of, unique_name

NEST = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
XOR_OLDER = (
    "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
    "Member must satisfy enum value set: [OR, AND]"
)
RV_OLDER = (
    "1 validation error detected: Value 'BOGUS' at 'returnValues' failed to satisfy constraint: "
    "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
)
SYNTAX = 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'
EMPTY_NAME = "Empty attribute name"


def S(value: str) -> dict[str, str]:
    return {"S": value}


def deep(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = S("leaf")
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def key(pk: dict[str, Any]) -> dict[str, Any]:
    return {"pk": pk, "sk": S("1")}


@pytest.fixture
def absent() -> str:
    return unique_name("deep-absent")


def refused(call: Callable[[], Any], newest: str, *older: str) -> None:
    code, message = error_of(call)
    assert code == "ValidationException", message
    assert message == newest if IN_PROCESS else message in (newest, *older), message


# -- legacy conditions: the older enum form past the second limit ---------------------------------


def test_put_and_update_report_xor_in_the_older_form_ahead_of_a_deep_expected_value(unchecked_client, absent):
    expected = {"a": {"Value": deep(100)}, "b": {"Exists": False}}
    refused(
        lambda: unchecked_client.put_item(TableName=absent, Item=key(S("a")), Expected=expected, ConditionalOperator="XOR"),
        XOR_OLDER,
    )
    refused(
        lambda: unchecked_client.update_item(
            TableName=absent,
            Key=key(S("a")),
            AttributeUpdates={"x": {"Action": "PUT", "Value": S("1")}},
            Expected=expected,
            ConditionalOperator="XOR",
        ),
        XOR_OLDER,
    )


def test_scan_with_one_deep_filter_condition_and_a_conditional_operator(unchecked_client, absent):
    refused(
        lambda: unchecked_client.scan(
            TableName=absent,
            ScanFilter={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [deep(40)]}},
            ConditionalOperator="AND",
        ),
        "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        NEST,
    )


# -- DeleteItem's ReturnValues ----------------------------------------------------------------------


def test_delete_item_return_values_in_the_older_form_past_the_second_limit(unchecked_client, absent):
    def condition(depth: int) -> dict[str, Any]:
        return {
            "ConditionExpression": "#d = :deep",
            "ExpressionAttributeNames": {"#d": "d"},
            "ExpressionAttributeValues": {":deep": deep(depth)},
        }

    delete = unchecked_client.delete_item
    refused(lambda: delete(TableName=absent, Key=key(S("a")), ReturnValues="BOGUS", **condition(63)), RV_OLDER)
    refused(lambda: delete(TableName=absent, Key=key(S("a")), Expected={"d": {"Value": deep(63)}}, ReturnValues="BOGUS"), RV_OLDER)
    refused(lambda: delete(TableName=absent, Key=key(deep(100)), ReturnValues="BOGUS"), RV_OLDER)
    refused(
        lambda: delete(TableName=absent, Key=key(S("a")), ReturnValues="UPDATED_NEW", **condition(100)),
        "ReturnValues can only be ALL_OLD or NONE",
    )


# -- TransactWriteItems: action by action, in request order -----------------------------------------


def transact(client: Any, *actions: dict[str, Any]) -> Callable[[], Any]:
    return lambda: client.transact_write_items(TransactItems=list(actions))


def test_transaction_actions_are_checked_in_request_order(client, absent):
    def put(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {"Put": {"TableName": absent, "Item": item, **extra}}

    def check(pk: dict[str, Any], condition: str = "attribute_exists(a)", **extra: Any) -> dict[str, Any]:
        return {"ConditionCheck": {"TableName": absent, "Key": key(pk), "ConditionExpression": condition, **extra}}

    empty_name = put({**key(S("a")), "": S("x")})
    refused(transact(client, put({**key(S("b")), "d": deep(40)}), empty_name), NEST)
    refused(transact(client, empty_name, put({**key(S("b")), "d": deep(100)})), EMPTY_NAME)
    refused(transact(client, put({**key(S("a")), "": S("x"), "d": deep(100)})), EMPTY_NAME)
    refused(transact(client, put({**key(S("a")), "d": deep(100), "": S("x")})), EMPTY_NAME)
    refused(transact(client, put({**key(S("a")), "m": {"M": {"": S("x")}}, "d": deep(40)})), NEST)
    refused(
        transact(client, empty_name, check(S("b"), "d = :deep", ExpressionAttributeValues={":deep": deep(100)})),
        EMPTY_NAME,
    )
    refused(
        transact(client, check(S("b"), "d = :deep", ExpressionAttributeValues={":deep": deep(40)}), empty_name),
        NEST,
        f"ExpressionAttributeValues contains invalid value: {NEST} for key :deep",
    )
    update = {
        "Update": {
            "TableName": absent,
            "Key": key(S("a")),
            "UpdateExpression": "SET d = :deep",
            "ExpressionAttributeValues": {":deep": deep(40)},
        }
    }
    refused(
        transact(client, update, put({**key(S("b")), "": S("x")})),
        NEST,
        f"ExpressionAttributeValues contains invalid value: {NEST} for key :deep",
    )
    bad_condition = put(key(S("a")), ConditionExpression="a = = b")
    refused(transact(client, {"Delete": {"TableName": absent, "Key": key(deep(40))}}, bad_condition), NEST)
    unused = {
        "Update": {
            "TableName": absent,
            "Key": key(S("a")),
            "UpdateExpression": "SET a = :v",
            "ExpressionAttributeValues": {":v": S("x"), ":u": S("y")},
        }
    }
    refused(transact(client, check(deep(40)), unused), NEST)
    refused(transact(client, bad_condition, {"Delete": {"TableName": absent, "Key": key(deep(100))}}), SYNTAX)
    refused(
        transact(client, {"Delete": {"TableName": absent, "Key": key(deep(100)), "ConditionExpression": "a = = b"}}),
        SYNTAX,
    )
    refused(transact(client, unused, check(deep(100))), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}")


def test_an_oversized_expression_is_reported_before_a_deep_key(client, absent):
    condition = "a = :v" + " AND a = :v" * 373
    refused(
        transact(
            client,
            {
                "Delete": {
                    "TableName": absent,
                    "Key": key(deep(100)),
                    "ConditionExpression": condition,
                    "ExpressionAttributeValues": {":v": S("x")},
                }
            },
        ),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4109",
    )
    update = "SET " + ", ".join(f"a{i} = :v" for i in range(500))
    refused(
        transact(
            client,
            {"Update": {"TableName": absent, "Key": key(S("a")), "UpdateExpression": update, "ExpressionAttributeValues": {":v": S("x")}}},
            {"ConditionCheck": {"TableName": absent, "Key": key(deep(100)), "ConditionExpression": "attribute_exists(a)"}},
        ),
        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;",
    )


def test_an_action_with_no_operation(unchecked_client):
    refused(
        lambda: unchecked_client.transact_write_items(TransactItems=[{}]),
        "1 validation error detected: Value '' at 'transactItems' failed to satisfy constraint: "
        "TransactWriteRequest should contain Delete or Put or Update or ConditionCheck",
        "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request",
    )
