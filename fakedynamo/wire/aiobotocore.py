"""The aiobotocore adapter: aiobotocore and aioboto3 clients answered in-process.

aiobotocore (and aioboto3, built on it) reuses botocore's models, serializers
and event system, but overrides with coroutines each of the three places the
botocore hook wraps, so those wraps never see its clients. This module wraps
aiobotocore's own, to the same effect and with the same engines
(`fakedynamo.wire.botocore.active_engines`), so a boto3 client and an aioboto3
client inside one mock share one fake:

- ``AioSession._create_client`` (the coroutine behind ``create_client``): a
  DynamoDB client made inside a mock gets the fake credentials and region a
  botocore one gets, so aiobotocore's (async) credential chain never runs;
- ``AioClientCreator.create_client``: every DynamoDB / DynamoDB Streams client
  gets the ``choose-signer`` handler (no signing inside a mock) and a
  ``before-send`` handler that answers from the innermost active engine with an
  `AioAWSResponse`, whose awaitable ``.content`` aiobotocore's parser reads;
- ``AioEndpoint._send`` (aiobotocore's one way to the network): the safety net,
  answering a DynamoDB request that no handler answered (a client created
  before fakedynamo was imported), as the wrapped botocore ``Endpoint._send`` does.

Outside a mock every wrap steps aside and aiobotocore goes on as it would.

Installed lazily. fakedynamo depends on botocore only, and importing
aiobotocore costs (it imports aiohttp), so fakedynamo never imports it. When
fakedynamo is imported `install()` patches at once if ``aiobotocore.session``
is already imported; otherwise it puts a finder first on ``sys.meta_path``
that waits for ``aiobotocore.session`` (every aiobotocore client comes from
its AioSession, and it imports the client, endpoint and response modules),
patches as soon as that module has run, and removes itself. The finder costs
one string comparison per import of a module not yet imported, and it works
whenever aiobotocore is imported: before a mock, or inside one.

Fails closed. If aiobotocore's internals no longer have what this module
wraps, it does not half-install: it wraps ``AioBaseClient._make_api_call`` to
raise `AiobotocoreNotSupported` for any DynamoDB call made while a mock is
active, so the request cannot reach AWS, and warns once.
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
import warnings
from typing import Any

from fakedynamo.engine import DEFAULT_REGION
from fakedynamo.wire import botocore as hook
from fakedynamo.wire.protocol import handle

_TRIGGER = "aiobotocore.session"

# Set once patching was tried; `why_not` says why it failed (then DynamoDB calls are refused in a mock).
installed = False
why_not: str | None = None
_install_lock = threading.RLock()

# Bound when the patches go in: aiobotocore's response class.
_AioAWSResponse: Any = None


class AiobotocoreNotSupported(RuntimeError):
    """This aiobotocore cannot be answered by fakedynamo; refusing to let the request reach AWS."""


# -- the handlers ---------------------------------------------------------------


class _Body:
    """The raw body of a canned response, as AioAWSResponse reads it (once, awaited)."""

    __slots__ = ("_payload",)

    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    async def read(self, *_: Any) -> bytes:
        payload, self._payload = self._payload, b""
        return payload


def _send(request: Any, region: str, **_: Any) -> Any:
    # A plain function: aiobotocore's emitter awaits only what is awaitable.
    try:
        engine = hook.active_engines[-1]
    except IndexError:
        return None
    status, headers, payload = handle(engine, request.headers.get("X-Amz-Target"), request.body, region)
    return _AioAWSResponse(request.url, status, headers, _Body(payload))


def attach(client: Any) -> Any:
    """Make the aiobotocore `client` answerable while a mock is active; return it (see `fakedynamo.attach`)."""
    if not installed:
        install_now()
    if why_not is not None:
        raise AiobotocoreNotSupported(why_not)
    meta = client.meta
    event = meta.service_model.service_id.hyphenize()
    region = meta.region_name or DEFAULT_REGION
    # The botocore hook's unique ids, so that `fakedynamo.wire.botocore.detach` works here too.
    meta.events.register(f"before-send.{event}", functools.partial(_send, region=region), unique_id=hook._SEND_ID)
    meta.events.register_first(f"choose-signer.{event}", hook._choose_signer, unique_id=hook._SIGNER_ID)
    return client


# -- the wraps ------------------------------------------------------------------


def _wrap_session(create_client: Any) -> Any:
    names = list(inspect.signature(create_client).parameters)[1:]

    @functools.wraps(create_client)
    async def create_client_with_fake_defaults(self: Any, *args: Any, **kwargs: Any) -> Any:
        if hook.active_engines:
            args, kwargs = hook.with_fake_defaults(self, names, args, kwargs)
        return await create_client(self, *args, **kwargs)

    create_client_with_fake_defaults.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_client_with_fake_defaults


def _wrap_client_creator(create_client: Any) -> Any:
    @functools.wraps(create_client)
    async def create_dynamodb_aware_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = await create_client(self, *args, **kwargs)
        if client.meta.service_model.service_name in hook.SERVICES:
            attach(client)
        return client

    create_dynamodb_aware_client.__fakedynamo__ = True  # type: ignore[attr-defined]
    return create_dynamodb_aware_client


def _wrap_endpoint_send(send: Any) -> Any:
    @functools.wraps(send)
    async def send_unless_mocked(self: Any, request: Any) -> Any:
        if hook.active_engines and self._endpoint_prefix in hook._ENDPOINT_PREFIXES:
            # A DynamoDB request no before-send handler answered: it must not reach AWS.
            response = _send(request, hook._region_of_request(request))
            if response is not None:
                return response
        return await send(self, request)

    send_unless_mocked.__fakedynamo__ = True  # type: ignore[attr-defined]
    return send_unless_mocked


def _wrap_refusing(make_api_call: Any) -> Any:
    @functools.wraps(make_api_call)
    async def refuse_dynamodb_while_mocked(self: Any, *args: Any, **kwargs: Any) -> Any:
        if hook.active_engines and self.meta.service_model.service_name in hook.SERVICES:
            raise AiobotocoreNotSupported(why_not)
        return await make_api_call(self, *args, **kwargs)

    refuse_dynamodb_while_mocked.__fakedynamo__ = True  # type: ignore[attr-defined]
    return refuse_dynamodb_while_mocked


# -- installing -----------------------------------------------------------------

# (module, class, coroutine method, its wrap): what this adapter needs of aiobotocore.
_TARGETS = (
    ("aiobotocore.session", "AioSession", "_create_client", _wrap_session),
    ("aiobotocore.client", "AioClientCreator", "create_client", _wrap_client_creator),
    ("aiobotocore.endpoint", "AioEndpoint", "_send", _wrap_endpoint_send),
)


def _lookup(module_name: str, name: str) -> Any:
    try:
        module = __import__(module_name, fromlist=[name])
    except Exception:  # noqa: BLE001 - whatever broke, the answer is "not there"
        return None
    return getattr(module, name, None)


def install_now() -> None:
    """Patch aiobotocore, importing it; safe to call more than once. Never raises: it fails closed."""
    global installed, why_not
    with _install_lock:
        if installed:
            return
        installed = True
        try:
            why_not = _patch()
        except Exception as error:  # noqa: BLE001 - never break the user's import; fail closed instead
            why_not = f"fakedynamo could not patch aiobotocore: {error!r}. DynamoDB calls are refused while a mock is active."
        if why_not is not None:
            _fail_closed()


def _patch() -> str | None:
    """Wrap aiobotocore's three coroutines, or say what it lacks (then nothing is wrapped)."""
    global _AioAWSResponse
    response = _lookup("aiobotocore.awsrequest", "AioAWSResponse")
    targets = [(_lookup(module, owner), f"{module}.{owner}.{method}", method, wrap) for module, owner, method, wrap in _TARGETS]
    missing = [label for cls, label, method, _ in targets if not inspect.iscoroutinefunction(getattr(cls, method, None))]
    if response is None:
        missing.append("aiobotocore.awsrequest.AioAWSResponse")
    if missing:
        return (
            f"fakedynamo cannot answer this aiobotocore ({_lookup('aiobotocore', '__version__')}): "
            f"it has no {', '.join(missing)}. DynamoDB calls are refused while a mock is active."
        )
    _AioAWSResponse = response
    for cls, _, method, wrap in targets:
        if not getattr(getattr(cls, method), "__fakedynamo__", False):
            setattr(cls, method, wrap(getattr(cls, method)))
    return None


