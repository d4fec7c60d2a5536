"""Errors: what DynamoDB refuses arrives as a pydynox exception; mistakes seen locally raise ValueError or TypeError."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.exceptions import (
    ConditionalCheckFailedException,
    PydynoxException,
    ResourceInUseException,
    ResourceNotFoundException,
    ValidationException,
)

client = DynamoDBClient()
set_default_client(client)


class Seat(Model):
    model_config = ModelConfig(table="seats")

    show = StringAttribute(partition_key=True)
    seat = StringAttribute(sort_key=True)
    holder = StringAttribute()
    price = NumberAttribute()


class Missing(Model):
    model_config = ModelConfig(table="no-such-table")

    pk = StringAttribute(partition_key=True)


def book(show: str, seat: str, holder: str) -> str:
    try:
        Seat(show=show, seat=seat, holder=holder, price=40).sync_save(condition=Seat.holder.not_exists())
    except ConditionalCheckFailedException:
        return "taken"
    return "booked"


def main() -> None:
    Seat.sync_create_table()
    try:
        Seat.sync_create_table()
    except ResourceInUseException as error:
        exists = error  # the table is there already
    assert "seats" in str(exists)

    assert book("hamlet", "A1", "ada") == "booked"
    assert book("hamlet", "A1", "bob") == "taken"

    # The client can hand back the item that made the condition fail.
    try:
        client.sync_put_item(
            "seats",
            {"show": "hamlet", "seat": "A1", "holder": "cy"},
            condition_expression="attribute_not_exists(holder)",
            return_values_on_condition_check_failure=True,
        )
    except ConditionalCheckFailedException as error:
        current = error.item
    assert current["holder"] == "ada"

    try:
        Missing.sync_get(pk="x")
    except ResourceNotFoundException as error:
        missing = error
    assert isinstance(missing, PydynoxException)  # the common base class

    try:
        Seat.sync_get(show="hamlet")  # the sort key is missing: DynamoDB refuses the request
    except ValidationException as error:
        invalid = str(error)
    assert "key" in invalid.lower()

    # Caught before sending anything.
    try:
        Seat.sync_delete_by_key(show="hamlet")
    except ValueError as error:
        incomplete = error  # by-key calls need the whole key
    try:
        client.sync_put_item("seats", {"show": "hamlet", "seat": "B2", "when": object()})
    except TypeError as error:
        unsupported = error  # a value with no DynamoDB type
    assert "seat" in str(incomplete) and "object" in str(unsupported)


if __name__ == "__main__":
    main()
