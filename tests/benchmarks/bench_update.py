"""UpdateItem with an arithmetic SET and a condition: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_update [--rounds N] [--calls N] [--no-moto] [--json PATH]

The call measured is the counter increment most applications make::

    client.update_item(TableName=..., Key=...,
                       UpdateExpression="SET a = a + :one",
                       ConditionExpression="attribute_exists(pk) AND a >= :zero",
                       ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}})

The contenders, the timing and the report are `tests.benchmarks.harness`'s,
as for bench_items: fakedynamo inside ``mock_dynamodb()``; botocore's floor,
unsigned and signed, answered by a before-send hook with the very bytes
fakedynamo answered; and moto when it is installed.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.benchmarks import harness
from tests.benchmarks.bench_items import KEY, TARGET_RATIO
from tests.benchmarks.harness import TABLE, Call, create_table_request

SEED = {**KEY, "a": {"N": "0"}, "name": {"S": "Ada Lovelace"}}


class CounterUpdate(harness.Benchmark):
    target = TARGET_RATIO

    def calls(self, client: Any) -> dict[str, Call]:
        def update_item() -> Any:
            return client.update_item(
                TableName=TABLE,
                Key=KEY,
                UpdateExpression="SET a = a + :one",
                ConditionExpression="attribute_exists(pk) AND a >= :zero",
                ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
            )

        return {"update_item": update_item}

    def set_up(self, client: Any) -> None:
        client.create_table(**create_table_request())
        client.put_item(TableName=TABLE, Item=SEED)

    def check(self, operation: str, response: Any) -> None:
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200 and "Attributes" not in response, response

    def verify(self, fake: harness.Contender, rounds: int, calls: int) -> None:
        # The counter went up once per call: the updates really ran. The capture and the check call once each.
        with fake.active():
            stored = fake.client.get_item(TableName=TABLE, Key=KEY, ConsistentRead=True)["Item"]["a"]["N"]
        assert int(stored) == 2 + rounds * calls + self.warmup_calls(calls), stored


if __name__ == "__main__":
    sys.exit(harness.main(CounterUpdate(), "tests.benchmarks.bench_update", __doc__))
