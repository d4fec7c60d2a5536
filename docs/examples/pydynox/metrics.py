"""Metrics: how long each call took and the capacity it consumed, per call and in totals."""

from pydynox import DynamoDBClient, Model, ModelConfig, set_default_client
from pydynox.attributes import NumberAttribute, StringAttribute

client = DynamoDBClient()
set_default_client(client)


class Counter(Model):
    model_config = ModelConfig(table="counters")

    pk = StringAttribute(partition_key=True)
    value = NumberAttribute()


class Gauge(Model):
    model_config = ModelConfig(table="gauges")

    pk = StringAttribute(partition_key=True)
    value = NumberAttribute()


def main() -> None:
    Counter.sync_create_table()
    Gauge.sync_create_table()
    client.reset_metrics()

    Counter(pk="visits", value=1).sync_save()
    last = Counter.get_last_metrics()  # the model's last call
    assert last.consumed_wcu == 1.0 and last.duration_ms > 0

    Counter.sync_get(pk="visits", consistent_read=True)
    assert Counter.get_last_metrics().consumed_rcu == 1.0
    Counter.sync_update_by_key(pk="visits", value=2)
    Gauge(pk="cpu", value=0.5).sync_save()

    # Totals per model class...
    counters = Counter.get_total_metrics()
    assert (counters.put_count, counters.get_count, counters.update_count) == (1, 1, 1)
    assert counters.operation_count == 3 and counters.total_wcu == 2.0 and counters.total_rcu == 1.0
    assert Gauge.get_total_metrics().put_count == 1

    # ...and per client, over every model (and direct call) that uses it.
    assert client.get_total_metrics().put_count == 2
    metrics = client.sync_put_item("counters", {"pk": "direct", "value": 0})  # client calls return theirs
    assert metrics.consumed_wcu == 1.0 and client.get_last_metrics() is not None

    # Start again, for instance at the beginning of each request your service handles.
    Counter.reset_metrics()
    assert Counter.get_total_metrics().operation_count == 0

    # Reads that return many items hand back their own metrics.
    count, scan_metrics = Counter.sync_count()
    assert count == 2 and scan_metrics.consumed_rcu > 0


if __name__ == "__main__":
    main()
