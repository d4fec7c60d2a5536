"""A stream-triggered Lambda tested with pytest: delivery after each write, retries and bisection."""

import boto3
import pytest

from fakedynamo import mock_dynamodb
from fakedynamo.handlers import StreamHandlerError


@pytest.fixture
def db():
    with mock_dynamodb() as fake:
        boto3.client("dynamodb", region_name="us-east-1").create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        yield fake


def put(pk):
    boto3.client("dynamodb", region_name="us-east-1").put_item(TableName="orders", Item={"pk": {"S": pk}})


def test_the_handler_runs_after_each_write(db):
    seen = []
    db.on_stream("orders", lambda event: seen.extend(r["eventName"] for r in event["Records"]), deliver="after_write")
    put("o1")
    assert seen == ["INSERT"]


def test_a_poison_record_is_isolated_by_bisection(db):
    processed = []

    def handler(event):
        keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
        if "poison" in keys:
            raise ValueError("cannot process")
        processed.extend(keys)

    mapping = db.on_stream("orders", handler, batch_size=10, bisect_on_error=True, max_retries=1)
    for pk in ("a", "b", "poison", "c"):
        put(pk)
    with pytest.raises(StreamHandlerError):
        db.deliver()
    assert processed == ["a", "b", "c"]
    (failure,) = mapping.failures
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in failure.event["Records"]] == ["poison"]
