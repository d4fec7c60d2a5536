"""Contributor Insights, Kinesis destinations, legacy global tables and vector search through boto3.

(Resource policies and replicated writes are proven in conformance/, in-process and over HTTP.)
"""

from __future__ import annotations

import random
from typing import Any, Iterator

import boto3
import pytest
from botocore.exceptions import ClientError

import fakedynamo
from fakedynamo.operations import vector_search

REGION = "us-east-1"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def mock() -> Iterator[fakedynamo.MockDynamoDB]:
    with fakedynamo.mock_dynamodb(clock=Clock(1_800_000_000.0)) as mock:
        yield mock


def client_in(region: str = REGION) -> Any:
    return boto3.client("dynamodb", region_name=region)


def error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def make_table(client: Any, name: str = "tbl", sort: bool = False, **params: Any) -> str:
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}]
    if sort:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "S"})
    params.setdefault("BillingMode", "PAY_PER_REQUEST")
    client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=definitions, **params)
    return name


# -- Contributor Insights -------------------------------------------------------------------


def test_contributor_insights(mock: Any) -> None:
    client = client_in()
    make_table(client, sort=True)
    assert client.describe_contributor_insights(TableName="tbl")["ContributorInsightsStatus"] == "DISABLED"
    answer = client.update_contributor_insights(TableName="tbl", ContributorInsightsAction="ENABLE")
    assert answer["ContributorInsightsStatus"] == "ENABLING"
    described = client.describe_contributor_insights(TableName="tbl")
    assert described["ContributorInsightsStatus"] == "ENABLED"
    assert described["ContributorInsightsMode"] == "ACCESSED_AND_THROTTLED_KEYS"
    assert [r.split("-")[1] for r in described["ContributorInsightsRuleList"]] == ["PKC", "PKT", "SKC", "SKT"]
    assert described["ContributorInsightsRuleList"][0] == "DynamoDBContributorInsights-PKC-tbl-1800000000000"
    client.update_contributor_insights(TableName="tbl", ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS")
    rules = client.describe_contributor_insights(TableName="tbl")["ContributorInsightsRuleList"]
    assert [r.split("-")[1] for r in rules] == ["PKT", "SKT"]
    summaries = client.list_contributor_insights()["ContributorInsightsSummaries"]
    assert summaries == [{"TableName": "tbl", "ContributorInsightsStatus": "ENABLED", "ContributorInsightsMode": "THROTTLED_KEYS"}]
    assert client.update_contributor_insights(TableName="tbl", ContributorInsightsAction="DISABLE")["ContributorInsightsStatus"] == "DISABLING"
    assert client.describe_contributor_insights(TableName="tbl")["ContributorInsightsStatus"] == "DISABLED"
    assert error(lambda: client.describe_contributor_insights(TableName="nope"))[0] == "ResourceNotFoundException"


# -- Kinesis streaming destinations -------------------------------------------------------------


def test_kinesis_destinations(mock: Any) -> None:
    client = client_in()
    make_table(client)
    stream = "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
    answer = client.enable_kinesis_streaming_destination(TableName="tbl", StreamArn=stream)
    assert answer["DestinationStatus"] == "ENABLING"
    destinations = client.describe_kinesis_streaming_destination(TableName="tbl")["KinesisDataStreamDestinations"]
    assert destinations == [{"StreamArn": stream, "DestinationStatus": "ACTIVE", "ApproximateCreationDateTimePrecision": "MILLISECOND"}]
    update = client.update_kinesis_streaming_destination(
        TableName="tbl", StreamArn=stream, UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"}
    )
    assert update["DestinationStatus"] == "UPDATING"
    assert client.disable_kinesis_streaming_destination(TableName="tbl", StreamArn=stream)["DestinationStatus"] == "DISABLING"
    assert client.describe_kinesis_streaming_destination(TableName="tbl")["KinesisDataStreamDestinations"][0]["DestinationStatus"] == "DISABLED"
    # Another region's stream is accepted, then fails as DynamoDB reports it.
    other = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders"
    assert client.enable_kinesis_streaming_destination(TableName="tbl", StreamArn=other)["DestinationStatus"] == "ENABLING"
    failed = client.describe_kinesis_streaming_destination(TableName="tbl")["KinesisDataStreamDestinations"][1]
    assert failed["DestinationStatus"] == "ENABLE_FAILED"
    assert "not in the current region" in failed["DestinationStatusDescription"]


def test_describe_limits_and_endpoints(mock: Any) -> None:
    client = client_in()
    assert client.describe_limits()["TableMaxReadCapacityUnits"] == 40000
    assert client.describe_endpoints()["Endpoints"][0]["Address"] == "dynamodb.us-east-1.amazonaws.com"


# -- global tables, version 2017.11.29 -------------------------------------------------------------


def test_legacy_global_table(mock: Any) -> None:
    stream = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    east, west = client_in("us-east-1"), client_in("us-west-2")
    for client in (east, west):
        make_table(client, "glob", StreamSpecification=stream)
    created = east.create_global_table(GlobalTableName="glob", ReplicationGroup=[{"RegionName": "us-east-1"}, {"RegionName": "us-west-2"}])
    description = created["GlobalTableDescription"]
    assert description["GlobalTableStatus"] == "CREATING"
    assert description["GlobalTableArn"] == "arn:aws:dynamodb::123456789012:global-table/glob"
    assert east.describe_global_table(GlobalTableName="glob")["GlobalTableDescription"]["GlobalTableStatus"] == "ACTIVE"
    assert east.list_global_tables()["GlobalTables"] == [
        {"GlobalTableName": "glob", "ReplicationGroup": [{"RegionName": "us-east-1"}, {"RegionName": "us-west-2"}]}
    ]
    east.put_item(TableName="glob", Item={"pk": {"S": "a"}})
    assert west.get_item(TableName="glob", Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
    assert error(lambda: east.create_global_table(GlobalTableName="glob", ReplicationGroup=[{"RegionName": "us-east-1"}]))[0] == "GlobalTableAlreadyExistsException"
    settings = east.describe_global_table_settings(GlobalTableName="glob")["ReplicaSettings"]
    assert [s["RegionName"] for s in settings] == ["us-east-1", "us-west-2"]
    east.update_global_table(GlobalTableName="glob", ReplicaUpdates=[{"Delete": {"RegionName": "us-west-2"}}])
    east.put_item(TableName="glob", Item={"pk": {"S": "b"}})
    assert "Item" not in west.get_item(TableName="glob", Key={"pk": {"S": "b"}})
    assert error(lambda: east.describe_global_table(GlobalTableName="nope"))[0] == "GlobalTableNotFoundException"


def test_replica_auto_scaling_allows_provisioned_replicas(mock: Any) -> None:
    client = client_in()
    make_table(client, BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    client.update_table_replica_auto_scaling(
        TableName="tbl",
        ProvisionedWriteCapacityAutoScalingUpdate={
            "MinimumUnits": 5,
            "MaximumUnits": 50,
            "ScalingPolicyUpdate": {"TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0}},
        },
    )
    described = client.describe_table_replica_auto_scaling(TableName="tbl")["TableAutoScalingDescription"]
    assert described["Replicas"][0]["ReplicaProvisionedWriteCapacityAutoScalingSettings"]["MaximumUnits"] == 50
    client.update_table(TableName="tbl", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])
    assert client_in("eu-west-1").describe_table(TableName="tbl")["Table"]["ProvisionedThroughput"]["WriteCapacityUnits"] == 5


def test_strong_consistency_with_witness(mock: Any) -> None:
    client = client_in()
    make_table(client)
    answer = client.update_table(
        TableName="tbl",
        ReplicaUpdates=[{"Create": {"RegionName": "us-east-2"}}],
        GlobalTableWitnessUpdates=[{"Create": {"RegionName": "us-west-2"}}],
        MultiRegionConsistency="STRONG",
    )
    assert answer["TableDescription"]["TableStatus"] == "UPDATING"
    described = client.describe_table(TableName="tbl")["Table"]
    assert described["MultiRegionConsistency"] == "STRONG"
    assert described["GlobalTableWitnesses"] == [{"RegionName": "us-west-2", "WitnessStatus": "ACTIVE"}]
    code, _ = error(lambda: client_in().update_table(TableName="tbl", MultiRegionConsistency="EVENTUAL"))
    assert code == "ValidationException"


def test_failed_replica_update_changes_nothing(mock: Any) -> None:
    client = client_in()
    make_table(client)
    client_in("eu-west-1").create_table(
        TableName="tbl",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert error(lambda: client.update_table(TableName="tbl", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}]))[0] == "ValidationException"
    described = client.describe_table(TableName="tbl")["Table"]
    assert "Replicas" not in described and "StreamSpecification" not in described


# -- vector search ---------------------------------------------------------------------------------


def vector_table(client: Any, distance: str = "COSINE", dims: int = 4, **index: Any) -> None:
    spec = {
        "IndexName": "vec",
        "VectorAttribute": {"AttributeName": "embedding"},
        "Projection": {"ProjectionType": "ALL"},
        "Dimensions": dims,
        "DistanceFunction": distance,
        **index,
    }
    make_table(client, VectorIndexes=[spec])


def as_list(vector: list[float]) -> dict[str, Any]:
    return {"L": [{"N": repr(float(x))} for x in vector]}


def test_vector_index_described_and_searchable(mock: Any) -> None:
    client = client_in()
    created = client.create_table(
        TableName="vtab",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "genre", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        VectorIndexes=[
            {
                "IndexName": "vec",
                "VectorAttribute": {"AttributeName": "embedding"},
                "SearchSchema": [{"AttributeName": "genre", "SearchSchemaElementType": "INLINE_FILTER"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "Dimensions": 2,
                "DistanceFunction": "EUCLIDEAN",
            }
        ],
    )
    assert created["TableDescription"]["VectorIndexes"][0]["IndexStatus"] == "CREATING"
    for i, (x, y, genre) in enumerate([(0, 0, "a"), (1, 0, "b"), (5, 5, "a"), (0.5, 0.5, "b")]):
        client.put_item(TableName="vtab", Item={"pk": {"S": f"i{i}"}, "embedding": as_list([x, y]), "genre": {"S": genre}, "extra": {"S": "x"}})
    client.put_item(TableName="vtab", Item={"pk": {"S": "no-vector"}})
    index = client.describe_table(TableName="vtab")["Table"]["VectorIndexes"][0]
    assert index["IndexStatus"] == "ACTIVE" and index["ItemCount"] == 4 and index["Dimensions"] == 2
    results = client.search_vectors(TableName="vtab", IndexName="vec", SearchVector=[{"N": "0"}, {"N": "0"}], TopK=2)["SearchResults"]
    assert [r["Item"]["pk"]["S"] for r in results] == ["i0", "i3"]
    assert results[0]["Score"] == 0.0
    assert "extra" not in results[0]["Item"]  # KEYS_ONLY
    filtered = client.search_vectors(
        TableName="vtab",
        IndexName="vec",
        SearchVector=[{"N": "0"}, {"N": "0"}],
        TopK=1,
        SearchConditionExpression="genre = :g",
        ExpressionAttributeValues={":g": {"S": "a"}},
        ProjectionExpression="pk",
    )["SearchResults"]
    assert filtered == [{"Item": {"pk": {"S": "i0"}}, "Score": 0.0}]
    assert error(lambda: client.search_vectors(TableName="vtab", IndexName="vec", SearchVector=[{"N": "0"}], TopK=1))[0] == "ValidationException"
    assert error(lambda: client.search_vectors(TableName="vtab", IndexName="nope", SearchVector=[{"N": "0"}], TopK=1))[0] == "ValidationException"


def test_search_schema_attributes_may_be_declared_in_attribute_definitions(mock: Any) -> None:
    # The API Reference: a SearchSchemaElement's attribute "must also be declared in the table's
    # AttributeDefinitions"; such a definition is used (by the vector index), not an unused one.
    client = client_in()
    client.create_table(
        TableName="vdefs",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "tenant", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        VectorIndexes=[
            {
                "IndexName": "vec",
                "VectorAttribute": {"AttributeName": "embedding"},
                "SearchSchema": [{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "Dimensions": 2,
                "DistanceFunction": "COSINE",
            }
        ],
    )
    assert client.describe_table(TableName="vdefs")["Table"]["VectorIndexes"][0]["SearchSchema"][0]["AttributeName"] == "tenant"
    code, message = error(lambda: client.create_table(
        TableName="vdefs2", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "tenant", "AttributeType": "S"}],
    ))  # fmt: skip
    assert code == "ValidationException" and "AttributeDefinitions" in message  # unused without a vector index


def test_vector_index_updates(mock: Any) -> None:
    client = client_in()
    make_table(client)
    spec = {
        "IndexName": "vec",
        "VectorAttribute": {"AttributeName": "e"},
        "Projection": {"ProjectionType": "ALL"},
        "Dimensions": 3,
        "DistanceFunction": "DOT_PRODUCT",
    }
    answer = client.update_table(TableName="tbl", VectorIndexUpdates=[{"Create": spec}])
    assert answer["TableDescription"]["VectorIndexes"][0]["IndexStatus"] == "CREATING"
    client.put_item(TableName="tbl", Item={"pk": {"S": "a"}, "e": as_list([1, 2, 3])})
    client.put_item(TableName="tbl", Item={"pk": {"S": "b"}, "e": as_list([3, 2, 1])})
    results = client.search_vectors(TableName="tbl", IndexName="vec", SearchVector=[{"N": "1"}, {"N": "0"}, {"N": "0"}], TopK=5)["SearchResults"]
    assert [(r["Item"]["pk"]["S"], r["Score"]) for r in results] == [("b", 3.0), ("a", 1.0)]
    assert error(lambda: client.update_table(TableName="tbl", VectorIndexUpdates=[{"Create": spec}]))[0] == "ValidationException"
    deleted = client.update_table(TableName="tbl", VectorIndexUpdates=[{"Delete": {"IndexName": "vec"}}])
    assert deleted["TableDescription"]["VectorIndexes"][0]["IndexStatus"] == "DELETING"
    assert "VectorIndexes" not in client.describe_table(TableName="tbl")["Table"]


@pytest.mark.parametrize("distance", ["COSINE", "EUCLIDEAN", "DOT_PRODUCT"])
@pytest.mark.parametrize("use_numpy", [True, False])
def test_exact_top_k_matches_brute_force(mock: Any, monkeypatch: Any, distance: str, use_numpy: bool) -> None:
    if not use_numpy:
        monkeypatch.setattr(vector_search, "numpy", None)
    elif vector_search.numpy is None:
        pytest.skip("numpy is not installed")
    rng = random.Random(7)
    dims, count, k = 16, 300, 10
    client = client_in()
    vector_table(client, distance, dims)
    vectors = {}
    for i in range(count):
        vector = [rng.uniform(-1, 1) for _ in range(dims)]
        vectors[f"i{i}"] = [float(repr(x)) for x in vector]
        client.put_item(TableName="tbl", Item={"pk": {"S": f"i{i}"}, "embedding": as_list(vector)})
    for _ in range(5):
        query = [rng.uniform(-1, 1) for _ in range(dims)]
        results = client.search_vectors(TableName="tbl", IndexName="vec", SearchVector=[{"N": repr(x)} for x in query], TopK=k)["SearchResults"]
        reference = sorted(
            ((vector_search.score(distance, query, v), key) for key, v in vectors.items()),
            reverse=distance == "DOT_PRODUCT",
        )[:k]
        assert [r["Item"]["pk"]["S"] for r in results] == [key for _, key in reference]
        for result, (expected, _) in zip(results, reference):
            assert result["Score"] == pytest.approx(expected, rel=1e-4, abs=1e-4)


def test_vector_indexes_are_not_dropped(mock: Any) -> None:
    client = client_in()
    spec = {"IndexName": "vec", "VectorAttribute": {"AttributeName": "pk"}, "Projection": {"ProjectionType": "ALL"}, "Dimensions": 2, "DistanceFunction": "COSINE"}
    # A vector attribute that is the table's key is refused, not ignored.
    assert error(lambda: make_table(client, VectorIndexes=[spec]))[0] == "ValidationException"
    assert client.list_tables()["TableNames"] == []


def test_a_policy_that_locks_out_the_caller_needs_confirmation(mock: Any) -> None:
    import json

    client = client_in()
    make_table(client)
    arn = client.describe_table(TableName="tbl")["Table"]["TableArn"]
    deny = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "dynamodb:*", "Resource": arn}
            ],
        }
    )
    assert error(lambda: client.put_resource_policy(ResourceArn=arn, Policy=deny))[0] == "ValidationException"
    assert error(lambda: client.get_resource_policy(ResourceArn=arn))[0] == "PolicyNotFoundException"
    assert client.put_resource_policy(ResourceArn=arn, Policy=deny, ConfirmRemoveSelfResourceAccess=True)["RevisionId"]


def test_a_fork_of_a_global_table_replicates_within_the_fork(mock: Any) -> None:
    east = client_in("us-east-1")
    make_table(east, "glob")
    east.update_table(TableName="glob", ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])
    with mock.fork() as fork:
        fork_east = boto3.client("dynamodb", region_name="us-east-1")
        fork_west = boto3.client("dynamodb", region_name="eu-west-1")
        fork_east.put_item(TableName="glob", Item={"pk": {"S": "forked"}})
        assert fork_west.get_item(TableName="glob", Key={"pk": {"S": "forked"}})["Item"] == {"pk": {"S": "forked"}}
    assert "Item" not in client_in("eu-west-1").get_item(TableName="glob", Key={"pk": {"S": "forked"}})
    east.put_item(TableName="glob", Item={"pk": {"S": "original"}})
    assert client_in("eu-west-1").get_item(TableName="glob", Key={"pk": {"S": "original"}})["Item"]
