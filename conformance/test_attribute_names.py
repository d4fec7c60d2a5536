"""Attribute names DynamoDB refuses, on every path a name can take.

An empty name is "Empty attribute name" (paritysuite/dynamodb-conformance
deepRequests and valueLayers, 2026-10); in ExpressionAttributeNames it is
"ExpressionAttributeNames contains invalid value: Empty attribute name for key
#n" (reported from real DynamoDB by its users). A name over 65535 bytes is
refused too (ScyllaDB's Alternator tests, run against DynamoDB: 65535 is the
last accepted size); its wording, "Attribute name is too large, must be less
than 65536 bytes", is DynamoDB Local's and inferred for DynamoDB, so against
a real endpoint only the code and the reason's gist are asserted.
"""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of

EMPTY = "Empty attribute name"
TOO_LARGE = "Attribute name is too large, must be less than 65536 bytes"
LONGEST = "n" * 65535


def S(value: str) -> dict[str, str]:
    return {"S": value}


def refused(call: Callable[[], Any], message: str, gist: str) -> None:
    code, got = error_of(call)
    assert code == "ValidationException", got
    if IN_PROCESS:
        assert got == message
    else:
        assert gist in got or "65535" in got or "65536" in got, got


@pytest.mark.parametrize("name, reason, gist", [("", EMPTY, "Empty"), ("n" * 65536, TOO_LARGE, "large")])
def test_a_refused_name_on_every_path(client, table, name, reason, gist):
    key = {"pk": S("names")}
    refused(lambda: client.put_item(TableName=table, Item={**key, name: S("v")}), reason, gist)
    refused(lambda: client.put_item(TableName=table, Item={**key, "m": {"M": {name: S("v")}}}), reason, gist)
    refused(
        lambda: client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": {**key, name: S("v")}}}]}),
        reason,
        gist,
    )
    refused(
        lambda: client.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": {**key, name: S("v")}}}]),
        reason,
        gist,
    )
    refused(lambda: client.get_item(TableName=table, Key=key, AttributesToGet=[name]), reason, gist)
    refused(
        lambda: client.batch_get_item(RequestItems={table: {"Keys": [key], "AttributesToGet": [name]}}), reason, gist
    )
    refused(
        lambda: client.update_item(TableName=table, Key=key, AttributeUpdates={name: {"Action": "PUT", "Value": S("v")}}),
        f"1 validation error detected: {reason}",
        gist,
    )
    in_names = f"ExpressionAttributeNames contains invalid value: {reason} for key #n"
    refused(
        lambda: client.get_item(TableName=table, Key=key, ProjectionExpression="#n", ExpressionAttributeNames={"#n": name}),
        in_names,
        gist,
    )
    refused(
        lambda: client.scan(TableName=table, FilterExpression="attribute_exists(#n)", ExpressionAttributeNames={"#n": name}),
        in_names,
        gist,
    )
    refused(
        lambda: client.update_item(
            TableName=table,
            Key=key,
            UpdateExpression="SET #n = :v",
            ExpressionAttributeNames={"#n": name},
            ExpressionAttributeValues={":v": S("v")},
        ),
        f"1 validation error detected: {in_names}",
        gist,
    )
    assert client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item") is None


def test_the_longest_name_is_taken_everywhere(client, table):
    key = {"pk": S("longest")}
    client.put_item(TableName=table, Item={**key, LONGEST: S("v")})
    assert client.get_item(TableName=table, Key=key, AttributesToGet=[LONGEST], ConsistentRead=True)["Item"] == {LONGEST: S("v")}
    client.update_item(TableName=table, Key=key, AttributeUpdates={LONGEST: {"Action": "PUT", "Value": S("w")}})
    got = client.get_item(
        TableName=table, Key=key, ProjectionExpression="#n", ExpressionAttributeNames={"#n": LONGEST}, ConsistentRead=True
    )
    assert got["Item"] == {LONGEST: S("w")}
