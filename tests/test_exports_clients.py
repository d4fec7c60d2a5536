"""Exports and imports through boto3: AWS's export layout, ION, incremental exports, moto's S3 as the store."""

from __future__ import annotations

import gzip
import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fakedynamo import ion, mock_dynamodb

T0 = 1_800_000_000.0
KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "pk", "AttributeType": "S"}]


def client() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def make_table(c: Any, name: str = "source", pitr: bool = True) -> str:
    c.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFINITIONS, BillingMode="PAY_PER_REQUEST")
    if pitr:
        c.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    return c.describe_table(TableName=name)["Table"]["TableArn"]


def code_of(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def read_export(store: Any, bucket: str, manifest: str) -> tuple[dict, list[dict], list[str]]:
    """manifest-summary.json, manifest-files.json lines and every data line, as a reader of AWS's exports reads them."""
    summary = json.loads(store.get(bucket, manifest))
    files = [json.loads(line) for line in store.get(bucket, summary["manifestFilesS3Key"]).decode().splitlines()]
    lines: list[str] = []
    for entry in files:
        lines += gzip.decompress(store.get(bucket, entry["dataFileS3Key"])).decode().splitlines()
    return summary, files, lines


ITEM = {
    "pk": {"S": "a"},
    "n": {"N": "103"},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1.5"]},
    "b": {"B": b"hi"},
    "m": {"M": {"odd key": {"L": [{"NULL": True}, {"BOOL": False}, {"S": "q\"uote"}]}}},
}


def test_a_full_export_in_dynamodb_json_is_laid_out_as_aws_writes_it():
    with mock_dynamodb(clock=T0, id_seed=1) as db:
        c = client()
        arn = make_table(c)
        c.put_item(TableName="source", Item=ITEM)
        c.put_item(TableName="source", Item={"pk": {"S": "b"}})
        started = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", S3Prefix="nightly")["ExportDescription"]
        assert started["ExportStatus"] == "IN_PROGRESS"
        assert started["ExportArn"].startswith(f"{arn}/export/")
        assert started["ExportFormat"] == "DYNAMODB_JSON" and started["ExportType"] == "FULL_EXPORT"
        described = c.describe_export(ExportArn=started["ExportArn"])["ExportDescription"]
        assert described["ExportStatus"] == "COMPLETED"
        assert described["ItemCount"] == 2
        export_id = started["ExportArn"].rsplit("/", 1)[1]
        folder = f"nightly/AWSDynamoDB/{export_id}/"
        assert described["ExportManifest"] == folder + "manifest-summary.json"
        keys = db.object_store.keys("exports")
        for name in ("_started", "manifest-summary.json", "manifest-summary.checksum", "manifest-files.json", "manifest-files.checksum"):
            assert folder + name in keys
        summary, files, lines = read_export(db.object_store, "exports", described["ExportManifest"])
        assert summary["version"] == "2020-06-30"
        assert summary["exportArn"] == started["ExportArn"]
        assert summary["itemCount"] == 2 and summary["outputFormat"] == "DYNAMODB_JSON"
        assert summary["s3Bucket"] == "exports" and summary["s3Prefix"] == "nightly"
        assert files[0]["dataFileS3Key"].startswith(folder + "data/") and files[0]["dataFileS3Key"].endswith(".json.gz")
        assert files[0]["itemCount"] == 2
        records = sorted((json.loads(line) for line in lines), key=lambda r: r["Item"]["pk"]["S"])
        assert records[1] == {"Item": {"pk": {"S": "b"}}}
        assert records[0]["Item"]["b"] == {"B": "aGk="}
        assert records[0]["Item"]["m"] == {"M": {"odd key": {"L": [{"NULL": True}, {"BOOL": False}, {"S": 'q"uote'}]}}}


def test_an_ion_export_writes_ion_lines_that_import_back():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        arn = make_table(c)
        c.put_item(TableName="source", Item=ITEM)
        export = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", ExportFormat="ION")["ExportDescription"]
        manifest = c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]["ExportManifest"]
        summary, files, lines = read_export(db.object_store, "exports", manifest)
        assert summary["outputFormat"] == "ION"
        assert files[0]["dataFileS3Key"].endswith(".ion.gz")
        assert lines[0].startswith("$ion_1_0 {Item:{")
        assert 'ss:$dynamodb_SS::["x","y"]' in lines[0] and "n:103." in lines[0] and "b:{{aGk=}}" in lines[0]
        (value,) = ion.read_values(lines[0])
        assert {k: ion.to_attribute_value(v) for k, v in value["Item"].items()}["ns"] == {"NS": ["1.5"]}
        prefix = files[0]["dataFileS3Key"].rsplit("/", 1)[0] + "/"
        imported = c.import_table(
            S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": prefix},
            InputFormat="ION",
            InputCompressionType="GZIP",
            TableCreationParameters={"TableName": "copy", "KeySchema": KEYS, "AttributeDefinitions": DEFINITIONS, "BillingMode": "PAY_PER_REQUEST"},
        )["ImportTableDescription"]
        described = c.describe_import(ImportArn=imported["ImportArn"])["ImportTableDescription"]
        assert described["ImportStatus"] == "COMPLETED"
        assert (described["ImportedItemCount"], described["ErrorCount"]) == (1, 0)
        assert c.get_item(TableName="copy", Key={"pk": {"S": "a"}})["Item"] == c.get_item(TableName="source", Key={"pk": {"S": "a"}})["Item"]


