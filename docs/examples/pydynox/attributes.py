"""Attribute types, aliases, defaults and required values, and converting to and from dicts."""

import dataclasses
from datetime import datetime, timezone
from enum import Enum

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    DatetimeAttribute,
    EnumAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    NumberSetAttribute,
    StringAttribute,
    StringSetAttribute,
)

set_default_client(DynamoDBClient())


class Plan(Enum):
    FREE = "free"
    PRO = "pro"


@dataclasses.dataclass
class Address:
    city: str
    country: str = "UK"


class Customer(Model):
    model_config = ModelConfig(table="customers")

    pk = StringAttribute(partition_key=True)
    email = StringAttribute(alias="em")  # stored as "em" in DynamoDB
    plan = EnumAttribute(Plan, default=Plan.FREE)
    active = BooleanAttribute(default=True)
    visits = NumberAttribute(default=0)
    avatar = BinaryAttribute()
    tags = StringSetAttribute()
    lucky_numbers = NumberSetAttribute()
    history = ListAttribute()
    address = MapAttribute(Address)  # a dataclass (or pydantic model) stored as a map
    settings = JSONAttribute()  # any JSON value stored as a string
    joined = DatetimeAttribute()
    nickname = StringAttribute(required=True, default=None)


def main() -> None:
    Customer.sync_create_table()

    customer = Customer(
        pk="CUST#1",
        email="ada@example.com",
        nickname="ada",
        avatar=b"\x89PNG",
        tags={"vip", "beta"},
        lucky_numbers={7, 42},
        address=Address(city="London"),
        settings={"theme": "dark"},
        joined=datetime(2024, 5, 1, tzinfo=timezone.utc),
    )
    # to_dict() is what gets stored: DynamoDB names, serialised values, no None values.
    stored = customer.to_dict()
    assert stored["em"] == "ada@example.com"
    assert stored["plan"] == "free" and stored["settings"] == '{"theme": "dark"}'
    assert stored["joined"] == "2024-05-01T00:00:00+00:00"

    customer.sync_save()
    loaded = Customer.sync_get(pk="CUST#1")
    assert loaded.plan is Plan.FREE and loaded.address == Address(city="London")
    assert loaded.tags == {"vip", "beta"} and loaded.lucky_numbers == {7, 42}
    assert loaded.avatar == b"\x89PNG" and loaded.joined.year == 2024

    # as_dict=True skips the model: the item as stored, with plain values.
    raw = Customer.sync_get(pk="CUST#1", as_dict=True)
    assert raw["em"] == "ada@example.com" and raw["settings"] == '{"theme": "dark"}'

    # from_dict() accepts DynamoDB or Python names and ignores unknown keys.
    again = Customer.from_dict({"pk": "CUST#2", "email": "bob@example.com", "nickname": "bob", "legacy": 1})
    assert again.email == "bob@example.com" and again.visits == 0

    try:
        Customer(pk="CUST#3")
    except ValueError as error:
        refused = str(error)
    assert "nickname" in refused  # required attributes must be given


if __name__ == "__main__":
    main()
