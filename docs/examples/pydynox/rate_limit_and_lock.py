"""A rate-limited client (it counts the units it hands out, as 1.8 does) and a distributed lock."""

from pydynox import DynamoDBClient
from pydynox.lock import SyncDistributedLock
from pydynox.rate_limit import FixedRate


def main() -> None:
    limiter = FixedRate(rcu=100, wcu=50)
    client = DynamoDBClient(rate_limit=limiter)
    client.sync_create_table("events", partition_key=("pk", "S"))
    client.sync_put_item("events", {"pk": "e1", "body": "x" * 1500})  # 1 write unit per item operation
    client.sync_batch_get("events", [{"pk": "e1"}, {"pk": "e2"}])  # 1 read unit per key
    assert (limiter.consumed_wcu, limiter.consumed_rcu) == (1.0, 2.0)

    client.sync_create_table("locks", partition_key=("key", "S"))  # the lock table: key "key", no sort key
    with SyncDistributedLock(client, table="locks", key="nightly-report") as lock:
        lock.raise_if_lost()  # still ours
        assert client.sync_get_item("locks", {"key": "nightly-report"}) is not None
    assert client.sync_get_item("locks", {"key": "nightly-report"}) is None


if __name__ == "__main__":
    main()
