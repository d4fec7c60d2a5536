"""A rate-limited client (figures from the capacity DynamoDB reports) and a distributed lock."""

from pydynox import DynamoDBClient
from pydynox.lock import SyncDistributedLock
from pydynox.rate_limit import FixedRate


def main() -> None:
    limiter = FixedRate(rcu=100, wcu=50)
    client = DynamoDBClient(rate_limit=limiter)
    client.sync_create_table("events", partition_key=("pk", "S"))
    client.sync_put_item("events", {"pk": "e1", "body": "x" * 1500})  # 2 write units
    client.sync_get_item("events", {"pk": "e1"}, consistent_read=True)  # 1 read unit
    assert (limiter.consumed_wcu, limiter.consumed_rcu) == (2.0, 1.0)

    client.sync_create_table("locks", partition_key=("key", "S"))  # the lock table: key "key", no sort key
    with SyncDistributedLock(client, table="locks", key="nightly-report") as lock:
        lock.raise_if_lost()  # still ours
        assert client.sync_get_item("locks", {"key": "nightly-report"}) is not None
    assert client.sync_get_item("locks", {"key": "nightly-report"}) is None


if __name__ == "__main__":
    main()
