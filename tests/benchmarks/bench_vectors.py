"""SearchVectors: milliseconds per query at 10k and 100k vectors of 128 dimensions, with and without numpy.

Run it on its own (it is not part of the test suite):

    python -m tests.benchmarks.bench_vectors [--queries N] [--sizes 10000,100000]

The table is filled through the engine (not timed); the first search builds
the index's cache and is reported apart; then each query is timed through a
boto3 client inside ``mock_dynamodb()``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import boto3

import fakedynamo
from fakedynamo.operations import vector_search

DIMS = 128


def run(size: int, queries: int, use_numpy: bool) -> tuple[float, float]:
    saved = vector_search.numpy
    if not use_numpy:
        vector_search.numpy = None
    try:
        rng = random.Random(size)
        with fakedynamo.mock_dynamodb() as mock:
            client = boto3.client("dynamodb", region_name="us-east-1")
            client.create_table(
                TableName="vectors",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
                VectorIndexes=[
                    {
                        "IndexName": "vec",
                        "VectorAttribute": {"AttributeName": "v"},
                        "Projection": {"ProjectionType": "KEYS_ONLY"},
                        "Dimensions": DIMS,
                        "DistanceFunction": "COSINE",
                    }
                ],
            )
            for i in range(size):
                item = {"pk": {"S": f"k{i}"}, "v": {"L": [{"N": f"{rng.uniform(-1, 1):.6f}"} for _ in range(DIMS)]}}
                mock.engine.execute("PutItem", {"TableName": "vectors", "Item": item})

            def search() -> float:
                vector = [{"N": f"{rng.uniform(-1, 1):.6f}"} for _ in range(DIMS)]
                start = time.perf_counter()
                client.search_vectors(TableName="vectors", IndexName="vec", SearchVector=vector, TopK=10)
                return (time.perf_counter() - start) * 1000

            first = search()
            times = [search() for _ in range(queries)]
            return first, statistics.median(times)
    finally:
        vector_search.numpy = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    modes = [True, False] if vector_search.numpy is not None else [False]
    print(f"SearchVectors, {DIMS} dimensions, COSINE, TopK 10 (median of {args.queries} queries)")
    for size in (int(s) for s in args.sizes.split(",")):
        for use_numpy in modes:
            queries = args.queries if use_numpy or size <= 10000 else max(3, args.queries // 5)
            first, median = run(size, queries, use_numpy)
            label = "numpy      " if use_numpy else "pure Python"
            print(f"  {size:>7} vectors  {label}  {median:9.1f} ms/query  (first query, building the cache: {first:.0f} ms)")


if __name__ == "__main__":
    main()
