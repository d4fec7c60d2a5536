"""TagResource, UntagResource and ListTagsOfResource as real DynamoDB answers them.

Messages are DynamoDB's wording as captured against the service in October
2026 (us-east-1, us-west-2) by the ack-api-quirks lab. Real DynamoDB applies
tags asynchronously: ListTagsOfResource shows a change one to three seconds
later, and a table refuses a second tag write for about 1.6 seconds after an
effective one (LimitExceededException "Table tags are being updated"). The
helpers below wait those out; against fakedynamo they return at once.
"""

from __future__ import annotations

import time
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conformance.helpers import error_of, unique_name

INVALID = "One or more parameter values were invalid: "


def settled(call: Callable[[], Any], seconds: float = 20) -> Any:
    """Run a tag write, retrying while the table's previous tag write is still being applied."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except ClientError as error:
            locked = error.response["Error"]["Code"] == "LimitExceededException"
            if not locked or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def tags_become(client: Any, arn: str, expected: dict[str, str], seconds: float = 20) -> None:
    """Wait until ListTagsOfResource shows exactly `expected`."""
    deadline = time.monotonic() + seconds
    while True:
        tags = {tag["Key"]: tag["Value"] for tag in client.list_tags_of_resource(ResourceArn=arn)["Tags"]}
        if tags == expected or time.monotonic() > deadline:
            assert tags == expected
            return
        time.sleep(0.5)


@pytest.fixture
def arn(client: Any, table: str) -> str:
    return client.describe_table(TableName=table)["Table"]["TableArn"]


def tag(key: str, value: str) -> dict[str, str]:
    return {"Key": key, "Value": value}


def test_a_new_table_has_no_tags(client, arn):
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_tag_resource_adds_and_updates_tags(client, arn):
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("env", "dev"), tag("team", "data")]))
    tags_become(client, arn, {"env": "dev", "team": "data"})
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("env", "prod")]))
    tags_become(client, arn, {"env": "prod", "team": "data"})


def test_untag_resource_removes_keys_and_ignores_absent_ones(client, arn):
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("a", "1"), tag("b", "2")]))
    tags_become(client, arn, {"a": "1", "b": "2"})
    settled(lambda: client.untag_resource(ResourceArn=arn, TagKeys=["a", "never-set"]))
    tags_become(client, arn, {"b": "2"})


def test_tag_keys_are_case_sensitive_and_values_may_be_empty(client, arn):
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("Env", ""), tag("env", "x")]))
    tags_become(client, arn, {"Env": "", "env": "x"})


def test_letters_of_any_script_spaces_and_some_punctuation_are_allowed(client, arn):
    tags = [tag("sp ace", "a b+c-d=e.f_g:h/i@j"), tag("ключ", "café 表")]
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=tags))
    tags_become(client, arn, {"sp ace": "a b+c-d=e.f_g:h/i@j", "ключ": "café 表"})


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ([tag("aws:foo", "x")], "Tag Key cannot be prefixed with aws:, Key: aws:foo"),
        ([tag("AWS:foo", "x")], "Tag Key cannot be prefixed with aws:, Key: AWS:foo"),
        ([tag("bad#char", "x")], "The Tag Key provided is invalid, Key: bad#char"),
        ([tag("key", "bad#char")], "The Tag Value provided is invalid, Value: bad#char"),
        ([tag("key", "100%")], "The Tag Value provided is invalid, Value: 100%"),
        ([tag("dup", "1"), tag("dup", "2")], "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup"),
        ([], "Atleast one Tag needs to be provided as Input."),
        ([tag(f"k{i}", "v") for i in range(51)], "Number of Tags exceed the current limit for the provided ResourceArn"),
    ],
)
def test_tag_rules(client, arn, tags, message):
    assert error_of(lambda: client.tag_resource(ResourceArn=arn, Tags=tags)) == ("ValidationException", message)


def test_one_bad_tag_fails_the_whole_call(client, arn):
    call = lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("good", "1"), tag("aws:zzz", "2")])  # noqa: E731
    assert error_of(call) == ("ValidationException", "Tag Key cannot be prefixed with aws:, Key: aws:zzz")
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_the_fifty_tag_limit_counts_the_tags_already_there(client, arn):
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag(f"k{i:02d}", "v") for i in range(50)]))
    tags_become(client, arn, {f"k{i:02d}": "v" for i in range(50)})
    call = lambda: settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("k51", "v")]))  # noqa: E731
    assert error_of(call) == ("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn")
    settled(lambda: client.tag_resource(ResourceArn=arn, Tags=[tag("k01", "new")]))
    tags_become(client, arn, {**{f"k{i:02d}": "v" for i in range(50)}, "k01": "new"})


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "Atleast one Tag Key needs to be provided as Input."),
        (["aws:foo"], "Tag Key cannot be prefixed with aws:, Key: aws:foo"),
        ([f"k{i}" for i in range(51)], "Number of Tags exceed the current limit for the provided ResourceArn"),
    ],
)
def test_untag_rules(client, arn, keys, message):
    assert error_of(lambda: client.untag_resource(ResourceArn=arn, TagKeys=keys)) == ("ValidationException", message)


def test_a_name_is_not_an_arn(client, table):
    for call in (
        lambda: client.list_tags_of_resource(ResourceArn=table),
        lambda: client.tag_resource(ResourceArn=table, Tags=[tag("a", "b")]),
        lambda: client.untag_resource(ResourceArn=table, TagKeys=["a"]),
    ):
        assert error_of(call) == ("ValidationException", INVALID + f"ARNs must start with 'arn:': {table}")


def test_the_arn_of_a_missing_table(client, arn):
    missing = arn.rsplit("/", 1)[0] + "/" + unique_name()
    for call in (
        lambda: client.list_tags_of_resource(ResourceArn=missing),
        lambda: client.tag_resource(ResourceArn=missing, Tags=[tag("a", "b")]),
        lambda: client.untag_resource(ResourceArn=missing, TagKeys=["a"]),
    ):
        assert error_of(call) == ("ResourceNotFoundException", f"Requested resource not found: ResourceArn: {missing} not found")


def test_index_arns_are_not_taggable(client, arn):
    index_arn = f"{arn}/index/some-index"
    assert error_of(lambda: client.list_tags_of_resource(ResourceArn=index_arn)) == (
        "ValidationException",
        INVALID + f"Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {index_arn}",
    )


def test_tags_go_with_the_table(client, make_table):
    name = make_table(Tags=[tag("keep", "no")])
    arn = client.describe_table(TableName=name)["Table"]["TableArn"]
    tags_become(client, arn, {"keep": "no"})
    client.delete_table(TableName=name)
    client.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    # Created again under the same name (and ARN); make_table's clean-up deletes it.
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
