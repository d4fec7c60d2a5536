"""TransactWriteItems and TransactGetItems as real DynamoDB answers them.

Sources: paritysuite/dynamodb-conformance, captured against real DynamoDB
(eu-west-2 and us-east-1, 2026-06 to 2026-10-09):
tests/tier3/error-messages/transactWriteItems.test.ts and
transactGetItems.test.ts, validation-ordering/transactions.test.ts,
limits/nestingDepth.test.ts, error-messages/valueLayers.test.ts, and
captures/2026-10-08-transact-write-rollout.json; capacity figures from the
suite's transaction ConsumedCapacity tests (PRs #67 and #74).

Where regions disagree mid-rollout, a real endpoint may give either captured
answer, and fakedynamo must give the newest (eu-west-2's since 2026-10-08,
when it began validating a transaction's whole request before running it).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of, unique_name

CONDITION_FAILED = "The conditional request failed"
SCHEMA = "The provided key element does not match the schema"
MULTIPLE = "Transaction request cannot include multiple operations on one item"
NESTING = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
)
NOT_NUMERIC = "The parameter cannot be converted to a numeric value"


def S(value: str) -> dict[str, str]:
    return {"S": value}


def N(value: str) -> dict[str, str]:
    return {"N": value}


def key(pk: str) -> dict[str, Any]:
    return {"pk": S(pk)}


def cancelled_message(*codes: str) -> str:
    return f"Transaction cancelled, please refer cancellation reasons for specific reasons [{', '.join(codes)}]"


def empty_key(kind: str = "string") -> str:
    return (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
        f"contain an empty {kind} value. Key: pk"
    )


def deep_map(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = S("leaf")
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def stored(client: Any, table: str, pk: str) -> dict[str, Any] | None:
    return client.get_item(TableName=table, Key=key(pk), ConsistentRead=True).get("Item")


def cancellation(call: Callable[[], Any]) -> tuple[str, list[dict[str, Any]]]:
    """The message and CancellationReasons of a TransactionCanceledException."""
    with pytest.raises(ClientError) as caught:
        call()
    response = caught.value.response
    assert response["Error"]["Code"] == "TransactionCanceledException", response["Error"]
    return response["Error"]["Message"], response["CancellationReasons"]


def refused(call: Callable[[], Any], message: str, code: str = "ValidationException") -> None:
    assert error_of(call) == (code, message)


def either(call: Callable[[], Any], newest: str, *older: str) -> None:
    """A ValidationException in the newest wording from the fake, any captured wording from a real endpoint."""
    code, message = error_of(call)
    assert code == "ValidationException", message
    assert message == newest if IN_PROCESS else message in (newest, *older)


def put(table: str, item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"Put": {"TableName": table, "Item": item, **extra}}


# -- TransactWriteItems: the round trip ----------------------------------------------


def test_every_action_kind_applies_together(client, make_table):
    first, second = make_table(), make_table()
    client.put_item(TableName=first, Item={"pk": S("counter"), "n": N("1")})
    client.put_item(TableName=first, Item={"pk": S("doomed")})
    client.put_item(TableName=second, Item={"pk": S("guard"), "open": {"BOOL": True}})
    response = client.transact_write_items(
        TransactItems=[
            put(first, {"pk": S("new"), "v": S("x")}, ConditionExpression="attribute_not_exists(pk)"),
            {"Update": {"TableName": first, "Key": key("counter"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": N("1")}}},
            {"Delete": {"TableName": first, "Key": key("doomed")}},
            {"ConditionCheck": {"TableName": second, "Key": key("guard"), "ConditionExpression": "#o = :t", "ExpressionAttributeNames": {"#o": "open"}, "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ]
    )
    assert "ConsumedCapacity" not in response and "ItemCollectionMetrics" not in response
    assert stored(client, first, "new") == {"pk": S("new"), "v": S("x")}
    assert stored(client, first, "counter")["n"] == N("2")
    assert stored(client, first, "doomed") is None


def test_an_update_creates_a_missing_item(client, table):
    client.transact_write_items(
        TransactItems=[{"Update": {"TableName": table, "Key": key("fresh"), "UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": S("b")}}}]
    )
    assert stored(client, table, "fresh") == {"pk": S("fresh"), "a": S("b")}


# -- cancellation ---------------------------------------------------------------------


def test_a_failed_condition_cancels_everything(client, table):
    client.put_item(TableName=table, Item={"pk": S("taken"), "v": S("old")})
    message, reasons = cancellation(
        lambda: client.transact_write_items(
            TransactItems=[
                put(table, {"pk": S("fresh")}, ConditionExpression="attribute_not_exists(pk)"),
                put(table, {"pk": S("taken"), "v": S("new")}, ConditionExpression="attribute_not_exists(pk)"),
            ]
        )
    )
    assert message == cancelled_message("None", "ConditionalCheckFailed")
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert reasons[1]["Message"] == CONDITION_FAILED
    assert "Item" not in reasons[1]
    assert stored(client, table, "fresh") is None
    assert stored(client, table, "taken") == {"pk": S("taken"), "v": S("old")}


def test_every_failed_condition_is_reported(client, table):
    for pk in ("one", "two"):
        client.put_item(TableName=table, Item={"pk": S(pk)})
    message, reasons = cancellation(
        lambda: client.transact_write_items(
            TransactItems=[put(table, {"pk": S(pk)}, ConditionExpression="attribute_not_exists(pk)") for pk in ("one", "two")]
        )
    )
    assert message == cancelled_message("ConditionalCheckFailed", "ConditionalCheckFailed")
    assert [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "ConditionalCheckFailed"]


def test_return_values_on_condition_check_failure(client, table):
    client.put_item(TableName=table, Item={"pk": S("c"), "state": S("closed")})
    _, reasons = cancellation(
        lambda: client.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": table, "Key": key("c"), "ConditionExpression": "#s = :o", "ExpressionAttributeNames": {"#s": "state"}, "ExpressionAttributeValues": {":o": S("open")}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                {"Delete": {"TableName": table, "Key": key("absent"), "ConditionExpression": "attribute_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            ]
        )
    )
    assert reasons[0]["Code"] == "ConditionalCheckFailed"
    assert reasons[0]["Item"] == {"pk": S("c"), "state": S("closed")}
    assert reasons[1]["Code"] == "ConditionalCheckFailed" and "Item" not in reasons[1]


def test_a_put_key_of_the_wrong_type_cancels(client, table):
    for bad, actual in (({"N": "5"}, "N"), ({"L": [S("x")]}, "L")):
        message, reasons = cancellation(lambda: client.transact_write_items(TransactItems=[put(table, {"pk": bad})]))
        assert message == cancelled_message("ValidationError")
        assert reasons == [
            {"Code": "ValidationError", "Message": f"One or more parameter values were invalid: Type mismatch for key pk expected: S actual: {actual}"}
        ]


@pytest.mark.parametrize("kind", ["Update", "Delete", "ConditionCheck"])
def test_a_lookup_key_of_the_wrong_type_cancels_with_the_schema_mismatch(client, table, kind):
    action: dict[str, Any] = {"TableName": table, "Key": {"pk": N("5")}}
    if kind == "Update":
        action.update(UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": S("x")})
    if kind == "ConditionCheck":
        action["ConditionExpression"] = "attribute_not_exists(pk)"
    _, reasons = cancellation(lambda: client.transact_write_items(TransactItems=[{kind: action}]))
    assert reasons == [{"Code": "ValidationError", "Message": SCHEMA}]


def test_an_update_with_the_wrong_operand_type_cancels(client, table):
    client.put_item(TableName=table, Item={"pk": S("t"), "s": S("text")})
    _, reasons = cancellation(
        lambda: client.transact_write_items(
            TransactItems=[
                put(table, key("other")),
                {"Update": {"TableName": table, "Key": key("t"), "UpdateExpression": "SET s = s + :one", "ExpressionAttributeValues": {":one": N("1")}}},
            ]
        )
    )
    assert reasons == [
        {"Code": "None"},
        {"Code": "ValidationError", "Message": "An operand in the update expression has an incorrect data type"},
    ]
    assert stored(client, table, "other") is None


def test_an_update_that_makes_the_item_too_large_cancels(client, table):
    big = S("x" * 409_600)
    _, reasons = cancellation(
        lambda: client.transact_write_items(
            TransactItems=[{"Update": {"TableName": table, "Key": key("big"), "UpdateExpression": "SET p = :p", "ExpressionAttributeValues": {":p": big}}}]
        )
    )
    assert reasons[0]["Code"] == "ValidationError"
    assert "Item size to update has exceeded the maximum allowed size" in reasons[0]["Message"]


# -- refused before the transaction runs ------------------------------------------


def test_two_actions_on_one_item(client, table):
    refused(
        lambda: client.transact_write_items(
            TransactItems=[put(table, key("dup")), {"Delete": {"TableName": table, "Key": key("dup")}}]
        ),
        MULTIPLE,
    )
    refused(
        lambda: client.transact_write_items(
            TransactItems=[
                {"ConditionCheck": {"TableName": table, "Key": key("dup"), "ConditionExpression": "attribute_not_exists(pk)"}},
                put(table, key("dup")),
            ]
        ),
        MULTIPLE,
    )
    assert stored(client, table, "dup") is None


def test_a_missing_table(client, table):
    refused(
        lambda: client.transact_write_items(TransactItems=[put(table, key("a")), put(unique_name("absent"), key("a"))]),
        "Requested resource not found",
        "ResourceNotFoundException",
    )
    assert stored(client, table, "a") is None


@pytest.mark.parametrize("kind", ["Put", "Update", "Delete", "ConditionCheck"])
def test_an_empty_key_value_is_refused_up_front(client, table, make_table, kind):
    def action(table_name: str, value: dict[str, Any]) -> dict[str, Any]:
        if kind == "Put":
            return put(table_name, {"pk": value})
        body: dict[str, Any] = {"TableName": table_name, "Key": {"pk": value}}
        if kind == "Update":
            body.update(UpdateExpression="SET a = :v", ExpressionAttributeValues={":v": S("x")})
        if kind == "ConditionCheck":
            body["ConditionExpression"] = "attribute_not_exists(pk)"
        return {kind: body}

    refused(lambda: client.transact_write_items(TransactItems=[action(table, S(""))]), empty_key())
    binary = make_table(hash_type="B")
    refused(lambda: client.transact_write_items(TransactItems=[action(binary, {"B": b""})]), empty_key("binary"))


def test_a_too_deep_item_is_refused_up_front(client, table):
    refused(lambda: client.transact_write_items(TransactItems=[put(table, {"pk": S("deep"), "d": deep_map(32)})]), NESTING)
    client.transact_write_items(TransactItems=[put(table, {"pk": S("ok"), "d": deep_map(31)})])
    assert stored(client, table, "ok") is not None


def test_a_too_large_put_is_refused_up_front(client, table):
    refused(
        lambda: client.transact_write_items(TransactItems=[put(table, {"pk": S("big"), "p": S("x" * 409_600)})]),
        "Item size has exceeded the maximum allowed size",
    )


def test_a_too_deep_expression_value(client, table):
    """Mid-rollout: the newest regions refuse it up front; the others cancel on the stored item."""
    client.put_item(TableName=table, Item={"pk": S("eav")})
    with pytest.raises(ClientError) as caught:
        client.transact_write_items(
            TransactItems=[{"Update": {"TableName": table, "Key": key("eav"), "UpdateExpression": "SET deep = :deep", "ExpressionAttributeValues": {":deep": deep_map(32)}}}]
        )
    error = caught.value.response["Error"]
    if IN_PROCESS or error["Code"] == "ValidationException":
        assert (error["Code"], error["Message"]) == ("ValidationException", NESTING)
    else:
        assert caught.value.response["CancellationReasons"][0]["Code"] == "ValidationError"


def test_malformed_numbers(client, table):
    """The newest regions report a transaction's values in the current wording, bare."""
    either(
        lambda: client.transact_write_items(TransactItems=[put(table, {"pk": S("n"), "v": N("abc")})]),
        f"{NOT_NUMERIC}: abc",
    )
    either(
        lambda: client.transact_write_items(TransactItems=[put(table, {"pk": S("n"), "v": N("")})]),
        f"{NOT_NUMERIC}: ",
        NOT_NUMERIC,
    )
    either(
        lambda: client.transact_write_items(
            TransactItems=[{"Update": {"TableName": table, "Key": key("n"), "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": N("abc")}}}]
        ),
        f"{NOT_NUMERIC}: abc",
        f"ExpressionAttributeValues contains invalid value: {NOT_NUMERIC}: abc for key :v",
    )


