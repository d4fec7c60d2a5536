"""The pydynox_streams fixture: stream records, handlers and TTL expiry for pydynox models."""

from __future__ import annotations

import time

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute


class Order(Model):
    model_config = ModelConfig(table="st-orders")

    pk = StringAttribute(partition_key=True)
    status = StringAttribute(default="new")
    expires = NumberAttribute(default=0)


def test_records_of_pydynox_writes(pydynox_streams) -> None:
    arn = pydynox_streams.enable("st-orders")
    order = Order(pk="o1")
    order.sync_save()
    order.status = "paid"
    order.sync_save()
    order.sync_delete()
    records = pydynox_streams.records("st-orders")
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert records[1]["dynamodb"]["NewImage"]["status"] == {"S": "paid"}
    assert all(r["eventSourceARN"] == arn for r in records)


def test_a_stream_handler_sees_pydynox_writes(pydynox_streams) -> None:
    pydynox_streams.enable("st-orders")
    seen: list[str] = []
    pydynox_streams.on("st-orders", lambda event: seen.extend(r["eventName"] for r in event["Records"]), deliver="after_write")
    Order(pk="o1").sync_save()
    assert seen == ["INSERT"]


def test_ttl_cleanup_with_pydynox(pydynox_streams) -> None:
    pydynox_streams.enable("st-orders", "OLD_IMAGE")
    pydynox_streams.enable_ttl("st-orders", "expires")
    now = pydynox_streams.now()
    Order(pk="old", expires=int(now) + 60).sync_save()
    Order(pk="fresh", expires=int(now) + 3600).sync_save()
    assert Order.sync_get(pk="old") is not None
    pydynox_streams.advance(61)
    assert Order.sync_get(pk="old") is None and Order.sync_get(pk="fresh") is not None
    (removal,) = [r for r in pydynox_streams.records("st-orders") if r["eventName"] == "REMOVE"]
    assert removal["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert abs(pydynox_streams.now() - (time.time() + 61)) < 30
