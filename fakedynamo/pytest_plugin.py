"""The pytest plugin (registered by entry point): a fresh fake DynamoDB per test."""

from __future__ import annotations

from typing import Iterator

import pytest

from fakedynamo.mock import MockDynamoDB, mock_dynamodb


@pytest.fixture
def fakedynamo() -> Iterator[MockDynamoDB]:
    """Every botocore DynamoDB client talks to a new, empty fake for the length of the test."""
    with mock_dynamodb() as db:
        yield db