def _fail_closed() -> None:
    global why_not
    base = _lookup("aiobotocore.client", "AioBaseClient")
    if inspect.iscoroutinefunction(getattr(base, "_make_api_call", None)):
        base._make_api_call = _wrap_refusing(base._make_api_call)
    else:
        assert why_not is not None
        why_not += " Nor can they be refused: aiobotocore has no AioBaseClient._make_api_call."
    warnings.warn(why_not, RuntimeWarning, stacklevel=2)


class _InstallWhenImported:
    """A `sys.meta_path` finder that patches aiobotocore as soon as `aiobotocore.session` has run."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != _TRIGGER:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _InstallAfter(spec.loader)
        return spec


class _InstallAfter:
    """The real loader of `aiobotocore.session`, then `install_now()`."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)

    def create_module(self, spec: Any) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        module.__spec__.loader = module.__loader__ = self._loader  # no trace of us on the module
        _remove_finder()
        install_now()


def _remove_finder() -> None:
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _InstallWhenImported)]


def install() -> None:
    """Patch aiobotocore now if it is imported, else as soon as it is; never imports it."""
    if _TRIGGER in sys.modules:
        install_now()
    elif not installed and not any(isinstance(finder, _InstallWhenImported) for finder in sys.meta_path):
        sys.meta_path.insert(0, _InstallWhenImported())
