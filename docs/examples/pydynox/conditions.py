"""Conditions: built from model attributes, checked by DynamoDB on writes, used as filters on reads."""

import asyncio

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import ListAttribute, MapAttribute, NumberAttribute, StringAttribute
from pydynox.conditions import And, Not, Or
from pydynox.exceptions import ConditionalCheckFailedException

set_default_client(DynamoDBClient())


class Ticket(Model):
    model_config = ModelConfig(table="tickets")

    pk = StringAttribute(partition_key=True)
    title = StringAttribute()
    status = StringAttribute()
    priority = NumberAttribute()
    labels = ListAttribute()
    owner = MapAttribute()


async def main() -> None:
    await Ticket.create_table()

    # Create only: refuse to overwrite a ticket that is already there.
    first = Ticket(pk="T-1", title="Login fails", status="open", priority=2, labels=["auth"], owner={"team": "web"})
    await first.save(condition=Ticket.pk.not_exists())
    try:
        await Ticket(pk="T-1", title="Duplicate", status="open", priority=5).save(condition=Ticket.pk.not_exists())
    except ConditionalCheckFailedException:
        pass  # the first ticket was kept
    assert (await Ticket.get(pk="T-1")).title == "Login fails"

    # Operators and functions; combine with & | ~ (or And, Or, Not).
    urgent = (Ticket.priority <= 2) & Ticket.status.is_in("open", "reopened")
    auth_related = Ticket.labels.contains("auth") | Ticket.title.begins_with("Login")
    await first.update(status="triaged", condition=urgent & auth_related)

    # Reach into maps with ["key"] and into lists with [index].
    owned_by_web = (Ticket.owner["team"] == "web") & (Ticket.labels[0] == "auth")
    await first.update(priority=1, condition=owned_by_web & Ticket.priority.between(1, 3))

    # A delete that only happens when it is safe to.
    closable = And(Ticket.status == "triaged", Not(Ticket.owner["on_call"].exists()))
    await first.delete(condition=closable)
    assert await Ticket.get(pk="T-1") is None

    # The same conditions filter reads: DynamoDB drops the items that do not match.
    for n in range(6):
        await Ticket(pk=f"T-{n + 10}", title=f"Issue {n}", status="open" if n % 2 else "closed", priority=n).save()
    wanted = Or(Ticket.priority >= 4, Ticket.status == "closed") & ~Ticket.title.begins_with("Issue 4")
    found = sorted([t.pk async for t in Ticket.scan(filter_condition=wanted)])
    assert found == ["T-10", "T-12", "T-15"]


if __name__ == "__main__":
    asyncio.run(main())
