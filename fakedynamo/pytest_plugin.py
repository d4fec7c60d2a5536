"""The pytest plugin, registered through the ``pytest11`` entry point.

It provides one fixture, ``fakedynamo``: a fresh, empty fake DynamoDB that
every botocore DynamoDB client (boto3 client and resource, PynamoDB, ...)
and every aiobotocore one (aioboto3 client, resource, Table) talks to for the
length of the test, sync or ``async def``: the active mock is process-wide,
so the event loop the test runs on sees it. The fixture's value is the
`MockDynamoDB` handle, for inspecting or resetting what the test stored.

Loading the plugin imports fakedynamo, which is what makes clients that test
modules create at import time answerable by the fixture.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from fakedynamo.mock import MockDynamoDB, mock_dynamodb


@pytest.fixture
def fakedynamo() -> Iterator[MockDynamoDB]:
    """A new, empty fake DynamoDB answering every botocore and aiobotocore DynamoDB client during the test."""
    with mock_dynamodb() as db:
        yield db
