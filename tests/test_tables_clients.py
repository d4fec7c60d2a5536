"""The control plane through the boto3 resource and PynamoDB, and fakedynamo's own promises about it.

The conformance tests (conformance/test_tables.py, test_ttl.py, test_tags.py)
pin what DynamoDB answers through a plain client; these check the same flows
through the higher-level clients (waiters, `Table` attributes, PynamoDB's
create/exists/describe/delete), and what only the fake can promise: tables
are ACTIVE at once, counts are exact, regions are isolated, the clock is the
test's, and a refused request changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection, LocalSecondaryIndex
from pynamodb.models import Model

import fakedynamo

REGION = "us-east-1"
PAY_PER_REQUEST = "PAY_PER_REQUEST"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def simple_table(client: Any, name: str, **params: Any) -> dict:
    params.setdefault("BillingMode", PAY_PER_REQUEST)
    return client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=params.pop("AttributeDefinitions", [{"AttributeName": "pk", "AttributeType": "S"}]),
        **params,
    )


@pytest.fixture
def mock() -> Iterator[fakedynamo.MockDynamoDB]:
    with fakedynamo.mock_dynamodb() as mock:
        yield mock


@pytest.fixture
def client(mock: fakedynamo.MockDynamoDB) -> Any:
    return boto3.client("dynamodb", region_name=REGION)


# -- boto3 resource ------------------------------------------------------------------


def test_resource_create_wait_describe_delete(mock):
    dynamodb = boto3.resource("dynamodb", region_name=REGION)
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "customer", "AttributeType": "S"},
            {"AttributeName": "order", "AttributeType": "N"},
            {"AttributeName": "status", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        BillingMode=PAY_PER_REQUEST,
    )
    assert table.table_status == "CREATING"  # what CreateTable answered
    table.wait_until_exists()  # returns at once: the table is already ACTIVE
    table.reload()
    assert table.table_status == "ACTIVE"
    assert table.key_schema[0] == {"AttributeName": "customer", "KeyType": "HASH"}
    assert table.billing_mode_summary["BillingMode"] == PAY_PER_REQUEST
    assert table.global_secondary_indexes[0]["IndexStatus"] == "ACTIVE"
    assert table.table_arn == "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    table.put_item(Item={"customer": "c1", "order": 1, "status": "open"})
    table.put_item(Item={"customer": "c1", "order": 2})
    table.reload()
    assert table.item_count == 2
    assert table.global_secondary_indexes[0]["ItemCount"] == 1  # only the item with a status
    table.delete()
    table.wait_until_not_exists()
    assert mock.table_names() == []


def test_resource_table_collection_pages_through_list_tables(client):
    names = [f"table-{i:03d}" for i in range(105)]
    for name in names:
        simple_table(client, name)
    dynamodb = boto3.resource("dynamodb", region_name=REGION)
    assert [table.name for table in dynamodb.tables.all()] == names
    first = client.list_tables()
    assert len(first["TableNames"]) == 100 and first["LastEvaluatedTableName"] == "table-099"
    rest = client.list_tables(ExclusiveStartTableName="table-099")
    assert rest["TableNames"] == names[100:] and "LastEvaluatedTableName" not in rest


def test_waiters_return_at_once(client):
    simple_table(client, "waited")
    client.get_waiter("table_exists").wait(TableName="waited", WaiterConfig={"Delay": 30, "MaxAttempts": 1})
    client.delete_table(TableName="waited")
    client.get_waiter("table_not_exists").wait(TableName="waited", WaiterConfig={"Delay": 30, "MaxAttempts": 1})


# -- PynamoDB --------------------------------------------------------------------------


class ByEmail(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class ByScore(LocalSecondaryIndex):
    class Meta:
        index_name = "by-score"
        projection = KeysOnlyProjection()

    user = UnicodeAttribute(hash_key=True)
    score = NumberAttribute(range_key=True)


class Session(Model):
    class Meta:
        table_name = "sessions"
        region = REGION
        billing_mode = PAY_PER_REQUEST
        stream_view_type = "NEW_AND_OLD_IMAGES"

    user = UnicodeAttribute(hash_key=True)
    started = NumberAttribute(range_key=True)
    email = UnicodeAttribute(null=True)
    score = NumberAttribute(null=True)
    expires = TTLAttribute(null=True)
    by_email = ByEmail()
    by_score = ByScore()


class Counter(Model):
    class Meta:
        table_name = "counters"
        region = REGION

    name = UnicodeAttribute(hash_key=True)


def test_pynamodb_create_exists_describe_delete(mock):
    assert not Session.exists()
    Session.create_table(wait=True)
    assert Session.exists()
    description = Session.describe_table()
    assert description["TableStatus"] == "ACTIVE"
    assert description["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert [i["IndexName"] for i in description["GlobalSecondaryIndexes"]] == ["by-email"]
    assert [i["IndexName"] for i in description["LocalSecondaryIndexes"]] == ["by-score"]
    # PynamoDB enables TTL on the TTLAttribute once the table exists.
    client = boto3.client("dynamodb", region_name=REGION)
    assert client.describe_time_to_live(TableName="sessions")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }
    Session(user="u", started=1, email="u@example.com", score=3).save()
    assert Session.describe_table()["GlobalSecondaryIndexes"][0]["ItemCount"] == 1
    Session.delete_table()
    assert not Session.exists()


def test_pynamodb_provisioned_table(mock):
    Counter.create_table(read_capacity_units=3, write_capacity_units=2, wait=True)
    throughput = Counter.describe_table()["ProvisionedThroughput"]
    assert (throughput["ReadCapacityUnits"], throughput["WriteCapacityUnits"]) == (3, 2)
    assert "BillingModeSummary" not in Counter.describe_table()
    Counter.delete_table()


# -- what only the fake promises -------------------------------------------------------


def test_index_counts_and_sizes_are_exact(client):
    client.create_table(
        TableName="scores",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-l",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode=PAY_PER_REQUEST,
    )
    client.put_item(TableName="scores", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}, "big": {"S": "z" * 100}})
    client.put_item(TableName="scores", Item={"pk": {"S": "a"}, "sk": {"S": "2"}, "l": {"N": "5"}})
    client.put_item(TableName="scores", Item={"pk": {"S": "b"}, "sk": {"S": "1"}})
    table = client.describe_table(TableName="scores")["Table"]
    assert table["ItemCount"] == 3
    gsi, = table["GlobalSecondaryIndexes"]
    lsi, = table["LocalSecondaryIndexes"]
    assert (gsi["ItemCount"], lsi["ItemCount"]) == (1, 1)
    # KEYS_ONLY leaves the big attribute out of the index's size.
    assert gsi["IndexSizeBytes"] < 100 < table["TableSizeBytes"]


def test_table_definition_and_index_keys_follow_the_schema(mock, client):
    client.create_table(
        TableName="schema",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "a", "AttributeType": "N"},
            {"AttributeName": "b", "AttributeType": "B"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "zzz",
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            },
            {"IndexName": "aaa", "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
        ],
        BillingMode=PAY_PER_REQUEST,
    )
    table = mock.table("schema")
    assert table.index_keys == {"a": ("N", "aaa"), "b": ("B", "zzz")}
    assert [i["IndexName"] for i in table.definition["GlobalSecondaryIndexes"]] == ["zzz", "aaa"]
    client.update_table(TableName="schema", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "zzz"}}])
    assert table.index_keys == {"a": ("N", "aaa")}
    # The attribute only the deleted index used leaves AttributeDefinitions.
    described = client.describe_table(TableName="schema")["Table"]
    assert [d["AttributeName"] for d in described["AttributeDefinitions"]] == ["a", "pk"]


def test_global_indexes_are_created_and_deleted_through_update_table(client):
    simple_table(client, "grow")
    client.put_item(TableName="grow", Item={"pk": {"S": "a"}, "email": {"S": "a@x"}})
    response = client.update_table(
        TableName="grow",
        AttributeDefinitions=[{"AttributeName": "email", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-email",
                    "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )["TableDescription"]
    index, = response["GlobalSecondaryIndexes"]
    assert response["TableStatus"] == "UPDATING"
    assert (index["IndexStatus"], index["Backfilling"]) == ("CREATING", False)
    index, = client.describe_table(TableName="grow")["Table"]["GlobalSecondaryIndexes"]
    assert (index["IndexStatus"], index["ItemCount"]) == ("ACTIVE", 1)
    code, message = error(
        lambda: client.update_table(
            TableName="grow",
            AttributeDefinitions=[{"AttributeName": "email", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {"Create": {"IndexName": "by-email", "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
            ],
        )
    )
    assert (code, message) == ("ValidationException", "Attempting to create an index which already exists")
    deleted = client.update_table(TableName="grow", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-email"}}])
    assert deleted["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "DELETING"
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName="grow")["Table"]


def test_one_index_creation_or_deletion_per_call(client):
    simple_table(client, "busy")
    creates = [
        {"Create": {"IndexName": name, "KeySchema": [{"AttributeName": name, "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
        for name in ("aaa", "bbb")
    ]
    definitions = [{"AttributeName": name, "AttributeType": "S"} for name in ("aaa", "bbb")]
    assert error(lambda: client.update_table(TableName="busy", AttributeDefinitions=definitions, GlobalSecondaryIndexUpdates=creates)) == (
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    )
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName="busy")["Table"]


def test_a_refused_update_changes_nothing(client):
    simple_table(client, "stable")
    before = client.describe_table(TableName="stable")["Table"]
    with pytest.raises(ClientError):
        client.update_table(TableName="stable", DeletionProtectionEnabled=True, BillingMode=PAY_PER_REQUEST)
    with pytest.raises(ClientError):
        client.update_table(
            TableName="stable",
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 50000, "WriteCapacityUnits": 1},
        )
    assert client.describe_table(TableName="stable")["Table"] == before


def test_regions_are_isolated(mock):
    east = boto3.client("dynamodb", region_name="us-east-1")
    west = boto3.client("dynamodb", region_name="us-west-2")
    simple_table(east, "shared-name")
    assert west.list_tables()["TableNames"] == []
    simple_table(west, "shared-name")
    arn = west.describe_table(TableName="shared-name")["Table"]["TableArn"]
    assert arn == "arn:aws:dynamodb:us-west-2:123456789012:table/shared-name"
    code, _ = error(lambda: east.describe_table(TableName=arn))
    assert code == "ValidationException"
    assert error(lambda: east.list_tags_of_resource(ResourceArn=arn)) == (
        "ValidationException",
        f"Invalid TableArn: Invalid ResourceArn provided as input {arn}",
    )


def test_timestamps_and_ids_follow_the_mocks_clock_and_seed():
    clock = Clock(1_790_000_000.5)
    descriptions = []
    for _ in range(2):
        with fakedynamo.mock_dynamodb(clock=clock, id_seed=7):
            client = boto3.client("dynamodb", region_name=REGION)
            descriptions.append(simple_table(client, "clocked", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}))
    first, second = (d["TableDescription"] for d in descriptions)
    assert first["CreationDateTime"] == datetime.fromtimestamp(1_790_000_000.5, timezone.utc)
    assert first["TableId"] == second["TableId"]
    assert first["LatestStreamLabel"] == "2026-09-21T14:13:20.500"


def test_the_ttl_cooldown_lifts_with_time():
    clock = Clock(1_790_000_000.0)
    with fakedynamo.mock_dynamodb(clock=clock):
        client = boto3.client("dynamodb", region_name=REGION)
        simple_table(client, "expiring")
        client.update_time_to_live(TableName="expiring", TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
        disable = lambda: client.update_time_to_live(  # noqa: E731
            TableName="expiring", TimeToLiveSpecification={"Enabled": False, "AttributeName": "ttl"}
        )
        clock.now += 30 * 60
        assert error(disable)[1] == "Time to live has been modified multiple times within a fixed interval"
        clock.now += 60
        disable()
        assert client.describe_time_to_live(TableName="expiring")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_the_daily_budget_of_throughput_decreases():
    clock = Clock(datetime(2026, 10, 8, 20, 0, tzinfo=timezone.utc).timestamp())
    with fakedynamo.mock_dynamodb(clock=clock):
        client = boto3.client("dynamodb", region_name=REGION)
        simple_table(client, "shrinking", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 10})
        for units in (9, 8, 7, 6):
            clock.now += 60
            client.update_table(TableName="shrinking", ProvisionedThroughput={"ReadCapacityUnits": units, "WriteCapacityUnits": 10})
        throughput = client.describe_table(TableName="shrinking")["Table"]["ProvisionedThroughput"]
        assert throughput["NumberOfDecreasesToday"] == 4
        decrease = lambda: client.update_table(  # noqa: E731
            TableName="shrinking", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 10}
        )
        assert error(decrease) == (
            "LimitExceededException",
            "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the "
            "first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 "
            "seconds. Number of decreases today: 4. Last decrease at Thursday, October 8, 2026 at 8:04:00 PM "
            "Coordinated Universal Time. Next decrease can be made at Thursday, October 8, 2026 at 9:04:00 PM "
            "Coordinated Universal Time.",
        )
        # Increases are always allowed.
        client.update_table(TableName="shrinking", ProvisionedThroughput={"ReadCapacityUnits": 6, "WriteCapacityUnits": 11})
        clock.now += 3600
        decrease()
        clock.now = datetime(2026, 10, 9, 0, 0, 1, tzinfo=timezone.utc).timestamp()
        throughput = client.describe_table(TableName="shrinking")["Table"]["ProvisionedThroughput"]
        assert throughput["NumberOfDecreasesToday"] == 0


def test_describe_limits_and_endpoints(client):
    limits = client.describe_limits()
    assert (limits["AccountMaxReadCapacityUnits"], limits["TableMaxReadCapacityUnits"]) == (80000, 40000)
    west = boto3.client("dynamodb", region_name="eu-west-2")
    assert west.describe_endpoints()["Endpoints"] == [{"Address": "dynamodb.eu-west-2.amazonaws.com", "CachePeriodInMinutes": 1440}]


def test_the_account_capacity_quota_spans_tables(client):
    throughput = {"ReadCapacityUnits": 40000, "WriteCapacityUnits": 1}
    simple_table(client, "big-one", BillingMode="PROVISIONED", ProvisionedThroughput=throughput)
    simple_table(client, "big-two", BillingMode="PROVISIONED", ProvisionedThroughput=throughput)
    assert error(lambda: simple_table(client, "too-big", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})) == (
        "LimitExceededException",
        "This request would have caused the ReadCapacityUnits limit to be exceeded for the account in us-east-1. "
        "Current ReadCapacityUnits reserved by the account: 80000. Limit: 80000. Requested: 1",
    )


def test_stream_arns_have_their_own_tags(client):
    created = simple_table(client, "streaming", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    stream_arn = created["TableDescription"]["LatestStreamArn"]
    client.tag_resource(ResourceArn=stream_arn, Tags=[{"Key": "s", "Value": "1"}])
    assert client.list_tags_of_resource(ResourceArn=stream_arn)["Tags"] == [{"Key": "s", "Value": "1"}]
    assert client.list_tags_of_resource(ResourceArn=created["TableDescription"]["TableArn"])["Tags"] == []


def test_update_table_answers_with_what_is_under_way(client):
    client.create_table(
        TableName="busy-table",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            }
        ],
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    )
    update = {"Update": {"IndexName": "by-g", "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}}}
    response = client.update_table(TableName="busy-table", GlobalSecondaryIndexUpdates=[update])["TableDescription"]
    index, = response["GlobalSecondaryIndexes"]
    assert response["TableStatus"] == "ACTIVE" and index["IndexStatus"] == "UPDATING"
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 1 and "LastIncreaseDateTime" in index["ProvisionedThroughput"]
    index, = client.describe_table(TableName="busy-table")["Table"]["GlobalSecondaryIndexes"]
    assert index["ProvisionedThroughput"]["ReadCapacityUnits"] == 2

    warm = client.update_table(TableName="busy-table", WarmThroughput={"ReadUnitsPerSecond": 50})["TableDescription"]
    assert warm["TableStatus"] == "ACTIVE"
    assert warm["WarmThroughput"] == {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1, "Status": "UPDATING"}
    assert client.describe_table(TableName="busy-table")["Table"]["WarmThroughput"]["ReadUnitsPerSecond"] == 50

    encrypted = client.update_table(TableName="busy-table", SSESpecification={"Enabled": True})["TableDescription"]
    assert encrypted["SSEDescription"]["Status"] == "UPDATING"
    assert client.describe_table(TableName="busy-table")["Table"]["SSEDescription"]["Status"] == "ENABLED"


def test_an_empty_warm_or_on_demand_throughput_alone_is_an_internal_failure(mock):
    from botocore.config import Config

    client = boto3.client("dynamodb", region_name=REGION, config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    simple_table(client, "empty-structs")
    with pytest.raises(ClientError) as caught:
        client.update_table(TableName="empty-structs", WarmThroughput={})
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    # Beside another change, DynamoDB ignores it.
    client.update_table(TableName="empty-structs", WarmThroughput={}, DeletionProtectionEnabled=True)
    assert client.describe_table(TableName="empty-structs")["Table"]["DeletionProtectionEnabled"] is True


def test_minus_one_removes_an_on_demand_cap(client):
    simple_table(client, "capped", OnDemandThroughput={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50})
    response = client.update_table(TableName="capped", OnDemandThroughput={"MaxReadRequestUnits": -1})
    assert response["TableDescription"]["TableStatus"] == "ACTIVE"
    assert response["TableDescription"]["OnDemandThroughput"] == {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 50}
    assert client.describe_table(TableName="capped")["Table"]["OnDemandThroughput"] == {"MaxWriteRequestUnits": 50}
    client.update_table(TableName="capped", OnDemandThroughput={"MaxWriteRequestUnits": -1})
    assert "OnDemandThroughput" not in client.describe_table(TableName="capped")["Table"]
