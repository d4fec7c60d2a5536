"""The botocore adapter: a `before-send` hook that answers DynamoDB requests in-process.

Importing fakedynamo wraps botocore's client factory once, so that every
DynamoDB client created afterwards, in any region and with any endpoint_url,
carries two handlers:

- ``choose-signer``: while a mock is active the request is not signed, so no
  credentials are needed and none are looked up;
- ``before-send``: while a mock is active the request is answered by the
  innermost active engine, and botocore never reaches its HTTP layer.

While no mock is active both handlers return None and botocore goes on
exactly as it would without fakedynamo. As a last line of defence the
wrapped `Endpoint._send` (botocore's one way to the network) also answers a
DynamoDB request from the active engine, so that even a client created before
fakedynamo was imported cannot reach AWS while a mock is active.

The stack of active engines is module-global rather than thread-local: work
that a test hands to other threads (executors, async wrappers) must see the
same fake.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading
from typing import Any, Iterator

import botocore.client
import botocore.endpoint
import botocore.session
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse

from fakedynamo.engine import DEFAULT_REGION, Engine
from fakedynamo.wire.protocol import handle

# Services whose clients fakedynamo answers while a mock is active. A DynamoDB
# Streams client is answered too (by whatever the engine supports), so that it
# cannot reach AWS from inside a test either.
SERVICES = frozenset({"dynamodb", "dynamodbstreams"})
_ENDPOINT_PREFIXES = frozenset({"dynamodb", "streams.dynamodb"})

# The engines of the active mocks, innermost last. Read without a lock on
# every request (indexing a list is atomic); changed only under `_stack_lock`.
active_engines: list[Engine] = []
_stack_lock = threading.Lock()

# Credentials given to DynamoDB clients created while a mock is active when
# neither the call nor the session has any: botocore would otherwise search the
# environment, config files and the instance metadata service (a socket, and
# seconds of timeouts) for real ones.
FAKE_ACCESS_KEY = "FAKEDYNAMOACCESSKEY0"
FAKE_SECRET_KEY = "fakedynamo-secret-key"

_SEND_ID = "fakedynamo-send"
_SIGNER_ID = "fakedynamo-signer"


# -- the stack of active engines ------------------------------------------------


def push(engine: Engine) -> None:
    """Make `engine` the one that answers, until it is popped."""
    with _stack_lock:
        active_engines.append(engine)


def pop(engine: Engine) -> bool:
    """Remove the innermost activation of `engine`; False if it was not active.

    Other activations keep their order, so mocks may be stopped out of order.
    """
    with _stack_lock:
        for index in range(len(active_engines) - 1, -1, -1):
            if active_engines[index] is engine:
                del active_engines[index]
                return True
    return False


def current_engine() -> Engine | None:
    """The engine that answers requests now, or None when no mock is active."""
    try:
        return active_engines[-1]
    except IndexError:
        return None


# -- the handlers ---------------------------------------------------------------


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
    try:
        engine = active_engines[-1]
    except IndexError:
        return None
    status, headers, payload = handle(engine, request.headers.get("X-Amz-Target"), request.body, region)
    return AWSResponse(request.url, status, headers, _Body(payload))


def _choose_signer(**_: Any) -> Any:
    return UNSIGNED if active_engines else None


def attach(client: Any) -> Any:
    """Make `client` answerable by fakedynamo while a mock is active; return it.

    Clients created after fakedynamo was imported are attached already; this
    is for one made before (a botocore or an aiobotocore client). Attaching
    twice is harmless.
    """
    if inspect.iscoroutinefunction(getattr(client, "_make_api_call", None)):
        from fakedynamo.wire import aiobotocore  # only an aiobotocore client has an async _make_api_call

        return aiobotocore.attach(client)
    return _attach(client)


def _attach(client: Any) -> Any:
    meta = client.meta
    event = meta.service_model.service_id.hyphenize()
    region = meta.region_name or DEFAULT_REGION
    meta.events.register(f"before-send.{event}", functools.partial(_send, region=region), unique_id=_SEND_ID)
    # First, so that no operation-specific signer chosen by botocore's own
    # handler can win while a mock is active.
    meta.events.register_first(f"choose-signer.{event}", _choose_signer, unique_id=_SIGNER_ID)
    return client


def detach(client: Any) -> Any:
    """Remove fakedynamo's handlers from `client` (the benchmark's baselines use this)."""
    meta = client.meta
    event = meta.service_model.service_id.hyphenize()
    meta.events.unregister(f"before-send.{event}", unique_id=_SEND_ID)
    meta.events.unregister(f"choose-signer.{event}", unique_id=_SIGNER_ID)
    return client


# -- wrapping botocore ------------------------------------------------------------


def _wrap_client_creator(create_client: Any) -> Any:
    @functools.wraps(create_client)
    def create_dynamodb_aware_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = create_client(self, *args, **kwargs)
        if client.meta.service_model.service_name in SERVICES:
            _attach(client)
        return client

    create_dynamodb_aware_client.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_dynamodb_aware_client


def _wrap_session(create_client: Any) -> Any:
    # Session.create_client's parameters after self, to read positional calls
    # like PynamoDB's create_client("dynamodb", region).
    names = list(inspect.signature(create_client).parameters)[1:]

    @functools.wraps(create_client)
    def create_client_with_fake_defaults(self: Any, *args: Any, **kwargs: Any) -> Any:
        if active_engines:
            args, kwargs = with_fake_defaults(self, names, args, kwargs)
        return create_client(self, *args, **kwargs)

    create_client_with_fake_defaults.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_client_with_fake_defaults


def with_fake_defaults(
    session: Any, names: list[str], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of a create_client call (parameters `names`), with fake defaults for a DynamoDB client.

    A call botocore would reject (too many or repeated arguments) is returned
    unchanged, for botocore to report its TypeError.
    """
    if len(args) > len(names):
        return args, kwargs
    call = dict(zip(names, args))
    if call.keys() & kwargs.keys():
        return args, kwargs
    call.update(kwargs)
    if call.get("service_name") not in SERVICES:
        return args, kwargs
    _fill_fake_defaults(session, call)
    return (), call


