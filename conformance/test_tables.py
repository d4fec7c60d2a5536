"""The control plane as real DynamoDB answers it: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable.

Messages are DynamoDB's wording as captured against the service in October
2026 (us-east-1, us-west-2 and eu-west-2) by the ack-api-quirks lab and the
paritysuite conformance suite. Real DynamoDB takes seconds to minutes to
settle a table after a change; these tests wait with boto3's waiters, which
return at once against fakedynamo.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

import pytest

from conformance.helpers import error_of, unique_name

INVALID = "One or more parameter values were invalid: "
WAIT = {"Delay": 1, "MaxAttempts": 300}


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture
def create(client: Any) -> Iterator[Callable[..., dict]]:
    """CreateTable with any parameters, returning its response; the table is deleted after the test."""
    names: list[str] = []

    def create(**params: Any) -> dict:
        params.setdefault("TableName", unique_name())
        response = client.create_table(**params)
        names.append(params["TableName"])
        client.get_waiter("table_exists").wait(TableName=params["TableName"], WaiterConfig=WAIT)
        return response

    yield create
    for name in dict.fromkeys(names):
        _delete_quietly(client, name)


def _delete_quietly(client: Any, name: str) -> None:
    try:
        if client.describe_table(TableName=name)["Table"]["TableStatus"] == "DELETING":
            return
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig=WAIT)
        if client.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"]:
            client.update_table(TableName=name, DeletionProtectionEnabled=False)
        client.delete_table(TableName=name)
    except client.exceptions.ResourceNotFoundException:
        pass


def keys(*elements: str) -> list[dict[str, str]]:
    """KeySchema from 'name HASH' / 'name RANGE' strings."""
    return [{"AttributeName": e.split()[0], "KeyType": e.split()[1]} for e in elements]


def attributes(*names: str, kind: str = "S") -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": kind} for name in names]


def on_demand(**params: Any) -> dict[str, Any]:
    """CreateTable parameters of an on-demand table keyed by string `pk`, with `params` on top."""
    table = {"KeySchema": keys("pk HASH"), "AttributeDefinitions": attributes("pk"), "BillingMode": "PAY_PER_REQUEST"}
    table.update(params)
    return table


def gsi(name: str, *elements: str, projection: dict | None = None, **extra: Any) -> dict[str, Any]:
    index = {"IndexName": name, "KeySchema": keys(*elements), "Projection": {"ProjectionType": "ALL"} if projection is None else projection}
    index.update(extra)
    return index


def creation_error(client: Any, **params: Any) -> tuple[str, str]:
    params.setdefault("TableName", unique_name())
    return error_of(lambda: client.create_table(**params))


# =====================================================================================
# CreateTable: what it answers
# =====================================================================================


def test_create_table_answers_creating_and_describe_then_reports_active(client, create):
    name = unique_name()
    created = create(TableName=name, **on_demand())["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    assert created["TableName"] == name
    assert created["KeySchema"] == keys("pk HASH")
    assert created["AttributeDefinitions"] == attributes("pk")
    assert created["ItemCount"] == 0 and created["TableSizeBytes"] == 0
    assert re.fullmatch(rf"arn:aws:dynamodb:{client.meta.region_name}:\d{{12}}:table/{name}", created["TableArn"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", created["TableId"])
    described = client.describe_table(TableName=name)["Table"]
    assert described["TableStatus"] == "ACTIVE"
    assert described["TableArn"] == created["TableArn"] and described["TableId"] == created["TableId"]
    assert described["CreationDateTime"] == created["CreationDateTime"]


def test_on_demand_table_reports_zero_throughput_and_a_billing_summary(client, create):
    created = create(**on_demand())["TableDescription"]
    # The CreateTable answer lacks what DynamoDB fills in once the table is ACTIVE.
    assert created["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
    assert "WarmThroughput" not in created
    assert created["DeletionProtectionEnabled"] is False
    described = client.describe_table(TableName=created["TableName"])["Table"]
    assert described["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "LastUpdateToPayPerRequestDateTime" in described["BillingModeSummary"]
    assert described["WarmThroughput"] == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    assert described["DeletionProtectionEnabled"] is False
    for absent in ("StreamSpecification", "LatestStreamArn", "SSEDescription", "TableClassSummary", "OnDemandThroughput"):
        assert absent not in described


def test_provisioned_table_has_no_billing_summary_and_warms_to_its_capacity(client, create):
    name = create(
        KeySchema=keys("pk HASH"),
        AttributeDefinitions=attributes("pk"),
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 4},
    )["TableDescription"]["TableName"]
    described = client.describe_table(TableName=name)["Table"]
    assert "BillingModeSummary" not in described
    assert described["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5, "WriteCapacityUnits": 4}
    assert described["WarmThroughput"] == {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 4, "Status": "ACTIVE"}


def test_attribute_definitions_come_back_sorted_by_name(client, create):
    created = create(
        **on_demand(
            KeySchema=keys("pk HASH", "sk RANGE"),
            AttributeDefinitions=attributes("z", "a", "m", "sk", "pk"),
            GlobalSecondaryIndexes=[gsi("g-z", "z HASH"), gsi("g-a", "a HASH", "m RANGE")],
        )
    )["TableDescription"]
    described = client.describe_table(TableName=created["TableName"])["Table"]
    assert [d["AttributeName"] for d in described["AttributeDefinitions"]] == ["a", "m", "pk", "sk", "z"]
    # Indexes keep the order of the request.
    assert [i["IndexName"] for i in described["GlobalSecondaryIndexes"]] == ["g-z", "g-a"]


def test_a_second_create_table_with_the_same_name_is_refused(client, create):
    name = create(**on_demand())["TableDescription"]["TableName"]
    assert creation_error(client, TableName=name, **on_demand()) == (
        "ResourceInUseException",
        f"Table already exists: {name}",
    )


def test_an_invalid_request_for_an_existing_name_is_refused_for_its_content_first(client, create):
    name = create(**on_demand())["TableDescription"]["TableName"]
    code, _ = creation_error(client, TableName=name, **on_demand(KeySchema=keys("pk RANGE")))
    assert code == "ValidationException"


def test_table_names_are_case_sensitive(client, create):
    name = create(**on_demand())["TableDescription"]["TableName"]
    create(TableName=name.upper(), **on_demand())
    assert client.describe_table(TableName=name.upper())["Table"]["TableName"] == name.upper()


# =====================================================================================
# CreateTable: the key schema and attribute definitions
# =====================================================================================


@pytest.mark.parametrize(
    ("key_schema", "definitions", "message"),
    [
        (keys("sk RANGE", "pk HASH"), attributes("pk", "sk"), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (keys("pk RANGE"), attributes("pk"), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        (keys("pk HASH", "sk HASH"), attributes("pk", "sk"), "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
        (keys("pk HASH", "pk RANGE"), attributes("pk"), "Invalid KeySchema: Some index key attribute have no definition"),
        (keys("pk HASH"), [], "Invalid KeySchema: Some index key attribute have no definition"),
        (
            keys("pk HASH"),
            attributes("other"),
            INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]",
        ),
        (
            keys("PK HASH"),
            attributes("pk"),
            INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [PK], AttributeDefinitions: [pk]",
        ),
        (
            keys("pk HASH"),
            attributes("pk", "extra"),
            INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ),
        (keys("pk HASH"), attributes("pk") + attributes("pk", kind="N"), "Attribute Name is duplicated: pk"),
    ],
)
def test_key_schema_rules(client, key_schema, definitions, message):
    params = on_demand(KeySchema=key_schema, AttributeDefinitions=definitions)
    assert creation_error(client, **params) == ("ValidationException", message)


def test_a_table_key_has_at_most_two_elements(client):
    code, message = creation_error(
        client, **on_demand(KeySchema=keys("pk HASH", "sk RANGE", "extra RANGE"), AttributeDefinitions=attributes("pk", "sk", "extra"))
    )
    assert code == "ValidationException"
    # How the schema is echoed differs between regions; the constraint does not.
    assert message.startswith("1 validation error detected: Value '")
    assert message.endswith("' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2")


# =====================================================================================
# CreateTable: billing mode and throughput
# =====================================================================================


def test_on_demand_table_refuses_provisioned_throughput(client):
    params = on_demand(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    )


@pytest.mark.parametrize("billing", [{}, {"BillingMode": "PROVISIONED"}])
def test_provisioned_table_needs_throughput(client, billing):
    params = {"KeySchema": keys("pk HASH"), "AttributeDefinitions": attributes("pk"), **billing}
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    )


def test_throughput_above_the_per_table_maximum_is_a_limit(client):
    params = {
        "KeySchema": keys("pk HASH"),
        "AttributeDefinitions": attributes("pk"),
        "ProvisionedThroughput": {"ReadCapacityUnits": 40001, "WriteCapacityUnits": 1},
    }
    assert creation_error(client, **params) == (
        "LimitExceededException",
        f"The requested ReadCapacityUnits, 40001, is above the per table maximum for the account in "
        f"{client.meta.region_name}. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for "
        "current limits and how to request higher limits.",
    )


def test_on_demand_throughput_is_refused_on_a_provisioned_table(client):
    params = {
        "KeySchema": keys("pk HASH"),
        "AttributeDefinitions": attributes("pk"),
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 100},
    }
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "MaxReadRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.",
    )


@pytest.mark.parametrize("value", [0, -1])
def test_on_demand_throughput_must_be_positive(client, value):
    params = on_demand(OnDemandThroughput={"MaxReadRequestUnits": value, "MaxWriteRequestUnits": value})
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range",
    )


def test_on_demand_throughput_is_reported_as_set(client, create):
    name = create(**on_demand(OnDemandThroughput={"MaxReadRequestUnits": 100}))["TableDescription"]["TableName"]
    assert client.describe_table(TableName=name)["Table"]["OnDemandThroughput"] == {"MaxReadRequestUnits": 100}


def test_warm_throughput_below_the_on_demand_initial_throughput_is_refused(client):
    params = on_demand(WarmThroughput={"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1})
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than initial throughput for "
        "OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
        "on-demand-capacity-mode.html#on-demand-capacity-mode-initial",
    )


def test_warm_throughput_below_provisioned_capacity_is_refused(client):
    params = {
        "KeySchema": keys("pk HASH"),
        "AttributeDefinitions": attributes("pk"),
        "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10},
        "WarmThroughput": {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5},
    }
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits of "
        "ProvisionedThroughput",
    )


# =====================================================================================
# CreateTable: secondary indexes
# =====================================================================================


def test_empty_index_lists_are_refused(client):
    assert creation_error(client, **on_demand(GlobalSecondaryIndexes=[])) == (
        "ValidationException",
        INVALID + "List of GlobalSecondaryIndexes is empty",
    )
    params = on_demand(KeySchema=keys("pk HASH", "sk RANGE"), AttributeDefinitions=attributes("pk", "sk"), LocalSecondaryIndexes=[])
    assert creation_error(client, **params) == ("ValidationException", INVALID + "List of LocalSecondaryIndexes is empty")


def test_index_keys_must_be_defined(client):
    params = on_demand(GlobalSecondaryIndexes=[gsi("by-gk", "gk HASH")])
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [gk], AttributeDefinitions: [pk]",
    )


def test_every_definition_must_be_used_by_some_key(client):
    params = on_demand(
        KeySchema=keys("pk HASH", "sk RANGE"),
        AttributeDefinitions=attributes("sk", "a", "b", "pk", "c"),
        GlobalSecondaryIndexes=[gsi("by-a", "a HASH")],
    )
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [sk, a, b, pk, c], keys used: [a, sk, pk]",
    )


@pytest.mark.parametrize(
    ("projection", "message"),
    [
        ({"ProjectionType": "INCLUDE"}, "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
        ({"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["x"]}, "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
        ({"ProjectionType": "ALL", "NonKeyAttributes": ["x"]}, "ProjectionType is ALL, but NonKeyAttributes is specified"),
        ({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x", "x"]}, "Duplicate element in NonKeyAttributes: x"),
        ({}, "Unknown ProjectionType: null"),
    ],
)
def test_projection_rules(client, projection, message):
    params = on_demand(AttributeDefinitions=attributes("pk", "gk"), GlobalSecondaryIndexes=[gsi("g-a", "gk HASH", projection=projection)])
    assert creation_error(client, **params) == ("ValidationException", INVALID + message)


def test_global_index_throughput_follows_the_billing_mode(client):
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    params = on_demand(
        AttributeDefinitions=attributes("pk", "gk"),
        GlobalSecondaryIndexes=[gsi("g-a", "gk HASH", ProvisionedThroughput=throughput)],
    )
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "ProvisionedThroughput should not be specified for index: g-a when BillingMode is PAY_PER_REQUEST",
    )
    params = {
        "KeySchema": keys("pk HASH"),
        "AttributeDefinitions": attributes("pk", "gk"),
        "ProvisionedThroughput": throughput,
        "GlobalSecondaryIndexes": [gsi("g-a", "gk HASH")],
    }
    assert creation_error(client, **params) == ("ValidationException", INVALID + "ProvisionedThroughput is not specified for index: g-a")


def test_at_most_twenty_global_indexes(client):
    names = [f"g{i:02d}" for i in range(21)]
    params = on_demand(AttributeDefinitions=attributes("pk", *names), GlobalSecondaryIndexes=[gsi(f"i{n}", f"{n} HASH") for n in names])
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20",
    )


def test_global_index_keys_may_have_four_hash_and_four_range_attributes(client, create):
    names = ["h1", "h2", "h3", "h4", "r1", "r2", "r3", "r4"]
    index_keys = [f"{n} HASH" for n in names[:4]] + [f"{n} RANGE" for n in names[4:]]
    name = create(**on_demand(AttributeDefinitions=attributes("pk", *names), GlobalSecondaryIndexes=[gsi("wide", *index_keys)]))[
        "TableDescription"
    ]["TableName"]
    index = client.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == keys(*index_keys)


@pytest.mark.parametrize(
    ("index_keys", "message"),
    [
        (["a HASH", "b HASH", "c HASH", "d HASH", "e HASH"], INVALID + "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
        (["a HASH", "b RANGE", "c RANGE", "d RANGE", "e RANGE", "f RANGE"], INVALID + "The KeySchema exceeds the maximum allowed number of RANGE key attributes"),
        (["a HASH", "b RANGE", "c HASH"], INVALID + "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
        (["a HASH", "b RANGE", "a RANGE"], "The KeySchema contains multiple key attributes with the same name"),
        (["b RANGE", "a HASH"], "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ],
)
def test_global_index_key_rules(client, index_keys, message):
    used = sorted({element.split()[0] for element in index_keys})
    params = on_demand(AttributeDefinitions=attributes("pk", *used), GlobalSecondaryIndexes=[gsi("g-a", *index_keys)])
    assert creation_error(client, **params) == ("ValidationException", message)


def lsi(name: str, *elements: str) -> dict[str, Any]:
    return {"IndexName": name, "KeySchema": keys(*elements), "Projection": {"ProjectionType": "KEYS_ONLY"}}


def sorted_table(**params: Any) -> dict[str, Any]:
    return on_demand(KeySchema=keys("pk HASH", "sk RANGE"), **params)


def test_local_index_rules(client):
    params = on_demand(AttributeDefinitions=attributes("pk", "lk"), LocalSecondaryIndexes=[lsi("l-a", "pk HASH", "lk RANGE")])
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
    )
    params = sorted_table(AttributeDefinitions=attributes("pk", "sk", "a", "lk"), LocalSecondaryIndexes=[lsi("l-a", "a HASH", "lk RANGE")])
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema for index: l-a. "
        "index hash key: a, table hash key: pk",
    )
    params = sorted_table(AttributeDefinitions=attributes("pk", "sk"), LocalSecondaryIndexes=[lsi("l-a", "pk HASH")])
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Index KeySchema does not have a range key for index: l-a",
    )


def test_at_most_five_local_indexes(client):
    names = [f"l{i}" for i in range(6)]
    params = sorted_table(
        AttributeDefinitions=attributes("pk", "sk", *names), LocalSecondaryIndexes=[lsi(f"i{n}", "pk HASH", f"{n} RANGE") for n in names]
    )
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
    )


def test_index_names_are_unique_across_kinds(client):
    params = sorted_table(
        AttributeDefinitions=attributes("pk", "sk", "lk", "gk"),
        LocalSecondaryIndexes=[lsi("dup", "pk HASH", "lk RANGE")],
        GlobalSecondaryIndexes=[gsi("dup", "gk HASH")],
    )
    assert creation_error(client, **params) == ("ValidationException", INVALID + "Duplicate index name: dup")


def test_index_descriptions(client, create):
    name = create(
        **sorted_table(
            AttributeDefinitions=attributes("pk", "sk", "lk", "gk"),
            LocalSecondaryIndexes=[lsi("by-lk", "pk HASH", "lk RANGE")],
            GlobalSecondaryIndexes=[
                gsi("by-gk", "gk HASH", projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": ["zz", "aa", "mm"]})
            ],
        )
    )["TableDescription"]["TableName"]
    table = client.describe_table(TableName=name)["Table"]
    local, = table["LocalSecondaryIndexes"]
    assert set(local) == {"IndexName", "KeySchema", "Projection", "IndexSizeBytes", "ItemCount", "IndexArn"}
    assert local["IndexArn"] == f"{table['TableArn']}/index/by-lk"
    index, = table["GlobalSecondaryIndexes"]
    assert index["IndexStatus"] == "ACTIVE"
    assert index["IndexArn"] == f"{table['TableArn']}/index/by-gk"
    assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["aa", "mm", "zz"]}
    assert index["ProvisionedThroughput"] == {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    assert index["WarmThroughput"] == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}


def test_create_table_answers_its_indexes_creating(client, create):
    created = create(**on_demand(AttributeDefinitions=attributes("pk", "gk"), GlobalSecondaryIndexes=[gsi("by-gk", "gk HASH")]))
    index, = created["TableDescription"]["GlobalSecondaryIndexes"]
    assert index["IndexStatus"] == "CREATING"
    assert "WarmThroughput" not in index


# =====================================================================================
# CreateTable: streams, encryption, class, protection, tags
# =====================================================================================


def test_stream_specification_rules(client):
    params = on_demand(StreamSpecification={"StreamEnabled": True})
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Table is being created with a stream enabled, UpdateViewType is required",
    )
    params = on_demand(StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"})
    assert creation_error(client, **params) == (
        "ValidationException",
        INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
    )


def test_a_table_with_a_stream_reports_it(client, create):
    name = create(**on_demand(StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}))[
        "TableDescription"
    ]["TableName"]
    table = client.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", table["LatestStreamLabel"])
    assert table["LatestStreamArn"] == f"{table['TableArn']}/stream/{table['LatestStreamLabel']}"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"Enabled": False, "SSEType": "KMS"}, "SSEType can not be specified if Enabled is false"),
        ({"Enabled": False, "KMSMasterKeyId": "alias/aws/dynamodb"}, "KMSMasterKeyId can not be specified if Enabled is false"),
        ({"Enabled": True, "SSEType": "AES256"}, "SSEType AES256 is not supported"),
        ({"Enabled": True, "KMSMasterKeyId": "alias/aws/dynamodb"}, "SSEType KMS is required if KMSMasterKeyId is specified"),
    ],
)
def test_sse_specification_rules(client, spec, message):
    assert creation_error(client, **on_demand(SSESpecification=spec)) == ("ValidationException", INVALID + message)


def test_a_kms_encrypted_table_reports_its_key(client, create):
    name = create(**on_demand(SSESpecification={"Enabled": True}))["TableDescription"]["TableName"]
    sse = client.describe_table(TableName=name)["Table"]["SSEDescription"]
    assert sse["Status"] == "ENABLED" and sse["SSEType"] == "KMS"
    assert sse["KMSMasterKeyArn"].startswith(f"arn:aws:kms:{client.meta.region_name}:")


def test_an_empty_sse_specification_leaves_the_default_encryption(client, create):
    name = create(**on_demand(SSESpecification={}))["TableDescription"]["TableName"]
    assert "SSEDescription" not in client.describe_table(TableName=name)["Table"]


def test_table_class_is_reported_when_infrequent_access(client, create):
    name = create(**on_demand(TableClass="STANDARD_INFREQUENT_ACCESS"))["TableDescription"]["TableName"]
    summary = client.describe_table(TableName=name)["Table"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_tags_at_creation_are_checked(client):
    assert creation_error(client, **on_demand(Tags=[{"Key": "aws:foo", "Value": "x"}])) == (
        "ValidationException",
        "Tag Key cannot be prefixed with aws:, Key: aws:foo",
    )
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert creation_error(client, **on_demand(Tags=too_many)) == (
        "ValidationException",
        "Number of Tags exceed the current limit for the provided ResourceArn",
    )


def test_tags_at_creation_are_the_tables(client, create):
    created = create(**on_demand(Tags=[{"Key": "team", "Value": "data"}]))["TableDescription"]
    tags = client.list_tags_of_resource(ResourceArn=created["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "data"}]
    empty = create(**on_demand(Tags=[]))["TableDescription"]
    assert client.list_tags_of_resource(ResourceArn=empty["TableArn"])["Tags"] == []


# =====================================================================================
# DescribeTable, DeleteTable, ListTables
# =====================================================================================


def test_describe_table_of_a_missing_table(client):
    name = unique_name()
    assert error_of(lambda: client.describe_table(TableName=name)) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {name} not found",
    )


def test_describe_table_accepts_the_table_arn(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert client.describe_table(TableName=arn)["Table"]["TableName"] == table


def test_delete_table_answers_deleting_and_the_table_goes(client, create):
    name = create(**on_demand())["TableDescription"]["TableName"]
    deleted = client.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    assert deleted["TableName"] == name
    # Described without its schema or creation time (the CLI reference's DeleteTable example).
    assert not {"AttributeDefinitions", "KeySchema", "CreationDateTime"} & set(deleted)
    assert deleted["ItemCount"] == 0 and "TableSizeBytes" in deleted
    client.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig=WAIT)
    assert error_of(lambda: client.delete_table(TableName=name)) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {name} not found",
    )


def test_a_deleted_name_can_be_created_again_with_a_new_id(client, create):
    first = create(**on_demand())["TableDescription"]
    client.delete_table(TableName=first["TableName"])
    client.get_waiter("table_not_exists").wait(TableName=first["TableName"], WaiterConfig=WAIT)
    second = create(TableName=first["TableName"], **on_demand())["TableDescription"]
    assert second["TableArn"] == first["TableArn"]
    assert second["TableId"] != first["TableId"]


def test_deletion_protection_refuses_delete_table(client, create):
    name = create(**on_demand(DeletionProtectionEnabled=True))["TableDescription"]["TableName"]
    assert client.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
    assert error_of(lambda: client.delete_table(TableName=name)) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    )
    client.update_table(TableName=name, DeletionProtectionEnabled=False)
    assert client.delete_table(TableName=name)["TableDescription"]["TableStatus"] == "DELETING"


def test_list_tables_pages_in_name_order(client, create):
    prefix = unique_name("list")
    names = [create(TableName=f"{prefix}-{suffix}", **on_demand())["TableDescription"]["TableName"] for suffix in "cab"]
    seen: list[str] = []
    params: dict[str, Any] = {"Limit": 1, "ExclusiveStartTableName": prefix}
    while True:
        page = client.list_tables(**params)
        assert len(page["TableNames"]) <= 1
        seen.extend(name for name in page["TableNames"] if name.startswith(prefix))
        if "LastEvaluatedTableName" not in page or not page["TableNames"][-1].startswith(prefix):
            break
        assert page["LastEvaluatedTableName"] == page["TableNames"][-1]
        params["ExclusiveStartTableName"] = page["LastEvaluatedTableName"]
    assert seen == sorted(names)


def test_list_tables_starts_after_a_name_that_does_not_exist(client, create):
    prefix = unique_name("list")
    name = create(TableName=f"{prefix}-b", **on_demand())["TableDescription"]["TableName"]
    names = client.list_tables(ExclusiveStartTableName=f"{prefix}-a", Limit=100)["TableNames"]
    assert names[0] == name


def test_the_last_page_of_list_tables_has_no_last_evaluated_name(client, create):
    prefix = unique_name("list")
    for suffix in "ab":
        create(TableName=f"{prefix}-{suffix}", **on_demand())
    everything: list[str] = []
    params: dict[str, Any] = {}
    while True:
        page = client.list_tables(**params)
        everything.extend(page["TableNames"])
        if "LastEvaluatedTableName" not in page:
            break
        params["ExclusiveStartTableName"] = page["LastEvaluatedTableName"]
    last = everything[-1]
    page = client.list_tables(ExclusiveStartTableName=everything[-2], Limit=1)
    assert page["TableNames"] == [last] and "LastEvaluatedTableName" not in page


# =====================================================================================
# UpdateTable
# =====================================================================================

AT_LEAST_ONE = (
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
    "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
    "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"
)


def test_update_table_needs_a_change(client, table):
    assert error_of(lambda: client.update_table(TableName=table)) == ("ValidationException", AT_LEAST_ONE)
    definitions = attributes("pk")
    assert error_of(lambda: client.update_table(TableName=table, AttributeDefinitions=definitions)) == (
        "ValidationException",
        AT_LEAST_ONE,
    )
    assert error_of(lambda: client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[])) == (
        "ValidationException",
        AT_LEAST_ONE,
    )


def test_update_table_checks_the_request_before_the_table(client):
    assert error_of(lambda: client.update_table(TableName=unique_name())) == ("ValidationException", AT_LEAST_ONE)
    name = unique_name()
    assert error_of(lambda: client.update_table(TableName=name, DeletionProtectionEnabled=True)) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Table: {name} not found",
    )


def test_an_empty_index_update_list_is_refused_beside_a_change(client, table):
    call = lambda: client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[], DeletionProtectionEnabled=True)  # noqa: E731
    assert error_of(call) == ("ValidationException", INVALID + "List of GlobalSecondaryIndexUpdates is empty")
    assert client.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"DeletionProtectionEnabled": True, "BillingMode": "PAY_PER_REQUEST"},
            "DeletionProtection modification must be the only operation in the request",
        ),
        (
            {"SSESpecification": {"Enabled": True}, "DeletionProtectionEnabled": True},
            "Server-Side Encryption modification must be the only operation in the request",
        ),
        (
            {"TableClass": "STANDARD_INFREQUENT_ACCESS", "DeletionProtectionEnabled": True},
            "TableClass modification must be the only operation in the request",
        ),
        (
            {"OnDemandThroughput": {"MaxReadRequestUnits": 100}, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
            "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request",
        ),
    ],
)
def test_update_table_makes_one_kind_of_change_at_a_time(client, table, change, message):
    assert error_of(lambda: client.update_table(TableName=table, **change)) == ("ValidationException", INVALID + message)
    described = client.describe_table(TableName=table)["Table"]
    assert described["DeletionProtectionEnabled"] is False and "SSEDescription" not in described


def test_deletion_protection_applies_at_once(client, table):
    response = client.update_table(TableName=table, DeletionProtectionEnabled=True)["TableDescription"]
    assert response["TableStatus"] == "ACTIVE" and response["DeletionProtectionEnabled"] is True
    client.update_table(TableName=table, DeletionProtectionEnabled=True)  # the same value again is fine
    assert client.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is True
    client.update_table(TableName=table, DeletionProtectionEnabled=False)


def test_on_demand_table_refuses_provisioned_throughput_updates(client, table):
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    assert error_of(lambda: client.update_table(TableName=table, ProvisionedThroughput=throughput)) == (
        "ValidationException",
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    )


def test_switching_to_provisioned_needs_throughput(client, table):
    assert error_of(lambda: client.update_table(TableName=table, BillingMode="PROVISIONED")) == (
        "ValidationException",
        INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    )


def test_resending_on_demand_billing_is_accepted(client, table):
    response = client.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert response["TableStatus"] == "UPDATING"
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    assert client.describe_table(TableName=table)["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_switching_to_provisioned(client, table):
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    response = client.update_table(TableName=table, BillingMode="PROVISIONED", ProvisionedThroughput=throughput)
    description = response["TableDescription"]
    assert description["TableStatus"] == "UPDATING"
    assert description["BillingModeSummary"] == {"BillingMode": "PROVISIONED"}
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    described = client.describe_table(TableName=table)["Table"]
    assert described["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert "LastUpdateToPayPerRequestDateTime" in described["BillingModeSummary"]
    assert described["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    # Warm throughput never goes down: it keeps the on-demand figures.
    assert described["WarmThroughput"]["ReadUnitsPerSecond"] == 12000


@pytest.fixture
def provisioned(create: Callable[..., dict]) -> str:
    """A provisioned table (1/1) keyed by string `pk`."""
    return create(
        KeySchema=keys("pk HASH"),
        AttributeDefinitions=attributes("pk"),
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )["TableDescription"]["TableName"]


def test_unchanged_throughput_is_refused(client, provisioned):
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    expected = (
        "ValidationException",
        "The provisioned throughput for the table will not change. The requested value equals the current value. "
        "Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. Current "
        "WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon "
        "DynamoDB Developer Guide for current limits and how to request higher limits.",
    )
    assert error_of(lambda: client.update_table(TableName=provisioned, ProvisionedThroughput=throughput)) == expected
    call = lambda: client.update_table(TableName=provisioned, BillingMode="PROVISIONED", ProvisionedThroughput=throughput)  # noqa: E731
    assert error_of(call) == expected
    assert error_of(lambda: client.update_table(TableName=provisioned, BillingMode="PROVISIONED")) == (
        "ValidationException",
        INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    )


def test_a_throughput_increase_answers_with_the_old_values(client, provisioned):
    throughput = {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}
    response = client.update_table(TableName=provisioned, ProvisionedThroughput=throughput)["TableDescription"]
    assert response["TableStatus"] == "UPDATING"
    assert (response["ProvisionedThroughput"]["ReadCapacityUnits"], response["ProvisionedThroughput"]["WriteCapacityUnits"]) == (1, 1)
    assert "LastIncreaseDateTime" in response["ProvisionedThroughput"]
    client.get_waiter("table_exists").wait(TableName=provisioned, WaiterConfig=WAIT)
    described = client.describe_table(TableName=provisioned)["Table"]
    assert described["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
    assert described["WarmThroughput"]["ReadUnitsPerSecond"] == 2


def test_on_demand_throughput_is_refused_on_a_provisioned_table_update(client, provisioned):
    call = lambda: client.update_table(TableName=provisioned, OnDemandThroughput={"MaxReadRequestUnits": 100})  # noqa: E731
    assert error_of(call) == (
        "ValidationException",
        INVALID + "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED",
    )


def test_stream_with_throughput_is_refused(client, provisioned):
    call = lambda: client.update_table(  # noqa: E731
        TableName=provisioned,
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )
    assert error_of(call) == ("ValidationException", INVALID + "You cannot modify stream status while updating table IOPS")


def test_warm_throughput_never_decreases(client, provisioned):
    call = lambda: client.update_table(TableName=provisioned, WarmThroughput={"ReadUnitsPerSecond": 1})  # noqa: E731
    client.update_table(TableName=provisioned, ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 3})
    client.get_waiter("table_exists").wait(TableName=provisioned, WaiterConfig=WAIT)
    assert error_of(call) == (
        "ValidationException",
        INVALID + "Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, "
        "decreasing WarmThroughput is not supported",
    )


def test_on_demand_throughput_updates_and_zero_is_out_of_range(client, table):
    client.update_table(TableName=table, OnDemandThroughput={"MaxReadRequestUnits": 1000, "MaxWriteRequestUnits": 500})
    assert client.describe_table(TableName=table)["Table"]["OnDemandThroughput"] == {
        "MaxReadRequestUnits": 1000,
        "MaxWriteRequestUnits": 500,
    }
    call = lambda: client.update_table(TableName=table, OnDemandThroughput={"MaxWriteRequestUnits": 0})  # noqa: E731
    assert error_of(call) == (
        "ValidationException",
        INVALID + "Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid range",
    )


def test_streams_are_turned_on_and_off(client, table):
    enable = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    response = client.update_table(TableName=table, StreamSpecification=enable)["TableDescription"]
    assert response["TableStatus"] == "UPDATING"
    assert response["StreamSpecification"] == enable
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    assert error_of(lambda: client.update_table(TableName=table, StreamSpecification=enable)) == (
        "ValidationException",
        f"Table already has an enabled stream: TableName: {table}",
    )
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    client.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    described = client.describe_table(TableName=table)["Table"]
    assert "StreamSpecification" not in described
    assert described["LatestStreamArn"] == arn
    assert error_of(lambda: client.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})) == (
        "ValidationException",
        f"Table has no stream to disable: TableName: {table}",
    )


def test_stream_update_rules(client, table):
    call = lambda: client.update_table(TableName=table, StreamSpecification={"StreamEnabled": True})  # noqa: E731
    assert error_of(call) == ("ValidationException", INVALID + "If stream is being enabled then UpdateViewType is required")
    spec = {"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"}
    assert error_of(lambda: client.update_table(TableName=table, StreamSpecification=spec)) == (
        "ValidationException",
        INVALID + "If stream is being disabled, then UpdateViewType must not be specified",
    )


def test_default_encryption_cannot_be_turned_off(client, table):
    assert error_of(lambda: client.update_table(TableName=table, SSESpecification={"Enabled": False})) == (
        "ValidationException",
        INVALID + "Table is already encrypted by default",
    )


def test_table_class_changes_answer_with_the_old_class(client, table):
    response = client.update_table(TableName=table, TableClass="STANDARD_INFREQUENT_ACCESS")["TableDescription"]
    assert response["TableStatus"] == "UPDATING"
    assert "TableClassSummary" not in response
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    summary = client.describe_table(TableName=table)["Table"]["TableClassSummary"]
    assert summary["TableClass"] == "STANDARD_INFREQUENT_ACCESS"


def test_standard_class_on_a_table_that_never_set_one_changes_nothing(client, table):
    client.update_table(TableName=table, TableClass="STANDARD")
    client.get_waiter("table_exists").wait(TableName=table, WaiterConfig=WAIT)
    assert "TableClassSummary" not in client.describe_table(TableName=table)["Table"]


def test_global_index_update_rules(client, create):
    name = create(**on_demand(AttributeDefinitions=attributes("pk", "gk"), GlobalSecondaryIndexes=[gsi("by-gk", "gk HASH")]))[
        "TableDescription"
    ]["TableName"]
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    update = [{"Update": {"IndexName": "by-gk", "ProvisionedThroughput": throughput}}]
    assert error_of(lambda: client.update_table(TableName=name, GlobalSecondaryIndexUpdates=update)) == (
        "ValidationException",
        INVALID + "The only Updates for index: by-gk when TableThroughputMode is PAY_PER_REQUEST can be to "
        "OnDemandThroughput, WarmThroughput",
    )
    call = lambda: client.update_table(TableName=name, BillingMode="PROVISIONED", ProvisionedThroughput=throughput)  # noqa: E731
    assert error_of(call) == ("ValidationException", INVALID + "ProvisionedThroughput must be specified for index: by-gk")
    twice = [{"Delete": {"IndexName": "by-gk"}}, {"Delete": {"IndexName": "by-gk"}}]
    assert error_of(lambda: client.update_table(TableName=name, GlobalSecondaryIndexUpdates=twice)) == (
        "ValidationException",
        INVALID + "Only one global secondary index update per index is allowed simultaneously. Index: by-gk",
    )


def test_unknown_index_updates(client, table):
    update = [{"Update": {"IndexName": "ghost", "OnDemandThroughput": {"MaxReadRequestUnits": 10}}}]
    assert error_of(lambda: client.update_table(TableName=table, GlobalSecondaryIndexUpdates=update)) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Index ghost for table {table}",
    )


def test_index_creation_needs_attribute_definitions(client, table):
    create_index = [{"Create": gsi("by-gk", "gk HASH")}]
    assert error_of(lambda: client.update_table(TableName=table, GlobalSecondaryIndexUpdates=create_index)) == (
        "ValidationException",
        INVALID + "AttributeDefinitions is not specified for index: by-gk",
    )


def test_index_update_entries_need_one_action(unchecked_client, table):
    call = lambda: unchecked_client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{}])  # noqa: E731
    assert error_of(call) == (
        "ValidationException",
        INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
        "GlobalSecondaryIndexUpdate.Delete must not be null",
    )


def test_attribute_definitions_are_required(unchecked_client: Any) -> None:
    code, message = error_of(
        lambda: unchecked_client.create_table(
            TableName=unique_name(), KeySchema=keys("pk HASH"), BillingMode="PAY_PER_REQUEST"
        )
    )
    assert (code, message) == (
        "ValidationException",
        "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: "
        "Member must not be null",
    )


def test_key_schema_is_required(unchecked_client: Any) -> None:
    # Newer botocore models require only TableName; DynamoDB still requires KeySchema.
    code, message = error_of(
        lambda: unchecked_client.create_table(
            TableName=unique_name(), AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    )
    assert (code, message) == (
        "ValidationException",
        "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
        "Member must not be null",
    )
