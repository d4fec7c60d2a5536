"""Tables from models and from the client; GSIs and LSIs declared on models and queried."""

from __future__ import annotations

from typing import Any

import pytest

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import BooleanAttribute, NumberAttribute, StringAttribute
from pydynox.exceptions import ResourceInUseException, ResourceNotFoundException, ValidationException
from pydynox.indexes import (
    AsyncGSIQueryResult,
    AsyncLSIQueryResult,
    GlobalSecondaryIndex,
    GSIQueryResult,
    LocalSecondaryIndex,
    LSIQueryResult,
)


class Employee(Model):
    model_config = ModelConfig(table="employees")
    org = StringAttribute(partition_key=True)
    emp_id = StringAttribute(sort_key=True)
    email = StringAttribute(alias="mail")
    dept = StringAttribute()
    salary = NumberAttribute()
    hired = StringAttribute()

    by_email = GlobalSecondaryIndex("email-index", partition_key="email")
    by_dept = GlobalSecondaryIndex("dept-index", partition_key="dept", sort_key="salary", projection="KEYS_ONLY")
    by_dept_named = GlobalSecondaryIndex("dept-names", partition_key="dept", projection=["email"])
    by_hired = LocalSecondaryIndex("hired-index", sort_key="hired")


def describe(db: Any, table: str) -> dict[str, Any]:
    import boto3

    return boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName=table)["Table"]  # type: ignore[no-any-return]


@pytest.fixture
def employees(client: DynamoDBClient, db: Any) -> DynamoDBClient:
    Employee.sync_create_table(wait=True)
    for number in range(6):
        Employee(
            org="acme",
            emp_id=f"E{number}",
            email=f"e{number}@acme.com",
            dept="eng" if number < 4 else "ops",
            salary=100 + number,
            hired=f"2024-0{9 - number}",
        ).sync_save()
    return client