def test_a_malformed_condition_is_reported_before_a_missing_table(client, table):
    refused(
        lambda: client.transact_write_items(
            TransactItems=[
                put(unique_name("absent"), key("a")),
                {"ConditionCheck": {"TableName": table, "Key": key("cc"), "ConditionExpression": "attribute_not_exists("}},
            ]
        ),
        'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("',
    )


def test_checks_run_action_by_action(client, table):
    syntax = 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'
    check = {"ConditionCheck": {"TableName": table, "Key": key("cc"), "ConditionExpression": "attribute_not_exists("}}
    deep = put(table, {"pk": S("deep"), "d": deep_map(32)})
    refused(lambda: client.transact_write_items(TransactItems=[check, deep]), syntax)
    refused(lambda: client.transact_write_items(TransactItems=[deep, check]), NESTING)


def test_an_unused_value_is_reported_before_a_missing_table_or_a_duplicate(client, table):
    unused = {
        "ConditionCheck": {
            "TableName": table,
            "Key": key("cc"),
            "ConditionExpression": "attribute_not_exists(pk)",
            "ExpressionAttributeValues": {":v": S("x")},
        }
    }
    message = "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
    refused(lambda: client.transact_write_items(TransactItems=[put(unique_name("absent"), key("a")), unused]), message)
    refused(lambda: client.transact_write_items(TransactItems=[put(table, key("cc")), unused]), message)
    assert stored(client, table, "cc") is None


