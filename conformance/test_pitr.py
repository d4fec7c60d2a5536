"""Point-in-time recovery: Update/DescribeContinuousBackups and RestoreTableToPointInTime.

Restoring to a past second needs the restore window to reach that second.
AWS keeps LatestRestorableDateTime about five minutes behind now, so the
tests that restore to a moment just noted run against fakedynamo only
(in-process and over HTTP); the rest run anywhere.
"""

from __future__ import annotations

import datetime
import time
from typing import Any, Iterator

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of, unique_name

fake_only = pytest.mark.skipif(not IN_PROCESS, reason="restores a moment AWS's window reaches minutes later")


@pytest.fixture
def restored(client: Any) -> Iterator[list[str]]:
    names: list[str] = []
    yield names
    for name in names:
        try:
            client.delete_table(TableName=name)
        except client.exceptions.ClientError:
            pass


def enable(client: Any, table: str, **spec: Any) -> dict:
    specification = {"PointInTimeRecoveryEnabled": True, **spec}
    return client.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification=specification)[
        "ContinuousBackupsDescription"
    ]


def latest(client: Any, table: str) -> datetime.datetime:
    description = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    return description["PointInTimeRecoveryDescription"]["LatestRestorableDateTime"]


def put(client: Any, table: str, pk: str, value: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"S": value}})


def test_a_new_table_has_pitr_disabled(client, table):
    description = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert description == {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"},
    }


def test_enabling_reports_the_window_and_the_recovery_period(client, table):
    description = enable(client, table, RecoveryPeriodInDays=7)
    pitr = description["PointInTimeRecoveryDescription"]
    assert description["ContinuousBackupsStatus"] == "ENABLED"
    assert pitr["PointInTimeRecoveryStatus"] in ("ENABLED", "ENABLING")
    assert pitr["RecoveryPeriodInDays"] == 7
    if IN_PROCESS:
        assert pitr["EarliestRestorableDateTime"] <= pitr["LatestRestorableDateTime"]


def test_the_default_recovery_period_is_35_days(client, table):
    assert enable(client, table)["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"] == 35


def test_disabling_forgets_the_window(client, table):
    enable(client, table)
    description = client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
    )["ContinuousBackupsDescription"]
    assert description["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_continuous_backups_of_a_missing_table(client):
    name = unique_name()
    assert error_of(lambda: client.describe_continuous_backups(TableName=name))[0] == "TableNotFoundException"
    call = lambda: client.update_continuous_backups(  # noqa: E731
        TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    assert error_of(call)[0] == "TableNotFoundException"


def test_a_recovery_period_out_of_range_is_refused(unchecked_client, table):
    call = lambda: unchecked_client.update_continuous_backups(  # noqa: E731
        TableName=table,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36},
    )
    assert error_of(call)[0] == "ValidationException"


def test_restore_needs_pitr_enabled(client, table):
    call = lambda: client.restore_table_to_point_in_time(  # noqa: E731
        SourceTableName=table, TargetTableName=unique_name(), UseLatestRestorableTime=True
    )
    code, message = error_of(call)
    assert code == "PointInTimeRecoveryUnavailableException"


def test_restore_of_a_missing_source_table(client):
    call = lambda: client.restore_table_to_point_in_time(  # noqa: E731
        SourceTableName=unique_name(), TargetTableName=unique_name(), UseLatestRestorableTime=True
    )
    assert error_of(call)[0] == "SourceTableNotFoundException"


def test_restore_onto_an_existing_table_is_refused(client, make_table, table):
    enable(client, table)
    other = make_table()
    call = lambda: client.restore_table_to_point_in_time(  # noqa: E731
        SourceTableName=table, TargetTableName=other, UseLatestRestorableTime=True
    )
    assert error_of(call)[0] == "TableAlreadyExistsException"


def test_a_restore_time_before_the_window_is_refused(client, table):
    enable(client, table)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    call = lambda: client.restore_table_to_point_in_time(  # noqa: E731
        SourceTableName=table, TargetTableName=unique_name(), RestoreDateTime=long_ago
    )
    assert error_of(call)[0] == "InvalidRestoreTimeException"


@fake_only
def test_restore_to_a_past_second_brings_back_the_data_as_it_was_then(client, table, restored):
    enable(client, table)
    put(client, table, "a", "one")
    put(client, table, "gone", "later deleted")
    time.sleep(0.01)
    moment = latest(client, table)  # a moment after those writes, before the next ones
    time.sleep(0.01)
    put(client, table, "a", "two")
    put(client, table, "b", "new")
    client.delete_item(TableName=table, Key={"pk": {"S": "gone"}})
    target = unique_name()
    restored.append(target)
    description = client.restore_table_to_point_in_time(
        SourceTableName=table, TargetTableName=target, RestoreDateTime=moment
    )["TableDescription"]
    assert description["RestoreSummary"]["RestoreDateTime"] == moment
    client.get_waiter("table_exists").wait(TableName=target, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    items = sorted(client.scan(TableName=target, ConsistentRead=True)["Items"], key=lambda i: i["pk"]["S"])
    assert items == [
        {"pk": {"S": "a"}, "v": {"S": "one"}},
        {"pk": {"S": "gone"}, "v": {"S": "later deleted"}},
    ]
    # The source is untouched, and the restored table is a table of its own.
    assert client.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]["v"] == {"S": "two"}
    put(client, target, "c", "written to the copy")
    assert "Item" not in client.get_item(TableName=table, Key={"pk": {"S": "c"}})


@fake_only
def test_restore_to_the_latest_restorable_time_by_source_arn(client, table, restored):
    enable(client, table)
    put(client, table, "a", "latest")
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    target = unique_name()
    restored.append(target)
    description = client.restore_table_to_point_in_time(
        SourceTableArn=arn, TargetTableName=target, UseLatestRestorableTime=True
    )["TableDescription"]
    assert description["RestoreSummary"]["SourceTableArn"] == arn
    assert client.scan(TableName=target)["Items"] == [{"pk": {"S": "a"}, "v": {"S": "latest"}}]
    # PITR settings are not restored: the new table starts with PITR off.
    assert client.describe_continuous_backups(TableName=target)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"
    ] == {"PointInTimeRecoveryStatus": "DISABLED"}
