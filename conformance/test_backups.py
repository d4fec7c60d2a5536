"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup.

Messages without an AWS capture follow moto's wording (marked in
fakedynamo/operations/backups.py); the tests check codes everywhere and
messages where the fake is the reference. Backups made here are deleted,
and restored tables dropped, when each test ends.
"""

from __future__ import annotations

import datetime
import time
from typing import Any, Callable, Iterator

import pytest

from conformance.conftest import IN_PROCESS
from conformance.helpers import error_of, unique_name


@pytest.fixture
def cleanup(client: Any) -> Iterator[dict[str, list[str]]]:
    """Backups (by ARN) and restored tables (by name) to delete after the test."""
    made: dict[str, list[str]] = {"backups": [], "tables": []}
    yield made
    for arn in made["backups"]:
        try:
            client.delete_backup(BackupArn=arn)
        except client.exceptions.ClientError:
            pass
    for name in made["tables"]:
        try:
            client.delete_table(TableName=name)
        except client.exceptions.ClientError:
            pass


@pytest.fixture
def backup_of(client: Any, cleanup: dict[str, list[str]]) -> Callable[..., dict]:
    def make(table: str, name: str = "conf-backup") -> dict:
        details = client.create_backup(TableName=table, BackupName=name)["BackupDetails"]
        cleanup["backups"].append(details["BackupArn"])
        for _ in range(600):  # no waiter exists for backups: poll DescribeBackup
            status = client.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]["BackupDetails"]
            if status["BackupStatus"] == "AVAILABLE":
                break
            time.sleep(0 if IN_PROCESS else 1)
        return details

    return make


def put(client: Any, table: str, pk: str, value: str) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"S": value}})


def test_create_backup_answers_creating_with_an_arn_under_the_table(client, table, backup_of):
    details = backup_of(table, "nightly")
    assert details["BackupName"] == "nightly"
    assert details["BackupStatus"] == "CREATING"
    assert details["BackupType"] == "USER"
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert details["BackupArn"].startswith(f"{arn}/backup/")
    assert isinstance(details["BackupCreationDateTime"], datetime.datetime)


def test_describe_backup_reports_the_source_table(client, make_table, backup_of):
    name = make_table(sort="N")
    put_sorted = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    client.put_item(TableName=name, Item=put_sorted)
    details = backup_of(name)
    description = client.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    source = description["SourceTableDetails"]
    assert source["TableName"] == name
    assert source["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert source["BillingMode"] == "PAY_PER_REQUEST"
    if IN_PROCESS:  # AWS updates item counts about every six hours
        assert source["ItemCount"] == 1


def test_create_backup_of_a_missing_table(client):
    code, message = error_of(lambda: client.create_backup(TableName=unique_name(), BackupName="nope"))
    assert code == "TableNotFoundException"


def test_describe_and_delete_a_missing_backup(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"] + "/backup/01700000000000-00000000"
    assert error_of(lambda: client.describe_backup(BackupArn=arn))[0] == "BackupNotFoundException"
    assert error_of(lambda: client.delete_backup(BackupArn=arn))[0] == "BackupNotFoundException"


def test_delete_backup_answers_deleted_and_forgets_it(client, table, backup_of):
    arn = backup_of(table)["BackupArn"]
    description = client.delete_backup(BackupArn=arn)["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "DELETED"
    assert error_of(lambda: client.describe_backup(BackupArn=arn))[0] == "BackupNotFoundException"
    listed = client.list_backups(TableName=table)["BackupSummaries"]
    assert arn not in [b["BackupArn"] for b in listed if b["BackupStatus"] != "DELETED"]


def test_list_backups_filters_by_table_and_pages(client, make_table, backup_of):
    first, second = make_table(), make_table()
    arns = [backup_of(first, f"b{i}-x")["BackupArn"] for i in range(3)]
    other = backup_of(second)["BackupArn"]
    listed = client.list_backups(TableName=first)["BackupSummaries"]
    assert [b["BackupArn"] for b in listed] == arns
    assert all(b["TableName"] == first and b["BackupType"] == "USER" for b in listed)
    page = client.list_backups(TableName=first, Limit=2)
    assert [b["BackupArn"] for b in page["BackupSummaries"]] == arns[:2]
    assert page["LastEvaluatedBackupArn"] == arns[1]
    rest = client.list_backups(TableName=first, Limit=2, ExclusiveStartBackupArn=page["LastEvaluatedBackupArn"])
    assert [b["BackupArn"] for b in rest["BackupSummaries"]] == arns[2:]
    assert "LastEvaluatedBackupArn" not in rest
    everything = [b["BackupArn"] for b in client.list_backups(BackupType="ALL")["BackupSummaries"]]
    assert set(arns + [other]) <= set(everything)


def test_list_backups_time_range(client, table, backup_of):
    details = backup_of(table)
    made = details["BackupCreationDateTime"]
    second = datetime.timedelta(seconds=1)
    within = client.list_backups(TableName=table, TimeRangeLowerBound=made - second, TimeRangeUpperBound=made + second)
    assert [b["BackupArn"] for b in within["BackupSummaries"]] == [details["BackupArn"]]
    after = client.list_backups(TableName=table, TimeRangeLowerBound=made + second)
    assert after["BackupSummaries"] == []
    before = client.list_backups(TableName=table, TimeRangeUpperBound=made - second)
    assert before["BackupSummaries"] == []


def test_restore_from_backup_brings_back_the_items_as_they_were(client, table, backup_of, cleanup):
    put(client, table, "a", "before")
    arn = backup_of(table)["BackupArn"]
    put(client, table, "a", "after")
    put(client, table, "b", "after")
    target = unique_name()
    cleanup["tables"].append(target)
    restored = client.restore_table_from_backup(TargetTableName=target, BackupArn=arn)["TableDescription"]
    assert restored["TableName"] == target
    assert restored["RestoreSummary"]["SourceBackupArn"] == arn
    assert restored["RestoreSummary"]["RestoreInProgress"] is True
    client.get_waiter("table_exists").wait(TableName=target, WaiterConfig={"Delay": 5, "MaxAttempts": 720})
    items = client.scan(TableName=target, ConsistentRead=True)["Items"]
    assert items == [{"pk": {"S": "a"}, "v": {"S": "before"}}]
    summary = client.describe_table(TableName=target)["Table"]["RestoreSummary"]
    assert summary["SourceTableArn"] == client.describe_table(TableName=table)["Table"]["TableArn"]


def test_restore_onto_an_existing_table_is_refused(client, table, backup_of):
    arn = backup_of(table)["BackupArn"]
    code, message = error_of(lambda: client.restore_table_from_backup(TargetTableName=table, BackupArn=arn))
    assert code == "TableAlreadyExistsException"
    if IN_PROCESS:
        assert message == f"Table already exists: {table}"


def test_restore_with_billing_and_index_overrides(client, make_table, backup_of, cleanup):
    source = make_table(
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    client.put_item(TableName=source, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    arn = backup_of(source)["BackupArn"]
    target = unique_name()
    cleanup["tables"].append(target)
    client.restore_table_from_backup(
        TargetTableName=target,
        BackupArn=arn,
        BillingModeOverride="PROVISIONED",
        ProvisionedThroughputOverride={"ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
        GlobalSecondaryIndexOverride=[],
    )
    client.get_waiter("table_exists").wait(TableName=target, WaiterConfig={"Delay": 5, "MaxAttempts": 720})
    described = client.describe_table(TableName=target)["Table"]
    assert "GlobalSecondaryIndexes" not in described
    assert described["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
    assert described["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert client.get_item(TableName=target, Key={"pk": {"S": "a"}})["Item"]["g"] == {"S": "x"}


def test_restore_from_a_missing_backup(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"] + "/backup/01700000000000-00000000"
    code, _ = error_of(lambda: client.restore_table_from_backup(TargetTableName=unique_name(), BackupArn=arn))
    assert code == "BackupNotFoundException"


def test_a_backup_outlives_its_table(client, make_table, backup_of):
    name = make_table()
    arn = backup_of(name)["BackupArn"]
    client.delete_table(TableName=name)
    client.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    assert client.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"]["TableName"] == name
