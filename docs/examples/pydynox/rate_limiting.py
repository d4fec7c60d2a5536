"""Client-side rate limits: keep a client under a number of read and write units a second."""

from pydynox import DynamoDBClient, Model, ModelConfig
from pydynox.attributes import StringAttribute
from pydynox.rate_limit import AdaptiveRate, FixedRate

# At most 100 read units and 50 write units a second for everything this client sends.
limiter = FixedRate(rcu=100, wcu=50)
client = DynamoDBClient(rate_limit=limiter)


class Event(Model):
    model_config = ModelConfig(table="events", client=client)

    pk = StringAttribute(partition_key=True)
    body = StringAttribute()


def main() -> None:
    Event.sync_create_table()

    # The limiter counts what it hands out before each call: one unit per item operation,
    # whatever the item's size; one per key or item of a batch; page_size (or limit, or 1)
    # per query or scan page.
    Event(pk="e1", body="x" * 1500).sync_save()  # 1 write unit
    Event.sync_get(pk="e1", consistent_read=True)  # 1 read unit
    client.sync_batch_get("events", [{"pk": "e1"}, {"pk": "e2"}])  # 2 read units
    assert (limiter.consumed_wcu, limiter.consumed_rcu) == (1.0, 3.0)
    assert limiter.metrics.throttle_count == 0
    limiter.metrics.reset()

    # Adaptive: starts at half the maximum, slows down by a fifth on each throttle,
    # and speeds up again by a tenth after ten quiet seconds.
    adaptive = AdaptiveRate(max_rcu=200, max_wcu=100)
    batch_client = DynamoDBClient(rate_limit=adaptive)
    assert (adaptive.current_rcu, adaptive.current_wcu) == (100, 50)
    batch_client.sync_put_item("events", {"pk": "e2"})
    assert adaptive.consumed_wcu == 1.0


if __name__ == "__main__":
    main()