def test_an_export_at_a_past_time_holds_the_table_as_it_was():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        arn = make_table(c)
        c.put_item(TableName="source", Item={"pk": {"S": "a"}, "v": {"S": "old"}})
        db.advance(60)
        then = db.now_datetime()
        db.advance(60)
        c.put_item(TableName="source", Item={"pk": {"S": "a"}, "v": {"S": "new"}})
        c.put_item(TableName="source", Item={"pk": {"S": "b"}})
        export = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", ExportTime=then)["ExportDescription"]
        manifest = c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]["ExportManifest"]
        _, _, lines = read_export(db.object_store, "exports", manifest)
        assert [json.loads(line) for line in lines] == [{"Item": {"pk": {"S": "a"}, "v": {"S": "old"}}}]


def test_an_incremental_export_holds_the_changes_of_its_period():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        arn = make_table(c)
        c.put_item(TableName="source", Item={"pk": {"S": "kept"}, "v": {"S": "1"}})
        c.put_item(TableName="source", Item={"pk": {"S": "changed"}, "v": {"S": "1"}})
        c.put_item(TableName="source", Item={"pk": {"S": "deleted"}})
        db.advance(10)
        start = db.now_datetime()
        db.advance(10)
        c.put_item(TableName="source", Item={"pk": {"S": "changed"}, "v": {"S": "2"}})
        c.delete_item(TableName="source", Key={"pk": {"S": "deleted"}})
        c.put_item(TableName="source", Item={"pk": {"S": "added"}})
        db.advance(1800)
        end = db.now_datetime()
        export = c.export_table_to_point_in_time(
            TableArn=arn,
            S3Bucket="exports",
            ExportType="INCREMENTAL_EXPORT",
            IncrementalExportSpecification={"ExportFromTime": start, "ExportToTime": end, "ExportViewType": "NEW_AND_OLD_IMAGES"},
        )["ExportDescription"]
        described = c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]
        assert described["ExportType"] == "INCREMENTAL_EXPORT" and described["ItemCount"] == 3
        summary, files, lines = read_export(db.object_store, "exports", described["ExportManifest"])
        assert summary["exportType"] == "INCREMENTAL_EXPORT"
        assert files[0]["dataFileS3Key"].startswith("AWSDynamoDB/data/")
        records = {json.loads(line)["Keys"]["pk"]["S"]: json.loads(line) for line in lines}
        assert set(records) == {"changed", "deleted", "added"}
        assert records["changed"]["OldImage"] == {"pk": {"S": "changed"}, "v": {"S": "1"}}
        assert records["changed"]["NewImage"] == {"pk": {"S": "changed"}, "v": {"S": "2"}}
        assert "NewImage" not in records["deleted"] and records["deleted"]["OldImage"] == {"pk": {"S": "deleted"}}
        assert "OldImage" not in records["added"]
        assert records["added"]["Metadata"]["WriteTimestampMicros"]["N"] == str(int((T0 + 20) * 1_000_000))


def test_an_incremental_period_under_15_minutes_is_refused():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        arn = make_table(c)
        start = db.now_datetime()
        db.advance(60)
        code, _ = code_of(
            lambda: c.export_table_to_point_in_time(
                TableArn=arn,
                S3Bucket="exports",
                ExportType="INCREMENTAL_EXPORT",
                IncrementalExportSpecification={"ExportFromTime": start, "ExportToTime": db.now_datetime()},
            )
        )
        assert code == "ValidationException"