@pytest.mark.skipif(not IN_PROCESS, reason="sends 4.4 MB: kept off real endpoints")
def test_more_than_4_megabytes_is_refused_up_front(client, table):
    big = "x" * 400_000
    items = [put(table, {"pk": S(f"big{i}"), "p": S(big)}) for i in range(11)]
    code, _ = error_of(lambda: client.transact_write_items(TransactItems=items))
    assert code == "ValidationException"
    assert stored(client, table, "big0") is None


def test_more_than_100_actions(client, table):
    items = [put(table, key(f"k{i}")) for i in range(101)]
    code, message = error_of(lambda: client.transact_write_items(TransactItems=items))
    assert code == "ValidationException"
    assert re.fullmatch(
        r"1 validation error detected: (?:Value '\[.+\]' at 'transactItems'|Value at 'TransactItems') failed to satisfy "
        r"constraint: Member must have length less than or equal to 100",
        message,
        re.DOTALL,
    ), message


def test_up_to_100_actions_apply(client, table):
    client.transact_write_items(TransactItems=[put(table, key(f"k{i}")) for i in range(100)])
    assert stored(client, table, "k99") is not None


# -- ClientRequestToken ---------------------------------------------------------------


def _increment(table: str) -> list[dict[str, Any]]:
    return [{"Update": {"TableName": table, "Key": key("count"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": N("1")}}}]


def test_a_replayed_token_applies_once(client, table):
    token = str(uuid.uuid4())
    client.transact_write_items(TransactItems=_increment(table), ClientRequestToken=token)
    client.transact_write_items(TransactItems=_increment(table), ClientRequestToken=token)
    assert stored(client, table, "count")["n"] == N("1")
    client.transact_write_items(TransactItems=_increment(table), ClientRequestToken=str(uuid.uuid4()))
    assert stored(client, table, "count")["n"] == N("2")


def test_a_token_reused_for_another_request(client, table):
    token = str(uuid.uuid4())
    client.transact_write_items(TransactItems=_increment(table), ClientRequestToken=token)
    code, _ = error_of(lambda: client.transact_write_items(TransactItems=[put(table, key("other"))], ClientRequestToken=token))
    assert code == "IdempotentParameterMismatchException"
    assert stored(client, table, "other") is None


def test_a_cancelled_transaction_leaves_its_token_free(client, table):
    token = str(uuid.uuid4())
    guarded = [put(table, key("g"), ConditionExpression="attribute_exists(pk)")]
    cancellation(lambda: client.transact_write_items(TransactItems=guarded, ClientRequestToken=token))
    client.put_item(TableName=table, Item={"pk": S("g"), "v": S("1")})
    client.transact_write_items(TransactItems=guarded, ClientRequestToken=token)
    assert stored(client, table, "g") == key("g")


def test_a_replay_reports_read_capacity(client, table):
    token = str(uuid.uuid4())
    item = {"pk": S("cap"), "p": S("x" * 1500)}  # over 1 KB: 2 write units, 1 read unit
    first = client.transact_write_items(TransactItems=[put(table, item)], ClientRequestToken=token, ReturnConsumedCapacity="TOTAL")
    assert first["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]
    again = client.transact_write_items(TransactItems=[put(table, item)], ClientRequestToken=token, ReturnConsumedCapacity="TOTAL")
    assert again["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}]


# -- ConsumedCapacity -----------------------------------------------------------------


def test_transactional_writes_cost_twice(client, make_table):
    first, second = make_table(), make_table()
    client.put_item(TableName=second, Item=key("cc"))
    response = client.transact_write_items(
        TransactItems=[
            put(first, key("a"), ConditionExpression="attribute_not_exists(pk)"),
            put(first, key("b")),
            {"ConditionCheck": {"TableName": second, "Key": key("cc"), "ConditionExpression": "attribute_exists(pk)"}},
        ],
        ReturnConsumedCapacity="INDEXES",
    )
    by_table = {c["TableName"]: c for c in response["ConsumedCapacity"]}
    assert by_table[first] == {
        "TableName": first,
        "CapacityUnits": 4.0,
        "WriteCapacityUnits": 4.0,
        "Table": {"CapacityUnits": 4.0, "WriteCapacityUnits": 4.0},
    }
    assert by_table[second]["CapacityUnits"] == 2.0 and by_table[second]["WriteCapacityUnits"] == 2.0


# -- TransactGetItems -----------------------------------------------------------------


def test_transact_get_reads_in_order(client, make_table):
    first, second = make_table(), make_table()
    client.put_item(TableName=first, Item={"pk": S("a"), "v": N("1"), "w": {"M": {"x": S("y"), "z": S("q")}}})
    client.put_item(TableName=second, Item={"pk": S("a"), "v": N("2")})
    response = client.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": second, "Key": key("a")}},
            {"Get": {"TableName": first, "Key": key("missing")}},
            {"Get": {"TableName": first, "Key": key("a"), "ProjectionExpression": "#w.x", "ExpressionAttributeNames": {"#w": "w"}}},
        ]
    )
    assert response["Responses"] == [
        {"Item": {"pk": S("a"), "v": N("2")}},
        {},
        {"Item": {"w": {"M": {"x": S("y")}}}},
    ]


def test_transact_get_costs_two_units_per_item_even_missing(client, table):
    client.put_item(TableName=table, Item=key("a"))
    response = client.transact_get_items(
        TransactItems=[{"Get": {"TableName": table, "Key": key("a")}}, {"Get": {"TableName": table, "Key": key("b")}}],
        ReturnConsumedCapacity="INDEXES",
    )
    assert response["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0, "Table": {"CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}}
    ]


def test_transact_get_errors(client, table):
    refused(
        lambda: client.transact_get_items(TransactItems=[{"Get": {"TableName": unique_name("absent"), "Key": key("x")}}]),
        "Requested resource not found",
        "ResourceNotFoundException",
    )
    refused(
        lambda: client.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": key("p"), "ProjectionExpression": "!!!"}}]),
        'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"',
    )
    message, reasons = cancellation(lambda: client.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": {}}}]))
    assert message == cancelled_message("ValidationError")
    assert [r["Code"] for r in reasons] == ["ValidationError"]


def test_transact_get_refuses_two_gets_of_one_item(client, table):
    code, _ = error_of(
        lambda: client.transact_get_items(
            TransactItems=[{"Get": {"TableName": table, "Key": key("a")}}, {"Get": {"TableName": table, "Key": key("a")}}]
        )
    )
    assert code == "ValidationException"
