"""UpdateTimeToLive and DescribeTimeToLive as real DynamoDB answers them.

Messages are DynamoDB's wording as captured against the service in October
2026 (us-east-1, us-west-2) by the ack-api-quirks lab. DynamoDB reports the
settled status at once but refuses another change to a table's TTL for about
half an hour after one, so each test makes at most one successful change per
table.
"""

from __future__ import annotations

from conformance.helpers import error_of, unique_name


def enable(attribute: str) -> dict:
    return {"Enabled": True, "AttributeName": attribute}


def disable(attribute: str) -> dict:
    return {"Enabled": False, "AttributeName": attribute}


def test_a_new_table_has_ttl_disabled_and_no_attribute(client, table):
    assert client.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_enabling_echoes_the_specification_and_describe_reports_it(client, table):
    response = client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("expires"))
    assert response["TimeToLiveSpecification"] == enable("expires")
    assert client.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }


def test_enabling_twice_is_refused(client, table):
    client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("expires"))
    call = lambda: client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("expires"))  # noqa: E731
    assert error_of(call) == ("ValidationException", "TimeToLive is already enabled")


def test_another_attribute_is_refused_while_enabled(client, table):
    client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("ttl"))
    call = lambda: client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("other"))  # noqa: E731
    assert error_of(call) == (
        "ValidationException",
        "TimeToLive is active on a different AttributeName: current AttributeName is ttl",
    )
    assert client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]["AttributeName"] == "ttl"


def test_disabling_a_table_without_ttl_is_refused(client, table):
    call = lambda: client.update_time_to_live(TableName=table, TimeToLiveSpecification=disable("expires"))  # noqa: E731
    assert error_of(call) == ("ValidationException", "TimeToLive is already disabled")


def test_a_second_change_soon_after_the_first_is_refused(client, table):
    client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("expires"))
    call = lambda: client.update_time_to_live(TableName=table, TimeToLiveSpecification=disable("expires"))  # noqa: E731
    assert error_of(call) == ("ValidationException", "Time to live has been modified multiple times within a fixed interval")
    assert client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"


def test_the_partition_key_can_be_the_ttl_attribute(client, table):
    client.update_time_to_live(TableName=table, TimeToLiveSpecification=enable("pk"))
    assert client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]["AttributeName"] == "pk"


def test_ttl_of_a_missing_table(client):
    name = unique_name()
    expected = ("ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    assert error_of(lambda: client.describe_time_to_live(TableName=name)) == expected
    assert error_of(lambda: client.update_time_to_live(TableName=name, TimeToLiveSpecification=enable("x"))) == expected


def test_ttl_accepts_the_table_arn(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert client.describe_time_to_live(TableName=arn)["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"
