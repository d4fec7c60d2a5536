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
    salary = NumberAttribute()
    office = StringAttribute()

    by_email = GlobalSecondaryIndex("email-index", partition_key="email", projection="KEYS_ONLY")
    by_team = GlobalSecondaryIndex("team-index", partition_key="team", sort_key="salary")
    by_office = GlobalSecondaryIndex("office-index", partition_key="office", projection=["email"])
    by_salary = LocalSecondaryIndex("salary-index", sort_key="salary")


async def main() -> None:
    await Employee.create_table(wait=True)  # the table and its four indexes
    staff = [
        ("E1", "ada@acme.test", "core", 120, "London"),
        ("E2", "bob@acme.test", "core", 90, "London"),
        ("E3", "cy@acme.test", "ops", 100, "Leeds"),
        ("E4", "di@acme.test", "core", 105, "London"),
    ]
    for employee_id, email, team, salary, office in staff:
        await Employee(
            company="acme", employee_id=employee_id, email=email, team=team, salary=salary, office=office
        ).save()

    # KEYS_ONLY: the index holds the table's key and its own, nothing else.
    found = await Employee.by_email.query(email="bob@acme.test").first()
    assert found.employee_id == "E2" and found.salary is None

    well_paid = [
        e.employee_id async for e in Employee.by_team.query(team="core", sort_key_condition=Employee.salary > 100)
    ]
    assert well_paid == ["E4", "E1"]  # in index sort key order

    # Filters, direction and paging work as on the table.
    page = Employee.by_team.query(
        partition_key="core", filter_condition=Employee.office == "London", scan_index_forward=False, limit=2
    )
    assert [e.salary async for e in page] == [120, 105]
    rest = Employee.by_team.query(
        partition_key="core", scan_index_forward=False, last_evaluated_key=page.last_evaluated_key
    )
    assert [e.salary async for e in rest] == [90]

    # A list projection (INCLUDE): keys plus the named attributes.
    londoners = [(e.email, e.team) for e in Employee.by_office.sync_query(office="London")]
    assert sorted(londoners) == [("ada@acme.test", None), ("bob@acme.test", None), ("di@acme.test", None)]

    # An LSI keeps the table's partition key and sorts by another attribute.
    cheapest_first = [e.salary for e in Employee.by_salary.sync_query(company="acme")]
    assert cheapest_first == [90, 100, 105, 120]
    richest = await Employee.by_salary.query(company="acme", scan_index_forward=False, consistent_read=True).first()
    assert richest.employee_id == "E1"


if __name__ == "__main__":
    asyncio.run(main())
