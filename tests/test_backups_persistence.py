"""Backups, PITR, exports and bulk operations survive a restart of a persistent engine (journal and snapshot)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from fakedynamo.engine import Engine
from fakedynamo.persistence import attach

TABLE = {
    "TableName": "things",
    "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
}


def put(engine: Engine, pk: str, value: str) -> None:
    engine.execute("PutItem", {"TableName": "things", "Item": {"pk": {"S": pk}, "v": {"S": value}}})


@pytest.mark.parametrize("snapshot", [False, True], ids=["journal", "snapshot"])
def test_backups_and_the_pitr_history_survive_a_restart(tmp_path: Any, snapshot: bool) -> None:
    data = str(tmp_path / "data")
    engine = Engine()
    persistence = attach(engine, data, compact_every=4 if snapshot else 10_000)
    try:
        engine.execute("CreateTable", TABLE)
        engine.execute("UpdateContinuousBackups", {"TableName": "things", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}})
        put(engine, "a", "one")
        backup = engine.execute("CreateBackup", {"TableName": "things", "BackupName": "first"})["BackupDetails"]["BackupArn"]
        time.sleep(0.01)
        moment = engine.execute("DescribeContinuousBackups", {"TableName": "things"})["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"
        ]["LatestRestorableDateTime"]
        time.sleep(0.01)
        put(engine, "a", "two")
        arn = engine.execute("DescribeTable", {"TableName": "things"})["Table"]["TableArn"]
        export = engine.execute("ExportTableToPointInTime", {"TableArn": arn, "S3Bucket": "exports"})["ExportDescription"]
    finally:
        persistence.close(checkpoint=False)
    again = Engine()
    reopened = attach(again, data)
    try:
        assert again.execute("DescribeBackup", {"BackupArn": backup})["BackupDescription"]["BackupDetails"]["BackupName"] == "first"
        again.execute("RestoreTableFromBackup", {"TargetTableName": "from-backup", "BackupArn": backup})
        again.execute("RestoreTableToPointInTime", {"SourceTableName": "things", "TargetTableName": "at-moment", "RestoreDateTime": moment})
        for name in ("from-backup", "at-moment"):
            item = again.execute("GetItem", {"TableName": name, "Key": {"pk": {"S": "a"}}})["Item"]
            assert item["v"] == {"S": "one"}
        described = again.execute("DescribeExport", {"ExportArn": export["ExportArn"]})["ExportDescription"]
        assert described["ExportStatus"] == "COMPLETED"
        assert again.object_store.get("exports", described["ExportManifest"])
    finally:
        reopened.close()