def test_an_export_needs_pitr_and_a_time_inside_its_window():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        arn = make_table(c, pitr=False)
        assert code_of(lambda: c.export_table_to_point_in_time(TableArn=arn, S3Bucket="bkt"))[0] == (
            "PointInTimeRecoveryUnavailableException"
        )
        c.update_continuous_backups(TableName="source", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        before = db.now_datetime().replace(year=2020)
        code, _ = code_of(lambda: c.export_table_to_point_in_time(TableArn=arn, S3Bucket="bkt", ExportTime=before))
        assert code == "InvalidExportTimeException"
        missing = arn.replace("source", "missing")
        assert code_of(lambda: c.export_table_to_point_in_time(TableArn=missing, S3Bucket="bkt"))[0] == "TableNotFoundException"
        assert "bkt" not in db.object_store.buckets  # a refused export writes nothing
        assert c.list_exports()["ExportSummaries"] == []


def test_status_delay_keeps_an_export_in_progress_until_the_clock_moves():
    with mock_dynamodb(clock=T0, status_delays={"export": 30}) as db:
        c = client()
        arn = make_table(c)
        export = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports")["ExportDescription"]
        assert c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]["ExportStatus"] == "IN_PROGRESS"
        db.advance(30)
        described = c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]
        assert described["ExportStatus"] == "COMPLETED"
        assert described["EndTime"].timestamp() == T0 + 30


def test_the_same_client_token_answers_the_same_export_and_another_request_conflicts():
    with mock_dynamodb(clock=T0):
        c = client()
        arn = make_table(c)
        first = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", ClientToken="tok")["ExportDescription"]
        again = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="exports", ClientToken="tok")["ExportDescription"]
        assert again["ExportArn"] == first["ExportArn"]
        code, _ = code_of(lambda: c.export_table_to_point_in_time(TableArn=arn, S3Bucket="other", ClientToken="tok"))
        assert code == "ExportConflictException"


def test_list_exports_filters_by_table_and_pages():
    with mock_dynamodb(clock=T0):
        c = client()
        arn = make_table(c)
        other = make_table(c, "other")
        arns = [c.export_table_to_point_in_time(TableArn=arn, S3Bucket="ex")["ExportDescription"]["ExportArn"] for _ in range(3)]
        c.export_table_to_point_in_time(TableArn=other, S3Bucket="ex")
        page = c.list_exports(TableArn=arn, MaxResults=2)
        assert [e["ExportArn"] for e in page["ExportSummaries"]] == arns[:2]
        rest = c.list_exports(TableArn=arn, MaxResults=2, NextToken=page["NextToken"])
        assert [e["ExportArn"] for e in rest["ExportSummaries"]] == arns[2:]
        assert "NextToken" not in rest
        assert rest["ExportSummaries"][0] == {"ExportArn": arns[2], "ExportStatus": "COMPLETED", "ExportType": "FULL_EXPORT"}
        assert len(c.list_exports()["ExportSummaries"]) == 4
        assert code_of(lambda: c.describe_export(ExportArn=arns[0] + "x"))[0] == "ExportNotFoundException"


def test_moto_s3_as_the_object_store():
    moto = pytest.importorskip("moto")
    # botocore runs every before-send hook: moto must leave DynamoDB to fakedynamo ("passthrough"
    # only means moto does not answer; fakedynamo does, so nothing is sent anywhere).
    with moto.mock_aws(config={"core": {"passthrough": {"services": ["dynamodb"]}}}):
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="lake")
        with mock_dynamodb(clock=T0, object_store=s3) as db:
            c = client()
            arn = make_table(c)
            c.put_item(TableName="source", Item={"pk": {"S": "a"}})
            export = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="lake")["ExportDescription"]
            manifest = c.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]["ExportManifest"]
            summary = json.loads(s3.get_object(Bucket="lake", Key=manifest)["Body"].read())
            assert summary["itemCount"] == 1
            _, _, lines = read_export(db.object_store, "lake", manifest)
            assert json.loads(lines[0]) == {"Item": {"pk": {"S": "a"}}}
            failed = c.export_table_to_point_in_time(TableArn=arn, S3Bucket="no-such-bucket")["ExportDescription"]
            described = c.describe_export(ExportArn=failed["ExportArn"])["ExportDescription"]
            assert described["ExportStatus"] == "FAILED"
            assert described["FailureCode"] == "S3NoSuchBucket"
            s3.put_object(Bucket="lake", Key="in/items.json", Body=b'{"Item":{"pk":{"S":"x"}}}\n')
            c.import_table(
                S3BucketSource={"S3Bucket": "lake", "S3KeyPrefix": "in/"},
                InputFormat="DYNAMODB_JSON",
                TableCreationParameters={"TableName": "fromlake", "KeySchema": KEYS, "AttributeDefinitions": DEFINITIONS, "BillingMode": "PAY_PER_REQUEST"},
            )
            assert c.scan(TableName="fromlake")["Items"] == [{"pk": {"S": "x"}}]


