"""Logging: one INFO record per DynamoDB call, to the logger you choose, tagged with a correlation id."""

import logging

from pydynox import DynamoDBClient, Model, ModelConfig, set_correlation_id, set_default_client, set_logger
from pydynox.attributes import StringAttribute


class Records(logging.Handler):
    """Keeps the records, to look at them below; in a service a handler writes them out."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


set_default_client(DynamoDBClient())


class Order(Model):
    model_config = ModelConfig(table="orders")

    pk = StringAttribute(partition_key=True)
    state = StringAttribute()


def handle_request(request_id: str, order_id: str) -> None:
    set_correlation_id(request_id)  # every record from here on carries it (per thread / async task)
    try:
        Order(pk=order_id, state="paid").sync_save()
        Order.sync_get(pk=order_id)
    finally:
        set_correlation_id(None)


def main() -> None:
    # By default records go to the standard "pydynox" logger; any logger object will do instead.
    logger = logging.getLogger("shop.dynamodb")
    logger.setLevel(logging.INFO)
    kept = Records()
    logger.addHandler(kept)
    set_logger(logger)

    Order.sync_create_table()
    handle_request("req-7f3a", "ORD#1")

    messages = [record.getMessage() for record in kept.records]
    assert any(message.startswith("put_item table=orders duration_ms=") for message in messages)
    assert any(message.startswith("get_item table=orders") for message in messages)
    tagged = [record for record in kept.records if getattr(record, "correlation_id", None) == "req-7f3a"]
    assert len(tagged) == 2

    # Quieter: raise the level of the logger pydynox writes to.
    logger.setLevel(logging.WARNING)
    Order.sync_get(pk="ORD#1")
    assert len(kept.records) == len(messages)

    set_logger(logging.getLogger("pydynox"))  # back to the default


if __name__ == "__main__":
    main()
