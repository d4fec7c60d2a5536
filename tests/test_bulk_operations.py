"""Bulk operations (StartBulkPutItems and friends) against the engine, and through boto3 where botocore knows them."""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3
import botocore.session
import pytest

from fakedynamo import DynamoDBError, mock_dynamodb

T0 = 1_800_000_000.0
OUTPUT = {"OutputType": ["ERROR", "CONDITION_CHECK_FAILURE"], "S3Bucket": "out", "S3KeyPrefix": "results"}


def client() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def setup(db: Any) -> Any:
    c = client()
    c.create_table(
        TableName="target",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    c.put_item(TableName="target", Item={"pk": {"S": "exists"}, "v": {"S": "old"}})
    lines = [
        {"Item": {"pk": {"S": "a"}, "v": {"N": "1"}}},
        {"Item": {"pk": {"S": "exists"}, "v": {"S": "new"}}, "ConditionExpression": "attribute_not_exists(pk)"},
        {"Item": {"pk": {"N": "1"}}},  # wrong key type: a failure
        {"NotAnItem": True},
    ]
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    db.object_store.put("in", "load/part-1.json.gz", gzip.compress(body))
    db.object_store.put("in", "load/part-2.json.gz", gzip.compress(b'{"Item":{"pk":{"S":"b"}}}\n'))
    return c


def start(db: Any, **extra: Any) -> dict:
    request = {
        "TableName": "target",
        "InputS3Configuration": {"S3Bucket": "in", "S3KeyPrefix": "load/", "InputFormat": "DYNAMODB_JSON", "InputCompressionType": "GZIP"},
        "OutputS3Configuration": OUTPUT,
        **extra,
    }
    return db.engine.execute("StartBulkPutItems", request)["BulkOperationDescription"]


def test_a_bulk_put_writes_items_counts_failures_and_reports_them():
    with mock_dynamodb(clock=T0) as db:
        c = setup(db)
        started = start(db)
        assert started["BulkOperationStatus"] == "IN_PROGRESS"
        assert started["TableDetails"][0]["TableName"] == "target"
        described = db.engine.execute("DescribeBulkOperation", {"BulkOperationArn": started["BulkOperationArn"]})["BulkOperationDescription"]
        assert described["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
        assert (described["ProcessedItemCount"], described["FailedItemCount"]) == (5, 2)
        assert described["BulkOperationUsage"][0]["BulkPutBytes"] > 0
        assert c.get_item(TableName="target", Key={"pk": {"S": "a"}})["Item"]["v"] == {"N": "1"}
        assert c.get_item(TableName="target", Key={"pk": {"S": "b"}})["Item"] == {"pk": {"S": "b"}}
        assert c.get_item(TableName="target", Key={"pk": {"S": "exists"}})["Item"]["v"] == {"S": "old"}  # the condition held it
        folder = "results/" + started["BulkOperationArn"].rsplit("/", 1)[1] + "/"
        errors = [json.loads(line) for line in db.object_store.get("out", folder + "ERROR.json").decode().splitlines()]
        assert len(errors) == 2
        conditions = db.object_store.get("out", folder + "CONDITION_CHECK_FAILURE.json").decode().splitlines()
        assert json.loads(conditions[0])["ErrorCode"] == "ConditionalCheckFailedException"


def test_with_a_delay_the_items_land_when_the_clock_moves_and_a_cancel_stops_them():
    with mock_dynamodb(clock=T0, status_delays={"export": 60}) as db:
        c = setup(db)
        first = start(db)
        second = start(db)
        assert c.scan(TableName="target")["Count"] == 1
        cancel = db.engine.execute("CancelBulkOperation", {"BulkOperationArn": second["BulkOperationArn"]})
        assert cancel["BulkOperationStatus"] == "CANCELLING"
        db.advance(60)
        assert db.engine.execute("DescribeBulkOperation", {"BulkOperationArn": first["BulkOperationArn"]})["BulkOperationDescription"][
            "BulkOperationStatus"
        ] == "COMPLETED_WITH_ERRORS"
        assert c.scan(TableName="target")["Count"] == 3
        cancelled = db.engine.execute("DescribeBulkOperation", {"BulkOperationArn": second["BulkOperationArn"]})["BulkOperationDescription"]
        assert cancelled["BulkOperationStatus"] == "CANCELLED" and cancelled["ProcessedItemCount"] == 0
        with pytest.raises(DynamoDBError) as refused:
            db.engine.execute("CancelBulkOperation", {"BulkOperationArn": second["BulkOperationArn"]})
        assert refused.value.code == "ValidationException"


def test_listing_is_newest_first_and_pages():
    with mock_dynamodb(clock=T0) as db:
        setup(db)
        arns = [start(db)["BulkOperationArn"] for _ in range(3)]
        page = db.engine.execute("ListBulkOperations", {"MaxResults": 2})
        assert [s["BulkOperationArn"] for s in page["BulkOperationsSummaryList"]] == arns[::-1][:2]
        rest = db.engine.execute("ListBulkOperations", {"MaxResults": 2, "NextToken": page["NextToken"]})
        assert [s["BulkOperationArn"] for s in rest["BulkOperationsSummaryList"]] == [arns[0]]
        assert "NextToken" not in rest


def test_refusals_change_nothing():
    with mock_dynamodb(clock=T0) as db:
        setup(db)
        for bad, code in (
            ({"TableName": "missing"}, "ResourceNotFoundException"),
            ({"MaxWriteRequestUnits": 10}, "ValidationException"),
            ({"PerformanceTier": "FAST"}, "ValidationException"),
        ):
            with pytest.raises(DynamoDBError) as refused:
                start(db, **bad)
            assert refused.value.code == code
        with pytest.raises(DynamoDBError) as refused:
            db.engine.execute("StartBulkPutItems", {"TableName": "target"})
        assert refused.value.message.startswith("2 validation errors detected: Value null at 'inputS3Configuration'")
        assert db.engine.execute("ListBulkOperations", {})["BulkOperationsSummaryList"] == []
        with pytest.raises(DynamoDBError) as refused:
            db.engine.execute("DescribeBulkOperation", {"BulkOperationArn": "arn:aws:dynamodb:us-east-1:123456789012:table/target/bulk-operation/x"})
        assert refused.value.code == "ResourceNotFoundException"


def test_the_same_client_token_answers_the_same_operation():
    with mock_dynamodb(clock=T0) as db:
        setup(db)
        first = start(db, ClientToken="tok")
        assert start(db, ClientToken="tok")["BulkOperationArn"] == first["BulkOperationArn"]
        with pytest.raises(DynamoDBError) as refused:
            start(db, ClientToken="tok", PerformanceTier="ACCELERATED")
        assert refused.value.code == "IdempotentParameterMismatchException"


_MODEL = botocore.session.get_session().get_service_model("dynamodb")


@pytest.mark.skipif("StartBulkPutItems" not in _MODEL.operation_names, reason="the installed botocore predates bulk operations")
def test_bulk_operations_through_boto3():  # pragma: no cover - runs once botocore ships the operations
    with mock_dynamodb(clock=T0) as db:
        c = setup(db)
        started = c.start_bulk_put_items(
            TableName="target",
            InputS3Configuration={"S3Bucket": "in", "S3KeyPrefix": "load/", "InputFormat": "DYNAMODB_JSON", "InputCompressionType": "GZIP"},
            OutputS3Configuration=OUTPUT,
        )["BulkOperationDescription"]
        described = c.describe_bulk_operation(BulkOperationArn=started["BulkOperationArn"])["BulkOperationDescription"]
        assert described["BulkOperationStatus"] == "COMPLETED_WITH_ERRORS"
        assert c.list_bulk_operations()["BulkOperationsSummaryList"][0]["BulkOperationArn"] == started["BulkOperationArn"]


def test_bulk_operations_answer_over_http_though_the_installed_botocore_lacks_them():
    import urllib.request

    from fakedynamo import Engine
    from fakedynamo.wire.http import running_server

    with running_server() as server:
        server.engine = Engine()
        request = urllib.request.Request(
            server.endpoint,
            data=b"{}",
            headers={
                "X-Amz-Target": "DynamoDB_20120810.ListBulkOperations",
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host, Signature=0",
            },
        )
        with urllib.request.urlopen(request) as response:
            assert json.loads(response.read()) == {"BulkOperationsSummaryList": []}
