"""How DynamoDBClient builds its botocore client: region, endpoint, credentials, timeouts, retries, proxy."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from pydynox import DynamoDBClient, _session
from pydynox.exceptions import ConnectionException, CredentialsException


def botocore_client(client: DynamoDBClient) -> Any:
    return client._boto or client._connect()


def test_construction_is_lazy_and_the_botocore_client_is_reused() -> None:
    client = DynamoDBClient(region="us-east-1")
    assert client._boto is None
    first = botocore_client(client)
    assert client._connect() is first and client._boto is first


def test_the_botocore_client_is_built_once_under_concurrency() -> None:
    client = DynamoDBClient(region="us-east-1")
    built: list[Any] = []
    threads = [threading.Thread(target=lambda: built.append(client._boto or client._connect())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(entry) for entry in built}) == 1


def test_options_reach_botocore() -> None:
    client = DynamoDBClient(
        region="eu-central-1",
        endpoint_url="http://localhost:8000",
        access_key="AKID",
        secret_key="secret",
        session_token="token",
        connect_timeout=1.5,
        read_timeout=2.5,
        max_retries=7,
        proxy_url="http://proxy:3128",
    )
    boto = botocore_client(client)
    config = boto.meta.config
    assert boto.meta.region_name == "eu-central-1"
    assert boto.meta.endpoint_url == "http://localhost:8000"
    assert (config.connect_timeout, config.read_timeout) == (1.5, 2.5)
    assert config.retries == {"mode": "standard", "total_max_attempts": 7}
    assert config.proxies == {"http": "http://proxy:3128", "https": "http://proxy:3128"}
    credentials = boto._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key, credentials.token) == ("AKID", "secret", "token")
    assert "get_region" not in repr(client) and "eu-central-1" in repr(client)


def test_retry_settings_are_botocores_own_unless_max_retries_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    config = botocore_client(DynamoDBClient(region="us-east-1", access_key="a", secret_key="b")).meta.config
    assert config.retries["mode"] == "adaptive"


def test_endpoint_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://general:1")
    assert botocore_client(DynamoDBClient(region="us-east-1")).meta.endpoint_url == "http://general:1"
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamo:2")
    assert botocore_client(DynamoDBClient(region="us-east-1")).meta.endpoint_url == "http://dynamo:2"
    assert (
        botocore_client(DynamoDBClient(region="us-east-1", endpoint_url="http://arg:3")).meta.endpoint_url
        == "http://arg:3"
    )


def test_profile_credentials(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    credentials_file = tmp_path / "credentials"
    credentials_file.write_text("[work]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = fromprofile\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setattr(_session, "_sessions", {})
    boto = botocore_client(DynamoDBClient(region="us-east-1", profile="work"))
    assert boto._request_signer._credentials.access_key == "AKIDPROFILE"


def test_assume_role_credentials_are_deferred() -> None:
    client = DynamoDBClient(region="us-east-1", role_arn="arn:aws:iam::1:role/r", external_id="ext")
    credentials = botocore_client(client)._request_signer._credentials
    assert credentials.method == "assume-role"  # nothing fetched from STS until a request is signed


def test_explicit_keys_win_over_role_and_profile(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # As 1.8: with both keys given, role_arn is not assumed and the profile is never read (it need not exist).
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setattr(_session, "_sessions", {})
    client = DynamoDBClient(
        region="us-east-1",
        access_key="AKID",
        secret_key="s",
        role_arn="arn:aws:iam::1:role/r",
        profile="nonexistent-profile",
    )
    credentials = botocore_client(client)._request_signer._credentials
    assert (credentials.access_key, credentials.method) == ("AKID", "explicit")


def test_missing_credentials_raise_credentials_exception(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setattr(_session, "_sessions", {})
    client = DynamoDBClient(region="us-east-1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(CredentialsException):
        client.sync_get_item("users", {"pk": "a"})


def test_unreachable_endpoint_raises_connection_exception() -> None:
    client = DynamoDBClient(
        region="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        access_key="a",
        secret_key="b",
        connect_timeout=0.5,
        max_retries=1,
    )
    with pytest.raises(ConnectionException):
        client.sync_get_item("users", {"pk": "a"})
    assert client.ping() is False