def _fill_fake_defaults(session: Any, call: dict[str, Any]) -> None:
    """Give a client made inside a mock what it would need to reach AWS: credentials, a region."""
    if (
        call.get("aws_access_key_id") is None
        and call.get("aws_secret_access_key") is None
        and getattr(session, "_credentials", None) is None
    ):
        call["aws_access_key_id"] = FAKE_ACCESS_KEY
        call["aws_secret_access_key"] = FAKE_SECRET_KEY
    if call.get("region_name") is None:
        config = call.get("config")
        if getattr(config, "region_name", None) is None and session.get_config_variable("region") is None:
            call["region_name"] = DEFAULT_REGION


# SigV4's credential scope names the region: Credential=AKID/20261125/eu-west-1/dynamodb/aws4_request
_SCOPE_REGION = re.compile(rb"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/")
# Every host form: dynamodb.<region>, <account>.ddb.<region>, streams.dynamodb.<region>
# (older botocore) and <account>.streams-ddb.<region> (newer) under amazonaws.com.
_HOST_REGION = re.compile(r"^https?://(?:[^/]*[.-])?(?:dynamodb|ddb)\.([a-z0-9-]+)\.amazonaws\.com", re.I)


def _region_of_request(request: Any) -> str:
    authorization = request.headers.get("Authorization") or b""
    if isinstance(authorization, str):
        authorization = authorization.encode("latin-1")
    match = _SCOPE_REGION.search(authorization)
    if match:
        return match.group(1).decode("latin-1")
    match = _HOST_REGION.match(request.url or "")
    return match.group(1) if match else DEFAULT_REGION


def _wrap_endpoint_send(send: Any) -> Any:
    @functools.wraps(send)
    def send_unless_mocked(self: Any, request: Any) -> Any:
        if active_engines and self._endpoint_prefix in _ENDPOINT_PREFIXES:
            # A DynamoDB request no before-send hook answered: a client created
            # before fakedynamo was imported. It must not reach AWS either.
            response = _send(request, _region_of_request(request))
            if response is not None:
                return response
        return send(self, request)

    send_unless_mocked.__fakedynamo__ = True  # type: ignore[attr-defined]
    return send_unless_mocked


def install() -> None:
    """Wrap botocore's client factories and its network send; safe to call more than once."""
    creator = botocore.client.ClientCreator
    if not getattr(creator.create_client, "__fakedynamo__", False):
        creator.create_client = _wrap_client_creator(creator.create_client)
    session = botocore.session.Session
    if not getattr(session.create_client, "__fakedynamo__", False):
        session.create_client = _wrap_session(session.create_client)
    endpoint = botocore.endpoint.Endpoint
    if not getattr(endpoint._send, "__fakedynamo__", False):
        endpoint._send = _wrap_endpoint_send(endpoint._send)
