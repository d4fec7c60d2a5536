"""Resource-based policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy, CreateTable's ResourcePolicy.

Messages as the ack-api-quirks lab captured them against DynamoDB in 2026.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of


def policy(table_arn: str, action: str = "dynamodb:GetItem", sid: str = "read") -> str:
    account = table_arn.split(":")[4]
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": sid,
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": [action],
                    "Resource": table_arn,
                }
            ],
        },
        indent=2,
    )


def arn_of(client: Any, table: str) -> str:
    return client.describe_table(TableName=table)["Table"]["TableArn"]


def settle() -> None:
    # DynamoDB refuses a different document within ~15 s of the previous change.
    if not IN_PROCESS:
        time.sleep(16)


def test_put_get_delete_round_trip(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    code, message = error_of(lambda: client.get_resource_policy(ResourceArn=arn))
    assert code == "PolicyNotFoundException"
    assert message == f"Resource-based policy not found for the provided ResourceArn: {arn}"
    revision = client.put_resource_policy(ResourceArn=arn, Policy=policy(arn))["RevisionId"]
    assert revision.isdigit() and len(revision) == 13
    got = client.get_resource_policy(ResourceArn=arn)
    assert got["RevisionId"] == revision
    assert json.loads(got["Policy"])["Statement"][0]["Action"] in (["dynamodb:GetItem"], "dynamodb:GetItem")
    assert " " not in got["Policy"]  # read back minified
    # An equivalent document (whitespace, Action as a string) changes nothing.
    same = json.loads(policy(arn))
    same["Statement"][0]["Action"] = "dynamodb:GetItem"
    assert client.put_resource_policy(ResourceArn=arn, Policy=json.dumps(same))["RevisionId"] == revision
    client.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=revision)
    assert error_of(lambda: client.get_resource_policy(ResourceArn=arn))[0] == "PolicyNotFoundException"
    assert error_of(lambda: client.delete_resource_policy(ResourceArn=arn))[0] == "PolicyNotFoundException"


def test_expected_revision_id(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    first = client.put_resource_policy(ResourceArn=arn, Policy=policy(arn), ExpectedRevisionId="NO_POLICY")["RevisionId"]
    code, message = error_of(
        lambda: client.put_resource_policy(ResourceArn=arn, Policy=policy(arn, sid="x"), ExpectedRevisionId="NO_POLICY")
    )
    assert code == "PolicyNotFoundException"
    assert f"but a policy exists with revision id {first}" in message
    code, message = error_of(
        lambda: client.put_resource_policy(ResourceArn=arn, Policy=policy(arn, sid="x"), ExpectedRevisionId="1")
    )
    assert code == "PolicyNotFoundException"
    assert message.endswith(f"has revision id {first}.")
    assert client.get_resource_policy(ResourceArn=arn)["RevisionId"] == first  # refused: nothing changed
    settle()
    second = client.put_resource_policy(ResourceArn=arn, Policy=policy(arn, sid="x"), ExpectedRevisionId=first)
    assert int(second["RevisionId"]) > int(first)


@pytest.mark.parametrize(
    "document, message",
    [
        ("{not json", "One or more parameter values were invalid: Invalid policy document: This policy contains invalid Json"),
        (
            '{"Version": "2012-10-17", "Statement": []}',
            "One or more parameter values were invalid: Invalid policy document: Could not parse the policy: Statement is empty!",
        ),
    ],
)
def test_invalid_documents(client: Any, table: str, document: str, message: str) -> None:
    arn = arn_of(client, table)
    assert error_of(lambda: client.put_resource_policy(ResourceArn=arn, Policy=document)) == ("ValidationException", message)


def test_policy_checks(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    unbounded = json.loads(policy(arn))
    unbounded["Statement"][0]["Principal"] = "*"
    code, message = error_of(lambda: client.put_resource_policy(ResourceArn=arn, Policy=json.dumps(unbounded)))
    assert code == "ValidationException" and message.startswith("Resource-based policy grants unbounded access")
    stream_action = policy(arn, action="dynamodb:GetRecords")
    assert error_of(lambda: client.put_resource_policy(ResourceArn=arn, Policy=stream_action)) == (
        "ValidationException",
        'One or more parameter values were invalid: Invalid policy document: The following action names are invalid: "dynamodb:GetRecords"',
    )
    big = policy(arn) + " " * 20480
    assert error_of(lambda: client.put_resource_policy(ResourceArn=arn, Policy=big)) == (
        "ValidationException",
        "One or more parameter values were invalid: Maximum policy size of 20480 bytes exceeded",
    )


def test_resource_arn_forms(client: Any, table: str) -> None:
    arn = arn_of(client, table)
    assert error_of(lambda: client.get_resource_policy(ResourceArn=table)) == (
        "ValidationException",
        f"One or more parameter values were invalid: ARNs must start with 'arn:': {table}",
    )
    missing = arn + "-missing"
    assert error_of(lambda: client.get_resource_policy(ResourceArn=missing)) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {table}-missing not found",
    )


def test_create_table_with_resource_policy(client: Any, make_table: Any) -> None:
    from conformance.helpers import unique_name

    name = unique_name()
    arn = arn_of(client, make_table()).rsplit("/", 1)[0] + f"/{name}"
    make_table(TableName=name, ResourcePolicy=policy(arn))
    assert client.get_resource_policy(ResourceArn=arn)["RevisionId"].isdigit()
