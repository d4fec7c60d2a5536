"""The memory client's short way to the fake answers exactly as the whole botocore way does.

`MemoryClient` hands requests to the fake's engine between botocore's own
serializer and parser (see `pydynox.testing.memory._Transport`); any other
client goes through botocore's full pipeline and fakedynamo's before-send
hook. The same requests, sent both ways against identical fakes, must give
the same parsed responses and the same errors.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from fakedynamo import current_mock
from pydynox import DynamoDBClient
from pydynox.testing import MemoryBackend
from pydynox.testing.memory import MemoryClient

S = lambda value: {"S": value}  # noqa: E731

REQUESTS: list[tuple[str, dict[str, Any]]] = [
    (
        "create_table",
        {
            "TableName": "parity",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "g", "AttributeType": "B"},
            ],
            "GlobalSecondaryIndexes": [
                {"IndexName": "g-index", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    ),
    ("put_item", {"TableName": "parity", "Item": {"pk": S("a"), "sk": {"N": "1"}, "g": {"B": b"\x00\xff"}, "bs": {"BS": [b"1", b"2"]}, "m": {"M": {"l": {"L": [{"NULL": True}, {"BOOL": True}, {"NS": ["1.5", "2"]}]}}}}, "ReturnConsumedCapacity": "TOTAL"}),
    ("put_item", {"TableName": "parity", "Item": {"pk": S("a"), "sk": {"N": "2"}}, "ReturnValues": "ALL_OLD"}),
    ("get_item", {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "1"}}, "ConsistentRead": True, "ReturnConsumedCapacity": "TOTAL"}),
    ("get_item", {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "9"}}}),
    ("update_item", {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "2"}}, "UpdateExpression": "SET c = if_not_exists(c, :z) + :one", "ExpressionAttributeValues": {":z": {"N": "0"}, ":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"}),
    ("put_item", {"TableName": "parity", "Item": {"pk": S("a"), "sk": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}),
    ("query", {"TableName": "parity", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": S("a")}, "Limit": 1, "ReturnConsumedCapacity": "INDEXES"}),
    ("query", {"TableName": "parity", "IndexName": "g-index", "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"B": b"\x00\xff"}}}),
    ("scan", {"TableName": "parity", "Select": "COUNT"}),
    ("batch_get_item", {"RequestItems": {"parity": {"Keys": [{"pk": S("a"), "sk": {"N": "1"}}, {"pk": S("z"), "sk": {"N": "1"}}]}}}),
    ("batch_write_item", {"RequestItems": {"parity": [{"DeleteRequest": {"Key": {"pk": S("a"), "sk": {"N": "2"}}}}]}, "ReturnConsumedCapacity": "TOTAL"}),
    ("transact_write_items", {"TransactItems": [{"ConditionCheck": {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "1"}}, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}]}),
    ("transact_get_items", {"TransactItems": [{"Get": {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "1"}}}}]}),
    ("describe_table", {"TableName": "parity"}),
    ("describe_table", {"TableName": "missing-table"}),
    ("get_item", {"TableName": "parity", "Key": {"pk": S("a")}}),
    ("update_item", {"TableName": "parity", "Key": {"pk": S("a"), "sk": {"N": "1"}}, "UpdateExpression": "SET #x = :v"}),
    ("execute_statement", {"Statement": "SELECT * FROM parity WHERE pk = ?", "Parameters": [S("a")]}),
    ("list_tables", {}),
    ("delete_table", {"TableName": "parity"}),
]


def outcome(client: DynamoDBClient, method: str, request: dict[str, Any]) -> Any:
    boto = client._boto or client._connect()
    try:
        if isinstance(client, MemoryClient):
            response = boto._pydynox_transport.call(current_mock(), method, request)
        else:
            response = getattr(boto, method)(**request)
    except ClientError as error:
        response = dict(error.response)
        response.pop("ResponseMetadata")
        return ("error", type(error).__name__, response)
    response = dict(response)
    metadata = response.pop("ResponseMetadata")
    assert metadata["HTTPStatusCode"] == 200 and len(metadata["RequestId"]) == 52
    return ("ok", _without_times(response))


def _without_times(value: Any) -> Any:
    """Drop what differs between two fakes by design: creation times and table ids."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("CreationDateTime", "TableId", "LastUpdateToPayPerRequestDateTime")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def test_both_ways_answer_alike() -> None:
    with MemoryBackend() as direct:
        short = [outcome(direct.client, method, request) for method, request in REQUESTS]
    with MemoryBackend():
        long = [outcome(DynamoDBClient(), method, request) for method, request in REQUESTS]
    for (method, _), left, right in zip(REQUESTS, short, long):
        assert left == right, method
    assert [entry[0] for entry in short].count("error") == 5


def test_parameters_are_validated_by_botocore() -> None:
    with MemoryBackend() as backend:
        transport = backend.client._connect()._pydynox_transport
        with pytest.raises(ParamValidationError):
            transport.call(backend.mock, "get_item", {"TableName": "t", "Key": {"pk": {"S": "a"}}, "Bogus": 1})
        with pytest.raises(ParamValidationError):
            transport.call(backend.mock, "get_item", {"TableName": "t"})
