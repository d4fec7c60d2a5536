"""PutItem and GetItem through a boto3 client: fakedynamo against botocore's floor and moto.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_items [--rounds N] [--calls N] [--no-moto] [--json PATH]

The contenders (fakedynamo inside ``mock_dynamodb()``; botocore's floor,
unsigned and signed, answered with the very bytes fakedynamo answered; moto
when it is installed), the timing and the report are described in
`tests.benchmarks.harness`. The report gives the median and 90th percentile
per call in microseconds, the ratios, and the cost of entering and leaving
``mock_dynamodb()``.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.benchmarks import harness
from tests.benchmarks.harness import (
    REGION,
    TABLE,
    Call,
    create_table_request,
    median_us,
    percentile,
)

# bench_update, bench_batch and bench_pydynox take these from here.
__all__ = ["ITEM", "KEY", "REGION", "TABLE", "TARGET_RATIO", "create_table_request", "median_us", "percentile"]

KEY = {"pk": {"S": "user#00042"}, "sk": {"S": "profile"}}
ITEM = {
    **KEY,
    "name": {"S": "Ada Lovelace"},
    "email": {"S": "ada@example.com"},
    "age": {"N": "36"},
    "score": {"N": "1234.5"},
    "active": {"BOOL": True},
    "tags": {"SS": ["math", "poetry"]},
    "address": {"M": {"city": {"S": "London"}, "zip": {"S": "W1"}}},
    "logins": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]},
}
TARGET_RATIO = 1.3  # fakedynamo at most 1.3x botocore's floor (median)


class PutGet(harness.Benchmark):
    target = TARGET_RATIO

    def calls(self, client: Any) -> dict[str, Call]:
        return {
            "put_item": lambda: client.put_item(TableName=TABLE, Item=ITEM),
            "get_item": lambda: client.get_item(TableName=TABLE, Key=KEY),
        }

    def set_up(self, client: Any) -> None:
        client.create_table(**create_table_request())

    def check(self, operation: str, response: Any) -> None:
        if operation == "get_item":  # made after put_item: reads back what it wrote
            assert response["Item"] == ITEM, response


if __name__ == "__main__":
    sys.exit(harness.main(PutGet(), "tests.benchmarks.bench_items", __doc__))