@pytest.mark.engine_ops("Query")
def test_model_create_table_derives_keys_and_indexes(employees: DynamoDBClient, db: Any) -> None:
    table = describe(db, "employees")
    assert table["KeySchema"] == [
        {"AttributeName": "org", "KeyType": "HASH"},
        {"AttributeName": "emp_id", "KeyType": "RANGE"},
    ]
    definitions = {entry["AttributeName"]: entry["AttributeType"] for entry in table["AttributeDefinitions"]}
    assert definitions == {"org": "S", "emp_id": "S", "mail": "S", "dept": "S", "salary": "N", "hired": "S"}
    gsis = {index["IndexName"]: index for index in table["GlobalSecondaryIndexes"]}
    assert gsis["email-index"]["KeySchema"] == [{"AttributeName": "mail", "KeyType": "HASH"}]
    assert gsis["dept-index"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert gsis["dept-names"]["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["mail"]}
    lsi = table["LocalSecondaryIndexes"][0]
    assert lsi["KeySchema"] == [
        {"AttributeName": "org", "KeyType": "HASH"},
        {"AttributeName": "hired", "KeyType": "RANGE"},
    ]
    assert Employee.sync_table_exists()
    with pytest.raises(ResourceInUseException, match="Table 'employees' already exists"):
        Employee.sync_create_table()


@pytest.mark.engine_ops("Query")
def test_gsi_queries(employees: DynamoDBClient) -> None:
    result = Employee.by_email.sync_query(email="e2@acme.com")
    assert isinstance(result, GSIQueryResult)
    assert [e.emp_id for e in result] == ["E2"]
    assert [e.emp_id for e in Employee.by_email.sync_query(partition_key="e3@acme.com")] == ["E3"]
    by_salary = Employee.by_dept.sync_query("eng", sort_key_condition=Employee.salary >= 102, scan_index_forward=False)
    assert [(e.emp_id, e.salary, e.email) for e in by_salary] == [("E3", 103, None), ("E2", 102, None)]  # KEYS_ONLY
    filtered = Employee.by_dept_named.sync_query(dept="eng", filter_condition=Employee.email.begins_with("e1"))
    assert [(e.emp_id, e.email) for e in filtered] == [("E1", "e1@acme.com")]
    first_page = Employee.by_dept.sync_query("eng", limit=2, page_size=2)
    assert len(list(first_page)) == 2 and first_page.last_evaluated_key is not None
    rest = Employee.by_dept.sync_query("eng", last_evaluated_key=first_page.last_evaluated_key)
    assert len(list(rest)) == 2
    with pytest.raises(ValueError):
        Employee.by_email.sync_query()


@pytest.mark.engine_ops("Query")
def test_lsi_queries(employees: DynamoDBClient) -> None:
    result = Employee.by_hired.sync_query(
        org="acme", sort_key_condition=Employee.hired < "2024-06", consistent_read=True
    )
    assert isinstance(result, LSIQueryResult)
    assert [e.hired for e in result] == ["2024-04", "2024-05"]
    assert len(list(Employee.by_hired.sync_query(partition_key="acme", limit=3))) == 3
    message = r"^LSI 'hired-index' query requires a partition key value\. Use partition_key='value' or org='value'\.$"
    with pytest.raises(ValueError, match=message):
        Employee.by_hired.sync_query()
    with pytest.raises(ValueError, match=message):
        Employee.by_hired.sync_query(org=None)


@pytest.mark.engine_ops("Query")
@pytest.mark.asyncio
async def test_async_index_queries(employees: DynamoDBClient) -> None:
    result = Employee.by_dept.query(dept="ops")
    assert isinstance(result, AsyncGSIQueryResult)
    assert sorted([e.emp_id async for e in result]) == ["E4", "E5"]
    first = await Employee.by_email.query(email="e0@acme.com").first()
    assert first.emp_id == "E0"
    lsi = Employee.by_hired.query(org="acme", scan_index_forward=False)
    assert isinstance(lsi, AsyncLSIQueryResult)
    assert (await lsi.first()).hired == "2024-09"


def test_index_declarations() -> None:
    index = GlobalSecondaryIndex("i", partition_key="a", sort_key="b", projection=["c"])
    assert (index.index_name, index.partition_key, index.sort_key, index.partition_keys, index.sort_keys) == (
        "i",
        "a",
        "b",
        ["a"],
        ["b"],
    )
    assert index.to_dynamodb_definition() == {
        "IndexName": "i",
        "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["c"]},
    }
    assert Employee.by_email.to_dynamodb_definition()["KeySchema"][0]["AttributeName"] == "mail"
    assert GlobalSecondaryIndex("i", "a", projection="weird").to_dynamodb_definition()["Projection"] == {
        "ProjectionType": "ALL"
    }
    with pytest.raises(ValueError):
        GlobalSecondaryIndex("i", partition_key="")
    with pytest.raises(ValueError):
        GlobalSecondaryIndex("i", partition_key=["a", "b", "c", "d", "e"])
    with pytest.raises(RuntimeError):
        GlobalSecondaryIndex("i", partition_key="a").sync_query("x")

    class Broken(Model):
        model_config = ModelConfig(table="broken")
        pk = StringAttribute(partition_key=True)
        idx = GlobalSecondaryIndex("i", partition_key="missing")

    with pytest.raises(ValueError, match="does not declare"):
        Broken._table_definition()


def test_client_create_table_options(client: DynamoDBClient, db: Any, twin: Any) -> None:
    twin(client, "create_table", "plain", partition_key=("id", "NUMBER"))
    twin(
        client,
        "create_table",
        "full",
        partition_key=("pk", "s"),
        sort_key=("sk", "B"),
        billing_mode="PROVISIONED",
        read_capacity=3,
        table_class="STANDARD_IA",
        encryption="AWS_MANAGED",
        global_secondary_indexes=[
            {
                "index_name": "gsi",
                "hash_key": ("gk", "S"),
                "range_key": ("pk", "S"),
                "projection": "INCLUDE",
                "non_key_attributes": ["x"],
            }
        ],
        local_secondary_indexes=[{"index_name": "lsi", "range_key": ("lk", "N"), "projection": "KEYS_ONLY"}],
        wait=True,
    )
    plain = describe(db, "plain")
    assert plain["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "N"}]
    assert plain["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    full = describe(db, "full")
    assert (
        full["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
        and full["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    )
    assert full["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert full["SSEDescription"]["SSEType"] == "KMS"
    assert sorted(entry["AttributeName"] for entry in full["AttributeDefinitions"]) == ["gk", "lk", "pk", "sk"]
    assert full["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert twin(client, "table_exists", "full") is True
    twin(client, "delete_table", "full")
    assert twin(client, "table_exists", "full") is False
    with pytest.raises(ResourceNotFoundException):
        twin(client, "delete_table", "full")


@pytest.mark.parametrize(
    "options",
    [
        {"partition_key": ("pk", "X")},
        {"partition_key": ("pk", "S"), "billing_mode": "FREE"},
        {"partition_key": ("pk", "S"), "table_class": "GLACIER"},
        {"partition_key": ("pk", "S"), "encryption": "ROT13"},
        {"partition_key": ("pk", "S"), "encryption": "CUSTOMER_MANAGED"},
        {"partition_key": ("pk", "S"), "global_secondary_indexes": [{"hash_key": ("a", "S")}]},
        {"partition_key": ("pk", "S"), "global_secondary_indexes": [{"index_name": "g"}]},
        {"partition_key": "pk"},
    ],
)
def test_invalid_create_table_options(client: DynamoDBClient, options: dict[str, Any]) -> None:
    with pytest.raises(ValidationException):
        client.sync_create_table("bad-table", **options)


def test_model_table_operations(client: DynamoDBClient, twin: Any) -> None:
    class Flag(Model):
        model_config = ModelConfig(table="flags")
        name = StringAttribute(partition_key=True)
        on = BooleanAttribute()

    assert twin(Flag, "table_exists") is False
    twin(Flag, "create_table", wait=True)
    assert twin(Flag, "table_exists") is True
    twin(Flag, "delete_table")
    assert twin(Flag, "table_exists") is False


def test_waiting(client: DynamoDBClient, twin: Any) -> None:
    client.sync_create_table("waited", partition_key=("pk", "S"))
    twin(client, "wait_for_table_active", "waited", timeout_seconds=5)
    with pytest.raises(TimeoutError):
        twin(client, "wait_for_table_deleted", "waited", timeout_seconds=0.1)
    client.sync_delete_table("waited", wait=True)
    with pytest.raises(TimeoutError):
        twin(client, "wait_for_table_active", "waited", timeout_seconds=0.1)
