"""BatchWriteItem of 25 items and TransactWriteItems of two puts: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_batch [--rounds N] [--calls N] [--no-moto] [--json PATH]

The calls measured::

    client.batch_write_item(RequestItems={TABLE: [25 PutRequests of bench_items' ITEM shape]})
    client.transact_write_items(TransactItems=[a Put, and a Put with a ConditionExpression])

The contenders, the timing and the report are `tests.benchmarks.harness`'s,
as for bench_items: fakedynamo inside ``mock_dynamodb()``; botocore's floor,
unsigned and signed, answered by a before-send hook with the very bytes
fakedynamo answered; and moto when it is installed.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.benchmarks import harness
from tests.benchmarks.bench_items import ITEM, TARGET_RATIO
from tests.benchmarks.harness import TABLE, Call, create_table_request

BATCH_ITEMS = [{**ITEM, "sk": {"S": f"batch#{i:02}"}} for i in range(25)]
TRANSACT_ITEMS = [
    {"Put": {"TableName": TABLE, "Item": {**ITEM, "sk": {"S": "order"}}}},
    {
        "Put": {
            "TableName": TABLE,
            "Item": {**ITEM, "sk": {"S": "audit"}, "event": {"S": "placed"}},
            "ConditionExpression": "attribute_not_exists(sk) OR event = :placed",
            "ExpressionAttributeValues": {":placed": {"S": "placed"}},
        }
    },
]


class BatchWrites(harness.Benchmark):
    default_calls = 200
    target = TARGET_RATIO

    def calls(self, client: Any) -> dict[str, Call]:
        def batch_write_item() -> Any:
            return client.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item}} for item in BATCH_ITEMS]})

        def transact_write_items() -> Any:
            return client.transact_write_items(TransactItems=TRANSACT_ITEMS)

        return {"batch_write_item": batch_write_item, "transact_write_items": transact_write_items}

    def set_up(self, client: Any) -> None:
        client.create_table(**create_table_request())

    def check(self, operation: str, response: Any) -> None:
        if operation == "batch_write_item":
            assert response["UnprocessedItems"] == {}, response
        else:
            assert response["ResponseMetadata"]["HTTPStatusCode"] == 200, response

    def verify(self, fake: harness.Contender, rounds: int, calls: int) -> None:
        # The writes really ran: every batch item and both transaction items are there.
        with fake.active():
            count = fake.client.scan(TableName=TABLE, Select="COUNT")["Count"]
        assert count == len(BATCH_ITEMS) + len(TRANSACT_ITEMS), count


if __name__ == "__main__":
    sys.exit(harness.main(BatchWrites(), "tests.benchmarks.bench_batch", __doc__))
