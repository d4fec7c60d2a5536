"""Backups and point-in-time recovery: restore a table as it was at a past second."""

import boto3

from fakedynamo import mock_dynamodb

with mock_dynamodb(clock=1_800_000_000) as db:
    client = boto3.client("dynamodb", region_name="us-east-1")
    client.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    # An on-demand backup copies the table as it is now; it outlives the table.
    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "state": {"S": "new"}})
    backup = client.create_backup(TableName="orders", BackupName="before-migration")["BackupDetails"]
    client.put_item(TableName="orders", Item={"pk": {"S": "o1"}, "state": {"S": "migrated"}})
    client.restore_table_from_backup(TargetTableName="orders-backup", BackupArn=backup["BackupArn"])
    assert client.get_item(TableName="orders-backup", Key={"pk": {"S": "o1"}})["Item"]["state"] == {"S": "new"}

    # Point-in-time recovery records every write from the moment it is enabled.
    client.update_continuous_backups(
        TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    db.advance(60)
    client.put_item(TableName="orders", Item={"pk": {"S": "o2"}, "state": {"S": "new"}})
    before_the_mistake = db.now_datetime()
    db.advance(60)
    client.delete_item(TableName="orders", Key={"pk": {"S": "o2"}})  # the mistake

    client.restore_table_to_point_in_time(
        SourceTableName="orders", TargetTableName="orders-recovered", RestoreDateTime=before_the_mistake
    )
    recovered = client.scan(TableName="orders-recovered")["Items"]
    assert sorted(item["pk"]["S"] for item in recovered) == ["o1", "o2"]
    summary = client.describe_table(TableName="orders-recovered")["Table"]["RestoreSummary"]
    assert summary["RestoreDateTime"] == before_the_mistake
