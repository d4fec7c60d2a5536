"""A distributed lock: one holder at a time across processes and machines, kept in a DynamoDB table."""

import asyncio

from pydynox import DynamoDBClient, Transaction
from pydynox.exceptions import LockNotAcquired
from pydynox.lock import DistributedLock, distributed_lock

client = DynamoDBClient()
runs: list[str] = []


@distributed_lock(client, table="locks", key="report-{day}")  # the key can use the arguments
def nightly_report(day: str) -> None:
    runs.append(day)


async def main() -> None:
    # The lock table has a string partition key named "key" and no sort key.
    await client.create_table("locks", partition_key=("key", "S"))
    await client.create_table("jobs", partition_key=("pk", "S"))

    nightly_report("2024-06-01")
    assert runs == ["2024-06-01"]

    async with DistributedLock(client, table="locks", key="billing", lease_duration=10) as lock:
        # While held, the lease is renewed in the background. A second holder waits up to
        # wait_timeout seconds, then gives up.
        try:
            async with DistributedLock(client, table="locks", key="billing", wait_timeout=0.2):
                raise AssertionError("two holders at once")
        except LockNotAcquired:
            refused = True
        assert refused

        # Writes that must not happen once the lease is lost: put them in a transaction
        # together with the lock's check-in.
        lock.raise_if_lost()
        async with Transaction(client) as tx:
            lock.check_in(tx)
            tx.put("jobs", {"pk": "billing-2024-06", "state": "done"})
        assert lock.metrics.write_requests >= 1

    assert await client.get_item("locks", {"key": "billing"}) is None  # released on exit


if __name__ == "__main__":
    asyncio.run(main())
