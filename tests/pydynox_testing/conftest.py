"""The pydynox.testing tests: run as a user would, with no credentials and nothing left behind.

The fixtures under test (pydynox_memory_backend, ...) come from the package's
pytest11 entry point, not from here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakedynamo import current_mock
from pydynox import clear_default_client
from pydynox.testing.memory import active_backends


@pytest.fixture(autouse=True)
def _no_aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # As on a CI runner: no credentials, no instance metadata service, no endpoint.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    clear_default_client()
    yield
    clear_default_client()


@pytest.fixture(autouse=True)
def _nothing_left_active() -> Iterator[None]:
    yield
    assert active_backends() == []
    assert current_mock() is None
