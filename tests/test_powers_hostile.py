"""Adversarial modes: short pages, unprocessed batches, stale eventually consistent reads.

The helpers that handle these (boto3's paginators and batch_writer, the
resource's Table methods, pydynox's iterators and batches) must still get
everything right with the modes on; code that ignores LastEvaluatedKey or
UnprocessedItems must fail.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from fakedynamo import mock_dynamodb
from tests.pydynox.docs_examples import on_fakedynamo_alone
from tests.test_powers_capacity import CLOCK, db  # noqa: F401 - the same fixture: a mock on a clock the test moves

pytest_plugins = ["pytester"]


@pytest.fixture
def table(db: Any) -> Any:
    resource = boto3.resource("dynamodb", region_name="us-east-1")
    table = resource.create_table(
        TableName="notes", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    )
    with table.batch_writer() as writer:
        for n in range(12):
            writer.put_item(Item={"pk": "p", "sk": n, "text": f"note {n}"})
    return table


def test_pages_end_after_the_page_size_with_a_correct_last_evaluated_key(db: Any, table: Any) -> None:
    db.hostile(page_size=5, unprocessed=False, stale_seconds=False)
    page = table.query(KeyConditionExpression=Key("pk").eq("p"))
    assert [i["sk"] for i in page["Items"]] == [0, 1, 2, 3, 4]
    assert page["LastEvaluatedKey"] == {"pk": "p", "sk": 4}
    page = table.query(KeyConditionExpression=Key("pk").eq("p"), Limit=2)  # a smaller Limit still wins
    assert page["Count"] == 2


def test_paginators_and_loops_that_follow_last_evaluated_key_see_everything(db: Any, table: Any) -> None:
    db.hostile()
    client = table.meta.client
    for operation, arguments in (("query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": "p"}}),
                                 ("scan", {})):
        pages = list(client.get_paginator(operation).paginate(TableName="notes", **arguments))
        assert len(pages) >= 12 and sum(p["Count"] for p in pages) == 12
    items, start = [], {}
    while True:
        page = table.scan(**start)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            break
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert sorted(i["sk"] for i in items) == list(range(12))


def test_code_that_ignores_last_evaluated_key_is_caught(db: Any, table: Any) -> None:
    db.hostile()
    assert len(table.scan()["Items"]) == 1  # the bug a one-page test never shows


def test_batches_leave_their_second_half_unprocessed(db: Any, table: Any) -> None:
    db.hostile(page_size=False, stale_seconds=False)
    client = table.meta.client
    response = client.batch_write_item(RequestItems={"notes": [
        {"PutRequest": {"Item": {"pk": "q", "sk": n}}} for n in range(4)
    ]})
    assert [w["PutRequest"]["Item"]["sk"] for w in response["UnprocessedItems"]["notes"]] == [2, 3]
    response = client.batch_get_item(RequestItems={"notes": {"Keys": [{"pk": "q", "sk": n} for n in range(2)]}})
    assert len(response["Responses"]["notes"]) == 1 and len(response["UnprocessedKeys"]["notes"]["Keys"]) == 1
    single = client.batch_write_item(RequestItems={"notes": [{"DeleteRequest": {"Key": {"pk": "q", "sk": 0}}}]})
    assert single["UnprocessedItems"] == {}  # one entry is always processed: resending makes progress


def test_batch_writer_gets_everything_written_with_every_mode_on(db: Any, table: Any) -> None:
    db.hostile()
    with table.batch_writer() as writer:
        for n in range(60):
            writer.put_item(Item={"pk": "b", "sk": n})
        writer.delete_item(Key={"pk": "p", "sk": 0})
    db.calm()
    assert db.item_count("notes") == 12 + 60 - 1


def test_stale_reads_until_the_window_passes_on_the_engine_clock(db: Any, table: Any) -> None:
    db.hostile(page_size=False, unprocessed=False, stale_seconds=2)
    table.put_item(Item={"pk": "s", "sk": 1, "v": "old"})
    CLOCK[0] += 10
    table.put_item(Item={"pk": "s", "sk": 1, "v": "new"})
    key = {"pk": "s", "sk": 1}
    assert table.get_item(Key=key)["Item"]["v"] == "old"
    assert table.get_item(Key=key, ConsistentRead=True)["Item"]["v"] == "new"
    assert table.get_item(Key=key, ProjectionExpression="v")["Item"] == {"v": "old"}
    batch = table.meta.client.batch_get_item(RequestItems={"notes": {"Keys": [key]}})
    assert batch["Responses"]["notes"][0]["v"] == "old"
    CLOCK[0] += 2
    assert table.get_item(Key=key)["Item"]["v"] == "new"


def test_a_new_item_is_not_there_yet_and_a_deleted_one_still_is(db: Any, table: Any) -> None:
    db.hostile(page_size=False, unprocessed=False, stale_seconds=1)
    table.put_item(Item={"pk": "n", "sk": 1})
    assert "Item" not in table.get_item(Key={"pk": "n", "sk": 1})
    table.delete_item(Key={"pk": "p", "sk": 3})
    assert table.get_item(Key={"pk": "p", "sk": 3})["Item"]["text"] == "note 3"


@pytest.mark.parametrize("path", on_fakedynamo_alone(short_pages=True))
def test_pydynox_flows_pass_with_short_pages_and_unprocessed_batches(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stale reads are left off here: the examples read their own writes with eventually
    # consistent reads, which DynamoDB does not promise (test_pydynox_consistent_reads_see_writes).
    from pydynox import clear_default_client

    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    clear_default_client()
    try:
        with mock_dynamodb() as db:
            db.hostile(page_size=1, unprocessed=True, stale_seconds=False)
            runpy.run_path(str(path), run_name="__main__")
    finally:
        clear_default_client()


def test_pydynox_consistent_reads_see_writes_and_eventual_ones_may_not(db: Any) -> None:
    from pydynox import DynamoDBClient, Model, ModelConfig, clear_default_client, set_default_client
    from pydynox.attributes import StringAttribute

    class Note(Model):
        model_config = ModelConfig(table="pydynox_notes")
        pk = StringAttribute(partition_key=True)
        text = StringAttribute()

    set_default_client(DynamoDBClient(region="us-east-1"))
    try:
        db.hostile()
        Note.sync_create_table()
        Note(pk="a", text="first").sync_save()
        CLOCK[0] += 5
        Note(pk="a", text="second").sync_save()
        assert Note.sync_get(pk="a", consistent_read=True).text == "second"
        assert Note.sync_get(pk="a").text == "first"
        CLOCK[0] += 1
        assert Note.sync_get(pk="a").text == "second"
        for n in range(7):
            Note(pk=f"n{n}", text="x").sync_save()
        assert len(list(Note.sync_scan(consistent_read=True))) == 8
    finally:
        clear_default_client()


def test_the_plugin_runs_a_suite_in_hostile_mode(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_pages='''
import boto3

def test_pages(fakedynamo):
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(TableName="tbl", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    for pk in "abc":
        client.put_item(TableName="tbl", Item={"pk": {"S": pk}})
    assert len(client.scan(TableName="tbl")["Items"]) == 3
''')
    args = ("-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly")
    pytester.runpytest(*args).assert_outcomes(passed=1)
    pytester.runpytest(*args, "--fakedynamo-hostile").assert_outcomes(failed=1)
