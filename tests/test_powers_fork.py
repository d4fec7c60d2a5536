"""Copy-on-write forks: a fork sees the data as it was; writes on either side stay on that side."""

from __future__ import annotations

from typing import Any

import boto3

from fakedynamo import mock_dynamodb

KEY = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]


def create(client: Any) -> None:
    client.create_table(
        TableName="things", KeySchema=KEY, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "colour")],
        GlobalSecondaryIndexes=[{"IndexName": "by_colour", "KeySchema": [{"AttributeName": "colour", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
    )


def thing(pk: str, sk: str, colour: str = "red", **extra: Any) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}, "colour": {"S": colour}, **{k: {"S": v} for k, v in extra.items()}}


def colours(client: Any, colour: str) -> list[str]:
    page = client.query(TableName="things", IndexName="by_colour", KeyConditionExpression="colour = :c",
                        ExpressionAttributeValues={":c": {"S": colour}})
    return sorted(i["pk"]["S"] + i["sk"]["S"] for i in page["Items"])


def seeded() -> Any:
    db = mock_dynamodb(id_seed=1)
    with db:
        client = boto3.client("dynamodb", region_name="us-east-1")
        create(client)
        for pk in "ab":
            for sk in "12":
                client.put_item(TableName="things", Item=thing(pk, sk))
    return db


def test_writes_in_one_fork_are_invisible_in_another_and_in_the_original() -> None:
    base = seeded()
    left, right = base.fork(), base.fork()
    client = boto3.client("dynamodb", region_name="us-east-1")
    with left:
        client.put_item(TableName="things", Item=thing("c", "1"))
        client.delete_item(TableName="things", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})
        client.update_item(TableName="things", Key={"pk": {"S": "b"}, "sk": {"S": "2"}},
                           UpdateExpression="SET colour = :c", ExpressionAttributeValues={":c": {"S": "blue"}})
        assert colours(client, "red") == ["a2", "b1", "c1"] and colours(client, "blue") == ["b2"]
    with right:
        assert colours(client, "red") == ["a1", "a2", "b1", "b2"] and colours(client, "blue") == []
        client.put_item(TableName="things", Item=thing("z", "9", "blue"))
        assert len(client.scan(TableName="things")["Items"]) == 5
    with base:
        assert colours(client, "red") == ["a1", "a2", "b1", "b2"] and colours(client, "blue") == []
        client.put_item(TableName="things", Item=thing("q", "1"))  # the original writes after forking too
    assert left.item_count("things") == 4 and right.item_count("things") == 5 and base.item_count("things") == 5
    assert [i["pk"]["S"] for i in left.items("things")].count("q") == 0


def test_an_update_in_a_fork_leaves_the_originals_item_alone() -> None:
    base = seeded()
    fork = base.fork()
    client = boto3.client("dynamodb", region_name="us-east-1")
    with fork:
        client.update_item(TableName="things", Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                           UpdateExpression="SET note = :n", ExpressionAttributeValues={":n": {"S": "changed"}})
    with base:
        item = client.get_item(TableName="things", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]
    assert "note" not in item


def test_control_plane_changes_stay_on_their_side() -> None:
    base = seeded()
    fork = base.fork()
    client = boto3.client("dynamodb", region_name="us-east-1")
    with fork:
        arn = client.describe_table(TableName="things")["Table"]["TableArn"]
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "fork"}])
        client.create_table(TableName="extra", KeySchema=KEY[:1], BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        client.delete_table(TableName="things")
    with base:
        assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
        assert client.list_tables()["TableNames"] == ["things"]


def test_a_fork_of_a_fork_and_reset() -> None:
    base = seeded()
    child = base.fork()
    grandchild = child.fork()
    child.reset()
    assert grandchild.item_count("things") == 4 and base.item_count("things") == 4 and child.table_names() == []


def test_forks_are_deterministic_and_keep_the_handles_options() -> None:
    base = seeded()
    ids = []
    for _ in range(2):
        with base.fork():
            client = boto3.client("dynamodb", region_name="us-east-1")
            client.create_table(TableName="new", KeySchema=KEY[:1], BillingMode="PAY_PER_REQUEST",
                                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
            ids.append(client.describe_table(TableName="new")["Table"]["TableId"])
    assert ids[0] == ids[1]
    assert base.fork().account_id == base.account_id


def test_a_fork_shares_the_item_maps_until_a_write() -> None:
    # What makes a fork O(tables): nothing proportional to the items is copied at fork time.
    base = seeded()
    fork = base.fork()
    original, forked = base.table("things"), fork.table("things")
    assert original is not forked and forked._items is original._items
    assert forked.index_store("by_colour") is original.index_store("by_colour")
    fork.engine.execute("PutItem", {"TableName": "things", "Item": thing("n", "1")})
    assert forked._items is not original._items
    shared = [key for key in original._items if forked._items[key] is original._items[key]]
    assert len(shared) == 4  # the items themselves are never copied


def test_a_fork_has_its_own_clock_and_its_own_stream() -> None:
    base = mock_dynamodb(clock=1_700_000_000)
    client = boto3.client("dynamodb", region_name="us-east-1")
    with base:
        client.create_table(
            TableName="events", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        client.put_item(TableName="events", Item={"pk": {"S": "before"}})
    fork = base.fork()
    with fork:
        client.put_item(TableName="events", Item={"pk": {"S": "in-fork"}})
        fork.advance(3600)
        assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in fork.stream_records("events")] == ["before", "in-fork"]
    assert fork.now() == 1_700_003_600
    assert base.now() == 1_700_000_000
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in base.stream_records("events")] == ["before"]