# -- imports ------------------------------------------------------------------------


def creation(name: str = "imported", **extra: Any) -> dict:
    return {"TableName": name, "KeySchema": KEYS, "AttributeDefinitions": DEFINITIONS, "BillingMode": "PAY_PER_REQUEST", **extra}


def test_a_csv_import_counts_what_it_could_not_import():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        db.object_store.put("in", "csv/part-1.csv", b"pk,colour,size\na,red,1\nb,,2\n,blue,3\nc,x,y,extra\n")
        started = c.import_table(
            S3BucketSource={"S3Bucket": "in", "S3KeyPrefix": "csv/"}, InputFormat="CSV", TableCreationParameters=creation()
        )["ImportTableDescription"]
        assert started["ImportStatus"] == "IN_PROGRESS"
        assert started["ImportArn"].startswith(started["TableArn"] + "/import/")
        described = c.describe_import(ImportArn=started["ImportArn"])["ImportTableDescription"]
        assert described["ImportStatus"] == "COMPLETED"
        assert (described["ProcessedItemCount"], described["ImportedItemCount"], described["ErrorCount"]) == (4, 2, 2)
        items = sorted(c.scan(TableName="imported")["Items"], key=lambda i: i["pk"]["S"])
        assert items == [{"pk": {"S": "a"}, "colour": {"S": "red"}, "size": {"S": "1"}}, {"pk": {"S": "b"}, "size": {"S": "2"}}]


def test_a_csv_import_with_a_header_list_and_delimiter():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        db.object_store.put("in", "rows.tsv", b"a\t1\nb\t2\n")
        c.import_table(
            S3BucketSource={"S3Bucket": "in"},
            InputFormat="CSV",
            InputFormatOptions={"Csv": {"Delimiter": "\t", "HeaderList": ["pk", "n"]}},
            TableCreationParameters=creation(),
        )
        assert c.get_item(TableName="imported", Key={"pk": {"S": "b"}})["Item"] == {"pk": {"S": "b"}, "n": {"S": "2"}}


def test_an_import_onto_an_existing_table_is_refused_and_a_missing_source_fails():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        make_table(c, "imported", pitr=False)
        db.object_store.put("in", "x.json", b"")
        code, message = code_of(
            lambda: c.import_table(S3BucketSource={"S3Bucket": "in"}, InputFormat="DYNAMODB_JSON", TableCreationParameters=creation())
        )
        assert (code, message) == ("ResourceInUseException", "Table already exists: imported")
        failed = c.import_table(
            S3BucketSource={"S3Bucket": "in", "S3KeyPrefix": "nothing/"}, InputFormat="DYNAMODB_JSON", TableCreationParameters=creation("other")
        )["ImportTableDescription"]
        assert c.describe_import(ImportArn=failed["ImportArn"])["ImportTableDescription"]["ImportStatus"] == "FAILED"
        assert "other" not in c.list_tables()["TableNames"]
        assert len(c.list_imports()["ImportSummaryList"]) == 1


def test_an_import_with_a_bad_table_definition_changes_nothing():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        db.object_store.put("in", "x.json", b'{"Item":{"pk":{"S":"a"}}}\n')
        bad = creation(KeySchema=[{"AttributeName": "nope", "KeyType": "HASH"}])
        assert code_of(lambda: c.import_table(S3BucketSource={"S3Bucket": "in"}, InputFormat="DYNAMODB_JSON", TableCreationParameters=bad))[0] == "ValidationException"
        assert c.list_tables()["TableNames"] == [] and c.list_imports()["ImportSummaryList"] == []
        assert code_of(lambda: c.describe_import(ImportArn="arn:aws:dynamodb:us-east-1:123456789012:table/x/import/01800000000000-00000000"))[0] == "ImportNotFoundException"
