"""Build the botocore clients behind a `DynamoDBClient` (and its S3 and KMS helpers).

Credential order: explicit keys, then AssumeRole (on top of the keys or the
session's own credentials), then the named profile, then botocore's default
chain (environment, config files, SSO, container and instance metadata).
Nothing here contacts AWS: credentials are looked up when the first request
is signed.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

import botocore.session
from botocore.config import Config
from botocore.credentials import (
    AssumeRoleCredentialFetcher,
    CredentialProvider,
    CredentialResolver,
    Credentials,
    DeferredRefreshableCredentials,
)

from pydynox._asyncio import MAX_WORKERS

DEFAULT_REGION = "us-east-1"

# Sessions are not safe to create clients from concurrently; clients are.
_sessions: dict[str | None, botocore.session.Session] = {}
_sessions_lock = threading.Lock()


@dataclass(frozen=True)
class ClientOptions:
    """What a `DynamoDBClient` was configured with."""

    region: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    session_token: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    role_arn: str | None = None
    role_session_name: str | None = None
    external_id: str | None = None
    connect_timeout: float | None = None
    read_timeout: float | None = None
    max_retries: int | None = None
    proxy_url: str | None = None


def reported_region(options: ClientOptions) -> str:
    """What ``get_region()`` answers: the argument, then AWS_REGION, AWS_DEFAULT_REGION, us-east-1."""
    return options.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def endpoint_url(options: ClientOptions) -> str | None:
    return options.endpoint_url or os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL")


def _session(profile: str | None) -> botocore.session.Session:
    session = _sessions.get(profile)
    if session is None:
        session = botocore.session.Session(profile=profile)
        _sessions[profile] = session
    return session


def _config(options: ClientOptions) -> Config:
    # Retries: botocore's own settings (AWS_RETRY_MODE, AWS_MAX_ATTEMPTS, the config file)
    # unless max_retries is given.
    settings: dict[str, Any] = {"max_pool_connections": MAX_WORKERS, "user_agent_extra": "pydynox-py"}
    if options.connect_timeout is not None:
        settings["connect_timeout"] = options.connect_timeout
    if options.read_timeout is not None:
        settings["read_timeout"] = options.read_timeout
    if options.max_retries is not None:
        settings["retries"] = {"mode": "standard", "total_max_attempts": max(1, int(options.max_retries))}
    if options.proxy_url:
        settings["proxies"] = {"http": options.proxy_url, "https": options.proxy_url}
    return Config(**settings)


class _FixedProvider(CredentialProvider):  # type: ignore[misc]
    METHOD = "pydynox-assume-role"
    CANONICAL_NAME = "pydynox-assume-role"

    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> Any:
        return self._credentials


def _assume_role_session(base: botocore.session.Session, options: ClientOptions) -> botocore.session.Session:
    """A session whose credentials come from STS AssumeRole, fetched (and refreshed) on first use."""
    if options.access_key and options.secret_key:
        source = Credentials(options.access_key, options.secret_key, options.session_token)
    else:
        source = base.get_credentials()
    extra: dict[str, Any] = {"RoleSessionName": options.role_session_name or "pydynox-session"}
    if options.external_id:
        extra["ExternalId"] = options.external_id
    fetcher = AssumeRoleCredentialFetcher(
        client_creator=base.create_client,
        source_credentials=source,
        role_arn=options.role_arn,
        extra_args=extra,
    )
    credentials = DeferredRefreshableCredentials(refresh_using=fetcher.fetch_credentials, method="assume-role")
    session = botocore.session.Session(profile=options.profile)
    session.register_component("credential_provider", CredentialResolver([_FixedProvider(credentials)]))
    return session


def create_client(options: ClientOptions) -> Any:
    """A new botocore DynamoDB client for `options`."""
    return _create("dynamodb", options, endpoint_url(options))


def create_service_client(service: str, options: ClientOptions, config: Config | None = None) -> Any:
    """A botocore client for another AWS service (``"s3"``, ``"kms"``) with a `DynamoDBClient`'s settings.

    As in pydynox 1.8, an explicit ``endpoint_url`` serves every service; without
    one botocore reads ``AWS_ENDPOINT_URL_<SERVICE>`` / ``AWS_ENDPOINT_URL``
    itself. `config` is merged over the settings' own (timeouts, retries, proxy).
    Made only when an S3 or encrypted attribute first needs it, so ``import pydynox`` creates none.
    """
    return _create(service, options, options.endpoint_url, config)


def _create(service: str, options: ClientOptions, url: str | None, config: Config | None = None) -> Any:
    with _sessions_lock:
        session = _session(options.profile)
        settings = _config(options)
        kwargs: dict[str, Any] = {"config": settings.merge(config) if config is not None else settings}
        kwargs["region_name"] = options.region or session.get_config_variable("region") or DEFAULT_REGION
        if url:
            kwargs["endpoint_url"] = url
        if options.role_arn:
            session = _assume_role_session(session, options)
        elif options.access_key or options.secret_key:
            kwargs["aws_access_key_id"] = options.access_key
            kwargs["aws_secret_access_key"] = options.secret_key
            kwargs["aws_session_token"] = options.session_token
        return session.create_client(service, **kwargs)
