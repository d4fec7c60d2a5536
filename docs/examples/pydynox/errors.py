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
    except ResourceInUseException:
        pass  # the table is there already

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
    except ResourceNotFoundException:
        pass

    try:
        Seat.sync_get(show="hamlet")  # the sort key is missing: DynamoDB refuses the request
    except ValidationException as error:
        assert isinstance(error, PydynoxException)  # the common base class

    # Caught before sending anything.
    try:
        Seat.sync_delete_by_key(show="hamlet")
    except ValueError:
        pass  # by-key calls need the whole key
    try:
        client.sync_put_item("seats", {"show": "hamlet", "seat": "B2", "when": object()})
    except TypeError:
        pass  # a value with no DynamoDB type


if __name__ == "__main__":
    main()
