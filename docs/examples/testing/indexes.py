"""GSI and LSI queries: the table is created with the model's indexes the first time it is used."""

import boto3
import pytest

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex


class Employee(Model):
    model_config = ModelConfig(table="employees")

    company = StringAttribute(partition_key=True)
    employee_id = StringAttribute(sort_key=True)
    email = StringAttribute()
    team = StringAttribute()
    salary = NumberAttribute()

    by_email = GlobalSecondaryIndex("email-index", partition_key="email")
    by_team = GlobalSecondaryIndex("team-index", partition_key="team", sort_key="salary")
    by_salary = LocalSecondaryIndex("salary-index", sort_key="salary")


@pytest.fixture
def staff(pydynox_memory_backend):
    for employee_id, email, team, salary in [
        ("E1", "ada@acme.test", "core", 120),
        ("E2", "bob@acme.test", "core", 90),
        ("E3", "cy@acme.test", "ops", 100),
    ]:
        Employee(company="acme", employee_id=employee_id, email=email, team=team, salary=salary).sync_save()


@pytest.mark.asyncio
async def test_gsi_query(staff):
    found = await Employee.by_email.query(email="bob@acme.test").first()
    assert found.employee_id == "E2"


@pytest.mark.asyncio
async def test_gsi_query_with_sort_key_condition(staff):
    well_paid = [e.employee_id async for e in Employee.by_team.query(team="core", sort_key_condition=Employee.salary > 100)]
    assert well_paid == ["E1"]


def test_lsi_query(staff):
    cheapest_first = [e.salary for e in Employee.by_salary.sync_query(company="acme")]
    assert cheapest_first == [90, 100, 120]


def test_the_table_has_the_model_indexes(staff):
    table = boto3.client("dynamodb").describe_table(TableName="employees")["Table"]
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["email-index", "team-index"]
    assert [index["IndexName"] for index in table["LocalSecondaryIndexes"]] == ["salary-index"]
