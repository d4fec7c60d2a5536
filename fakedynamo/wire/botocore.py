"""The botocore adapter: a `before-send` hook that answers DynamoDB requests in-process.

Importing fakedynamo wraps botocore's client factory once, so that every
DynamoDB client created afterwards carries two handlers. While a mock is
active they answer from the engine instead of the network and skip request
signing; while none is active they return None and botocore goes on exactly
as it would without fakedynamo.
"""

from __future__ import annotations

import functools
from typing import Any, Iterator

import botocore.client
import botocore.session
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.wire.protocol import handle

SERVICE = "dynamodb"

# The engines of the active mocks, innermost last. Module-global rather than
# thread-local: work that a test hands to threads (executors, async wrappers)
# must see the same fake.
active_engines: list[Engine] = []

# Credentials given to DynamoDB clients created while a mock is active and
# none were passed: botocore would otherwise search the environment and the
# instance metadata service (a socket and seconds of timeouts) for real ones.
FAKE_ACCESS_KEY = "FAKEDYNAMOACCESSKEY0"
FAKE_SECRET_KEY = "fakedynamo-secret-key"


class _Body:
    """The raw body of a canned response, as botocore's AWSResponse reads it."""

    __slots__ = ("_payload",)

    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._payload

    def read(self, *_: Any) -> bytes:
        payload, self._payload = self._payload, b""
        return payload


def _send(request: Any, region: str, **_: Any) -> AWSResponse | None:
    if not active_engines:
        return None
    status, headers, payload = handle(
        active_engines[-1], request.headers.get("X-Amz-Target"), request.body, region
    )
    return AWSResponse(request.url, status, headers, _Body(payload))


def _choose_signer(**_: Any) -> Any:
    return UNSIGNED if active_engines else None


def attach(client: Any) -> None:
    """Make `client` answerable by fakedynamo (idempotent)."""
    events = client.meta.events
    region = client.meta.region_name or DEFAULT_REGION
    events.register("before-send.dynamodb", functools.partial(_send, region=region), unique_id="fakedynamo-send")
    events.register("choose-signer.dynamodb", _choose_signer, unique_id="fakedynamo-signer")


def _wrap_client_creator(create_client: Any) -> Any:
    @functools.wraps(create_client)
    def create_dynamodb_aware_client(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = create_client(self, service_name, *args, **kwargs)
        if client.meta.service_model.service_name == SERVICE:
            attach(client)
        return client

    create_dynamodb_aware_client.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_dynamodb_aware_client


def _wrap_session(create_client: Any) -> Any:
    @functools.wraps(create_client)
    def create_client_with_fake_defaults(self: Any, service_name: str, *args: Any, **kwargs: Any) -> Any:
        if active_engines and service_name == SERVICE and not args:
            if kwargs.get("aws_access_key_id") is None and kwargs.get("aws_secret_access_key") is None:
                kwargs["aws_access_key_id"] = FAKE_ACCESS_KEY
                kwargs["aws_secret_access_key"] = FAKE_SECRET_KEY
            if kwargs.get("region_name") is None and self.get_config_variable("region") is None:
                kwargs["region_name"] = DEFAULT_REGION
        return create_client(self, service_name, *args, **kwargs)

    create_client_with_fake_defaults.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_client_with_fake_defaults


def install() -> None:
    """Wrap botocore's client factories; safe to call more than once."""
    creator = botocore.client.ClientCreator
    if not getattr(creator.create_client, "__fakedynamo__", False):
        creator.create_client = _wrap_client_creator(creator.create_client)
    session = botocore.session.Session
    if not getattr(session.create_client, "__fakedynamo__", False):
        session.create_client = _wrap_session(session.create_client)
