"""Export a table to the object store as AWS writes it, read it back, and import it into a new table."""

import gzip
import json

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb() as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="products",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.update_continuous_backups(  # exports read the PITR window
        TableName="products", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    client.put_item(TableName="products", Item={"pk": {"S": "p1"}, "price": {"N": "12.5"}})
    table_arn = client.describe_table(TableName="products")["Table"]["TableArn"]

    export = client.export_table_to_point_in_time(TableArn=table_arn, S3Bucket="exports", S3Prefix="daily")
    described = client.describe_export(ExportArn=export["ExportDescription"]["ExportArn"])["ExportDescription"]
    assert described["ExportStatus"] == "COMPLETED"

    # Read it as a consumer of AWS's exports would: summary, file list, gzipped JSON lines.
    store = db.object_store  # in memory by default; mock_dynamodb(object_store=s3_client) for moto's S3
    summary = json.loads(store.get("exports", described["ExportManifest"]))
    files = [json.loads(line) for line in store.get("exports", summary["manifestFilesS3Key"]).splitlines()]
    data = gzip.decompress(store.get("exports", files[0]["dataFileS3Key"])).decode()
    assert [json.loads(line) for line in data.splitlines()] == [{"Item": {"pk": {"S": "p1"}, "price": {"N": "12.5"}}}]

    # The export's data folder imports back into a new table.
    client.import_table(
        S3BucketSource={"S3Bucket": "exports", "S3KeyPrefix": files[0]["dataFileS3Key"].rsplit("/", 1)[0]},
        InputFormat="DYNAMODB_JSON",
        InputCompressionType="GZIP",
        TableCreationParameters={
            "TableName": "products-copy",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    assert client.get_item(TableName="products-copy", Key={"pk": {"S": "p1"}})["Item"]["price"] == {"N": "12.5"}
