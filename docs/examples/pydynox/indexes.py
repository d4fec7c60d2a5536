"""Secondary indexes declared on the model: created with the table, queried like the model."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.indexes import GlobalSecondaryIndex, LocalSecondaryIndex

set_default_client(DynamoDBClient())


class Employee(Model):
    model_config = ModelConfig(table="employees")

    company = StringAttribute(partition_key=True)
    employee_id = StringAttribute(sort_key=True)
    email = StringAttribute()
    team = StringAttribute()
    city = StringAttribute()
    level = NumberAttribute()
    salary = NumberAttribute()

    by_email = GlobalSecondaryIndex("email-index", partition_key="email")
    by_team = GlobalSecondaryIndex("team-index", partition_key="team", sort_key="salary")
    by_salary = LocalSecondaryIndex("salary-index", sort_key="salary")
    # A multi-attribute key: up to 4 attributes each for the partition and the sort key.
    by_office = GlobalSecondaryIndex("office-index", partition_key=["city", "team"], sort_key=["level", "employee_id"])


async def main() -> None:
    await Employee.create_table(wait=True)  # the table and its four indexes
    staff = [
        ("E1", "ada@acme.test", "core", 120, 3),
        ("E2", "bob@acme.test", "core", 90, 1),
        ("E3", "cy@acme.test", "ops", 100, 2),
    ]
    for employee_id, email, team, salary, level in staff:
        await Employee(
            company="acme", employee_id=employee_id, email=email, team=team, salary=salary, city="Lisbon", level=level
        ).save()

    found = await Employee.by_email.query(email="bob@acme.test").first()
    assert found.employee_id == "E2"

    well_paid = [
        e.employee_id async for e in Employee.by_team.query(team="core", sort_key_condition=Employee.salary > 100)
    ]
    assert well_paid == ["E1"]

    # An LSI keeps the table's partition key and sorts by another attribute.
    cheapest_first = [e.salary for e in Employee.by_salary.sync_query(company="acme")]
    assert cheapest_first == [90, 100, 120]

    # Every partition-key attribute is needed; sort-key conditions go left to right.
    seniors = Employee.by_office.sync_query(city="Lisbon", team="core", sort_key_condition=Employee.level >= 2)
    assert [e.employee_id for e in seniors] == ["E1"]


if __name__ == "__main__":
    asyncio.run(main())
