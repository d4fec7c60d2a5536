"""Backups and point-in-time recovery on the engine clock: statuses, windows and refused requests."""

from __future__ import annotations

import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fakedynamo import mock_dynamodb

T0 = 1_800_000_000.0
DAY = 86400


def client() -> Any:
    return boto3.client("dynamodb", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def make_table(c: Any, name: str = "source") -> None:
    c.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def enable(c: Any, table: str = "source", **spec: Any) -> dict:
    return c.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, **spec}
    )["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]


def test_a_backup_is_creating_for_the_backup_delay_and_in_use_meanwhile():
    with mock_dynamodb(clock=T0, status_delays={"backup": 60}) as db:
        c = client()
        make_table(c)
        arn = c.create_backup(TableName="source", BackupName="slow-one")["BackupDetails"]["BackupArn"]
        assert c.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "CREATING"
        assert error(lambda: c.delete_backup(BackupArn=arn))[0] == "BackupInUseException"
        assert error(lambda: c.restore_table_from_backup(TargetTableName="copy", BackupArn=arn))[0] == "BackupInUseException"
        assert "copy" not in c.list_tables()["TableNames"]
        db.advance(60)
        assert c.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "AVAILABLE"
        c.restore_table_from_backup(TargetTableName="copy", BackupArn=arn)
        assert c.describe_table(TableName="copy")["Table"]["RestoreSummary"]["RestoreInProgress"] is True
        assert error(lambda: c.delete_backup(BackupArn=arn))[0] == "BackupInUseException"  # a restore reads it
        db.advance(60)
        assert c.describe_table(TableName="copy")["Table"]["RestoreSummary"]["RestoreInProgress"] is False
        assert c.delete_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "DELETED"


def test_list_backups_refuses_an_inverted_time_range():
    with mock_dynamodb(clock=T0):
        c = client()
        now = datetime.datetime.fromtimestamp(T0, datetime.timezone.utc)
        code, _ = error(lambda: c.list_backups(TimeRangeLowerBound=now, TimeRangeUpperBound=now - datetime.timedelta(seconds=1)))
        assert code == "ValidationException"


def test_a_backup_describes_the_source_tables_features():
    with mock_dynamodb(clock=T0):
        c = client()
        c.create_table(
            TableName="source",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "l", "AttributeType": "S"},
            ],
            LocalSecondaryIndexes=[
                {
                    "IndexName": "byL",
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        c.update_time_to_live(TableName="source", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        arn = c.create_backup(TableName="source", BackupName="features")["BackupDetails"]["BackupArn"]
        description = c.describe_backup(BackupArn=arn)["BackupDescription"]
        assert description["SourceTableDetails"]["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6}
        features = description["SourceTableFeatureDetails"]
        assert features["LocalSecondaryIndexes"][0]["IndexName"] == "byL"
        assert features["StreamDescription"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
        assert features["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
        # A restore keeps the indexes and capacity but not streams or TTL.
        c.restore_table_from_backup(TargetTableName="copy", BackupArn=arn)
        copy = c.describe_table(TableName="copy")["Table"]
        assert copy["LocalSecondaryIndexes"][0]["IndexName"] == "byL"
        assert copy["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
        assert "StreamSpecification" not in copy
        assert c.describe_time_to_live(TableName="copy")["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_a_refused_restore_override_changes_nothing():
    with mock_dynamodb(clock=T0):
        c = client()
        make_table(c)
        arn = c.create_backup(TableName="source", BackupName="plain")["BackupDetails"]["BackupArn"]
        bad_index = [
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "undefined", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ]
        code, _ = error(lambda: c.restore_table_from_backup(TargetTableName="copy", BackupArn=arn, GlobalSecondaryIndexOverride=bad_index))
        assert code == "ValidationException"
        code, _ = error(lambda: c.restore_table_from_backup(TargetTableName="copy", BackupArn=arn, BillingModeOverride="PROVISIONED"))
        assert code == "ValidationException"  # provisioned without a throughput to restore with
        assert c.list_tables()["TableNames"] == ["source"]


def test_the_pitr_window_follows_the_clock_and_the_recovery_period():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        make_table(c)
        pitr = enable(c, RecoveryPeriodInDays=1)
        assert pitr["EarliestRestorableDateTime"].timestamp() == T0
        db.advance(3 * DAY)
        pitr = c.describe_continuous_backups(TableName="source")["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["EarliestRestorableDateTime"].timestamp() == T0 + 2 * DAY
        assert pitr["LatestRestorableDateTime"].timestamp() == T0 + 3 * DAY
        too_old = datetime.datetime.fromtimestamp(T0 + DAY, datetime.timezone.utc)
        code, _ = error(lambda: c.restore_table_to_point_in_time(SourceTableName="source", TargetTableName="copy", RestoreDateTime=too_old))
        assert code == "InvalidRestoreTimeException"
        assert enable(c, RecoveryPeriodInDays=35)["EarliestRestorableDateTime"].timestamp() == T0


def test_restore_to_every_second_of_a_history():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        make_table(c)
        enable(c)
        states = []
        for second in range(1, 6):
            db.advance(1)
            c.put_item(TableName="source", Item={"pk": {"S": "counter"}, "n": {"N": str(second)}})
            if second % 2 == 0:
                c.put_item(TableName="source", Item={"pk": {"S": f"even{second}"}})
            if second == 5:
                c.delete_item(TableName="source", Key={"pk": {"S": "even2"}})
            states.append(sorted(db.items("source"), key=lambda i: i["pk"]["S"]))
        db.advance(1)
        for second, expected in enumerate(states, start=1):
            moment = datetime.datetime.fromtimestamp(T0 + second, datetime.timezone.utc)
            c.restore_table_to_point_in_time(SourceTableName="source", TargetTableName=f"at{second}", RestoreDateTime=moment)
            assert sorted(db.items(f"at{second}"), key=lambda i: i["pk"]["S"]) == expected


def test_restore_needs_one_source_and_one_time():
    with mock_dynamodb(clock=T0):
        c = client()
        make_table(c)
        enable(c)
        assert error(lambda: c.restore_table_to_point_in_time(TargetTableName="copy", UseLatestRestorableTime=True))[0] == "ValidationException"
        assert error(lambda: c.restore_table_to_point_in_time(SourceTableName="source", TargetTableName="copy"))[0] == "ValidationException"
        now = datetime.datetime.fromtimestamp(T0, datetime.timezone.utc)
        call = lambda: c.restore_table_to_point_in_time(  # noqa: E731
            SourceTableName="source", TargetTableName="copy", RestoreDateTime=now, UseLatestRestorableTime=True
        )
        assert error(call)[0] == "ValidationException"
        assert c.list_tables()["TableNames"] == ["source"]


def test_disabling_pitr_stops_recording_and_reenabling_starts_a_new_window():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        make_table(c)
        enable(c)
        table = db.table("source")
        assert table.history is not None and f"{table.arn}/pitr" in table.history.subscribers
        c.update_continuous_backups(TableName="source", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
        assert table.history.subscribers == set()
        db.advance(100)
        assert enable(c)["EarliestRestorableDateTime"].timestamp() == T0 + 100


def test_deleting_a_table_with_pitr_makes_a_system_backup():
    with mock_dynamodb(clock=T0) as db:
        c = client()
        make_table(c)
        c.put_item(TableName="source", Item={"pk": {"S": "a"}})
        enable(c)
        c.delete_table(TableName="source")
        assert c.list_backups()["BackupSummaries"] == []  # USER backups by default
        (system,) = c.list_backups(BackupType="SYSTEM")["BackupSummaries"]
        assert system["BackupName"] == "source$DeletedTableBackup"
        assert system["BackupExpiryDateTime"].timestamp() == T0 + 35 * DAY
        c.restore_table_from_backup(TargetTableName="source", BackupArn=system["BackupArn"])
        assert db.item_count("source") == 1
